"""Where a one-file check's start-up goes: `python -X importtime` and the entry-point scan.

    python -m bench.startup FILE [--runs 5] [--top 15]

Runs the jxcheck console script under `python -X importtime` on FILE (`--runs` times, each a
separate process) and takes, module by module, the median of its self and cumulative import
times. Also times, in a fresh process each, `importlib.metadata.entry_points(group="jxcheck")`
(what finding plugins costs without a cache: it reads the metadata of every installed
distribution; jxcheck may cache the answer, so this is the most it can cost) and counts
the installed distributions. `bench.run` puts the result in `bench/results.md`.

`-X importtime` itself slows imports a little (it times each one); its figures are for
comparing modules, the whole-process figures of `bench.run` are the ones to hold against a
target.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$")

SCAN = """
import time
t = time.perf_counter()
import importlib.metadata as m
t1 = time.perf_counter()
eps = m.entry_points(group="jxcheck")
t2 = time.perf_counter()
names = {(d.metadata["Name"] or "").lower() for d in m.distributions()}
print(t1 - t, t2 - t1, len(eps), len(names))
"""

#: Distributions the dev extras bring (pyproject.toml), to say whether they are installed.
DEV_MARKERS = ("pytest", "playwright", "hypothesis", "mypy", "ruff", "pre-commit", "starlette")


@dataclass
class ImportRow:
    module: str
    depth: int
    self_ms: float
    cumulative_ms: float


@dataclass
class Startup:
    """The medians over the runs."""

    runs: int
    wall_ms: float
    rows: list[ImportRow] = field(default_factory=list)
    scan_ms: float = 0.0
    metadata_import_ms: float = 0.0
    entry_points: int = 0
    distributions: int = 0
    dev_present: list[str] = field(default_factory=list)
    #: Modules the bare interpreter imports too (`python -X importtime -c pass`): site, encodings…
    interpreter: frozenset[str] = frozenset()

    @property
    def imports_ms(self) -> float:
        """The sum of the top-level imports' cumulative times, the interpreter's own left out:
        what importing jxcheck and its libraries costs."""
        return sum(
            r.cumulative_ms for r in self.rows if r.depth == 0 and r.module not in self.interpreter
        )

    @property
    def interpreter_imports_ms(self) -> float:
        return sum(
            r.cumulative_ms for r in self.rows if r.depth == 0 and r.module in self.interpreter
        )

    def top(self, n: int) -> list[ImportRow]:
        return sorted(self.rows, key=lambda r: -r.cumulative_ms)[:n]

    def by_package(self) -> list[tuple[str, float]]:
        """Self time summed by top-level package (what each package's own code costs)."""
        sums: dict[str, float] = defaultdict(float)
        for r in self.rows:
            head = r.module.split(".", 1)[0]
            if head in sys.stdlib_module_names or head.lstrip("_") in sys.stdlib_module_names:
                head = "(standard library)"
            sums[head] += r.self_ms
        return sorted(sums.items(), key=lambda kv: -kv[1])

    def as_json(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "wall_ms": round(self.wall_ms, 1),
            "imports_ms": round(self.imports_ms, 1),
            "interpreter_imports_ms": round(self.interpreter_imports_ms, 1),
            "entry_point_scan_ms": round(self.scan_ms, 1),
            "distributions": self.distributions,
            "top_cumulative_ms": {r.module: round(r.cumulative_ms, 1) for r in self.top(15)},
            "self_by_package_ms": {k: round(v, 1) for k, v in self.by_package()[:12]},
        }


def parse(stderr: str) -> dict[str, tuple[int, float, float]]:
    """module → (depth, self ms, cumulative ms) of one `-X importtime` run (first import)."""
    found: dict[str, tuple[int, float, float]] = {}
    for line in stderr.splitlines():
        m = _LINE.match(line)
        if m is None:
            continue
        own, cumulative, indent, module = m.groups()
        if module not in found:
            found[module] = (len(indent) // 2, int(own) / 1000, int(cumulative) / 1000)
    return found


def measure(
    command: Sequence[str],
    runs: int = 5,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> Startup:
    """`command` is the jxcheck console script and its arguments (run as `python -X importtime
    SCRIPT ARGS`)."""
    samples: list[dict[str, tuple[int, float, float]]] = []
    walls: list[float] = []
    for _ in range(runs + 1):  # the first warms the bytecode cache and is dropped
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-X", "importtime", *command],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
        )
        walls.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"importtime run failed ({done.returncode}): {done.stderr[-2000:]}")
        samples.append(parse(done.stderr))
    samples, walls = samples[1:], walls[1:]
    modules: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    for sample in samples:
        for module, value in sample.items():
            modules[module].append(value)
    rows = [
        ImportRow(
            module,
            values[0][0],
            statistics.median(v[1] for v in values),
            statistics.median(v[2] for v in values),
        )
        for module, values in modules.items()
        if len(values) * 2 > len(samples)
    ]
    bare = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "pass"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    result = Startup(runs, statistics.median(walls) * 1000, rows)
    result.interpreter = frozenset(parse(bare.stderr))
    scans = []
    for _ in range(max(3, runs)):
        out = subprocess.run(
            [sys.executable, "-c", SCAN], env=env, cwd=cwd, capture_output=True, text=True
        ).stdout.split()
        scans.append(out)
    result.metadata_import_ms = statistics.median(float(s[0]) for s in scans) * 1000
    result.scan_ms = statistics.median(float(s[1]) for s in scans) * 1000
    result.entry_points = int(scans[0][2])
    result.distributions = int(scans[0][3])
    names = subprocess.run(
        [
            sys.executable,
            "-c",
            "import importlib.metadata as m\n"
            "print('\\n'.join(sorted({(d.metadata['Name'] or '').lower() "
            "for d in m.distributions()})))",
        ],
        env=env,
        capture_output=True,
        text=True,
    ).stdout.split()
    result.dev_present = [d for d in DEV_MARKERS if d in names]
    return result


def markdown(s: Startup, top: int = 15, python_ms: float | None = None) -> str:
    """The breakdown as Markdown: the phases, the top cumulative imports, self time by package."""
    lines = [
        f"`python -X importtime` on the one-file check, median of {s.runs} runs (each module's "
        f"median; `-X importtime` adds its own overhead: this run's wall time is "
        f"{s.wall_ms:.0f} ms).",
        "",
        "| phase | ms |",
        "|---|---:|",
    ]
    if python_ms is not None:
        lines.append(
            f"| interpreter start (`python -c pass`, measured apart; its own imports, site and "
            f"encodings, {s.interpreter_imports_ms:.0f} ms of it under importtime) "
            f"| {python_ms:.0f} |"
        )
    rest = (
        s.wall_ms
        - s.imports_ms
        - (python_ms if python_ms is not None else s.interpreter_imports_ms)
    )
    lines += [
        f"| importing jxcheck and its libraries (the top-level imports' cumulative time, the "
        f"interpreter's own left out) | {s.imports_ms:.0f} |",
        f"| the rest: plugin and model set-up after import, the policy, reading, checking, "
        f"the report (wall − imports − interpreter) | {rest:.0f} |",
        f"| within the rest, at most: finding plugins by a full scan, "
        f"`entry_points(group='jxcheck')` over "
        f"{s.distributions} installed distributions ({s.entry_points} entry points; timed apart, "
        f"`importlib.metadata` imported) | {s.scan_ms:.0f} |",
        "",
        "Top cumulative import times (a module's time includes what it imports; nested rows "
        "overlap):",
        "",
        "| module | depth | cumulative ms | self ms |",
        "|---|---:|---:|---:|",
    ]
    for r in s.top(top):
        lines.append(f"| `{r.module}` | {r.depth} | {r.cumulative_ms:.1f} | {r.self_ms:.1f} |")
    lines += [
        "",
        "Self time by top-level package (each module's own import work, summed; adds up to all "
        "imports):",
        "",
        "| package | self ms |",
        "|---|---:|",
    ]
    for name, ms in s.by_package()[:12]:
        lines.append(f"| `{name}` | {ms:.1f} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.startup", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)
    script = Path(sys.executable).with_name("jxcheck")
    result = measure([str(script), "check", "--skip-unrecognised", str(args.file)], args.runs)
    print(json.dumps(result.as_json(), indent=1) if args.json else markdown(result, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
