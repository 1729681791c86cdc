"""Time the D003 seal search on PDFs: embedded-image scans and vector seals (page 1 rendered by pdfium).

    python bench/seal_pdf.py             # prints one line per case: milliseconds per PDF, median of 20
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.factories import make_pdf_vector_seal, make_pdf_with_image, make_red_seal_png  # noqa: E402
from wuxiao_cli.media.pdf import read_pdf  # noqa: E402
from wuxiao_cli.media.seal import has_red_seal  # noqa: E402


def seal_search_ms(path: Path, runs: int = 20) -> tuple[float, bool]:
    times, found = [], False
    for _ in range(runs):
        t = time.perf_counter()
        facts = read_pdf(path, want_images=True)
        found = any(has_red_seal(pic) for pic in facts.images)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), found


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cases = {
            "vector seal (content stream)": make_pdf_vector_seal(tmp / "vector.pdf"),
            "vector ring, black": make_pdf_vector_seal(tmp / "black.pdf", color="0 0 0"),
            "scan with seal (embedded JPEG)": make_pdf_with_image(tmp / "scan.pdf", make_red_seal_png(tmp / "s.png")),
        }
        read_pdf(cases["vector seal (content stream)"], want_images=True)  # warm-up: imports
        for name, path in cases.items():
            ms, found = seal_search_ms(path)
            print(f"{name:34s} {ms:7.1f} ms  seal found: {found}")


if __name__ == "__main__":
    main()
