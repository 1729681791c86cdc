"""Build whole project folders fast, for the batch tests, bench/make_batch.py and examples/batch.

Media are made once by real libraries (Pillow JPEG, PyAV H.264/AAC MP4 and MP3, openpyxl xlsx) and
their bytes shared: a project copies them, so a 30-project batch takes well under a second to write.
A unique ``tag`` appended where a format allows trailing bytes (a JPEG COM segment, an MP4 free box)
makes each project's files distinct when duplicates (B003) are not wanted.
"""

from __future__ import annotations

import io
import struct
from fractions import Fraction
from functools import cache
from pathlib import Path

UNIONS = ["江苏省教育科技工会", "浙江省教育工会", "上海市医务工会", "北京市教育工会", "中国检验认证(集团)有限公司工会"]

SUMMARY = ("1. 适用领域：数控车削加工。2. 解决的问题：对刀时间长、精度不稳定。"
           "3. 创新点：采用可换式定位块与磁吸底座。4. 效益：单次对刀由 15 分钟缩短到 3 分钟。")
GOAL = ("针对数控车床换刀后人工对刀耗时长、精度依赖经验的问题，研制快速对刀装置，"
        "目标是把单次对刀时间由 15 分钟缩短到 3 分钟以内，对刀重复精度达到 0.01 mm，"
        "并使新员工经半天培训即可独立完成对刀操作，减少试切废件和设备停机时间。")
BACKGROUND = ("车间现有数控车床 24 台，每班换刀对刀约 40 次。传统试切对刀依赖操作者经验，"
              "耗时长，且试切产生废件。一线职工在生产中摸索出用定位块辅助对刀的方法，"
              "经小组攻关形成本装置，在车间推广使用。")
INNOVATION = "1. 可换式定位块适配多种刀具。2. 磁吸底座免工具安装。3. 刻度窗口直接读数。"
BENEFITS = "1. 经济效益：年节约工时约 2000 小时，减少废件损失约 12 万元。2. 社会效益：降低劳动强度，便于技能传承。"


def form_fields(name: str, union: str = UNIONS[0], unit: str = "江苏省某某职业技术学院机电工程系") -> dict:
    """A form that passes every F rule (SPEC §2.1 keys), with the given name, union and unit."""
    return {
        "completers": ["张伟", "李娜", "王强"],
        "first_completer_intro": "张伟，高级技师，从事数控加工二十年，获省技术能手称号。",
        "unit": unit,
        "phone": "13912345678",
        "union": union,
        "category": "小革新",
        "name": name,
        "summary": SUMMARY,
        "industry": "制造业-通用设备制造业",
        "background": BACKGROUND,
        "goal": GOAL,
        "innovation": INNOVATION,
        "benefits": BENEFITS,
        "new_quality": "否",
    }


def _toml_value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def write_form_toml(path: Path, fields: dict) -> None:
    path.write_text("".join(f"{k} = {_toml_value(v)}\n" for k, v in fields.items()), encoding="utf-8")


@cache
def jpeg_bytes(width: int = 160, height: int = 120, dpi: int = 300, noise: bool = False, seed: int = 0) -> bytes:
    """A real JPEG; ``noise`` makes it large (random pixels compress badly), for realistic sizes."""
    import random

    from PIL import Image

    if noise:
        rnd = random.Random(seed)
        img = Image.frombytes("RGB", (width, height), rnd.randbytes(width * height * 3))
    else:
        img = Image.new("RGB", (width, height), ((seed * 53) % 256, 120, 200))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90, dpi=(dpi, dpi))
    return buf.getvalue()


def tagged_jpeg(data: bytes, tag: str) -> bytes:
    """The same picture with a COM segment carrying ``tag``: different bytes, same pixels."""
    payload = tag.encode("utf-8")
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload + data[2:]


@cache
def mp4_bytes(width: int = 320, height: int = 180, seconds: float = 1.0, bitrate: int = 0) -> bytes:
    """A real H.264 + AAC MP4 made with PyAV; with ``bitrate`` the frames are noise, so it is really spent."""
    import random

    import av
    from PIL import Image

    buf = io.BytesIO()
    rnd = random.Random(1)
    with av.open(buf, "w", format="mp4") as out:
        fps = 10
        v = out.add_stream("libx264", rate=fps)
        v.width, v.height, v.pix_fmt = width, height, "yuv420p"
        v.options = {"preset": "ultrafast"}
        if bitrate:
            v.bit_rate = bitrate
        a = out.add_stream("aac", rate=44100)
        a.layout = "mono"
        base = Image.frombytes("RGB", (width, height), rnd.randbytes(width * height * 3)) if bitrate else None
        for i in range(int(seconds * fps)):
            if base is not None:
                img = base.rotate(i * 7)  # moving noise: bits every frame
            else:
                img = Image.new("RGB", (width, height), ((i * 20) % 255, 90, 160))
            for packet in v.encode(av.VideoFrame.from_image(img)):
                out.mux(packet)
        for packet in v.encode():
            out.mux(packet)
        _write_tone(out, a, seconds, 44100)
    return buf.getvalue()


def _write_tone(out, stream, seconds: float, rate: int) -> None:
    import math

    import av

    samples = int(seconds * rate)
    step = 1152
    for start in range(0, samples, step):
        n = min(step, samples - start)
        pcm = struct.pack(f"<{n}f", *(0.2 * math.sin(2 * math.pi * 440 * (start + k) / rate) for k in range(n)))
        frame = av.AudioFrame(format="flt", layout="mono", samples=n)
        frame.planes[0].update(pcm)
        frame.sample_rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)


