"""`jxcheck baseline write FILE [PATH...]`: store the fingerprints of today's findings.

`jxcheck check --baseline FILE` then shows those findings as baselined: counted, never failing,
so that a bureau can adopt a new rule (or jxcheck itself) without first fixing last year's
documents. See `checker/baseline.py` for what an entry holds and when one is stale.
"""

from __future__ import annotations

import argparse
import sys

from checker.commands import add_lang_after_action


def configure(parser: argparse.ArgumentParser) -> None:
    from checker.commands.check import (
        add_batch_options,
        add_reading_options,
        add_selection_options,
    )

    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    write = actions.add_parser(
        "write",
        help="检查并把当前所有问题的指纹写入基线文件 / check, and store every finding's "
        "fingerprint in a baseline file",
        description="检查 PATH（默认当前目录）并把所有问题的指纹写入 FILE；之后 jxcheck check "
        "--baseline FILE 把这些问题标为“基线”（显示、计数，但不导致失败）。/ Check PATH "
        "(default: the current directory) and store every finding's fingerprint in FILE; "
        "`jxcheck check --baseline FILE` then shows them as baselined: counted, never failing.",
    )
    write.add_argument("file", metavar="FILE", help="基线文件（JSON）/ the baseline file (JSON)")
    write.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="要检查的文件或文件夹（默认 .）/ files or folders to check (default .)",
    )
    add_selection_options(write)
    add_reading_options(write)
    add_batch_options(write, baseline=False)
    write.add_argument("--quiet", "-q", action="store_true", help="不显示进度条 / no progress bar")
    add_lang_after_action(write)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from checker.baseline import baseline_text
    from checker.commands.check import run_check

    _, report = run_check(args)
    text = baseline_text(report)
    target = Path(args.file)
    if target.parent != Path():
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    entries = text.count('"fingerprint":')
    files = len(report.files)
    if args.lang == "en":
        print(f"wrote {entries} baseline entries for {files} files to {args.file}")
    else:
        print(f"已将 {files} 个文件中的 {entries} 个问题的指纹写入基线 {args.file}")
    sys.stdout.flush()
    return 0
