"""Indented JSON text, written faster: exactly `json.dumps(value, ensure_ascii=False, indent=2)`.

Python 3.11's `json` writes indented text with its pure-Python encoder (its C encoder ignores
`indent`), one generator per container and a chain of `yield from` per value: on a season's
report (16 MB, 20,000 findings) the largest step the parent of `--jobs N` takes alone. This is
the same walk as one recursive function appending to one list, scalars written inline with the
functions `json` itself uses (its C string encoder, `float.__repr__`): ~30% less time. The JSON
report, SARIF and baselines are written with it; tests hold it to `json.dumps`, character for
character.
"""

from __future__ import annotations

import json
import json.encoder
from typing import Any

_text = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes text with
_SPECIAL_FLOATS = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def indented(value: Any, indent: int = 2) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=indent)`, the same characters."""
    parts: list[str] = []
    _write(value, "\n", " " * indent, parts)
    return "".join(parts)


def _write(value: Any, newline: str, step: str, parts: list[str], text: Any = _text) -> None:
    """Append `value` written at the indentation `newline` holds (a newline and the spaces);
    `text` is bound once, a local name (a global's lookup per value showed in the time)."""
    add = parts.append
    kind = type(value)
    if kind is dict:
        if not value:
            add("{}")
            return
        inner = newline + step
        separator = "{" + inner
        for key, item in value.items():
            add(separator)
            add(text(key) if type(key) is str else _key(key))
            kind = type(item)
            if kind is str:  # most values: written here, without a call
                add(": " + text(item))
            elif item is None:
                add(": null")
            elif kind is int:
                add(": " + int.__repr__(item))
            elif item is False:
                add(": false")
            else:
                add(": ")
                _write(item, inner, step, parts)
            separator = "," + inner
        add(newline + "}")
    elif kind is list:
        if not value:
            add("[]")
            return
        inner = newline + step
        separator = "[" + inner
        for item in value:
            add(separator)
            if type(item) is str:
                add(text(item))
            else:
                _write(item, inner, step, parts)
            separator = "," + inner
        add(newline + "]")
    elif kind is str:
        add(text(value))
    else:
        _write_other(value, newline, step, parts)


def _write_other(value: Any, newline: str, step: str, parts: list[str]) -> None:
    """The rest, as json tells them apart: subclasses of its types by `isinstance`."""
    if isinstance(value, str):
        parts.append(_text(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, dict):
        _write(dict(value), newline, step, parts)
    elif isinstance(value, list | tuple):
        _write(list(value), newline, step, parts)
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _float(value: float) -> str:
    """A float as json writes it (NaN and the infinities by their JavaScript names)."""
    text = float.__repr__(value)
    return _SPECIAL_FLOATS.get(text, text)


def _key(key: Any) -> str:
    """A mapping key as json writes it: text as is; a number, true, false or null as text."""
    if isinstance(key, str):
        return _text(key)
    if isinstance(key, float):
        return _text(_float(key))
    if key is True or key is False or key is None:
        return _text(json.dumps(key))
    if isinstance(key, int):
        return _text(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
