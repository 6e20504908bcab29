"""What readers take and give: input files as bytes, loaded documents with their source maps.

A reader is registered through the `register_readers` hook. It turns the bytes of one file into
`LoadedDocument`s (a model plus where each value came from) and `InvalidRecord`s (a record that
broke the JSON Schema), or raises `InputError` naming the file and line it gave up on.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from checker.errors import InputError
from checker.i18n import Text
from checker.model import Document
from checker.source import Location, SourceMap

#: Files larger than this are refused with a clear message (`--max-size` overrides).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input: its name as shown in reports, and its bytes."""

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        """The name's suffix, lower case (as `Path.suffix`; every reader's sniff asks)."""
        base = self.name.rsplit("/", 1)[-1].rsplit(os.sep, 1)[-1]
        dot = base.rfind(".")
        return base[dot:].lower() if 0 < dot < len(base) - 1 else ""


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> InputFile:
    """The bytes of a path, or an InputError (missing, unreadable, not a regular file, larger
    than `max_bytes`).

    The file is opened without blocking and checked to be a regular file before anything is
    read: a FIFO with no writer, a device or a socket named like a record would otherwise
    block the run for ever or read without end.
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise _unreadable(name, error) from None
    try:
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                raise InputError(
                    name,
                    None,
                    Text(
                        "不是普通文件（管道、设备或套接字），不读取",
                        "not a regular file (a pipe, device or socket): not read",
                    ),
                )
            size = status.st_size
            if size > max_bytes:
                raise InputError(
                    name,
                    None,
                    Text(
                        f"文件大小 {size} 字节超过上限 {max_bytes} 字节（--max-size）",
                        f"file of {size} bytes exceeds the limit of {max_bytes} bytes (--max-size)",
                    ),
                )
            data = _read_all(fd, size, max_bytes + 1)
        except OSError as error:
            raise _unreadable(name, error) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew while we read it
        raise InputError(
            name,
            None,
            Text(
                f"文件大小超过上限 {max_bytes} 字节（--max-size）",
                f"the file exceeds the limit of {max_bytes} bytes (--max-size)",
            ),
        )
    return InputFile(name, data)


def _read_all(fd: int, size: int, limit: int) -> bytes:
    """Up to `limit` bytes of an open file, read straight from its descriptor until its end (no
    buffered file object: a season opens thousands of small files); `size` is what `fstat`
    said, read in one call where the file has not grown."""
    parts: list[bytes] = []
    got = 0
    want = min(size + 1, limit) if size else min(_READ_CHUNK, limit)
    while got < limit:
        part = os.read(fd, want)
        if not part:
            break
        parts.append(part)
        got += len(part)
        want = min(_READ_CHUNK, limit - got)
    return parts[0] if len(parts) == 1 else b"".join(parts)


#: What `_read_all` asks for past the size `fstat` gave.
_READ_CHUNK = 64 * 1024


def _unreadable(name: str, error: OSError) -> InputError:
    return InputError(name, None, unreadable_text(error))


def unreadable_text(error: OSError) -> Text:
    """Why a file cannot be read, in the system's words (`无法读取文件：Permission denied`)."""
    reason = error.strerror or type(error).__name__
    return Text(f"无法读取文件：{reason}", f"cannot read the file: {reason}")


# --- what jxcheck itself writes ----------------------------------------------------------------

#: How many leading bytes `own_output` looks at: a report or baseline says what it is there.
OWN_OUTPUT_SNIFF_BYTES = 4096

_JSON_REPORT_RE = re.compile(
    rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"format_version"\s*:\s*"[^"]*"\s*,\s*"tool"\s*:\s*\{\s*'
    rb'"name"\s*:\s*"jxcheck"'
)
_BASELINE_RE = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"format"\s*:\s*"jxcheck-baseline/')
_SARIF_RE = re.compile(
    rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"\$schema"\s*:\s*"[^"]*sarif[^"]*".{0,2000}?'
    rb'"driver"\s*:\s*\{\s*"name"\s*:\s*"jxcheck"',
    re.DOTALL,
)
_JUNIT_RE = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?<testsuites name="jxcheck"')
_HTML_RE = re.compile(
    rb'\A(?:\xef\xbb\xbf)?\s*<!DOCTYPE html>.{0,4000}?<meta name="generator" content="jxcheck ',
    re.DOTALL | re.IGNORECASE,
)
#: The first line of the text report: a finding (`file:line: S000 error …`), a project, or the
#: summary.
_TEXT_REPORT_RE = re.compile(
    r"\A\n?(?:[^\n]*\.[0-9A-Za-z]+(?::[^\s:]+)?: [A-Z][A-Z0-9]*[0-9]{3} (?:error|warning|info)[ \n]"
    r"|(?:错误|警告|提示) \d+ 个：\n[^\n]*: [A-Z][A-Z0-9]*[0-9]{3} (?:error|warning|info) "
    r"|\d+ (?:errors|warnings|infos):\n[^\n]*: [A-Z][A-Z0-9]*[0-9]{3} (?:error|warning|info) "
    r"|[^\n]+: [^\n]* \((?:错误 \d+ 警告 \d+ 提示 \d+|\d+E \d+W \d+I)\)\n"
    r"|另有 \d+ 个提示未逐条列出|\d+ infos not listed "
    r"|\d+ 条记录[，：]|\d+ records[,:] )"
)
#: The title the xlsx report gives its workbook (`checker.reporters.common.LABELS["heading"]`).
_XLSX_REPORT_TITLES = (
    ">预算项目绩效目标审核报告</dc:title>".encode(),
    b">Budget project performance target review</dc:title>",
)
_ZIP_LOCAL = struct.Struct("<4s2xHH4x4xII2H")  # signature, flags, method, sizes, name/extra


