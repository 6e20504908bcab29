"""Baselines: adopt a new rule, or jxcheck itself, without first fixing last year's documents.

`jxcheck baseline write FILE PATH...` stores the fingerprints of today's findings (with rule,
file, project code and message for a human reading the file); `jxcheck check --baseline FILE`
then marks every finding whose fingerprint is in it as *baselined*: shown and counted, never
failing. A fingerprint is made of rule, record and a pointer that names rows by their content,
never the line (see `checker.finding.fingerprint`), so a baseline survives edits elsewhere in a
file, and a record moved to another file keeps its entries.

An entry that no finding matches any more, in a file that was checked, is *stale*: the problem was
fixed, and the entry should go before it hides a new one. Each stale entry is reported as `X004`
(info) and listed under `baseline.stale` in the JSON report. Entries of files not checked in a
run (a pre-commit run checks only the changed files) are neither matched nor stale.

The file is JSON, written deterministically (sorted, no timestamps), so that it diffs well in
the repository that keeps it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from checker.errors import ConfigError
from checker.i18n import Lang, Text
from checker.jsontext import indented

if TYPE_CHECKING:
    from checker.finding import Finding
    from checker.reporting import Report

BASELINE_FORMAT = "jxcheck-baseline/1"
STALE_BASELINE_RULE = "X004"
#: Findings a baseline never holds nor hides: they are about the policy or the baseline itself.
NOT_BASELINED = frozenset({"X002", "X003", STALE_BASELINE_RULE})


def normal_path(name: str, cwd: Path | None = None) -> str:
    """A file name as a baseline compares it: relative to the working directory where it lies
    inside it, `/`-separated, without `./` or `a/../`."""
    if not name:
        return name
    path = Path(os.path.normpath(name))
    if path.is_absolute():
        with contextlib.suppress(ValueError):
            path = path.relative_to(cwd or Path.cwd())
    return PurePath(path).as_posix()


@dataclass(frozen=True)
class BaselineEntry:
    """One baselined fingerprint, and what a person needs to recognise it."""

    fingerprint: str
    rule: str
    file: str
    project_code: str | None
    pointer: str
    severity: str = ""
    message: str = ""
    #: How many findings had this fingerprint when the baseline was written.
    count: int = 1

    def to_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "rule": self.rule,
            "severity": self.severity,
            "file": self.file,
            "project_code": self.project_code,
            "pointer": self.pointer,
            "message": self.message,
            "count": self.count,
        }


def baseline_entries(findings: Iterable[Finding], lang: Lang = "zh") -> list[BaselineEntry]:
    """The entries for these findings: one per fingerprint, in a stable order."""
    entries: dict[str, BaselineEntry] = {}
    for f in findings:
        if f.waived or f.rule in NOT_BASELINED:
            continue
        known = entries.get(f.fingerprint)
        if known is not None:
            entries[f.fingerprint] = BaselineEntry(
                known.fingerprint,
                known.rule,
                known.file,
                known.project_code,
                known.pointer,
                known.severity,
                known.message,
                known.count + 1,
            )
            continue
        entries[f.fingerprint] = BaselineEntry(
            fingerprint=f.fingerprint,
            rule=f.rule,
            file=normal_path(f.file),
            project_code=f.project_code,
            pointer=f.pointer,
            severity=f.severity.name,
            message=f.message.get(lang),
        )
    return sorted(
        entries.values(),
        key=lambda e: (e.file, e.project_code or "", e.rule, e.pointer, e.fingerprint),
    )


def baseline_text(report: Report) -> str:
    """The baseline file for a report's findings (UTF-8 JSON, two-space indent, sorted)."""
    data = {
        "format": BASELINE_FORMAT,
        "tool": {"name": "jxcheck", "version": report.tool_version},
        "policy": {"names": report.policy_names, "digest": report.policy_digest},
        "entries": [e.to_json() for e in baseline_entries(report.findings, report.lang)],
    }
    return indented(data) + "\n"


def _problem(path: str, zh: str, en: str) -> ConfigError:
    return ConfigError(Text(f"基线文件 {path}：{zh}", f"baseline file {path}: {en}"))


@dataclass
class Baseline:
    """A baseline file as read: its entries by fingerprint."""

    path: str
    entries: list[BaselineEntry]

    def __post_init__(self) -> None:
        self.by_fingerprint = {e.fingerprint: e for e in self.entries}

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        """Read a baseline file; a missing or malformed file is a ConfigError (exit status 2)."""
        shown = str(path)
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise _problem(
                shown,
                "不存在（先用 jxcheck baseline write 生成）",
                "not found (write one with jxcheck baseline write)",
            ) from None
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise _problem(shown, f"无法读取：{error}", f"cannot be read: {error}") from None
        return cls.from_data(shown, data)

    @classmethod
    def from_data(cls, shown: str, data: Any) -> Baseline:
        """A baseline from the parsed content of a baseline file named `shown`."""
        if not isinstance(data, dict) or data.get("format") != BASELINE_FORMAT:
            raise _problem(
                shown,
                f"不是 jxcheck 基线（format 应为 {BASELINE_FORMAT}）",
                f"not a jxcheck baseline (format must be {BASELINE_FORMAT})",
            )
        raw = data.get("entries")
        if not isinstance(raw, list):
            raise _problem(shown, "缺少 entries 列表", "has no list of entries")
        entries: list[BaselineEntry] = []
        for index, item in enumerate(raw):
            if not (
                isinstance(item, dict)
                and isinstance(item.get("fingerprint"), str)
                and isinstance(item.get("rule"), str)
            ):
                raise _problem(
                    shown,
                    f"第 {index + 1} 项缺少 fingerprint 或 rule",
                    f"entry {index + 1} lacks a fingerprint or a rule",
                )
            code = item.get("project_code")
            count = item.get("count", 1)
            entries.append(
                BaselineEntry(
                    fingerprint=item["fingerprint"],
                    rule=item["rule"],
                    file=str(item.get("file") or ""),
                    project_code=code if isinstance(code, str) else None,
                    pointer=str(item.get("pointer") or ""),
                    severity=str(item.get("severity") or ""),
                    message=str(item.get("message") or ""),
                    count=count if isinstance(count, int) and not isinstance(count, bool) else 1,
                )
            )
        return cls(shown, entries)

    def apply(
        self,
        findings: Sequence[Finding],
        checked_files: Iterable[str],
        stale_finding: Callable[[BaselineEntry, str], Finding | None],
    ) -> tuple[list[Finding], dict[str, Any]]:
        """Mark baselined findings (same order); add a finding per stale entry; and the
        `baseline` section of the JSON report."""
        matched: set[str] = set()
        out: list[Finding] = []
        for f in findings:
            if (
                not f.waived
                and f.rule not in NOT_BASELINED
                and f.fingerprint in self.by_fingerprint
            ):
                matched.add(f.fingerprint)
                out.append(f.with_changes(baselined=True))
            else:
                out.append(f)
        checked = {normal_path(name) for name in checked_files}
        stale = [
            e
            for e in self.entries
            if e.fingerprint not in matched and normal_path(e.file) in checked
        ]
        for entry in stale:
            finding = stale_finding(entry, self.path)
            if finding is not None:
                out.append(finding)
        section = {
            "file": self.path,
            "entries": len(self.entries),
            "matched": len(matched),
            "baselined": sum(1 for f in out if f.baselined),
            "stale": [e.to_json() for e in stale],
        }
        return out, section
