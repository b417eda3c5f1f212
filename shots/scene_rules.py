"""One scene through the coverage rules: units of script in, draft shots out.

Why a class: the rules need running state that a director keeps in their head
while walking a scene: who is present, who was last in focus, how many group
speeches have passed. The units the scene is cut into come from
:mod:`shots.units`, where people stand and the 180-degree line from
:mod:`shots.staging`, the eyeline and where a speech is cut from :mod:`shots.speech_rules`,
and :mod:`shots.cutting` reads the drafts in pairs after; the rules themselves are documented in
:mod:`shots.heuristic`.
"""
from __future__ import annotations

import copy
import re
from dataclasses import replace

from screenplay.model import Character, Element, Parenthetical, Scene
from shots.bible import name_index, names_in
from shots.cast_model import ActionReading, CastReader, scene_speakers
from shots.cutting import cut_drafts
from shots.drafts import Draft, Unit
from shots.geography import ScreenLine
from shots.intercut import intercut_draft, intercut_parties
from shots.model import Bible, Placement
from shots.script_cues import (SAME_PLACE as _SAME_PLACE, SENTENCE_SPLIT, angle_in as _angle, clamp as _clamp,
                               first_sentence as _first_sentence, insert_prop as _prop, insert_size,
                               is_intense as _intense, is_offscreen as _offscreen, is_reaction,
                               movement_in as _movement, push_in_detail, word_count as _words)
from shots.special_elements import direction_drafts, mark_directions
from shots.speech_rules import eyeline, split_long
from shots.staging import Staging
from shots.units import scene_units, split_beats
from shots.vocabulary import Angle, Movement, ScreenDirection, ShotSize, ShotType

