"""The form's fields as its JSON Schema declares them: labels, aliases, and value shapes."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from wuxiao_cli.forms.none_words import NONE, means_none

_BRACKETED = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_NOISE = re.compile(r"[\s*＊:：、,，.。/／·_\-—]+")
LABEL_CHARS = 40  # a label cell, hint in brackets and all; a longer cell is a value


def normalise_label(text: str) -> str:
    """成果简介（500字以内）：* → 成果简介; tolerant of 全角/半角 colons, * marks, spaces and hints."""
    first = text.strip().split("\n", 1)[0]
    return _NOISE.sub("", _BRACKETED.sub("", first))


@dataclass(frozen=True)
class FieldSpec:
    key: str
    schema: dict

    @property
    def label(self) -> str:
        return self.schema.get("x-label", self.key)

    @property
    def rule(self) -> str | None:
        return self.schema.get("x-rule")

    @property
    def hint(self) -> str:
        return self.schema.get("x-hint", "")

    @property
    def item(self) -> int | None:
        return self.schema.get("x-item")

    @property
    def is_list(self) -> bool:
        return self.schema.get("type") == "array"


class FormSchema:
    """Lookup over a form schema's properties by key, label or alias."""

    def __init__(self, schema: dict):
        self.schema = schema
        self.fields = {k: FieldSpec(k, v) for k, v in schema.get("properties", {}).items()}
        self._by_label: dict[str, str] = {}
        for key, spec in self.fields.items():
            for name in (key, spec.label, *spec.schema.get("x-aliases", ())):
                self._by_label.setdefault(normalise_label(name), key)

    def resolve(self, label: str) -> str | None:
        """The field key a docx label or TOML key names, or None."""
        return self._by_label.get(normalise_label(label))

    def label_of_cell(self, text: str) -> str | None:
        """The field key a whole table cell names when it is only a label (one short line: 课程名称, 联系电话：),
        or None. A value is never this: a cell reading 提交单位 is the form's header, not a 课程名称."""
        text = text.strip()
        if not text or "\n" in text or len(text) > LABEL_CHARS:
            return None
        return self.resolve(text)

    def column_key(self, label: str, beside: set[str]) -> str | None:
        """The field a column header names in a header row whose other columns are ``beside``: a field's
        ``x-column`` ({"label": "联系电话", "beside": "completers"}) says that under a grid of 课程名称 |
        提交单位 | 完成人 | 联系电话 the 联系电话 column is the 完成人's (附件4), not the 上报单位's."""
        wanted = normalise_label(label)
        for key, spec in self.fields.items():
            column = spec.schema.get("x-column")
            if column and normalise_label(column["label"]) == wanted and column["beside"] in beside:
                return key
        return self.resolve(label)

    @property
    def required(self) -> list[str]:
        return list(self.schema.get("required", ()))


# Clerks separate names with 、 , ; / or spaces; a space between Latin letters stays inside one name
# (after a note's closing bracket, 张一（外聘） 李四, it is between names).
_NAME_SEPARATORS = re.compile(r"[、，,;；/／|｜\n]+|(?<=[\u4e00-\u9fff）)】\]])\s+(?=[\u4e00-\u9fff])")
_NAME_HONOR = re.compile(r"^\s*([^:：]+?)\s*[:：]\s*(.*?)\s*$")
# A note after a name, 张一（工程训练中心、实训科） or 张一(高级技师，执笔): its separators are not between names.
_NAME_NOTE = re.compile(r"[（(【\[][^（(【\[）)】\]]*[）)】\]]")


def split_names(text: str) -> list[str]:
    """The names in a cell of names, separators inside a bracketed note left alone."""
    notes = [m.span() for m in _NAME_NOTE.finditer(text)]  # in order, not overlapping
    starts = [a for a, _ in notes]
    names, start = [], 0
    for m in _NAME_SEPARATORS.finditer(text):
        i = bisect.bisect_left(starts, m.start()) - 1  # the last note opening before this separator
        if i < 0 or m.start() >= notes[i][1]:
            names.append(text[start:m.start()])
            start = m.end()
    return [*names, text[start:]]


def bare_name(name: str) -> str:
    """张一（高级技师） → 张一: the person, without the note written after the name."""
    return _NAME_NOTE.sub("", name).strip() or name


def people(name: str) -> set[str]:
    """Whom a completer entry can stand for: the person, and the names its bracket lists where the cell groups
    people by team (一组（张一、张二）); a note such as （工程训练中心、实训科） only adds words no one is named."""
    inside = (n.strip() for m in _NAME_NOTE.finditer(name) for n in split_names(m.group()[1:-1]))
    return {bare_name(name), *filter(None, inside)}


