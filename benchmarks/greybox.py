"""Greybox render speed on ONE core: frames per second and the ratio to real time.

The issue's target is >= 10x real time at 640x360@24 (>= 240 fps) including
encoding. The process (and the ffmpeg encoders it starts, which inherit the
affinity) is pinned to one CPU so the figure means "one core", not "this box".
Speeds are frames per CPU-second of this process plus its ffmpeg children, so
other work sharing the machine does not distort them; wall-clock fps is shown
beside for the full render.

Run by hand:  .venv/bin/python benchmarks/greybox.py [--frames 120] [--size 640x360] [--fps 24]
"""
from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from shots.model import BibleEntry, DialogueLine, Placement, Shot, VoiceSpec
from shots.vocabulary import Angle, Movement, ScreenDirection, ShotSize, ShotType
from renders.model import AudioCue, RenderSettings, TimedShot, VoiceClip
from renders.greybox import GreyboxRenderer
from renders.greybox.canvas import Canvas
from renders.greybox.scene import ShotScene

CAST = (
    BibleEntry("anna", "ANNA", "", "#c84a3a", "average", VoiceSpec(), 1),
    BibleEntry("ben", "BEN O'BRIEN", "", "#3a6cc8", "broad", VoiceSpec(), 2),
)


def _shot(sid: str, size: ShotSize, move: Movement, angle: Angle = Angle.EYE_LEVEL, lens: int = 35,
          int_ext: str = "INT", tod: str = "NIGHT", type_: ShotType = ShotType.TWO_SHOT,
          blocking=(Placement("anna", 0.33, "right"), Placement("ben", 0.67, "left")), prop=None) -> Shot:
    return Shot(id=sid, scene="1", index=0, setup=1, size=size, type=type_, angle=angle, movement=move,
                lens_mm=lens, subjects=("anna", "ben"), speaker="anna", first_line=1, last_line=3,
                description="bench", dialogue=(DialogueLine("anna", "Where were you at 3:00?", 3),), seed=11,
                screen_direction=ScreenDirection.LEFT_TO_RIGHT, blocking=blocking, prop=prop,
                int_ext=int_ext, location="DINER", time_of_day=tod)


def cases() -> list[tuple[str, Shot]]:
    return [
        ("MS two-shot, static", _shot("1A", ShotSize.MS, Movement.STATIC)),
        ("CU, push in", _shot("1B", ShotSize.CU, Movement.PUSH_IN, lens=85, blocking=(Placement("anna", 0.5, "camera"),))),
        ("OTS MCU, static", _shot("1C", ShotSize.MCU, Movement.STATIC, lens=50, type_=ShotType.OTS,
                                   blocking=(Placement("ben", 0.18, "right", "fg"), Placement("anna", 0.62, "left")))),
        ("WS EXT day, pan", _shot("1D", ShotSize.WS, Movement.PAN, lens=24, int_ext="EXT", tod="DAY")),
        ("WS INT, tracking", _shot("1E", ShotSize.WS, Movement.TRACKING, lens=28)),
        ("MS, handheld", _shot("1F", ShotSize.MS, Movement.HANDHELD)),
        ("FS low, crane", _shot("1G", ShotSize.FS, Movement.CRANE, angle=Angle.LOW, int_ext="EXT", tod="DUSK")),
        ("INSERT, push in", _shot("1H", ShotSize.INSERT, Movement.PUSH_IN, type_=ShotType.INSERT, blocking=(),
                                  prop="the letter")),
    ]


def timed(shot: Shot, frames: int, fps: int) -> TimedShot:
    clip = VoiceClip("none.wav", 22050, int(frames * 0.8 * 22050 / fps), int(frames * 0.8), fps)
    cue = AudioCue(clip, frames // 10, "anna", "Where were you at 3:00? Don't say 'nowhere' — it's 100% a lie.", 3)
    return TimedShot(shot, fps, frames, cues=(cue,), cast=CAST)


def cpu_seconds() -> float:
    """CPU time used so far by this process and its finished children (the ffmpeg encoders)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure(fn) -> tuple[float, float]:
    """(CPU seconds, wall seconds) that ``fn()`` took."""
    c0, w0 = cpu_seconds(), time.perf_counter()
    fn()
    return cpu_seconds() - c0, time.perf_counter() - w0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=120)
    ap.add_argument("--size", default="640x360")
    ap.add_argument("--fps", type=int, default=24)
    ap.add_argument("--cpu", type=int, default=0, help="the one CPU to pin to")
    ap.add_argument("--repeat", type=int, default=3, help="runs per shot; the best counts (others' load only slows)")
    args = ap.parse_args()
    os.sched_setaffinity(0, {args.cpu})
    w, h = (int(v) for v in args.size.lower().split("x"))
    settings = RenderSettings(w, h, args.fps)
    print(f"greybox on 1 core (cpu {args.cpu}), {w}x{h}@{args.fps}, {args.frames} frames per shot, "
          f"best of {args.repeat}; load average {os.getloadavg()[0]:.1f}\n")
    head = (f"{'shot':<22} {'draw fps':>9} {'+enc fps':>9} {'+ctrl fps':>10} {'x real':>7} "
            f"{'x real+ctrl':>12} {'wall fps+ctrl':>14}")
    print(head)
    print("-" * len(head))
    totals = [0.0, 0.0, 0.0, 0.0]
    n = 0
    with tempfile.TemporaryDirectory() as tmp:
        for label, shot in cases():
            t = timed(shot, args.frames, args.fps)

            def draw():  # what render() does, minus the encoders
                scene, canvas = ShotScene(t, settings), Canvas(w, h, depth=True)
                for i in range(t.frames):
                    scene.paint(i, canvas)

            def best(fn) -> tuple[float, float]:
                runs = [measure(fn) for _ in range(max(1, args.repeat))]
                return min(r[0] for r in runs), min(r[1] for r in runs)

            draw_cpu, _ = best(draw)
            enc_cpu, _ = best(lambda: GreyboxRenderer(control=False).render(t, Path(tmp) / f"{shot.id}.mp4", settings))
            ctrl_cpu, ctrl_wall = best(
                lambda: GreyboxRenderer(control=True).render(t, Path(tmp) / f"{shot.id}c.mp4", settings))
            f = args.frames
            totals = [totals[0] + draw_cpu, totals[1] + enc_cpu, totals[2] + ctrl_cpu, totals[3] + ctrl_wall]
            n += f
            print(f"{label:<22} {f / draw_cpu:9.0f} {f / enc_cpu:9.0f} {f / ctrl_cpu:10.0f} "
                  f"{f / enc_cpu / args.fps:6.1f}x {f / ctrl_cpu / args.fps:11.1f}x {f / ctrl_wall:14.0f}")
    print("-" * len(head))
    print(f"{'all':<22} {n / totals[0]:9.0f} {n / totals[1]:9.0f} {n / totals[2]:10.0f} "
          f"{n / totals[1] / args.fps:6.1f}x {n / totals[2] / args.fps:11.1f}x {n / totals[3]:14.0f}")
    print("\ndraw = beauty and depth planes painted, not encoded; +enc = beauty MP4 written;"
          "\n+ctrl = beauty and depth control MP4s (the renderer's default). fps per CPU-second on one core."
          "\ntarget: x real >= 10 (240 fps at 24 fps).")

if __name__ == "__main__":
    main()
