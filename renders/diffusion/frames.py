"""Frame-count rules: from a shot's timed length to what a video model can make, and back.

Video models generate a fixed grid of frames: Wan needs 4k+1 frames and was
trained at 16 fps (81 frames = 5 s); LTX needs 8k+1 and runs at 24 fps (121
frames = 5 s). A shot is timed in frames at the project rate (24 fps). So:

1. Each shot is generated at the model's *native* rate over its real duration,
   with the frame count rounded *up* to the family's rule (never short).
2. A shot longer than one model clip (81 / 121 frames) is split into equal
   *segments*, each generated with the greybox control for its own span and a
   seed derived from the shot seed. We chose segments over "one clip at a lower
   frame rate" because a 20 s shot squeezed into 81 frames plays at 4 fps, while
   segments keep the motion rate. Every segment after the first is *continued*:
   it starts with a ``lead_in`` of the previous segment's last generated frames
   (5 for Wan, 9 for LTX: two whole latent frames), which the model keeps (VACE:
   masked "keep" as whole latent frames, see ``wan_vace.keep_frames``; an LTX video
   condition at full strength) and which are dropped
   from the output, so appearance carries over the joins.
3. Output is *retimed* to exactly ``timed.frames`` at the project rate by
   nearest-frame sampling in time, so every renderer hands the cut the same
   frame count and the cache, cut and exports treat greybox and diffusion alike.
"""
from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FamilyRules:
    """``num_frames % step == 1``; ``native_fps`` the training rate; ``max_frames`` one clip."""

    step: int
    native_fps: int
    max_frames: int
    min_frames: int
    size_multiple: int  # width/height must be a multiple of this (VAE x patch)
    lead_in: int  # frames a continued segment takes from the previous one (k*step + 1)


RULES = {
    "wan-vace": FamilyRules(step=4, native_fps=16, max_frames=81, min_frames=5, size_multiple=16, lead_in=5),
    "ltx": FamilyRules(step=8, native_fps=24, max_frames=121, min_frames=9, size_multiple=32, lead_in=9),
}


@dataclass(frozen=True, slots=True)
class Segment:
    """One model call: output frames ``[out_start, out_end)`` of the shot, generated as
    ``model_frames`` frames at ``model_fps``, the first ``lead_in`` of which repeat the end of
    the previous segment. ``index`` is added to the shot seed."""

    index: int
    out_start: int
    out_end: int
    model_frames: int
    model_fps: int
    lead_in: int = 0

    def source_index(self, out_frame: int, fps: int) -> int:
        """Which generated frame shows output frame ``out_frame`` (absolute in the shot)."""
        t = (out_frame - self.out_start) / fps
        return min(self.model_frames - 1, self.lead_in + round(t * self.model_fps))

    def control_index(self, model_frame: int, fps: int) -> int:
        """Which project-rate frame of the shot (absolute) the ``model_frame``-th generated frame shows."""
        t = (model_frame - self.lead_in) / self.model_fps
        return max(0, min(self.out_end - 1, self.out_start + round(t * fps)))

    def lead_in_sources(self, previous: "Segment", fps: int) -> list[int]:
        """Indices into ``previous``'s generated frames for this segment's lead-in frames
        (the moments just before ``out_start``)."""
        offset = (self.out_start - previous.out_start) / fps * previous.model_fps
        return [max(0, min(previous.model_frames - 1, previous.lead_in + round(offset) + k - self.lead_in))
                for k in range(self.lead_in)]


def round_up_to_rule(n: int, step: int) -> int:
    """Smallest ``k*step + 1`` that is >= ``n``."""
    return max(1, math.ceil((n - 1) / step)) * step + 1


def plan_segments(family: str, frames: int, fps: int, continued: bool = True) -> tuple[Segment, ...]:
    """Split a shot of ``frames`` at ``fps`` into model calls.

    Args:
        family: "wan-vace" or "ltx".
        frames: the shot's timed length in project frames (>= 1).
        fps: the project frame rate.
        continued: segments after the first take a lead-in from the one before.

    Returns:
        Segments covering ``[0, frames)`` in order, each with a rule-valid ``model_frames``.
    """
    r = RULES[family]
    seconds = frames / fps
    clip_seconds = (r.max_frames - 1) / r.native_fps
    count = max(1, math.ceil(seconds / clip_seconds - 1e-9))
    if count > 1 and continued:  # continued segments have room for less new footage
        count = math.ceil(seconds / ((r.max_frames - 1 - r.lead_in) / r.native_fps) - 1e-9)
    segments = []
    for i in range(count):
        start = round(i * frames / count)
        end = round((i + 1) * frames / count)
        span = (end - start) / fps
        lead_in = r.lead_in if (i > 0 and continued) else 0
        needed = math.ceil(span * r.native_fps - 1e-9) + 1 + lead_in
        model_frames = min(r.max_frames, max(r.min_frames, round_up_to_rule(needed, r.step)))
        segments.append(Segment(i, start, end, model_frames, r.native_fps, lead_in))
    return tuple(segments)


def model_size(family: str, width: int, height: int) -> tuple[int, int]:
    """The generation size nearest to ``width`` x ``height`` that the family accepts: the rule for a
    model of no known size (the tiny test models); published models generate at their trained sizes
    (``profile.generation_size``).

    Args:
        family: "wan-vace" or "ltx".
        width: requested width in pixels.
        height: requested height in pixels.

    Returns:
        (width, height), each a positive multiple of the family's size multiple.
    """
    m = RULES[family].size_multiple
    return max(m, round(width / m) * m), max(m, round(height / m) * m)
