"""The words of a clause, for `wuxiao explain`: quoted from the notices (schemas/reference/clauses-*.json)."""

from __future__ import annotations

from wuxiao_cli.resources import load_json, schemas_dir


def clause_text(clause: str) -> str | None:
    for path in sorted((schemas_dir() / "reference").glob("clauses-*.json")):
        text = load_json(f"reference/{path.name}")["clauses"].get(clause)
        if text:
            return text
    return None
