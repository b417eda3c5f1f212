"""Fountain 1.1 text -> typed :class:`Screenplay`. No I/O other than :func:`load`."""
from screenplay.errors import PrevisError
from screenplay.model import (
    Action, Centered, Character, Dialogue, Element, Lyrics, Note, PageBreak, Parenthetical,
    Scene, SceneHeading, Screenplay, Section, Synopsis, TitlePageField, Transition,
)

__all__ = [
    "PrevisError", "Action", "Centered", "Character", "Dialogue", "Element", "Lyrics", "Note",
    "PageBreak", "Parenthetical", "Scene", "SceneHeading", "Screenplay", "Section", "Synopsis",
    "TitlePageField", "Transition", "parse", "load",
]


def parse(text: str, path: str | None = None) -> Screenplay:
    """Parse Fountain text. See :mod:`screenplay.parser`."""
    from screenplay.parser import parse as _parse

    return _parse(text, path=path)


def load(path) -> Screenplay:
    """Read and parse a Fountain file, raising :class:`PrevisError` on bad input."""
    from screenplay.loader import load as _load

    return _load(path)
