"""The timing model: integer frames, speech plus handles, reading rate, minimum length, page check."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from shots.model import DialogueLine, Shot, ShotPlan, VoiceSpec
from shots.vocabulary import Angle, Movement, ShotSize, ShotType
from renders.model import VoiceClip
from renders.timing import (HEAD_HANDLE, LINE_GAP, TAIL_HANDLE, page_mismatch, reading_seconds,
                            scene_lengths, time_shot, time_shots, to_frames, word_count)

SR = 22050


def shot(id="1A", scene="1", dialogue=(), action="", size=ShotSize.MS, type=ShotType.SINGLE, est=2.0,
         prop=None) -> Shot:
    return Shot(id=id, scene=scene, index=0, setup=1, size=size, type=type, angle=Angle.EYE_LEVEL,
                movement=Movement.STATIC, lens_mm=35, subjects=(), speaker=None, first_line=1, last_line=2,
                description="", dialogue=tuple(dialogue), action=action, est_seconds=est, prop=prop)


def line(text="Hello there.", who="ann", n=5) -> DialogueLine:
    return DialogueLine(character=who, text=text, line=n)


def clip(seconds: float, fps: int = 24) -> VoiceClip:
    samples = round(seconds * SR)
    return VoiceClip("x.wav", SR, samples, -(-samples * fps // SR), fps)


def test_every_shot_lasts_at_least_a_second():
    t = time_shot(shot(est=0.1), [], 24)
    assert t.frames == 24 and t.cues == ()
    assert time_shot(shot(est=0.1), [], 30).frames == 30


def test_silent_shot_takes_the_planners_estimate():
    assert time_shot(shot(est=3.0), [], 24).frames == 72


def test_action_follows_the_reading_rate():
    ten = "one two three four five six seven eight nine ten"
    assert word_count(ten) == 10 and word_count("Don't stop -- ZOË's 3 cats!") == 5
    assert reading_seconds(ten) == pytest.approx(2.5)  # 0.5 s + 0.2 s a word
    assert time_shot(shot(action=ten, est=9.0), [], 24).frames == 60  # reading wins over the estimate


def test_insert_lasts_long_enough_to_read_the_card():
    t = time_shot(shot(size=ShotSize.INSERT, type=ShotType.INSERT, prop="a letter", est=0.5), [], 24)
    assert t.frames == to_frames(1.5, 24)


def test_dialogue_shot_is_its_speech_plus_handles():
    lines = [line("One."), line("Two, three.", who="bob", n=7)]
    clips = [clip(1.3), clip(2.05)]
    t = time_shot(shot(dialogue=lines), clips, 24)
    head, gap, tail = to_frames(HEAD_HANDLE, 24), to_frames(LINE_GAP, 24), to_frames(TAIL_HANDLE, 24)
    assert [c.offset for c in t.cues] == [head, head + clips[0].frames + gap]
    assert t.frames == head + clips[0].frames + gap + clips[1].frames + tail
    assert [(c.character, c.text, c.line) for c in t.cues] == [("ann", "One.", 5), ("bob", "Two, three.", 7)]


def test_long_action_under_short_speech_sets_the_length():
    words = " ".join(["word"] * 30)  # 6.5 s to read
    t = time_shot(shot(dialogue=[line()], action=words), [clip(1.0)], 24)
    assert t.frames == to_frames(6.5, 24)
    assert t.cues[0].offset + t.cues[0].clip.frames <= t.frames


def test_dialogue_without_clips_is_estimated_from_words():
    t = time_shot(shot(dialogue=[line("one two three four")]), [], 24)
    assert t.frames == to_frames(1.0 + 0.3 * 4, 24) and t.cues == ()


def test_clips_made_at_another_rate_are_remeasured():
    c = clip(2.0, fps=24)
    t = time_shot(shot(dialogue=[line()]), [c], 30)
    assert t.cues[0].clip.fps == 30 and t.cues[0].clip.frames == 60


def test_wrong_number_of_clips_is_refused():
    with pytest.raises(ValueError, match="2 clips for 1 dialogue"):
        time_shot(shot(dialogue=[line()]), [clip(1), clip(1)], 24)


def test_starts_are_cumulative():
    shots = [(shot("1A", est=2), []), (shot("1B", dialogue=[line()]), [clip(3.3)]), (shot("1C", est=1), [])]
    timed = time_shots(shots, 24, casts=[(), (), ()])
    assert [t.start for t in timed] == [0, timed[0].frames, timed[0].frames + timed[1].frames]
    with pytest.raises(ValueError):
        time_shots(shots, 24, casts=[()])


@settings(max_examples=150, deadline=None)
@given(
    fps=st.sampled_from([12, 24, 25, 30, 60]),
    specs=st.lists(st.tuples(
        st.lists(st.floats(0.05, 30.0), max_size=4),  # clip seconds
        st.integers(0, 120),  # action words
        st.floats(0.0, 10.0),  # planner estimate
        st.booleans(),  # insert?
    ), min_size=1, max_size=6),
)
def test_timing_invariants(fps, specs):
    pairs = []
    for i, (secs, words, est, insert) in enumerate(specs):
        s = shot(f"1{chr(65 + i)}", dialogue=[line(n=i) for _ in secs], action=" ".join(["w"] * words),
                 est=est, size=ShotSize.INSERT if insert else ShotSize.MS)
        pairs.append((s, [clip(x, fps) for x in secs]))
    timed = time_shots(pairs, fps)
    start = 0
    for t, (s, clips) in zip(timed, pairs):
        assert isinstance(t.frames, int) and isinstance(t.start, int)
        assert t.frames >= fps  # at least a second
        assert t.start == start
        start += t.frames
        assert len(t.cues) == len(clips)
        end = 0
        for c in t.cues:
            assert isinstance(c.offset, int) and c.offset >= end  # in order, no overlap
            assert c.clip.frames * SR >= c.clip.samples * fps  # the clip's frames cover its sound
            end = c.offset + c.clip.frames
        assert end + (to_frames(TAIL_HANDLE, fps) if t.cues else 0) <= t.frames  # speech fits, tail kept


def plan(scene, eighths, heading="INT. ROOM - DAY", first=10) -> ShotPlan:
    return ShotPlan(scene=scene, shots=(), planner="heuristic", first_line=first, last_line=first + 5,
                    heading=heading, eighths=eighths)


def test_page_mismatch_reports_only_scenes_far_off_their_page_count():
    timed = time_shots([
        (shot("1A", scene="1", est=7.5), []),  # scene 1: 7.5 s for 1/8 page: on time
        (shot("2A", scene="2", est=5.0), []),  # scene 2: 5 s for 2 pages (120 s): far too short
        (shot("3A", scene="3", est=20.0), []),  # scene 3: 20 s for 1/8: far too long
        (shot("4A", scene="4", est=3.0), []),  # scene 4: no page estimate: never reported
        (shot("0A", scene="0", est=1.0), []),  # before the first heading ("FADE IN:"): not a scene
    ], 24)
    plans = [plan("1", 1), plan("2", 16, "EXT. ROAD - NIGHT", 40), plan("3", 1, first=70), plan("4", 0),
             plan("0", 1, heading="")]
    report = page_mismatch(plans, timed, 24)
    assert len(report) == 2
    assert report[0].startswith("scene 2 (EXT. ROAD - NIGHT), line 40: animatic 0:05 vs 2:00 for 2 pages (-96%)")
    assert report[1].startswith("scene 3 (INT. ROOM - DAY), line 70: animatic 0:20 vs 0:08 for 1/8 page (+167%)")
    lengths = scene_lengths(plans, timed, 24)
    assert [s.frames for s in lengths] == [180, 120, 480, 72, 24]
    assert lengths[3].ratio is None and not lengths[3].off


def test_real_voice_clips_fit_their_shot(tmp_path):
    from renders.voice import EspeakVoice

    voice = EspeakVoice()
    lines = [line("Where were you last night?"), line("Out.", who="bob", n=6)]
    clips = [voice.say(d.text, VoiceSpec(), tmp_path / f"{i}.wav") for i, d in enumerate(lines)]
    t = time_shot(shot(dialogue=lines), clips, 24)
    assert Path(t.cues[1].clip.wav).exists()
    assert t.cues[-1].offset + t.cues[-1].clip.frames + to_frames(TAIL_HANDLE, 24) == t.frames
