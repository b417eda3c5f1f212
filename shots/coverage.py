"""Is a shot plan a complete, well-formed covering of its scene?

Why: both planners must produce plans the rest of the pipeline can trust
without re-checking (timing reads ``dialogue``, the greybox reads ``blocking``,
the cache keys read ``id``). The heuristic planner asserts its own output
against this; the LLM planner uses it to reject, retry or fall back.

The coverage rule, by parts (issue 16: a shot is not an element): when the
shots carry ``parts`` (:class:`shots.model.ElementPart`), every element of the
scene is carried whole, in order, without overlap: its parts, read in shot
order, tile its text from the first character to the last; each part lies inside
its shot's ``[first_line, last_line]``; a dialogue part agrees with the
:class:`DialogueLine` the shot carries for it. Every shot carries parts or none
does.

Plans written before parts existed (older plan JSON on disk, an LLM answer
without them) are checked by source lines: every element of the scene lies
inside exactly one shot's ``[first_line, last_line]``; shots are in order and do
not overlap. The exceptions: a long speech split by a cutaway (a single
``Dialogue`` element may run across consecutive shots when each of them carries a
part of its text and the parts joined give back the whole speech), and a
montage's lines, one shot each.
"""
from __future__ import annotations

import bisect
from typing import Iterable

from screenplay.model import Action, Character, Dialogue, Element, Parenthetical, Scene
from shots.ids import shot_id
from shots.model import Bible, DialogueLine, Shot, ShotPlan
from shots.vocabulary import Angle, Movement, ScreenDirection, ShotSize, ShotType

FACINGS = ("left", "right", "camera", "away")
DEPTHS = ("fg", "mid", "bg")
LENS_RANGE = (8, 600)



def _norm(text: str) -> str:
    return " ".join(text.split())  # whitespace runs as one space, ends stripped (as \s+ -> " ")


def validate_plan(plan: ShotPlan, scene: Scene, bible: Bible) -> list[str]:
    """Everything wrong with ``plan`` as a covering of ``scene``, in words a person can act on.

    Args:
        plan: the planner's output for ``scene``.
        scene: the scene it claims to cover.
        bible: the characters shots may name (by id).

    Returns:
        Human-readable problems, each naming the shot id or the line; ``[]`` when the plan is valid.
    """
    problems: list[str] = []
    shots = plan.shots
    if plan.scene != scene.id:
        problems.append(f"plan is for scene {plan.scene!r} but the scene's id is {scene.id!r}")
    if not shots:
        problems.append(f"scene {scene.id} (line {scene.line}) has no shots")
        return problems
    problems += _check_ids(shots, scene)
    problems += _check_fields(shots, bible)
    problems += _check_spans(shots, scene)
    problems += _check_parts(shots, scene)
    problems += _check_dialogue(shots, scene)
    problems += _check_transitions(shots, scene)
    return problems


def _check_transitions(shots: tuple[Shot, ...], scene: Scene) -> list[str]:
    """A transition (``CUT TO:``, ``FADE OUT.``) or a bare direction (``BACK TO SCENE``) is never a shot."""
    from screenplay.scenes import has_no_picture
    from shots.special_elements import is_direction_only
    from shots.transitions import TRANSITION_IN_KINDS, TRANSITION_OUT_KINDS, is_transition

    problems = []
    for shot in shots:
        if shot.transition_in not in TRANSITION_IN_KINDS:
            problems.append(f"shot {shot.id}: transition_in {shot.transition_in!r}; choose one of "
                            f"{', '.join(k for k in TRANSITION_IN_KINDS if k)} or none")
        if shot.transition_out not in TRANSITION_OUT_KINDS:
            problems.append(f"shot {shot.id}: transition_out {shot.transition_out!r}; choose one of "
                            f"{', '.join(k for k in TRANSITION_OUT_KINDS if k)} or none")
    directions = [e for e in scene.elements if is_transition(e) or is_direction_only(e)]
    quiet = {id(e) for e in scene.elements if has_no_picture(e) or is_direction_only(e)}
    if not directions or len(quiet) == len(scene.elements):  # a scene of only `FADE IN:` still needs its shot
        return problems
    heading = scene.heading.line if scene.heading is not None else None
    for shot in shots:
        if heading is not None and shot.first_line <= heading:
            continue
        if not any(shot.first_line <= e.line <= shot.last_line for e in directions):
            continue
        covered = [e for e in scene.elements if e.line <= shot.last_line and shot.first_line <= e.end_line]
        if all(id(e) in quiet for e in covered):
            first = next(e for e in covered if e in directions)
            problems.append(f"shot {shot.id}: {first.text!r} (line {first.line}) is a transition or direction, "
                            "not a shot; cover it in the shot before (or after) it")
    return problems


