"""How a spoken line looks: who talks, with what feeling and gesture, looking where.

Why: a video model cannot hear the words, so "X speaks to Y" gives it nothing to draw. What
it can draw is a face and a body saying them: the feeling (from the parenthetical, from the
punctuation, from a few telling words), a gesture, lips moving, and the eyeline the blocking
decided ("looking left at the woman"), so the cut matches the reverse shot.

Rules, per spoken line in frame, one beat per ~30 words, or finer (down to ~12) when the shot
is long enough for more (a long speech is several beats, each read from its own words, so a
shot generated in segments changes with the speech):

- the verb: ``shouts`` (mostly capitals), ``asks`` (ends in ``?``), ``exclaims`` (``!``),
  ``talks, trailing off`` (``...``, ``--``), else ``talks``; later beats ``goes on``;
- the feeling: the parenthetical (``(furious)``; ``(to Will)`` turns to him), then words of the
  beat itself (``sorry`` -> apologetic, ``please`` -> pleading, ``love`` -> tenderly...);
- a gesture for a speech that runs on (leaning in, a hand gesture, a pause), ``lips moving``;
- the eyeline: facing from ``Shot.blocking``, at the one other person in frame or off screen.
"""
from __future__ import annotations

import math
import re
from typing import Sequence

from shots.caseless_pattern import CaselessPattern
from shots.model import Bible, DialogueLine, Shot
from shots.prompt_words import PAREN_JARGON, Referent, screen_sentence, sentences, unname

WORDS_PER_DELIVERY_BEAT = 30
_OFFSCREEN = re.compile(r"^\s*(?:v\.?\s*o|o\.?\s*s|o\.?\s*c|off|pre-?lap)\b", re.I)
_TO_SOMEONE = re.compile(r"^\s*(?:to|at|re:?)\s+(.+)$", re.I)
_WORD = re.compile(r"[A-Za-z']+")
# A few words that show on a face, in the order they are tried.
FEELINGS: tuple[tuple[CaselessPattern, str], ...] = tuple((CaselessPattern(p), f) for p, f in (
    (r"\b(?:ha(?:ha)+|laugh\w*|funny)\b", "laughing"),
    (r"\b(?:sorry|forgive|apologi\w+)\b", "apologetic"),
    (r"\bplease\b", "pleading"),
    (r"\b(?:i love you|my love|darling|sweetheart|honey)\b", "tenderly"),
    (r"\b(?:damn\w*|hell|shut up|bastard|idiot|get out)\b", "angry"),
    (r"\b(?:dead|died|dying|funeral|cancer|goodbye)\b", "grave"),
    (r"\b(?:no|stop|don't|never)\b.*!", "insistent"),
    (r"\b(?:wow|amazing|incredible|beautiful)\b", "delighted"),
    (r"\b(?:afraid|scared|help)\b", "frightened"),
))
_GESTURES = ("gesturing with one hand", "leaning in a little", "pausing to glance down")


def _verb(text: str, first: bool) -> str:
    stripped = text.strip().rstrip("\"' ")
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 3 and sum(c.isupper() for c in letters) > 0.7 * len(letters):
        return "shouts"
    if stripped.endswith("?"):
        return "asks" if first else "goes on, asking"
    if stripped.endswith("!"):
        return "exclaims" if first else "goes on, exclaiming"
    if stripped.endswith(("...", "--", "\u2014", "\u2026")):
        return "talks, trailing off" if first else "goes on, trailing off"
    return "talks" if first else "goes on talking"


_ANY_FEELING = CaselessPattern("|".join(f"(?:{p.pattern})" for p, _ in FEELINGS))


def _feeling(text: str) -> str:
    if not _ANY_FEELING.search(text):  # the usual case: one search instead of one per feeling
        return ""
    return next((f for pattern, f in FEELINGS if pattern.search(text)), "")


def _parenthetical(line: DialogueLine, bible: Bible, refs: Sequence[Referent]) -> str:
    if not line.parenthetical:
        return ""
    paren = line.parenthetical.strip().strip("()").strip()
    to = _TO_SOMEONE.match(paren)
    if to:
        whom = unname(to.group(1), bible, refs).strip(" .")
        return "turning to " + whom[:1].lower() + whom[1:]
    if PAREN_JARGON.fullmatch(f"({paren})"):
        return ""
    how = screen_sentence(unname(paren, bible, refs))
    return how[:1].lower() + how[1:]


def eyeline(speaker: Referent, refs: Sequence[Referent], facing: str) -> str:
    """Where the speaker looks: ``looking left at the woman``, ``looking off screen right``."""
    others = [r for r in refs if r.entry.id != speaker.entry.id]
    if facing in ("left", "right"):
        if len(others) == 1:
            return f"looking {facing} at {others[0].the}"
        return f"looking off screen {facing}"
    if len(others) == 1:
        return f"looking at {others[0].the}"
    return "looking just off camera"


def _chunks(text: str, size: int = WORDS_PER_DELIVERY_BEAT) -> list[str]:
    """The speech cut into pieces of about ``size`` words, at sentence ends."""
    out: list[str] = []
    for sentence in sentences(text) or [text]:
        if out and len(_WORD.findall(out[-1])) < size:
            out[-1] += " " + sentence
        else:
            out.append(sentence)
    words = len(_WORD.findall(text))
    wanted = max(1, math.ceil(words / size))
    while len(out) < wanted:  # one long sentence: cut by words
        longest = max(range(len(out)), key=lambda i: len(out[i]))
        ws = out[longest].split()
        if len(ws) < 2:
            break
        out[longest:longest + 1] = [" ".join(ws[:len(ws) // 2]), " ".join(ws[len(ws) // 2:])]
    return out


def delivery_beats(shot: Shot, bible: Bible, refs: Sequence[Referent], wanted: int = 1) -> list[str]:
    """The beats of ``shot``'s spoken lines (rules in the module docstring); ``wanted``: how many
    beats the shot's length asks for (speech is cut finer, down to ~12 words a beat, to give them)."""
    total = sum(len(d.text.split()) for d in shot.dialogue)
    size = max(12, min(WORDS_PER_DELIVERY_BEAT, math.ceil(total / max(1, wanted))))
    by_id = {r.entry.id: r for r in refs}
    facing = {p.subject: p.facing for p in shot.blocking}
    beats: list[str] = []
    for line in shot.dialogue:
        speaker = by_id.get(line.character)
        if speaker is None or (line.extension and _OFFSCREEN.match(line.extension)):
            listeners = [r for r in refs if r.entry.id != line.character]
            if listeners:
                who = " and ".join(r.the for r in listeners[:2])
                feeling = _feeling(line.text)
                beats.append(f"{who[:1].upper()}{who[1:]} {'listen' if len(listeners) > 1 else 'listens'} "
                             f"to a voice off screen, reacting{' to its ' + feeling + ' tone' if feeling else ''}")
            continue
        how = _parenthetical(line, bible, refs)
        eyes = eyeline(speaker, refs, facing.get(speaker.entry.id, "camera"))
        who = speaker.the[:1].upper() + speaker.the[1:]
        chunks = _chunks(line.text, size)
        for k, chunk in enumerate(chunks):
            feeling = _feeling(chunk)
            gesture = _GESTURES[k % len(_GESTURES)] if len(chunks) > 1 else ""
            extra = [how if k == 0 else "", feeling if feeling not in how else "", gesture, "lips moving", eyes]
            beats.append(f"{who} {_verb(chunk, k == 0)}, " + ", ".join(x for x in extra if x))
    return beats
