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
  descriptive clauses after it in that sentence, kept only where they describe
  appearance (:func:`shots.looks.split_introduction`): a role description (``his
  former partner``) becomes ``roles``, a prop held in the moment (``a battered
  leather satchel``) is dropped, clauses that are actions (``walks out``) are left out.
- A later introduction of a known character with time passed (``WILL, now 17
  with braces``) is a look change from that scene on (``looks``), not a new entry.
- Joint cues (``EDWARD AND WILL``, ``BOTH``) are people speaking together, not
  entries; devices and disembodied sources (MESSAGE MACHINE, INTERCOM, A VOICE)
  are entries of ``kind`` "voice"; ``pronoun`` is learned from the script.
- A cue that is a shorter form of one introduced name (``MARA`` for ``MARA
  OKAFOR``, ``DR. BENNETT`` for ``DR. JULIUS BENNETT``) becomes its alias.
- Each entry gets a distinct colour (the colour of a garment its look names,
  ``yellow rain jacket``, when no one has it yet), a distinct voice (espeak-ng variants m1..m7,
  f1..f5, gender guessed from pronouns and nouns near the introduction, else
  alternating; pitch and rate differ too), a silhouette guessed from the look,
  and a seed hashed from its id.

Storage and edits (shots/bible_store.py: ``bible_to_yaml``, ``bible_from_yaml``,
``merge_bible``; it builds on this module, never the other way round): the
project keeps ``bible.yaml``. Each entry carries two
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
import re
import unicodedata

from screenplay.model import Action, Character, Scene, Screenplay
from shots.caseless_pattern import CaselessPattern, caseless
from shots.cast_finder import Found, clean_cue, find_characters, silhouette_of
from shots.cast_names import first_name_usable, is_plural_name, joint_parts
from shots.looks import garment_colour
from shots.model import Bible, BibleEntry, VoiceSpec

MALE_VARIANTS = ("m1", "m2", "m3", "m4", "m5", "m6", "m7")
FEMALE_VARIANTS = ("f1", "f2", "f3", "f4", "f5")

# Hand-picked, mutually distinct and readable on a grey set; after these, golden-ratio hues.
PALETTE = ("#e4572e", "#2e86ab", "#f3a712", "#6a4c93", "#29bf12", "#d7263d",
           "#1b998b", "#ff9f1c", "#3d5a80", "#c200fb", "#8ac926", "#ff595e")

MAX_ID_CHARS = 64  # a character id names files; see slug()
SILHOUETTES = ("average", "tall", "short", "broad", "slim", "child")


def slug(name: str) -> str:
    """Stable id from a character name: ``EDWARD BLOOM`` -> ``edward-bloom``, ``ZOË`` -> ``zoe``.

    At most :data:`MAX_ID_CHARS` characters: an id names files (``previs reference``), and a
    file name has a limit (255 bytes on most file systems).
    """
    text = unicodedata.normalize("NFKD", name[:4 * MAX_ID_CHARS]).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:MAX_ID_CHARS].rstrip("-") or "character"


