"""What a look is: the words of an introduction that show on screen, and which look a scene uses.

Why a module of its own: the introduction of a character mixes three things a
reader separates without thinking: what the person looks like (age, build,
hair, face, wardrobe, marks), who they are (``his former partner``, ``a nice
Librarian lady``) and what they hold at that moment (``two cold beers``, a
satchel). Only the first belongs in every prompt; the second is a role noun
that binds references (:mod:`shots.cast_names`); the third is a prop.
A look can also change over the film (``WILL, now 17 with braces``, ``now
28``): the bible keeps those changes per scene (``BibleEntry.looks``) and each
shot's prompt uses the look of its own scene (:func:`look_in_scene`).
"""
from __future__ import annotations

import functools
import re

from shots.cast_names import ROLE_VOCAB, is_role_noun
from shots.model import BibleEntry

_AGE = re.compile(r"^\s*(?:now\s+)?(?:age[sd]?\s*\d+|\d{1,3}(?:\s*'?s)?(?:\b|$)|(?:early|mid|late)[- ]\d0'?s|"
                  r"\d0'?s|teens|twenties|thirties|forties|fifties|sixties|seventies|eighties)", re.I)
_LOOK_WORDS = re.compile(
    r"\b(?:hair|haired|bald|balding|beard|bearded|moustache|mustache|stubble|braid|braids|bun|ponytail|"
    r"tall|short|tiny|petite|lanky|wiry|thin|skinny|slim|slender|gaunt|heavy|heavy-set|heavyset|stocky|burly|"
    r"broad|muscular|fat|plump|big|bigger|small|handsome|beautiful|pretty|gorgeous|ugly|attractive|pale|tanned|"
    r"freckled|scar|scarred|tattoo|tattooed|glasses|spectacles|braces|eyepatch|eyes|face|skin|wrinkled|"
    r"jacket|coat|overcoat|raincoat|dress|shirt|t-shirt|blouse|suit|tie|robe|robes|gown|uniform|cardigan|"
    r"sweater|jumper|hoodie|jeans|trousers|pants|shorts|skirt|boots|shoes|sneakers|hat|cap|beanie|helmet|"
    r"scarf|gloves|apron|vest|overalls|wearing|dressed|clad|barefoot|young|old|elderly|aging|ageing|"
    r"boy|girl|man|woman|kid|child|teen|teenage|mare|stallion|black|white|grey|gray|brown|blonde|blond|"
    r"red|ginger|auburn|silver|golden)\b", re.I)
# Things held or carried in the moment: a prop, not a look (unless worn: "reading glasses on a cord").
_PROP_WORDS = re.compile(
    r"\b(?:satchel|bag|handbag|briefcase|suitcase|backpack|gun|pistol|revolver|rifle|shotgun|knife|sword|"
    r"beer|beers|cup|cups|mug|glass|bottle|drink|cigarette|cigar|phone|key|keys|book|books|folder|file|"
    r"box|tray|umbrella|camera|newspaper|letter|card|flowers|bouquet|coffee|coins|crossword)\b", re.I)
_WORN = re.compile(r"\b(?:wearing|wears|dressed|in (?:a|an|his|her) [\w\- ]*"
                   r"(?:jacket|coat|dress|suit|robe|uniform|shirt|cardigan|sweater))\b", re.I)
_ROLE_START = re.compile(r"^(?:his|her|their|its|the|a|an|our|your|my)\b", re.I)

# Garment colours the greybox can dress a figure in (hex chosen to read on a grey set).
GARMENT_COLOURS = {
    "red": "#c0392b", "crimson": "#a31621", "scarlet": "#d62828", "maroon": "#7b2432", "burgundy": "#7b2432",
    "pink": "#e07aa5", "orange": "#e67e22", "yellow": "#f1c40f", "mustard": "#c9a227", "gold": "#d4a017",
    "golden": "#d4a017", "green": "#27ae60", "olive": "#708238", "teal": "#1b998b", "turquoise": "#1abc9c",
    "blue": "#2e6fd1", "navy": "#1f3a68", "purple": "#7d3c98", "violet": "#8e44ad", "lavender": "#b497d6",
    "brown": "#7b4a2a", "tan": "#c19a6b", "beige": "#d8c8a8", "khaki": "#b5a36a", "white": "#ecf0f1",
    "cream": "#efe6cf", "grey": "#8c939a", "gray": "#8c939a", "silver": "#b8bcc2", "black": "#2b2b2b",
    "charcoal": "#3c4043",
}
_GARMENTS = (r"jacket|coat|overcoat|raincoat|trench ?coat|dress|shirt|t-shirt|blouse|suit|robe|gown|uniform|"
             r"cardigan|sweater|jumper|hoodie|jeans|trousers|pants|skirt|vest|overalls|apron|parka|cloak|cape|"
             r"tracksuit|kimono|tuxedo|blazer|scrubs|gi|jersey|poncho|sari")
_COLOUR_OF_GARMENT = re.compile(
    rf"\b(?P<c>{'|'.join(GARMENT_COLOURS)})\b(?:[\s-]+[\w-]+){{0,3}}?[\s-]+(?:{_GARMENTS})\b", re.I)


