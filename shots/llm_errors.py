"""What can go wrong in one exchange with an LLM, shared by the planner (shots/llm.py) and the
look enrichment (shots/llm_bible.py): an invalid answer (retried with the reason), a request
that produced nothing usable (what ``fallback`` may absorb), and where a request points.

Why its own module: both callers raise and catch these, and the planner calls the
enrichment, so the types live below both rather than in either.
"""
from __future__ import annotations

from typing import NamedTuple

from screenplay.errors import PrevisError


class InvalidAnswer(Exception):
    """An answer that failed validation; its text goes back to the model on the retry."""


class Where(NamedTuple):
    """What a request is about: a label for messages (``scene 12``) and ``path:line`` for errors."""

    label: str
    path: str | None
    line: int | None


class AnswerFailed(PrevisError):
    """No usable answer for one request (invalid twice, timeout, 5xx, 429): what ``fallback``
    may absorb. Configuration errors (no key, refused key, unknown model) are plain PrevisError."""
