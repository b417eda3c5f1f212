"""``previs characters``: the character bible, as the planner and the renderers will use it.

Why a command: the bible is meant to be edited (look text, colour, voice), so
the user needs to see what previs extracted and where the editable file lives.
Running it also creates or updates ``SCRIPT.previs/bible.yaml``, keeping edits.
"""
from __future__ import annotations

import argparse

HELP = """\
Show every character of the script: canonical look text (copied verbatim into
every prompt they appear in), greybox colour and silhouette, scratch voice,
seed and version. The bible lives in SCRIPT.previs/bible.yaml: edit it and your
changes survive re-planning (the entry's version goes up).

examples:
  previs characters examples/the-night-shift.fountain
  previs characters script.fountain --json | jq '.[0].look'
"""


def register(sub) -> None:
    p = sub.add_parser("characters", help="show the character bible (looks, colours, voices)",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("script", metavar="SCRIPT", help="a Fountain screenplay (.fountain)")
    p.add_argument("--json", action="store_true", help="print the bible as JSON")
    p.add_argument("--project", metavar="DIR", help="project folder (default: SCRIPT.previs next to the script)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from previs.pipeline import load_script, open_store, sync_bible

    screenplay = load_script(args.script)
    store = open_store(args.script, args.project)
    bible = sync_bible(screenplay, store)
    if args.json:
        from previs.commands.options import print_json
        from previs.hashing import to_plain

        print_json([to_plain(e) for e in bible.entries])
        return 0
    from previs.terminal import stdout_console
    from rich.table import Table

    console = stdout_console(160)
    table = Table(title=f"{len(bible.entries)} characters", title_justify="left")
    for col, kw in (("Id", {}), ("Name", {}), ("Look", {"ratio": 1, "min_width": 30}), ("Colour", {}),
                    ("Shape", {}), ("Voice", {}), ("Ver", {"justify": "right"}), ("Line", {"justify": "right"}),
                    ("Aliases", {})):
        table.add_column(col, **kw)
    for e in bible.entries:
        look = e.look or "[dim](none in the script)[/]"
        if e.kind == "voice":
            look = "[dim](a voice: heard, never in frame)[/]"
        elif e.looks:
            look += "".join(f"\n[dim]from scene {start}:[/] {text}" for start, text in e.looks)
        table.add_row(e.id, e.name, look, f"[{e.color}]██[/] {e.color}",
                      e.silhouette, f"{e.voice.variant} p{e.voice.pitch} {e.voice.rate}wpm", str(e.version),
                      str(e.first_line), ", ".join(e.aliases))
    console.print(table)
    console.print(f"edit: {store.bible_path}")
    return 0
