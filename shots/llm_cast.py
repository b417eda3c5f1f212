"""The cast model for the LLM planner: who is in the scene at each line, who is only a voice.

Why: the heuristic planner reads presence with :mod:`shots.cast_model`; the LLM
planner must get the same reading, or it happily puts the far end of a phone
call, a MESSAGE MACHINE or a character who walked out into frame. The request
carries the reading (:func:`presence_data`), and an answer that puts an absent
character or a voice in frame is rejected (:mod:`shots.craft`, the rules both
planners keep), which triggers the usual retry, then the error or the heuristic fallback.
"""
from __future__ import annotations

from shots.cast_model import SceneReading
from shots.model import Bible


def presence_data(reading: SceneReading, bible: Bible) -> dict:
    """JSON-ready: who is in the scene at its start, each change with the line it happens at,
    and the ids that are voices only (never subjects)."""
    changes = []
    last: tuple[str, ...] = reading.start
    last_voices: tuple[str, ...] = ()
    for lp in reading.lines:
        if lp.present != last or lp.voices != last_voices:
            changes.append({"from_line": lp.line, "present": list(lp.present), "heard_only": list(lp.voices)})
            last, last_voices = lp.present, lp.voices
    voices = sorted({e.id for e in bible.entries if e.kind == "voice"} | {v for lp in reading.lines for v in lp.voices})
    return {"present_at_start": list(reading.start), "changes": changes, "voices_only": voices}
