"""Generate a batch: `python bench/make_batch.py N OUT [--realistic]`.

Light (the default): each project has 3 JPEG photos of ~1.7 MB (1600×1200, 300 dpi), a 1 s 1080p
H.264/AAC MP4, a 1 s MP3, a 20-question quiz bank written by openpyxl, a PNG authorization with a
seal, and a form (form.docx for two thirds, form.toml for the rest).

Realistic (``--realistic``): the files clerks actually send, made by other tools. Progressive JPEGs
re-encoded by ImageMagick, a 10 s 1080p MP4 from ffmpeg, a 30 s MP3 from lame, a 30-question bank
with styles and rich text saved again by LibreOffice Calc, and a PDF authorization scan (an A4 page
at 150 dpi with a red seal, wrapped in a PDF by Pillow). A tool that is missing falls back to
the light file, with a note.

Media are encoded once and made unique per project with a tag (JPEG COM segment, MP4 free box,
ID3v1 comment), so writing 330 projects is I/O, not encoding.

About a quarter fail on purpose: a WeChat-compressed photo (< 1 MB), a 72 dpi photo, a missing audio
file, a too-long 成果简介; a few projects share a name (B001) or a photo (B003).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(REPO / "tests"))
from tests.batch_helpers import (  # noqa: E402  (the repository root must be on sys.path first)
    form_fields,
    jpeg_bytes,
    make_project,
    mp4_bytes,
    tagged_jpeg,
    tagged_mp3,
    tagged_mp4,
)
from tests.quiz_helpers import soffice_resave, valid_rows, write_styled_bank  # noqa: E402

IMAGEMAGICK = "/usr/bin/convert" if Path("/usr/bin/convert").exists() else shutil.which("magick")


def union_plan(profile) -> list[str]:
    """附件2 in full: each union as many times as its minimum (330 in all), a full-width name here and there."""
    out = []
    for u in profile.load_ref("unions")["unions"]:
        out += [u["name"]] * int(u["minimum"])
    return [n.replace("(", "（").replace(")", "）") if i % 2 else n for i, n in enumerate(out)]


TOPICS = ["数控车床快速对刀", "高压开关柜带电闭锁", "病房输液架移动挂钩", "实验室废液分类回收", "图书自动分拣推车",
          "体育器材快速收纳", "电缆剥皮辅助", "病房呼叫定位", "舞台灯光快速吊挂", "档案库房防潮监测", "教学楼节水阀",
          "标本低温转运", "手术器械清点", "大型仪器预约看板", "食堂餐盘回收", "校车安全检测", "变电站巡检记录",
          "口腔器械消毒", "显微镜载玻片标记", "博物馆展柜恒湿"]
KINDS = ["装置", "工具", "系统", "方法", "夹具", "平台", "小车", "支架", "模具", "仪表", "组件", "机构", "套件",
         "装备", "辅具", "终端", "软件"]


def name_of(i: int) -> str:
    return f"{TOPICS[i % len(TOPICS)]}{KINDS[(i // len(TOPICS)) % len(KINDS)]}的研制与应用"


def write_docx(path: Path, fields: dict, profile) -> None:
    """A 2-column form.docx (label | value), as `wuxiao init` lays it out."""
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=0, cols=2)
    for key, value in fields.items():
        label = profile.form_schema.fields[key].label
        row = table.add_row().cells
        row[0].text = label
        row[1].text = "、".join(value) if isinstance(value, list) else str(value)
    doc.save(path)


def _run(cmd: list[str]) -> bool:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=600).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def realistic_media(work: Path) -> dict:
    """The realistic files, each made once by the tool that makes it in real life (None: tool missing)."""
    media: dict = {}
    if IMAGEMAGICK:
        def progressive(data: bytes, name: str) -> bytes | None:
            src, dst = work / f"{name}-src.jpg", work / f"{name}.jpg"
            src.write_bytes(data)
            ok = _run([IMAGEMAGICK, str(src), "-interlace", "Plane", "-quality", "92", "-units", "PixelsPerInch",
                       "-density", "300", str(dst)])
            return dst.read_bytes() if ok else None

        media["photos"] = [progressive(jpeg_bytes(1600, 1200, 300, True, s), f"p{s}") for s in range(3)]
        page = work / "scan.jpg"  # a scanner's page: grey noise, printed text, a red seal
        if _run([IMAGEMAGICK, "-size", "1240x1754", "xc:white", "-fill", "black", "-pointsize", "36",
                 "-draw", "text 180,300 'AUTHORIZATION'", "-attenuate", "0.3", "+noise", "Gaussian",
                 "-fill", "none", "-stroke", "rgb(220,20,30)", "-strokewidth", "10",
                 "-draw", "circle 900,1400 900,1250", "-quality", "85", str(page)]):
            from PIL import Image  # ImageMagick's default policy refuses to write PDF: Pillow wraps the JPEG

            pdf = work / "scan.pdf"
            with Image.open(page) as img:
                img.save(pdf, "PDF", resolution=150)
            media["scan"] = pdf.read_bytes()
    video = work / "video.mp4"
    if shutil.which("ffmpeg") and _run(["ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                                        "testsrc2=size=1920x1080:rate=25", "-f", "lavfi", "-i",
                                        "sine=frequency=440:sample_rate=44100", "-t", "10", "-c:v", "libx264",
                                        "-preset", "veryfast", "-b:v", "4M", "-pix_fmt", "yuv420p", "-c:a", "aac",
                                        "-shortest", str(video)]):
        media["video"] = video.read_bytes()
    wav, mp3 = work / "talk.wav", work / "talk.mp3"
    if shutil.which("ffmpeg") and shutil.which("lame") and _run(
            ["ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=44100",
             "-t", "30", str(wav)]) and _run(["lame", "--quiet", "-b", "128", str(wav), str(mp3)]):
        media["audio"] = mp3.read_bytes()
    styled = write_styled_bank(work / "styled" / "quizbank.xlsx", valid_rows(30))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    try:
        media["bank"] = soffice_resave(styled, work / "lo", soffice).read_bytes() if soffice else None
    except (RuntimeError, OSError, subprocess.TimeoutExpired):
        media["bank"] = None
    media["styled_bank"] = styled.read_bytes()
    missing = [k for k in ("photos", "scan", "video", "audio", "bank")
               if not media.get(k) or (k == "photos" and None in media[k])]
    if missing:
        print(f"note: {', '.join(missing)} fall back to the light files (ImageMagick/ffmpeg/lame/LibreOffice missing)")
    return media


def _realistic(root: Path, media: dict, i: int) -> None:
    """Swap a light project's files for the realistic ones (the planted flawed photos stay)."""
    tag = f"{root.name}/" + "·" * (i % 97)
    if media.get("video"):
        (root / "videos" / "成果演示.mp4").write_bytes(tagged_mp4(media["video"], tag))
    if media.get("audio") and (root / "audio" / "成果讲解.mp3").exists():
        (root / "audio" / "成果讲解.mp3").write_bytes(tagged_mp3(media["audio"], tag))
    (root / "quizbank.xlsx").write_bytes(media.get("bank") or media["styled_bank"])
    if media.get("scan"):
        (root / "authorization" / "授权书.png").unlink()
        (root / "authorization" / "授权书.pdf").write_bytes(media["scan"])
    photos = media.get("photos") or []
    for k, data in enumerate(photos):
        path = root / "photos" / f"装置全貌{k + 1}.jpg"
        if data and path.stat().st_size > 1_000_000:  # keep the planted flaws (WeChat copy, 72 dpi)
            path.write_bytes(tagged_jpeg(data, f"{tag}/{k}"))


