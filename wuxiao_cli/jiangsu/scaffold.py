"""`wuxiao init BATCH --nominator`: a Jiangsu nominator's batch folder — nominator.toml, nominator/ and a guide.

Project folders are added inside it with `wuxiao init BATCH/01-项目名 --profile jiangsu-2023`.
"""

from __future__ import annotations

from pathlib import Path

from wuxiao_cli.profile import Profile
from wuxiao_cli.scaffold import ScaffoldError
from wuxiao_cli.text import os_reason

NOMINATOR_TOML = """\
# 提名单位信息（江苏省总工会 2023 通知 四、七，附件1 提名函）。改好后运行：wuxiao check 本文件夹 --profile {profile}
name = ""                 # 提名单位全称，如 "无锡市总工会"
type = ""                 # {types}
# date = {end}            # 提名函日期，须在填报时间 {start} 至 {end} 内
summary = \"\"\"近年来，\"\"\"     # 提名函：推进职工科技创新工作情况，限 {summary} 字
order = []                # 按优先次序列出各项目文件夹名，如 ["01-刀具快换夹具", "02-焊缝打磨小车"]

[notes]                   # 提名函清单的备注（可选）：项目文件夹名 = "备注"

[publicity]               # 本级公示（通知 五1，不少于 {workdays} 个工作日）：起止日期，如 2023-08-01
# start = 2023-08-01
# end = 2023-08-03

# 省级社会组织须于 {filing_by} 前备案（通知 四、七(三)3，附件4 备案申请表），去掉下面各行的 # 并填写：
# [filing]
# org_name = ""           # 社会组织全称
# registered_js = "是"    # 是否在我省注册
# org_code = ""           # 组织机构代码（统一社会信用代码）
# filled_on = {filing_by}   # 填表时间
# address = ""
# postcode = ""
# contact = ""
# contact_title = ""
# contact_mobile = ""
# email = ""
# wechat = ""
# has_union = "是"        # 是否成立工会组织
# union_name = ""         # 工会组织全称
# activities = \"\"\"\"\"\"     # 近三年开展职工科技创新活动情况简介，限 500 字
"""

README = """\
江苏省职工“五小”活动省级优秀项目提名 —— 提名单位批次文件夹

  nominator.toml     提名单位名称、类型、提名函工作情况（限 {summary} 字）、优先次序、公示日期、备案信息
{uploads}
  01-项目名/          每个项目一个文件夹：wuxiao init 本文件夹/01-项目名 --profile {profile}

{folder}/ 中的文件（或子文件夹）以序号开头，如 1-提名函.pdf、3-现场照片/；提名函可先用 wuxiao jiangsu letter 生成，
盖章后彩色扫描放入。检查整个批次：wuxiao check 本文件夹 --profile {profile}
"""


def scaffold_nominator(root: Path, profile: Profile) -> list[str]:
    """Create the batch folder at ``root`` (absent or empty); return what was written."""
    spec = profile.section("nominators")
    if not spec:
        raise ScaffoldError(f"规则集 {profile.id} 没有提名单位设置（nominators），不能建提名单位批次文件夹")
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ScaffoldError(f"{root} 已存在且不是空文件夹；为避免覆盖，请换一个新文件夹名")
    folder = spec.get("folder", "nominator")
    uploads = "\n".join(f"  {folder}/{i['number']}-…   {i['label']}{'' if i.get('required') else '（可选）'}"
                        for i in spec.get("uploads", []))
    values = {
        "profile": profile.id, "types": " / ".join(spec.get("types", {})), "start": profile.data["dates"]["start"],
        "end": profile.data["dates"]["end"], "summary": spec.get("summary_max_zi", 400),
        "workdays": spec.get("publicity_min_workdays", 3), "filing_by": spec.get("filing", {}).get("by", ""),
        "folder": folder, "uploads": uploads,
    }
    scene = "3-现场照片"  # the one slot that is usually many files: a subfolder
    try:
        (root / folder / scene).mkdir(parents=True, exist_ok=True)
        (root / spec.get("file", "nominator.toml")).write_text(NOMINATOR_TOML.format(**values), encoding="utf-8")
        (root / "README.txt").write_text(README.format(**values).replace("\n", "\r\n"), encoding="utf-8-sig")
    except OSError as exc:
        raise ScaffoldError(f"无法在 {root} 创建文件：{os_reason(exc)}") from None
    return [spec.get("file", "nominator.toml"), f"{folder}/", f"{folder}/{scene}/", "README.txt"]
