"""The Excel workbook: a projects sheet, a findings sheet, a rules sheet and a notes sheet.

- 项目汇总 / Projects: one row per project record — code, name, unit, budget, grade, status,
  counts by severity, waived.
- 问题清单 / Findings: one row per finding (waived and baselined ones too, marked), with file,
  line, project, rule, severity, message, the text as written, basis and fix; an autofilter.
- 规则统计 / Rules: one row per rule that ran or fired, with its counts.
- 说明 / About: files, policy, summary and the grading convention.

Headers in the report's language (Chinese by default), frozen; column widths fit CJK text
(a wide character counts twice). The bytes are the same for the same report: the workbook's
created/modified dates and every zip entry's date are fixed (`FIXED_DATE`).

openpyxl is an optional dependency (`pip install 'jxcheck[reports]'`).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from checker.errors import UsageError
from checker.finding import SEVERITY_NAMES, Finding
from checker.i18n import Lang, Text
from checker.reporters.common import (
    LABELS,
    SEVERITY_LABELS,
    doc_sections,
    grade_distribution,
    grade_label,
    grade_scale,
    is_tidy,
    places_note,
    rule_counts,
    verdict,
)
from checker.reporting import RenderOptions, Report

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: Written as the workbook's created and modified dates, so identical reports give identical bytes.
FIXED_DATE = datetime(2000, 1, 1)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
MAX_WIDTH = 60
WRAP_WIDTH = 48

SHEETS = {
    "projects": Text("项目汇总", "Projects"),
    "findings": Text("问题清单", "Findings"),
    "tidy": Text("格式整理", "Tidy"),
    "rules": Text("规则统计", "Rules"),
    "about": Text("说明", "About"),
}
H = {
    "file": LABELS["file"],
    "line": Text("行", "Line"),
    "cell": Text("单元格位置", "Cell"),
    "unit": LABELS["unit"],
    "department": LABELS["department"],
    "rule": LABELS["rule"],
    "rule_title": Text("规则名称", "Rule name"),
    "severity": LABELS["severity"],
    "message": Text("问题", "Finding"),
    "text": LABELS["as_written"],
    "project_grade": Text("项目等级", "Project grade"),
    "waived": LABELS["waived"],
    "waiver": LABELS["waiver"],
    "approver": Text("批准人", "Approver"),
    "baselined": LABELS["baselined"],
    "basis": LABELS["basis"],
    "fix": LABELS["fix"],
    "pointer": Text("JSON 指针", "JSON pointer"),
    "fingerprint": Text("指纹", "Fingerprint"),
    "default_severity": Text("默认级别", "Default severity"),
    "item": Text("项目", "Item"),
    "value": Text("内容", "Value"),
    "meaning": Text("含义", "Meaning"),
    "when": Text("条件", "When"),
    "note": Text("备注", "Note"),
    "count": Text("项目数", "Projects"),
}
_YES = Text("是", "yes")
_GRADE_FILLS = ("C8E6C9", "BBDEFB", "FFE0B2", "FFCDD2")
_SEVERITY_FONTS = {"error": "B42318", "warning": "B54708", "info": "175CD3"}


def display_width(value: object) -> int:
    """Columns a value needs: East Asian wide and full-width characters count twice."""
    text = "" if value is None else str(value)
    return max(
        (
            sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
            for line in text.splitlines() or [""]
        ),
        default=0,
    )


def _amount(raw: str | None) -> Decimal | str | None:
    """A budget as a number where it is one (so Excel can add it up), else as written."""
    if raw is None or not raw.strip():
        return None
    try:
        return Decimal(raw.strip())
    except InvalidOperation:
        return raw.strip()


def _safe(value: Any) -> Any:
    """A value openpyxl accepts: control characters (a Word export can hold them) dropped."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated `_ZIP_DATE`, entries in their order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


