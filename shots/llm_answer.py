"""A validated LLM answer -> a ShotPlan: which part of which element each shot carries, setups, seeds, prompts.

Why here and not in the model's hands:

- **Parts.** The model names the elements a shot carries by line and, where a
  shot starts or ends inside one, quotes the words (``first_words`` /
  ``last_words``); character offsets are ours (:class:`shots.model.ElementPart`),
  because models count characters badly. Quotes are matched loosely (case,
  runs of white space, curly quotes); a cut that falls between lines of a
  multi-line element may be said by line alone, and quoted words are looked
  for in every element the shot's lines name. Where one part ends and the
  next begins only white space may lie, and it goes to the earlier part, so the
  parts of an element read in order give back its text whole. A quote that is
  not in the text, or parts that leave words out or carry them twice, are
  problems sent back to the model.
- **Spans stay generous** where nobody splits: a shot naming only the first
  line of a two-line action paragraph carries all of it when no other shot
  carries the rest.
- **Setups and seeds.** Shots with the same size, type, angle, lens and
  subjects share a setup number, and a setup that returns keeps the seed of its
  first shot, so the film cuts back to the same picture.
- **Prompts** are composed by :func:`shots.prompt.with_prompt`, as the heuristic
  planner's are (camera, subjects by look, layout from the blocking, setting,
  light and the scene's atmosphere, within the text encoder's budget), with the
  model's ``description`` as what happens over the shot (the script's action
  stays in ``Shot.action``): the model was asked for exactly that sentence,
  with no names, camera words or jargon.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from screenplay.model import Scene
from shots.blocking import spread_blocking
from shots.coverage import element_text, part_lines
from shots.llm_schema import LLMPlan
from shots.model import Bible, ElementPart, Placement, Shot, ShotPlan

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-", "\u2013": "-"})
_EDGE = re.compile(r"^[\s\"'.…]+|[\s\"'…]+$")


@dataclass
class _Span:
    """One shot's part of one element while parts are being fitted together."""

    shot: int
    element: int
    start: int
    end: int
    start_said: bool  # start came from quoted words (else from the element's start or a line)
    end_said: bool


