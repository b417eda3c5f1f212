"""How fast is the diffusion renderer, and how far from the hardware's floor?

Runs the real pipelines (the renderer's own ``wan_vace.generate`` / ``ltx.generate``)
on the published full-size architectures -- Wan2.1 VACE 1.3B at 832x480, 81 frames,
with a control video and one reference image; LTX-Video 2B at 704x480, 121 frames,
first-frame conditioned -- with random bf16 weights (speed does not depend on the
weight values; output quality is NOT judged). The text encoder is a tiny stand-in:
the real UMT5/T5-XXL runs once per prompt, not per step.

Per variant (baseline, torch.compile; for LTX also First Block Cache and both --
FBC is refused for Wan VACE, see renders/diffusion/levers.py) it prints: seconds
per denoising step (CFG: two transformer forwards), GPU seconds per second of
animatic at the default step count (steps x step time + VAE encode/decode), peak
GPU memory *plus the real text encoder's weights* (the run uses a tiny stand-in:
the encoder runs once per prompt, but a resident pipeline holds it), the ratio to
the FLOP floor (transformer FLOPs per step counted with torch.utils.flop_counter,
at the bf16 matmul rate measured in the same run), and Dynamo compilations during
the warm-up and during the timed steps (which must be 0) with recompile-limit hits.

Each architecture is built once, on the device, and reused by every variant (FBC is
switched off again; compile comes last, it cannot be undone). Every variant is warmed
up with >= 3 steps at the shape it is timed at, so compilation stays out of the timing.

    python benchmarks/diffusion.py                 # on a CUDA machine (full size)
    python benchmarks/diffusion.py --quick         # fewer timed steps (scripts/gpu-check.sh)
    python benchmarks/diffusion.py --tiny          # CPU smoke run of the same code, tiny configs
    python benchmarks/diffusion.py --models wan-vace --variants baseline,compile --steps 4
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from renders.diffusion import ltx, tiny, wan_vace  # noqa: E402
from renders.diffusion.levers import CompileWatch, RECOMPILE_LIMIT, check_cache_hook, compile_fullgraph  # noqa: E402
from renders.diffusion.profile import DEFAULTS  # noqa: E402

# (width, height, frames, native fps) per family: one ~5 s shot.
FULL_SHAPES = {"wan-vace": (832, 480, 81, 16), "ltx": (704, 480, 121, 24)}
TINY_SHAPES = {"wan-vace": (32, 32, 9, 16), "ltx": (32, 32, 9, 24)}
VARIANTS = ("baseline", "fbc", "compile", "fbc+compile")  # in this order: compile cannot be undone
WARMUP_STEPS = 3
# The real text encoders' parameters (the benchmark runs a tiny stand-in): UMT5-XXL's encoder for Wan,
# T5-v1.1-XXL's for LTX; added to the measured peak as bf16 weights, as a resident pipeline holds them.
TEXT_ENCODER_PARAMS = {"wan-vace": 5.7e9, "ltx": 4.8e9}


def matmul_rate(device: str, dtype, n: int, repeats: int = 20) -> float:
    """Measured dense matmul throughput in FLOP/s for n x n @ n x n."""
    import torch

    a = torch.randn(n, n, device=device, dtype=dtype)
    b = torch.randn(n, n, device=device, dtype=dtype)
    for _ in range(3):
        a @ b
    _sync(device)
    t = time.perf_counter()
    for _ in range(repeats):
        a @ b
    _sync(device)
    return 2 * n**3 * repeats / (time.perf_counter() - t)


def _sync(device: str) -> None:
    import torch

    if device.startswith("cuda"):
        torch.cuda.synchronize()


def build(family: str, is_tiny: bool, dtype, device: str):
    """A pipeline with the published (or tiny) transformer and VAE, random weights, built on
    ``device`` (random init on a GPU takes seconds, on the CPU minutes); Wan's VAE in float32 as
    the renderer loads it."""
    import torch

    with torch.device(device):
        if family == "wan-vace":
            pipe = tiny.tiny_wan_vace_pipeline(transformer_config=None if is_tiny else tiny.WAN_VACE_1_3B,
                                               dtype=dtype, full_vae=not is_tiny)
            pipe.vae.to(torch.float32)
        else:
            pipe = tiny.tiny_ltx_pipeline(transformer_config=None if is_tiny else tiny.LTX_2B, dtype=dtype,
                                          full_vae=not is_tiny)
    pipe.set_progress_bar_config(disable=True)
    return pipe.to(device)


def variants_for(family: str, wanted: list[str]) -> list[str]:
    """The variants that are correct for ``family`` (no FBC for Wan VACE), in run order."""
    def allowed(v):
        try:
            check_cache_hook(family, "fbc" if "fbc" in v else None)
        except Exception:
            return False
        return True

    return [v for v in VARIANTS if v in wanted and allowed(v)]


def transformer_flops(family: str, config: dict, width: int, height: int, frames: int,
                      t_ratio: int, s_ratio: int) -> float:
    """FLOPs of one transformer forward (one CFG branch) at the shot's shape, counted by
    torch.utils.flop_counter on the meta device: exact for the architecture, no GPU, no weights."""
    import torch
    from diffusers import LTXVideoTransformer3DModel, WanVACETransformer3DModel
    from torch.utils.flop_counter import FlopCounterMode

    dev, dt = torch.device("meta"), torch.bfloat16
    t_lat, h, w = (frames - 1) // t_ratio + 1, height // s_ratio, width // s_ratio
    ts = torch.tensor([500], device=dev)
    with dev:
        if family == "wan-vace":
            tr = WanVACETransformer3DModel(**config).to(dt)
            t_lat += 1  # the reference image is one more latent frame
            x = torch.randn(1, config["in_channels"], t_lat, h, w, dtype=dt)
            ctl = torch.randn(1, config["vace_in_channels"], t_lat, h, w, dtype=dt)
            text = torch.randn(1, 512, config["text_dim"], dtype=dt)
            scale = torch.ones(len(config["vace_layers"]), dtype=dt)
            call = lambda: tr(hidden_states=x, timestep=ts, encoder_hidden_states=text,  # noqa: E731
                              control_hidden_states=ctl, control_hidden_states_scale=scale, return_dict=False)
        else:
            tr = LTXVideoTransformer3DModel(**config).to(dt)
            x = torch.randn(1, t_lat * h * w, config["in_channels"], dtype=dt)
            text = torch.randn(1, 256, config["caption_channels"], dtype=dt)
            mask = torch.ones(1, 256, dtype=dt)
            call = lambda: tr(hidden_states=x, encoder_hidden_states=text, timestep=ts,  # noqa: E731
                              encoder_attention_mask=mask, num_frames=t_lat, height=h, width=w,
                              rope_interpolation_scale=(1.0, 1.0, 1.0), return_dict=False)
        counter = FlopCounterMode(display=False)
        with torch.no_grad(), counter:
            call()
    return float(counter.get_total_flops())


def flops_table(is_tiny: bool, families: list[str], rate: float | None) -> list[tuple]:
    """(family, tokens-ish shape, FLOP per CFG step, floor seconds at ``rate`` or None)."""
    rows = []
    for family in families:
        width, height, frames, _ = (TINY_SHAPES if is_tiny else FULL_SHAPES)[family]
        if family == "wan-vace":
            config, ratios = (tiny.TINY_WAN_VACE if is_tiny else tiny.WAN_VACE_1_3B), (4, 8)
        else:
            config, ratios = (tiny.TINY_LTX if is_tiny else tiny.LTX_2B), ((4, 4) if is_tiny else (8, 32))
        guided = 2 if DEFAULTS[family][2] > 1 else 1
        flops = guided * transformer_flops(family, config, width, height, frames, *ratios)
        rows.append((family, f"{width}x{height}x{frames}", flops, flops / rate if rate else None))
    return rows


def run_shot(pipe, family: str, width: int, height: int, frames: int, steps: int, device: str) -> dict:
    """One shot through the renderer's family code; step times from the step callback."""
    import torch

    stamps: list[float] = []

    def on_step(p, i, t, kw):
        _sync(device)
        stamps.append(time.perf_counter())
        return {}

    rng = np.random.default_rng(0)
    control = [rng.integers(0, 255, (height, width, 3), dtype=np.uint8) for _ in range(frames)]
    refs = [np.full((height, width // 2, 3), 200, np.uint8)]
    mod = wan_vace if family == "wan-vace" else ltx
    extra = {} if family == "wan-vace" else {"first_frame": control[0]}  # a picture of the shot, as a user gives
    if device.startswith("cuda"):
        torch.cuda.reset_peak_memory_stats()
    _sync(device)
    t0 = time.perf_counter()
    mod.generate(pipe, prompt="a wide shot of a woman in a room at night", negative="blurry", control=control,
                 references=refs, width=width, height=height, num_frames=frames, steps=steps,
                 guidance=DEFAULTS[family][2], seed=0, callback=on_step, **extra)
    _sync(device)
    t_end = time.perf_counter()
    step_times = np.diff([t0] + stamps)
    steady = step_times[1:] if len(step_times) > 2 else step_times
    per_step = float(np.median(steady))
    # Everything that is not a steady step: prompt encode, control/reference VAE encode, first-step warmup, decode.
    overhead = (t_end - t0) - per_step * steps
    peak = torch.cuda.max_memory_allocated() / 2**30 if device.startswith("cuda") else float("nan")
    return {"per_step": per_step, "overhead": overhead, "total": t_end - t0, "peak_gib": peak}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tiny", action="store_true", help="tiny configs on CPU: checks the script end to end")
    ap.add_argument("--quick", action="store_true", help="3 timed steps per variant (the GPU check's setting)")
    ap.add_argument("--models", default="wan-vace,ltx")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--steps", type=int, default=None, help="timed steps (default 3 with --tiny/--quick, else 6)")
    ap.add_argument("--flops-only", action="store_true",
                    help="only count transformer FLOPs (meta device: no GPU, no weights) and the floor at --rate")
    ap.add_argument("--rate", type=float, default=798.0, help="TFLOP/s for --flops-only floors (default: H100 bf16)")
    ap.add_argument("--tests", default=None, help="a line to print above the table (the GPU check's test result)")
    args = ap.parse_args(argv)

    import torch
    from diffusers.utils import logging as diffusers_logging

    diffusers_logging.set_verbosity_error()
    families = args.models.split(",")
    if args.flops_only:
        print(f"transformer FLOPs per denoising step (CFG: two forwards); floor at {args.rate:.0f} TFLOP/s")
        print("| model | shot WxHxF | FLOP/step | floor s/step |")
        print("|---|---|---|---|")
        for f, shape, fl, floor in flops_table(args.tiny, families, args.rate * 1e12):
            print(f"| {f} | {shape} | {fl:.3e} | {floor:.3f} |")
        return 0
    device = "cuda" if torch.cuda.is_available() and not args.tiny else "cpu"
    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    if not args.tiny and device == "cpu" and not args.flops_only:
        print("no CUDA device: full-size configs need a GPU; run with --tiny for a CPU smoke run", file=sys.stderr)
        return 2
    steps = args.steps or (3 if (args.tiny or args.quick) else 6)
    shapes = TINY_SHAPES if args.tiny else FULL_SHAPES
    rate = matmul_rate(device, dtype, 1024 if args.tiny else 8192)
    floors = {f: floor for f, _, _, floor in flops_table(args.tiny, families, rate)}
    torch._dynamo.config.recompile_limit = max(torch._dynamo.config.recompile_limit, RECOMPILE_LIMIT)
    print(f"device {torch.cuda.get_device_name() if device == 'cuda' else 'cpu'}; torch {torch.__version__}; "
          f"{'fp32' if dtype == torch.float32 else 'bf16'} matmul {rate / 1e12:.3f} TFLOP/s; "
          f"warm-up {WARMUP_STEPS} steps, timed {steps} steps per variant")
    rows = []
    for family in families:
        width, height, frames, fps = shapes[family]
        default_steps = DEFAULTS[family][0]
        clip_seconds = frames / fps
        t = time.perf_counter()
        pipe = build(family, args.tiny, dtype, device)
        build_s = time.perf_counter() - t
        planned = variants_for(family, args.variants.split(","))
        for variant in planned:
            if "fbc" in variant:
                from diffusers.hooks import FirstBlockCacheConfig

                if not pipe.transformer.is_cache_enabled:
                    pipe.transformer.enable_cache(FirstBlockCacheConfig(threshold=0.05))
            elif pipe.transformer.is_cache_enabled:
                pipe.transformer.disable_cache()
            if "compile" in variant and not getattr(pipe, "_bench_compiled", False):
                # The renderer's rule, for the FBC variant still to come on this compiled pipeline (without
                # graph breaks fullgraph=False compiles the same graphs).
                pipe.transformer.compile_repeated_blocks(
                    fullgraph=compile_fullgraph("fbc" if "fbc+compile" in planned else None, None))
                pipe._bench_compiled = True
            t = time.perf_counter()
            with CompileWatch() as warm:
                run_shot(pipe, family, width, height, frames, WARMUP_STEPS, device)
            warm_s = time.perf_counter() - t
            with CompileWatch() as timed:
                r = run_shot(pipe, family, width, height, frames, steps, device)
            gpu_s_per_s = (r["per_step"] * default_steps + r["overhead"]) / clip_seconds
            text_gib = 0.0 if args.tiny else TEXT_ENCODER_PARAMS[family] * 2 / 2**30
            rows.append((family, variant, f"{width}x{height}x{frames}", r["per_step"], default_steps, gpu_s_per_s,
                         r["peak_gib"] + text_gib, r["per_step"] / floors[family], warm_s,
                         f"{warm.compiles}/{timed.compiles}/{warm.limit_hits + timed.limit_hits}"))
        print(f"{family}: built in {build_s:.1f} s", flush=True)
        del pipe
        gc.collect()
        if device == "cuda":
            torch.cuda.empty_cache()
    print()
    if args.tests:
        print(f"CUDA diffusion tests: {args.tests}")
    print("| model | variant | shot WxHxF | s/step | default steps | GPU s per animatic s | peak GiB (+text enc.) "
          "| x FLOP floor | warm-up s | compiles warm/timed/limit hits |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for f, v, shape, s_, n, g, peak, ratio, warm_s, comp in rows:
        print(f"| {f} | {v} | {shape} | {s_:.4f} | {n} | {g:.2f} | {peak:.1f} | {ratio:.2f} | {warm_s:.1f} | {comp} |")
    print()
    print("| model | transformer FLOP/step (CFG) | floor s/step |")
    print("|---|---|---|")
    for f, _, fl, floor in flops_table(args.tiny, families, rate):
        print(f"| {f} | {fl:.3e} | {floor:.4f} |")
    print("\nRandom weights: speed only; output quality was not judged. With random weights the First Block "
          "Cache skips steps on a different schedule than a trained model would. Peak memory adds the real text "
          "encoder's bf16 weights (UMT5-XXL 5.7 B / T5-XXL 4.8 B parameters) to the measured peak.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
