"""Intercut: a phone call (or two rooms) cut back and forth, each party in their own place.

Why apart from the other directions: an intercut spans a scene and the one
before it. Either the scene before ended on ``INTERCUT WITH:``
(``Scene.intercut_with`` names that place, and its speakers and introductions
are the far party), or a slug inside the scene names both places (``INTERCUT
HALLWAY / BEDROOM``: the far party is who was heard off screen before it).
From there each speech is a single of the speaker in their own place: the
shot's ``location`` (and INT/EXT, time) is theirs, and nobody is framed with
the other end of the line. Action stays the scene's coverage.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from screenplay.model import Parenthetical, Scene, SceneHeading
from shots.bible import name_index
from shots.model import Bible, Placement
from shots.drafts import Draft
from shots.script_cues import LENS, is_intense as _intense, is_offscreen as _offscreen, word_count as _words
from shots.vocabulary import ShotSize, ShotType

if TYPE_CHECKING:  # only for annotations: scene_rules imports this module
    from shots.drafts import Unit
    from shots.scene_rules import SceneRules


def far_party(scene: Scene, bible: Bible) -> tuple[str, set[str]] | None:
    """For a scene after ``INTERCUT WITH:``: the other place's heading and the bible ids there
    (who spoke or was introduced in the scene before, less anyone this scene's heading names).
    Both planners place those speakers' shots there. None when the scene is not such an intercut."""
    if not scene.intercut_with:
        return None
    heading = scene.heading.text if scene.heading else ""
    index, names = name_index(bible)
    here = {index.get(m.group(1).upper()) for m in names.finditer(heading)} if names is not None else set()
    ids = set()
    for name in scene.intercut_cast:
        entry = bible.get(name)
        if entry is not None and entry.id not in here:
            ids.add(entry.id)
    return (scene.intercut_with, ids) if ids else None


def intercut_parties(rules: "SceneRules", units: list["Unit"]) -> tuple[str, set[str], int] | None:
    """The other place of a phone call intercut, who speaks from it, and the unit it starts at.

    Returns:
        ``(place heading text, bible ids speaking there, first unit index)``, or None when the
        scene is not intercut.
    """
    scene = rules.scene
    if scene.intercut_with:
        far = far_party(scene, rules.bible)
        return (far[0], far[1], 0) if far else None
    for i, u in enumerate(units):
        m = getattr(u, "special", None)
        if m is None or m.kind != "intercut_slug":
            continue
        places = [p.strip() for p in re.split(r"\s*/\s*|\s+AND\s+", m.direction.rest) if p.strip()]
        here = (scene.location or "").upper()
        others = [p for p in places if not (set(p.upper().split()) & set(here.split()))]
        other = others[0] if others else (places[-1] if places else "")
        heard = set()
        for v in units[:i]:
            if v.kind == "speech" and v.speaker and _offscreen(v.extension):
                heard.add(v.speaker)
        if other and heard:
            return (other, heard, i)
    return None


def intercut_draft(rules: "SceneRules", u: "Unit", place: str, away: set[str]) -> "Draft | None":
    """A speech in an intercut: a single of the speaker where they are (``place`` when away)."""

    if u.kind != "speech" or not u.speaker or u.beat or "V.O" in (u.extension or ""):
        return None
    speaker = u.speaker
    text = " ".join(p.text for p in u.parts)
    parens = " ".join(e.text for e in u.elements if isinstance(e, Parenthetical))
    size = ShotSize.CU if _intense(parens, text) else ShotSize.MCU
    words = _words(text)
    where = place if speaker in away else ""
    x, facing, direction = rules.staging.across_the_cut(speaker in away)
    d = Draft(size, ShotType.SINGLE, (speaker,), list(u.elements),
               f"{rules.name(speaker)} speaks{(', at ' + _place_name(place)) if where else ''} (intercut).",
               speaker=speaker, dialogue=tuple(u.parts), est=round(words / 2.75 + 0.5, 1) if words else 1.5,
               blocking=(Placement(speaker, x, facing),), direction=direction, notes="intercut", lens=LENS[size])
    d.place = where
    return d


def _place_name(heading: str) -> str:
    loc = Scene(0, SceneHeading(heading, None, False, 0, 0), ()).location
    return loc.title() if loc else heading.title()


def place_fields(heading: str) -> tuple[str, str, str]:
    """``(int_ext, location, time_of_day)`` of a heading text (the other place of an intercut)."""
    s = Scene(0, SceneHeading(heading, None, False, 0, 0), ())
    if not s.int_ext and not s.time_of_day:
        return ("", heading.strip(), "")
    return (s.int_ext, s.location, s.time_of_day)
