"""How the notice has the materials sent, from the profile's data (`delivery`, `online`, `netdisk`, `contact`):
one place that `profiles`, the `init` README, `pack --eml` and the app's draft button all read.

- ``attachment``: an e-mail to ``recipient`` with the zip attached (national 附件3).
- ``netdisk``: an e-mail to ``recipient`` carrying a netdisk link, as the notice suggests (roadshow 附件4 ⑥).
- ``online``: uploaded to a website's system, no e-mail (Jiangsu 七(三)1–3); ``contact`` is only for questions.
"""

from __future__ import annotations


def kind(profile) -> str:
    return profile.data.get("delivery", "attachment")


def by_email(profile) -> bool:
    """Whether the notice has the materials e-mailed (`pack --eml` can write a draft)."""
    return kind(profile) != "online"


def where(profile) -> str:
    """The `profiles` listing's 报送 line, after “报送：”."""
    data = profile.data
    if not by_email(profile):
        site = data["online"]
        text = f"{site['site']} {site['url']} 线上填报" if site.get("url") else f"{site['site']} 线上填报"
        if contact := data.get("contact", {}).get("email"):
            text += f"（联系邮箱 {contact}）"
        return text
    if kind(profile) == "netdisk":
        return f"{data['recipient']}（{netdisk_suggestion(profile, cite='，{}')}）"
    return data["recipient"]


def system(profile) -> str:
    """“江苏工会服务网（www.jsghfw.com）提名系统”."""
    site = profile.data["online"]
    url = f"（{site['url']}）" if site.get("url") else ""
    return f"{site['site']}{url}{site['system']}"


def upload_order(profile) -> list[str]:
    """The attachments in the order the notice has them uploaded: “第一个附件：提名书签字盖章扫描版” …"""
    items = {i["key"]: i for i in profile.data.get("attachments", {}).get("items", [])}
    out = []
    for n, key in enumerate(profile.data["online"].get("upload_order", []), 1):
        item = items[key]
        optional = "" if item.get("required") else "（如有）"
        out.append(f"第{'一二三四五六七八九'[n - 1] if n <= 9 else n}个附件：{item['label']}{optional}")
    return out


def refusal(profile, then: str = "去掉 --eml 可只生成压缩包留存") -> str:
    """Why `pack --eml` (or the app's draft button) writes no draft for an online profile, in one line."""
    clause = profile.data["online"].get("clause", "")
    cited = f"（通知 {clause}）" if clause else ""
    return f"本通知为线上填报，不用邮件报送：请在 {system(profile)} 上传材料{cited}" + (f"；{then}" if then else "")


def netdisk_suggestion(profile, cite: str = "（{}）") -> str:
    """“通知建议以百度网盘链接报送（附件4 ⑥）”: a netdisk profile's notice suggests a link, it does not require one."""
    net = profile.data.get("netdisk", {})
    service = net.get("service", "网盘")
    clause = cite.format(net["clause"]) if net.get("clause") else ""
    return f"通知建议以{service}链接报送{clause}"
