"""Built-in report formats, registered through the same hook third-party formats use."""

from __future__ import annotations

from collections.abc import Iterable

from checker import hookimpl
from checker.reporting import Reporter


@hookimpl
def register_reporters() -> Iterable[Reporter]:
    # Imported here, not at module level: start-up stays light (jinja2 and openpyxl are
    # imported only when their format is rendered).
    from checker.reporters.github import GithubReporter
    from checker.reporters.html import HtmlReporter
    from checker.reporters.json import JsonReporter
    from checker.reporters.junit import JunitReporter
    from checker.reporters.markdown import MarkdownReporter
    from checker.reporters.sarif import SarifReporter
    from checker.reporters.text import TextReporter
    from checker.reporters.xlsx import XlsxReporter

    return [
        TextReporter(),
        JsonReporter(),
        HtmlReporter(),
        XlsxReporter(),
        SarifReporter(),
        JunitReporter(),
        MarkdownReporter(),
        GithubReporter(),
    ]
