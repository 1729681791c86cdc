"""The words of a clause, for `wuxiao explain`: quoted from the notices (schemas/reference/clauses-*.json).

Each file quotes one notice under ``clauses``; ``tool`` holds the few citations that are the tool's own
requirements (packaging), never a notice's; ``tool_rules`` words the tool's own requirement of one rule
(K001–K006 all cite "packaging", each for a requirement of its own). A profile names its notice's file
as ``reference.clauses``.
"""

from __future__ import annotations

from wuxiao_cli.resources import load_json, schemas_dir

# "packaging" is the tool's own citation (not a notice's clause): a report keeps the ID, a reader sees this
TOOL_TITLES = {"packaging": "打包要求（本工具）"}


def clause_title(clause: str, lang: str = "zh") -> str:
    """A citation as a report shows it: a notice's clause as cited, the tool's own under its Chinese title."""
    return TOOL_TITLES.get(clause, clause) if lang == "zh" else clause


def quoted(table: dict) -> dict[str, str]:
    """Every citation of one clauses file: the notice's clauses and the tool's own."""
    return {**table.get("clauses", {}), **table.get("tool", {})}


def profile_clauses(profile) -> dict[str, str]:
    """The citations a profile's notice has (empty when the profile names no clauses file)."""
    ref = profile.data.get("reference", {}).get("clauses")
    return quoted(profile.load_json(ref)) if ref else {}


def clause_text(clause: str, profile=None, rule_id: str | None = None) -> str | None:
    """The quoted words of a citation: from the profile's own notice, or (no profile) from any notice.
    ``rule_id``: for a tool citation, that rule's own requirement when the file words one."""
    if profile is not None:
        ref = profile.data.get("reference", {}).get("clauses")
        tables = [profile.load_json(ref)] if ref else []
    else:
        tables = [load_json(f"reference/{p.name}") for p in sorted((schemas_dir() / "reference").glob("clauses-*.json"))]
    for table in tables:
        if rule_id and clause in table.get("tool", {}) and (own := table.get("tool_rules", {}).get(rule_id)):
            return own
        if text := quoted(table).get(clause):
            return text
    return None
