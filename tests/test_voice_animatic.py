"""Scratch voices as a writer hears them: `previs animatic` run as a subprocess, the MP4's sound decoded.

A whispered line comes out quieter than a shouted one, a V.O. line loses its
highs, and dialogue full of quotes, colons, percent signs, backslashes and
non-Latin letters is spoken without error.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import run_previs

pytestmark = pytest.mark.slow  # four small animatics: a few seconds each

LINE = "Listen to me. The ferry leaves at midnight and nobody on that pier can know we were here."

SCRIPT = """Title: Voices

INT. FERRY TERMINAL - NIGHT

A long empty hall.

{who}{ext}
{paren}{line}
"""


def _animatic(tmp_path: Path, name: str, *, who="MARA", ext="", paren="", line=LINE) -> tuple[np.ndarray, int]:
    script = tmp_path / f"{name}.fountain"
    script.write_text(SCRIPT.format(who=who, ext=f" ({ext})" if ext else "",
                                    paren=f"({paren})\n" if paren else "", line=line), encoding="utf-8")
    out = tmp_path / f"{name}.mp4"
    run_previs("animatic", script, "-o", out, "--size", "160x90", check=True)
    return _animatic_audio(out)


def _animatic_audio(out: Path) -> tuple[np.ndarray, int]:
    """The MP4's sound track, decoded: samples of the first channel and the sample rate."""
    import av

    with av.open(str(out)) as c:
        sr = c.streams.audio[0].rate
        audio = np.concatenate([f.to_ndarray().astype(np.float32).reshape(f.to_ndarray().shape[0], -1)[0]
                                for f in c.decode(audio=0)])
    return audio, sr


def _speech(audio: np.ndarray, sr: int) -> np.ndarray:
    """The loud part of the track (20 ms windows above a floor): the line itself."""
    win = sr // 50
    frames = audio[: len(audio) // win * win].reshape(-1, win)
    rms = np.sqrt((frames ** 2).mean(axis=1))
    return frames[rms > 0.003].reshape(-1)


def _rms(a: np.ndarray) -> float:
    return float(np.sqrt(np.mean(a ** 2)))


def _high_share(a: np.ndarray, sr: int) -> float:
    spec = np.abs(np.fft.rfft(a)) ** 2
    f = np.fft.rfftfreq(len(a), 1 / sr)
    return float(spec[f > 4500].sum() / spec.sum())


@pytest.fixture(scope="module")
def tracks(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("voices")
    return {
        "plain": _animatic(tmp, "plain"),
        "whisper": _animatic(tmp, "whisper", paren="whispering"),
        "shout": _animatic(tmp, "shout", paren="shouting"),
        "vo": _animatic(tmp, "vo", ext="V.O."),
    }


def test_whispering_is_quieter_than_shouting_in_the_animatic(tracks):
    plain, whisper, shout = (_rms(_speech(*tracks[k])) for k in ("plain", "whisper", "shout"))
    assert whisper < 0.7 * plain < 0.7 * shout


def test_voice_over_loses_its_highs_in_the_animatic(tracks):
    sr = tracks["plain"][1]
    assert _high_share(_speech(*tracks["vo"]), sr) < 0.2 * _high_share(_speech(*tracks["plain"]), sr)


def test_awkward_names_and_dialogue_are_spoken(tmp_path):
    audio, sr = _animatic(tmp_path, "awkward", who="ZOË O'BRIEN", ext="O.S.",
                          line='She said: "100% sure" \\ C:\\temp\\ — 東京, Ωμέγα, **never** _again_.')
    assert _rms(_speech(audio, sr)) > 0.005


@pytest.mark.parametrize("damage", ["truncated", "empty", "not a wav"])
def test_a_damaged_cached_voice_is_spoken_again(tmp_path, damage):
    # a clip cut short by a crash mid-write of an older previs, or by a full disk, keeps its JSON;
    # the next run must not trust it (the animatic would lose the end of the line) but speak it again
    import json

    script = tmp_path / "voices.fountain"
    script.write_text(SCRIPT.format(who="MARA", ext="", paren="", line=LINE), encoding="utf-8")
    out = tmp_path / "voices.mp4"
    run_previs("animatic", script, "-o", out, "--size", "160x90", check=True)
    (wav,) = (tmp_path / "voices.previs" / "voices").glob("*.wav")
    whole = wav.read_bytes()
    damaged = {"truncated": whole[: len(whole) // 2], "empty": b"", "not a wav": b"x" * len(whole)}[damage]
    wav.write_bytes(damaged)

    proc = run_previs("animatic", script, "-o", out, "--size", "160x90", "--json", check=True)
    assert json.loads(proc.stdout)["voices_made"] == 1
    assert wav.read_bytes() == whole  # spoken again, in full (espeak-ng speaks a line the same way twice)
    audio, sr = _animatic_audio(out)
    assert _rms(_speech(audio, sr)) > 0.005


def test_a_truncated_dialogue_mix_is_mixed_again(tmp_path):
    # the same rule for the mixdown: a cut made again from a mix cut short would lose its sound's end
    script = tmp_path / "mix.fountain"
    script.write_text(SCRIPT.format(who="MARA", ext="", paren="", line=LINE), encoding="utf-8")
    out = tmp_path / "mix.mp4"
    run_previs("animatic", script, "-o", out, "--size", "160x90", check=True)
    store = tmp_path / "mix.previs"
    (mix,) = (store / "mix").glob("*.wav")
    whole = mix.read_bytes()
    mix.write_bytes(whole[: len(whole) // 3])
    for cut in (store / "cuts").glob("*.mp4"):
        cut.unlink()  # so the cut is made again from the mix
    run_previs("animatic", script, "-o", out, "--size", "160x90", check=True)
    assert mix.read_bytes() == whole
