"""Read-only JSON values: what results and upload options hold, so that nothing handed out can change.

:func:`freeze` copies JSON-shaped data into :class:`FrozenMapping` s and tuples, all the way down (values
are checked as JSON first, so the depth is bounded); :func:`thaw` copies it back into dicts and lists.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

__all__ = ["FrozenMapping", "freeze", "thaw"]


class FrozenMapping(Mapping[str, object]):
    """A read-only mapping that, unlike ``types.MappingProxyType``, survives ``pickle`` and
    ``copy.deepcopy`` (results travel through process pools, task queues and caches).

    ``script.extra["tag"]``; compares equal to a dict with the same items, and its repr is the dict's.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, object] | None = None) -> None:
        self._data: dict[str, object] = dict(data or {})

    def __getitem__(self, key: str) -> object:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        # Shown as the JSON object it is (a SecretKey's algorithm reads as it was written).
        return repr(self._data)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self._data,))


_SCALARS = frozenset({str, int, float, bool, type(None)})


def freeze(value: object) -> object:
    """``value`` with every mapping a :class:`FrozenMapping` and every list a tuple, copied all the way
    down: ``freeze({"a": [1]})`` equals ``FrozenMapping({"a": (1,)})``. Scalars are returned as they are."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, Mapping):
        return FrozenMapping({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


def thaw(value: object) -> object:
    """JSON-shaped data as plain JSON, copied all the way down (mappings dicts, tuples lists): what
    ``json`` encodes. ``thaw(freeze({"a": [1]}))`` is ``{"a": [1]}``."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(item) for item in value]
    return value
