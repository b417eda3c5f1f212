"""Live mode and playback of the app, measured without a terminal.

1. Save -> changed scene playable (goal: under 5 s on the greybox path for the
   bundled example at the default 640x360): after one dialogue line of scene 2
   changes, time the session's re-load (parse, cached plans except scene 2,
   voices, timing), the render of scene 2's dirty shots, and decoding the first
   shot for half-block playback. Everything else was rendered before the save.
   With ``--change note`` the script is first annotated (``previs plan --annotate``)
   and the change is a hand edit of shot 2C's note (``[[2C: CU MARA, 85mm, push in]]``).
2. Half-block decode throughput at 80x30 cells against the 12 frames a second
   the player shows (ratio > 1 means decoding keeps ahead of playback).

Run: .venv/bin/python benchmarks/tui_live.py [--change note]
"""
from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from pathlib import Path

from renders.model import RenderSettings

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "the-night-shift.fountain"


def _change(text: str, kind: str) -> str:
    if kind == "note":
        return re.sub(r"^\[\[2C: .*\]\]$", "[[2C: CU MARA, 85mm, push in]]", text, count=1, flags=re.M)
    return text.replace("Get out of my cab.", "Get out of my cab, now.")


def main() -> None:
    from previs.session import Session
    from tui.player import PLAYER_FPS, Clip, decode_clip

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--change", choices=("dialogue", "note"), default="dialogue",
                        help="what the save changes: a dialogue line (default) or a shot note")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / EXAMPLE.name
        shutil.copyfile(EXAMPLE, script)
        if args.change == "note":
            from previs.annotations import annotate_script
            from previs.pipeline import plan_script

            planned = plan_script(script)
            annotate_script(script, planned.plans, planned.bible)
        settings = RenderSettings()  # 640x360 at 24 fps, the CLI's default
        session = Session(script, settings=settings)
        session.load()
        t = time.perf_counter()
        session.render(session.shot_ids("all"))
        first_render = time.perf_counter() - t
        shots = len(session.view.shots)

        text = script.read_text()
        changed_text = _change(text, args.change)
        assert changed_text != text, "the change found nothing to change"
        script.write_text(changed_text)
        previous = session.view
        t0 = time.perf_counter()
        view = session.load()
        t1 = time.perf_counter()
        changed = view.changed_scenes(previous)
        dirty = view.dirty_ids(changed)
        session.render(dirty)
        t2 = time.perf_counter()
        timed, path = session.playlist("shot", dirty[0])[0]
        frames = decode_clip(Clip(timed.shot.id, path, timed.frames, timed.fps), 80, 30)
        t3 = time.perf_counter()

        print(f"| save ({args.change}) -> playable (scene " + ",".join(sc.id for sc in changed) + ") | seconds |")
        print("|---|---|")
        print(f"| re-load (parse, plans, voices, timing) | {t1 - t0:.2f} |")
        print(f"| render {len(dirty)} dirty shots of {sum(len(sc.shots) for sc in changed)} | {t2 - t1:.2f} |")
        print(f"| decode first shot for playback ({len(frames)} frames) | {t3 - t2:.2f} |")
        print(f"| **total** | **{t3 - t0:.2f}** |")
        print(f"goal 5 s: {'met' if t3 - t0 < 5 else 'MISSED'}  (first full render of {shots} shots: {first_render:.1f} s)")
        print()

        longest = max(session.view.shots, key=lambda s: s.timed.frames)
        clip = Clip(longest.id, longest.rendered.path, longest.timed.frames, longest.timed.fps)
        decode_clip(clip, 80, 30)  # warm the style cache, as a second playback would
        t = time.perf_counter()
        out = decode_clip(clip, 80, 30)
        dt = time.perf_counter() - t
        rate = len(out) / dt
        print("| half-block decode at 80x30 | frames/s | vs 12 fps playback |")
        print("|---|---|---|")
        print(f"| shot {longest.id}, {len(out)} display frames | {rate:.0f} | {rate / PLAYER_FPS:.1f}x |")


if __name__ == "__main__":
    main()
