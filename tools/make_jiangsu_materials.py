"""Write the stamped scans of examples/jiangsu-batch (small real PDFs and JPEGs made with Pillow).

    python tools/make_jiangsu_materials.py

Each project's attachments/1-提名书.pdf becomes a scanned page with a red seal (S021), and the batch
folder gets the nominator's own uploads (J010/J011): nominator/1-提名函.pdf (stamped),
2-公示及无异议证明.pdf, 3-现场照片/公示现场.jpg. Pages are a quarter of A4 at 150 dpi to stay small.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from tests import factories as f  # noqa: E402

BATCH = ROOT / "examples" / "jiangsu-batch"
QUARTER = (310, 438)


def save_pdf(page: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    page.convert("RGB").save(path, "PDF", resolution=37.5, quality=70)


def main() -> None:
    sealed = f._sealed_page().resize(QUARTER, Image.Resampling.LANCZOS)
    plain = f._scan_page(seed=3).resize(QUARTER, Image.Resampling.LANCZOS)
    for project in sorted(p for p in BATCH.iterdir() if (p / "form.toml").is_file()):
        save_pdf(sealed, project / "attachments" / "1-提名书.pdf")
    uploads = BATCH / "nominator"
    save_pdf(sealed, uploads / "1-提名函.pdf")
    save_pdf(plain, uploads / "2-公示及无异议证明.pdf")
    (uploads / "3-现场照片").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (160, 120), (120, 150, 110)).save(uploads / "3-现场照片" / "公示现场.jpg", "JPEG", quality=70)


if __name__ == "__main__":
    main()
