"""`jxcheck import FILE... [-o DIR | -] [--split]`: documents in, editable YAML records out.

Every input is read (by whichever registered reader claims it) before anything is written, so a
bad file leaves no half-written output behind. An error is one line naming the file and line.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from checker.commands import add_force_option, add_input_options, max_bytes

if TYPE_CHECKING:
    from checker.errors import InputError
    from checker.inputs import InvalidRecord, Reader, ReadOptions
    from checker.model import Document, ProjectRecord

_UNSAFE_NAME_RE = re.compile(r"[^0-9A-Za-z_\-.\u4e00-\u9fff]+")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="要导入的文件 / files to import")
    parser.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        default="-",
        help="写入此目录（每个文档一个 .yaml）；- 为标准输出（默认） / "
        "write one .yaml per document into DIR; - for stdout (default)",
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="每个项目一个文件，以项目编码命名；第一部分另存为 STEM.yaml / "
        "one file per project, named by its 项目编码; Part 1 goes to STEM.yaml",
    )
    add_input_options(parser)
    add_force_option(parser)


class _Outputs:
    """Output files in the order made; a name already taken gets `-2`, `-3` …"""

    def __init__(self) -> None:
        self.items: list[tuple[str, Document | ProjectRecord, str]] = []
        self._taken: set[str] = set()

    def add(self, stem: str, record: Document | ProjectRecord, source: str) -> None:
        name, number = f"{stem}.yaml", 1
        while name.lower() in self._taken:
            number += 1
            name = f"{stem}-{number}.yaml"
        self._taken.add(name.lower())
        self.items.append((name, record, source))


def _safe_stem(text: str | None) -> str:
    stem = _UNSAFE_NAME_RE.sub("_", (text or "").strip()).strip("._")
    return stem[:100]


def _read(
    name: str, readers: list[Reader], options: ReadOptions, limit: int | None = None
) -> list[Document]:
    """The documents of one file; an invalid record or a reader's failure is an InputError."""
    from pathlib import Path

    from checker.errors import InputError
    from checker.i18n import Text
    from checker.inputs import DEFAULT_MAX_BYTES, InvalidRecord, own_output, read_path
    from checker.readers import pick_reader

    source = read_path(Path(name), limit or DEFAULT_MAX_BYTES)
    if own_output(source.data) is not None:
        raise InputError(
            name,
            None,
            Text(
                "这是 jxcheck 生成的报告或基线，不是记录",
                "a report or baseline jxcheck wrote, not a record",
            ),
        )
    reader = pick_reader(source, readers)
    try:
        results = list(reader.read(source, options))
    except InputError:
        raise
    except Exception as error:  # a reader's bug: still one line naming the file
        detail = f"{type(error).__name__}: {error}"
        raise InputError(
            name,
            None,
            Text(f"读取器 {reader.name} 出错：{detail}", f"reader {reader.name} failed: {detail}"),
        ) from None
    documents = []
    for result in results:
        if isinstance(result, InvalidRecord):
            raise _invalid_error(result)
        documents.append(result.document)
    if not documents:
        raise InputError(name, None, Text("文件中没有文档", "the file holds no document"))
    return documents


def _invalid_error(invalid: InvalidRecord) -> InputError:
    """An invalid record as one line: its first violation, and how many more there are."""
    from checker.errors import InputError
    from checker.i18n import Text

    first = invalid.violations[0] if invalid.violations else None
    line = (first.location.line if first else None) or invalid.location.line
    more = len(invalid.violations) - 1
    zh_more = f"（另有 {more} 处）" if more > 0 else ""
    en_more = f" (and {more} more)" if more > 0 else ""
    zh = first.message.zh if first else ""
    en = first.message.en if first else ""
    where = first.pointer if first else invalid.pointer
    return InputError(
        invalid.file,
        line,
        Text(
            f"记录不符合格式：{where or '/'}：{zh}{zh_more}",
            f"the record does not fit the format: {where or '/'}: {en}{en_more}",
        ),
    )


