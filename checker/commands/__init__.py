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
