"""Scratch voices through real espeak-ng: distinct voices, delivery, filters, word times, cache keys."""
from __future__ import annotations

import threading
import wave
from pathlib import Path

import numpy as np
import pytest

from screenplay.errors import PrevisError
from shots.model import VoiceSpec
from renders.voice import (Delivery, EspeakVoice, delivery_for, filter_for, retime, speakable_text,
                           voice_cache_fields)

LINE = "I told you never to come back here, not after what happened last winter."


@pytest.fixture(scope="module")
def voice():
    return EspeakVoice()


def _samples(path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float64), w.getframerate()


def _rms(a: np.ndarray) -> float:
    return float(np.sqrt(np.mean(a ** 2)))


def _band_energy(a: np.ndarray, sr: int, lo: float, hi: float) -> float:
    spec = np.abs(np.fft.rfft(a)) ** 2
    f = np.fft.rfftfreq(len(a), 1 / sr)
    return float(spec[(f >= lo) & (f < hi)].sum() / spec.sum())


def _pitch(a: np.ndarray, sr: int) -> float:
    """Median fundamental (autocorrelation) over voiced 40 ms windows."""
    win = int(0.04 * sr)
    loud = _rms(a) * 0.8
    f0 = []
    for i in range(0, len(a) - win, win):
        x = a[i:i + win]
        if _rms(x) < loud:
            continue
        x = x - x.mean()
        ac = np.correlate(x, x, "full")[win - 1:]
        lo, hi = int(sr / 400), int(sr / 60)
        lag = lo + int(np.argmax(ac[lo:hi]))
        f0.append(sr / lag)
    return float(np.median(f0))


