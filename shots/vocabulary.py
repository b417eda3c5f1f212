"""The camera vocabulary: one enum per axis, shared by planners, prompts, exports and renderers.

Each member's value is the short code used in shot lists and files; ``phrase``
gives the words a prompt or a human reads. This is the one place these words
are decided.
"""
from __future__ import annotations

from enum import Enum


class _Vocab(str, Enum):
    """A str enum whose value is the production code and which carries a phrase."""

    def __new__(cls, code: str, phrase: str):
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.phrase = phrase  # type: ignore[attr-defined]
        return obj

    def __str__(self) -> str:  # "MCU", not "ShotSize.MCU"
        return self.value

    @classmethod
    def parse(cls, text: str):
        """Accept a code or a phrase, any case (``"cu"``, ``"close-up"``)."""
        t = str(text).strip().lower().replace("_", " ").replace("-", " ")
        for m in cls:
            if t in (m.value.lower().replace("-", " "), m.phrase.lower().replace("-", " "), m.name.lower().replace("_", " ")):
                return m
        raise ValueError(f"{text!r} is not a {cls.__name__}; choose one of: {', '.join(m.value for m in cls)}")


class ShotSize(_Vocab):
    EWS = ("EWS", "extreme wide shot")
    WS = ("WS", "wide shot")
    FS = ("FS", "full shot")
    MWS = ("MWS", "medium wide shot (cowboy)")
    MS = ("MS", "medium shot")
    MCU = ("MCU", "medium close-up")
    CU = ("CU", "close-up")
    ECU = ("ECU", "extreme close-up")
    INSERT = ("INSERT", "insert shot")


class ShotType(_Vocab):
    SINGLE = ("single", "single")
    TWO_SHOT = ("two-shot", "two-shot")
    GROUP = ("group", "group shot")
    OTS = ("OTS", "over-the-shoulder shot")
    POV = ("POV", "point-of-view shot")
    INSERT = ("insert", "insert")
    REACTION = ("reaction", "reaction shot")
    ESTABLISHING = ("establishing", "establishing shot")
    MASTER = ("master", "master shot")


class Angle(_Vocab):
    EYE_LEVEL = ("eye level", "eye-level angle")
    HIGH = ("high", "high angle")
    LOW = ("low", "low angle")
    OVERHEAD = ("overhead", "overhead top-down angle")
    WORMS_EYE = ("worm's eye", "worm's-eye angle")
    DUTCH = ("dutch", "dutch tilt")


class Movement(_Vocab):
    STATIC = ("static", "static camera")
    PAN = ("pan", "slow pan")
    TILT = ("tilt", "tilt")
    PUSH_IN = ("push in", "slow push-in")
    PULL_OUT = ("pull out", "pull-out")
    TRUCK = ("truck", "trucking move")
    PEDESTAL = ("pedestal", "pedestal move")
    CRANE = ("crane", "crane move")
    ZOOM = ("zoom", "zoom")
    TRACKING = ("tracking", "tracking shot")
    ARC = ("arc", "arcing move")
    HANDHELD = ("handheld", "handheld camera")


class ScreenDirection(_Vocab):
    LEFT_TO_RIGHT = ("L>R", "left to right")
    RIGHT_TO_LEFT = ("R>L", "right to left")
    NEUTRAL = ("neutral", "neutral")


# Shot sizes from wide to tight (an insert is read apart: it frames a thing, not a person).
SIZE_ORDER = (ShotSize.EWS, ShotSize.WS, ShotSize.FS, ShotSize.MWS, ShotSize.MS, ShotSize.MCU, ShotSize.CU,
              ShotSize.ECU)


def tighter(size: ShotSize) -> ShotSize:
    """The next tighter size (an ECU or an insert stays as it is)."""
    if size not in SIZE_ORDER:
        return size
    return SIZE_ORDER[min(SIZE_ORDER.index(size) + 1, len(SIZE_ORDER) - 1)]


def wider(size: ShotSize) -> ShotSize:
    """The next wider size (an EWS stays; an insert opens to a close-up)."""
    if size not in SIZE_ORDER:
        return ShotSize.CU
    return SIZE_ORDER[max(SIZE_ORDER.index(size) - 1, 0)]


# Equipment a camera move needs, for the shot list's Equipment column.
EQUIPMENT: dict[Movement, str] = {
    Movement.STATIC: "sticks",
    Movement.PAN: "fluid head",
    Movement.TILT: "fluid head",
    Movement.PUSH_IN: "dolly",
    Movement.PULL_OUT: "dolly",
    Movement.TRUCK: "dolly + track",
    Movement.PEDESTAL: "pedestal",
    Movement.CRANE: "crane/jib",
    Movement.ZOOM: "zoom lens",
    Movement.TRACKING: "dolly + track / gimbal",
    Movement.ARC: "dolly + curved track",
    Movement.HANDHELD: "handheld rig",
}

SENSOR_WIDTH_MM = 36.0  # full-frame equivalent


def horizontal_fov_degrees(lens_mm: float) -> float:
    """Horizontal field of view of a full-frame lens: the greybox camera uses this."""
    import math

    return math.degrees(2 * math.atan(SENSOR_WIDTH_MM / (2 * float(lens_mm))))


def lens_phrase(lens_mm: int) -> str:
    """How a prompt names a focal length (``"35mm lens, natural perspective"``)."""
    if lens_mm <= 18:
        feel = "ultra-wide, exaggerated depth"
    elif lens_mm <= 28:
        feel = "wide-angle"
    elif lens_mm <= 40:
        feel = "natural perspective"
    elif lens_mm <= 60:
        feel = "normal lens"
    elif lens_mm <= 100:
        feel = "portrait telephoto, shallow depth of field"
    else:
        feel = "long telephoto, compressed background"
    return f"{lens_mm}mm lens, {feel}"


def camera_phrase(size: ShotSize, angle: Angle, movement: Movement, lens_mm: int) -> str:
    """The camera phrase every prompt must contain (the LLM validator checks for it)."""
    return f"{size.phrase}, {angle.phrase}, {movement.phrase}, {lens_phrase(lens_mm)}"
