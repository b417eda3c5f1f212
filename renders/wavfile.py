"""Writing WAV files atomically: a temp file in the same folder, synced, ``os.replace`` on success.

The one place the voice clips and the dialogue mix are written, so a crash or
Ctrl-C never leaves a half-written WAV under a name the cache trusts.
"""
from __future__ import annotations

import contextlib
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
