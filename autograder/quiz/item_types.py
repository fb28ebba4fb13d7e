"""Per-item-type behaviour in one table per concern, instead of ladders of ``isinstance``.

Grading, the views of ``quiz take``, the student package and every exporter treat the
seven item types differently. Each keeps one :class:`ByItemType` table: item model ->
what to do with an item of that type (usually a function taking the item, typed with its
own model). A table that forgets a type, or names a class that is no item model, fails
when it is built, that is when its module is imported; ``tests/quiz/test_item_types.py``
imports every module of the package and checks every table built. A new item type thus
cannot be forgotten anywhere.

A table is looked up with anything that has the item's ``type`` (an item, or a
:class:`~autograder.quiz.view.QuestionView`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Generic, Protocol, TypeVar, get_args

from autograder.quiz.schema import Item, ItemBase

T = TypeVar("T")

# The item models, in the order of the ``Item`` union.
ITEM_MODELS: tuple[type[ItemBase], ...] = get_args(get_args(Item)[0])


def type_name(model: type[ItemBase]) -> str:
    """The ``type`` an item model's files give, e.g. ``single_choice`` for ``SingleChoice``."""
    return get_args(model.model_fields["type"].annotation)[0]


class Typed(Protocol):
    @property
    def type(self) -> str: ...


class ByItemType(Generic[T]):
    """One entry per item model; ``table.of(item)`` is the entry of ``item``'s type."""

    built: ClassVar[list[ByItemType]] = []  # every table, for the completeness test

    def __init__(self, name: str, entries: Mapping[type[ItemBase], T]):
        missing = [model.__name__ for model in ITEM_MODELS if model not in entries]
        unknown = [getattr(key, "__name__", repr(key)) for key in entries
                   if key not in ITEM_MODELS]
        if missing or unknown:
            raise TypeError(f"{name}: every item type needs one entry; missing {missing}, "
                            f"not item types {unknown}")
        self.name = name
        self.entries = {type_name(model): entry for model, entry in entries.items()}
        ByItemType.built.append(self)

    def of(self, item: Typed) -> T:
        """The entry for ``item``'s type."""
        return self.entries[item.type]

    def named(self, type_name: object) -> T | None:
        """The entry for the type named ``type_name``, or None if no item type has that name
        (e.g. an item read from a file that may be damaged)."""
        return self.entries.get(type_name) if isinstance(type_name, str) else None


