"""What a model folder is, read once from its configs: the decisions that depend on the model.

Why a profile: generation size, default steps and guidance, the scheduler shift, LTX's decode
settings and whether a GPU needs offload all depend on *which* model a folder holds (Wan VACE
1.3B or 14B, LTX regular or distilled, how many parameters), not on the family alone. They are
decided here, in one place, from the folder's own ``config.json`` files and safetensors headers
(no weights are read).

Sizes: the video models were trained at a few sizes and degrade away from them (Wan2.1 1.3B at
832x480; 14B at 1280x720 and 832x480; LTX-Video in multiples of 32 around 704x480), so a shot is
generated at the model's size with the output's orientation and resized to the project's frame
size afterwards; a model of an unknown (test) size keeps the old rule (the output size rounded to
the family's multiple) so tiny random-weight models stay tiny.
"""
from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass
from pathlib import Path

# (steps, draft steps, guidance) per variant. Wan: the model card's guidance 5.0. LTX: the
# diffusers documentation's settings (guidance 5.0 for the regular checkpoints; the distilled ones
# are guidance- and timestep-distilled: guidance 1.0, 4-10 steps, the published 8-step schedule).
DEFAULTS = {
    "wan-vace": (30, 12, 5.0),
    "ltx": (30, 15, 5.0),
    "ltx-distilled": (8, 8, 1.0),
}
LTX_DISTILLED_TIMESTEPS = (1000, 993, 987, 981, 975, 909, 725, 0.03)  # for exactly 8 steps

# LTX 0.9.1+ (a timestep-aware VAE): the documented decode and conditioning noise.
LTX_TIMESTEP_VAE = {"decode_timestep": 0.05, "decode_noise_scale": 0.025, "image_cond_noise_scale": 0.025}

# Wan2.1 model card: flow shift 3.0 for 480p, 5.0 for 720p.
WAN_FLOW_SHIFT = {480: 3.0, 720: 5.0}

# GPU memory beyond the weights for activations and the VAE decode at the model's size (GiB).
ACTIVATION_HEADROOM_GIB = {"wan-vace": 16.0, "ltx": 10.0}

_MAX_HEADER = 100 * 2**20  # the format's own limit on the JSON header
_BYTES = {"bf16": 2, "fp16": 2, "fp32": 4}


@dataclass(frozen=True, slots=True)
class ModelProfile:
    """One model folder as the renderer needs to know it.

    ``size_class`` is "wan-1.3b", "wan-14b", "ltx" (a published LTX size) or "test" (anything
    else: generated at the requested size rounded to the family's multiple). ``parameters`` counts
    every weight in the folder (text encoder included), from the safetensors headers.
    """

    family: str
    size_class: str
    parameters: int
    distilled: bool = False
    timestep_vae: bool = False

    @property
    def variant(self) -> str:
        """The key of :data:`DEFAULTS`."""
        return "ltx-distilled" if self.family == "ltx" and self.distilled else self.family


def _config(folder: Path, sub: str) -> dict:
    try:
        data = json.loads((folder / sub / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def count_parameters(folder: Path) -> int:
    """Number of weights in every ``*.safetensors`` file under ``folder`` (headers only).

    Args:
        folder: a diffusers folder.

    Returns:
        The total element count; files that cannot be read count 0.
    """
    total = 0
    for path in folder.rglob("*.safetensors"):
        try:
            with open(path, "rb") as fh:
                (length,) = struct.unpack("<Q", fh.read(8))
                if length > min(path.stat().st_size, _MAX_HEADER):  # not a safetensors file: the load will say so
                    continue
                header = json.loads(fh.read(length))
        except (OSError, ValueError, struct.error):
            continue
        for name, info in header.items():
            if name != "__metadata__" and isinstance(info, dict):
                total += math.prod(info.get("shape") or [1])
    return total


def read_profile(folder: Path, family: str) -> ModelProfile:
    """Read a folder's transformer and VAE configs and its weight count.

    Args:
        folder: a resolved diffusers folder.
        family: "wan-vace" or "ltx" (from :func:`renders.diffusion.loader.detect_family`).

    Returns:
        The folder's :class:`ModelProfile`.
    """
    tcfg = _config(folder, "transformer")
    width = int(tcfg.get("num_attention_heads", 0) or 0) * int(tcfg.get("attention_head_dim", 0) or 0)
    if family == "wan-vace":
        size_class = {1536: "wan-1.3b", 5120: "wan-14b"}.get(width, "test")
    else:
        size_class = "ltx" if width >= 2048 else "test"
    # The distilled LTX checkpoints differ from the regular ones only by name (their configs match).
    distilled = family == "ltx" and "distill" in str(folder).lower()
    timestep_vae = bool(_config(folder, "vae").get("timestep_conditioning", False))
    return ModelProfile(family, size_class, count_parameters(folder), distilled, timestep_vae)


def generation_size(profile: ModelProfile, width: int, height: int) -> tuple[int, int]:
    """The size to generate at for an output of ``width`` x ``height``.

    Args:
        profile: the model.
        width: output width.
        height: output height.

    Returns:
        (width, height) to generate at; the caller resizes the result to the output size.
    """
    portrait = height > width
    if profile.size_class in ("wan-1.3b", "wan-14b"):
        long_side, short_side = (1280, 720) if profile.size_class == "wan-14b" and min(width, height) >= 720 \
            else (832, 480)
        return (short_side, long_side) if portrait else (long_side, short_side)
    if profile.size_class == "ltx":  # keep the output's aspect at about 704x480 pixels, multiples of 32
        area, aspect = 704 * 480, width / height
        w = max(32, round(math.sqrt(area * aspect) / 32) * 32)
        h = max(32, round(math.sqrt(area / aspect) / 32) * 32)
        return w, h
    from renders.diffusion.frames import model_size

    return model_size(profile.family, width, height)


def flow_shift(width: int, height: int) -> float:
    """Wan's scheduler shift for a generation size: 5.0 from 720p up, else 3.0 (the model card's)."""
    return WAN_FLOW_SHIFT[720] if min(width, height) >= 720 else WAN_FLOW_SHIFT[480]


def needs_offload(profile: ModelProfile, gpu_gib: float, dtype: str) -> bool:
    """Whether the whole pipeline resident (weights in ``dtype``, Wan's VAE in fp32, plus the
    activation headroom of :data:`ACTIVATION_HEADROOM_GIB`) would not fit ``gpu_gib``.

    Args:
        profile: the model (its parameter count includes the text encoder).
        gpu_gib: the GPU's total memory in GiB.
        dtype: "bf16", "fp16" or "fp32".

    Returns:
        True when model offload is needed.
    """
    weights = profile.parameters * _BYTES.get(dtype, 2) / 2**30
    return weights + ACTIVATION_HEADROOM_GIB[profile.family] > gpu_gib
