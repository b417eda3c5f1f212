"""Writing WAV files atomically: a temp file in the same folder, ``os.replace`` on success.

The one place the voice clips and the dialogue mix are written, so a crash or
Ctrl-C never leaves a half-written WAV under a name the cache trusts.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import wave
from pathlib import Path
from typing import Iterator

import numpy as np


@contextlib.contextmanager
def atomic_wav_writer(path: Path, sample_rate: int) -> Iterator[wave.Wave_write]:
    """A mono 16-bit PCM writer for ``path`` that writes a temp file in the same folder and
    ``os.replace``s it on success; on any error (or Ctrl-C) the temp file is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f, wave.open(f, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(sample_rate)
            yield w
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_wav_atomic(path: Path, samples: np.ndarray, sample_rate: int) -> None:
    """Write mono 16-bit PCM ``samples`` to ``path`` atomically."""
    with atomic_wav_writer(path, sample_rate) as w:
        w.writeframes(np.ascontiguousarray(samples, dtype="<i2").tobytes())