def coerce(value, spec: FieldSpec):
    """A raw value (docx text, TOML/JSON scalar or list) in the shape the schema asks for.

    Returns None for a blank value, so a blank required field is reported as missing.
    """
    if value is None:
        return None
    if spec.is_list:
        items = value if isinstance(value, list) else [value]
        if spec.schema.get("x-split") == "name-honor":
            return _name_honors(items)
        if spec.schema.get("x-split") == "rows":
            return _rows(items, spec.schema.get("x-columns", []))
        names = [n.strip() for item in items for n in split_names(_scalar(item))]
        if not any(_scalar(i).strip() for i in items):
            return None
        return [n for n in _rejoin_padded([n for n in names if n]) if not means_none(n)]  # 张三、无: one person
    if spec.schema.get("type") in ("number", "integer"):
        return number(value, spec)
    text = _scalar(value).strip()
    if "pattern" in spec.schema:  # a code (身份证号, 邮编, e-mail): full-width ２１０００９ from a Chinese IME is 210009
        text = unicodedata.normalize("NFKC", text)
    return canonical(text, spec) if text else None


_DECIMAL = re.compile(r"[+-]?\d+(?:\.\d+)?")


def number(value, spec: FieldSpec):
    """A number field's value (``"type": "number"`` or ``"integer"``) as a number, to compare with its
    minimum/maximum: a JSON/TOML number as it is; text written as one number — 12.5, full-width １２．５,
    1,250 with thousands commas, or followed by the field's own ``x-unit`` (12.5万元 when x-unit is 万元).
    Anything else (约十二万元, 12.5亿元, 10–20) stays text, for the schema's type to report as not a number:
    guessing at words or another unit would compare the wrong quantity.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = unicodedata.normalize("NFKC", _scalar(value)).strip()
    if not text:
        return None
    unit = unicodedata.normalize("NFKC", spec.schema.get("x-unit", ""))
    bare = text[:-len(unit)].strip() if unit and text.endswith(unit) else text
    bare = re.sub(r"(?<=\d),(?=\d{3}(?:\D|$))", "", bare)
    if not _DECIMAL.fullmatch(bare):
        return text
    return float(bare) if "." in bare else int(bare)


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def canonical(text: str, spec: FieldSpec) -> str:
    """A free-text option cell (``x-synonyms``) read as one of its options, else returned as written.

    In turn: the option itself, a listed synonym (本科 → 大学本科, 高级工程师 → 副高级), a none-word (/, 暂无,
    无职称) as the option 无 when the list has it, then, for a free-text cell (``x-free-text``) only, the
    longest option of two or more characters the text contains (高级工（三级） → 高级工, 正高级工程师 → 正高级).
    """
    synonyms, options = spec.schema.get("x-synonyms"), spec.schema.get("enum")
    if synonyms is None or not options:
        return text
    folded = _fold(text)
    exact = {_fold(o): o for o in options} | {_fold(k): v for k, v in synonyms.items()}
    if folded in exact:
        return exact[folded]
    if NONE in options and means_none(text):
        return NONE
    # A closed choice (一线职工类别) takes listed wordings only: 非一线工人, or the hint's "A或B" left in, is no choice.
    if not spec.schema.get("x-free-text"):
        return text
    inside = [o for o in options if len(o) > 1 and _fold(o) in folded]
    return max(inside, key=len) if inside else text


def _rejoin_padded(names: list[str]) -> list[str]:
    """"王  伟" padded to line up with three-character names is one person: no name is a single 字."""
    out: list[str] = []
    for name in names:
        if len(name) == 1 and out and len(out[-1]) == 1:
            out[-1] += name
        else:
            out.append(name)
    return out


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return str(value)
    return str(value)


def _name_honors(items: list) -> list[dict] | None:
    out = []
    for item in items:
        if isinstance(item, dict):
            name = _scalar(item.get("name", item.get("姓名", ""))).strip()
            honor = _scalar(item.get("honor", item.get("荣誉", ""))).strip()
            if name and not means_none(name):
                out.append({"name": name, "honor": honor})
            continue
        for line in _scalar(item).splitlines():
            if not line.strip():
                continue
            m = _NAME_HONOR.match(line)
            name, honor = (m.group(1), m.group(2)) if m else (line.strip(), "")
            if means_none(name):  # a line of 无 or / lists nobody
                continue
            out.append({"name": name, "honor": honor})
    return out or None


_CELL_SEPARATORS = re.compile(r"\s*[|｜\t]\s*")


def _rows(items: list, columns: list[str]) -> list[dict] | None:
    """A small table (x-columns): TOML/JSON tables kept as dicts of text; docx lines split on | ｜ or tabs."""
    out = []
    for item in items:
        if isinstance(item, dict):
            row = {str(k): _scalar(v).strip() for k, v in item.items() if _scalar(v).strip()}
            if row:
                out.append(row)
            continue
        for line in _scalar(item).splitlines():
            if line.strip():
                cells = _CELL_SEPARATORS.split(line.strip())
                out.append({c: v for c, v in zip(columns, cells, strict=False) if v})
    return out or None
