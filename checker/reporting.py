"""The compliance report as data, and the reporter interface every output format implements.

A reporter gets a `Report` and renders it; it knows no rule (rule metadata travels inside the
report). The JSON structure is a contract: field names as in checker/schemas/report.schema.json.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from checker import __version__
from checker.finding import SEVERITY_NAMES, Finding, Severity
from checker.i18n import Lang

REPORT_FORMAT_VERSION = "1.0"

RecordStatus = Literal["passed", "failed", "invalid"]
FileStatus = Literal["checked", "error"]


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(SEVERITY_NAMES, 0)


@dataclass
class RecordResult:
    """One project record: checked (passed/failed) or rejected by the schema (invalid)."""

    file: str
    document: int | None
    index: int
    project_code: str | None
    project_name: str | None
    status: RecordStatus = "passed"
    counts: dict[str, int] = field(default_factory=empty_counts)
    waived: int = 0
    line: int | None = None
    location: str | None = None
    unit: str | None = None
    budget: str | None = None
    grade: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "document": self.document,
            "project_code": self.project_code,
            "project_name": self.project_name,
            "status": self.status,
            "counts": dict(self.counts),
            "waived": self.waived,
            "line": self.line,
            "location": self.location,
            "unit": self.unit,
            "budget": self.budget,
            "grade": self.grade,
        }


@dataclass
class DocumentResult:
    """One document (a department's submission): its Part 1 findings and its projects."""

    file: str
    index: int
    department: str | None
    budget_year: int | None
    projects: int
    standalone: bool
    #: What the file holds (`department_document`, `project_tables` …, `Document.kind_held`).
    kind: str | None = None
    counts: dict[str, int] = field(default_factory=empty_counts)
    status: RecordStatus = "passed"
    grade: str | None = None
    #: What the document says, whatever format it came in (`document_identity`): the same
    #: document twice in a batch (a .txt and its own YAML import) is checked once. Not in JSON.
    identity: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "index": self.index,
            "department": self.department,
            "budget_year": self.budget_year,
            "projects": self.projects,
            "standalone": self.standalone,
            "kind": self.kind,
            "counts": dict(self.counts),
            "status": self.status,
            "grade": self.grade,
        }


@dataclass
class FileResult:
    """Every input file appears here, read or not."""

    file: str
    status: FileStatus
    reader: str | None
    records: int = 0
    documents: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "status": self.status,
            "reader": self.reader,
            "documents": self.documents,
            "records": self.records,
        }


@dataclass
class FindingGroups:
    """`Report.findings_by_subject()`: findings by record index, by document index, and the rest."""

    records: dict[int, list[Finding]] = field(default_factory=dict)
    documents: dict[int, list[Finding]] = field(default_factory=dict)
    unattached: list[Finding] = field(default_factory=list)


