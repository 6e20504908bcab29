"""The benchmark of issue 7: jxcheck against the libyaml floor and check-jsonschema, in one run.

    python -m bench.run [--records 20000] [--repeat 3] [--starts 15] [--output bench/results.md]

On the same generated files (see `bench/generate.py`) it measures, as separate processes, the
way a user runs them:

- the floor: libyaml alone composing every YAML file (`yaml.compose`, `yaml.CSafeLoader`);
- `jxcheck check DIR --jobs 1` and `--jobs 2`, the text report as on a terminal (the JSON
  reports of both, written once more untimed, must be the same bytes, or the benchmark fails);
- `check-jsonschema` with the shipped project schema, and `jxcheck check` (one core), on the
  first 2,000 one-record files, in one invocation each;
- the cold start of a one-file check, `check-jsonschema` on the same file, and the jxcheck
  pre-commit hook's command line on it;
- the peak memory of each batch run (resident set, summed over the process and its workers).

Medians of `--repeat` runs (of `--starts` runs for the one-file ones) go into a table with the
ratios the issue sets as targets, printed and written to `bench/results.md` with the machine.
Bytecode is cached for every tool alike (as an installed package has it), in a temporary folder.
No speed target is asserted by a test: this script is where they are checked.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import DEFAULT_SEED, generate

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "checker" / "schemas" / "project.schema.json"
SINGLE_FILES = 2000

FLOOR_SCRIPT = """
import sys, yaml
from pathlib import Path
loader = yaml.CSafeLoader
for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
    yaml.compose(Path(line).read_bytes().decode("utf-8"), Loader=loader)
"""


@dataclass
class Measure:
    """The runs of one command: wall seconds, peak memory (bytes) and exit statuses."""

    label: str
    seconds: list[float] = field(default_factory=list)
    peak: list[int] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    #: CPU seconds (user + system) of the process and its workers, each run.
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else 0.0

    @property
    def peak_bytes(self) -> int:
        return max(self.peak) if self.peak else 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (0 where /proc is missing)."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
        stack.extend(_children(current))
    return total


def run(command: Sequence[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, int, int]:
    """Wall seconds, peak summed RSS and exit status of one run of `command`."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        sys.stderr.write(err.decode("utf-8", "replace"))
        raise SystemExit(f"benchmark command failed ({process.returncode}): {' '.join(command)}")
    return elapsed, peak, process.returncode


def measure(
    label: str,
    command: Sequence[str],
    env: dict[str, str],
    times: int,
    warmup: int = 1,
    memory: bool = False,
) -> Measure:
    result = Measure(label)
    for _ in range(warmup):
        run(command, env)
    for _ in range(times):
        before = _children_cpu()
        seconds, peak, status = run(command, env) if memory else _timed(command, env)
        result.cpu.append(_children_cpu() - before)
        result.seconds.append(seconds)
        result.peak.append(peak)
        result.statuses.append(status)
        print(f"  {label}: {seconds:.3f} s", file=sys.stderr)
    return result


