"""Fades and dissolves in the animatic: the picture re-drawn where two shots meet.

Why only the shots at a transition are re-encoded: the shots are joined by a
stream copy (renders/cut.py), which cannot change a pixel but costs nothing, and
a feature has a transition every few dozen shots. A redrawn shot can join the
copy only if its H.264 parameter sets (the MP4's ``avcC``) are byte-identical
to the other shots' (the greybox and diffusion renderers use different x264
presets, whose parameter sets differ). So the x264 preset that reproduces the
shots' parameter sets is found with a one-frame probe, each touched shot is
redrawn with it (:func:`redraw_touched`), and the parameter sets are compared
again. If no preset matches, the whole joined picture is decoded once and
re-encoded by one encoder instead (:func:`render_transitions`), slower but
always joinable.

Timing never moves. A fade darkens the shot's own first (``fade_in``) or last
(``fade_out``) frames to black; ``dip_to_black`` (``FADE TO:``) does both on
either side of the cut. A dissolve does not overlap the shots (that would
shorten the cut and slide the dialogue): for ``k`` frames either side of the
cut, the outgoing shot blends towards the incoming shot's first frame, then
the incoming shot blends in from the outgoing shot's last frame. The frame
count, the length and the sound stay exactly those of the plain cut.
"""
from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from screenplay.errors import PrevisError
from renders.encode import FrameEncoder
from renders.ffmpeg import ffmpeg_exe
from renders.model import RenderedShot
from shots.progress import check_cancel

RENDERED = ("fade_in", "fade_out", "dip_to_black", "dissolve")
PRESET = "ultrafast"  # the whole-picture fallback: speed over bytes, as the greybox does
# Presets tried, in this order, to reproduce the shots' own parameter sets (greybox, then diffusion).
PROBE_PRESETS = ("ultrafast", "veryfast", "superfast", "faster", "fast", "medium")
FADE_SECONDS = 1.0
DISSOLVE_SECONDS = 1.0


def needs_rendering(transitions: Sequence[tuple[str, str]]) -> bool:
    """True when any ``(transition_in, transition_out)`` pair changes pixels."""
    return any(t in RENDERED for pair in transitions for t in pair)


def transition_frames(frames: Sequence[int], transitions: Sequence[tuple[str, str]], fps: int) -> list[tuple[int, int]]:
    """How many of each shot's first and last frames :func:`frame_weights` changes (a fade's
    length; a dissolve's frames on that side of the cut). The exports use it too,
    so an editor's timeline shows the transitions the animatic has."""
    w = frame_weights(frames, transitions, fps)
    starts = np.cumsum([0] + list(frames)).tolist()
    out = []
    for i, n in enumerate(frames):
        s = starts[i]
        head = next((k for k in range(n) if s + k not in w), n)
        tail = next((k for k in range(n) if s + n - 1 - k not in w), n)
        out.append((head, tail))
    return out


