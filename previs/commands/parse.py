"""``previs parse``: show what the parser read — a rich outline, or the JSON contract.

Why a command: when a shot plan looks wrong, the first question is "what did
previs think this line was?". The outline answers it at a glance (every
element, its type and source line, grouped by scene); ``--json`` is the
stable contract other tools consume (docs/ARCHITECTURE.md).
"""
from __future__ import annotations

import argparse

HELP = """\
Parse a Fountain screenplay and show every element with its source line,
grouped by scene. With --json, print exactly the JSON contract:
{"elements": [{"type": ..., "line": ..., ...}, ...]}.

examples:
  previs parse examples/the-night-shift.fountain
  previs parse script.fountain --json | jq '.elements[] | select(.type == "character") | .name'
"""

# How each element type is shown in the outline: (label, style).
_STYLE = {
    "title_page_field": ("title", "magenta"),
    "scene_heading": ("scene", "bold cyan"),
    "action": ("action", ""),
    "character": ("cue", "bold"),
    "parenthetical": ("paren", "italic"),
    "dialogue": ("dialogue", "green"),
    "lyrics": ("lyrics", "green italic"),
    "transition": ("trans", "yellow"),
    "centered": ("centered", "yellow"),
    "synopsis": ("synopsis", "dim"),
    "note": ("note", "dim"),
    "section": ("section", "bold magenta"),
    "page_break": ("page", "dim"),
}


def register(sub) -> None:
    p = sub.add_parser("parse", help="show the parsed screenplay: an outline, or --json for tools",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("script", metavar="SCRIPT", help="a Fountain screenplay (.fountain)")
    p.add_argument("--json", action="store_true", help="print the JSON contract instead of the outline")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from screenplay import load

    screenplay = load(args.script)
    if args.json:
        from previs.commands.options import print_json

        print_json(screenplay.to_json())
        return 0
    print_outline(screenplay)
    return 0


def _one_line(text: str, width: int) -> str:
    text = text.replace("\n", " / ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _describe(e) -> str:
    kind = e.type
    if kind == "title_page_field":
        return f"{e.key}: {e.value}"
    if kind == "scene_heading":
        number = f"  #{e.scene_number}#" if e.scene_number else ""
        return f"{'.' if e.forced else ''}{e.text}{number}"
    if kind == "character":
        ext = f" ({e.extension})" if e.extension else ""
        return f"{e.name}{ext}{' ^' if e.dual else ''}"
    if kind == "section":
        return f"{'#' * e.level} {e.text}"
    if kind == "page_break":
        return "==="
    return e.text


def print_outline(screenplay) -> None:
    """Print the screenplay as a rich outline: scenes, then their elements, one line each.

    Args:
        screenplay: a parsed :class:`~screenplay.model.Screenplay`.
    """
    from previs.terminal import stdout_console
    from rich.markup import escape

    from screenplay.stats import plain_title, script_stats
    from shots.shotlist import eighths_text

    console = stdout_console(120)
    width = max(40, console.width - 22)
    title = plain_title(screenplay)
    # pages and eighths as printed (the typeset layout), the numbers `previs stats`, the shot
    # list and the exports give: one source, never the parser's estimate
    stats = script_stats(screenplay)
    pages = eighths_text(round(stats["pages"] * 8))
    eighths = {s["number"]: s["eighths"] for s in stats["scene_list"]}
    console.print(f"[bold]{escape(title)}[/]  [dim]{len(screenplay.elements)} elements, "
                  f"{len(screenplay.scenes)} scenes, {pages} pages[/]")
    for e in screenplay.title_page:
        console.print(f"[dim]{e.line:>5}[/]  [magenta]{escape(_one_line(_describe(e), width))}[/]")
    for scene in screenplay.scenes:
        if scene.heading is not None:
            who = ", ".join(scene.speakers)
            console.print()
            console.print(f"[dim]{scene.heading.line:>5}[/]  [bold cyan]{scene.id:>4}  "
                          f"{escape(_one_line(_describe(scene.heading), width - 6))}[/]  "
                          f"[dim]{eighths_text(eighths[scene.number])} pg{'  · ' + escape(who) if who else ''}[/]")
        for e in scene.elements:
            label, style = _STYLE[e.type]
            indent = "      " if e.type in ("dialogue", "parenthetical", "lyrics") else "    "
            text = escape(_one_line(_describe(e), width - len(indent)))
            console.print(f"[dim]{e.line:>5} {label:>8}[/]{indent}[{style}]{text}[/]" if style
                          else f"[dim]{e.line:>5} {label:>8}[/]{indent}{text}")
