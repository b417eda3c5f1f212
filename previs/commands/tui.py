"""``previs tui SCRIPT`` (and plain ``previs SCRIPT``): open the terminal app on a script.

Textual is imported only when this command runs, so ``previs --help`` stays fast.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from screenplay.errors import PrevisError

HELP = """\
Open the terminal app: the script with highlighting, scenes, shots (with an
inspector to change size, angle, move, lens, description and prompt), the
character bible, a render queue, half-block preview and playback, and exports.
While it is open, saving the script in your editor re-plans the scenes you
changed and renders their dirty shots (live mode; 'l' toggles it).

keys: 1-7 switch screens, r/R/A render shot/scene/all, x cancel, p play,
o open the MP4 in your player, ? help, ctrl+p every action, q quit.

examples:
  previs examples/the-night-shift.fountain
  previs tui script.fountain --size 320x180
  previs tui script.fountain --no-watch
"""


def register(sub) -> None:
    from previs.commands.options import add_render_options

    p = sub.add_parser("tui", help="open the terminal app (also: previs SCRIPT)", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("script", metavar="SCRIPT", help="a Fountain screenplay (.fountain)")
    p.add_argument("--no-watch", action="store_true", help="do not watch the script for saves")
    p.add_argument("--no-live", action="store_true", help="watch and re-plan on save, but do not render by itself")
    add_render_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from previs.commands.options import session_from_args

    script = Path(args.script)
    if not script.is_file():
        raise PrevisError("no such file" if not script.exists() else "not a file", script)
    session = session_from_args(args, script)
    from previs.pipeline import load_script

    load_script(script)  # a bad script fails here, as one line, before the terminal is taken over;
    # planning and voices (long on a feature's first open) run inside the app, with progress
    from tui.app import run_app

    return run_app(session, watch=not args.no_watch, live=not args.no_live)
