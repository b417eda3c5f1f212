"""The diffusion core against diffusers' real behaviour: levers, schedulers, sizes, lead-ins, memory.

Each test runs the real pipelines (tiny random-weight models built in code, saved and loaded
back through the project's loader) on the CPU. Where a fault only shows on a GPU (a device
mismatch, a compile graph break under offload), the test checks the configuration that
prevents it, as the docstring says.
"""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

pytest.importorskip("diffusers")

from screenplay.errors import PrevisError
from renders.model import RenderSettings

from test_diffusion_renderer import DEVICE, _control, _decode, _renderer, _scene, models, reference_png  # noqa: F401

TINY = RenderSettings(width=32, height=32, fps=24)


def _copy(models, family, tmp_path, name):
    folder = tmp_path / name
    shutil.copytree(models[family], folder)
    return folder


def _edit_json(path, **changes):
    data = json.loads(path.read_text())
    data.update(changes)
    path.write_text(json.dumps(data))


# 1 ------------------------------------------------------------------------------------------

def test_first_block_cache_is_refused_for_wan_vace_and_kept_for_ltx(models):
    """FBC caches the tail of ``transformer.blocks``; VACE adds its hints between those blocks,
    so a skipped step would add them twice. Refused with one line; LTX keeps it."""
    with pytest.raises(PrevisError) as info:
        _renderer(models, "wan-vace", cache_hook="fbc")
    msg = str(info.value)
    assert "\n" not in msg and "Wan VACE" in msg and "LTX" in msg
    assert _renderer(models, "ltx", cache_hook="fbc").cache_hook == "fbc"


# 2 ------------------------------------------------------------------------------------------

def test_ltx_folder_with_a_dynamic_shifting_scheduler_renders(models, reference_png, tmp_path):
    """What diffusers' LTX conversion script writes with --save_pipeline: a scheduler made for
    LTXPipeline's resolution-dependent shift. LTXConditionPipeline passes no ``mu``."""
    from renders.diffusion.loader import forget_pipelines

    folder = _copy(models, "ltx", tmp_path, "ltx-converted")
    _edit_json(folder / "scheduler" / "scheduler_config.json", use_dynamic_shifting=True, base_shift=0.95,
               max_shift=2.05, base_image_seq_len=1024, max_image_seq_len=4096, shift_terminal=0.1)
    from renders.diffusion import DiffusionRenderer

    r = DiffusionRenderer(str(folder), steps=2, device="cpu", dtype="fp32")
    timed = _scene(reference_png)[1]
    got = r.render(timed, tmp_path / "shot.mp4", TINY)
    assert _decode(got.path).shape == (timed.frames, 32, 32, 3)
    config = r.pipeline().scheduler.config
    assert not config.use_dynamic_shifting and config.shift_terminal is None
    forget_pipelines()


def test_a_model_that_fails_on_its_first_call_is_one_line(models, reference_png, tmp_path):
    """A scheduler LTXConditionPipeline cannot drive (UniPC takes no custom timesteps): diffusers'
    ValueError becomes one PrevisError line naming the shot and the folder."""
    from renders.diffusion import DiffusionRenderer
    from renders.diffusion.loader import forget_pipelines

    folder = _copy(models, "ltx", tmp_path, "ltx-unipc")
    _edit_json(folder / "model_index.json", scheduler=["diffusers", "UniPCMultistepScheduler"])
    r = DiffusionRenderer(str(folder), steps=2, device="cpu", dtype="fp32")
    with pytest.raises(PrevisError) as info:
        r.render(_scene(reference_png)[1], tmp_path / "shot.mp4", TINY)
    msg = str(info.value)
    assert "\n" not in msg and "1B" in msg and str(folder) in msg and "ValueError" in msg
    forget_pipelines()


def test_a_model_that_cannot_load_fails_once_for_the_whole_run(models, tmp_path):
    """The second shot does not try the load again: it reports the same error."""
    from renders.diffusion import DiffusionRenderer

    bad = _copy(models, "ltx", tmp_path, "ltx-bad")
    next((bad / "transformer").glob("*.safetensors")).write_bytes(b"broken")
    r = DiffusionRenderer(str(bad), steps=1, device="cpu", dtype="fp32")
    with pytest.raises(PrevisError) as first:
        r.pipeline()
    with pytest.raises(PrevisError) as second:
        DiffusionRenderer(str(bad), steps=1, device="cpu", dtype="fp32").pipeline()
    assert second.value is first.value
    assert "\n" not in str(first.value) and "re-download" in str(first.value)


