"""The parser's generated constructors build ordinary, equal, frozen model objects."""
from __future__ import annotations

import dataclasses

import pytest

from screenplay import model
from screenplay.fastnew import fast_constructor


@pytest.mark.parametrize("cls,args", [
    (model.Action, ("x", 1, 2)),
    (model.Character, ("BOB", "V.O.", True, 3, 3)),
    (model.SceneHeading, ("INT. A", "1A", False, 4, 4)),
    (model.PageBreak, (5, 5)),
])
def test_same_object_as_the_dataclass_builds(cls, args):
    make = fast_constructor(cls)
    assert make is not cls
    built, normal = make(*args), cls(*args)
    assert type(built) is cls and built == normal and hash(built) == hash(normal) and repr(built) == repr(normal)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.line = 99


def test_defaults_and_unsuitable_classes():
    @dataclasses.dataclass(frozen=True, slots=True)
    class WithDefault:
        a: int
        b: str = "b"

    make = fast_constructor(WithDefault)
    assert make(1) == WithDefault(1) and make(1, b="c") == WithDefault(1, "c")

    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class WithFactory:
        a: list = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True)
    class WithPost:
        a: int

        def __post_init__(self):
            pass

    for cls in (NoSlots, WithFactory, WithPost, int):
        assert fast_constructor(cls) is cls
