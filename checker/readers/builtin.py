"""The built-in readers, registered through the same entry-point group as third-party ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checker import hookimpl

if TYPE_CHECKING:
    from checker.inputs import Reader


@hookimpl
def register_readers() -> list[Reader]:
    """jxcheck's own YAML/JSON records, and the Word text export of a target document."""
    from checker.readers.records import RecordsReader
    from checker.readers.textexport import TextExportReader

    return [RecordsReader(), TextExportReader()]
