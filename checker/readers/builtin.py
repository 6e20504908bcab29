"""The built-in readers, registered through the same entry-point group as third-party ones.

The records reader is imported at once (most runs read records). The document readers are
imported when a file may be theirs: their modules (the layout tables of the text importer, the
Office package code) cost a pre-commit run on one record file nothing. The .docx and .xlsx
readers sniff with `checker.readers.package` alone (the same function their own `sniff`
calls), so a workbook does not import the Word reader, nor a document the Excel one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from checker import hookimpl
from checker.readers import not_a_text_export
from checker.readers.package import sniff_package

if TYPE_CHECKING:
    from checker.inputs import InputFile, Reader, ReadOptions, ReadResult


def _package(main_part: str, suffixes: tuple[str, ...], legacy: str) -> Callable[[InputFile], int]:
    """The sniff of an Office reader, as the reader itself makes it (`sniff_package`)."""

    def sniff(file: InputFile) -> int:
        return sniff_package(file, main_part, suffixes, legacy)

    return sniff


class LazyReader:
    """A built-in document reader whose module is imported when a file may be its.

    `sniff` first asks `never`, a cheap test that proves the real reader's sniff would say 0
    (a record file is no Word document); otherwise the real reader answers — or, where given,
    `sniff`, the very function the real reader's sniff calls. `read` is the real reader's.
    `real()` is the reader itself (tests check that both sniff alike).
    """

    def __init__(
        self,
        name: str,
        suffixes: tuple[str, ...],
        make: Callable[[], Reader],
        never: Callable[[InputFile], bool] | None = None,
        sniff: Callable[[InputFile], int] | None = None,
    ) -> None:
        self.name = name
        self.suffixes = suffixes
        self._make = make
        self._never = never
        self._sniff = sniff
        self._reader: Reader | None = None

    def real(self) -> Reader:
        if self._reader is None:
            reader = self._make()
            if (reader.name, reader.suffixes) != (self.name, self.suffixes):
                raise RuntimeError(f"built-in reader {self.name}: its name or suffixes differ")
            self._reader = reader
        return self._reader

    @property
    def description(self) -> str:
        return self.real().description

    @description.setter  # `Reader` declares a plain attribute
    def description(self, value: str) -> None:
        self.real().description = value

    def sniff(self, file: InputFile) -> int:
        if self._never is not None and self._never(file):
            return 0
        if self._sniff is not None:
            return self._sniff(file)
        return self.real().sniff(file)

    def read(self, file: InputFile, options: ReadOptions) -> Iterable[ReadResult]:
        return self.real().read(file, options)


def _text_export() -> Reader:
    from checker.readers.textexport import TextExportReader

    return TextExportReader()


def _docx() -> Reader:
    from checker.readers.docx import DocxReader

    return DocxReader()


def _xlsx() -> Reader:
    from checker.readers.xlsx import XlsxReader

    return XlsxReader()


@hookimpl
def register_readers() -> list[Reader]:
    """jxcheck's own YAML/JSON records, the Word text export, and .docx/.xlsx originals."""
    from checker.readers.records import RecordsReader

    return [
        RecordsReader(),
        LazyReader("text-export", (".txt",), _text_export, never=not_a_text_export),
        LazyReader(
            "docx", (".docx",), _docx, sniff=_package("word/document.xml", (".docx",), "doc")
        ),
        LazyReader(
            "xlsx",
            (".xlsx", ".xlsm"),
            _xlsx,
            sniff=_package("xl/workbook.xml", (".xlsx", ".xlsm"), "xls"),
        ),
    ]
