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

import dataclasses
import re

from screenplay.fastnew import fast_constructor
from screenplay.model import (
    Action, Character, Dialogue, Element, Scene, SceneHeading, Screenplay, TitlePageField,
)

__all__ = [
    "LINES_PER_PAGE", "TRANSITION_ACTION", "build_scenes", "element_print_lines", "has_no_picture", "page_count",
    "runtime_seconds",
]

LINES_PER_PAGE = 55
_new_scene = fast_constructor(Scene)  # see screenplay.fastnew
# Effective wrap widths (characters), a little under the nominal 61/35/25.
_ACTION_WIDTH = 57
_DIALOGUE_WIDTH = 33
_PAREN_WIDTH = 24

# Runs of uppercase words in action: a character's first appearance is written in caps
# (`WILL BLOOM, AGE 3`). The class covers Latin-1, Greek and Cyrillic capitals; the
# cue test in the parser is the fully Unicode-aware one. The second group catches a
# description right after the run: `(30s, wiry)`, `, AGE 3`, `, 40's`, ` is 10`.
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0391-\u03a9\u0400-\u042f"
# No look-behind: a pattern that starts with a character class lets `re` skip ahead fast.
_CAPS_RUN = re.compile(
    rf"([{_UP}][{_UP}0-9'\u2019.\-]*[{_UP}0-9.](?:[ \-][{_UP}][{_UP}0-9'\u2019.\-]*[{_UP}0-9.])*)"
    r"( ?\(|, ?(?:AGE\b|age\b|\d|early|mid|late|an? )| is \d)?"
)
# Caps that are camera, sound or page language, not people.
_NOT_NAMES = frozenset("""
V.O. O.S. O.C. CONT'D CONT POV INT EXT INT. EXT. EST DAY NIGHT LATER CONTINUOUS MORNING EVENING
CLOSE CLOSE-UP CU ECU ANGLE ON INSERT BACK TO SCENE FADE IN OUT CUT TO DISSOLVE SMASH MATCH
THE END TITLE TITLES SUPER CREDITS MONTAGE FLASHBACK SERIES OF SHOTS INTERCUT OK TV DVD USA
UK FBI CIA NYPD LAPD CEO DNA ID MRI ER ICU VIP TNT GPS AM PM SFX VFX OMITTED BEAT WIDE SHOT
PUSH PULL PAN TILT TRACK TRACKING DOLLY CRANE ZOOM HOLD REVERSE FREEZE FRAME SLOW MOTION
SINGLE TWO-SHOT OVER LOOK TOWARDS CAMERA MOVING AGE
""".split())
# People written in caps without a description are still people when the last word says so.
_PEOPLE = frozenset("""
MAN WOMAN MEN WOMEN BOY GIRL KID CHILD BABY TEEN TEENAGER LADY GENTLEMAN GUY NURSE DOCTOR
STEWARDESS GUARD SOLDIER COP OFFICER DRIVER WAITER WAITRESS BARTENDER CLERK PRIEST SCOUT
TEACHER STUDENT FARMER SHERIFF DEPUTY AGENT DETECTIVE MOTHER FATHER SON DAUGHTER WIFE HUSBAND
STRANGER WITNESS PILOT CAPTAIN SAILOR FISHERMAN SECRETARY RECEPTIONIST DOORMAN JANITOR MAID
BUTLER COOK CHEF KING QUEEN PRINCE PRINCESS WITCH GIANT CLOWN BOSS MANAGER WORKER NEIGHBOR
NEIGHBOUR COWBOY THIEF ROBBER KILLER HOSTESS SALESMAN PASSENGER CUSTOMER TOURIST VENDOR
""".split())
_TRIM = ".,;:!?-'\u2019\""
# An action paragraph that is a transition: Fountain reads `FADE IN:` and `FADE OUT.` as action.
TRANSITION_ACTION = re.compile(
    r"^\s*>?\s*(FADE (IN|OUT|UP|TO BLACK|TO WHITE)|CUT TO BLACK|SMASH TO BLACK|BLACK|IRIS (IN|OUT))\s*[:.]?\s*$")
_INTERCUT = re.compile(r"^\s*>?\s*INTERCUT\b")
_NO_PICTURE = frozenset(("transition", "note", "synopsis", "section", "page_break"))


def has_no_picture(element: Element) -> bool:
    """True for what shows nothing of its own: transitions (``FADE IN:`` as action too),
    notes, synopses, sections, page breaks."""
    if element.type in _NO_PICTURE:
        return True
    return type(element) is Action and TRANSITION_ACTION.match(element.text) is not None


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


