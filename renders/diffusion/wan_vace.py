"""Wan2.1 VACE: the primary diffusion family (Apache-2.0 weights).

VACE is the one open model family whose diffusers pipeline takes *all three* of
what a previs shot has: the camera-aware prompt, a control video (the greybox
depth/layout render of the same shot, so framing, staging and camera movement
follow the plan) and reference images (the character bible, so faces and
costumes stay the same from shot to shot). The mask is all white: every pixel is
generated, guided by the control video -- except the lead-in frames a continued
segment takes from the previous one, which are kept (mask black) as whole latent
frames (see :func:`keep_frames`). Without a control video the frames to generate
are mid-grey, VACE's "no control" value (what the pipeline itself uses with no
video), not black, which would read as a dark control.
"""
from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np

# Wan2.1's UMT5-XXL text encoder reads 512 tokens (the model's text_len; WanVACEPipeline's default):
# a longer prompt is cut there, so renders.diffusion.text_budget fits prompts to it first.
MAX_SEQUENCE_LENGTH = 512
NO_CONTROL = 128  # mid-grey: 0 after VACE's [-1, 1] normalisation, the value of "no control"


def keep_frames(num_frames: int, lead_in: int, temporal: int = 4) -> list[bool]:
    """Which pixel frames the VACE mask marks "keep" so the lead-in is kept as whole latent frames.

    The pipeline shrinks the mask to latent frames with nearest-exact sampling in time, which
    reads latent ``k`` from pixel frame ``floor((k + 0.5) * num_frames / latents)``; for 81 frames
    that is frame 5 for latent 1, past a 5-frame lead-in (latent 1 = pixel frames 1-4), so a plain
    "lead-in black" mask keeps only latent 0 while latent 1's conditioning holds lead-in content.
    Here the sampled frame of every lead-in latent is marked "keep" too.

    Args:
        num_frames: frames of the segment (4k+1).
        lead_in: frames taken from the previous segment (4k+1, or 0).
        temporal: the VAE's temporal compression (4 for Wan).

    Returns:
        One bool per pixel frame: True = keep (mask black), False = generate.
    """
    keep = [i < lead_in for i in range(num_frames)]
    if not lead_in:
        return keep
    latents = (num_frames + temporal - 1) // temporal
    kept_latents = (lead_in - 1) // temporal + 1
    for k in range(kept_latents):
        keep[min(num_frames - 1, math.floor((k + 0.5) * num_frames / latents))] = True
    return keep


def conditioning(control: Sequence[np.ndarray] | None, lead_in: Sequence[np.ndarray], num_frames: int,
                 width: int, height: int, temporal: int = 4) -> tuple[list[np.ndarray], list[bool]]:
    """The VACE video and keep-mask of one call: the lead-in frames, then the control video (or
    mid-grey "no control" frames), and which frames are kept (:func:`keep_frames`).

    Returns:
        (``num_frames`` RGB uint8 frames, one bool per frame: True = keep).
    """
    frames = list(control) if control is not None else [np.full((height, width, 3), NO_CONTROL, np.uint8)] * num_frames
    frames[:len(lead_in)] = list(lead_in)
    return frames, keep_frames(len(frames), len(lead_in), temporal)


def fit_scheduler(pipe, width: int, height: int) -> None:
    """Set the scheduler's flow shift for the generation size (3.0 at 480p, 5.0 at 720p, as the
    model card says) whatever the folder ships; UniPC calls it ``flow_shift``, Euler ``shift``."""
    from renders.diffusion.profile import flow_shift

    shift = flow_shift(width, height)
    config = pipe.scheduler.config
    for key in ("flow_shift", "shift"):
        if key in config:
            if config[key] != shift:
                pipe.scheduler = type(pipe.scheduler).from_config(config, **{key: shift})
            return


def generate(pipe, *, prompt: str, negative: str, control: Sequence[np.ndarray] | None,
             references: Sequence[np.ndarray], width: int, height: int, num_frames: int, steps: int,
             guidance: float, seed: int, callback: Callable, lead_in: Sequence[np.ndarray] = ()) -> np.ndarray:
    """Run ``WanVACEPipeline`` once.

    Args:
        pipe: a loaded ``diffusers.WanVACEPipeline``.
        prompt: the shot prompt.
        negative: the negative prompt ("" for none).
        control: ``num_frames`` RGB uint8 frames at ``width`` x ``height`` (greybox depth), or None.
        references: RGB uint8 images of the characters in frame (any size; the pipeline letterboxes).
        width: generation width (multiple of 16).
        height: generation height (multiple of 16).
        num_frames: 4k+1.
        steps: denoising steps.
        guidance: classifier-free guidance scale (<= 1 disables the second forward).
        seed: generator seed (CPU generator: the same noise on every device).
        callback: ``callback_on_step_end``.
        lead_in: frames (at ``width`` x ``height``) to continue from: they replace the start of
            the control video and are kept (mask black), so the new frames follow on from them.

    Returns:
        ``(num_frames, height, width, 3)`` uint8 frames.
    """
    import torch
    from PIL import Image

    fit_scheduler(pipe, width, height)
    video = mask = None
    if control is not None or len(lead_in):
        frames, keep = conditioning(control, lead_in, num_frames, width, height, pipe.vae_scale_factor_temporal)
        video = [Image.fromarray(f) for f in frames]
        black, white = Image.new("L", (width, height), 0), Image.new("L", (width, height), 255)
        mask = [black if k else white for k in keep]
    refs = [Image.fromarray(r) for r in references] or None
    out = pipe(
        prompt=prompt, negative_prompt=negative or None, video=video, mask=mask, reference_images=refs,
        height=height, width=width, num_frames=num_frames, num_inference_steps=steps, guidance_scale=guidance,
        generator=torch.Generator("cpu").manual_seed(seed), output_type="np",
        callback_on_step_end=callback, max_sequence_length=MAX_SEQUENCE_LENGTH,
    ).frames[0]
    return (np.clip(out, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
