"""`--eml`: an RFC 5322 draft (SPEC §6) to open in Outlook/Foxmail/Thunderbird. Nothing is sent.

The body is a list of sections, each a small function of (profile, project result, package info)
returning lines: a profile that needs more (a roadshow table) adds a section, not a new builder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate
from pathlib import Path

from wuxiao_cli.engine import ProjectResult
from wuxiao_cli.package import delivery as how
from wuxiao_cli.package.facts import MESSAGE_OVERHEAD, encoded_size
from wuxiao_cli.package.zipper import staged
from wuxiao_cli.text import human_size

ROLE_LABELS = {"photos": "成果照片", "videos": "成果视频", "audio": "成果音频",
               "authorization": "授权书、真实性承诺书扫描件", "craftsman": "工匠材料"}
NETDISK_LINE = "网盘链接：________________  提取码：______（材料较大，未作附件，请粘贴网盘分享链接）"


@dataclass
class PackageInfo:
    """What the e-mail says about the package: the zip(s), their sizes, the files inside, the limit."""

    zips: list[Path]
    sizes: list[int]
    files: list[str]  # project files packed (rel paths)
    limit: int
    hashes: list[str] = field(default_factory=list)  # sha256 of each zip
    part: tuple[int, int] | None = None  # (n, of) when this draft carries one part of a split package

    @property
    def encoded(self) -> int:
        """The message's size with the zips attached (base64 + headers): what the mail server counts."""
        return sum(encoded_size(s) for s in self.sizes) + MESSAGE_OVERHEAD

    @property
    def attachable(self) -> bool:
        return self.encoded <= self.limit


SUBJECT_FIELDS = ("union", "unit", "name")  # what a profile's subject may name: {union} {unit} {name}


def _fields(profile, result: ProjectResult) -> dict:
    form = profile.data["form"]
    return {"union": result.union, "unit": result.unit,
            "name": result.fields.get(form.get("name_field", "name")) or result.name}


def subject(profile, result: ProjectResult) -> str:
    pattern = profile.data.get("subject", "{union}-{unit}-{name}")
    values = _fields(profile, result)
    return pattern.format_map({k: str(v) for k, v in values.items()})


def part_suffix(info: PackageInfo) -> str:
    return f"（第{info.part[0]}部分，共{info.part[1]}部分）" if info.part else ""


def greeting(profile, result, info) -> list[str]:
    what = profile.data.get("collection", profile.title)
    return ["您好！", "", f"现报送{what}材料，请查收。", ""]


def identity(profile, result, info) -> list[str]:
    """The three fields of the subject, under the labels this profile's form gives them."""
    v = _fields(profile, result)
    form, fields = profile.data["form"], profile.form_schema.fields
    defaults = {"union": "所属上级工会", "unit": "成果完成单位", "name": "创新成果名称"}
    lines = []
    for role, default in defaults.items():
        spec = fields.get(form.get(f"{role}_field", role))
        lines.append(f"{spec.label if spec else default}：{v[role]}")
    return [*lines, ""]


def materials(profile, result, info) -> list[str]:
    lines = ["材料清单："]
    groups: dict[str, list[str]] = {}
    for rel in info.files:
        head = rel.split("/", 1)[0] if "/" in rel else ""
        groups.setdefault(head, []).append(rel)
    named = {**ROLE_LABELS, **profile.data.get("role_labels", {})}  # a profile's own roles (roadshow's 报送表)
    labels = {profile.folder(role).lower(): label for role, label in named.items()}
    for head, rels in sorted(groups.items()):
        if head:
            lines.append(f"  - {labels.get(head.lower(), head)}（{head}/）：{len(rels)} 个文件")
        else:
            lines.extend(f"  - {rel}" for rel in rels)
    return [*lines, ""]


