"""Text from records and file names made safe to print on a terminal.

A department's record, or the name of a file it sent, can hold control characters: an escape
sequence that recolours, clears or retitles the reviewer's terminal, a carriage return that
overwrites the line before it, or a bidirectional override that shows text in another order
than it is stored. Before such text reaches a terminal (the text report, one-line error
messages) each of these characters is written as a visible escape (`\\x1b`, `\\u202e`); the
reports for files (JSON, HTML, SARIF …) keep the text as written and escape it their own way.
"""

from __future__ import annotations

import re

#: C0 controls but tab and line feed, DEL, C1 controls, line and paragraph separators, and the
#: bidirectional marks, embeddings, overrides and isolates.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE_RE = re.compile(f"[{_UNSAFE}]")
_UNSAFE_LINE_RE = re.compile(f"[{_UNSAFE}\n]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character written as a visible escape; line feeds too when
    `one_line` (a finding stays on its line)."""
    pattern = _UNSAFE_LINE_RE if one_line else _UNSAFE_RE
    return pattern.sub(_escape, text) if pattern.search(text) else text
