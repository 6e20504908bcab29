"""`jxcheck baseline write FILE PATH...`: store the fingerprints of today's findings.

`jxcheck check --baseline FILE` then shows those findings as baselined: counted, never failing,
so that a bureau can adopt a new rule (or jxcheck itself) without first fixing last year's
documents. See `checker/baseline.py` for what an entry holds and when one is stale.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker.commands import add_force_option, add_lang_after_action


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
        description="检查 PATH 并把所有问题的指纹写入 FILE；之后 jxcheck check --baseline FILE "
        "把这些问题标为“基线”（显示、计数，但不导致失败）。/ Check PATH and store every "
        "finding's fingerprint in FILE; `jxcheck check --baseline FILE` then shows them as "
        "baselined: counted, never failing.",
    )
    write.add_argument("file", metavar="FILE", help="基线文件（JSON）/ the baseline file (JSON)")
    write.add_argument(  # required, said in run(): a FILE that is a record is named first
        "paths",
        nargs="*",
        metavar="PATH",
        help="要检查的文件或文件夹（必填；当前目录写 .）/ files or folders to check (required; "
        "`.` for the current directory)",
    )
    add_selection_options(write)
    add_reading_options(write)
    add_batch_options(write, baseline=False)
    write.add_argument("--quiet", "-q", action="store_true", help="不显示进度条 / no progress bar")
    add_force_option(write)
    add_lang_after_action(write)


def _refuse_other_files(target: Path, force: bool) -> None:
    """FILE comes first and PATHs after it: `baseline write dept.yaml` names a record where
    the baseline goes. An existing file that is not a jxcheck baseline is never replaced
    (unless `--force`)."""
    from checker.errors import UsageError
    from checker.i18n import Text
    from checker.inputs import own_output

    if force or not target.is_file() or target.is_symlink():
        return  # a link or a folder: `check_output` says why
    try:
        with open(target, "rb") as handle:
            head = handle.read(256)
    except OSError:
        return  # `write_output` names the reason
    if head.strip() and own_output(head) != "baseline":
        raise UsageError(
            Text(
                f"{target} 已存在且不是 jxcheck 基线文件，不覆盖（用法：jxcheck baseline write "
                "基线文件 路径...；确要覆盖请加 --force）",
                f"{target} exists and is not a jxcheck baseline: not overwritten (usage: jxcheck "
                "baseline write BASELINE PATH...; add --force to write over it)",
            )
        )


def run(args: argparse.Namespace) -> int:
    from checker.baseline import baseline_text
    from checker.commands import Inputs, check_output, require_paths, write_output
    from checker.commands.check import run_check
    from checker.errors import UsageError
    from checker.i18n import Text

    target = Path(args.file)
    check_output(target, force=args.force)  # a folder, a path under a file: before the run
    _refuse_other_files(target, args.force)
    if not args.paths:  # once the working directory: `baseline write dept.yaml` checked it all
        raise UsageError(
            Text(
                f"缺少要检查的路径：jxcheck baseline write {args.file} 路径...（当前目录写 .）",
                f"missing the paths to check: jxcheck baseline write {args.file} PATH... "
                "(`.` for the current directory)",
            )
        )
    require_paths(args.paths)

    def refuse_inputs(inputs: Inputs) -> None:
        check_output(target, inputs=inputs, force=args.force)

    _, report = run_check(args, outputs=refuse_inputs)
    text = baseline_text(report)
    write_output(target, text.encode("utf-8"), force=args.force)
    entries = text.count('"fingerprint":')
    files = len(report.files)
    if args.lang == "en":
        print(f"wrote {entries} baseline entries for {files} files to {args.file}")
    else:
        print(f"已将 {files} 个文件中的 {entries} 个问题的指纹写入基线 {args.file}")
    sys.stdout.flush()
    return 0
