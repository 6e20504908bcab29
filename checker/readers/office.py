"""What the .docx and .xlsx readers share: a guarded zip, and one assembler for both.

Office files are zip packages. `open_package` refuses, before any XML is parsed, what a reviewer
could be sent by mistake or malice: a file that is not a zip, an encrypted (password-protected)
Office file or a legacy .doc/.xls (both OLE compound files), a zip whose central directory or
declared sizes are past the budgets below (a zip bomb). The readers then parse only the parts
they need, each through `Package.parse`, which streams it and keeps the work bounded *while*
reading (the zip's declared sizes are not trusted): bytes inflated per part and in all, XML
elements in all and held at once, and XML with a DTD (entity expansion) refused whatever the
part is called. Past a budget, the file is refused with one line naming it and the part.

Both readers turn a file into the blocks the text-export importer assembles (paragraphs, and
tables of cells with their lines), so a .docx, a sheet and a text export go through the same
label mapping (`checker.readers.layout`) and the same recognition of Part 1, headings and
project tables (`checker.readers.textexport`). A block has no line in an office file: each line
of a cell or paragraph gets an ordinal, and the source map is rewritten from ordinals to cell
labels (`表3 第5行 第2列`, `段落12`, `Sheet1!E14`) with `line` left None.
"""

from __future__ import annotations

import io
import itertools
import posixpath
import re
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from checker.errors import InputError
from checker.i18n import Text
from checker.inputs import InputFile, LoadedDocument, ReadOptions
from checker.readers import textexport
from checker.readers.package import MAX_MEMBERS as MAX_MEMBERS
from checker.readers.package import directory_too_large, ole_kind
from checker.readers.package import zip_members as zip_members
from checker.source import Location, SourceMap

# -- budgets ----------------------------------------------------------------------------------
# A department's document is 10–50 projects; 500 projects (the seed fifty times) is a .docx of
# 7 MB of XML (315,000 elements) and 37,000 cells and paragraphs, a flat sheet of the same size.
# The budgets leave several times that, and keep the worst file within them to seconds and a
# few hundred MB.

#: Bytes inflated from all the parts read (and the members' declared sizes, checked before
#: reading). A 10-table document is about 100 KB of XML; this leaves room for embedded pictures
#: (never read) and is twice the part budget.
MAX_UNCOMPRESSED = 128 * 1024 * 1024
#: Bytes inflated from one part: 500 projects written by LibreOffice (its XML is four times as
#: wordy as Word's) are 30 MB.
MAX_PART_BYTES = 64 * 1024 * 1024
# The most members a package may have, and the size of its central directory: see
# `checker.readers.package` (sniffing refuses larger ones before listing them).
#: XML elements parsed from all the parts (each costs one to three microseconds, parsed and
#: looked at): 500 projects written by LibreOffice are about 1.1 million.
MAX_XML_ELEMENTS = 2_000_000
#: XML elements held at once: what one paragraph, table row or sheet row holds before it is read
#: and let go (a row of a table is a few hundred; each element costs about 250 bytes).
MAX_HELD_ELEMENTS = 200_000
#: Cells and paragraphs read (the ordinals of `Blocks`): as many lines as a text export may have
#: (`checker.readers.textexport.MAX_LINES`); 500 projects are 37,000.
MAX_LINES = 100_000
#: How far into an XML part we look for its root element (past the prolog, where a DTD sits).
_PROLOG_BYTES = 1024 * 1024
#: How much of a part is inflated at a time.
_CHUNK = 64 * 1024


def _error(path: str, zh: str, en: str) -> InputError:
    return InputError(path, None, Text(zh, en))


def too_large(path: str, part: str | None, zh: str, en: str, limit: int) -> InputError:
    """A budget exceeded: `zh`/`en` name what was counted (`个段落`, `paragraphs`)."""
    where_zh = f"{part} " if part else ""
    where_en = f"{part} " if part else "the file "
    return _error(
        path,
        f"{where_zh}超出读取上限：{zh}超过 {limit:,}，不像绩效目标文档，已拒绝读取；"
        "如确实如此之大，请分成几个文件",
        f"{where_en}is past the reading limits: more than {limit:,} {en}, which no target "
        "document needs; refused (split the file if it really is that large)",
    )


