"""The built-in readers, registered through the same entry-point group as third-party ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker import hookimpl

if TYPE_CHECKING:
    from checker.inputs import Reader


@hookimpl
def register_readers() -> list[Reader]:
    """jxcheck's own YAML/JSON records, the Word text export, and .docx/.xlsx originals."""
    from checker.readers.docx import DocxReader
    from checker.readers.records import RecordsReader
    from checker.readers.textexport import TextExportReader
    from checker.readers.xlsx import XlsxReader

    return [RecordsReader(), TextExportReader(), DocxReader(), XlsxReader()]
