"""`jxcheck export FILE --to docx|xlsx [-o OUT] [--layout table|flat]`: records as the form.

Reads FILE with whichever reader claims it (YAML or JSON records, a text export, a .docx …) and
writes the standard 绩效目标表 a department hands in: a Word document with the form's merged
cells, or an Excel workbook (a sheet per project, or `--layout flat`, one indicator per row).
Reading the output back gives the record back, except what a table cannot hold:

- `null` and empty text are the same empty cell (a missing 项目编码 reads back as `""`), and a
  spending-plan checkpoint, an indicator column or a goal list comes back as the table shows it
  (goals are split again by their numbering);
- `budget_year` and `department` are not written: reading infers them from the text, as for a
  text export (`--budget-year` when the text does not say);
- characters XML cannot hold (control characters) are dropped.

The flat layout also shares its plan columns between projects: a project whose plan cells are
all empty reads back with no plan.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from checker.commands import add_force_option, add_input_options, max_bytes

if TYPE_CHECKING:
    from pathlib import Path

    from checker.model import Document

FORMATS = ("docx", "xlsx")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="要导出的记录或文档 / records or document")
    parser.add_argument(
        "--to",
        choices=FORMATS,
        required=True,
        help="输出格式 / output format: docx (Word) or xlsx (Excel)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="输出文件（默认与输入同名、同目录）；- 为标准输出 / output file (default: beside "
        "the input, with the new suffix); - for stdout",
    )
    parser.add_argument(
        "--layout",
        choices=("table", "flat"),
        default=None,
        help="xlsx 布局：table 每个项目一个工作表（默认），flat 每行一个指标 / xlsx layout: "
        "table, a sheet per project (default), or flat, one indicator per row",
    )
    add_input_options(parser)
    add_force_option(parser)


def render(document: Document, to: str, layout: str | None = None) -> bytes:
    """One document as the bytes of a .docx or .xlsx file."""
    if to == "docx":
        from checker.writers.docx import write_docx

        return write_docx(document)
    from checker.writers.xlsx import write_xlsx

    return write_xlsx(document, "flat" if layout == "flat" else "table")


def _targets(args: argparse.Namespace, count: int) -> list[Path | None]:
    """Where each document goes (None: stdout)."""
    from pathlib import Path

    from checker.errors import UsageError
    from checker.i18n import Text

    suffix = f".{args.to}"
    if args.output == "-":
        if count > 1:
            raise UsageError(
                Text(
                    f"输入含 {count} 份文档，不能都写到标准输出；请用 -o 指定文件",
                    f"the input holds {count} documents; they cannot all go to stdout (use -o)",
                )
            )
        return [None]
    base = Path(args.output) if args.output else Path(args.file).with_suffix(suffix)
    if count == 1:
        return [base]
    return [base.with_name(f"{base.stem}-{n}{base.suffix or suffix}") for n in range(1, count + 1)]


def run(args: argparse.Namespace) -> int:
    import sys

    from checker.commands import Inputs, check_output, write_output, write_stdout
    from checker.commands.import_ import _read
    from checker.errors import UsageError
    from checker.i18n import Text
    from checker.inputs import ReadOptions
    from checker.plugins import load_registry

    if args.layout is not None and args.to != "xlsx":
        raise UsageError(Text("--layout 只用于 --to xlsx", "--layout applies to --to xlsx only"))
    registry = load_registry()
    readers = list(registry.readers.values())
    options = ReadOptions(encoding=args.encoding, budget_year=args.budget_year)
    if args.output == "-":  # before reading: a .docx or .xlsx is never written to a terminal
        from checker.commands import refuse_binary_to_terminal

        refuse_binary_to_terminal(Text(f"{args.to} 文件", f"a .{args.to} file"), f".{args.to}")
    documents = _read(args.file, readers, options, max_bytes(args))
    targets = _targets(args, len(documents))
    inputs = Inputs([args.file])
    named = args.output is not None and len(targets) == 1  # `-o OUT`; not OUT-1, OUT-2 …
    for target in targets:
        if target is not None:
            check_output(target, inputs=inputs, named=named, force=args.force)
    outputs = [render(document, args.to, args.layout) for document in documents]
    for target, data in zip(targets, outputs, strict=True):
        if target is None:
            write_stdout(data)
            continue
        write_output(target, data, force=args.force)
        print(f"已写入 / wrote {target}", file=sys.stderr)
    return 0
