"""Who is in the scene, line by line: presence, voices, and what each action line refers to.

Why: every other reading error spreads from this one. A director reading a
scene keeps a running cast in their head: who came in, who walked out, who is
only a voice (a device, the far end of a phone call, the other side of an
intercut), and who "she" is. :class:`CastReader` keeps that state while a scene
is read in order; the coverage rules (:mod:`shots.scene_rules`) ask it about
each unit, and :mod:`shots.continuity` runs it over a scene to hand its cast to
a CONTINUOUS scene after it.

The rules:

- **References** in an action line, in reading order: names (whole names,
  aliases, unique first names that are not common words; see
  :func:`shots.bible.names_in`), role nouns (``the doorman``, ``his mother``:
  the entry's ``roles``, or a role-word name like THE BOSS -> ``the boss``),
  and pronouns (a role noun in the possessive, ``his father's files``, is not
  the person). ``he/him/his``, ``she/her`` resolve to the nearest compatible
  character (gender from ``BibleEntry.pronoun``; unknown is compatible) among
  those present or just named, most recent first; an object pronoun (``Steel
  SMACKS him``) is never the person just named before it in the same sentence.
  A pronoun in an opening clause (``As he leaves, Will mutters``) looks forward:
  it is the name that opens the main clause, when the gender fits.
  ``they/them/their``, ``both``, ``the men``, ``the pair`` are the people of the
  last plural reference in the sentence or the one before, else everyone
  present when that is two or more. What cannot be resolved stays unresolved
  (the shot then shows who is present).
- **Presence.** A character named or resolved in action is present; one who
  speaks on screen is present. Once an action paragraph has mentioned a picture
  (photo, photograph, snapshot, portrait), a name further on of someone not in
  the scene is someone pictured (``a picture of Joe``, ``They all show Joe``),
  unless the name opens its sentence. An action sentence with an exit verb (leaves,
  exits, walks out, heads for, runs for, storms out...) takes the first
  reference of the verb's clause out after that line (``Josephine tries to hold
  him back, but he gets up and leaves``: he), else the sentence's first. A CONTINUOUS scene starts with the cast the
  scene before ended with (``present``).
- **Voices.** A ``voice`` entry (MESSAGE MACHINE, INTERCOM, A VOICE) is never
  present. Once the action mentions a phone, a speaker who is not present is
  the other end of the call: heard, off screen. In a scene intercut with the
  one before, that scene's speakers (``elsewhere``) are off screen unless the
  action puts them here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from shots.bible import cue_speakers, names_in
from shots.caseless_pattern import CaselessPattern
from shots.cast_names import JOINT_WORDS, joint_parts
from shots.cast_roles import role_index
from shots.model import Bible

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n|--|—")
_PRONOUN = CaselessPattern(r"(?<![\w'’])(?=[behst])(he|him|his|himself|she|her|hers|herself|they|them|their|themselves|"
                           r"both|the men|the women|the pair|the two|the three of them|the two of them|each other)"
                           r"(?![\w'’])")
_EXIT = CaselessPattern(r"\b(leaves|exits|exit|walks out(?!\s+(?:of\s+(?:the\s+)?(?:dark|darkness|shadows?|night|fog|mist|"
                        r"rain|trees|woods|water|crowd)|onto|into|to)\b)|walks off|walks away|storms out|storms off|is gone|"
                        r"disappears|heads for|heads to|heads off|heads out|runs for|runs off|runs out|goes into|"
                        r"goes out|takes off|drives off|drives away|speeds off|hurries out|slips out)\b")
_PHONE = CaselessPattern(r"\b(phone|telephone|cellphone|receiver|speakerphone|on the line|dials|startac|"
                         r"answering machine|voicemail|intercom)\b")
_HANG_UP = CaselessPattern(r"\bhangs? up\b")
_PLACE_AFTER = CaselessPattern(r"^\s*(?:[\w-]+\s+)?(?:bedroom|room|house|home|office|apartment|car|door|"
                               r"kitchen|patio|pool|desk|place|studio|building|truck|bed)\b")
_NOT_HERE_BEFORE = CaselessPattern(r"\b(?:call|calls|calling|phone|phones|phoning|dial|dials|text|texts|email|emails|"
                                   r"write to|writes to|thinks of|thinks about|remembers|dreams of|misses|"
                                   r"photo of|picture of|pictures of)\s+$")
# "As he leaves, Will ...": the pronoun is the main clause's subject
_FORWARD_PRONOUN = CaselessPattern(r"\s*(?:as|when|while|before|after|once|until|though|although)\s+(he|she)\b[^,]*,\s*")
_JOINED = re.compile(r"\s*(?:,|&|and\b)")  # a name joined to another: a pair
_NEXT_WORD = re.compile(r"\s*([A-Za-z']+)?")
_PICTURE = CaselessPattern(r"\b(?:pictures?|photos?|photographs?|snapshots?|portraits?)\b")
_OBJECT_FOLLOWERS = {"a", "an", "the", "to", "in", "on", "at", "with", "and", "as", "up", "down", "off", "back",
                     "over", "away", "out", "into", "from", "for", "by", "again", "too", "that", "this"}
_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}


@dataclass(frozen=True, slots=True)
class LinePresence:
    """After the element at ``line``..``end_line``: who is in the scene and who is only heard."""

    line: int
    end_line: int
    present: tuple[str, ...]
    voices: tuple[str, ...]
    appear: tuple[str, ...] = ()  # who this element shows (its references, its on-screen speakers)


@dataclass(frozen=True, slots=True)
class SceneReading:
    """A whole scene read in order: presence per element, who it starts with, who spoke in it."""

    start: tuple[str, ...]
    lines: tuple[LinePresence, ...]
    speakers: tuple[str, ...]
    nearby: tuple[str, ...] = ()  # speak off screen (O.S., O.C.) but are in the place: may be seen

    @property
    def end(self) -> tuple[str, ...]:
        return self.lines[-1].present if self.lines else self.start

    def allowed(self, first_line: int, last_line: int) -> set[str]:
        """Who may be in frame in a shot covering these lines: anyone in the scene at some point
        (or in the place though speaking off screen), except those who left before the shot and
        are not back during it. Voices (``LinePresence.voices``) are never allowed."""
        before = [lp for lp in self.lines if lp.end_line < first_line]
        now = set(before[-1].present) if before else set(self.start)
        during = {p for lp in self.lines if first_line <= lp.line <= last_line for p in (*lp.present, *lp.appear)}
        earlier = set(self.start) | {p for lp in before for p in (*lp.present, *lp.appear)}
        ever = set(self.start) | set(self.nearby) | {p for lp in self.lines for p in (*lp.present, *lp.appear)}
        voices = {v for lp in self.lines for v in lp.voices}
        return (ever - (earlier - now - during)) - voices


def read_scene(scene, bible: Bible, present: tuple[str, ...] = (), elsewhere: tuple[str, ...] = ()) -> SceneReading:
    """Read ``scene`` the way the coverage rules do (same reader, same order), keeping presence per element.

    Args:
        scene: a parsed scene.
        bible: the characters.
        present, elsewhere: as for :class:`CastReader` (from :class:`shots.continuity.SceneContext`).
    """
    from screenplay.model import Action, Character
    from shots.script_cues import is_offscreen

    reader = CastReader(bible, present, elsewhere, scene_speakers(scene, bible))
    start = tuple(reader.present)
    speakers: list[str] = []
    lines = []
    for e in scene.elements:
        appear: tuple[str, ...] = ()
        if isinstance(e, Action):
            appear = reader.action(e.text).refs
        elif isinstance(e, Character):
            ids = reader.cue(e.name)
            if ids:
                if reader.speech(ids, is_offscreen((e.extension or "").upper().replace(" ", "") or None)):
                    appear = ids
                speakers.extend(i for i in ids if i not in speakers)
        voices = tuple(sorted(reader.offscreen | {i for i in speakers if not reader.is_person(i)}))
        lines.append(LinePresence(e.line, e.end_line, tuple(reader.present), voices, appear))
    return SceneReading(start, tuple(lines), tuple(speakers), tuple(sorted(reader.nearby - reader.offscreen)))


@dataclass(frozen=True, slots=True)
class ActionReading:
    """What one action line says about the cast.

    ``refs``: the characters it refers to, in order (names, roles, resolved pronouns);
    ``leaving``: those who exit in it; ``unresolved``: pronouns that stayed unresolved.
    """

    refs: tuple[str, ...]
    leaving: tuple[str, ...]
    unresolved: int = 0


class CastReader:
    """The running cast of one scene, read in order (rules in the module docstring).

    Args:
        bible: the characters.
        present: who is already in the scene (a CONTINUOUS scene's inherited cast).
        elsewhere: the people of the other location of an intercut.
    """

    def __init__(self, bible: Bible, present: tuple[str, ...] = (), elsewhere: tuple[str, ...] = (),
                 speakers: tuple[str, ...] = ()):
        self.bible = bible
        self.speakers = set(speakers)  # who speaks somewhere in this scene (binds "the woman" to WOMAN)
        self.learned: dict[str, str] = {}  # pronouns this scene has shown unknown-gender people to take
        self.by_id = {e.id: e for e in bible.entries}
        self.present: list[str] = [p for p in present if self.is_person(p)]
        self.elsewhere = set(elsewhere)
        self.offscreen: set[str] = set()
        self.nearby: set[str] = set()  # heard off screen (O.S.) from this place
        self.recent: list[str] = list(self.present)  # most recent last
        self.named: set[str] = set(self.present)  # put here by the action of this scene
        self.phone = False
        self.pictured = False  # the action paragraph being read has mentioned a picture
        self.positions: list[tuple[int, str]] = []  # the last sentence's references by position
        self.roles = role_index(bible)

    # -- questions -------------------------------------------------------------------------
    def is_person(self, eid: str) -> bool:
        """Can this character be seen at all (not a device or disembodied voice)?"""
        e = self.by_id.get(eid)
        return e is not None and e.kind != "voice"

    def could_be_here(self, eid: str) -> bool:
        """Might ``eid`` stand in this scene's frame now (for choosing who listens)?"""
        if not self.is_person(eid) or eid in self.offscreen:
            return False
        if eid in self.named or eid in self.present:
            return True
        return eid not in self.elsewhere and not self.phone

    # -- reading ---------------------------------------------------------------------------
    def cue(self, name: str) -> tuple[str, ...]:
        """The speakers of a cue: one id, several for a joint cue, the present people for BOTH/ALL."""
        ids = cue_speakers(name, self.bible)
        if ids:
            return ids
        parts = joint_parts(name)
        if parts and parts[0] in JOINT_WORDS:
            people = [p for p in self.present if self.is_person(p)]
            return tuple(people[-2:] if parts[0] == "BOTH" else people)
        return ()

    def speech(self, speakers: tuple[str, ...], offscreen_extension: bool) -> bool:
        """Note a speech; True when its speakers are in the scene (their faces may be shown)."""
        first = speakers[0]
        here = self.is_person(first) and not offscreen_extension
        if here and first not in self.present and first not in self.named:
            if first in self.elsewhere or (self.phone and any(p != first for p in self.present)):
                here = False  # the other side of an intercut, the far end of a phone call
        if not here:
            if not offscreen_extension or not self.is_person(first):
                self.offscreen.update(speakers)
            elif first not in self.elsewhere:
                self.nearby.add(first)
            return False
        for s in speakers:
            if s not in self.present:
                self.present.append(s)
            self._touch(s)
        return True

    def action(self, text: str) -> ActionReading:
        """Read one action paragraph: references, exits, phone calls; presence is updated."""
        refs: list[str] = []
        leaving: list[str] = []
        unresolved = 0
        if _PHONE.search(text):
            self.phone = True
        exits, hang_up = bool(_EXIT.search(text)), bool(_HANG_UP.search(text))  # most paragraphs have neither
        pictures = bool(_PICTURE.search(text))  # nor a picture word (then no sentence of it has one)
        self.pictured = False  # a picture was mentioned earlier in this paragraph
        for sentence in _SENTENCE.split(text):
            if not sentence.strip():
                continue
            found, missed = self._sentence_refs(sentence, pictures)
            unresolved += missed
            for r in found:
                if r not in refs:
                    refs.append(r)
            exit_verb = _EXIT.search(sentence) if exits and found else None
            if exit_verb is not None:
                leaving.append(self._exit_subject(sentence, exit_verb.start(), found))
            if hang_up and _HANG_UP.search(sentence):
                self.phone = False
            self.pictured = self.pictured or (pictures and bool(_PICTURE.search(sentence)))
        for r in leaving:
            if r in self.present:
                self.present.remove(r)
        return ActionReading(tuple(refs), tuple(dict.fromkeys(leaving)), unresolved)

    # -- internals -------------------------------------------------------------------------
    def _touch(self, eid: str) -> None:
        if eid in self.recent:
            self.recent.remove(eid)
        self.recent.append(eid)

    def _sentence_refs(self, sentence: str, pictures: bool = True) -> tuple[list[str], int]:
        """``(references, unresolved pronouns)`` of one sentence; ``pictures``: False when its paragraph
        names no picture (photo, portrait...), which spares the search."""
        hits: list[tuple[int, int, str]] = []  # (start, end, id or "?pronoun")
        for eid, start, end in names_in(sentence, self.bible):
            if _a_place(sentence, end) or _NOT_HERE_BEFORE.search(sentence[max(0, start - 24):start]):
                continue  # "Brick's patio" names a place; "to call Baxter" someone who is not here
            if eid not in self.present and sentence[:start].strip() and (
                    self.pictured or (pictures and _PICTURE.search(sentence[:start]))):
                continue  # "a picture of Joe", "They all show Joe": in a photo, not in the room
            hits.append((start, end, eid))
        index, pattern = self.roles
        for m in pattern.finditer(sentence) if pattern is not None else ():
            eid, by_name = index[m.group("role").lower()]
            if by_name and eid not in self.speakers and eid not in self.present:
                continue  # "the woman" is WOMAN only in a scene where WOMAN is
            if sentence[m.end():m.end() + 2] in ("'s", "’s"):
                continue  # "his father's files", "identical to his mother's": theirs, not them
            if not any(s <= m.start() < e for s, e, _ in hits):
                hits.append((m.start(), m.end(), eid))
        for m in _PRONOUN.finditer(sentence):
            if not any(s <= m.start() < e for s, e, _ in hits):
                hits.append((m.start(), m.end(), "?" + m.group(1).lower()))
        hits.sort()
        forward = self._forward_pronoun(sentence, hits)
        self.positions = []  # (where, id or "?pronoun") of this sentence's references, resolved below
        out: list[str] = []
        missed = 0
        last_plural: list[str] = []
        for start, end, what in hits:
            if start == forward[0]:
                what = forward[1]
            self.positions.append((start, what))
            if not what.startswith("?"):
                if self.is_person(what):
                    out.append(what)
                    self._arrive(what)
                continue
            word = what[1:]
            if word in _MALE or word in _FEMALE:
                obj = word in ("him", "himself") or (word == "her" and _object_her(sentence[end:]))
                exclude = out[-1] if obj and out and not word.endswith("self") else None
                pronoun = "he" if word in _MALE else "she"
                who = self._nearest(pronoun, exclude)
                if who is None:
                    missed += 1
                    continue
                if not self.by_id[who].pronoun:
                    self.learned[who] = pronoun
                if who not in out:
                    out.append(who)
                self.positions[-1] = (self.positions[-1][0], who)
                self._touch(who)
                continue
            group = last_plural if len(last_plural) >= 2 else (list(out) if len(out) >= 2 else [])
            if not group:
                group = [p for p in self.present if self.is_person(p)]
            if len(group) < 2:
                missed += 1
                continue
            for g in group:
                if g not in out:
                    out.append(g)
            last_plural = list(group)
        return out, missed

    def _exit_subject(self, sentence: str, at: int, found: list[str]) -> str:
        """Who goes out by the exit verb at ``at``: the first reference of its clause (``Josephine
        tries to hold him back, but he gets up and leaves``: he), else the sentence's first."""
        cut = max(sentence.rfind(",", 0, at), sentence.rfind(";", 0, at))
        return next((eid for start, eid in self.positions if cut < start < at and eid in found), found[0])

    def _forward_pronoun(self, sentence: str, hits: list[tuple[int, int, str]]) -> tuple[int, str]:
        """``(where, id)`` of an opening clause's pronoun bound to the name opening the main clause
        (``As he leaves, Will mutters``), or ``(-1, "")``."""
        m = _FORWARD_PRONOUN.match(sentence)
        if m is None:
            return -1, ""
        subject = next((h for h in hits if h[0] >= m.end()), None)
        if subject is None or subject[0] != m.end() or subject[2].startswith("?") or not self.is_person(subject[2]):
            return -1, ""
        if _JOINED.match(sentence, subject[1]):
            return -1, ""  # "As he rattles off the list, Brick and Steel share a look": a pair, not him
        known = self.by_id[subject[2]].pronoun or self.learned.get(subject[2], "")
        pronoun = "he" if m.group(1).lower() == "he" else "she"
        return (m.start(1), subject[2]) if known in ("", pronoun) else (-1, "")

    def _arrive(self, eid: str) -> None:
        self.named.add(eid)
        self.offscreen.discard(eid)
        if eid not in self.present:
            self.present.append(eid)
        self._touch(eid)

    def _nearest(self, pronoun: str, exclude: str | None) -> str | None:
        pool = [r for r in reversed(self.recent) if r != exclude and self.is_person(r)
                and r not in self.offscreen and r in self.present]
        for wanted in (pronoun, ""):  # one known to be "she" before one we know nothing of
            for r in pool:
                if (self.by_id[r].pronoun or self.learned.get(r, "")) == wanted:
                    return r
        return None


def _a_place(sentence: str, end: int) -> bool:
    """Is the reference ending at ``end`` a possessive of a place (``his son's bedroom``)?"""
    if sentence[end - 2:end] in ("'s", "’s"):
        return bool(_PLACE_AFTER.match(sentence[end:]))
    if sentence[end:end + 2] in ("'s", "’s"):
        return bool(_PLACE_AFTER.match(sentence[end + 2:]))
    return False


def _object_her(after: str) -> bool:
    """``her`` as an object (``tips her.``, ``at her as``) rather than a possessive (``her hand``)."""
    m = _NEXT_WORD.match(after)
    word = (m.group(1) or "").lower() if m else ""
    return not word or word in _OBJECT_FOLLOWERS


def scene_speakers(scene, bible: Bible) -> tuple[str, ...]:
    """Ids of everyone a cue of ``scene`` speaks for."""
    from screenplay.model import Character

    ids: list[str] = []
    for e in scene.elements:
        if isinstance(e, Character):
            ids.extend(i for i in cue_speakers(e.name, bible) if i not in ids)
    return tuple(ids)
