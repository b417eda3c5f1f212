"""The diffusion renderer run for real on tiny random-weight models built in code (CPU, offline).

Each test saves a tiny Wan VACE / LTX pipeline with ``save_pretrained``, loads
it back through the project's own loader, and renders hand-built shots with a
control video and a reference image; outputs are decoded with PyAV.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

av = pytest.importorskip("av")
pytest.importorskip("diffusers")

from screenplay.errors import PrevisError
from shots.model import BibleEntry, Shot, VoiceSpec
from shots.progress import Cancelled
from shots.vocabulary import Angle, Movement, ShotSize, ShotType
from renders.model import RenderSettings, TimedShot

SETTINGS = RenderSettings(width=48, height=32, fps=24)
# CI runs on the CPU in fp32; on a GPU machine run the same tests with PREVIS_TEST_DEVICE=cuda (bf16).
DEVICE = os.environ.get("PREVIS_TEST_DEVICE", "cpu")
DTYPE = "bf16" if DEVICE.startswith("cuda") else "fp32"


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    from renders.diffusion.tiny import save_tiny_model

    root = tmp_path_factory.mktemp("models")
    return {"wan-vace": save_tiny_model("wan-vace", root / "wan"), "ltx": save_tiny_model("ltx", root / "ltx")}


@pytest.fixture(scope="module")
def reference_png(tmp_path_factory):
    from PIL import Image

    path = tmp_path_factory.mktemp("refs") / "nora.png"
    img = np.zeros((40, 24, 3), np.uint8)
    img[:, :, 0] = 200
    img[10:20, 6:18] = (250, 220, 180)
    Image.fromarray(img).save(path)
    return path


def _entry(id_, name, color, ref=None):
    return BibleEntry(id=id_, name=name, look=f"{name.lower()} in a coat", color=color, silhouette="average",
                      voice=VoiceSpec(), seed=7, reference_image=str(ref) if ref else None)


def _scene(ref):
    """Two shots of one scene: a wide two-shot and a close-up single."""
    nora, sam = _entry("nora", "NORA", "#cc3333", ref), _entry("sam", "SAM", "#3355cc")
    common = dict(scene="1", setup=1, angle=Angle.EYE_LEVEL, first_line=3, last_line=5, negative_prompt="blurry")
    a = Shot(id="1A", index=0, size=ShotSize.WS, type=ShotType.TWO_SHOT, movement=Movement.STATIC, lens_mm=24,
             subjects=("nora", "sam"), speaker=None, description="wide", prompt="wide shot of a woman and a man in a room",
             seed=11, **common)
    b = Shot(id="1B", index=1, size=ShotSize.CU, type=ShotType.SINGLE, movement=Movement.PUSH_IN, lens_mm=85,
             subjects=("nora",), speaker="nora", description="close", prompt="close-up of a woman at night",
             seed=12, **common)
    return [TimedShot(shot=a, fps=24, frames=10, cast=(nora, sam)), TimedShot(shot=b, fps=24, frames=7, start=10, cast=(nora,))]


def _control(frames):
    """A stand-in depth video: a bright block drifting right on a dark ramp."""
    out = []
    for i in range(frames):
        f = np.tile(np.linspace(20, 90, SETTINGS.width, dtype=np.uint8), (SETTINGS.height, 1))
        x = 4 + 2 * i
        f[8:24, x:x + 10] = 230
        out.append(np.repeat(f[:, :, None], 3, axis=2))
    return out


def _decode(path):
    with av.open(str(path)) as c:
        return np.stack([f.to_ndarray(format="rgb24") for f in c.decode(video=0)])


def _renderer(models, family, **kw):
    from renders.diffusion import DiffusionRenderer

    kw.setdefault("steps", 2)
    kw.setdefault("device", DEVICE)
    kw.setdefault("dtype", DTYPE)
    return DiffusionRenderer(str(models[family]), **kw)


@pytest.mark.parametrize("family", ["wan-vace", "ltx"])
def test_two_shot_scene_frames_size_and_progress(models, reference_png, tmp_path, family):
    r = _renderer(models, family)
    assert r.family == family and r.dtype == DTYPE
    seen = []
    for timed in _scene(reference_png):
        out = tmp_path / f"{timed.shot.id}.mp4"
        got = r.render(timed, out, SETTINGS, progress=seen.append, control_frames=_control(timed.frames))
        video = _decode(out)
        assert video.shape == (timed.frames, SETTINGS.height, SETTINGS.width, 3)
        assert (got.frames, got.width, got.height, got.fps, got.renderer) == (timed.frames, 48, 32, 24, "diffusion")
    steps = [(p.item, p.done) for p in seen if p.msg.startswith("step")]
    assert steps == [("1A", 1), ("1A", 2), ("1B", 1), ("1B", 2)]


def test_same_seed_same_frames_different_seed_different(models, reference_png, tmp_path):
    import dataclasses

    r = _renderer(models, "wan-vace")
    timed = _scene(reference_png)[0]
    ctl = _control(timed.frames)
    r.render(timed, tmp_path / "a.mp4", SETTINGS, control_frames=ctl)
    r.render(timed, tmp_path / "b.mp4", SETTINGS, control_frames=ctl)
    other = dataclasses.replace(timed, shot=dataclasses.replace(timed.shot, seed=99))
    r.render(other, tmp_path / "c.mp4", SETTINGS, control_frames=ctl)
    a, b, c = (_decode(tmp_path / n) for n in ("a.mp4", "b.mp4", "c.mp4"))
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_reference_image_enters_shot_cache_fields(models, reference_png, tmp_path):
    from PIL import Image

    r = _renderer(models, "wan-vace")
    timed = _scene(reference_png)[0]
    before = r.shot_cache_fields(timed)
    # Sam has no reference image: no stand-in mannequin unless asked for (VACE would render the mannequin).
    assert set(before["references"]) == {"nora"}
    with_mannequins = _renderer(models, "wan-vace", mannequin_references=True).shot_cache_fields(timed)
    assert set(with_mannequins["references"]) == {"nora", "sam"}
    assert with_mannequins["references"]["nora"] == before["references"]["nora"]
    changed = tmp_path / "nora.png"
    shutil.copy(reference_png, changed)
    Image.new("RGB", (8, 8), (0, 255, 0)).save(changed)
    import dataclasses

    nora = dataclasses.replace(timed.cast[0], reference_image=str(changed))
    after = r.shot_cache_fields(dataclasses.replace(timed, cast=(nora, timed.cast[1])))
    assert after["references"]["nora"] != before["references"]["nora"]
    assert "sam" not in after["references"]
    assert r.cache_fields()["fingerprint"] and r.cache_fields()["steps"] == 2


def test_cancel_mid_shot_leaves_no_file(models, reference_png, tmp_path):
    r = _renderer(models, "wan-vace")
    timed = _scene(reference_png)[0]
    cancel = threading.Event()

    def progress(p):
        if p.msg.startswith("step"):
            cancel.set()  # the user presses cancel during the first denoising step

    out = tmp_path / "cancelled.mp4"
    with pytest.raises(Cancelled):
        r.render(timed, out, SETTINGS, progress=progress, cancel=cancel, control_frames=_control(timed.frames))
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
    # the shared pipeline still works after a cancel
    r.render(timed, out, SETTINGS, control_frames=_control(timed.frames))
    assert _decode(out).shape[0] == timed.frames


def test_long_shot_is_segmented_continued_and_retimed(models, reference_png, tmp_path):
    """A shot longer than one model clip comes out at its exact length, each segment after the
    first continued from the one before; with no control given, the greybox depth render is used
    and kept beside the shot. (LTX here: its tiny VAE is fast; Wan's lead-in is the next test.)"""
    import dataclasses

    from renders.diffusion.frames import plan_segments

    timed = dataclasses.replace(_scene(reference_png)[1], frames=130)
    segments = plan_segments("ltx", 130, 24)
    assert len(segments) == 2 and segments[1].lead_in == 9
    small = RenderSettings(width=32, height=32, fps=24)
    got = _renderer(models, "ltx", steps=1).render(timed, tmp_path / "long.mp4", small)
    assert _decode(tmp_path / "long.mp4").shape == (130, 32, 32, 3)
    assert got.control_path == str(tmp_path / "long.control.mp4")
    assert _decode(got.control_path).shape == (130, 32, 32, 3)


def test_wan_vace_continues_from_lead_in_frames(models):
    """The Wan call a continued segment makes: lead-in frames kept (mask black), the rest generated."""
    from renders.diffusion import wan_vace

    r = _renderer(models, "wan-vace", steps=1)
    ctl = [f[:32, :32] for f in _control(9)]
    lead = [np.full((32, 32, 3), 180, np.uint8)] * 5
    out = wan_vace.generate(r.pipeline(), prompt="a room", negative="", control=ctl, references=[], width=32,
                            height=32, num_frames=9, steps=1, guidance=5.0, seed=3, callback=lambda *a: {},
                            lead_in=lead)
    assert out.shape == (9, 32, 32, 3) and out.dtype == np.uint8


def test_first_block_cache_and_vae_tiling_render_and_do_not_leak_into_other_renderers(models, reference_png, tmp_path):
    timed = _scene(reference_png)[1]
    fast = _renderer(models, "ltx", cache_hook="fbc", vae_tiling=True)  # FBC is LTX only (see test_diffusion_levers)
    plain = _renderer(models, "ltx")
    assert fast.cache_fields() != plain.cache_fields()  # an approximation must not hit the exact render's cache
    fast.render(timed, tmp_path / "fbc.mp4", SETTINGS, control_frames=_control(timed.frames))
    assert _decode(tmp_path / "fbc.mp4").shape == (timed.frames, 32, 48, 3)
    assert fast.pipeline() is not plain.pipeline()
    assert fast.pipeline().transformer.is_cache_enabled
    assert not plain.pipeline().transformer.is_cache_enabled


def test_corrupt_model_folder_is_one_line_error(models, tmp_path):
    from renders.diffusion import DiffusionRenderer
    from renders.diffusion.loader import forget_pipelines

    bad = tmp_path / "bad"
    shutil.copytree(models["wan-vace"], bad)
    weights = next((bad / "transformer").glob("*.safetensors"))
    weights.write_bytes(b"not a safetensors file")
    r = DiffusionRenderer(str(bad), steps=1, device=DEVICE, dtype=DTYPE)
    with pytest.raises(PrevisError) as info:
        r.pipeline()
    msg = str(info.value)
    assert "\n" not in msg and str(bad) in msg and "re-download" in msg
    forget_pipelines()

    (bad / "model_index.json").write_text("{ nope")
    with pytest.raises(PrevisError) as info:
        DiffusionRenderer(str(bad))
    assert "\n" not in str(info.value) and "model_index.json" in str(info.value)


def test_missing_model_says_what_was_looked_for(tmp_path):
    from renders.diffusion import DiffusionRenderer

    with pytest.raises(PrevisError) as info:
        DiffusionRenderer(str(tmp_path / "nowhere" / "Wan2.1"))
    assert "nowhere" in str(info.value) and "hf download" in str(info.value)
    with pytest.raises(PrevisError) as info:
        DiffusionRenderer("Wan-AI/Wan2.1-VACE-1.3B-diffusers")
    msg = str(info.value)
    assert "\n" not in msg and "Wan-AI/Wan2.1-VACE-1.3B-diffusers" in msg and "hf download" in msg


def test_frame_rules():
    from renders.diffusion.frames import model_size, plan_segments

    for family, step in (("wan-vace", 4), ("ltx", 8)):
        for frames in (1, 7, 24, 48, 120, 121, 300, 1000):
            segs = plan_segments(family, frames, 24)
            assert segs[0].out_start == 0 and segs[-1].out_end == frames
            assert all(a.out_end == b.out_start for a, b in zip(segs, segs[1:]))
            for prev, s in zip(segs, segs[1:]):
                assert s.lead_in and all(0 <= k < prev.model_frames for k in s.lead_in_sources(prev, 24))
            for s in segs:
                assert s.model_frames % step == 1 and s.model_frames <= (81 if step == 4 else 121)
                assert (s.model_frames - 1 - s.lead_in) / s.model_fps >= (s.out_end - s.out_start - 1) / 24 - 1e-9
    assert model_size("wan-vace", 640, 360) == (640, 352)
    assert model_size("ltx", 640, 360) == (640, 352)
