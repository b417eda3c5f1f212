"""Build instances of frozen, slotted dataclasses without their generated ``__init__``.

Why: ``@dataclass(frozen=True)`` makes ``__init__`` set every field through
``object.__setattr__`` (it must get past the frozen ``__setattr__``), which
costs about as much as the rest of the parser's work per element. With
``slots=True`` each field is a slot descriptor whose ``__set__`` writes the
slot directly. :func:`fast_constructor` generates, from the dataclass's own
field list, a function that does just that. The result is an ordinary
instance of the class: equal, hashable and immutable as usual.

Only plain classes qualify (slots, every field in ``__init__``, no
``__post_init__``, no default factories); for anything else the class itself
is returned, so a later change to the model can make this slower but never wrong.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

__all__ = ["fast_constructor"]


def fast_constructor(cls: type) -> Callable[..., Any]:
    """A callable taking the same arguments as ``cls(...)`` and returning an equal instance.

    Args:
        cls: a dataclass, ideally ``frozen=True, slots=True``.

    Returns:
        A generated constructor, or ``cls`` itself when the class does not qualify.
    """
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__") or "__slots__" not in cls.__dict__:
        return cls
    fields = dataclasses.fields(cls)
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    params: list[str] = []
    body = ["    o = _new(_cls)"]
    for f in fields:
        slot = cls.__dict__.get(f.name)
        if not f.init or f.default_factory is not dataclasses.MISSING or not hasattr(slot, "__set__"):
            return cls
        namespace[f"_set_{f.name}"] = slot.__set__
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(o, {f.name})")
    source = f"def new_{cls.__name__}({', '.join(params)}):\n" + "\n".join(body) + "\n    return o\n"
    exec(source, namespace)  # the same technique dataclasses uses to build __init__
    made = namespace[f"new_{cls.__name__}"]
    made.__doc__ = f"Build a {cls.__name__} (a faster {cls.__name__}(...))."
    return made
