"""What an Office package is, from its first bytes and its zip directory: the sniffing the .docx
and .xlsx readers share (`sniff_package`), in a module of its own so that the built-in
registration sniffs with it without importing the readers (`checker.readers.builtin`): a run
that reads a .docx does not import the .xlsx reader, nor the other way round.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from checker.readers import OLE_MAGIC, ZIP_MAGIC

if TYPE_CHECKING:
    from checker.inputs import InputFile

#: Most members a package may have (a docx holds about 15, a workbook one per sheet and a few).
MAX_MEMBERS = 5000
#: Bytes of the zip's central directory, checked before the members are listed: an entry is
#: 46 bytes and its name, about 100 in all; a 50 MB zip of empty members would list a million.
MAX_CENTRAL_DIRECTORY = MAX_MEMBERS * 1024


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


def directory_too_large(data: bytes) -> int | None:
    """How many members the zip's end record declares, when it or the central directory's size
    is past the budgets (zipfile would parse the whole directory to list the members); else
    None."""
    end_record = getattr(zipfile, "_EndRecData", None)
    if end_record is None:  # a Python without it: the member count is checked after listing
        return None
    try:
        record = end_record(io.BytesIO(data))
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        return None
    if not record:
        return None
    entries, size = int(record[4]), int(record[5])  # _ECD_ENTRIES_TOTAL, _ECD_SIZE
    if entries > MAX_MEMBERS or size > MAX_CENTRAL_DIRECTORY:
        return max(entries, size // 46)
    return None


def zip_members(data: bytes) -> list[str] | None:
    """The member names of a zip, or None when the bytes are not a readable zip (for sniffing)
    or list more members than we read."""
    if not data.startswith(ZIP_MAGIC) or directory_too_large(data) is not None:
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
