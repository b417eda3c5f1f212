"""Group parsed elements into scenes and measure them: speakers, introductions, length.

Why here and not in the parser loop: scene facts (who speaks, who is
introduced, how long it runs on the page) are derived data, and keeping them
out of the line classifier keeps both simple. It still runs inside
:func:`screenplay.parse`, so it is written for speed: one regex search per
scene for introductions, ``len`` arithmetic instead of real word wrapping for
page length.

Page length follows the usual US-letter screenplay layout in Courier 12:
55 printed lines a page, action 61 characters wide, dialogue 35, parentheticals
25, one blank line before each block. Real wrapping breaks at spaces, so
widths are shortened a little to match; on the sample corpus this lands
within a few percent of what a PDF renderer prints.
"""
from __future__ import annotations

import re
from screenplay.model import (
    Action, Character, Dialogue, Element, Scene, SceneHeading, Screenplay, TitlePageField,
)

__all__ = [
    "LINES_PER_PAGE", "build_scenes", "element_print_lines", "page_count", "runtime_seconds",
]

LINES_PER_PAGE = 55
# Effective wrap widths (characters), a little under the nominal 61/35/25.
_ACTION_WIDTH = 57
_DIALOGUE_WIDTH = 33
_PAREN_WIDTH = 24

# Runs of uppercase words in action: a character's first appearance is written in caps
# (`WILL BLOOM, AGE 3`). The class covers Latin-1, Greek and Cyrillic capitals; each run
# is re-checked with str.isupper(), which is fully Unicode-aware.
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0391-\u03a9\u0400-\u042f"
# No look-behind: a pattern that starts with a character class lets `re` skip ahead fast.
_CAPS_RUN = re.compile(
    rf"[{_UP}][{_UP}0-9'\u2019.\-]*[{_UP}0-9](?:[ \-][{_UP}][{_UP}0-9'\u2019.\-]*[{_UP}0-9.])*"
)
# Caps that are camera, sound or page language, not people.
_NOT_NAMES = frozenset("""
V.O. O.S. O.C. CONT'D CONT POV INT EXT INT. EXT. EST DAY NIGHT LATER CONTINUOUS MORNING EVENING
CLOSE CLOSE-UP CU ECU ANGLE ON INSERT BACK TO SCENE FADE IN OUT CUT TO DISSOLVE SMASH MATCH
THE END TITLE TITLES SUPER CREDITS MONTAGE FLASHBACK SERIES OF SHOTS INTERCUT OK TV DVD USA
UK FBI CIA NYPD LAPD CEO DNA ID MRI ER ICU VIP TNT GPS AM PM SFX VFX OMITTED BEAT WIDE SHOT
""".split())
_TRIM = ".,;:!?-'\u2019\""


def element_print_lines(element: Element) -> float:
    """Printed lines an element takes on the page, the blank line before it included.

    Args:
        element: any parsed element.

    Returns:
        The estimated number of 55-a-page lines (a float: wrapping is
        estimated from length); 0 for what does not print (notes, sections,
        synopses, title-page fields, page breaks).
    """
    kind = element.type
    if kind == "dialogue" or kind == "lyrics":
        return _wrapped(element.text, _DIALOGUE_WIDTH)
    if kind == "action":
        return _wrapped(element.text, _ACTION_WIDTH) + 1
    if kind == "character" or kind == "scene_heading" or kind == "transition" or kind == "centered":
        return 2
    if kind == "parenthetical":
        return _wrapped(element.text, _PAREN_WIDTH)
    return 0


def _wrapped(text: str, width: int) -> float:
    """Lines ``text`` wraps to at ``width``: a text line of L characters takes L/width + 1/2 on average."""
    return len(text) / width + (text.count("\n") + 1) * 0.5


def _introductions(actions: list[str], known: set[str]) -> list[str]:
    """Names written in caps in these action texts that ``known`` does not hold yet."""
    # A caps-only paragraph is a shot slug (`A RIVER.`), not an introduction.
    text = "\n".join([a for a in actions if not a.isupper()])
    found: list[str] = []
    for run in _CAPS_RUN.findall(text):
        name = run.strip(_TRIM)
        if name.endswith("'S") or name.endswith("\u2019S"):
            name = name[:-2]
        if len(name) < 2 or name in known or name in _NOT_NAMES:
            continue
        if name.split(" ", 1)[0] in _NOT_NAMES:
            continue
        known.add(name)
        found.append(name)
    return found


def _make_scene(number: int, heading: SceneHeading | None, body: tuple, known: set[str]) -> Scene:
    speakers: dict[str, None] = {}
    printed = 2.0 if heading is not None else 0.0
    actions: list[str] = []
    speech: list[str] = []
    for e in body:
        t = type(e)
        if t is Dialogue:
            speech.append(e.text)
        elif t is Action:
            actions.append(e.text)
        elif t is Character:
            speakers[e.name] = None
            printed += 2
        else:
            printed += element_print_lines(e)
    words = 0
    if speech:
        text = "\n".join(speech)
        words = len(text.split())
        printed += _wrapped(text, _DIALOGUE_WIDTH)
    introduced: list[str] = []
    if actions:
        text = "\n".join(actions)
        printed += _wrapped(text, _ACTION_WIDTH) + len(actions)
        introduced = _introductions(actions, known)
    known.update(speakers)
    return Scene(number, heading, body, tuple(speakers), tuple(introduced),
                 max(1, round(printed * 8 / LINES_PER_PAGE)), words)


def build_scenes(elements: tuple[Element, ...], headings: list[int] | None = None) -> tuple[Scene, ...]:
    """Split elements into scenes at each heading.

    Material before the first heading (other than title-page fields) becomes a
    preamble scene numbered 0 with no heading.

    Args:
        elements: every element in document order, as the parser emits them
            (title-page fields first).
        headings: the indexes of the scene headings in ``elements``, if the
            caller already knows them (the parser does); found here otherwise.

    Returns:
        The scenes in order; each knows its speakers (in order of first cue),
        the names first written in caps in its action that no earlier scene
        introduced or heard speak, its length in page eighths (at least 1),
        and its dialogue word count.
    """
    elements = tuple(elements)
    if headings is None:
        headings = [i for i, e in enumerate(elements) if type(e) is SceneHeading]
    start = 0
    n = len(elements)
    while start < n and type(elements[start]) is TitlePageField:
        start += 1
    known: set[str] = set()
    scenes: list[Scene] = []
    first = headings[0] if headings else n
    if first > start:
        scenes.append(_make_scene(0, None, elements[start:first], known))
    ends = headings[1:] + [n]
    for number, (h, end) in enumerate(zip(headings, ends), 1):
        scenes.append(_make_scene(number, elements[h], elements[h + 1:end], known))
    return tuple(scenes)


def page_count(screenplay: Screenplay) -> float:
    """Estimated printed pages of the body (title page not counted), to 1/8 page.

    Args:
        screenplay: a parsed script.

    Returns:
        Pages as a float; 0.0 for a script with no body.
    """
    lines = 0.0
    for e in screenplay.elements:
        if e.type == "page_break":  # a forced break wastes half a page on average
            lines += LINES_PER_PAGE / 2
        else:
            lines += element_print_lines(e)
    return round(lines * 8 / LINES_PER_PAGE) / 8


def runtime_seconds(screenplay: Screenplay) -> int:
    """Estimated screen time: the industry's one page a minute.

    Args:
        screenplay: a parsed script.

    Returns:
        Whole seconds.
    """
    return round(page_count(screenplay) * 60)
