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
import re
from dataclasses import dataclass

from screenplay.errors import PrevisError
from shots.bible import SILHOUETTES, style_entries, entry_seed, slug
from shots.cast_finder import Found
from shots.model import Bible, BibleEntry, VoiceSpec

BIBLE_FORMAT = 1

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
        new = dataclasses.replace(old, look=look, aliases=aliases, first_line=ex.first_line)
        if _content(new) != _content(old):
            new = dataclasses.replace(new, version=old.version + 1)
        merged[old.id] = new
    styled = style_entries([f for _, f in new_found], [*merged.values(), *stored.entries])
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

