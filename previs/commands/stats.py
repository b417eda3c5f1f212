"""``previs stats``: the numbers a producer asks for first — scenes, cast, locations, length.

Why a command (and the bundled example's first job): it shows in a second
that previs read the script the way the writer meant it (every speaking
character, every location) before anything is planned or rendered. The
figures come from :func:`script_stats`, a plain dict that ``--json`` prints
as is and the TUI can show too.
"""
from __future__ import annotations

import argparse
import sys

HELP = """\
Count what is in a screenplay: scenes, characters (cues, dialogue lines and
words), locations (with INT/EXT and times of day), page count and estimated
runtime (one page a minute).

examples:
  previs stats examples/the-night-shift.fountain
  previs stats script.fountain --json | jq '.characters[:5]'
"""


def register(sub) -> None:
    p = sub.add_parser("stats", help="scenes, characters, locations, page count and runtime",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("script", metavar="SCRIPT", help="a Fountain screenplay (.fountain)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(run=run)


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
        scene, the preamble included as number 0).
    """
    from previs.commands.parse import plain_title
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


def run(args: argparse.Namespace) -> int:
    from screenplay import load

    stats = script_stats(load(args.script))
    if args.json:
        import json

        data = json.dumps(stats, ensure_ascii=False, indent=1)
        sys.stdout.buffer.write(data.encode("utf-8") + b"\n")
        sys.stdout.flush()
        return 0
    print_stats(stats)
    return 0


def _runtime(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h {m:02d}m" if h else f"{m}m {s:02d}s"


def print_stats(stats: dict) -> None:
    """Print :func:`script_stats` as rich tables: summary, characters, locations."""
    from previs.terminal import stdout_console
    from rich.markup import escape
    from rich.table import Table

    from previs.commands.parse import format_eighths

    console = stdout_console(120)
    summary = Table(title=escape(stats["display_title"]), title_justify="left",
                    show_header=False, box=None, padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column(justify="right")
    counts = stats["elements"]
    rows = [
        ("Scenes", str(stats["scenes"])),
        ("Pages", format_eighths(round(stats["pages"] * 8))),
        ("Runtime (est.)", _runtime(stats["runtime_seconds"])),
        ("Speaking characters", str(len(stats["characters"]))),
        ("Locations", str(len(stats["locations"]))),
        ("Dialogue words", f"{stats['dialogue_words']:,}"),
        ("Cues / dialogue blocks", f"{counts.get('character', 0)} / {counts.get('dialogue', 0)}"),
        ("Action paragraphs", str(counts.get("action", 0))),
        ("Transitions", str(counts.get("transition", 0))),
    ]
    for label, value in rows:
        summary.add_row(label, value)
    console.print(summary)

    cast = Table(title="Characters", title_justify="left")
    cast.add_column("Name")
    for col in ("Cues", "Lines", "Words", "Scenes", "First line"):
        cast.add_column(col, justify="right")
    for c in stats["characters"]:
        cast.add_row(escape(c["name"]), str(c["cues"]), str(c["lines"]), f"{c['words']:,}",
                     str(c["scenes"]), str(c["first_line"]))
    console.print(cast)

    places = Table(title="Locations", title_justify="left")
    places.add_column("Location")
    places.add_column("INT/EXT")
    places.add_column("Time of day")
    places.add_column("Scenes", justify="right")
    places.add_column("Pages", justify="right")
    for p in stats["locations"]:
        places.add_row(escape(p["location"]), "/".join(p["int_ext"]), escape(", ".join(p["times"])),
                       str(p["scenes"]), format_eighths(p["eighths"]))
    console.print(places)
