"""Special elements: the directions a script writes in capitals, read as a director reads them.

Why a module of its own: ``INSERT``, ``CLOSE ON``, ``ANGLE ON``, ``POV``,
``BACK TO SCENE``, ``MONTAGE``, ``SERIES OF SHOTS``, ``INTERCUT``, ``SUPER``,
``TITLE`` and ``ON SCREEN`` are not action to be covered like any other
paragraph: each says what the camera does next. The coverage grammar
(shots/scene_rules.py) asks this module two things: which direction a unit of
script is under (:func:`mark_directions`, run once per scene) and which shots
a unit so marked becomes (:func:`direction_drafts`).

The readings:

- ``INSERT - THE LETTER`` (alone, or ``INSERT:`` with the content after it):
  the content (the paragraph under the slug, or the rest of the line) is an
  INSERT (100 mm) whose prop is the slug's object. Under a slug the insert runs
  until ``BACK TO SCENE`` (or another direction); without one, one paragraph.
  An off-screen voice reading it plays over the insert.
- ``BACK TO SCENE`` shows nothing: it joins the shot before it and ends the
  insert / montage / POV, so the next paragraph is covered as the scene's.
- ``CLOSE ON`` a character is a CU of them (``EXTREME CLOSE UP ON`` / ``ECU ON`` an
  ECU); ``CLOSE ON`` anything else (``Edward's hand``, ``the license plates``) is an
  insert of it, an ECU for a part of someone or a small thing (a ring, an eye, a key:
  the telling detail, :func:`shots.script_cues.insert_size`). ``ANGLE ON``
  a character (or ``ON WILL, realizing...``) is a single (MS) of them, on a thing an insert. Written moves in
  the same paragraph (``PULL BACK``) are kept.
- ``POV`` (``EDWARD'S POV``, ``HIS POV``, ``POV -``) is a POV shot (50 mm) of
  what is seen; the viewer is not in frame.
- ``MONTAGE`` / ``QUICK MONTAGE`` / ``SERIES OF SHOTS``: each beat is one short
  shot: each line of a paragraph, each paragraph, each sentence of a speech.
  The montage runs to ``END MONTAGE`` / ``BACK TO SCENE`` when the scene
  has one, else over the next unit and any bullet (``-``, ``A)``) paragraphs.
- ``INTERCUT``: a phone call cut between two places, read in shots/intercut.py;
  here only the in-scene slug (``INTERCUT HALLWAY / BEDROOM``) is marked.
- ``SUPER:`` is text over the shot before it (a note, no shot); ``TITLE:`` /
  ``TITLE CARD:`` is a card of its own; ``ON SCREEN:`` / ``ON TV:`` is an
  insert of the screen.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screenplay.model import Action, Dialogue, Element
from shots.model import DialogueLine, Placement
from shots.beats import sentence_spans
from shots.drafts import Draft, Unit
from shots.script_cues import (LENS, insert_size, clamp as _clamp, first_sentence as _first_sentence,
                               is_offscreen as _offscreen, movement_in as _movement, word_count as _words)
from shots.vocabulary import Movement, ShotSize, ShotType

if TYPE_CHECKING:  # only for annotations: scene_rules imports this module
    from shots.scene_rules import SceneRules

_DIRECTION = re.compile(
    r"^\s*(?P<kw>INSERT(?: SHOT)?|(?:EXTREME )?CLOSE(?:[ -]?UP)? ON|ECU ON|CU ON|ANGLE ON|NEW ANGLE|"
    r"REVERSE ANGLE|(?P<who>(?:[A-Z][A-Z.'\u2019\- ]*?['\u2019]S |HIS |HER |THEIR |OUR )?)POV|BACK TO SCENE|"
    r"BACK TO PRESENT|(?:QUICK |BEGIN |START )?MONTAGE|END (?:OF )?MONTAGE|(?:QUICK )?SERIES OF SHOTS|"
    r"END (?:OF )?SERIES(?: OF SHOTS)?|END (?:OF )?INTERCUT|INTERCUT(?: WITH)?|SUPER(?:IMPOSE)?|TITLE(?: CARD)?|"
    r"ON (?:THE )?(?:SCREEN|TV|MONITOR)|ON TELEVISION|ON(?= [A-Z][A-Z'\u2019.\-]+(?:[ ,.]|$)))\b(?P<rest>.*)",
    re.S,
)
_SEP = " \t:-\u2013\u2014"
_BULLET = re.compile(r"^\s*(?:[-*\u2022]+|[A-Z]\)|\d+[.)])\s+")
_ARTICLE = re.compile(r"^(?:the|a|an|his|her|their|its|our|some)\s+", re.I)


@dataclass(frozen=True)
class Direction:
    """A direction read from the first line of a paragraph.

    ``kind``: ``insert``, ``close``, ``angle``, ``pov``, ``back``, ``montage``,
    ``montage_end``, ``intercut``, ``intercut_end``, ``super``, ``title``,
    ``screen``. ``rest``: the words after the keyword on that line.
    ``slug_only``: the paragraph is nothing but the slug (its content follows).
    ``who``: the viewer named before ``POV``.
    """

    kind: str
    rest: str
    slug_only: bool
    who: str = ""


def read_direction(text: str) -> Direction | None:
    """The direction an action paragraph opens with, or None for plain action.

    Args:
        text: an action paragraph (keywords count only in capitals, at its start).

    Returns:
        The :class:`Direction`, or None.
    """
    m = _DIRECTION.match(text)
    if m is None:
        return None
    kw = m.group("kw")
    first_line, _, body = m.group("rest").partition("\n")
    rest = first_line.strip(_SEP + ".")
    word = kw.split()[0]
    if "POV" in kw:
        kind = "pov"
    elif word in ("INSERT",):
        kind = "insert"
    elif "CLOSE" in kw or kw in ("ECU ON", "CU ON"):
        kind = "close"
    elif "ANGLE" in kw or kw == "ON":  # ON WILL, realizing...: an angle on him
        kind = "angle"
    elif kw.startswith("BACK TO"):
        kind = "back"
    elif kw.startswith("END") and "INTERCUT" in kw:
        kind = "intercut_end"
    elif kw.startswith("END"):
        kind = "montage_end"
    elif "MONTAGE" in kw or "SERIES" in kw:
        kind = "montage"
    elif kw.startswith("INTERCUT"):
        kind = "intercut"
    elif kw.startswith("SUPER"):
        kind = "super"
    elif kw.startswith("TITLE"):
        kind = "title"
    else:
        kind = "screen"
    if kind in ("close", "angle") and not rest:
        return None  # "CLOSE ON" alone is not a direction we can frame
    # A keyword that opens a sentence (`SUPER excited, ...`) is no slug: these need a colon or dash.
    raw = m.group("rest")
    if kind in ("super", "title", "screen") and raw.lstrip(" ")[:1] not in (":", "-", "\u2013", "\u2014", "", "\n"):
        return None
    slug_only = not body.strip() and (kind in ("back", "montage_end", "intercut_end", "intercut")
                                      or (kind in ("insert", "pov", "montage") and _is_slug_line(first_line)))
    return Direction(kind, rest, slug_only, (m.group("who") or "").strip())


def _is_slug_line(rest: str) -> bool:
    """The words after a keyword are a slug (caps, or empty, or only a colon), not action."""
    words = rest.strip(_SEP + ".")
    return not words or words.upper() == words or rest.rstrip().endswith(":")


def is_direction_only(element: Element) -> bool:
    """True for a paragraph that is only a direction slug (``BACK TO SCENE``, ``END MONTAGE``,
    ``INSERT - THE LETTER`` with its content in the next paragraph): no picture of its own."""
    if not isinstance(element, Action):
        return False
    d = read_direction(element.text)
    return d is not None and d.slug_only


# -- marking units -----------------------------------------------------------------------------

@dataclass
class Marked:
    """What a unit is under: ``kind`` as in :class:`Direction` plus ``insert_content``;
    ``prop`` for inserts; ``viewer`` for POVs; ``place`` (heading text) for the other side of an
    intercut."""

    kind: str
    prop: str = ""
    viewer: str = ""
    direction: Direction | None = None


def mark_directions(rules: "SceneRules", units: list["Unit"]) -> None:
    """Set ``unit.special`` on every unit a direction governs (in place).

    Args:
        rules: the scene's rules (for the scene and name lookups).
        units: the scene's units in order, from :func:`shots.units.scene_units`.
    """
    ends = [i for i, u in enumerate(units) if _slug(u) and _slug(u).kind in ("back", "montage_end")]
    mode: Marked | None = None
    until: int | None = None
    for i, u in enumerate(units):
        d = _slug(u) if u.kind == "attach" else (read_direction(u.elements[0].text) if u.kind == "action" else None)
        if u.kind == "attach":
            if d is None:
                continue
            if d.kind in ("back", "montage_end", "intercut_end"):
                mode, until = None, None
            elif d.kind == "insert":
                mode = Marked("insert", prop=_prop_words(d.rest) or "detail", direction=d)
                until = _next_end(ends, i)
            elif d.kind == "montage":
                mode = Marked("montage", direction=d)
                until = _next_end(ends, i)
            elif d.kind == "pov":
                mode = Marked("pov", viewer=_viewer(rules, d), direction=d)
                until = _next_end(ends, i)
            elif d.kind == "intercut" and d.rest:
                u.special = Marked("intercut_slug", direction=d)  # the slug's places, read by the speeches
            continue
        if d is not None and u.kind == "action":
            # a direction with its own content: this paragraph, and under INSERT:/MONTAGE the mode goes on
            if d.kind == "super":
                u.special = Marked("super", direction=d)
                continue
            if d.kind in ("montage",):
                mode, until = Marked("montage", direction=d), _next_end(ends, i)
                u.special = Marked("montage_slug", direction=d)
                continue
            u.special = Marked(d.kind, prop=_prop_words(d.rest) if d.kind in ("insert", "screen") else "",
                               viewer=_viewer(rules, d) if d.kind == "pov" else "", direction=d)
            if d.kind in ("insert", "close", "angle", "pov", "title", "screen"):
                mode, until = None, None  # a direction on its own paragraph ends any running one
            continue
        if mode is None:
            continue
        u.special = mode
        if until is None:
            # no END / BACK TO SCENE: the direction governs the next unit, and bullets after it
            nxt = units[i + 1] if i + 1 < len(units) else None
            if not (mode.kind == "montage" and nxt is not None and nxt.kind == "action"
                    and _BULLET.match(nxt.elements[0].text)):
                mode = None
        elif i >= until:
            mode = None


def _slug(u: "Unit") -> Direction | None:
    if u.kind != "attach" or not u.elements or not isinstance(u.elements[0], Action):
        return None
    d = read_direction(u.elements[0].text)
    return d if d is not None and d.slug_only else None


def _next_end(ends: list[int], i: int) -> int | None:
    return next((e for e in ends if e > i), None)


def _prop_words(rest: str) -> str:
    """The object a slug or direction names: ``THE LETTER`` -> ``letter``, ``Edward's hand, ...`` -> ``edward's hand``."""
    first = re.split(r"[,.;:!?]|\s+(?:as|while|which|who|that|and then)\s+", rest.strip(_SEP), maxsplit=1)[0]
    first = _ARTICLE.sub("", first.strip()).strip()
    return first.lower()[:60]


def _viewer(rules: "SceneRules", d: Direction) -> str:
    who = d.who.rstrip("'\u2019S ").strip() if d.who else ""
    if who in ("HIS", "HER", "THEIR", "OUR", ""):
        return rules.focus or ""
    ids = rules.mentioned(who.title()) or rules.mentioned(who)
    return ids[0] if ids else (rules.focus or "")


# -- drafts ------------------------------------------------------------------------------------

def direction_drafts(rules: "SceneRules", u: "Unit") -> list["Draft"] | None:
    """The shots of a unit under a direction, or None to cover it the ordinary way.

    Args:
        rules: the scene's rules (running state: who is present, in focus).
        u: a unit whose ``special`` was set by :func:`mark_directions`.
    """

    m: Marked = u.special
    if m.kind == "intercut_slug":
        return None
    if u.kind == "speech":
        if m.kind == "montage" and not _offscreen(u.extension):
            return _montage_speech(rules, u)
        if m.kind == "insert" and _offscreen(u.extension):
            d = _insert(u, m.prop, " ".join(p.text for p in u.parts))
            d.dialogue = tuple(u.parts)
            d.est = max(d.est, round(_words(d.action) / 2.75 + 0.5, 1))
            d.action = ""
            return [d]
        return None
    if u.kind != "action":
        return None
    el = u.elements[0]
    text = el.text
    if m.kind == "super":
        return []  # joins the shot before it, as a note (see scene_rules)
    if m.kind == "insert":
        return [_insert(u, m.prop or _prop_words(text) or "detail", text)]
    if m.kind == "screen":
        return [_insert(u, "screen" if not m.prop else f"screen: {m.prop}"[:60], text)]
    if m.kind == "title":
        d = Draft(ShotSize.WS, ShotType.MASTER, (), [el], f"Title card: {m.direction.rest if m.direction else text}"[:180],
                   action=text, est=3.0, notes="title card")
        return [d]
    if m.kind in ("close", "angle"):
        return [_close_or_angle(rules, u, m)]
    if m.kind == "pov":
        body = m.direction.rest if m.direction and read_direction(text) else text
        subjects = tuple(s for s in rules.mentioned(body) if s != m.viewer)
        desc = _first_sentence(body or text) or "Point of view."
        who = rules.name(m.viewer) if m.viewer else ""
        d = Draft(ShotSize.MS, ShotType.POV, subjects, [el], desc, action=text, lens=50,
                   movement=_movement(text), est=_clamp(_words(text) / 3.5, 2.0, 8.0),
                   notes=f"POV of {who}" if who else "POV")
        d.blocking = rules.staging.spread(subjects)
        return [d]
    if m.kind == "montage" or (m.kind == "montage_slug" and "\n" in text):
        return _montage_action(rules, u)
    return None


def _insert(u: "Unit", prop: str, text: str) -> "Draft":

    desc = _first_sentence(text) or f"Insert: {prop}."
    size = insert_size(prop)
    return Draft(size, ShotType.INSERT, (), list(u.elements), desc, prop=prop, action=text,
                  est=_clamp(_words(text) / 3.5, 2.0, 4.0), lens=LENS[size],
                  movement=Movement.PUSH_IN if _movement(text) == Movement.PUSH_IN else Movement.STATIC)


def _close_or_angle(rules: "SceneRules", u: "Unit", m: Marked) -> "Draft":

    el = u.elements[0]
    text = u.text  # its first beat when a written camera move cuts the paragraph (shots/beats.py)
    rest = m.direction.rest if m.direction else text
    head = re.split(r"[,.;:!?]", rest, maxsplit=1)[0]
    people = rules.mentioned(head)
    possessive = bool(re.search(r"['\u2019]s\b", head, re.I))
    movement = _movement(text)
    est = _clamp(_words(text) / 3.5, 2.0, 8.0)
    extreme = bool(re.match(r"\s*(?:EXTREME|ECU)\b", text))  # EXTREME CLOSE UP ON / ECU ON: an ECU
    if people and not possessive:
        rules.enter(*people)
        rules.focus = people[-1]
        close = m.kind == "close"
        if len(people) == 1:
            size, kind = (ShotSize.ECU if extreme else ShotSize.CU if close else ShotSize.MS), ShotType.SINGLE
        else:
            size, kind = (ShotSize.MCU if close else ShotSize.MWS), ShotType.TWO_SHOT if len(people) == 2 else ShotType.GROUP
        d = Draft(size, kind, tuple(people), [el], _first_sentence(text), movement=movement, action=text,
                   est=est, lens=LENS[size])
        d.blocking = rules.staging.spread(d.subjects)
        d.spans = {el.line: u.span} if u.span else {}
        return d
    prop = _prop_words(rest) or "detail"
    size = ShotSize.ECU if m.kind == "close" and (possessive or extreme) else insert_size(prop)
    return Draft(size, ShotType.INSERT, (), [el], _first_sentence(text), prop=prop, action=text,
                  est=_clamp(est, 2.0, 4.0), lens=LENS[size], movement=movement,
                  spans={el.line: u.span} if u.span else {})


MONTAGE_BEAT_SECONDS = (1.0, 2.5)


def _montage_action(rules: "SceneRules", u: "Unit") -> list["Draft"]:
    """One short shot per beat: each non-empty line of the paragraph (a part of it, issue 16)."""
    el = u.elements[0]
    lines = el.text.split("\n")
    offsets = [sum(len(x) + 1 for x in lines[:k]) for k in range(len(lines))]
    beats = [(k, _BULLET.sub("", ln).strip()) for k, ln in enumerate(lines)
             if ln.strip() and not (k == 0 and read_direction(ln) is not None)]  # the slug joins the first beat
    if len(beats) <= 1 or el.end_line - el.line + 1 != len(lines):
        beats = [(0, _BULLET.sub("", el.text).strip())]
    out = []
    for k, (line, beat) in enumerate(beats):
        start = 0 if k == 0 else offsets[line]
        end = len(el.text) if k == len(beats) - 1 else offsets[beats[k + 1][0]]
        d = rules.action_draft(Unit("action", [el], span=(start, end) if len(beats) > 1 else None))
        d.action = beat
        d.description = _first_sentence(beat) or d.description
        d.est = _clamp(d.est, *MONTAGE_BEAT_SECONDS)
        d.notes = "montage beat"
        out.append(d)
    return out


def _montage_speech(rules: "SceneRules", u: "Unit") -> list["Draft"] | None:
    """A speech over a montage: one short shot of the speaker per sentence (per beat)."""

    dialogue = [e for e in u.elements if isinstance(e, Dialogue)]
    if len(dialogue) != 1 or len(u.parts) != 1:
        return None
    el = dialogue[0]
    sentences = sentence_spans(el.text)
    if len(sentences) < 2:
        return None
    speaker = u.speaker
    rules.enter(speaker)
    rules.focus = speaker
    pos = u.elements.index(el)
    part = u.parts[0]
    out = []
    for k, (a, b) in enumerate(sentences):
        if k == 0:
            elements = list(u.elements[:pos + 1])
        elif k == len(sentences) - 1:
            elements = [el] + list(u.elements[pos + 1:])
        else:
            elements = [el]
        sentence = " ".join(el.text[a:b].split())
        line = DialogueLine(part.character, sentence, part.line, part.parenthetical if k == 0 else None,
                            part.extension)
        d = Draft(ShotSize.MS, ShotType.SINGLE, (speaker,), elements,
                   f"Montage: {rules.name(speaker)}: {_first_sentence(sentence, 80)}", speaker=speaker,
                   dialogue=(line,), est=_clamp(_words(sentence) / 2.75 + 0.3, *MONTAGE_BEAT_SECONDS),
                   blocking=(Placement(speaker, 0.5, "camera"),), notes="montage beat", spans={el.line: (a, b)})
        out.append(d)
    return out
