"""LTX-Video: the draft family (fastest open video model, ~10x fewer tokens than Wan).

LTX has no depth/layout control in diffusers; its conditioning is keyframes or
pixel video (``LTXVideoCondition``). Conditioning on greybox pixels at full
strength would reproduce the grey mannequins, so draft mode conditions only the
*first* frame on the greybox still at partial strength: the opening composition
follows the plan, the prompt decides the look, the camera move comes from the
prompt's movement phrase. Character references are not used (LTX has no
reference input); they still enter the cache key so a draft invalidates alike.
Note the licence: LTX 0.9.5+ weights carry a custom, revenue-gated licence.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

FIRST_FRAME_STRENGTH = 0.5


def generate(pipe, *, prompt: str, negative: str, control: Sequence[np.ndarray] | None,
             references: Sequence[np.ndarray], width: int, height: int, num_frames: int, steps: int,
             guidance: float, seed: int, callback: Callable, lead_in: Sequence[np.ndarray] = (),
             frame_rate: int = 24) -> np.ndarray:
    """Run ``LTXConditionPipeline`` once (arguments as :func:`renders.diffusion.wan_vace.generate`;
    ``references`` is ignored, ``num_frames`` is 8k+1, sizes multiples of 32). A ``lead_in``
    (8k+1 frames) becomes a video condition at frame 0, full strength, instead of the greybox still.

    Returns:
        ``(num_frames, height, width, 3)`` uint8 frames.
    """
    import torch
    from PIL import Image
    from diffusers.pipelines.ltx.pipeline_ltx_condition import LTXVideoCondition

    conditions = None
    if len(lead_in):
        conditions = [LTXVideoCondition(video=[Image.fromarray(f) for f in lead_in], frame_index=0, strength=1.0)]
    elif control is not None and len(control):
        conditions = [LTXVideoCondition(image=Image.fromarray(control[0]), frame_index=0,
                                        strength=FIRST_FRAME_STRENGTH)]
    out = pipe(
        conditions=conditions, prompt=prompt, negative_prompt=negative or None, height=height, width=width,
        num_frames=num_frames, frame_rate=frame_rate, num_inference_steps=steps, guidance_scale=guidance,
        generator=torch.Generator("cpu").manual_seed(seed), output_type="np", callback_on_step_end=callback,
    ).frames[0]
    return (np.clip(out, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
