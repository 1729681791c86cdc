"""A user's profile as an IT person writes one: national-2024 copied as national-2025, with its own form schema."""

from __future__ import annotations

import json

from conftest import REPO


def builtin(name: str) -> dict:
    return json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))


def write_profile(folder, name="national-2025.json", change=None, change_form=None, form_bytes=None):
    """The profile file in ``folder`` and forms/national-2025.schema.json beside it (字数 300–600 for 成果简介).
    ``change``/``change_form`` edit the data in place; ``form_bytes`` writes the form schema file as given."""
    data = builtin("profiles/national-2024.json")
    data.update(id="national-2025", form={**data["form"], "schema": "forms/national-2025.schema.json"})
    form = builtin("forms/national-2024.schema.json")
    form["properties"]["summary"]["zishu"] = {"min": 300, "max": 600}
    if change:
        change(data)
    if change_form:
        change_form(form)
    (folder / "forms").mkdir(parents=True, exist_ok=True)
    text = json.dumps(form, ensure_ascii=False, indent=2)
    (folder / "forms/national-2025.schema.json").write_bytes(form_bytes(text) if form_bytes else text.encode())
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