def entry_seed(entry_id: str) -> int:
    """A character's seed: a hash of its id, so adding a character moves nobody else's."""
    digest = hashlib.sha256(f"previs-character|{entry_id}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % (2**31 - 1)


def _color(k: int) -> str:
    if k < len(PALETTE):
        return PALETTE[k]
    h = (0.11 + (k - len(PALETTE)) * 0.6180339887) % 1.0
    s = (0.55, 0.75, 0.9)[k % 3]
    v = (0.85, 0.65, 0.95)[(k // 3) % 3]
    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def _voice(k: int, gender: str, taken: set[tuple[str, int, int]]) -> VoiceSpec:
    """The k-th voice of a gender, unequal to those already taken while distinct ones remain.

    The space is finite (variants x pitches x rates); a cast larger than it (hundreds of
    one-line parts) shares voices rather than searching forever.
    """
    pool = FEMALE_VARIANTS if gender == "f" else MALE_VARIANTS
    base = 58 if gender == "f" else 42

    def nth(j: int) -> VoiceSpec:
        pitch = max(5, min(95, base + ((j * 7) % 23) - 11 + 3 * (j // len(pool))))
        return VoiceSpec(name="en", variant=pool[j % len(pool)], pitch=pitch, rate=150 + (j * 11) % 41)

    for n in range(_VOICE_SEARCH):
        voice = nth(k + n)
        if (voice.variant, voice.pitch, voice.rate) not in taken:
            return voice
    return nth(k)


_VOICE_SEARCH = 2048  # candidates tried before a voice is shared


def style_entries(found: list[Found], existing: list[BibleEntry] = ()) -> list[BibleEntry]:
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
        worn = garment_colour(f.look)
        if worn is not None and worn not in colors:
            color = worn  # the figure wears the colour the script gives its clothes
        else:
            while _color(k) in colors:
                k += 1
            color = _color(k)
            k += 1
        colors.add(color)
        voice = _voice(counts[gender], gender, voices)
        voices.add((voice.variant, voice.pitch, voice.rate))
        counts[gender] += 1
        eid = slug(f.name)
        pronoun = "they" if is_plural_name(f.name) else {"f": "she", "m": "he"}.get(f.gender_hint, "")
        out.append(BibleEntry(id=eid, name=f.name, look=f.look, color=color, silhouette=silhouette_of(f.look),
                              voice=voice, seed=entry_seed(eid), first_line=f.line, kind=f.kind,
                              pronoun=pronoun, roles=f.roles))
    return out


def extract_bible(screenplay: Screenplay) -> Bible:
    """The bible the script itself implies (no stored edits).

    Args:
        screenplay: a parsed script.

    Returns:
        One entry per speaking or introduced character, in order of first appearance,
        with aliases for the short cue names that refer to them.
    """
    found, alias_of = find_characters(screenplay)
    entries = style_entries(found)
    changes = {f.name: f.look_changes for f in found}
    result = []
    used_ids: set[str] = set()
    for entry in entries:
        aliases = tuple(a for a, full in alias_of.items() if full == entry.name)
        eid, n = entry.id, 1
        while eid in used_ids:  # two names that slug alike ("JO-ANN" / "JO ANN"): -2, -3...
            n += 1
            eid = f"{entry.id[:MAX_ID_CHARS - len(str(n)) - 1].rstrip('-')}-{n}"
        used_ids.add(eid)
        looks = tuple((_scene_at(screenplay, line), look) for line, look in changes.get(entry.name, ()))
        result.append(dataclasses.replace(entry, id=eid, aliases=aliases, seed=entry_seed(eid), looks=looks))
    return Bible(tuple(result))


def _scene_at(screenplay: Screenplay, line: int) -> str:
    """The id of the scene holding ``line``."""
    found = screenplay.scenes[0].id if screenplay.scenes else "1"
    for scene in screenplay.scenes:
        if scene.line <= line:
            found = scene.id
    return found


_NAME_CACHE: dict[int, tuple[Bible, dict[str, str], re.Pattern | CaselessPattern | None]] = {}


def name_index(bible: Bible) -> tuple[dict[str, str], re.Pattern | CaselessPattern | None]:
    """How action text names characters: ``{NAME/ALIAS/usable FIRST NAME: id}`` and one regex
    finding any of them (cached per bible object).

    A first name counts only when it is unique in the cast and not a common word on its own
    (``THE`` of THE BOSS, ``VARIOUS`` of VARIOUS TOWNFOLK, ``WILL'S`` of WILL'S DATE: see
    :func:`shots.cast_names.first_name_usable`). Matches are case-insensitive, but a match
    only names a character when it starts with a capital (``Will``, not ``will``): use
    :func:`names_in`.

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
            if not joint_parts(a):
                index.setdefault(a.upper(), e.id)
    for e in bible.entries:
        first = e.name.split()[0] if e.name.split() else e.name
        if firsts[first] == 1 and first_name_usable(first, e.name):
            index.setdefault(first.upper(), e.id)
    forms = sorted(index, key=lambda f: (-len(f), f))
    if all(f.isascii() for f in forms):  # as ASCII, a name in lower case means the same without case
        forms = [f.lower() for f in forms]
    # the letters a name starts with, looked at first: elsewhere no branch of the alternation is tried
    starts = "(?=[" + "".join(sorted({re.escape(f[:1]) for f in forms})) + "])" if all(forms) else ""
    pattern = caseless(r"(?<![\w'’])" + starts + "(" + "|".join(re.escape(f) for f in forms) + r")(?:['’]s)?(?![\w'’])"
                       ) if forms else None
    if len(_NAME_CACHE) > 8:
        _NAME_CACHE.clear()
    _NAME_CACHE[id(bible)] = (bible, index, pattern)
    return index, pattern


def names_in(text: str, bible: Bible) -> list[tuple[str, int, int]]:
    """``(id, start, end)`` of every character named in ``text``, in order: whole names, aliases and
    usable first names, on word boundaries, starting with a capital (possessives included)."""
    index, pattern = name_index(bible)
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        word = text[m.start(1):m.end(1)]  # the text's own letters (the pattern may read it in lower case)
        eid = index.get(word.upper())
        if eid and word[0].isupper():
            out.append((eid, m.start(), m.end()))
    return out


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
    for e in scene.elements:
        if isinstance(e, Character):
            ids.update(cue_speakers(e.name, bible))
        elif isinstance(e, Action):
            ids.update(eid for eid, _, _ in names_in(e.text, bible))
    ids.update(e.id for e in bible.entries if e.roles and _role_named(scene, e.roles))
    return tuple(sorted(ids))


def _role_named(scene: Scene, roles: tuple[str, ...]) -> bool:
    # a superset of what shots.cast_model binds ("his mother", "the young doorman"): a cache key may over-cover
    pat = re.compile(r"\b(?:" + "|".join(re.escape(r) for r in roles) + r")\b", re.I)
    return any(isinstance(e, Action) and pat.search(e.text) for e in scene.elements)


def cue_speakers(cue: str, bible: Bible) -> tuple[str, ...]:
    """The bible ids a cue speaks for: one for a character, several for a joint cue (``EDWARD AND
    WILL``, ``MARA & DEV``) whose parts are all characters, ``()`` when nothing matches (BOTH/ALL
    name nobody in particular: the scene's cast model decides who they are)."""
    cache = _CUE_CACHE.get(id(bible))
    if cache is None or cache[0] is not bible:
        if len(_CUE_CACHE) > 8:
            _CUE_CACHE.clear()
        cache = _CUE_CACHE[id(bible)] = (bible, {})
    hit = cache[1].get(cue)
    if hit is None:
        name = clean_cue(cue)
        entry = bible.get(name)
        if entry is not None:
            hit = (entry.id,)
        else:
            parts = joint_parts(name)
            ids = tuple(dict.fromkeys(e.id for e in (bible.get(p) for p in parts) if e is not None))
            hit = ids if parts and len(ids) == len(parts) else ()
        cache[1][cue] = hit
    return hit


_CUE_CACHE: dict[int, tuple[Bible, dict[str, tuple[str, ...]]]] = {}
