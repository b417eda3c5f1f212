"""Scratch voices: espeak-ng through ctypes, one dialogue block -> a mono WAV and word times.

Why espeak-ng: it is small, offline, deterministic and ships in a wheel
(``espeakng-loader``: the shared library plus its data), so every laptop gets
voices with no model weights. It is a *scratch* voice: its job is timing and
who-says-what, not performance.

The ctypes side lives in renders/espeak.py: one lock around the process-global
library, which is loaded afresh for every line so a clip depends only on its
own inputs. This module decides what to say and how, and writes the clip.

Delivery is decided from the script (documented in :data:`_DELIVERIES` and
:data:`_EXTENSION_FILTERS`):

- ``(whispering)``, ``(quietly)``, ``(softly)``... -> volume 45/100, 15% slower, flatter.
- ``(shouting)``, ``(yelling)``, ``(screaming)``... -> volume 190/100, 12% faster, higher.
- ``(beat)``, ``(pause)`` -> 0.75 s of silence before the line (``(long pause)`` 1.5 s).
- ``V.O.`` -> a radio-like band-pass (250-3800 Hz): the narrator is not in the room.
- ``O.S.``/``O.C.`` -> muffled (low-pass 1.2 kHz), a small room's reverb and -6 dB: behind a wall.
- ``FILTERED``/``PHONE``/``RADIO`` -> a narrow telephone band (400-3000 Hz).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from screenplay.errors import PrevisError
from shots.model import VoiceSpec
from renders.limits import MAX_SPOKEN_CHARS, clamp_text
from renders.model import VoiceClip
from renders import espeak
from renders.wavfile import write_wav_atomic

# Bump when anything below changes what a clip sounds like (delivery table, filters, text cleaning).
VOICE_VERSION = "3"
VARIANTS = tuple(f"m{i}" for i in range(1, 8)) + tuple(f"f{i}" for i in range(1, 6))

_RATE_MIN, _RATE_MAX = 80, 450  # espeak-ng's limits, words per minute


@dataclass(frozen=True, slots=True)
class Delivery:
    """How a line is spoken, resolved from its parenthetical: espeak volume (0-200, 100 normal),
    rate and pitch changes, pitch range (0-100), and silence before the line."""

    volume: int = 100
    rate_scale: float = 1.0
    pitch_shift: int = 0
    pitch_range: int = 50
    pause_before: float = 0.0


# Parenthetical words -> delivery changes. Several may apply ("beat, whispering"). Each word
# matches at the start of a word ("whisper" finds "whispering"; "loud" does not find "aloud").
_DELIVERIES: tuple[tuple[tuple[str, ...], dict], ...] = (
    (("whisper", "quiet", "softly", "under (?:his|her|their|my) breath", "murmur", "hushed", "sotto voce",
      "mutter", r"low\b", "barely audible"),
     dict(volume=45, rate_scale=0.85, pitch_shift=-4, pitch_range=25)),
    (("shout", "yell", "scream", "bellow", "roar", "loud", "calling out", "calls out"),
     dict(volume=190, rate_scale=1.12, pitch_shift=12, pitch_range=85)),
    (("slowly", "sadly", "tearful", "hesitant"), dict(rate_scale=0.85)),
    (("quickly", r"fast\b", "rapid", "hurried"), dict(rate_scale=1.2)),
    (("long pause", "long beat"), dict(pause_before=1.5)),
    ((r"beat\b", "pause", "silence", r"a moment\b"), dict(pause_before=0.75)),
)
_DELIVERY_PATTERNS = tuple((re.compile(r"\b(?:" + "|".join(words) + ")"), change) for words, change in _DELIVERIES)

# Extension (normalised: upper case, no dots or spaces) -> filter name.
_EXTENSION_FILTERS = {
    "VO": "radio", "V/O": "radio",
    "V0": "radio",  # a common typo: V.0.
    "OS": "offscreen", "OC": "offscreen", "OFF": "offscreen", "OFFSCREEN": "offscreen",
    "FILTERED": "phone", "PHONE": "phone", "ONPHONE": "phone", "INTOPHONE": "phone",
    "RADIO": "phone", "OVERRADIO": "phone", "TV": "phone", "ONTV": "phone",
}


def delivery_for(parenthetical: str | None) -> Delivery:
    """Resolve a parenthetical (with or without its brackets) into a :class:`Delivery`.

    Args:
        parenthetical: e.g. ``"(whispering)"``, ``"beat"``, or None.
    Returns:
        The delivery; the default one when nothing in the text is recognised.
    """
    if not parenthetical:
        return Delivery()
    text = parenthetical.lower().strip().strip("()").strip()
    changes: dict = {}
    for pattern, change in _DELIVERY_PATTERNS:
        if not pattern.search(text):
            continue
        for k, v in change.items():
            if k == "rate_scale":  # "(quickly, whispering)": both speed changes apply
                v = changes.get(k, 1.0) * v
            elif k == "pause_before":  # "(long pause)" also says "pause": the longer wins
                v = max(changes.get(k, 0.0), v)
            changes[k] = v
    if "rate_scale" in changes:
        changes["rate_scale"] = round(changes["rate_scale"], 4)
    return Delivery(**changes)


def filter_for(extension: str | None) -> str | None:
    """The filter an extension asks for (``"radio"``, ``"offscreen"``, ``"phone"``) or None.

    Compound extensions (``"V.O.; CONT'D"``, ``"V.O.) (CONT'D"``) use their first recognised part;
    ``CONT'D``, ``PRE-LAP`` and unknown ones change nothing.
    """
    if not extension:
        return None
    for part in re.split(r"[;,/()]| AND ", extension.upper()):
        key = re.sub(r"[.\s'’-]", "", part)
        if key in _EXTENSION_FILTERS:
            return _EXTENSION_FILTERS[key]
    key = re.sub(r"[.\s'’-]", "", extension.upper())
    return _EXTENSION_FILTERS.get(key)


_EMPHASIS = re.compile(r"\\?[*_]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def speakable_text(text: str) -> str:
    """The words espeak should say: Fountain emphasis (``*x*``, ``**x**``, ``_x_``) and its
    escapes (``\\*``, ``\\_``) removed, control characters dropped, whitespace collapsed.

    Escaped asterisks and underscores are dropped too: spoken, they would only say "asterisk".
    """
    text = _EMPHASIS.sub("", text)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def engine_version() -> str:
    """``"espeak-ng 1.52.0; previs-voice 3"``: the engine and our own processing, for cache keys."""
    return f"espeak-ng {espeak.library_version()}; previs-voice {VOICE_VERSION}"


# ---------------------------------------------------------------- sound effects (numpy only)

def _convolve(audio: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Full linear convolution by FFT overlap-add in fixed blocks: fast and flat in memory
    for a ten-minute monologue as for a one-word line."""
    n, k = len(audio), len(kernel)
    out = np.zeros(n + k - 1)
    size = 1 << max(15, math.ceil(math.log2(4 * k)))
    step = size - k + 1
    spec_k = np.fft.rfft(kernel, size)
    for i in range(0, n, step):
        seg = audio[i:i + step]
        y = np.fft.irfft(np.fft.rfft(seg, size) * spec_k, size)[: len(seg) + k - 1]
        out[i:i + len(y)] += y
    return out


