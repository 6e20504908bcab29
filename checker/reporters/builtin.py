"""Built-in report formats, registered through the same hook third-party formats use."""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from checker import hookimpl
from checker.reporting import RenderOptions, Report, Reporter

#: name → (suffix, binary, the class as `module:Class`) of every built-in format, in
#: registration order. What choosing a format needs (`--format`, `--output FILE`) is known
#: without importing the format's module.
FORMATS: dict[str, tuple[str, bool, str]] = {
    "text": (".txt", False, "checker.reporters.text:TextReporter"),
    "json": (".json", False, "checker.reporters.json:JsonReporter"),
    "html": (".html", False, "checker.reporters.html:HtmlReporter"),
    "xlsx": (".xlsx", True, "checker.reporters.xlsx:XlsxReporter"),
    "sarif": (".sarif", False, "checker.reporters.sarif:SarifReporter"),
    "junit": (".xml", False, "checker.reporters.junit:JunitReporter"),
    "markdown": (".md", False, "checker.reporters.markdown:MarkdownReporter"),
    "github": (".log", False, "checker.reporters.github:GithubReporter"),
}


def _make(name: str) -> Reporter:
    """The format's reporter; its module (and what that imports) is imported here."""
    module, _, cls = FORMATS[name][2].partition(":")
    reporter: Reporter = getattr(importlib.import_module(module), cls)()
    return reporter


class LazyReporter:
    """A built-in format whose module is imported when it first renders (or is described).

    Start-up stays light: a pre-commit run renders text only, and the other formats' modules
    (XML, hashing, templates, their own helpers) cost it nothing. Rendering is the real
    reporter's; the name, suffix and binary flag are checked against it when it loads.
    """

    __slots__ = ("_reporter", "binary", "name", "suffix")

    def __init__(self, name: str) -> None:
        self.name = name
        self.suffix, self.binary, _ = FORMATS[name]
        self._reporter: Reporter | None = None

    def _real(self) -> Reporter:
        if self._reporter is None:
            reporter = _make(self.name)
            declared = (self.name, self.suffix, self.binary)
            if (reporter.name, reporter.suffix, reporter.binary) != declared:
                raise RuntimeError(f"built-in format {self.name}: FORMATS disagrees with its class")
            self._reporter = reporter
        return self._reporter

    @property
    def description(self) -> str:
        return self._real().description

    def render(self, report: Report, options: RenderOptions) -> str | bytes:
        return self._real().render(report, options)


@hookimpl
def register_reporters() -> Iterable[Reporter]:
    # jinja2 and openpyxl are imported only when their format is rendered; every format's
    # module only when it is used (`LazyReporter`).
    return [LazyReporter(name) for name in FORMATS]
