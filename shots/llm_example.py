"""The one worked example the LLM planner's system prompt carries: a scene and a good answer to it.

Why one, and why this one: a model follows an example more closely than a rule,
so the example shows, in nine lines of script, what the rules ask: a master at a
new place, a long speech split by the listener's reaction (``last_words`` /
``first_words``), an action paragraph cut on its beats, an insert, an
over-the-shoulder with the foreground shoulder in ``blocking``, one screen
direction per side of the line, no two shots on one setup, descriptions of what
happens without names, camera words or script jargon. The scene is written for
previs (no script's text) and goes out in exactly the shape real scenes do
(:func:`shots.llm_request.example_text`); a test holds the answer to every rule
the planner checks, so the example can never teach something an answer is
rejected for.
"""
from __future__ import annotations

EXAMPLE_SCRIPT = """INT. HOSPITAL ROOM - NIGHT

RUTH (70s, silver braid, hospital gown) lies propped on pillows. Her son SAM (40s, rumpled suit, loosened tie) sits by the bed, not looking at her.

RUTH
You were always the one who left. Your father did the same. Go on, then. I will be here when you are done being angry.

Sam takes her hand.
A monitor BEEPS beside the bed.

SAM
I'm not going anywhere.
"""


def _shot(first: int, last: int, size: str, kind: str, subjects: list[str], blocking: list[tuple], description: str,
          seconds: float, *, first_words: str | None = None, last_words: str | None = None, speaker: str | None = None,
          direction: str = "neutral", angle: str = "eye level", movement: str = "static", lens: int = 50,
          prop: str | None = None) -> dict:
    return {"first_line": first, "last_line": last, "first_words": first_words, "last_words": last_words,
            "size": size, "type": kind, "angle": angle, "movement": movement, "lens_mm": lens,
            "subjects": subjects, "speaker": speaker, "screen_direction": direction,
            "blocking": [{"subject": s, "x": x, "facing": f, "depth": d} for s, x, f, d in blocking],
            "description": description, "prop": prop, "est_seconds": seconds}


EXAMPLE_ANSWER = {"shots": [
    _shot(1, 3, "WS", "master", ["ruth", "sam"], [("ruth", 0.3, "right", "mid"), ("sam", 0.72, "away", "mid")],
          "An old woman lies propped on pillows in a dim hospital room; her son sits by the bed, turned away "
          "from her.", 4.0, lens=28),
    _shot(5, 6, "MCU", "single", ["ruth"], [("ruth", 0.4, "right", "mid")],
          "The old woman speaks to her son off frame right, tired and bitter, her eyes never leaving him.", 4.5,
          last_words="Go on, then.", speaker="ruth", direction="L>R", lens=85),
    _shot(6, 6, "CU", "reaction", ["sam"], [("sam", 0.6, "left", "mid")],
          "The son listens, jaw tight, and finally lifts his eyes to her.", 3.0,
          first_words="I will be here when", direction="R>L", movement="push in", lens=85),
    _shot(8, 8, "MS", "two-shot", ["ruth", "sam"], [("ruth", 0.35, "right", "mid"), ("sam", 0.65, "left", "mid")],
          "The son reaches across the blanket and takes his mother's hand.", 2.5, lens=40),
    _shot(9, 9, "INSERT", "insert", [], [], "A heart monitor beside the bed flashes and beeps.", 1.5,
          first_words="A monitor BEEPS", prop="a heart monitor by the bed", lens=65),
    _shot(11, 12, "MCU", "OTS", ["ruth", "sam"], [("ruth", 0.22, "right", "fg"), ("sam", 0.64, "left", "mid")],
          "Over his mother's shoulder, the son answers her quietly, holding her hand.", 2.5, speaker="sam",
          direction="R>L", lens=50),
]}
EXAMPLE_CAST = (("ruth", "RUTH", "70s, silver braid, hospital gown"),
                ("sam", "SAM", "40s, rumpled suit, loosened tie"))


def example_scene():
    """The example parsed as any script is: ``(scene, bible)``."""
    import screenplay
    from shots.model import Bible, BibleEntry, VoiceSpec

    scene = next(s for s in screenplay.parse(EXAMPLE_SCRIPT).scenes if s.heading is not None)
    bible = Bible(tuple(BibleEntry(i, name, look, "#888888", "average", VoiceSpec(), n, pronoun=p)
                        for n, ((i, name, look), p) in enumerate(zip(EXAMPLE_CAST, ("she", "he")))))
    return scene, bible

