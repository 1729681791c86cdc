"""Load the project's form (form.docx / form.toml / form.json, or any one .docx carrying the form's labels)
into one dict, whatever the source.

Loading never raises: a missing form, two forms or an unreadable one are recorded for F001/F002.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from wuxiao_cli.capped import TooLarge, read_capped
from wuxiao_cli.forms.fields import coerce
from wuxiao_cli.forms.none_words import NONE, means_none
from wuxiao_cli.ooxml import Refused, is_strict
from wuxiao_cli.sniff import describe, sniff
from wuxiao_cli.syntax import JSON_HOW, TOML_HOW, json_error, toml_error
from wuxiao_cli.text import T

# A form.toml/json holds a dozen fields of at most a few hundred 字 (~10 KB in UTF-8) and no pictures;
# 2 MB is 200 times that, parsed in well under a second. Past it the file is not a form someone typed.
TEXT_FORM_BYTES = 2 * 1024 * 1024


@dataclass
class FormData:
    data: dict | None = None
    source: str | None = None
    candidates: list[str] = field(default_factory=list)
    error: T | None = None  # why the form could not be read (F002)
    error_kind: str | None = None  # "strict": a Strict Open XML .docx; "encoding": text not in UTF-8 (F002's hints)
    error_hint: T | None = None  # a fix as particular as the error (the line of a syntax error)
    cell_media: dict[str, dict[str, int]] = field(default_factory=dict)  # docx: images/tables per field
    embedded_images: int = 0  # docx: pictures anywhere in the document (P010)
    unknown_labels: list[str] = field(default_factory=list)
    none_written: dict[str, str] = field(default_factory=dict)  # optional fields written 无, / …: blank, as written


def load_form(project) -> FormData:
    schema = project.profile.form_schema
    names = project.profile.data["form"]["files"]
    found = [e for e in (project.top_file(n) for n in names) if e is not None] or labelled_docx(project)
    out = FormData(candidates=[e.rel for e in found])
    if len(found) != 1:
        return out
    entry = found[0]
    out.source = entry.rel
    kind = sniff(entry.path)
    ext = entry.suffix
    try:
        if ext == ".docx":
            if kind != "docx":
                out.error = _not_a(entry.rel, "Word .docx", kind)
                return out
            from wuxiao_cli.forms.docx_form import read_docx

            raw, out.cell_media, out.embedded_images, out.unknown_labels = read_docx(entry.path, schema)
        else:
            text = read_capped(entry.path, TEXT_FORM_BYTES).decode("utf-8-sig")
            raw = _toml(text) if ext == ".toml" else json.loads(text)
            if not isinstance(raw, dict):
                out.error = T(f"{entry.rel} 的顶层应是“键: 值”的对象", f"{entry.rel} must hold an object at top level")
                return out
            raw = {schema.resolve(k) or k: v for k, v in raw.items()}
    except UnicodeDecodeError as exc:
        if exc.object[:2] in (b"\xff\xfe", b"\xfe\xff"):  # the bytes read: Notepad's "Unicode" is UTF-16 with its mark
            out.error = T(f"{entry.rel} 是 UTF-16 编码（记事本的“Unicode”），不是 UTF-8",
                          f"{entry.rel} is UTF-16 encoded (Notepad's 'Unicode'), not UTF-8")
        else:
            out.error = T(f"{entry.rel} 不是 UTF-8 编码（可能是 GBK/ANSI）",
                          f"{entry.rel} is not UTF-8 encoded (probably GBK/ANSI)")
        out.error_kind = "encoding"
        return out
    except _TomlSyntaxError as exc:
        out.error, out.error_hint = toml_error(entry.rel, str(exc))
        return out
    except json.JSONDecodeError as exc:
        out.error, out.error_hint = json_error(entry.rel, exc)
        return out
    except (RecursionError, MemoryError):  # [[[… or {a={a=… nested 100,000 deep: refused like a too large file
        how = JSON_HOW if ext == ".json" else TOML_HOW
        out.error = T(f"{entry.rel} 表单文件异常（结构嵌套过深）：方括号或花括号一层套一层，为安全起见未读取",
                      f"{entry.rel} is abnormal (nested too deep); not read")
        pair = "键: 值" if ext == ".json" else "键 = 值"
        out.error_hint = T(f"表单只需一层“{pair}”，不要把 [ ] 或 {{ }} 层层嵌套；用记事本打开 {entry.rel} 改正：{how.zh}",
                           f"A form is one level of keys and values; do not nest [ ] or {{ }}: {how.en}")
        return out
    except (Refused, TooLarge) as exc:
        what = ("过大", "too large") if exc.too_large else ("格式异常", "malformed")
        out.error = T(f"{entry.rel} 表单文件异常（{what[0]}）：{exc.why.zh}，未读取",
                      f"{entry.rel} is abnormal ({what[1]}): {exc.why.en}; not read")
        if isinstance(exc, TooLarge):
            out.error_hint = T(f"表单只填各栏文字，通常只有几 KB：用记事本打开 {entry.rel}，删去误粘贴的大段内容后保存；"
                               "或改用 `wuxiao init` 生成的 form.docx 填写",
                               f"A form holds only its fields' text, a few KB: remove what was pasted into {entry.rel} "
                               "by mistake, or fill in the form.docx that `wuxiao init` makes")
        return out
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        if ext != ".docx":
            how = JSON_HOW if ext == ".json" else TOML_HOW
            out.error = T(f"{entry.rel} 无法读取，请检查文件内容", f"{entry.rel} cannot be read ({type(exc).__name__})")
            out.error_hint = T(f"用记事本打开 {entry.rel} 改正：{how.zh}", f"Correct {entry.rel}: {how.en}")
            return out
        if is_strict(entry.path):  # why it failed, told only once it has: the usual form costs nothing more
            out.error, out.error_kind = _strict(entry.rel), "strict"
            return out
        out.error = T(
            f"{entry.rel} 无法作为 Word 文档打开（{type(exc).__name__}），文件可能已损坏",
            f"{entry.rel} cannot be opened as a Word document ({type(exc).__name__}); it may be damaged",
        )
        return out
    data = {}
    required = set(schema.required)
    for key, value in raw.items():
        spec = schema.fields.get(key)
        # 工匠 无 is nobody, not a person 无; an option list with 无 in it (学位) takes it as its answer
        if spec is not None and key not in required and NONE not in spec.schema.get("enum", ()) and means_none(value):
            out.none_written[key] = value if isinstance(value, str) else "、".join(map(str, value))
            continue
        coerced = coerce(value, spec) if spec else value
        if coerced is not None:
            data[key] = coerced
    out.data = data
    return out


class _TomlSyntaxError(ValueError):
    """tomllib's TOMLDecodeError in its own words: the TOML parser is imported only for a form.toml."""


