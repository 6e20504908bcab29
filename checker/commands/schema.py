"""`jxcheck schema [document|project]`: print the shipped JSON Schema of the record format."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name",
        nargs="?",
        default="document",
        choices=("document", "project"),
        help="document（默认）或 project / document (default) or project",
    )


def run(args: argparse.Namespace) -> int:
    import sys

    from checker.schemas import load_schema, schema_text

    sys.stdout.flush()
    sys.stdout.buffer.write(schema_text(load_schema(args.name)).encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0