def _check_ids(shots: tuple[Shot, ...], scene: Scene) -> list[str]:
    problems = []
    seen: set[str] = set()
    for pos, shot in enumerate(shots):
        if shot.id in seen:
            problems.append(f"shot id {shot.id} is used twice")
        seen.add(shot.id)
        if shot.index != pos:
            problems.append(f"shot {shot.id}: index {shot.index} but it is shot number {pos} (0-based)")
        expected = shot_id(scene.id, pos)
        if shot.id != expected:
            problems.append(f"shot {shot.id}: id should be {expected} (scene id + letter, skipping I and O)")
        if shot.scene != scene.id:
            problems.append(f"shot {shot.id}: scene {shot.scene!r} should be {scene.id!r}")
        if not isinstance(shot.setup, int) or shot.setup < 1:
            problems.append(f"shot {shot.id}: setup must be a positive number, got {shot.setup!r}")
    return problems


def _check_fields(shots: tuple[Shot, ...], bible: Bible) -> list[str]:
    problems = []
    known = set(bible.ids())
    for shot in shots:
        for name, enum in (("size", ShotSize), ("type", ShotType), ("angle", Angle),
                           ("movement", Movement), ("screen_direction", ScreenDirection)):
            if not isinstance(getattr(shot, name), enum):
                problems.append(f"shot {shot.id}: {name} {getattr(shot, name)!r} is not a {enum.__name__}; "
                                f"choose one of: {', '.join(m.value for m in enum)}")
        if not isinstance(shot.lens_mm, int) or not LENS_RANGE[0] <= shot.lens_mm <= LENS_RANGE[1]:
            problems.append(f"shot {shot.id}: lens {shot.lens_mm!r} mm is not a focal length "
                            f"between {LENS_RANGE[0]} and {LENS_RANGE[1]}")
        if not (shot.est_seconds > 0):
            problems.append(f"shot {shot.id}: estimated duration must be positive")
        if len(set(shot.subjects)) != len(shot.subjects):
            problems.append(f"shot {shot.id}: a subject is listed twice")
        for subject in shot.subjects:
            if subject not in known:
                problems.append(f"shot {shot.id}: subject {subject!r} is not in the character bible")
        if shot.speaker is not None:
            if shot.speaker not in known:
                problems.append(f"shot {shot.id}: speaker {shot.speaker!r} is not in the character bible")
            elif shot.speaker not in shot.subjects:
                problems.append(f"shot {shot.id}: speaker {shot.speaker!r} is on screen but not among the subjects")
        for dl in shot.dialogue:
            if dl.character not in known:
                problems.append(f"shot {shot.id}: dialogue by {dl.character!r}, who is not in the character bible")
        for p in shot.blocking:
            if p.subject not in shot.subjects:
                problems.append(f"shot {shot.id}: blocking places {p.subject!r}, who is not a subject")
            if not 0.0 <= p.x <= 1.0:
                problems.append(f"shot {shot.id}: {p.subject} x={p.x} is outside the frame (0..1)")
            if p.facing not in FACINGS:
                problems.append(f"shot {shot.id}: {p.subject} facing {p.facing!r}; choose one of {', '.join(FACINGS)}")
            if p.depth not in DEPTHS:
                problems.append(f"shot {shot.id}: {p.subject} depth {p.depth!r}; choose one of {', '.join(DEPTHS)}")
        if shot.type == ShotType.INSERT and not shot.prop:
            problems.append(f"shot {shot.id}: an insert must say what it shows (prop)")
    return problems