def _toml(text: str) -> dict:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _TomlSyntaxError(str(exc)) from None


MIN_LABELS = 3  # a .docx whose tables carry this many of the form's labels is the form, whatever its name


def labelled_docx(project) -> list:
    """Top-level .docx files (any name: 申报表.docx, 成果申报表-张三.docx) whose tables carry the form's labels;
    when there is none, those saved as Strict Open XML, whose labels cannot be read: one of them may be
    the form, and F002 then says how to save it again, where "no form" would send the worker looking."""
    from wuxiao_cli.forms.docx_form import read_docx

    out, strict = [], []
    for entry in project.files:
        if "/" in entry.rel or entry.suffix != ".docx" or sniff(entry.path) != "docx":
            continue
        try:
            raw = read_docx(entry.path, project.profile.form_schema)[0]
        except Exception:  # a damaged file raises many kinds: then it is not the form
            if is_strict(entry.path):
                strict.append(entry)
            continue
        if len(raw) >= MIN_LABELS:
            out.append(entry)
    return out or strict


def _strict(rel: str) -> T:
    return T(
        f"{rel} 是 Word 的“Strict Open XML 文档”格式（ISO/IEC 29500 严格格式，命名空间为 purl.oclc.org/ooxml），"
        "不是常用的“Word 文档 (*.docx)”格式，读不出其中的表单",
        f"{rel} is a Word 'Strict Open XML Document' (ISO/IEC 29500 Strict, purl.oclc.org/ooxml namespaces), "
        "not an ordinary 'Word Document (*.docx)': its form cannot be read",
    )


def _not_a(rel: str, wanted: str, kind: str) -> T:
    return T(
        f"{rel} 不是真正的 {wanted} 文件，实际是：{describe(kind)}",
        f"{rel} is not a real {wanted} file; its content is: {kind}",
    )
