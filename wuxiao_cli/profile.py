"""Profiles: one notice's rules as data (SPEC §8), validated against schemas/profile.schema.json.

A user's profile is validated each time it is loaded. The built-in ones ship inside the package and are
validated by the test suite instead (tests/test_startup.py): that keeps jsonschema (tens of milliseconds
to import) out of every ordinary `wuxiao check`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from wuxiao_cli.capped import TooLarge, read_capped
from wuxiao_cli.resources import load_json, schemas_dir

DEFAULT_PROFILE = "national-2024"
PROFILE_BYTES = 1024 * 1024  # a --profile file: the built-in ones are 2–6 KB


class ProfileError(Exception):
    """A profile that cannot be used: unknown ID, unreadable file, or invalid against the schema."""


@dataclass(frozen=True)
class Profile:
    data: dict
    source: str
    base_dir: Path | None = field(compare=False, default=None)  # a user's profile's folder; None: built-in

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def families(self) -> tuple[str, ...]:
        return tuple(self.data["families"])

    @cached_property
    def form_schema(self):
        """The form's JSON Schema wrapped for lookups by label (wuxiao_cli.forms.fields.FormSchema)."""
        from wuxiao_cli.forms.fields import FormSchema

        return FormSchema(self.load_json(self.data["form"]["schema"]))

    def section(self, name: str) -> dict:
        """A block of numbers, e.g. ``profile.section("photos")["min_dpi"]``."""
        return self.data.get(name, {})

    def folder(self, role: str) -> str:
        """The folder name for a role (photos, videos, audio, authorization, craftsman)."""
        return self.data.get("layout", {}).get(role, role)

    def folder_names(self, role: str) -> list[str]:
        """The role's folder name, then the other names people give it (照片 for photos): profile data."""
        return [self.folder(role), *self.data.get("aliases", {}).get(role, [])]

    def severity_for(self, rule_id: str) -> str | None:
        return self.data.get("severity", {}).get(rule_id)

    def level_of(self, rule) -> str:
        """The level a rule runs at under this profile, as rules list it (E, W, I, or its own split E/W)."""
        override = self.severity_for(rule.id)
        return {"error": "E", "warning": "W", "info": "I"}[override] if override else rule.severity

    def clause_of(self, rule) -> str:
        """The clause a rule cites under this profile's notice: the profile's mapping, else the rule's own."""
        return self.data.get("clauses", {}).get(rule.id, rule.clause)

    def applies(self, family: str) -> bool:
        """Package (K) and archive (Z) rules go with every profile; the others with the families it lists."""
        return family in self.families or family in ("K", "Z")

    def enabled(self, rule_id: str) -> bool:
        """A rule of a family the profile applies, unless the profile disables it."""
        return self.applies(rule_id[0]) and rule_id not in self.data.get("disabled", [])

    def has_ref(self, key: str) -> bool:
        """Whether the profile names this reference table: the checks that need one it lacks (附件2's unions
        under a Jiangsu-based profile) do not run, as there is nothing to check against."""
        return key in self.data.get("reference", {})

    def load_ref(self, key: str):
        """A reference table named in the profile's ``reference`` block (path under schemas/)."""
        return self.load_json(self.data["reference"][key])

    def load_json(self, relpath: str):
        """A schemas/ file; a user profile may ship its own beside itself, which then wins."""
        own = self.own_file(relpath)
        if own is not None:
            return json.loads(own.read_text(encoding="utf-8-sig"))
        return load_json(relpath)

    def own_file(self, relpath: str) -> Path | None:
        """The user's profile's own copy of a schemas/ file (forms/…, reference/…), if it has one."""
        own = self.base_dir / relpath if self.base_dir is not None else None
        return own if own is not None and own.is_file() else None


def builtin_ids() -> list[str]:
    return sorted(p.stem for p in (schemas_dir() / "profiles").glob("*.json"))


def load_profile(ref: str | None) -> Profile:
    """A built-in profile by ID, or a user's profile JSON by path. Raises ProfileError."""
    ref = ref or DEFAULT_PROFILE
    path = Path(ref)
    shipped = schemas_dir() / "profiles" / path.name
    by_path = path.is_file() and shipped.is_file() and path.samefile(shipped)  # the built-in's own file
    builtin = ref in builtin_ids() or by_path
    if builtin:
        path = shipped if by_path else schemas_dir() / "profiles" / f"{ref}.json"
        base = None
    elif path.suffix.lower() == ".json" or path.exists():
        base = path.absolute().parent  # absolute: "x.json" has parent ".", found beside it from any cwd
    else:
        raise ProfileError(f"没有名为 {ref} 的内置规则集（可用：{'、'.join(builtin_ids())}），也找不到该文件")
    try:
        raw = read_capped(path, PROFILE_BYTES)
    except TooLarge as exc:
        raise ProfileError(f"规则集文件 {path} 过大：{exc.why.zh}，未读取；规则集只有几 KB，请检查是否选错了文件") from None
    except OSError as exc:
        raise ProfileError(f"无法读取规则集文件 {path}：{exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError, MemoryError):  # the user's file, not our fault: where and what, in Chinese
        from wuxiao_cli.profile_check import decode_json

        decode_json(raw, f"规则集文件 {path}")
        raise
    profile = Profile(data, str(path), base)
    if not builtin:  # a user's file: checked whole now, so a mistake is one line here and not a fault later
        from wuxiao_cli.profile_check import check

        validate_profile(data, str(path))
        check(profile)
    return profile


def validate_profile(data: dict, source: str) -> None:
    """The profile against schemas/profile.schema.json, in Chinese (wuxiao_cli.profile_check). Raises ProfileError."""
    from wuxiao_cli.profile_check import validate

    validate(data, source)
