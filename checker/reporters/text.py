"""The terminal report: errors, then warnings, one line each; infos counted per rule; one
line per project with its verdict; one summary line.

A reviewer reads the terminal at a glance: what must be mended comes first and infos (a
reviewer's notes, whitespace `--fix` tidies) are counted, not listed, unless asked for
(`--show-infos`). Every other format keeps every finding.
"""

from __future__ import annotations

from collections import Counter

from checker.finding import Finding
from checker.i18n import Lang
from checker.reporters.common import (
    PARTIAL,
    grade_distribution,
    grade_label,
    grades_partial,
    is_tidy,
    places_note,
    verdict,
)
from checker.reporting import RenderOptions, Report
from checker.terminal import printable

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"
_HEADINGS = {
    "zh": {"error": "错误 {n} 个：", "warning": "警告 {n} 个：", "info": "提示 {n} 个："},
    "en": {"error": "{n} errors:", "warning": "{n} warnings:", "info": "{n} infos:"},
}


def summary_line(report: Report, lang: Lang) -> str:
    """`10 records: 良 4, 中 6; 6 errors, 29 warnings, 75 infos, 0 waived` (grades where the
    report is graded, else how many records passed and failed)."""
    s = report.summary()
    c = s["findings"]
    grades = {g: n for g, n in grade_distribution(report).items() if n}
    if lang == "en":
        if grades:
            head = f"{s['records']} records: " + ", ".join(
                f"{grade_label(report, g, lang)} {n}" for g, n in grades.items()
            )
        else:
            head = f"{s['records']} records, {s['passed']} passed, {s['failed']} failed"
        line = (
            f"{head}; {c['error']} errors, {c['warning']} warnings, {c['info']} infos, "
            f"{s['waived']} waived"
        )
        extra = []
        if s["invalid"]:
            extra.append(f"{s['invalid']} invalid records")
        if s["files_unreadable"]:
            extra.append(f"{s['files_unreadable']} of {s['files']} files unreadable")
        if s["baselined"]:
            extra.append(f"{s['baselined']} baselined")
        if grades and grades_partial(report):
            extra.append(PARTIAL.en)
        return line + (f" ({'; '.join(extra)})" if extra else "")
    if grades:
        head = f"{s['records']} 条记录：" + "、".join(
            f"{grade_label(report, g, lang)} {n}" for g, n in grades.items()
        )
    else:
        head = f"{s['records']} 条记录，{s['passed']} 条通过，{s['failed']} 条未通过"
    line = (
        f"{head}；{c['error']} 个错误，{c['warning']} 个警告，{c['info']} 个提示，"
        f"{s['waived']} 个已豁免"
    )
    extra = []
    if s["invalid"]:
        extra.append(f"{s['invalid']} 条记录格式错误")
    if s["files_unreadable"]:
        extra.append(f"{s['files']} 个文件中 {s['files_unreadable']} 个无法读取")
    if s["baselined"]:
        extra.append(f"{s['baselined']} 个在基线中")
    if grades and grades_partial(report):
        extra.append(PARTIAL.zh)
    return line + (f"（{'；'.join(extra)}）" if extra else "")


def _counts(counts: dict[str, int], lang: Lang) -> str:
    if lang == "en":
        return f"{counts['error']}E {counts['warning']}W {counts['info']}I"
    return f"错误 {counts['error']} 警告 {counts['warning']} 提示 {counts['info']}"


def _line(f: Finding, options: RenderOptions) -> str:
    """`file:line: ID severity message [project code]`: the form editors and CI parse."""
    lang = options.lang
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
    message = printable(f.message.get(lang) + places_note(f, lang), one_line=True)
    return f"{where}: {f.rule} {severity} {message}{project}{tag}"


def _kept_back(report: Report, hidden: list[Finding], lang: Lang) -> str:
    """One line: how many infos were not listed, per rule, and how to see them."""
    by_rule = Counter(f.rule for f in hidden)
    ranked = sorted(by_rule.items(), key=lambda item: (-item[1], item[0]))
    tidy = sorted({f.rule for f in hidden if is_tidy(report, f)})
    tidy_count = sum(by_rule[r] for r in tidy)
    if lang == "en":
        rules = ", ".join(f"{r} {n}" for r, n in ranked)
        line = f"{len(hidden)} infos not listed ({rules}); --show-infos lists them"
        if tidy:
            line += (
                f"; {tidy_count} of them ({', '.join(tidy)}) are whitespace or export "
                "artefacts that --fix tidies in YAML/JSON records"
            )
        return line
    rules = "、".join(f"{r} {n}" for r, n in ranked)
    line = f"另有 {len(hidden)} 个提示未逐条列出（{rules}）；加 --show-infos 逐条显示"
    if tidy:
        line += f"；其中 {tidy_count} 个（{'、'.join(tidy)}）是空格或导出痕迹，YAML/JSON 记录可用 --fix 整理"
    return line


class TextReporter:
    """Errors, then warnings (then infos with `--show-infos`), projects, the summary."""

    name = "text"
    description = "终端文本 / terminal text"
    suffix = ".txt"
    binary = False

    def render(self, report: Report, options: RenderOptions) -> str:
        """The report; text from records and file names is `printable`: a finding stays on
        its line and no escape sequence from a record reaches the terminal."""
        lang = options.lang
        lines: list[str] = []
        listed = ("error", "warning", "info") if options.show_infos else ("error", "warning")
        for severity in listed:
            group = [f for f in report.findings if f.severity.name == severity]
            if not group:
                continue
            lines.append(_HEADINGS[lang][severity].format(n=len(group)))
            lines.extend(_line(f, options) for f in group)
            lines.append("")
        multi_file = len({r.file for r in report.records}) > 1
        for r in report.records:
            name = printable(r.project_name.strip(), one_line=True) if r.project_name else "-"
            code = printable(r.project_code, one_line=True) if r.project_code else "-"
            where = ""
            if multi_file:
                where = printable(r.file, one_line=True)
                where += f":{r.line}: " if r.line is not None else ": "
            lines.append(
                f"{where}{code} {name}: {verdict(report, r, lang)} ({_counts(r.counts, lang)})"
            )
        hidden = (
            [] if options.show_infos else [f for f in report.findings if f.severity.name == "info"]
        )
        if hidden:
            lines.append(_kept_back(report, hidden, lang))
        lines.append(summary_line(report, lang))
        return "\n".join(lines) + "\n"