def make_batch(n: int, out: Path, realistic: bool = False) -> None:
    from wuxiao_cli.profile import load_profile

    profile = load_profile(None)
    unions = union_plan(profile)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    good = [jpeg_bytes(1600, 1200, 300, True, s) for s in range(3)]
    small = jpeg_bytes(800, 600, 300, True, 9)  # ~0.4 MB: a WeChat copy
    low_dpi = jpeg_bytes(1600, 1200, 72, True, 8)
    video = mp4_bytes(1920, 1080, 1.0, 4_000_000)
    media = None
    if realistic:
        with tempfile.TemporaryDirectory() as work:
            media = realistic_media(Path(work))
    for i in range(n):
        name = name_of(i - 1) if i % 97 == 5 else name_of(i)  # a few same-name pairs (B001)
        photos = list(good)
        flaw = i % 8
        if flaw == 1:
            photos[2] = small
        elif flaw == 3:
            photos[1] = low_dpi
        root = out / f"{i + 1:03d}-{name[:8]}"
        fields = form_fields(name, unions[i % len(unions)], f"某某单位第{i + 1}车间")
        if flaw == 5:
            fields["summary"] = fields["summary"] * 8  # over 500 字
        # a tag of varying length: real photos and videos almost never share a size
        make_project(root, name, fields=fields, photos=photos, video=video, tag=f"{root.name}/" + "·" * (i % 97))
        if flaw == 7 and i % 16 == 7:
            (root / "audio" / "成果讲解.mp3").unlink()
        if i % 3:  # two thirds with a Word form
            (root / "form.toml").unlink()
            write_docx(root / "form.docx", fields, profile)
        if media is not None:
            _realistic(root, media, i)
        if i % 50 == 10 and i > 0:  # B003: the previous project's first photo, byte for byte
            prev = next(p for p in sorted(out.iterdir()) if p.name.startswith(f"{i:03d}-"))
            shutil.copyfile(prev / "photos" / "装置全貌1.jpg", root / "photos" / "装置全貌1.jpg")


def main(argv: list[str]) -> int:
    realistic = "--realistic" in argv
    argv = [a for a in argv if a != "--realistic"]
    if len(argv) != 2 or not argv[0].isdigit():
        print("用法：python bench/make_batch.py N OUT [--realistic]", file=sys.stderr)
        return 2
    make_batch(int(argv[0]), Path(argv[1]), realistic)
    total = sum(p.stat().st_size for p in Path(argv[1]).rglob("*") if p.is_file())
    print(f"{argv[0]} 个项目，共 {total / 1e9:.2f} GB：{argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
