"""What readers take and give: input files as bytes, loaded documents with their source maps.

A reader is registered through the `register_readers` hook. It turns the bytes of one file into
`LoadedDocument`s (a model plus where each value came from) and `InvalidRecord`s (a record that
broke the JSON Schema), or raises `InputError` naming the file and line it gave up on.
"""

from __future__ import annotations

import os
import stat
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
    with os.fdopen(fd, "rb") as handle:
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
            data = handle.read(max_bytes + 1)
        except OSError as error:
            raise _unreadable(name, error) from None
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


def _unreadable(name: str, error: OSError) -> InputError:
    reason = error.strerror or type(error).__name__
    return InputError(
        name, None, Text(f"无法读取文件：{reason}", f"cannot read the file: {reason}")
    )


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