def _normal(text: str) -> tuple[str, list[int]]:
    """``text`` lower-cased, quotes plain, white space runs as one space; and each character's source index."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text.translate(_QUOTES).lower()):
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        where.append(i)
    return "".join(out), where


def find_words(text: str, words: str, after: int = 0) -> tuple[int, int] | None:
    """Where ``words`` (quoted by a model) occur in ``text`` at or after ``after``: ``(start, end)``, or None."""
    wanted = _normal(_EDGE.sub("", words))[0].strip()
    if not wanted:
        return None
    norm, where = _normal(text)
    for candidate in (wanted, wanted.rstrip(".,;:!?")):
        pos = norm.find(candidate, next((k for k, i in enumerate(where) if i >= after), len(norm)))
        if pos >= 0 and candidate:
            return where[pos], where[pos + len(candidate) - 1] + 1
    return None


def _line_offsets(text: str) -> list[int]:
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def element_parts(answer: LLMPlan, scene: Scene) -> tuple[list[tuple[ElementPart, ...]], list[str]]:
    """The parts each shot carries, and the problems (quotes not found, words carried by no shot or by two).

    Args:
        answer: the validated answer.
        scene: its scene.

    Returns:
        One tuple of parts per shot, in the answer's order, and problems in words the model can act on.
    """
    from shots.ids import shot_id

    elements = scene.elements
    label = [shot_id(scene.id, i) for i in range(len(answer.shots))]
    problems: list[str] = []
    spans: list[_Span] = []
    last_start: dict[int, int] = {}
    for i, s in enumerate(answer.shots):
        touched = _quoted_elements(
            [k for k, e in enumerate(elements) if e.line <= s.last_line and e.end_line >= s.first_line],
            elements, s.first_words, s.last_words, last_start)
        for n, k in enumerate(touched):
            e = elements[k]
            text = element_text(e)
            lines = _line_offsets(text)
            start, end, start_said, end_said = 0, len(text), False, False
            if n == 0 and s.first_words:
                hit = find_words(text, s.first_words, last_start.get(k, -1) + 1)
                if hit is None:
                    problems.append(f"shot {label[i]}: first_words {s.first_words!r} are not in the {e.type} at line "
                                    f"{e.line}; copy them exactly from its text")
                else:
                    start, start_said = hit[0], True
            elif n == 0 and s.first_line > e.line:
                start = lines[min(s.first_line - e.line, len(lines) - 1)]
            if n == len(touched) - 1 and s.last_words:
                hit = find_words(text, s.last_words, start)
                if hit is None:
                    problems.append(f"shot {label[i]}: last_words {s.last_words!r} are not in the {e.type} at line "
                                    f"{e.line} after where the shot starts; copy them exactly from its text")
                else:
                    end, end_said = hit[1], True
            elif n == len(touched) - 1 and s.last_line < e.end_line:
                nxt = s.last_line - e.line + 1
                end = lines[nxt] - 1 if nxt < len(lines) else len(text)
            last_start[k] = start
            spans.append(_Span(i, k, start, end, start_said, end_said))
    problems += _fit(spans, elements, label)
    out: list[list[ElementPart]] = [[] for _ in answer.shots]
    for sp in spans:
        e = elements[sp.element]
        out[sp.shot].append(ElementPart(e.line, e.type, sp.start, sp.end))
    return [tuple(p) for p in out], problems


def _quoted_elements(touched: list[int], elements, first_words: str | None, last_words: str | None,
                     last_start: dict[int, int]) -> list[int]:
    """The elements a shot carries, from the one its ``first_words`` are in to the one its ``last_words``
    are in: a model often gives a split speech's cue line as ``first_line`` with words of the speech."""
    if first_words:
        for n, k in enumerate(touched):
            if find_words(element_text(elements[k]), first_words, last_start.get(k, -1) + 1) is not None:
                touched = touched[n:]
                break
    if last_words:
        for n in range(len(touched) - 1, -1, -1):
            if find_words(element_text(elements[touched[n]]), last_words) is not None:
                touched = touched[:n + 1]
                break
    return touched


def _fit(spans: list[_Span], elements, label: list[str]) -> list[str]:
    """Make each element's parts meet end to start (white space goes to the earlier part); say what cannot."""
    problems = []
    by_element: dict[int, list[_Span]] = {}
    for sp in spans:
        by_element.setdefault(sp.element, []).append(sp)
    for k, parts in by_element.items():
        e = elements[k]
        text = element_text(e)
        what = f"the {e.type} at line {e.line}"
        first, last = parts[0], parts[-1]
        if not first.start_said or not text[:first.start].strip():
            first.start = 0
        else:
            problems.append(f"shot {label[first.shot]}: {text[:first.start].strip()[:60]!r} at the start of {what} "
                            "is carried by no shot")
        if not last.end_said or not text[last.end:].strip():
            last.end = len(text)
        else:
            problems.append(f"shot {label[last.shot]}: {text[last.end:].strip()[:60]!r} at the end of {what} "
                            "is carried by no shot")
        for a, b in zip(parts, parts[1:]):
            if a.end <= b.start and not text[a.end:b.start].strip():
                a.end = b.start
            elif b.start < a.end and not text[b.start:a.end].strip():
                b.start = a.end
            elif b.start < a.end and a.end_said != b.start_said:
                if b.start_said:
                    a.end = b.start  # the quoted cut wins over a shot that said nothing
                else:
                    b.start = a.end
            elif b.start < a.end:
                problems.append(f"shots {label[a.shot]} and {label[b.shot]} both carry {text[b.start:a.end].strip()[:60]!r} "
                                f"of {what}; the later shot starts after the earlier one's last_words (first_words)")
            else:
                problems.append(f"{text[a.end:b.start].strip()[:60]!r} of {what}, between shots {label[a.shot]} and "
                                f"{label[b.shot]}, is carried by no shot")
            if a.end > a.start and b.start < b.end:
                continue
            problems.append(f"shot {label[(a if a.end <= a.start else b).shot]} carries nothing of {what}")
    return problems