def test_clip_is_a_real_wav_with_matching_metadata(voice, tmp_path):
    clip = voice.say(LINE, VoiceSpec(), tmp_path / "a.wav", fps=24)
    a, sr = _samples(clip.wav)
    assert clip.sample_rate == sr and clip.samples == len(a)
    assert clip.frames == -(-clip.samples * 24 // sr)  # rounded up
    assert 2.0 < clip.seconds < 8.0
    assert _rms(a) > 500
    assert list(tmp_path.iterdir()) == [tmp_path / "a.wav"]  # no temp file left behind


def test_word_times_are_monotonic_inside_the_clip_and_name_the_words(voice, tmp_path):
    clip = voice.say(LINE, VoiceSpec(), tmp_path / "a.wav")
    words = [w for w, _ in clip.word_times]
    times = [t for _, t in clip.word_times]
    assert words == LINE.replace(",", "").replace(".", "").split()
    assert times == sorted(times)
    assert 0 <= times[0] < 0.3 and times[-1] < clip.seconds
    assert times[-1] > clip.seconds / 2


def test_distinct_voices_differ_in_pitch(voice, tmp_path):
    low = voice.say(LINE, VoiceSpec(variant="m1", pitch=20), tmp_path / "low.wav")
    high = voice.say(LINE, VoiceSpec(variant="f3", pitch=80), tmp_path / "high.wav")
    f_low = _pitch(*_samples(low.wav))
    f_high = _pitch(*_samples(high.wav))
    assert f_high > 1.5 * f_low, (f_low, f_high)


def test_rate_changes_length(voice, tmp_path):
    slow = voice.say(LINE, VoiceSpec(rate=120), tmp_path / "slow.wav")
    fast = voice.say(LINE, VoiceSpec(rate=240), tmp_path / "fast.wav")
    assert slow.seconds > 1.5 * fast.seconds


def test_whispering_is_quieter_and_slower_shouting_louder_and_faster(voice, tmp_path):
    plain = voice.say(LINE, VoiceSpec(), tmp_path / "plain.wav")
    whisper = voice.say(LINE, VoiceSpec(), tmp_path / "w.wav", parenthetical="(whispering)")
    shout = voice.say(LINE, VoiceSpec(), tmp_path / "s.wav", parenthetical="(shouting)")
    r_plain, r_whisper, r_shout = (_rms(_samples(c.wav)[0]) for c in (plain, whisper, shout))
    assert r_whisper < 0.6 * r_plain
    assert r_shout > 1.4 * r_plain
    assert whisper.seconds > 1.08 * plain.seconds
    assert shout.seconds < 0.95 * plain.seconds


def test_beat_adds_silence_before_the_line(voice, tmp_path):
    plain = voice.say(LINE, VoiceSpec(), tmp_path / "plain.wav")
    beat = voice.say(LINE, VoiceSpec(), tmp_path / "beat.wav", parenthetical="(beat)")
    a, sr = _samples(beat.wav)
    assert np.abs(a[: int(0.7 * sr)]).max() == 0
    assert beat.word_times[0][1] >= 0.75
    assert beat.seconds == pytest.approx(plain.seconds + 0.75, abs=0.05)


def test_voice_over_and_off_screen_sound_different(voice, tmp_path):
    plain = _samples(voice.say(LINE, VoiceSpec(), tmp_path / "plain.wav").wav)
    vo = _samples(voice.say(LINE, VoiceSpec(), tmp_path / "vo.wav", extension="V.O.").wav)
    os_ = _samples(voice.say(LINE, VoiceSpec(), tmp_path / "os.wav", extension="O.S.").wav)
    sr = plain[1]
    # V.O.: band-limited like a radio: the lows and the top are gone
    assert _band_energy(vo[0], sr, 0, 150) < 0.1 * _band_energy(plain[0], sr, 0, 150)
    assert _band_energy(vo[0], sr, 4500, 11025) < 0.1 * _band_energy(plain[0], sr, 4500, 11025)
    # O.S.: muffled, quieter, with a reverb tail
    assert _band_energy(os_[0], sr, 2000, 11025) < 0.2 * _band_energy(plain[0], sr, 2000, 11025)
    assert _rms(os_[0]) < 0.7 * _rms(plain[0])
    assert len(os_[0]) > len(plain[0])


@pytest.mark.parametrize("ext, expected", [("V.O.", "radio"), ("v.o.", "radio"), ("O.S.", "offscreen"),
                                           ("O.C.", "offscreen"), ("V.O.; CONT'D", "radio"),
                                           ("CONT'D", None), ("FILTERED", "phone"), (None, None),
                                           ("V.O.) (CONT’D", "radio"), ("V.O.)(CONT'D", "radio"),
                                           ("O.S., PRELAP", "offscreen"), ("ON PHONE", "phone"), ("V.0.", "radio"),
                                           ("V/O", "radio"), ("VARIOUS", None)])
def test_extension_filters(ext, expected):
    assert filter_for(ext) == expected


def test_parenthetical_table():
    assert delivery_for(None) == delivery_for("(to Mary)") == delivery_for("(continuing)")
    assert delivery_for("(whispers)").volume < 100
    assert delivery_for("(YELLING)").volume > 100
    assert delivery_for("(long pause)").pause_before == 1.5
    both = delivery_for("(beat; quietly)")
    assert both.pause_before == 0.75 and both.volume < 100
    assert delivery_for("(low but insistent)").volume < 100
    # words inside other words do not count
    assert delivery_for("(reading aloud)") == delivery_for("(eating breakfast)") == delivery_for("(upbeat)") \
        == Delivery()
    assert delivery_for("(slowly)").volume == 100 and delivery_for("(slowly)").rate_scale < 1


def test_emphasis_is_stripped_before_speaking(voice, tmp_path):
    assert speakable_text("*I* **said** ***no*** _never_ \\*really\\*") == "I said no never really"
    assert speakable_text("two\nlines  here") == "two lines here"
    marked = voice.say("I **never** said _that_.", VoiceSpec(), tmp_path / "m.wav")
    assert [w for w, _ in marked.word_times] == ["I", "never", "said", "that"]


@pytest.mark.parametrize("text", [
    'She said "it\'s 100% done": no \\ back\\slash',
    "ZOË! Müller, 東京 — Ωμέγα? Привет.",
    "Emoji 🎬 and a tab\there\x00null",
    "", "   ", "***", "...",
])
def test_awkward_text_never_crashes(voice, tmp_path, text):
    clip = voice.say(text, VoiceSpec(variant="f5"), tmp_path / "x.wav", parenthetical="(beat)" if not text else None)
    a, _ = _samples(clip.wav)
    assert clip.samples == len(a) > 0 and clip.frames >= 1
    times = [t for _, t in clip.word_times]
    assert times == sorted(times) and all(0 <= t <= clip.seconds for t in times)


def test_unknown_variant_is_a_one_line_error(voice, tmp_path):
    with pytest.raises(PrevisError, match="unknown voice variant 'x9'"):
        voice.say("hi", VoiceSpec(variant="x9"), tmp_path / "x.wav")


def test_cache_fields_follow_what_changes_the_sound():
    base = voice_cache_fields("Hello there.", VoiceSpec(), None, None)
    assert "espeak-ng" in base["engine"]
    assert voice_cache_fields("Hello there!", VoiceSpec(), None, None) != base
    assert voice_cache_fields("Hello there.", VoiceSpec(variant="f1"), None, None) != base
    assert voice_cache_fields("Hello there.", VoiceSpec(pitch=51), None, None) != base
    assert voice_cache_fields("Hello there.", VoiceSpec(), "(whispering)", None) != base
    assert voice_cache_fields("Hello there.", VoiceSpec(), None, "V.O.") != base
    # what does not change the sound does not change the key
    assert voice_cache_fields("*Hello* there.", VoiceSpec(), "(continuing)", "CONT'D") == base


def test_retime_measures_the_same_clip_at_another_rate(voice, tmp_path):
    clip = voice.say("One two three.", VoiceSpec(), tmp_path / "a.wav", fps=24)
    at30 = retime(clip, 30)
    assert at30.fps == 30 and at30.frames == -(-clip.samples * 30 // clip.sample_rate)
    assert at30.wav == clip.wav and at30.word_times == clip.word_times


def test_threads_share_the_engine_safely(voice, tmp_path):
    texts = [f"Line number {i} is spoken by thread {i}." for i in range(8)]
    results: dict[int, object] = {}

    def speak(i):
        results[i] = voice.say(texts[i], VoiceSpec(variant=f"m{i % 7 + 1}"), tmp_path / f"{i}.wav")

    threads = [threading.Thread(target=speak, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i in range(8):
        assert [w for w, _ in results[i].word_times][:3] == ["Line", "number", str(i)]
        assert _samples(results[i].wav)[0].size == results[i].samples


def test_same_line_same_bytes_whatever_was_said_before(voice, tmp_path):
    import subprocess
    import sys

    first = voice.say(LINE, VoiceSpec(variant="f2"), tmp_path / "first.wav", parenthetical="(quietly)")
    voice.say("Something else entirely, and loudly!", VoiceSpec(variant="m6", pitch=10), tmp_path / "other.wav",
              parenthetical="(shouting)", extension="O.S.")
    again = voice.say(LINE, VoiceSpec(variant="f2"), tmp_path / "again.wav", parenthetical="(quietly)")
    assert Path(first.wav).read_bytes() == Path(again.wav).read_bytes()
    assert first.word_times == again.word_times
    code = ("import sys; from pathlib import Path; from renders.voice import EspeakVoice; "
            "from shots.model import VoiceSpec; "
            "EspeakVoice().say(sys.argv[1], VoiceSpec(variant='f2'), Path(sys.argv[2]), parenthetical='(quietly)')")
    subprocess.run([sys.executable, "-c", code, LINE, str(tmp_path / "fresh.wav")], check=True)
    assert (tmp_path / "fresh.wav").read_bytes() == Path(first.wav).read_bytes()
