"""Content hashes for cache keys: one canonical JSON form of plain data, then sha256.

Every derived artefact is keyed by a hash of everything that determines it, so
the same inputs always find the same file and any change finds a new one.
"""
from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from pathlib import PurePath
from typing import Any


def to_plain(obj: Any) -> Any:
    """Turn dataclasses, enums, tuples and paths into JSON-ready plain data (recursively)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, PurePath):
        return str(obj)
    if isinstance(obj, float) and obj.is_integer():
        return obj  # keep 2.0 as 2.0: json writes it stably
    return obj


def canonical_json(obj: Any) -> str:
    """Sorted-key, compact JSON of :func:`to_plain`: equal data gives equal text."""
    return json.dumps(to_plain(obj), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def stable_hash(*parts: Any, length: int = 20) -> str:
    """Hex digest (``length`` chars) of the canonical JSON of ``parts``."""
    return hashlib.sha256(canonical_json(list(parts)).encode("utf-8")).hexdigest()[:length]
