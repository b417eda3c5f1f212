"""Fountain 1.1 text -> :class:`~screenplay.model.Screenplay`, in one pass over the lines.

Why it is shaped this way:

* Speed. A feature script is ~5,000 lines and the parser runs on every
  keystroke-sized edit in the app, so it must cost a few milliseconds. The
  text is split once, stripped once (a list comprehension, in C), and each
  paragraph is classified by its first character with cheap ``str`` tests;
  regexes run only where a cheap test says they might match. Nothing loops
  over characters in Python.
* Fountain is paragraph-shaped. Headings, characters and transitions are
  defined by the blank lines around them, so the loop walks paragraphs:
  it classifies a paragraph's first line (looking one line ahead), then
  consumes the rest of the paragraph as dialogue or action.
* Hidden text is removed first. Boneyard ``/* */`` and notes ``[[ ]]`` are cut
  out of the raw text before anything else (:mod:`screenplay.hidden`), in a
  way that keeps every later line on its original line number.

Conventions where the spec leaves room are listed in docs/ARCHITECTURE.md
("Output contract"); the comments below point at them by number.
"""
from __future__ import annotations

import gc
import re

from screenplay import model
from screenplay.errors import PrevisError
from screenplay.fastnew import fast_constructor
from screenplay.hidden import NOTE_LINE, strip_hidden
from screenplay.model import Note, Screenplay
from screenplay.scenes import build_scenes
from screenplay.titlepage import read_title_page

# The element types, built through generated constructors (screenplay.fastnew): a
# frozen dataclass's own __init__ goes through object.__setattr__ for every field,
# about 12% of a parse. The objects are the same classes, equal to ones built normally.
Action = fast_constructor(model.Action)
Centered = fast_constructor(model.Centered)
Character = fast_constructor(model.Character)
Dialogue = fast_constructor(model.Dialogue)
Lyrics = fast_constructor(model.Lyrics)
PageBreak = fast_constructor(model.PageBreak)
Parenthetical = fast_constructor(model.Parenthetical)
SceneHeading = fast_constructor(model.SceneHeading)
Section = fast_constructor(model.Section)
Synopsis = fast_constructor(model.Synopsis)
Transition = fast_constructor(model.Transition)

__all__ = ["parse", "is_scene_heading", "split_cue"]

# Scene heading prefixes, exactly the Fountain 1.1 list (INT, EXT, EST, INT./EXT,
# INT/EXT, I/E), followed by a dot or a space and then something. `EXT/INT` is not
# on the list and `EXT` alone, `EXTERIOR` or `INTERCUT` are not headings.
_HEADING = re.compile(r"(?:INT\.?/EXT|INT|EXT|EST|I/E)(?:\.[ \t]*|[ \t]+)\S", re.IGNORECASE)
_SCENE_NUMBER = re.compile(r"[ \t]*#([\w.\-]+)#$")
# One or more parenthesised extensions after a cue name: (V.O.)(CONT'D), (on the radio).
_EXTENSIONS = re.compile(r"(?:\([^()]*\)[ \t]*)+")
# Direction slugs written over their content with no blank line between are action, not cues
# (`MONTAGE - TRAINING` over its beats); shots/special_elements.py reads them.
_DIRECTION_SLUG = re.compile(r"(?:(?:QUICK |BEGIN |END )?MONTAGE|(?:QUICK )?SERIES OF SHOTS|INSERT|INTERCUT|"
                             r"BACK TO SCENE|CLOSE ON|ANGLE ON|SUPER|TITLE CARD)\b")

# Every heading starts with one of these; testing it first spares most lines the regex.
_HEADING_FIRST = frozenset("IEie")
# First characters that need a look before the generic heading/transition/cue/action tests.
_MARKED = frozenset(".!@>~=#\x00[")
# Line-level marks that still count inside an action paragraph.
_INLINE_MARKS = frozenset("!>~=#")


def is_scene_heading(line: str) -> bool:
    """Whether ``line`` (already stripped) starts like a Fountain scene heading (``INT.``...).

    Args:
        line: one stripped line of text.

    Returns:
        True for ``INT. HOUSE``, ``ext.alley``, ``INT HOUSE``, ``I/E CAR``; False
        for ``EXT``, ``EXTERIOR``, ``INTERCUT``.
    """
    return line[:1] in _HEADING_FIRST and _HEADING.match(line) is not None


