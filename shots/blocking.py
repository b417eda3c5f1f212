"""Default blocking: where subjects stand when nobody placed them.

One rule, used by the LLM planner (whose answers carry no positions) and by the
greybox renderer (for a shot whose blocking was cleared by an edit): subjects
spread evenly across the frame, each facing the centre; in an over-the-shoulder
the listener's shoulder is in the foreground; right-to-left screen direction
mirrors the layout.
"""
from __future__ import annotations

from typing import Sequence

from shots.model import Placement
from shots.vocabulary import ScreenDirection, ShotType


def spread_blocking(subjects: Sequence[str], speaker: str | None = None, kind: ShotType | None = None,
                    direction: ScreenDirection | None = None) -> tuple[Placement, ...]:
    """Placements for ``subjects``, left to right in the order given."""
    n = len(subjects)
    if n == 0:
        return ()
    if n == 1:
        return (Placement(subjects[0], 0.5, "camera", "mid"),)
    out = []
    for i, subject in enumerate(subjects):
        x = round((i + 1) / (n + 1), 3)
        facing = "right" if x < 0.5 else "left" if x > 0.5 else "camera"
        depth = "fg" if kind == ShotType.OTS and speaker is not None and subject != speaker else "mid"
        if direction == ScreenDirection.RIGHT_TO_LEFT:
            x = round(1 - x, 3)
            facing = {"right": "left", "left": "right"}.get(facing, facing)
        out.append(Placement(subject, x, facing, depth))
    return tuple(out)
