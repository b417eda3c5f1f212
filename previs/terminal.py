"""The rich console the commands print their tables to.

One place for two decisions: the width when stdout is not a terminal (a pipe or
a file gets a fixed, wide layout instead of rich's 80 columns), and what a
closed pipe means (`previs plan x | head`): rich would exit with status 1; we
raise ``BrokenPipeError`` so ``previs.cli.main`` ends quietly with status 0, as
``cat`` and ``grep`` users expect.

And one for what script text may do to the terminal: none of it is ours, and an
escape sequence in a character name (``\\x1b[2J`` clears the screen, OSC sets
the title or writes a hyperlink, C1 ``\\x9b`` is a CSI on some terminals) must
print as text. Every string the console renders passes :func:`printable`; JSON
output passes :func:`terminal_json` (C0 controls are escaped by JSON itself).
"""
from __future__ import annotations

import json
import re
import sys
from typing import IO, Any

# C0 controls but tab, newline and the CR of a CRLF (a CSV's line end), DEL, the C1 block.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_C1 = re.compile(r"[\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every control character but tab, newline and CRLF written as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def terminal_json(data: Any, **kwargs) -> str:
    """``json.dumps(data, ensure_ascii=False, **kwargs)`` with DEL and C1 controls as ``\\u`` escapes.

    They can only occur inside JSON strings, so the document decodes to the same data.
    """
    text = json.dumps(data, ensure_ascii=False, **kwargs)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def stdout_console(piped_width: int = 120, file: IO[str] | None = None):
    """A ``rich.console.Console`` on stdout (or ``file``); ``piped_width`` columns when not a terminal."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

        def render_str(self, text: str, *args, **kwargs):  # every str cell, title and line
            return super().render_str(printable(text), *args, **kwargs)

    tty = file is None and sys.stdout.isatty()
    return _Console(file=file, highlight=False, width=None if tty else piped_width)
