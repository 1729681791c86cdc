"""A read-only sequence worked out item by item as it is read: nothing of it is kept in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

In, Out = TypeVar("In"), TypeVar("Out")


class Mapped(Sequence[Out], Generic[In, Out]):
    """``function(item)`` for each item of ``items``, afresh on every read (a list's worth, on demand)."""

    def __init__(self, items: Sequence[In], function: Callable[[In], Out]):
        self._items, self._function = items, function

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._function(item) for item in self._items[index]]
        return self._function(self._items[index])

    def __iter__(self) -> Iterator[Out]:
        return map(self._function, self._items)
