"""Writing WAV files atomically, and checking a stored one is whole before it is reused.

The one place the voice clips and the dialogue mix are written (a temp file in
the same folder, synced, ``os.replace`` on success), so a crash or Ctrl-C never
leaves a half-written WAV under a name the cache trusts. Files written before
that rule, or cut short by a full disk or a copy, are caught on reuse by
:func:`wav_intact`, the WAV counterpart of ``previs.store.cached_video_intact``.
"""
from __future__ import annotations

import contextlib
import os
import struct
import wave
from pathlib import Path
from typing import Iterator

import numpy as np

from renders.export.atomic_file import atomic_file


@contextlib.contextmanager
def atomic_wav_writer(path: Path, sample_rate: int) -> Iterator[wave.Wave_write]:
    """A mono 16-bit PCM writer for ``path`` through :func:`renders.export.atomic_file.atomic_file`
    (temp file in the same folder, synced, ``os.replace`` on success); on any error (or Ctrl-C)
    the temp file is removed and ``path`` is untouched.

    Raises:
        PrevisError: the file cannot be written (a full disk: ``path: cannot write the audio: ...``).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path, what="the audio") as tmp, open(tmp, "wb") as f, wave.open(f, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        yield w


def write_wav_atomic(path: Path, samples: np.ndarray, sample_rate: int) -> None:
    """Write mono 16-bit PCM ``samples`` to ``path`` atomically."""
    with atomic_wav_writer(path, sample_rate) as w:
        w.writeframes(np.ascontiguousarray(samples, dtype="<i2").tobytes())


def wav_intact(path: str | os.PathLike[str], *, sample_rate: int | None = None, samples: int | None = None) -> bool:
    """Whether the WAV at ``path`` is whole: a RIFF/WAVE header, a PCM ``fmt`` chunk and a ``data``
    chunk the file holds all of, with ``sample_rate`` and ``samples`` (per channel) when given.

    Reads the chunk headers only (a few dozen bytes): it runs for every cached clip of every run.
    Never raises; a missing or unreadable file is not intact.
    """
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            riff = f.read(12)
            if len(riff) < 12 or riff[:4] != b"RIFF" or riff[8:12] != b"WAVE":
                return False
            block = rate = None
            while True:
                head = f.read(8)
                if len(head) < 8:
                    return False  # the file ends before its data chunk
                kind, length = head[:4], struct.unpack("<I", head[4:])[0]
                start = f.tell()
                if kind == b"fmt ":
                    fmt = f.read(16)
                    if len(fmt) < 16:
                        return False
                    audio_format, _channels, rate, _byte_rate, block, _bits = struct.unpack("<HHIIHH", fmt)
                    if audio_format != 1 or block == 0:
                        return False
                elif kind == b"data":
                    if block is None or start + length > size or length % block:
                        return False  # no format before the data, or data cut short
                    return ((sample_rate is None or rate == sample_rate)
                            and (samples is None or length // block == samples))
                f.seek(start + length + (length & 1))  # chunks are word-aligned
    except (OSError, struct.error):
        return False
