"""A case-insensitive regex over script words, searched fast: the planner's hottest scans.

Why: Python's regex engine tries every branch of a case-insensitive alternation at every word
start (``\\b(walks|runs|drives|...)\\b``), and the planner asks such vocabularies (movement verbs,
exits, phone words, reactions, weather) of every action paragraph and beat: a third of a
second on a feature script. The same alternation searched case-sensitively skips a branch on
its first letter at C speed, so on ASCII text (nearly every script) :class:`CaselessPattern`
searches the text in lower case with a case-sensitive copy of the pattern: the same matches,
at the same positions (ASCII lower-casing keeps every character in place), four to five times
faster. Text with any other character goes through the ``re.I`` pattern as before.

The one rule for a pattern given here: it is written in lower case (its literals and classes;
escapes such as ``\\b``, ``\\s``, ``\\W`` are fine), so that, compiled without ``re.I``, it means on
lower-cased text what it means with ``re.I`` on the text. A match's groups are then read from the
lower-cased text: callers that need the original letters slice the text by ``m.span()``.
"""
from __future__ import annotations

import re
from typing import Iterator

_ESCAPES_AND_NAMES = re.compile(r"\\[A-Za-z]|\(\?P<\w+>|\(\?P=\w+\)")


def caseless(pattern: str) -> "CaselessPattern | re.Pattern":
    """A :class:`CaselessPattern` of ``pattern`` when it is written in lower case (a bible's names
    and roles are built into patterns at run time), else ``re.compile(pattern, re.I)``."""
    if _is_lower(pattern):
        return CaselessPattern(pattern)
    return re.compile(pattern, re.I)


def _is_lower(pattern: str) -> bool:
    return not any(c.isupper() for c in _ESCAPES_AND_NAMES.sub("", pattern))


class CaselessPattern:
    """``re.compile(pattern, re.I)``, searched fast on ASCII text (module docstring).

    Args:
        pattern: the regex, in lower case.

    Raises:
        ValueError: the pattern has an upper-case letter outside an escape (it would not match
            the lower-cased text).
    """

    __slots__ = ("pattern", "any_case", "lower")

    def __init__(self, pattern: str):
        if not _is_lower(pattern):
            raise ValueError(f"a CaselessPattern is written in lower case: {pattern[:60]!r}")
        self.pattern = pattern
        self.any_case = re.compile(pattern, re.I)
        self.lower = re.compile(pattern)

    def search(self, text: str, pos: int = 0) -> re.Match | None:
        if text.isascii():
            return self.lower.search(text.lower(), pos)
        return self.any_case.search(text, pos)

    def match(self, text: str, pos: int = 0) -> re.Match | None:
        if text.isascii():
            return self.lower.match(text.lower(), pos)
        return self.any_case.match(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match]:
        if text.isascii():
            return self.lower.finditer(text.lower())
        return self.any_case.finditer(text)
