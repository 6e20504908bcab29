"""`jxcheck check PATH...`: check records and documents against a policy."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.commands import (
    Inputs,
    add_force_option,
    add_input_options,
    bad_value,
    max_bytes,
    starting_up,
)
from checker.i18n import Text

if TYPE_CHECKING:
    from checker.baseline import Baseline
    from checker.i18n import Lang
    from checker.plugins import Registry
    from checker.reporting import Report


class _FormatAction(argparse.Action):
    """`--format F` opens a new output; a following `--output FILE` says where it goes."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        outputs = list(getattr(namespace, "outputs", None) or [])
        outputs.append([values, None])
        namespace.outputs = outputs


class _OutputAction(argparse.Action):
    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        outputs = list(getattr(namespace, "outputs", None) or [])
        if outputs and outputs[-1][1] is None:
            outputs[-1][1] = values
        else:
            outputs.append([None, values])
        namespace.outputs = outputs


def _split_ids(values: list[str] | None) -> list[str]:
    return [part.strip() for v in values or [] for part in v.split(",") if part.strip()]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="文件或文件夹 / files or folders")
    add_selection_options(parser)
    parser.add_argument(
        "--format",
        action=_FormatAction,
        dest="outputs",
        metavar="FORMAT",
        help="报告格式（可重复，每个可跟 --output）/ report format, repeatable: text, json, …",
    )
    parser.add_argument(
        "--output",
        "-o",
        action=_OutputAction,
        dest="outputs",
        metavar="FILE",
        help="上一个 --format 的输出文件（缺省为标准输出；不覆盖本次的输入文件、不通过符号链接写入）"
        "/ file for the preceding --format (never an input of the run, never through a link)",
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="达到此级别即退出码 1（默认 error）/ exit 1 at or above this severity",
    )
    add_reading_options(parser)
    parser.add_argument(
        "--fix",
        action="store_true",
        help="自动修正 YAML/JSON 记录中可安全修正的问题后再检查 / apply safe fixes to record files, then check",
    )
    parser.add_argument(
        "--skip-unrecognised",
        action="store_true",
        help="内容不是绩效目标记录或文档的文件（mkdocs.yml、README.txt…）列为已跳过，不报 S000/S001"
        "（pre-commit 钩子使用）/ list files whose content is no target record or document "
        "(mkdocs.yml, README.txt…) as skipped instead of S000/S001 (the pre-commit hook uses it)",
    )
    parser.add_argument(
        "--show-infos",
        action="store_true",
        help="终端也逐条列出提示（默认只按规则计数）/ list infos on the terminal too "
        "(by default they are counted per rule)",
    )
    parser.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="终端只显示汇总行，不显示进度条和单位汇总 / print only the summary line on the "
        "terminal: no progress bar, no table by department",
    )
    add_batch_options(parser, baseline=True)
    add_force_option(parser)
    parser.set_defaults(outputs=None)


def add_selection_options(parser: argparse.ArgumentParser) -> None:
    """`--policy`, `--select`, `--ignore`: which rules run, as `check` runs them."""
    parser.add_argument(
        "--policy",
        help="策略：文件路径或内置名称（national、hebei…）/ policy file or packaged name",
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="IDS",
        help="只运行这些规则（编号或前缀，逗号分隔）/ run only these rule ids or prefixes",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar="IDS",
        help="不运行这些规则（编号或前缀）/ do not run these rule ids or prefixes",
    )


def add_reading_options(parser: argparse.ArgumentParser) -> None:
    """`--encoding`, `--budget-year`, `--max-size` (as import and export have them) and
    `--today`: how inputs are read."""
    add_input_options(parser)
    parser.add_argument(
        "--today", help="以此日期判断豁免是否过期（YYYY-MM-DD）/ date for waiver expiry"
    )


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise bad_value(
            Text(f"应为整数，不是 {value}", f"must be a whole number, not {value}")
        ) from None
    if jobs < 0:
        raise bad_value(Text(f"应为 0 或更大，不是 {value}", f"must be 0 or more, not {value}"))
    return jobs


def add_batch_options(parser: argparse.ArgumentParser, *, baseline: bool) -> None:
    """`--jobs` and (for `check`) `--baseline`; `jxcheck baseline write` shares them."""
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=0,
        metavar="N",
        help="并行检查的进程数（默认 0 = CPU 核数；1 = 不另起进程）/ worker processes "
        "(default 0: one per core; 1: check in this process)",
    )
    if baseline:
        parser.add_argument(
            "--baseline",
            metavar="FILE",
            help="基线文件：其中的问题照常显示和计数，但不导致失败（jxcheck baseline write 生成）"
            " / baseline file: findings in it are shown and counted but do not fail the run",
        )


