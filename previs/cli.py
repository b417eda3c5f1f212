"""The ``previs`` command: argument parsing, the one error path, and the command registry.

Each subcommand lives in ``previs/commands/<name>.py`` with ``register(subparsers)``
(adds its parser, sets ``run``) and imports nothing heavy at module level, so
``previs --help`` stays fast. Every expected failure is a :class:`PrevisError`,
printed as one ``path:line: message`` line with exit code 2; so is any ``OSError`` that
reaches the top (``path: No space left on device``), never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
import threading

from screenplay.errors import PrevisError

# Order here is the order in --help.
COMMANDS = ("animatic", "plan", "characters", "reference", "parse", "stats", "export", "conform", "tui",
            "doctor")

EPILOG = """\
examples:
  previs stats examples/the-night-shift.fountain        scenes, characters, runtime
  previs plan examples/the-night-shift.fountain         the shot list, scene by scene
  previs animatic examples/the-night-shift.fountain     greybox animatic with scratch dialogue
  previs export SCRIPT --format shotlist-pdf,otio       what the AD and the editor take away
  previs SCRIPT                                         open the terminal app

Each command has its own --help. Work is kept in SCRIPT.previs/ next to the script:
re-running only redoes what changed.
"""


def build_parser() -> argparse.ArgumentParser:
    from previs import __version__

    parser = argparse.ArgumentParser(
        prog="previs",
        description="Turn a Fountain screenplay into a previsualisation: shots, scratch dialogue, animatic, exports.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"previs {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"previs.commands.{name}")
        except ModuleNotFoundError as exc:  # a command not built yet, or its extra not installed
            if exc.name and exc.name.startswith("previs.commands"):
                continue
            raise
        module.register(sub)
    return parser


def _route_bare_script(argv: list[str]) -> list[str]:
    """``previs SCRIPT`` (no command) opens the app on SCRIPT."""
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        return ["tui", *argv]
    return argv


class Terminated(KeyboardInterrupt):
    """SIGTERM (a `kill`, a closing terminal's manager), handled as Ctrl-C is:
    the commands cancel their work, finished work is kept, and the user is told
    to run again. A KeyboardInterrupt subclass so every ``except
    KeyboardInterrupt`` that cancels workers sees it too."""


def _raise_terminated(signum, frame) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(_route_bare_script(argv))
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        return int(args.run(args) or 0)
    except PrevisError as exc:
        from previs.terminal import printable

        print(printable(f"previs: {exc}" if exc.path is None else str(exc)), file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        print("previs: interrupted; finished work is kept, run again to resume", file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    except BrokenPipeError:  # `previs parse --json x | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:  # a full disk, a read-only folder, a name too long: the write sites say more when they can
        reason = exc.strerror or str(exc)
        where = exc.filename if exc.filename is not None else "previs"
        print(f"{os.fsdecode(where)}: {reason}; finished work is kept", file=sys.stderr)
        return 2
