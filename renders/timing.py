"""Timing: how many frames each shot lasts, and where its dialogue sits inside it.

Why a model at all: an animatic is judged on its rhythm, and the only honest
clock we have before a cut exists is the scratch voice (for dialogue) and a
reading rate (for everything else). All results are integer frames at ``fps``;
seconds are for display only.

The numbers (at any fps; frames are rounded up so nothing is cut short):

- **Dialogue shot**: ``HEAD_HANDLE`` (0.25 s) of air, then each clip in the
  order of ``shot.dialogue`` with ``LINE_GAP`` (0.25 s) between clips, then
  ``TAIL_HANDLE`` (0.5 s) to let the line land. If the shot also covers action
  text, the action plays under the speech: the shot lasts the longer of the two.
- **Action**: Storyboarder's reading-rate estimate (see ANCHORS.md), 0.5 s +
  0.2 s per word of the action text the shot covers.
- **Insert**: the same reading rate, but at least ``INSERT_MIN`` (1.5 s): a
  prop card has to be read.
- **Nothing to read or hear** (an establishing or reaction shot): the
  planner's ``est_seconds``.
- **Dialogue without clips** (voices switched off): 1 s + 0.3 s per word.
- Every shot lasts at least ``MIN_SHOT`` (1 s) and at most ``MAX_SHOT_SECONDS``
  (renders/limits.py), unless its (clamped) speech needs longer.

Page check: one page is about a minute, so one eighth of a page is 7.5 s; a
scene whose animatic length is off its page-eighths estimate by more than
``MISMATCH`` (50%) is reported by :func:`page_mismatch`.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from shots.model import BibleEntry, Shot, ShotPlan
from shots.vocabulary import ShotSize, ShotType
from renders.limits import MAX_SHOT_SECONDS, MAX_SPOKEN_CHARS, clamp_text
from renders.model import AudioCue, TimedShot, VoiceClip

MIN_SHOT = 1.0  # seconds
HEAD_HANDLE = 0.25
LINE_GAP = 0.25
TAIL_HANDLE = 0.5
ACTION_BASE, ACTION_PER_WORD = 0.5, 0.2
DIALOGUE_BASE, DIALOGUE_PER_WORD = 1.0, 0.3  # only when a dialogue shot has no clips
INSERT_MIN = 1.5
SECONDS_PER_EIGHTH = 7.5
MISMATCH = 0.5

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def to_frames(seconds: float, fps: int) -> int:
    """Seconds -> whole frames, rounded up (with a hair of tolerance for float noise)."""
    return max(0, math.ceil(seconds * fps - 1e-6))


def clip_frames(clip: VoiceClip, fps: int) -> int:
    """A clip's length in frames at ``fps`` (rounded up), whatever fps it was made at."""
    return math.ceil(clip.samples * fps / clip.sample_rate)


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits (``don't`` is one)."""
    return len(_WORD.findall(text))


def reading_seconds(text: str) -> float:
    """Storyboarder's action estimate: 0.5 s + 0.2 s per word; 0 for no words."""
    n = word_count(text)
    return ACTION_BASE + ACTION_PER_WORD * n if n else 0.0


def _is_insert(shot: Shot) -> bool:
    return shot.size == ShotSize.INSERT or shot.type == ShotType.INSERT


def time_shot(shot: Shot, clips: Sequence[VoiceClip], fps: int, cast: Sequence[BibleEntry] = ()) -> TimedShot:
    """Decide one shot's length and place its dialogue clips on frames.

    Args:
        shot: the shot.
        clips: one clip per ``shot.dialogue`` line, same order; empty to estimate
            dialogue from its word count instead (then the shot has no cues).
        fps: frames per second.
        cast: the bible entries of the shot's subjects, carried along for the renderer.
    Returns:
        A :class:`TimedShot` with ``start`` 0, ``frames`` >= 1 s, and cues whose
        clips end at least ``TAIL_HANDLE`` before the shot ends.
    Raises:
        ValueError: ``fps`` is not positive, or ``clips`` is neither empty nor one per line.
    """
    if fps <= 0:
        raise ValueError(f"fps must be positive, not {fps}")
    if clips and len(clips) != len(shot.dialogue):
        raise ValueError(f"shot {shot.id}: {len(clips)} clips for {len(shot.dialogue)} dialogue lines")
    candidates = [to_frames(MIN_SHOT, fps)]
    speech = 0  # frames the clips need: never cut
    cues: list[AudioCue] = []
    if clips:
        at = to_frames(HEAD_HANDLE, fps)
        gap = to_frames(LINE_GAP, fps)
        for i, (line, clip) in enumerate(zip(shot.dialogue, clips)):
            if i:
                at += gap
            n = clip_frames(clip, fps)
            if clip.fps != fps or clip.frames != n:
                clip = VoiceClip(clip.wav, clip.sample_rate, clip.samples, n, fps, clip.word_times)
            cues.append(AudioCue(clip=clip, offset=at, character=line.character, text=line.text, line=line.line))
            at += n
        speech = at + to_frames(TAIL_HANDLE, fps)
    elif shot.dialogue:
        words = sum(word_count(clamp_text(d.text, MAX_SPOKEN_CHARS)) for d in shot.dialogue)
        candidates.append(to_frames(DIALOGUE_BASE + DIALOGUE_PER_WORD * words, fps))
    read = reading_seconds(shot.action)
    if read:
        candidates.append(to_frames(read, fps))
    if _is_insert(shot):
        candidates.append(to_frames(max(INSERT_MIN, reading_seconds(shot.prop or "")), fps))
    if not shot.dialogue and not read:
        candidates.append(to_frames(shot.est_seconds, fps))
    frames = max(speech, min(max(candidates), to_frames(MAX_SHOT_SECONDS, fps)))
    return TimedShot(shot=shot, fps=fps, frames=frames, start=0, cues=tuple(cues), cast=tuple(cast))


def time_shots(shots_with_clips: Sequence[tuple[Shot, Sequence[VoiceClip]]], fps: int,
               casts: Sequence[Sequence[BibleEntry]] | None = None) -> list[TimedShot]:
    """Time shots in cut order; each ``start`` is the sum of the frames before it.

    Args:
        shots_with_clips: (shot, its clips) pairs, in cut order.
        fps: frames per second.
        casts: optional, one cast per shot (same order).
    Returns:
        The timed shots.
    Raises:
        ValueError: as :func:`time_shot`, or ``casts`` of the wrong length.
    """
    if casts is not None and len(casts) != len(shots_with_clips):
        raise ValueError(f"{len(casts)} casts for {len(shots_with_clips)} shots")
    out: list[TimedShot] = []
    start = 0
    for i, (shot, clips) in enumerate(shots_with_clips):
        t = time_shot(shot, clips, fps, casts[i] if casts is not None else ())
        out.append(TimedShot(t.shot, t.fps, t.frames, start, t.cues, t.cast))
        start += t.frames
    return out


@dataclass(frozen=True, slots=True)
class SceneLength:
    """A scene's animatic length against its page estimate (``eighths`` of a page)."""

    scene: str
    heading: str
    line: int
    eighths: int
    frames: int
    fps: int

    @property
    def seconds(self) -> float:
        return self.frames / self.fps

    @property
    def estimate_seconds(self) -> float:
        return self.eighths * SECONDS_PER_EIGHTH

    @property
    def ratio(self) -> float | None:
        """Animatic / estimate (1.0 = on the page count); None without an estimate."""
        return self.seconds / self.estimate_seconds if self.eighths > 0 else None

    @property
    def off(self) -> bool:
        r = self.ratio
        return r is not None and abs(r - 1.0) > MISMATCH


def scene_lengths(plans: Sequence[ShotPlan], timed: Sequence[TimedShot], fps: int) -> list[SceneLength]:
    """Each planned scene's total animatic frames (shots matched by ``shot.scene``), in plan order."""
    frames: dict[str, int] = {}
    for t in timed:
        frames[t.shot.scene] = frames.get(t.shot.scene, 0) + t.frames
    return [SceneLength(p.scene, p.heading, p.first_line, p.eighths, frames.get(p.scene, 0), fps) for p in plans]


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"


def _pages(eighths: int) -> str:
    whole, part = divmod(eighths, 8)
    if not part:
        return f"{whole} page" + ("s" if whole != 1 else "")
    return (f"{whole} {part}/8" if whole else f"{part}/8") + " page"


def page_mismatch(plans: Sequence[ShotPlan], timed: Sequence[TimedShot], fps: int) -> list[str]:
    """Scenes whose animatic length is off their page-eighths estimate by more than 50%.

    Args:
        plans: the scene plans (their ``eighths``, heading and first line). Skipped:
            scenes with ``eighths`` 0 (no estimate) and text before the first scene
            heading (no heading: a ``FADE IN:`` is not a scene to time).
        timed: the timed shots of those scenes.
        fps: frames per second.
    Returns:
        One human line per scene that is off, e.g. ``"scene 3 (INT. KITCHEN - NIGHT), line 40:
        animatic 2:10 vs 0:45 for 6/8 page (+189%)"``; empty when all are close.
    """
    out = []
    for s in scene_lengths(plans, timed, fps):
        if not s.off or not s.heading:
            continue
        pct = round((s.ratio - 1.0) * 100)
        where = f"scene {s.scene}" + (f" ({s.heading})" if s.heading else "") + f", line {s.line}"
        out.append(f"{where}: animatic {_clock(s.seconds)} vs {_clock(s.estimate_seconds)} for "
                   f"{_pages(s.eighths)} ({pct:+d}%)")
    return out