def split_cue(s: str, forced: bool = False) -> tuple[str, str | None, bool] | None:
    """Read a stripped line as a character cue: ``(name, extension, dual)`` or None.

    A cue is a name entirely in uppercase (Unicode-aware, with at least one
    letter: ``R2D2`` yes, ``23`` no, ``ZOË`` yes), then any number of
    parenthesised extensions in any case (``HANS (on the radio)``,
    ``EDWARD (V.O.)(CONT'D)``), then an optional ``^`` for dual dialogue.
    The extension is returned as written, without its outer parentheses
    (``V.O.`` or ``V.O.)(CONT'D``).

    Args:
        s: one stripped, non-empty line (without the ``@`` of a forced cue).
        forced: the line had ``@``: any case is accepted.

    Returns:
        ``(name, extension or None, dual)``, or None when the line is not a cue
        (nor is a line ending in ``:`` or a direction slug: ``SERIES OF SHOTS:``
        or ``MONTAGE - TRAINING`` over its beats).
    """
    if not forced and (s[-1] == ":" or _DIRECTION_SLUG.match(s)):  # `SERIES OF SHOTS:` over its beats
        return None
    dual = False
    if s[-1] == "^":
        dual = True
        s = s[:-1].rstrip()
        if not s:
            return None
    k = s.find("(")
    if k < 0:
        return (s, None, dual) if forced or s.isupper() else None
    name = s[:k].rstrip()
    if not name:
        return None
    rest = s[k:]
    if _EXTENSIONS.fullmatch(rest) is None:
        # Something like `MAN (OLD` — a cue only if the whole line is uppercase.
        return (s, None, dual) if forced or s.isupper() else None
    if not (forced or name.isupper()):
        return None
    return name, rest.rstrip()[1:-1], dual


def _action_text(raw_lines: list[str]) -> str:
    """Convention 6: action keeps its indentation (tabs become four spaces), loses trailing blanks."""
    if len(raw_lines) == 1:
        text = raw_lines[0].rstrip()
    else:
        text = "\n".join(map(str.rstrip, raw_lines))
    if "\t" in text:
        text = text.replace("\t", "    ")
    return text


def _line_element(s: str, lines_s: list[str], j: int, n: int, nums):
    """A line-level element that may stand anywhere outside dialogue, or None.

    Handles centered ``>x<``, page breaks ``===``, sections ``#``, synopses ``=``
    and lyrics ``~`` (which swallow the following ``~`` lines, convention 3).

    Returns:
        ``(element, next_index)`` or None.
    """
    c0 = s[0]
    if c0 == ">":
        if len(s) > 1 and s[-1] == "<":
            return Centered(s[1:-1].strip(), nums[j], nums[j]), j + 1
        return None
    if c0 == "=":
        if len(s) >= 3 and not s.strip("="):
            return PageBreak(nums[j], nums[j]), j + 1
        return Synopsis(s[1:].strip(), nums[j], nums[j]), j + 1
    if c0 == "#":
        body = s.lstrip("#")
        return Section(body.strip(), len(s) - len(body), nums[j], nums[j]), j + 1
    if c0 == "~":
        k = j + 1
        while k < n and lines_s[k][:1] == "~":
            k += 1
        text = "\n".join(x[1:].strip() for x in lines_s[j:k])
        return Lyrics(text, nums[j], nums[k - 1]), k
    return None


