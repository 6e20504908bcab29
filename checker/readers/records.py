"""The reader of jxcheck's own record files: YAML or JSON, validated against the shipped schemas.

A file holds one document, one project, a list of either, or a multi-document YAML stream of
them. Each item is checked against its JSON Schema first (a violation is reported with the line
it sits on, never as a traceback), then built into the model. Bare projects are wrapped into a
standalone `Document` so that the engine sees one shape.

Pointers are JSON pointers into the file's data: `` for a file holding one record, `/2` for the
third item of a list, `/1/projects/0` for a project of a document inside a list. In a stream of
several YAML documents the first token names the document, 0-based: `/#1/projects/0` is the first
project of the second document. (A stream with one non-empty document has no such token, so a
stray `---` does not change any pointer, nor any fingerprint built from it.)
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pydantic import ValidationError

from checker import schemas
from checker.encoding import decode, detect_encoding
from checker.errors import InputError
from checker.i18n import Text
from checker.inputs import (
    InputFile,
    InvalidRecord,
    LoadedDocument,
    ReadOptions,
    ReadResult,
    SchemaViolation,
)
from checker.model import RECORD_FORMAT, Document, Project, ProjectRecord
from checker.source import Location, SourceMap, join_pointer, list_index
from checker.yamlsource import load_yaml_stream

#: Sniff looks at no more than this many leading bytes.
_SNIFF_BYTES = 64 * 1024
SNIFF_FORMAT = 90
SNIFF_KEYS = 60
SNIFF_SUFFIX = 20

_FORMAT_RE = re.compile(r"""["']?format["']?[ \t]*:[ \t]*["']?jxcheck/1\b""")
_KEYS_RE = re.compile(
    r"""(?:^(?:-[ \t]+)?|[{,][ \t\r\n]*)["']?(?:projects|indicators|code|name)["']?[ \t]*:""",
    re.MULTILINE,
)
_TEXT_EXPORT_RE = re.compile(r"^\t", re.MULTILINE)
_SURROGATE_PAIR_RE = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE
)


class StreamSourceMap(SourceMap):
    """The source map of a stream of YAML documents: `/#<n>` selects document n (0-based)."""

    __slots__ = ("_parts",)

    def __init__(self, parts: Sequence[SourceMap]) -> None:
        self._parts = list(parts)
        # a partial, not a bound method: no reference cycle (see NodeSourceMap)
        super().__init__(resolver=partial(_stream_location, self._parts))


def _stream_location(parts: list[SourceMap], pointer: str) -> Location | None:
    _, _, rest = pointer.partition("/#")
    number, slash, inner = rest.partition("/")
    index = list_index(number)
    if not pointer.startswith("/#") or index is None or index >= len(parts):
        return None
    return parts[index].get(slash + inner)


def document_token(index: int) -> str:
    """The pointer of YAML document `index` of a multi-document stream."""
    return f"/#{index}"


def _head_text(data: bytes) -> str:
    """The first bytes of a file as text, for sniffing only (never fails)."""
    sample = data[:_SNIFF_BYTES]
    if len(data) > _SNIFF_BYTES:
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    encoding = detect_encoding(sample) or "utf-8"
    return sample.decode(encoding, errors="replace")


def _looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def _join_surrogates(text: str) -> str:
    """JSON may escape a character outside the BMP as a surrogate pair; YAML cannot read that."""

    def join(match: re.Match[str]) -> str:
        high, low = int(match.group(2), 16), int(match.group(3), 16)
        return match.group(1) + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    return _SURROGATE_PAIR_RE.sub(join, text)


#: Characters JSON allows inside a string as they are but YAML refuses (DEL, the C1 controls
#: but NEL, and the noncharacters U+FFFE/U+FFFF).
_YAML_UNPRINTABLE_RE = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _escape_json_controls(text: str) -> str:
    """Valid JSON that YAML cannot read as it is, made readable without changing its data.

    Only for text that is valid JSON (checked on this rare path alone): every string is then
    double-quoted, where YAML reads `\\u007f` as the very character, so nothing else changes.
    """
    if not _YAML_UNPRINTABLE_RE.search(text):
        return text
    try:
        json.loads(text)
    except ValueError:
        return text  # not JSON after all: YAML reports the character with its line
    return _YAML_UNPRINTABLE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(slots=True)
