"""A heuristic for a red official seal (公章) on a scan: a red, roughly round blob of reasonable size."""

from __future__ import annotations

from itertools import compress

from PIL import Image, ImageChops

WORK_SIZE = 200  # longest side the picture is reduced to before looking (a seal is still ~30 px)


def red_mask(image: Image.Image) -> Image.Image:
    """255 where a pixel is seal red (R > 140, R−G > 70, R−B > 60), else 0 — done with Pillow band ops."""
    r, g, b = image.convert("RGB").split()
    bright = r.point(lambda v: 255 if v > 140 else 0)
    over_g = ImageChops.subtract(r, g).point(lambda v: 255 if v > 70 else 0)
    over_b = ImageChops.subtract(r, b).point(lambda v: 255 if v > 60 else 0)
    return ImageChops.multiply(ImageChops.multiply(bright, over_g), over_b)


def has_red_seal(image: Image.Image) -> bool:
    """True when the picture holds a red mark whose bounding box is near-square and at least ~4% of the page side."""
    return find_red_seal(image) is not None


def find_red_seal(image: Image.Image) -> tuple[float, float, float, float] | None:
    """The first seal-like red mark as (left, top, right, bottom) fractions of the picture, or None."""
    small = image.copy()
    small.thumbnail((WORK_SIZE, WORK_SIZE))
    mask = red_mask(small)
    if (box := mask.getbbox()) is None:  # no red at all: the common plain scan
        return None
    w, h = mask.size
    left, top, right, _bottom = box
    wide, data = right - left, mask.crop(box).tobytes()  # only the box around the red pixels …
    red = {(left + i % wide, top + i // wide) for i in compress(range(len(data)), data)}  # … picked out in C
    if len(red) < 20:
        return None
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
            return (min(xs) / w, min(ys) / h, (max(xs) + 1) / w, (max(ys) + 1) / h)
    return None