def split_introduction(description: str) -> tuple[str, tuple[str, ...]]:
    """Separate an introduction's description into the look and the role nouns.

    Args:
        description: the words after a name (``his former partner and fellow retiree``,
            ``30s, wiry, yellow rain jacket, a battered leather satchel over her shoulder``).

    Returns:
        ``(look, roles)``: the clauses that describe appearance, joined with ``", "``, and the
        lower-case role nouns of the clauses that say who the person is (``partner``, ``retiree``).
        A clause naming a held prop and nothing worn is dropped.
    """
    looks: list[str] = []
    roles: list[str] = []
    for clause in _clauses(description):
        c = clause.strip().strip(",;:").strip()
        if not c:
            continue
        if _AGE.match(c) or (_LOOK_WORDS.search(c) and not (_PROP_WORDS.search(c) and not _WORN.search(c)
                                                             and not _wears_prop(c))):
            looks.append(c)
            continue
        if _PROP_WORDS.search(c):
            continue  # a prop held in the moment
        if _ROLE_START.match(c) or len(c.split()) <= 4:
            roles.extend(role_nouns(c))
    return ", ".join(looks), tuple(dict.fromkeys(roles))


def _wears_prop(clause: str) -> bool:
    """``reading glasses on a cord``: worn, though it names a thing."""
    return bool(re.search(r"\b(?:glasses|spectacles|braces|hat|cap)\b", clause, re.I))


def _clauses(text: str) -> list[str]:
    out, depth, cur = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in ",;" and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


def role_nouns(phrase: str) -> list[str]:
    """The head nouns of a role phrase: ``his former partner and fellow retiree`` -> partner, retiree."""
    nouns = []
    for part in re.split(r"\s+(?:and|or|&)\s+", phrase.strip()):
        words = re.findall(r"[A-Za-z][A-Za-z'-]*", part)
        words = [w for w in words if not re.fullmatch(r"of|the|a|an|his|her|their|its", w, re.I)]
        if "of" in part.split():  # "a friend of the family": the noun before "of"
            head = part.split(" of ")[0]
            words = re.findall(r"[A-Za-z][A-Za-z'-]*", head) or words
        if words:
            noun = words[-1].lower()
            nouns.extend(w.lower() for w in words[:-1] if is_role_noun(w) and w.lower() in ROLE_VOCAB)
            if len(noun) > 2 and not noun.endswith("ly"):
                nouns.append(noun)
    return nouns


def garment_colour(look: str) -> str | None:
    """The hex colour of the first garment the look names in a colour (``yellow rain jacket``), or None."""
    m = _COLOUR_OF_GARMENT.search(look or "")
    return GARMENT_COLOURS[m.group("c").lower()] if m else None


@functools.lru_cache(maxsize=4096)
def scene_order(scene_id: str) -> tuple[int, str]:
    """Order of scene ids as written: ``3`` < ``12`` < ``12A`` < ``13`` (numbers first, then the rest)."""
    m = re.match(r"^\s*(\d+)(.*)$", str(scene_id))
    if m:
        return int(m.group(1)), m.group(2).strip().upper()
    return 10**9, str(scene_id).upper()


def look_in_scene(entry: BibleEntry, scene_id: str | None) -> str:
    """The look ``entry`` has in scene ``scene_id``: the last change at or before it, else ``entry.look``.

    Args:
        entry: a bible entry; ``entry.looks`` holds ``(from scene id, look)`` pairs.
        scene_id: the shot's scene id; None means the entry's first look.
    """
    if not entry.looks or scene_id is None:
        return entry.look
    here = scene_order(scene_id)
    look = entry.look
    for start, text in sorted(entry.looks, key=lambda p: scene_order(p[0])):
        if scene_order(start) <= here:
            look = text
    return look


def colour_in_scene(entry: BibleEntry, scene_id: str | None) -> str:
    """The greybox colour of ``entry`` in a scene: the garment colour a later look names (a change
    of clothes, ``now in a navy suit``), else the entry's own colour (which already wears the
    garment colour of the first look, or the palette's)."""
    look = look_in_scene(entry, scene_id)
    if look != entry.look:
        worn = garment_colour(look)
        if worn is not None:
            return worn
    return entry.color


def looks_text(looks: tuple[tuple[str, str], ...]) -> str:
    """Later looks as one editable line: ``2: 40, bald, navy suit | 14: 60, white beard``."""
    return " | ".join(f"{start}: {look}" for start, look in looks)


def parse_looks(text: str) -> tuple[tuple[str, str], ...]:
    """The inverse of :func:`looks_text` (what the app's character form takes).

    Raises:
        PrevisError: a part without ``scene: look``.
    """
    from screenplay.errors import PrevisError

    out = []
    for part in (p.strip() for p in text.split("|")):
        if not part:
            continue
        scene, sep, look = part.partition(":")
        if not sep or not scene.strip() or not look.strip() or " " in scene.strip():
            raise PrevisError(f"later look {part!r}: write 'scene: look', e.g. '12: 40, grey hair, navy suit'")
        out.append((scene.strip().upper(), " ".join(look.split())))
    return tuple(out)
