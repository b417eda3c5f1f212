"""The character bible: who is in the script, what they look like, how they sound.

Why: a previs is only readable if MARA is the same yellow-jacketed figure in
every shot. The bible is the one place that fixes each character's canonical
look text (copied verbatim into every prompt), greybox colour and silhouette,
scratch voice and seed.

Extraction rules (:func:`extract_bible`):

- One entry per character who speaks (a ``Character`` cue) or is introduced in
  action: a run of capitalised words followed by a description, e.g.
  ``EDWARD BLOOM (60s) ...``, ``WILL BLOOM, AGE 3, listens``, ``ZACKY PRICE is 10``.
  Capitalised words with no description that never speak (``KEYS``, ``BANG``,
  ``PASSERSBY``) are sounds, props or extras, not characters.
- The look text is the introduction's parenthetical (or appositive) plus the
  descriptive clauses after it in that sentence (``..., a battered leather
  satchel over her shoulder``); clauses that are actions (``walks out``) are left out.
- A cue that is a shorter form of one introduced name (``MARA`` for ``MARA
  OKAFOR``, ``DR. BENNETT`` for ``DR. JULIUS BENNETT``) becomes its alias.
- Each entry gets a distinct colour, a distinct voice (espeak-ng variants m1..m7,
  f1..f5, gender guessed from pronouns and nouns near the introduction, else
  alternating; pitch and rate differ too), a silhouette guessed from the look,
  and a seed hashed from its id.

Storage and edits (:func:`bible_to_yaml`, :func:`bible_from_yaml`,
:func:`merge_bible`): the project keeps ``bible.yaml``. Each entry carries two
bookkeeping keys: ``script_look`` (what the script said when previs last wrote
the file) and ``checksum`` (of the entry's content as previs wrote it). A hand
edit changes the content, so on load the checksum no longer matches and the
entry's ``version`` goes up by one. On merge, a stored entry keeps everything
the user set; its look follows the script only while the user has not edited
it (``look == script_look``). Entries the user added by hand are kept.
"""
from __future__ import annotations

import colorsys
import dataclasses
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass

from screenplay.errors import PrevisError
from screenplay.model import Action, Character, Scene, Screenplay
from shots.model import Bible, BibleEntry, VoiceSpec

BIBLE_FORMAT = 1

MALE_VARIANTS = ("m1", "m2", "m3", "m4", "m5", "m6", "m7")
FEMALE_VARIANTS = ("f1", "f2", "f3", "f4", "f5")

# Hand-picked, mutually distinct and readable on a grey set; after these, golden-ratio hues.
PALETTE = ("#e4572e", "#2e86ab", "#f3a712", "#6a4c93", "#29bf12", "#d7263d",
           "#1b998b", "#ff9f1c", "#3d5a80", "#c200fb", "#8ac926", "#ff595e")

SILHOUETTES = ("average", "tall", "short", "broad", "slim", "child")


