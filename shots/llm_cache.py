"""On-disk cache of LLM answers, keyed by a hash of the request: a re-run costs no tokens.

Why a separate cache and not the project store: the LLM planner lives in
``shots`` (below ``previs`` in the import order), and what makes an answer
reusable is exactly the request that produced it (model, endpoint host,
messages, schema), nothing about the project. The key is a sha256 of the
canonical JSON of those fields; the API key is never part of a request
description handed to this module, so it can never reach a cache file.

Writes are atomic (temp file in the same folder, then ``os.replace``), so an
interrupted run leaves either the whole answer or nothing, and concurrent
scene workers never see half a file. Only answers that passed validation are
stored, so a failed scene is asked again on the next run.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

CACHE_FORMAT = 1


def request_key(request: dict[str, Any]) -> str:
    """The cache key of a request: sha256 hex of its canonical JSON.

    Args:
        request: plain JSON data describing everything that determines the
            answer (model, endpoint host, messages, response format...).
            Must not contain credentials.

    Returns:
        64 hex characters.
    """
    text = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_cache_dir() -> Path:
    """``$PREVIS_LLM_CACHE``, else ``$XDG_CACHE_HOME/previs/llm``, else ``~/.cache/previs/llm``."""
    explicit = os.environ.get("PREVIS_LLM_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "previs" / "llm"


class ResponseCache:
    """A folder of ``<key[:2]>/<key>.json`` files, one validated answer each.

    Args:
        root: the cache folder; created on first write.
    """

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry for ``key``, or None if absent or unreadable.

        A corrupt or foreign file counts as a miss (and is overwritten by the
        next :meth:`put`): the cache is an optimisation, never a source of
        errors.
        """
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or data.get("key") != key:
            return None
        return data

    def put(self, key: str, entry: dict[str, Any]) -> Path:
        """Store ``entry`` (plain JSON data) under ``key`` atomically.

        Args:
            key: from :func:`request_key`.
            entry: what to keep, e.g. ``{"content": ..., "model": ...}``.

        Returns:
            The file written.

        Raises:
            OSError: the folder cannot be written.
        """
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"format": CACHE_FORMAT, "key": key, **entry}
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        return path