@dataclass
class Report:
    """Everything a reporter needs, in a deterministic order."""

    lang: Lang
    policy_names: list[str]
    policy_digest: str
    fail_on: str
    files: list[FileResult]
    documents: list[DocumentResult]
    records: list[RecordResult]
    findings: list[Finding]
    #: Metadata of every rule that ran or fired (`Rule.metadata(lang)`), by id.
    rules: dict[str, dict[str, Any]]
    #: Rules enabled by the policy and run, by id (JUnit shows passed controls from it).
    enabled_rules: list[str] = field(default_factory=list)
    #: Rule ids the policy disabled (JUnit shows them as skipped).
    disabled_rules: list[str] = field(default_factory=list)
    tool_version: str = __version__
    #: Extra sections contributed by later features (grading, baseline …), kept in the JSON.
    extras: dict[str, Any] = field(default_factory=dict)
    #: `rules` in every language (`{"zh": {id: metadata}, "en": …}`) for reporters that switch
    #: language (HTML); not part of the JSON report.
    rules_by_lang: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def rule_meta(self, rule_id: str, lang: Lang) -> dict[str, Any]:
        """A rule's metadata in a language (falling back to the report's language), or {}."""
        meta = self.rules_by_lang.get(lang, {}).get(rule_id)
        return meta if meta is not None else self.rules.get(rule_id, {})

    def only_documents(self) -> dict[str, DocumentResult | None]:
        """Each file's only document (None: the file holds several)."""
        only: dict[str, DocumentResult | None] = {}
        for d in self.documents:
            only[d.file] = None if d.file in only else d
        return only

    def document_of(
        self, finding: Finding, only: dict[str, DocumentResult | None] | None = None
    ) -> DocumentResult | None:
        """The document a finding counts towards: its record's, else the only one of its file
        (`only`: `only_documents()`, when the caller asks for many findings)."""
        if finding.record is not None and finding.record < len(self.records):
            record = self.records[finding.record]
            for d in self.documents:
                if d.file == record.file and d.index == record.document:
                    return d
            return None
        if finding.file:
            return (only if only is not None else self.only_documents()).get(finding.file)
        return None

    def findings_by_subject(self) -> FindingGroups:
        """Findings of each record, of each document itself (Part 1), and of neither."""
        groups = FindingGroups()
        records = len(self.records)
        only = self.only_documents()  # once, not per finding
        for f in self.findings:
            record = f.record
            if record is not None and 0 <= record < records:
                groups.records.setdefault(record, []).append(f)
                continue
            document = self.document_of(f, only)
            if document is not None:
                groups.documents.setdefault(document.index, []).append(f)
            else:
                groups.unattached.append(f)
        return groups

    def counts(self, *, include_waived: bool = False) -> dict[str, int]:
        counted = Counter(
            f.severity.name
            for f in self.findings
            if include_waived or (not f.waived and not f.baselined)
        )
        return {name: counted.get(name, 0) for name in SEVERITY_NAMES}

    @property
    def waived_count(self) -> int:
        return sum(1 for f in self.findings if f.waived)

    @property
    def baselined_count(self) -> int:
        return sum(1 for f in self.findings if f.baselined and not f.waived)

    def failing(self) -> list[Finding]:
        """Unwaived, unbaselined findings at or above the fail-on level."""
        if self.fail_on == "never":
            return []
        floor = Severity[self.fail_on]
        return [
            f for f in self.findings if f.severity >= floor and not f.waived and not f.baselined
        ]

    @property
    def exit_status(self) -> int:
        return 1 if self.failing() else 0

    def summary(self) -> dict[str, Any]:
        statuses = Counter(r.status for r in self.records)
        return {
            "files": len(self.files),
            "files_unreadable": sum(1 for f in self.files if f.status == "error"),
            "documents": len(self.documents),
            "records": len(self.records),
            "passed": statuses.get("passed", 0),
            "failed": statuses.get("failed", 0),
            "invalid": statuses.get("invalid", 0),
            "findings": self.counts(),
            "waived": self.waived_count,
            "baselined": self.baselined_count,
            "fail_on": self.fail_on,
            "exit_status": self.exit_status,
        }

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format_version": REPORT_FORMAT_VERSION,
            "tool": {"name": "jxcheck", "version": self.tool_version},
            "lang": self.lang,
            "policy": {"names": self.policy_names, "digest": self.policy_digest},
            "summary": self.summary(),
            "files": [f.to_json() for f in self.files],
            "documents": [d.to_json() for d in self.documents],
            "records": [r.to_json() for r in self.records],
            "findings": [f.to_json(self.lang) for f in self.findings],
            "rules": {rid: self.rules[rid] for rid in sorted(self.rules)},
        }
        data.update(self.extras)
        return data


@dataclass(frozen=True)
class RenderOptions:
    """What a reporter may be told besides the report."""

    lang: Lang = "zh"
    color: bool = False
    output_name: str | None = None
    #: Terminal: list infos too (by default they are counted per rule, not listed).
    show_infos: bool = False


@runtime_checkable
class Reporter(Protocol):
    """An output format. `binary` reporters return bytes (xlsx); others return text."""

    name: str
    suffix: str
    binary: bool

    @property
    def description(self) -> str:
        """One line, Chinese / English (`jxcheck plugins`); a class attribute is enough."""
        ...

    def render(self, report: Report, options: RenderOptions) -> str | bytes: ...
