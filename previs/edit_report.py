"""What laying the stored hand edits over a revised plan did, for the CLI's lines and the app's status.

Plain frozen data (previs/shot_edits.py builds it; ``previs plan``/``animatic``
print :meth:`EditReport.messages`, the app shows :meth:`EditReport.summary` and
lists the orphans).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Orphan:
    """An edit whose lines are gone: where its shot started, what it was, and why it no longer applies."""

    uid: str
    shot_id: str
    line: int
    label: str
    reason: str
    fields: dict

    def message(self, script: str) -> str:
        label = f" ({self.label})" if self.label else ""
        return f"{script}:{self.line}: the edit of shot {self.shot_id}{label} no longer applies: {self.reason}"


@dataclass(frozen=True)
class EditReport:
    """What laying the stored edits over a plan did: how many applied, moved, were orphaned or dismissed."""

    applied: int = 0
    reattached: tuple[tuple[str, str], ...] = ()  # (old shot id, new shot id) of edits that moved
    orphans: tuple[Orphan, ...] = ()
    dismissed: int = 0

    def messages(self, script: str) -> list[str]:
        return [o.message(script) for o in self.orphans]

    def summary(self) -> str:
        """For the app's status line: ``edits 3 · 1 re-attached · 1 orphaned · 0 dismissed`` ("" when none)."""
        if not (self.applied or self.orphans or self.dismissed):
            return ""
        return (f"edits {self.applied} · {len(self.reattached)} re-attached · {len(self.orphans)} orphaned"
                f" · {self.dismissed} dismissed")
