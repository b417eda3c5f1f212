"""Scene and shot lengths in page eighths, measured on the typeset script.

Why after planning and not inside the planner: an eighth depends on where the
page breaks fall, which an edit anywhere before the scene can move, while a
plan is cached by the scene's own text. So plans are cached without it and
measured afresh on the current layout each time they are handed out
(``previs/pipeline.py``), and every consumer (shot list, ``previs stats``,
timing warnings, exports, the app) reads ``ShotPlan.eighths`` and
``Shot.eighths``.
"""
from __future__ import annotations

import dataclasses
from typing import Sequence

from screenplay.page_eighths import PageRuler
from shots.model import ShotPlan

__all__ = ["measure_plans"]


def measure_plans(plans: Sequence[ShotPlan], ruler: PageRuler) -> tuple[ShotPlan, ...]:
    """The plans with each scene's and each shot's eighths from the typeset pages.

    Args:
        plans: scene plans (their and their shots' ``first_line``/``last_line``).
        ruler: ``screenplay.page_eighths.ruler_for(screenplay)``.

    Returns:
        The same plans, ``eighths`` filled in; a scene keeps at least 1/8.
    """
    out = []
    for plan in plans:
        shots = tuple(dataclasses.replace(s, eighths=ruler.eighths(s.first_line, s.last_line)) for s in plan.shots)
        eighths = max(1, ruler.eighths(plan.first_line, plan.last_line))
        out.append(dataclasses.replace(plan, shots=shots, eighths=eighths))
    return tuple(out)
