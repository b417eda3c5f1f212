"""Storyboard stills: the frames a storyboard panel shows, saved once, when the shot is rendered.

Why at render time: decoding every shot's video again to grab its panel frames
was nine tenths of a feature's storyboard export (a minute on big-fish). The
shot is decoded once right after it renders (while the file is hot and the
worker is busy anyway); the stills are small JPEGs that travel with the video
into the render cache under the same key (``shots/<key>.still-<frame>.jpg``,
see previs/stored_renders.py) and are reused exactly as the video is. The
storyboard embeds them as they are and grabs from the video only when a still
is missing (a render cached before stills existed).

A still is named after its video and the frame it shows, so it cannot be
mistaken for another shot's or another cut's frame: a new length or camera
move asks for other frames and finds none.
"""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Sequence

from screenplay.errors import PrevisError
from shots.vocabulary import Movement
from renders.model import TimedShot

GRAB_WIDTH = 480  # pixels kept per frame grab: sharp in print, small in the file
JPEG_QUALITY = 85
STILL_MARK = ".still-"  # <video stem>.still-<frame>.jpg

__all__ = ["GRAB_WIDTH", "frame_indices", "grab_frames", "jpeg_bytes", "still_path", "stills_beside",
           "save_stills", "StoredStills"]


def frame_indices(timed: TimedShot) -> tuple[int, ...]:
    """Which frames a panel shows: the middle one, or first and last for a camera move."""
    n = max(1, timed.frames)
    if timed.shot.movement is not Movement.STATIC and n > 1:
        return (0, n - 1)
    return (n // 2,)


def still_path(video: str | os.PathLike[str], index: int) -> Path:
    """Where the still of frame ``index`` of ``video`` lives: ``<stem>.still-<index>.jpg`` beside it."""
    v = Path(video)
    return v.with_name(f"{v.stem}{STILL_MARK}{index}.jpg")


def stills_beside(video: str | os.PathLike[str]) -> list[Path]:
    """Every still saved beside ``video`` (to move them with it)."""
    v = Path(video)
    return sorted(v.parent.glob(f"{v.stem}{STILL_MARK}*.jpg"))


class StoredStills:
    """Finds panels' stills on disk, listing each folder once (a feature asks for thousands of files)."""

    def __init__(self) -> None:
        self._folders: dict[str, frozenset[str]] = {}

    def find(self, timed: TimedShot, video: str | os.PathLike[str] | None) -> list[str] | None:
        """The panel's stills of ``video`` when all are on disk (the video itself may be gone), else None."""
        if not video:
            return None
        folder, name = os.path.split(os.fspath(video))
        names = self._folders.get(folder)
        if names is None:
            try:
                names = frozenset(n for n in os.listdir(folder or os.curdir) if STILL_MARK in n)
            except OSError:
                names = frozenset()
            self._folders[folder] = names
        stem = os.path.splitext(name)[0]
        wanted = [f"{stem}{STILL_MARK}{i}.jpg" for i in frame_indices(timed)]
        return [os.path.join(folder, w) for w in wanted] if all(w in names for w in wanted) else None


def grab_frames(video: str | os.PathLike[str], indices: Sequence[int], width: int = GRAB_WIDTH) -> list:
    """Decode the frames at (or just after) ``indices`` from a video as PIL images (``width`` px wide).

    An index past the end gives the last frame. Decodes sequentially and stops
    at the last wanted frame: shots are seconds long and have one keyframe, so
    seeking gains nothing. Frames no other frame refers to (x264's B-frames)
    are not decoded at all, which makes a grab about 2.5x faster; a panel then
    shows the first decoded frame at or after the one asked for, at most a few
    frames (an eighth of a second) later, which a storyboard panel cannot show.

    Raises:
        PrevisError: the file is missing or cannot be decoded.
    """
    import av

    wanted = sorted(set(indices))
    found: dict[int, object] = {}
    last = None
    try:
        with av.open(os.fspath(video)) as container:
            stream = container.streams.video[0]
            # one decoder thread: panels are decoded in parallel already, and frame threads cost
            # more to start than a few seconds of 640x360 take to decode
            stream.thread_count = 1
            stream.codec_context.skip_frame = "NONREF"
            rate = float(stream.average_rate or stream.guessed_rate or 24)
            pending = list(wanted)
            for n, frame in enumerate(container.decode(stream)):
                last = frame
                index = round(frame.time * rate) if frame.time is not None else n
                while pending and index >= pending[0]:
                    found[pending.pop(0)] = frame
                if not pending:
                    break
    except (OSError, av.error.FFmpegError) as exc:  # type: ignore[attr-defined]
        raise PrevisError(f"cannot decode frames: {exc}", video) from exc
    if last is None:
        raise PrevisError("the video has no frames", video)
    images = []
    for i in indices:
        frame = found.get(i) or last
        height = frame.height if frame.width <= width else max(1, round(frame.height * width / frame.width))
        images.append(frame.to_image(width=min(width, frame.width), height=height))
    return images


def jpeg_bytes(image) -> bytes:
    """A PIL image as the JPEG a storyboard embeds as it is (DCTDecode: no re-encoding in the PDF)."""
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=JPEG_QUALITY)
    return buf.getvalue()


def save_stills(timed: TimedShot, video: str | os.PathLike[str]) -> list[Path]:
    """Grab the panel frames of a freshly rendered ``video`` and save them beside it (one decode pass).

    Written straight to their final names: ``video`` is a scratch or staging
    file, and the stills move into the store with it.

    Returns:
        The still files, in :func:`frame_indices` order.

    Raises:
        PrevisError: the video cannot be decoded, or a still cannot be written.
    """
    indices = frame_indices(timed)
    paths = []
    for index, image in zip(indices, grab_frames(video, indices)):
        path = still_path(video, index)
        try:
            path.write_bytes(jpeg_bytes(image))
        except OSError as exc:
            raise PrevisError(f"cannot save a storyboard still: {exc.strerror or exc}", path) from None
        paths.append(path)
    return paths