TIGHTEN_AFTER = 6  # speeches into an exchange after which its singles are close-ups
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
            elif u.kind == "dual" or (u.together and not u.beat and self._joint(u)):
                new = [self._dual(u)]
            elif u.beat:
                new = [self._reaction(u)]
            else:
                new = self._speech(u)
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
        if scene.heading is not None and re.search(r"\bPOV\b", scene.heading.text, re.I):
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

    def _partner(self, speaker: str) -> str | None:
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

    def _speech(self, u: Unit) -> list[Draft]:
        speaker = u.speaker
        assert speaker is not None
        offscreen = not self.reader.speech((speaker,), _offscreen(u.extension)) or _offscreen(u.extension)
        voiceover = offscreen and "V.O" in (u.extension or "")
        text = " ".join(p.text for p in u.parts)
        words = _words(text)
        parens = " ".join(e.text for e in u.elements if isinstance(e, Parenthetical))
        if not offscreen:
            self.enter(speaker)
        partner = self._partner(speaker) if not voiceover else None
        called = self.staging.addressed(text, speaker)
        if called is not None and not voiceover and called in self.present:
            partner = called  # "..., Josephine, but": the one the speech calls by name
        self.staging.speaking(speaker, partner)
        group = len([p for p in self.present if p != speaker]) >= 2 and not self.staging.in_exchange(speaker, partner)
        est = round(words / 2.75 + 0.5, 1) if words else 1.5
        parts = list(u.parts)
        if offscreen:
            subjects = tuple(p for p in self.present if p != speaker) if not voiceover else tuple(self.present)
            who = self.name(speaker)
            if subjects and not voiceover:
                d = Draft(ShotSize.MCU, ShotType.REACTION, subjects[-1:], list(u.elements),
                           f"{self.name(subjects[-1])} hears {who} off screen.", dialogue=tuple(parts), est=est)
                d.blocking = self.staging.spread(d.subjects)
            else:
                d = Draft(ShotSize.WS, ShotType.MASTER, subjects, list(u.elements),
                           f"{(self.scene.location or 'The scene').title()}, as {who} is heard in voice-over.",
                           dialogue=tuple(parts), est=est)
                d.blocking = self.staging.spread(subjects)
            return [d]
        if group and not self.staging.is_pair(speaker, partner) and self.group_speeches % 4 == 0:
            self.group_speeches += 1
            self.staging.release()
            subjects = tuple(self.present)
            d = Draft(ShotSize.WS, ShotType.GROUP, subjects, list(u.elements),
                       f"{self.name(speaker)} speaks to the group.", speaker=speaker, dialogue=tuple(parts), est=est,
                       lens=28)
            d.blocking = self.staging.spread(subjects)
            listener = self._partner(speaker)
            self.last_speaker = speaker
            return split_long(self, d, speaker, listener)
        if group and not self.staging.is_pair(speaker, partner):
            self.group_speeches += 1
            d = self._single(u, speaker, None, parts, est, parens, text)
            d.listener = partner  # in a group, the one last spoken with (rule 11 reads it)
            self.last_speaker = speaker
            return split_long(self, d, speaker, None)
        self.staging.set_axis(speaker, partner)
        first = self.staging.exchange_speeches == 0 and partner is not None
        short = words < 8 and self.staging.exchange_speeches < TIGHTEN_AFTER  # deep in, every line is close
        if partner is not None and (first or short) and not _intense(parens, text) \
                and not self.staging.line.gone(partner):  # no shoulder of someone who went out
            d = self._ots(u, speaker, partner, parts, est)
        else:
            d = self._single(u, speaker, partner, parts, est, parens, text)
        self.last_speaker = speaker
        self.focus = speaker
        return split_long(self, d, speaker, partner)

    def name(self, eid: str) -> str:
        """A character's name as prose writes it (``Edward Bloom``)."""
        e = self.by_id.get(eid)
        return e.name.title() if e else eid

    def _single(self, u, speaker, partner, parts, est, parens, text) -> Draft:
        # rule 4's dramatic shape: an exchange that runs on is the scene's core, and the singles tighten
        deep = partner is not None and self.staging.exchange_speeches >= TIGHTEN_AFTER
        intense = _intense(parens, text)
        size = ShotSize.CU if intense or deep else ShotSize.MCU
        # motivated movement: ease in on an outburst, and on the speech where the exchange turns close
        turning = partner is not None and self.staging.exchange_speeches == TIGHTEN_AFTER
        movement = Movement.PUSH_IN if intense or turning else Movement.STATIC
        x, facing, direction = self.staging.look(speaker)
        to = f" to {self.name(partner)}" if partner else ""
        how = f" {parens.strip()}" if parens.strip() else ""
        return Draft(size, ShotType.SINGLE, (speaker,), list(u.elements), f"{self.name(speaker)} speaks{to}{how}.",
                      speaker=speaker, dialogue=tuple(parts), est=est, angle=eyeline(self, speaker, partner),
                      movement=movement, listener=partner,
                      blocking=(Placement(speaker, x, facing),), direction=direction)

    def _ots(self, u, speaker, partner, parts, est) -> Draft:
        blocking, direction = self.staging.over_shoulder(speaker, partner)
        return Draft(ShotSize.MS, ShotType.OTS, (partner, speaker), list(u.elements),
                     f"Over {self.name(partner)}'s shoulder onto {self.name(speaker)}, speaking.",
                     speaker=speaker, dialogue=tuple(parts), est=est, lens=40, blocking=blocking, direction=direction,
                     angle=eyeline(self, speaker, partner), listener=partner)

    def _reaction(self, u: Unit) -> Draft:
        speaker = u.speaker
        listener = self._partner(speaker) if speaker else None
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

    def _joint(self, u: Unit) -> bool:
        """A joint cue (EDWARD AND WILL, BOTH): resolve BOTH/ALL now; True when two or more are seen."""
        if u.together == ("*",):
            people = self.reader.cue(u.elements[0].name if isinstance(u.elements[0], Character) else "BOTH")
            people = people or tuple(p for p in (self.last_speaker,) if p)
            if people:
                u.speaker, u.together = people[0], people[1:]
                u.parts = [replace(p, character=people[0]) for p in u.parts]
            else:
                u.together = ()
            if len(people) < 2:
                return False
        on_screen = self.reader.speech((u.speaker, *u.together), _offscreen(u.extension))
        return on_screen and len((u.speaker, *u.together)) >= 2

    def _dual(self, u: Unit) -> Draft:
        speakers = tuple(dict.fromkeys([*(p.character for p in u.parts), *u.together])) or (u.speaker,)
        for s in speakers:
            self.enter(s)
        if len(speakers) >= 2:
            self.staging.set_axis(speakers[0], speakers[1])
        text = " ".join(p.text for p in u.parts)
        names = " and ".join(self.name(s) for s in speakers)
        how = "speak together" if u.together else "talk over each other"
        kind = ShotType.TWO_SHOT if len(speakers) == 2 else ShotType.GROUP
        d = Draft(ShotSize.MS if len(speakers) == 2 else ShotSize.WS, kind, speakers, list(u.elements), f"{names} {how}.",
                   speaker=speakers[0], dialogue=tuple(u.parts), est=round(_words(text) / 2.75 + 0.5, 1))
        self.staging.speaking(speakers[0], speakers[1] if len(speakers) == 2 else None)  # a joint pair face each other
        d.blocking = self.staging.spread(speakers)
        facing = next((p.facing for p in d.blocking if p.subject == speakers[0]), "camera")
        d.direction = {"right": ScreenDirection.LEFT_TO_RIGHT, "left": ScreenDirection.RIGHT_TO_LEFT}.get(
            facing, ScreenDirection.NEUTRAL)
        self.last_speaker = speakers[-1]
        return d

def scene_drafts(scene: Scene, bible: Bible, long_speech_words: int, context=None) -> list[Draft]:
    """The scene's shots before ids, setups and prompts (what :mod:`shots.heuristic` finishes);
    ``context`` is the scene's :class:`shots.continuity.SceneContext`, or None."""
    rules = SceneRules(scene, bible, long_speech_words, context)
    return cut_drafts(rules.drafts(), rules.name)
