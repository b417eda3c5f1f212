"""The units a scene is cut into before any shot is chosen (rule 1 of :mod:`shots.heuristic`).

Why a module of its own: what counts as one piece of script to cover (an action
paragraph, a speech, a dual-dialogue pair, something with no picture of its own)
is a reading of the page, decided once, before the coverage rules
(:mod:`shots.scene_rules`) or the staging (:mod:`shots.staging`) look at it.
"""
from __future__ import annotations

import re

from screenplay.errors import PrevisError
from screenplay.model import Action, Character, Dialogue, Element, Lyrics, Parenthetical, Scene
from shots.beats import action_beats
from shots.bible import cue_speakers, name_index
from shots.cast_names import JOINT_WORDS, joint_parts
from shots.drafts import Unit
from shots.model import Bible, DialogueLine
from shots.script_cues import BEAT, WHITESPACE
from shots.special_elements import is_direction_only

# Action paragraphs that are really transitions (FADE IN: is action in Fountain): no picture of their own.
TRANSITION_LIKE = re.compile(r"^\s*(FADE IN|FADE OUT|FADE TO BLACK|CUT TO BLACK|BLACK|THE END)\s*[:.]?\s*$")


def resolve_cue(cue: str, line: int, bible: Bible, index: dict[str, str] | None = None) -> str:
    """The bible id of the character a cue names.

    Args:
        cue: the cue's name (``EDWARD``, ``young edward``).
        line: its source line, for the error.
        bible: the characters.
        index: ``name_index(bible)[0]`` when the caller has it already.

    Raises:
        PrevisError: the bible has no such character.
    """
    key = WHITESPACE.sub(" ", cue).strip().upper()
    eid = (index if index is not None else name_index(bible)[0]).get(key)
    if eid is None:
        entry = bible.get(key)
        eid = entry.id if entry else None
    if eid is None:
        raise PrevisError(f"{cue!r} speaks here but is not in the character bible; "
                          "run `previs characters` to see it", None, line)
    return eid


def scene_units(scene: Scene, bible: Bible) -> list[Unit]:
    """The scene's elements cut into units, in order.

    An action paragraph is a unit; a speech (a cue with its parentheticals and dialogue) is one,
    split at a ``(beat)``-like parenthetical after some dialogue (the beat is a unit of its own);
    two consecutive speeches whose cues are both marked dual are one ``dual`` unit; everything else
    (transitions, centered text, notes, direction-only slugs) is ``attach``: it joins a shot.

    Raises:
        PrevisError: a cue names a character the bible lacks.
    """
    index = name_index(bible)[0]
    units: list[Unit] = []
    els = list(scene.elements)
    i = 0
    while i < len(els):
        e = els[i]
        if isinstance(e, Character):
            j = i + 1
            while j < len(els) and isinstance(els[j], (Parenthetical, Dialogue, Lyrics)):
                j += 1
            units.extend(_speech_units(e, els[i + 1:j], bible, index))
            i = j
            continue
        if isinstance(e, Action) and not TRANSITION_LIKE.match(e.text) and not is_direction_only(e):
            units.append(Unit("action", [e]))
        else:
            units.append(Unit("attach", [e]))
        i += 1
    # dual dialogue: two consecutive speeches whose cues are both marked dual
    merged: list[Unit] = []
    for u in units:
        if (u.kind == "speech" and merged and merged[-1].kind == "speech" and u.elements
                and isinstance(u.elements[0], Character) and u.elements[0].dual
                and isinstance(merged[-1].elements[0], Character) and merged[-1].elements[0].dual
                and merged[-1].speaker != u.speaker):
            prev = merged.pop()
            merged.append(Unit("dual", prev.elements + u.elements, prev.speaker, prev.extension,
                               prev.parts + u.parts))
        else:
            merged.append(u)
    return merged


def _speech_units(cue: Character, body: list[Element], bible: Bible, index: dict[str, str]) -> list[Unit]:
    ids = cue_speakers(cue.name, bible)
    joint = joint_parts(cue.name)
    if not ids and joint and joint[0] in JOINT_WORDS and bible.entries:
        ids = (bible.entries[0].id, "*")  # BOTH / ALL: who they are is read when drafted
    speaker = ids[0] if ids else resolve_cue(cue.name, cue.line, bible, index)
    together = ids[1:]
    ext = (cue.extension or "").upper().replace(" ", "") or None
    units = [Unit("speech", [cue], speaker, ext, together=together)]
    paren: str | None = None
    for e in body:
        cur = units[-1]
        if isinstance(e, Parenthetical):
            if BEAT.match(e.text) and any(isinstance(x, (Dialogue, Lyrics)) for x in cur.elements):
                units.append(Unit("speech", [e], speaker, ext, beat=True))
                units.append(Unit("speech", [], speaker, ext, together=together))
                paren = None
                continue
            cur.elements.append(e)
            paren = e.text
        else:
            cur.elements.append(e)
            cur.parts.append(DialogueLine(speaker, e.text, e.line, paren, cue.extension))
            paren = None
    # a pure beat with no dialogue after it still needs its shot; an empty speech tail is dropped
    return [u for u in units if u.elements]


def split_beats(units: list[Unit]) -> list[Unit]:
    """Each plain action unit (no direction over it) cut into its beats (:func:`shots.beats.action_beats`):
    one unit per beat, each carrying its characters of the paragraph (``Unit.span``). A paragraph under
    a direction (``CLOSE ON`` ... ``we PULL BACK``) is one continuous shot: the direction reads it whole."""
    out: list[Unit] = []
    for u in units:
        if u.kind != "action" or u.special is not None or u.span is not None:
            out.append(u)
            continue
        beats = action_beats(u.elements[0].text)
        if len(beats) == 1:
            out.append(u)
            continue
        out.extend(Unit("action", [u.elements[0]], span=b) for b in beats)
    return out