def build_plan(answer: LLMPlan, scene: Scene, bible: Bible, planner_name: str,
               time_of_day: str | None = None) -> tuple[ShotPlan, list[str]]:
    """Turn a validated answer into a ShotPlan, and say what in it cannot be read (quotes, parts).

    Returns:
        The plan (ids, setups, seeds, parts, dialogue, blocking, prompts) and the problems
        :func:`element_parts` found; a plan with problems is not to be used.
    """
    from shots.atmosphere import scene_atmosphere
    from shots.coverage import speech_blocks
    from shots.ids import shot_id, shot_seed
    from shots.intercut import far_party, place_fields
    from shots.prompt import with_prompt
    from shots.transitions import with_transitions

    time_of_day = scene.time_of_day if time_of_day is None else time_of_day
    all_parts, problems = element_parts(answer, scene)
    by_line = {e.line: e for e in scene.elements}
    speech = {d.line: d for d in speech_blocks(scene.elements, bible)}
    atmosphere = scene_atmosphere(scene)
    setups: dict[tuple, int] = {}
    seeds: dict[int, int] = {}
    shots = []
    far = far_party(scene, bible)  # an intercut: the far party's shots are in their own place
    away = place_fields(far[0]) if far else None
    for i, (s, parts) in enumerate(zip(answer.shots, all_parts)):
        setup = setups.setdefault((s.size, s.type, s.angle, s.lens_mm, tuple(s.subjects)), len(setups) + 1)
        seed = seeds.setdefault(setup, shot_seed(scene.id, i))  # a returning setup looks the same
        first, last = s.first_line, s.last_line
        if parts:
            first = part_lines(by_line[parts[0].line], parts[0].start, parts[0].end)[0]
            last = max(first, part_lines(by_line[parts[-1].line], parts[-1].start, parts[-1].end)[1])
            if i == 0:
                first = min(first, s.first_line)  # the first shot may open on the heading
        dialogue, action = [], []
        for p in parts:
            e = by_line[p.line]
            whole = p.start == 0 and p.end == len(element_text(e))
            if p.kind == "dialogue" and p.line in speech:
                dl = speech[p.line]
                dialogue.append(dl if whole else replace(dl, text=e.text[p.start:p.end].strip(),
                                                         parenthetical=dl.parenthetical if p.start == 0 else None))
            elif p.kind == "action":
                action.append(e.text[p.start:p.end].strip())
        blocking = tuple(Placement(b.subject, round(b.x, 3), b.facing, b.depth) for b in s.blocking) \
            or spread_blocking(s.subjects, s.speaker, s.type, s.screen_direction)
        shot = Shot(
            id=shot_id(scene.id, i), scene=scene.id, index=i, setup=setup, size=s.size, type=s.type,
            angle=s.angle, movement=s.movement, lens_mm=s.lens_mm, subjects=tuple(s.subjects),
            speaker=s.speaker, first_line=first, last_line=last, description=s.description.strip(),
            dialogue=tuple(dialogue), action="\n".join(a for a in action if a), seed=seed,
            est_seconds=float(s.est_seconds), screen_direction=s.screen_direction, blocking=blocking, prop=s.prop,
            int_ext=scene.int_ext, location=scene.location, time_of_day=time_of_day, parts=parts,
        )
        if away and s.subjects and set(s.subjects) <= far[1]:
            shot = replace(shot, int_ext=away[0], location=away[1], time_of_day=away[2])
        composed = with_prompt(replace(shot, action=shot.description), bible, atmosphere)  # the model's words
        shots.append(replace(composed, action=shot.action))
    plan = ShotPlan(scene=scene.id, shots=tuple(shots), planner=planner_name, first_line=scene.line,
                    last_line=scene.end_line, heading=scene.heading.text if scene.heading else "",
                    int_ext=scene.int_ext, location=scene.location, time_of_day=time_of_day,
                    eighths=scene.eighths)
    return with_transitions(plan, scene), problems  # the same reading of transitions as the heuristic planner
