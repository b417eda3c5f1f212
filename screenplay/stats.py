"""A screenplay's figures: scenes, cast, locations, length (what ``previs stats`` shows).

Why in the parser's package: the figures are plain counts over the parsed
:class:`~screenplay.model.Screenplay` (no plan, no render), so any layer may ask
for them — the CLI prints them, the app can show them.
"""
from __future__ import annotations

import re


def plain_title(screenplay) -> str:
    """The title for display: emphasis marks (``_**X**_``) dropped; the path if there is no title."""
    title = re.sub(r"(?<!\\)[*_]+", "", screenplay.title).strip()
    return title or screenplay.path or "untitled"


def script_stats(screenplay) -> dict:
    """Everything ``previs stats`` shows, as plain JSON-ready data.

    Args:
        screenplay: a parsed :class:`~screenplay.model.Screenplay`.

    Returns:
        A dict with ``title`` (as written), ``display_title`` (emphasis
        dropped, else the path), ``path``, ``pages``, ``runtime_seconds``,
        ``scenes`` (count of headed scenes), ``dialogue_words``, ``elements``
        (count per type), ``characters`` (name, cues, lines, words, scenes,
        first_line; most cues first), ``locations`` (location, int_ext, times,
        scenes, eighths; most scenes first) and ``scene_list`` (one entry per
        scene, a preamble with a picture included as number 0).
    """
    from screenplay.page_eighths import PageRuler
    from screenplay.typeset import typeset

    layout = typeset(screenplay)  # pages and eighths as printed, not estimated
    ruler = PageRuler.of(layout)

    elements: dict[str, int] = {}
    for e in screenplay.elements:
        elements[e.type] = elements.get(e.type, 0) + 1

    people: dict[str, dict] = {}
    places: dict[str, dict] = {}
    scene_list = []
    for scene in screenplay.scenes:
        eighths = max(1, ruler.eighths(scene.line, scene.end_line))
        speaker = None
        for e in scene.elements:
            kind = e.type
            if kind == "character":
                speaker = people.get(e.name)
                if speaker is None:
                    speaker = people[e.name] = {"name": e.name, "cues": 0, "lines": 0, "words": 0,
                                                "scenes": 0, "first_line": e.line, "_last": None}
                speaker["cues"] += 1
                if speaker["_last"] != scene.number:
                    speaker["_last"] = scene.number
                    speaker["scenes"] += 1
            elif (kind == "dialogue" or kind == "lyrics") and speaker is not None:
                speaker["lines"] += e.text.count("\n") + 1
                speaker["words"] += len(e.text.split())
            elif kind not in ("parenthetical",):
                speaker = None
        if scene.heading is not None:
            where = scene.location or scene.heading.text
            place = places.setdefault(where.upper(), {"location": where, "int_ext": [], "times": [],
                                                      "scenes": 0, "eighths": 0})
            place["scenes"] += 1
            place["eighths"] += eighths
            if scene.int_ext and scene.int_ext not in place["int_ext"]:
                place["int_ext"].append(scene.int_ext)
            if scene.time_of_day and scene.time_of_day not in place["times"]:
                place["times"].append(scene.time_of_day)
        scene_list.append({
            "number": scene.number, "id": scene.id,
            "heading": scene.heading.text if scene.heading else None,
            "line": scene.line, "eighths": eighths, "speakers": list(scene.speakers),
            "introduced": list(scene.introduced), "dialogue_words": scene.dialogue_words,
        })
    characters = sorted(people.values(), key=lambda c: (-c["cues"], c["first_line"]))
    for c in characters:
        del c["_last"]
    return {
        "title": screenplay.title,
        "display_title": plain_title(screenplay),
        "path": screenplay.path,
        "pages": layout.page_length,
        "runtime_seconds": round(layout.page_length * 60),  # the industry's page a minute
        "scenes": sum(1 for s in screenplay.scenes if s.heading is not None),
        "dialogue_words": sum(s.dialogue_words for s in screenplay.scenes),
        "elements": elements,
        "characters": characters,
        "locations": sorted(places.values(), key=lambda p: -p["scenes"]),
        "scene_list": scene_list,
    }
