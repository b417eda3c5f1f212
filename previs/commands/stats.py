"""``previs stats``: the numbers a producer asks for first — scenes, cast, locations, length.

Why a command (and the bundled example's first job): it shows in a second
that previs read the script the way the writer meant it (every speaking
character, every location) before anything is planned or rendered. The
figures come from :func:`screenplay.stats.script_stats`, a plain dict that ``--json`` prints
as is and the TUI can show too.
"""
from __future__ import annotations

import argparse

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


def run(args: argparse.Namespace) -> int:
    from screenplay import load
    from screenplay.stats import script_stats

    stats = script_stats(load(args.script))
    if args.json:
        from previs.commands.options import print_json

        print_json(stats)
        return 0
    print_stats(stats)
    return 0


def _runtime(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h {m:02d}m" if h else f"{m}m {s:02d}s"


def print_stats(stats: dict) -> None:
    """Print :func:`screenplay.stats.script_stats` as rich tables: summary, characters, locations."""
    from previs.terminal import stdout_console
    from rich.markup import escape
    from rich.table import Table

    from shots.shotlist import eighths_text

    console = stdout_console(120)
    summary = Table(title=escape(stats["display_title"]), title_justify="left",
                    show_header=False, box=None, padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column(justify="right")
    counts = stats["elements"]
    rows = [
        ("Scenes", str(stats["scenes"])),
        ("Pages", eighths_text(round(stats["pages"] * 8))),
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
                       str(p["scenes"]), eighths_text(p["eighths"]))
    console.print(places)
