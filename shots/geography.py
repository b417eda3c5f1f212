"""Screen geography: who stands on which side of the line, and which way travellers move on screen.

Why a model of its own: a cut works when the audience keeps its bearings. Two people
talking keep their sides (the 180-degree line); a table of four keeps its order in
every setup, so that in a single each one looks toward where the other sits in the
wide; someone who walks out of frame left comes into the next CONTINUOUS scene from
the right, still moving right to left; someone who goes out by a door comes back by
it. :class:`ScreenLine` is that state for one scene, as plain as it can be: the people
on the line in screen order (left to right, seen from the camera's side), and each
traveller's direction. The staging rules (``shots/staging.py``) ask it where people
stand and which way they look; ``shots/continuity.py`` carries its end state
(:meth:`ScreenLine.end`) into the next CONTINUOUS scene.

Rules:

- **Seating.** People join the line in the order the script introduces them, at the
  right end; a sentence that sits two of them "at opposite ends" (either end, each
  end) puts those two outermost and the others between them.
- **Eyelines.** Whoever looks at someone on the line faces toward that person's side
  (right when the other stands further right); someone who looks at no one faces the
  others; alone, the camera.
- **Crossing** (the only way the line changes, short of leaving): a sentence where
  someone crosses (not their arms), walks/goes/comes around (not a corner), circles
  around, or changes/switches places moves them (the last person named before the
  verb) past the person the sentence names after it (``walks around the table and
  sits down beside Rosa``), or to the other end of the line when it names nobody;
  the move has the screen direction of the crossing, and the new order holds, until
  the one who crossed goes back to their seat (retakes her seat, returns to his
  place, sits back down): then they stand where they stood before it.
- **Exits.** Someone who leaves walks out by the edge of frame on their side of the
  line (no one crosses in front of the others); alone, they keep the way they were
  already travelling (left to right when nothing says otherwise).
- **Re-entrances.** Someone who comes back into the scene they left enters by the
  edge they went out by, moving the other way, and rejoins the line at that end.
- **Across scenes.** A CONTINUOUS scene starts with the previous scene's line and
  with its travellers' directions (who went out, who was walking in a tracking shot,
  who was still on their way in): the first shot that shows a traveller moves the
  same way (out of frame left, into the next from the right) and has them come in
  from the side opposite the one they left by; people who come in together keep
  their order on the line (a walk-and-talk keeps its sides). Any other scene whose first action
  has someone come in (enters, comes in / out, bursts through, arrives...) gets the
  directions of those who went out of the scene before, the same way.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Sequence

from shots.caseless_pattern import CaselessPattern
from shots.vocabulary import ScreenDirection

L2R, R2L = ScreenDirection.LEFT_TO_RIGHT, ScreenDirection.RIGHT_TO_LEFT
CROSSING = CaselessPattern(r"\b(?:(?:crosses|crossing|crossed)\b(?! (?:his|her|their|my) (?:arms|legs|fingers)| (?:him|her|them)sel)|"
                           r"(?:walks?|walking|goes|going|comes?|coming|moves?|moving|runs?|steps?|heads?) (?:back )?"
                           r"(?:a)?round\b(?! (?:a |the )?(?:corner|bend)\b)|"
                           r"(?:circles?|circling) (?:a)?round\b|circles the (?:table|room|desk|bed|car)\b|"
                           r"(?:changes?|switch(?:es)?|swaps?|trades?) (?:places|sides|seats)\b)")
# someone going back to where they were before they crossed
RETURNING = CaselessPattern(r"\b(?:(?:re)?takes|resumes|returns to|goes back to|gets back to|heads back to|moves back to)"
                            r" (?:her|his|their|the) (?:seat|place|chair|spot)\b|\bsits back down\b")
# the verbs of someone coming into a place (the first action of a scene after someone went out)
ENTERING = CaselessPattern(r"\b(enters|entering|comes (?:back )?(?:in|out|through)|walks (?:back )?in|steps (?:in|out)|"
                           r"bursts (?:in|out|through)|emerges|arrives|hurries in|runs in|rushes in|stumbles (?:in|out))\b")
_ENDS = re.compile(r"\b(?:at\s+)?(?:opposite|either|each|both)\s+ends?\b", re.I)
_SENTENCES = re.compile(r"(?<=[.!?;])\s+")


def reverse(direction: ScreenDirection) -> ScreenDirection:
    """The other way (a neutral direction stays neutral)."""
    return {L2R: R2L, R2L: L2R}.get(direction, direction)


def facing_of(direction: ScreenDirection) -> str:
    """Which way someone moving in ``direction`` faces."""
    return {L2R: "right", R2L: "left"}.get(direction, "camera")


def direction_of(facing: str) -> ScreenDirection:
    """The screen direction of a shot whose subject faces ``facing``."""
    return {"right": L2R, "left": R2L}.get(facing, ScreenDirection.NEUTRAL)


class ScreenLine:
    """One scene's line: who stands where (screen left to right) and which way travellers move.

    Args:
        order: the line carried in from the scene before (a CONTINUOUS scene), left to right.
        travel: ``(id, direction)`` of the travellers carried in from the scene before.
    """

    def __init__(self, order: Sequence[str] = (), travel: Iterable[tuple[str, ScreenDirection]] = ()):
        self.order: list[str] = list(dict.fromkeys(order))
        self.travel: dict[str, ScreenDirection] = {}
        self.arriving: dict[str, ScreenDirection] = {k: ScreenDirection(v) for k, v in travel}
        self.out: dict[str, ScreenDirection] = {}  # who left this scene, and the way they went
        self.before_crossing: dict[str, list[str]] = {}  # the line as it was before each one crossed
        self.walking: set[str] = set()  # who is travelling (a tracking shot) as of their last move

    # -- who stands where ------------------------------------------------------------------
    def seat(self, ids: Sequence[str], text: str = "") -> None:
        """Put the people of ``ids`` who are not on the line yet on it (rule "Seating")."""
        new = [i for i in dict.fromkeys(ids) if i not in self.order and i not in self.out]
        if not new:
            return
        if len(new) >= 3 and _ENDS.search(text or ""):
            self.order = [new[0], *self.order, *new[2:], new[1]]
        else:
            self.order.extend(new)

    def has(self, who: str) -> bool:
        return who in self.order

    def gone(self, who: str) -> bool:
        """True when ``who`` went out of this scene and has not come back."""
        return who in self.out

    def side(self, a: str, b: str) -> int:
        """+1 when ``a`` stands right of ``b``, -1 left of, 0 when either is not on the line."""
        if a not in self.order or b not in self.order or a == b:
            return 0
        return 1 if self.order.index(a) > self.order.index(b) else -1

    def pair(self, a: str, b: str) -> tuple[str, str]:
        """``a`` and ``b`` as (screen left, screen right), seating them if needed (someone who went out
        stands on the side they went out by)."""
        self.seat((a, b))
        return self.ordered(a, b)

    def ordered(self, a: str, b: str) -> tuple[str, str]:
        """``a`` and ``b`` as (screen left, screen right) as the line stands (nobody is seated)."""
        s = self.side(a, b)
        if not s and b in self.out:
            s = -1 if self.out[b] == L2R else 1
        elif not s and a in self.out:
            s = 1 if self.out[a] == L2R else -1
        return (a, b) if s <= 0 else (b, a)

    def facing(self, who: str, toward: str | None, among: Sequence[str]) -> str:
        """Rule "Eyelines": "right", "left" or "camera" for ``who`` looking at ``toward`` (at the edge
        they went out by, when they left); with no one to look at, toward the others of ``among``."""
        if toward is not None and toward != who:
            s = self.side(toward, who)
            if s:
                return "right" if s > 0 else "left"
            if toward in self.out:  # gone: look at the way they went
                return facing_of(self.out[toward])
        if who not in self.order:
            return "camera"
        others = [self.side(o, who) for o in among if o != who and o in self.order]
        if not others:
            return "camera"
        lean = sum(others)
        if lean == 0:  # in the middle: look at the nearer neighbour on the right
            return "right"
        return "right" if lean > 0 else "left"

    def xs(self, subjects: Sequence[str]) -> dict[str, float]:
        """Frame x of each of ``subjects`` who is on the line, in line order."""
        on = sorted((s for s in dict.fromkeys(subjects) if s in self.order), key=self.order.index)
        n = len(on)
        if n == 1:
            return {on[0]: 0.5}
        if n == 2:
            return {on[0]: 0.3, on[1]: 0.7}
        return {s: round((k + 1) / (n + 1), 3) for k, s in enumerate(on)}

    # -- moves -------------------------------------------------------------------------------
    def crossing(self, text: str, names: Callable[[str], Sequence[tuple[str, int, int]]], refs: Sequence[str]
                 ) -> tuple[str, ScreenDirection] | None:
        """Rule "Crossing": apply the first crossing (or going back to one's seat) ``text`` writes;
        ``names(text)`` gives the people it names (id, start, end), ``refs`` those it refers to.
        Returns (who, direction) or None."""
        back = RETURNING.search(text)
        m = back or CROSSING.search(text)
        if m is None:
            return None
        nxt = _SENTENCES.search(text, m.end())
        hi = nxt.start() if nxt else len(text)
        named = names(text)
        # who moves: the last one named before the verb ("As she crosses": the last woman named);
        # where to: the first one named after it in the same sentence
        before = [i for i, _, end in named if end <= m.start() and i in self.order]
        after = [i for i, start, end in named if m.end() <= start and end <= hi and i in self.order]
        mover = before[-1] if before else next((r for r in refs if r in self.order), None)
        if mover is None or len(self.order) < 2:
            return None
        target = next((t for t in after if t != mover), None)
        old = self.order.index(mover)
        if back is not None:
            if mover not in self.before_crossing:
                return None
            was = [p for p in self.before_crossing.pop(mover) if p in self.order or p == mover]
            self.order.remove(mover)
            k = was.index(mover)
            # stand again right of the one who was on their left (or left of the one on their right)
            if k > 0 and was[k - 1] in self.order:
                self.order.insert(self.order.index(was[k - 1]) + 1, mover)
            elif k + 1 < len(was) and was[k + 1] in self.order:
                self.order.insert(self.order.index(was[k + 1]), mover)
            else:
                self.order.insert(min(k, len(self.order)), mover)
            if self.order.index(mover) == old:
                return None
            direction = L2R if self.order.index(mover) > old else R2L
            self.travel[mover] = direction
            self.walking.discard(mover)
            return mover, direction
        self.before_crossing.setdefault(mover, list(self.order))
        self.order.remove(mover)
        if target is None:
            self.order.insert(0 if old > 0 else len(self.order), mover)
        else:
            t = self.order.index(target)
            self.order.insert(t if old > t else t + 1, mover)
        direction = L2R if self.order.index(mover) > old else R2L
        self.travel[mover] = direction
        self.walking.discard(mover)
        return mover, direction

    def exit_direction(self, who: str) -> ScreenDirection:
        """Rule "Exits": the way ``who`` will go out (the line is left as it is)."""
        if who in self.order and len(self.order) > 1:
            k = self.order.index(who)
            return L2R if k >= (len(self.order) - 1) / 2 else R2L
        return self.travel.get(who) or self.arriving.get(who) or L2R

    def exit(self, who: str) -> ScreenDirection:
        """Rule "Exits": the way ``who`` goes out; they leave the line."""
        direction = self.exit_direction(who)
        if who in self.order:
            self.order.remove(who)
        self.out[who] = self.travel[who] = direction
        return direction

    def enter(self, ids: Sequence[str]) -> dict[str, ScreenDirection]:
        """Rules "Re-entrances" and "Across scenes": the way each of ``ids`` comes in (those nothing
        says about are left out); they join the line at the edge they come in by, in the order
        they stood in (or are named in), so two who come in together keep their sides."""
        ways: dict[str, ScreenDirection] = {}
        for who in dict.fromkeys(ids):
            if who in self.out:
                ways[who] = reverse(self.out.pop(who))
            elif who in self.arriving:
                ways[who] = self.arriving.pop(who)
                self.walking.add(who)  # still on their way, as far as the next scene is concerned
        if not ways:  # nobody comes back or arrives (most shots): the line stays as it is
            return ways
        listed = list(ids)
        for direction in (L2R, R2L):
            group = [w for w in ways if ways[w] == direction]
            group.sort(key=lambda w: (0, self.order.index(w)) if w in self.order else (1, listed.index(w)))
            self.order = [w for w in self.order if w not in group]
            self.order = group + self.order if direction == L2R else self.order + group
            for w in group:
                self.travel[w] = direction
        return ways

    def walk(self, ids: Sequence[str]) -> ScreenDirection:
        """``ids`` travel together (a tracking shot): the way the first of them last moved (or is
        arriving), else left to right; they are travelling until they move otherwise."""
        direction = self.travel.get(ids[0]) or self.arriving.get(ids[0]) or L2R
        for who in ids:
            self.travel[who] = direction
            self.walking.add(who)
        return direction

    def end(self) -> tuple[tuple[str, ...], tuple[tuple[str, ScreenDirection], ...]]:
        """What a CONTINUOUS scene after this one inherits: the line, and the direction of every
        traveller (who went out, who is walking, who was arriving and was not seen here)."""
        travel = {**self.arriving, **{k: v for k, v in self.travel.items() if k in self.out or k in self.walking}}
        return tuple(self.order), tuple(sorted(travel.items()))

    def gone_out(self) -> tuple[tuple[str, ScreenDirection], ...]:
        """Who went out of this scene (and stayed out), each with the way they went."""
        return tuple(sorted(self.out.items()))
