"""The JSON report: the documented structure of checker/schemas/report.schema.json."""

from __future__ import annotations

from checker.jsontext import indented
from checker.reporting import RenderOptions, Report


class JsonReporter:
    """Machine-readable report; byte-identical for identical inputs (no timestamps)."""

    name = "json"
    description = "JSON（结构见 report.schema.json）/ JSON, see report.schema.json"
    suffix = ".json"
    binary = False

    def render(self, report: Report, options: RenderOptions) -> str:
        return indented(report.to_json()) + "\n"
