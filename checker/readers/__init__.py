"""Input readers. `pick_reader` chooses, for one file, the reader most sure it can read it."""

from __future__ import annotations

from collections.abc import Iterable

from checker.errors import InputError
from checker.i18n import Text
from checker.inputs import InputFile, Reader


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
