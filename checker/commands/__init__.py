"""The CLI's verbs, one module per verb (`configure(parser)` and `run(args)`), imported on use."""

from __future__ import annotations

import argparse


def add_lang_after_action(parser: argparse.ArgumentParser) -> None:
    """Accept `--lang` after a sub-action too (`jxcheck policy show --lang en`).

    SUPPRESS keeps the verb-level value when it is not given here, and keeps it out of the
    sub-action's help (the verb's help lists it once).
    """
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """`--encoding`, `--budget-year`, `--max-size`: how an input file is read."""
    parser.add_argument(
        "--encoding", metavar="ENC", help="输入编码（默认自动识别） / input encoding"
    )
    parser.add_argument(
        "--budget-year",
        type=int,
        metavar="N",
        help="文档未写明时使用的预算年度 / budget year where a document does not state it",
    )
    parser.add_argument(  # a larger input file is refused, not read (see `max_bytes`)
        "--max-size",
        type=int,
        default=None,
        metavar="BYTES",
        help="单个文件大小上限（默认 50 MB）/ largest input file in bytes (default 50 MB)",
    )


def max_bytes(args: argparse.Namespace) -> int:
    """`--max-size` or the default; a value below 1 is a usage error (one line, exit 2)."""
    from checker.errors import UsageError
    from checker.i18n import Text
    from checker.inputs import DEFAULT_MAX_BYTES

    value: int | None = args.max_size
    if value is None:
        return DEFAULT_MAX_BYTES
    if value < 1:
        raise UsageError(
            Text(
                f"--max-size 应为正整数（字节数），实际为 {value}",
                f"--max-size must be a positive number of bytes, not {value}",
            )
        )
    return value
