"""Character reference images: what keeps a character looking the same in every shot.

Each bible entry in frame with a user-supplied ``BibleEntry.reference_image``
contributes that image. A greybox-style mannequin still in the entry's colour and
silhouette can stand in for the others, but only when asked for (``mannequins=True``):
VACE inserts the reference *subject* into the video, so a flat mannequin is rendered
as a mannequin, not as a person who looks like the character. The digest of every image
used enters the shot's cache key: replace a reference file and exactly the shots
with that character re-render.
"""
from __future__ import annotations

import functools
import hashlib
import stat
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from screenplay.errors import PrevisError
from shots.model import BibleEntry
from renders.model import TimedShot

# A reference is conditioning at the model's resolution: a camera's full still is plenty. The
# header is checked before decoding, so a decompression bomb costs nothing.
MAX_REFERENCE_PIXELS = 50_000_000
MAX_REFERENCE_BYTES = 256 * 2**20
MAX_REFERENCES = 3  # each one adds a latent frame to Wan VACE; more costs time and rarely helps
_SILHOUETTE = {"average": (1.0, 1.0), "tall": (1.12, 0.95), "short": (0.85, 1.0), "broad": (1.0, 1.3),
               "slim": (1.05, 0.8), "child": (0.65, 0.9)}


@dataclass(frozen=True, slots=True)
class Reference:
    """One character's image (``rgb`` HxWx3 uint8) and the digest that enters cache keys."""

    character: str
    rgb: np.ndarray
    digest: str
    source: str  # the file, or "mannequin"


def _hex_rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    try:
        return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
    except (ValueError, IndexError):
        return 128, 128, 128


def mannequin_still(entry: BibleEntry, size: int = 256) -> np.ndarray:
    """A front-on mannequin (head, torso, legs) in the entry's colour, on white.

    Args:
        entry: the character.
        size: edge of the square image in pixels.

    Returns:
        uint8 array ``size x size x 3``.
    """
    h_scale, w_scale = _SILHOUETTE.get(entry.silhouette, (1.0, 1.0))
    img = np.full((size, size, 3), 255, np.uint8)
    yy, xx = np.mgrid[0:size, 0:size] / size
    cx, top = 0.5, 0.5 - 0.42 * h_scale
    head_r = 0.07 * h_scale
    head = (xx - cx) ** 2 + (yy - (top + head_r)) ** 2 <= head_r**2
    torso = (abs(xx - cx) <= 0.12 * w_scale) & (yy >= top + 2 * head_r) & (yy <= top + 0.5 * h_scale)
    legs = (abs(abs(xx - cx) - 0.055 * w_scale) <= 0.045 * w_scale) & (yy > top + 0.5 * h_scale) \
        & (yy <= top + 0.84 * h_scale)
    img[head | torso | legs] = _hex_rgb(entry.color)
    return img


def _load_file(entry: BibleEntry, base: Path | None) -> tuple[np.ndarray, str, str]:
    path = Path(entry.reference_image).expanduser()
    if not path.is_absolute() and base is not None:
        path = base / path
    try:
        st = path.stat()
    except FileNotFoundError:
        raise PrevisError(f"reference image for {entry.name} not found; fix the character's reference_image "
                          "or remove it to use the mannequin", path) from None
    except OSError as exc:
        raise PrevisError(f"reference image for {entry.name}: {exc.strerror or exc}", path) from None
    if not stat.S_ISREG(st.st_mode):
        raise PrevisError(f"reference image for {entry.name} is not a regular file", path)
    if st.st_size > MAX_REFERENCE_BYTES:
        raise PrevisError(f"reference image for {entry.name} is over {MAX_REFERENCE_BYTES // 2**20} MiB", path)
    # Decoded once per run: every shot of the character asks again (for its cache key too).
    return _decode(str(path), st.st_size, st.st_mtime_ns, entry.name)


@functools.lru_cache(maxsize=16)
def _decode(path: str, size: int, mtime_ns: int, name: str) -> tuple[np.ndarray, str, str]:
    from PIL import Image, UnidentifiedImageError

    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_REFERENCE_BYTES + 1)
        with Image.open(path) as im:  # reads the header only
            width, height = im.size
            if width * height > MAX_REFERENCE_PIXELS:
                raise PrevisError(f"reference image for {name} is {width}x{height}; the limit is "
                                  f"{MAX_REFERENCE_PIXELS // 10**6} megapixels: scale it down", path)
            rgb = np.asarray(im.convert("RGB"))
    except Image.DecompressionBombError:  # PIL's own header check, at 3.6x our limit
        raise PrevisError(f"reference image for {name} is far over the limit of "
                          f"{MAX_REFERENCE_PIXELS // 10**6} megapixels: scale it down", path) from None
    except (OSError, UnidentifiedImageError) as exc:
        raise PrevisError(f"reference image for {name} is not a readable image ({exc.__class__.__name__})",
                          path) from None
    rgb.setflags(write=False)  # shared by every shot of the run
    return rgb, hashlib.sha256(data).hexdigest()[:16], path


def shot_references(timed: TimedShot, base: Path | None = None, mannequins: bool = False) -> tuple[Reference, ...]:
    """The reference images for the characters in frame (``timed.shot.subjects`` order).

    Args:
        timed: the shot; its ``cast`` carries the bible entries.
        base: folder that relative ``reference_image`` paths are relative to (the script's folder).
        mannequins: a mannequin still for each character without a reference image (else none).

    Returns:
        Up to :data:`MAX_REFERENCES` references; none for an empty frame.

    Raises:
        PrevisError: a user-supplied reference file is missing or unreadable.
    """
    by_id = {e.id: e for e in timed.cast}
    refs = []
    for subject in timed.shot.subjects:
        entry = by_id.get(subject)
        if entry is None:
            continue
        if entry.reference_image:
            rgb, digest, source = _load_file(entry, base)
        elif not mannequins:
            continue
        else:
            rgb = mannequin_still(entry)
            digest = hashlib.sha256(f"mannequin:{entry.color}:{entry.silhouette}".encode()).hexdigest()[:16]
            source = "mannequin"
        refs.append(Reference(entry.id, rgb, digest, source))
        if len(refs) == MAX_REFERENCES:
            break
    return tuple(refs)


def reference_fields(timed: TimedShot, base: Path | None = None, mannequins: bool = False) -> dict[str, str]:
    """``{character id: digest}`` for the shot's references: the part of its cache key they decide."""
    return {r.character: r.digest for r in shot_references(timed, base, mannequins)}
