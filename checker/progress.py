"""Terminal niceties of a batch run: a progress bar and the per-department table (on stderr).

Both go to standard error, so that standard output holds the report alone (a JSON report piped
to another tool stays valid). The bar is drawn only on a terminal and never for a run shorter
than a blink, so a pre-commit hook prints nothing extra.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Sequence
from typing import Any, TextIO

from checker.i18n import Lang

#: The bar appears only once a run has lasted this long (seconds), then redraws at most this often.
DELAY = 0.3
INTERVAL = 0.1
WIDTH = 30


class ProgressBar:
    """`检查中 [########··········] 1234/20000 个文件 6% 0:12`, redrawn in place on stderr."""

    def __init__(self, stream: TextIO, lang: Lang = "zh") -> None:
        self.stream = stream
        self.lang = lang
        self.started = time.monotonic()
        self.last = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.started < DELAY or (now - self.last < INTERVAL and done < total):
            return
        self.last = now
        share = done / total if total else 1.0
        filled = int(WIDTH * share)
        bar = "#" * filled + "·" * (WIDTH - filled)
        elapsed = int(now - self.started)
        clock = f"{elapsed // 60}:{elapsed % 60:02d}"
        if self.lang == "en":
            line = f"checking [{bar}] {done}/{total} files {share:4.0%} {clock}"
        else:
            line = f"检查中 [{bar}] {done}/{total} 个文件 {share:4.0%} {clock}"
        self.stream.write("\r" + line)
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Erase the bar (the report follows on a clean line)."""
        if self.drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.drawn = False


def display_width(text: str) -> int:
    """Columns a text takes on a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


_HEADERS = {
    "zh": ("单位", "记录", "通过", "未通过", "格式错误", "错误", "警告", "提示"),
    "en": ("department", "records", "passed", "failed", "invalid", "errors", "warnings", "infos"),
}


def department_table(rows: Sequence[dict[str, Any]], lang: Lang = "zh") -> str:
    """The `departments` section of a report as an aligned table, one line per department."""
    from checker.terminal import printable

    unknown = "（未注明单位）" if lang == "zh" else "(no department)"
    body = [
        (
            printable(row["department"], one_line=True) if row["department"] else unknown,
            *(
                str(v)
                for v in (
                    row["records"],
                    row["passed"],
                    row["failed"],
                    row["invalid"],
                    row["findings"]["error"],
                    row["findings"]["warning"],
                    row["findings"]["info"],
                )
            ),
        )
        for row in rows
    ]
    header = _HEADERS[lang]
    widths = [max(display_width(r[i]) for r in [header, *body]) for i in range(len(header))]
    title = "按单位汇总：" if lang == "zh" else "By department:"
    lines = [title]
    for r in [header, *body]:
        cells = [_pad(r[0], widths[0])]
        cells += [_pad(c, w, right=True) for c, w in zip(r[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
