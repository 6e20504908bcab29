"""Built-in report formats, registered through the same hook third-party formats use."""

from __future__ import annotations

from collections.abc import Iterable

from checker import hookimpl
from checker.reporting import Reporter


@hookimpl
def register_reporters() -> Iterable[Reporter]:
    from checker.reporters.json import JsonReporter
    from checker.reporters.text import TextReporter

    return [TextReporter(), JsonReporter()]
