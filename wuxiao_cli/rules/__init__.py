"""The registry of rules by stable ID. Families are listed here explicitly: no discovery magic.

To add a rule: write it with ``@rule(...)`` in its family's module and add it to that module's
list below. IDs are stable interfaces (SPEC §5): add, never rename.
"""

from __future__ import annotations

from wuxiao_cli.rules import (
    archive,
    audio,
    authorization,
    batch,
    craftsman,
    form,
    jiangsu,
    names,
    nominator,
    nominator_materials,
    package,
    photos,
    quiz,
    received,
    report_table,
    roadshow,
    videos,
)
from wuxiao_cli.rules.base import Rule

_ALL: list[Rule] = [
    form.no_form, form.unreadable_form, form.missing_field, form.name_length, form.completers_count,
    form.first_completer_intro, form.vague_unit, form.phone_format, form.union_known, form.category_known,
    form.summary, form.industry, form.background_length, form.goal, form.innovation, form.benefits,
    form.new_quality, form.plain_text, craftsman.craftsman_materials, names.unsafe_names,
    received.form_in_other_format, received.two_folders_for_one_role,
    names.links_and_unreadable, names.colliding_names,
    photos.photos_folder, photos.photo_count, photos.real_jpeg, photos.readable_jpeg, photos.resolution,
    photos.too_small, photos.too_large, photos.photo_names, photos.pixel_size, photos.embedded_photos,
    photos.stray_files,
    videos.videos_present, videos.mp4_container, videos.readable_video, videos.resolution, videos.duration,
    videos.codec, videos.video_names, videos.has_audio, videos.bitrate,
    audio.audio_present, audio.real_mp3, audio.readable_mp3, audio.audio_names,
    authorization.authorization_present, authorization.readable_scans, authorization.red_seal,
    package.junk_left_out, package.over_limit, package.integrity, package.no_manifest,
    package.partial_package, package.changed_while_packing,
    roadshow.intro_missing, roadshow.intro_unreadable, roadshow.intro_section_missing, roadshow.intro_length,
    roadshow.declaration, roadshow.intro_conflict, report_table.report_table_scan, report_table.report_table_seal,
    quiz.bank_present, quiz.real_xlsx, quiz.header, quiz.question_count, quiz.question_type, quiz.question_text,
    quiz.single_answer, quiz.multiple_answer, quiz.judgement_answer, quiz.answer_exists, quiz.options_filled,
    quiz.difficulty, quiz.source_given, quiz.source_times, quiz.duplicates, quiz.answer_form, quiz.explanation,
    quiz.both_origins, quiz.set_names, quiz.examples_left,
    # S: Jiangsu projects (profile jiangsu-2023); J: a Jiangsu nominator's batch
    jiangsu.id_number, jiangsu.phones, jiangsu.emails, jiangsu.postcodes, jiangsu.options, jiangsu.team,
    jiangsu.word_limits, jiangsu.awards, jiangsu.other_completers, jiangsu.certificates, jiangsu.implemented,
    jiangsu.in_jiangsu, jiangsu.exclusions, jiangsu.frontline, jiangsu.field_category, jiangsu.before_after_photos,
    jiangsu.project_video, jiangsu.attachments_present, jiangsu.attachments_readable, jiangsu.nomination_seal, jiangsu.completer_photos,
    jiangsu.nickname,
    *nominator.RULES, *nominator_materials.RULES,
    *archive.RULES,  # Z: received archives (check, pack, fix on a zip/7z/rar)
    batch.same_name, batch.similar_names, batch.shared_media, batch.quota, batch.check_incomplete,
]

RULES: dict[str, Rule] = {r.id: r for r in sorted(_ALL, key=lambda r: r.id)}
assert len(RULES) == len(_ALL), "duplicate rule ID"


class UnknownRule(KeyError):
    pass


def get(rule_id: str) -> Rule:
    """The rule with this ID; fails loudly on an unknown one."""
    try:
        return RULES[rule_id.upper()]
    except KeyError:
        raise UnknownRule(rule_id) from None


def for_profile(profile, scope: str | None = "project") -> list[Rule]:
    """The rules a profile applies, in ID order; ``scope=None`` lists every scope (for `wuxiao rules`)."""
    return [r for r in RULES.values() if profile.enabled(r.id) and (scope is None or r.scope == scope)]
