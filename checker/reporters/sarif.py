"""SARIF 2.1.0: the static-analysis interchange format code-scanning dashboards read.

One run; `tool.driver.rules` holds every rule that ran or fired (id, name, descriptions, help,
`helpUri`, default level), each result its rule, level, message, file and line, the finding's
fingerprint as `partialFingerprints["jxcheck/v1"]`, and the project in `logicalLocations` and
`properties`. A waived finding is a result with an external, accepted suppression whose
justification is the waiver's reason; a baselined one has `baselineState: unchanged`. Paths are
relative to the working directory where the file lies under it. No timestamps.
"""

from __future__ import annotations

from typing import Any

from checker.finding import Finding
from checker.i18n import Lang
from checker.jsontext import indented
from checker.reporters.common import doc_sections, file_uri, grade_scale
from checker.reporting import RenderOptions, Report

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
#: Where each rule's documentation lives; a rule's anchor is its id in lower case.
RULE_DOCS_URI = "https://jxcheck.invalid/docs/rules.html"
FINGERPRINT_KEY = "jxcheck/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def help_uri(rule_id: str) -> str:
    return f"{RULE_DOCS_URI}#{rule_id.lower()}"


def _descriptor(report: Report, rule_id: str, lang: Lang) -> dict[str, Any]:
    meta = report.rule_meta(rule_id, lang)
    title = str(meta.get("title") or rule_id)
    doc = str(meta.get("doc") or "")
    parts = doc_sections(doc)
    full = parts.get("what") or parts.get("summary") or title
    severity = str(meta.get("severity") or "warning")
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": str(meta.get("name") or rule_id),
        "shortDescription": {"text": title},
        "fullDescription": {"text": full},
        "help": {"text": doc or title},
        "helpUri": help_uri(rule_id),
        "defaultConfiguration": {
            "level": LEVELS.get(severity, "warning"),
            "enabled": rule_id not in report.disabled_rules,
        },
    }
    properties = {
        k: meta[k] for k in ("category", "basis", "scope", "severities") if meta.get(k) is not None
    }
    if meta.get("category"):
        properties["tags"] = [str(meta["category"])]
    if properties:
        descriptor["properties"] = properties
    return descriptor


def _result(f: Finding, index: int, report: Report, lang: Lang) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS[f.severity.name],
        "message": {"text": f.message.get(lang)},
    }
    location: dict[str, Any] = {}
    if f.file:
        physical: dict[str, Any] = {"artifactLocation": {"uri": file_uri(f.file)}}
        if f.line is not None:
            region: dict[str, Any] = {"startLine": f.line}
            if f.column is not None:
                region["startColumn"] = f.column
            if f.text:
                region["snippet"] = {"text": f.text}
            physical["region"] = region
        location["physicalLocation"] = physical
    if f.project_code or f.project_name:
        name = (f.project_code or f.project_name or "").strip()
        location["logicalLocations"] = [
            {"name": name, "fullyQualifiedName": name + f.pointer, "kind": "object"}
        ]
    if f.location:
        location["message"] = {"text": f.location}
    if location:
        result["locations"] = [location]
    result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    properties: dict[str, Any] = {"severity": f.severity.name, "pointer": f.pointer}
    if f.project_code:
        properties["projectCode"] = f.project_code
    if f.project_name:
        properties["projectName"] = f.project_name
    if f.text is not None:
        properties["text"] = f.text
    if f.record is not None and 0 <= f.record < len(report.records):
        grade = report.records[f.record].grade
        if grade is not None:
            properties["grade"] = grade
    result["properties"] = properties
    if f.waiver is not None:
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f.waiver.reason,
                "properties": {"approver": f.waiver.approver, "expires": f.waiver.expires},
            }
        ]
    if f.baselined:
        result["baselineState"] = "unchanged"
    return result


def sarif_log(report: Report, lang: Lang) -> dict[str, Any]:
    """The SARIF log as a dictionary."""
    rule_ids = sorted({*report.rules, *(f.rule for f in report.findings)})
    index = {rid: i for i, rid in enumerate(rule_ids)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "jxcheck",
                "version": report.tool_version,
                "semanticVersion": report.tool_version,
                "rules": [_descriptor(report, rid, lang) for rid in rule_ids],
            }
        },
        "invocations": [{"executionSuccessful": True, "exitCode": report.exit_status}],
        "language": "zh-CN" if lang == "zh" else "en-US",
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule], report, lang) for f in report.findings],
        "properties": {
            "policy": {"names": report.policy_names, "digest": report.policy_digest},
            "summary": report.summary(),
            "grades": {
                "scale": grade_scale(report),
                "records": [
                    {
                        "file": r.file,
                        "projectCode": r.project_code,
                        "projectName": r.project_name,
                        "grade": r.grade,
                        "counts": r.counts,
                    }
                    for r in report.records
                ],
                "documents": [
                    {"file": d.file, "department": d.department, "grade": d.grade}
                    for d in report.documents
                ],
            },
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


class SarifReporter:
    """SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure DevOps)."""

    name = "sarif"
    description = "SARIF 2.1.0（代码扫描平台）/ SARIF 2.1.0 for code-scanning dashboards"
    suffix = ".sarif"
    binary = False

    def render(self, report: Report, options: RenderOptions) -> str:
        return indented(sarif_log(report, options.lang)) + "\n"
