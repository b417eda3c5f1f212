"""``bible.yaml``: the character bible on disk, edited by hand, merged with the script.

Why the bookkeeping: a user's edits must survive re-planning, and every change
(by hand or by the script) must bump the entry's version, because the version
enters the cache keys of the shots the character is in. Each stored entry
therefore carries ``script_look`` (what the script said when previs last wrote
the file) and ``checksum`` (of the content previs wrote). On load a checksum
that no longer matches means a hand edit: version + 1. On merge a look follows
the script only while the user has not edited it (``look == script_look``).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from dataclasses import dataclass

from screenplay.errors import PrevisError
from shots.bible_file import load_yaml_bounded
from shots.bible import MAX_ID_CHARS, SILHOUETTES, style_entries, entry_seed, slug
from shots.cast_finder import Found
from shots.model import Bible, BibleEntry, VoiceSpec

BIBLE_FORMAT = 1
_SLUG = re.compile(rf"(?=.{{1,{MAX_ID_CHARS}}}$)[a-z0-9]+(?:-[a-z0-9]+)*")

@dataclass(frozen=True, slots=True)
class StoredBible(Bible):
    """A bible read from ``bible.yaml``, with what the script said when previs last wrote it.

    ``script_looks`` maps entry id -> look text extracted from the script at that time.
    """

    script_looks: tuple[tuple[str, str], ...] = ()

    def script_look(self, entry_id: str) -> str | None:
        return dict(self.script_looks).get(entry_id)


_CONTENT_FIELDS = ("name", "look", "color", "silhouette", "voice", "seed", "reference_image", "aliases")


# Fields added later: in the checksum only when set, so files written before them keep their checksums.
_READING_FIELDS = ("kind", "pronoun", "roles", "looks")
_READING_DEFAULTS = {"kind": "person", "pronoun": "", "roles": (), "looks": ()}


def _checksum(entry: BibleEntry) -> str:
    data = {k: getattr(entry, k) for k in _CONTENT_FIELDS}
    data["voice"] = dataclasses.asdict(entry.voice)
    data["aliases"] = list(entry.aliases)
    for k in _READING_FIELDS:
        if getattr(entry, k) != _READING_DEFAULTS[k]:
            data[k] = [list(x) if isinstance(x, tuple) else x for x in getattr(entry, k)] \
                if isinstance(getattr(entry, k), tuple) else getattr(entry, k)
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()[:12]


def _content(entry: BibleEntry) -> tuple:
    return tuple(getattr(entry, k) for k in (*_CONTENT_FIELDS, *_READING_FIELDS))


def _reading(old: BibleEntry, ex: BibleEntry) -> dict:
    """kind, pronoun, roles and later looks: the stored value where the user set one, else the script's."""
    return {k: getattr(old, k) if getattr(old, k) != _READING_DEFAULTS[k] else getattr(ex, k)
            for k in _READING_FIELDS}


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
    new_found: list[tuple[BibleEntry, Found]] = []
    for ex in extracted.entries:
        old = by_id.get(ex.id) or stored.get(ex.name)
        if old is None:
            gender = "f" if ex.voice.variant.startswith("f") else "m"
            new_found.append((ex, Found(ex.name, ex.first_line, ex.look, gender)))
            continue
        look = old.look
        if old.look == script_looks.get(old.id, old.look) and ex.look != old.look:
            look = ex.look  # the user kept the script's words: follow the script
        aliases = tuple(dict.fromkeys((*old.aliases, *ex.aliases)))
        new = dataclasses.replace(old, look=look, aliases=aliases, first_line=ex.first_line, **_reading(old, ex))
        if _content(new) != _content(old):
            new = dataclasses.replace(new, version=old.version + 1)
        merged[old.id] = new
    styled = style_entries([f for _, f in new_found], [*merged.values(), *stored.entries])
    for (ex, _), entry in zip(new_found, styled):
        merged[ex.id] = dataclasses.replace(entry, id=ex.id, aliases=ex.aliases, seed=ex.seed, kind=ex.kind,
                                            pronoun=ex.pronoun, roles=ex.roles, looks=ex.looks)
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
# seed, reference_image, aliases, kind (person, or voice for a device or
# disembodied source that is never in frame), pronoun (he, she, they), roles
# (nouns that refer to the character: doorman, mother), looks (later looks, each
# {from_scene: <scene id>, look: ...}, used from that scene on). Your edits survive re-planning; an edited
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
            "kind": e.kind, "pronoun": e.pronoun, "roles": list(e.roles),
            "looks": [{"from_scene": start, "look": text} for start, text in e.looks],
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
        PrevisError: not YAML, an alias bomb, or an entry with a missing/invalid field (the
            message names the entry and the field, and the line where the YAML parser saw
            the problem): an id that is not a slug, a number out of its range.
    """
    data = load_yaml_bounded(text, path) or {}
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
    if not _SLUG.fullmatch(eid):  # the id names files in the store: no path can hide in it
        raise PrevisError(f"character id {eid[:80]!r} must be a slug of at most {MAX_ID_CHARS} characters "
                          f"(lowercase letters, digits and single dashes, e.g. {slug(name)!r})", path, line)
    for key in ("look", "script_look"):
        if item.get(key) is not None and not isinstance(item.get(key), str):
            raise PrevisError(f"character {eid!r}: {key!r} must be text", path, line)
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
    def whole(value, lo: int, hi: int, what: str) -> int:
        """A whole number in [lo, hi]; .inf, .nan, text and true/false are refused by name."""
        number = value
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            number = int(value)
        if not isinstance(number, int) or isinstance(number, bool) or not lo <= number <= hi:
            raise PrevisError(f"character {eid!r}: {what} {str(value)[:40]} must be a whole number "
                              f"{lo}-{hi}", path, line)
        return number

    voice = VoiceSpec(name=str(v.get("name", "en")), variant=str(v.get("variant", "m3")),
                      pitch=whole(v.get("pitch", 50), 0, 99, "voice pitch"),
                      rate=whole(v.get("rate", 165), 80, 450, "voice rate (words a minute)"))
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list):
        raise PrevisError(f"character {eid!r}: aliases must be a list", path, line)
    ref = item.get("reference_image")
    seed = whole(item.get("seed", entry_seed(eid)), 0, 2**32 - 1, "seed")
    version = whole(item.get("version", 1), 0, 2**31 - 1, "version")
    first_line = whole(item.get("first_line", 0), 0, 2**31 - 1, "first_line")
    return BibleEntry(id=eid, name=name, look=str(item.get("look") or "").strip(), color=color.lower(),
                      silhouette=silhouette, voice=voice, seed=seed,
                      reference_image=str(ref) if ref else None, version=max(1, version),
                      first_line=first_line, aliases=tuple(str(a).strip().upper() for a in aliases),
                      **_reading_from_item(item, eid, path, line))


def _reading_from_item(item: dict, eid: str, path: str | None, line: int | None) -> dict:
    """kind (person/voice), pronoun (he/she/they or empty), roles and looks per scene range."""
    kind = str(item.get("kind") or "person")
    if kind not in ("person", "voice"):
        raise PrevisError(f"character {eid!r}: kind {kind!r}; choose person or voice", path, line)
    pronoun = str(item.get("pronoun") or "")
    if pronoun not in ("", "he", "she", "they"):
        raise PrevisError(f"character {eid!r}: pronoun {pronoun!r}; choose he, she, they or leave it empty",
                          path, line)
    roles, looks = item.get("roles") or [], item.get("looks") or []
    if not isinstance(roles, list) or not isinstance(looks, list) or not all(
            isinstance(x, dict) and "from_scene" in x and "look" in x for x in looks):
        raise PrevisError(f"character {eid!r}: roles must be a list of words and looks a list of "
                          "{from_scene: <scene id>, look: <text>}", path, line)
    return {"kind": kind, "pronoun": pronoun, "roles": tuple(str(r).strip().lower() for r in roles),
            "looks": tuple((str(x["from_scene"]).strip(), " ".join(str(x["look"] or "").split())) for x in looks)}

