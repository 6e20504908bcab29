"""The public Python API: check files or bytes against a policy and get the report.

`check` makes the run `jxcheck check` makes (`checker.runner`): the same plugins, policy,
engine and empty-input rule, so nothing is checked differently from Python, on the command
line or at the review desk. `prepare`, `today_from` and `supported_suffixes` live in
`checker.prepare` and are named here for callers of the API.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from checker.baseline import Baseline
from checker.engine import CheckOptions
from checker.i18n import Lang
from checker.inputs import DEFAULT_MAX_BYTES, InputFile, ReadOptions
from checker.plugins import Registry
from checker.prepare import TODAY_ENV, prepare, supported_suffixes, today_from
from checker.reporting import Report
from checker.runner import Runner

__all__ = ["TODAY_ENV", "check", "prepare", "supported_suffixes", "today_from"]


def check(
    inputs: Sequence[str | Path | InputFile],
    policy: str | Path | None = None,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    lang: Lang = "zh",
    fail_on: str = "error",
    encoding: str | None = None,
    budget_year: int | None = None,
    today: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    registry: Registry | None = None,
    baseline: str | Path | Baseline | None = None,
    jobs: int = 1,
) -> Report:
    """Check paths (files or folders) and in-memory files; return the report.

    `baseline`: a baseline file (or a loaded `Baseline`) whose findings are marked baselined.
    `jobs`: worker processes for the paths (1: this process, the default, which a server
    checking uploads in threads should keep; 0: one per core); the report is the same whatever
    the number.

    Raises `checker.errors.UsageError` (the command line's exit status 2) when there is nothing
    to check: no input, folders holding no file a reader takes, or only files that are skipped
    (reports jxcheck wrote, links to folders). A report of nothing is never an "all clear".
    A `ConfigError` names a policy or baseline problem.
    """
    options = CheckOptions(
        lang=lang,
        fail_on=fail_on,
        read=ReadOptions(encoding=encoding, budget_year=budget_year),
        today=today or today_from(None),
        max_bytes=max_bytes,
    )
    runner = Runner(policy, select=select, ignore=ignore, options=options, registry=registry)
    if baseline is not None and not isinstance(baseline, Baseline):
        baseline = Baseline.load(baseline)
    return runner.check(runner.targets(inputs), jobs=jobs, baseline=baseline)
