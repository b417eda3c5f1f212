"""The one error type users ever see.

It lives in the lowest package (``screenplay``) because the parser is the first
stage that can reject input; every later package raises the same type so the
CLI and the TUI have exactly one thing to catch and print.
"""
from __future__ import annotations

import os


class PrevisError(Exception):
    """An expected failure, shown to the user as one line: ``path:line: message``.

    Args:
        message: what went wrong and, where possible, what to do about it.
        path: the file it concerns, if any.
        line: the 1-based line in that file, if known.
    """

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = os.fspath(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"
