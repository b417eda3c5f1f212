"""The cut: rendered shots in order plus the dialogue mixdown -> one MP4 with sound.

Shots come out of one encoder path (renders/encode.py) with identical codec
settings, so the concat demuxer joins them with a stream copy: no re-encode,
frame-exact (total frames = sum of shot frames), fast. The dialogue WAV is
exactly as long as the picture (renders/mixdown.py) and is encoded to AAC.
The command line is built with ffmpeg-python; the binary comes from
renders/ffmpeg.py. When the plan has fades or dissolves, the joined picture is
re-drawn first (renders/transitions.py: only the shots at a transition, with
the shots' own encoder settings, so the stream copy still joins them): same
frames, same length, same sound.
"""
from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Sequence

from screenplay.errors import PrevisError
from shots.progress import ProgressFn, check_cancel, report
from renders.ffmpeg import ffmpeg_exe
from renders.model import RenderedShot
from renders.transitions import needs_rendering, redraw_touched, remove_scratch, render_transitions


def _concat_list(paths: Sequence[str], list_dir: Path) -> str:
    # The concat demuxer's own quoting: single quotes, with ' written as '\''. It reads
    # one line per entry, so paths are relative to the list's folder (the demuxer's
    # rule): a line break in the folders above the project never reaches the list.
    names = [os.path.relpath(Path(p).resolve(), list_dir.resolve()) for p in paths]
    for name in names:
        if "\n" in name or "\r" in name:
            raise PrevisError("a line break in this path; ffmpeg's concat list cannot name it", name)
    return "".join("file '" + name.replace("'", "'\\''") + "'\n" for name in names)


def cut(rendered: Sequence[RenderedShot], dialogue_wav: Path | None, out_path: Path, *,
        transitions: Sequence[tuple[str, str]] = (), progress: ProgressFn | None = None,
        cancel: threading.Event | None = None) -> Path:
    """Join ``rendered`` in order, lay ``dialogue_wav`` under it, write an H.264 + AAC MP4.

    Args:
        rendered: the shots, in cut order; all at the same size and fps.
        dialogue_wav: the mixdown (same length as the picture), or None for silence.
        out_path: the MP4 to write; written to a temp name beside it first, then moved.
        transitions: each shot's ``(transition_in, transition_out)`` (``Shot`` fields); fades
            and dissolves are drawn in, cuts of every kind stay cuts. Empty: all cuts.

    Returns:
        ``out_path``.

    Raises:
        PrevisError: no shots, or ffmpeg failed (its last words are in the message).
    """
    import ffmpeg  # ffmpeg-python: only builds the command line

    if not rendered:
        raise PrevisError("nothing to cut: no shots were rendered")
    check_cancel(cancel)
    report(progress, "cut", "", 0, 1, f"joining {len(rendered)} shots")
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    list_file = out_path.with_name("." + out_path.stem + ".concat.txt")
    part = out_path.with_name("." + out_path.stem + ".part.mp4")
    drawn = out_path.with_name("." + out_path.stem + ".transitions.mp4")
    scratch = out_path.with_name("." + out_path.stem + ".transitions")
    try:
        list_file.write_text(_concat_list([r.path for r in rendered], list_file.parent), "utf-8")
    except OSError as exc:  # a full disk: say which file, in one line
        list_file.unlink(missing_ok=True)
        raise PrevisError(f"cannot write the cut's list of shots: {exc.strerror or exc}", list_file) from None
    try:
        if transitions and needs_rendering(transitions):
            report(progress, "cut", "", 0, 1, "drawing fades and dissolves")
            paths = redraw_touched(rendered, transitions, scratch, cancel)
            if paths is None:  # the shots' encoder could not be matched: redraw the whole picture
                render_transitions(rendered, transitions, list_file, drawn, cancel)
                paths = [str(drawn)]
            list_file.write_text(_concat_list(paths, list_file.parent), "utf-8")
        video = ffmpeg.input(str(list_file), format="concat", safe=0)
        streams = [video["v"]]
        if dialogue_wav is not None:
            streams.append(ffmpeg.input(str(dialogue_wav))["a"])
        out = ffmpeg.output(
            *streams, str(part), vcodec="copy", acodec="aac", audio_bitrate="128k", ac=1,
            movflags="+faststart", format="mp4",
        ).global_args("-hide_banner", "-loglevel", "error", "-nostdin")
        try:
            ffmpeg.run(out, cmd=ffmpeg_exe(), capture_stdout=True, capture_stderr=True, overwrite_output=True)
        except ffmpeg.Error as exc:
            last = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise PrevisError(f"ffmpeg could not cut the animatic: {last[0]}", out_path) from None
        check_cancel(cancel)
        os.replace(part, out_path)
    finally:
        for p in (list_file, part, drawn):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        remove_scratch(scratch)
    report(progress, "cut", "", 1, 1, "done")
    return out_path
