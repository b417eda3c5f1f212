"""Choosing scenes from the command line: ``--scenes 3-7``, ``--scene 12A``, ``2,4,9-11``."""
from __future__ import annotations

from typing import Sequence

from screenplay.errors import PrevisError
from screenplay.model import Scene


def select_scenes(scenes: Sequence[Scene], spec: str | None) -> list[Scene]:
    """Scenes named by ``spec``, in script order.

    A token is a scene id as written (``12A``) or an ordinal (``3``); ``a-b``
    is an inclusive range of ordinals or of numeric written ids.

    Raises:
        PrevisError: the spec is malformed or names no scene.
    """
    if spec is None or not str(spec).strip():
        return list(scenes)
    wanted: list[Scene] = []
    for token in (t.strip() for t in str(spec).split(",")):
        if not token:
            continue
        picked = [s for s in scenes if token in (s.id, str(s.number))]
        if not picked and "-" in token:
            lo, _, hi = token.partition("-")
            try:
                a, b = int(lo), int(hi)
            except ValueError:
                raise PrevisError(f"bad scene range {token!r}: use e.g. 3-7") from None
            picked = [s for s in scenes if a <= s.number <= b or (s.id.isdigit() and a <= int(s.id) <= b)]
        if not picked:
            ids = ", ".join(s.id for s in scenes if s.heading is not None) or "none"
            raise PrevisError(f"no scene {token!r} in this script (scenes: {ids})")
        wanted.extend(s for s in picked if s not in wanted)
    order = {id(s): i for i, s in enumerate(scenes)}
    return sorted(wanted, key=lambda s: order[id(s)])
