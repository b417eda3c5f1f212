"""What a shot puts in front of the crew: props, wardrobe, special and visual effects.

Why apart from the planner: these are the breakdown sheet's vocabularies
(which words are clothes, which are practical effects on set and which are
added in post), read from the shot's own action and the bible's looks; the
shot list (``shots/shotlist.py``) only asks. Pure text in, lists out.
"""
from __future__ import annotations

import re

from shots.model import Bible, Shot
from shots.script_cues import props

__all__ = ["shot_props", "shot_wardrobe", "shot_effects"]

_WARDROBE = re.compile(
    r"\b(suits?|tuxedos?|dress(?:es)?|gowns?|robes?|coats?|overcoats?|raincoats?|jackets?|blazers?|"
    r"shirts?|t-shirts?|blouses?|sweaters?|cardigans?|hoodies?|vests?|jeans|trousers|pants|shorts|skirts?|"
    r"uniforms?|overalls|aprons?|scrubs|pajamas|pyjamas|nightgowns?|bathrobes?|swimsuits?|bikinis?|"
    r"hats?|caps?|helmets?|bonnets?|veils?|scarf|scarves|ties?|bow ties?|gloves?|boots|shoes|sneakers|"
    r"sandals|heels|slippers|glasses|sunglasses|spectacles|necklaces?|earrings?|rings?|bracelets?|watch|"
    r"wedding dress|cap and gown|costumes?|masks?|wigs?|badges?|belts?|holsters?|capes?|cloaks?)\b",
    re.IGNORECASE)
# Practical effects, made on the day (the special-effects crew's list).
_SFX = re.compile(
    r"\b(rain(?:s|ing)?|snow(?:s|ing)?|fog|smoke|fire|flames?|burn(?:s|ing)?|explo(?:des?|sion|sions)|"
    r"gun ?shots?|shoots?|fires? (?:a|the|his|her)|blood|bleed(?:s|ing)?|shatters?|smash(?:es)?|crash(?:es)?|"
    r"sparks?|wind|storm|lightning|thunder|squibs?|stunt)\b",
    re.IGNORECASE)
# Visual effects, made in post (the VFX vendor's list).
_VFX = re.compile(
    r"\b(vanish(?:es)?|disappears?|materiali[sz]es?|transforms?|morphs?|levitates?|floats? in (?:the )?air|"
    r"giant|witch|ghost|monster|magic(?:al)?|glows?|super(?:imposed)?:|title:|cgi|green ?screen|"
    r"freeze frame|split screen|slow motion|time-lapse|hologram|spaceship|dragon)\b",
    re.IGNORECASE)


def _found(pattern: re.Pattern, text: str) -> list[str]:
    out: list[str] = []
    for m in pattern.finditer(text):
        word = m.group(1).lower().rstrip(":")
        if word not in out:
            out.append(word)
    return out


def shot_props(shot: Shot, bible: Bible | None) -> list[str]:
    """The props in frame: what an insert shows, then props written in caps in the shot's action."""
    names = {e.name for e in bible.entries} if bible is not None else set()
    out = [shot.prop] if shot.prop else []
    out.extend(p for p in props(shot.action, names) if p not in out)
    return out


def shot_wardrobe(shot: Shot, bible: Bible | None) -> list[str]:
    """Clothes in frame, per subject: from the bible's look, and from the shot's action.

    Returns:
        ``["EDWARD: suit, tie", "in action: raincoat"]``-style entries.
    """
    out: list[str] = []
    for subject in shot.subjects:
        entry = bible.get(subject) if bible is not None else None
        if entry is not None:
            worn = _found(_WARDROBE, entry.look)
            if worn:
                out.append(f"{entry.name}: {', '.join(worn)}")
    in_action = _found(_WARDROBE, shot.action)
    if in_action:
        out.append(f"in action: {', '.join(in_action)}")
    return out


def shot_effects(shot: Shot) -> list[str]:
    """``["SFX: rain, smoke", "VFX: vanishes"]`` from the shot's action and description."""
    text = f"{shot.action}\n{shot.description}"
    out = []
    sfx, vfx = _found(_SFX, text), _found(_VFX, text)
    if sfx:
        out.append(f"SFX: {', '.join(sfx)}")
    if vfx:
        out.append(f"VFX: {', '.join(vfx)}")
    return out