def slug(name: str) -> str:
    """Stable id from a character name: ``EDWARD BLOOM`` -> ``edward-bloom``, ``ZOË`` -> ``zoe``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "character"


def entry_seed(entry_id: str) -> int:
    """A character's seed: a hash of its id, so adding a character moves nobody else's."""
    digest = hashlib.sha256(f"previs-character|{entry_id}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % (2**31 - 1)


# -- finding characters -------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_][\w'’.\-]*", re.UNICODE)
_NOT_NAMES = {
    "A", "I", "V.O.", "O.S.", "O.C.", "POV", "ANGLE", "ON", "CLOSE", "CLOSE-UP", "INSERT", "CUT", "TO",
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
    r"^(?:a|an|his|her|their|in|wearing|dressed|with|all|barefoot|tall|short|thin|wiry|heavy|"
    r"big|small|tiny|young|old|elderly|pale|dark|red-haired|blonde|bald|bearded)\b", re.IGNORECASE)
_IS_DESC = re.compile(r"^\s*(?:is|was)\s+(?P<d>[^.!?]{1,80})", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])|\n")
_FEMALE = re.compile(r"\b(she|her|hers|herself|woman|women|girl|mother|mom|wife|daughter|lady|sister|aunt|"
                     r"grandmother|grandma|waitress|actress|queen|princess|mrs|ms|miss|widow|bride|nun)\b", re.I)
_MALE = re.compile(r"\b(he|him|his|himself|man|men|boy|father|dad|husband|son|gentleman|brother|uncle|"
                   r"grandfather|grandpa|waiter|actor|king|prince|mr|sir|widower|groom|priest|guy)\b", re.I)


@dataclass(frozen=True, slots=True)
class _Found:
    name: str
    line: int
    look: str = ""
    gender_hint: str = ""  # "f", "m" or ""


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
    """The look text that follows a name, and whether there was an explicit description at all."""
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
            if clause and _DESCRIPTIVE_START.match(clause) and len(clause.split()) <= 12:
                parts.append(clause)
    return ", ".join(p for p in parts if p), explicit


def _gender(text: str) -> str:
    f, m = len(_FEMALE.findall(text)), len(_MALE.findall(text))
    return "f" if f > m else "m" if m > f else ""


def _find_characters(screenplay: Screenplay) -> tuple[list[_Found], dict[str, str]]:
    """Speakers and introduced characters in order of first appearance, and {alias: full name}."""
    speakers: dict[str, int] = {}
    intros: dict[str, _Found] = {}
    order: list[tuple[int, str, str]] = []  # (line, kind, name)
    elements = screenplay.elements
    for e in elements:
        if isinstance(e, Character):
            name = _clean_cue(e.name)
            if name and name not in speakers:
                speakers[name] = e.line
    speaker_words = {n: n.split() for n in speakers}
    speaker_vocab = {w for ws in speaker_words.values() for w in ws}
    for i, e in enumerate(elements):
        if not isinstance(e, Action):
            continue
        for name, start, end in _caps_runs(e.text):
            if name in intros:
                continue
            before, after = _sentence_around(e.text, start, end)
            look, explicit = _description(after)
            words = name.split()
            is_speaker = name in speakers or (not speaker_vocab.isdisjoint(words) and any(
                _is_short_form(w, words) for w in speaker_words.values()))
            if not explicit and not is_speaker:
                continue
            if not explicit and name in speakers and speakers[name] < e.line:
                continue  # spoke before this mention: not an introduction
            # pronouns of this sentence and the next one
            _, tail = _sentence_around(e.text, end, end)
            nxt = e.text[end + len(tail):end + len(tail) + 160]
            hint = _gender(" ".join((before[-40:], look, after, nxt)))
            line = e.line + e.text[:start].count("\n")
            intros[name] = _Found(name, line, look, hint)
    found: list[_Found] = list(intros.values())
    aliases: dict[str, str] = {}
    all_names = [*intros, *(n for n in speakers if n not in intros)]
    for name, line in speakers.items():
        if name in intros:
            continue
        owners = [n for n in all_names if n != name and _is_short_form(name.split(), n.split())
                  and not set(n.split()) - set(name.split()) <= _QUALIFIERS]  # YOUNG EDWARD is not EDWARD
        if len(owners) == 1 and owners[0] in intros:
            aliases[name] = owners[0]  # MARA for MARA OKAFOR
            continue
        found.append(_Found(name, line))
    found.sort(key=lambda f: (f.line, f.name))
    return found, aliases


def _clean_cue(name: str) -> str:
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


def _silhouette(look: str) -> str:
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


def _color(k: int) -> str:
    if k < len(PALETTE):
        return PALETTE[k]
    h = (0.11 + (k - len(PALETTE)) * 0.6180339887) % 1.0
    s = (0.55, 0.75, 0.9)[k % 3]
    v = (0.85, 0.65, 0.95)[(k // 3) % 3]
    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def _voice(k: int, gender: str, taken: set[tuple[str, int, int]]) -> VoiceSpec:
    """The k-th voice of a gender, never equal to one already taken."""
    pool = FEMALE_VARIANTS if gender == "f" else MALE_VARIANTS
    n = 0
    while True:
        j = k + n
        variant = pool[j % len(pool)]
        base = 58 if gender == "f" else 42
        pitch = max(5, min(95, base + ((j * 7) % 23) - 11 + 3 * (j // len(pool))))
        rate = 150 + (j * 11) % 41
        key = (variant, pitch, rate)
        if key not in taken:
            return VoiceSpec(name="en", variant=variant, pitch=pitch, rate=rate)
        n += 1


def _style(found: list[_Found], existing: list[BibleEntry] = ()) -> list[BibleEntry]:
    """Entries for ``found`` with colours and voices distinct from each other and ``existing``."""
    colors = {e.color.lower() for e in existing}
    voices = {(e.voice.variant, e.voice.pitch, e.voice.rate) for e in existing}
    counts = {"m": sum(e.voice.variant.startswith("m") for e in existing),
              "f": sum(e.voice.variant.startswith("f") for e in existing)}
    out = []
    k = len(existing)
    alternate = 0
    for f in found:
        gender = f.gender_hint
        if not gender:
            gender = "m" if alternate % 2 == 0 else "f"
            alternate += 1
        while _color(k) in colors:
            k += 1
        color = _color(k)
        colors.add(color)
        k += 1
        voice = _voice(counts[gender], gender, voices)
        voices.add((voice.variant, voice.pitch, voice.rate))
        counts[gender] += 1
        eid = slug(f.name)
        out.append(BibleEntry(id=eid, name=f.name, look=f.look, color=color, silhouette=_silhouette(f.look),
                              voice=voice, seed=entry_seed(eid), first_line=f.line))
    return out


def extract_bible(screenplay: Screenplay) -> Bible:
    """The bible the script itself implies (no stored edits).

    Args:
        screenplay: a parsed script.

    Returns:
        One entry per speaking or introduced character, in order of first appearance,
        with aliases for the short cue names that refer to them.
    """
    found, alias_of = _find_characters(screenplay)
    entries = _style(found)
    result = []
    used_ids: set[str] = set()
    for entry in entries:
        aliases = tuple(a for a, full in alias_of.items() if full == entry.name)
        eid = entry.id
        while eid in used_ids:  # two names that slug alike ("JO-ANN" / "JO ANN")
            eid += "-2"
        used_ids.add(eid)
        result.append(dataclasses.replace(entry, id=eid, aliases=aliases, seed=entry_seed(eid)))
    return Bible(tuple(result))


_NAME_CACHE: dict[int, tuple[Bible, dict[str, str], re.Pattern | None]] = {}


def name_index(bible: Bible) -> tuple[dict[str, str], re.Pattern | None]:
    """How action text names characters: ``{NAME/ALIAS/unique FIRST NAME: id}`` and one regex
    finding any of them, case-insensitively (cached per bible object).

    Args:
        bible: the characters.

    Returns:
        ``(index, pattern)``; ``pattern`` is None for an empty bible. ``pattern.finditer(text)``
        yields matches whose ``group(1).upper()`` is a key of ``index``.
    """
    hit = _NAME_CACHE.get(id(bible))
    if hit is not None and hit[0] is bible:
        return hit[1], hit[2]
    firsts: dict[str, int] = {}
    for e in bible.entries:
        first = e.name.split()[0] if e.name.split() else e.name
        firsts[first] = firsts.get(first, 0) + 1
    index: dict[str, str] = {}
    for e in bible.entries:
        index.setdefault(e.name.upper(), e.id)
        for a in e.aliases:
            index.setdefault(a.upper(), e.id)
    for e in bible.entries:
        first = e.name.split()[0] if e.name.split() else e.name
        if firsts[first] == 1 and len(first) > 2 and first.rstrip(".") not in ("DR", "MR", "MRS", "MS"):
            index.setdefault(first.upper(), e.id)
    forms = sorted(index, key=lambda f: (-len(f), f))
    pattern = (re.compile(r"(?<![\w'])(" + "|".join(re.escape(f) for f in forms) + r")(?:'s)?(?!\w)", re.I)
               if forms else None)
    if len(_NAME_CACHE) > 8:
        _NAME_CACHE.clear()
    _NAME_CACHE[id(bible)] = (bible, index, pattern)
    return index, pattern


def scene_cast(scene: Scene, bible: Bible) -> tuple[str, ...]:
    """Ids of every character who can appear in ``scene``'s shots: its speakers, the people it
    introduces, and everyone its action names (``Juno fits the key``), sorted.

    Why: a scene's plan carries these characters' look text in its prompts, so a cached plan
    must be keyed on their bible entries; keying on speakers alone misses a silent character.

    Args:
        scene: one parsed scene.
        bible: the characters.

    Returns:
        Sorted bible ids.
    """
    ids: set[str] = set()
    for name in (*scene.speakers, *scene.introduced):
        entry = bible.get(name)
        if entry is not None:
            ids.add(entry.id)
    index, pattern = name_index(bible)
    for e in scene.elements:
        if isinstance(e, Character):
            entry = bible.get(_clean_cue(e.name))
            if entry is not None:
                ids.add(entry.id)
        elif isinstance(e, Action) and pattern is not None:
            for m in pattern.finditer(e.text):
                eid = index.get(m.group(1).upper())
                if eid:
                    ids.add(eid)
    return tuple(sorted(ids))


# -- storage ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class StoredBible(Bible):
    """A bible read from ``bible.yaml``, with what the script said when previs last wrote it.

    ``script_looks`` maps entry id -> look text extracted from the script at that time.
    """

    script_looks: tuple[tuple[str, str], ...] = ()

    def script_look(self, entry_id: str) -> str | None:
        return dict(self.script_looks).get(entry_id)


_CONTENT_FIELDS = ("name", "look", "color", "silhouette", "voice", "seed", "reference_image", "aliases")


def _checksum(entry: BibleEntry) -> str:
    data = {k: getattr(entry, k) for k in _CONTENT_FIELDS}
    data["voice"] = dataclasses.asdict(entry.voice)
    data["aliases"] = list(entry.aliases)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()[:12]


def _content(entry: BibleEntry) -> tuple:
    return tuple(getattr(entry, k) for k in _CONTENT_FIELDS)


def merge_bible(extracted: Bible, stored: Bible | None) -> Bible:
    """The bible to use: the script's characters, with the user's stored edits kept.

    Args:
        extracted: :func:`extract_bible` of the current script.
        stored: what ``bible.yaml`` holds (from :func:`bible_from_yaml`), or None.

    Returns:
        Stored entries first where the script still has them, updated in place: a look the user
        never edited follows the script (version + 1); anything the user edited stays. New
        characters get colours and voices no stored entry uses. Hand-added entries are kept.
    """
    if stored is None or not stored.entries:
        return extracted
    script_looks = dict(stored.script_looks) if isinstance(stored, StoredBible) else {}
    by_id = {e.id: e for e in stored.entries}
    merged: dict[str, BibleEntry] = {}
    new_found: list[tuple[BibleEntry, _Found]] = []
    for ex in extracted.entries:
        old = by_id.get(ex.id) or stored.get(ex.name)
        if old is None:
            gender = "f" if ex.voice.variant.startswith("f") else "m"
            new_found.append((ex, _Found(ex.name, ex.first_line, ex.look, gender)))
            continue
        look = old.look
        if old.look == script_looks.get(old.id, old.look) and ex.look != old.look:
            look = ex.look  # the user kept the script's words: follow the script
        aliases = tuple(dict.fromkeys((*old.aliases, *ex.aliases)))
        new = dataclasses.replace(old, look=look, aliases=aliases, first_line=ex.first_line)
        if _content(new) != _content(old):
            new = dataclasses.replace(new, version=old.version + 1)
        merged[old.id] = new
    styled = _style([f for _, f in new_found], [*merged.values(), *stored.entries])
    for (ex, _), entry in zip(new_found, styled):
        merged[ex.id] = dataclasses.replace(entry, id=ex.id, aliases=ex.aliases, seed=ex.seed)
    for old in stored.entries:  # characters the user added, or who left the script
        merged.setdefault(old.id, old)
    order = {e.id: i for i, e in enumerate(extracted.entries)}
    entries = sorted(merged.values(), key=lambda e: (order.get(e.id, len(order)), e.first_line, e.id))
    looks = tuple((e.id, next((x.look for x in extracted.entries if x.id == e.id), script_looks.get(e.id, e.look)))
                  for e in entries)
    return StoredBible(tuple(entries), script_looks=looks)


_HEADER = """\
# previs character bible. Edit freely: look (copied verbatim into every prompt
# the character appears in), color, silhouette (average, tall, short, broad,
# slim, child), voice (espeak-ng variant m1-m7/f1-f5, pitch 0-99, rate wpm),
# seed, reference_image, aliases. Your edits survive re-planning; an edited
# entry's version goes up by one and its shots are re-planned and re-rendered.
# script_look and checksum are previs's bookkeeping: leave them alone.
"""


def bible_to_yaml(bible: Bible) -> str:
    """``bible.yaml`` text for ``bible`` (deterministic: same bible, same bytes).

    Args:
        bible: usually the result of :func:`merge_bible`.

    Returns:
        YAML with a commented header and one mapping per character.
    """
    import yaml

    looks = dict(bible.script_looks) if isinstance(bible, StoredBible) else {}
    items = []
    for e in bible.entries:
        items.append({
            "id": e.id, "name": e.name, "look": e.look, "color": e.color, "silhouette": e.silhouette,
            "voice": {"name": e.voice.name, "variant": e.voice.variant, "pitch": e.voice.pitch,
                      "rate": e.voice.rate},
            "seed": e.seed, "reference_image": e.reference_image, "version": e.version,
            "first_line": e.first_line, "aliases": list(e.aliases),
            "script_look": looks.get(e.id, e.look), "checksum": _checksum(e),
        })
    body = yaml.safe_dump({"format": BIBLE_FORMAT, "characters": items}, sort_keys=False,
                          allow_unicode=True, width=100, default_flow_style=False)
    return _HEADER + body


def bible_from_yaml(text: str, path: str | None = None) -> StoredBible:
    """Read ``bible.yaml``; an entry edited by hand since previs wrote it comes back version + 1.

    Args:
        text: the file's text.
        path: for error messages.

    Returns:
        The stored bible with the script looks previs recorded.

    Raises:
        PrevisError: not YAML, or an entry with a missing/invalid field (the message names
            the entry and the field, and the line where the YAML parser saw the problem).
    """
    import yaml

    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PrevisError(f"the character bible is not valid YAML: {getattr(exc, 'problem', exc)}",
                          path, (mark.line + 1) if mark else None) from None
    items = data.get("characters") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise PrevisError("the character bible needs a 'characters:' list", path, 1)
    entries, looks, ids = [], [], set()
    lines = text.splitlines()
    for n, item in enumerate(items):
        where = _line_of(lines, item.get("id") if isinstance(item, dict) else None)
        if not isinstance(item, dict):
            raise PrevisError(f"character #{n + 1} is not a mapping of fields", path, where)
        entry = _entry_from_item(item, path, where)
        if entry.id in ids:
            raise PrevisError(f"character id {entry.id!r} appears twice", path, where)
        ids.add(entry.id)
        if item.get("checksum") and item["checksum"] != _checksum(entry):
            entry = dataclasses.replace(entry, version=entry.version + 1)
        entries.append(entry)
        looks.append((entry.id, str(item.get("script_look", entry.look) or "")))
    return StoredBible(tuple(entries), script_looks=tuple(looks))


def _line_of(lines: list[str], entry_id) -> int | None:
    if entry_id is None:
        return None
    for i, line in enumerate(lines):
        if re.match(rf"^\s*-?\s*id:\s*['\"]?{re.escape(str(entry_id))}['\"]?\s*$", line):
            return i + 1
    return None


def _entry_from_item(item: dict, path: str | None, line: int | None) -> BibleEntry:
    def need(key, kind):
        value = item.get(key)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise PrevisError(f"character {item.get('id') or item.get('name')!r}: {key!r} must be "
                              f"{'a number' if kind is int else 'text'}", path, line)
        return value

    name = str(need("name", str)).strip().upper()
    eid = str(item.get("id") or slug(name))
    color = str(item.get("color") or "#808080")
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        raise PrevisError(f"character {eid!r}: color {color!r} must look like #rrggbb", path, line)
    silhouette = str(item.get("silhouette") or "average")
    if silhouette not in SILHOUETTES:
        raise PrevisError(f"character {eid!r}: silhouette {silhouette!r}; choose one of: "
                          f"{', '.join(SILHOUETTES)}", path, line)
    v = item.get("voice") or {}
    if not isinstance(v, dict):
        raise PrevisError(f"character {eid!r}: voice must be a mapping (variant, pitch, rate)", path, line)
    try:
        voice = VoiceSpec(name=str(v.get("name", "en")), variant=str(v.get("variant", "m3")),
                          pitch=int(v.get("pitch", 50)), rate=int(v.get("rate", 165)))
    except (TypeError, ValueError):
        raise PrevisError(f"character {eid!r}: voice pitch and rate must be numbers", path, line) from None
    if not 0 <= voice.pitch <= 99:
        raise PrevisError(f"character {eid!r}: voice pitch {voice.pitch} must be 0-99", path, line)
    if not 80 <= voice.rate <= 450:
        raise PrevisError(f"character {eid!r}: voice rate {voice.rate} must be 80-450 words a minute", path, line)
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list):
        raise PrevisError(f"character {eid!r}: aliases must be a list", path, line)
    ref = item.get("reference_image")
    try:
        seed = int(item.get("seed", entry_seed(eid)))
        version = int(item.get("version", 1))
        first_line = int(item.get("first_line", 0))
    except (TypeError, ValueError):
        raise PrevisError(f"character {eid!r}: seed, version and first_line must be numbers", path, line) from None
    return BibleEntry(id=eid, name=name, look=str(item.get("look") or "").strip(), color=color.lower(),
                      silhouette=silhouette, voice=voice, seed=seed,
                      reference_image=str(ref) if ref else None, version=max(1, version),
                      first_line=first_line, aliases=tuple(str(a).strip().upper() for a in aliases))
