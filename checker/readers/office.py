"""What the .docx and .xlsx readers share: a guarded zip, and one assembler for both.

Office files are zip packages. `open_package` refuses, before any XML is parsed, what a reviewer
could be sent by mistake or malice: a file that is not a zip, an encrypted (password-protected)
Office file or a legacy .doc/.xls (both OLE compound files), a zip whose members would inflate
past `MAX_UNCOMPRESSED` bytes (a zip bomb), and XML with a DTD (entity expansion).

Both readers turn a file into the blocks the text-export importer assembles (paragraphs, and
tables of cells with their lines), so a .docx, a sheet and a text export go through the same
label mapping (`checker.readers.layout`) and the same recognition of Part 1, headings and
project tables (`checker.readers.textexport`). A block has no line in an office file: each line
of a cell or paragraph gets an ordinal, and the source map is rewritten from ordinals to cell
labels (`表3 第5行 第2列`, `段落12`, `Sheet1!E14`) with `line` left None.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO

from checker.errors import InputError
from checker.i18n import Text
from checker.inputs import InputFile, LoadedDocument, ReadOptions
from checker.readers import OLE_MAGIC, ZIP_MAGIC, textexport
from checker.source import Location, SourceMap

#: Largest total of the members' uncompressed sizes we inflate. A 10-table document is about
#: 100 KB of XML; this leaves room for embedded pictures and refuses a zip bomb before parsing.
MAX_UNCOMPRESSED = 128 * 1024 * 1024
#: Most members a package may have (a docx holds about 15, a workbook one per sheet and a few).
MAX_MEMBERS = 5000
#: How far into an XML member we look for its root element (past the prolog, where a DTD sits).
_PROLOG_BYTES = 1024 * 1024

_XML_SUFFIXES = (".xml", ".rels", ".vml")


def _error(path: str, zh: str, en: str) -> InputError:
    return InputError(path, None, Text(zh, en))


def ole_kind(data: bytes) -> str | None:
    """`encrypted`, `doc`, `xls` or `ole` for an OLE compound file; None for anything else.

    An encrypted .docx/.xlsx is an OLE file holding the streams `EncryptionInfo` and
    `EncryptedPackage`; the directory names are UTF-16, and sit in the first sectors.
    """
    if not data.startswith(OLE_MAGIC):
        return None
    head = data[: 4 * 1024 * 1024]
    if "EncryptedPackage".encode("utf-16-le") in head:
        return "encrypted"
    if "WordDocument".encode("utf-16-le") in head:
        return "doc"
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
        return "xls"
    return "ole"


def zip_members(data: bytes) -> list[str] | None:
    """The member names of a zip, or None when the bytes are not a readable zip (for sniffing)."""
    if not data.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None


#: How sure an office reader's `sniff` is: a zip holding the package's main part; the reader's
#: suffix (or its legacy binary format) on something else — read then says clearly what the file
#: is instead of "no reader"; an encrypted or other OLE file.
SNIFF_PACKAGE = 90
SNIFF_SUFFIX = 30
SNIFF_OLE = 10


def sniff_package(file: InputFile, main_part: str, suffixes: tuple[str, ...], legacy: str) -> int:
    """The sniff score of an Office package whose main part is `main_part` (e.g. word/document.xml)
    for a reader of `suffixes`, whose legacy binary format (`doc`, `xls`) is `legacy`."""
    members = zip_members(file.data)
    if members is not None and main_part in members:
        return SNIFF_PACKAGE
    kind = ole_kind(file.data)
    if file.suffix in (*suffixes, f".{legacy}") or kind == legacy:
        return SNIFF_SUFFIX
    if kind in ("encrypted", "ole"):
        return SNIFF_OLE  # an encrypted Office file: read says so
    return 0


def open_package(file: InputFile, kind: str, required: str) -> zipfile.ZipFile:
    """The file as a zip, after the checks above; `required` is the member every such file has.

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
    try:
        archive = zipfile.ZipFile(io.BytesIO(file.data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise _error(
            file.name,
            f"不是有效的 {what}：文件不是 zip 压缩包，或已损坏、不完整",
            f"not a valid {what_en}: the file is not a zip package, or it is damaged or truncated",
        ) from None
    _check_sizes(file.name, infos)
    names = {info.filename for info in infos}
    if required not in names:
        archive.close()
        raise _error(
            file.name,
            f"不是 {what}：压缩包中没有 {required}",
            f"not a {what_en}: the zip package holds no {required}",
        )
    _check_members(file.name, archive, infos)
    return archive


def _check_sizes(path: str, infos: Sequence[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise _error(
            path,
            f"压缩包中有 {len(infos)} 个成员，超过上限 {MAX_MEMBERS}，不像 Office 文档",
            f"the zip package has {len(infos)} members, more than the limit of "
            f"{MAX_MEMBERS}: not an Office document as we know them",
        )
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


def _check_members(path: str, archive: zipfile.ZipFile, infos: Sequence[zipfile.ZipInfo]) -> None:
    """Refuse XML with a DTD (OOXML never has one; it is how entity bombs are declared), and
    members that do not inflate."""
    for info in infos:
        if not info.filename.lower().endswith(_XML_SUFFIXES):
            continue
        try:
            with archive.open(info) as member:
                verdict = _prolog_verdict(member)
        except Exception as error:  # BadZipFile, zlib.error, EOFError … from a damaged member
            detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            raise _error(
                path,
                f"压缩包已损坏：无法解压 {info.filename}（{detail}）",
                f"the zip package is damaged: cannot inflate {info.filename} ({detail})",
            ) from None
        if verdict is not None:
            raise _error(
                path,
                f"{info.filename} {verdict[0]}，Office 文档不会这样，已拒绝读取",
                f"{info.filename} {verdict[1]}, which no Office document does; refused",
            )


_COMMENT_RE = re.compile(rb"<!--.*?-->|<\?.*?\?>", re.DOTALL)
_ROOT_RE = re.compile(rb"<[A-Za-z_]")


def _prolog_verdict(member: IO[bytes]) -> tuple[str, str] | None:
    """Read an XML member up to its root element: a DTD before it is refused, and so is a
    prolog (comments and processing instructions) longer than `_PROLOG_BYTES`."""
    data = b""
    while True:
        chunk = member.read(64 * 1024)
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
            return ("含有 DTD（<!DOCTYPE>）", "declares a DTD (<!DOCTYPE>)")
        if root is not None or not chunk:
            return None
        if len(data) > _PROLOG_BYTES:
            return ("根元素之前的内容过长", "has an overlong prolog before its root element")


def damaged(path: str, kind: str, error: BaseException) -> InputError:
    """A package that passed the checks but does not parse: one line naming what failed."""
    what = "Word 文档" if kind == "docx" else "Excel 工作簿"
    what_en = "Word document" if kind == "docx" else "Excel workbook"
    detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
    detail = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    return _error(
        path,
        f"无法读取 {what}，文件可能已损坏（{detail}）",
        f"cannot read the {what_en}; the file may be damaged ({detail})",
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

    def _number(self, label: str) -> int:
        self.labels.append(label)
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
    shared: dict[str, Location] = {}
    entries: dict[str, Location] = {}
    for pointer, location in assembler.source.entries.items():
        line = location.line or 0
        label = blocks.labels[line] if 0 < line < len(blocks.labels) else ""
        found = shared.get(label)
        if found is None:
            found = shared[label] = Location(label=label or None)
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
