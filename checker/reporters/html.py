"""The HTML report: one self-contained page a reviewer opens offline, filters, and prints.

Everything is inline (CSS, JavaScript, no font or image from the network); a Content Security
Policy in the page forbids any load and allows only the page's own script (by its hash), so a
value that slipped through escaping still could not run. Every value taken from a record or a
policy goes through Jinja's autoescaping. Both languages are in the page; a switch shows one.
Identical reports give byte-identical pages.

jinja2 is an optional dependency (`pip install 'jxcheck[reports]'`).
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from checker.errors import UsageError
from checker.finding import SEVERITY_NAMES, Finding
from checker.i18n import Lang, Text
from checker.reporters.common import (
    LABELS,
    SEVERITY_LABELS,
    Section,
    doc_sections,
    document_title,
    grade_distribution,
    grade_scale,
    is_tidy,
    places_note,
    record_title,
    rule_counts,
    sections,
    verdict,
    where,
)
from checker.reporting import RenderOptions, Report

if TYPE_CHECKING:
    from jinja2 import Template


@dataclass(frozen=True)
class GradeView:
    grade: str
    css: str
    label: Text
    meaning: Text | None
    when: list[Text]
    count: int

    @property
    def extra_label(self) -> Text:
        """The display name where it says more than the grade itself (`Poor` beside `差`)."""
        return Text(*(n if n != self.grade else "" for n in (self.label.zh, self.label.en)))

    @property
    def option(self) -> Text:
        extra = self.extra_label
        return Text(f"{self.grade} {extra.zh}".strip(), f"{self.grade} {extra.en}".strip())


def _text(value: Any, fallback: str = "") -> Text:
    if isinstance(value, dict):
        return Text(str(value.get("zh") or fallback), str(value.get("en") or fallback))
    return Text(fallback, fallback)


def _grades(report: Report) -> dict[str, GradeView]:
    scale = grade_scale(report)
    counts = grade_distribution(report)
    out: dict[str, GradeView] = {}
    last = max(len(scale) - 1, 1)
    for rank, g in enumerate(scale):
        grade = str(g.get("grade"))
        meaning = g.get("meaning")
        out[grade] = GradeView(
            grade=grade,
            css=f"g{round(rank * 3 / last)}",
            label=_text(g.get("name"), grade),
            meaning=_text(meaning) if meaning else None,
            when=[_text(w) for w in g.get("when") or []],
            count=counts.get(grade, 0),
        )
    return out


def _grade(views: dict[str, GradeView], grade: str | None) -> GradeView | None:
    if grade is None:
        return None
    return views.get(grade) or GradeView(grade, "none", Text(grade, grade), None, [], 0)


class _Rules:
    """Rule metadata in both languages, split into the doc's sections, computed once per id."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.cache: dict[str, dict[str, Any]] = {}

    def get(self, rule_id: str) -> dict[str, Any]:
        if rule_id not in self.cache:
            zh = self.report.rule_meta(rule_id, "zh")
            en = self.report.rule_meta(rule_id, "en")
            zh_doc = doc_sections(str(zh.get("doc") or ""))
            en_doc = doc_sections(str(en.get("doc") or ""))

            def part(key: str) -> Text | None:
                if key not in zh_doc and key not in en_doc:
                    return None
                z = zh_doc.get(key) or en_doc.get(key, "")
                return Text(z, en_doc.get(key) or z)

            self.cache[rule_id] = {
                "id": rule_id,
                "title": Text(
                    str(zh.get("title") or ""), str(en.get("title") or zh.get("title") or "")
                ),
                "basis": str(zh.get("basis") or ""),
                "summary": part("summary"),
                "why": part("why"),
                "fix": part("fix"),
                "parts": [
                    {"label": LABELS[key], "text": text}
                    for key in ("what", "why", "example", "fix")
                    if (text := part(key)) is not None
                ],
            }
        return self.cache[rule_id]


