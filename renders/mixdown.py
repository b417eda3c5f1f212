"""The dialogue mixdown: every voice clip placed on its frame, one WAV as long as the cut.

Why numpy and the ``wave`` module rather than pydub: the mix must be exactly
``total_frames / fps`` long, sample for sample, and a feature-length mix
(two hours at 48 kHz) does not fit comfortably in memory as one array. So the
mix is written in blocks: each block sums only the clips that overlap it,
resampling just the part of each clip that falls in the block; a clip is read
when the block it starts in is reached and dropped once passed. Memory stays at one block plus the clips
sounding at that moment, whatever the script's length.

Placement: a cue starts at ``(shot.start + cue.offset) * sample_rate / fps``
samples and is cut at its shot's end (timing makes speech fit; only an
editor's shorter conform cuts it). Overlapping clips add; the sum is clipped
to 16 bits. Output: mono 16-bit PCM, written atomically (temp file, then
``os.replace``).
"""
from __future__ import annotations

import os
import threading
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from screenplay.errors import PrevisError
from shots.progress import ProgressFn, check_cancel, report
from renders.model import TimedShot
from renders.wavfile import atomic_wav_writer

BLOCK_SECONDS = 10


@dataclass(frozen=True, slots=True)
class _Placed:
    wav: str
    start: int  # first sample in the mix
    stop: int  # the shot's end: nothing of this clip sounds at or after it


def read_wav(path: str | os.PathLike[str]) -> tuple[np.ndarray, int]:
    """A WAV file as float32 mono in [-1, 1] and its sample rate (channels are averaged).

    Raises:
        PrevisError: the file is missing or not 8/16/32-bit PCM.
    """
    try:
        with wave.open(str(path), "rb") as w:
            sr, ch, width, n = w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes()
            raw = w.readframes(n)
    except (OSError, EOFError, wave.Error) as e:
        raise PrevisError(f"cannot read voice clip: {e}", path) from e
    if width == 2:
        a = np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0
    elif width == 1:
        a = (np.frombuffer(raw, np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 4:
        a = np.frombuffer(raw, "<i4").astype(np.float32) / 2147483648.0
    else:
        raise PrevisError(f"unsupported WAV sample width {width * 8} bits", path)
    if ch > 1:
        a = a[: len(a) // ch * ch].reshape(-1, ch).mean(axis=1)
    return a, sr


def resample(audio: np.ndarray, src_rate: int, dst_rate: int, start: int = 0, stop: int | None = None) -> np.ndarray:
    """Linear-interpolation resampling (ample for scratch speech).

    The whole result has ``round(len(audio) * dst_rate / src_rate)`` samples; ``start``/``stop``
    ask for just that slice of it, computed alone (so a long clip is never resampled whole).
    """
    n_out = round(len(audio) * dst_rate / src_rate)
    stop = n_out if stop is None else min(stop, n_out)
    if src_rate == dst_rate:
        return audio[start:stop]
    if len(audio) == 0 or stop <= start:
        return np.zeros(0, np.float32)
    positions = np.arange(start, stop, dtype=np.float64) * (src_rate / dst_rate)
    left = np.minimum(positions.astype(np.int64), len(audio) - 1)
    right = np.minimum(left + 1, len(audio) - 1)
    frac = (positions - left).astype(np.float32)
    return audio[left] * (1 - frac) + audio[right] * frac


def total_samples(frames: int, fps: int, sample_rate: int) -> int:
    """Samples in ``frames`` frames; exact whenever ``sample_rate`` is a multiple of ``fps``."""
    return round(frames * sample_rate / fps)


def mix_dialogue(timed: Sequence[TimedShot], fps: int, out_wav: Path, sample_rate: int = 48000, *,
                 progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> Path:
    """Write the dialogue track of a cut.

    Args:
        timed: the timed shots in cut order, ``start`` cumulative (as :func:`renders.timing.time_shots`
            makes them); the mix is ``sum(frames)`` long.
        fps: frames per second.
        out_wav: where to write (mono, 16-bit, ``sample_rate``); written atomically.
        sample_rate: the mix rate.
        progress: optional ``Progress`` callback (stage ``"mix"``).
        cancel: optional event; set, the mix stops with ``Cancelled`` and writes nothing.
    Returns:
        ``out_wav``.
    Raises:
        ValueError: ``fps``/``sample_rate`` not positive, or a shot that ends after the cut does.
        PrevisError: a clip cannot be read.
    """
    if fps <= 0 or sample_rate <= 0:
        raise ValueError(f"fps and sample_rate must be positive, not {fps} and {sample_rate}")
    total_frames = sum(t.frames for t in timed)
    for t in timed:
        if t.start < 0 or t.start + t.frames > total_frames:
            raise ValueError(f"shot {t.shot.id} spans frames {t.start}-{t.start + t.frames}, outside the "
                             f"{total_frames}-frame cut: give shots cumulative starts (time_shots does)")
    n_total = total_samples(total_frames, fps, sample_rate)
    placed = sorted(
        (_Placed(c.clip.wav, total_samples(t.start + c.offset, fps, sample_rate),
                 min(n_total, total_samples(t.start + t.frames, fps, sample_rate)))
         for t in timed for c in t.cues),
        key=lambda p: p.start)

    out_wav = Path(out_wav)
    with atomic_wav_writer(out_wav, sample_rate) as w:
        _write_blocks(w, placed, n_total, sample_rate, progress, cancel)
    return out_wav


def _write_blocks(w: wave.Wave_write, placed: list[_Placed], n_total: int, sample_rate: int,
                  progress: ProgressFn | None, cancel: threading.Event | None) -> None:
    """Sum the clips block by block and append each block to ``w``."""
    block = BLOCK_SECONDS * sample_rate
    loaded: dict[str, tuple[np.ndarray, int, int]] = {}  # path -> (source audio, its rate, length at our rate)
    active: list[_Placed] = []
    nxt = 0
    for b0 in range(0, n_total, block):
        check_cancel(cancel)
        b1 = min(n_total, b0 + block)
        while nxt < len(placed) and placed[nxt].start < b1:
            p = placed[nxt]
            nxt += 1
            if p.start >= p.stop:
                continue
            if p.wav not in loaded:
                audio, sr = read_wav(p.wav)
                loaded[p.wav] = (audio, sr, round(len(audio) * sample_rate / sr))
            active.append(p)
        buf = np.zeros(b1 - b0, np.float32)
        still = []
        for p in active:
            audio, sr, length = loaded[p.wav]
            end = min(p.stop, p.start + length)
            lo, hi = max(b0, p.start), min(b1, end)
            if hi > lo:
                buf[lo - b0: hi - b0] += resample(audio, sr, sample_rate, lo - p.start, hi - p.start)
            if end > b1:
                still.append(p)
        active = still
        keep = {p.wav for p in active} | {p.wav for p in placed[nxt: nxt + 64]}
        for path in [k for k in loaded if k not in keep]:
            del loaded[path]
        pcm = np.clip(np.round(buf * 32768.0), -32768, 32767).astype("<i2")
        w.writeframes(pcm.tobytes())
        report(progress, "mix", "", b1, n_total, "dialogue mix")