def parse(text: str, path: str | None = None) -> Screenplay:
    """Parse Fountain 1.1 text into a :class:`Screenplay`.

    The cyclic garbage collector is paused while parsing: the parser makes
    thousands of small objects and no reference cycles, so collections during
    the parse only cost time, and more of it the longer the script (they walk
    every live object). It is resumed afterwards if it was on.

    Args:
        text: the whole script. A leading BOM is ignored; CRLF and CR count as LF.
        path: where it came from, kept on the result for error messages.

    Returns:
        The screenplay: title page, every element in order with its 1-based
        source line, and the scenes.

    Raises:
        PrevisError: if ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise PrevisError(f"expected text, got {type(text).__name__}", path)
    if not gc.isenabled():
        return _parse(text, path)
    gc.disable()
    try:
        return _parse(text, path)
    finally:
        gc.enable()


def _parse(text: str, path: str | None) -> Screenplay:
    if text[:1] == "\ufeff":
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    line_count = text.count("\n") + (1 if text and text[-1] != "\n" else 0)

    notes_at: dict[int, list[Note]] = {}
    if "/*" in text or "[[" in text:
        lines, nums, notes_at = strip_hidden(text)
    else:
        lines = text.split("\n")
        nums = range(1, len(lines) + 1)
    stripped = [x.strip() for x in lines]
    n = len(lines)

    title, i = read_title_page(lines, stripped, nums)
    out: list = list(title)
    add = out.append
    last_cue = -1  # index in `out` of the latest Character, for dual dialogue
    headings: list[int] = []  # indexes in `out` of the scene headings
    heading_match = _HEADING.match
    heading_first = _HEADING_FIRST
    marked = _MARKED
    inline_marks = _INLINE_MARKS

    while i < n:
        s = stripped[i]
        if not s:
            i += 1
            continue
        # `i` starts a paragraph: the line before it is blank (or the top).
        line_no = nums[i]
        j = i + 1
        next_blank = j >= n or not stripped[j]
        c0 = s[0]
        first = lines[i]

        if c0 in marked:
            if c0 == "." and len(s) > 1 and s[1].isalnum():  # forced heading; `...` is not
                body, number = _heading_number(s[1:].lstrip())
                headings.append(len(out))
                add(SceneHeading(body, number, True, line_no, line_no))
                i = j
                continue
            if c0 == "@" and not next_blank and len(s) > 1:  # forced character
                cue = split_cue(s[1:].lstrip(), forced=True)
                if cue is not None:
                    i, last_cue = _dialogue(cue, i, lines, stripped, nums, n, out, last_cue)
                    continue
            if c0 == ">" and s[-1] != "<" and len(s) > 1:  # forced transition
                add(Transition(s[1:].strip(), line_no, line_no))
                i = j
                continue
            if c0 == "\x00" and first is NOTE_LINE:  # a paragraph that is only notes
                out.extend(notes_at.get(i, ()))
                i = j
                continue
            if c0 == "!":
                first = first.replace("!", "", 1)
            else:
                got = _line_element(s, stripped, i, n, nums)
                if got is not None:
                    add(got[0])
                    i = got[1]
                    continue
        elif c0 in heading_first and heading_match(s) is not None:
            # The spec: "any line that has a blank line following it" and starts like a
            # heading; with text right under it, it is the first line of action (not a cue).
            if next_blank:
                body, number = _heading_number(s)
                headings.append(len(out))
                add(SceneHeading(body, number, False, line_no, line_no))
                i = j
                continue
        elif next_blank:
            # Transition: uppercase, blank lines around, ends in `TO:` exactly as written
            # (`CUT TO: ` with a trailing space is action).
            if first.endswith("TO:") and s.isupper():
                add(Transition(s, line_no, line_no))
                i = j
                continue
        elif not s.endswith("TO:"):
            cue = split_cue(s)
            if cue is not None:
                i, last_cue = _dialogue(cue, i, lines, stripped, nums, n, out, last_cue)
                continue

        # Action: the rest of the paragraph, split only by line-level elements (convention 1).
        if next_blank:  # the common one-line paragraph
            text = first.rstrip()
            add(Action(text.replace("\t", "    ") if "\t" in text else text, line_no, line_no))
            i = j + 1
            continue
        buf = [first]
        start = i
        while j < n:
            s = stripped[j]
            if not s:
                break
            if s[0] in inline_marks:
                if s[0] == "!":
                    buf.append(lines[j].replace("!", "", 1))
                    j += 1
                    continue
                got = _line_element(s, stripped, j, n, nums)
                if got is not None:
                    if buf:
                        add(Action(_action_text(buf), nums[start], nums[j - 1]))
                    add(got[0])
                    j = got[1]
                    buf = []
                    start = j
                    continue
            buf.append(lines[j])
            j += 1
        if buf:
            add(Action(_action_text(buf), nums[start], nums[j - 1]))
        i = j

    elements = tuple(out)
    return Screenplay(
        title_page=tuple(title),
        elements=elements,
        scenes=build_scenes(elements, headings),
        path=path,
        line_count=line_count,
    )


def _heading_number(s: str) -> tuple[str, str | None]:
    """Split a written scene number ``#12A#`` off a heading (convention 4)."""
    if s[-1:] == "#":
        m = _SCENE_NUMBER.search(s)
        if m is not None and m.start() > 0:
            return s[: m.start()].rstrip(), m.group(1)
    return s, None


def _dialogue(cue, i, lines, stripped, nums, n, out, last_cue):
    """Emit a character and the dialogue block under it; return (next index, cue index).

    A block runs to the first blank line; a line of two or more spaces inside
    it adds an empty line (convention 2). Parentheticals and ``~`` lyrics split
    the speech into separate elements.
    """
    name, extension, dual = cue
    line_no = nums[i]
    if dual and last_cue >= 0:  # convention 10: the previous speaker is dual too
        prev = out[last_cue]
        out[last_cue] = Character(prev.name, prev.extension, True, prev.line, prev.end_line)
    last_cue = len(out)
    add = out.append
    add(Character(name, extension, dual, line_no, line_no))

    buf: list[str] = []
    start = 0
    j = i + 1
    while j < n:
        s = stripped[j]
        if not s:
            raw = lines[j]
            if buf and len(raw) >= 2 and not raw.strip(" ") and j + 1 < n and stripped[j + 1]:
                buf.append("")
                j += 1
                continue
            break
        c0 = s[0]
        if c0 == "(":
            k = j
            if s[-1] != ")":  # a parenthetical wrapped over several lines
                k = j + 1
                while k < n and stripped[k] and not stripped[k].endswith(")"):
                    k += 1
                if k >= n or not stripped[k]:
                    k = -1
            if k >= 0:
                if buf:
                    add(Dialogue("\n".join(buf), nums[start], nums[j - 1]))
                    buf = []
                text = s if k == j else "\n".join(stripped[j:k + 1])
                add(Parenthetical(text, nums[j], nums[k]))
                j = k + 1
                continue
        elif c0 == "~":
            if buf:
                add(Dialogue("\n".join(buf), nums[start], nums[j - 1]))
                buf = []
            k = j + 1
            while k < n and stripped[k][:1] == "~":
                k += 1
            add(Lyrics("\n".join(x[1:].strip() for x in stripped[j:k]), nums[j], nums[k - 1]))
            j = k
            continue
        if not buf:
            start = j
        buf.append(s)
        j += 1
    if buf:
        add(Dialogue("\n".join(buf), nums[start], nums[j - 1]))
    return j, last_cue
