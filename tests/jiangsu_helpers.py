"""Builders for Jiangsu (jiangsu-2023) test projects: a valid 提名书 as form.toml, tiny real media, PDFs.

Everything is made by real libraries (Pillow JPEG, PyAV H.264 MP4, pypdf PDF) and kept tiny so a
whole project is a few kilobytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image
from pypdf import PdfWriter

from tests import factories
from wuxiao_cli.engine import Batch, Options, check_project
from wuxiao_cli.findings import BatchProblem
from wuxiao_cli.profile import load_profile
from wuxiao_cli.rules import for_profile

PROFILE_ID = "jiangsu-2023"


def profile():
    return load_profile(PROFILE_ID)


# A valid 提名书: every required field, formats right, within every limit.
GOOD_FIELDS: dict = {
    "category": "小革新",
    "year": "2023",
    "name": "数控车床刀具快速换装夹具的研制与应用",
    "patent": "ZL202120123456.7",
    "field_level1": "五、先进制造与重大装备",
    "field_level2": "装备制造",
    "field_level3": "数控机床装备",
    "implemented_on": "2022-06-01",
    "intro": "研制快换夹具，换刀时间由 15 分钟缩短到 3 分钟。",
    "completer_name": "张伟",
    "gender": "男",
    "recognized_before": "否",
    "education": "大学专科",
    "degree": "无",
    "skill_level": "高级技师",
    "skill_cert_no": "S000032000000123",
    "title": "无",
    "title_level": "无",
    "employer": "无锡某某机床有限公司",
    "position": "数控车工班组长",
    "frontline": "一线工人",
    "unit_head": "否",
    "labour_in_jiangsu": "是",
    "id_number": "11010519491231002X",
    "mobile": "13812345678",
    "email": "zhangwei@example.com",
    "postcode": "214000",
    "address": "江苏省无锡市梁溪区某某路 1 号",
    "unit": "无锡某某机床有限公司",
    "unit_nature": "非公企业",
    "unit_registered_js": "是",
    "unit_address": "江苏省无锡市梁溪区某某路 1 号",
    "unit_postcode": "214000",
    "unit_contact": "李娜",
    "unit_contact_title": "人事专员",
    "unit_contact_mobile": "13912345678",
    "unit_contact_email": "lina@example.com",
    "union_name": "无锡某某机床有限公司工会委员会",
    "union_contact": "王芳",
    "union_contact_title": "工会主席",
    "union_phone": "0510-82345678",
    "union_postcode": "214000",
    "union_email": "union@example.com",
    "before": "换刀需拆装夹具，每次约 15 分钟，精度靠经验，废品率 2%。",
    "after": "1. 快换夹具一次定位，换刀 3 分钟；2. 重复定位精度 0.01 mm；3. 废品率降到 0.3%，年节约 40 万元。",
    "video_name": "刀具快换夹具现场应用",
    "honors": [{"year": "2021", "award": "无锡市五一劳动奖章", "grantor": "无锡市总工会"}],
    "contribution": "提出方案，完成设计、试制和推广。",
    "nickname": "刀具巧匠",
    "achievements": "牵头技能大师工作室，完成革新 12 项，带徒 20 名。",
    "others": [{"name": "李强", "gender": "男", "post": "车工", "work": "试制加工"}],
    "team": "工会主导建设的创新工作室",
    "team_award": [{"year": "2022", "award": "无锡市示范性劳模创新工作室", "grantor": "无锡市总工会"}],
    "treatment": "享受技能大师津贴，获评市级工匠。",
    "plan": "支持参加省级技能竞赛，推荐更高层级荣誉。",
    "excl_secret": "否",
    "excl_ip_dispute": "否",
    "excl_drug": "否",
    "excl_gov_rnd": "否",
    "excl_award": "否",
    "excl_recognized": "否",
    "opinion": "同意提名。该同志长期扎根一线，项目实效明显。",
}


def toml_value(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # JSON string escapes are valid TOML basic strings


def write_toml(path: Path, fields: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{k} = {toml_value(v)}" for k, v in fields.items() if v is not None]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_jpeg(path: Path, width: int = 32, height: int = 24, color=(90, 120, 160)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, height), color).save(path, "JPEG", quality=70)
    return path


def make_pdf(path: Path, pages: int = 1, password: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=72, height=72)
    if password:
        writer.encrypt(password)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def make_mp4(path: Path, seconds: float, fps: int = 2, size=(32, 24)) -> Path:
    """A tiny real H.264 MP4 (no audio) lasting exactly ``seconds`` (constant frame rate)."""
    return factories.make_mp4(path, width=size[0], height=size[1], seconds=seconds, fps=fps, audio=False)


_VIDEO_CACHE: dict[float, bytes] = {}


def video_bytes(seconds: float, tmp: Path) -> bytes:
    """Encode each distinct duration once per test session."""
    if seconds not in _VIDEO_CACHE:
        _VIDEO_CACHE[seconds] = make_mp4(tmp / f"_v{seconds}.mp4", seconds).read_bytes()
    return _VIDEO_CACHE[seconds]


def make_project(root: Path, overrides: dict | None = None, *, before: int = 2, after: int = 2,
                 portraits: int = 2, work: int = 2, video_seconds: float | None = 6.0,
                 attachments: tuple[str, ...] = ("1-提名书.pdf", "2-一线证明及证书.pdf")) -> Path:
    """A whole Jiangsu project folder; ``overrides`` replaces form fields (None removes one)."""
    fields = {**GOOD_FIELDS, **(overrides or {})}
    write_toml(root / "form.toml", {k: v for k, v in fields.items() if v is not None})
    for i in range(before):
        make_jpeg(root / "photos" / "before" / f"实施前-{i + 1}.jpg")
    for i in range(after):
        make_jpeg(root / "photos" / "after" / f"实施后-{i + 1}.jpg")
    for i in range(portraits):
        make_jpeg(root / "completer" / "portrait" / f"形象照-{i + 1}.jpg", 24, 32)
    for i in range(work):
        make_jpeg(root / "completer" / "work" / f"工作照-{i + 1}.jpg")
    if video_seconds is not None:
        (root / "videos").mkdir(parents=True, exist_ok=True)
        (root / "videos" / "刀具快换夹具现场应用.mp4").write_bytes(video_bytes(video_seconds, root.parent))
    for name in attachments:
        make_pdf(root / "attachments" / name)
    return root


def check(root: Path):
    return check_project(root, profile(), Options(), display=root.name)


def rule_ids(result, severity: str | None = None) -> list[str]:
    return sorted({f.rule for f in result.findings if severity is None or f.severity == severity})


def findings_of(result, rule_id: str):
    return [f for f in result.findings if f.rule == rule_id]


def run_batch(batch: Batch) -> list[tuple[str, str, BatchProblem]]:
    """What the batch runner does for J: every batch-scope rule of the profile over one Batch.

    Returns (rule ID, severity, problem) triples.
    """
    out = []
    for r in for_profile(batch.profile, scope="batch"):
        for problem in r.check(batch):
            out.append((r.id, batch.profile.severity_for(r.id) or problem.severity or r.default_severity, problem))
    return out


def batch_ids(batch: Batch) -> list[str]:
    return sorted({rid for rid, _sev, _p in run_batch(batch)})


def write_nominator(root: Path, *, name="无锡市总工会", kind="设区市总工会", order=None, summary="近年来，我市持续推进职工创新。",
                    notes=None, extra: str = "") -> Path:
    lines = [f"name = {toml_value(name)}", f"type = {toml_value(kind)}", f"summary = {toml_value(summary)}",
             "date = 2023-08-20"]
    if order is not None:
        lines.append(f"order = {toml_value(order)}")
    if notes:
        lines.append("[notes]")
        lines += [f"{toml_value(k)} = {toml_value(v)}" for k, v in notes.items()]
    path = root / "nominator.toml"
    root.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path