def _check_spans(shots: tuple[Shot, ...], scene: Scene) -> list[str]:
    problems = []
    lo, hi = scene.line, scene.end_line
    for shot in shots:
        if shot.first_line > shot.last_line:
            problems.append(f"shot {shot.id}: first line {shot.first_line} is after last line {shot.last_line}")
        if shot.first_line < lo or shot.last_line > hi:
            problems.append(f"shot {shot.id}: lines {shot.first_line}-{shot.last_line} fall outside "
                            f"the scene (lines {lo}-{hi})")
    with_parts = any(s.parts for s in shots)
    for a, b in zip(shots, shots[1:]):
        if with_parts and _shared_element(a, b):  # beats of one element: the parts say the order
            if b.first_line < a.first_line:
                problems.append(f"shots {a.id} and {b.id} are out of order (lines {a.first_line}-{a.last_line} "
                                f"then {b.first_line}-{b.last_line})")
            continue
        shared = not with_parts and _shared_speech(a, b, scene)
        if b.first_line < a.last_line or (b.first_line == a.last_line and not shared):
            problems.append(f"shots {a.id} and {b.id} overlap or are out of order "
                            f"(lines {a.first_line}-{a.last_line} then {b.first_line}-{b.last_line})")
    if with_parts:
        return problems  # which shot carries what: _check_parts
    starts = [s.first_line for s in shots]
    widest = max(s.last_line - s.first_line for s in shots)
    in_order = starts == sorted(starts)
    for element in scene.elements:
        # only shots starting in [element.line - widest, element.end_line] can touch it
        near = (shots[bisect.bisect_left(starts, element.line - widest):bisect.bisect_right(starts, element.end_line)]
                if in_order else shots)
        holders = [s for s in near if s.first_line <= element.line and element.end_line <= s.last_line]
        partial = [s for s in near if s not in holders
                   and s.first_line <= element.end_line and element.line <= s.last_line]
        what = f"{element.type} at line {element.line}"
        split_action = isinstance(element, Action) and _is_split_action(holders + partial, element)
        if len(holders) > 1 and not (isinstance(element, Dialogue) and _is_split_speech(holders, element)):
            problems.append(f"{what} is covered by {len(holders)} shots ({', '.join(s.id for s in holders)})")
        elif not holders and not partial:
            problems.append(f"{what} is not covered by any shot")
        elif partial and not split_action and not (
                isinstance(element, Dialogue) and _is_split_speech(holders + partial, element)):
            problems.append(f"{what} is cut across shots {', '.join(s.id for s in holders + partial)}")
    if not scene.elements:
        if not any(s.first_line <= scene.line <= s.last_line for s in shots):
            problems.append(f"scene {scene.id} has only a heading (line {scene.line}); one shot must cover it")
    return problems


def element_text(element: Element) -> str:
    """The text an :class:`ElementPart` ranges over: the element's ``text``, a cue's name, or ``""``."""
    text = getattr(element, "text", None)
    if text is None:
        text = getattr(element, "name", "") or ""
    return text


def part_lines(element: Element, start: int, end: int) -> tuple[int, int]:
    """The source lines characters ``[start, end)`` of ``element`` sit on: exact when the element's
    text keeps one line per source line, else the element's whole span."""
    text = element_text(element)
    if (start, end) == (0, len(text)) or text.count("\n") != element.end_line - element.line:
        return element.line, element.end_line
    body = text[start:end].rstrip()
    first = element.line + text[:start].count("\n") + (len(body) - len(body.lstrip("\n")) if body else 0)
    return first, max(first, element.line + text[:start + len(body)].count("\n"))


def _shared_element(a: Shot, b: Shot) -> bool:
    """True when two consecutive shots carry parts of one element (the second goes on where the first stopped)."""
    return bool(a.parts and b.parts and a.parts[-1].line == b.parts[0].line)


def _check_parts(shots: tuple[Shot, ...], scene: Scene) -> list[str]:
    """Parts: every element's text carried whole, in order, no overlap (the module docstring)."""
    if not any(s.parts for s in shots):
        return []
    heading = scene.heading.line if scene.heading is not None else None
    bare = [s.id for s in shots if not s.parts and not (heading is not None and s.first_line <= heading)]
    if bare:
        return [f"shot {bare[0]} carries no parts while other shots do; every shot says which part of "
                "which element it carries"]
    problems: list[str] = []
    by_line = {}
    for e in scene.elements:
        by_line.setdefault(e.line, e)
    done: dict[int, int] = {}  # element line -> how far its text is carried
    last: tuple[int, int] = (-1, -1)
    for shot in shots:
        for part in shot.parts:
            e = by_line.get(part.line)
            where = f"shot {shot.id}: part at line {part.line}"
            if e is None:
                problems.append(f"{where} names no element of scene {scene.id} (a part's line is where its element starts)")
                continue
            text = element_text(e)
            if part.kind != e.type:
                problems.append(f"{where} says {part.kind!r} but the element there is {e.type!r}")
            if not (0 <= part.start < part.end <= len(text) or (part.start == part.end == len(text) == 0)):
                problems.append(f"{where}: characters {part.start}-{part.end} are not a range of its "
                                f"{len(text)} characters")
                continue
            if (part.line, part.start) <= last:
                problems.append(f"{where} (from character {part.start}) comes before what the shots before it "
                                "carry: parts must follow the script in order")
            last = (part.line, part.start)
            had = done.get(part.line, 0)
            if part.start != had:
                what = "overlaps the part before it" if part.start < had else f"skips characters {had}-{part.start}"
                problems.append(f"{where} starts at character {part.start}: it {what}")
            done[part.line] = max(had, part.end)
            first, final = part_lines(e, part.start, part.end)
            if first < shot.first_line or final > shot.last_line:
                problems.append(f"{where} (lines {first}-{final}) lies outside the shot's lines "
                                f"{shot.first_line}-{shot.last_line}")
            if isinstance(e, Dialogue):
                spoken = [d.text for d in shot.dialogue if d.line == e.line]
                if spoken and _norm(spoken[0]) != _norm(text[part.start:part.end]):
                    problems.append(f"{where}: the dialogue it carries is not characters {part.start}-{part.end} "
                                    "of the speech")
    for e in scene.elements:
        text = element_text(e)
        got = done.get(e.line)
        if got is None:
            problems.append(f"{e.type} at line {e.line} is not covered by any shot")
        elif got < len(text):
            problems.append(f"{e.type} at line {e.line} is carried only to character {got} of {len(text)}")
    return problems


