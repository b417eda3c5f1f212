"""Script words -> the words a video model reads: no jargon, no names, people by their look.

Why: a video model's text encoder reads a prompt as a description of what is on screen. Script
jargon (``INSERT - THE LETTER``, ``BACK TO SCENE``, ``We PUSH IN on...``, ``(CONT'D)``) describes
the page or the camera crew, not the picture, and a character's *name* means nothing to the
encoder (worse, a name like an actor's may pull that face). Identity comes from the look text
and the reference image, so in a prompt a character is a *referent*: "the man", "the girl",
"the woman on the left", introduced once with the bible's look text verbatim.

This module holds the word-level rules; :mod:`shots.prompt` composes the sentences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from shots.cast_names import COMMON_WORDS, is_plural_name, is_role_noun
from shots.looks import look_in_scene
from shots.model import Bible, BibleEntry, Placement

# -- jargon ----------------------------------------------------------------------------------

# Whole sentences that only speak to the reader or the editor.
_DROP_SENTENCE = re.compile(
    r"^\s*(?:back to (?:scene|present|the present|reality)|(?:smash |match |hard )?cut (?:to|back)\b.*|"
    r"dissolve to\b.*|fade (?:in|out|to)\b.*|intercut\b.*|end (?:of )?(?:flashback|montage|intercut|series)\b.*|"
    r"(?:series of shots|montage|flashback|moments later|later|continuous|the end)\b.*|"
    r"(?:super|title|caption|chyron)\s*[:\-].*)$", re.I)
_FREEZE = re.compile(r"\bfreeze[- ]frame\b", re.I)
# Slugs at the start of a sentence that name the shot, not what is in it: "INSERT - ", "CLOSE ON ".
_SLUG = re.compile(
    r"^\s*(?:insert(?:\s+shot)?|close(?:[- ]up)?(?:\s+on)?|extreme close(?:[- ]up)?(?:\s+on)?|"
    r"angle(?:\s+on)?|new angle|reverse angle|wide(?:\s+on)?|tight(?:\s+on)?|back on|on|pov|"
    r"(?:\w+'s\s+)?pov|point of view|establishing(?:\s+shot)?|aerial(?:\s+shot)?|two[- ]shot(?:\s+on)?|"
    r"over (?:the )?shoulder(?:\s+on)?)\s*(?:[-:\u2013\u2014]+|\s+(?=[A-Z]))\s*", re.I)
# "We PUSH IN on her face" -> "her face"; "PULL BACK TO REVEAL the lake" -> "the lake".
_CAMERA_VERB = (r"(?:push|pull|pan|track|dolly|zoom|tilt|crane|boom|move|drift|circle|rise|descend|whip[- ]?pan|"
                r"follow|rack(?: focus)?|hold|stay|come|cut|go)(?:e?s|ed|ing)?")
_CAMERA_CLAUSE = re.compile(
    r"\b(?:(?:and\s+)?(?:we|the camera|camera)\s+)?" + _CAMERA_VERB +
    r"(?:\s+(?:in|out|back|up|down|around|over|across|closer|away|along|with|past|slowly|quickly|fast|right|left))*"
    r"(?:\s+to\s+(?:reveal|find|show|see))?"
    r"(?:\s+(?:on|onto|to|towards?|into|with|over|across|past|along|up to|in on))?\s+", re.I)
_CAMERA_START = re.compile(r"^\s*(?:(?:and\s+)?(?:we|the camera|camera)\s+)" + _CAMERA_VERB + r"\b", re.I)
_CAPS_CAMERA = re.compile(r"\b(?:(?:[Ww]e|WE)\s+(?:\w+ly\s+)?)?"
                          r"(?:PUSH|PULL|PAN|TRACK|DOLLY|ZOOM|TILT|CRANE|WHIP PAN|RACK FOCUS)"
                          r"(?:\s+(?:IN|OUT|BACK|UP|DOWN|AROUND|WITH|OVER))*\b(?i:\s+(?:to reveal|on|to|with))?\s*")
_CAPS_HINT = re.compile(r"PUSH|PULL|PAN|TRACK|DOLLY|ZOOM|TILT|CRANE|RACK")
_WE_SEE = re.compile(r"(?:,\s*)?\b(?:where\s+|as\s+|and\s+)?(?:we|the camera)\s+(?:can\s+)?"
                     r"(?:see|watch|find|notice|glimpse|reveal|spot|discover|catch sight of)s?"
                     r"(?:\s+that)?(?:\s+|\s*(?=\W*$))", re.I)
# "Suddenly, we hear a POP as the door gives" -> "Suddenly, the door gives": a sound is not a picture.
_WE_HEAR = re.compile(r"\b(?:and\s+)?(?:we|you)\s+(?:can\s+)?hear\b[^.;,]*?(?:\bas\b\s*|,\s*|(?=[.;!?]|$))", re.I)
_REVEAL = re.compile(r"\bto reveal\b\s*", re.I)
PAREN_JARGON = re.compile(r"\(\s*(?:cont'?d|continued|v\.?o\.?|o\.?s\.?|o\.?c\.?|beat|pause|more|off|"
                           r"pre-?lap|into phone|on phone|filtered|sotto)\s*\)", re.I)
_INLINE_JARGON = re.compile(r"\b(?:cont'?d|v\.o\.|o\.s\.|o\.c\.)", re.I)
_EMPHASIS = re.compile(r"[*_]+|\[\[.*?\]\]")
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z'\-]*[A-Z]\b")
_SENTENCE = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-z])")
_NOT_ASCII_LETTER = re.compile(r"[^A-Za-z]")

# What the tests (and anyone checking a prompt) count as jargon in a finished prompt.
JARGON = re.compile(
    r"\bINSERT\s*[-:\u2013\u2014]|\bBACK TO (?:SCENE|PRESENT)\b|\bwe (?:push|pull|pan|track|dolly|zoom|see|hear)\b|"
    r"\b(?:CLOSE|ANGLE) ON\b|\bCUT TO\b|\bCONT'?D\b|\bV\.O\.|\bO\.S\.|\bINTERCUT\b|\bSMASH CUT\b|\bPUSH IN\b|"
    r"\bPULL BACK\b|\bWHIP PAN\b|\bfreeze[- ]frame\b|\bwe (?:cut|dissolve|fade|freeze)\b|"
    r"\bfilm still\b|\bstill frame\b|\bstill image\b", re.I)


def jargon_in(text: str) -> list[str]:
    """The jargon left in a prompt (``[]`` when clean): script directions and "still"."""
    return [m.group(0) for m in JARGON.finditer(text)]


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (after a ``.``, ``!`` or ``?`` followed by a capital)."""
    text = " ".join(text.split())  # whitespace runs as one space, ends stripped
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()] if text else []


