"""Input readers. `pick_reader` chooses, for one file, the reader most sure it can read it.

Also the first tests readers' `sniff`s make, kept here (a light module) so that the built-in
registration can make them too without importing the readers (`checker.readers.builtin`).
"""

from __future__ import annotations

from collections.abc import Iterable

from checker.encoding import decode
from checker.errors import InputError
from checker.i18n import Text
from checker.inputs import InputFile, Reader

#: The first bytes of an OLE compound file: a legacy .doc/.xls, or an encrypted .docx/.xlsx.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The first bytes of a zip: an Office package.
ZIP_MAGIC = b"PK\x03\x04"


def not_a_text_export(file: InputFile) -> bool:
    """A file that cannot be a Word text export: it does not decode, is empty, is JSON or is
    one of our own YAML records (`TextExportReader.sniff` says 0 at once)."""
    try:
        text = decode(file.data, file.name)
    except InputError:
        return True
    head = text.lstrip()
    return not head or head[0] in "{[" or "jxcheck/1" in head[:2000]


def pick_reader(file: InputFile, readers: Iterable[Reader]) -> Reader:
    """The reader with the highest `sniff`; a tie goes to one that lists the file's suffix.

    Readers are asked in the order given (registration order), so equal claims resolve the same
    way on every run. A file no reader claims is an `InputError`, never a guess; so is a file
    on which a reader's `sniff` raises (naming the reader), so one reader's bug costs that file
    and not the batch.
    """
    best: Reader | None = None
    best_rank = (0, False)
    for reader in readers:
        try:
            score = reader.sniff(file)
        except Exception as error:  # a reader's bug: this file is unreadable, the batch goes on
            detail = f"{type(error).__name__}: {error}"
            raise InputError(
                file.name,
                None,
                Text(
                    f"读取器 {reader.name} 识别文件时出错：{detail}",
                    f"reader {reader.name} failed while recognising the file: {detail}",
                ),
            ) from None
        if score <= 0:
            continue
        rank = (score, file.suffix in reader.suffixes)
        if best is None or rank > best_rank:
            best, best_rank = reader, rank
    if best is None:
        raise InputError(
            file.name,
            None,
            Text(
                "不支持的文件：没有读取器认得它（可用 jxcheck plugins 查看已加载的读取器）",
                "unsupported file: no reader recognises it (jxcheck plugins lists the readers)",
            ),
        )
    return best