# 3 ------------------------------------------------------------------------------------------

def test_group_offload_puts_the_vae_leaf_level_and_renders(models, reference_png, tmp_path):
    """Block-level offload hooks ``forward()``; the pipelines call ``vae.encode``/``decode``, so
    the VAE is offloaded leaf by leaf (on CUDA: no device mismatch at the first encode). On the
    CPU the same hooks are applied (onload device = CPU) and the shot renders through them."""
    from diffusers.hooks import HookRegistry

    r = _renderer(models, "ltx", offload="group", steps=1)
    timed = _scene(reference_png)[1]
    r.render(timed, tmp_path / "shot.mp4", TINY)
    pipe = r.pipeline()

    def hooked(module):
        return HookRegistry.check_if_exists_or_initialize(module).get_hook("group_offloading") is not None

    leaves = [m for m in pipe.vae.modules() if not list(m.children()) and list(m.parameters(recurse=False))]
    assert leaves and all(hooked(m) for m in leaves)
    assert hooked(pipe.transformer) and not hooked(pipe.transformer.transformer_blocks[0].ff.net[0].proj)
    assert _decode(tmp_path / "shot.mp4").shape[0] == timed.frames


# 4 ------------------------------------------------------------------------------------------

def test_compile_asks_for_a_full_graph_only_without_offload_and_fbc():
    """Offload and FBC both put a ``torch.compiler.disable``'d hook inside the blocks: a graph
    break, which ``fullgraph=True`` turns into a crash (seen on CUDA with group offload)."""
    from renders.diffusion.levers import compile_fullgraph

    assert compile_fullgraph(None, None)
    assert not compile_fullgraph(None, "group")
    assert not compile_fullgraph(None, "model")
    assert not compile_fullgraph("fbc", None)


@pytest.mark.skipif(not DEVICE.startswith("cuda"), reason="needs CUDA: scripts/gpu-check.sh runs it")
def test_compile_with_group_offload_renders_on_cuda(models, reference_png, tmp_path):
    """The real thing on a GPU: compiled blocks under group offload (VAE leaf-level) render a shot."""
    timed = _scene(reference_png)[1]
    r = _renderer(models, "ltx", compile=True, offload="group", steps=3)
    r.render(timed, tmp_path / "shot.mp4", TINY)
    assert _decode(tmp_path / "shot.mp4").shape[0] == timed.frames
    assert r.compile_watch.limit_hits == 0


# 5 ------------------------------------------------------------------------------------------

def test_compile_raises_the_recompile_limit_and_counts_compilations(models):
    """A run meets several shapes; past Dynamo's limit it silently runs eager. A compiled
    pipeline raises the limit, and CompileWatch counts compilations and limit hits."""
    import torch

    from renders.diffusion.levers import RECOMPILE_LIMIT, CompileWatch

    before = torch._dynamo.config.recompile_limit
    try:
        r = _renderer(models, "ltx", compile=True, steps=1)
        r.pipeline()  # compile_repeated_blocks is lazy: nothing compiles until a call
        assert torch._dynamo.config.recompile_limit >= RECOMPILE_LIMIT
        assert r.compile_watch is not None

        torch._dynamo.config.recompile_limit = 1
        fn = torch.compile(lambda x: x * 2 + 1, backend="eager", dynamic=False)
        with CompileWatch() as watch:
            for n in (2, 3, 4):
                fn(torch.ones(n))
        assert watch.compiles >= 1 and watch.limit_hits >= 1
    finally:
        torch._dynamo.config.recompile_limit = before
        torch._dynamo.reset()


# 6 ------------------------------------------------------------------------------------------

def test_wan_vae_stays_float32_when_the_model_runs_bf16(models):
    """The Wan model's documentation runs its VAE in float32; the transformer in bf16."""
    import torch

    from renders.diffusion.loader import forget_pipelines

    pipe = _renderer(models, "wan-vace", dtype="bf16", device="cpu").pipeline()
    assert pipe.vae.dtype == torch.float32
    assert pipe.transformer.dtype == torch.bfloat16
    forget_pipelines()


# 7 ------------------------------------------------------------------------------------------

