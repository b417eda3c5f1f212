"""Plain data for shot plans and the character bible.

A :class:`Shot` is everything a renderer, a prompt writer or an exporter needs
about one camera setup; a :class:`ShotPlan` is one scene's shots, which cover
every element of the scene exactly once, in order. :class:`BibleEntry` keeps a
character looking (and sounding) the same in every shot.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from shots.vocabulary import Angle, Movement, ScreenDirection, ShotSize, ShotType


@dataclass(frozen=True, slots=True)
class VoiceSpec:
    """A scratch voice: espeak-ng voice/variant name, pitch (0-99), rate (words per minute)."""

    name: str = "en"
    variant: str = "m3"
    pitch: int = 50
    rate: int = 165


@dataclass(frozen=True, slots=True)
class BibleEntry:
    """One character. ``id`` is a stable slug of the name (``EDWARD BLOOM`` -> ``edward-bloom``).

    ``look`` is the canonical look text, copied verbatim into every prompt the
    character appears in (``looks`` replaces it from a given scene on: see
    :func:`shots.looks.look_in_scene`). ``version`` increments whenever the entry changes and
    enters the cache key of every shot the character is in.
    """

    id: str
    name: str
    look: str
    color: str  # "#rrggbb", the greybox mannequin colour
    silhouette: str  # "average", "tall", "short", "broad", "slim", "child"
    voice: VoiceSpec
    seed: int
    reference_image: str | None = None
    version: int = 1
    first_line: int = 0
    aliases: tuple[str, ...] = ()
    kind: str = "person"  # "voice": a device or disembodied source (MESSAGE MACHINE), heard, never in frame
    pronoun: str = ""  # "he", "she", "they" as the script refers to them; "" when it never says
    roles: tuple[str, ...] = ()  # role nouns that refer to them ("partner", "mother", "librarian")
    looks: tuple[tuple[str, str], ...] = ()  # (from scene id, look): later looks ("now 17 with braces")


@dataclass(frozen=True, slots=True)
class Bible:
    entries: tuple[BibleEntry, ...] = ()

    def get(self, id_or_name: str) -> BibleEntry | None:
        key = id_or_name.strip()
        for e in self.entries:
            if e.id == key or e.name == key.upper() or key.upper() in e.aliases:
                return e
        return None

    def ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.entries)


@dataclass(frozen=True, slots=True)
class DialogueLine:
    """One spoken block inside a shot: who says it (bible id), what, and how."""

    character: str
    text: str
    line: int
    parenthetical: str | None = None
    extension: str | None = None  # "V.O.", "O.S."...: off-screen speech is not shown on a face


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a subject stands in frame: ``x`` from 0 (left) to 1 (right), facing
    ``"left"``, ``"right"`` or ``"camera"``, ``depth`` ``"fg"`` (e.g. the OTS
    shoulder), ``"mid"`` or ``"bg"``."""

    subject: str
    x: float
    facing: str = "camera"
    depth: str = "mid"


@dataclass(frozen=True, slots=True)
class ElementPart:
    """The part of one screenplay element a shot carries.

    ``line`` is the element's first source line (it names the element), ``kind`` its type
    (``"action"``, ``"dialogue"``, ...), and ``[start, end)`` a character range of the element's
    ``text``: a shot that carries a whole element says ``start=0, end=len(text)``; a shot that
    carries the second beat of an action paragraph, or the second half of a long speech, says
    which characters. The parts of all shots of a scene, read in order, give back every element's
    text whole (``shots/coverage.py`` checks it).
    """

    line: int
    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Shot:
    """One camera setup of a scene.

    ``id`` follows production numbering: scene id + letter (``12A``, ``12B``,
    skipping I and O). ``first_line``/``last_line`` bound the screenplay
    elements the shot covers. ``est_seconds`` is the planner's estimate;
    the timing stage decides the real frame count.
    """

    id: str
    scene: str  # the scene id (written number or ordinal)
    index: int  # 0-based position in the scene
    setup: int  # camera setup number within the scene (same angle reused -> same setup)
    size: ShotSize
    type: ShotType
    angle: Angle
    movement: Movement
    lens_mm: int
    subjects: tuple[str, ...]  # bible ids in frame
    speaker: str | None  # bible id of the on-screen speaker, if a dialogue shot
    first_line: int
    last_line: int
    description: str
    dialogue: tuple[DialogueLine, ...] = ()
    action: str = ""  # the action text this shot covers, if any
    prompt: str = ""
    negative_prompt: str = ""
    seed: int = 0
    est_seconds: float = 2.0
    screen_direction: ScreenDirection = ScreenDirection.NEUTRAL
    blocking: tuple[Placement, ...] = ()
    prop: str | None = None  # what an insert shows
    notes: str = ""
    int_ext: str = ""  # copied from the scene so a shot renders on its own
    location: str = ""
    time_of_day: str = ""
    eighths: int = 0  # page eighths of the lines it covers, on the typeset pages (shots/plan_pages.py)
    # How the shot meets its neighbours (shots/transitions.py): "fade_in" opens it from black;
    # "dissolve", "fade_out", "cut", "smash_cut", "match_cut"... is how it gives way to the next.
    transition_in: str = ""
    transition_out: str = ""
    # Which part of which element the shot carries, in order (see ElementPart); () in plans
    # written before parts existed, which carry whole elements between first_line and last_line.
    parts: tuple[ElementPart, ...] = ()
    # The weather and air of the whole scene ("rain falling, wet surfaces"), copied so every shot's
    # prompt carries it (shots/atmosphere.py), and what happens over the shot in prompt words, one
    # beat per sentence, from which each generated segment gets its own prompt (shots/prompt_beats.py).
    atmosphere: str = ""
    beats: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ShotPlan:
    """One scene's shots, with what produced them (for cache keys and display)."""

    scene: str
    shots: tuple[Shot, ...]
    planner: str  # "heuristic" or "llm:<model>"
    first_line: int
    last_line: int
    heading: str = ""
    int_ext: str = ""
    location: str = ""
    time_of_day: str = ""
    eighths: int = 0  # the scene's page eighths: the parser's estimate, then the typeset pages' (plan_pages.py)
    notes: tuple[str, ...] = field(default_factory=tuple)  # e.g. "fell back to heuristic plan"
