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


def add_max_size(parser: argparse.ArgumentParser) -> None:
    """`--max-size BYTES`, as `jxcheck check` has it: a larger input is refused, not read."""
    parser.add_argument(
        "--max-size",
        type=_positive_bytes,
        default=None,
        metavar="BYTES",
        help="单个文件大小上限（默认 50 MB）/ largest input file in bytes (default 50 MB)",
    )


def _positive_bytes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"应为正整数（字节数）/ must be a positive number of bytes: {text}"
        )
    return value
