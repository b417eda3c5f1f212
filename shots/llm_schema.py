"""What the LLM must answer: pydantic models that validate it, and the strict JSON schema sent.

Two views of one contract. The JSON schema goes out as
``response_format={"type": "json_schema", "json_schema": {"strict": true, ...}}``
so a capable endpoint constrains decoding to it; the pydantic models check the
answer anyway, because not every OpenAI-compatible server enforces the schema,
and because some rules cannot be said in a schema (a subject must be a
character of the bible, a speaker must be in frame, lines must lie inside the
scene). Both are built from the same enums in :mod:`shots.vocabulary`, and a
test checks that their field lists agree.

Script text is untrusted: whatever a scene says, the answer can only be shots
made of these fields and values, so the worst a hostile line can do is change
that scene's shots.

What the model is sent lives in :mod:`shots.llm_request` (the system prompt with
its worked example, the scene as JSON data), and how a validated answer becomes a
ShotPlan in :mod:`shots.llm_answer` (parts of elements, blocking, prompts).

What a shot carries: ``first_line``/``last_line`` name the elements, and
``first_words``/``last_words`` (quoted, not counted: models count characters
badly) say where it starts or ends inside an element, so an action paragraph
with several beats or a long speech split by a reaction is several shots. The
prompt is not the model's: it writes ``description`` (what happens over the
shot, capped at :data:`DESCRIPTION_MAX` characters, well inside a text encoder's
budget) and ``blocking``, and :mod:`shots.llm_answer` composes the prompt as the
heuristic planner's are composed, with the look text where it is never cut.

Bump :data:`SCHEMA_VERSION` (or :data:`PROMPT_VERSION`) whenever the contract
changes: both enter the cache key, so old answers are not reused against a new
contract.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from shots.coverage import DEPTHS, FACINGS
from shots.vocabulary import Angle, Movement, ScreenDirection, ShotSize, ShotType

SCHEMA_VERSION = "2"  # 2: parts of elements (first_words/last_words), blocking; the prompt is composed by previs
PROMPT_VERSION = "3"  # bump when the system prompt, its example or the scene message changes
SCHEMA_NAME = "shot_plan"

LENS_MIN_MM, LENS_MAX_MM = 8, 600
SECONDS_MIN, SECONDS_MAX = 0.5, 120.0
MAX_SHOTS = 80
# What happens over the shot, in words a text encoder reads whole (T5/UMT5 budgets are 226-512 tokens
# for the whole prompt; camera, looks and setting take the rest).
DESCRIPTION_MAX = 300
WORDS_MAX = 120  # a quoted first/last few words, never a paragraph

SCREEN_DIRECTION_MEANING = (
    "the way the subjects face or move across the frame as the audience sees it: L>R toward frame right, "
    "R>L toward frame left, neutral toward or away from the camera. It stays the same on every shot of a "
    "scene (one side of the axis) unless the camera crosses the line on a move we see; who leaves frame "
    "right enters the next shot from frame left")


class LLMPlacement(BaseModel):
    """Where one subject stands in frame (becomes a :class:`shots.model.Placement`)."""

    model_config = ConfigDict(extra="forbid")

    subject: str
    x: float = Field(ge=0.0, le=1.0)
    facing: Literal[FACINGS]  # type: ignore[valid-type]
    depth: Literal[DEPTHS]  # type: ignore[valid-type]


class LLMShot(BaseModel):
    """One shot as the LLM proposes it (ids, seeds and dialogue are added by the planner)."""

    model_config = ConfigDict(extra="forbid")

    first_line: int
    last_line: int
    first_words: str | None = Field(max_length=WORDS_MAX)
    last_words: str | None = Field(max_length=WORDS_MAX)
    size: ShotSize
    type: ShotType
    angle: Angle
    movement: Movement
    lens_mm: int = Field(ge=LENS_MIN_MM, le=LENS_MAX_MM)
    subjects: list[str]
    speaker: str | None
    screen_direction: ScreenDirection
    blocking: list[LLMPlacement]
    description: str = Field(min_length=1, max_length=DESCRIPTION_MAX)
    prop: str | None
    est_seconds: float = Field(ge=SECONDS_MIN, le=SECONDS_MAX)

    @field_validator("subjects")
    @classmethod
    def _known_subjects(cls, value: list[str], info: ValidationInfo) -> list[str]:
        known = (info.context or {}).get("bible_ids")
        if known is not None:
            unknown = [s for s in value if s not in known]
            if unknown:
                allowed = ", ".join(sorted(known)) or "none"
                raise ValueError(f"unknown character id(s) {unknown}; use only bible ids: {allowed}")
        if len(set(value)) != len(value):
            raise ValueError("a subject is listed twice")
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> "LLMShot":
        if self.last_line < self.first_line:
            raise ValueError(f"last_line {self.last_line} is before first_line {self.first_line}")
        span = (info.context or {}).get("line_span")
        if span is not None:
            lo, hi = span
            if self.first_line < lo or self.last_line > hi:
                raise ValueError(f"lines {self.first_line}-{self.last_line} lie outside the scene ({lo}-{hi})")
        if self.speaker is not None and self.speaker not in self.subjects:
            raise ValueError(f"speaker {self.speaker!r} must be one of the shot's subjects {self.subjects}")
        placed = [p.subject for p in self.blocking]
        if placed and sorted(placed) != sorted(self.subjects):
            raise ValueError(f"blocking places {placed} but the subjects are {self.subjects}: place each "
                             "subject once, or give [] to let previs spread them")
        return self


class LLMPlan(BaseModel):
    """The whole answer for one scene."""

    model_config = ConfigDict(extra="forbid")

    shots: list[LLMShot] = Field(min_length=1, max_length=MAX_SHOTS)

    @model_validator(mode="after")
    def _in_order(self) -> "LLMPlan":
        for before, after in zip(self.shots, self.shots[1:]):
            said = after.first_words is not None  # where it starts is in the quote: parts check the order
            if after.first_line < before.first_line or (after.first_line <= before.last_line and not said):
                raise ValueError(
                    f"shots overlap or are out of order: lines {before.first_line}-{before.last_line} "
                    f"then {after.first_line}-{after.last_line} (two shots share a line only when the second "
                    "says where it starts inside it: first_words)"
                )
        return self


def validate_answer(content: str, bible_ids: set[str], line_span: tuple[int, int]) -> LLMPlan:
    """Parse and validate an answer's JSON text.

    Args:
        content: the assistant message content.
        bible_ids: the character ids a shot may name.
        line_span: first and last screenplay line of the scene.

    Returns:
        The validated plan.

    Raises:
        pydantic.ValidationError: the text is not JSON or breaks the contract
            (its ``str`` is the message sent back to the model on a retry).
    """
    return LLMPlan.model_validate_json(content, context={"bible_ids": bible_ids, "line_span": line_span})


def _codes(enum_cls) -> list[str]:
    return [m.value for m in enum_cls]


def shot_json_schema(subject_ids: list[str]) -> dict[str, Any]:
    """The strict JSON schema of one shot.

    Strict structured output requires every property to be required and no
    extra properties; optional values are expressed as ``null``. When the
    scene has characters, ``subjects`` and ``speaker`` are constrained to
    their ids so a constrained decoder cannot invent one.
    """
    if subject_ids:
        subject: dict[str, Any] = {"type": "string", "enum": list(subject_ids)}
    else:
        subject = {"type": "string"}
    placement = {
        "type": "object",
        "properties": {
            "subject": subject,
            "x": {"type": "number", "description": "0 frame left .. 1 frame right"},
            "facing": {"type": "string", "enum": list(FACINGS)},
            "depth": {"type": "string", "enum": list(DEPTHS), "description": "fg: the shoulder of an OTS"},
        },
        "required": ["subject", "x", "facing", "depth"],
        "additionalProperties": False,
    }
    props: dict[str, Any] = {
        "first_line": {"type": "integer", "description": "line of the first element this shot carries"},
        "last_line": {"type": "integer", "description": "line of the last element this shot carries"},
        "first_words": {"type": ["string", "null"], "description": "when the shot starts inside the element at "
                        "first_line: the first 3-8 words of its part, copied exactly; else null"},
        "last_words": {"type": ["string", "null"], "description": "when the shot ends inside the element at "
                       "last_line: the last 3-8 words of its part, copied exactly; else null"},
        "size": {"type": "string", "enum": _codes(ShotSize)},
        "type": {"type": "string", "enum": _codes(ShotType)},
        "angle": {"type": "string", "enum": _codes(Angle)},
        "movement": {"type": "string", "enum": _codes(Movement)},
        "lens_mm": {"type": "integer", "description": f"full-frame focal length, {LENS_MIN_MM}-{LENS_MAX_MM}"},
        "subjects": {"type": "array", "items": subject, "description": "character ids in frame"},
        "speaker": {"anyOf": [subject, {"type": "null"}], "description": "on-screen speaker id or null"},
        "screen_direction": {"type": "string", "enum": _codes(ScreenDirection),
                             "description": SCREEN_DIRECTION_MEANING},
        "blocking": {"type": "array", "items": placement, "description": "one placement per subject, left to "
                     "right as framed; [] lets previs spread them"},
        "description": {"type": "string", "description": f"what happens over the shot, at most {DESCRIPTION_MAX} "
                        "characters: action, expression, gesture, eyeline; no camera words, no script jargon"},
        "prop": {"type": ["string", "null"], "description": "what an insert shows, else null"},
        "est_seconds": {"type": "number", "description": f"estimated length, {SECONDS_MIN}-{SECONDS_MAX}"},
    }
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def response_format(subject_ids: list[str]) -> dict[str, Any]:
    """The ``response_format`` argument of a chat completion request (strict JSON schema)."""
    schema = {
        "type": "object",
        "properties": {"shots": {"type": "array", "items": shot_json_schema(subject_ids)}},
        "required": ["shots"],
        "additionalProperties": False,
    }
    return {"type": "json_schema", "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": schema}}


def describe_errors(exc: Exception, limit: int = 12) -> str:
    """A compact, one-line-per-problem description of a validation failure.

    Used both in the retry message to the model and (shortened) in the user's
    error, so it leaves out pydantic's echo of the input and its help URLs.
    """
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    lines = []
    for err in errors(include_url=False, include_input=False)[:limit]:
        loc = ".".join(str(p) for p in err.get("loc", ())) or "answer"
        lines.append(f"{loc}: {err.get('msg', 'invalid')}")
    more = len(errors()) - limit
    if more > 0:
        lines.append(f"... and {more} more")
    return "\n".join(lines)


