"""Colours of the greybox set: one palette per INT/EXT and time of day.

The palette is the only way a greybox tells day from night, so it is chosen to
read at a glance in a thumbnail: a bright sky and warm floor by day, a dark
blue set with lit windows by night, orange at dusk, pink-grey at dawn. The
mannequins keep their bible colour and are only dimmed by ``ambient`` so a
character is recognisable in every shot.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

RGB = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Palette:
    """Colours for one set. ``ambient`` (0..1) scales mannequin colours."""

    sky_top: RGB
    sky_horizon: RGB
    ground_near: RGB
    ground_far: RGB
    wall: RGB
    wall_side: RGB
    ceiling: RGB
    window: RGB
    door: RGB
    scenery: RGB  # distant blocks outside (buildings, trees)
    line: RGB  # floor grid lines
    ambient: float


_EXT = {
    "day": Palette((104, 160, 222), (196, 219, 238), (132, 140, 108), (166, 172, 150), (180, 176, 168),
                   (160, 156, 148), (200, 200, 200), (210, 230, 245), (110, 90, 70), (120, 135, 120), (112, 118, 92), 1.0),
    "night": Palette((8, 12, 30), (28, 36, 66), (30, 34, 44), (40, 44, 58), (50, 52, 66),
                     (42, 44, 58), (30, 30, 40), (230, 200, 120), (40, 34, 30), (22, 26, 40), (48, 52, 66), 0.55),
    "dusk": Palette((70, 60, 120), (236, 140, 84), (92, 76, 70), (140, 104, 90), (150, 118, 108),
                    (130, 100, 94), (120, 100, 100), (250, 200, 130), (80, 60, 50), (74, 56, 72), (104, 86, 80), 0.8),
    "dawn": Palette((140, 150, 190), (236, 190, 180), (118, 118, 110), (160, 150, 146), (170, 160, 160),
                    (150, 142, 142), (170, 166, 170), (240, 220, 210), (96, 84, 80), (120, 116, 130), (130, 126, 120), 0.85),
}

_INT = {
    "day": Palette((104, 160, 222), (196, 219, 238), (150, 128, 104), (128, 110, 92), (206, 200, 186),
                   (182, 176, 164), (226, 224, 218), (214, 234, 250), (120, 96, 74), (120, 135, 120), (128, 108, 88), 1.0),
    "night": Palette((8, 12, 30), (28, 36, 66), (60, 52, 48), (44, 40, 40), (84, 80, 90),
                     (66, 64, 74), (46, 44, 52), (24, 34, 70), (60, 48, 40), (22, 26, 40), (74, 64, 58), 0.65),
    "dusk": Palette((70, 60, 120), (236, 140, 84), (132, 100, 80), (110, 86, 72), (190, 160, 140),
                    (166, 140, 124), (170, 150, 140), (250, 170, 110), (104, 78, 60), (74, 56, 72), (112, 86, 70), 0.85),
    "dawn": Palette((140, 150, 190), (236, 190, 180), (140, 126, 116), (120, 108, 102), (196, 186, 186),
                    (172, 164, 166), (210, 206, 210), (240, 214, 206), (110, 92, 84), (120, 116, 130), (122, 110, 104), 0.9),
}


def time_key(time_of_day: str) -> str:
    """Map a scene heading's time (``NIGHT``, ``LATER``, ``MORNING``...) to day/night/dusk/dawn."""
    t = (time_of_day or "").upper()
    if "NIGHT" in t or "MIDNIGHT" in t:
        return "night"
    if any(w in t for w in ("DUSK", "EVENING", "SUNSET", "TWILIGHT", "MAGIC HOUR")):
        return "dusk"
    if any(w in t for w in ("DAWN", "SUNRISE", "MORNING", "FIRST LIGHT")):
        return "dawn"
    return "day"


def is_exterior(int_ext: str) -> bool:
    """``EXT``/``EXT.``/``E/I`` are exteriors; everything else (INT, INT/EXT, unknown) is an interior."""
    t = (int_ext or "").strip().upper()
    return t.startswith("EXT") or t.startswith("E/")


def palette_for(int_ext: str, time_of_day: str) -> Palette:
    """The palette for a scene.

    Args:
        int_ext: the heading's ``INT``/``EXT`` part (any case, may be empty).
        time_of_day: the heading's time part (any words; unknown means day).

    Returns:
        The matching :class:`Palette`.
    """
    table = _EXT if is_exterior(int_ext) else _INT
    return table[time_key(time_of_day)]


def shade(color: RGB, k: float) -> RGB:
    """``color`` scaled by ``k`` (clamped to 0..255)."""
    return tuple(max(0, min(255, int(round(c * k)))) for c in color)  # type: ignore[return-value]


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Linear blend from ``a`` (t=0) to ``b`` (t=1)."""
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b))  # type: ignore[return-value]


def parse_hex(color: str, default: RGB = (150, 150, 150)) -> RGB:
    """``"#rrggbb"`` (or ``"rrggbb"``, ``"#rgb"``) to an RGB tuple; ``default`` when malformed."""
    s = (color or "").strip().lstrip("#")
    if len(s) == 3:
        s = "".join(ch * 2 for ch in s)
    try:
        if len(s) != 6:
            raise ValueError
        return (int(s[0:2], 16), int(s[2:4], 16), int(s[4:6], 16))
    except ValueError:
        return default


@functools.lru_cache(maxsize=4096)
def to_ycbcr(color: RGB) -> RGB:
    """RGB to BT.601 limited-range Y'CbCr, the conversion ffmpeg applies to RGB input by default,
    so frames painted directly in Y'CbCr encode exactly like RGB frames would."""
    r, g, b = color
    y = 16.0 + (65.481 * r + 128.553 * g + 24.966 * b) / 255.0
    cb = 128.0 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255.0
    cr = 128.0 + (112.0 * r - 93.786 * g - 18.214 * b) / 255.0
    return (int(round(y)), int(round(cb)), int(round(cr)))
