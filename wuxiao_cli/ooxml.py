"""Bounds for Office Open XML packages (.docx, .xlsx) before a library opens them (SPEC §10 "Bounds").

python-docx reads every part of a package into memory and builds a grid cell per `gridSpan`
column, so a 40 KB file can ask for many gigabytes. Before it runs we judge the zip's directory
(entry count, declared sizes, compression methods: zipfile inflates bzip2/LZMA in one unbounded
call) and stream the main XML part through a tree-less counting parser (bytes actually inflated,
paragraphs, rows, cells, spans). Anything over a cap is refused as "过大", never read.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from wuxiao_cli.text import T

MB = 1 << 20
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_METHODS = {zipfile.ZIP_STORED: "Stored", zipfile.ZIP_DEFLATED: "Deflate"}  # what Word, WPS and Excel write


@dataclass(frozen=True)
class Caps:
    """Far above any real form (a 500-字 form's document.xml is ~100 KB, ~10,000 elements)."""

    entries: int = 5000
    part: int = 64 * MB  # any one part (an embedded photo included), declared
    total: int = 160 * MB  # all parts together, declared
    xml_part: int = 16 * MB  # the main XML part, inflated bytes actually read
    elements: int = 1_000_000
    paragraphs: int = 100_000
    rows: int = 20_000
    cells: int = 200_000
    span: int = 64  # Word's table grid has at most 63 columns


class Refused(ValueError):
    """The package is over a cap or uses a compression no Office program writes; ``why`` says which."""

    def __init__(self, why: T, too_large: bool = True):
        super().__init__(why.en)
        self.why = why
        self.too_large = too_large


def check_package(path: Path, main_part: str = "word/document.xml", caps: Caps = Caps()) -> None:
    """Raise Refused when ``path``'s zip directory or its ``main_part`` XML is over the caps.

    zipfile raises BadZipFile on a damaged zip: the caller reports that as unreadable.
    """
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        if len(infos) > caps.entries:
            raise Refused(T(f"有 {len(infos)} 个部件，超过上限 {caps.entries}", f"{len(infos)} parts, over {caps.entries}"))
        for info in infos:
            if info.compress_type not in _METHODS:
                raise Refused(T(f"部件 {info.filename[:50]} 用了 Office 不使用的压缩方式（编号 {info.compress_type}）",
                                f"Part {info.filename[:50]} uses compression method {info.compress_type}, "
                                "which Office never writes"), too_large=False)
            if info.file_size > caps.part:
                raise Refused(T(f"部件 {info.filename[:50]} 解压后 {info.file_size / MB:.0f} MB，超过上限 {caps.part // MB} MB",
                                f"Part {info.filename[:50]} inflates to {info.file_size / MB:.0f} MB, "
                                f"over {caps.part // MB} MB"))
        total = sum(i.file_size for i in infos)
        if total > caps.total:
            raise Refused(T(f"解压后共 {total / MB:.0f} MB，超过上限 {caps.total // MB} MB",
                            f"Inflates to {total / MB:.0f} MB in all, over {caps.total // MB} MB"))
        if main_part in zf.namelist():
            _scan_xml(zf, zf.getinfo(main_part), caps)


class _Counter:
    """An lxml parser target: counts as it goes and keeps no tree, so memory stays flat."""

    def __init__(self, caps: Caps):
        self.caps = caps
        self.counts = {"elements": 0, "paragraphs": 0, "rows": 0, "cells": 0}

    def _bump(self, what: str, zh: str) -> None:
        self.counts[what] += 1
        if self.counts[what] > getattr(self.caps, what):
            raise Refused(T(f"{zh}超过 {getattr(self.caps, what)} 个", f"more than {getattr(self.caps, what)} {what}"))

    def start(self, tag, attrib) -> None:
        self._bump("elements", "元素")
        if tag == f"{_W}p":
            self._bump("paragraphs", "段落")
        elif tag == f"{_W}tr":
            self._bump("rows", "表格行")
        elif tag == f"{_W}tc":
            self._bump("cells", "单元格")
        elif tag == f"{_W}gridSpan":
            value = attrib.get(f"{_W}val", "1")
            if not value.isdigit() or int(value[:6]) > self.caps.span:
                raise Refused(T(f"单元格合并了 {value[:12]} 列，超过上限 {self.caps.span} 列",
                                f"a cell spans {value[:12]} columns, over {self.caps.span}"))

    def end(self, tag) -> None:
        pass

    def data(self, text) -> None:
        pass

    def close(self) -> None:
        return None


def _scan_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, caps: Caps) -> None:
    from lxml import etree  # python-docx's own XML library

    parser = etree.XMLParser(target=_Counter(caps), resolve_entities=False, no_network=True)
    read = 0
    try:
        with zf.open(info) as src:
            while chunk := src.read(1 << 16):
                read += len(chunk)
                if read > caps.xml_part:
                    raise Refused(T(f"{info.filename} 解压后超过 {caps.xml_part // MB} MB",
                                    f"{info.filename} inflates past {caps.xml_part // MB} MB"))
                parser.feed(chunk)
        parser.close()
    except etree.XMLSyntaxError:
        pass  # a malformed document is python-docx's to report, with its own message


