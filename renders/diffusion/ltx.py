"""LTX-Video: the draft family (fastest open video model, ~10x fewer tokens than Wan).

LTX has no depth/layout control in diffusers; its conditioning is keyframes or
pixel video (``LTXVideoCondition``), and a condition frame is taken as a picture
of the shot: its colours and light carry into every frame. The greybox depth
render is neither (a grey ramp; conditioning on it renders a grey, depth-map-looking
shot), and the greybox beauty pass carries burn-in text and flat mannequins. So a
shot is generated from the prompt alone unless the caller hands a real picture
(``first_frame``: an approved still of the shot, say); the camera move comes from
the prompt's movement phrase. A continued segment is conditioned on its lead-in
(video condition at frame 0, full strength). Character references are not used
(LTX has no reference input); they still enter the cache key so a draft
invalidates alike. Note the licence: LTX 0.9.5+ weights carry a custom,
revenue-gated licence.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

FIRST_FRAME_STRENGTH = 0.5
# LTX-Video's T5-XXL text encoder reads 256 tokens in LTXConditionPipeline (its default):
# a longer prompt is cut there, so renders.diffusion.text_budget fits prompts to it first.
MAX_SEQUENCE_LENGTH = 256


def call_options(profile, steps: int) -> dict:
    """The pipeline arguments the LTX documentation gives for this checkpoint.

    Args:
        profile: the model's :class:`renders.diffusion.profile.ModelProfile`.
        steps: denoising steps of the run.

    Returns:
        ``decode_timestep``/``decode_noise_scale``/``image_cond_noise_scale`` for a timestep-aware
        VAE (0.9.1+), and the published 8-step ``timesteps`` for a distilled checkpoint run at 8 steps.
    """
    from renders.diffusion.profile import LTX_DISTILLED_TIMESTEPS, LTX_TIMESTEP_VAE

    options = dict(LTX_TIMESTEP_VAE) if profile.timestep_vae else {}
    if profile.distilled and steps == len(LTX_DISTILLED_TIMESTEPS):
        options["timesteps"] = list(LTX_DISTILLED_TIMESTEPS)
    return options


def generate(pipe, *, prompt: str, negative: str, control: Sequence[np.ndarray] | None,
             references: Sequence[np.ndarray], width: int, height: int, num_frames: int, steps: int,
             guidance: float, seed: int, callback: Callable, lead_in: Sequence[np.ndarray] = (),
             frame_rate: int = 24, first_frame: np.ndarray | None = None, options: dict | None = None) -> np.ndarray:
    """Run ``LTXConditionPipeline`` once (arguments as :func:`renders.diffusion.wan_vace.generate`;
    ``control`` and ``references`` are not used, ``num_frames`` is 8k+1, sizes multiples of 32).

    Args:
        lead_in: 8k+1 frames to continue from: a video condition at frame 0, full strength.
        first_frame: without a lead-in, an RGB picture of the shot's opening to condition on at
            :data:`FIRST_FRAME_STRENGTH`; None generates from the prompt alone.
        options: extra pipeline arguments (:func:`call_options`).

    Returns:
        ``(num_frames, height, width, 3)`` uint8 frames.
    """
    import torch
    from PIL import Image
    from diffusers.pipelines.ltx.pipeline_ltx_condition import LTXVideoCondition

    conditions = None
    if len(lead_in):
        conditions = [LTXVideoCondition(video=[Image.fromarray(f) for f in lead_in], frame_index=0, strength=1.0)]
    elif first_frame is not None:
        picture = Image.fromarray(first_frame).resize((width, height), Image.BICUBIC)
        conditions = [LTXVideoCondition(image=picture, frame_index=0, strength=FIRST_FRAME_STRENGTH)]
    extra = dict(options or {})
    if "timesteps" not in extra:
        extra["num_inference_steps"] = steps
    out = pipe(
        conditions=conditions, prompt=prompt, negative_prompt=negative or None, height=height, width=width,
        num_frames=num_frames, frame_rate=frame_rate, guidance_scale=guidance,
        generator=torch.Generator("cpu").manual_seed(seed), output_type="np", callback_on_step_end=callback,
        max_sequence_length=MAX_SEQUENCE_LENGTH, **extra,
    ).frames[0]
    return (np.clip(out, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
