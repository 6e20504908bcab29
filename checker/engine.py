"""The engine: read every input, run every enabled rule on every record, aggregate one report.

Data flows one way: bytes → reader (model + source map) → rules (hits) → findings (severity from
the policy, location from the source map, fingerprint) → waivers → report. Work is done file by
file (`check_file` is a pure function of one file, so files can go to worker processes), then
merged in a fixed order, so the report is the same whatever the order of work.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from checker.errors import InputError
from checker.facts import document_facts
from checker.finding import SEVERITY_NAMES, FileFix, Finding, Place, Severity, fingerprint
from checker.grading import apply_grades
from checker.i18n import LANGS, Lang, Text
from checker.inputs import (
    DEFAULT_MAX_BYTES,
    InputFile,
    InvalidRecord,
    LoadedDocument,
    ReadOptions,
    own_output,
    read_path,
    unreadable_text,
)
from checker.model import Document, Project
from checker.plugins import Registry
from checker.policy import ResolvedPolicy, apply_waivers
from checker.readers import pick_reader
from checker.reporting import (
    DocumentResult,
    FileResult,
    RecordResult,
    Report,
)
from checker.rule import (
    MEMO_SIZE,
    BatchContext,
    DocumentContext,
    Hit,
    Params,
    ProjectContext,
    ProjectKey,
    Rule,
    _Context,
    context_for,
    run_rule,
)
from checker.source import Location, list_index, split_pointer

if TYPE_CHECKING:
    from checker.baseline import Baseline, BaselineEntry
    from checker.inputs import Reader


@dataclass(frozen=True)
class CheckOptions:
    """How a check runs (everything but the inputs and the policy)."""

    lang: Lang = "zh"
    fail_on: str = "error"
    read: ReadOptions = field(default_factory=ReadOptions)
    today: date = field(default_factory=date.today)
    max_bytes: int = DEFAULT_MAX_BYTES
    #: `check --skip-unrecognised` (the pre-commit hook): a file that is no record or document
    #: by its content is listed under `skipped`, not reported as S000/S001 (`Engine._foreign`).
    skip_unrecognised: bool = False


#: Below this many files per worker, starting processes costs more than it saves.
MIN_FILES_PER_JOB = 4


@dataclass(frozen=True)
class EngineSpec:
    """What a spawned worker process needs to build the same engine as its parent."""

    policy: str | None
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    options: CheckOptions
    cwd: str


#: Collection thresholds during a batch: the first generation collected every 20,000
#: allocations, not every 700. A batch allocates millions of short-lived objects and, streaming
#: file by file, keeps almost none: frequent collections only cost time (about a tenth of it).
BATCH_GC_THRESHOLD = (20_000, 50, 100)


@contextmanager
def batch_gc() -> Iterator[None]:
    """Fewer garbage collections while a batch runs; objects built before it are frozen out of
    them (the registry, the policy, the models' classes). Process-wide: for the command line
    and worker processes, not for a server checking uploads in threads."""
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*BATCH_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


#: The `reader` of a file not checked but skipped (a report jxcheck wrote, a link to a folder):
#: `skipped:<kind>`. It travels through `checker.parallel.pack` like any outcome; `Engine.finish`
#: lists such files under `skipped` in the report instead of `files`.
SKIPPED_READER = "skipped:"

#: Why a path was skipped, by kind (see `SKIPPED_READER`).
SKIP_REASONS: dict[str, Text] = {
    "json": Text("jxcheck 生成的 JSON 报告，不是记录", "a JSON report jxcheck wrote, not a record"),
    "sarif": Text(
        "jxcheck 生成的 SARIF 报告，不是记录", "a SARIF report jxcheck wrote, not a record"
    ),
    "junit": Text(
        "jxcheck 生成的 JUnit 报告，不是记录", "a JUnit report jxcheck wrote, not a record"
    ),
    "html": Text(
        "jxcheck 生成的 HTML 报告，不是记录", "an HTML report jxcheck wrote, not a record"
    ),
    "xlsx": Text(
        "jxcheck 生成的 Excel 报告，不是记录", "an Excel report jxcheck wrote, not a record"
    ),
    "text": Text("jxcheck 生成的文本报告，不是记录", "a text report jxcheck wrote, not a record"),
    "baseline": Text("jxcheck 基线文件，不是记录", "a jxcheck baseline file, not a record"),
    "link": Text("指向文件夹的符号链接，不跟随", "a symbolic link to a folder: not followed"),
    "unrecognised": Text(
        "不是绩效目标记录或文档：没有读取器认得它",
        "not a target record or document: no reader recognises it",
    ),
    "not-a-record": Text(
        "不是绩效目标记录或文档：只有文件后缀相符，内容不是",
        "not a target record or document: its suffix fits, its content does not",
    ),
}


@dataclass
class FileOutcome:
    """Everything one file contributes; record/document indices are local to the file."""

    file: FileResult
    documents: list[DocumentResult] = field(default_factory=list)
    records: list[RecordResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    keys: list[ProjectKey] = field(default_factory=list)


def _skipped(name: str, kind: str) -> FileOutcome:
    """The outcome of a file not checked but listed under `skipped` (`SKIP_REASONS[kind]`)."""
    return FileOutcome(FileResult(name, "checked", SKIPPED_READER + kind))


@dataclass(frozen=True)
class ActiveRule:
    """A rule with the policy's decisions for it applied, and the memo the host keeps for it
    over the run (`ctx.memo`: verdicts on a cell's text under these parameters)."""

    rule: Rule
    severity: Severity | None
    params: Params
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def context(self, ctx: C) -> C:
        """`ctx` with the rule's memo."""
        ctx.memo = self.memo
        return ctx


C = TypeVar("C", bound=_Context[Any])


def _further_place(loaded: LoadedDocument, base: str, hit: Hit) -> Place:
    """One of a finding's further places (`Hit.places`), located in the file."""
    location = loaded.locate(base + hit.pointer)
    return Place(hit.pointer, location.line, location.label, hit.text, _file_fix(base, hit))


def _file_fix(base: str, hit: Hit) -> FileFix | None:
    """A hit's fix, its pointer made relative to the file's data."""
    fix = hit.fix
    return None if fix is None else FileFix(base + fix.pointer, fix.value)


def _value_at(root: Any, pointer: str) -> Any:
    """The value a pointer names inside a model (or None): the finding shows it as written."""
    current = root
    for token in split_pointer(pointer):
        if isinstance(current, BaseModel):
            current = getattr(current, token, None)
        elif isinstance(current, list):
            index = list_index(token)
            if index is None or index >= len(current):
                return None
            current = current[index]
        elif isinstance(current, dict):
            current = current.get(token)
        else:
            return None
        if current is None:
            return None
    return current


def _stable_pointer(project: Project | None, pointer: str, document: Document | None = None) -> str:
    """The pointer with row indices replaced by the row's own names (for fingerprints).

    An indicator row is named by its 一级/二级/三级, a plan column by its label, a Part 1
    paragraph by its section number and its opening words, so inserting a row or a paragraph
    does not change the fingerprints of the others.
    """
    if project is not None and "~" not in pointer and pointer[:1] == "/":
        # the usual case, without splitting: a pointer into no row list is its own stable form
        head, _, rest = pointer[1:].partition("/")
        if head != "indicators" and head != "spending_plan":
            return pointer
        index = list_index(rest.partition("/")[0]) if rest else None
        if index is None:
            return pointer
    tokens = split_pointer(pointer)
    if project is None:
        overview = document.overview if document is not None else None
        if overview is not None and tokens[:2] == ["overview", "sections"] and len(tokens) > 2:
            number = list_index(tokens[2])
            if number is not None and number < len(overview.sections):
                section = overview.sections[number]
                tokens[2] = f"[{section.number}]"
                index = list_index(tokens[4]) if len(tokens) > 4 else None
                paragraphs = section.paragraphs
                if tokens[3:4] == ["paragraphs"] and index is not None and index < len(paragraphs):
                    tokens[4] = f"[{paragraphs[index].strip()[:24]}]"
            return "".join("/" + t for t in tokens)
        return pointer
    index = list_index(tokens[1]) if len(tokens) >= 2 else None
    if index is not None:
        if tokens[0] == "indicators" and index < len(project.indicators):
            row = project.indicators[index]
            tokens[1] = f"[{row.level1.strip()}/{row.level2.strip()}/{row.name.strip()}]"
        elif tokens[0] == "spending_plan" and index < len(project.spending_plan or []):
            tokens[1] = f"[{(project.spending_plan or [])[index].label.strip()}]"
    return "".join("/" + t for t in tokens)


def record_key(
    loaded: LoadedDocument, project: Project | None, document: int, index: int | None
) -> str:
    """What identifies a record across edits and renames: its 项目编码, else its name, else
    its place; a document by its department (or first unit), else its file's name."""
    if project is not None:
        if project.code and project.code.strip():
            return "project:" + project.code.strip()
        if project.name and project.name.strip():
            return "name:" + project.name.strip()
        return f"place:{Path(loaded.file).name}#{document}/{index}"
    doc = loaded.document
    owner = doc.department or next((p.unit for p in doc.projects if p.unit), None)
    if owner and owner.strip():
        return f"document:{owner.strip()}#{doc.budget_year}"
    return f"document:{Path(loaded.file).name}#{document}"


def new_finding(
    rule: str,
    severity: Severity,
    message: Text,
    file: str,
    location: Location,
    identity: tuple[str, str],
    *,
    project: Project | None = None,
    project_code: str | None = None,
    project_name: str | None = None,
    pointer: str = "",
    text: str | None = None,
    record: int | None = None,
    fix: FileFix | None = None,
    advice: Text | None = None,
    places: tuple[Place, ...] = (),
) -> Finding:
    """Every finding the engine reports is made here. Its fingerprint hashes the rule and its
    `identity`: what the finding is about across edits (a record's 项目编码, else its name or
    place; a file; a baseline entry) and where in it (a pointer with rows named, not numbered),
    never its line (see `checker.finding.fingerprint`)."""
    if project is not None:
        project_code, project_name = project.code, project.name
    return Finding(
        rule,
        severity,
        message,
        file,
        location.line,
        project_code,
        project_name,
        pointer,
        fingerprint(rule, *identity),
        location.column,
        location.label,
        text,
        record,
        None,
        False,
        fix,
        advice,
        places,
        location.order,
    )


class Engine:
    """Runs a resolved policy's rules over inputs; one instance per check run."""

    def __init__(self, registry: Registry, policy: ResolvedPolicy, options: CheckOptions) -> None:
        self.registry = registry
        self.policy = policy
        #: The rules as the policy resolved them (its local rules included): a later policy
        #: load in the same process changes the registry, never this run's rules.
        self.rules = policy.rules
        self.options = options
        self.active: dict[str, list[ActiveRule]] = {"project": [], "document": [], "batch": []}
        self.engine_severity: dict[str, Severity | None] = {}
        self.enabled_ids: list[str] = []
        for r in policy.enabled_rules():
            setting = policy.setting(r)
            self.enabled_ids.append(r.id)
            if r.scope == "engine":
                self.engine_severity[r.id] = setting.severity
                continue
            self.active[r.scope].append(ActiveRule(r, setting.severity, setting.params))
        #: One context per project rule, moved from project to project (see `_check_document`);
        #: so an engine checks one file at a time (each thread or worker makes its own).
        self._project_contexts: list[tuple[ActiveRule, ProjectContext[Any]]] = [
            (
                active,
                active.context(
                    context_for(
                        active.rule, active.params, None, Document(), 0, False, options.lang
                    )
                ),
            )
            for active in self.active["project"]
        ]
        self._memo_holders = [*self.active["project"], *self.active["document"]]

    # --- findings -------------------------------------------------------------------------

    def _engine_finding(
        self,
        rule_id: str,
        message: Text,
        file: str,
        location: Location,
        *,
        project: Project | None = None,
        pointer: str = "",
        record: int | None = None,
        key: str | None = None,
        text: str | None = None,
    ) -> Finding | None:
        """A finding of an engine rule (S000, S001, X001…); None when the policy turned it off."""
        r = self.rules.get(rule_id)
        if r is None or (rule_id not in self.engine_severity and rule_id not in self.enabled_ids):
            return None
        return new_finding(
            rule_id,
            self.engine_severity.get(rule_id) or r.severity,
            message,
            file,
            location,
            (key or f"file:{file}", _stable_pointer(project, pointer)),
            project=project,
            pointer=pointer,
            record=record,
            text=text,
        )

    def make_finding(
        self,
        rule_id: str,
        message: Text,
        file: str,
        line: int | None,
        project_code: str | None,
        project_name: str | None,
        pointer: str,
    ) -> Finding:
        """A finding made outside a rule run (waivers: X002, X003)."""
        r = self.rules.get(rule_id)
        severity = self.engine_severity.get(rule_id) or (r.severity if r else Severity.warning)
        key = f"project:{project_code}" if project_code else f"file:{file}"
        return new_finding(
            rule_id,
            severity,
            message,
            file,
            Location(line),
            (key, pointer + "#" + message.en),
            project_code=project_code,
            project_name=project_name,
            pointer=pointer,
        )

    def _hit_finding(
        self,
        active: ActiveRule,
        hit: Hit,
        loaded: LoadedDocument,
        doc_index: int,
        project_index: int | None,
        record: int | None,
    ) -> Finding:
        r = active.rule
        project = loaded.document.projects[project_index] if project_index is not None else None
        base = (
            loaded.project_pointer(project_index) if project_index is not None else loaded.pointer
        )
        if active.severity is not None:
            severity = active.severity
        elif hit.severity is not None:
            severity = hit.severity
        else:
            severity = r.severity
        text = hit.text
        if text is None:
            value = _value_at(project if project is not None else loaded.document, hit.pointer)
            text = value if isinstance(value, str) else None
        return new_finding(
            r.id,
            severity,
            r.message_for(hit.message).format(**hit.args),
            loaded.file,
            loaded.locate(base + hit.pointer),
            (
                record_key(loaded, project, doc_index, project_index),
                _stable_pointer(project, hit.pointer, loaded.document),
            ),
            project=project,
            pointer=hit.pointer,
            text=text,
            record=record,
            fix=_file_fix(base, hit),
            advice=r.advice_for(hit.message, hit.args) if r.advice else None,
            places=tuple(_further_place(loaded, base, place) for place in hit.places),
        )

    def _crash(
        self,
        active: ActiveRule,
        error: BaseException,
        loaded: LoadedDocument,
        doc_index: int,
        project_index: int | None,
        record: int | None,
    ) -> Finding | None:
        project = loaded.document.projects[project_index] if project_index is not None else None
        base = (
            loaded.project_pointer(project_index) if project_index is not None else loaded.pointer
        )
        detail = f"{type(error).__name__}: {error}"
        return self._engine_finding(
            "X001",
            Text(
                f"规则 {active.rule.id}（{active.rule.plugin}）检查本记录时出错：{detail}",
                f"rule {active.rule.id} ({active.rule.plugin}) raised on this record: {detail}",
            ),
            loaded.file,
            loaded.locate(base),
            project=project,
            pointer="",
            record=record,
            key=record_key(loaded, project, doc_index, project_index) + "#" + active.rule.id,
        )

    def _run_rules(
        self,
        rules: Iterable[tuple[ActiveRule, _Context[Any]]],
        subject: object,
        loaded: LoadedDocument,
        doc_index: int,
        project_index: int | None,
        record_of: Callable[[int | None], int | None],
        out: list[Finding],
    ) -> None:
        """Run each rule on one subject (a table, a document) with its context: an exception
        in a rule, or a hit the engine cannot place (a bad message key…), makes that rule's
        run on the subject one X001 and loses no other rule's findings."""
        for active, ctx in rules:
            try:
                # `run_rule` written out: this loop runs fifty times a record
                found_hits = active.rule.visit(subject, ctx)
                if found_hits is None:
                    continue
                hits = list(found_hits)
                if not hits:
                    continue
                found = [
                    self._hit_finding(
                        active,
                        hit,
                        loaded,
                        doc_index,
                        project_index if hit.project is None else hit.project,
                        record_of(project_index if hit.project is None else hit.project),
                    )
                    for hit in hits
                ]
            except Exception as error:
                crash = self._crash(
                    active, error, loaded, doc_index, project_index, record_of(project_index)
                )
                if crash is not None:
                    out.append(crash)
                continue
            out.extend(found)

    # --- one file -------------------------------------------------------------------------

    def check_path(self, path: Path) -> FileOutcome:
        try:
            source = read_path(path, self.options.max_bytes)
        except InputError as error:
            return self._unreadable(str(path), None, error)
        return self.check_file(source)

    def crashed_outcome(self, name: str, detail: str) -> FileOutcome:
        """The outcome of a file whose worker process died while checking it (S000)."""
        return self._unreadable(
            name,
            None,
            InputError(
                name,
                None,
                Text(
                    f"检查此文件的工作进程意外退出（{detail}），文件未能检查；"
                    "请用 --jobs 1 单独检查它以查看原因",
                    f"the worker process checking this file died ({detail}); the file was not "
                    "checked: check it alone with --jobs 1 to see why",
                ),
            ),
        )

    def issue_outcome(self, issue: PathIssue) -> FileOutcome:
        """The outcome of a path found or given that is not read (see `expand_paths`): an
        `S000` naming it and why, or, for a skipped one, its place under `skipped`."""
        name = str(issue.path)
        if issue.skip is not None:
            return FileOutcome(FileResult(name, "checked", SKIPPED_READER + issue.skip))
        return self._unreadable(name, None, InputError(name, None, issue.message))

    def _unreadable(self, name: str, reader: str | None, error: InputError) -> FileOutcome:
        outcome = FileOutcome(FileResult(name, "error", reader))
        finding = self._engine_finding(
            "S000",
            error.detail,
            name,
            Location(error.line, error.column),
        )
        if finding is not None:
            outcome.findings.append(finding)
        return outcome

    def check_file(self, source: InputFile) -> FileOutcome:
        """Read one file with the reader that claims it, and check every record in it.

        A report or baseline jxcheck wrote (recognised by its first bytes) is skipped, not read:
        a report written into a checked folder never becomes an input of the next run."""
        kind = own_output(source.data)
        if kind is not None:
            return FileOutcome(FileResult(source.name, "checked", SKIPPED_READER + kind))
        try:
            reader = pick_reader(source, list(self.registry.readers.values()))
        except InputError as error:
            if self._foreign(source, None):
                return _skipped(source.name, "unrecognised")
            return self._unreadable(source.name, None, error)
        try:
            results = list(reader.read(source, self.options.read))
        except InputError as error:
            if self._foreign(source, reader):
                return _skipped(source.name, "not-a-record")
            return self._unreadable(source.name, reader.name, error)
        except Exception as error:  # a reader's bug must not lose the batch
            detail = f"{type(error).__name__}: {error}"
            return self._unreadable(
                source.name,
                reader.name,
                InputError(
                    source.name,
                    None,
                    Text(
                        f"读取器 {reader.name} 出错：{detail}",
                        f"reader {reader.name} failed: {detail}",
                    ),
                ),
            )
        if all(isinstance(r, InvalidRecord) for r in results) and self._foreign(source, reader):
            return _skipped(source.name, "not-a-record")
        outcome = FileOutcome(FileResult(source.name, "checked", reader.name))
        for result in results:
            if isinstance(result, InvalidRecord):
                self._invalid(result, outcome)
            else:
                self._check_document(result, outcome)
        outcome.file.records = len(outcome.records)
        outcome.file.documents = len(outcome.documents)
        return outcome

    def _foreign(self, source: InputFile, reader: Reader | None) -> bool:
        """Under `skip_unrecognised` only: whether `source` is, by its content, neither a record
        nor a document — no reader claims it (`reader` None), or `reader` claims it by its
        name alone (it does not claim the same bytes under a name without that suffix). Asked
        only of a file read into nothing but S000/S001: content a reader recognises is always
        checked and reported."""
        if not self.options.skip_unrecognised:
            return False
        try:
            if reader is None:  # pick_reader also fails when a sniff raises: that is an S000
                return not any(r.sniff(source) > 0 for r in self.registry.readers.values())
            return reader.sniff(InputFile(f"{source.name}#content", source.data)) <= 0
        except Exception:
            return False

    def _invalid(self, invalid: InvalidRecord, outcome: FileOutcome) -> None:
        index = len(outcome.records)
        outcome.records.append(
            RecordResult(
                file=invalid.file,
                document=None,
                index=index,
                project_code=invalid.project_code,
                project_name=invalid.project_name,
                status="invalid",
                line=invalid.location.line,
                location=invalid.location.label,
            )
        )
        key = (
            f"project:{invalid.project_code}"
            if invalid.project_code
            else f"place:{Path(invalid.file).name}{invalid.pointer}"
        )
        for violation in invalid.violations:
            finding = self._engine_finding(
                "S001",
                Text(
                    f"记录不符合格式：{violation.message.zh}",
                    f"the record does not fit the format: {violation.message.en}",
                ),
                invalid.file,
                violation.location,
                pointer=violation.pointer,
                record=index,
                key=key,
            )
            if finding is not None:
                outcome.findings.append(
                    finding.with_changes(
                        project_code=invalid.project_code, project_name=invalid.project_name
                    )
                )

    def _check_document(self, loaded: LoadedDocument, outcome: FileOutcome) -> None:
        doc_index = len(outcome.documents)
        document = loaded.document
        budget_year = self.options.read.budget_year or document.budget_year
        outcome.documents.append(
            DocumentResult(
                file=loaded.file,
                index=doc_index,
                department=document.department,
                budget_year=budget_year,
                projects=len(document.projects),
                standalone=loaded.standalone,
                kind=document.kind_held,
                identity=document_identity(document),
            )
        )
        first_record = len(outcome.records)

        def record_of(project_index: int | None) -> int | None:
            return None if project_index is None else first_record + project_index

        for index, project in enumerate(document.projects):
            location = loaded.locate(loaded.project_pointer(index))
            outcome.records.append(
                RecordResult(
                    file=loaded.file,
                    document=doc_index,
                    index=first_record + index,
                    project_code=project.code,
                    project_name=project.name,
                    line=location.line,
                    location=location.label,
                    unit=project.unit,
                    budget=project.budget.total,
                )
            )
            outcome.keys.append(
                ProjectKey(
                    loaded.file,
                    doc_index,
                    index,
                    project.code,
                    project.name,
                    loaded.locate(loaded.project_pointer(index) + "/code"),
                )
            )
        # One context per rule for the whole run, moved from table to table: a rule has run
        # to its end (its hits listed) before the next, and building a context per rule and
        # table cost more than many rules do.
        contexts = self._project_contexts
        standalone = loaded.standalone
        facts = document_facts(document)
        for index, project in enumerate(document.projects):
            table_facts = facts[index]
            for _, ctx in contexts:
                ctx.budget_year = budget_year
                ctx.document = document
                ctx.index = index
                ctx.standalone = standalone
                ctx.project = project
                ctx.facts = table_facts
            self._run_rules(
                contexts, project, loaded, doc_index, index, record_of, outcome.findings
            )
        lang = self.options.lang
        self._run_rules(
            [
                (
                    active,
                    active.context(
                        DocumentContext(active.params, budget_year, standalone, lang, facts)
                    ),
                )
                for active in self.active["document"]
            ],
            document,
            loaded,
            doc_index,
            None,
            record_of,
            outcome.findings,
        )
        for active in self._memo_holders:
            if len(active.memo) > MEMO_SIZE:
                active.memo.clear()

    # --- the whole run --------------------------------------------------------------------

    def _batch_findings(self, keys: list[ProjectKey], records: list[RecordResult]) -> list[Finding]:
        """Batch rules see every project's key; their hits name the key they are about."""
        out: list[Finding] = []
        first_record: dict[int, int] = {}
        for r in records:
            if r.document is not None:
                first_record.setdefault(r.document, r.index)
        for active in self.active["batch"]:
            ctx = active.context(BatchContext(active.params, None, self.options.lang))
            try:
                hits = run_rule(active.rule, keys, ctx)
            except Exception as error:
                detail = f"{type(error).__name__}: {error}"
                crash = self._engine_finding(
                    "X001",
                    Text(
                        f"规则 {active.rule.id} 检查全部记录时出错：{detail}",
                        f"rule {active.rule.id} raised on the batch: {detail}",
                    ),
                    "",
                    Location(),
                    key="batch#" + active.rule.id,
                )
                if crash is not None:
                    out.append(crash)
                continue
            for hit in hits:
                key = hit.key
                if key is None:
                    continue
                out.append(
                    new_finding(
                        active.rule.id,
                        active.severity or hit.severity or active.rule.severity,
                        active.rule.message_for(hit.message).format(**hit.args),
                        key.file,
                        key.location,
                        (
                            f"project:{key.code}" if key.code else f"name:{key.name}",
                            hit.pointer + f"#{Path(key.file).name}#{key.document}/{key.project}",
                        ),
                        project_code=key.code,
                        project_name=key.name,
                        pointer=hit.pointer,
                        text=hit.text,
                        record=first_record[key.document] + key.project
                        if key.document in first_record
                        else None,
                    )
                )
        return out

    def finish(self, outcomes: Sequence[FileOutcome], baseline: Baseline | None = None) -> Report:
        """Merge per-file outcomes (in input order), run batch rules, waivers and the baseline,
        then grade."""
        files: list[FileResult] = []
        documents: list[DocumentResult] = []
        records: list[RecordResult] = []
        findings: list[Finding] = []
        keys: list[ProjectKey] = []
        skipped: list[dict[str, Any]] = []
        copies = _copies(outcomes)
        for outcome in outcomes:
            reader = outcome.file.reader
            first = copies.get(outcome.file.file)
            if first is not None:
                skipped.append(
                    {
                        "file": outcome.file.file,
                        "kind": "duplicate",
                        "reason": _same_document(first).get(self.options.lang),
                    }
                )
                continue
            if reader is not None and reader.startswith(SKIPPED_READER):
                kind = reader[len(SKIPPED_READER) :]
                reason = SKIP_REASONS.get(kind, Text(kind, kind))
                skipped.append(
                    {
                        "file": outcome.file.file,
                        "kind": kind,
                        "reason": reason.get(self.options.lang),
                    }
                )
                continue
            record_offset = len(records)
            doc_offset = len(documents)
            files.append(outcome.file)
            for d in outcome.documents:
                d.index += doc_offset
                documents.append(d)
            for r in outcome.records:
                r.index += record_offset
                if r.document is not None:
                    r.document += doc_offset
                records.append(r)
            if record_offset:
                findings.extend(
                    f if f.record is None else f.with_record(f.record + record_offset)
                    for f in outcome.findings
                )
            else:
                findings.extend(outcome.findings)
            for k in outcome.keys:
                keys.append(
                    ProjectKey(
                        k.file, k.document + doc_offset, k.project, k.code, k.name, k.location
                    )
                )
        findings.extend(self._batch_findings(keys, records))
        findings = apply_waivers(findings, self.policy, self.options.today, self.make_finding)
        baseline_extra: dict[str, Any] | None = None
        if baseline is not None:
            findings, baseline_extra = baseline.apply(
                findings, [f.file for f in files], self._stale_baseline_finding
            )
        report = self.report(files, documents, records, findings)
        report.extras["departments"] = department_summary(report)
        if skipped:
            report.extras["skipped"] = skipped
        if baseline_extra is not None:
            report.extras["baseline"] = baseline_extra
        return report

    def _stale_baseline_finding(self, entry: BaselineEntry, where: str) -> Finding | None:
        """X004: a baseline entry no finding matches any more (its file was checked)."""
        from checker.baseline import STALE_BASELINE_RULE  # only a run with a baseline asks

        r = self.rules.get(STALE_BASELINE_RULE)
        if r is None or STALE_BASELINE_RULE not in self.enabled_ids:
            return None
        project = f" [{entry.project_code}]" if entry.project_code else ""
        return new_finding(
            STALE_BASELINE_RULE,
            self.engine_severity.get(STALE_BASELINE_RULE) or r.severity,
            Text(
                f"基线中 {entry.file}{project} 的 {entry.rule} 问题已不再出现（已修正？），"
                f"可从基线 {where} 中删除（指纹 {entry.fingerprint}）",
                f"the baselined {entry.rule} finding of {entry.file}{project} no longer occurs "
                f"(fixed?); remove it from the baseline {where} (fingerprint {entry.fingerprint})",
            ),
            entry.file,
            Location(),
            ("baseline:" + entry.fingerprint, ""),
            project_code=entry.project_code,
            pointer=entry.pointer,
        )

    def report(
        self,
        files: list[FileResult],
        documents: list[DocumentResult],
        records: list[RecordResult],
        findings: list[Finding],
    ) -> Report:
        """Sort, count and set statuses: the final, deterministic report."""
        findings = sorted(findings, key=Finding.sort_key)
        threshold = Severity[self.options.fail_on if self.options.fail_on != "never" else "error"]
        doc_of_record = {r.index: r.document for r in records}
        doc_lookup = {(d.file, d.index): d for d in documents}
        docs_of_file: dict[str, list[DocumentResult]] = {}
        for d in documents:
            docs_of_file.setdefault(d.file, []).append(d)
        for f in findings:
            target_doc: DocumentResult | None = None
            if f.record is not None and f.record < len(records):
                rec = records[f.record]
                if f.waived:
                    rec.waived += 1
                elif not f.baselined:
                    rec.counts[f.severity.name] += 1
                    if f.severity >= threshold and rec.status == "passed":
                        rec.status = "failed"  # an invalid record stays invalid
                doc_index = doc_of_record.get(f.record)
                if doc_index is not None:
                    target_doc = doc_lookup.get((rec.file, doc_index))
            elif f.file:
                same_file = docs_of_file.get(f.file, [])
                target_doc = same_file[0] if len(same_file) == 1 else None
            if target_doc is not None and not f.waived and not f.baselined:
                target_doc.counts[f.severity.name] += 1
                if f.severity >= threshold:
                    target_doc.status = "failed"
        rules_by_lang: dict[str, dict[str, dict[str, Any]]] = {lang: {} for lang in LANGS}
        for rule_id in sorted({*self.enabled_ids, *(f.rule for f in findings)}):
            r = self.rules.get(rule_id)
            if r is not None:
                for lang in LANGS:
                    rules_by_lang[lang][rule_id] = r.metadata(lang)
        report = Report(
            lang=self.options.lang,
            policy_names=list(self.policy.names),
            policy_digest=self.policy.digest,
            fail_on=self.options.fail_on,
            files=files,
            documents=documents,
            records=records,
            findings=findings,
            rules=rules_by_lang[self.options.lang],
            enabled_rules=sorted(self.enabled_ids),
            disabled_rules=self.policy.disabled_rules(),
            rules_by_lang=rules_by_lang,
        )
        narrowed = bool(self.policy.cli_select or self.policy.cli_ignore)
        apply_grades(report, self.policy.grading, partial=narrowed)
        return report

    def check_sources(self, sources: Sequence[InputFile]) -> Report:
        """Check in-memory inputs (uploads): the same path as files on disk."""
        return self.finish([self.check_file(s) for s in sources])


_UNIT_CODE_RE = re.compile(r"^\s*[0-9]{6}\s*")


def document_identity(document: Document) -> str | None:
    """A digest of what a document says — department, and each project's code, name, budget
    and indicator rows — the same for a .txt, its .docx and its own YAML import."""
    if not document.projects:
        return None
    material = repr(
        (
            document.department,
            [
                (
                    p.code,
                    p.name,
                    p.budget.total,
                    [(i.level1, i.level2, i.name, i.value) for i in p.indicators],
                )
                for p in document.projects
            ],
        )
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _copies(outcomes: Sequence[FileOutcome]) -> dict[str, str]:
    """Files that hold only documents another file of the batch holds (a .txt and its own
    YAML import) → that other file. The one kept is a document before a record (the record
    was made from it), then the first by name; so the choice is the same whatever the order
    of the inputs or of the work."""
    holders: dict[str, list[tuple[int, str]]] = {}
    for outcome in outcomes:
        rank = 1 if outcome.file.reader == "records" else 0
        for d in outcome.documents:
            if d.identity:
                holders.setdefault(d.identity, []).append((rank, outcome.file.file))
    keeper = {identity: min(files)[1] for identity, files in holders.items()}
    copies: dict[str, str] = {}
    for outcome in outcomes:
        identities = [d.identity for d in outcome.documents]
        if not identities or not all(identities):
            continue
        if any(r.status == "invalid" for r in outcome.records):
            continue
        kept = {keeper[i] for i in identities if i}
        if len(kept) == 1 and outcome.file.file not in kept:
            copies[outcome.file.file] = kept.pop()
    return copies


def _same_document(first: str) -> Text:
    return Text(
        f"与 {first} 是同一文档（内容相同，如文本导出和它的 YAML 导入），只检查一次",
        f"the same document as {first} (same content, e.g. a text export and its YAML "
        "import): checked once",
    )


def department_summary(report: Report) -> list[dict[str, Any]]:
    """Counts by department, for a batch over many departments' submissions.

    A record's department is its document's `department`, else the unit line of its table
    without the unit code (`471001怀来县工业和信息化局` → `怀来县工业和信息化局`), else none
    (`null`); rows are sorted by name, none last. A document's own findings (Part 1) count
    towards its department too, so the rows add up to the run's totals.
    """
    by_document = {(d.file, d.index): d.department for d in report.documents}
    rows: dict[str | None, dict[str, Any]] = {}

    def row_of(name: str | None) -> dict[str, Any]:
        row = rows.get(name)
        if row is None:
            row = rows[name] = {
                "department": name,
                "records": 0,
                "passed": 0,
                "failed": 0,
                "invalid": 0,
                "findings": dict.fromkeys(SEVERITY_NAMES, 0),
                "waived": 0,
                "grades": {},
            }
        return row

    unit_of_document: dict[tuple[str, int], str | None] = {}
    for r in report.records:
        name = by_document.get((r.file, r.document)) if r.document is not None else None
        if not (name and name.strip()) and r.unit:
            name = _UNIT_CODE_RE.sub("", r.unit)
        name = (name or "").strip() or None
        if r.document is not None:
            unit_of_document.setdefault((r.file, r.document), name)
        row = row_of(name)
        row["records"] += 1
        row[r.status] += 1
        for severity, count in r.counts.items():
            row["findings"][severity] += count
        row["waived"] += r.waived
        if r.grade is not None:
            row["grades"][r.grade] = row["grades"].get(r.grade, 0) + 1
    own = report.findings_by_subject().documents
    for d in report.documents:
        counted = [f for f in own.get(d.index, ()) if not f.waived and not f.baselined]
        if not counted:
            continue
        name = (d.department or "").strip() or unit_of_document.get((d.file, d.index))
        row = row_of(name)
        for f in counted:
            row["findings"][f.severity.name] += 1
    return [rows[k] for k in sorted(rows, key=lambda k: (k is None, k or ""))]


@dataclass(frozen=True)
class PathIssue:
    """A path `expand_paths` found (or was given) and that is not read: a folder that cannot be
    listed, a link inside a folder. `skip` None: an `S000` with `message`; else it is listed
    as skipped (`SKIP_REASONS[skip]`), never checked and never failing the run."""

    path: Path
    message: Text
    skip: str | None = None

    @property
    def name(self) -> str:
        return self.path.name

    def __str__(self) -> str:
        return str(self.path)


def _unreadable_folder(folder: Path, error: OSError) -> PathIssue:
    reason = error.strerror or type(error).__name__
    return PathIssue(folder, Text(f"无法读取文件夹：{reason}", f"cannot read the folder: {reason}"))


_LINK_NOT_FOLLOWED = Text(
    "无法读取：文件夹中的符号链接不跟随（要检查它指向的文件，请直接指定该文件）",
    "cannot read: a symbolic link inside a folder is not followed (name the file it points "
    "to, to check it)",
)


def _identity(path: Path) -> tuple[Any, ...]:
    """What makes two names one file: device and inode; a name that does not resolve is
    compared as an absolute, normalised path."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return ("name", os.path.abspath(path))
    return ("inode", status.st_dev, status.st_ino)


def _preferred(item: Path | PathIssue) -> tuple[int, str]:
    """Of two names of one file, the report shows the shorter (`d/x.yaml`, not `d/../d/x.yaml`)."""
    name = str(item)
    return (len(name), name)


def expand_paths(paths: Iterable[str | Path], suffixes: Iterable[str]) -> list[Path | PathIssue]:
    """Files named, and files with a known suffix inside folders named (recursively), sorted.

    Nothing found is dropped silently: a folder that cannot be listed is a `PathIssue` (an
    `S000` naming it with the system's reason), and so is a symbolic link to a file inside a
    folder — links inside folders are never followed (no loops, nothing outside the folder);
    a link to a folder is listed as skipped. Hidden folders and files are skipped, and so are
    the lock files Word and Excel leave beside an open document (`~$报告.docx`: a few bytes, no
    document). A path named on the command line is always kept (a named link is followed),
    even one that does not exist, so that the report names it as unreadable.

    One file is checked once, however many names reach it (`d/x.yaml`, `d/../d/x.yaml`, a
    named link, a folder named twice): names are compared by device and inode, and the
    shortest is kept.
    """
    wanted = {s.lower() for s in suffixes}
    chosen: dict[tuple[Any, ...], Path | PathIssue] = {}

    def keep(key: tuple[Any, ...], item: Path | PathIssue) -> None:
        known = chosen.get(key)
        if known is None or _preferred(item) < _preferred(known):
            chosen[key] = item

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _walk(path, wanted, keep)
        else:
            keep(_identity(path), path)
    return sorted(chosen.values(), key=str)


def _walk(
    top: Path,
    wanted: set[str],
    keep: Callable[[tuple[Any, ...], Path | PathIssue], None],
) -> None:
    """Every file under `top` with a wanted suffix, without following links (see
    `expand_paths`); `keep(identity, path or issue)` for each."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
            device = os.stat(folder).st_dev
        except OSError as error:
            keep(("name", os.path.abspath(folder)), _unreadable_folder(folder, error))
            continue
        subfolders: list[Path] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            candidate = Path(folder, name)
            try:
                link = entry.is_symlink()
                is_folder = not link and entry.is_dir(follow_symlinks=False)
            except OSError:
                link = is_folder = False
            if is_folder:
                subfolders.append(candidate)
                continue
            if link:
                key: tuple[Any, ...] = ("name", os.path.abspath(candidate))
                try:
                    to_folder = stat.S_ISDIR(os.stat(candidate).st_mode)
                    message = _LINK_NOT_FOLLOWED
                except OSError as error:  # dangling, a loop: as if it were named
                    to_folder, message = False, unreadable_text(error)
                if to_folder:
                    keep(key, PathIssue(candidate, SKIP_REASONS["link"], skip="link"))
                elif not name.startswith("~$") and candidate.suffix.lower() in wanted:
                    keep(key, PathIssue(candidate, message))
                continue
            if name.startswith("~$") or candidate.suffix.lower() not in wanted:
                continue
            try:
                key = ("inode", device, entry.inode())
            except OSError:
                key = ("name", os.path.abspath(candidate))
            keep(key, candidate)
        stack.extend(reversed(subfolders))
