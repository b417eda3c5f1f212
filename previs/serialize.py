"""Read plain JSON data back into the frozen dataclasses it came from.

:func:`previs.hashing.to_plain` writes; :func:`from_plain` reads, guided by the
type hints of the target dataclass (nested dataclasses, enums, tuples,
optionals), so the store needs no per-type (de)serialisers.
"""
from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from typing import Any, TypeVar

T = TypeVar("T")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` from plain JSON data.

    Raises:
        TypeError/ValueError: the data does not fit the type.
    """
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        last: Exception | None = None
        for a in args:
            try:
                return from_plain(a, data)
            except (TypeError, ValueError, KeyError) as exc:
                last = exc
        raise TypeError(f"{data!r} fits none of {args}") from last
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in data)
        return tuple(from_plain(a, v) for a, v in zip(args, data))
    if origin is list:
        (arg,) = typing.get_args(tp)
        return [from_plain(arg, v) for v in data]
    if origin is dict:
        kt, vt = typing.get_args(tp)
        return {from_plain(kt, k): from_plain(vt, v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {f.name: from_plain(hints[f.name], data[f.name])
                  for f in dataclasses.fields(tp) if f.init and f.name in data}
        return tp(**kwargs)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(data)
    if tp is float and isinstance(data, int):
        return float(data)
    if tp is Any or tp is object:
        return data
    if isinstance(tp, type) and not isinstance(data, tp):
        raise TypeError(f"expected {tp.__name__}, got {type(data).__name__}")
    return data
