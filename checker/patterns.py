"""Regular expressions that policies supply, compiled so that no pattern can hang a run.

A policy may set a rule's patterns (N003's 发文字号, G002's process phrases, V001's transitions …).
Python's `re` backtracks: a pattern such as `(a|aa)+$` takes exponential time on a short text, and
an innocent-looking one quadratic time on a long cell. So a pattern a policy gives is compiled
with RE2 (`google-re2`), whose matching is linear in the text whatever the pattern; what RE2
cannot express (look-around, back-references) is refused when the policy loads, with a clear
message.

jxcheck's own patterns — the rules' defaults, and the plugins' (plugins are trusted code) — are
written linear and tested so (tests/test_linear_time.py); they keep Python's `re`, which is much
faster on the short cells of a table (measured: 0.3 µs against 7 µs a search on a project name).
A policy that restates a default therefore costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, Protocol, cast


class Match(Protocol):
    def group(self, *groups: int | str) -> Any: ...
    def groupdict(self) -> dict[str, str | None]: ...
    def start(self, group: int | str = 0) -> int: ...
    def end(self, group: int | str = 0) -> int: ...


class Pattern(Protocol):
    """What the rules use of a compiled pattern: `re.Pattern` and RE2's `_Regexp` both have it."""

    def search(self, text: str) -> Match | None: ...
    def match(self, text: str) -> Match | None: ...
    def fullmatch(self, text: str) -> Match | None: ...
    def finditer(self, text: str) -> Iterator[Match]: ...
    def sub(self, repl: str, text: str, count: int = 0) -> str: ...


#: RE2 writes a code point \x{4e00}; Python writes \u4e00 (as the packaged policies do).
_UNICODE_ESCAPE_RE = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u([0-9a-fA-F]{4})|(?<!\\)((?:\\\\)*)\\U([0-9a-fA-F]{8})"
)
#: The memory RE2 may use for one compiled pattern (its default is 8 MiB).
RE2_MAX_MEMORY = 8 << 20


def _re2_syntax(pattern: str) -> str:
    def code_point(match: re.Match[str]) -> str:
        slashes = match.group(1) if match.group(2) else match.group(3)
        digits = match.group(2) or match.group(4)
        return f"{slashes or ''}\\x{{{digits}}}"

    return _UNICODE_ESCAPE_RE.sub(code_point, pattern)


def _re2(pattern: str) -> Pattern:
    import re2

    options = re2.Options()
    options.log_errors = False  # the error becomes the policy's message, not a log line
    options.max_mem = RE2_MAX_MEMORY
    try:
        return cast(Pattern, re2.compile(_re2_syntax(pattern), options))
    except re2.error as error:
        reason = error.args[0].decode("utf-8", "replace") if error.args else str(error)
        try:
            re.compile(pattern)
        except (re.error, OverflowError, RecursionError):  # not a pattern at all (`(a`)
            raise ValueError(f"invalid regular expression {pattern!r} (RE2: {reason})") from None
        raise ValueError(
            f"pattern {pattern!r} cannot be matched in linear time (RE2: {reason}); write it "
            "without look-around and back-references"
        ) from None


def check_pattern(pattern: str) -> None:
    """Raise ValueError with a clear message when a policy's pattern is not valid (Python's
    syntax) or cannot be compiled for linear-time matching (RE2)."""
    try:
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError) as error:  # `a{99999999999}`: overflow
        raise ValueError(f"invalid regular expression {pattern!r}: {error}") from None
    if pattern not in trusted_patterns():
        _re2(pattern)


@lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> Pattern:
    """A pattern as the rules use it: Python's `re` for jxcheck's and plugins' own, RE2 for any
    other (a policy's)."""
    if pattern in trusted_patterns():
        return cast(Pattern, re.compile(pattern))
    return _re2(pattern)


#: Texts whose answer `occurs_in` remembers for each policy pattern (emptied when full): a season
#: repeats the same cells (指标值 such as ≥95%, 二级指标 names) thousands of times, and one RE2
#: search through its Python binding costs several microseconds (the text is encoded each time).
OCCURS_MEMO_SIZE = 20_000


@lru_cache(maxsize=512)
def occurs_in(pattern: str) -> Callable[[str], bool]:
    """A test whether `pattern` occurs in a text (`search`), for host code that needs only yes
    or no (declarative rules, expressions' `matches`): a policy's pattern remembers its answers."""
    compiled = compile_pattern(pattern)
    if pattern in trusted_patterns():
        return lambda text: compiled.search(text) is not None
    memo: dict[str, bool] = {}

    def occurs(text: str) -> bool:
        found = memo.get(text)
        if found is None:
            if len(memo) >= OCCURS_MEMO_SIZE:
                memo.clear()
            found = memo[text] = compiled.search(text) is not None
        return found

    return occurs


def _no_trusted() -> frozenset[str]:
    return frozenset()


_trusted_source: Callable[[], frozenset[str]] = _no_trusted


def trust_defaults(source: Callable[[], frozenset[str]]) -> None:
    """Name where jxcheck's own patterns come from (`checker.rule` registers the defaults of
    every rule parameter validated as a pattern), so this module imports no rule code."""
    global _trusted_source
    _trusted_source = source
    compile_pattern.cache_clear()
    occurs_in.cache_clear()


def trusted_patterns() -> frozenset[str]:
    """jxcheck's and plugins' own patterns (the rules' parameter defaults): matched with `re`."""
    return _trusted_source()
