"""What the words of a script say about the camera: movement verbs, angles, props, beats.

Why apart from the planner: these are vocabularies (which verbs mean a
tracking shot, which capitals are a prop and which a sound effect) that grow
with every script; the planner's grammar (shots/heuristic.py) only asks them
questions. Every function here is pure text in, answer out.
"""
from __future__ import annotations

import re

from shots.caseless_pattern import CaselessPattern
from shots.vocabulary import Angle, Movement, ShotSize

LENS = {ShotSize.EWS: 18, ShotSize.WS: 24, ShotSize.FS: 28, ShotSize.MWS: 32, ShotSize.MS: 35,
        ShotSize.MCU: 50, ShotSize.CU: 85, ShotSize.ECU: 100, ShotSize.INSERT: 100}

BEAT = re.compile(r"^\(?\s*(a\s+)?(long\s+)?(beat|pause|silence|moment|stares|waits|beat\s+then|quiet)\b", re.I)
_INTENSE = re.compile(r"\b(whisper|whispers|whispering|scream|screams|screaming|shout|shouts|shouting|yell|yells|"
                      r"yelling|crying|cries|sobbing|furious|tearful|intense|hisses|pleading|desperate|"
                      r"breaking|trembling)\b", re.I)
# News a listener's face is the point of (rule 7 of shots/heuristic.py): death, illness, a confession.
_NEWS = re.compile(r"\b(dead|died|dies|dying|killed|murdered|cancer|tumou?r|pregnant|divorce|funeral|"
                   r"accident|never coming back|i love you|the truth is|he's gone|she's gone|passed away)\b", re.I)
# A listener's answer without words: an action line after a speech that is a reaction shot (rule 6).
_REACTS = CaselessPattern(r"\b(stares|gapes|gasps|nods|shakes (?:his|her|their) head|smiles|grins|frowns|winces|"
                          r"swallows|blinks|flinches|stunned|shocked|speechless|tears up|teary|taken aback|looks away|"
                          r"sighs|shrugs|rolls (?:his|her|their) eyes|reacts|glares|beams|bristles|blushes|is silent|"
                          r"doesn't answer|does not answer|considers|bites (?:his|her) lip)\b")
REACTION_MAX_WORDS = 25
# Small things an insert frames as an extreme close-up: the telling detail (rule 3).
_SMALL = re.compile(r"\b(ring|rings|eye|eyes|key|keys|watch|coin|coins|bullet|bullets|pill|pills|button|trigger|"
                    r"tear|lips|mouth|finger|fingers|needle|locket|badge|stamp|hook|lure|seed|pin|earring|tooth|"
                    r"teeth|match|lighter|bead|tag|dial|fuse|wire|ticket|bait|worm|pearl|diamond|band)\b", re.I)
SAME_PLACE = re.compile(r"\b(CONTINUOUS|SAME|LATER|MOMENTS LATER|SAME TIME)\b", re.I)
_MOVES = (
    (re.compile(r"\b(PUSH(?:ES)? IN|PUSHING IN|RUSH(?:ES)? IN|DOLLY IN)\b"), Movement.PUSH_IN),
    (re.compile(r"\b(PULL(?:S)? BACK|PULL(?:S)? OUT|PULLING BACK)\b"), Movement.PULL_OUT),
    (re.compile(r"\bCRANE\b"), Movement.CRANE),
    (re.compile(r"\bHANDHELD\b"), Movement.HANDHELD),
    (re.compile(r"\bTRACK(?:ING|S)?\b"), Movement.TRACKING),
    (re.compile(r"\bPAN(?:S)?\b"), Movement.PAN),
    (re.compile(r"\bZOOM(?:S)?\b"), Movement.ZOOM),
)
_VERBS = (
    # violence is handheld (issue 16: motivated movement)
    (CaselessPattern(r"\b(fight|fights|fighting|struggle|struggles|scramble|scrambles|wrestle|wrestles|brawl|punch|"
                r"punches|slaps|kicks|stabs|tackles|attacks|shoves|strangles|shoots|fires at|lunges)\b"),
     Movement.HANDHELD),
    (CaselessPattern(r"\b(walk|walks|walking|run|runs|running|ran|drive|drives|driving|drove|chase|chases|races|"
                r"rushes|hurries|sprints|strides|marches|rides|follows|flees|crosses|climbs|swims|paces|"
                r"wanders|approaches|heads for|heads toward|heads towards|leads)\b"), Movement.TRACKING),
    (CaselessPattern(r"\b(stands up|rises|gets up|sits down)\b"), Movement.TILT),
    (CaselessPattern(r"\b(enter|enters|entering|exit|exits|arrive|arrives|comes in|steps in|steps out|walks in)\b"),
     Movement.PAN),
    (CaselessPattern(r"\b(reveal|reveals|revealing|discover|discovers|realise|realises|realize|realizes|"
                r"realizing|realising|stares|notices|recognizes|recognises)\b"), Movement.PUSH_IN),
)
_LOW = CaselessPattern(r"\b(looks up at|towers|towering|looming|looms)\b")
_HIGH = CaselessPattern(r"\b(looks down at|from above|peers down|far below)\b")
_OVERHEAD = CaselessPattern(r"\b(overhead|bird's[- ]eye|top[- ]down)\b")
_INSERT_CUE = re.compile(r"\b(INSERT|CLOSE ON)\b[:\s-]*(?P<what>[^.]*)")
_PROP = re.compile(r"\b(?:a|an|the|his|her|their|its|one|two)\s+(?:[a-z\-]+\s+){0,3}"
                   r"(?P<prop>[A-Z][A-Z'\-]{2,}(?:\s+[A-Z][A-Z'\-]{2,}){0,2})\b")
