"""The real-document corpus as a measure: what jxcheck finds against what a reviewer flagged.

`tests/data/realdocs/` holds real published 绩效目标 tables with an independent reviewer's reading
(REVIEW.md, REVIEW-extra.md) and its machine-readable form (expected.yaml, expected-extra.yaml).
`score` compares one report with the reading; `python -m tests.realdocs` runs every document and
writes the table of docs/real-documents.md (expected, found, missed, extra errors and warnings),
so the figures in the docs are measured, never typed in.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "realdocs"
DOC = ROOT / "docs" / "real-documents.md"


def expected() -> dict[str, dict[str, Any]]:
    """Every document's reading, with the must-not-flag list common to all merged in."""
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(p.name for p in CORPUS.glob("expected*.yaml")):
        data = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
        common = data.get("common_must_not_flag", [])
        for stem, entry in data["documents"].items():
            entry = dict(entry)
            entry["must_not_flag"] = sorted(set(entry.get("must_not_flag") or []) | set(common))
            out[stem] = entry
    return out


def run(path: Path) -> dict[str, Any]:
    """`jxcheck check PATH --format json` as a user runs it (national policy)."""
    result = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", str(path), "--format", "json", "-j", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if "Traceback" in result.stderr:
        raise AssertionError(result.stderr)
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def project_of(finding: dict[str, Any]) -> int:
    """The 1-based project a finding is in (0: the document itself); one file a run."""
    record = finding.get("record")
    return record + 1 if isinstance(record, int) else 0


@dataclass
class Score:
    """One document: the reviewer's flags found and missed, and the errors/warnings beyond them."""

    stem: str
    flags: list[dict[str, Any]]
    found: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    extra: list[dict[str, Any]] = field(default_factory=list)
    forbidden: list[dict[str, Any]] = field(default_factory=list)
    unread: int = 0

    @property
    def errors_warnings(self) -> int:
        return len(self.extra) + sum(1 for f in self.found if f["severity"] != "info")


def score(stem: str, reading: dict[str, Any], report: dict[str, Any]) -> Score:
    findings = report["findings"]
    flags = reading.get("flag") or []
    result = Score(stem, flags)
    result.unread = sum(1 for f in findings if f["rule"] == "S000")
    flagged = {(f["rule"], f["project"]) for f in flags}
    for flag in flags:
        hits = [
            f for f in findings if f["rule"] == flag["rule"] and project_of(f) == flag["project"]
        ]
        (result.found if hits else result.missed).append(flag)
    forbidden = set(reading.get("must_not_flag") or [])
    not_at = reading.get("not_at") or []
    for f in findings:
        if f["severity"] not in ("error", "warning"):
            continue
        if f["rule"] in forbidden or any(
            f["rule"] == n["rule"] and n["text"] in f["message"] for n in not_at
        ):
            result.forbidden.append(f)
        if (f["rule"], project_of(f)) not in flagged:
            result.extra.append(f)
    return result


def judgements() -> dict[str, dict[str, dict[str, str]]]:
    """Our judgement of each extra error/warning, and the reason for each missed flag."""
    data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(
        (CORPUS / "judgements.yaml").read_text(encoding="utf-8")
    )
    return data


def table(scores: list[Score], notes: dict[str, dict[str, dict[str, str]]]) -> str:
    """The Markdown table of docs/real-documents.md, and one line per extra finding."""
    lines = [
        "| document | flagged (rule ids) | found | missed | extra errors + warnings | "
        "must-not-flag reported |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    total = Counter[str]()
    for s in scores:
        lines.append(
            f"| {s.stem} | {len(s.flags)} | {len(s.found)} | {len(s.missed)} | "
            f"{len(s.extra)} | {len(s.forbidden)} |"
        )
        total.update(
            flags=len(s.flags),
            found=len(s.found),
            missed=len(s.missed),
            extra=len(s.extra),
            forbidden=len(s.forbidden),
        )
    lines.append(
        f"| **all {len(scores)}** | {total['flags']} | {total['found']} | {total['missed']} | "
        f"{total['extra']} | {total['forbidden']} |"
    )
    lines += ["", "### Missed and extra, document by document", ""]
    for s in scores:
        if not (s.missed or s.extra):
            continue
        lines.append(f"**{s.stem}**")
        lines.append("")
        reasons = notes.get("missed", {}).get(s.stem, {})
        judged = notes.get("extra", {}).get(s.stem, {})
        for flag in s.missed:
            reason = reasons.get(f"{flag['rule']}:{flag['project']}", "")
            lines.append(
                f"- missed {flag['rule']} (table {flag['project']}, {flag['severity']}): "
                f"{flag.get('what', '')}" + (f" — *{reason}*" if reason else "")
            )
        for f in s.extra:
            note = judged.get(f"{f['rule']}:{project_of(f)}", "")
            line = f.get("line")
            where = f"l.{line}" if line else (f.get("location") or "")
            lines.append(
                f"- extra {f['rule']} {f['severity']} (table {project_of(f)}, {where}): "
                f"{f['message']}" + (f" — *{note}*" if note else "")
            )
        lines.append("")
    return "\n".join(lines)


_BEGIN = "<!-- measured: python -m tests.realdocs --write -->"
_END = "<!-- end of measured table -->"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="update docs/real-documents.md")
    args = parser.parse_args(argv)
    readings = expected()
    notes = judgements()
    scores = [
        score(stem, reading, run(CORPUS / f"{stem}.txt"))
        for stem, reading in sorted(readings.items())
    ]
    text = table(scores, notes)
    if not args.write:
        print(text)
        return 0
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.index(_BEGIN) + len(_BEGIN), doc.index(_END)
    DOC.write_text(doc[:start] + "\n" + text + "\n" + doc[end:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