def _finding(f: Finding, rules: _Rules) -> dict[str, Any]:
    """A finding as the page shows it; its own advice before the rule's general fix text."""
    meta = rules.get(f.rule)
    return {
        "severity": f.severity.name,
        "severity_label": SEVERITY_LABELS[f.severity.name],
        "rule": f.rule,
        "title": meta["title"],
        "message": f.message,
        "where": where(f),
        "where_short": where(f.with_changes(file=PurePath(f.file).name)) if f.file else where(f),
        "text": f.text,
        "waived": f.waived,
        "baselined": f.baselined,
        "waiver": f.waiver,
        "basis": meta["basis"],
        "why": meta["why"],
        "fix": f.advice or meta["fix"],
        "places": (
            Text(places_note(f, "zh").strip("（）"), places_note(f, "en").strip(" ()"))
            if f.places
            else None
        ),
    }


def _section(
    report: Report,
    s: Section,
    number: dict[int, int],
    views: dict[str, GradeView],
    rules: _Rules,
) -> dict[str, Any]:
    facts: list[dict[str, Any]] = []
    if s.record is not None:
        r = s.record
        anchor = f"record-{r.index}"
        title = Text(record_title(r, "zh"), record_title(r, "en"))
        if r.unit:
            facts.append({"label": LABELS["unit"], "value": r.unit.strip()})
        if r.budget:
            facts.append({"label": LABELS["budget"], "value": r.budget.strip()})
        facts.append({"label": LABELS["location"], "value": where(r)})
        facts.append(
            {
                "label": LABELS["verdict_of_project"],
                "value": Text(verdict(report, r, "zh"), verdict(report, r, "en")),
            }
        )
        grade = r.grade
    elif s.document is not None:
        d = s.document
        anchor = f"document-{d.index}"
        title = Text(document_title(d, "zh"), document_title(d, "en"))
        if d.budget_year:
            facts.append({"label": LABELS["budget_year"], "value": str(d.budget_year)})
        facts.append({"label": LABELS["projects"], "value": str(d.projects)})
        grade = d.grade
    else:
        anchor, title, grade = "other", Text("其他问题", "Other findings"), None
    # document order (the report's), waived and baselined last; tidy ones apart
    ordered = sorted(s.findings, key=lambda f: f.waived or f.baselined)
    tidy = [f for f in ordered if is_tidy(report, f)]
    return {
        "kind": s.kind,
        "anchor": anchor,
        "index": s.record.index if s.record is not None else None,
        "no": number.get(s.record.index) if s.record is not None else None,
        "title": title,
        "facts": facts,
        "grade": _grade(views, grade),
        "counts": s.counted(),
        "findings": [_finding(f, rules) for f in ordered if not is_tidy(report, f)],
        "tidy": [_finding(f, rules) for f in tidy],
    }


def _subtitle(report: Report) -> Text | None:
    departments = list(
        dict.fromkeys(d.department.strip() for d in report.documents if d.department)
    )
    years = sorted({d.budget_year for d in report.documents if d.budget_year})
    if not departments and not years:
        return None
    names = "、".join(departments)
    year = "、".join(str(y) for y in years)
    zh = " · ".join(p for p in (names, f"{year} 年度" if year else "") if p)
    en = " · ".join(p for p in (names, f"budget year {year}" if year else "") if p)
    return Text(zh, en)


def _verdict(report: Report, views: dict[str, GradeView]) -> dict[str, Any]:
    graded = [d.grade for d in report.documents if d.grade]
    if len(graded) == 1:
        view = _grade(views, graded[0])
        detail = view.meaning if view and view.meaning else LABELS["one_document"]
        return {"grade": view, "value": None, "detail": detail}
    if graded:
        counted = Counter(graded)
        order = [g for g in views if g in counted] + [g for g in counted if g not in views]
        value = " ".join(f"{g} {counted[g]}" for g in order)
        n = len(graded)
        return {
            "grade": None,
            "value": value,
            "detail": Text(
                f"{n} {LABELS['documents_graded'].zh}", f"{n} {LABELS['documents_graded'].en}"
            ),
        }
    return {"grade": None, "value": "—", "detail": LABELS["not_graded"]}


