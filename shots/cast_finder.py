"""Finding characters in a script: cues, introductions in capitals, and their look text.

Why a module of its own: this is text forensics (capitals that are names and
not sound effects, parentheticals that describe rather than direct), with
rules that grow with every script that surprises them; the bible module only
turns what is found here into entries. The rules are listed in
:mod:`shots.bible`'s docstring.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from screenplay.model import Action, Character, Screenplay
from shots.cast_names import JOINT_WORDS, first_name_usable, is_role_noun, is_voice_name, joint_parts
from shots.looks import split_introduction
from shots.script_cues import SENTENCE_SPLIT


_TOKEN = re.compile(r"[^\W_][\w'’.\-]*", re.UNICODE)
_NOT_NAMES = {
    "A", "I", "AKA", "A.K.A.", "V.O.", "O.S.", "O.C.", "POV", "ANGLE", "ON", "CLOSE", "CLOSE-UP", "INSERT", "CUT", "TO",
    "FADE", "IN", "OUT", "BACK", "CONTINUOUS", "LATER", "INT.", "EXT.", "INT", "EXT", "THE", "END", "AND",
    "OF", "WE", "SEE", "HEAR", "SFX", "SUPER", "TITLE", "CREDITS", "OVER", "BLACK", "WIDE", "SHOT",
    "PUSH", "PULL", "PAN", "TRACK", "DOLLY", "FREEZE", "FRAME", "REVERSE", "MONTAGE", "SERIES", "SHOTS",
    "INTERCUT", "FLASHBACK", "DISSOLVE", "SMASH", "MATCH", "ECU", "CU", "MCU", "MS", "WS", "EWS", "OTS",
}
_TITLES = {"DR.", "DR", "MR.", "MR", "MRS.", "MRS", "MS.", "MISS", "SIR", "LADY", "LORD", "AUNT", "UNCLE",
           "CAPTAIN", "CAPT.", "SGT.", "OFFICER", "DETECTIVE", "FATHER", "SISTER", "PROFESSOR", "PROF."}
_QUALIFIERS = {"YOUNG", "OLD", "OLDER", "YOUNGER", "ADULT", "LITTLE", "SENIOR", "JUNIOR", "BABY", "TEEN",
               "TEENAGE", "ELDERLY", "GROWN-UP", "OLD-MAN", "YOUNGEST", "ELDEST"}
_AGE = re.compile(r"^\s*(?:AGE\s*\d+|\d+\s*(?:'?s)?|(?:early|mid|late)[- ]\d0'?s|\d0'?s)\b", re.IGNORECASE)
_DESCRIPTIVE_START = re.compile(
    r"^(?:a|an|the|his|her|their|in|wearing|dressed|with|all|barefoot|tall|short|thin|wiry|heavy|"
    r"big|small|tiny|young|old|elderly|pale|dark|red-haired|blonde|bald|bearded)\b", re.IGNORECASE)
_IS_DESC = re.compile(r"^\s*(?:is|was)\s+(?P<d>[^.!?]{1,80})", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])|\n")
_FEMALE = re.compile(r"\b(she|her|hers|herself|woman|women|girl|mother|mom|wife|daughter|lady|sister|aunt|"
                     r"grandmother|grandma|waitress|actress|queen|princess|mrs|ms|miss|widow|bride|nun)\b", re.I)
_MALE = re.compile(r"\b(he|him|his|himself|man|men|boy|father|dad|husband|son|gentleman|brother|uncle|"
                   r"grandfather|grandpa|waiter|doorman|actor|king|prince|mr|sir|widower|groom|priest|guy)\b", re.I)


@dataclass(frozen=True, slots=True)
class Found:
    name: str
    line: int
    look: str = ""
    gender_hint: str = ""  # "f", "m" or ""
    roles: tuple[str, ...] = ()  # role nouns the introduction gives ("partner", "mother")
    look_changes: tuple[tuple[int, str], ...] = ()  # (line, look) where a later introduction changes the look
    kind: str = "person"  # "voice": a device or disembodied source


def _caps_runs(text: str) -> list[tuple[str, int, int]]:
    """Runs of all-caps words (``DR. JULIUS BENNETT``) with their start/end offsets."""
    runs: list[tuple[str, int, int]] = []
    cur: list[re.Match] = []

    def flush():
        if cur:
            words = [m.group(0) for m in cur]
            # strip a trailing sentence dot or possessive, keep titles like DR.
            while words and words[-1].upper() in _NOT_NAMES:
                words.pop()
                cur.pop()
            while words and words[0].upper() in _NOT_NAMES:
                words.pop(0)
                cur.pop(0)
            if words:
                last = words[-1]
                end = cur[-1].end()
                if last.endswith(".") and last.upper() not in _TITLES and not re.search(r"\.\w", last):
                    last = last[:-1]
                    end -= 1
                if re.search(r"['’]S$", last):
                    last = last[:-2]
                    end -= 2
                words[-1] = last
                name = " ".join(w for w in words if w)
                letters = sum(ch.isalpha() for ch in name)
                if letters >= 2:
                    runs.append((name, cur[0].start(), end))
        cur.clear()

    prev_end = None
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        is_caps = any(ch.isalpha() for ch in word) and word.upper() == word and word.lower() != word
        gap = text[prev_end:m.start()] if prev_end is not None else ""
        if is_caps and (not cur or gap == " "):
            cur.append(m)
        else:
            flush()
            if is_caps:
                cur.append(m)
        prev_end = m.end()
    flush()
    return runs


def _sentence_around(text: str, start: int, end: int) -> tuple[str, str]:
    """(text before the name in its sentence, text after it up to the sentence end)."""
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    s = max(b for b in bounds if b <= start)
    e = min((b for b in bounds if b >= end), default=len(text))
    return text[s:start], text[end:e]


def _description(after: str) -> tuple[str, bool]:
    """The description that follows a name (look words and role words together), and whether there
    was an explicit description at all; :func:`shots.looks.split_introduction` separates them."""
    parts: list[str] = []
    explicit = False
    rest = after
    m = re.match(r"^\s*\(([^()]{1,120})\)", rest)
    if m:
        parts.append(m.group(1).strip())
        explicit = True
        rest = rest[m.end():]
    else:
        m = re.match(r"^\s*,\s*([^,.;]{1,80}?)\s*,", rest)
        if m and (_AGE.match(m.group(1)) or _DESCRIPTIVE_START.match(m.group(1).strip())
                  or re.match(r"^(?:now\s+)?\d+", m.group(1).strip())):
            parts.append(m.group(1).strip())
            explicit = True
            rest = rest[m.end() - 1:]
        else:
            m = re.match(r"^\s*(?:--|—|–)\s*([^-—–]{1,80}?)\s*(?:--|—|–)", rest)
            if m and (_AGE.match(m.group(1)) or _DESCRIPTIVE_START.match(m.group(1).strip())):
                parts.append(m.group(1).strip())
                explicit = True
                rest = rest[m.end():]
            else:
                m = _IS_DESC.match(rest)
                if m and (_AGE.match(m.group("d")) or _DESCRIPTIVE_START.match(m.group("d"))):
                    parts.append(m.group("d").strip().rstrip(",;:"))
                    return ", ".join(parts), True
    if explicit:
        # descriptive clauses after the description, to the end of the sentence
        for clause in re.split(r",\s*", rest.strip().rstrip(".!?;:")):
            clause = clause.strip()
            if re.search(r"\b[A-Z][A-Z'’.-]+\b", clause) and not _AGE.match(clause):
                break  # another name: its own introduction starts here
            if clause and (_DESCRIPTIVE_START.match(clause) or _AGE.match(clause)) and len(clause.split()) <= 12:
                parts.append(clause)
    return ", ".join(p for p in parts if p), explicit


def _gender(text: str) -> str:
    f, m = len(_FEMALE.findall(text)), len(_MALE.findall(text))
    return "f" if f > m else "m" if m > f else ""


_ROLE_BEFORE = re.compile(r"(?:\b(?i:his|her|their|its|the|a|an|my|our)|[A-Za-z]+['’]s)\s+(?:[\w-]+\s+){0,2}?"
                          r"(?P<role>[a-z][a-z-]{2,}),?\s*$")
_TIME_PASSED = re.compile(r"\b(?:now|years later|later in life|grown|grown-up)\b", re.I)


def find_characters(screenplay: Screenplay) -> tuple[list[Found], dict[str, str]]:
    """Speakers and introduced characters in order of first appearance, and {alias: full name}.

    Joint cues (``EDWARD AND WILL``, ``BOTH``) are people speaking together, not characters. A
    later introduction of a known character with time passed (``WILL, now 17 with braces``) is
    a look change of that character, not a new one.
    """
    speakers: dict[str, int] = {}
    intros: dict[str, Found] = {}
    elements = screenplay.elements
    for e in elements:
        if isinstance(e, Character):
            name = clean_cue(e.name)
            if name and name not in speakers:
                speakers[name] = e.line
    speaker_words = {n: n.split() for n in speakers}
    speaker_vocab = {w for ws in speaker_words.values() for w in ws}
    for i, e in enumerate(elements):
        if not isinstance(e, Action):
            continue
        for name, start, end in _caps_runs(e.text):
            before, after = _sentence_around(e.text, start, end)
            raw, explicit = _description(after)
            line = e.line + e.text[:start].count("\n")
            owner = name if name in intros else _owner(name, intros)
            if owner is not None:
                if explicit and _TIME_PASSED.search(raw + " " + before[-60:]):
                    look, _ = split_introduction(re.sub(r"^\s*now\s+", "", raw, flags=re.I))
                    old = intros[owner]
                    if look and look != old.look:
                        intros[owner] = replace(old, look_changes=(*old.look_changes, (line, look)))
                continue
            words = name.split()
            parts = joint_parts(name)
            if parts and (name in speakers or all(p in speakers for p in parts)):
                continue  # ON WILL AND SANDRA: two people, not one
            is_speaker = name in speakers or (not speaker_vocab.isdisjoint(words) and any(
                _is_short_form(w, words) for w in speaker_words.values()))
            if not explicit and not is_speaker:
                continue
            if not explicit and name in speakers and speakers[name] < e.line:
                continue  # spoke before this mention: not an introduction
            look, roles = split_introduction(raw)
            rb = _ROLE_BEFORE.search(before)
            if rb and is_role_noun(rb.group("role")):
                roles = (rb.group("role").lower(), *roles)
            # pronouns of this sentence and the next one
            _, tail = _sentence_around(e.text, end, end)
            nxt = e.text[end + len(tail):end + len(tail) + 160]
            hint = _gender(" ".join((before[-40:], raw, after, nxt)))
            intros[name] = Found(name, line, look, hint, roles=tuple(dict.fromkeys(roles)))
    found: list[Found] = list(intros.values())
    aliases: dict[str, str] = {}
    known = [*intros, *(n for n in speakers if n not in intros)]
    singles = [n for n in known if not joint_parts(n)]
    for name, line in speakers.items():
        if name in intros:
            continue
        parts = joint_parts(name)
        if parts and (parts[0] in JOINT_WORDS or all(_resolves(p, singles) for p in parts)):
            continue  # people speaking together, not a character
        owners = [n for n in singles if n != name and _is_short_form(name.split(), n.split())
                  and not set(n.split()) - set(name.split()) <= _QUALIFIERS]  # YOUNG EDWARD is not EDWARD
        if len(owners) == 1 and owners[0] in intros:
            aliases[name] = owners[0]  # MARA for MARA OKAFOR
            continue
        found.append(Found(name, line))
    votes = _pronoun_votes(screenplay, [f.name for f in found], aliases)
    found = [replace(f, gender_hint=votes.get(f.name, "") or f.gender_hint or _gender(" ".join(f.roles)),
                     kind="voice" if is_voice_name(f.name) else "person") for f in found]
    found.sort(key=lambda f: (f.line, f.name))
    return found, aliases


def _owner(name: str, intros: dict[str, Found]) -> str | None:
    """The one introduced character ``name`` is a short form of (WILL of WILL BLOOM), if exactly one."""
    words = name.split()
    owners = [n for n in intros if _is_short_form(words, n.split())
              and not set(n.split()) - set(words) <= _QUALIFIERS]
    return owners[0] if len(owners) == 1 else None


def _resolves(part: str, names: list[str]) -> bool:
    words = part.split()
    return part in names or sum(1 for n in names if _is_short_form(words, n.split())) == 1


_PRONOUN_AFTER = re.compile(r"^\W*(?:(?:,\s*)?and\s+)?(he|his|she|her)\b", re.I)


def _pronoun_votes(screenplay: Screenplay, names: list[str], aliases: dict[str, str]) -> dict[str, str]:
    """Gender each character's name takes in the script: the pronoun of the next clause after a
    sentence that names only that character (``Kate ... She grabs the phone``)."""
    forms: dict[str, str] = {}
    for n in names:
        forms[n] = n
        first = n.split()[0]
        if first_name_usable(first, n) and sum(1 for m in names if m.split()[0] == first) == 1:
            forms.setdefault(first, n)
    for a, full in aliases.items():
        forms.setdefault(a, full)
    if not forms:
        return {}
    pat = re.compile(r"(?<![\w'])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                     + r")(?:['’]s)?(?!\w)", re.I)
    counts: dict[str, list[int]] = {}
    for e in screenplay.elements:
        if not isinstance(e, Action):
            continue
        sentences = SENTENCE_SPLIT.split(e.text)
        for k, sent in enumerate(sentences):
            hits = {forms[m.group(1).upper()] for m in pat.finditer(sent)
                    if m.group(1)[0].isupper() and m.group(1).upper() in forms}
            if len(hits) != 1:
                continue
            tail = sent[max(m.end() for m in pat.finditer(sent)):]
            probe = tail if _PRONOUN_AFTER.match(tail) else (sentences[k + 1] if k + 1 < len(sentences) else "")
            m = _PRONOUN_AFTER.match(probe)
            if m and not pat.search(probe[:m.start(1)]):
                c = counts.setdefault(hits.pop(), [0, 0])
                c[0 if m.group(1).lower() in ("she", "her", "hers", "herself") else 1] += 1
    return {n: ("f" if f > m_ else "m") for n, (f, m_) in counts.items() if f != m_}


def clean_cue(name: str) -> str:
    name = re.sub(r"\s*\(.*?\)\s*", " ", name)  # any extension the parser left
    name = name.replace("^", "").replace("@", "")
    return re.sub(r"\s+", " ", name).strip().upper()


def _is_short_form(short: list[str], full: list[str]) -> bool:
    """``MARA`` of ``MARA OKAFOR``; ``DR. BENNETT`` of ``DR. JULIUS BENNETT`` (an ordered subset)."""
    if not short or len(short) >= len(full):
        return False
    it = iter(full)
    if not all(any(w == x for x in it) for w in short):
        return False
    return any(w not in _TITLES for w in short)


def silhouette_of(look: str) -> str:
    t = look.lower()
    age = re.search(r"\b(\d{1,2})\b(?!0?'?s)", t)
    if re.search(r"\b(child|kid|boy|girl|toddler|baby|infant)\b", t) or (age and int(age.group(1)) < 13
                                                                       and not re.search(r"\d0'?s", t)):
        return "child"
    for words, shape in ((r"tall|lanky|towering|giant", "tall"), (r"tiny|short|small|petite|little", "short"),
                         (r"heavy|heavy-set|burly|broad|stocky|large|big|barrel|fat|hulking", "broad"),
                         (r"wiry|thin|slim|skinny|slender|gaunt|bony", "slim")):
        if re.search(rf"\b({words})\b", t):
            return shape
    return "average"


