"""Staging: where people stand in frame, which way they look, and the 180-degree line.

Why a module of its own: the coverage rules (:mod:`shots.scene_rules`) decide which
shot covers a unit of script; where its subjects stand and face is a separate
decision that every shot of a scene must agree on (rules 4 and 5 of
:mod:`shots.heuristic`). :class:`Staging` keeps the scene's running geography: its
line (:class:`shots.geography.ScreenLine`: everyone in screen order, the travellers'
directions; the rules of seating, eyelines, crossings, exits and entrances are in
that module's docstring), the current two-person exchange, and who is speaking to whom.

Rules of placement (what the greybox draws and the floor plan reads, all in ``Shot.blocking``):

- Everyone stands in line order in every setup: a two-shot at 0.3 / 0.7, a group evenly
  spread, a single at 0.38 when looking right (0.62 looking left, 0.5 at the lens), an
  OTS with the listener's shoulder in the foreground on their own side (0.85 or 0.15).
- The speaker looks at whom they address (someone the speech names, else the one they
  answer); everyone else looks at the speaker; with no one speaking, people look at the
  others in frame. A single's ``screen_direction`` is the way its subject looks.
- In an intercut (a phone call between two places) the people here look right and the far
  party looks left, so that cut together they face each other.
- An action shot where someone comes in, crosses or goes out, or travels (a tracking
  shot), takes the direction of that move; the mover faces it, and in a single stands
  on the side they come from.
"""
from __future__ import annotations

from typing import Callable, Sequence

from shots.drafts import Draft
from shots.geography import ScreenLine, direction_of, facing_of
from shots.model import Placement
from shots.vocabulary import Movement, ScreenDirection

_SINGLE_X = {"right": 0.38, "left": 0.62}


