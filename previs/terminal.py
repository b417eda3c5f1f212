"""The rich console the commands print their tables to.

One place for two decisions: the width when stdout is not a terminal (a pipe or
a file gets a fixed, wide layout instead of rich's 80 columns), and what a
closed pipe means (`previs plan x | head`): rich would exit with status 1; we
raise ``BrokenPipeError`` so ``previs.cli.main`` ends quietly with status 0, as
``cat`` and ``grep`` users expect.
"""
from __future__ import annotations

import sys
from typing import IO


def stdout_console(piped_width: int = 120, file: IO[str] | None = None):
    """A ``rich.console.Console`` on stdout (or ``file``); ``piped_width`` columns when not a terminal."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    tty = file is None and sys.stdout.isatty()
    return _Console(file=file, highlight=False, width=None if tty else piped_width)
