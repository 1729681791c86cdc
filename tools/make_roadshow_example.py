"""Regenerate examples/roadshow-project/: the form, intro.docx, a 3 s 1080p H.264/AAC video, a quiz bank and
the stamped 附件4 report table scan.

Run from the repository root: ``python tools/make_roadshow_example.py``. Needs PyAV (test extra).
The outputs are committed; this script only documents how they were made.
"""

from __future__ import annotations

import fractions
import math
import random
import struct
import sys
from pathlib import Path

import av
import docx
from openpyxl import Workbook
from PIL import Image, ImageChops

OUT = Path(__file__).resolve().parent.parent / "examples" / "roadshow-project"

FORM = [
    ("上报单位", "江苏省教育科技工会"),
    ("联系人", "王芳"),
    ("联系电话", "025-83456789"),
    ("课程名称", "数控车床刀具快速对刀装置的制作与使用"),
    ("提交单位", "江苏省某某职业技术学院"),
    ("完成人", "李强、赵敏"),
    ("完成人联系电话", "13812345678"),
    ("工匠荣誉获得者", ""),
    ("是否为一线职工生产项目", "是"),
]
MENTOR = ("李强，江苏省某某职业技术学院实训中心高级技师，从事数控加工教学与生产二十年，"
          "主持完成“五小”成果 6 项，获省级职工技术创新成果二等奖。")
VIDEO = ("本视频介绍一种数控车床刀具快速对刀装置：用磁性表座和百分表组合，把对刀时间由约 15 分钟缩短到 3 分钟，"
         "对刀误差不大于 0.01 mm。视频依次展示装置结构、安装步骤和现场加工效果。")
HEADER = ["题型", "题目内容", "答案A", "答案B", "答案C", "答案D", "答案E", "答案F", "正确答案", "解析", "试题难度", "来源"]


def write_form(path: Path) -> None:
    document = docx.Document()
    document.add_heading("“五小”成果路演项目报送表", level=1)
    table = document.add_table(rows=0, cols=2)
    for label, value in FORM:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.save(str(path))


def write_intro(path: Path) -> None:
    document = docx.Document()
    document.add_heading("导师简介和视频简介", level=1)
    document.add_heading("导师简介（200 字以内）", level=2)
    document.add_paragraph(MENTOR)
    document.add_heading("视频简介（300 字以内）", level=2)
    document.add_paragraph(VIDEO)
    document.save(str(path))


def write_quiz(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i in range(1, 21):
        source = f"视频 00:00-00:0{1 + i % 2}" if i % 2 else "视频简介"
        if i % 3 == 0:
            ws.append(["判断", f"第{i}题：对刀装置使用前应清洁磁性表座底面", None, None, None, None, None, None,
                       "对", "吸附面有铁屑会产生误差", "初级", source])
        else:
            ws.append(["单选", f"第{i}题：该装置把对刀时间缩短到约多少分钟", "1", "3", "10", "15", None, None,
                       "B", "视频中由 15 分钟缩短到 3 分钟", "中级", source])
    wb.save(str(path))


def write_video(path: Path, seconds: int = 3) -> None:
    """Moving coarse noise keeps x264 busy enough to reach the 2 Mbit/s floor of V009; a 440 Hz tone for V008."""
    rng = random.Random(7)
    tile = Image.frombytes("RGB", (480, 270), bytes(rng.randrange(256) for _ in range(480 * 270 * 3)))
    base = tile.resize((1920, 1080), Image.NEAREST)
    with av.open(str(path), "w", format="mp4") as out:
        v = out.add_stream("libx264", rate=25)
        v.width, v.height, v.pix_fmt = 1920, 1080, "yuv420p"
        v.bit_rate = 3_000_000
        v.options = {"preset": "veryfast"}
        a = out.add_stream("aac", rate=44100)
        a.layout = "mono"
        for i in range(seconds * 25):
            frame = av.VideoFrame.from_image(ImageChops.offset(base, i * 8, 0))
            for packet in v.encode(frame):
                out.mux(packet)
        for packet in v.encode():
            out.mux(packet)
        n = 1024
        for start in range(0, seconds * 44100, n):
            samples = [int(6000 * math.sin(2 * math.pi * 440 * (start + k) / 44100)) for k in range(n)]
            frame = av.AudioFrame(format="s16", layout="mono", samples=n)
            frame.planes[0].update(struct.pack(f"<{n}h", *samples))
            frame.sample_rate = 44100
            frame.pts = start
            frame.time_base = fractions.Fraction(1, 44100)
            for packet in a.encode(frame):
                out.mux(packet)
        for packet in a.encode():
            out.mux(packet)


def write_report_table(path: Path) -> None:
    """附件4 上报单位盖章: a quarter-size scanned page with a red seal (tests/factories.py draws it)."""
    sys.path.insert(0, str(OUT.parents[1]))
    from tests import factories

    path.parent.mkdir(parents=True, exist_ok=True)
    page = factories._sealed_page().resize((310, 438), Image.Resampling.LANCZOS)
    page.save(path, "JPEG", quality=70)


def main() -> int:
    (OUT / "videos").mkdir(parents=True, exist_ok=True)
    write_report_table(OUT / "report-table" / "上报单位盖章报送表.jpg")
    write_form(OUT / "form.docx")
    write_intro(OUT / "intro.docx")
    write_quiz(OUT / "quizbank.xlsx")
    write_video(OUT / "videos" / "数控车床快速对刀装置-微课堂.mp4")
    return 0


if __name__ == "__main__":
    sys.exit(main())
