"""The project store: one folder next to the script holding everything previs derived.

Layout of ``<script stem>.previs/`` (or a configured folder)::

    bible.yaml            the character bible, user-editable (survives re-planning)
    plans/<key>.json      one scene's ShotPlan
    voices/<key>.wav|json a dialogue clip and its VoiceClip metadata
    shots/<key>.mp4|json  a rendered shot (+ .control.mp4) and its RenderedShot metadata
    mix/<key>.wav         the dialogue mixdown of a cut
    cuts/<key>.mp4        a finished animatic
    conform.json          an editor's order and durations read back by `previs conform`
    shot_edits.json       shot fields edited by hand (the TUI's inspector)
    tmp/                  work in progress; never read as a result

Why it is safe to kill: every artefact is written under ``tmp/`` and moved into
place with ``os.replace`` (atomic on one filesystem), media first and its JSON
metadata last; an entry counts as finished only when its JSON exists. A lock
file keeps two runs from working on one project at once; ``tmp/`` is emptied
when a run takes the lock, so a crash's leftovers never reach a result.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterator

from screenplay.errors import PrevisError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp makes 0600 files; finished artefacts get the permissions a plain open() would give.
_FILE_MODE = 0o666 & ~_umask()


def default_project_dir(script: str | os.PathLike[str]) -> Path:
    """``dir/name.fountain`` -> ``dir/name.previs``."""
    p = Path(script)
    return p.with_name(p.stem + ".previs")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_copy(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` so that ``dst`` is either the old file or the whole new one."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix="." + dst.name + ".", suffix=".part")
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, dst)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class ProjectStore:
    """Content-addressed storage for one project. Keys come from :func:`previs.hashing.stable_hash`."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        self._lock_fd: int | None = None

    # -- layout -------------------------------------------------------------------------
    def path(self, kind: str, key: str, ext: str) -> Path:
        """Where artefact ``kind``/``key`` with extension ``ext`` (".mp4") lives."""
        return self.root / kind / f"{key}{ext}"

    @property
    def bible_path(self) -> Path:
        return self.root / "bible.yaml"

    @property
    def tmp_dir(self) -> Path:
        return self.root / "tmp"

    # -- life cycle ---------------------------------------------------------------------
    def ensure(self) -> "ProjectStore":
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self.tmp_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise PrevisError(f"cannot create the project folder: {exc.strerror}", self.root) from None
        return self

    @contextlib.contextmanager
    def locked(self) -> Iterator["ProjectStore"]:
        """Hold the project's lock for a run; empty ``tmp/`` once it is ours."""
        self.ensure()
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise PrevisError("another previs run is working on this project; wait for it or stop it",
                              self.root) from None
        try:
            for leftover in self.tmp_dir.iterdir():
                with contextlib.suppress(OSError):
                    shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
            yield self
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    @contextlib.contextmanager
    def scratch(self, suffix: str = "") -> Iterator[Path]:
        """A fresh temp path under ``tmp/``; removed afterwards unless it was moved away."""
        self.ensure()
        fd, name = tempfile.mkstemp(dir=self.tmp_dir, suffix=suffix)
        os.close(fd)
        os.unlink(name)
        path = Path(name)
        try:
            yield path
        finally:
            for p in (path, path.with_name(path.stem + ".control" + path.suffix)):
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()

    # -- artefacts ----------------------------------------------------------------------
    def has(self, kind: str, key: str) -> bool:
        """Finished means the JSON metadata exists (it is written last)."""
        return self.path(kind, key, ".json").exists()

    def read_meta(self, kind: str, key: str) -> dict | None:
        p = self.path(kind, key, ".json")
        try:
            return json.loads(p.read_text("utf-8"))
        except FileNotFoundError:
            return None
        except (ValueError, OSError):
            return None  # a damaged entry is a cache miss, never a crash

    def write_meta(self, kind: str, key: str, meta: dict) -> None:
        atomic_write_text(self.path(kind, key, ".json"), json.dumps(meta, ensure_ascii=False, indent=1))

    def commit_file(self, tmp: Path, kind: str, key: str, ext: str) -> Path:
        """Move a finished temp file into place (atomic) and return its final path."""
        final = self.path(kind, key, ext)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
        return final

    # -- small documents ----------------------------------------------------------------
    def read_json(self, name: str, default: Any = None) -> Any:
        try:
            return json.loads((self.root / name).read_text("utf-8"))
        except FileNotFoundError:
            return default
        except ValueError as exc:
            raise PrevisError(f"damaged project file ({exc}); delete it to start over", self.root / name) from None

    def write_json(self, name: str, data: Any) -> None:
        atomic_write_text(self.root / name, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