def frame_weights(frames: Sequence[int], transitions: Sequence[tuple[str, str]], fps: int) -> dict[int, tuple]:
    """What happens to each changed frame of the cut, by its index in the whole cut.

    Args:
        frames: each shot's frame count, in cut order.
        transitions: each shot's ``(transition_in, transition_out)``.
        fps: frames per second (sets the fade and dissolve lengths).

    Returns:
        ``{frame: ("black", f)}`` (keep ``f`` of the picture, the rest black), or
        ``{frame: ("blend", other_frame, t)}`` (mix in ``t`` of ``other_frame``).
    """
    out: dict[int, tuple] = {}
    starts = np.cumsum([0] + list(frames)).tolist()
    fade = max(1, round(FADE_SECONDS * fps))
    half = max(1, round(DISSOLVE_SECONDS * fps / 2))
    for i, (t_in, t_out) in enumerate(transitions):
        n, s = frames[i], starts[i]
        fades_in = t_in == "fade_in" or (i > 0 and transitions[i - 1][1] == "dip_to_black")
        fades_out = t_out in ("fade_out", "dip_to_black") or (t_out == "dissolve" and i == len(frames) - 1)
        cap = n // 2 if fades_in and fades_out else n  # a short shot fades in and out by halves
        if fades_in:
            length = max(1, min(fade if t_in == "fade_in" else fade // 2, cap))
            for k in range(length):
                out[s + k] = ("black", k / length)
        if fades_out:
            length = max(1, min(fade if t_out != "dip_to_black" else fade // 2, cap))
            for k in range(length):
                out[s + n - 1 - k] = ("black", k / length)
        elif t_out == "dissolve":
            m = frames[i + 1]
            k = min(half, n // 2, m // 2)
            if k < 1:
                continue
            cut = s + n  # the first frame of the next shot
            for j in range(k):  # the outgoing shot's last k frames, towards the next shot's first frame
                out[cut - k + j] = ("blend", cut, (j + 0.5) / (2 * k))
            for j in range(k):  # the incoming shot's first k frames, from the outgoing shot's last frame
                out[cut + j] = ("blend", cut - 1, 1 - (k + j + 0.5) / (2 * k))
    return out


def _decode(rendered: Sequence[RenderedShot], width: int, height: int, list_file: Path | None,
            one: str | None = None, limit: int = 0) -> Iterator[bytes]:
    """The joined shots (a concat list), or the one file ``one``, as raw yuv420p frames
    (only the first ``limit`` when it is set)."""
    size = width * height * 3 // 2
    source = ["-i", one] if one is not None else ["-f", "concat", "-safe", "0", "-i", str(list_file)]
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", *source,
           *(["-frames:v", str(limit)] if limit else []), "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        while True:
            data = proc.stdout.read(size)  # type: ignore[union-attr]
            if len(data) < size:
                break
            yield data
    finally:
        proc.stdout.close()  # type: ignore[union-attr]
        err = proc.stderr.read().decode("utf-8", "replace").strip()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
        if proc.wait() != 0:
            raise PrevisError(f"ffmpeg could not decode the shots for the transitions: {err.splitlines()[-1:]}")


def _black(frame: np.ndarray, keep: float, luma: int) -> np.ndarray:
    """``frame`` (flat yuv420p) faded to ``keep`` of itself over limited-range black (Y 16, UV 128)."""
    out = frame.astype(np.float32)
    out[:luma] = 16 + (out[:luma] - 16) * keep
    out[luma:] = 128 + (out[luma:] - 128) * keep
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def _blend(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    return np.clip(np.rint(a.astype(np.float32) * (1 - t) + b.astype(np.float32) * t), 0, 255).astype(np.uint8)


def _redrawn(frame: np.ndarray, what: tuple | None, luma: int, others: dict[int, np.ndarray]) -> memoryview:
    """One frame as :func:`frame_weights` says (``what``), as bytes for the encoder."""
    if what is not None and what[0] == "black":
        frame = _black(frame, what[1], luma)
    elif what is not None:
        frame = _blend(frame, others[what[1]], what[2])
    return memoryview(np.ascontiguousarray(frame)).cast("B")


def render_transitions(rendered: Sequence[RenderedShot], transitions: Sequence[tuple[str, str]],
                       list_file: Path, out_path: Path, cancel: threading.Event | None = None) -> Path:
    """Write the joined shots with their fades and dissolves drawn in, as one H.264 MP4 (no sound).

    Args:
        rendered: the shots in cut order (same size and fps).
        transitions: each shot's ``(transition_in, transition_out)``.
        list_file: a concat-demuxer list of the shots' files.
        out_path: the MP4 to write.

    Returns:
        ``out_path``; it has exactly ``sum(frames)`` frames.

    Raises:
        PrevisError: ffmpeg failed, or the shots decoded to fewer frames than they claim.
    """
    first = rendered[0]
    width, height, fps = first.width, first.height, first.fps
    frames = [r.frames for r in rendered]
    plan = frame_weights(frames, transitions, fps)
    wanted = {f[1] for f in plan.values() if f[0] == "blend"}  # frames other frames blend with
    luma = width * height
    total = sum(frames)
    held: list[tuple[int, np.ndarray]] = []  # frames waiting for a later frame they blend with
    kept: dict[int, np.ndarray] = {}
    written = 0
    with FrameEncoder(out_path, width, height, fps, preset=PRESET, pix_in="yuv420p") as enc:
        def emit(index: int, frame: np.ndarray) -> None:
            nonlocal written
            enc.write_bytes(_redrawn(frame, plan.get(index), luma, kept))
            written += 1

        for index, data in enumerate(_decode(rendered, width, height, list_file)):
            if index % 64 == 0:
                check_cancel(cancel)
            frame = np.frombuffer(data, np.uint8)
            if index in wanted:
                kept[index] = frame
            what = plan.get(index)
            if what is not None and what[0] == "blend" and what[1] > index:
                held.append((index, frame))
                continue
            if held and index in kept:
                for i, f in held:
                    emit(i, f)
                held.clear()
            emit(index, frame)
            for old in [k for k in kept if k < index - 2 * fps]:
                del kept[old]
        for i, f in held:  # a dissolve whose next frame never came: leave the frames as they are
            enc.write_bytes(memoryview(f).cast("B"))
            written += 1
    if written != total:
        raise PrevisError(f"the shots decoded to {written} frames, not the {total} they were rendered with")
    return out_path


def _parameter_sets(path: str | Path) -> bytes | None:
    """The H.264 parameter sets (``avcC``) of an MP4, or None if it cannot be read."""
    import av

    try:
        with av.open(str(path)) as container:
            return bytes(container.streams.video[0].codec_context.extradata or b"") or None
    except (av.FFmpegError, IndexError, OSError):
        return None


def _edge_frame(shot: RenderedShot, first: bool) -> np.ndarray:
    """A shot's first (or last) frame, flat yuv420p: what a dissolve blends with across the cut."""
    last = None
    for data in _decode((shot,), shot.width, shot.height, None, shot.path, limit=1 if first else 0):
        last = data
    if last is None:
        raise PrevisError(f"shot {shot.shot_id} has no frames to dissolve with", shot.path)
    return np.frombuffer(last, np.uint8)


def _matching_preset(shot: RenderedShot, scratch: Path) -> str | None:
    """The x264 preset whose parameter sets equal ``shot``'s (a one-frame probe each), or None."""
    want = _parameter_sets(shot.path)
    if want is None:
        return None
    black = bytes([16]) * (shot.width * shot.height) + bytes([128]) * (shot.width * shot.height // 2)
    for preset in PROBE_PRESETS:
        probe = scratch / f"probe-{preset}.mp4"
        with FrameEncoder(probe, shot.width, shot.height, shot.fps, preset=preset, pix_in="yuv420p") as enc:
            enc.write_bytes(black)
        if _parameter_sets(probe) == want:
            return preset
    return None


def redraw_touched(rendered: Sequence[RenderedShot], transitions: Sequence[tuple[str, str]], scratch: Path,
                   cancel: threading.Event | None = None) -> list[str] | None:
    """Re-encode only the shots a fade or dissolve touches; the others stay as they are.

    Args:
        rendered: the shots in cut order.
        transitions: each shot's ``(transition_in, transition_out)``.
        scratch: an empty folder for the redrawn shots (the caller removes it).

    Returns:
        The files to join, in order (redrawn shots in ``scratch``, the others untouched),
        or None when a redrawn shot could not share the others' parameter sets (then the
        caller re-encodes the whole picture with :func:`render_transitions`).
    """
    first = rendered[0]
    fps = first.fps
    frames = [r.frames for r in rendered]
    plan = frame_weights(frames, transitions, fps)
    starts = np.cumsum([0] + frames).tolist()
    touched = sorted({next(i for i in range(len(frames)) if starts[i] <= g < starts[i + 1]) for g in plan})
    reference = _parameter_sets(first.path)
    if reference is None or any(_parameter_sets(rendered[i].path) != reference for i in touched):
        return None
    scratch.mkdir(parents=True, exist_ok=True)
    preset = _matching_preset(first, scratch)
    if preset is None:
        return None
    luma = first.width * first.height
    paths = [r.path for r in rendered]
    for i in touched:
        check_cancel(cancel)
        s, n = starts[i], frames[i]
        others = {}  # neighbour frames this shot blends with: the next shot's first, the last one's last
        for what in (plan[g] for g in range(s, s + n) if g in plan):
            if what[0] == "blend" and not s <= what[1] < s + n and what[1] not in others:
                after = what[1] >= s + n
                others[what[1]] = _edge_frame(rendered[i + 1 if after else i - 1], first=after)
        out = scratch / f"{i:05d}.mp4"
        written = 0
        with FrameEncoder(out, first.width, first.height, fps, preset=preset, pix_in="yuv420p") as enc:
            for k, data in enumerate(_decode(rendered, first.width, first.height, None, rendered[i].path)):
                enc.write_bytes(_redrawn(np.frombuffer(data, np.uint8), plan.get(s + k), luma, others))
                written += 1
        if written != n or _parameter_sets(out) != reference:
            return None
        paths[i] = str(out)
    return paths


def remove_scratch(scratch: Path) -> None:
    """Delete the redrawn shots' folder."""
    shutil.rmtree(scratch, ignore_errors=True)
