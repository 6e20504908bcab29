"""The terminal report: one line per finding, one per project, one summary line."""

from __future__ import annotations

from checker.i18n import Lang
from checker.reporting import RenderOptions, Report
from checker.terminal import printable

_STATUS = {
    "zh": {"passed": "通过", "failed": "未通过", "invalid": "格式错误"},
    "en": {"passed": "passed", "failed": "failed", "invalid": "invalid"},
}
_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def summary_line(report: Report, lang: Lang) -> str:
    """`10 records, 3 passed, 7 failed; 6 errors, 25 warnings, 40 infos, 0 waived`."""
    s = report.summary()
    c = s["findings"]
    if lang == "en":
        line = (
            f"{s['records']} records, {s['passed']} passed, {s['failed']} failed; "
            f"{c['error']} errors, {c['warning']} warnings, {c['info']} infos, "
            f"{s['waived']} waived"
        )
        extra = []
        if s["invalid"]:
            extra.append(f"{s['invalid']} invalid records")
        if s["files_unreadable"]:
            extra.append(f"{s['files_unreadable']} of {s['files']} files unreadable")
        if s["baselined"]:
            extra.append(f"{s['baselined']} baselined")
        return line + (f" ({'; '.join(extra)})" if extra else "")
    line = (
        f"{s['records']} 条记录，{s['passed']} 条通过，{s['failed']} 条未通过；"
        f"{c['error']} 个错误，{c['warning']} 个警告，{c['info']} 个提示，{s['waived']} 个已豁免"
    )
    extra = []
    if s["invalid"]:
        extra.append(f"{s['invalid']} 条记录格式错误")
    if s["files_unreadable"]:
        extra.append(f"{s['files']} 个文件中 {s['files_unreadable']} 个无法读取")
    if s["baselined"]:
        extra.append(f"{s['baselined']} 个在基线中")
    return line + (f"（{'；'.join(extra)}）" if extra else "")


def _counts(counts: dict[str, int], lang: Lang) -> str:
    if lang == "en":
        return f"{counts['error']}E {counts['warning']}W {counts['info']}I"
    return f"错误 {counts['error']} 警告 {counts['warning']} 提示 {counts['info']}"


class TextReporter:
    """`file:line: ID severity message [project code]`, then projects, then the summary."""

    name = "text"
    description = "终端文本 / terminal text"
    suffix = ".txt"
    binary = False

    def render(self, report: Report, options: RenderOptions) -> str:
        """The report; text from records and file names is `printable`: a finding stays on
        its line and no escape sequence from a record reaches the terminal."""
        lang = options.lang
        lines: list[str] = []
        for f in report.findings:
            where = printable(f.file, one_line=True) or "-"
            if f.line is not None:
                where += f":{f.line}"
            elif f.location:
                where += f":{f.location}"
            severity = f.severity.name
            if options.color:
                severity = f"{_COLORS[severity]}{severity}{_RESET}"
            tag = ""
            if f.waived:
                tag = " (已豁免)" if lang == "zh" else " (waived)"
            elif f.baselined:
                tag = " (基线)" if lang == "zh" else " (baselined)"
            project = f" [{printable(f.project_code, one_line=True)}]" if f.project_code else ""
            message = printable(f.message.get(lang), one_line=True)
            lines.append(f"{where}: {f.rule} {severity} {message}{project}{tag}")
        if report.records:
            lines.append("")
        for r in report.records:
            name = printable(r.project_name.strip(), one_line=True) if r.project_name else "-"
            code = printable(r.project_code, one_line=True) if r.project_code else "-"
            status = _STATUS[lang][r.status]
            grade = f" {r.grade}" if r.grade else ""
            lines.append(f"{code} {name}: {status}{grade} ({_counts(r.counts, lang)})")
        lines.append(summary_line(report, lang))
        return "\n".join(lines) + "\n"