def run_check(
    args: argparse.Namespace,
    baseline: Baseline | None = None,
    outputs: Callable[[Inputs], None] | None = None,
) -> tuple[Registry, Report]:
    """Check the paths as `args` say (`checker.runner`: the run `checker.api.check` and the
    review desk make too); under `--fix`, apply the safe fixes and check again. Return the
    registry and the report.

    Shared by `check` and `baseline write`; prints nothing but the progress bar, a warning per
    plugin that failed to load, and a line per file skipped (a report jxcheck wrote, a link to
    a folder). `outputs(inputs)` is called once the inputs are known, before anything is
    checked: it refuses an output that would replace one of them.
    """
    with starting_up():  # the plugins and the policy: until the files are read
        from checker.engine import CheckOptions
        from checker.inputs import ReadOptions
        from checker.prepare import today_from
        from checker.runner import Runner

        read_limit = max_bytes(args)
        options = CheckOptions(
            lang=args.lang,
            fail_on=getattr(args, "fail_on", "error"),
            read=ReadOptions(encoding=args.encoding, budget_year=args.budget_year),
            today=today_from(args.today),
            max_bytes=read_limit,
            skip_unrecognised=getattr(args, "skip_unrecognised", False),
        )
        runner = Runner(
            args.policy,
            select=_split_ids(args.select),
            ignore=_split_ids(args.ignore),
            options=options,
        )
        for warning in runner.warnings():  # never silently
            print(warning.get(args.lang), file=sys.stderr)
        targets = runner.targets(args.paths)
    if outputs is not None:
        pinned = [p for p in (args.policy, getattr(args, "baseline", None)) if p]
        outputs(Inputs(targets.files(), pinned))
    quiet = getattr(args, "quiet", False)
    report = runner.check(
        targets, jobs=args.jobs, progress=not quiet, baseline=baseline, tune_gc=True
    )
    if getattr(args, "fix", False):
        from checker.fixer import apply_fixes

        readers = {f.file: f.reader for f in report.files}
        applied = apply_fixes(report.findings, readers, args.encoding)
        from checker.terminal import printable

        for change in applied:
            where = printable(f"{change.file}:{change.line}" if change.line else change.file)
            if args.lang == "en":
                print(f"fixed {where}: {change.rule} {change.before!r} → {change.after!r}")
            else:
                print(f"已修正 {where}：{change.rule} {change.before!r} → {change.after!r}")
        _say_not_rewritten(report, len(applied), args.lang)
        if applied:
            runner.renew()
            report = runner.check(targets, jobs=args.jobs, baseline=baseline, tune_gc=True)
    _list_skipped(report, args.lang)
    return runner.registry, report


def _say_not_rewritten(report: Report, applied: int, lang: Lang) -> None:
    """`--fix`: one line on standard error when it rewrote nothing, or when a file could not
    be rewritten (only YAML/JSON records are): the files (the first three, those with fixable
    findings first), why, and how many fixes were applied."""
    from checker.fixer import FIXABLE_READERS
    from checker.terminal import printable

    fixable = [f for f in report.findings if f.fixes and not f.waived]
    other = [
        f.file for f in report.files if f.status == "checked" and f.reader not in FIXABLE_READERS
    ]
    if not other:
        if not applied:  # only records, and nothing in them to fix
            quiet = Text("jxcheck: --fix：没有可自动修正的问题", "jxcheck: --fix: nothing to fix")
            print(quiet.get(lang), file=sys.stderr)
        return
    held = {f.file for f in fixable}
    named = [
        printable(name, one_line=True)
        for name in sorted(other, key=lambda name: (name not in held, name))
    ]
    more = len(named) - 3
    listed_zh = "、".join(named[:3]) + (f" 等 {len(named)} 个文件" if more > 0 else "")
    listed_en = ", ".join(named[:3]) + (f" and {more} more" if more > 0 else "")
    left = sum(1 for f in fixable if f.file in set(other))
    text = Text(
        f"jxcheck: --fix 已修正 {applied} 处；未改写 {listed_zh}：--fix 只改写 YAML/JSON 记录，"
        f"其中 {left} 处可自动修正的问题请在原文件中修改",
        f"jxcheck: --fix applied {applied} fixes; not rewritten: {listed_en}: --fix rewrites "
        f"YAML/JSON records only; change their {left} fixable findings by hand",
    )
    print(text.get(lang), file=sys.stderr)


