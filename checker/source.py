"""Where a value came from: a side table from JSON pointer to line, column and cell.

Models hold data only; every reader returns beside them a `SourceMap` that turns a JSON pointer
(into the file's data) into a `Location`. Findings carry a pointer; the location is looked up when
the finding is made, so no rule knows about lines and no reader knows about rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """A place in an input file: 1-based line and column, and, for office files, a cell label."""

    line: int | None = None
    column: int | None = None
    #: `表3 第5行 第2列`, `Sheet1!E14`, `段落12`: where a file has no lines.
    label: str | None = None
    #: Where a file has no lines: the place's rank in reading order, so that findings are
    #: listed in document order (never shown).
    order: int | None = None


def escape_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(base: str, *tokens: str | int) -> str:
    """`join_pointer("/projects/2", "indicators", 4)` → `/projects/2/indicators/4`."""
    return base + "".join("/" + escape_token(t) for t in tokens)


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def list_index(token: str) -> int | None:
    """The list index a pointer token names (`"3"` → 3), or None.

    Only ASCII digits: `str.isdigit` also accepts `³`, `١` or `①`, which `int()` then refuses,
    and a pointer can come from a record (an export artefact's cell), so it is never trusted.
    """
    return int(token) if token.isascii() and token.isdigit() else None


class SourceMap:
    """Pointer → Location. A pointer with no entry falls back to its nearest ancestor that has one.

    Readers fill it eagerly (`set`) or lazily (`resolver`, for the YAML loader, which resolves a
    pointer by walking its node tree only when a finding asks).
    """

    __slots__ = ("_entries", "_resolver")

    def __init__(
        self,
        entries: Mapping[str, Location] | None = None,
        resolver: Callable[[str], Location | None] | None = None,
    ) -> None:
        self._entries: dict[str, Location] = dict(entries or {})
        self._resolver = resolver

    def set(self, pointer: str, location: Location) -> None:
        self._entries[pointer] = location

    def get(self, pointer: str) -> Location | None:
        """The location recorded for exactly this pointer, if any."""
        found = self._entries.get(pointer)
        if found is None and self._resolver is not None:
            found = self._resolver(pointer)
            if found is not None:
                self._entries[pointer] = found
        return found

    def locate(self, pointer: str) -> Location:
        """The location of a pointer, or of its nearest located ancestor; empty when none is."""
        current = pointer
        while True:
            found = self.get(current)
            if found is not None:
                return found
            if not current:
                return Location()
            current = current.rsplit("/", 1)[0]

    def items(self) -> list[tuple[str, Location]]:
        return sorted(self._entries.items())

    def __len__(self) -> int:
        return len(self._entries)