class _Batch:
    """Consecutive bare projects of one file, wrapped into one standalone document."""

    pointer: str
    budget_year: int | None
    projects: list[Project] = field(default_factory=list)
    pointers: list[str] = field(default_factory=list)


class RecordsReader:
    """Reads jxcheck records (format `jxcheck/1`) from YAML or JSON files."""

    name = "records"
    description = "jxcheck 记录（YAML/JSON）/ jxcheck records (YAML or JSON)"
    suffixes: tuple[str, ...] = (".yaml", ".yml", ".json")

    def sniff(self, file: InputFile) -> int:
        """Sure when the content names the format or record keys; a little sure by suffix."""
        text = _head_text(file.data)
        if "绩效目标表" in text and _TEXT_EXPORT_RE.search(text):
            return 0  # the Word text export: tab-led table cells
        by_suffix = SNIFF_SUFFIX if file.suffix in self.suffixes else 0
        if _FORMAT_RE.search(text):
            return SNIFF_FORMAT + by_suffix // 2
        if _KEYS_RE.search(text):
            return SNIFF_KEYS + by_suffix // 2
        return by_suffix

    def read(self, file: InputFile, options: ReadOptions) -> list[ReadResult]:
        text = decode(file.data, file.name, options.encoding)
        if not text.strip():
            raise InputError(file.name, None, Text("文件是空的", "the file is empty"))
        if _looks_like_json(text):
            if "\\u" in text:
                text = _join_surrogates(text)
            text = _escape_json_controls(text)
        try:
            stream = load_yaml_stream(text, file.name)
        except ValueError as error:  # Python converts no integer of more than 4,300 digits
            raise _number_error(file.name, text, error) from None
        filled = [i for i, (data, _) in enumerate(stream) if data is not None]
        if not filled:
            raise InputError(
                file.name,
                None,
                Text(
                    "文件中没有记录（只有注释或空文档）",
                    "the file holds no records (only comments)",
                ),
            )
        if len(filled) == 1:
            data, source_map = stream[filled[0]]
            items = _Items(file, source_map, options)
            items.read_document(data, "")
        else:
            items = _Items(file, StreamSourceMap([part for _, part in stream]), options)
            for index in filled:
                items.read_document(stream[index][0], document_token(index))
        items.flush()
        return items.results


def _number_error(name: str, text: str, error: ValueError) -> InputError:
    """A number Python refuses to convert (`sys.get_int_max_str_digits`, 4,300 digits by
    default) as one line naming where it is, not a reader's crash."""
    limit = sys.get_int_max_str_digits() or 4300
    found = re.search(f"[0-9]{{{limit + 1},}}", text)
    if found is None:
        return InputError(
            name, None, Text(f"无法读取的数值：{error}", f"a value that cannot be read: {error}")
        )
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    digits = len(found.group())
    return InputError(
        name,
        line,
        Text(
            f"数字有 {digits} 位，超过可读取的 {limit} 位；若它是文字（如编码），请加引号",
            f"a number of {digits} digits is longer than the {limit} digits jxcheck reads; "
            "quote it if it is text (a code, say)",
        ),
        column,
    )


