"""``previs animatic``: the main job — script in, animatic MP4 with scratch dialogue out."""
from __future__ import annotations

import argparse
import sys

from screenplay.errors import PrevisError

HELP = """\
Render the script as an animatic: plan the shots, speak the dialogue in scratch
voices, render every shot (greybox blocking by default: no GPU, no weights), and
cut them into one MP4 with sound. Work is kept in SCRIPT.previs/, so running again
after an edit re-renders only the shots that changed (and resumes after a crash).

examples:
  previs animatic examples/the-night-shift.fountain
  previs animatic script.fountain --scenes 3-7 -o review.mp4
  previs animatic script.fountain --size 1280x720 --fps 25
  previs animatic script.fountain --renderer diffusion --model ~/models/Wan2.1-VACE-1.3B-diffusers
"""


def register(sub) -> None:
    from previs.commands.options import add_render_options

    p = sub.add_parser("animatic", help="render the script as an animatic MP4 with scratch dialogue",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("script", metavar="SCRIPT", help="a Fountain screenplay (.fountain)")
    p.add_argument("-o", "--output", metavar="OUT.mp4", help="where to write the animatic (default: SCRIPT.animatic.mp4)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars, only the summary")
    p.add_argument("--json", action="store_true",
                   help="print the summary as JSON (shots with start/frames, counts, output) for scripts")
    add_render_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import threading

    from previs.terminal import stdout_console

    from previs.commands.options import pipeline_kwargs, print_json
    from previs.pipeline import build_animatic
    from previs.progress_view import ProgressView

    if args.output and not args.output.lower().endswith((".mp4", ".m4v", ".mov")):
        raise PrevisError(f"the output must be an .mp4 file, not {args.output!r}")
    cancel = threading.Event()
    kwargs = pipeline_kwargs(args)
    try:
        with ProgressView(enabled=not args.quiet) as view:
            result = build_animatic(args.script, out=args.output, progress=view, cancel=cancel, **kwargs)
    except KeyboardInterrupt:
        cancel.set()
        raise
    for line in result.plan.notices(args.script):  # unusable shot notes, orphaned hand edits
        print(line, file=sys.stderr)
    a = result.animatic
    if args.json:
        print_json(summary_json(result))
        return 0
    console = stdout_console(120)
    n = len(a.shots)
    scenes = len(result.plan.plans)
    console.print(f"[bold]{result.rendered_count} of {n} shots rendered, {result.cached_count} cached[/] "
                  f"({result.voices_made} voice clips spoken, {result.voices_cached} cached)")
    console.print(f"{scenes} scenes, {n} shots, {a.frames} frames = {a.seconds:.1f} s at {a.fps} fps "
                  f"({int(a.seconds // 60)}:{a.seconds % 60:04.1f})")
    for line in result.timing_report:
        console.print(f"[yellow]timing:[/] {line}")
    console.print(f"animatic: [bold]{result.output}[/]")
    return 0


def summary_json(result) -> dict:
    """The machine-readable summary of an animatic run (``--json``)."""
    a = result.animatic
    return {
        "output": str(result.output),
        "fps": a.fps,
        "frames": a.frames,
        "seconds": round(a.seconds, 3),
        "rendered": result.rendered_count,
        "cached": result.cached_count,
        "voices_made": result.voices_made,
        "voices_cached": result.voices_cached,
        "timing_report": list(result.timing_report),
        "shots": [
            {"id": t.shot.id, "scene": t.shot.scene, "start": t.start, "frames": t.frames,
             "dialogue": [{"character": c.character, "offset": c.offset, "frames": c.clip.frames}
                          for c in t.cues],
             "rendered": not r.cached}
            for t, r in zip(a.shots, a.rendered)
        ],
    }