def open_docx(path: Path):
    """python-docx's Document for ``path``, after check_package: raises Refused, or what python-docx raises."""
    import docx

    check_package(path)
    return docx.Document(str(path))


_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def word_document(path: Path):
    """The root element (w:document) of a .docx's main part, for reading without python-docx.

    python-docx takes ~50 ms to import and reads every part of the package; reading a form's tables
    needs one part. It is found and parsed as python-docx does: through the package relationships and
    [Content_Types].xml, refused unless it is a Word document (not a template or macro file), parsed
    by lxml with python-docx's own settings. After check_package: raises Refused, or (like
    python-docx) KeyError / ValueError / lxml's XMLSyntaxError on a damaged package.
    """
    from lxml import etree

    check_package(path)
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)  # python-docx's oxml_parser
    with zipfile.ZipFile(path) as zf:
        types = etree.fromstring(zf.read("[Content_Types].xml"), parser)
        try:
            rels = list(etree.fromstring(zf.read("_rels/.rels"), parser).iterchildren(_RELATIONSHIP))
        except KeyError:
            rels = []
        main = [r for r in rels if r.get("Type") == OFFICE_DOCUMENT]
        if len(main) != 1:
            raise (KeyError if not main else ValueError)(f"{len(main)} officeDocument relationships")
        if main[0].get("TargetMode") == "External":
            raise ValueError("the main document is outside the package")
        partname = posixpath.abspath(posixpath.join("/", main[0].get("Target", "")))
        kind = _content_type(types, partname)
        if kind != WORD_MAIN:
            raise ValueError(f"file '{path.name}' is not a Word file, content type is '{kind}'")
        if partname != "/word/document.xml":  # check_package scanned the usual name: hold this one to the caps too
            _scan_xml(zf, zf.getinfo(partname[1:]), Caps())
        return etree.fromstring(zf.read(partname[1:]), parser)


def _content_type(types, partname: str) -> str:
    """The part's content type: its Override, else the Default for its extension (both case-insensitive)."""
    ext = posixpath.splitext(partname)[1][1:].lower()
    for tag, attribute, wanted in (("Override", "PartName", partname.lower()), ("Default", "Extension", ext)):
        found = [e for e in types.iterchildren(_CONTENT_TYPES + tag) if e.get(attribute, "").lower() == wanted]
        if found:
            return found[-1].get("ContentType")  # the last of repeated entries, as python-docx keeps it
    raise KeyError(f"no content type for partname '{partname}' in [Content_Types].xml")


# ISO/IEC 29500 Strict: what Word's "Strict Open XML 文档" and Excel's "Strict Open XML 电子表格" save types
# write. The same parts and content types, but every namespace and relationship type is renamed, so
# python-docx, openpyxl and our own reader find no main document (KeyError) or no cells.
STRICT = "http://purl.oclc.org/ooxml/"
STRICT_OFFICE_DOCUMENT = STRICT + "officeDocument/relationships/officeDocument"
RELS_BYTES = 1 << 20  # _rels/.rels lists a handful of parts: ~1 KB
ROOT_BYTES = 1 << 16  # the main part's root element starts within its first few hundred bytes


def is_strict(path: Path) -> bool:
    """Whether ``path`` is a Strict Open XML package: its officeDocument relationship is Strict's, or its
    main part's root element is in a Strict namespace. Reads at most RELS_BYTES of _rels/.rels and
    ROOT_BYTES of the main part; False whenever it cannot tell (the reader then says what is wrong)."""
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as zf:
            rels = _small_part(zf, "_rels/.rels", RELS_BYTES)
            if rels is None:
                return False
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            targets = {r.get("Type"): r.get("Target", "") for r in
                       etree.fromstring(rels, parser).iterchildren(_RELATIONSHIP)}
            if STRICT_OFFICE_DOCUMENT in targets:
                return True
            if OFFICE_DOCUMENT not in targets:
                return False
            partname = posixpath.abspath(posixpath.join("/", targets[OFFICE_DOCUMENT]))[1:]
            return _root_namespace(zf, partname).startswith(STRICT)
    except Exception:  # a damaged zip or XML: not this function's to report
        return False


def _small_part(zf: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """The part's bytes if it is there, in a compression Office writes, and at most ``limit`` bytes."""
    info = zf.getinfo(name) if name in zf.namelist() else None
    if info is None or info.compress_type not in _METHODS or info.file_size > limit:
        return None
    with zf.open(info) as src:
        data = src.read(limit + 1)
    return data if len(data) <= limit else None


def _root_namespace(zf: zipfile.ZipFile, name: str) -> str:
    """The namespace of the part's root element, from at most ROOT_BYTES of it ("" if not found there)."""
    from lxml import etree

    info = zf.getinfo(name)
    if info.compress_type not in _METHODS:
        return ""
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True)
    with zf.open(info) as src:
        read = 0
        while read < ROOT_BYTES and (chunk := src.read(4096)):
            read += len(chunk)
            parser.feed(chunk)
            for _event, element in parser.read_events():
                return etree.QName(element).namespace or ""
    return ""
