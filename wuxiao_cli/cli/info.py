"""`wuxiao rules`, `wuxiao explain RULE`, `wuxiao profiles`: what the tool checks, and against which notice."""

from __future__ import annotations

from typing import Annotated

import typer

from wuxiao_cli.clauses import clause_title
from wuxiao_cli.cli.common import Lang, LangOpt, ProfileOpt, fail_usage, profile_or_exit

SEVERITY_ZH = {"E": "错误", "W": "警告", "I": "提示", "E/W": "错误/警告", "I/W": "提示/警告", "W/E": "警告/错误"}


def list_rules(profile: ProfileOpt = None, lang: LangOpt = Lang.zh) -> None:
    """列出规则：编号、级别、依据条款和一句话说明。"""
    from wuxiao_cli import rules

    prof = profile_or_exit(profile)
    for r in (r.under(prof) for r in rules.for_profile(prof, scope=None)):
        typer.echo(f"{r.id}\t{prof.level_of(r)}\t{clause_title(prof.clause_of(r), lang.value)}\t{r.title(lang.value)}")


def explain(rule_id: Annotated[str, typer.Argument(help="规则编号，如 P005", metavar="规则编号")], lang: LangOpt = Lang.zh,
            profile: ProfileOpt = None,
            dev: Annotated[bool, typer.Option("--dev", help="另外显示开发者说明（英文：算法和判断例子）")] = False) -> None:
    """解释一条规则：检查什么、怎么判断、依据哪一条条款、怎么改。"""
    from wuxiao_cli import rules
    from wuxiao_cli.clauses import clause_text

    try:
        r = rules.get(rule_id)
    except rules.UnknownRule:
        raise fail_usage(f"没有编号为 {rule_id} 的规则（`wuxiao rules` 列出全部规则）") from None
    zh = lang is Lang.zh
    prof = profile_or_exit(profile) if profile else None
    r = r.under(prof or profile_or_exit(None))  # its texts with the numbers that profile (or the default) enforces
    clause = prof.clause_of(r) if prof else r.clause
    typer.echo(f"{r.id}  {r.title(lang.value)}")
    typer.echo(_level(r, prof, zh))
    typer.echo((f"依据：{clause_title(clause, lang.value)}" if zh else f"Clause: {clause}") + (f"（{prof.id}）" if prof else ""))
    if prof and not prof.enabled(r.id):
        typer.echo(f"规则集 {prof.id} 不运行这条规则" if zh else f"Profile {prof.id} does not run this rule")
    if text := clause_text(clause, prof, r.id):
        typer.echo(f"{'条款原文' if zh else 'Clause text'}：{text}")
    if zh:
        # The clerk's account; the English docstring is the developer's note, shown only on request
        typer.echo(f"判断方法：{r.how}")
    typer.echo(f"{'修改方法' if zh else 'Fix'}：{r.hint(lang.value)}")
    if dev or not zh:
        typer.echo("")
        typer.echo("开发者说明（英文）：" if zh else "How it is judged:")
        typer.echo(r.doc)


def _level(r, prof, zh: bool) -> str:
    """The level the profile applies; when it changes the rule's own, both (判断方法 speaks of the rule's)."""
    level = prof.level_of(r) if prof else r.severity
    if not zh:
        return f"Severity: {level}" + (f" (the rule's own: {r.severity})" if level != r.severity else "")
    own = f"（规则集 {prof.id} 的规定；规则本身为{SEVERITY_ZH[r.severity]}）" if level != r.severity else ""
    return f"级别：{SEVERITY_ZH.get(level, level)}{own}"


def profiles(
    files: Annotated[list[str] | None, typer.Argument(
        metavar="[规则集文件]...", help="另外要核对的规则集文件（如明年通知的 .json）：逐项检查后和内置的一起列出")] = None,
) -> None:
    """列出规则集：通知、时间和报送方式（邮箱或线上填报）。给出规则集文件时先逐项检查它，有问题就说明哪里、怎么改。"""
    from wuxiao_cli.package.delivery import where
    from wuxiao_cli.profile import builtin_ids

    # every file first: one that cannot be used stops here, before the list scrolls it away
    chosen = [profile_or_exit(f) for f in files or []]
    for prof in [*chosen, *map(profile_or_exit, builtin_ids())]:
        p = prof.data
        typer.echo(f"{prof.id}\t{p['title']}" + (f"\t（规则集文件 {prof.source}）" if prof in chosen else ""))
        typer.echo(f"  通知：{p['notice']}")
        typer.echo(f"  时间：{p['dates']['start']} 至 {p['dates']['end']}")
        typer.echo(f"  报送：{where(prof)}")


def register(app: typer.Typer) -> None:
    app.command("rules")(list_rules)
    app.command()(explain)
    app.command()(profiles)