def _columns(rows: list[dict[str, Any]], count: int = 3) -> list[list[dict[str, Any]]]:
    """A long table as up to `count` columns side by side, filled top to bottom."""
    if not rows:
        return []
    count = min(count, (len(rows) + 7) // 8)
    height = -(-len(rows) // count)
    return [rows[i : i + height] for i in range(0, len(rows), height)]


@cache
def _asset(name: str) -> str:
    return resources.files("checker").joinpath(f"templates/{name}").read_text("utf-8")


@cache
def _template() -> Template:
    try:
        import jinja2
    except ImportError:  # pragma: no cover - depends on the installation
        raise UsageError(
            Text(
                "HTML 报告需要 jinja2：pip install 'jxcheck[reports]'",
                "the HTML report needs jinja2: pip install 'jxcheck[reports]'",
            )
        ) from None
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.from_string(_asset("report.html.j2"))


def render_context(report: Report, lang: Lang) -> dict[str, Any]:
    """Everything the template shows, computed from the report alone."""
    from markupsafe import Markup  # comes with jinja2

    views = _grades(report)
    rules = _Rules(report)
    numbered = {r.index: n for n, r in enumerate(report.records, start=1)}
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    overview = [
        {
            "index": r.index,
            "no": numbered[r.index],
            "anchor": f"record-{r.index}",
            "code": (r.project_code or "").strip() or "—",
            "name": (r.project_name or "").strip() or record_title(r, lang),
            "budget": (r.budget or "").strip(),
            "grade": _grade(views, r.grade),
            "counts": r.counts,
            "waived": r.waived,
        }
        for r in report.records
    ]
    documents = [
        {
            "department": (d.department or "").strip() or "—",
            "file": d.file,
            "budget_year": d.budget_year or "—",
            "projects": d.projects,
            "standalone": d.standalone,
            "grade": _grade(views, d.grade),
            "counts": d.counts,
        }
        for d in report.documents
    ]
    fired = sorted({f.rule for f in report.findings})
    return {
        "lang": lang,
        "L": LABELS,
        "title": LABELS["heading"],
        "subtitle": _subtitle(report),
        "files": [f.file for f in report.files] or ["—"],
        "policy": " → ".join(report.policy_names) or "—",
        "digest": report.policy_digest[:12],
        "tool_version": report.tool_version,
        "summary": report.summary(),
        "severities": [{"name": s, "label": SEVERITY_LABELS[s]} for s in SEVERITY_NAMES],
        "verdict": _verdict(report, views),
        "scale": list(views.values()),
        "rule_columns": _columns(
            [
                {"id": rid, "title": rules.get(rid)["title"], "counts": counts}
                for rid, counts in rule_counts(report).items()
            ]
        ),
        "rule_reference": [rules.get(rid) for rid in fired],
        "rule_options": [
            {"id": rid, "label": Text(f"{rid} {t.zh}", f"{rid} {t.en}")}
            for rid in fired
            if (t := rules.get(rid)["title"]) is not None
        ],
        "documents": documents,
        "overview": overview,
        "sections": [_section(report, s, numbered, views, rules) for s in sections(report)],
        "total_findings": sum(1 for f in report.findings if not is_tidy(report, f)),
        "css": Markup(_asset("report.css")),
        "script": Markup(script),
        "script_hash": f"sha256-{digest}",
    }


class HtmlReporter:
    """A self-contained HTML page: summary, grades, one section per project, filters, print."""

    name = "html"
    description = (
        "HTML 审核报告（单个离线文件，可筛选、打印）/ HTML review report (one offline file)"
    )
    suffix = ".html"
    binary = False

    def render(self, report: Report, options: RenderOptions) -> str:
        return _template().render(render_context(report, options.lang))
