"""What both writers need: text XML can hold, and packages whose bytes depend only on content."""

from __future__ import annotations

import io
import re
import zipfile

#: Characters XML 1.0 cannot hold (C0 controls but tab and line breaks, lone surrogates,
#: U+FFFE/U+FFFF): python-docx and openpyxl refuse them, so they are dropped from the output.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: Creation and modification times: left out, so that one record gives one file.
_DATES_RE = re.compile(rb"<dcterms:(created|modified)\b[^>]*?(?:/>|>[^<]*</dcterms:\1>)")
_CORE = "docProps/core.xml"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def xml_safe(text: str | None) -> str:
    """`text` without the characters XML cannot carry (None is the empty string)."""
    if not text:
        return ""
    return _NOT_XML_RE.sub("", text)


def reproducible(package: bytes) -> bytes:
    """The same package with fixed member times and no creation/modification dates.

    python-docx and openpyxl stamp each member with the time of saving (and openpyxl the core
    properties too); without that, exporting one record twice gives the same bytes.
    """
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == _CORE:
                data = _DATES_RE.sub(b"", data)
            member = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 0
            member.external_attr = 0
            target.writestr(member, data)
    return out.getvalue()