def _lower_caps(text: str) -> str:
    """SHOUTED or INTRODUCED words in lower case (``a LOUD CRASH`` -> ``a loud crash``); ``I`` stays."""
    return _CAPS_WORD.sub(lambda m: m.group(0).lower(), text)


def _keep_comma(m: re.Match) -> str:
    return ", " if m.group(0).startswith(",") else " "


def screen_sentence(sentence: str) -> str:
    """One script sentence as a picture description: slugs, camera directions and page words gone.

    Returns:
        The sentence (capitalised, no closing full stop), or ``""`` when nothing on screen is left.
    """
    s = sentence
    if any(c in s for c in "(*_["):  # most sentences need none of these passes: each is checked first
        s = PAREN_JARGON.sub("", _EMPHASIS.sub("", s))
    s = s.strip()
    if _DROP_SENTENCE.match(s.rstrip(".!:")) or ("reeze" in s.lower() and _FREEZE.search(s)):
        return ""
    for _ in range(2):
        s = _SLUG.sub("", s, count=1)
    if _CAMERA_START.match(s):
        s = _CAMERA_CLAUSE.sub("", s, count=1)
    if _CAPS_HINT.search(s):
        s = _CAPS_CAMERA.sub("", s)
    lower = s.lower()
    if "we " in lower or "camera" in lower or "you " in lower or "reveal" in lower:
        s = _REVEAL.sub(" ", _WE_SEE.sub(_keep_comma, _WE_HEAR.sub(" ", s)))
    if "'" in s or "." in s:
        s = _INLINE_JARGON.sub("", s)
    s = _lower_caps(s)
    s = " ".join(s.split()).replace(" ,", ",").strip(" .,;:-\u2013\u2014")
    if sum(map(str.isalpha, s[:8])) < 3 and len(_NOT_ASCII_LETTER.sub("", s)) < 3:
        return ""
    return s[:1].upper() + s[1:]


def screen_text(text: str) -> list[str]:
    """Every sentence of ``text`` through :func:`screen_sentence`, the empty ones dropped."""
    out = []
    for sentence in sentences(text):
        kept = screen_sentence(sentence)
        if kept:
            out.append(kept)
    return out


# -- people by their look --------------------------------------------------------------------

_AGE_NUMBER = re.compile(r"(?:\bage[sd]?\s*|^\s*(?:now\s+)?)(\d{1,3})\b", re.I)
_DECADE = re.compile(r"\b(?:early|mid|late)?[- ]?(\d)0'?s\b", re.I)
_CHILD_WORDS = re.compile(r"\b(?:boy|girl|kid|child|toddler|baby|infant|little)\b", re.I)
_OLD_WORDS = re.compile(r"\b(?:old|elderly|aged|ancient|grey-haired|white-haired)\b", re.I)
_OWN_NOUN = re.compile(r"\b(man|woman|boy|girl|dog|horse|cat|giant|witch|creature)\b", re.I)


