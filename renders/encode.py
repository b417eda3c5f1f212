"""Stream raw frames into an H.264 MP4 through one ffmpeg subprocess.

Every renderer (greybox, diffusion) hands frames here one at a time, so a shot
is never held whole in memory and the encoder runs in parallel with drawing.
Frames go in on stdin as raw RGB, never through a filter string, so nothing a
screenplay contains can reach ffmpeg's command line.

The output is deterministic (same frames, same bytes): x264 is deterministic
by default even with threads, and the muxer is told to be ``bitexact`` and to
drop metadata (no creation time, no encoder version tag). That is what lets the
render cache compare files and the tests assert "same shot, same bytes".
"""
from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from screenplay.errors import PrevisError
from renders.ffmpeg import ffmpeg_exe

_CHANNELS = {"rgb24": 3, "gray": 1, "yuv420p": 1}


def _frame_bytes(pix_in: str, width: int, height: int) -> int:
    if pix_in == "yuv420p":
        return width * height * 3 // 2
    return width * height * _CHANNELS[pix_in]


def _widen_pipe(pipe: Any, size: int) -> None:
    """Let the pipe hold a whole frame or two (Linux), so a write is one copy rather than
    several round trips through a 64 KiB buffer, each a context switch on a busy core."""
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), min(size, 1 << 20))
    except (ImportError, OSError, ValueError):
        pass  # not Linux, or above the system's pipe-max-size: the default still works


