"""One check run, the same from every front end: `jxcheck check`, `jxcheck baseline write`,
`checker.api.check` and the review desk (`checker.web.worker`).

    runner = Runner(policy, select=…, ignore=…, options=CheckOptions(…))
    targets = runner.targets(["season/", InputFile("upload.yaml", data)])
    report = runner.check(targets, jobs=0, progress=True, baseline=baseline)

`Runner` loads the plugins and the policy once (`checker.prepare`, failing closed on a plugin
that must load) and builds the engine. `targets` expands folders to the files a reader takes
(`checker.engine.expand_paths`); `check` checks them, in this process or in worker processes
(`checker.parallel`, `jobs`: 0 is one per core), then in-memory files, and merges everything
in input order (`Engine.finish`: batch rules, waivers, the baseline, grades). The report is the
same bytes whatever `jobs` is.

The empty-input rule, everywhere: a run with nothing to check is never an "all clear". Inputs
that expand to no file at all, or a run in which every file was skipped (reports jxcheck wrote,
links to folders), raise `UsageError` — exit status 2 on the command line, the same exception
from `checker.api.check`, a refused request at the review desk. Under `--skip-unrecognised`
(the pre-commit hook) a run of only skipped files is no error: a commit of other files.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from checker.engine import (
    MIN_FILES_PER_JOB,
    CheckOptions,
    Engine,
    EngineSpec,
    FileOutcome,
    PathIssue,
    batch_gc,
    default_jobs,
    expand_paths,
)
from checker.errors import UsageError
from checker.i18n import Lang, Text
from checker.inputs import InputFile
from checker.plugins import PluginInfo, Registry
from checker.policy import ResolvedPolicy
from checker.prepare import prepare, supported_suffixes
from checker.reporting import Report

if TYPE_CHECKING:
    from checker.baseline import Baseline
    from checker.parallel import Progress


@dataclass(frozen=True)
class Targets:
    """What a run checks: the files found under the paths named (in order, folders expanded;
    a folder that cannot be read is a `PathIssue`), then files held in memory (uploads)."""

    paths: list[Path | PathIssue]
    sources: list[InputFile]
    #: The inputs as they were named, for messages (`season, extra.yaml`).
    named: str

    def files(self) -> list[Path]:
        """The files on disk the run reads (a `PathIssue` is reported, never read)."""
        return [p for p in self.paths if isinstance(p, Path)]


def nothing_to_check(named: str, suffixes: Sequence[str]) -> UsageError:
    """The inputs hold no file any reader takes (folders of scans and notes, or no input)."""
    if not named:
        return UsageError(
            Text(
                "没有可检查的文件：没有给出任何文件或文件夹",
                "nothing to check: no file or folder given",
            )
        )
    known = " ".join(sorted(suffixes))
    return UsageError(
        Text(
            f"没有可检查的文件：{named} 中没有 jxcheck 能读取的文件（{known}）",
            f"nothing to check: {named} holds no file jxcheck reads ({known})",
        )
    )


def nothing_checked(report: Report, named: str) -> UsageError:
    """Every file was skipped: reports jxcheck wrote, links to folders."""
    skipped = len(report.extras.get("skipped") or [])
    return UsageError(
        Text(
            f"没有可检查的文件：{named} 中只有 jxcheck 生成的报告或指向文件夹的链接"
            f"（跳过 {skipped} 个）",
            f"nothing to check: {named} holds only reports jxcheck wrote or links to "
            f"folders ({skipped} skipped)",
        )
    )


def failed_plugin_warning(info: PluginInfo) -> Text:
    """The warning for a plugin that failed to load and that no policy of the run requires
    (one that is required stops the run in `prepare`)."""
    return Text(
        f"jxcheck: 警告：插件 {info.name}（{info.distribution} {info.version}）加载失败，"
        f"其规则没有运行（策略未要求该插件）：{info.error}",
        f"jxcheck: warning: plugin {info.name} ({info.distribution} {info.version}) "
        f"failed to load; its rules did not run (no policy requires it): {info.error}",
    )


def outcomes(
    engine: Engine,
    paths: Sequence[Path | PathIssue],
    *,
    jobs: int = 1,
    spec: EngineSpec | None = None,
    progress: Progress | None = None,
) -> list[FileOutcome]:
    """Every file's outcome, in the order of `paths`: in this process, or in `jobs` worker
    processes when there are enough files (`MIN_FILES_PER_JOB` each). Workers fork and inherit
    `engine` where that is safe; else they are spawned and build their own from `spec`, and
    without one the files are checked here. A `PathIssue` (a folder that cannot be read, a link
    in a folder) is made here, never sent to a worker."""
    files = [p for p in paths if isinstance(p, Path)]
    found: list[FileOutcome] | None = None
    workers = min(jobs, len(files) // MIN_FILES_PER_JOB)
    if workers > 1:
        from checker import parallel  # the worker machinery: only for a run that may use it

        if spec is not None or parallel.can_fork():
            found = parallel.run_parallel(
                engine, spec, files, workers, engine.crashed_outcome, progress
            )
    if found is None:
        found = []
        for done, path in enumerate(files, 1):
            found.append(engine.check_path(path))
            if progress is not None:
                progress(done, len(files))
    if len(files) == len(paths):
        return found
    checked = iter(found)
    return [engine.issue_outcome(p) if isinstance(p, PathIssue) else next(checked) for p in paths]


@contextlib.contextmanager
def progress_bar(lang: Lang, show: bool) -> Iterator[Progress | None]:
    """A progress bar on standard error while the block runs, when `show` and standard error
    is a terminal (a hook or a pipe gets nothing); erased at the end."""
    bar = None
    if show and sys.stderr.isatty():
        from checker.progress import ProgressBar

        bar = ProgressBar(sys.stderr, lang)
    try:
        yield bar
    finally:
        if bar is not None:
            bar.close()


def _spec(
    policy: str | Path | None,
    select: Sequence[str],
    ignore: Sequence[str],
    options: CheckOptions,
    cwd: Path | None,
) -> EngineSpec:
    base = str(cwd) if cwd is not None else os.getcwd()
    # a file given as a Path stays a file in the worker (a str could be a packaged name)
    source = str(Path(base, policy)) if isinstance(policy, Path) else policy
    return EngineSpec(source, tuple(select), tuple(ignore), options, base)


class Runner:
    """A prepared check: the registry, the policy and the engine, built once.

    `registry`: plugins chosen by the caller (tests, an embedding program); by default the
    installed ones. Worker processes that must be spawned rebuild the engine from the installed
    plugins, so with a registry of the caller's they are not spawned (files are checked in this
    process where workers cannot fork). `engine_class`: the review desk's engine, which lets a
    memory limit through.
    """

    def __init__(
        self,
        policy: str | Path | None = None,
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        options: CheckOptions | None = None,
        registry: Registry | None = None,
        cwd: Path | None = None,
        engine_class: type[Engine] = Engine,
    ) -> None:
        self.options = options or CheckOptions()
        self.registry: Registry
        self.policy: ResolvedPolicy
        self.registry, self.policy = prepare(
            policy, select=select, ignore=ignore, registry=registry, cwd=cwd
        )
        self.spec = _spec(policy, select, ignore, self.options, cwd) if registry is None else None
        self.engine_class = engine_class
        self.engine = engine_class(self.registry, self.policy, self.options)

    def renew(self) -> None:
        """A new engine for the same registry and policy (`check --fix` checks the files it
        rewrote again, with nothing kept from the first run)."""
        self.engine = self.engine_class(self.registry, self.policy, self.options)

    def warnings(self) -> list[Text]:
        """One warning per plugin that failed to load (not required: else `prepare` failed)."""
        return [failed_plugin_warning(info) for info in self.registry.failed()]

    def targets(self, inputs: Sequence[str | Path | InputFile]) -> Targets:
        """Files and folders (expanded: `checker.engine.expand_paths`) and in-memory files;
        UsageError when they hold nothing any reader takes."""
        named = [i for i in inputs if not isinstance(i, InputFile)]
        sources = [i for i in inputs if isinstance(i, InputFile)]
        suffixes = supported_suffixes(self.registry)
        paths = expand_paths(named, suffixes)
        described = ", ".join([*(str(p) for p in named), *(s.name for s in sources)])
        if not paths and not sources:
            raise nothing_to_check(described, suffixes)
        return Targets(paths, sources, described)

    def check(
        self,
        targets: Targets,
        *,
        jobs: int = 1,
        progress: bool = False,
        baseline: Baseline | None = None,
        tune_gc: bool = False,
    ) -> Report:
        """Check the targets and merge their outcomes in input order into the report.

        `jobs`: worker processes for the files on disk (0: one per core; 1: this process).
        `progress`: a progress bar on standard error when it is a terminal. `tune_gc`: fewer
        garbage collections during the run (`checker.engine.batch_gc`; process-wide, so for
        the command line, never a server checking in threads). UsageError when every file
        was skipped (unless the options skip unrecognised files: the pre-commit hook).
        """
        with (
            progress_bar(self.options.lang, progress) as bar,
            batch_gc() if tune_gc else contextlib.nullcontext(),
        ):
            found = outcomes(
                self.engine,
                targets.paths,
                jobs=jobs or default_jobs(),
                spec=self.spec,
                progress=bar,
            )
            found += [self.engine.check_file(s) for s in targets.sources]
        return self.finish(found, named=targets.named, baseline=baseline)

    def finish(
        self, found: Sequence[FileOutcome], *, named: str, baseline: Baseline | None = None
    ) -> Report:
        """Merge outcomes (`Engine.finish`) and apply the empty-input rule to the report."""
        report = self.engine.finish(found, baseline)
        if not report.files and not self.options.skip_unrecognised:
            raise nothing_checked(report, named)
        return report