def open_package(file: InputFile, kind: str, required: str) -> Package:
    """The file as a package, after the checks above; `required` is the member every such file
    has.

    `kind` is `docx` or `xlsx` (it only words the messages). Raises InputError.
    """
    what = "Word 文档（.docx）" if kind == "docx" else "Excel 工作簿（.xlsx）"
    what_en = "Word document (.docx)" if kind == "docx" else "Excel workbook (.xlsx)"
    legacy = ole_kind(file.data)
    if legacy == "encrypted":
        raise _error(
            file.name,
            "文件已加密（设置了打开密码），无法读取；请在 Word/Excel 中取消密码后另存再检查",
            "the file is encrypted (password-protected) and cannot be read; remove the "
            "password in Word/Excel, save it again and check that copy",
        )
    if legacy is not None:
        old = {"doc": ".doc", "xls": ".xls"}.get(legacy, ".doc/.xls")
        raise _error(
            file.name,
            f"这是旧版 Office 格式（{old}，OLE 复合文档），不是 {what}；请在 Word/Excel 中另存为"
            f" .{kind} 后再检查",
            f"this is a legacy Office file ({old}, an OLE compound file), not a {what_en}; "
            f"save it as .{kind} in Word/Excel and check that copy",
        )
    if not file.data:
        raise _error(file.name, "文件为空", "the file is empty")
    declared = directory_too_large(file.data)
    if declared is not None:
        raise _too_many_members(file.name, declared)
    try:
        archive = zipfile.ZipFile(io.BytesIO(file.data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _error(
            file.name,
            f"不是有效的 {what}：文件不是 zip 压缩包，或已损坏、不完整",
            f"not a valid {what_en}: the file is not a zip package, or it is damaged or truncated",
        ) from None
    try:
        _check_sizes(file.name, infos)
    except InputError:
        archive.close()
        raise
    names = {info.filename for info in infos}
    if required not in names:
        archive.close()
        raise _error(
            file.name,
            f"不是 {what}：压缩包中没有 {required}",
            f"not a {what_en}: the zip package holds no {required}",
        )
    return Package(file.name, kind, archive)


def _too_many_members(path: str, count: int) -> InputError:
    return _error(
        path,
        f"压缩包中有 {count} 个成员，超过上限 {MAX_MEMBERS}，不像 Office 文档",
        f"the zip package has {count} members, more than the limit of "
        f"{MAX_MEMBERS}: not an Office document as we know them",
    )


def _check_sizes(path: str, infos: Sequence[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise _too_many_members(path, len(infos))
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        mib = MAX_UNCOMPRESSED // (1024 * 1024)
        raise _error(
            path,
            f"解压后共 {total} 字节，超过上限 {mib} MiB（可能是 zip 炸弹），已拒绝读取",
            f"the package would inflate to {total} bytes, more than the limit of {mib} MiB "
            "(a zip bomb?); refused",
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise _error(
                path,
                f"压缩包成员 {info.filename} 已加密（有密码），无法读取",
                f"the zip member {info.filename} is encrypted (password-protected)",
            )


# -- parts ------------------------------------------------------------------------------------


class Package:
    """An opened Office package: its parts, parsed within the budgets (see the module doc).

    `parse` streams one XML part and yields each element at its end; the reader calls `release`
    on an element once it has read it (a paragraph, a table row, a sheet row), which frees it
    and everything parsed before it. What has not been released counts against
    `MAX_HELD_ELEMENTS`, so memory stays bounded whatever the XML holds.
    """

    def __init__(self, path: str, kind: str, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.kind = kind
        self.archive = archive
        self.names = frozenset(archive.namelist())
        #: Bytes inflated and XML elements parsed so far, all parts.
        self.inflated = 0
        self.elements = 0
        #: `elements` when an element was last released.
        self._released = 0

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.archive.close()

    def has(self, part: str) -> bool:
        return part in self.names

    def open(self, part: str) -> _PartStream:
        """The inflated bytes of `part`, counted against the byte budgets as they are read,
        after a check of its prolog (no DTD). Raises InputError."""
        try:
            info = self.archive.getinfo(part)
        except KeyError:
            raise self.damaged(part, Text("压缩包中没有这一部分", "not in the package")) from None
        # zipfile never inflates a member past its declared size (past it, the CRC fails): a
        # part declaring more than a budget is refused before it is read
        self.check_bytes(part, info.file_size, self.inflated + info.file_size)
        try:
            member = self.archive.open(info)
        except Exception as error:  # BadZipFile, NotImplementedError (compression) …
            raise self._undecodable(part, error) from None
        stream = _PartStream(self, part, member)
        try:
            stream.check_prolog()
        except BaseException:
            stream.close()
            raise
        return stream

    def parse(self, part: str, tags: Collection[str]) -> Iterator[Any]:
        """The elements of the XML part `part` whose tag is in `tags`, each at its end (lxml
        elements, their content parsed), within the budgets.

        Every element of the part is counted; those held at once count from the last `release`.
        Raises InputError: past a budget, for a DTD (whatever encoding hid it from the prolog
        check: the parser's own record of the document type is checked too) and for XML that
        does not parse.
        """
        from lxml import etree  # type: ignore[import-untyped,unused-ignore]

        with self.open(part) as stream:
            context = etree.iterparse(
                stream,
                events=("end",),
                resolve_entities=False,
                load_dtd=False,
                no_network=True,
                huge_tree=False,
                remove_comments=True,
                remove_pis=True,
            )
            self._released = count = self.elements
            limit = min(count + MAX_HELD_ELEMENTS, MAX_XML_ELEMENTS)
            events = iter(context)
            try:
                first = next(events, None)
                if first is None:
                    return  # no element (iterparse raises for that)
                if first[1].getroottree().docinfo.doctype:
                    raise _dtd(self.path, part)
                for _, element in itertools.chain((first,), events):
                    count += 1
                    if count > limit:
                        self.elements = count
                        raise self._too_many_elements(part)
                    if element.tag in tags:
                        self.elements = count
                        yield element
                        limit = min(self._released + MAX_HELD_ELEMENTS, MAX_XML_ELEMENTS)
            except etree.XMLSyntaxError as error:
                raise self.damaged(part, error) from None
            finally:
                self.elements = count
            stream.read()  # to the end, where the member's CRC is checked

    def _too_many_elements(self, part: str) -> InputError:
        if self.elements > MAX_XML_ELEMENTS:
            return too_large(self.path, None, "XML 元素", "XML elements", MAX_XML_ELEMENTS)
        return too_large(
            self.path,
            part,
            "一个段落、表格行或工作表行中的 XML 元素",
            "XML elements in one paragraph, table row or sheet row",
            MAX_HELD_ELEMENTS,
        )

    def release(self, element: Any) -> None:
        """Free `element` (read) and everything parsed before it."""
        element.clear(keep_tail=False)
        node = element
        parent = node.getparent()
        while parent is not None:
            while node.getprevious() is not None:
                del parent[0]
            node, parent = parent, parent.getparent()
        self._released = self.elements

    def check_bytes(self, part: str, size: int, total: int) -> None:
        """Refuse the file when `part` inflates to `size` bytes, or all parts to `total`, past
        the byte budgets."""
        if size > MAX_PART_BYTES:
            raise too_large(self.path, part, "解压后的字节数", "bytes inflated", MAX_PART_BYTES)
        if total > MAX_UNCOMPRESSED:
            raise too_large(
                self.path,
                None,
                "解压后的字节数（可能是 zip 炸弹）",
                "bytes inflated (a zip bomb?)",
                MAX_UNCOMPRESSED,
            )

    def damaged(self, part: str, error: BaseException | Text) -> InputError:
        """A part that does not parse: one line naming the part and what failed."""
        return damaged(self.path, self.kind, error, part)

    def _undecodable(self, part: str, error: BaseException) -> InputError:
        detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        return _error(
            self.path,
            f"压缩包已损坏：无法解压 {part}（{detail}）",
            f"the zip package is damaged: cannot inflate {part} ({detail})",
        )

    def target(self, source: str, rels: Iterable[Any], kind: str) -> str | None:
        """The part a relationship of type `…/kind` of `source` points to (see `relationships`)."""
        for rel_type, target in rels:
            if rel_type.rsplit("/", 1)[-1] == kind:
                return resolve(source, target)
        return None

    def relationships(self, source: str) -> list[tuple[str, str, str]]:
        """(id, type, target) of the relationships of part `source` (`` for the package), from
        its `_rels` part; empty when there is none. Targets are left as written."""
        folder, _, name = source.rpartition("/")
        rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        if not self.has(rels):
            return []
        found: list[tuple[str, str, str]] = []
        for element in self.parse(rels, (_RELATIONSHIP,)):
            if element.get("TargetMode") != "External":
                found.append(
                    (element.get("Id", ""), element.get("Type", ""), element.get("Target", ""))
                )
            self.release(element)
        return found

    def main_part(self, default: str) -> str:
        """The package's main part (`officeDocument` relationship), or `default`."""
        for _, rel_type, target in self.relationships(""):
            if rel_type.rsplit("/", 1)[-1] == "officeDocument":
                part = resolve("", target)
                if self.has(part):
                    return part
        return default


_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def resolve(source: str, target: str) -> str:
    """A relationship's target as a member name: relative to the folder of `source`, or to the
    package root when it starts with `/`."""
    if target.startswith("/"):
        path = target[1:]
    else:
        path = posixpath.join(posixpath.dirname(source), target)
    return posixpath.normpath(path).lstrip("/") if path else path


def _dtd(path: str, part: str) -> InputError:
    return _error(
        path,
        f"{part} 含有 DTD（<!DOCTYPE>），Office 文档不会这样，已拒绝读取",
        f"{part} declares a DTD (<!DOCTYPE>), which no Office document does; refused",
    )


class _PartStream(io.RawIOBase):
    """A part's inflated bytes, counted against the part's and the package's byte budgets."""

    def __init__(self, package: Package, part: str, member: IO[bytes]) -> None:
        super().__init__()
        self.package = package
        self.part = part
        self.member = member
        self.size = 0
        self.head = b""

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed:
            self.member.close()
        super().close()

    def _inflate(self, size: int) -> bytes:
        try:
            data = self.member.read(size)
        except InputError:
            raise
        except Exception as error:  # BadZipFile (CRC), zlib.error, EOFError … from a damaged part
            raise self.package._undecodable(self.part, error) from None
        self.size += len(data)
        self.package.inflated += len(data)
        self.package.check_bytes(self.part, self.size, self.package.inflated)
        return data

    def check_prolog(self) -> None:
        """Read up to the root element: a DTD before it is refused, and so is a prolog
        (comments and processing instructions) longer than `_PROLOG_BYTES`."""
        verdict, self.head = _prolog_verdict(self._inflate)
        if verdict is not None:
            raise _error(
                self.package.path,
                f"{self.part} {verdict[0]}，Office 文档不会这样，已拒绝读取",
                f"{self.part} {verdict[1]}, which no Office document does; refused",
            )

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            chunks = [self.head]
            self.head = b""
            while chunk := self._inflate(_CHUNK):
                chunks.append(chunk)
            return b"".join(chunks)
        if self.head:
            data, self.head = self.head[:size], self.head[size:]
            return data
        return self._inflate(min(size, _CHUNK)) if size else b""

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


_COMMENT_RE = re.compile(rb"<!--.*?-->|<\?.*?\?>", re.DOTALL)
_ROOT_RE = re.compile(rb"<[A-Za-z_]")


def _prolog_verdict(read: Callable[[int], bytes]) -> tuple[tuple[str, str] | None, bytes]:
    """Read an XML part up to its root element: a DTD before it is refused, and so is a
    prolog (comments and processing instructions) longer than `_PROLOG_BYTES`.

    Returns the verdict (None when the part may be parsed) and the bytes read. UTF-8 and
    UTF-16 are looked into; a DTD another encoding hides is caught by the parser's record.
    """
    data = b""
    while True:
        chunk = read(_CHUNK)
        data += chunk
        head = data
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: rare, but allowed
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        text = _COMMENT_RE.sub(b"", head)
        unfinished = text.rfind(b"<!--") > text.rfind(b"-->") or text.rfind(b"<?") > text.rfind(
            b"?>"
        )
        root = None if unfinished else _ROOT_RE.search(text)
        prolog = text[: root.start()] if root else text
        if b"<!doctype" in prolog.lower() or b"<!entity" in prolog.lower():
            return ("含有 DTD（<!DOCTYPE>）", "declares a DTD (<!DOCTYPE>)"), data
        if root is not None or not chunk:
            return None, data
        if len(data) > _PROLOG_BYTES:
            return ("根元素之前的内容过长", "has an overlong prolog before its root element"), data


def damaged(
    path: str, kind: str, error: BaseException | Text, part: str | None = None
) -> InputError:
    """A package that passed the checks but does not parse: one line naming what failed (the
    error, or a text saying what is wrong) and where (`part`)."""
    what = "Word 文档" if kind == "docx" else "Excel 工作簿"
    what_en = "Word document" if kind == "docx" else "Excel workbook"
    if isinstance(error, Text):
        zh, en = error.zh, error.en
    else:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
        zh = en = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    if part:
        zh, en = f"{part}：{zh}", f"{part}: {en}"
    return _error(
        path,
        f"无法读取 {what}，文件可能已损坏（{zh}）",
        f"cannot read the {what_en}; the file may be damaged ({en})",
    )


# -- blocks ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Blocks:
    """Paragraphs and tables in reading order, each line numbered by an ordinal with a label.

    Ordinals start at 1 and stand in for the text export's line numbers; `labels[n]` names where
    line `n` is in the office file.
    """

    blocks: list[textexport.Block] = field(default_factory=list)
    labels: list[str] = field(default_factory=lambda: [""])
    #: Texts for the budget-year guess (every cell and paragraph once).
    texts: list[str] = field(default_factory=list)
    _rows: list[textexport.Row] = field(default_factory=list)
    #: The file, named when a budget is exceeded.
    path: str = ""

    def _number(self, label: str) -> int:
        self.labels.append(label)
        if len(self.labels) - 1 > MAX_LINES:
            raise too_large(self.path, None, "单元格和段落", "cells and paragraphs", MAX_LINES)
        return len(self.labels) - 1

    def paragraph(self, text: str, label: str, bookmarks: Sequence[str] = ()) -> None:
        """A paragraph outside tables (blank ones are skipped, as the text export's are)."""
        self.end_table()
        self.texts.append(text)
        if not text.strip():
            return
        line = self._number(label)
        self.blocks.append(textexport.Para(line, text, list(bookmarks)))

    def cell(
        self,
        lines: Sequence[str],
        labels: str | Sequence[str],
        bookmarks: Iterable[tuple[int, str]] = (),
    ) -> textexport.Cell:
        """A cell of `lines` (at least one); `labels` is one label or one per line.

        `bookmarks` are (line index, name) of Word bookmarks inside the cell: they become
        export artefacts, as `[bookmark: name]` does in the text export. Literal
        `[bookmark: …]` text is stripped the same way the text importer strips it.
        """
        lines = list(lines) or [""]
        per_line = [labels] * len(lines) if isinstance(labels, str) else list(labels)
        first = self._number(per_line[0])
        for label in per_line[1:]:
            self._number(label)
        made = textexport.Cell(first, lines[0])
        for line in lines[1:]:
            made.add(line)
        marks = [(index, f"[bookmark: {name}]") for index, name in bookmarks]
        if marks:
            made.artefacts = sorted([*(made.artefacts or []), *marks], key=lambda m: m[0])
        self.texts.append("\n".join(lines))
        return made

    def row(self, cells: Sequence[textexport.Cell]) -> None:
        """A table row; consecutive rows form one table until `end_table` or a paragraph."""
        if cells:
            self._rows.append(textexport.Row(list(cells)))

    def end_table(self) -> None:
        if self._rows:
            self.blocks.append(textexport.Table(self._rows, closed=True))
            self._rows = []

    @property
    def last(self) -> int:
        return len(self.labels) - 1


_LINE_ZH_RE = re.compile(r"第 ([0-9]+) 行")
_LINE_EN_RE = re.compile(r"\bline ([0-9]+)")


def _relabel(error: InputError, blocks: Blocks) -> InputError:
    """An importer error with ordinals turned into the office file's cell labels."""

    def label(number: str | int | None) -> str:
        index = int(number) if number is not None else 0
        return blocks.labels[index] if 0 < index < len(blocks.labels) else ""

    where = label(error.line)
    zh = _LINE_ZH_RE.sub(lambda m: label(m.group(1)) or m.group(0), error.detail.zh)
    en = _LINE_EN_RE.sub(lambda m: label(m.group(1)) or m.group(0), error.detail.en)
    if where:
        zh, en = f"{where}：{zh}", f"{where}: {en}"
    return InputError(error.path, None, Text(zh, en))


_TABLE_NUMBER_RE = re.compile(r"^\s*(\d{1,3})\s*[.．、]")
_WORD_TABLE_RE = re.compile(r"^表(\d+) ")


def _table_number(heading: str | None, index: int) -> int:
    """The number the document gives a project's table (`3.…绩效目标表` → 3), else its place
    among the projects (the numbering rule messages use, `与表7…相同`)."""
    match = _TABLE_NUMBER_RE.match(heading or "")
    return int(match.group(1)) if match else index + 1


def _project_of(pointer: str) -> int | None:
    if not pointer.startswith("/projects/"):
        return None
    head = pointer[len("/projects/") :].split("/", 1)[0]
    return int(head) if head.isdigit() else None


def _project_label(label: str, number: int) -> str:
    """`表15 第6行 第6列` (Word's 15th table) inside project table 7 → `表7（Word 表15）第6行
    第6列`: the table as the document numbers it, Word's count as a detail."""
    match = _WORD_TABLE_RE.match(label)
    if match is None:
        return label
    return f"表{number}（Word 表{match.group(1)}）{label[match.end() :]}"


def assemble(blocks: Blocks, file: InputFile, options: ReadOptions, reader: str) -> LoadedDocument:
    """Recognise Part 1 and the project tables in `blocks`, exactly as the text importer does."""
    blocks.end_table()
    assembler = textexport.Assembler(blocks.blocks, file.name, blocks.last)
    try:
        assembler.run()
        assembler.finish(True)
    except InputError as error:
        raise _relabel(error, blocks) from None
    if not assembler.projects and assembler.overview is None:
        raise _error(
            file.name,
            "没有找到绩效目标表（项目编码、项目名称、指标表头…）或“第一部分 部门整体绩效目标”",
            "no target table (项目编码, 项目名称, an indicator header …) and no Part 1 "
            "(第一部分 部门整体绩效目标) found",
        )
    document = assembler.document(options.budget_year, "\n".join(blocks.texts))
    numbers = [_table_number(project.heading, i) for i, project in enumerate(document.projects)]
    shared: dict[tuple[str, int | None], Location] = {}
    entries: dict[str, Location] = {}
    for pointer, location in assembler.source.entries.items():
        line = location.line or 0
        label = blocks.labels[line] if 0 < line < len(blocks.labels) else ""
        project = _project_of(pointer)
        key = (label, project)
        found = shared.get(key)
        if found is None:
            if project is not None and project < len(numbers):
                label = _project_label(label, numbers[project])
            found = shared[key] = Location(label=label or None, order=line or None)
        entries[pointer] = found
    return LoadedDocument(
        file=file.name,
        document=document,
        source_map=SourceMap(entries),
        pointer="",
        project_pointers=[f"/projects/{i}" for i in range(len(document.projects))],
        standalone=False,
        reader=reader,
    )
