"""A Markdown memo: for a pull request, or as the approval note of a review.

Summary, the grade of every project, the grading convention, counts by rule, then the findings
project by project. Every value from a record or a policy is escaped, so a project name can
neither format the memo nor smuggle HTML into a renderer. In the report's language only.
"""

from __future__ import annotations

import re

from checker.finding import SEVERITY_NAMES, Finding
from checker.i18n import Lang, Text
from checker.reporters.common import (
    LABELS,
    SEVERITY_LABELS,
    grade_distribution,
    grade_label,
    grade_scale,
    places_note,
    rule_counts,
    rule_title,
    section_title,
    sections,
    verdict,
    where,
)
from checker.reporting import RenderOptions, Report

_PUNCT = re.compile(r"([\\`*_\[\]#!|~])")
_SPACE = re.compile(r"\s+")


def md(value: object) -> str:
    """Inline Markdown text: punctuation escaped, HTML neutralised, on one line."""
    text = _SPACE.sub(" ", str(value)).strip()
    text = _PUNCT.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _row(cells: list[object]) -> str:
    return "| " + " | ".join(md(c) if c != "" else " " for c in cells) + " |"


def _table(header: list[Text], rows: list[list[object]], lang: Lang, numeric: int = 0) -> list[str]:
    """A table; the last `numeric` columns are right-aligned."""
    align = ["---"] * (len(header) - numeric) + ["--:"] * numeric
    return [
        _row([h.get(lang) for h in header]),
        "| " + " | ".join(align) + " |",
        *(_row(r) for r in rows),
    ]


def _finding_row(f: Finding, lang: Lang) -> list[object]:
    message = f.message.get(lang) + places_note(f, lang)
    left, colon, right = ("（", "：", "）") if lang == "zh" else (" (", ": ", ")")
    if f.waiver is not None:
        message += f"{left}{LABELS['waived'].get(lang)}{colon}{f.waiver.reason}{right}"
    elif f.baselined:
        message += f"{left}{LABELS['baselined'].get(lang)}{right}"
    return [
        where(f) or "-",
        f.rule,
        SEVERITY_LABELS[f.severity.name].get(lang),
        message,
        (f.text or "").strip(),
    ]


class MarkdownReporter:
    """A memo in Markdown: summary table, grades, findings by project."""

    name = "markdown"
    description = (
        "Markdown 审核意见（合并请求、审批附件）/ Markdown memo for a pull request or approval"
    )
    suffix = ".md"
    binary = False

    def render(self, report: Report, options: RenderOptions) -> str:
        lang = options.lang
        L = {k: v.get(lang) for k, v in LABELS.items()}
        s = report.summary()
        sev = {n: SEVERITY_LABELS[n].get(lang) for n in SEVERITY_NAMES}
        zh = lang == "zh"
        sep, colon, items = ("，", "：", "、") if zh else (", ", ": ", ", ")
        left, right = ("（", "）") if zh else (" (", ")")
        out = [f"# {L['heading']}", ""]
        departments = list(
            dict.fromkeys(d.department.strip() for d in report.documents if d.department)
        )
        if departments:
            out += [f"**{md(items.join(departments))}**", ""]
        dist = grade_distribution(report)
        grades = (
            " · ".join(f"{grade_label(report, g, lang)} {n}" for g, n in dist.items())
            if dist
            else L["not_graded"]
        )
        counts = sep.join(f"{sev[n]} {s['findings'][n]}" for n in SEVERITY_NAMES)
        summary: list[list[object]] = [
            [L["files"], items.join(f.file for f in report.files) or "—"],
            [L["policy"], " → ".join(report.policy_names) or "—"],
            [
                L["projects"],
                f"{s['records']}{left}{L['passed']} {s['passed']}{sep}"
                f"{L['failed']} {s['failed']}{right}",
            ],
            [L["findings"], f"{counts}{sep}{L['waived']} {s['waived']}"],
            [L["grade_distribution"], grades],
        ]
        summary += [
            [L["verdict"], f"{d.department or d.file}{colon}{grade_label(report, d.grade, lang)}"]
            for d in report.documents
            if d.grade
        ]
        out += _table([Text("项目", "Item"), Text("内容", "Value")], summary, lang)
        out.append("")
        if report.records:
            out += [f"## {L['overview']}", ""]
            out += _table(
                [
                    LABELS["no"],
                    LABELS["code"],
                    LABELS["name"],
                    LABELS["budget"],
                    LABELS["grade"],
                    LABELS["verdict_of_project"],
                    *(SEVERITY_LABELS[n] for n in SEVERITY_NAMES),
                    LABELS["waived"],
                ],
                [
                    [
                        n,
                        (r.project_code or "").strip() or "—",
                        (r.project_name or "").strip() or "—",
                        (r.budget or "").strip(),
                        grade_label(report, r.grade, lang),
                        verdict(report, r, lang),
                        *(r.counts[x] for x in SEVERITY_NAMES),
                        r.waived,
                    ]
                    for n, r in enumerate(report.records, start=1)
                ],
                lang,
                numeric=4,
            )
            out.append("")
        scale = grade_scale(report)
        if scale:
            out += [f"## {L['grade_distribution']}", ""]
            for g in scale:
                name = grade_label(report, g.get("grade"), lang)
                meaning = (g.get("meaning") or {}).get(lang) or ""
                when = [w.get(lang, "") for w in g.get("when") or []]
                rule = (L["or"]).join(when) if when else L["otherwise"]
                head = f"**{md(g.get('grade'))}**"
                if name != g.get("grade"):
                    head += f"{left}{md(name)}{right}"
                out.append(f"- {head} {md(meaning)}{colon}{md(rule)}")
            out.append("")
        by_rule = rule_counts(report)
        if by_rule:
            out += [f"## {L['by_rule']}", ""]
            out += _table(
                [
                    LABELS["rule"],
                    LABELS["rule_title"],
                    *(SEVERITY_LABELS[n] for n in SEVERITY_NAMES),
                ],
                [
                    [rid, rule_title(report, rid, lang), *(c[n] for n in SEVERITY_NAMES)]
                    for rid, c in by_rule.items()
                ],
                lang,
                numeric=3,
            )
            out.append("")
        out += [f"## {Text('问题明细', 'Findings by project').get(lang)}", ""]
        header = [
            LABELS["location"],
            LABELS["rule"],
            LABELS["severity"],
            Text("问题", "Finding"),
            LABELS["as_written"],
        ]
        numbers = {r.index: n for n, r in enumerate(report.records, start=1)}
        for section in sections(report):
            title = md(section_title(section, lang))
            if section.record is not None:
                title = f"{numbers[section.record.index]}. {title}"
            grade = grade_label(report, section.grade, lang) if section.grade else None
            out.append(f"### {title}" + (f" — {L['grade']} {md(grade)}" if grade else ""))
            out.append("")
            if section.findings:
                ordered = sorted(
                    section.findings, key=lambda f: (f.waived or f.baselined, -f.severity)
                )
                out += _table(header, [_finding_row(f, lang) for f in ordered], lang)
            else:
                out.append(L["no_findings_here"])
            out.append("")
        out.append(
            f"{L['footer']} · jxcheck {md(report.tool_version)} · {L['policy']} "
            f"{md(' → '.join(report.policy_names))} ({md(report.policy_digest[:12])})"
        )
        return "\n".join(out) + "\n"
