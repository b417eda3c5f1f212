"""The project store: one folder next to the script holding everything previs derived.

Layout of ``<script stem>.previs/`` (or a configured folder)::

    .previs-store         the marker: this folder is a store previs made
    bible.yaml            the character bible, user-editable (survives re-planning)
    plans/<key>.json      one scene's ShotPlan
    voices/<key>.wav|json a dialogue clip and its VoiceClip metadata
    shots/<key>.mp4|json  a rendered shot (+ .control.mp4, + .still-<frame>.jpg: its storyboard
                          stills) and its RenderedShot metadata
    mix/<key>.wav         the dialogue mixdown of a cut
    cuts/<key>.mp4        a finished animatic
    conform.json          an editor's order and durations read back by `previs conform`
    shot_edits.json       shot fields edited by hand (the TUI's inspector)
    references/<id>.png   reference stills approved with `previs reference` (or `s` in the app)
    tmp/previs-*          work in progress; never read as a result

Why it is safe to kill: every artefact is written under ``tmp/`` (or beside its
target, see renders/export/atomic_file.py) and moved into place with ``os.replace``
(atomic on one filesystem), media first, synced, and its JSON metadata last; an
entry counts as finished only when its JSON exists and its video still matches it
(:func:`cached_video_intact`; a WAV: ``renders.wavfile.wav_intact``). A lock file keeps two runs from working on one
project at once; the scratch files of ``tmp/`` are removed when a run takes the
lock, so a crash's leftovers never reach a result.

Why it never touches what the user owns (issue 13): previs deletes only what it
made, and only in a folder it made. A store is marked by ``.previs-store``; a folder
that is not empty and holds no marker (``--project .`` in a folder of notes,
``--project /``) is refused with one line. Scratch files are named ``previs-*`` and
only such names are removed; a ``tmp`` that is a link or a file is refused, and
links are never followed for deletion. Every path the store builds from data (shot
keys, bible ids) goes through :meth:`ProjectStore.within`, which refuses one that
would land outside the store.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
from pathlib import Path
from typing import Any, Iterator

from screenplay.errors import PrevisError
from renders.export.atomic_file import SCRATCH_PREFIX, copy_atomic, os_reason, sync_to_disk, write_bytes_atomic

STORE_MARKER = ".previs-store"
TMP_PREFIX = "previs-"  # what previs names its files in tmp/; nothing else there is removed
# What a store made before the marker existed holds (it is adopted if it has a bible and nothing else).
_LEGACY_LAYOUT = {"bible.yaml", "plans", "voices", "shots", "mix", "cuts", "tmp", "conform.json", "shot_edits.json",
                  "llm-cache", "references", "previews", "exports", ".lock"}


def default_project_dir(script: str | os.PathLike[str]) -> Path:
    """``dir/name.fountain`` -> ``dir/name.previs``."""
    p = Path(script)
    return p.with_name(p.stem + ".previs")


def _make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PrevisError(f"cannot create the folder: {os_reason(exc)}", path.parent) from None


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a synced temp file in the same folder and ``os.replace``."""
    _make_parent(path)
    write_bytes_atomic(path, data)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_copy(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` so that ``dst`` is either the old file or the whole new one."""
    _make_parent(dst)
    copy_atomic(src, dst, what="the animatic")


def cached_video_intact(video: Path, meta: dict) -> bool:
    """Whether a stored shot video still is what its metadata vouches for.

    A shot truncated to 0 bytes with its JSON intact once gave a silently short
    animatic (issue 13); so the size (recorded as ``video_bytes`` when the shot
    was stored) and the frame count in the MP4's header must both match. Reads
    a few hundred bytes, no decoding: it runs for every shot of every run.
    """
    from renders.mp4_frames import mp4_video_frames

    try:
        if "video_bytes" in meta and meta["video_bytes"] != video.stat().st_size:
            return False
        frames = mp4_video_frames(video)
        if frames is None:  # a header without a sample table (fragmented MP4): ask the demuxer
            import av

            with av.open(os.fspath(video)) as container:
                frames = container.streams.video[0].frames
        return frames == meta.get("frames")
    except Exception:  # OSError, a damaged box tree, a demuxer's complaint: not a file to trust
        return False


class ProjectStore:
    """Content-addressed storage for one project. Keys come from :func:`previs.hashing.stable_hash`."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        self._lock_fd: int | None = None
        self._ready = False

    # -- layout -------------------------------------------------------------------------
    def within(self, *parts: str) -> Path:
        """``root/parts...``, refused unless it stays inside the store.

        Every path the store builds from data (keys, bible ids, scene numbers) comes
        from here, so an id like ``../../x`` or ``/abs`` can never place a file elsewhere.

        Raises:
            PrevisError: the path would leave the store (or names the store itself).
        """
        path = self.root.joinpath(*parts)
        rel = os.path.relpath(os.path.normpath(os.path.abspath(path)), os.path.normpath(os.path.abspath(self.root)))
        if "\0" in str(path) or rel == os.curdir or rel.split(os.sep)[0] == os.pardir:
            raise PrevisError(f"refusing the path {'/'.join(parts)!r}: it would land outside the project folder",
                              self.root)
        return path

    def path(self, kind: str, key: str, ext: str) -> Path:
        """Where artefact ``kind``/``key`` with extension ``ext`` (".mp4") lives."""
        return self.within(kind, f"{key}{ext}")

    @property
    def bible_path(self) -> Path:
        return self.root / "bible.yaml"

    @property
    def tmp_dir(self) -> Path:
        return self.root / "tmp"

    # -- life cycle ---------------------------------------------------------------------
    def _check_is_store(self) -> None:
        """Refuse a folder previs did not make, before anything is written in it."""
        root = self.root
        if not root.exists():
            return
        if not root.is_dir():
            raise PrevisError("the project folder is a file; give --project a folder", root)
        if (root / STORE_MARKER).is_file():
            return
        try:
            names = set(os.listdir(root))
        except OSError as exc:
            raise PrevisError(f"cannot read the project folder: {os_reason(exc)}", root) from None
        if names and not ("bible.yaml" in names and names <= _LEGACY_LAYOUT):
            raise PrevisError("this folder is not empty and is not a previs project; give --project a new or empty "
                              "folder (previs only works, and deletes, in a folder it made)", root)

    def ensure(self) -> "ProjectStore":
        """Create the store (or check it is one); every write goes through here first.

        Raises:
            PrevisError: the folder is not a store and not empty, ``tmp`` is not a folder
                previs made, or the folder cannot be created.
        """
        if self._ready:
            return self
        self._check_is_store()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            marker = self.root / STORE_MARKER
            if not marker.is_file():
                write_bytes_atomic(marker, b"previs project store: previs deletes only its own files in here\n",
                                   what="the project marker")
            tmp = self.tmp_dir
            if tmp.is_symlink() or (tmp.exists() and not tmp.is_dir()):
                raise PrevisError("tmp is a link or a file, not the scratch folder previs made; move it away", tmp)
            tmp.mkdir(exist_ok=True)
        except OSError as exc:
            raise PrevisError(f"cannot create the project folder: {os_reason(exc)}", self.root) from None
        self._ready = True
        return self

    def _clear_scratch(self) -> None:
        """Remove what a crashed run left in ``tmp/``: only ``previs-*`` and ``.previs-*`` names
        (what previs makes there), never through a link."""
        with os.scandir(self.tmp_dir) as entries:
            for entry in entries:
                if not entry.name.startswith((TMP_PREFIX, SCRATCH_PREFIX)):
                    continue
                with contextlib.suppress(OSError):
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(entry.path)  # fd-based: links inside are removed, not followed
                    else:
                        os.unlink(entry.path)  # a file, or a link itself (never its target)

    @contextlib.contextmanager
    def locked(self) -> Iterator["ProjectStore"]:
        """Hold the project's lock for a run; clear ``tmp/``'s leftovers once it is ours."""
        self.ensure()
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise PrevisError("another previs run is working on this project; wait for it or stop it",
                              self.root) from None
        try:
            self._clear_scratch()
            yield self
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def folder(self, name: str) -> Path:
        """A folder of the store (``exports``), made if missing, the store checked and made first."""
        self.ensure()
        path = self.within(name)
        try:
            path.mkdir(exist_ok=True)
        except OSError as exc:
            raise PrevisError(f"cannot create the folder: {os_reason(exc)}", path) from None
        return path

    def scratch_dir(self, name: str) -> Path:
        """A folder of previs's own under ``tmp/`` (``tmp/previs-<name>``), e.g. render staging."""
        self.ensure()
        return self.tmp_dir / f"{TMP_PREFIX}{name}"

    @contextlib.contextmanager
    def scratch(self, suffix: str = "") -> Iterator[Path]:
        """A fresh temp path under ``tmp/``; removed afterwards unless it was moved away."""
        self.ensure()
        path = self.tmp_dir / f"{TMP_PREFIX}{secrets.token_hex(8)}{suffix}"
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
        self.write_file(self.path(kind, key, ".json"), json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))

    def write_file(self, path: Path, data: bytes) -> Path:
        """Write ``data`` atomically at ``path``, a path from :meth:`within` (the store is checked first)."""
        self.ensure()
        atomic_write_bytes(path, data)
        return path

    def commit_file(self, tmp: Path, kind: str, key: str, ext: str) -> Path:
        """Move a finished temp file into place (synced first, atomic) and return its final path.

        The data reaches the disk before the move, and the move before the metadata
        that vouches for it is written, so a power cut never leaves metadata for a
        video that is not there.
        """
        self.ensure()
        final = self.path(kind, key, ext)
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            sync_to_disk(tmp)
            os.replace(tmp, final)
            sync_to_disk(final.parent, directory=True)
        except OSError as exc:
            raise PrevisError(f"cannot store a finished file: {os_reason(exc)}", final) from None
        return final

    # -- small documents ----------------------------------------------------------------
    def read_json(self, name: str, default: Any = None) -> Any:
        try:
            return json.loads(self.within(name).read_text("utf-8"))
        except FileNotFoundError:
            return default
        except ValueError as exc:
            raise PrevisError(f"damaged project file ({exc}); delete it to start over", self.root / name) from None

    def write_json(self, name: str, data: Any) -> None:
        self.write_file(self.within(name),
                        json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
