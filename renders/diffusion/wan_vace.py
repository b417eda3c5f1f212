"""Wan2.1 VACE: the primary diffusion family (Apache-2.0 weights).

VACE is the one open model family whose diffusers pipeline takes *all three* of
what a previs shot has: the camera-aware prompt, a control video (the greybox
depth/layout render of the same shot, so framing, staging and camera movement
follow the plan) and reference images (the character bible, so faces and
costumes stay the same from shot to shot). The mask is all white: every pixel is
generated, guided by the control video -- except the lead-in frames a continued
segment takes from the previous one, which are kept (mask black).
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


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

    video = mask = None
    if control is not None or len(lead_in):
        frames = list(control) if control is not None else [np.zeros((height, width, 3), np.uint8)] * num_frames
        frames[:len(lead_in)] = list(lead_in)
        video = [Image.fromarray(f) for f in frames]
        keep, generate = Image.new("L", (width, height), 0), Image.new("L", (width, height), 255)
        mask = [keep] * len(lead_in) + [generate] * (len(video) - len(lead_in))
    refs = [Image.fromarray(r) for r in references] or None
    out = pipe(
        prompt=prompt, negative_prompt=negative or None, video=video, mask=mask, reference_images=refs,
        height=height, width=width, num_frames=num_frames, num_inference_steps=steps, guidance_scale=guidance,
        generator=torch.Generator("cpu").manual_seed(seed), output_type="np",
        callback_on_step_end=callback,
    ).frames[0]
    return (np.clip(out, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
