"""Clip metadata for OTIO, converted in one C++ parse instead of value by value in Python.

Why: OTIO converts a Python dict given as ``metadata=`` into its C++
``AnyDictionary`` one value at a time in Python (``_value_to_any``: type
checks, a cycle guard, a copy per level). A feature's 1,700 shot specs, each a
nested dict of a hundred values, cost three seconds that way, most of the
``.otio`` export. Here every clip's metadata goes into one JSON document
(``json.dumps`` in C), which OTIO's C++ reader turns into ``AnyDictionary``
values in one pass; each is handed to a clip wrapped as the ``PyAny`` that
OTIO's own converter would return, so OTIO takes it as it is. The values and
the file written are the same as with plain dicts (tests compare them).
"""
from __future__ import annotations

import dataclasses
import json
from typing import Any, Sequence

__all__ = ["plain_value", "OtioMetadata"]

_FIELDS: dict[type, tuple[str, ...]] = {}


def plain_value(obj: Any) -> Any:
    """``json.dumps``'s ``default``: a dataclass as a dict of its fields (as ``dataclasses.asdict``
    gives it), anything else JSON does not know (a non-str enum) as its ``str``."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELDS.get(type(obj))
        if names is None:
            names = _FIELDS[type(obj)] = tuple(f.name for f in dataclasses.fields(obj))
        return {name: getattr(obj, name) for name in names}
    return str(obj)


class OtioMetadata:
    """Metadata dicts converted to OTIO values, in the order given; keep it alive while clips are built."""

    def __init__(self, dicts: Sequence[dict]) -> None:
        import opentimelineio as otio
        from opentimelineio._otio import PyAny  # what OTIO's own converter returns for a converted value

        text = json.dumps({"OTIO_SCHEMA": "SerializableObjectWithMetadata.1", "name": "",
                           "metadata": {"items": list(dicts)}}, default=plain_value, ensure_ascii=False)
        self._holder = otio.core.deserialize_json_from_string(text)
        self.values = [PyAny(d) for d in self._holder.metadata["items"]] if dicts else []

