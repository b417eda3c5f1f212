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
from typing import Iterable

from screenplay.model import (
    Action, Character, Dialogue, Element, Lyrics, Scene, SceneHeading, Screenplay,
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
_CAPS_RUN = re.compile(
    rf"(?<![\w'\u2019])[{_UP}][{_UP}0-9'\u2019.\-]*[{_UP}0-9]"
    rf"(?:[ \-][{_UP}][{_UP}0-9'\u2019.\-]*[{_UP}0-9.])*(?![\w])"
)
# Caps that are camera, sound or page language, not people.
_NOT_NAMES = frozenset("""
V.O. O.S. O.C. CONT'D CONT POV INT EXT INT. EXT. EST DAY NIGHT LATER CONTINUOUS MORNING EVENING
CLOSE CLOSE-UP CU ECU ANGLE ON INSERT BACK TO SCENE FADE IN OUT CUT TO DISSOLVE SMASH MATCH
THE END TITLE TITLES SUPER CREDITS MONTAGE FLASHBACK SERIES OF SHOTS INTERCUT OK TV DVD USA
UK FBI CIA NYPD LAPD CEO DNA ID MRI ER ICU VIP TNT GPS AM PM SFX VFX OMITTED BEAT WIDE SHOT
""".split())
_TRIM = ".,;:!?-'\u2019\""


def element_print_lines(element: Element) -> int:
    """Printed lines an element takes on the page, blank line before it included.

    Args:
        element: any parsed element.

    Returns:
        The estimated number of 55-a-page lines; 0 for what does not print
        (notes, sections, synopses, title-page fields, page breaks).
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


def _wrapped(text: str, width: int) -> int:
    if "\n" not in text:
        return len(text) // width + 1
    return sum(len(x) // width + 1 for x in text.split("\n"))


def _introductions(texts: list[str], known: set[str]) -> list[str]:
    """Names written in caps in these action texts that ``known`` does not hold yet."""
    found: list[str] = []
    for text in texts:
        if text.isupper():  # a caps-only paragraph is a shot slug (`A RIVER.`), not an introduction
            continue
        for m in _CAPS_RUN.finditer(text):
            name = m.group().strip(_TRIM)
            if name.endswith("'S") or name.endswith("\u2019S"):
                name = name[:-2]
            if len(name) < 2 or name in known or name in _NOT_NAMES or not name.isupper():
                continue
            if name.split(" ", 1)[0] in _NOT_NAMES:
                continue
            known.add(name)
            found.append(name)
    return found


def _make_scene(number: int, heading: SceneHeading | None, body: list, known: set[str]) -> Scene:
    speakers: dict[str, None] = {}
    words = 0
    printed = 2 if heading is not None else 0
    actions: list[str] = []
    for e in body:
        t = type(e)
        if t is Dialogue:
            words += len(e.text.split())
            printed += _wrapped(e.text, _DIALOGUE_WIDTH)
        elif t is Action:
            actions.append(e.text)
            printed += _wrapped(e.text, _ACTION_WIDTH) + 1
        elif t is Character:
            speakers[e.name] = None
            printed += 2
        else:
            printed += element_print_lines(e)
    introduced = _introductions(actions, known) if actions else []
    known.update(speakers)
    eighths = max(1, round(printed * 8 / LINES_PER_PAGE)) if (heading is not None or body) else 0
    return Scene(
        number=number,
        heading=heading,
        elements=tuple(body),
        speakers=tuple(speakers),
        introduced=tuple(introduced),
        eighths=eighths,
        dialogue_words=words,
    )


def build_scenes(elements: Iterable[Element]) -> tuple[Scene, ...]:
    """Split elements into scenes at each heading.

    Material before the first heading (other than title-page fields) becomes a
    preamble scene numbered 0 with no heading.

    Args:
        elements: every element in document order, as the parser emits them.

    Returns:
        The scenes in order; each knows its speakers (in order of first cue),
        the names first written in caps in its action that no earlier scene
        introduced or heard speak, its length in page eighths (at least 1),
        and its dialogue word count.
    """
    scenes: list[Scene] = []
    known: set[str] = set()
    heading: SceneHeading | None = None
    body: list = []
    number = 0
    for e in elements:
        if type(e) is SceneHeading:
            if heading is not None or body:
                scenes.append(_make_scene(number, heading, body, known))
            number += 1
            heading = e
            body = []
        elif e.type != "title_page_field":
            body.append(e)
    if heading is not None or body:
        scenes.append(_make_scene(number, heading, body, known))
    return tuple(scenes)


def page_count(screenplay: Screenplay) -> float:
    """Estimated printed pages of the body (title page not counted), to 1/8 page.

    Args:
        screenplay: a parsed script.

    Returns:
        Pages as a float; 0.0 for a script with no body.
    """
    lines = 0
    for e in screenplay.elements:
        if e.type == "page_break":
            lines += (-lines) % LINES_PER_PAGE
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