def _wrapped(text: str, width: int) -> int:
    """Lines ``text`` wraps to at ``width`` characters: ``len // width + 1`` for each of its lines."""
    if "\n" not in text:
        return len(text) // width + 1
    parts = text.split("\n")
    return sum(map(width.__rfloordiv__, map(len, parts))) + len(parts)


def _introductions(actions: list[str], known: set[str], speakers: set[str], firsts: set[str]) -> list[str]:
    """People first written in caps in these action texts, that ``known`` does not hold yet.

    A caps run counts when it names a speaker of the script (or starts with a
    speaker's first word: ``EDWARD BLOOM`` for ``EDWARD``), when a description
    follows it (``MARA OKAFOR (30s``, ``WILL BLOOM, AGE 3``), or when its last
    word is a person (``OLD MAN``). Sounds and camera words (``BANG``,
    ``PUSH IN``) are none of these.
    """
    # A caps-only paragraph is a shot slug (`A RIVER.`), not an introduction.
    text = "\n".join([a for a in actions if not a.isupper()])
    found: list[str] = []
    for run, described in _CAPS_RUN.findall(text):
        name = run.rstrip(_TRIM)
        if name.endswith("'S") or name.endswith("\u2019S"):
            name = name[:-2]
        if len(name) < 2 or name in known or name in _NOT_NAMES:
            continue
        words = name.split()
        if words[0] in _NOT_NAMES:
            continue
        if not (described or name in speakers or words[0] in firsts or words[-1] in _PEOPLE):
            continue
        known.add(name)
        found.append(name)
    return found


def _measure(heading: SceneHeading | None, body: tuple) -> tuple[dict, list[str], float, int]:
    """One scene's speakers, action texts, printed lines and dialogue words."""
    speakers: dict[str, None] = {}
    printed = 2.0 if heading is not None else 0.0
    actions: list[str] = []
    speech: list[str] = []
    add_action = actions.append
    add_speech = speech.append
    for e in body:
        t = type(e)
        if t is Dialogue:
            add_speech(e.text)
        elif t is Action:
            add_action(e.text)
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
    if actions:
        printed += _wrapped("\n".join(actions), _ACTION_WIDTH) + len(actions)
    return speakers, actions, printed, words


def build_scenes(elements: tuple[Element, ...], headings: list[int] | None = None) -> tuple[Scene, ...]:
    """Split elements into scenes at each heading.

    Material before the first heading (other than title-page fields) becomes a
    preamble scene numbered 0 with no heading, unless it shows nothing (only
    ``FADE IN:``, notes, sections): then it is the first scene's ``lead_in``,
    since a transition is never a scene of its own.

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
    parts = []
    first = headings[0] if headings else n
    lead_in: tuple[Element, ...] = ()
    if first > start:
        preamble = elements[start:first]
        if headings and all(map(has_no_picture, preamble)):
            lead_in = preamble
        else:
            parts.append((0, None, preamble))
    ends = headings[1:] + [n]
    for number, (h, end) in enumerate(zip(headings, ends), 1):
        parts.append((number, elements[h], elements[h + 1:end]))
    measured = [_measure(heading, body) for _, heading, body in parts]
    speakers: set[str] = set()
    for m in measured:
        speakers.update(m[0])
    firsts = {name.split(" ", 1)[0] for name in speakers}
    known: set[str] = set()
    scenes = []
    for (number, heading, body), (who, actions, printed, words) in zip(parts, measured):
        introduced = _introductions(actions, known, speakers, firsts) if actions else []
        known.update(who)
        scenes.append(_new_scene(number, heading, body, tuple(who), tuple(introduced),
                                 max(1, round(printed * 8 / LINES_PER_PAGE)), words))
    if lead_in:
        scenes[0] = dataclasses.replace(scenes[0], lead_in=lead_in)
    for k in range(1, len(scenes)):
        if _ends_on_intercut(scenes[k - 1]):
            before = scenes[k - 1]
            scenes[k] = dataclasses.replace(scenes[k], intercut_with=before.heading.text if before.heading else "",
                                            intercut_cast=tuple(dict.fromkeys(before.speakers + before.introduced)))
    return tuple(scenes)


def _ends_on_intercut(scene: Scene) -> bool:
    """True when the last thing the scene says (notes aside) is ``INTERCUT WITH:``."""
    for e in reversed(scene.elements):
        if e.type in ("note", "synopsis", "section", "page_break"):
            continue
        return e.type in ("transition", "action") and _INTERCUT.match(e.text) is not None
    return False


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
