"""Write a file so that a reader finds the old one or the whole new one, never half of one.

Why (issue 13): on a full disk ``export --format csv|edl`` truncated the previous
good file before failing, and OpenTimelineIO's C++ JSON writer ignores write errors,
so ``--format otio`` printed success over a file that no longer parsed. Every file
previs hands to a user or keeps in its store goes through :func:`atomic_file`:

1. the new content goes to a temp file in the target's folder (same filesystem,
   so the rename is atomic) named ``.previs-<random>.part<suffix>``, a name only
   previs makes;
2. the temp file is fsynced, then checked by a reader where one exists (the
   caller's ``check``: OTIO parses it back, the PDF opens, the CSV/JSON parse);
3. it is renamed over the target with ``os.replace`` and the folder is fsynced.

Any failure leaves the target as it was, removes the temp file and becomes one
line for the user: ``target: cannot write <what>: <reason>`` (a ``PrevisError``).
"""
from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path
from typing import Callable, Iterator

from screenplay.errors import PrevisError

SCRATCH_PREFIX = ".previs-"  # temp files beside a target start with this, and nothing of the user's should


def scratch_name(suffix: str = "") -> str:
    """A fresh temp file name that only previs makes (``.previs-3f9a0c1b2d4e.part.otio``)."""
    return f"{SCRATCH_PREFIX}{secrets.token_hex(6)}.part{suffix}"


def os_reason(exc: OSError) -> str:
    """What an ``OSError`` says happened, without the path (the caller names the path)."""
    return exc.strerror or str(exc) or type(exc).__name__


def sync_to_disk(path: Path, directory: bool = False) -> None:
    """fsync a file (or a folder, where the filesystem can) so what it holds survives a power cut."""
    fd = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0))
    try:
        os.fsync(fd)
    except OSError:
        if not directory:  # some filesystems cannot sync a folder; a file must sync
            raise
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str], *, what: str = "the file",
                check: Callable[[Path], object] | None = None) -> Iterator[Path]:
    """Yield a temp path beside ``path``; when the block ends, sync, check and move it into place.

    Args:
        path: the file to (re)place.
        what: what the file is, for the error line (``the shot list``).
        check: called with the synced temp file; raising means the file is damaged
            (e.g. a writer that ignored a full disk), and the old file is kept.

    Raises:
        PrevisError: the file cannot be written or did not read back; ``path`` is untouched.
    """
    out = Path(path)
    if os.path.isdir(out):  # (never raises, even for a name too long)
        raise PrevisError(f"is a folder; cannot write {what} over it (give a file name)", out)
    tmp = out.parent / scratch_name(out.suffix)
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # mode as a plain open() gives
    except OSError as exc:
        raise PrevisError(f"cannot write {what}: {os_reason(exc)}", out) from None
    try:
        yield tmp
        sync_to_disk(tmp)
        if check is not None:
            try:
                check(tmp)
            except Exception as exc:  # any reader's error means the file is not whole
                raise PrevisError(f"{what} did not read back whole ({type(exc).__name__}: {exc}); "
                                  f"the previous file is kept (is the disk full?)", out) from None
        os.replace(tmp, out)
        sync_to_disk(out.parent, directory=True)
    except OSError as exc:
        raise PrevisError(f"cannot write {what}: {os_reason(exc)}", out) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, what: str = "the file",
                       check: Callable[[Path], object] | None = None) -> Path:
    """Write ``data`` to ``path`` through :func:`atomic_file`; returns ``Path(path)``."""
    with atomic_file(path, what=what, check=check) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text_atomic(path: str | os.PathLike[str], text: str, *, what: str = "the file",
                      check: Callable[[Path], object] | None = None, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` through :func:`atomic_file`; returns ``Path(path)``."""
    return write_bytes_atomic(path, text.encode(encoding), what=what, check=check)


def copy_atomic(src: str | os.PathLike[str], dst: str | os.PathLike[str], *, what: str = "the file") -> Path:
    """Copy ``src`` to ``dst`` so that ``dst`` is the old file or the whole copy; returns ``Path(dst)``."""
    def same_size(tmp: Path) -> None:
        if tmp.stat().st_size != os.stat(src).st_size:
            raise ValueError("the copy is shorter than the original")

    with atomic_file(dst, what=what, check=same_size) as tmp:
        shutil.copyfile(src, tmp)
    return Path(dst)
