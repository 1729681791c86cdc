"""Real small projects for the pack / verify / fix tests: JPEGs made by Pillow, H.264 MP4 and MP3 by PyAV.

``passing_project`` is built once per session; tests copy it (``copy_project``) and change the copy.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest
from quiz_helpers import valid_rows, write_bank

from tests import factories

REPO_ROOT = Path(__file__).resolve().parent.parent

FORM_TOML = '''\
completers = ["张伟", "李娜"]
first_completer_intro = "张伟，高级技师，从事设备维修二十年。"
unit = "北京市第一人民医院设备科"
phone = "13812345678"
union = "北京市教育工会"
category = "小革新"
name = "手术器械清洗篮自动翻转装置的研制与应用"
summary = """1. 研制了自动翻转装置。
2. 清洗效率提高 30%。"""
industry = "制造业-纺织服装、服饰业"
background = "医院消毒供应中心每天清洗大量手术器械，人工翻转清洗篮费时费力，清洗质量不稳定，工作人员劳动强度大，容易发生腕部劳损，影响器械周转效率和手术安排，亟须改进。"
goal = "设计一种自动翻转装置，使清洗篮每 30 秒翻转一次，清洗合格率由 92% 提高到 99% 以上，单批清洗时间由 40 分钟缩短到 28 分钟，减轻劳动强度，保障手术器械按时周转和手术安全。"
innovation = """1. 采用齿轮传动实现定时翻转。
2. 结构简单，便于维护。"""
benefits = """1. 经济效益：每年节约人工成本 5 万元。
2. 社会效益：提高了手术安全。"""
new_quality = "否"
'''


def write_jpeg(path: Path, *, width: int = 1600, height: int = 1200, dpi: int | None = 300,
               target: int | None = None, seed: int = 0) -> Path:
    """A real JPEG (tests/factories.py), padded to exactly ``target`` bytes when given."""
    return factories.make_jpeg(path, width=width, height=height, dpi=dpi, target_bytes=target, seed=seed)


def jpeg_bytes(width: int = 1600, height: int = 1200, dpi: int | None = 300, target: int | None = None,
               seed: int = 0) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return write_jpeg(Path(tmp) / "p.jpg", width=width, height=height, dpi=dpi, target=target,
                          seed=seed).read_bytes()


def write_mp4(path: Path, seconds: float = 1.0, width: int = 1920, height: int = 1080) -> Path:
    return factories.make_mp4(path, seconds=seconds, width=width, height=height, bitrate=2_500_000)


def write_mp3(path: Path, seconds: float = 1.0) -> Path:
    return factories.make_mp3(path, seconds=seconds)


def write_seal_scan(path: Path) -> Path:
    return factories.make_red_seal_png(path)


def build_passing_project(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "form.toml").write_text(FORM_TOML, encoding="utf-8")
    for n, name in enumerate(["清洗篮正面.jpg", "翻转装置细节.jpg", "现场使用.jpg"]):
        write_jpeg(root / "photos" / name, target=1_100_000 + n * 1000, seed=n)
    write_mp4(root / "videos" / "装置演示.mp4")
    write_mp3(root / "audio" / "成果介绍.mp3")
    write_seal_scan(root / "authorization" / "授权书.png")
    write_bank(root / "quizbank.xlsx", valid_rows(20))
    return root


def tree_digest(root: Path) -> dict[str, tuple[str, float]]:
    """Every file's hash and mtime: a folder is unchanged when this is equal."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[p.relative_to(root).as_posix()] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime)
    return out


@pytest.fixture(scope="session", name="passing_project")
def passing_project_fixture(tmp_path_factory) -> Path:
    """A project that passes `check` (warnings only), built once per session: copy it, never change it."""
    return build_passing_project(tmp_path_factory.mktemp("base") / "good")


def copy_project(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest
