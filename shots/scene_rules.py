"""One scene through the coverage rules: units of script in, draft shots out.

Why a class: the rules need running state that a director keeps in their head
while walking a scene: who is present, who was last in focus, how many group
speeches have passed. The units the scene is cut into come from
:mod:`shots.units`, where people stand and the 180-degree line from
:mod:`shots.staging`, how a speech is framed from :mod:`shots.dialogue_rules` (the eyeline and
where a speech is cut from :mod:`shots.speech_rules`), and :mod:`shots.cutting` reads the drafts in
pairs after; the rules themselves are documented in
:mod:`shots.heuristic`.
"""
from __future__ import annotations

import copy
import re

from screenplay.model import Element, Scene
from shots.bible import name_index, names_in
from shots.cast_model import ActionReading, CastReader, scene_speakers
from shots.cutting import cut_drafts
from shots.dialogue_rules import dual_draft, is_joint, speech_drafts
from shots.drafts import Draft, Unit
from shots.geography import ScreenLine
from shots.intercut import intercut_draft, intercut_parties
from shots.model import Bible, Placement
from shots.script_cues import (SAME_PLACE as _SAME_PLACE, SENTENCE_SPLIT, angle_in as _angle, clamp as _clamp,
                               first_sentence as _first_sentence, insert_prop as _prop, insert_size,
                               is_offscreen as _offscreen, is_reaction,
                               movement_in as _movement, push_in_detail, word_count as _words)
from shots.special_elements import direction_drafts, mark_directions
from shots.staging import Staging
from shots.units import scene_units, split_beats
from shots.vocabulary import Angle, Movement, ShotSize, ShotType

_POV = re.compile(r"\bPOV\b", re.I)
_RETURNS = re.compile(r"\b(enters|entering|re-enters|returns|returning|comes back|coming back|comes in|walks in|reappears|is back|back from)\b", re.I)


class SceneRules:
    """Applies the rules to one scene; keeps who is present, in focus, and the current axis."""

    def __init__(self, scene: Scene, bible: Bible, long_words: int, context=None):
        self.scene = scene
        self.bible = bible
        self.long_words = long_words
        # who is here, who is only a voice, what "she" means: shots.cast_model (its list is ours)
        self.reader = CastReader(bible, context.present if context else (), context.elsewhere if context else (),
                                 scene_speakers(scene, bible))
        self.present: list[str] = self.reader.present
        self.focus: str | None = None
        self.last_speaker: str | None = None
        self.group_speeches = 0
        # the line, the axis and who looks at whom: shots/staging.py (a CONTINUOUS scene's line carries over)
        self.staging = Staging(self.present, ScreenLine(context.line, context.travel) if context else None,
                               lambda text: names_in(text, bible))
        self._units: list[Unit] = []
        self._pos = 0
        self._intercut: tuple[str, set[str], int] | None = None
        self.gone: set[str] = set()  # who walked out of this scene (and has not come back)
        self.after_speech = False  # the unit being drafted follows a speech (its response may be a reaction)
        self.index, self.names = name_index(bible)
        self.by_id = {e.id: e for e in bible.entries}
        self.cast_names = {e.name for e in bible.entries}  # capitals that are people, not props
        self.paragraph_reads: dict[int, tuple] = {}  # element line -> (reader copy for its beats, who it shows)
        self.children: dict[str, bool] = {}  # who is a child in this scene (shots/speech_rules.py)

    # -- characters --------------------------------------------------------------------
    def mentioned(self, text: str) -> list[str]:
        """People named in ``text`` (whole names, aliases, usable first names), in order; no pronouns,
        and the running cast is left alone (shots/special_elements.py reads slugs with it)."""
        out: list[str] = []
        for eid, _, _ in names_in(text, self.bible):
            if eid not in out and self.reader.is_person(eid):
                out.append(eid)
        return out

    def enter(self, *ids: str) -> None:
        for i in ids:
            self.gone.discard(i)
            if i not in self.present:
                self.present.append(i)

    # -- drafts ------------------------------------------------------------------------
    def drafts(self) -> list[Draft]:
        scene = self.scene
        units = self._units = scene_units(self.scene, self.bible)
        mark_directions(self, units)
        if scene.heading is not None:  # a preamble's paragraphs (notes before FADE IN:) are not action beats
            units = self._units = split_beats(units)
        self._intercut = intercut_parties(self, units)
        drafts: list[Draft] = []
        pending: list[Element] = []
        opening = scene.heading is not None
        last_kind = None  # the kind of the last unit with a picture
        for n, u in enumerate(units):
            self._pos = n
            self.after_speech = last_kind in ("speech", "dual")
            if u.kind != "attach":
                last_kind = u.kind
            if u.kind == "attach":
                if drafts:
                    drafts[-1].elements.extend(u.elements)
                else:
                    pending.extend(u.elements)
                continue
            if opening:
                opening = False
                first_action = u if u.kind == "action" and u.special is None else None
                drafts.append(self._opening(first_action))
                drafts[-1].elements = pending + drafts[-1].elements
                pending = []
                if first_action is not None:
                    continue
            new = self._directed(u, n)
            if new == []:  # a SUPER: text over the shot before it, never a shot
                (drafts[-1].elements if drafts else pending).extend(u.elements)
                if drafts:
                    drafts[-1].notes = " / ".join(x for x in (drafts[-1].notes, u.elements[0].text) if x)
                continue
            if new is not None:
                pass
            elif u.kind == "action":
                new = [self.action_draft(u)]
            elif u.kind == "dual" or (u.together and not u.beat and is_joint(self, u)):
                new = [dual_draft(self, u)]
            elif u.beat:
                new = [self._reaction(u)]
            else:
                new = speech_drafts(self, u)
            if pending:
                new[0].elements = pending + new[0].elements
                pending = []
            for d in new:
                self.staging.observe(d, self.name)
            drafts.extend(new)
        if opening:  # heading only (or heading + notes)
            drafts.append(self._opening(None))
        if pending:
            if drafts:
                drafts[-1].elements.extend(pending)
            else:
                # only transitions, centered titles, notes (a preamble's FADE IN:): a title card
                text = " / ".join(t for t in (getattr(e, "text", "").strip() for e in pending) if t)
                drafts.append(Draft(ShotSize.WS, ShotType.MASTER, (), pending,
                                     _first_sentence(text) if text else "Black.", est=1.0,
                                     notes="title card / transition"))
        return drafts

    def _directed(self, u: Unit, n: int) -> list[Draft] | None:
        """Shots for a unit under a direction (INSERT, MONTAGE, an intercut...), or None."""
        if u.special is not None:
            new = direction_drafts(self, u)
            if new is not None:
                return new
        if self._intercut is not None and n >= self._intercut[2]:
            d = intercut_draft(self, u, self._intercut[0], self._intercut[1])
            if d is not None:
                self.last_speaker = u.speaker
                return [d]
        return None

    def _opening(self, unit: Unit | None) -> Draft:
        scene = self.scene
        same_place = bool(_SAME_PLACE.search(scene.time_of_day or "")) or bool(
            scene.heading and _SAME_PLACE.search(scene.heading.text.split(" - ")[-1]))
        exterior = scene.int_ext == "EXT"
        subjects: tuple[str, ...] = ()
        text = ""
        movement = Movement.STATIC
        leaving: tuple[str, ...] = ()
        if unit is not None:
            text = unit.text
            reading = self.reader.action(text)
            subjects, leaving = reading.refs, reading.leaving
            self.enter(*subjects)
            if subjects:
                self.focus = subjects[-1]
            movement = _movement(text)
        place = (scene.location or "the location").lower()
        if scene.heading is not None and _POV.search(scene.heading.text):
            size, kind, lens = ShotSize.MS, ShotType.POV, 50  # the heading names a point of view
            desc = _first_sentence(text) if text else f"Point of view: {place}."
        elif same_place:
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
        blocking, direction = self.staging.action(subjects, text, leaving, movement, establishing=True)
        spans = {unit.elements[0].line: unit.span} if unit is not None and unit.span else {}
        return Draft(size, kind, subjects, elements, desc, movement=movement, action=text, est=est,
                      lens=lens, blocking=blocking, covers_heading=True, direction=direction, spans=spans)

    def action_draft(self, u: Unit) -> Draft:
        """Rule 3: the shot of one action paragraph (or montage beat)."""
        text = u.text
        reading = self._beat_reading(u) if u.span is not None else self.reader.action(text)
        # someone who walked out earlier is only mentioned ("while waiting for Kate's return"), unless back
        # or still on the way out ("As he leaves, Will mutters")
        subjects = [r for r in reading.refs if r not in self.gone or r in reading.leaving or _RETURNS.search(text)]

        self.enter(*subjects)
        movement = _movement(text)
        angle = _angle(text)
        detail = push_in_detail(text)  # "We PUSH IN on the Old Woman's glass eye": the telling detail, an ECU
        prop = detail or _prop(text, self.cast_names)
        if movement == Movement.PULL_OUT and not detail:
            prop = None  # a written pull-back reveals the place and who is in it: no insert
        desc = _first_sentence(text)
        est = _clamp(round(_words(text) / 3.5, 1), 2.0, 12.0)
        leaving = reading.leaving
        if subjects:
            self.focus = subjects[-1]
        if movement == Movement.TRACKING and self.staging.exchange and set(subjects) & set(self.staging.exchange):
            self.staging.release()  # they travel: the camera moves with them and the old line no longer binds
        # the line moves as the text says (entrances, a crossing, exits, travel): shots/staging.py
        blocking, direction = self.staging.action(subjects, text, leaving, movement)
        if prop:
            desc = next((_first_sentence(x) for x in SENTENCE_SPLIT.split(text) if prop in x.lower()), desc)
            d = Draft(ShotSize.ECU if detail else insert_size(prop), ShotType.INSERT, (), [u.elements[0]], desc, prop=prop, action=text,
                       est=_clamp(est, 2.0, 4.0), angle=Angle.HIGH if angle == Angle.EYE_LEVEL else angle,
                       movement=Movement.PUSH_IN if movement == Movement.PUSH_IN else Movement.STATIC)
        elif not subjects:
            d = Draft(ShotSize.WS, ShotType.MASTER, tuple(self.present), [u.elements[0]], desc,
                       movement=movement, angle=angle, action=text, est=est)
            d.blocking = self.staging.spread(d.subjects)
            d.direction = direction
        else:
            n = len(subjects)
            if n == 1 and self.after_speech and self.last_speaker not in (None, subjects[0]) and is_reaction(text):
                size, kind = ShotSize.MCU, ShotType.REACTION  # rule 6: the listener's face answers the line
            elif n == 1:
                size, kind = (ShotSize.MWS if movement == Movement.TRACKING else ShotSize.MS), ShotType.SINGLE
            elif n == 2:
                size, kind = ShotSize.MWS, ShotType.TWO_SHOT
            else:
                size, kind = ShotSize.WS, ShotType.GROUP
            d = Draft(size, kind, tuple(subjects), [u.elements[0]], desc, movement=movement, angle=angle,
                       action=text, est=est, blocking=blocking, direction=direction)
        if u.span:
            d.spans = {u.elements[0].line: u.span}
        for s in leaving:
            self.gone.add(s)
            if s in self.present:
                self.present.remove(s)
        return d

    def _beat_reading(self, u: Unit) -> ActionReading:
        """A beat read in its paragraph's context: the cast reader reads the whole paragraph once (a name
        in a photo it mentions is pictured, not present), and a copy taken before reads the beats in turn;
        a beat shows only who the whole paragraph shows."""
        el = u.elements[0]
        if el.line not in self.paragraph_reads:
            probe = copy.copy(self.reader)  # its running state copied, its bible indexes shared
            for name, value in vars(self.reader).items():
                if isinstance(value, (list, set, dict)) and name not in ("by_id", "roles"):
                    setattr(probe, name, copy.copy(value))
            self.paragraph_reads[el.line] = (probe, set(self.reader.action(el.text).refs))
        probe, whole = self.paragraph_reads[el.line]
        r = probe.action(u.text)
        return ActionReading(tuple(x for x in r.refs if x in whole), r.leaving, r.unresolved)

    def partner(self, speaker: str) -> str | None:
        """Who ``speaker`` talks to: the one who spoke last, their partner on the line, the last one
        present, else the next one to answer."""
        if self.last_speaker and self.last_speaker != speaker and self.last_speaker in self.present:
            return self.last_speaker
        other = self.staging.other(speaker)
        if other is not None and other in self.present:
            return other
        others = [p for p in self.present if p != speaker]
        if others:
            return others[-1]
        for u in self._units[self._pos + 1:]:  # nobody here yet: the next one to answer
            if (u.kind == "speech" and u.speaker and u.speaker != speaker and not _offscreen(u.extension)
                    and self.reader.could_be_here(u.speaker)):
                return u.speaker
        return None

    def name(self, eid: str) -> str:
        """A character's name as prose writes it (``Edward Bloom``)."""
        e = self.by_id.get(eid)
        return e.name.title() if e else eid

    def _reaction(self, u: Unit) -> Draft:
        speaker = u.speaker
        listener = self.partner(speaker) if speaker else None
        if listener is None or listener == speaker:
            listener = speaker
        if not self.reader.could_be_here(listener) and listener not in self.present:
            # a voice's beat (the far end of a call, a device): hold on the place and whoever is in it
            beat = u.elements[0].text.strip("() ")
            d = Draft(ShotSize.WS, ShotType.MASTER, tuple(self.present), list(u.elements),
                       f"{(self.scene.location or 'The scene').title()}, a beat ({beat}).", est=1.5)
            d.blocking = self.staging.spread(d.subjects)
            return d
        self.enter(listener)
        x, facing, direction = self.staging.look(listener)
        beat = u.elements[0].text.strip("() ")
        return Draft(ShotSize.MCU, ShotType.REACTION, (listener,), list(u.elements),
                      f"{self.name(listener)} reacts ({beat}).", est=1.5,
                      blocking=(Placement(listener, x, facing),), direction=direction)

def scene_drafts(scene: Scene, bible: Bible, long_speech_words: int, context=None) -> list[Draft]:
    """The scene's shots before ids, setups and prompts (what :mod:`shots.heuristic` finishes);
    ``context`` is the scene's :class:`shots.continuity.SceneContext`, or None."""
    rules = SceneRules(scene, bible, long_speech_words, context)
    return cut_drafts(rules.drafts(), rules.name)
