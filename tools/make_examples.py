"""Regenerate examples/good-project and examples/flawed-project (real media, small files).

    python tools/make_examples.py

The good project is what `wuxiao init` scaffolds, filled in: it must pass with zero errors.
The flawed project collects the mistakes that get submissions bounced. Quiz banks
(quizbank.xlsx) are written separately and left as they are.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from example_content import FLAWED_FORM, GOOD_FORM  # noqa: E402

from tests import factories as f  # noqa: E402
from wuxiao_cli.profile import load_profile  # noqa: E402
from wuxiao_cli.scaffold import readme_text, write_form_docx  # noqa: E402

EXAMPLES = ROOT / "examples"
GOOD_VIDEO_SECONDS = 6.0


def fill_form_docx(path: Path, values: dict[str, str], profile) -> None:
    """Fill the value cells of a form written by `wuxiao init`, one paragraph per line."""
    import docx

    document = docx.Document(str(path))
    for row in document.tables[0].rows:
        label_cell, value_cell = row.cells
        key = profile.form_schema.resolve(label_cell.text)
        text = values.get(key, "")
        lines = text.split("\n")
        value_cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            value_cell.add_paragraph(line)
    document.save(str(path))


def reset(folder: Path) -> None:
    """Empty an example folder but keep its quiz bank, which is maintained separately."""
    keep = {"quizbank.xlsx"}
    folder.mkdir(parents=True, exist_ok=True)
    for child in folder.iterdir():
        if child.name in keep:
            continue
        shutil.rmtree(child) if child.is_dir() else child.unlink()


def make_good(profile) -> None:
    root = EXAMPLES / "good-project"
    reset(root)
    write_form_docx(root / "form.docx", profile)
    fill_form_docx(root / "form.docx", GOOD_FORM, profile)
    (root / "README.txt").write_text(readme_text(profile), encoding="utf-8-sig")
    for i, name in enumerate(("跟刀架-正视图", "跟刀架-侧视图", "跟刀架-车削细长轴现场")):
        f.make_jpeg(root / "photos" / f"{name}.jpg", width=1800, height=1200, dpi=300,
                    target_bytes=1_100_000 + 20_000 * i, seed=11 + i)
    f.make_mp4(root / "videos" / "跟刀架-现场演示.mp4", seconds=GOOD_VIDEO_SECONDS, bitrate=2_300_000)
    f.make_mp3(root / "audio" / "跟刀架-成果讲解.mp3", seconds=12.0, bitrate=64_000)
    f.make_red_seal_jpeg(root / "authorization" / "授权书及真实性承诺书-盖章扫描.jpg")


def make_flawed(profile) -> None:
    root = EXAMPLES / "flawed-project"
    reset(root)
    wechat = f.make_jpeg(root / "photos" / "IMG_1234.jpg", width=1080, height=720, dpi=72, seed=3)
    f.make_docx_form(root / "form.docx", {profile.form_schema.fields[k].label: v for k, v in FLAWED_FORM.items()},
                     image=wechat)
    f.make_png(root / "photos" / "微信图片_20240501101010.jpg", width=640, height=480)
    (root / "photos" / "照片说明.txt").write_text("正面、侧面照片见本文件夹。\n", encoding="utf-8")
    f.make_mp4(root / "videos" / "VID_20240501_101010.mp4", width=1920, height=1080, seconds=312.0,
               rotation=90, audio=False, codec="hevc" if f.HEVC_AVAILABLE else "mpeg4")
    f.make_mp4(root / "videos" / "跟刀架-演示.mp4", seconds=2.0, container="mov", width=1280, height=720)
    f.make_wav(root / "audio" / "新录音 3.mp3", seconds=1.0)
    f.make_plain_scan_jpeg(root / "authorization" / "授权书-未盖章.jpg")
    f.make_docx_form(root / "authorization" / "承诺书.docx", {"承诺人": "周建国"})


def main() -> None:
    profile = load_profile("national-2024")
    make_good(profile)
    make_flawed(profile)
    for folder in ("good-project", "flawed-project"):
        total = sum(p.stat().st_size for p in (EXAMPLES / folder).rglob("*") if p.is_file())
        print(f"examples/{folder}: {total / 2**20:.2f} MB")


if __name__ == "__main__":
    main()
