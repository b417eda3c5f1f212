"""Role nouns that name one character (``the doorman``, ``his mother``, ``the woman``), for the cast model.

Why apart: :class:`shots.cast_model.CastReader` binds a role noun in an action line to
the one character it names; the index and its regex depend only on the bible, so
they are built once per bible and cached here.
"""
from __future__ import annotations

import re

from shots.caseless_pattern import CaselessPattern, caseless
from shots.model import Bible

_ROLE_CACHE: dict[int, tuple[Bible, dict[str, tuple[str, bool]], re.Pattern | CaselessPattern | None]] = {}


def role_index(bible: Bible) -> tuple[dict[str, tuple[str, bool]], re.Pattern | CaselessPattern | None]:
    """``{role noun: (id, taken from the name)}`` for role nouns that name exactly one character (its
    ``roles``, or a one-role name like WOMAN / THE BOSS), and a regex for ``the|his|her [adj] <role>``."""
    hit = _ROLE_CACHE.get(id(bible))
    if hit is not None and hit[0] is bible:
        return hit[1], hit[2]
    owners: dict[str, set[str]] = {}
    named_by: dict[str, bool] = {}
    for e in bible.entries:
        words = [w for w in e.name.lower().split() if w != "the"]
        nouns = {r: False for r in e.roles}
        if len(words) == 1 and e.kind != "voice":
            nouns.setdefault(words[0], True)
        for n, by_name in nouns.items():
            owners.setdefault(n, set()).add(e.id)
            named_by[n] = by_name
    index = {n: (next(iter(ids)), named_by[n]) for n, ids in owners.items() if len(ids) == 1 and len(n) > 2}
    pattern = None
    if index:
        alts = "|".join(re.escape(n) for n in sorted(index, key=len, reverse=True))
        pattern = caseless(r"\b(?:the|his|her|their|my|your)\s+(?:[a-z-]+\s+)?(?P<role>" + alts + r")(?![\w-])")
    if len(_ROLE_CACHE) > 8:
        _ROLE_CACHE.clear()
    _ROLE_CACHE[id(bible)] = (bible, index, pattern)
    return index, pattern
