"""The `[tool.jxcheck]` table of a pyproject.toml as a policy layer, with the line of each key.

`tomllib` keeps no positions, so `TomlSourceMap` finds them in the text: table headers and
`key =` lines, good enough for `pyproject.toml:18: …` in a message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from checker.errors import ConfigError
from checker.i18n import Text
from checker.source import Location, SourceMap, list_index, split_pointer

_TOML_HEADER_RE = re.compile(r"^\s*(\[\[?)([^\[\]]+)\]\]?\s*(?:#.*)?$")
_TOML_KEY_PART_RE = re.compile(r'"([^"]*)"|\'([^\']*)\'|([^.\s"\']+)')


def _toml_key(text: str) -> tuple[str, ...]:
    parts: list[str] = []
    for match in _TOML_KEY_PART_RE.finditer(text):
        quoted, single, bare = match.groups()
        parts.append(quoted if quoted is not None else single if single is not None else bare)
    return tuple(parts)


class TomlSourceMap(SourceMap):
    """Best-effort pointer → line for `[tool.jxcheck]` of a pyproject.toml (tomllib keeps none).

    Finds table headers (`[tool.jxcheck.params.B004]`, the n-th `[[tool.jxcheck.waivers]]`) and
    `key =` lines inside them; a value deeper than that is located at its key's line.
    """

    __slots__ = ("_headers", "_lines")

    BASE = ("tool", "jxcheck")

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._headers: list[tuple[int, bool, tuple[str, ...]]] = []
        for number, line in enumerate(self._lines, start=1):
            match = _TOML_HEADER_RE.match(line)
            if match:
                self._headers.append((number, match.group(1) == "[[", _toml_key(match.group(2))))
        super().__init__(resolver=self._resolve)

    def _block_end(self, start: int) -> int:
        for number, _, _ in self._headers:
            if number > start:
                return number
        return len(self._lines) + 1

    def _key_line(self, start: int, key: str) -> int | None:
        pattern = re.compile(
            r"^\s*(?:"
            + re.escape(key)
            + r'|"'
            + re.escape(key)
            + r"\"|'"
            + re.escape(key)
            + r"')\s*[=.]"
        )
        for number in range(start + 1, self._block_end(start)):
            if pattern.match(self._lines[number - 1]):
                return number
        return None

    def _table(self, key: tuple[str, ...]) -> int | None:
        return next((n for n, array, k in self._headers if not array and k == key), None)

    def _array_item(self, key: tuple[str, ...], index: int) -> int | None:
        items = [n for n, array, k in self._headers if array and k == key]
        return items[index] if index < len(items) else None

    def _resolve(self, pointer: str) -> Location | None:
        tokens = split_pointer(pointer)
        table = self._table(self.BASE)
        best = table or next((n for n, _, k in self._headers if k[:2] == self.BASE), None)
        if best is None:
            return None
        block = table
        prefix: tuple[str, ...] = self.BASE
        i = 0
        while i < len(tokens):
            step = self._step(prefix, tokens, i)
            if step is None:
                if block is not None:
                    best = self._key_line(block, tokens[i]) or best
                break
            best = block = step[0]
            prefix = (*prefix, *tokens[i : step[1]])
            i = step[1] + (1 if step[2] else 0)
        return Location(best)

    def _step(
        self, prefix: tuple[str, ...], tokens: Sequence[str], i: int
    ) -> tuple[int, int, bool] | None:
        """The deepest header for tokens[i:j]: (its line, j, whether tokens[j] is an index)."""
        for j in range(len(tokens), i, -1):
            key = (*prefix, *tokens[i:j])
            line = self._table(key)
            if line is not None:
                return line, j, False
            if j < len(tokens) and list_index(tokens[j]) is not None:
                line = self._array_item(key, int(tokens[j]))
                if line is not None:
                    return line, j, True
        return None


def toml_plain(value: Any) -> Any:
    """TOML dates and times become ISO strings, as YAML gives them."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: toml_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [toml_plain(v) for v in value]
    return value


def read_pyproject_section(text: str, file: str) -> tuple[dict[str, Any] | None, SourceMap]:
    """`[tool.jxcheck]` of a pyproject.toml (None when it has none) and its source map."""
    import tomllib  # only where a pyproject.toml is read: not in a run naming its policy

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            Text(f"{file}: TOML 语法错误：{error}", f"{file}: TOML syntax error: {error}")
        ) from None
    tool = document.get("tool")
    section = tool.get("jxcheck") if isinstance(tool, dict) else None
    if section is None:
        return None, TomlSourceMap(text)
    if not isinstance(section, dict):
        raise ConfigError(
            Text(f"{file}: [tool.jxcheck] 应为表", f"{file}: [tool.jxcheck] must be a table")
        )
    return toml_plain(section), TomlSourceMap(text)
