"""A heuristic for a red official seal (公章) on a scan: a red, roughly round blob of reasonable size."""

from __future__ import annotations

from PIL import Image

WORK_SIZE = 300  # longest side the picture is reduced to before looking


def _is_red(r: int, g: int, b: int) -> bool:
    return r > 140 and r - g > 70 and r - b > 60


def has_red_seal(image: Image.Image) -> bool:
    """True when the picture holds a red mark whose bounding box is near-square and at least ~4% of the page side."""
    small = image.convert("RGB")
    small.thumbnail((WORK_SIZE, WORK_SIZE))
    w, h = small.size
    px = small.load()
    red = {(x, y) for y in range(h) for x in range(w) if _is_red(*px[x, y])}
    if len(red) < 20:
        return False
    min_side = max(6, int(0.04 * max(w, h)))
    while red:
        seed = red.pop()
        stack, xs, ys, count = [seed], [], [], 0
        while stack:
            x, y = stack.pop()
            xs.append(x)
            ys.append(y)
            count += 1
            # 8-neighbourhood with a one-pixel gap allowed: seal rings are often broken by scanning
            for dx in (-2, -1, 0, 1, 2):
                for dy in (-2, -1, 0, 1, 2):
                    n = (x + dx, y + dy)
                    if n in red:
                        red.remove(n)
                        stack.append(n)
        bw, bh = max(xs) - min(xs) + 1, max(ys) - min(ys) + 1
        if min(bw, bh) >= min_side and 0.7 <= bw / bh <= 1.43 and count >= 0.08 * bw * bh:
            return True
    return False
