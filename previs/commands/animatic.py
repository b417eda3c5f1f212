"""``previs animatic``: the main job — script in, animatic MP4 with scratch dialogue out."""
from __future__ import annotations

import argparse
import re
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


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"size must look like 640x360, not {text!r}")
    w, h = int(m.group(1)), int(m.group(2))
    if w < 64 or h < 64 or w % 2 or h % 2 or w > 7680 or h > 4320:
        raise argparse.ArgumentTypeError("size must be even, at least 64x64 and at most 7680x4320")
    return w, h


def _fps(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"fps must be a whole number, not {text!r}") from None
    if not 1 <= v <= 120:
        raise argparse.ArgumentTypeError("fps must be between 1 and 120")
    return v


def add_render_options(p: argparse.ArgumentParser) -> None:
    """Options shared by every command that renders (animatic, export, tui)."""
    p.add_argument("--scenes", metavar="SEL", help="scenes to include: 3-7, 12A, 2,4 (default: all)")
    p.add_argument("--renderer", choices=("greybox", "diffusion"), default="greybox",
                   help="greybox: blocking mannequins, runs anywhere (default); diffusion: a local video model on a GPU")
    p.add_argument("--model", metavar="PATH_OR_ID",
                   help="diffusion model: a local diffusers folder or a model id in the local Hugging Face cache")
    p.add_argument("--draft", action="store_true", help="diffusion: fast draft pass (LTX-Video family)")
    p.add_argument("--steps", type=int, metavar="N", help="diffusion: denoising steps (default: the model family's)")
    p.add_argument("--guidance", type=float, metavar="F", help="diffusion: classifier-free guidance scale")
    p.add_argument("--cache-hook", choices=("fbc",), default=None,
                   help="diffusion: First Block Cache, faster steps at a small quality cost (see docs/diffusion.md)")
    p.add_argument("--compile", action="store_true",
                   help="diffusion: torch.compile the transformer's repeated blocks (~13 s once, faster steps)")
    p.add_argument("--offload", choices=("auto", "none", "model", "group"), default="auto",
                   help="diffusion: move idle model parts to the CPU to fit small GPUs (default: auto by GPU memory)")
    p.add_argument("--size", type=_size, default=(640, 360), metavar="WxH", help="frame size (default 640x360)")
    p.add_argument("--fps", type=_fps, default=24, help="frame rate (default 24)")
    p.add_argument("--planner", choices=("heuristic", "llm"), default="heuristic",
                   help="heuristic: offline and deterministic (default); llm: an OpenAI-compatible endpoint")
    p.add_argument("--llm-model", metavar="M", help="model for --planner llm (or PREVIS_LLM_MODEL)")
    p.add_argument("--llm-fallback", action="store_true",
                   help="with --planner llm: use the heuristic plan for a scene the LLM cannot plan")
    p.add_argument("--project", metavar="DIR", help="project folder (default: SCRIPT.previs next to the script)")
    p.add_argument("--executor", choices=("local", "ray"), default="local",
                   help="local: this process (default); ray: a Ray cluster (needs the cluster extra)")
    p.add_argument("--ray-address", metavar="ADDR", help="with --executor ray: auto, or ray://host:port")
    p.add_argument("--gpus-per-shot", type=float, default=None, metavar="N",
                   help="with --executor ray: GPUs each render actor takes (default 1 for diffusion, 0 for greybox)")
    p.add_argument("--shared-dir", metavar="DIR",
                   help="with --executor ray on several machines: a folder every node can write (NFS...) where "
                        "workers leave finished shots for the driver (default: inside the project folder)")


def pipeline_kwargs(args: argparse.Namespace) -> dict:
    """Turn the shared render options into keyword arguments for previs.pipeline.build_animatic."""
    from renders.model import RenderSettings

    renderer_options: dict = {}
    if args.renderer == "diffusion":
        if not args.model:
            raise PrevisError("--renderer diffusion needs --model PATH_OR_ID (a local diffusers model folder)")
        renderer_options = {"model": args.model, "draft": args.draft,
                            "offload": None if args.offload == "none" else args.offload}
        if args.steps:
            renderer_options["steps"] = args.steps
        if args.guidance is not None:
            renderer_options["guidance"] = args.guidance
        if args.cache_hook:
            renderer_options["cache_hook"] = args.cache_hook
        if args.compile:
            renderer_options["compile"] = True
    elif args.model or args.draft or args.steps or args.guidance is not None or args.cache_hook or args.compile:
        raise PrevisError("--model, --draft, --steps, --guidance, --cache-hook and --compile go with --renderer diffusion")
    planner_options: dict = {}
    if args.planner == "llm":
        planner_options = {"model": args.llm_model, "fallback": args.llm_fallback}
    executor_options: dict = {}
    if args.executor == "ray":
        executor_options = {"address": args.ray_address, "staging_dir": args.shared_dir,
                            "gpus_per_actor": args.gpus_per_shot if args.gpus_per_shot is not None
                            else (1.0 if args.renderer == "diffusion" else 0.0)}
    w, h = args.size
    return dict(renderer=args.renderer, renderer_options=renderer_options,
                settings=RenderSettings(width=w, height=h, fps=args.fps), scenes=args.scenes,
                planner=args.planner, planner_options=planner_options, project_dir=args.project,
                executor=args.executor, executor_options=executor_options)


def session_from_args(args: argparse.Namespace, script: str | None = None):
    """A :class:`previs.session.Session` on ``args.script`` with the shared render options
    (for the commands that work shot by shot: tui, reference)."""
    from previs.session import Session

    kwargs = pipeline_kwargs(args)
    if kwargs.get("executor", "local") != "local":
        raise PrevisError(f"--executor {kwargs['executor']} is for previs animatic and export; "
                          "this command renders in this process")
    return Session(script or args.script, renderer=kwargs["renderer"], renderer_options=kwargs["renderer_options"],
                   settings=kwargs["settings"], planner=kwargs["planner"],
                   planner_options=kwargs["planner_options"], scenes=kwargs["scenes"],
                   project_dir=kwargs["project_dir"])


def register(sub) -> None:
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
        import json

        print(json.dumps(summary_json(result), indent=1, ensure_ascii=False))
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