_SOUNDS = {"BANG", "CRASH", "BOOM", "RING", "RINGS", "THUD", "SLAM", "SCREAM", "SCREAMS", "CRACK", "POP",
           "LAUGHTER", "SILENCE", "CLICK", "BEEP", "HONK", "SPLASH", "KNOCK", "KNOCKS", "CREAK", "SQUEAL"}
# Camera and page words in caps are directions (shots/special_elements.py), never props.
_DIRECTION_WORDS = {"MONTAGE", "POV", "INSERT", "SUPER", "TITLE", "INTERCUT", "SERIES", "ANGLE", "CLOSE",
                    "FADE", "DISSOLVE", "CUT"}
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
WHITESPACE = re.compile(r"\s+")


def word_count(text: str) -> int:
    return len(text.split())  # the runs of non-whitespace (what \S+ finds), without a regex


def first_sentence(text: str, limit: int = 180) -> str:
    text = " ".join(text.replace("*", "").replace("_", " ").split())  # whitespace runs as one space
    first = SENTENCE_SPLIT.split(text, maxsplit=1)[0]
    if len(first) > limit:
        first = first[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "..."
    return first



def is_offscreen(extension: str | None) -> bool:
    return extension is not None and any(t in extension for t in ("V.O", "O.S", "O.C", "OFF", "PRELAP"))


def is_intense(parens: str, text: str) -> bool:
    return bool(_INTENSE.search(parens)) or text.count("!") >= 2


def is_reaction(text: str) -> bool:
    """True for a short action line that is someone's wordless answer (stares, nods, is stunned)."""
    return bool(_REACTS.search(text)) and word_count(text) <= REACTION_MAX_WORDS


_CLAUSE_JOIN = re.compile(r"\s+(?:where|as|while|which|that)\s+")
_POSSESSIVE = re.compile(r"['\u2019]s\s")
_ARTICLE = re.compile(r"^(?:the|a|an|his|her|their)\s+")
_ONTO = re.compile(r"\b(?:PUSH(?:ES)? IN|MOVE(?:S)? IN|CLOSE) (?:ON|on) (?P<what>[^.,;:!?]+)")


def push_in_detail(text: str) -> str | None:
    """What a written push-in ends on when it is a detail (``We PUSH IN on the Old Woman's glass eye``:
    ``the old woman's glass eye``): a part of someone, or a small thing; else None."""
    m = _ONTO.search(text)
    if m is None:
        return None
    what = _CLAUSE_JOIN.split(m.group("what").strip(), maxsplit=1)[0]
    if _POSSESSIVE.search(what) or _SMALL.search(what):
        return _ARTICLE.sub("", what.lower())[:60]
    return None


def insert_size(prop: str) -> ShotSize:
    """An insert of a small thing (a ring, an eye, a key) is an ECU, the telling detail; others an insert."""
    return ShotSize.ECU if _SMALL.search(prop) else ShotSize.INSERT


def is_news(text: str) -> bool:
    """True when ``text`` breaks news a listener takes in (a death, an illness, a confession)."""
    return bool(_NEWS.search(text))


_ANY_MOVE = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _MOVES))
_ANY_VERB = CaselessPattern("|".join(f"(?:{p.pattern})" for p, _ in _VERBS))


def movement_in(text: str) -> Movement:
    if not _ANY_MOVE.search(text) and not _ANY_VERB.search(text):
        return Movement.STATIC  # most paragraphs: one scan each instead of one per kind of move
    for pat, move in _MOVES:
        if pat.search(text):
            return move
    for pat, move in _VERBS:
        if pat.search(text):
            return move
    return Movement.STATIC


def angle_in(text: str) -> Angle:
    if _OVERHEAD.search(text):
        return Angle.OVERHEAD
    if _LOW.search(text):
        return Angle.LOW
    if _HIGH.search(text):
        return Angle.HIGH
    return Angle.EYE_LEVEL


def insert_prop(text: str, names: set[str]) -> str | None:
    m = _INSERT_CUE.search(text)
    if m:
        what = m.group("what").strip().rstrip(":").strip()
        return (what or "detail").lower()[:60]
    found = props(text, names)
    return found[0] if found else None


def props(text: str, names: set[str]) -> list[str]:
    """Every prop the text writes in capitals after an article (``a brass KEY`` -> ``key``), in order.

    Args:
        text: action text.
        names: character names (capitals that are people, not props).
    """
    out: list[str] = []
    for m in _PROP.finditer(text):
        prop = m.group("prop").strip()
        words = prop.split()
        if prop in names or any(w in names for w in words) or words[-1] in _SOUNDS or words[0] in _DIRECTION_WORDS:
            continue
        if any(e == prop or prop in e.split() for e in names):
            continue
        if prop.lower() not in out:
            out.append(prop.lower())
    return out


def clamp(v: float, lo: float, hi: float) -> float:
    return round(max(lo, min(hi, v)), 1)


