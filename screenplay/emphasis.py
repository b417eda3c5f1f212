"""Fountain emphasis as styled runs: ``*italic*``, ``**bold**``, ``***bold italic***``, ``_underline_``.

Why its own module: the parser keeps emphasis raw in the text (convention 5),
and only a typesetter needs it resolved. A marker counts only when its closing
twin is on the same line, so a lone ``*`` or ``_`` stays a character; ``\\*``
and ``\\_`` are escapes for the literal characters.

Styles are fpdf2's style letters in a fixed order (``"B"``, ``"I"``, ``"U"``,
combined as ``"BI"``, ``"BIU"``...), so a PDF writer passes them straight on.
"""
from __future__ import annotations

import re

__all__ = ["styled_chars", "runs"]

_ESC_STAR, _ESC_UNDER = "\x01", "\x02"
_ON = {"B": "\x10", "I": "\x12", "U": "\x14"}
_OFF = {"B": "\x11", "I": "\x13", "U": "\x15"}
_CONTROL = {v: (k, True) for k, v in _ON.items()} | {v: (k, False) for k, v in _OFF.items()}
# Longest marker first, so `***x***` is bold italic and not italic around bold markers.
_PATTERNS = (
    (re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*"), "BI"),
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), "B"),
    (re.compile(r"\*(?=\S)(.+?)(?<=\S)\*"), "I"),
    (re.compile(r"_(?=\S)(.+?)(?<=\S)_"), "U"),
)


def _wrap(styles: str):
    on = "".join(_ON[s] for s in styles)
    off = "".join(_OFF[s] for s in reversed(styles))
    return lambda m: on + m.group(1) + off


def styled_chars(text: str) -> tuple[str, list[str]]:
    """The text without markers, and the style of each of its characters.

    Args:
        text: one printed line (or several; markers never pair across ``\\n``).

    Returns:
        ``(plain, styles)`` with ``len(styles) == len(plain)``; a style is
        ``""`` or letters from ``"BIU"`` in that order.
    """
    if "*" not in text and "_" not in text and "\\" not in text:
        return text, [""] * len(text)
    marked = text.replace("\\*", _ESC_STAR).replace("\\_", _ESC_UNDER)
    for pattern, styles in _PATTERNS:
        marked = pattern.sub(_wrap(styles), marked)
    plain: list[str] = []
    out: list[str] = []
    active = {"B": 0, "I": 0, "U": 0}
    for ch in marked:
        control = _CONTROL.get(ch)
        if control is not None:
            active[control[0]] += 1 if control[1] else -1
            continue
        plain.append("*" if ch == _ESC_STAR else "_" if ch == _ESC_UNDER else ch)
        out.append("".join(k for k in "BIU" if active[k] > 0))
    return "".join(plain), out


def runs(plain: str, styles: list[str]) -> tuple[tuple[str, str], ...]:
    """Consecutive characters of one style joined: ``(("a ", ""), ("bold", "B"))``."""
    if not plain:
        return ()
    first = styles[0]
    if styles.count(first) == len(styles):  # one style throughout: the common case
        return ((plain, first),)
    out: list[tuple[str, str]] = []
    start = 0
    for i in range(1, len(plain) + 1):
        if i == len(plain) or styles[i] != styles[start]:
            out.append((plain[start:i], styles[start]))
            start = i
    return tuple(out)