def test_ltx_settings_follow_the_documentation(models, reference_png, tmp_path):
    """Regular LTX: guidance 5.0; distilled (by name): guidance 1.0 and the published 8-step
    schedule; a timestep-aware VAE (0.9.1+): decode_timestep 0.05, noise scales 0.025."""
    from renders.diffusion import DiffusionRenderer, ltx
    from renders.diffusion.profile import LTX_DISTILLED_TIMESTEPS
    from renders.diffusion.tiny import save_tiny_model

    regular = DiffusionRenderer(str(models["ltx"]), device="cpu")
    assert (regular.steps, regular.guidance) == (30, 5.0)
    assert ltx.call_options(regular.profile, regular.steps) == {}  # the tiny VAE is not timestep-aware

    folder = save_tiny_model("ltx", tmp_path / "LTX-Video-0.9.7-distilled", timestep_vae=True)
    distilled = DiffusionRenderer(str(folder), device="cpu", dtype="fp32")
    assert (distilled.steps, distilled.guidance) == (8, 1.0)
    assert distilled.profile.timestep_vae
    options = ltx.call_options(distilled.profile, distilled.steps)
    assert options == {"decode_timestep": 0.05, "decode_noise_scale": 0.025, "image_cond_noise_scale": 0.025,
                       "timesteps": list(LTX_DISTILLED_TIMESTEPS)}
    seen = []
    distilled.render(_scene(reference_png)[1], tmp_path / "shot.mp4", TINY, progress=seen.append)
    assert [p.done for p in seen if p.msg.startswith("step")] == list(range(1, 9))


# 8 and 9 ------------------------------------------------------------------------------------

@pytest.mark.parametrize("frames", [9, 45, 81])
def test_continued_wan_segment_keeps_its_lead_in_as_whole_latent_frames(models, frames):
    """The pipeline shrinks the mask to latent frames by nearest-exact sampling; the 5-frame lead-in
    is latent frames 0 and 1, and both must come out "keep" (0), every later one "generate" (1)."""
    import torch

    from renders.diffusion.wan_vace import keep_frames

    pipe = _renderer(models, "wan-vace").pipeline()
    keep = keep_frames(frames, 5, pipe.vae_scale_factor_temporal)
    assert keep[:5] == [True] * 5
    mask = torch.tensor([0.0 if k else 1.0 for k in keep]).view(1, 1, frames, 1, 1).expand(1, 1, frames, 16, 16)
    latent = pipe.prepare_masks(mask.contiguous(), reference_images=[[]])[0, 0, :, 0, 0].tolist()
    assert latent == [0.0, 0.0] + [1.0] * (len(latent) - 2)


def test_lead_in_without_control_is_followed_by_mid_grey(models):
    """VACE's "no control" value is 0 after normalising to [-1, 1]: mid-grey, not black."""
    from renders.diffusion.wan_vace import NO_CONTROL, conditioning

    lead = [np.full((16, 16, 3), 200, np.uint8)] * 5
    frames, keep = conditioning(None, lead, 9, 16, 16)
    assert len(frames) == 9 and all((f == 200).all() for f in frames[:5])
    assert NO_CONTROL == 128 and all((f == 128).all() for f in frames[5:])
    assert keep[:5] == [True] * 5 and not keep[-1]


# 10 -----------------------------------------------------------------------------------------

def test_out_of_memory_mid_shot_retries_from_a_clean_cache_state(models, reference_png, tmp_path):
    """A CUDA out-of-memory error in the middle of a shot (raised here from the step callback)
    is retried with offload; First Block Cache's state from the failed half-run is dropped first,
    so the retried shot is exactly the shot a clean run makes."""
    import torch

    r = _renderer(models, "ltx", cache_hook="fbc", steps=4)
    timed = _scene(reference_png)[1]
    ctl = _control(timed.frames)
    failed = []

    def progress(p):
        if p.msg == "step 3/4" and not failed:
            failed.append(p)
            raise torch.OutOfMemoryError("CUDA out of memory (raised by the test)")

    r.render(timed, tmp_path / "retried.mp4", TINY, progress=progress, control_frames=ctl)
    assert failed and r.pipeline()._previs_oom
    r.render(timed, tmp_path / "clean.mp4", TINY, control_frames=ctl)
    assert np.array_equal(_decode(tmp_path / "retried.mp4"), _decode(tmp_path / "clean.mp4"))

    def always(p):
        if p.msg == "step 3/4":
            raise torch.OutOfMemoryError("CUDA out of memory (raised by the test)")

    with pytest.raises(PrevisError) as info:  # out of memory on the retry too: one line, and no stale state
        r.render(timed, tmp_path / "failed.mp4", TINY, progress=always, control_frames=ctl)
    assert "\n" not in str(info.value) and "out of GPU memory" in str(info.value)
    from diffusers.hooks import HookRegistry

    leader = HookRegistry.check_if_exists_or_initialize(r.pipeline().transformer.transformer_blocks[0])
    assert leader.get_hook("fbc_leader_block_hook").state_manager._state_cache == {}