def tagged_mp4(data: bytes, tag: str) -> bytes:
    """The same video with a trailing top-level ``free`` box carrying ``tag`` (players skip it)."""
    payload = tag.encode("utf-8")
    return data + struct.pack(">I", len(payload) + 8) + b"free" + payload


@cache
def mp3_bytes(seconds: float = 1.0) -> bytes:
    import av

    buf = io.BytesIO()
    with av.open(buf, "w", format="mp3") as out:
        a = out.add_stream("libmp3lame", rate=44100)
        a.layout = "mono"
        _write_tone(out, a, seconds, 44100)
    return buf.getvalue()


def tagged_mp3(data: bytes, tag: str) -> bytes:
    """The same audio with an ID3v1 tag whose comment carries ``tag``."""
    def field(text: str, size: int) -> bytes:
        return text.encode("utf-8")[:size].ljust(size, b"\0")

    return data + b"TAG" + field("成果讲解", 30) + field("", 30) + field("", 30) + b"2024" + field(tag, 30) + b"\xff"


HEADER = ["题型", "题目内容", "答案A", "答案B", "答案C", "答案D", "答案E", "答案F", "正确答案", "解析", "试题难度", "来源"]


@cache
def quiz_bytes(questions: int = 20) -> bytes:
    """A 附件5 quiz bank: single choice and true/false questions, sources from text and video."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i in range(1, questions + 1):
        source = "视频 00:00-00:01" if i % 2 else "成果简介"
        if i % 3:
            ws.append(["单选", f"第{i}题：快速对刀装置把单次对刀时间缩短到多少？", "3 分钟", "15 分钟", "30 分钟", None,
                       None, None, "A", "见成果简介", "初级", source])
        else:
            ws.append(["判断", f"第{i}题：该装置采用磁吸底座安装。", None, None, None, None, None, None, "对",
                       "见成果创新点", "中级", source])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@cache
def seal_png() -> bytes:
    """A white page with a red ring: what D003 takes for a union's seal."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (200, 280), "white")
    draw = ImageDraw.Draw(img)
    draw.ellipse((110, 180, 180, 250), outline=(220, 20, 30), width=6)
    draw.text((20, 30), "AUTH", fill="black")
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def make_project(root: Path, name: str, *, union: str = UNIONS[0], unit: str | None = None, tag: str | None = None,
                 photos: list[bytes] | None = None, video: bytes | None = None, audio: bytes | None = None,
                 fields: dict | None = None) -> Path:
    """A complete project folder; every media file made unique by ``tag`` (default: the folder name)."""
    tag = tag if tag is not None else root.name
    root.mkdir(parents=True, exist_ok=True)
    form = fields if fields is not None else form_fields(name, union, unit or f"{union}所属第{abs(hash(tag)) % 97}研究所")
    write_form_toml(root / "form.toml", form)
    for folder in ("photos", "videos", "audio", "authorization"):
        (root / folder).mkdir(exist_ok=True)
    for i, data in enumerate(photos or [jpeg_bytes(seed=i) for i in range(3)]):
        (root / "photos" / f"装置全貌{i + 1}.jpg").write_bytes(tagged_jpeg(data, f"{tag}/{i}"))
    (root / "videos" / "成果演示.mp4").write_bytes(tagged_mp4(video or mp4_bytes(), tag))
    (root / "audio" / "成果讲解.mp3").write_bytes(tagged_mp3(audio or mp3_bytes(), tag))
    (root / "quizbank.xlsx").write_bytes(quiz_bytes())
    (root / "authorization" / "授权书.png").write_bytes(seal_png())
    return root


REPO_ROOT = Path(__file__).resolve().parents[1]
# What keeps the tiny generated projects from passing: ignoring these lets a project pass (quota tests).
MEDIA_SIZE_RULES = ["P006", "P009", "V004", "V009"]


def run_cli(*args: str, env: dict | None = None, timeout: float = 120):
    """`wuxiao ARGS` from the repository root: in this process (conftest.invoke_cli) unless ``env`` sets
    the runner's test hooks, which act in worker processes: that run is a real `python -m wuxiao_cli`."""
    import os
    import subprocess
    import sys

    if env is None:
        from tests.conftest import invoke_cli

        return invoke_cli(*args, cwd=REPO_ROOT)

    full_env = {**os.environ, **(env or {})}
    for hook in ("WUXIAO_TEST_HANG", "WUXIAO_TEST_CRASH", "WUXIAO_TEST_MEMORY", "WUXIAO_TEST_NO_WORKERS"):
        if hook not in (env or {}):
            full_env.pop(hook, None)
    from report_schema import check_cli_json

    proc = subprocess.run([sys.executable, "-m", "wuxiao_cli", *map(str, args)], cwd=REPO_ROOT, env=full_env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    return check_cli_json(args, proc, REPO_ROOT)


def run_json(*args: str, env: dict | None = None) -> tuple[int, dict]:
    import json

    proc = run_cli("check", *args, "--format", "json", "--quiet", env=env)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def findings(report: dict, path_suffix: str) -> list[tuple[str, str | None, str | None]]:
    """(rule, file, field) of the project whose path ends with ``path_suffix``."""
    [project] = [p for p in report["projects"] if p["path"].endswith(path_suffix)]
    return [(f["rule"], f["file"], f["field"]) for f in project["findings"]]


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` with its size and mtime: to prove a command wrote nothing there."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))}
