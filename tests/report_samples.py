"""Synthetic reports for the reporter and grading tests (no reader, no rule needed)."""

from __future__ import annotations

from typing import Any

from checker.finding import Finding, Severity, Waiver, fingerprint
from checker.grading import apply_grades
from checker.i18n import Text
from checker.reporting import DocumentResult, FileResult, RecordResult, Report

HOSTILE_NAME = '<script>alert("x")</script> "onerror=alert(1) </textarea> & 项目'


def rule_meta(rule_id: str, lang: str, severity: str = "warning") -> dict[str, Any]:
    zh = lang == "zh"
    return {
        "id": rule_id,
        "name": f"rule-{rule_id.lower()}",
        "title": f"{rule_id} 的标题" if zh else f"title of {rule_id}",
        "category": "test",
        "severity": severity,
        "severities": [severity],
        "scope": "document" if rule_id.startswith(("S002", "D")) else "project",
        "basis": "财预〔2015〕88号",
        "fixable": False,
        "plugin": "tests",
        "params": {},
        "doc": (
            f"{rule_id} 概述。\n\n检查：检查的内容。\n原因：为什么。\n示例：例子。\n修改：怎样修改 <b>。"
            if zh
            else f"{rule_id} summary.\n\nWhat: what it checks.\nWhy: why.\nExample: an example.\n"
            "Fix: how to fix <b>."
        ),
    }


def finding(
    rule: str,
    severity: str,
    record: int | None,
    line: int | None = 10,
    *,
    file: str = "dept.txt",
    code: str | None = None,
    name: str | None = None,
    text: str | None = None,
    waiver: Waiver | None = None,
    baselined: bool = False,
    pointer: str = "/x",
) -> Finding:
    return Finding(
        rule=rule,
        severity=Severity[severity],
        message=Text(f"{rule} 的问题 <i>", f"problem of {rule} <i>"),
        file=file,
        line=line,
        project_code=code,
        project_name=name,
        pointer=pointer,
        fingerprint=fingerprint(rule, f"record:{record}", pointer),
        text=text,
        record=record,
        waiver=waiver,
        baselined=baselined,
    )


def sample_report(lang: str = "zh", grading: dict[str, Any] | None = None) -> Report:
    """One document (Part 1 + three projects) and one invalid standalone record file.

    Project 0 has an S003 error (差), project 1 two warnings, a waived error and a baselined
    error (良), project 2 — named with HTML — nothing (优); the invalid record has an S001 error.
    """
    records = [
        RecordResult(
            "dept.txt",
            0,
            0,
            "13073023P00000000001A",
            "第一个项目",
            line=20,
            unit="471001某局",
            budget="10",
        ),
        RecordResult(
            "dept.txt",
            0,
            1,
            "13073023P00000000002B",
            "第二个项目",
            line=60,
            unit="471001某局",
            budget="4.5",
        ),
        RecordResult(
            "dept.txt",
            0,
            2,
            "13073023P00000000003C",
            HOSTILE_NAME,
            line=90,
            unit="471001某局",
            budget="1",
        ),
        RecordResult("bad.yaml", None, 3, None, None, status="invalid", line=1),
    ]
    waiver = Waiver(reason="经局长批准 <b>", approver="张三", expires="2099-12-31")
    findings = [
        finding("S002", "error", None, 15),
        finding("D001", "warning", None, 11),
        finding("S003", "error", 0, 22, code=records[0].project_code, name="第一个项目"),
        finding("V001", "warning", 0, 30, code=records[0].project_code, text="≥95百分比"),
        finding("V004", "warning", 1, 61, code=records[1].project_code, text="提升 <b>"),
        finding("V001", "warning", 1, 62, code=records[1].project_code, text="1"),
        finding("F002", "error", 1, 63, code=records[1].project_code, waiver=waiver),
        finding("B004", "error", 1, 64, code=records[1].project_code, baselined=True),
        finding(
            "V002",
            "info",
            2,
            91,
            code=records[2].project_code,
            name=HOSTILE_NAME,
            text=HOSTILE_NAME,
        ),
        finding("S001", "error", 3, 1, file="bad.yaml"),
    ]
    for f in findings:
        if f.record is not None and not f.waived and not f.baselined:
            records[f.record].counts[f.severity.name] += 1
            if f.severity == Severity.error and records[f.record].status == "passed":
                records[f.record].status = "failed"
        elif f.record is not None and f.waived:
            records[f.record].waived += 1
    document = DocumentResult("dept.txt", 0, "某县工业和信息化局", 2023, 3, False, status="failed")
    for f in findings:
        if f.file == "dept.txt" and not f.waived and not f.baselined:
            document.counts[f.severity.name] += 1
    ids = sorted({f.rule for f in findings} | {"C001", "P002"})
    severity = {f.rule: f.severity.name for f in findings}
    by_lang = {
        lg: {rid: rule_meta(rid, lg, severity.get(rid, "error")) for rid in ids}
        for lg in ("zh", "en")
    }
    report = Report(
        lang=lang,  # type: ignore[arg-type]
        policy_names=["national", "hebei"],
        policy_digest="0123456789abcdef",
        fail_on="error",
        files=[
            FileResult("bad.yaml", "checked", "records", records=1),
            FileResult("dept.txt", "checked", "text", records=3, documents=1),
        ],
        documents=[document],
        records=records,
        findings=findings,
        rules=by_lang[lang],
        enabled_rules=ids,
        disabled_rules=["N005", "V010"],
        rules_by_lang=by_lang,
    )
    apply_grades(report, grading)
    return report
