"""Every camera word the planner may use renders, and the words are visible on screen.

Each size, angle and move is painted for real (small frames, in memory) and
checked for what a viewer would notice: a move changes the picture over the
shot, a static shot does not, a dutch angle tilts the horizon, a low angle
looks up, day differs from night, an insert shows its prop card. Text from a
script (quotes, colons, percent signs, backslashes, non-Latin letters) renders.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from shots.model import BibleEntry, DialogueLine, Placement, VoiceSpec
from shots.vocabulary import Angle, Movement, ShotSize, ShotType
from renders.model import RenderSettings
from renders.greybox import GreyboxRenderer, render_frames

from test_greybox_render import cue, decode, make_shot, make_timed

TINY = RenderSettings(128, 72, 24)


def first_last(shot, kind="depth", frames=4, **kw):
    out = list(render_frames(make_timed(shot, frames=frames, **kw), TINY, kind))
    return out[0].astype(int), out[-1].astype(int)


@pytest.mark.parametrize("move", list(Movement))
def test_every_move_moves_except_static(move):
    a, b = first_last(make_shot(movement=move))
    changed = np.abs(a - b).mean()
    if move is Movement.STATIC:
        assert changed == 0
    else:
        assert changed > 0.2, f"{move} did not move the picture"


@pytest.mark.parametrize("size", list(ShotSize))
@pytest.mark.parametrize("angle", list(Angle))
def test_every_size_and_angle_renders(size, angle):
    shot = make_shot(size=size, angle=angle, prop="a knife" if size is ShotSize.INSERT else None)
    a, _ = first_last(shot, kind="beauty", frames=1)
    assert a.shape == (72, 128, 3) and a.std() > 5


def test_pan_follows_screen_direction():
    from shots.vocabulary import ScreenDirection

    lr = first_last(make_shot(movement=Movement.PAN, screen_direction=ScreenDirection.LEFT_TO_RIGHT))
    rl = first_last(make_shot(movement=Movement.PAN, screen_direction=ScreenDirection.RIGHT_TO_LEFT))
    assert np.array_equal(lr[0], rl[1]) and np.array_equal(lr[1], rl[0])


def test_dutch_tilts_and_low_looks_up():
    room = dict(size=ShotSize.FS, subjects=(), blocking=(), speaker=None)
    level, _ = first_last(make_shot(**room), frames=1)
    dutch, _ = first_last(make_shot(angle=Angle.DUTCH, **room), frames=1)
    low, _ = first_last(make_shot(angle=Angle.LOW, **room), frames=1)

    def skirting(depth):  # per column, the lowest row still on the back wall (where it meets the floor)
        d = depth[..., 0]
        wall = d[d.shape[0] // 3, d.shape[1] // 2]
        on_wall = np.abs(d - wall) <= 2
        return d.shape[0] - 1 - np.argmax(on_wall[::-1], axis=0)

    assert np.ptp(skirting(level)[20:-20]) <= 1  # a level horizon
    assert np.ptp(skirting(dutch)[20:-20]) > 10  # a tilted one
    assert skirting(low)[20:-20].mean() > skirting(level)[20:-20].mean() + 3  # looking up: the floor sinks


def test_interior_and_exterior_day_and_night_differ():
    looks = {}
    for ie in ("INT", "EXT"):
        for tod in ("DAY", "NIGHT", "DUSK", "DAWN"):
            looks[ie, tod] = first_last(make_shot(int_ext=ie, time_of_day=tod), kind="beauty", frames=1)[0]
    keys = list(looks)
    for i, k in enumerate(keys):
        for k2 in keys[i + 1:]:
            assert not np.array_equal(looks[k], looks[k2]), (k, k2)
    assert looks["EXT", "NIGHT"].mean() < looks["EXT", "DAY"].mean() - 40


def test_an_insert_shows_a_labelled_prop_card():
    shot = make_shot(size=ShotSize.INSERT, type=ShotType.INSERT, subjects=(), blocking=(), speaker=None,
                     prop="the letter", time_of_day="DAY")
    with_text, _ = first_last(shot, kind="beauty", frames=1)
    other, _ = first_last(dataclasses.replace(shot, prop="a revolver"), kind="beauty", frames=1)
    centre = (slice(20, 52), slice(30, 98))
    assert not np.array_equal(with_text[centre], other[centre])
    assert with_text[centre].mean() > 120  # a pale card fills the middle


def test_ots_has_a_dark_foreground_shoulder():
    shot = make_shot(size=ShotSize.MCU, type=ShotType.OTS, lens_mm=50,
                     blocking=(Placement("ben", 0.15, "right", "fg"), Placement("anna", 0.62, "left", "mid")))
    beauty, _ = first_last(shot, kind="beauty", frames=1)
    depth, _ = first_last(shot, frames=1)
    left = (slice(20, 72), slice(0, 30))
    assert depth[left].mean() > depth[:, 64:].mean() + 40  # the shoulder is the nearest thing
    assert beauty[left].mean() < 80  # and dark


TRICKY = [
    ("O'BRIEN", "Don't: it's 100% \\ not 50%."),
    ("ZOË", "Ça va? Dmitri says «Привет», Ἀθηνᾶ, שלום, مرحبا, 東京."),
    ("DR. %s {0}", "Set %d to C:\\temp\\new 'n' \"quote\" :: ; , [a] {b} `c` $HOME"),
    ("A" * 40, "word " * 80),
    ("X\x00Y", "tab\there\nnew line\r\x1b[31m and \u200b zero-width \ud800 lone surrogate"),
]


@pytest.mark.parametrize("name,line", TRICKY)
def test_tricky_script_text_renders(tmp_path, name, line):
    who = BibleEntry("who", name, "", "#101010", "child", VoiceSpec(), 3)
    shot = make_shot(id="7B", subjects=("who",), speaker="who", blocking=(Placement("who", 0.5, "camera"),),
                     dialogue=(DialogueLine("who", line, 11),), location=name, time_of_day=line[:30])
    timed = make_timed(shot, frames=6, cues=[cue("who", line, 0, 6)], cast=(who,))
    r = GreyboxRenderer().render(timed, tmp_path / "t.mp4", TINY)
    frames, _ = decode(r.path)
    assert len(frames) == 6
    silent = list(render_frames(make_timed(shot, frames=6, cast=(who,)), TINY, "beauty"))
    assert np.abs(frames[3].astype(int) - silent[3])[50:].mean() > 1  # the subtitle is there


def test_a_subject_missing_from_the_cast_still_renders_as_a_grey_mannequin():
    shot = make_shot(blocking=(Placement("stranger", 0.5, "camera"),), subjects=("stranger",))
    a, _ = first_last(shot, kind="beauty", frames=1, cast=())
    empty, _ = first_last(dataclasses.replace(shot, blocking=(), subjects=()), kind="beauty", frames=1, cast=())
    assert not np.array_equal(a, empty)


def test_no_blocking_spreads_the_subjects():
    shot = make_shot(blocking=())
    a, _ = first_last(shot, frames=1)
    empty, _ = first_last(dataclasses.replace(shot, subjects=()), frames=1)
    cols = np.nonzero(np.abs(a - empty).max(axis=(0, 2)) > 4)[0]
    assert cols.min() < 50 and cols.max() > 78  # one each side of centre


def test_a_speaker_missing_from_the_cast_is_named_from_the_id():
    shot = make_shot(subjects=("anna",), blocking=(Placement("anna", 0.5, "camera"),))
    line = "You never paid."
    with_entry = BibleEntry("dev-patel-rios", "DEV PATEL-RIOS", "", "#3080a0", "average", VoiceSpec(), 4)
    known = list(render_frames(make_timed(shot, frames=2, cues=[cue("dev-patel-rios", line, 0, 2)],
                                          cast=(with_entry,) + tuple(make_timed().cast)), TINY, "beauty"))
    unknown = list(render_frames(make_timed(shot, frames=2, cues=[cue("dev-patel-rios", line, 0, 2)]), TINY, "beauty"))
    assert unknown[0].shape == known[0].shape and np.abs(unknown[0][50:].astype(int) - known[0][50:]).mean() < 20
