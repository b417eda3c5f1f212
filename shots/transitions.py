"""Transitions: ``FADE IN:``, ``CUT TO:``, ``DISSOLVE TO:``... are how two shots meet, never a shot.

Why a module of its own: a transition is written as a line of the script, but
it has no picture. Both planners cover it inside a neighbouring shot (so every
line of the scene still lies in exactly one shot), and this module alone reads
what it says and writes it on the shots as ``transition_in`` (how the shot
opens: only ``fade_in``, from black) and ``transition_out`` (how it meets the
next shot: ``dissolve``, ``fade_out`` to black, or a kind of cut). The cut
(renders/cut.py) renders fades and dissolves; the timeline exports write them
all.

Which shot carries it: a transition before the scene's first picture (the
``FADE IN:`` before the first heading, kept as ``Scene.lead_in``, or one right
after the heading) opens the first shot; any other belongs to the shot whose
span holds it, which it closes. Plans are made per scene, so a ``DISSOLVE TO:``
at the end of scene 4 is written on scene 4's last shot, never on scene 5.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from screenplay.model import Action, Element, Scene, Transition
from screenplay.scenes import TRANSITION_ACTION, has_no_picture
from shots.model import ShotPlan

# Kinds a shot may carry. Only fade_in / fade_out / dissolve change pixels; the cuts are
# kept by name for the editor (exports) and the shot list.
TRANSITION_IN_KINDS = ("", "fade_in")
TRANSITION_OUT_KINDS = ("", "cut", "fade_out", "dip_to_black", "dissolve", "smash_cut", "match_cut", "jump_cut",
                        "time_cut", "flash_cut", "wipe")
RENDERED_KINDS = ("fade_in", "fade_out", "dip_to_black", "dissolve")

_KINDS = (
    (re.compile(r"^FADE (IN|UP)\b"), "fade_in"),
    (re.compile(r"^(FADE TO|DIP TO BLACK)$"), "dip_to_black"),
    (re.compile(r"^(FADE (OUT|TO)|CUT TO BLACK|SMASH TO BLACK|BLACK\b|IRIS OUT)"), "fade_out"),
    (re.compile(r"\bDISSOLVE\b|\bRIPPLE\b|\bBURN\b|\bMIX\b|\bLAP\b"), "dissolve"),
    (re.compile(r"\bSMASH\b"), "smash_cut"),
    (re.compile(r"\bMATCH\b"), "match_cut"),
    (re.compile(r"\bJUMP\b"), "jump_cut"),
    (re.compile(r"\bTIME CUT\b"), "time_cut"),
    (re.compile(r"\bFLASH\b"), "flash_cut"),
    (re.compile(r"\bWIPE\b|\bIRIS\b"), "wipe"),
)
# Forced `>` lines that are special elements, not transitions (read by shots/special_elements.py).
_NOT_A_TRANSITION = re.compile(r"^(INTERCUT|BACK TO|END (OF )?(MONTAGE|INTERCUT|SERIES))\b")


def transition_kind(element: Element) -> str | None:
    """What kind of transition ``element`` is, or None when it is not one.

    Args:
        element: any scene element. A ``Transition`` always is one (an unknown
            wording such as ``> HERE WE GO:`` is a plain ``"cut"``); an ``Action``
            is one only when it is nothing but a fade/black line (``FADE IN:``).

    Returns:
        ``"fade_in"``, ``"fade_out"``, ``"dissolve"``, ``"cut"``, ``"smash_cut"``... or None.
    """
    if isinstance(element, Transition):
        text = element.text
    elif isinstance(element, Action) and TRANSITION_ACTION.match(element.text):
        text = element.text
    else:
        return None
    text = " ".join(text.upper().lstrip(">").replace("_", " ").replace("*", " ").split()).rstrip(":. ")
    if _NOT_A_TRANSITION.match(text):
        return None
    for pattern, kind in _KINDS:
        if pattern.search(text):
            return kind
    return "cut"


def is_transition(element: Element) -> bool:
    """True for an element that is a transition (no picture of its own)."""
    return transition_kind(element) is not None


def with_transitions(plan: ShotPlan, scene: Scene) -> ShotPlan:
    """``plan`` with ``transition_in`` / ``transition_out`` set from the transitions its shots cover.

    Args:
        plan: any planner's plan of ``scene`` (spans already decided).
        scene: the scene; its ``lead_in`` (the ``FADE IN:`` before the first heading) opens the first shot.

    Returns:
        A new plan; shots without a transition keep ``""``.
    """
    if not plan.shots:
        return plan
    shots = list(plan.shots)
    opening = _kinds(getattr(scene, "lead_in", ()))
    ins: dict[int, str] = {}
    outs: dict[int, str] = {}
    for e in scene.elements:
        kind = transition_kind(e)
        if kind is None:
            continue
        holder = next((i for i, s in enumerate(shots) if s.first_line <= e.line <= s.last_line), None)
        if holder is None:
            continue
        if kind == "fade_in":
            # A fade in opens the picture after it: the first shot showing something past its line.
            after = next((e2.line for e2 in scene.elements if e2.line > e.line and not _no_picture(e2)), None)
            target = holder if after is None else next(
                (i for i, s in enumerate(shots) if s.first_line <= after <= s.last_line), holder)
            ins[target] = "fade_in"
        else:
            outs[holder] = kind
    if "fade_in" in opening:
        ins[0] = "fade_in"
    for i, kind in ins.items():
        shots[i] = replace(shots[i], transition_in=kind)
    for i, kind in outs.items():
        shots[i] = replace(shots[i], transition_out=kind)
    return replace(plan, shots=tuple(shots))


def _kinds(elements: Iterable[Element]) -> list[str]:
    return [k for k in (transition_kind(e) for e in elements) if k]


def _no_picture(element: Element) -> bool:
    return has_no_picture(element)
