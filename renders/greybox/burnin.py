"""Burned-in text: the slate line, name labels, a frame counter and the subtitle.

Text from a screenplay can contain anything (``O'BRIEN``, ``50%``, ``C:\\``,
``ZOË``, ``Дмитрий``), so it is drawn with Pillow onto small RGBA images and
pasted onto frames; it never goes through an ffmpeg filter string, so there is
nothing to escape. Each distinct piece of text is rendered once per shot and
pasted per frame (digits for the counter are cached glyphs), which keeps text
from dominating the frame time.
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from renders.limits import MAX_NAME_CHARS, MAX_SPOKEN_CHARS, clamp_text

RGB = tuple[int, int, int]

_FONT_FILES = {False: ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf"),
               True: ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf")}
BOX = (0, 0, 0, 150)  # the translucent box behind text
WHITE = (255, 255, 255, 255)


@functools.lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A TrueType font at ``size`` px: DejaVu (wide Unicode coverage) if installed, else Pillow's built-in."""
    for name in _FONT_FILES[bold]:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType
        return ImageFont.load_default()


def clean(text: str) -> str:
    """Text safe to draw: control/format/unassigned characters become spaces, runs of space collapse."""
    out = []
    for ch in text or "":
        cat = unicodedata.category(ch)
        out.append(" " if cat[0] == "C" or cat in ("Zl", "Zp") else ch)
    return " ".join("".join(out).split())


def _width(fnt, text: str) -> float:
    return fnt.getlength(text) if hasattr(fnt, "getlength") else len(text) * fnt.size * 0.6


def wrap(text: str, fnt, max_width: float) -> list[str]:
    """Greedy word wrap to ``max_width`` px; a word longer than a line is split by characters.

    Linear in the text: no measurement is longer than a line can hold (``most``
    characters, from the font size and a generous narrowest glyph), and a long word
    is cut by bisection, so a 5,000-letter name costs what 5,000 letters of words do.
    """
    most = max(2, int(max_width / max(1.0, fnt.size * 0.15)) + 1)  # more characters are wider than a line
    lines: list[str] = []
    cur = ""
    for word in text.split(" "):
        trial = f"{cur} {word}" if cur else word
        if len(trial) <= most and _width(fnt, trial) <= max_width:
            cur = trial
            continue
        if cur:
            lines.append(cur)
        cur = ""
        while len(word) > 1 and (len(word) > most or _width(fnt, word) > max_width):
            lo, hi = 1, min(len(word) - 1, most)  # the longest head that fits, at least one character
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if _width(fnt, word[:mid]) <= max_width:
                    lo = mid
                else:
                    hi = mid - 1
            lines.append(word[:lo])
            word = word[lo:]
        cur = word
    if cur:
        lines.append(cur)
    return lines or [""]


def text_box(lines: list[str], fnt, pad: int, color: tuple = WHITE, first_prefix: str = "",
             prefix_color: RGB | None = None, box: tuple = BOX, align_center: bool = False) -> Image.Image:
    """An RGBA image: ``lines`` in ``color`` on a translucent box; ``first_prefix`` of line 0 in ``prefix_color``."""
    ascent, descent = fnt.getmetrics() if hasattr(fnt, "getmetrics") else (fnt.size, 2)
    line_h = ascent + descent + 2
    widths = [_width(fnt, ln) for ln in lines]
    w = int(max(widths) + 2 * pad + 1)
    h = int(line_h * len(lines) + 2 * pad - 2)
    img = Image.new("RGBA", (max(w, 1), max(h, 1)), box)
    d = ImageDraw.Draw(img)
    for i, ln in enumerate(lines):
        x = pad + ((w - 2 * pad - widths[i]) / 2 if align_center else 0)
        y = pad + i * line_h
        if i == 0 and first_prefix and prefix_color is not None and ln.startswith(first_prefix):
            d.text((x, y), first_prefix, font=fnt, fill=prefix_color + (255,))
            rest_x = x + _width(fnt, first_prefix)
            d.text((rest_x, y), ln[len(first_prefix):], font=fnt, fill=color)
        else:
            d.text((x, y), ln, font=fnt, fill=color)
    return img


