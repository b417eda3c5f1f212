"""The frame the greybox paints on: Y'CbCr 4:2:0 planes that *are* the encoder's input.

Painting RGB and converting every frame cost more than the painting itself,
and Pillow fills a one-byte ("L") plane several times faster than a
three-band image. So a frame is three "L" images (Y at full size, Cb and Cr
at half size) laid over one ``bytearray`` in exactly the planar yuv420p layout
ffmpeg reads, and the depth pass is a fourth plane over a second buffer whose
chroma is fixed at neutral grey. Every shape is filled once per plane with
Pillow's C drawer; the finished buffers go to ffmpeg without a copy.
Colours are BT.601 limited range, the conversion ffmpeg itself applies to RGB
input, so these frames encode exactly as RGB frames would.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from renders.greybox.palette import to_ycbcr

RGB = tuple[int, int, int]


def _plane(buffer: memoryview, width: int, height: int) -> tuple[Image.Image, object]:
    """An "L" image sharing ``buffer`` (written in place) and its C-level drawer."""
    img = Image.frombuffer("L", (width, height), buffer, "raw", "L", 0, 1)
    img.readonly = 0  # our own buffer: let Pillow draw straight into it instead of copying
    draw = ImageDraw.Draw(img).draw
    _check_shared(draw, buffer)
    return img, draw


def _check_shared(draw, buffer: memoryview) -> None:
    """Fail loudly (not with blank videos) if this Pillow stops drawing into shared buffers."""
    before = buffer[0]
    draw.draw_points([(0, 0)], 255 if before != 255 else 0)
    if buffer[0] == before:
        raise RuntimeError("this Pillow version does not draw into shared buffers; the greybox canvas needs it")
    buffer[0] = before


@dataclass(frozen=True, slots=True, eq=False)
class Overlay:
    """An RGBA picture (text) prepared for pasting: Y, Cb, Cr and alpha, chroma and alpha also at half size."""

    y: Image.Image
    cb: Image.Image
    cr: Image.Image
    mask: Image.Image
    mask_half: Image.Image
    cores: tuple = ()  # the Pillow core images, fetched once (``Image.im`` is a property with a cost)

    @property
    def width(self) -> int:
        return self.y.width

    @property
    def height(self) -> int:
        return self.y.height

    @classmethod
    def from_rgba(cls, img: Image.Image) -> "Overlay":
        img = img.convert("RGBA")
        if img.width % 2 or img.height % 2:  # even sizes keep luma and chroma aligned
            padded = Image.new("RGBA", (img.width + img.width % 2, img.height + img.height % 2), (0, 0, 0, 0))
            padded.paste(img, (0, 0))
            img = padded
        a = np.asarray(img, dtype=np.float32)
        r, g, b = a[..., 0], a[..., 1], a[..., 2]
        y = 16.0 + (65.481 * r + 128.553 * g + 24.966 * b) / 255.0
        cb = 128.0 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255.0
        cr = 128.0 + (112.0 * r - 93.786 * g - 18.214 * b) / 255.0

        def to_img(x: np.ndarray) -> Image.Image:
            return Image.fromarray(np.clip(np.rint(x), 0, 255).astype(np.uint8))

        mask = img.getchannel("A")
        parts = (to_img(y), to_img(cb).reduce(2), to_img(cr).reduce(2), mask, mask.reduce(2))
        return cls(*parts, cores=tuple(p.im for p in parts))


class Canvas:
    """One frame's planes (beauty yuv420p and, optionally, depth), reused frame after frame.

    Args:
        width, height: frame size (even).
        depth: also keep a depth plane (16 far .. 235 near, video range).
    """

    def __init__(self, width: int, height: int, depth: bool = True):
        self.width, self.height = width, height
        ysize, csize = width * height, (width // 2) * (height // 2)
        self.frame = bytearray(ysize + 2 * csize)
        view = memoryview(self.frame)
        self.Y, self._dy = _plane(view[:ysize], width, height)
        self.Cb, self._du = _plane(view[ysize:ysize + csize], width // 2, height // 2)
        self.Cr, self._dv = _plane(view[ysize + csize:], width // 2, height // 2)
        self._planes = np.frombuffer(self.frame, dtype=np.uint8)
        self._cores = (self.Y.im, self.Cb.im, self.Cr.im)
        self._ysize, self._csize = ysize, csize
        self.depth_frame: bytearray | None = None
        self.D = None
        self._dd = None
        if depth:
            self.depth_frame = bytearray(ysize) + bytearray([128]) * (2 * csize)
            self.D, self._dd = _plane(memoryview(self.depth_frame)[:ysize], width, height)
            self._depth = np.frombuffer(self.depth_frame, dtype=np.uint8)

    # --- whole-frame operations -----------------------------------------------------
    def clear(self, color: RGB, depth_value: int = 16) -> None:
        """Fill the beauty planes with ``color`` and the depth plane with ``depth_value``."""
        y, cb, cr = to_ycbcr(color)
        p, ys, cs = self._planes, self._ysize, self._csize
        p[:ys] = y
        p[ys:ys + cs] = cb
        p[ys + cs:] = cr
        if self.D is not None:
            self._depth[:ys] = depth_value

    def snapshot(self) -> tuple[bytes, bytes | None]:
        """The current frame (and depth) as bytes, to restore with :meth:`restore`."""
        return bytes(self.frame), bytes(self.depth_frame) if self.depth_frame is not None else None

    def restore(self, snap: tuple[bytes, bytes | None]) -> None:
        self.frame[:] = snap[0]
        if snap[1] is not None and self.depth_frame is not None:
            self.depth_frame[:] = snap[1]

    # --- shapes (full-size coordinates; chroma planes get them halved) ------------------
    def polygon(self, pts: list, half: list, color: RGB) -> None:
        """Fill a polygon in the beauty planes; ``half`` is ``pts`` at half scale."""
        y, cb, cr = to_ycbcr(color)
        self._dy.draw_polygon(pts, y, 1)
        self._du.draw_polygon(half, cb, 1)
        self._dv.draw_polygon(half, cr, 1)

    def depth_polygon(self, pts: list, value: int) -> None:
        if self._dd is not None:
            self._dd.draw_polygon(pts, value, 1)

    def line(self, a: tuple[float, float], b: tuple[float, float], color: RGB, width: int = 1,
             luma_only: bool = False) -> None:
        """A line; ``luma_only`` skips the chroma planes (a hairline reads by brightness alone)."""
        y, cb, cr = to_ycbcr(color)
        self._dy.draw_lines([a, b], y, width)
        if luma_only:
            return
        ha, hb = (a[0] / 2, a[1] / 2), (b[0] / 2, b[1] / 2)
        hw = max(1, width // 2)
        self._du.draw_lines([ha, hb], cb, hw)
        self._dv.draw_lines([ha, hb], cr, hw)

    def depth_line(self, a, b, value: int, width: int) -> None:
        if self._dd is not None:
            self._dd.draw_lines([a, b], value, width)

    def ellipse(self, box: tuple[float, float, float, float], color: RGB) -> None:
        y, cb, cr = to_ycbcr(color)
        self._dy.draw_ellipse(box, y, 1)
        half = (box[0] / 2, box[1] / 2, box[2] / 2, box[3] / 2)
        self._du.draw_ellipse(half, cb, 1)
        self._dv.draw_ellipse(half, cr, 1)

    def depth_ellipse(self, box, value: int) -> None:
        if self._dd is not None:
            self._dd.draw_ellipse(box, value, 1)

    def paste(self, ov: Overlay, x: int, y: int) -> None:
        """Blend an overlay with its top-left corner at (x, y) (rounded down to even)."""
        x -= x % 2
        y -= y % 2
        oy, ocb, ocr, mask, mask_half = ov.cores
        cy, ccb, ccr = self._cores
        w, h = ov.y.size
        cy.paste(oy, (x, y, x + w, y + h), mask)
        hx, hy = x // 2, y // 2
        box = (hx, hy, hx + w // 2, hy + h // 2)
        ccb.paste(ocb, box, mask_half)
        ccr.paste(ocr, box, mask_half)

    # --- reading back -----------------------------------------------------------------
    def rgb(self) -> np.ndarray:
        """The beauty frame as an RGB array (chroma upsampled), as a decoder would show it."""
        w, h, ys, cs = self.width, self.height, self._ysize, self._csize
        p = self._planes
        y = p[:ys].reshape(h, w).astype(np.float32) - 16.0
        cb = p[ys:ys + cs].reshape(h // 2, w // 2).astype(np.float32) - 128.0
        cr = p[ys + cs:].reshape(h // 2, w // 2).astype(np.float32) - 128.0
        cb = cb.repeat(2, axis=0).repeat(2, axis=1)
        cr = cr.repeat(2, axis=0).repeat(2, axis=1)
        yk = y * (255.0 / 219.0)
        r = yk + 1.596027 * cr
        g = yk - 0.391762 * cb - 0.812968 * cr
        b = yk + 2.017232 * cb
        return np.clip(np.rint(np.stack([r, g, b], axis=-1)), 0, 255).astype(np.uint8)

    def depth(self) -> np.ndarray:
        """The depth plane as an (H, W) array of video-range greys (a copy)."""
        return self._depth[:self._ysize].reshape(self.height, self.width).copy()