def _lowpass_kernel(sr: int, cutoff: float, taps: int) -> np.ndarray:
    """Windowed-sinc (Blackman) low-pass FIR, unity gain at DC."""
    m = np.arange(taps) - (taps - 1) / 2
    h = np.sinc(2 * cutoff / sr * m) * np.blackman(taps)
    return h / h.sum()


def _band(audio: np.ndarray, sr: int, low: float, high: float, taps: int = 1023) -> np.ndarray:
    """Linear-phase band-pass (``low`` 0 for a low-pass), delay removed: the words stay on time.

    1023 Blackman taps at 22050 Hz give ~120 Hz transitions and ~70 dB of stop band.
    """
    if len(audio) == 0:
        return audio
    h = _lowpass_kernel(sr, high, taps)
    if low > 0:
        h = h - _lowpass_kernel(sr, low, taps)
    delay = (taps - 1) // 2
    return _convolve(audio, h)[delay: delay + len(audio)]


def _room(audio: np.ndarray, sr: int, seconds: float = 0.35, wet: float = 0.4) -> np.ndarray:
    """A small room: convolve with deterministic exponentially decaying noise; adds a tail."""
    n_ir = int(sr * seconds)
    rng = np.random.default_rng(1234)  # fixed: the same line always gives the same bytes
    ir = rng.standard_normal(n_ir) * np.exp(-6.9 * np.arange(n_ir) / n_ir)  # -60 dB at the end
    ir[: int(sr * 0.01)] = 0.0  # 10 ms pre-delay
    ir /= np.sqrt(np.sum(ir ** 2))
    out = _convolve(audio, ir)[: len(audio) + n_ir] * wet
    out[: len(audio)] += audio
    return out


def _apply_filter(audio: np.ndarray, sr: int, name: str | None) -> np.ndarray:
    if name is None or len(audio) == 0:
        return audio
    if name == "radio":
        return _band(audio, sr, 250, 3800) * 1.2
    if name == "phone":
        return _band(audio, sr, 400, 3000) * 1.4
    if name == "offscreen":
        return _room(_band(audio, sr, 0, 1200), sr) * 0.5  # -6 dB
    raise ValueError(f"unknown voice filter {name!r}")


# ---------------------------------------------------------------- the Voice backend

def _voice_name(voice: VoiceSpec) -> str:
    if voice.variant not in VARIANTS:
        raise PrevisError(f"unknown voice variant {voice.variant!r}; choose one of: {', '.join(VARIANTS)}")
    return f"{voice.name or 'en'}+{voice.variant}"