class XlsxReporter:
    """An Excel workbook (openpyxl) for reviewers who keep the result as a worksheet."""

    name = "xlsx"
    description = "Excel 工作簿（项目汇总、问题清单）/ Excel workbook: projects and findings sheets"
    suffix = ".xlsx"
    binary = True

    def render(self, report: Report, options: RenderOptions) -> bytes:
        try:
            from openpyxl import Workbook
            from openpyxl.writer.excel import ExcelWriter
        except ImportError:  # pragma: no cover - depends on the installation
            raise UsageError(
                Text(
                    "Excel 报告需要 openpyxl：pip install 'jxcheck[reports]'",
                    "the Excel report needs openpyxl: pip install 'jxcheck[reports]'",
                )
            ) from None
        lang = options.lang
        wb = Workbook()
        wb.properties.creator = "jxcheck"
        wb.properties.lastModifiedBy = "jxcheck"
        wb.properties.title = LABELS["heading"].get(lang)
        wb.properties.created = FIXED_DATE
        wb.properties.modified = FIXED_DATE
        projects = wb.active
        assert projects is not None
        self._projects(projects, report, lang)
        tidy = [f for f in report.findings if is_tidy(report, f)]
        listed = [f for f in report.findings if not is_tidy(report, f)]
        self._findings(wb.create_sheet(), report, lang, "findings", listed)
        if tidy:  # whitespace and export artefacts: --fix work, not for sending back
            self._findings(wb.create_sheet(), report, lang, "tidy", tidy)
        self._rules(wb.create_sheet(), report, lang)
        self._about(wb.create_sheet(), report, lang)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(wb, archive).save()  # not wb.save(): that stamps the current time
        return _fixed_zip(buffer.getvalue())

    # --- sheets -------------------------------------------------------------------------------

    def _sheet(
        self,
        ws: Worksheet,
        key: str,
        headers: list[Text],
        rows: list[list[Any]],
        lang: Lang,
        wrap: tuple[int, ...] = (),
        autofilter: bool = True,
    ) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        ws.title = SHEETS[key].get(lang)
        ws.append([h.get(lang) for h in headers])
        for row in rows:
            ws.append([_safe(v) for v in row])
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text from a record is never a formula
        header_font = Font(bold=True, color="FFFFFF")
        header_fill = PatternFill("solid", fgColor="1F3A5F")
        for cell in ws[1]:
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = Alignment(vertical="center", wrap_text=False)
        ws.freeze_panes = "A2"
        if autofilter and rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
        top = Alignment(vertical="top")
        wrapped = Alignment(vertical="top", wrap_text=True)
        for index, header in enumerate(headers, start=1):
            letter = get_column_letter(index)
            widest = max(
                [display_width(header.get(lang)) + 4]  # room for the filter button
                + [display_width(r[index - 1]) for r in rows]
            )
            limit = WRAP_WIDTH if index in wrap else MAX_WIDTH
            ws.column_dimensions[letter].width = min(max(widest + 2, 6), limit)
            for cell in ws[letter][1:]:
                cell.alignment = wrapped if index in wrap else top

    def _projects(self, ws: Worksheet, report: Report, lang: Lang) -> None:
        from openpyxl.styles import Font, PatternFill

        headers = [
            LABELS["no"],
            H["file"],
            LABELS["code"],
            LABELS["name"],
            H["unit"],
            LABELS["budget"],
            LABELS["grade"],
            LABELS["verdict_of_project"],
            *(SEVERITY_LABELS[n] for n in SEVERITY_NAMES),
            LABELS["waived"],
        ]
        rows = [
            [
                n,
                r.file,
                (r.project_code or "").strip() or None,
                (r.project_name or "").strip() or None,
                (r.unit or "").strip() or None,
                _amount(r.budget),
                grade_label(report, r.grade, lang) if r.grade else None,
                verdict(report, r, lang),
                *(r.counts[s] for s in SEVERITY_NAMES),
                r.waived,
            ]
            for n, r in enumerate(report.records, start=1)
        ]
        self._sheet(ws, "projects", headers, rows, lang, wrap=(4, 5))
        ranks = {g.get("grade"): i for i, g in enumerate(grade_scale(report))}
        last = max(len(ranks) - 1, 1)
        for row, r in enumerate(report.records, start=2):
            ws.cell(row, 6).number_format = "0.00##"
            if r.grade in ranks:
                fill = _GRADE_FILLS[round(ranks[r.grade] * 3 / last)]
                cell = ws.cell(row, 7)
                cell.fill = PatternFill("solid", fgColor=fill)
                cell.font = Font(bold=True)

    def _findings(
        self, ws: Worksheet, report: Report, lang: Lang, key: str, findings: list[Finding]
    ) -> None:
        from openpyxl.styles import Font

        headers = [
            LABELS["no"],
            H["file"],
            H["line"],
            H["cell"],
            LABELS["code"],
            LABELS["name"],
            H["project_grade"],
            H["rule"],
            H["rule_title"],
            H["severity"],
            H["message"],
            H["text"],
            H["waived"],
            H["waiver"],
            H["baselined"],
            H["basis"],
            H["fix"],
            H["pointer"],
            H["fingerprint"],
        ]
        rows: list[list[Any]] = []
        for n, f in enumerate(findings, start=1):
            meta = report.rule_meta(f.rule, lang)
            record = (
                report.records[f.record]
                if f.record is not None and 0 <= f.record < len(report.records)
                else None
            )
            grade = record.grade if record is not None else None
            rows.append(
                [
                    n,
                    f.file or None,
                    f.line,
                    f.location if f.line is None else None,
                    (f.project_code or "").strip() or None,
                    (f.project_name or "").strip() or None,
                    grade_label(report, grade, lang) if grade else None,
                    f.rule,
                    meta.get("title") or None,
                    SEVERITY_LABELS[f.severity.name].get(lang),
                    f.message.get(lang) + places_note(f, lang),
                    (f.text or "").strip() or None,
                    _YES.get(lang) if f.waived else None,
                    f.waiver.reason if f.waiver else None,
                    _YES.get(lang) if f.baselined else None,
                    meta.get("basis") or None,
                    f.advice.get(lang)
                    if f.advice is not None
                    else doc_sections(str(meta.get("doc") or "")).get("fix"),
                    f.pointer or None,
                    f.fingerprint,
                ]
            )
        self._sheet(ws, key, headers, rows, lang, wrap=(6, 11, 12, 16, 17))
        for row, f in enumerate(findings, start=2):
            ws.cell(row, 10).font = Font(bold=True, color=_SEVERITY_FONTS[f.severity.name])

    def _rules(self, ws: Worksheet, report: Report, lang: Lang) -> None:
        counts = rule_counts(report)
        ids = sorted({*report.rules, *counts})
        headers = [
            H["rule"],
            H["rule_title"],
            H["default_severity"],
            *(SEVERITY_LABELS[n] for n in SEVERITY_NAMES),
            H["basis"],
        ]
        zero = dict.fromkeys(SEVERITY_NAMES, 0)
        rows = []
        for rid in ids:
            meta = report.rule_meta(rid, lang)
            severity = meta.get("severity")
            rows.append(
                [
                    rid,
                    meta.get("title") or None,
                    SEVERITY_LABELS[severity].get(lang) if severity in SEVERITY_LABELS else None,
                    *(counts.get(rid, zero)[n] for n in SEVERITY_NAMES),
                    meta.get("basis") or None,
                ]
            )
        self._sheet(ws, "rules", headers, rows, lang, wrap=(2, 7))

    def _about(self, ws: Worksheet, report: Report, lang: Lang) -> None:
        s = report.summary()
        L = {k: v.get(lang) for k, v in LABELS.items()}
        rows: list[list[Any]] = [
            [L["heading"], None, None],
            [L["files"], "、".join(f.file for f in report.files) or None, None],
            [L["policy"], " → ".join(report.policy_names) or None, report.policy_digest],
            ["jxcheck", report.tool_version, None],
            [L["projects"], s["records"], None],
            [L["passed"], s["passed"], None],
            [L["failed"], s["failed"], None],
            *([SEVERITY_LABELS[n].get(lang), s["findings"][n], None] for n in SEVERITY_NAMES),
            [L["waived"], s["waived"], None],
            [L["baselined"], s["baselined"], None],
        ]
        for d in report.documents:
            rows.append(
                [
                    f"{L['verdict']}：{(d.department or d.file).strip()}",
                    grade_label(report, d.grade, lang) if d.grade else None,
                    None,
                ]
            )
        dist = grade_distribution(report)
        if dist:
            rows.append([None, None, None])
            rows.append([LABELS["grade"].get(lang), H["count"].get(lang), H["when"].get(lang)])
            for g in grade_scale(report):
                grade = str(g.get("grade"))
                meaning = (g.get("meaning") or {}).get(lang) or ""
                when = L["or"].join(w.get(lang, "") for w in g.get("when") or []) or L["otherwise"]
                rows.append(
                    [
                        f"{grade_label(report, grade, lang)} {meaning}".strip(),
                        dist.get(grade, 0),
                        when,
                    ]
                )
        self._sheet(ws, "about", [H["item"], H["value"], H["note"]], rows, lang, autofilter=False)