def test_auto_offload_counts_the_models_parameters(models):
    """Wan VACE 14B is ~17 B parameters with its text encoder (34 GB in bf16): a 48 GB card
    (44.5 GiB) offloads; the 1.3B (~7 B with UMT5-XXL) fits a 40 GiB card, not a 24 GiB one."""
    from renders.diffusion.profile import ModelProfile, count_parameters, needs_offload

    assert needs_offload(ModelProfile("wan-vace", "wan-14b", 17_000_000_000), 44.5, "bf16")
    assert not needs_offload(ModelProfile("wan-vace", "wan-14b", 17_000_000_000), 139.0, "bf16")
    assert not needs_offload(ModelProfile("wan-vace", "wan-1.3b", 7_000_000_000), 40.0, "bf16")
    assert needs_offload(ModelProfile("wan-vace", "wan-1.3b", 7_000_000_000), 24.0, "bf16")
    pipe = _renderer(models, "ltx").pipeline()
    modules = [getattr(pipe, name) for name in ("transformer", "vae", "text_encoder")]
    loaded = sum(t.numel() for m in modules for t in [*m.parameters(), *m.buffers()])  # weights, saved buffers
    assert count_parameters(models["ltx"]) == loaded


# 11 -----------------------------------------------------------------------------------------

def test_generation_happens_at_the_models_trained_sizes(models, tmp_path):
    """Wan 1.3B: 832x480 (either orientation), never the project size straight through; 14B:
    1280x720 from 720p up, else 832x480; LTX: multiples of 32 at about 704x480 pixels."""
    from renders.diffusion.profile import read_profile, generation_size
    from renders.diffusion.tiny import LTX_2B, WAN_VACE_1_3B

    wan = _copy(models, "wan-vace", tmp_path, "wan-1.3b")
    _edit_json(wan / "transformer" / "config.json", **WAN_VACE_1_3B)
    small = read_profile(wan, "wan-vace")
    assert small.size_class == "wan-1.3b"
    assert generation_size(small, 640, 360) == (832, 480)
    assert generation_size(small, 1920, 1080) == (832, 480)
    assert generation_size(small, 360, 640) == (480, 832)
    _edit_json(wan / "transformer" / "config.json", num_attention_heads=40)
    big = read_profile(wan, "wan-vace")
    assert big.size_class == "wan-14b"
    assert generation_size(big, 1920, 1080) == (1280, 720)
    assert generation_size(big, 640, 360) == (832, 480)
    lt = _copy(models, "ltx", tmp_path, "ltx-2b")
    _edit_json(lt / "transformer" / "config.json", **LTX_2B)
    assert generation_size(read_profile(lt, "ltx"), 640, 360) == (768, 448)
    assert generation_size(read_profile(models["ltx"], "ltx"), 48, 32) == (64, 32)  # a test-size model


def test_wan_flow_shift_follows_the_generation_size(models):
    """3.0 at 480p, 5.0 at 720p (the model card), whatever the folder's scheduler ships."""
    from renders.diffusion.wan_vace import fit_scheduler

    pipe = _renderer(models, "wan-vace").pipeline()
    fit_scheduler(pipe, 1280, 720)
    assert pipe.scheduler.config.shift == 5.0
    fit_scheduler(pipe, 832, 480)
    assert pipe.scheduler.config.shift == 3.0


def test_ltx_does_not_condition_on_the_depth_render(models, reference_png, tmp_path):
    """The depth render is no picture of the shot: LTX renders the same shot with or without it
    (prompt only), and conditions on a colour still only when one is handed in."""
    r = _renderer(models, "ltx", steps=2)
    timed = _scene(reference_png)[1]
    r.render(timed, tmp_path / "with.mp4", TINY, control_frames=_control(timed.frames))
    r.render(timed, tmp_path / "without.mp4", TINY, control_frames=[])
    r.render(timed, tmp_path / "still.mp4", TINY, control_frames=[],
             first_frame=np.full((32, 32, 3), (200, 120, 40), np.uint8))
    with_depth, without, still = (_decode(tmp_path / n) for n in ("with.mp4", "without.mp4", "still.mp4"))
    assert np.array_equal(with_depth, without)
    assert not np.array_equal(without, still)
