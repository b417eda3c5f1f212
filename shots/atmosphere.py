"""The weather and air of a scene (rain, fog, smoke...), carried into every shot of it.

Why: a script says "rain" once, in the scene's first action line, and means it for the whole
scene; a video model shown shot by shot forgets it unless every prompt says it. So the whole
scene's text (heading and action) is read once, and each atmosphere it names becomes a fixed
phrase copied into every shot's prompt (``Shot.atmosphere``). Words under a negation
("no rain", "the rain has stopped") do not count.
"""
from __future__ import annotations

from screenplay.model import Action, Scene
from shots.caseless_pattern import CaselessPattern

# (words in the script, the phrase every prompt of the scene carries), in prompt order.
ATMOSPHERES: tuple[tuple[str, str], ...] = (
    (r"rain(?:s|ing|y|drops?|water|storm)?(?!\s+(?:jacket|coat|hat|boots|gear|slicker|cape))|downpour|"
     r"drizzl\w*|deluge", "rain falling, wet surfaces"),
    (r"snow(?:s|ing|y|fall|flakes?|storm)?|blizzard|sleet", "snow falling"),
    (r"thunderstorm|thunder|lightning|storm(?:s|y)?", "stormy sky"),
    (r"fog(?:gy)?|mist(?:y)?|haze|hazy", "fog in the air"),
    (r"smoke|smoky|smoking ruins|smoke-filled", "drifting smoke"),
    (r"steam(?:ing|y)?", "rising steam"),
    (r"dust(?:y)?|dust storm|sandstorm", "dust in the air"),
    (r"wind(?:y|swept|blown)?|gale|gusts?", "wind blowing"),
)
_NEGATED = CaselessPattern(r"\b(?:no|without|not|never|stops?|stopped|has stopped|ceases?|ceased|after the|"
                           r"from last night's|last night's|still wet from)\s+(?:\w+\s+){0,2}$")
_ENDED = CaselessPattern(r"\s+(?:has|had|have)?\s*(?:stopped|ceased|ended|let up|passed|cleared|lifted)\b")
_PATTERNS = tuple((CaselessPattern(r"\b(?:" + words + r")\b"), phrase) for words, phrase in ATMOSPHERES)
_ANY = CaselessPattern(r"\b(?:" + "|".join(f"(?:{words})" for words, _ in ATMOSPHERES) + r")\b")  # one scan first


def atmosphere_of(text: str) -> tuple[str, ...]:
    """The atmosphere phrases ``text`` names, in :data:`ATMOSPHERES` order (negated mentions skipped)."""
    found: list[str] = []
    if not _ANY.search(text):  # most scenes name no weather: one scan instead of one per atmosphere
        return ()
    for pattern, phrase in _PATTERNS:
        for m in pattern.finditer(text):
            if not (_NEGATED.search(text[max(0, m.start() - 40):m.start()]) or _ENDED.match(text, m.end())):
                found.append(phrase)
                break
    return tuple(found)


def scene_atmosphere(scene: Scene) -> str:
    """The atmosphere every shot of ``scene`` carries: ``"rain falling, wet surfaces; drifting smoke"``.

    Args:
        scene: a parsed scene (its heading and action elements are read; dialogue is not: a
            character who *talks* about rain does not make it rain).

    Returns:
        The phrases joined with ``"; "``, or ``""`` for a scene that names none.
    """
    parts = [scene.heading.text] if scene.heading is not None else []
    parts += [e.text for e in scene.elements if isinstance(e, Action)]
    return "; ".join(atmosphere_of("\n".join(parts)))
