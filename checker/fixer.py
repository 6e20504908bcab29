"""`jxcheck check --fix`: apply the rules' safe mechanical fixes to YAML/JSON record files.

Fixes are applied to the file's text at the marks libyaml gives each node, so comments, key
order and quoting elsewhere stay as the author wrote them. Only record files are rewritten;
documents in other formats (the Word text export, .docx, .xlsx) are never touched — their
findings still say what to change.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from checker.encoding import decode, detect_encoding
from checker.errors import InputError
from checker.finding import Finding
from checker.source import list_index
from checker.yamlsource import NodeSourceMap, load_yaml_stream

#: Readers whose files `--fix` may rewrite.
FIXABLE_READERS = frozenset({"records"})


@dataclass(frozen=True)
class AppliedFix:
    """One change made to a file, for the terminal summary."""

    file: str
    line: int | None
    rule: str
    before: str | None
    after: str | None


def _scalar_text(value: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _locate_node(maps: list[NodeSourceMap], pointer: str) -> yaml.Node | None:
    """The node of a file pointer; `/#n/…` selects document n of a multi-document stream."""
    if pointer.startswith("/#"):
        number, _, rest = pointer[2:].partition("/")
        index = list_index(number)
        if index is None or index >= len(maps):
            return None
        return maps[index].node_at("/" + rest if rest else "")
    return maps[0].node_at(pointer) if maps else None


def _parent_pointer(pointer: str) -> tuple[str, str]:
    parent, _, last = pointer.rpartition("/")
    return parent, last


def fix_file(
    path: Path, findings: Iterable[Finding], encoding: str | None = None
) -> list[AppliedFix]:
    """Apply the fixes of `findings` to one record file; return what changed.

    Two fixes to the same node: the first wins (the file is checked again afterwards, so a
    remaining problem is reported, not hidden).
    """
    raw = path.read_bytes()
    file_encoding = encoding or detect_encoding(raw) or "utf-8"
    text = decode(raw, str(path), file_encoding)
    maps = [m for _, m in load_yaml_stream(text, str(path)) if isinstance(m, NodeSourceMap)]
    edits: dict[tuple[int, int], tuple[str, Finding, str | None, str | None]] = {}
    for finding, fix in ((f, x) for f in findings for x in f.fixes):
        node = _locate_node(maps, fix.pointer)
        if node is None:
            continue
        if fix.remove:
            parent_pointer, _ = _parent_pointer(fix.pointer)
            parent = _locate_node(maps, parent_pointer)
            if not isinstance(parent, yaml.SequenceNode):
                continue
            if len(parent.value) == 1:
                span = (parent.start_mark.index, parent.end_mark.index)
                edits.setdefault(span, ("[]", finding, finding.text, None))
                continue
            if parent.flow_style:
                continue
            start = text.rfind("\n", 0, node.start_mark.index) + 1
            items = parent.value
            position = items.index(node)
            if position + 1 < len(items):
                end = text.rfind("\n", 0, items[position + 1].start_mark.index) + 1
            else:
                end = text.rfind("\n", 0, node.end_mark.index) + 1
                end = node.end_mark.index if end <= start else end
            edits.setdefault((start, end), ("", finding, finding.text, None))
            continue
        if not isinstance(node, yaml.ScalarNode) or fix.value is None:
            continue
        if node.value == fix.value:
            continue
        span = (node.start_mark.index, node.end_mark.index)
        edits.setdefault(span, (_scalar_text(fix.value), finding, node.value, fix.value))
    if not edits:
        return []
    as_written = raw.decode(file_encoding)  # as `decode` did, line endings as in the file
    bom = "\ufeff" if as_written.startswith("\ufeff") else ""
    body = as_written[len(bom) :]
    if _normalised(body) != text:  # pragma: no cover - decode changed more than line endings
        return []
    # libyaml's marks are offsets into `text`, where each CRLF is one "\n": `text` offset `i`
    # is `i + (CRLFs before it)` in `body`, so every line keeps its own ending
    crlf = [m.start() - n for n, m in enumerate(re.finditer("\r\n", body))]

    def in_body(index: int) -> int:
        return index + bisect.bisect_left(crlf, index)

    applied: list[AppliedFix] = []
    new_body = body
    last_start = len(text) + 1
    for (start, end), (replacement, finding, before, after) in sorted(edits.items(), reverse=True):
        if end > last_start:  # overlapping edits: keep the later one, skip this
            continue
        new_body = new_body[: in_body(start)] + replacement + new_body[in_body(end) :]
        last_start = start
        applied.append(AppliedFix(str(path), finding.line, finding.rule, before, after))
    try:
        load_yaml_stream(_normalised(new_body), str(path))
    except InputError:
        return []  # never write a file we could not read back
    path.write_bytes((bom + new_body).encode(file_encoding))
    return sorted(applied, key=lambda a: (a.line or 0, a.rule))


def _normalised(text: str) -> str:
    """Line endings as `checker.encoding.decode` makes them: every CRLF and CR a LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def apply_fixes(
    findings: Iterable[Finding], readers_by_file: dict[str, str | None], encoding: str | None = None
) -> list[AppliedFix]:
    """Apply every unwaived finding's fix to the record files they are in."""
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        if not finding.fixes or finding.waived:
            continue
        if readers_by_file.get(finding.file) not in FIXABLE_READERS:
            continue
        by_file.setdefault(finding.file, []).append(finding)
    applied: list[AppliedFix] = []
    for file in sorted(by_file):
        applied.extend(fix_file(Path(file), by_file[file], encoding))
    return applied