def _list_skipped(report: Report, lang: str) -> None:
    """One line on standard error per file skipped (they are in the JSON report as well)."""
    from checker.terminal import printable

    for item in report.extras.get("skipped") or []:
        where = printable(str(item["file"]), one_line=True)
        if lang == "en":
            print(f"jxcheck: skipped {where}: {item['reason']}", file=sys.stderr)
        else:
            print(f"jxcheck: 已跳过 {where}：{item['reason']}", file=sys.stderr)


def _distinct(targets: list[Path]) -> None:
    """Two formats to one file would leave only the last: refused."""
    import os

    from checker.errors import UsageError
    from checker.i18n import Text

    seen: set[str] = set()
    for target in targets:
        real = os.path.realpath(target)
        if real in seen and not real.startswith(("/dev/", "/proc/")):
            raise UsageError(
                Text(
                    f"两个报告格式写到同一个文件 {target}",
                    f"two formats are written to the same file {target}",
                )
            )
        seen.add(real)


def run(args: argparse.Namespace) -> int:
    from checker.commands import (
        check_output,
        refuse_binary_to_terminal,
        require_paths,
        write_output,
        write_stdout,
    )
    from checker.errors import UsageError

    lang = args.lang
    require_paths(args.paths)
    outputs: list[tuple[str, str | None]] = []
    with starting_up():
        from checker.plugins import load_registry
        from checker.reporters.text import summary_line
        from checker.reporting import RenderOptions

        registry = load_registry()
    for fmt, out in args.outputs or []:
        if fmt is None:
            suffix = Path(out).suffix.lower()
            matches = [r.name for r in registry.reporters.values() if r.suffix == suffix]
            if not matches:
                raise UsageError(
                    Text(
                        f"--output {out} 前没有 --format，且无法从后缀判断格式",
                        f"--output {out} has no --format before it and its suffix names none",
                    )
                )
            fmt = matches[0]
        if fmt not in registry.reporters:
            known = ", ".join(sorted(registry.reporters))
            raise UsageError(
                Text(f"未知的报告格式：{fmt}（可用：{known}）", f"unknown format: {fmt} ({known})")
            )
        outputs.append((fmt, out if out not in (None, "-", "/dev/stdout") else None))
    if sum(1 for _, out in outputs if out is None) > 1:
        raise UsageError(
            Text("只有一个格式可以输出到标准输出", "only one format can go to standard output")
        )
    for fmt, out in outputs:
        reporter = registry.reporters[fmt]
        if out is None and getattr(reporter, "binary", False):
            refuse_binary_to_terminal(
                Text(f"{fmt} 报告", f"the {fmt} report"), getattr(reporter, "suffix", "")
            )
    targets = [Path(out) for _, out in outputs if out is not None]
    _distinct(targets)
    for target in targets:  # a folder, a path under a file: before the run, not after it
        check_output(target, force=args.force)
    baseline = None
    if args.baseline:
        from checker.baseline import Baseline

        baseline = Baseline.load(args.baseline)

    def refuse_inputs(inputs: Inputs) -> None:
        for target in targets:
            check_output(target, inputs=inputs, force=args.force)

    registry, report = run_check(args, baseline, refuse_inputs)
    render = RenderOptions(lang=lang, color=sys.stdout.isatty(), show_infos=args.show_infos)
    to_stdout = any(out is None for _, out in outputs)
    for fmt, out in outputs:
        reporter = registry.reporters[fmt]
        rendered = reporter.render(
            report, RenderOptions(lang=lang, output_name=out, show_infos=args.show_infos)
        )
        if out is None:
            write_stdout(rendered)
        else:
            data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
            write_output(Path(out), data, force=args.force)
    if not to_stdout:
        if args.quiet:
            write_stdout(summary_line(report, lang) + "\n")
        else:
            text = registry.reporters["text"].render(report, render)
            write_stdout(text if isinstance(text, str) else text.decode("utf-8"))
    departments = report.extras.get("departments") or []
    if len(departments) > 1 and not args.quiet:
        from checker.progress import department_table

        sys.stdout.flush()
        sys.stderr.write(department_table(departments, lang))
    return report.exit_status
