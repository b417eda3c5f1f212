"""Craft checks a director would make of any shot plan, whichever planner wrote it.

Why a module of its own: :mod:`shots.coverage` asks whether a plan is a well-formed
covering of its scene (every line once, in order, known ids); this one asks whether
it could be cut together without a continuity error a viewer would notice. The LLM
planner rejects an answer that breaks a rule here and sends the reasons back on its
one retry; the heuristic planner's tests hold its plans to the same rules.

The rules (each problem names the shot and says how to fix it):

- **Nobody absent in frame.** A subject must be in the scene at the lines the shot
  carries, by the cast model's reading (:meth:`shots.cast_model.SceneReading.allowed`:
  someone who walked out is not in frame until they are back), and a voice (a
  device, the far end of a phone call, the other side of an intercut) is never in
  frame.
- **No same-setup cut.** Two consecutive shots on the same camera setup play as a
  jump cut (the planner merges them, or chooses another setup for one). A
  transition written between them (a dissolve, a fade, a JUMP CUT the script asks
  for) makes the repeat deliberate, so it is allowed there; a plain cut is not.
- **The speaker visible, or the reaction chosen on purpose.** A line spoken on
  screen (no V.O./O.S. extension, by someone who may be in frame) is shown on the
  speaker's face, or over a listener's (anyone else present in frame: a reaction),
  or over an insert the plan chose (type ``insert`` with its prop). A frame with
  nobody present in it while someone speaks on screen is not.
"""
from __future__ import annotations

from typing import Sequence

from shots.cast_model import SceneReading, read_scene
from shots.model import Bible, Shot, ShotPlan
from shots.script_cues import is_offscreen
from shots.vocabulary import ShotType

# transition_out kinds after which a repeated setup is deliberate (shots/transitions.py names them)
DELIBERATE_REPEAT = frozenset({"fade_out", "dip_to_black", "dissolve", "jump_cut", "time_cut", "flash_cut", "wipe"})


def craft_problems(plan: ShotPlan, scene, bible: Bible, context=None,
                   reading: SceneReading | None = None) -> list[str]:
    """Every craft rule ``plan`` breaks (module docstring), in words a planner can act on.

    Args:
        plan: one scene's plan.
        scene: the scene it covers.
        bible: the characters.
        context: what the scene inherits (:class:`shots.continuity.SceneContext`), or None.
        reading: the cast model's reading of ``scene``, when the caller already has it.

    Returns:
        Problems naming the shot; ``[]`` when the plan keeps every rule.
    """
    if reading is None:
        reading = read_scene(scene, bible, context.present if context else (), context.elsewhere if context else ())
    return (absent_in_frame(plan.shots, reading, bible) + same_setup_cuts(plan.shots)
            + unseen_speakers(plan.shots, reading, bible))


def absent_in_frame(shots: Sequence[Shot], reading: SceneReading, bible: Bible) -> list[str]:
    """Shots that put someone in frame who is not in the scene at those lines, or who is only a voice."""
    by_id = {e.id: e for e in bible.entries}
    heard = {v for lp in reading.lines for v in lp.voices}
    problems = []
    for shot in shots:
        allowed = reading.allowed(shot.first_line, shot.last_line)
        for subject in shot.subjects:
            entry = by_id.get(subject)
            if (entry is not None and entry.kind == "voice") or (subject in heard and subject not in allowed):
                problems.append(f"shot {shot.id}: {subject!r} is only a voice here (a device, the far end of "
                                "a phone call, the other side of an intercut), never a subject in frame")
            elif subject not in allowed:
                problems.append(f"shot {shot.id}: {subject!r} is not in the scene at lines "
                                f"{shot.first_line}-{shot.last_line} (absent, gone, or only heard); "
                                f"present then: {', '.join(sorted(allowed)) or 'nobody'}")
    return problems


def same_setup_cuts(shots: Sequence[Shot]) -> list[str]:
    """Consecutive shots on the same setup with no deliberate transition between them."""
    problems = []
    for a, b in zip(shots, shots[1:]):
        if a.setup == b.setup and a.transition_out not in DELIBERATE_REPEAT:
            who = ", ".join(a.subjects) or "no one"
            problems.append(f"shots {a.id} and {b.id} are on the same setup ({a.size.value} {a.type.value} of "
                            f"{who}, {a.angle.value}, {a.lens_mm} mm): cut together they jump; merge them into "
                            "one shot or put one on another setup (size, angle, lens or who is in frame)")
    return problems


def unseen_speakers(shots: Sequence[Shot], reading: SceneReading, bible: Bible) -> list[str]:
    """Shots carrying a line spoken on screen that show neither the speaker nor a listener (nor an insert)."""
    by_id = {e.id: e for e in bible.entries}
    voices = {v for lp in reading.lines for v in lp.voices}
    problems = []
    for shot in shots:
        if shot.type == ShotType.INSERT and shot.prop:
            continue  # a cutaway to the thing talked about, chosen on purpose
        allowed = reading.allowed(shot.first_line, shot.last_line)
        for line in shot.dialogue:
            speaker = line.character
            entry = by_id.get(speaker)
            if (is_offscreen((line.extension or "").upper().replace(" ", "") or None) or entry is None
                    or entry.kind == "voice" or speaker in voices or speaker not in allowed):
                continue  # heard, not seen: nothing to show
            if speaker in shot.subjects:
                continue
            listeners = [s for s in shot.subjects if s != speaker and s in allowed]
            if listeners:
                continue  # a reaction: the listener's face is the point
            problems.append(f"shot {shot.id}: {speaker!r} speaks on screen at line {line.line} but the shot shows "
                            f"{', '.join(shot.subjects) or 'nobody'}; put the speaker in frame, or make it a "
                            "reaction of someone present who listens")
            break
    return problems