def check_result(profile, result, info) -> list[str]:
    waived = sorted({f.rule for f in result.findings if f.waived})
    line = f"检查结果：wuxiao 按规则集 {profile.id} 检查通过（错误 {result.errors} 个，警告 {result.warnings} 个）"
    out = [line + "；详见压缩包内“校验报告.txt”。"]
    if waived:
        out.append(f"豁免的规则：{'、'.join(waived)}（理由见校验报告和 manifest-sha256.txt）")
    return [*out, ""]


def delivery(profile, result, info) -> list[str]:
    out = []
    for path, size, digest in zip(info.zips, info.sizes, info.hashes or [""] * len(info.zips), strict=True):
        out.append(f"压缩包：{path.name}（{human_size(size)}{'，SHA-256 ' + digest if digest else ''}）")
    if _by_link(profile):  # the notice suggests a link (roadshow 附件4 ⑥ “建议”): it does not require one
        why = how.netdisk_suggestion(profile, cite="，{}")
        out.append(NETDISK_LINE.replace("材料较大，未作附件", f"{why}；压缩包未作附件"))
        if info.attachable:
            out.append("不便使用网盘时，也可把压缩包直接作为附件发送。")
    else:
        out.append(NETDISK_LINE if not info.attachable else "压缩包见附件；收到后可用 `wuxiao verify` 核对完整性。")
    return [*out, ""]


def _by_link(profile) -> bool:
    return how.kind(profile) == "netdisk"


def signature(profile, result, info) -> list[str]:
    """The person whose phone the form gives: its 联系人 where it has one (roadshow 附件4), else the first 完成人."""
    if field := profile.data["form"].get("contact_field"):
        contact = result.fields.get(field, "")
    else:
        completers = result.fields.get("completers") or []
        contact = completers[0] if isinstance(completers, list) and completers else ""
    phone = result.fields.get("phone", "")
    return [f"联系人：{contact}  联系电话：{phone}".rstrip(), result.unit]


def course_table(profile, result, info) -> list[str]:
    """附件4's table (上报单位, 联系人, 联系电话; 课程名称 | 提交单位 | 完成人 | 联系电话)."""
    from wuxiao_cli.rules.roadshow import course_table as table

    return ["报送信息（附件4）：", *table(result.fields).splitlines(), ""]


SECTIONS: list[Callable] = [greeting, identity, materials, check_result, delivery, signature]
# Sections a profile may add by name (profile "email_sections"), placed after the materials list.
EXTRA_SECTIONS: dict[str, Callable] = {"course_table": course_table}


def sections_for(profile) -> list[Callable]:
    extra = [EXTRA_SECTIONS[name] for name in profile.data.get("email_sections", [])]
    at = SECTIONS.index(materials) + 1
    return [*SECTIONS[:at], *extra, *SECTIONS[at:]]


def build_body(profile, result: ProjectResult, info: PackageInfo, sections: list[Callable] | None = None) -> str:
    lines = []
    for section in sections or sections_for(profile):
        lines.extend(section(profile, result, info))
    return "\n".join(lines).rstrip() + "\n"


def build_eml(profile, result: ProjectResult, info: PackageInfo) -> EmailMessage:
    msg = EmailMessage(policy=SMTP)
    msg["To"] = profile.data["recipient"]
    msg["Subject"] = subject(profile, result) + part_suffix(info)
    msg["Date"] = formatdate(localtime=True)
    msg["X-Unsent"] = "1"  # Outlook opens it as a draft to send
    msg.set_content(build_body(profile, result, info))
    if not _by_link(profile) and info.attachable:
        for path in info.zips:
            with open(path, "rb") as fh:
                msg.add_attachment(fh.read(), maintype="application", subtype="zip", filename=path.name)
    return msg


def write_eml(dest: Path, msg: EmailMessage) -> None:
    """Through a temporary file renamed at the end: a kill never leaves a truncated draft."""
    with staged([dest], overwrite=True) as (tmp,):
        with open(tmp, "wb") as fh:
            fh.write(msg.as_bytes())
            fh.flush()
            os.fsync(fh.fileno())