def label(name: str, color: RGB, height: int) -> Image.Image:
    """A mannequin's name tag: the name on a dark box with a strip of the character colour."""
    fnt = font(max(9, height // 30), bold=True)
    img = text_box([clean(clamp_text(name, MAX_NAME_CHARS)) or "?"], fnt, pad=2)
    ImageDraw.Draw(img).rectangle([0, img.height - 2, img.width, img.height], fill=color + (255,))
    return img


def slate(text: str, height: int) -> Image.Image:
    """The top-left slate line (shot id and camera words)."""
    return text_box([clean(text)], font(max(9, height // 26)), pad=max(2, height // 90))


@dataclass(frozen=True, slots=True)
class Subtitle:
    """A spoken line split into pages of at most two wrapped lines, each page rendered once."""

    pages: tuple[Image.Image, ...]
    weights: tuple[float, ...]  # cumulative share of the characters up to the end of each page

    def page_at(self, fraction: float) -> Image.Image:
        """The page on screen ``fraction`` (0..1) of the way through the line."""
        for img, w in zip(self.pages, self.weights):
            if fraction < w:
                return img
        return self.pages[-1]


def subtitle(speaker: str, text: str, speaker_color: RGB, width: int, height: int) -> Subtitle:
    """Render a line as subtitle pages, ``SPEAKER: text`` with the name in its colour.

    Args:
        speaker: the character's display name.
        text: the dialogue (anything a script may hold).
        speaker_color: the bible colour, for the name.
        width, height: the frame size (pages are at most 88% of the width).

    Returns:
        The :class:`Subtitle`.
    """
    fnt = font(max(10, height // 19))
    speaker = clean(clamp_text(speaker, MAX_NAME_CHARS))
    prefix = f"{speaker}: " if speaker else ""
    body = clean(clamp_text(text, MAX_SPOKEN_CHARS))  # what the scratch voice speaks
    lines = wrap(prefix + body, fnt, width * 0.88 - 16)
    pages = [lines[i:i + 2] for i in range(0, len(lines), 2)]
    total = sum(len(ln) for ln in lines) or 1
    weights, acc, imgs = [], 0, []
    for n, page in enumerate(pages):
        acc += sum(len(ln) for ln in page)
        weights.append(acc / total)
        imgs.append(text_box(page, fnt, pad=max(3, height // 72), first_prefix=prefix if n == 0 else "",
                             prefix_color=_readable(speaker_color), align_center=True))
    return Subtitle(tuple(imgs), tuple(weights))


def _readable(color: RGB) -> RGB:
    """Lift a dark bible colour so a name stays legible on the dark box."""
    lum = 0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2]
    if lum >= 110:
        return color
    k = 110 / max(lum, 1)
    return tuple(min(255, int(c * k + 40)) for c in color)  # type: ignore[return-value]


class Counter:
    """A ``seconds:frames`` counter built from cached digit glyphs.

    Every glyph is one even-width cell on the translucent box, so a frame's
    counter is a handful of pastes of pictures rendered once per shot.
    """

    CHARS = "0123456789:/ "

    def __init__(self, height: int, fps: int):
        self.fps = fps
        fnt = font(max(9, height // 26))
        pad = max(2, height // 90)
        cell = int(max(_width(fnt, c) for c in self.CHARS)) + 1
        self.cell = cell + cell % 2
        ascent, descent = fnt.getmetrics() if hasattr(fnt, "getmetrics") else (fnt.size, 2)
        h = ascent + descent + 2 * pad
        self.h = h + h % 2
        self.glyphs: dict[str, Image.Image] = {}
        for c in self.CHARS:
            img = Image.new("RGBA", (self.cell, self.h), BOX)
            ImageDraw.Draw(img).text(((self.cell - _width(fnt, c)) / 2, pad), c, font=fnt, fill=WHITE)
            self.glyphs[c] = img

    def text(self, frame: int) -> str:
        """``SS:FF`` for a frame number."""
        return f"{frame // self.fps:02d}:{frame % self.fps:02d}"

    def image(self, text: str) -> Image.Image:
        """``text`` (digits, ``:``, ``/``, space) as one RGBA picture of glyph cells."""
        img = Image.new("RGBA", (self.cell * len(text), self.h), BOX)
        for n, c in enumerate(text):
            img.paste(self.glyphs.get(c, self.glyphs[" "]), (n * self.cell, 0))
        return img
