"""DiffusionRenderer: one shot in, one MP4 out, through a local video diffusion model.

The renderer is deliberately thin: the loader finds the model (local only), the
family module (wan_vace / ltx) makes one model call, frames.py decides how many
frames to ask for and how to retime them, references.py picks the character
images, and renders.encode.FrameEncoder writes the file exactly like greybox
does. Speed levers are constructor options applied once per loaded pipeline.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Sequence

import numpy as np

from screenplay.errors import PrevisError
from shots.progress import Cancelled, ProgressFn, check_cancel, report
from renders.model import RenderedShot, RenderSettings, TimedShot
from renders.diffusion import frames as frame_rules
from renders.diffusion import levers, loader
from renders.diffusion import profile as model_profile
from renders.diffusion.profile import DEFAULTS
from renders.diffusion.references import reference_fields, shot_references
from renders.diffusion.text_budget import fit_prompt, tokenizer_counter
from shots.prompt_beats import segment_prompts

# 2: generation at the model's own size, Wan flow shift per size and fp32 VAE, whole-latent lead-ins,
# no mannequin references by default, LTX without the depth first frame and with its documented settings.
# 3: a prompt per generated segment (shots.prompt_beats.segment_prompt), each fitted to the family's
# text-encoder budget with the model's own tokenizer (text_budget), max_sequence_length passed explicitly.
VERSION = "3"


class _Interrupted(Exception):
    """Raised from the step callback so a cancelled shot skips the VAE decode too."""


class DiffusionRenderer:
    """Render shots with a local Wan2.1 VACE or LTX-Video diffusers model.

    Args:
        model: a diffusers folder or a Hugging Face id already in the local cache.
        family: "wan-vace", "ltx" or None to read it from ``model_index.json``.
        draft: fewer steps for a quick pass (use an LTX model for the fastest drafts).
        steps: denoising steps (default: the model's, see ``profile.DEFAULTS``).
        guidance: CFG scale (default: the model's).
        dtype: "auto" (bf16 on CUDA, fp32 on CPU), "bf16", "fp16" or "fp32".
        device: "auto" (CUDA if present), "cpu", "cuda", "cuda:N".
        compile: ``torch.compile`` the transformer's repeated blocks (~13 s once per shape).
        cache_hook: None or "fbc" (First Block Cache; skips most blocks when step outputs barely change;
            LTX only, see ``levers``).
        offload: "auto" (model offload when the weights plus activations would not fit the GPU, see
            ``profile.needs_offload``), None, "model" (whole components to CPU between uses) or "group"
            (block-level; the VAE leaf-level).
        vae_tiling: "auto" (on above 832x480 or with offload), True or False.
        base: folder that relative reference image paths resolve against (the script's folder).
        mannequin_references: stand in a mannequin still for characters with no reference image
            (off: VACE would render the mannequin itself).

    Raises:
        PrevisError: the model is not found locally, is corrupt, or an option is invalid.
    """

    name = "diffusion"
    version = VERSION

    def __init__(self, model: str, family: str | None = None, draft: bool = False, steps: int | None = None,
                 guidance: float | None = None, dtype: str = "auto", device: str = "auto", compile: bool = False,
                 cache_hook: str | None = None, offload: str | None = "auto", vae_tiling: bool | str = "auto",
                 base: str | Path | None = None, mannequin_references: bool = False):
        self.folder = loader.resolve_model(str(model))
        detected = loader.detect_family(self.folder)
        if family is not None and family != detected:
            raise PrevisError(f"--family {family} does not match the model, which is {detected}", self.folder)
        self.family = detected
        if cache_hook not in (None, "fbc"):
            raise PrevisError(f"cache_hook {cache_hook!r} must be None or 'fbc'")
        levers.check_cache_hook(self.family, cache_hook)
        if offload not in (None, "auto", "model", "group"):
            raise PrevisError(f"offload {offload!r} must be None, 'auto', 'model' or 'group'")
        if dtype not in ("auto", "bf16", "fp16", "fp32"):
            raise PrevisError(f"dtype {dtype!r} must be auto, bf16, fp16 or fp32")
        if steps is not None and steps < 1:
            raise PrevisError(f"steps must be at least 1, not {steps}")
        self.profile = model_profile.read_profile(self.folder, self.family)
        default_steps, draft_steps, default_guidance = DEFAULTS[self.profile.variant]
        self.draft = bool(draft)
        self.steps = int(steps or (draft_steps if draft else default_steps))
        self.guidance = float(default_guidance if guidance is None else guidance)
        self._dtype, self._device = dtype, device
        self.compile, self.cache_hook, self.offload, self.vae_tiling = compile, cache_hook, offload, vae_tiling
        self.base = Path(base) if base is not None else None
        self.mannequin_references = bool(mannequin_references)
        self.fingerprint = loader.fingerprint(self.folder)
        self.compile_watch = levers.CompileWatch() if compile else None

    # -- identity ---------------------------------------------------------------------------

    @property
    def device(self) -> str:
        if self._device != "auto":
            return self._device
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"

    @property
    def dtype(self) -> str:
        if self._dtype != "auto":
            return self._dtype
        return "bf16" if self.device.startswith("cuda") else "fp32"

    def cache_fields(self) -> dict:
        """Model identity (folder + fingerprint of its configs), family and everything that changes pixels."""
        return {"model": str(self.folder), "fingerprint": self.fingerprint, "family": self.family,
                "steps": self.steps, "guidance": self.guidance, "dtype": self.dtype,
                "cache_hook": self.cache_hook, "frames_rule": "continued-segments+retime"}

    def shot_cache_fields(self, timed: TimedShot) -> dict:
        """Per-shot inputs beyond the shot itself: the digest of each character reference image."""
        return {"references": reference_fields(timed, self.base, self.mannequin_references)}

    # -- loading ----------------------------------------------------------------------------

    def pipeline(self):
        """The loaded pipeline (loaded once per process, levers applied once)."""
        pipe = self._loaded()
        if not getattr(pipe, "_previs_oom", False):  # after an OOM the pipeline stays offloaded for the run
            self._apply_levers(pipe, offload=self._offload(), tiling=self.vae_tiling)
        return pipe

    def _loaded(self):
        """The pipeline as loaded (on the CPU until the levers place it), shared per process."""
        variant = (self.compile, self.cache_hook, self._offload(), self.vae_tiling)
        return loader.load_pipeline(self.folder, self.family, self.dtype, self.device, variant)

    def _offload(self) -> str | None:
        """Resolve offload="auto": offload when the weights (text encoder included: 11.4 GiB of
        UMT5-XXL for Wan; ~17 B parameters in all for Wan VACE 14B) and the activations would not
        fit the GPU (``profile.needs_offload``)."""
        if self.offload != "auto":
            return self.offload
        if not self.device.startswith("cuda"):
            return None
        import torch

        total = torch.cuda.get_device_properties(torch.device(self.device)).total_memory / 2**30
        return "model" if model_profile.needs_offload(self.profile, total, self.dtype) else None

    def _apply_levers(self, pipe, *, offload, tiling) -> None:
        lever_set = (self.compile, self.cache_hook, offload, tiling)
        previous = getattr(pipe, "_previs_levers", None)  # what was applied to this pipeline already
        if previous == lever_set:
            return
        import torch

        if previous is None or previous[2] != offload:
            levers.place(pipe, torch.device(self.device), offload)
        if tiling is True or (tiling == "auto" and offload is not None):
            pipe.vae.enable_tiling()
        if self.cache_hook == "fbc" and (previous is None or previous[1] != "fbc"):
            from diffusers.hooks import FirstBlockCacheConfig

            pipe.transformer.enable_cache(FirstBlockCacheConfig(threshold=0.05))
        if self.compile and (previous is None or not previous[0]):
            levers.compile_blocks(pipe, self.cache_hook, offload)
        pipe._previs_levers = lever_set

    # -- rendering --------------------------------------------------------------------------

    def render(self, timed: TimedShot, out_path: Path, settings: RenderSettings,
               progress: ProgressFn | None = None, cancel: threading.Event | None = None,
               **inputs) -> RenderedShot:
        """Generate ``timed`` and write ``out_path`` with exactly ``timed.frames`` frames at ``settings.fps``.

        Args:
            timed: the shot, its length and its cast.
            out_path: the MP4 to write (the caller moves it into the store).
            settings: output size and rate.
            progress: gets ("render", shot id, step, total steps) per denoising step.
            cancel: when set, stops between steps; no file is left.
            **inputs: ``control_frames`` (RGB uint8 frames at the project rate) or
                ``control_path`` (an MP4); without them the greybox depth render of the shot
                is used and also written beside ``out_path`` as ``<stem>.control.mp4``.

        Returns:
            The RenderedShot.

        Raises:
            Cancelled: ``cancel`` was set.
            PrevisError: out of GPU memory even with offload and tiling, or a bad input.
        """
        from renders.encode import FrameEncoder

        check_cancel(cancel)
        shot = timed.shot
        frames = timed.frames if timed.fps == settings.fps else round(timed.seconds * settings.fps)
        frames = max(1, frames)
        segments = frame_rules.plan_segments(self.family, frames, settings.fps)
        gen_w, gen_h = model_profile.generation_size(self.profile, settings.width, settings.height)
        refs = ([r.rgb for r in shot_references(timed, self.base, self.mannequin_references)]
                if self.family == "wan-vace" else [])
        control, control_source = _control_frames(timed, settings, frames, inputs)
        first_frame = inputs.get("first_frame")
        prompts = segment_prompts(shot, len(segments))  # each segment is told its own stretch of the action
        total = self.steps * len(segments)
        report(progress, "render", shot.id, 0, total, f"{self.family} {len(segments)} segment(s)")
        with FrameEncoder(out_path, settings.width, settings.height, settings.fps) as enc:
            made, previous = None, None
            for seg in segments:
                seg_control = None
                if control is not None:
                    seg_control = [_resize(control[seg.control_index(i, settings.fps)], gen_w, gen_h)
                                   for i in range(seg.model_frames)]
                lead_in = [made[k] for k in seg.lead_in_sources(previous, settings.fps)] if seg.lead_in else []
                made = self._generate(shot.id, seg, total, prompts[seg.index], shot.negative_prompt, seg_control, refs,
                                      gen_w, gen_h, shot.seed + seg.index, progress, cancel, lead_in,
                                      first_frame if seg.index == 0 else None)
                previous = seg
                for j in range(seg.out_start, seg.out_end):
                    enc.write(_resize(made[seg.source_index(j, settings.fps)], settings.width, settings.height))
        control_path = inputs.get("control_path")
        if control_source == "greybox":  # keep what the model was shown, for review next to the result
            control_path = str(Path(out_path).with_name(Path(out_path).stem + ".control.mp4"))
            with FrameEncoder(control_path, settings.width, settings.height, settings.fps) as enc:
                for f in control[:frames]:
                    enc.write(_resize(f, settings.width, settings.height))
        report(progress, "render", shot.id, total, total, "done")
        return RenderedShot(shot_id=shot.id, path=str(out_path), frames=frames, fps=settings.fps,
                            width=settings.width, height=settings.height, renderer=self.name,
                            renderer_version=self.version, control_path=control_path)

    def _generate(self, shot_id: str, seg, total: int, prompt: str, negative: str,
                  control: Sequence[np.ndarray] | None, refs, width: int, height: int, seed: int,
                  progress: ProgressFn | None, cancel: threading.Event | None,
                  lead_in: list[np.ndarray], first_frame: np.ndarray | None = None) -> np.ndarray:
        from renders.diffusion import ltx, wan_vace

        import torch

        family = wan_vace if self.family == "wan-vace" else ltx
        done_before = seg.index * self.steps

        def on_step(pipe, i, t, kwargs):
            report(progress, "render", shot_id, done_before + i + 1, total, f"step {i + 1}/{self.steps}")
            if cancel is not None and cancel.is_set():
                pipe._interrupt = True
                raise _Interrupted()
            return {}

        kwargs = dict(prompt=prompt or "", negative=negative or "", control=control, references=refs, width=width,
                      height=height, num_frames=seg.model_frames, steps=self.steps, guidance=self.guidance,
                      seed=seed, callback=on_step, lead_in=lead_in)
        if self.family == "ltx":
            kwargs.update(first_frame=first_frame, options=ltx.call_options(self.profile, self.steps))
        pipe = None
        for attempt in (0, 1):
            try:
                pipe = self._loaded()
                pipe = self.pipeline()  # moving to the GPU can run out of memory too
                kwargs.update(fitted_prompts(pipe, family.MAX_SEQUENCE_LENGTH, prompt, negative))
                if self.vae_tiling == "auto" and width * height > 832 * 480:
                    pipe.vae.enable_tiling()  # decoding big frames whole is the usual out-of-memory point
                if self.compile_watch is None:
                    return family.generate(pipe, **kwargs)
                with self.compile_watch:
                    return family.generate(pipe, **kwargs)
            except _Interrupted:
                pipe.maybe_free_model_hooks()
                raise Cancelled() from None
            except torch.OutOfMemoryError:
                if pipe is not None:
                    pipe.maybe_free_model_hooks()  # drops the half-run's cache state (FBC) before a retry
                torch.cuda.empty_cache()
                if attempt == 1 or self._offload() == "group" or pipe is None:
                    raise PrevisError(f"shot {shot_id}: out of GPU memory even with CPU offload and VAE tiling; "
                                      "render smaller (--size) or on a bigger GPU") from None
                self._apply_levers(pipe, offload="model", tiling=True)
                pipe._previs_oom = True
            except (PrevisError, Cancelled):
                raise
            except Exception as exc:  # the model's own failure on its first call (a bad scheduler, shapes...)
                raise PrevisError(f"shot {shot_id}: the {self.family} model failed ({loader.one_line(exc)})",
                                  self.folder) from None
        raise AssertionError("unreachable")


def _resize(frame: np.ndarray, width: int, height: int) -> np.ndarray:
    if frame.shape[1] == width and frame.shape[0] == height:
        return frame
    from PIL import Image

    return np.asarray(Image.fromarray(frame).resize((width, height), Image.BICUBIC))


def _control_frames(timed: TimedShot, settings: RenderSettings, frames: int,
                    inputs: dict) -> tuple[list[np.ndarray] | None, str]:
    """The control video of the shot as RGB frames at the project rate, and where it came from:
    "frames" / "file" (given by the caller), "greybox" (rendered here, depth kind) or "none"."""
    if inputs.get("control_frames") is not None:
        out, source = [np.asarray(f, dtype=np.uint8) for f in inputs["control_frames"]], "frames"
    elif inputs.get("control_path"):
        out, source = _decode(inputs["control_path"]), "file"
    else:
        try:
            from renders.greybox import GreyboxRenderer
        except ImportError:
            return None, "none"
        renderer = GreyboxRenderer()
        if not hasattr(renderer, "render_frames"):
            return None, "none"
        out = [np.asarray(f, dtype=np.uint8) for f in renderer.render_frames(timed, settings, kind="depth")]
        source = "greybox"
    out = [f if f.ndim == 3 and f.shape[2] == 3 else np.repeat(f.reshape(f.shape[0], f.shape[1], 1), 3, axis=2)
           for f in out]
    if not out:
        return None, "none"
    while len(out) < frames:  # a short control video holds its last frame
        out.append(out[-1])
    return out, source


def _decode(path: str) -> list[np.ndarray]:
    import av

    try:
        with av.open(str(path)) as container:
            return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    except (OSError, av.FFmpegError) as exc:
        raise PrevisError(f"cannot read the control video ({exc.__class__.__name__})", path) from None


def fitted_prompts(pipe, max_tokens: int, prompt: str, negative: str) -> dict:
    """``prompt`` and ``negative`` fitted to the family's text-encoder budget with the loaded
    pipeline's own tokenizer (:func:`renders.diffusion.text_budget.fit_prompt`)."""
    tokenizer = getattr(pipe, "tokenizer", None)
    if tokenizer is None:
        return {}
    count = tokenizer_counter(tokenizer)
    return {"prompt": fit_prompt(prompt or "", max_tokens, count),
            "negative": fit_prompt(negative or "", max_tokens, count)}
