"""What local rules cost: `jxcheck check --jobs 1` under national, and under a policy that adds
50 declarative rules (bench/policies/local50.yaml: 31 plain forms, 19 CEL expressions, every
scope), on the same generated records; and, to show where the cost lies, under national plus
each part of those 50 alone: the plain forms, the expressions on a row, a notice or a table's
own fields, and the expressions over a table's rows or the whole file.

    python -m bench.declarative [--records 2000] [--repeat 5] [--data DIR] [--output FILE]

Each run is a separate process; the policies alternate run by run (national, local50, the
parts, national, …) so that a change in the machine's load falls on all alike. Each run's wall
time and CPU time (user + system of the process) are taken; the ratio against issue 18's target
(≤ 1.30) is judged on the median CPU times — a `--jobs 1` run is one busy thread, so its CPU
time is its work, while its wall time also counts what other processes on a shared machine take
of the core — and the wall-time ratio is shown beside it. Writes `bench/results-local-rules.md`
(`--output -`: print only).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from bench.generate import DEFAULT_SEED, generate
from bench.run import Runner

HERE = Path(__file__).resolve().parent
LOCAL50 = HERE / "policies" / "local50.yaml"
TARGET = 1.30


PART_NAMES = {
    "plain": "its plain forms only",
    "items": "its expressions on a row, a notice or a table's own fields only",
    "lists": "its expressions over a table's rows or the whole file only",
}


def _parts() -> dict[str, list[dict[str, object]]]:
    """The rules of local50.yaml in three parts (see PART_NAMES)."""
    rules = yaml.safe_load(LOCAL50.read_text(encoding="utf-8"))["rules"]
    parts: dict[str, list[dict[str, object]]] = {name: [] for name in PART_NAMES}
    for rule in rules:
        expression = str(rule.get("assert", ""))
        if not expression:
            parts["plain"].append(rule)
        elif "project.indicators" in expression or "document." in expression:
            parts["lists"].append(rule)
        else:
            parts["items"].append(rule)
    return parts


def _jxcheck() -> list[str]:
    found = shutil.which("jxcheck")
    if found is None:
        return [sys.executable, "-c", "from checker.cli import main; raise SystemExit(main())"]
    return [found]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", type=Path, help="records to reuse (generated when missing)")
    parser.add_argument("--output", default=str(HERE / "results-local-rules.md"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        data = args.data or Path(scratch) / "data"
        generated_here = not data.exists()
        if generated_here:
            generate(data, args.records, seed=DEFAULT_SEED)
        base = [*_jxcheck(), "check", str(data), "--jobs", "1", "--format", "json"]
        policies = {"national": "national", "local50": str(LOCAL50)}
        for part, rules in _parts().items():
            path = Path(scratch) / f"{part}.yaml"
            path.write_text(
                yaml.safe_dump({"extends": "national", "rules": rules}, allow_unicode=True),
                encoding="utf-8",
            )
            policies[part] = str(path)
        load_before = os.getloadavg()
        runner = Runner(dict(os.environ), Path(scratch))
        runner.interleaved(
            [(name, name, [*base, "--policy", policy]) for name, policy in policies.items()],
            args.repeat,
            warm=False,
        )
        load_after = os.getloadavg()
    runs = {name: m.seconds for name, m in runner.measures.items()}
    medians = {name: m.median for name, m in runner.measures.items()}
    cpu_medians = {name: m.cpu_median for name, m in runner.measures.items()}
    national, local = cpu_medians["national"], cpu_medians["local50"]
    ratio = local / national
    wall_ratio = medians["local50"] / medians["national"]
    verdict = "met" if ratio <= TARGET else "**missed**"
    lines = [
        "# Local rules: what 50 declarative rules cost",
        "",
        "Written by `python -m bench.declarative` (see its docstring); rerun it to refresh this file.",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
        f"Python {platform.python_version()}; load average (1, 5, 15 min) at the start "
        f"{' '.join(f'{x:.2f}' for x in load_before)}, at the end "
        f"{' '.join(f'{x:.2f}' for x in load_after)}.",
        "",
        (
            f"Data: {args.records} generated records (`bench.generate`, seed {DEFAULT_SEED}); "
            if generated_here
            else f"Data: the records of `{args.data}`; "
        )
        + f"medians of {args.repeat} runs of each, alternating, each a separate process.",
        "",
        "| policy | `jxcheck check --jobs 1`, CPU | wall | wall of each run (s) |",
        "|---|---:|---:|---|",
        *(
            f"| {label} | {cpu_medians[name]:.2f} s"
            f"{'' if name == 'national' else f' (+{(cpu_medians[name] / national - 1) * 100:.0f}%)'}"
            f" | {medians[name]:.2f} s | {', '.join(f'{x:.2f}' for x in runs[name])} |"
            for name, label in (
                ("national", "national"),
                ("local50", "national + 50 local rules (`bench/policies/local50.yaml`)"),
                *((part, f"national + {PART_NAMES[part]}") for part in PART_NAMES),
            )
        ),
        "",
        f"Ratio of CPU times {ratio:.2f}× against the target ≤ {TARGET:.2f}×: {verdict} "
        f"(of wall times: {wall_ratio:.2f}×).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.output != "-":
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
