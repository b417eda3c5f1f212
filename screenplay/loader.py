"""Read a Fountain file from disk: the only I/O in :mod:`screenplay`.

Why its own module: every way a file can be wrong (missing, a directory,
unreadable, binary, not UTF-8) must become one :class:`PrevisError` line that
says where and what, before the parser sees any text. Nothing here guesses an
encoding: a screenplay in Latin-1 is reported with the line and byte to fix,
because a silent guess turns names like ``ZOË`` into mojibake.
"""
from __future__ import annotations

import os
import stat

from screenplay.errors import PrevisError
from screenplay.model import Screenplay

__all__ = ["load", "read_text", "wide_encoding"]

_SNIFF = 64 * 1024
# The longest feature script is well under 1 MiB; this only stops a wrong file.
_MAX_BYTES = 64 * 2**20


# Byte-order marks of the encodings a text editor may save in instead of UTF-8.
# UTF-32 LE starts with the UTF-16 LE mark, so the longer marks are tried first.
_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
              (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def wide_encoding(head: bytes) -> str | None:
    """Name the wide encoding a file's byte-order mark says (``"UTF-32"``, ``"UTF-16"``), else None."""
    for bom, name in _WIDE_BOMS:
        if head.startswith(bom):
            return name
    return None


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a screenplay file as text.

    Args:
        path: the file. ``-`` is not special here.

    Returns:
        The decoded text (a UTF-8 BOM, if any, is left for the parser to drop).

    Raises:
        PrevisError: the path is empty, missing, a directory, unreadable, a
            binary file, or not valid UTF-8 (with the line and the bad byte).
    """
    if path is None or os.fspath(path) == "":
        raise PrevisError("no screenplay given: pass the path of a .fountain file")
    where = os.fspath(path)
    try:
        # O_NONBLOCK: a FIFO or a device is refused instead of waiting forever.
        fd = os.open(where, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as fh:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError
            if not stat.S_ISREG(mode):
                raise PrevisError("not a regular file (a pipe or a device); give a .fountain file", where)
            # A look at the start first: a video or an image given by mistake is
            # refused without reading gigabytes.
            data = fh.read(_SNIFF)
            wide = wide_encoding(data)
            if wide:
                raise PrevisError(f"{wide} text; save the script as UTF-8", where, 1)
            if b"\x00" not in data:
                data += fh.read(_MAX_BYTES + 1 - len(data))
                if len(data) > _MAX_BYTES:
                    raise PrevisError(f"over {_MAX_BYTES // 2**20} MiB: not a screenplay", where)
    except FileNotFoundError:
        raise PrevisError("no such file", where) from None
    except IsADirectoryError:
        raise PrevisError("is a directory, not a Fountain file", where) from None
    except PermissionError:
        raise PrevisError("cannot read the file: permission denied", where) from None
    except OSError as exc:
        if os.path.isdir(where):
            raise PrevisError("is a directory, not a Fountain file", where) from None
        raise PrevisError(f"cannot read the file: {exc.strerror or exc}", where) from None

    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise PrevisError("binary file (NUL byte), not Fountain text", where, line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PrevisError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the script as UTF-8", where, line
        ) from None


def load(path: str | os.PathLike[str]) -> Screenplay:
    """Read and parse a Fountain file.

    Args:
        path: the ``.fountain`` (or any plain-text) file.

    Returns:
        The parsed :class:`Screenplay`, with ``path`` set. An empty file is an
        empty screenplay.

    Raises:
        PrevisError: see :func:`read_text`.
    """
    from screenplay.parser import parse

    text = read_text(path)
    return parse(text, path=os.fspath(path))
