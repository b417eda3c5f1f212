"""Dialogue coverage: how a speech is framed (rules 4, 5, 8 and 9 of :mod:`shots.heuristic`).

Why a module of its own: the framing of speech (an exchange's OTS and singles tightening into its
core, a group's master and singles, off-screen voices, joint cues and dual dialogue) is the
largest of the coverage rules; :class:`shots.scene_rules.SceneRules` walks the scene and keeps
the running state (who is present, who spoke last, the line) that these functions read and
update, as :mod:`shots.speech_rules` (eyelines, long speeches) and :mod:`shots.special_elements`
do.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from screenplay.model import Character, Parenthetical
from shots.drafts import Draft
from shots.model import Placement
from shots.script_cues import is_intense as _intense, is_offscreen as _offscreen, word_count as _words
from shots.speech_rules import eyeline, split_long
from shots.vocabulary import Movement, ScreenDirection, ShotSize, ShotType

if TYPE_CHECKING:  # only for annotations: scene_rules imports this module
    from shots.drafts import Unit
    from shots.scene_rules import SceneRules

TIGHTEN_AFTER = 6  # speeches into an exchange after which its singles are close-ups


def speech_drafts(rules: "SceneRules", u: "Unit") -> list[Draft]:
    """Rules 4, 5 and 8: the shots of one speech (an off-screen voice, a group master, a single, an OTS)."""
    speaker = u.speaker
    assert speaker is not None
    offscreen = not rules.reader.speech((speaker,), _offscreen(u.extension)) or _offscreen(u.extension)
    voiceover = offscreen and "V.O" in (u.extension or "")
    text = " ".join(p.text for p in u.parts)
    words = _words(text)
    parens = " ".join(e.text for e in u.elements if isinstance(e, Parenthetical))
    if not offscreen:
        rules.enter(speaker)
    partner = rules.partner(speaker) if not voiceover else None
    called = rules.staging.addressed(text, speaker)
    if called is not None and not voiceover and called in rules.present:
        partner = called  # "..., Josephine, but": the one the speech calls by name
    rules.staging.speaking(speaker, partner)
    group = len([p for p in rules.present if p != speaker]) >= 2 and not rules.staging.in_exchange(speaker, partner)
    est = round(words / 2.75 + 0.5, 1) if words else 1.5
    parts = list(u.parts)
    if offscreen:
        subjects = tuple(p for p in rules.present if p != speaker) if not voiceover else tuple(rules.present)
        who = rules.name(speaker)
        if subjects and not voiceover:
            d = Draft(ShotSize.MCU, ShotType.REACTION, subjects[-1:], list(u.elements),
                       f"{rules.name(subjects[-1])} hears {who} off screen.", dialogue=tuple(parts), est=est)
            d.blocking = rules.staging.spread(d.subjects)
        else:
            d = Draft(ShotSize.WS, ShotType.MASTER, subjects, list(u.elements),
                       f"{(rules.scene.location or 'The scene').title()}, as {who} is heard in voice-over.",
                       dialogue=tuple(parts), est=est)
            d.blocking = rules.staging.spread(subjects)
        return [d]
    if group and not rules.staging.is_pair(speaker, partner) and rules.group_speeches % 4 == 0:
        rules.group_speeches += 1
        rules.staging.release()
        subjects = tuple(rules.present)
        d = Draft(ShotSize.WS, ShotType.GROUP, subjects, list(u.elements),
                   f"{rules.name(speaker)} speaks to the group.", speaker=speaker, dialogue=tuple(parts), est=est,
                   lens=28)
        d.blocking = rules.staging.spread(subjects)
        listener = rules.partner(speaker)
        rules.last_speaker = speaker
        return split_long(rules, d, speaker, listener)
    if group and not rules.staging.is_pair(speaker, partner):
        rules.group_speeches += 1
        d = _single(rules, u, speaker, None, parts, est, parens, text)
        d.listener = partner  # in a group, the one last spoken with (rule 11 reads it)
        rules.last_speaker = speaker
        return split_long(rules, d, speaker, None)
    rules.staging.set_axis(speaker, partner)
    first = rules.staging.exchange_speeches == 0 and partner is not None
    short = words < 8 and rules.staging.exchange_speeches < TIGHTEN_AFTER  # deep in, every line is close
    if partner is not None and (first or short) and not _intense(parens, text) \
            and not rules.staging.line.gone(partner):  # no shoulder of someone who went out
        d = _ots(rules, u, speaker, partner, parts, est)
    else:
        d = _single(rules, u, speaker, partner, parts, est, parens, text)
    rules.last_speaker = speaker
    rules.focus = speaker
    return split_long(rules, d, speaker, partner)


def _single(rules: "SceneRules", u: "Unit", speaker, partner, parts, est, parens, text) -> Draft:
    # rule 4's dramatic shape: an exchange that runs on is the scene's core, and the singles tighten
    deep = partner is not None and rules.staging.exchange_speeches >= TIGHTEN_AFTER
    intense = _intense(parens, text)
    size = ShotSize.CU if intense or deep else ShotSize.MCU
    # motivated movement: ease in on an outburst, and on the speech where the exchange turns close
    turning = partner is not None and rules.staging.exchange_speeches == TIGHTEN_AFTER
    movement = Movement.PUSH_IN if intense or turning else Movement.STATIC
    x, facing, direction = rules.staging.look(speaker)
    to = f" to {rules.name(partner)}" if partner else ""
    how = f" {parens.strip()}" if parens.strip() else ""
    return Draft(size, ShotType.SINGLE, (speaker,), list(u.elements), f"{rules.name(speaker)} speaks{to}{how}.",
                  speaker=speaker, dialogue=tuple(parts), est=est, angle=eyeline(rules, speaker, partner),
                  movement=movement, listener=partner,
                  blocking=(Placement(speaker, x, facing),), direction=direction)


def _ots(rules: "SceneRules", u: "Unit", speaker, partner, parts, est) -> Draft:
    blocking, direction = rules.staging.over_shoulder(speaker, partner)
    return Draft(ShotSize.MS, ShotType.OTS, (partner, speaker), list(u.elements),
                 f"Over {rules.name(partner)}'s shoulder onto {rules.name(speaker)}, speaking.",
                 speaker=speaker, dialogue=tuple(parts), est=est, lens=40, blocking=blocking, direction=direction,
                 angle=eyeline(rules, speaker, partner), listener=partner)


def is_joint(rules: "SceneRules", u: "Unit") -> bool:
    """A joint cue (EDWARD AND WILL, BOTH): resolve BOTH/ALL now; True when two or more are seen."""
    if u.together == ("*",):
        people = rules.reader.cue(u.elements[0].name if isinstance(u.elements[0], Character) else "BOTH")
        people = people or tuple(p for p in (rules.last_speaker,) if p)
        if people:
            u.speaker, u.together = people[0], people[1:]
            u.parts = [replace(p, character=people[0]) for p in u.parts]
        else:
            u.together = ()
        if len(people) < 2:
            return False
    on_screen = rules.reader.speech((u.speaker, *u.together), _offscreen(u.extension))
    return on_screen and len((u.speaker, *u.together)) >= 2


def dual_draft(rules: "SceneRules", u: "Unit") -> Draft:
    """Rule 9: dual dialogue (or a joint cue) as one shot of everyone speaking."""
    speakers = tuple(dict.fromkeys([*(p.character for p in u.parts), *u.together])) or (u.speaker,)
    for s in speakers:
        rules.enter(s)
    if len(speakers) >= 2:
        rules.staging.set_axis(speakers[0], speakers[1])
    text = " ".join(p.text for p in u.parts)
    names = " and ".join(rules.name(s) for s in speakers)
    how = "speak together" if u.together else "talk over each other"
    kind = ShotType.TWO_SHOT if len(speakers) == 2 else ShotType.GROUP
    d = Draft(ShotSize.MS if len(speakers) == 2 else ShotSize.WS, kind, speakers, list(u.elements), f"{names} {how}.",
               speaker=speakers[0], dialogue=tuple(u.parts), est=round(_words(text) / 2.75 + 0.5, 1))
    rules.staging.speaking(speakers[0], speakers[1] if len(speakers) == 2 else None)  # a joint pair face each other
    d.blocking = rules.staging.spread(speakers)
    facing = next((p.facing for p in d.blocking if p.subject == speakers[0]), "camera")
    d.direction = {"right": ScreenDirection.LEFT_TO_RIGHT, "left": ScreenDirection.RIGHT_TO_LEFT}.get(
        facing, ScreenDirection.NEUTRAL)
    rules.last_speaker = speakers[-1]
    return d