class Staging:
    """The line, the axis and who looks at whom in one scene, as its shots are drafted in order.

    Args:
        present: the scene's running cast (the walker's list, read, never changed here).
        line: the line carried in from the scene before (a CONTINUOUS scene), else a new one.
        names: ``(id, start, end)`` of the people a text names (:func:`shots.bible.names_in`).

    Attributes:
        exchange: ``(screen-left, screen-right)`` bible ids of the current two-person exchange, or None.
        exchange_speeches: speeches of the current exchange after its first.
        speaker, addressee: who speaks now, and to whom (None when nobody or nobody in particular).
    """

    def __init__(self, present: Sequence[str] = (), line: ScreenLine | None = None,
                 names: Callable[[str], Sequence[tuple[str, int, int]]] = lambda text: ()) -> None:
        self.present = present
        self.names = names
        self.line = line if line is not None else ScreenLine()
        self._pair: tuple[str, str] | None = None
        self.exchange_speeches = 0
        self.speaker: str | None = None
        self.addressee: str | None = None

    @property
    def exchange(self) -> tuple[str, str] | None:
        """The current two-person exchange as (screen left, screen right) on the line as it stands now."""
        return self.line.ordered(*self._pair) if self._pair else None

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
        """No two-person exchange binds any more (the talk opens to a group); the line stays."""
        self._pair = None

    def speaking(self, speaker: str | None, addressee: str | None) -> None:
        """``speaker`` talks to ``addressee`` now (either None: nobody, or nobody in particular)."""
        self.speaker, self.addressee = speaker, addressee if addressee != speaker else None

    def addressed(self, speech: str, speaker: str) -> str | None:
        """Whom ``speech`` calls by name (``Kim, come here``, ``..., Josephine, but``, ``Sit, Kim.``):
        a name set off by a comma or starting a sentence and ending a phrase; None if nobody."""
        if "," not in speech and len(speech.split()) > 2:
            return None  # most speeches call nobody: spare the name search
        for eid, start, end in self.names(speech):
            before, after = speech[:start].rstrip(), speech[end:].lstrip()
            if eid != speaker and (not before or before[-1] in ",.?!") and (not after or after[0] in ",.?!"):
                return eid
        return None

    def set_axis(self, speaker: str, partner: str | None) -> None:
        """Start (or continue) the exchange between ``speaker`` and ``partner``; their sides are
        their places on the line (a pair new to it: the first to speak stands screen left)."""
        if partner is None:
            self._pair = None
            return
        if self.is_pair(speaker, partner):
            self.exchange_speeches += 1
            return
        self._pair = self.line.pair(speaker, partner)
        self.exchange_speeches = 0

    def _in_frame(self, ids: Sequence[str]) -> None:
        """``ids`` are seen in a shot: on the line (back by the door they left by, if they had gone)."""
        self.line.enter([i for i in ids if self.line.gone(i)])
        self.line.seat(ids)

    def _toward(self, eid: str) -> str | None:
        return self.addressee if eid == self.speaker else self.speaker

    def look(self, eid: str) -> tuple[float, str, ScreenDirection]:
        """Where a single of ``eid`` places them: ``(x, facing, screen direction)``."""
        self._in_frame((eid,))
        facing = self.line.facing(eid, self._toward(eid), self.present)
        return _SINGLE_X.get(facing, 0.5), facing, direction_of(facing)

    def spread(self, subjects: Sequence[str]) -> tuple[Placement, ...]:
        """Placements of ``subjects`` in line order, each looking where the rules say."""
        self._in_frame(subjects)
        if len(subjects) == 1:
            x, facing, _ = self.look(subjects[0])
            return (Placement(subjects[0], {"right": 0.4, "left": 0.6}.get(facing, 0.5), facing),)
        xs = self.line.xs(subjects)
        return tuple(Placement(s, xs.get(s, 0.5), self.line.facing(s, self._toward(s), subjects)) for s in subjects)

    def over_shoulder(self, speaker: str, partner: str) -> tuple[tuple[Placement, ...], ScreenDirection]:
        """An OTS's blocking: ``partner``'s shoulder in the foreground on their side, ``speaker`` looking across."""
        self._in_frame((speaker, partner))
        facing = self.line.facing(speaker, partner, self.present)
        if facing == "camera":
            facing = "right"
        x = _SINGLE_X[facing]
        px, pf = (0.85, "left") if facing == "right" else (0.15, "right")
        return (Placement(partner, px, pf, "fg"), Placement(speaker, x, facing)), direction_of(facing)

    @staticmethod
    def across_the_cut(away: bool) -> tuple[float, str, ScreenDirection]:
        """A single in an intercut (a phone call between two places): ``(x, facing, direction)``.
        The people here look right and the far party left, so cut together they face each other."""
        facing = "left" if away else "right"
        return _SINGLE_X[facing], facing, direction_of(facing)

    def action(self, subjects: Sequence[str], text: str, leaving: Sequence[str], movement: Movement,
               establishing: bool = False
               ) -> tuple[tuple[Placement, ...], ScreenDirection]:
        """An action shot's blocking and screen direction, moving the line as the text says:
        entrances, seating, a crossing, exits, travel (rules in :mod:`shots.geography`).

        Args:
            subjects: who the paragraph shows, in order.
            text: the paragraph.
            leaving: who goes out in it.
            movement: the camera move the text asks for.
            establishing: the scene's opening view: people small in the background, facing the
                lens unless they move.
        """
        line = self.line
        movers: list[str] = []
        direction = ScreenDirection.NEUTRAL
        came = line.enter(subjects)
        if came:
            direction = next(iter(came.values()))
            movers = [s for s in came if came[s] == direction]
        line.seat(subjects, text)
        crossed = line.crossing(text, self.names, subjects)
        if crossed is not None:
            movers, direction = [crossed[0]], crossed[1]
        going = [s for s in leaving if s in subjects or line.has(s)]
        if going and not movers:
            movers, direction = going[:1], line.exit_direction(going[0])
        if movement == Movement.TRACKING and subjects and not movers:
            movers = list(subjects)
            direction = line.walk(movers)
        blocking = self.spread(subjects) if subjects else ()
        facing = facing_of(direction)
        blocking = tuple(Placement(p.subject, _SINGLE_X.get(facing, p.x) if len(blocking) == 1 else p.x, facing,
                                   p.depth) if p.subject in movers else
                         Placement(p.subject, p.x, "camera" if establishing else p.facing, p.depth)
                         for p in blocking)
        if establishing:
            blocking = tuple(Placement(p.subject, p.x, p.facing, "bg") for p in blocking)
        for s in leaving:
            if line.has(s) or s in subjects:
                line.exit(s)
        return blocking, direction

    def observe(self, d: Draft, name: Callable[[str], str]) -> None:
        """Write the line into the notes of a shot that observes it (the AD reads it); a shot whose
        on-screen speaker looks left or right and that has no move of its own takes that direction."""
        if d.direction == ScreenDirection.NEUTRAL and d.speaker:
            facing = next((p.facing for p in d.blocking if p.subject == d.speaker and p.depth != "fg"), "camera")
            d.direction = direction_of(facing)
        if self.exchange and any(p.subject in self.exchange and p.facing in ("left", "right") for p in d.blocking):
            left, right = self.exchange
            d.notes = f"180° line: {name(left)} screen left, {name(right)} screen right"
        elif len(self.line.order) >= 3 and sum(p.subject in self.line.order for p in d.blocking) >= 1 \
                and any(p.facing in ("left", "right") for p in d.blocking):
            d.notes = "180° line: " + ", ".join(name(i) for i in self.line.order) + " (screen left to right)"
