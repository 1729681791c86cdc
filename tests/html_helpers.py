"""Checks shared by the HTML report tests: a strict parse and no reference that leaves the file."""

from __future__ import annotations

import re

import html5lib

_URL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?!data:|#)([^"'\s>]+)|url\(\s*["']?(?!data:)([^)"']+)""", re.I)


def strict_parse(text: str):
    """html5lib in strict mode raises on the first parse error (bad nesting, stray end tags, …)."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)


def outside_refs(text: str) -> list[str]:
    """Every src/href/url() that is not a data: URI or an in-page anchor."""
    return [a or b for a, b in _URL.findall(text)]
