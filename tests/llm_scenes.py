"""Scenes, a bible and scripted answers shared by the LLM planner tests.

The scene is built by hand (the same shape the parser produces) so these tests
depend only on the data model; ``answer_for`` plays a well-behaved model by
reading the scene JSON out of the real request the planner sent.
"""
from __future__ import annotations

import json

from screenplay.model import Action, Character, Dialogue, Parenthetical, Scene, SceneHeading
from shots.model import Bible, BibleEntry, VoiceSpec

SCRIPT = "taxi.fountain"
DEV_LOOK = "50s, heavy-set, grey cardigan, reading glasses on a cord"
MARA_LOOK = "30s, wiry, yellow rain jacket, close-cropped hair"


def bible() -> Bible:
    return Bible((
        BibleEntry("dev", "DEV", DEV_LOOK, "#3366cc", "broad", VoiceSpec(), 11, first_line=3),
        BibleEntry("mara", "MARA", MARA_LOOK, "#cc9933", "slim", VoiceSpec(variant="f2"), 12, first_line=9),
    ))


def taxi_scene(number: int = 2, scene_number: str | None = "2", start: int = 1, extra_action: str = "") -> Scene:
    """INT. TAXI - NIGHT: an action, DEV speaks, MARA answers with a parenthetical, an action.

    Lines (relative to ``start``): 0 heading, 2 action, 4-5 DEV, 7-9 MARA, 11-12 action.
    """
    s = start
    heading = SceneHeading("INT. TAXI - NIGHT", scene_number, False, s, s)
    elements = (
        Action("DEV (50s, heavy-set, grey cardigan, reading glasses on a cord) looks up from a crossword."
               + (" " + extra_action if extra_action else ""), s + 2, s + 2),
        Character("DEV", None, False, s + 4, s + 4),
        Dialogue("Meter's off. I'm done for the night.", s + 5, s + 5),
        Character("MARA", None, False, s + 7, s + 7),
        Parenthetical("(sliding in anyway)", s + 8, s + 8),
        Dialogue("Then you won't mind a passenger who doesn't pay.", s + 9, s + 9),
        Action("Mara opens the satchel.\nInside: a brass KEY wrapped in a note.", s + 11, s + 12),
    )
    return Scene(number, heading, elements, speakers=("DEV", "MARA"), introduced=("DEV",))


def shot(first, last, size="MS", type_="single", subjects=("dev",), speaker=None, prop=None, **kw) -> dict:
    data = {
        "first_line": first, "last_line": last, "first_words": None, "last_words": None, "size": size,
        "type": type_, "angle": "eye level", "movement": "static", "lens_mm": 50, "subjects": list(subjects),
        "speaker": speaker, "screen_direction": "neutral", "blocking": [],
        "description": "A heavy-set driver in a rain-streaked taxi at night.", "prop": prop, "est_seconds": 3.0,
    }
    data.update(kw)
    return data


def good_answer(start: int = 1) -> str:
    """A valid four-shot plan of :func:`taxi_scene` starting at ``start``."""
    s = start
    return json.dumps({"shots": [
        shot(s, s + 2, "WS", "master", ["dev"], movement="push in", lens_mm=24),
        shot(s + 4, s + 5, "MCU", "OTS", ["mara", "dev"], speaker="dev"),
        shot(s + 7, s + 9, "MCU", "OTS", ["dev", "mara"], speaker="mara"),
        shot(s + 11, s + 12, "INSERT", "insert", [], prop="brass key in a handwritten note", lens_mm=85),
    ]})


def answer_for(request: dict) -> str:
    """A valid one-shot-per-scene plan for whatever scene ``request`` asks about: a master of everyone
    the request says is present at some point."""
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    data = json.loads(user[user.index("{"):])
    presence = data.get("presence") or {}
    here = set(presence.get("present_at_start", [])) | {i for c in presence.get("changes", []) for i in c["present"]}
    heard = set(presence.get("voices_only", [])) | {i for c in presence.get("changes", []) for i in c["heard_only"]}
    # whoever the request says is in the scene at some point, never a voice (all of them without presence)
    ids = [c["id"] for c in data["characters"] if (c["id"] in here or not presence) and c["id"] not in heard]
    sc = data["scene"]
    last = max([sc["heading_line"]] + [e["end_line"] for e in data["elements"]])
    return json.dumps({"shots": [shot(sc["heading_line"], last, "WS", "master", ids, lens_mm=28)]})
