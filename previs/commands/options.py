"""Command-line pieces shared by several commands: the render options, their translation into
pipeline arguments, argument types, and the one JSON printer.

Why one module: ``animatic``, ``export``, ``tui`` and ``reference`` take the same
render options and must turn them into the same ``build_animatic``/``Session``
arguments; every ``--json`` prints the same way (UTF-8, whatever the locale).
Nothing heavy is imported here (``previs --help`` stays fast).
"""
from __future__ import annotations

import argparse
import re
import sys

from screenplay.errors import PrevisError


def _two_numbers(text: str) -> tuple[int, int] | None:
    """``"640x360"`` -> ``(640, 360)``; None when ``text`` is not two whole numbers joined by x."""
    m = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def grid_arg(text: str) -> tuple[int, int]:
    """``--grid 3x2``: storyboard columns x rows."""
    pair = _two_numbers(text)
    if pair is None:
        raise argparse.ArgumentTypeError(f"grid must look like 2x3 (columns x rows), not {text!r}")
    cols, rows = pair
    if not (1 <= cols <= 6 and 1 <= rows <= 8):
        raise argparse.ArgumentTypeError("grid: 1-6 columns and 1-8 rows")
    return cols, rows


def print_json(data, indent: int = 1) -> None:
    """Print ``data`` as JSON on stdout, UTF-8 whatever the terminal's locale (``--json``);
    control characters escaped (:func:`previs.terminal.terminal_json`), the same data."""
    from previs.terminal import terminal_json

    sys.stdout.flush()
    sys.stdout.buffer.write(terminal_json(data, indent=indent).encode("utf-8") + b"\n")
    sys.stdout.flush()


def size_arg(text: str) -> tuple[int, int]:
    """``--size 1280x720``: even, 64x64 to 7680x4320."""
    pair = _two_numbers(text)
    if pair is None:
        raise argparse.ArgumentTypeError(f"size must look like 640x360, not {text!r}")
    w, h = pair
    if w < 64 or h < 64 or w % 2 or h % 2 or w > 7680 or h > 4320:
        raise argparse.ArgumentTypeError("size must be even, at least 64x64 and at most 7680x4320")
    return w, h


def fps_arg(text: str) -> int:
    """``--fps 25``: a whole number from 1 to 120."""
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
    p.add_argument("--mannequin-refs", action="store_true",
                   help="diffusion: a mannequin still as the reference of characters without a reference image "
                        "(off: VACE renders the reference subject, so it would draw a mannequin)")
    p.add_argument("--offload", choices=("auto", "none", "model", "group"), default="auto",
                   help="diffusion: move idle model parts to the CPU to fit small GPUs (default: auto by GPU memory)")
    p.add_argument("--size", type=size_arg, default=(640, 360), metavar="WxH", help="frame size (default 640x360)")
    p.add_argument("--fps", type=fps_arg, default=24, help="frame rate (default 24)")
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
        if args.mannequin_refs:
            renderer_options["mannequin_references"] = True
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
