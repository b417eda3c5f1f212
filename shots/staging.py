"""Staging: where people stand in frame, which way they look, and the 180-degree line.

Why a module of its own: the coverage rules (:mod:`shots.scene_rules`) decide which
shot covers a unit of script; where its subjects stand and face is a separate
decision that every shot of an exchange must agree on (rule 4 of
:mod:`shots.heuristic`). :class:`Staging` keeps the scene's running geography:
the current two-person exchange (who is screen left, who screen right), how many
speeches it has run, and which side each person last held.
"""
from __future__ import annotations

from typing import Callable, Sequence

from shots.drafts import Draft
from shots.model import Placement
from shots.vocabulary import ScreenDirection


class Staging:
    """The axis and screen direction of one scene, as its shots are drafted in order.

    Attributes:
        exchange: ``(screen-left, screen-right)`` bible ids of the current two-person exchange, or None.
        exchange_speeches: speeches of the current exchange after its first.
        sides: the side (``"L"``/``"R"``) each person last held, so a pair that talks again keeps it.
    """

    def __init__(self) -> None:
        self.exchange: tuple[str, str] | None = None
        self.exchange_speeches = 0
        self.sides: dict[str, str] = {}

    def in_exchange(self, *ids: str) -> bool:
        """True when every one of ``ids`` is in the current exchange."""
        return self.exchange is not None and all(i in self.exchange for i in ids)

    def is_pair(self, a: str, b: str | None) -> bool:
        """True when ``a`` and ``b`` are exactly the current exchange."""
        return self.exchange is not None and {a, b} == set(self.exchange)

    def other(self, eid: str) -> str | None:
        """The other side of the current exchange from ``eid``, or None."""
        if self.exchange and eid in self.exchange:
            return self.exchange[1] if self.exchange[0] == eid else self.exchange[0]
        return None

    def release(self) -> None:
        """No line binds any more (the people travel, or the talk opens to a group)."""
        self.exchange = None

    def set_axis(self, speaker: str, partner: str | None) -> None:
        """Start (or continue) the exchange between ``speaker`` and ``partner``: the first to speak
        stands screen left unless either already held a side."""
        if partner is None:
            self.exchange = None
            return
        if self.is_pair(speaker, partner):
            self.exchange_speeches += 1
            return
        if partner in self.sides and self.sides[partner] == "L" and self.sides.get(speaker) != "L":
            left, right = partner, speaker
        elif self.sides.get(speaker) == "R":
            left, right = partner, speaker
        else:
            left, right = speaker, partner
        self.exchange = (left, right)
        self.sides[left], self.sides[right] = "L", "R"
        self.exchange_speeches = 0

    def side(self, eid: str) -> str | None:
        """``"L"`` or ``"R"`` for a member of the current exchange, else None."""
        if self.exchange and eid in self.exchange:
            return "L" if self.exchange[0] == eid else "R"
        return None

    def look(self, eid: str) -> tuple[float, str, ScreenDirection]:
        """Where a single of ``eid`` places them: ``(x, facing, screen direction)``."""
        side = self.side(eid)
        if side == "L":
            return 0.38, "right", ScreenDirection.LEFT_TO_RIGHT
        if side == "R":
            return 0.62, "left", ScreenDirection.RIGHT_TO_LEFT
        return 0.5, "camera", ScreenDirection.NEUTRAL

    def spread(self, subjects: Sequence[str]) -> tuple[Placement, ...]:
        """Placements honouring the current axis; others spread evenly, facing the camera."""
        out = []
        n = len(subjects)
        for k, s in enumerate(subjects):
            if self.exchange and s in self.exchange and all(x in subjects for x in self.exchange):
                left = s == self.exchange[0]
                out.append(Placement(s, 0.3 if left else 0.7, "right" if left else "left"))
            elif self.exchange and s in self.exchange and n == 1:
                left = s == self.exchange[0]
                out.append(Placement(s, 0.4 if left else 0.6, "right" if left else "left"))
            else:
                out.append(Placement(s, round((k + 1) / (n + 1), 3), "camera"))
        return tuple(out)

    def over_shoulder(self, speaker: str, partner: str) -> tuple[tuple[Placement, ...], ScreenDirection]:
        """An OTS's blocking: ``partner``'s shoulder in the foreground on the far side, ``speaker`` looking across."""
        x, facing, direction = self.look(speaker)
        px = 0.85 if x < 0.5 else 0.15
        pf = "left" if x < 0.5 else "right"
        if facing == "camera":
            px, pf = 0.85, "left"
        return (Placement(partner, px, pf, "fg"), Placement(speaker, x, facing)), direction

    def note_axis(self, d: Draft, name: Callable[[str], str]) -> None:
        """Write the 180-degree line into the notes of a shot that observes it (the AD reads it)."""
        if self.exchange and any(p.subject in self.exchange and p.facing in ("left", "right") for p in d.blocking):
            left, right = self.exchange
            d.notes = f"180° line: {name(left)} screen left, {name(right)} screen right"