def _plan(args: argparse.Namespace, readers: list[Reader], options: ReadOptions) -> _Outputs:
    from pathlib import Path

    from checker.yamlwrite import project_record

    outputs = _Outputs()
    for name in args.files:
        documents = _read(name, readers, options, max_bytes(args))
        stem = _safe_stem(Path(name).stem) or "document"
        for number, document in enumerate(documents, start=1):
            doc_stem = stem if len(documents) == 1 else f"{stem}-{number}"
            if not args.split:
                outputs.add(doc_stem, document, name)
                continue
            if document.overview is not None or document.department is not None:
                outputs.add(doc_stem, document.model_copy(update={"projects": []}), name)
            for index, project in enumerate(document.projects, start=1):
                project_stem = _safe_stem(project.code) or f"{doc_stem}-{index:02d}"
                outputs.add(project_stem, project_record(document, project), name)
    return outputs


def run(args: argparse.Namespace) -> int:
    import sys

    from checker.commands import Inputs, check_output, write_output, write_stdout
    from checker.errors import UsageError
    from checker.i18n import Text
    from checker.inputs import ReadOptions
    from checker.plugins import load_registry
    from checker.yamlwrite import dump, dump_stream

    registry = load_registry()
    readers = list(registry.readers.values())
    if not readers:
        failed = "; ".join(f"{p.name}: {p.error}" for p in registry.failed())
        raise UsageError(Text(f"没有可用的读取器（{failed}）", f"no reader is loaded ({failed})"))
    options = ReadOptions(encoding=args.encoding, budget_year=args.budget_year)
    outputs = _plan(args, readers, options)

    if args.output == "-":
        if len(outputs.items) == 1:
            _, record, source = outputs.items[0]
            text = dump(record, source)
        else:
            text = dump_stream((record, source) for _, record, source in outputs.items)
        write_stdout(text.encode("utf-8"))
        return 0

    folder = Path(args.output)
    _check_folder(folder, args.force)
    inputs = Inputs(args.files)
    targets = [_inside(folder, file_name) for file_name, _, _ in outputs.items]
    for target in targets:  # every refusal before the first file is written
        check_output(target, inputs=inputs, named=False, force=args.force)
    written: set[tuple[int, int]] = set()
    for target, (_, record, source) in zip(targets, outputs.items, strict=True):
        _not_written_before(target, written)
        write_output(target, dump(record, source).encode("utf-8"), force=args.force)
        status = os.lstat(target)
        written.add((status.st_dev, status.st_ino))
        print(f"已写入 / wrote {target}", file=sys.stderr)
    return 0


def _check_folder(folder: Path, force: bool) -> None:
    """`-o DIR`: a folder (made when missing), not a file, not a link unless `--force`."""
    from checker.commands import check_output
    from checker.errors import UsageError
    from checker.i18n import Text

    if folder.is_symlink() and not force:
        raise UsageError(
            Text(
                f"-o {folder} 是符号链接，jxcheck 不通过链接写入（确要写入请加 --force）",
                f"-o {folder} is a symbolic link: jxcheck does not write through links "
                "(add --force to write there)",
            )
        )
    if folder.exists() and not folder.is_dir():
        raise UsageError(Text(f"-o {folder} 不是目录", f"-o {folder} is not a directory"))
    if not folder.exists():
        check_output(folder)  # a file above it: one line before anything is written


def _inside(folder: Path, file_name: str) -> Path:
    """A file directly in `folder`: a plain name, never a path out of it."""
    if (
        not file_name
        or file_name in (".", "..")
        or "/" in file_name
        or os.sep in file_name
        or (os.altsep is not None and os.altsep in file_name)
    ):  # pragma: no cover - `_safe_stem` never makes one
        raise ValueError(f"not a plain file name: {file_name!r}")
    return folder / file_name


def _not_written_before(target: Path, written: set[tuple[int, int]]) -> None:
    """A file this run wrote is never replaced by a later one (a name that differs only in case
    on a case-insensitive disk, say), even with `--force`."""
    from checker.errors import UsageError
    from checker.i18n import Text

    try:
        status = os.lstat(target)
    except OSError:
        return
    if (status.st_dev, status.st_ino) in written:
        raise UsageError(
            Text(
                f"输出 {target} 会覆盖本次已写入的文件",
                f"the output {target} would overwrite a file written earlier in this run",
            )
        )