def own_output(data: bytes) -> str | None:
    """What jxcheck output these bytes are (`json`, `sarif`, `junit`, `html`, `xlsx`, `text`
    report, `baseline`), or None: a report written into a checked folder is never an input.

    Looks at the first `OWN_OUTPUT_SNIFF_BYTES` bytes only, for the marks jxcheck's reporters
    write first: the JSON report's `format_version` and `tool`, SARIF's `$schema` and driver,
    the JUnit root's name, the HTML generator, the text report's first line, and the xlsx
    report's title in `docProps/core.xml` (the zip's second member; an exported form has no
    such title).
    """
    head = data[:OWN_OUTPUT_SNIFF_BYTES]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    first = stripped[:1]
    if first == b"{":
        if _JSON_REPORT_RE.match(head):
            return "json"
        if _SARIF_RE.match(head):
            return "sarif"
        if _BASELINE_RE.match(head):
            return "baseline"
        return None
    if first == b"<":
        if _JUNIT_RE.match(head):
            return "junit"
        if _HTML_RE.match(head):
            return "html"
        return None
    if head.startswith(b"PK\x03\x04"):
        return "xlsx" if _xlsx_report(head) else None
    if b": " in head[:2048] or head[:1].isdigit():  # a finding or project line, the summary
        text = head[:2048].decode("utf-8", errors="replace")
        if _TEXT_REPORT_RE.match(text):
            return "text"
    return None


def _xlsx_report(head: bytes) -> bool:
    """The xlsx report: a zip whose `docProps/core.xml`, among its first members, carries the
    report's title (inflated from the first bytes alone, at most 64 KB of it)."""
    offset = 0
    for _ in range(4):
        if len(head) < offset + _ZIP_LOCAL.size:
            return False
        signature, flags, method, size, _, name_len, extra_len = _ZIP_LOCAL.unpack_from(
            head, offset
        )
        if signature != b"PK\x03\x04" or flags & 0x08:  # sizes after the data: not ours
            return False
        start = offset + _ZIP_LOCAL.size + name_len + extra_len
        name = head[offset + _ZIP_LOCAL.size : offset + _ZIP_LOCAL.size + name_len]
        if name == b"docProps/core.xml":
            body = head[start : start + size]
            if len(body) < size:
                return False
            try:
                text = zlib.decompressobj(-15).decompress(body, 65536) if method == 8 else body
            except zlib.error:
                return False
            return b">jxcheck</dc:creator>" in text and any(
                title in text for title in _XLSX_REPORT_TITLES
            )
        offset = start + size
    return False


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Options every reader honours."""

    encoding: str | None = None
    budget_year: int | None = None


@dataclass(slots=True)
class LoadedDocument:
    """A document (or bare project records wrapped as one) and where its values came from.

    Pointers in `source_map` are pointers into the *file's* data; `project_pointers[i]` is where
    project `i` sits in it (`/projects/3`, `/2`, `` for a file holding one bare project), and
    `pointer` where the document itself sits (`` or `/1` in a list or stream).
    """

    file: str
    document: Document
    source_map: SourceMap
    pointer: str = ""
    project_pointers: list[str] = field(default_factory=list)
    #: True when the file held project records, not a whole document: no Part 1 to check.
    standalone: bool = False
    #: Name of the reader that produced it (`yaml`, `text-export`, `docx` …).
    reader: str = ""

    def project_pointer(self, index: int) -> str:
        if index < len(self.project_pointers):
            return self.project_pointers[index]
        return f"{self.pointer}/projects/{index}"

    def locate(self, pointer: str) -> Location:
        return self.source_map.locate(pointer)


@dataclass(frozen=True, slots=True)
class SchemaViolation:
    """One JSON Schema error: where in the record, and what."""

    pointer: str
    location: Location
    message: Text


@dataclass(slots=True)
class InvalidRecord:
    """A record that does not satisfy the JSON Schema: reported as S001, not checked further."""

    file: str
    pointer: str
    violations: list[SchemaViolation]
    project_code: str | None = None
    project_name: str | None = None
    location: Location = field(default_factory=Location)


ReadResult = LoadedDocument | InvalidRecord


@runtime_checkable
class Reader(Protocol):
    """An input reader. `sniff` says how sure it is that it can read a file (0 = not at all)."""

    name: str
    description: str
    suffixes: tuple[str, ...]

    def sniff(self, file: InputFile) -> int: ...

    def read(self, file: InputFile, options: ReadOptions) -> Iterable[ReadResult]: ...
