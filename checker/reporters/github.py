"""GitHub Actions workflow commands: one annotation line per finding, then grades and a summary.

    ::error file=dept.txt,line=263,title=V005 指标值类型与指标相符::资金到位率的指标值应为百分比 [13073023P…]

error → `::error`, warning → `::warning`, info → `::notice`; waived and baselined findings are
left out (they do not fail the run). Then one `::notice` per project with its grade and one with
the summary line. Values are escaped as the Actions runner expects: `%`, CR and LF in the
message; also `:` and `,` in properties. Paths are relative to the working directory (the
checkout) where the file lies under it.
"""

from __future__ import annotations

from checker.finding import SEVERITY_NAMES
from checker.i18n import Lang, Text
from checker.reporters.common import (
    SEVERITY_LABELS,
    grade_label,
    record_title,
    relative_path,
    rule_title,
)
from checker.reporters.text import summary_line
from checker.reporting import RenderOptions, Report

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
_GRADE = Text("审核等级", "review grade")


def escape_data(value: str) -> str:
    """The message part of a workflow command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value (`file=`, `title=` …) of a workflow command."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None and value != ""
    )
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _counts(counts: dict[str, int], lang: Lang) -> str:
    sep = "，" if lang == "zh" else ", "
    return sep.join(f"{SEVERITY_LABELS[n].get(lang)} {counts[n]}" for n in SEVERITY_NAMES)


class GithubReporter:
    """Annotation lines for a GitHub Actions log."""

    name = "github"
    description = "GitHub Actions 注释行 / GitHub Actions workflow annotations"
    suffix = ".log"
    binary = False

    def render(self, report: Report, options: RenderOptions) -> str:
        lang = options.lang
        lines: list[str] = []
        for f in report.findings:
            if f.waived or f.baselined:
                continue
            message = f.message.get(lang)
            if f.project_code or f.project_name:
                message += f" [{(f.project_code or f.project_name or '').strip()}]"
            if f.text and f.text.strip():
                message += f"\n{f.text.strip()}"
            if f.line is None and f.location:
                message += f"\n{f.location}"
            lines.append(
                command(
                    COMMANDS[f.severity.name],
                    message,
                    file=relative_path(f.file) if f.file else None,
                    line=f.line,
                    col=f.column if f.line is not None else None,
                    title=f"{f.rule} {rule_title(report, f.rule, lang)}".strip(),
                )
            )
        for r in report.records:
            grade = grade_label(report, r.grade, lang)
            colon, left, right = ("：", "（", "）") if lang == "zh" else (": ", " (", ")")
            lines.append(
                command(
                    "notice",
                    f"{record_title(r, lang)}{colon}{_GRADE.get(lang)} {grade}"
                    f"{left}{_counts(r.counts, lang)}{right}",
                    file=relative_path(r.file) if r.file else None,
                    line=r.line,
                    title=f"{_GRADE.get(lang)} {grade}",
                )
            )
        lines.append(command("notice", summary_line(report, lang), title="jxcheck"))
        return "\n".join(lines) + "\n"
