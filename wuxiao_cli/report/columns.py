"""The report columns that show a project's name, unit and union, labelled as the profile's own form labels
them: 创新成果名称/成果完成单位/所属上级工会 (national), 课程名称/提交单位/上报单位 (roadshow 附件4),
项目名称/第一完成单位名称/工会全称 (Jiangsu 提名书, which has no 上级工会). The JSON keys stay name/unit/union."""

from __future__ import annotations

NATIONAL = ("创新成果名称", "成果完成单位", "所属上级工会")


def _profile(profile=None, profile_id: str | None = None):
    """``profile``, else the built-in profile ``profile_id`` names (a report dict's "profile"), else None."""
    if profile is None and profile_id:
        from wuxiao_cli.profile import ProfileError, builtin_ids, load_profile

        if profile_id in builtin_ids():
            try:
                profile = load_profile(profile_id)
            except ProfileError:
                profile = None
    return profile


def field_label(key: str, profile=None, profile_id: str | None = None) -> str:
    """A finding's form field as its form labels it (phone → 联系电话); the key only when the form has no label."""
    profile = _profile(profile, profile_id or "national-2024")
    spec = profile.form_schema.fields.get(key) if profile is not None else None
    return spec.label if spec is not None and spec.label else key


def column_labels(profile=None, profile_id: str | None = None) -> tuple[str, str, str]:
    """(name, unit, union) labels: from ``profile``, else the built-in profile ``profile_id`` names (a report
    dict's "profile"), else the national form's."""
    profile = _profile(profile, profile_id)
    if profile is None:
        return NATIONAL
    form = profile.data.get("form", {})
    fields = profile.form_schema.fields
    keys = (form.get("name_field", "name"), form.get("unit_field", "unit"), form.get("union_field", "union"))
    return tuple(fields[k].label if k in fields and fields[k].label else default
                 for k, default in zip(keys, NATIONAL, strict=True))
