"""Dataclasses whose methods are written once, here, instead of generated for each class.

``@dataclass`` writes a class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and (when
frozen) ``__setattr__``/``__delattr__`` as source text and compiles it while the module is
imported: about 5M instructions a class on Python 3.11 and 3.13 alike, paid by every ``pelican``
and ``mkdocs build`` run that loads the class (a plugin's records cost a site more than rendering
ten pages). Records on that path are declared::

    @record_class
    class Item(FrozenRecord):
        ...
        def __init__(self, url: str, ...) -> None:  # written out: the signature is the API
            self._init(url=url, ...)

and take their equality, hash, repr and immutability from ``Record`` / ``FrozenRecord``, with
the same behaviour as the generated methods.

Even without generated methods, ``@dataclass`` reads each field's annotation and default while
the module is imported, about 45K instructions a field, and the records a warm MkDocs sync
loads have about ninety. ``@record_class`` only marks the class: it becomes the dataclass that
``@dataclass(init=False, repr=False, eq=False)`` makes the first time anything asks for its
fields (``dataclasses.fields``, ``replace``, ``asdict``, ``is_dataclass``, or a record's own
``==``, hash and repr), which a build that only makes and reads records never does. Type
checkers see a dataclass (``dataclass_transform``).
"""

from __future__ import annotations

import threading
from dataclasses import FrozenInstanceError, dataclass, field
from operator import attrgetter
from typing import Any, ClassVar, Self, TypeVar, dataclass_transform

_R = TypeVar("_R", bound=type)

# Declared records that are not dataclasses yet (see the module docstring), and the lock under
# which one becomes one: sync's worker threads may ask for fields at the same time.
_DECLARED: set[type] = set()
_MAKING = threading.RLock()


@dataclass_transform(field_specifiers=(field,))
def record_class(cls: _R) -> _R:
    """Declares ``cls`` a record: a dataclass without generated methods, made on first need."""
    # Its own entry, so that a record subclassing a record already made is made too (setattr:
    # type checkers know no such attribute on a type).
    setattr(cls, "__dataclass_fields__", _LAZY_FIELDS)  # noqa: B010
    _DECLARED.add(cls)
    return cls


class _Fields:
    """``Record.__dataclass_fields__`` until a record class has its own: reading it makes the
    class a dataclass (which sets the class's own attribute, so this runs once per class).
    Other classes (``Record`` itself) have none, as ``dataclasses`` expects of a base."""

    def __get__(self, instance: object, owner: type) -> dict[str, Any]:
        with _MAKING:  # bases first, as @dataclass would have run on them
            for cls in reversed(owner.__mro__):
                if cls in _DECLARED:
                    _DECLARED.discard(cls)
                    dataclass(init=False, repr=False, eq=False)(cls)
        for cls in owner.__mro__:  # inherited, as a class attribute is
            fields = cls.__dict__.get("__dataclass_fields__")
            if isinstance(fields, dict):  # not this descriptor (Record's entry, a record's own)
                return fields
        raise AttributeError(f"{owner.__qualname__} is not a record")


_LAZY_FIELDS = _Fields()


# Per record class: a getter of its field values, a tuple of them all (made on first use, after
# @dataclass has set __dataclass_fields__; attrgetter reads them in one C call). For a record of
# one field it gives the value itself, which compares and hashes as well.
_VALUES: dict[type, attrgetter[Any]] = {}


class Record:
    """Equality and repr over the dataclass fields, in order, as ``@dataclass`` would write them.

    Mutable records are unhashable, like a dataclass with ``eq=True``.
    """

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Any]] = _LAZY_FIELDS  # type: ignore[assignment]

    def _values(self) -> Any:
        getter = _VALUES.get(self.__class__)
        if getter is None:
            getter = _VALUES[self.__class__] = attrgetter(*self.__dataclass_fields__)
        return getter(self)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return bool(self._values() == other._values())

    __hash__ = None  # type: ignore[assignment]  # as a mutable dataclass: unhashable

    def __repr__(self) -> str:
        # field(repr=False) hides a field, as in a generated repr (a token, for one).
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}"
            for name, spec in self.__dataclass_fields__.items()
            if spec.repr
        )
        return f"{type(self).__qualname__}({shown})"

    def copy_with(self, **changes: Any) -> Self:
        """A copy with ``changes`` (field name -> value): ``dataclasses.replace`` without making
        the class a dataclass first (see the module docstring). An unknown name is a TypeError."""
        return type(self)(**{**self.__dict__, **changes})

    def _init(self, **values: Any) -> None:
        """Sets the fields (``__init__`` calls it with every field by name)."""
        self.__dict__.update(values)


class FrozenRecord(Record):
    """A record that cannot change after ``__init__`` and hashes by its fields (``frozen=True``)."""

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]  # Record's is None: unhashable
        return hash(self._values())

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