def _children_cpu() -> float:
    """CPU seconds used so far by this process's finished children (and theirs)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: Sequence[str], env: dict[str, str]) -> tuple[float, int, int]:
    """A run without the memory sampler (it would disturb a 0.2-second start)."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"benchmark command failed ({done.returncode}): {' '.join(command)}")
    return elapsed, 0, done.returncode


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 0
    versions = {}
    for name in ("pyyaml", "jsonschema-rs", "pydantic", "check-jsonschema"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:
            versions[name] = "-"
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return {
        "cpu": cpu,
        "cores": str(cores),
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "libraries": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "load": load,
    }


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def _environment(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    env.pop("JXCHECK_TODAY", None)
    env["JXCHECK_TODAY"] = "2023-03-01"
    return env


def _tool(name: str) -> str:
    """A console script of this interpreter's environment (not a pyenv shim)."""
    local = Path(sys.executable).with_name(name)
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed (pip install -e '.[bench]')")
    return found


@dataclass
class Results:
    records: int
    files: int
    single_files: int
    measures: dict[str, Measure]
    machine: dict[str, str]
    identical: bool

    def ratio(self, a: str, b: str) -> float:
        return self.measures[a].median / self.measures[b].median


def benchmark(records: int, repeat: int, starts: int, data: Path | None, seed: int) -> Results:
    work = Path(tempfile.mkdtemp(prefix="jxcheck-bench-"))
    load_start = load_average()
    try:
        folder = data or work / "data"
        if data is None or not folder.exists():
            print(f"generating {records} records in {folder} …", file=sys.stderr)
            generate(folder, records, seed)
        files = sorted(str(p) for p in folder.rglob("*.yaml"))
        singles = [f for f in files if not f.endswith("document.yaml")][:SINGLE_FILES]
        listing = work / "files.txt"
        listing.write_text("\n".join(files) + "\n", encoding="utf-8")
        env = _environment(work / "pycache")
        jxcheck = _tool("jxcheck")
        check_jsonschema = _tool("check-jsonschema")
        one = singles[0]
        m: dict[str, Measure] = {}
        print(
            "jxcheck --jobs 1 and --jobs 2, JSON reports (compared, not timed) …", file=sys.stderr
        )
        reports = []
        for jobs in ("1", "2"):
            target = work / f"jobs{jobs}.json"
            json_run = [jxcheck, "check", str(folder), "--quiet", "--format", "json"]
            run([*json_run, "-o", str(target), "--jobs", jobs], env)
            reports.append(target.read_bytes())
        identical = reports[0] == reports[1]
        batch = [jxcheck, "check", str(folder)]  # the text report, as on a terminal
        print("floor: libyaml compose …", file=sys.stderr)
        m["floor"] = measure(
            "libyaml compose", [sys.executable, "-c", FLOOR_SCRIPT, str(listing)], env, repeat
        )
        print("jxcheck --jobs 1 …", file=sys.stderr)
        m["jobs1"] = measure("jxcheck --jobs 1", [*batch, "--jobs", "1"], env, repeat, 0, True)
        print("jxcheck --jobs 2 …", file=sys.stderr)
        m["jobs2"] = measure("jxcheck --jobs 2", [*batch, "--jobs", "2"], env, repeat, 0, True)
        print(f"check-jsonschema and jxcheck on {len(singles)} files …", file=sys.stderr)
        m["cj_many"] = measure(
            "check-jsonschema",
            [check_jsonschema, "--schemafile", str(SCHEMA), *singles],
            env,
            repeat,
        )
        m["jx_many"] = measure(
            "jxcheck --jobs 1",
            [jxcheck, "check", "--quiet", "--jobs", "1", *singles],
            env,
            repeat,
        )
        m["jx_many2"] = measure(
            "jxcheck --jobs 2",
            [jxcheck, "check", "--quiet", "--jobs", "2", *singles],
            env,
            repeat,
        )
        print("one-file runs …", file=sys.stderr)
        m["cj_one"] = measure(
            "check-jsonschema", [check_jsonschema, "--schemafile", str(SCHEMA), one], env, starts
        )
        m["jx_one"] = measure("jxcheck check", [jxcheck, "check", one], env, starts)
        m["jx_hook"] = measure(
            "jxcheck hook", [jxcheck, "check", "--policy", "national", one], env, starts
        )
        m["python"] = measure("python -c pass", [sys.executable, "-c", "pass"], env, starts)
        info = machine()
        info["load_start"] = load_start
        return Results(records, len(files), len(singles), m, info, identical)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def table(r: Results) -> str:
    """The results as Markdown: measurements, then the targets."""
    m = r.measures
    per_record = lambda key: m[key].median / r.records * 1e6  # noqa: E731
    per_file = lambda key: m[key].median / r.single_files * 1000  # noqa: E731
    lines = [
        f"Machine: {r.machine['cpu']}, {r.machine['cores']} cores, {r.machine['memory']}; "
        f"{r.machine['system']}; Python {r.machine['python']}; {r.machine['libraries']}; "
        f"load average (1, 5, 15 min) at the start {r.machine.get('load_start', '?')}, at the "
        f"end {r.machine['load']}.",
        "",
        f"Data: {r.records} records in {r.files} files (`python -m bench.generate`, seed "
        f"{DEFAULT_SEED}); medians of {len(m['jobs1'].seconds)} runs "
        f"({len(m['jx_one'].seconds)} for one-file runs), each a separate process.",
        "",
        "| measurement | median | per record / file | CPU (all processes) | peak memory |",
        "|---|---:|---:|---:|---:|",
        f"| libyaml compose (floor), {r.records} records | {_s(m['floor'].median)} | "
        f"{per_record('floor'):.0f} µs | {_s(m['floor'].cpu_median)} | |",
        f"| `jxcheck check --jobs 1`, {r.records} records | {_s(m['jobs1'].median)} | "
        f"{per_record('jobs1'):.0f} µs | {_s(m['jobs1'].cpu_median)} | "
        f"{m['jobs1'].peak_bytes / 2**20:.0f} MiB |",
        f"| `jxcheck check --jobs 2`, {r.records} records | {_s(m['jobs2'].median)} | "
        f"{per_record('jobs2'):.0f} µs | {_s(m['jobs2'].cpu_median)} | "
        f"{m['jobs2'].peak_bytes / 2**20:.0f} MiB |",
        f"| `check-jsonschema`, {r.single_files} one-record files | {_s(m['cj_many'].median)} | "
        f"{per_file('cj_many'):.2f} ms | {_s(m['cj_many'].cpu_median)} | |",
        f"| `jxcheck check --jobs 1`, same files | {_s(m['jx_many'].median)} | "
        f"{per_file('jx_many'):.2f} ms | {_s(m['jx_many'].cpu_median)} | |",
        f"| `jxcheck check --jobs 2`, same files | {_s(m['jx_many2'].median)} | "
        f"{per_file('jx_many2'):.2f} ms | {_s(m['jx_many2'].cpu_median)} | |",
        f"| `check-jsonschema`, one file | {_ms(m['cj_one'].median)} | | "
        f"{_ms(m['cj_one'].cpu_median)} | |",
        f"| `jxcheck check`, one file (cold start) | {_ms(m['jx_one'].median)} | | "
        f"{_ms(m['jx_one'].cpu_median)} | |",
        f"| pre-commit hook command (`jxcheck check --policy national FILE`) | "
        f"{_ms(m['jx_hook'].median)} | | {_ms(m['jx_hook'].cpu_median)} | |",
        f"| `python -c pass` (interpreter start) | {_ms(m['python'].median)} | | "
        f"{_ms(m['python'].cpu_median)} | |",
        "",
        f"`--jobs 1` and `--jobs 2` JSON reports identical: {'yes' if r.identical else 'NO'}. "
        f"Cores `--jobs 2` got (CPU seconds over wall seconds): "
        f"{m['jobs2'].cpu_median / m['jobs2'].median:.2f}.",
        "",
        "| target | measured | |",
        "|---|---:|---|",
    ]
    floor = r.ratio("jobs1", "floor")
    scale = r.ratio("jobs1", "jobs2")
    many = r.ratio("cj_many", "jx_many")
    many2 = r.ratio("cj_many", "jx_many2")
    hook = r.ratio("jx_hook", "cj_one")
    peak = max(m["jobs1"].peak_bytes, m["jobs2"].peak_bytes) / 2**20
    lines += [
        f"| `--jobs 1` ≤ 1.6× the libyaml floor | {floor:.2f}× | {_mark(floor <= 1.6)} |",
        f"| `--jobs 2` ≥ 1.7× faster than `--jobs 1` | {scale:.2f}× | {_mark(scale >= 1.7)} |",
        f"| full check ≥ 4× faster than check-jsonschema, {r.single_files} files (`--jobs 1`) "
        f"| {many:.2f}× | {_mark(many >= 4)} |",
        f"| the same at `--jobs 2` | {many2:.2f}× | {_mark(many2 >= 4)} |",
        f"| pre-commit run on one file ≤ 0.8× check-jsonschema | {hook:.2f}× "
        f"| {_mark(hook <= 0.8)} |",
        f"| pre-commit run on one file < 250 ms | {_ms(m['jx_hook'].median)} "
        f"| {_mark(m['jx_hook'].median < 0.25)} |",
        f"| peak memory of the {r.records}-record batch < 500 MB | {peak:.0f} MiB "
        f"| {_mark(peak * 2**20 < 500e6)} |",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--records", type=int, default=20000, help="records (default 20000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each batch (default 3)")
    parser.add_argument("--starts", type=int, default=15, help="runs of each one-file command")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument(
        "--data", type=Path, help="generated records to reuse (generated there when missing)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "bench" / "results.md",
        help="Markdown file for the table (default bench/results.md; - for none)",
    )
    args = parser.parse_args(argv)
    results = benchmark(args.records, args.repeat, args.starts, args.data, args.seed)
    text = table(results)
    print(text)
    if str(args.output) != "-":
        _write(args.output, text, results)
    return 0 if results.identical else 1


RESULTS_HEAD = """# Benchmark results

Written by `python -m bench.run` (see `bench/README.md`); rerun it to refresh this file.

"""


def _write(path: Path, text: str, results: Results) -> None:
    """Replace the measured part of the results file, keeping any notes after it."""
    notes = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        marker = "\n## Notes"
        if marker in old:
            notes = old[old.index(marker) :]
    raw = {
        key: {"median_s": round(m.median, 4), "runs_s": [round(s, 4) for s in m.seconds]}
        for key, m in results.measures.items()
    }
    body = (
        RESULTS_HEAD
        + text
        + "\n<details><summary>raw timings (seconds)</summary>\n\n```json\n"
        + json.dumps(raw, indent=1)
        + "\n```\n</details>\n"
    )
    path.write_text(body + notes, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