class FrameEncoder:
    """Write frames to an H.264 (yuv420p, +faststart, no audio) MP4 at ``path``.

    Use as a context manager; leaving the block by an exception (including
    :class:`shots.progress.Cancelled`) deletes the partial file::

        with FrameEncoder(out, 640, 360, 24) as enc:
            for frame in frames:
                enc.write(frame)

    Args:
        path: the MP4 to write (any name; the container is forced to MP4, so a
            caller's ``shot.mp4.tmp`` works). Parent folders are created.
        width: frame width in pixels (even: yuv420p needs it).
        height: frame height in pixels (even).
        fps: frames per second (integer).
        crf: x264 constant rate factor (lower = better, bigger).
        preset: x264 speed preset.
        pix_in: ``"rgb24"`` (frames HxWx3), ``"gray"`` (frames HxW or HxWx1),
            e.g. for depth control videos, or ``"yuv420p"`` (planar BT.601
            limited-range Y, U, V: frames of ``W*H*3/2`` bytes, via
            :meth:`write_bytes`), which skips ffmpeg's colour conversion.
        threads: x264 threads; 0 lets ffmpeg choose.

    Raises:
        PrevisError: bad size/fps, no ffmpeg, or ffmpeg failing (with its last words).
    """

    def __init__(self, path: str | os.PathLike[str], width: int, height: int, fps: int, *,
                 crf: int = 23, preset: str = "veryfast", pix_in: str = "rgb24", threads: int = 0):
        if width <= 0 or height <= 0 or width % 2 or height % 2:
            raise PrevisError(f"video size {width}x{height} must be positive and even (H.264 yuv420p)")
        if int(fps) != fps or fps <= 0:
            raise PrevisError(f"fps {fps!r} must be a positive integer")
        if pix_in not in _CHANNELS:
            raise PrevisError(f"pix_in {pix_in!r} must be one of {', '.join(_CHANNELS)}")
        self.path = Path(path)
        self.width = int(width)
        self.height = int(height)
        self.fps = int(fps)
        self.pix_in = pix_in
        self.frames_written = 0
        self._shape = (self.height, self.width, _CHANNELS[pix_in])
        self._frame_bytes = _frame_bytes(pix_in, self.width, self.height)
        self._closed = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        cmd = [
            ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", pix_in, "-s", f"{self.width}x{self.height}",
            "-r", str(self.fps), "-i", "pipe:0",
            "-an", "-c:v", "libx264", "-preset", str(preset), "-crf", str(int(crf)),
            "-pix_fmt", "yuv420p", "-threads", str(int(threads)),
            "-r", str(self.fps), "-map_metadata", "-1",
            "-fflags", "+bitexact", "-flags:v", "+bitexact",
            "-movflags", "+faststart", "-f", "mp4", str(self.path),
        ]
        # stderr to a real file, not a pipe: nobody reads it while frames flow, and a
        # full pipe would stall ffmpeg (and us with it).
        self._stderr = tempfile.TemporaryFile()
        try:
            self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                          stderr=self._stderr)
        except OSError as exc:
            self._stderr.close()
            raise PrevisError(f"could not start ffmpeg ({exc}); set PREVIS_FFMPEG to a working ffmpeg") from exc
        _widen_pipe(self._proc.stdin, 2 * self._frame_bytes)

    def __enter__(self) -> "FrameEncoder":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def write(self, frame: np.ndarray) -> None:
        """Append one frame.

        Args:
            frame: ``uint8`` array of shape ``(height, width, 3)`` (RGB), or
                ``(height, width)`` / ``(height, width, 1)`` when ``pix_in="gray"``,
                or any shape of ``W*H*3/2`` values when ``pix_in="yuv420p"``.

        Raises:
            PrevisError: wrong shape/dtype, the encoder is closed, or ffmpeg died.
        """
        if self.pix_in == "yuv420p":
            if frame.dtype != np.uint8 or frame.size != self._frame_bytes:
                raise PrevisError(f"a yuv420p frame must be {self._frame_bytes} uint8 values, got {frame.shape}")
        elif frame.dtype != np.uint8 or frame.size != self._frame_bytes or frame.shape[:2] != self._shape[:2]:
            raise PrevisError(
                f"frame of shape {frame.shape} {frame.dtype} does not fit a {self.pix_in} "
                f"{self.width}x{self.height} encoder (want uint8 {self._shape})"
            )
        data = frame if frame.flags.c_contiguous else np.ascontiguousarray(frame)
        self.write_bytes(memoryview(data).cast("B"))

    def write_bytes(self, data: bytes | bytearray | memoryview) -> None:
        """Append one frame given as raw bytes in the ``pix_in`` layout (no copy, no checks but the length).

        Raises:
            PrevisError: wrong length, the encoder is closed, or ffmpeg died.
        """
        if self._closed:
            raise PrevisError("FrameEncoder.write() after close()")
        if len(data) != self._frame_bytes:
            raise PrevisError(f"a {self.pix_in} {self.width}x{self.height} frame is {self._frame_bytes} bytes, got {len(data)}")
        try:
            self._proc.stdin.write(data)  # type: ignore[union-attr]
        except (BrokenPipeError, OSError) as exc:
            self._proc.wait()
            words = self._last_words()
            self.abort()
            raise PrevisError(f"ffmpeg stopped while encoding {self.path.name}: {words}") from exc
        self.frames_written += 1

    def close(self) -> Path:
        """Finish the file (flush, wait for ffmpeg).

        Returns:
            The path of the finished MP4.

        Raises:
            PrevisError: no frame was written, or ffmpeg failed; the partial file is deleted.
        """
        if self._closed:
            return self.path
        if self.frames_written == 0:
            self.abort()
            raise PrevisError(f"no frames were written to {self.path.name}")
        try:
            self._proc.stdin.close()  # type: ignore[union-attr]
        except OSError:
            pass
        rc = self._proc.wait()
        self._closed = True
        if rc != 0:
            words = self._last_words()
            self._stderr.close()
            self._remove()
            raise PrevisError(f"ffmpeg failed (exit {rc}) writing {self.path.name}: {words}")
        self._stderr.close()
        return self.path

    def abort(self) -> None:
        """Stop ffmpeg and delete the partial file. Safe to call more than once."""
        if not self._closed:
            self._closed = True
            try:
                self._proc.stdin.close()  # type: ignore[union-attr]
            except OSError:
                pass
            self._proc.kill()
            self._proc.wait()
            self._stderr.close()
        self._remove()

    def _remove(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass

    def _last_words(self) -> str:
        """ffmpeg's last stderr line, for the one-line error."""
        try:
            self._stderr.seek(0)
            text = self._stderr.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return "no message"
        return text.splitlines()[-1] if text else "no message"
