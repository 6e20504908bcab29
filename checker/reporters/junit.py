"""JUnit XML: a test suite per project record, a test case per rule run on it, for CI dashboards.

- A record's suite has a case for every enabled rule that checks projects (scope project,
  document or batch) and for every rule with a finding on the record; a rule with nothing to
  say passes, so the dashboard shows the controls that passed too.
- A case fails when the rule has an unwaived finding at or above the report's `--fail-on`
  level (error when it is `never`), exactly the findings that make the record `failed`; the
  failure's message is the first finding's, its text every finding with file and line. Findings
  below that level leave the case passed and are listed in its `system-out`.
- A case is skipped when every finding of the rule on the record is waived (message: the
  waiver's reason) or baselined, and for every rule the policy disabled. On a record the
  schema rejected (`invalid`), rules that never ran are skipped.
- A document's own findings (Part 1) get a suite of their own, with a case for each enabled
  document rule; findings attached to no record or document get an `other` suite.

Properties carry the grade, status, file and project code. No timestamps or durations.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from checker.finding import Finding, Severity
from checker.i18n import Lang, Text
from checker.reporters.common import Section, section_title, sections, where
from checker.reporting import RenderOptions, Report

#: Characters XML 1.0 cannot carry (a Word export can hold them); dropped from every text.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_RECORD_SCOPES = ("project", "document", "batch")

_DISABLED = Text("策略已停用此规则", "disabled by the policy")
_NOT_RUN = Text("记录未通过格式校验，规则未运行", "not run: the record failed schema validation")
_BASELINED = Text("问题在基线中", "in the baseline")
_WAIVED = Text("已豁免", "waived")


def _clean(text: object) -> str:
    return _XML_INVALID.sub("", str(text))


def _line(f: Finding, lang: Lang) -> str:
    text = f"「{f.text.strip()}」" if f.text and f.text.strip() else ""
    return f"{where(f) or '-'}: {f.rule} {f.severity.name} {f.message.get(lang)}{text}"


@dataclass
class _Case:
    rule: str
    findings: list[Finding] = field(default_factory=list)


class JunitReporter:
    """JUnit XML (testsuites → testsuite per record → testcase per rule)."""

    name = "junit"
    description = "JUnit XML（CI 测试面板）/ JUnit XML for CI dashboards"
    suffix = ".xml"
    binary = False

    def render(self, report: Report, options: RenderOptions) -> str:
        lang = options.lang
        floor = Severity[report.fail_on if report.fail_on != "never" else "error"]
        root = ET.Element("testsuites", {"name": "jxcheck"})
        totals = {"tests": 0, "failures": 0, "skipped": 0}
        for section in sections(report):
            suite = self._suite(report, section, lang, floor)
            for key in totals:
                totals[key] += int(suite.get(key, "0"))
            root.append(suite)
        for key in ("tests", "failures", "errors", "skipped"):
            root.set(key, str(totals.get(key, 0)))
        ET.indent(root, space="  ")
        body = ET.tostring(root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"

    def _rule_ids(self, report: Report, section: Section) -> list[str]:
        """The rules a suite has a case for: those that ran on it, and those that found."""
        lang = report.lang
        if section.kind == "record":
            scopes: tuple[str, ...] = _RECORD_SCOPES
        elif section.kind == "document":
            scopes = ("document",)
        else:
            scopes = ()
        ran = [
            rid
            for rid in report.enabled_rules
            if report.rule_meta(rid, lang).get("scope", "project") in scopes
        ]
        return sorted({*ran, *(f.rule for f in section.findings)})

    def _suite(self, report: Report, section: Section, lang: Lang, floor: Severity) -> ET.Element:
        invalid = section.record is not None and section.record.status == "invalid"
        cases = {rid: _Case(rid) for rid in self._rule_ids(report, section)}
        for f in section.findings:
            cases[f.rule].findings.append(f)
        suite = ET.Element("testsuite", {"name": _clean(section_title(section, lang))})
        props = ET.SubElement(suite, "properties")
        facts: list[tuple[str, str | None]] = [("kind", section.kind)]
        if section.record is not None:
            r = section.record
            facts += [
                ("file", r.file),
                ("line", str(r.line) if r.line else None),
                ("project_code", r.project_code),
                ("project_name", r.project_name),
                ("status", r.status),
            ]
        elif section.document is not None:
            facts += [("file", section.document.file), ("department", section.document.department)]
        facts.append(("grade", section.grade))
        for name, value in facts:
            if value is not None:
                ET.SubElement(props, "property", {"name": name, "value": _clean(value)})
        classname = "jxcheck." + _clean(
            section.record.project_code or f"record{section.record.index + 1}"
            if section.record is not None
            else f"document{section.document.index + 1}"
            if section.document is not None
            else "other"
        )
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for rid, case in cases.items():
            title = str(report.rule_meta(rid, lang).get("title") or "")
            element = ET.SubElement(
                suite,
                "testcase",
                {"name": _clean(f"{rid} {title}".strip()), "classname": classname},
            )
            counts["tests"] += 1
            active = [f for f in case.findings if not f.waived and not f.baselined]
            failing = [f for f in active if f.severity >= floor]
            if case.findings:
                first = (failing or active or case.findings)[0]
                if first.file:
                    element.set("file", _clean(first.file))
                if first.line is not None:
                    element.set("line", str(first.line))
            if failing:
                counts["failures"] += 1
                failure = ET.SubElement(
                    element,
                    "failure",
                    {
                        "message": _clean(failing[0].message.get(lang)),
                        "type": failing[0].severity.name,
                    },
                )
                failure.text = _clean("\n".join(_line(f, lang) for f in failing))
            elif not active and case.findings:
                counts["skipped"] += 1
                waiver = next((f.waiver for f in case.findings if f.waiver), None)
                reason = f"{_WAIVED.get(lang)}: {waiver.reason}" if waiver else _BASELINED.get(lang)
                ET.SubElement(element, "skipped", {"message": _clean(reason)})
            elif invalid and not case.findings:
                counts["skipped"] += 1
                ET.SubElement(element, "skipped", {"message": _NOT_RUN.get(lang)})
            notes = [f for f in case.findings if f not in failing]
            if notes:
                out = ET.SubElement(element, "system-out")
                out.text = _clean("\n".join(_line(f, lang) for f in notes))
        if section.kind != "other":
            for rid in sorted(set(report.disabled_rules) - set(cases)):
                element = ET.SubElement(suite, "testcase", {"name": rid, "classname": classname})
                ET.SubElement(element, "skipped", {"message": _DISABLED.get(lang)})
                counts["tests"] += 1
                counts["skipped"] += 1
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("errors", "0")
        suite.set("skipped", str(counts["skipped"]))
        # properties first, then the cases (JUnit's schema order)
        return suite