def voice_cache_fields(text: str, voice: VoiceSpec, parenthetical: str | None = None,
                       extension: str | None = None) -> dict:
    """Everything that determines a clip's audio, for the store's content key.

    Only what changes the sound goes in (the spoken text after cleaning, the
    resolved delivery and filter), so ``(continuing)`` and no parenthetical
    share a clip. ``fps`` is not in it: the WAV does not depend on it (see
    :func:`retime`).

    Args:
        text: the dialogue as written (emphasis markers allowed).
        voice: the character's voice.
        parenthetical: the parenthetical before the line, if any.
        extension: the character extension (``"V.O."``), if any.
    Returns:
        A JSON-ready dict.
    """
    d = delivery_for(parenthetical)
    return {
        "engine": engine_version(),
        "text": speakable_text(text),
        "voice": {"name": voice.name, "variant": voice.variant, "pitch": voice.pitch, "rate": voice.rate},
        "delivery": {"volume": d.volume, "rate_scale": d.rate_scale, "pitch_shift": d.pitch_shift,
                     "pitch_range": d.pitch_range, "pause_before": d.pause_before},
        "filter": filter_for(extension),
    }


def retime(clip: VoiceClip, fps: int) -> VoiceClip:
    """The same clip measured at another frame rate (frames rounded up so speech fits)."""
    frames = math.ceil(clip.samples * fps / clip.sample_rate)
    return VoiceClip(clip.wav, clip.sample_rate, clip.samples, frames, fps, clip.word_times)


class EspeakVoice:
    """The :class:`renders.protocols.Voice` backed by espeak-ng. Safe to share between threads."""

    name = "espeak-ng"

    @property
    def version(self) -> str:
        return engine_version()

    def cache_fields(self, text: str, voice: VoiceSpec, parenthetical: str | None = None,
                     extension: str | None = None) -> dict:
        """See :func:`voice_cache_fields`."""
        return voice_cache_fields(text, voice, parenthetical, extension)

    def say(self, text: str, voice: VoiceSpec, out_wav: Path, *, parenthetical: str | None = None,
            extension: str | None = None, fps: int = 24) -> VoiceClip:
        """Speak one dialogue block into ``out_wav`` (mono 16-bit, espeak's 22050 Hz).

        Args:
            text: the dialogue as written; emphasis markers are stripped.
            voice: variant (m1..m7, f1..f5), pitch 0-99, rate in words per minute.
            out_wav: where to write; written atomically.
            parenthetical: e.g. ``"(whispering)"``; changes volume, rate, pitch or adds a pause.
            extension: e.g. ``"V.O."``, ``"O.S."``; adds a filter.
            fps: the frame rate ``frames`` is measured in.
        Returns:
            The clip: path, samples, frames (rounded up), word start times in seconds.
        Raises:
            PrevisError: an unknown variant or an engine failure.
        """
        if fps <= 0:
            raise PrevisError(f"fps must be positive, not {fps}")
        spoken = speakable_text(clamp_text(text, MAX_SPOKEN_CHARS))  # bounded synthesis (renders/limits.py)
        d = delivery_for(parenthetical)
        rate = min(_RATE_MAX, max(_RATE_MIN, round(voice.rate * d.rate_scale)))
        pitch = min(99, max(0, voice.pitch + d.pitch_shift))
        name = _voice_name(voice)
        sr = espeak.sample_rate()
        if spoken:
            audio, events = espeak.synthesize(spoken, name, rate, pitch, d.pitch_range, d.volume)
        else:
            audio, events = np.zeros(0, np.int16), []
        pad = int(round(d.pause_before * sr))
        if not spoken and pad == 0:
            pad = int(0.25 * sr)  # an empty line is a short breath, never a zero-length clip
        signal = _apply_filter(audio.astype(np.float64), sr, filter_for(extension))
        signal = np.concatenate([np.zeros(pad), signal])
        samples = np.clip(np.round(signal), -32768, 32767).astype(np.int16)
        word_times = _word_times(spoken, events, pad, sr, len(samples))
        write_wav_atomic(Path(out_wav), samples, sr)
        frames = math.ceil(len(samples) * fps / sr)
        return VoiceClip(str(out_wav), sr, len(samples), frames, fps, word_times)


def _word_times(spoken: str, events: list[tuple[int, int, int]], pad: int, sr: int,
                n_samples: int) -> tuple[tuple[str, float], ...]:
    """Word events -> ((word, start seconds), ...): one per text position, monotonic, inside the clip."""
    out: list[tuple[str, float]] = []
    seen: set[int] = set()
    last = 0.0
    end = n_samples / sr
    for pos, length, sample in events:
        if pos in seen or pos < 1:
            continue
        seen.add(pos)
        word = spoken[pos - 1: pos - 1 + max(length, 0)] or spoken[pos - 1: pos]
        t = min(end, max(last, (sample + pad) / sr))
        out.append((word, round(t, 4)))
        last = t
    return tuple(out)