def _age(look: str) -> int | None:
    m = _AGE_NUMBER.search(look)
    if m:
        return int(m.group(1))
    m = _DECADE.search(look)
    return int(m.group(1)) * 10 + 5 if m else None


_NOUNS: dict[tuple[int, str | None], tuple[BibleEntry, str]] = {}


def person_noun(entry: BibleEntry, scene_id: str | None = None) -> str:
    """:func:`read_person_noun`, remembered per entry and scene (every shot asks)."""
    hit = _NOUNS.get((id(entry), scene_id))
    if hit is None or hit[0] is not entry:
        if len(_NOUNS) > 20000:
            _NOUNS.clear()
        hit = _NOUNS[(id(entry), scene_id)] = (entry, read_person_noun(entry, scene_id))
    return hit[1]


def read_person_noun(entry: BibleEntry, scene_id: str | None = None) -> str:
    """What a character *is* on screen, in one or two words: ``man``, ``teenage girl``, ``old woman``.

    From the look of that scene (an age, a word like ``boy``), the pronoun the script uses, and the
    bible's silhouette; ``person`` when none of them says.
    """
    look = look_in_scene(entry, scene_id)
    own = _OWN_NOUN.search(look)
    if own:
        return own.group(1).lower()
    age = _age(look)
    he, she = entry.pronoun == "he", entry.pronoun == "she"
    if (age is not None and age < 13) or (age is None and (entry.silhouette == "child" or _CHILD_WORDS.search(look))):
        return "boy" if he else "girl" if she else "child"
    if age is not None and age < 20:
        return "teenage boy" if he else "teenage girl" if she else "teenager"
    old = (age is not None and age >= 68) or bool(_OLD_WORDS.search(look))
    base = "man" if he else "woman" if she else "person"
    return f"old {base}" if old else base


@dataclass(frozen=True, slots=True)
class Referent:
    """How one character is named in a prompt: ``intro`` once (with the look, verbatim), ``the`` after."""

    entry: BibleEntry
    look: str
    intro: str  # "a man (40's and handsome)"
    the: str  # "the man", "the man on the left"
    side: str = ""  # "left", "right", "centre" in this shot's frame ("" when not in frame)


def _side(place: Placement | None) -> str:
    if place is None:
        return ""
    return "left" if place.x < 0.42 else "right" if place.x > 0.58 else "centre"


def referents(subjects: Sequence[str], bible: Bible, scene_id: str | None,
              blocking: Sequence[Placement] = ()) -> list[Referent]:
    """One :class:`Referent` per subject found in the bible, in the shot's order.

    Two subjects of the same kind ("man") are told apart by their side of the frame when the
    blocking puts them on different sides, else as "the man" and "the other man".
    """
    places = {p.subject: p for p in blocking}
    found = [(s, e) for s in subjects if (e := find_entry(bible, s)) is not None and e.kind != "voice"]
    nouns = [person_noun(e, scene_id) for _, e in found]
    out = []
    for k, ((subject, entry), noun) in enumerate(zip(found, nouns)):
        look = look_in_scene(entry, scene_id).strip()
        side = _side(places.get(subject) or places.get(entry.id))
        same = [j for j, n in enumerate(nouns) if n == noun]
        article = "an" if noun[0] in "aeiou" else "a"
        if len(same) == 1:
            the, intro_noun = f"the {noun}", f"{article} {noun}"
        else:
            sides = [_side(places.get(found[j][0])) for j in same]
            if side and side != "centre" and sides.count(side) == 1:
                the = f"the {noun} on the {side}"
            else:
                the = f"the {noun}" if same.index(k) == 0 else f"the {_ORDINAL[min(same.index(k), 3)]} {noun}"
            intro_noun = f"{article} {noun}" if same.index(k) == 0 else f"another {noun}"
        intro = f"{intro_noun} ({look})" if look else intro_noun
        out.append(Referent(entry, look, intro, the, side))
    return out


_ORDINAL = {1: "other", 2: "third", 3: "fourth"}


def find_entry(bible: Bible, key: str) -> BibleEntry | None:
    """``bible.get`` through an index built once per bible (prompts are written for every shot)."""
    index = _index(bible)
    return index.get(key) or index.get(key.strip().upper()) or bible.get(key)


_BY_BIBLE: dict[tuple[int, str], tuple[Bible, object]] = {}


