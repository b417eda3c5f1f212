"""Speech rules: where a speech's shots sit (the eyeline) and where a speech is cut.

Why a module of its own: these two rules of :mod:`shots.heuristic` (4's eyeline, 7's long
speeches and news) read only the scene's running state and a draft, and grew with issue 16;
:mod:`shots.scene_rules` calls them while walking the scene.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from screenplay.model import Dialogue
from shots.beats import cut_near_middle, last_sentence
from shots.cast_finder import silhouette_of
from shots.drafts import Draft
from shots.looks import look_in_scene
from shots.model import Placement
from shots.script_cues import is_news, word_count as _words
from shots.vocabulary import Angle, Movement, ShotSize, ShotType, tighter

if TYPE_CHECKING:  # only for annotations: scene_rules imports this module
    from shots.scene_rules import SceneRules

NEWS_MIN_WORDS = 12  # a shorter speech is a line, not news: it stays on the speaker


def is_child(rules: "SceneRules", eid: str) -> bool:
    """A child in this scene, by the look they have here (WILL is 3 in one scene, 28 in another)."""
    if eid not in rules.children:  # read once per scene: a look's regexes are not cheap
        entry = rules.by_id.get(eid)
        rules.children[eid] = entry is not None and silhouette_of(look_in_scene(entry, rules.scene.id)) == "child"
    return rules.children[eid]


def eyeline(rules: "SceneRules", subject: str, viewer: str | None) -> Angle:
    """Rule 4: the camera sits at the listener's eye height: a child seen by an adult is a high angle,
    an adult seen by a child a low one (the bible's ``silhouette``); else eye level."""
    if viewer is None:
        return Angle.EYE_LEVEL
    small = {eid for eid in (subject, viewer) if is_child(rules, eid)}
    if small == {subject}:
        return Angle.HIGH
    if small == {viewer}:
        return Angle.LOW
    return Angle.EYE_LEVEL


def split_long(rules: "SceneRules", d: Draft, speaker: str, partner: str | None) -> list[Draft]:
    """Rule 7: a long speech goes on over the listener's reaction (or a push-in on the speaker);
    news (a death, a confession...) in a speech's last sentence lands on the listener's face."""
    if not d.dialogue:
        return [d]
    longest = max(d.dialogue, key=lambda p: _words(p.text))
    words = _words(longest.text)
    cut = None
    news = False
    if words > rules.long_words:
        cut = cut_near_middle(longest.text)
    elif partner is not None and words >= NEWS_MIN_WORDS and d.type != ShotType.REACTION:
        cut = last_sentence(longest.text)
        news = cut is not None and is_news(longest.text[cut:])
        cut = cut if news else None
    if cut is None:
        return [d]
    head, tail = longest.text[:cut], longest.text[cut:]
    k = d.dialogue.index(longest)
    el = next(e for e in d.elements if getattr(e, "line", None) == longest.line and isinstance(e, Dialogue))
    pos = d.elements.index(el)
    first_lines = d.dialogue[:k] + (replace(longest, text=head.strip()),)
    second_lines = (replace(longest, text=tail.strip(), parenthetical=None),) + d.dialogue[k + 1:]
    first = replace(d, dialogue=first_lines, elements=d.elements[:pos + 1], spans={el.line: (0, cut)},
                    est=round(_words(" ".join(p.text for p in first_lines)) / 2.75 + 0.5, 1))
    rest_est = round(_words(" ".join(p.text for p in second_lines)) / 2.75 + 0.5, 1)
    rest = [el] + d.elements[pos + 1:]
    if partner is not None:
        x, facing, direction = rules.staging.look(partner)
        what = "takes it in" if news else f"listens as {rules.name(speaker)} goes on"
        second = Draft(ShotSize.CU if news else ShotSize.MCU, ShotType.REACTION, (partner,), rest,
                       f"{rules.name(partner)} {what}.", dialogue=second_lines, est=rest_est,
                       blocking=(Placement(partner, x, facing),), direction=direction,
                       movement=Movement.PUSH_IN if news else Movement.STATIC)
    else:
        x, facing, direction = rules.staging.look(speaker)
        second = Draft(tighter(d.size), ShotType.SINGLE, (speaker,), rest,
                       f"Pushing in on {rules.name(speaker)}, still speaking.", speaker=speaker,
                       dialogue=second_lines, est=rest_est, blocking=(Placement(speaker, x, facing),),
                       direction=direction, movement=Movement.PUSH_IN)
    second.spans = {el.line: (cut, len(el.text))}
    return [first, second]
