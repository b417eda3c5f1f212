"""The default planner: a coverage grammar a first AD would recognise. Offline, deterministic.

Why rules and not a model: the heuristic plan must exist with no network and no
GPU, come out byte-identical for the same input, and depend on nothing but the
scene itself and its characters' bible entries (so editing scene 5 re-plans
only scene 5, and the plan cache keyed on the scene stays valid).

The rules, in the order they apply:

1. **Units.** The scene's elements are cut into units: an action paragraph; a
   speech (a cue with its parentheticals and dialogue); a pair of dual-dialogue
   speeches; and elements that carry no picture of their own (transitions,
   centered text, notes, synopses, sections, page breaks), which join the shot
   before them (or the first shot). Every element lands in exactly one shot.
2. **Opening.** A scene with a heading opens on an establishing shot covering
   the heading and, if the scene starts with action, that first paragraph:
   EXT is wider than INT (EXT: EWS 18mm, slow pan if the action has no move of
   its own; INT: WS 24mm master). A scene whose time is CONTINUOUS, SAME,
   LATER or MOMENTS LATER is not a new place: it opens on the master instead.
3. **Action.** Characters named in the paragraph (names, aliases, first names;
   a leading pronoun means the last person in focus) are the subjects: none ->
   WS of the place, one -> MS single, two -> two-shot, three or more -> WS
   group. A prop in capitals after an article (``a brass KEY``), or ``INSERT``
   / ``CLOSE ON`` in the text, makes an INSERT (100mm) of that prop. Movement
   comes from verbs: walk/run/drive/chase... -> tracking (size opens to MWS),
   enter/exit/arrive -> pan, reveal/discover/realise/stare -> push in,
   fight/struggle/scramble -> handheld; written camera directions (PUSH IN,
   PULL BACK, CRANE, PAN, TRACK, HANDHELD) win. "looks up at"/"towers" -> low
   angle, "looks down at"/"from above" -> high, "overhead" -> overhead.
4. **Dialogue, two people.** A run of speeches between two people is one
   exchange with one 180-degree line: the first to speak (or whoever already
   held a side) stands screen left looking right, the other screen right
   looking left, in every shot of the exchange (``blocking`` x/facing and
   ``screen_direction``). Coverage alternates: the first speech of an exchange
   is an OTS over the listener's shoulder (MS 40mm), later speeches are clean
   singles (MCU 50mm) for lines of 8+ words and OTS for short ones; an
   exclamation or an intense parenthetical (whispers, screams, crying...) is a CU 85mm.
5. **Dialogue, three or more.** When a third person joins the talk (or three
   or more are in the scene and the speaker has no single partner), the first
   speech is a group master (WS 28mm) and following speeches are singles on
   each speaker, with every fourth going back to the group.
6. **Reactions.** A ``(beat)``-like parenthetical (beat, pause, silence, a
   moment, stares, waits) after some dialogue is covered by a reaction shot
   (MCU) on the listener.
7. **Long speeches.** Dialogue over 40 words is split at a sentence boundary
   near the middle: the second part plays over a reaction on the listener, or
   over a wider cutaway of the speaker when nobody else is there.
8. **Off-screen voices.** V.O. and O.S./O.C. speech is never on the speaker's
   face: ``speaker`` stays empty; O.S. shows the listeners, V.O. shows the
   scene (whoever is present, or the place).
9. **Dual dialogue** is one two-shot carrying both speeches.
10. **Setups.** Shots with the same type, size, angle, lens and subjects share a
    setup number (the same camera position relit once), numbered in order of first use.

Durations: dialogue at 2.75 words a second plus half a second, action at 3.5
words a second (2-12 s), establishing 3 s, reactions 1.5 s.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from typing import Sequence

from screenplay.errors import PrevisError
from screenplay.model import (Action, Character, Dialogue, Element, Lyrics, Parenthetical, Scene)
from shots.bible import name_index
from shots.coverage import validate_plan
from shots.ids import shot_id, shot_seed
from shots.model import Bible, DialogueLine, Placement, Shot, ShotPlan
from shots.progress import ProgressFn, check_cancel, report
from shots.prompt import write_prompt
from shots.vocabulary import Angle, Movement, ScreenDirection, ShotSize, ShotType

HEURISTIC_VERSION = 1

LENS = {ShotSize.EWS: 18, ShotSize.WS: 24, ShotSize.FS: 28, ShotSize.MWS: 32, ShotSize.MS: 35,
        ShotSize.MCU: 50, ShotSize.CU: 85, ShotSize.ECU: 100, ShotSize.INSERT: 100}

_BEAT = re.compile(r"^\(?\s*(a\s+)?(long\s+)?(beat|pause|silence|moment|stares|waits|beat\s+then|quiet)\b", re.I)
_INTENSE = re.compile(r"\b(whisper|whispers|scream|screams|shout|shouts|yell|yells|crying|cries|sobbing|"
                      r"furious|tearful|intense|hisses|pleading)\b", re.I)
_SAME_PLACE = re.compile(r"\b(CONTINUOUS|SAME|LATER|MOMENTS LATER|SAME TIME)\b", re.I)
_MOVES = (
    (re.compile(r"\b(PUSH(?:ES)? IN|PUSHING IN|RUSH(?:ES)? IN|DOLLY IN)\b"), Movement.PUSH_IN),
    (re.compile(r"\b(PULL(?:S)? BACK|PULL(?:S)? OUT|PULLING BACK)\b"), Movement.PULL_OUT),
    (re.compile(r"\bCRANE\b"), Movement.CRANE),
    (re.compile(r"\bHANDHELD\b"), Movement.HANDHELD),
    (re.compile(r"\bTRACK(?:ING|S)?\b"), Movement.TRACKING),
    (re.compile(r"\bPAN(?:S)?\b"), Movement.PAN),
    (re.compile(r"\bZOOM(?:S)?\b"), Movement.ZOOM),
)
_VERBS = (
    (re.compile(r"\b(fight|fights|fighting|struggle|struggles|scramble|scrambles|wrestle|wrestles|brawl)\b", re.I),
     Movement.HANDHELD),
    (re.compile(r"\b(walk|walks|walking|run|runs|running|ran|drive|drives|driving|drove|chase|chases|races|"
                r"rushes|hurries|sprints|strides|marches|rides|follows|flees)\b", re.I), Movement.TRACKING),
    (re.compile(r"\b(enter|enters|entering|exit|exits|arrive|arrives|comes in|steps in|steps out|walks in)\b", re.I),
     Movement.PAN),
    (re.compile(r"\b(reveal|reveals|revealing|discover|discovers|realise|realises|realize|realizes|"
                r"stares|notices|recognizes|recognises)\b", re.I), Movement.PUSH_IN),
)
_LOW = re.compile(r"\b(looks up at|towers|towering|looming|looms)\b", re.I)
_HIGH = re.compile(r"\b(looks down at|from above|peers down|far below)\b", re.I)
_OVERHEAD = re.compile(r"\b(overhead|bird's[- ]eye|top[- ]down)\b", re.I)
_EXIT = re.compile(r"\b(leaves|exits|storms out|walks away|is gone|disappears)\b", re.I)
_INSERT_CUE = re.compile(r"\b(INSERT|CLOSE ON)\b[:\s-]*(?P<what>[^.]*)")
_PROP = re.compile(r"\b(?:a|an|the|his|her|their|its|one|two)\s+(?:[a-z\-]+\s+){0,3}"
                   r"(?P<prop>[A-Z][A-Z'\-]{2,}(?:\s+[A-Z][A-Z'\-]{2,}){0,2})\b")
_SOUNDS = {"BANG", "CRASH", "BOOM", "RING", "RINGS", "THUD", "SLAM", "SCREAM", "SCREAMS", "CRACK", "POP",
           "LAUGHTER", "SILENCE", "CLICK", "BEEP", "HONK", "SPLASH", "KNOCK", "KNOCKS", "CREAK", "SQUEAL"}
_PRONOUN_START = re.compile(r"^\s*(he|she|they|his|her)\b", re.I)
_SENT = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"\S+")
LONG_SPEECH_WORDS = 40
_WS = re.compile(r"\s+")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _first_sentence(text: str, limit: int = 180) -> str:
    text = _WS.sub(" ", text.replace("*", "").replace("_", " ")).strip()
    first = _SENT.split(text, maxsplit=1)[0]
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "..."
    return first


@dataclass
class _Unit:
    kind: str  # "action", "speech", "dual", "attach"
    elements: list[Element]
    speaker: str | None = None
    extension: str | None = None
    parts: list[DialogueLine] = field(default_factory=list)
    beat: bool = False  # a reaction-worthy parenthetical this unit covers


@dataclass
class _Draft:
    """A shot before ids, prompts and setups are assigned."""

    size: ShotSize
    type: ShotType
    subjects: tuple[str, ...]
    elements: list[Element]
    description: str
    speaker: str | None = None
    dialogue: tuple[DialogueLine, ...] = ()
    angle: Angle = Angle.EYE_LEVEL
    movement: Movement = Movement.STATIC
    blocking: tuple[Placement, ...] = ()
    direction: ScreenDirection = ScreenDirection.NEUTRAL
    prop: str | None = None
    action: str = ""
    est: float = 2.0
    notes: str = ""
    lens: int | None = None
    covers_heading: bool = False


class HeuristicPlanner:
    """Deterministic rule-based coverage (rules in the module docstring).

    Args:
        long_speech_words: dialogue longer than this is split with a reaction or cutaway.
        validate: check every plan with :func:`shots.coverage.validate_plan` (a failure is a bug
            and raises PrevisError naming the scene).
    """

    name = "heuristic"

    def __init__(self, long_speech_words: int = LONG_SPEECH_WORDS, validate: bool = True):
        self.long_speech_words = int(long_speech_words)
        self.validate = validate

    def cache_fields(self) -> dict:
        """Everything besides scene and bible that determines the output."""
        return {"version": HEURISTIC_VERSION, "long_speech_words": self.long_speech_words}

    def plan_all(self, scenes: Sequence[Scene], bible: Bible, progress: ProgressFn | None = None,
                 cancel: threading.Event | None = None) -> list[ShotPlan]:
        """Plan each scene in order, reporting ``plan`` progress and honouring ``cancel``."""
        out = []
        for i, scene in enumerate(scenes):
            check_cancel(cancel)
            out.append(self.plan(scene, bible))
            report(progress, "plan", scene.id, i + 1, len(scenes), f"scene {scene.id}")
        return out

    def plan(self, scene: Scene, bible: Bible) -> ShotPlan:
        """Cover ``scene`` with shots.

        Args:
            scene: one parsed scene.
            bible: its characters (every cue must resolve to an entry, by name or alias).

        Returns:
            A plan that passes :func:`shots.coverage.validate_plan`.

        Raises:
            PrevisError: a cue names a character the bible lacks.
        """
        drafts = _SceneRules(scene, bible, self.long_speech_words).drafts()
        shots = _finish(drafts, scene, bible)
        heading = scene.heading.text if scene.heading else ""
        plan = ShotPlan(scene=scene.id, shots=tuple(shots), planner=self.name, first_line=scene.line,
                        last_line=scene.end_line, heading=heading, int_ext=scene.int_ext,
                        location=scene.location, time_of_day=scene.time_of_day, eighths=scene.eighths)
        if self.validate:
            problems = validate_plan(plan, scene, bible)
            if problems:
                raise PrevisError(f"heuristic plan of scene {scene.id} is inconsistent (a bug): {problems[0]}",
                                  None, scene.line)
        return plan


class _SceneRules:
    """Applies the rules to one scene; keeps who is present, in focus, and the current axis."""

    def __init__(self, scene: Scene, bible: Bible, long_words: int):
        self.scene = scene
        self.bible = bible
        self.long_words = long_words
        self.present: list[str] = []
        self.focus: str | None = None
        self.last_speaker: str | None = None
        self.exchange: tuple[str, str] | None = None  # (screen-left, screen-right)
        self.exchange_speeches = 0
        self.group_speeches = 0
        self.sides: dict[str, str] = {}
        self._units: list[_Unit] = []
        self._pos = 0
        self.index, self.names = name_index(bible)
        self.by_id = {e.id: e for e in bible.entries}

    # -- characters --------------------------------------------------------------------
    def resolve(self, cue: str, line: int) -> str:
        key = _WS.sub(" ", cue).strip().upper()
        eid = self.index.get(key)
        if eid is None:
            entry = self.bible.get(key)
            eid = entry.id if entry else None
        if eid is None:
            raise PrevisError(f"{cue!r} speaks here but is not in the character bible; "
                              "run `previs characters` to see it", None, line)
        return eid

    def mentioned(self, text: str) -> list[str]:
        """Bible ids named in ``text`` (names, aliases, unique first names), in order of mention."""
        out: list[str] = []
        if self.names is None:
            return out
        for m in self.names.finditer(text):
            eid = self.index.get(m.group(1).upper())
            if eid and eid not in out:
                out.append(eid)
        return out

    def enter(self, *ids: str) -> None:
        for i in ids:
            if i not in self.present:
                self.present.append(i)

    # -- units -------------------------------------------------------------------------
    def units(self) -> list[_Unit]:
        units: list[_Unit] = []
        els = list(self.scene.elements)
        i = 0
        while i < len(els):
            e = els[i]
            if isinstance(e, Character):
                j = i + 1
                while j < len(els) and isinstance(els[j], (Parenthetical, Dialogue, Lyrics)):
                    j += 1
                units.extend(self._speech_units(e, els[i + 1:j]))
                i = j
                continue
            if isinstance(e, Action):
                units.append(_Unit("action", [e]))
            else:
                units.append(_Unit("attach", [e]))
            i += 1
        # dual dialogue: two consecutive speeches whose cues are both marked dual
        merged: list[_Unit] = []
        for u in units:
            if (u.kind == "speech" and merged and merged[-1].kind == "speech" and u.elements
                    and isinstance(u.elements[0], Character) and u.elements[0].dual
                    and isinstance(merged[-1].elements[0], Character) and merged[-1].elements[0].dual
                    and merged[-1].speaker != u.speaker):
                prev = merged.pop()
                merged.append(_Unit("dual", prev.elements + u.elements, prev.speaker, prev.extension,
                                    prev.parts + u.parts))
            else:
                merged.append(u)
        return merged

    def _speech_units(self, cue: Character, body: list[Element]) -> list[_Unit]:
        speaker = self.resolve(cue.name, cue.line)
        ext = (cue.extension or "").upper().replace(" ", "") or None
        units = [_Unit("speech", [cue], speaker, ext)]
        paren: str | None = None
        for e in body:
            cur = units[-1]
            if isinstance(e, Parenthetical):
                if _BEAT.match(e.text) and any(isinstance(x, (Dialogue, Lyrics)) for x in cur.elements):
                    units.append(_Unit("speech", [e], speaker, ext, beat=True))
                    units.append(_Unit("speech", [], speaker, ext))
                    paren = None
                    continue
                cur.elements.append(e)
                paren = e.text
            else:
                cur.elements.append(e)
                cur.parts.append(DialogueLine(speaker, e.text, e.line, paren, cue.extension))
                paren = None
        units = [u for u in units if u.elements]
        # a pure beat with no dialogue after it still needs its shot; an empty speech tail was dropped
        return units

    # -- drafts ------------------------------------------------------------------------
    def drafts(self) -> list[_Draft]:
        scene = self.scene
        units = self._units = self.units()
        drafts: list[_Draft] = []
        pending: list[Element] = []
        opening = scene.heading is not None
        for n, u in enumerate(units):
            self._pos = n
            if u.kind == "attach":
                if drafts:
                    drafts[-1].elements.extend(u.elements)
                else:
                    pending.extend(u.elements)
                continue
            if opening:
                opening = False
                first_action = u if u.kind == "action" else None
                drafts.append(self._opening(first_action))
                drafts[-1].elements = pending + drafts[-1].elements
                pending = []
                if first_action is not None:
                    continue
            if u.kind == "action":
                new = [self._action(u)]
            elif u.kind == "dual":
                new = [self._dual(u)]
            elif u.beat:
                new = [self._reaction(u)]
            else:
                new = self._speech(u)
            if pending:
                new[0].elements = pending + new[0].elements
                pending = []
            for d in new:
                self._note_axis(d)
            drafts.extend(new)
        if opening:  # heading only (or heading + notes)
            drafts.append(self._opening(None))
        if pending:
            if drafts:
                drafts[-1].elements.extend(pending)
            else:
                drafts.append(_Draft(ShotSize.WS, ShotType.MASTER, (), pending,
                                     _first_sentence(getattr(pending[0], "text", "") or "Black.")))
        return drafts

    def _note_axis(self, d: _Draft) -> None:
        """Write the 180-degree line into the notes of a shot that observes it (the AD reads it)."""
        if self.exchange and any(p.subject in self.exchange and p.facing in ("left", "right") for p in d.blocking):
            left, right = self.exchange
            d.notes = f"180° line: {self._n(left)} screen left, {self._n(right)} screen right"

    def _opening(self, unit: _Unit | None) -> _Draft:
        scene = self.scene
        same_place = bool(_SAME_PLACE.search(scene.time_of_day or "")) or bool(
            scene.heading and _SAME_PLACE.search(scene.heading.text.split(" - ")[-1]))
        exterior = scene.int_ext == "EXT"
        subjects: tuple[str, ...] = ()
        text = ""
        movement = Movement.STATIC
        if unit is not None:
            text = unit.elements[0].text
            subjects = tuple(self.mentioned(text))
            self.enter(*subjects)
            if subjects:
                self.focus = subjects[-1]
            movement = _movement(text)
        place = (scene.location or "the location").lower()
        if same_place:
            size, kind, lens = ShotSize.WS, ShotType.MASTER, 28
            desc = _first_sentence(text) if text else f"Master of {place}."
        elif exterior:
            size, kind, lens = ShotSize.EWS, ShotType.ESTABLISHING, 18
            if movement == Movement.STATIC:
                movement = Movement.PAN
            desc = _first_sentence(text) if text else f"Establishing view of {place}."
        else:
            size, kind, lens = ShotSize.WS, ShotType.ESTABLISHING, 24
            desc = _first_sentence(text) if text else f"Wide view of {place}."
        elements = list(unit.elements) if unit else []
        est = 3.0 if not text else _clamp(_words(text) / 3.5, 3.0, 12.0)
        blocking = tuple(Placement(s, x=round((k + 1) / (len(subjects) + 1), 3), facing="camera", depth="bg")
                         for k, s in enumerate(subjects))
        return _Draft(size, kind, subjects, elements, desc, movement=movement, action=text, est=est,
                      lens=lens, blocking=blocking, covers_heading=True,
                      direction=ScreenDirection.LEFT_TO_RIGHT if movement == Movement.TRACKING
                      else ScreenDirection.NEUTRAL)

    def _action(self, u: _Unit) -> _Draft:
        text = u.elements[0].text
        subjects = self.mentioned(text)
        if not subjects and _PRONOUN_START.match(text) and self.focus:
            subjects = [self.focus]
        self.enter(*subjects)
        movement = _movement(text)
        angle = _angle(text)
        prop = _prop(text, {e.name for e in self.bible.entries})
        desc = _first_sentence(text)
        est = _clamp(round(_words(text) / 3.5, 1), 2.0, 12.0)
        leaving = [s for s in subjects if _EXIT.search(text)]
        if subjects:
            self.focus = subjects[-1]
        if movement == Movement.TRACKING and self.exchange and set(subjects) & set(self.exchange):
            self.exchange = None  # they travel: the camera moves with them and the old line no longer binds
        if prop:
            desc = next((_first_sentence(x) for x in _SENT.split(text) if prop in x.lower()), desc)
            d = _Draft(ShotSize.INSERT, ShotType.INSERT, (), [u.elements[0]], desc, prop=prop, action=text,
                       est=_clamp(est, 2.0, 4.0), angle=Angle.HIGH if angle == Angle.EYE_LEVEL else angle,
                       movement=Movement.PUSH_IN if movement == Movement.PUSH_IN else Movement.STATIC)
        elif not subjects:
            d = _Draft(ShotSize.WS, ShotType.MASTER, tuple(self.present), [u.elements[0]], desc,
                       movement=movement, angle=angle, action=text, est=est)
            d.blocking = self._spread(d.subjects)
        else:
            n = len(subjects)
            if n == 1:
                size, kind = (ShotSize.MWS if movement == Movement.TRACKING else ShotSize.MS), ShotType.SINGLE
            elif n == 2:
                size, kind = ShotSize.MWS, ShotType.TWO_SHOT
            else:
                size, kind = ShotSize.WS, ShotType.GROUP
            d = _Draft(size, kind, tuple(subjects), [u.elements[0]], desc, movement=movement, angle=angle,
                       action=text, est=est)
            d.blocking = self._spread(d.subjects)
            if movement == Movement.TRACKING:
                d.direction = ScreenDirection.LEFT_TO_RIGHT
                d.blocking = tuple(replace(p, facing="right") for p in d.blocking)
        for s in leaving:
            if s in self.present:
                self.present.remove(s)
        return d

    def _spread(self, subjects: Sequence[str]) -> tuple[Placement, ...]:
        """Placements honouring the current axis; others spread evenly."""
        out = []
        n = len(subjects)
        for k, s in enumerate(subjects):
            if self.exchange and s in self.exchange and all(x in subjects for x in self.exchange):
                left = s == self.exchange[0]
                out.append(Placement(s, 0.3 if left else 0.7, "right" if left else "left"))
            elif self.exchange and s in self.exchange and n == 1:
                left = s == self.exchange[0]
                out.append(Placement(s, 0.4 if left else 0.6, "right" if left else "left"))
            else:
                out.append(Placement(s, round((k + 1) / (n + 1), 3), "camera"))
        return tuple(out)

    def _partner(self, speaker: str) -> str | None:
        if self.last_speaker and self.last_speaker != speaker:
            return self.last_speaker
        if self.exchange and speaker in self.exchange:
            return self.exchange[1] if self.exchange[0] == speaker else self.exchange[0]
        others = [p for p in self.present if p != speaker]
        if others:
            return others[-1]
        for u in self._units[self._pos + 1:]:  # nobody here yet: the next one to answer
            if u.kind == "speech" and u.speaker and u.speaker != speaker and not _offscreen(u.extension):
                return u.speaker
        return None

    def _set_axis(self, speaker: str, partner: str | None) -> None:
        if partner is None:
            self.exchange = None
            return
        pair = {speaker, partner}
        if self.exchange and set(self.exchange) == pair:
            self.exchange_speeches += 1
            return
        if partner in self.sides and self.sides[partner] == "L" and self.sides.get(speaker) != "L":
            left, right = partner, speaker
        elif self.sides.get(speaker) == "R":
            left, right = partner, speaker
        else:
            left, right = speaker, partner
        self.exchange = (left, right)
        self.sides[left], self.sides[right] = "L", "R"
        self.exchange_speeches = 0

    def _speech(self, u: _Unit) -> list[_Draft]:
        speaker = u.speaker
        assert speaker is not None
        offscreen = _offscreen(u.extension)
        voiceover = offscreen and "V.O" in (u.extension or "")
        text = " ".join(p.text for p in u.parts)
        words = _words(text)
        parens = " ".join(e.text for e in u.elements if isinstance(e, Parenthetical))
        if not offscreen:
            self.enter(speaker)
        partner = self._partner(speaker) if not voiceover else None
        group = len([p for p in self.present if p != speaker]) >= 2 and (
            self.exchange is None or partner not in (self.exchange or ()) or speaker not in (self.exchange or ()))
        est = round(words / 2.75 + 0.5, 1) if words else 1.5
        parts = list(u.parts)
        if offscreen:
            subjects = tuple(p for p in self.present if p != speaker) if not voiceover else tuple(self.present)
            who = self._n(speaker)
            if subjects and not voiceover:
                d = _Draft(ShotSize.MCU, ShotType.REACTION, subjects[-1:], list(u.elements),
                           f"{self._n(subjects[-1])} hears {who} off screen.", dialogue=tuple(parts), est=est)
                d.blocking = self._spread(d.subjects)
            else:
                d = _Draft(ShotSize.WS, ShotType.MASTER, subjects, list(u.elements),
                           f"{(self.scene.location or 'The scene').title()}, as {who} is heard in voice-over.",
                           dialogue=tuple(parts), est=est)
                d.blocking = self._spread(subjects)
            return [d]
        if group and not (self.exchange and {speaker, partner} == set(self.exchange)) and self.group_speeches % 4 == 0:
            self.group_speeches += 1
            self.exchange = None
            subjects = tuple(self.present)
            d = _Draft(ShotSize.WS, ShotType.GROUP, subjects, list(u.elements),
                       f"{self._n(speaker)} speaks to the group.", speaker=speaker, dialogue=tuple(parts), est=est,
                       lens=28)
            d.blocking = self._spread(subjects)
            self.last_speaker = speaker
            return [d]
        if group and not (self.exchange and {speaker, partner} == set(self.exchange)):
            self.group_speeches += 1
            d = self._single(u, speaker, None, parts, est, parens, text)
            self.last_speaker = speaker
            return self._split_long(d, speaker, None)
        self._set_axis(speaker, partner)
        first = self.exchange_speeches == 0 and partner is not None
        short = words < 8
        if partner is not None and (first or short) and not _intense(parens, text):
            d = self._ots(u, speaker, partner, parts, est)
        else:
            d = self._single(u, speaker, partner, parts, est, parens, text)
        self.last_speaker = speaker
        self.focus = speaker
        return self._split_long(d, speaker, partner)

    def _n(self, eid: str) -> str:
        e = self.by_id.get(eid)
        return e.name.title() if e else eid

    def _side(self, eid: str) -> str | None:
        if self.exchange and eid in self.exchange:
            return "L" if self.exchange[0] == eid else "R"
        return None

    def _look(self, eid: str) -> tuple[float, str, ScreenDirection]:
        side = self._side(eid)
        if side == "L":
            return 0.38, "right", ScreenDirection.LEFT_TO_RIGHT
        if side == "R":
            return 0.62, "left", ScreenDirection.RIGHT_TO_LEFT
        return 0.5, "camera", ScreenDirection.NEUTRAL

    def _single(self, u, speaker, partner, parts, est, parens, text) -> _Draft:
        size = ShotSize.CU if _intense(parens, text) else ShotSize.MCU
        x, facing, direction = self._look(speaker)
        to = f" to {self._n(partner)}" if partner else ""
        how = f" {parens.strip()}" if parens.strip() else ""
        return _Draft(size, ShotType.SINGLE, (speaker,), list(u.elements), f"{self._n(speaker)} speaks{to}{how}.",
                      speaker=speaker, dialogue=tuple(parts), est=est,
                      blocking=(Placement(speaker, x, facing),), direction=direction)

    def _ots(self, u, speaker, partner, parts, est) -> _Draft:
        x, facing, direction = self._look(speaker)
        px = 0.85 if x < 0.5 else 0.15
        pf = "left" if x < 0.5 else "right"
        if facing == "camera":
            px, pf = 0.85, "left"
        return _Draft(ShotSize.MS, ShotType.OTS, (partner, speaker), list(u.elements),
                      f"Over {self._n(partner)}'s shoulder onto {self._n(speaker)}, speaking.",
                      speaker=speaker, dialogue=tuple(parts), est=est, lens=40,
                      blocking=(Placement(partner, px, pf, "fg"), Placement(speaker, x, facing)),
                      direction=direction)

    def _reaction(self, u: _Unit) -> _Draft:
        speaker = u.speaker
        listener = self._partner(speaker) if speaker else None
        if listener is None or listener == speaker:
            listener = speaker
        self.enter(listener)
        x, facing, direction = self._look(listener)
        beat = u.elements[0].text.strip("() ")
        return _Draft(ShotSize.MCU, ShotType.REACTION, (listener,), list(u.elements),
                      f"{self._n(listener)} reacts ({beat}).", est=1.5,
                      blocking=(Placement(listener, x, facing),), direction=direction)

    def _dual(self, u: _Unit) -> _Draft:
        speakers = tuple(dict.fromkeys(p.character for p in u.parts)) or (u.speaker,)
        for s in speakers:
            self.enter(s)
        if len(speakers) >= 2:
            self._set_axis(speakers[0], speakers[1])
        text = " ".join(p.text for p in u.parts)
        names = " and ".join(self._n(s) for s in speakers)
        d = _Draft(ShotSize.MS, ShotType.TWO_SHOT, speakers, list(u.elements), f"{names} talk over each other.",
                   speaker=speakers[0], dialogue=tuple(u.parts), est=round(_words(text) / 2.75 + 0.5, 1))
        d.blocking = self._spread(speakers)
        facing = next((p.facing for p in d.blocking if p.subject == speakers[0]), "camera")
        d.direction = {"right": ScreenDirection.LEFT_TO_RIGHT, "left": ScreenDirection.RIGHT_TO_LEFT}.get(
            facing, ScreenDirection.NEUTRAL)
        self.last_speaker = speakers[-1]
        return d

    def _split_long(self, d: _Draft, speaker: str, partner: str | None) -> list[_Draft]:
        """Rule 7: a long speech continues over a reaction (or a wider cutaway)."""
        if not d.dialogue:
            return [d]
        longest = max(d.dialogue, key=lambda p: _words(p.text))
        if _words(longest.text) <= self.long_words:
            return [d]
        sentences = _SENT.split(_WS.sub(" ", longest.text).strip())
        if len(sentences) < 2:
            return [d]
        half = _words(longest.text) / 2
        acc, cut = 0, 1
        for k, s in enumerate(sentences[:-1]):
            acc += _words(s)
            cut = k + 1
            if acc >= half:
                break
        head, tail = " ".join(sentences[:cut]), " ".join(sentences[cut:])
        k = d.dialogue.index(longest)
        el = next(e for e in d.elements if getattr(e, "line", None) == longest.line and isinstance(e, Dialogue))
        pos = d.elements.index(el)
        first_lines = d.dialogue[:k] + (replace(longest, text=head),)
        second_lines = (replace(longest, text=tail),) + d.dialogue[k + 1:]
        first = replace(d, dialogue=first_lines, elements=d.elements[:pos + 1],
                        est=round(_words(" ".join(p.text for p in first_lines)) / 2.75 + 0.5, 1))
        rest_est = round(_words(" ".join(p.text for p in second_lines)) / 2.75 + 0.5, 1)
        if partner is not None:
            x, facing, direction = self._look(partner)
            second = _Draft(ShotSize.MCU, ShotType.REACTION, (partner,), [el] + d.elements[pos + 1:],
                            f"{self._n(partner)} listens as {self._n(speaker)} goes on.", dialogue=second_lines,
                            est=rest_est, blocking=(Placement(partner, x, facing),), direction=direction)
        else:
            x, facing, direction = self._look(speaker)
            second = _Draft(ShotSize.WS, ShotType.SINGLE, (speaker,), [el] + d.elements[pos + 1:],
                            f"Wider on {self._n(speaker)}, still speaking.", speaker=speaker,
                            dialogue=second_lines, est=rest_est, blocking=(Placement(speaker, x, facing),),
                            direction=direction)
        return [first, second]


def _offscreen(extension: str | None) -> bool:
    return extension is not None and any(t in extension for t in ("V.O", "O.S", "O.C", "OFF", "PRELAP"))


def _intense(parens: str, text: str) -> bool:
    return bool(_INTENSE.search(parens)) or text.count("!") >= 2


def _movement(text: str) -> Movement:
    for pat, move in _MOVES:
        if pat.search(text):
            return move
    for pat, move in _VERBS:
        if pat.search(text):
            return move
    return Movement.STATIC


def _angle(text: str) -> Angle:
    if _OVERHEAD.search(text):
        return Angle.OVERHEAD
    if _LOW.search(text):
        return Angle.LOW
    if _HIGH.search(text):
        return Angle.HIGH
    return Angle.EYE_LEVEL


def _prop(text: str, names: set[str]) -> str | None:
    m = _INSERT_CUE.search(text)
    if m:
        what = m.group("what").strip().rstrip(":").strip()
        return (what or "detail").lower()[:60]
    for m in _PROP.finditer(text):
        prop = m.group("prop").strip()
        words = prop.split()
        if prop in names or any(w in names for w in words) or words[-1] in _SOUNDS:
            continue
        if any(e == prop or prop in e.split() for e in names):
            continue
        return prop.lower()
    return None


def _clamp(v: float, lo: float, hi: float) -> float:
    return round(max(lo, min(hi, v)), 1)


def _finish(drafts: list[_Draft], scene: Scene, bible: Bible) -> list[Shot]:
    """Ids, seeds, setups, line spans and prompts."""
    setups: dict[tuple, int] = {}
    shots: list[Shot] = []
    int_ext, location, time_of_day = scene.int_ext, scene.location, scene.time_of_day
    for i, d in enumerate(drafts):
        lens = d.lens or LENS[d.size]
        key = (d.type.value, d.size.value, d.angle.value, lens, d.subjects)
        setup = setups.setdefault(key, len(setups) + 1)
        lines = [e.line for e in d.elements] + [e.end_line for e in d.elements]
        if d.covers_heading and scene.heading is not None:
            lines.append(scene.heading.line)
        first, last = (min(lines), max(lines)) if lines else (scene.line, scene.line)
        shot = Shot(id=shot_id(scene.id, i), scene=scene.id, index=i, setup=setup, size=d.size, type=d.type,
                    angle=d.angle, movement=d.movement, lens_mm=lens, subjects=d.subjects, speaker=d.speaker,
                    first_line=first, last_line=last, description=d.description, dialogue=d.dialogue,
                    action=d.action, seed=shot_seed(scene.id, i), est_seconds=float(d.est),
                    screen_direction=d.direction, blocking=d.blocking, prop=d.prop, notes=d.notes,
                    int_ext=int_ext, location=location, time_of_day=time_of_day)
        prompt, negative = write_prompt(shot, bible)
        shots.append(replace(shot, prompt=prompt, negative_prompt=negative))
    return shots
