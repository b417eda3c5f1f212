"""Typed, plain data for a parsed screenplay.

Every element is a frozen dataclass carrying the 1-based source line it starts
on (``line``) and the line it ends on (``end_line``). Nothing here knows about
parsing, shots or rendering; later stages read these objects and never mutate
them.

The ``type`` class attribute of each element is the name used by the JSON
contract of ``previs parse --json`` (see docs/ARCHITECTURE.md).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import ClassVar, Union


@dataclass(frozen=True, slots=True)
class TitlePageField:
    key: str
    value: str
    line: int
    end_line: int
    type: ClassVar[str] = "title_page_field"


@dataclass(frozen=True, slots=True)
class SceneHeading:
    text: str
    scene_number: str | None
    forced: bool
    line: int
    end_line: int
    type: ClassVar[str] = "scene_heading"


@dataclass(frozen=True, slots=True)
class Action:
    text: str
    line: int
    end_line: int
    type: ClassVar[str] = "action"


@dataclass(frozen=True, slots=True)
class Character:
    name: str
    extension: str | None
    dual: bool
    line: int
    end_line: int
    type: ClassVar[str] = "character"


@dataclass(frozen=True, slots=True)
class Parenthetical:
    text: str
    line: int
    end_line: int
    type: ClassVar[str] = "parenthetical"


@dataclass(frozen=True, slots=True)
class Dialogue:
    text: str
    line: int
    end_line: int
    type: ClassVar[str] = "dialogue"


@dataclass(frozen=True, slots=True)
class Lyrics:
    text: str
    line: int
    end_line: int
    type: ClassVar[str] = "lyrics"


@dataclass(frozen=True, slots=True)
class Transition:
    text: str
    line: int
    end_line: int
    type: ClassVar[str] = "transition"


@dataclass(frozen=True, slots=True)
class Centered:
    text: str
    line: int
    end_line: int
    type: ClassVar[str] = "centered"


@dataclass(frozen=True, slots=True)
class Synopsis:
    text: str
    line: int
    end_line: int
    type: ClassVar[str] = "synopsis"


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    line: int
    end_line: int
    type: ClassVar[str] = "note"


@dataclass(frozen=True, slots=True)
class Section:
    text: str
    level: int
    line: int
    end_line: int
    type: ClassVar[str] = "section"


@dataclass(frozen=True, slots=True)
class PageBreak:
    line: int
    end_line: int
    type: ClassVar[str] = "page_break"


Element = Union[
    TitlePageField, SceneHeading, Action, Character, Parenthetical, Dialogue, Lyrics,
    Transition, Centered, Synopsis, Note, Section, PageBreak,
]

# Fields each element type contributes to the JSON contract, in order.
JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "title_page_field": ("key", "value"),
    "scene_heading": ("text", "scene_number", "forced"),
    "action": ("text",),
    "character": ("name", "extension", "dual"),
    "parenthetical": ("text",),
    "dialogue": ("text",),
    "lyrics": ("text",),
    "transition": ("text",),
    "centered": ("text",),
    "synopsis": ("text",),
    "note": ("text",),
    "section": ("text", "level"),
    "page_break": (),
}


def element_to_json(element: Element) -> dict:
    """The contract's JSON object for one element: ``type``, ``line``, then its fields."""
    out: dict = {"type": element.type, "line": element.line}
    for name in JSON_FIELDS[element.type]:
        out[name] = getattr(element, name)
    return out


_HEADING_PREFIX = re.compile(
    r"^(?P<ie>INT\.?/EXT|EXT\.?/INT|INT/EXT|I/E|E/I|INT|EXT|EST)\.?\s*", re.IGNORECASE
)
_TIME_SPLIT = re.compile(r"\s+[-\u2013\u2014]+\s+")


@dataclass(frozen=True, slots=True)
class Scene:
    """One scene: its heading (None for material before the first heading) and its elements.

    ``number`` is the 1-based ordinal among scenes with headings (0 for a
    preamble before the first heading). ``scene_number`` is the written
    production number (``#12A#``) if any. A preamble of nothing but transitions,
    notes and sections is no scene: it is the first scene's ``lead_in``. ``id`` is what shot ids are built on:
    the written number, else the ordinal.
    """

    number: int
    heading: SceneHeading | None
    elements: tuple[Element, ...]
    speakers: tuple[str, ...] = ()
    introduced: tuple[str, ...] = ()
    eighths: int = 0
    dialogue_words: int = 0
    # Transitions written before the first heading (`FADE IN:`): they open this scene and are
    # not a scene of their own. Only the first scene has them.
    lead_in: tuple[Element, ...] = ()
    # When the scene before ends on `INTERCUT WITH:`, this scene cuts back and forth with that
    # place: its heading text, and who speaks or is introduced there (the far end of a phone call).
    intercut_with: str = ""
    intercut_cast: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        if self.heading is not None and self.heading.scene_number:
            return self.heading.scene_number
        return str(self.number)

    @property
    def scene_number(self) -> str | None:
        return self.heading.scene_number if self.heading else None

    @property
    def line(self) -> int:
        if self.heading is not None:
            return self.heading.line
        return self.elements[0].line if self.elements else 1

    @property
    def end_line(self) -> int:
        if self.elements:
            return self.elements[-1].end_line
        return self.heading.end_line if self.heading else 1

    @property
    def int_ext(self) -> str:
        """``INT``, ``EXT``, ``INT/EXT`` or ``""`` (forced or unusual headings)."""
        return _heading_parts(self.heading)[0]

    @property
    def location(self) -> str:
        return _heading_parts(self.heading)[1]

    @property
    def time_of_day(self) -> str:
        """``DAY``, ``NIGHT``, ``DUSK``... as written after the last dash, or ``""``."""
        return _heading_parts(self.heading)[2]


@functools.lru_cache(maxsize=8192)  # read on every int_ext/location/time_of_day access; headings are frozen
def _heading_parts(heading: SceneHeading | None) -> tuple[str, str, str]:
    if heading is None:
        return ("", "", "")
    text = heading.text.strip()
    ie = ""
    m = _HEADING_PREFIX.match(text)
    if m:
        raw = m.group("ie").upper().replace(".", "")
        ie = {"I/E": "INT/EXT", "E/I": "INT/EXT", "EXT/INT": "INT/EXT", "EST": "EXT"}.get(raw, raw)
        text = text[m.end():]
    parts = _TIME_SPLIT.split(text)
    if len(parts) > 1:
        location, tod = " - ".join(parts[:-1]).strip(), parts[-1].strip().upper()
    else:
        location, tod = text.strip(), ""
    return (ie, location, tod)


@dataclass(frozen=True, slots=True)
class Screenplay:
    """A whole parsed script: title page, every element in order, and the scenes.

    ``elements`` holds every element in document order, title-page fields
    first; ``title_page`` is that leading subset, for convenience.
    """

    title_page: tuple[TitlePageField, ...]
    elements: tuple[Element, ...]
    scenes: tuple[Scene, ...]
    path: str | None = None
    line_count: int = 0

    @property
    def title(self) -> str:
        for f in self.title_page:
            if f.key.lower() == "title":
                return f.value.replace("\n", " ").strip()
        return ""

    def title_value(self, key: str) -> str:
        for f in self.title_page:
            if f.key.lower() == key.lower():
                return f.value
        return ""

    def to_json(self) -> dict:
        """The JSON contract of ``previs parse --json``."""
        return {"elements": [element_to_json(e) for e in self.elements]}
