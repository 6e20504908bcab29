"""The public Python API: check files or bytes against a policy and get the report.

The CLI and the web page both call `check`, so nothing is checked differently in either.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from checker.baseline import Baseline
from checker.engine import CheckOptions, Engine, expand_paths
from checker.errors import UsageError
from checker.i18n import Lang, Text
from checker.inputs import DEFAULT_MAX_BYTES, InputFile, ReadOptions
from checker.plugins import Registry, load_registry, require_plugins
from checker.policy import ResolvedPolicy, load_policy
from checker.reporting import Report

TODAY_ENV = "JXCHECK_TODAY"


def today_from(value: str | None) -> date:
    """`--today` or JXCHECK_TODAY (ISO date) for reproducible runs; else the real date."""
    raw = value or os.environ.get(TODAY_ENV)
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise UsageError(
            Text(f"日期格式应为 YYYY-MM-DD：{raw}", f"a date must be YYYY-MM-DD: {raw}")
        ) from None


def prepare(
    policy: str | Path | None = None,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    registry: Registry | None = None,
    cwd: Path | None = None,
) -> tuple[Registry, ResolvedPolicy]:
    """Load plugins and the policy, and fail closed on a missing required plugin."""
    registry = registry or load_registry()
    resolved = load_policy(registry, policy, select=select, ignore=ignore, cwd=cwd)
    require_plugins(registry, resolved.required_plugins, ", ".join(resolved.names))
    return registry, resolved


def supported_suffixes(registry: Registry) -> list[str]:
    return sorted({s for reader in registry.readers.values() for s in reader.suffixes})


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
    checking uploads in threads should keep); the report is the same whatever the number.
    """
    registry, resolved = prepare(policy, select=select, ignore=ignore, registry=registry)
    options = CheckOptions(
        lang=lang,
        fail_on=fail_on,
        read=ReadOptions(encoding=encoding, budget_year=budget_year),
        today=today or today_from(None),
        max_bytes=max_bytes,
    )
    engine = Engine(registry, resolved, options)
    paths = [i for i in inputs if not isinstance(i, InputFile)]
    sources = [i for i in inputs if isinstance(i, InputFile)]
    outcomes = engine.outcomes(expand_paths(paths, supported_suffixes(registry)), jobs=jobs)
    outcomes += [engine.check_file(s) for s in sources]
    if baseline is not None and not isinstance(baseline, Baseline):
        baseline = Baseline.load(baseline)
    return engine.finish(outcomes, baseline)
