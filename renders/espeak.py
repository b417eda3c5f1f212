"""espeak-ng through ctypes: the library is loaded, speaks one line, and is unloaded again.

Why its own module: espeak-ng is a process-global C library with a callback,
constants from ``speak_lib.h`` and a lifetime to manage; renders/voice.py keeps
the decisions (delivery, filters, text cleaning) and calls :func:`synthesize`.

One module-level lock guards every call: the library has one synthesiser for
the whole process. Audio comes back through the synth callback
(``AUDIO_OUTPUT_SYNCHRONOUS``): 16-bit samples, and ``espeakEVENT_WORD``
events whose ``sample`` field gives each word's start.
"""
from __future__ import annotations

import ctypes
import threading

import numpy as np

from screenplay.errors import PrevisError

# espeak-ng constants (speak_lib.h)
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_CHARS_UTF8 = 1
_ENDPAUSE = 0x1000
_POS_CHARACTER = 1
_EVENT_LIST_TERMINATED, _EVENT_WORD = 0, 1
_RATE, _VOLUME, _PITCH, _RANGE, _PUNCTUATION, _CAPITALS, _WORDGAP = 1, 2, 3, 4, 5, 6, 7


class _Event(ctypes.Structure):
    class _Id(ctypes.Union):
        _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]

    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _Id)]


_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))

_LOCK = threading.Lock()
_engine: "_Engine | None" = None


def _unloader():
    """The platform's "unload this library" call, or None where ctypes has none."""
    import _ctypes

    return getattr(_ctypes, "dlclose", None) or getattr(_ctypes, "FreeLibrary", None)


class _Engine:
    """espeak-ng, loaded afresh for every utterance. Only ever touched with ``_LOCK`` held.

    Why reload: the library keeps state between utterances in static variables
    that no API resets (pitch flutter phase, gain control, cycle counters), so
    the same line came out a few samples different depending on what was said
    before it. Loading the library, speaking one line and unloading it again
    (about 5 ms) makes every clip depend only on its own inputs: the same line
    gives the same bytes in any order, after a crash and resume, in any
    process. Where the library cannot be unloaded (no ``dlclose``, or someone
    else in the process holds it) we still re-initialise and fix the noise
    seed, which keeps runs reproducible though not order-independent.
    """

    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError as e:  # pragma: no cover - a packaging problem
            raise PrevisError("scratch voices need the 'espeakng-loader' package: pip install espeakng-loader") from e
        self.lib_path = espeakng_loader.get_library_path()
        self.data_path = espeakng_loader.get_data_path()
        self._unload = _unloader()
        self._chunks: list[np.ndarray] = []
        self._words: list[tuple[int, int, int]] = []  # (text_position, length, sample)
        self._callback = _SynthCallback(self._on_audio)  # keep a reference: C holds the pointer
        lib = self._open()
        self.sample_rate = self._rate
        self.version = (lib.espeak_Info(None) or b"?").decode("ascii", "replace")
        self._close(lib)

    def _open(self) -> ctypes.CDLL:
        lib = ctypes.CDLL(self.lib_path)
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Info.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
        lib.espeak_Info.restype = ctypes.c_char_p
        lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
                                     ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        self._rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 500, self.data_path.encode(),
                                           _INITIALIZE_DONT_EXIT)
        if self._rate <= 0:
            self._close(lib)
            raise PrevisError(f"espeak-ng failed to start with its data at {self.data_path}")
        seed = getattr(lib, "espeak_ng_SetRandSeed", None)
        if seed is not None:
            seed.argtypes = [ctypes.c_long]
            seed(1)  # espeak seeds its breath noise from the clock; fix it
        lib.espeak_SetSynthCallback(self._callback)
        return lib

    def _close(self, lib: ctypes.CDLL) -> None:
        try:
            lib.espeak_Terminate()
        finally:
            if self._unload is not None:
                self._unload(lib._handle)

    def _on_audio(self, wav, n, events) -> int:
        if n > 0 and wav:
            self._chunks.append(np.ctypeslib.as_array(wav, (n,)).copy())
        i = 0
        while events[i].type != _EVENT_LIST_TERMINATED:
            e = events[i]
            if e.type == _EVENT_WORD:
                self._words.append((e.text_position, e.length, e.sample))
            i += 1
        return 0  # 0 = go on

    def synth(self, text: str, voice_name: str, rate: int, pitch: int, pitch_range: int,
              volume: int) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
        lib = self._open()
        try:
            if lib.espeak_SetVoiceByName(voice_name.encode("utf-8")) != 0:
                raise PrevisError(f"espeak-ng has no voice {voice_name!r}")
            for param, value in ((_RATE, rate), (_VOLUME, volume), (_PITCH, pitch), (_RANGE, pitch_range),
                                 (_PUNCTUATION, 0), (_CAPITALS, 0), (_WORDGAP, 0)):
                lib.espeak_SetParameter(param, int(value), 0)
            self._chunks, self._words = [], []
            data = text.encode("utf-8", "replace") + b"\0"
            err = lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8 | _ENDPAUSE, None, None)
            if err != 0:
                raise PrevisError(f"espeak-ng could not speak {text[:40]!r} (error {err})")
        finally:
            self._close(lib)
        audio = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)
        words, self._chunks, self._words = self._words, [], []
        return audio.astype(np.int16, copy=False), words


def _get_engine() -> _Engine:
    global _engine
    if _engine is None:
        _engine = _Engine()
    return _engine


def library_version() -> str:
    """The espeak-ng version string (``"1.52.0"``)."""
    with _LOCK:
        return _get_engine().version


def sample_rate() -> int:
    """The rate espeak-ng speaks at (22050 Hz)."""
    with _LOCK:
        return _get_engine().sample_rate


def synthesize(text: str, voice_name: str, rate: int, pitch: int, pitch_range: int,
               volume: int) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
    """Speak ``text`` (plain text, no SSML) in a fresh library instance.

    Args:
        text: what to say.
        voice_name: an espeak-ng voice, ``"en+m3"``.
        rate: words per minute (80-450); pitch and pitch_range 0-100; volume 0-200 (100 normal).
    Returns:
        (int16 samples at :func:`sample_rate`, word events as (1-based character position in
        ``text``, length in characters, start sample)).
    Raises:
        PrevisError: an unknown voice or an engine failure.
    """
    with _LOCK:
        return _get_engine().synth(text, voice_name, rate, pitch, pitch_range, volume)