def _per_bible(kind: str, bible: Bible, build):
    """What ``build(bible)`` returns, built once per bible object (hashing a bible is slow)."""
    hit = _BY_BIBLE.get((id(bible), kind))
    if hit is None or hit[0] is not bible:
        if len(_BY_BIBLE) > 16:
            _BY_BIBLE.clear()
        hit = _BY_BIBLE[(id(bible), kind)] = (bible, build(bible))
    return hit[1]


def _index(bible: Bible) -> dict[str, BibleEntry]:
    return _per_bible("index", bible, _build_index)


def _build_index(bible: Bible) -> dict[str, BibleEntry]:
    index: dict[str, BibleEntry] = {}
    for e in bible.entries:
        index.setdefault(e.id, e)
    for e in bible.entries:
        index.setdefault(e.name.upper(), e)
        for a in e.aliases:
            index.setdefault(a.upper(), e)
    return index


_WORDS = re.compile(r"[A-Z0-9]+")


def _name_pattern(bible: Bible) -> tuple[re.Pattern | None, dict[str, BibleEntry], set[str]]:
    return _per_bible("names", bible, _build_name_pattern)


def _build_name_pattern(bible: Bible) -> tuple[re.Pattern | None, dict[str, tuple[BibleEntry, ...]], set[str]]:
    """One regex over every name, alias and surname-like part of a name (UPPER or Title case:
    ``will`` the verb is no name), who each one may be, and the names' first words (upper case):
    a text with none of them needs no regex.

    A part of a longer name (BENNETT of DR. JULIUS BENNETT) counts when it is no common word or
    role noun (YOUNG, DR., NURSE, GIRL are not names); it may stand for several characters.
    """
    names: dict[str, tuple[BibleEntry, ...]] = {}
    for e in bible.entries:
        for n in (e.name, *e.aliases):
            n = n.strip()
            if len(n) >= 2:
                names.setdefault(n.upper(), (e,))
    for e in bible.entries:
        if e.kind == "voice" or is_plural_name(e.name):
            continue
        words = e.name.upper().split()
        for w in words if len(words) > 1 else ():
            w = w.strip(".,")
            if len(w) >= 4 and w.isalpha() and w not in COMMON_WORDS and not is_role_noun(w.lower()):
                if e not in names.get(w, ()):
                    names[w] = names.get(w, ()) + (e,)
    if not names:
        return None, names, set()
    forms = set()
    starts = set()  # the letters a name starts with: elsewhere no branch of the alternation is tried
    for n in names:
        for form in (n, n.title(), " ".join(w[:1] + w[1:].lower() for w in n.split())):
            forms.add(re.escape(form))
            starts.add(form[:1])
    alternation = "|".join(sorted(forms, key=len, reverse=True))
    first_words = {w for n in names for w in _WORDS.findall(n)[:1]}
    start = "(?=[" + "".join(re.escape(c) for c in sorted(starts)) + "])"
    return re.compile(r"(?<![\w'])" + start + "(?:" + alternation + r")(?:'s)?(?![\w])"), names, first_words


def _full_names(entry: BibleEntry) -> set[str]:
    return {n.strip().upper() for n in (entry.name, *entry.aliases)}


_ASCII_NOT_WORD = {c: chr(c) if chr(c).isalnum() else " " for c in range(128)}


def _upper_words(text: str) -> list[str]:
    """The runs of A-Z and 0-9 in ``text`` in upper case (what ``_WORDS`` finds), without a regex on ASCII."""
    if text.isascii():
        return text.upper().translate(_ASCII_NOT_WORD).split()
    return _WORDS.findall(text.upper())


def unname(text: str, bible: Bible, present: Sequence[Referent], parts: bool = True) -> str:
    """``text`` with every character's name replaced by who they are on screen.

    A subject in frame becomes its referent (``the man``); anyone else the script names
    becomes ``a woman``/``someone`` (never the name). ``parts=False`` leaves a surname alone
    (a place: BLOOM HOUSE), replacing only whole names and aliases (WILL'S BEDROOM).
    """
    pattern, names, first_words = _name_pattern(bible)
    if pattern is None or not first_words.intersection(_upper_words(text)):
        return text
    by_id = {r.entry.id: r for r in present}

    def swap(m: re.Match) -> str:
        word = m.group(0)
        possessive = word.endswith("'s")
        key = (word[:-2] if possessive else word).upper()
        entries = names.get(key)
        if not entries or (not parts and " " not in key and all(key not in _full_names(e) for e in entries)):
            return word
        entry = next((e for e in entries if e.id in by_id), entries[0])
        ref = by_id.get(entry.id)
        if ref is not None:
            said = ref.the
        else:
            noun = person_noun(entry)
            said = "someone" if noun == "person" else f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
        if possessive:
            said = said + "'s" if not said.endswith("s") else said + "'"
        return said

    out = pattern.sub(swap, text)
    # "the man" at the start of a sentence reads "The man"
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), out)
