"""One scene through the coverage rules: units of script in, draft shots out.

Why a class: the rules need running state that a director keeps in their head
while walking a scene: who is present, who was last in focus, how many group
speeches have passed. The units the scene is cut into come from
:mod:`shots.units`, where people stand and the 180-degree line from
:mod:`shots.staging`; the rules themselves are documented in :mod:`shots.heuristic`.
"""
from __future__ import annotations

import re
from dataclasses import replace

from screenplay.model import Character, Dialogue, Element, Parenthetical, Scene
from shots.bible import name_index, names_in
from shots.cast_model import CastReader, scene_speakers
from shots.drafts import Draft, Unit
from shots.geography import ScreenLine
from shots.intercut import intercut_draft, intercut_parties
from shots.model import Bible, Placement
from shots.script_cues import (SAME_PLACE as _SAME_PLACE, SENTENCE_SPLIT, WHITESPACE as _WS, angle_in as _angle,
                               clamp as _clamp, first_sentence as _first_sentence, is_intense as _intense,
                               is_offscreen as _offscreen, insert_prop as _prop, movement_in as _movement,
                               word_count as _words)
from shots.special_elements import direction_drafts, mark_directions
from shots.staging import Staging
from shots.units import scene_units
from shots.vocabulary import Angle, Movement, ScreenDirection, ShotSize, ShotType


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
        self.index, self.names = name_index(bible)
        self.by_id = {e.id: e for e in bible.entries}

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
            if i not in self.present:
                self.present.append(i)

    # -- drafts ------------------------------------------------------------------------
    def drafts(self) -> list[Draft]:
        scene = self.scene
        units = self._units = scene_units(self.scene, self.bible)
        mark_directions(self, units)
        self._intercut = intercut_parties(self, units)
        drafts: list[Draft] = []
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
            text = unit.elements[0].text
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
        return Draft(size, kind, subjects, elements, desc, movement=movement, action=text, est=est,
                      lens=lens, blocking=blocking, covers_heading=True, direction=direction)

    def action_draft(self, u: Unit) -> Draft:
        """Rule 3: the shot of one action paragraph (or montage beat)."""
        text = u.elements[0].text
        reading = self.reader.action(text)
        subjects = list(reading.refs)
        self.enter(*subjects)
        movement = _movement(text)
        angle = _angle(text)
        prop = _prop(text, {e.name for e in self.bible.entries})
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
            d = Draft(ShotSize.INSERT, ShotType.INSERT, (), [u.elements[0]], desc, prop=prop, action=text,
                       est=_clamp(est, 2.0, 4.0), angle=Angle.HIGH if angle == Angle.EYE_LEVEL else angle,
                       movement=Movement.PUSH_IN if movement == Movement.PUSH_IN else Movement.STATIC)
        elif not subjects:
            d = Draft(ShotSize.WS, ShotType.MASTER, tuple(self.present), [u.elements[0]], desc,
                       movement=movement, angle=angle, action=text, est=est)
            d.blocking = self.staging.spread(d.subjects)
            d.direction = direction
        else:
            n = len(subjects)
            if n == 1:
                size, kind = (ShotSize.MWS if movement == Movement.TRACKING else ShotSize.MS), ShotType.SINGLE
            elif n == 2:
                size, kind = ShotSize.MWS, ShotType.TWO_SHOT
            else:
                size, kind = ShotSize.WS, ShotType.GROUP
            d = Draft(size, kind, tuple(subjects), [u.elements[0]], desc, movement=movement, angle=angle,
                       action=text, est=est, blocking=blocking, direction=direction)
        for s in leaving:
            if s in self.present:
                self.present.remove(s)
        return d

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
            self.last_speaker = speaker
            return [d]
        if group and not self.staging.is_pair(speaker, partner):
            self.group_speeches += 1
            d = self._single(u, speaker, None, parts, est, parens, text)
            self.last_speaker = speaker
            return self._split_long(d, speaker, None)
        self.staging.set_axis(speaker, partner)
        first = self.staging.exchange_speeches == 0 and partner is not None
        short = words < 8
        if partner is not None and (first or short) and not _intense(parens, text) \
                and not self.staging.line.gone(partner):  # no shoulder of someone who went out
            d = self._ots(u, speaker, partner, parts, est)
        else:
            d = self._single(u, speaker, partner, parts, est, parens, text)
        self.last_speaker = speaker
        self.focus = speaker
        return self._split_long(d, speaker, partner)

    def name(self, eid: str) -> str:
        """A character's name as prose writes it (``Edward Bloom``)."""
        e = self.by_id.get(eid)
        return e.name.title() if e else eid

    def _single(self, u, speaker, partner, parts, est, parens, text) -> Draft:
        size = ShotSize.CU if _intense(parens, text) else ShotSize.MCU
        x, facing, direction = self.staging.look(speaker)
        to = f" to {self.name(partner)}" if partner else ""
        how = f" {parens.strip()}" if parens.strip() else ""
        return Draft(size, ShotType.SINGLE, (speaker,), list(u.elements), f"{self.name(speaker)} speaks{to}{how}.",
                      speaker=speaker, dialogue=tuple(parts), est=est,
                      blocking=(Placement(speaker, x, facing),), direction=direction)

    def _ots(self, u, speaker, partner, parts, est) -> Draft:
        blocking, direction = self.staging.over_shoulder(speaker, partner)
        return Draft(ShotSize.MS, ShotType.OTS, (partner, speaker), list(u.elements),
                     f"Over {self.name(partner)}'s shoulder onto {self.name(speaker)}, speaking.",
                     speaker=speaker, dialogue=tuple(parts), est=est, lens=40, blocking=blocking, direction=direction)

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

    def _split_long(self, d: Draft, speaker: str, partner: str | None) -> list[Draft]:
        """Rule 7: a long speech continues over a reaction (or a wider cutaway)."""
        if not d.dialogue:
            return [d]
        longest = max(d.dialogue, key=lambda p: _words(p.text))
        if _words(longest.text) <= self.long_words:
            return [d]
        sentences = SENTENCE_SPLIT.split(_WS.sub(" ", longest.text).strip())
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
            x, facing, direction = self.staging.look(partner)
            second = Draft(ShotSize.MCU, ShotType.REACTION, (partner,), [el] + d.elements[pos + 1:],
                            f"{self.name(partner)} listens as {self.name(speaker)} goes on.", dialogue=second_lines,
                            est=rest_est, blocking=(Placement(partner, x, facing),), direction=direction)
        else:
            x, facing, direction = self.staging.look(speaker)
            second = Draft(ShotSize.WS, ShotType.SINGLE, (speaker,), [el] + d.elements[pos + 1:],
                            f"Wider on {self.name(speaker)}, still speaking.", speaker=speaker,
                            dialogue=second_lines, est=rest_est, blocking=(Placement(speaker, x, facing),),
                            direction=direction)
        return [first, second]


def scene_drafts(scene: Scene, bible: Bible, long_speech_words: int, context=None) -> list[Draft]:
    """The scene's shots before ids, setups and prompts (what :mod:`shots.heuristic` finishes);
    ``context`` is the scene's :class:`shots.continuity.SceneContext`, or None."""
    return SceneRules(scene, bible, long_speech_words, context).drafts()