class _Items:
    """Turns the records of one file, in order, into loaded documents and invalid records."""

    def __init__(self, file: InputFile, source_map: SourceMap, options: ReadOptions) -> None:
        self.file = file
        self.source_map = source_map
        self.options = options
        self.results: list[ReadResult] = []
        self.batch: _Batch | None = None

    def read_document(self, data: Any, base: str) -> None:
        """The items of one YAML document (a record, or a list of records) at pointer `base`."""
        if isinstance(data, dict):
            self.item(data, base, base)
        elif isinstance(data, list) and data:
            for index, item in enumerate(data):
                self.item(item, join_pointer(base, index), base)
        else:
            what = (
                Text("空列表", "an empty list")
                if isinstance(data, list)
                else schemas.type_text(data)
            )
            raise InputError(
                self.file.name,
                self.source_map.locate(base).line,
                Text(
                    f"文件内容是{what.zh}，不是记录（应为文档、项目或它们的列表）",
                    f"the file holds {what.en}, not records "
                    "(expected a document, a project or a list of them)",
                ),
            )

    def item(self, data: Any, pointer: str, base: str) -> None:
        if not isinstance(data, dict):
            what = schemas.type_text(data)
            self.invalid(
                pointer,
                [
                    (
                        pointer,
                        Text(
                            f"应为文档或项目（映射），实际为{what.zh}",
                            f"expected a document or a project (a mapping), found {what.en}",
                        ),
                    )
                ],
                None,
            )
            return
        is_document = "projects" in data or data.get("kind") == "document"
        errors = schemas.validate("document" if is_document else "project", data)
        if errors:
            self.invalid(pointer, [(pointer + e.pointer, e.message) for e in errors], data)
            return
        try:
            if is_document:
                self.document(Document.model_validate(data, strict=True), pointer)
            else:
                project, budget_year = _project_record(data)
                self.project(project, budget_year, pointer, base)
        except ValidationError as error:  # the schema let through what the model refuses
            self.invalid(pointer, _model_errors(pointer, error), data)

    def document(self, document: Document, pointer: str) -> None:
        self.flush()
        if document.budget_year is None and self.options.budget_year is not None:
            document = document.model_copy(update={"budget_year": self.options.budget_year})
        self.results.append(
            LoadedDocument(
                file=self.file.name,
                document=document,
                source_map=self.source_map,
                pointer=pointer,
                project_pointers=[
                    join_pointer(pointer, "projects", i) for i in range(len(document.projects))
                ],
                reader=RecordsReader.name,
            )
        )

    def project(self, project: Project, budget_year: int | None, pointer: str, base: str) -> None:
        """A bare project joins the wrapper of the projects just before it (same budget year)."""
        if self.batch is None or self.batch.budget_year != budget_year:
            self.flush()
            self.batch = _Batch(base, budget_year)
        self.batch.projects.append(project)
        self.batch.pointers.append(pointer)

    def invalid(self, pointer: str, errors: list[tuple[str, Text]], data: Any) -> None:
        self.flush()
        code = data.get("code") if isinstance(data, dict) else None
        name = data.get("name") if isinstance(data, dict) else None
        violations = [
            SchemaViolation(where, self.source_map.locate(where), message)
            for where, message in errors
        ]
        violations.sort(key=lambda v: (v.location.line or 0, v.location.column or 0))
        self.results.append(
            InvalidRecord(
                file=self.file.name,
                pointer=pointer,
                violations=violations,
                project_code=code if isinstance(code, str) else None,
                project_name=name if isinstance(name, str) else None,
                location=self.source_map.locate(pointer),
            )
        )

    def flush(self) -> None:
        batch, self.batch = self.batch, None
        if batch is None:
            return
        year = batch.budget_year if batch.budget_year is not None else self.options.budget_year
        self.results.append(
            LoadedDocument(
                file=self.file.name,
                document=Document(budget_year=year, projects=batch.projects),
                source_map=self.source_map,
                pointer=batch.pointer,
                project_pointers=batch.pointers,
                standalone=True,
                reader=RecordsReader.name,
            )
        )


#: The keys a project record has besides a project's own.
_RECORD_KEYS = frozenset({"format", "kind", "budget_year"})


def _project_record(data: dict[str, Any]) -> tuple[Project, int | None]:
    """A bare project record (already schema-valid) as a `Project` and its budget year.

    The same as validating a `ProjectRecord` and taking `as_project()`, in one validation
    instead of three passes; a record-level value the strict model would refuse (a budget year
    written `2023.0`) goes the long way, so that its error is the model's own.
    """
    year = data.get("budget_year")
    if (
        (year is None or (isinstance(year, int) and not isinstance(year, bool)))
        and data.get("format", RECORD_FORMAT) == RECORD_FORMAT
        and data.get("kind", "project") == "project"
    ):
        body = {k: v for k, v in data.items() if k not in _RECORD_KEYS}
        return Project.model_validate(body, strict=True), year
    record = ProjectRecord.model_validate(data, strict=True)
    return record.as_project(), record.budget_year


def _model_errors(pointer: str, error: ValidationError) -> list[tuple[str, Text]]:
    """Pydantic errors as (pointer, message) pairs, for what the schema could not say."""
    found: list[tuple[str, Text]] = []
    for detail in error.errors(include_url=False):
        where = join_pointer(pointer, *(str(t) for t in detail["loc"]))
        message = str(detail["msg"])
        found.append((where, Text(f"不符合记录格式：{message}", message)))
    return found
