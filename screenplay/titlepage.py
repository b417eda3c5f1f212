"""The title page: the first block of ``Key: value`` lines (convention 9).

Why its own module: the title page follows different rules from the body
(keys, indented continuation lines, Beat's unindented ones) and it must not
swallow a script that simply starts with ``FADE IN:``.
"""
from __future__ import annotations

import re

from screenplay.fastnew import fast_constructor
from screenplay.model import TitlePageField

__all__ = ["read_title_page"]

_new_field = fast_constructor(TitlePageField)
# `Key: value`. Keys may hold spaces (`Draft date`) but start with a letter or digit.
_TITLE_KEY = re.compile(r"([^\W_][\w .'&/\-]{0,40}?)[ \t]*:(.*)")
# The parser's heading test (a test checks they agree): `INT. HOUSE: NIGHT` is not a key.
_HEADING = re.compile(r"(?:INT\.?/EXT|INT|EXT|EST|I/E)(?:\.[ \t]*|[ \t]+)\S", re.IGNORECASE)


def read_title_page(lines: list[str], stripped: list[str], nums) -> tuple[list[TitlePageField], int]:
    """Read the title page at the top, if there is one (convention 9).

    Args:
        lines: the script's lines; ``stripped``: the same, stripped.
        nums: the 1-based source line of each.

    Returns the fields and the index of the first body line. A first line like
    ``FADE IN:`` (no value, nothing indented under it) is not a title page.
    """
    n = len(lines)
    i = 0
    while i < n and not stripped[i]:
        i += 1
    if i >= n:
        return [], 0
    first = lines[i]
    if first[:1] in (" ", "\t"):
        return [], 0
    m = _TITLE_KEY.fullmatch(first)
    if m is None or _HEADING.match(first) is not None:
        return [], 0
    has_value = bool(m.group(2).strip())
    indented_next = i + 1 < n and stripped[i + 1] != "" and lines[i + 1][:1] in (" ", "\t")
    if not (has_value or indented_next):
        return [], 0

    fields: list[TitlePageField] = []
    key = None
    parts: list[str] = []
    start = end = 0

    def flush():
        if key is not None:
            fields.append(_new_field(key, "\n".join(p for p in parts if p), nums[start], nums[end]))

    while i < n and stripped[i]:
        raw = lines[i]
        m = None if raw[:1] in (" ", "\t") else _TITLE_KEY.fullmatch(raw)
        if m is not None:
            flush()
            key = m.group(1)
            parts = [m.group(2).strip()]
            start = end = i
        else:  # an indented continuation, or Beat's unindented one
            parts.append(stripped[i])
            end = i
        i += 1
    flush()
    return fields, i