def _is_split_action(shots: list[Shot], element: Action) -> bool:
    """True when consecutive shots cover the lines of one action paragraph in turn, each from
    where the last stopped (a montage's beats: one shot per line)."""
    ordered = sorted(shots, key=lambda s: s.index)
    if len(ordered) < 2 or [s.index for s in ordered] != list(range(ordered[0].index, ordered[0].index + len(ordered))):
        return False
    if ordered[0].first_line > element.line or ordered[-1].last_line < element.end_line:
        return False
    return all(b.first_line == a.last_line + 1 for a, b in zip(ordered, ordered[1:]))


def _shared_speech(a: Shot, b: Shot, scene: Scene) -> bool:
    """True when the one line two consecutive shots share is a dialogue element both carry."""
    for e in scene.elements:
        if isinstance(e, Dialogue) and e.line <= a.last_line <= e.end_line:
            return any(d.line == e.line for d in a.dialogue) and any(d.line == e.line for d in b.dialogue)
    return False


def _is_split_speech(holders: list[Shot], element: Dialogue) -> bool:
    ordered = sorted(holders, key=lambda s: s.index)
    idx = [s.index for s in ordered]
    if idx != list(range(idx[0], idx[0] + len(idx))):
        return False
    parts = []
    for s in ordered:
        mine = [d.text for d in s.dialogue if d.line == element.line]
        if len(mine) != 1:
            return False
        parts.append(mine[0])
    return _norm(" ".join(parts)) == _norm(element.text)


def _check_dialogue(shots: tuple[Shot, ...], scene: Scene) -> list[str]:
    """Every dialogue element is carried (as a DialogueLine) by a shot that covers it."""
    problems = []
    for element in scene.elements:
        if not isinstance(element, Dialogue):
            continue
        carriers = [s for s in shots if s.first_line <= element.line <= s.last_line
                    and any(d.line == element.line for d in s.dialogue)]
        if not carriers:
            problems.append(f"dialogue at line {element.line} is not carried by the shot that covers it")
    return problems


def elements_in_span(scene: Scene, first_line: int, last_line: int) -> tuple[Element, ...]:
    """The scene's elements lying inside ``[first_line, last_line]``, in order."""
    return tuple(e for e in scene.elements if first_line <= e.line and e.end_line <= last_line)


def speech_blocks(elements: Iterable[Element], bible: Bible) -> tuple[DialogueLine, ...]:
    """The dialogue lines a run of elements carries, resolved to bible ids.

    Each ``Dialogue`` becomes one :class:`DialogueLine` with its own line, the
    speaker of the nearest ``Character`` cue before it, that cue's extension and
    the parenthetical directly before it (if any). Planners use this to fill
    ``Shot.dialogue`` so that :func:`validate_plan` accepts it.

    Args:
        elements: consecutive scene elements (a shot's span, or a whole scene).
        bible: resolves cue names (and aliases) to ids.

    Returns:
        The dialogue lines in order; a joint cue (``EDWARD AND WILL``) is spoken by its first
        character, as the heuristic planner reads it; any other cue not in the bible keeps its
        slugged name as id.
    """
    from shots.bible import cue_speakers, slug

    out: list[DialogueLine] = []
    speaker: str | None = None
    extension: str | None = None
    paren: str | None = None
    for e in elements:
        if isinstance(e, Character):
            ids = cue_speakers(e.name, bible)
            speaker = ids[0] if ids else slug(e.name)
            extension = e.extension
            paren = None
        elif isinstance(e, Parenthetical):
            paren = e.text
        elif isinstance(e, Dialogue) and speaker is not None:
            out.append(DialogueLine(character=speaker, text=e.text, line=e.line,
                                    parenthetical=paren, extension=extension))
            paren = None
        elif not isinstance(e, Dialogue):
            speaker, extension, paren = None, None, None
    return tuple(out)
