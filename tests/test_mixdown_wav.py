"""The dialogue mixdown on real espeak clips: exact length, sound at cues, silence elsewhere."""
from __future__ import annotations

import dataclasses
import threading
import wave

import numpy as np
import pytest

from shots.model import DialogueLine, Shot, VoiceSpec
from shots.progress import Cancelled
from shots.vocabulary import Angle, Movement, ShotSize, ShotType
import renders.mixdown as mixdown
from renders.mixdown import mix_dialogue, read_wav, resample
from renders.timing import time_shots
from renders.voice import EspeakVoice


def shot(id, dialogue=(), est=2.0) -> Shot:
    return Shot(id=id, scene="1", index=0, setup=1, size=ShotSize.MS, type=ShotType.SINGLE,
                angle=Angle.EYE_LEVEL, movement=Movement.STATIC, lens_mm=35, subjects=(), speaker=None,
                first_line=1, last_line=2, description="", dialogue=tuple(dialogue), est_seconds=est)


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    d = tmp_path_factory.mktemp("clips")
    v = EspeakVoice()
    return [v.say("Nobody leaves this building tonight.", VoiceSpec(variant="m2"), d / "a.wav"),
            v.say("Then we wait.", VoiceSpec(variant="f1", pitch=70), d / "b.wav", extension="V.O.")]


@pytest.fixture(scope="module")
def timed(clips):
    a = DialogueLine("ann", "Nobody leaves this building tonight.", 3)
    b = DialogueLine("bob", "Then we wait.", 5)
    return time_shots([
        (shot("1A", est=3.0), []),  # silent establishing shot
        (shot("1B", [a]), [clips[0]]),
        (shot("1C", est=2.0), []),  # silent reaction
        (shot("1D", [a, b]), [clips[0], clips[1]]),
    ], 24)


def _pcm(path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float64), w.getframerate()


def _rms(a) -> float:
    return float(np.sqrt(np.mean(np.square(a)))) if len(a) else 0.0


@pytest.mark.parametrize("fps, rate", [(24, 48000), (25, 48000), (30, 44100)])
def test_length_is_exactly_the_cut(clips, fps, rate, tmp_path):
    a = DialogueLine("ann", "x", 1)
    timed = time_shots([(shot("1A", est=1.37), []), (shot("1B", [a]), [clips[0]])], fps)
    frames = sum(t.frames for t in timed)
    out = mix_dialogue(timed, fps, tmp_path / "mix.wav", sample_rate=rate)
    pcm, sr = _pcm(out)
    assert sr == rate and len(pcm) == round(frames * rate / fps)
    assert len(pcm) / sr == pytest.approx(frames / fps, abs=1 / rate)
    assert [p.name for p in tmp_path.iterdir()] == ["mix.wav"]  # the temp file is gone


def test_sound_at_every_cue_and_silence_between(timed, tmp_path):
    out = mix_dialogue(timed, 24, tmp_path / "mix.wav")
    pcm, sr = _pcm(out)
    per_frame = sr // 24
    spans = lambda a, b: pcm[a * per_frame: b * per_frame]
    for t in timed:
        if not t.cues:
            assert np.abs(spans(t.start, t.start + t.frames)).max() == 0, t.shot.id
            continue
        for c in t.cues:
            at = t.start + c.offset
            assert _rms(spans(at, at + c.clip.frames)) > 300, (t.shot.id, c.text)
        assert np.abs(spans(t.start, t.start + t.cues[0].offset)).max() == 0  # the head handle is air
        last = t.cues[-1]
        tail_from = t.start + last.offset + last.clip.frames
        assert np.abs(spans(tail_from, t.start + t.frames)).max() == 0  # and the tail


def test_clip_lands_on_its_frame_sample_for_sample(clips, timed, tmp_path):
    pcm, sr = _pcm(mix_dialogue(timed, 24, tmp_path / "mix.wav"))
    src, src_rate = read_wav(clips[0].wav)
    expected = resample(src, src_rate, sr)
    t = timed[1]
    at = (t.start + t.cues[0].offset) * sr // 24
    got = pcm[at: at + len(expected)] / 32768.0
    assert np.max(np.abs(got - expected)) < 2 / 32768


def test_block_boundaries_change_nothing(timed, tmp_path, monkeypatch):
    whole = _pcm(mix_dialogue(timed, 24, tmp_path / "a.wav"))[0]
    monkeypatch.setattr(mixdown, "BLOCK_SECONDS", 1)  # many blocks, clips straddling them
    blocky = _pcm(mix_dialogue(timed, 24, tmp_path / "b.wav"))[0]
    assert np.array_equal(whole, blocky)


def test_a_shortened_shot_cuts_its_speech_at_its_end(timed, tmp_path):
    short = [dataclasses.replace(t, frames=30) if t.shot.id == "1B" else t for t in timed]
    start = 0
    for i, t in enumerate(short):
        short[i] = dataclasses.replace(t, start=start)
        start += t.frames
    pcm, sr = _pcm(mix_dialogue(short, 24, tmp_path / "mix.wav"))
    t = short[1]
    end = (t.start + t.frames) * sr // 24
    assert _rms(pcm[end - sr // 8: end]) > 0
    assert np.abs(pcm[end: short[2].start * sr // 24 + short[2].frames * sr // 24]).max() == 0


def test_shots_without_cumulative_starts_are_refused(timed, tmp_path):
    bad = [dataclasses.replace(t, start=t.start + 1000) for t in timed]
    with pytest.raises(ValueError, match="cumulative"):
        mix_dialogue(bad, 24, tmp_path / "mix.wav")


def test_cancel_leaves_nothing_behind(timed, tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        mix_dialogue(timed, 24, tmp_path / "mix.wav", cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_progress_reaches_the_end(timed, tmp_path):
    seen = []
    mix_dialogue(timed, 24, tmp_path / "mix.wav", progress=seen.append)
    assert seen and seen[-1].stage == "mix" and seen[-1].done == seen[-1].total


def test_an_empty_cut_is_an_empty_wav(tmp_path):
    pcm, sr = _pcm(mix_dialogue([], 24, tmp_path / "mix.wav"))
    assert len(pcm) == 0 and sr == 48000


def test_resampling_a_slice_equals_slicing_the_whole():
    a = np.sin(np.arange(22050) / 7.0).astype(np.float32)
    whole = resample(a, 22050, 48000)
    assert len(whole) == 48000
    assert np.array_equal(resample(a, 22050, 48000, 1234, 40000), whole[1234:40000])
    assert np.array_equal(resample(a, 48000, 48000, 5, 10), a[5:10])
