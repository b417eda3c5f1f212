"""What the coverage rules pass between them while cutting one scene: units of script and draft shots.

Why a module of its own: the scene rules (shots/scene_rules.py) and the readers of special
elements and intercuts (shots/special_elements.py, shots/intercut.py) all build drafts from
units; the types live below all three so none of them imports another's private classes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from screenplay.model import Element
from shots.model import DialogueLine, Placement
from shots.vocabulary import Angle, Movement, ScreenDirection, ShotSize, ShotType


@dataclass
class Unit:
    kind: str  # "action", "speech", "dual", "attach"
    elements: list[Element]
    speaker: str | None = None
    extension: str | None = None
    parts: list[DialogueLine] = field(default_factory=list)
    beat: bool = False  # a reaction-worthy parenthetical this unit covers
    special: object = None  # the direction it is under (INSERT, MONTAGE...: shots/special_elements.py)
    together: tuple[str, ...] = ()  # a joint cue's other speakers ("*": BOTH/ALL, read when drafted)
    span: tuple[int, int] | None = None  # an action beat: characters [start, end) of its one element

    @property
    def text(self) -> str:
        """An action unit's text: its beat, or its whole paragraph."""
        full = getattr(self.elements[0], "text", "") if self.elements else ""
        return full[self.span[0]:self.span[1]] if self.span else full


@dataclass
class Draft:
    """A shot before ids, prompts and setups are assigned."""

    size: ShotSize
    type: ShotType
    subjects: tuple[str, ...]
    elements: list[Element]
    description: str
    speaker: str | None = None
    dialogue: tuple[DialogueLine, ...] = ()
    angle: Angle = Angle.EYE_LEVEL
    movement: Movement = Movement.STATIC
    blocking: tuple[Placement, ...] = ()
    direction: ScreenDirection = ScreenDirection.NEUTRAL
    prop: str | None = None
    action: str = ""
    est: float = 2.0
    notes: str = ""
    lens: int | None = None
    covers_heading: bool = False
    place: str = ""  # another place's heading (the far end of an intercut), else the scene's
    listener: str | None = None  # who a dialogue shot's speaker talks to (one person), if known
    # element line -> characters [start, end) of its text this shot carries, for elements it
    # carries only a part of (an action beat, half a long speech); the others it carries whole
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
