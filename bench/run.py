"""The benchmark of issues 7 and 19: jxcheck as users run it, against the libyaml floor and
check-jsonschema, every figure pair in one run.

    python -m bench.run                  # the full run (~10 minutes on 2 cores)
    python -m bench.run --quick          # the same measurements, smaller (1–2 minutes)
    python -m bench.run --compare OLD    # …and a before/after table against an earlier run

Every number is the wall time of a separate process, started the way a user starts it, from a
neutral working folder (no jxcheck.yaml or pyproject.toml upward), with bytecode cached alike for
every tool (as an installed package has it) in a temporary folder. What it measures:

1. **The seed department document** (`examples/000_57b4140ba813d59e.txt`, and as .docx and .xlsx
   from `tests/data/office/`): `jxcheck check FILE`, median of `--starts` starts, against 200 ms
   and against 0.65× check-jsonschema's one-file time.
2. **The real-layout batch** (`bench/realdocs.py`): the seed and the real-document corpus
   imported by `jxcheck import --split` and replicated with changed 项目编码 (or names) to
   `--real-projects` one-project files: the libyaml floor (`yaml.compose`, `CSafeLoader`, over
   every file), `jxcheck check DIR --jobs 1` and `--jobs 2` (their JSON reports, written once
   more untimed, must be the same bytes, with no file skipped as a duplicate), and
   check-jsonschema against jxcheck on the first `--single-files` of them.
3. **The one-file pre-commit case**: the pre-commit hook's command (`jxcheck check
   --skip-unrecognised FILE`, `.pre-commit-hooks.yaml`) against `check-jsonschema --schemafile
   checker/schemas/project.schema.json FILE`, on a one-project record of the real-layout batch
   and on a synthetic one, in this environment (its installed distributions are counted).
4. **The synthetic records** (`bench/generate.py`, `--records`), as issue 7 measured them: floor,
   `--jobs 1`, `--jobs 2`, check-jsonschema on `--single-files` files, peak memory.
5. **The start-up breakdown** (`bench/startup.py`): `python -X importtime` on the one-file check.

Commands compared with each other run interleaved, one run of each in turn, so that a machine
drifting during the run moves them alike: the one-file commands (1, 3 and the interpreter's own
start) for `--starts` rounds; a batch's floor, `--jobs 1` and `--jobs 2` for `--repeat` rounds,
then check-jsonschema and jxcheck on the single files likewise. The cores free for the run are
measured at its start and end (`capacity`). Medians of `--repeat` runs (`--starts` for one-file
runs) go into tables with the ratios the issues set as targets, printed
and written to `bench/results.md` with the machine, its load average before and after, and a
raw JSON block that `--compare` and `python -m bench.compare` read. No speed target is asserted
by a test: this script is where they are checked.
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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import compare as compare_runs
from bench import realdocs, startup
from bench.generate import DEFAULT_SEED, generate

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "checker" / "schemas" / "project.schema.json"

#: The seed department document in each format a department hands in.
DOCUMENTS = (
    ("doc_txt", "examples/000_57b4140ba813d59e.txt", "Word text export (.txt)"),
    ("doc_docx", "tests/data/office/seed-word.docx", ".docx as Word writes it (seed-word.docx)"),
    ("doc_docx_export", "tests/data/office/seed.docx", ".docx from `jxcheck export` (seed.docx)"),
    ("doc_xlsx", "tests/data/office/seed-table.xlsx", ".xlsx, one table a project (seed-table)"),
    (
        "doc_xlsx_numbers",
        "tests/data/office/seed-numbers.xlsx",
        ".xlsx as a budget system exports it (seed-numbers)",
    ),
)

#: `--quick` and the full run.
FULL = {"records": 20000, "real_projects": 3000, "repeat": 3, "starts": 15, "single_files": 2000}
QUICK = {"records": 2000, "real_projects": 450, "repeat": 1, "starts": 5, "single_files": 300}

#: The pre-commit hook's entry (`.pre-commit-hooks.yaml`).
HOOK = ("check", "--skip-unrecognised")

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

    def as_json(self) -> dict[str, Any]:
        raw: dict[str, Any] = {
            "label": self.label,
            "median_s": round(self.median, 4),
            "runs_s": [round(s, 4) for s in self.seconds],
            "cpu_s": round(self.cpu_median, 4),
        }
        if self.peak_bytes:
            raw["peak_mib"] = round(self.peak_bytes / 2**20, 1)
        return raw


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


def _children_cpu() -> float:
    """CPU seconds used so far by this process's finished children (and theirs)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Runner:
    """Runs commands in one environment and working folder, and keeps their measures."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env = env
        self.cwd = cwd
        self.measures: dict[str, Measure] = {}

    def _fail(self, command: Sequence[str], status: int, err: bytes) -> None:
        sys.stderr.write(err.decode("utf-8", "replace")[-4000:])
        raise SystemExit(f"benchmark command failed ({status}): {' '.join(command)}")

    def sampled(self, command: Sequence[str]) -> tuple[float, int, int]:
        """Wall seconds, peak summed RSS and exit status of one run of `command`."""
        peak = 0
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=self.cwd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
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
            self._fail(command, process.returncode, err)
        return elapsed, peak, process.returncode

    def timed(self, command: Sequence[str]) -> tuple[float, int, int]:
        """A run without the memory sampler (it would disturb a 0.2-second start)."""
        start = time.perf_counter()
        done = subprocess.run(
            command,
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            self._fail(command, done.returncode, done.stderr)
        return elapsed, 0, done.returncode

    def _record(self, key: str, label: str, result: tuple[float, int, int], cpu: float) -> None:
        m = self.measures.setdefault(key, Measure(label))
        seconds, peak, status = result
        m.seconds.append(seconds)
        m.peak.append(peak)
        m.statuses.append(status)
        m.cpu.append(cpu)

    def interleaved(
        self,
        commands: Sequence[tuple[str, str, Sequence[str]]],
        times: int,
        warm: bool | set[str] = True,
        memory: frozenset[str] = frozenset(),
    ) -> None:
        """One run of each command in turn, `times` rounds, so that a change in the machine's
        load falls on every command alike; first one unmeasured run of each command (or of the
        keys in `warm`). Keys in `memory` are sampled for their peak resident memory."""
        for key, _, command in commands:
            if warm is True or (isinstance(warm, set) and key in warm):
                self.timed(command)
        for round_ in range(times):
            for key, label, command in commands:
                before = _children_cpu()
                result = self.sampled(command) if key in memory else self.timed(command)
                self._record(key, label, result, _children_cpu() - before)
            line = ", ".join(f"{k} {self.measures[k].seconds[-1]:.3f}" for k, _, _ in commands)
            print(f"  round {round_ + 1}/{times} (s): {line}", file=sys.stderr)


BUSY = "s = 0\nfor i in range(4_000_000):\n    s += i\n"


def capacity(runs: int = 3) -> float:
    """Cores free for this run, as measured: the same CPU-bound loop alone, then one copy per
    core at once; (cores × alone) / together. Near the core count: every core was free; near
    1.0: other work held all but one (and `--jobs 2` cannot scale)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    command = [sys.executable, "-c", BUSY]
    alone, together = [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True)
        alone.append(time.perf_counter() - start)
        start = time.perf_counter()
        for process in [subprocess.Popen(command) for _ in range(cores)]:
            process.wait()
        together.append(time.perf_counter() - start)
    return round(cores * statistics.median(alone) / statistics.median(together), 2)


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


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
    from importlib.metadata import version

    for name in ("pyyaml", "jsonschema-rs", "pydantic", "check-jsonschema"):
        try:
            versions[name] = version(name)
        except Exception:
            versions[name] = "-"
    return {
        "cpu": cpu,
        "cores": str(cores),
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "libraries": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "load": load_average(),
    }


def provenance(env: dict[str, str], cwd: Path) -> dict[str, str]:
    """Whose `checker` the jxcheck console script imports, and that tree's commit."""
    found = subprocess.run(
        [sys.executable, "-c", "import checker; print(checker.__file__)"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
    ).stdout.strip()
    where = Path(found).parent.parent if found else ROOT
    commit = dirty = "?"
    try:
        commit = subprocess.run(
            ["git", "-C", str(where), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", str(where), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        dirty = f"{len(changed)} files changed since" if changed else "clean"
    except (OSError, subprocess.CalledProcessError):
        pass
    return {"checker": found or "?", "commit": commit, "tree": dirty}


def _environment(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    env["JXCHECK_TODAY"] = "2023-03-01"
    for name in ("JXCHECK_LANG", "JXCHECK_PLUGINS", "JXCHECK_NO_PLUGINS", "JXCHECK_DEBUG"):
        env.pop(name, None)
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
class Settings:
    records: int
    real_projects: int
    repeat: int
    starts: int
    single_files: int
    seed: int = DEFAULT_SEED
    data: Path | None = None
    quick: bool = False


@dataclass
class Results:
    settings: Settings
    measures: dict[str, Measure]
    machine: dict[str, str]
    provenance: dict[str, str]
    synthetic: dict[str, Any]
    real: dict[str, Any]
    startup: startup.Startup
    seconds: float = 0.0

    def median(self, key: str) -> float:
        return self.measures[key].median

    def ratio(self, a: str, b: str) -> float:
        return self.median(a) / self.median(b)

    def ratios(self) -> dict[str, float]:
        r = {
            "real_hook_vs_cj": self.ratio("real_hook", "real_cj_one"),
            "synthetic_hook_vs_cj": self.ratio("jx_hook", "cj_one"),
            "real_jobs1_vs_floor": self.ratio("real_jobs1", "real_floor"),
            "real_jobs1_vs_jobs2": self.ratio("real_jobs1", "real_jobs2"),
            "real_cj_vs_jobs1": self.ratio("real_cj_many", "real_jx_many"),
            "real_cj_vs_jobs2": self.ratio("real_cj_many", "real_jx_many2"),
            "jobs1_vs_floor": self.ratio("jobs1", "floor"),
            "jobs1_vs_jobs2": self.ratio("jobs1", "jobs2"),
            "cj_vs_jobs1": self.ratio("cj_many", "jx_many"),
            "cj_vs_jobs2": self.ratio("cj_many", "jx_many2"),
        }
        for key, _, _ in DOCUMENTS:
            r[f"{key}_vs_cj"] = self.ratio(key, "real_cj_one")
        return {k: round(v, 3) for k, v in r.items()}

    def raw(self) -> dict[str, Any]:
        return {
            "format": 2,
            "settings": {
                k: (str(v) if isinstance(v, Path) else v) for k, v in vars(self.settings).items()
            },
            "machine": self.machine,
            "provenance": self.provenance,
            "seconds": round(self.seconds, 1),
            "ratios": self.ratios(),
            "real_batch": self.real,
            "synthetic": self.synthetic,
            "startup": self.startup.as_json(),
            "measures": {k: m.as_json() for k, m in self.measures.items()},
        }


def _report_facts(path: Path) -> dict[str, Any]:
    """What a JSON report says about the batch: records, skipped files by kind, S006 hits."""
    report = json.loads(path.read_text(encoding="utf-8"))
    skipped = Counter(str(s.get("kind")) for s in report.get("skipped", []))
    rules = Counter(str(f.get("rule")) for f in report.get("findings", []))
    summary = report.get("summary", {})
    return {
        "records": summary.get("records"),
        "files": summary.get("files"),
        "skipped": dict(skipped),
        "S006": rules.get("S006", 0),
        "findings": summary.get("findings"),
    }


def _batch(
    runner: Runner,
    prefix: str,
    folder: Path,
    files: list[Path],
    singles: list[Path],
    repeat: int,
    jxcheck: str,
    check_jsonschema: str,
    work: Path,
) -> dict[str, Any]:
    """Floor, --jobs 1, --jobs 2 on `folder`; check-jsonschema and jxcheck on `singles`."""
    listing = work / f"{prefix}files.txt"
    listing.write_text("\n".join(map(str, files)) + "\n", encoding="utf-8")
    print(
        f"{prefix or 'synthetic '}batch: JSON reports of --jobs 1 and --jobs 2 …", file=sys.stderr
    )
    reports = []
    for jobs in ("1", "2"):
        target = work / f"{prefix}jobs{jobs}.json"
        runner.sampled(
            [
                jxcheck,
                "check",
                str(folder),
                "--quiet",
                "--format",
                "json",
                "-o",
                str(target),
                "--jobs",
                jobs,
            ]
        )
        reports.append(target)
    identical = reports[0].read_bytes() == reports[1].read_bytes()
    facts = _report_facts(reports[0])
    facts["identical_jobs1_jobs2"] = identical
    batch = [jxcheck, "check", str(folder)]  # the text report, as on a terminal
    floor = [sys.executable, "-c", FLOOR_SCRIPT, str(listing)]
    n = len(singles)
    runner.interleaved(
        [
            (f"{prefix}floor", "libyaml compose (floor)", floor),
            (f"{prefix}jobs1", "`jxcheck check DIR --jobs 1`", [*batch, "--jobs", "1"]),
            (f"{prefix}jobs2", "`jxcheck check DIR --jobs 2`", [*batch, "--jobs", "2"]),
        ],
        repeat,
        warm={f"{prefix}floor"},  # the JSON runs above warmed jxcheck's
        memory=frozenset({f"{prefix}jobs1", f"{prefix}jobs2"}),
    )
    names = [str(p) for p in singles]
    runner.interleaved(
        [
            (
                f"{prefix}cj_many",
                f"check-jsonschema, {n} files",
                [check_jsonschema, "--schemafile", str(SCHEMA), *names],
            ),
            (
                f"{prefix}jx_many",
                f"`jxcheck check --jobs 1`, {n} files",
                [jxcheck, "check", "--quiet", "--jobs", "1", *names],
            ),
            (
                f"{prefix}jx_many2",
                f"`jxcheck check --jobs 2`, {n} files",
                [jxcheck, "check", "--quiet", "--jobs", "2", *names],
            ),
        ],
        repeat,
    )
    return facts


def benchmark(s: Settings) -> Results:
    began = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="jxcheck-bench-"))
    load_start = load_average()
    free_start = capacity()
    try:
        env = _environment(work / "pycache")
        cwd = work / "cwd"
        cwd.mkdir()
        runner = Runner(env, cwd)
        jxcheck = _tool("jxcheck")
        check_jsonschema = _tool("check-jsonschema")
        origin = provenance(env, cwd)

        # the data: synthetic records, and the real-layout batch (imported by jxcheck itself)
        folder = s.data or work / "synthetic"
        if s.data is None or not folder.exists():
            print(f"generating {s.records} synthetic records in {folder} …", file=sys.stderr)
            generate(folder, s.records, s.seed)
        files = sorted(folder.rglob("*.yaml"))
        singles = [f for f in files if f.name != "document.yaml"][: s.single_files]
        print(
            f"importing and replicating the real documents ({s.real_projects}) …", file=sys.stderr
        )
        real = realdocs.build(work / "real", s.real_projects, [jxcheck], env)
        real_files = sorted(real.folder.rglob("*.yaml"))
        real_singles = sorted(real.project_files)[: s.single_files]

        # one-file runs, interleaved: the documents, the pre-commit case, the interpreter
        cj = [check_jsonschema, "--schemafile", str(SCHEMA)]
        one, real_one = str(singles[0]), str(real.one)
        commands: list[tuple[str, str, Sequence[str]]] = [
            ("python", "`python -c pass` (interpreter start)", [sys.executable, "-c", "pass"]),
            (
                "models",
                "`python -c 'import checker.model'` (the interpreter, pydantic and the record "
                "models: paid by every check while records and rule parameters are pydantic "
                "models)",
                [sys.executable, "-c", "import checker.model"],
            ),
            ("real_cj_one", "check-jsonschema, real-layout record", [*cj, real_one]),
            (
                "real_hook",
                "pre-commit hook command, real-layout record",
                [jxcheck, *HOOK, real_one],
            ),
            (
                "real_jx_one",
                "`jxcheck check FILE`, real-layout record",
                [jxcheck, "check", real_one],
            ),
            ("cj_one", "check-jsonschema, synthetic record", [*cj, one]),
            ("jx_hook", "pre-commit hook command, synthetic record", [jxcheck, *HOOK, one]),
            ("jx_one", "`jxcheck check FILE`, synthetic record", [jxcheck, "check", one]),
        ]
        for key, path, label in DOCUMENTS:
            commands.append((key, f"seed document, {label}", [jxcheck, "check", str(ROOT / path)]))
        print(f"one-file runs, {len(commands)} commands interleaved …", file=sys.stderr)
        runner.interleaved(commands, s.starts)

        print("start-up breakdown (python -X importtime) …", file=sys.stderr)
        boot = startup.measure([jxcheck, *HOOK, real_one], min(5, s.starts), env, cwd)

        print(
            f"real-layout batch, {real.projects} projects in {real.files} files …", file=sys.stderr
        )
        real_facts = _batch(
            runner,
            "real_",
            real.folder,
            real_files,
            real_singles,
            s.repeat,
            jxcheck,
            check_jsonschema,
            work,
        )
        real_facts.update(real.describe())
        real_facts["single_files"] = len(real_singles)
        real_facts["one_file"] = str(real.one.relative_to(real.folder))
        print(f"synthetic batch, {s.records} records in {len(files)} files …", file=sys.stderr)
        synthetic = _batch(
            runner, "", folder, files, singles, s.repeat, jxcheck, check_jsonschema, work
        )
        synthetic.update({"records": s.records, "files": len(files), "single_files": len(singles)})
        info = machine()
        info["load_start"] = load_start
        info["free_cores_start"] = str(free_start)
        info["free_cores_end"] = str(capacity())
        return Results(
            s,
            runner.measures,
            info,
            origin,
            synthetic,
            real_facts,
            boot,
            time.perf_counter() - began,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _yes(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def targets(r: Results) -> str:
    """The issue-19 targets, then issue 7's on the synthetic records."""
    m, ratio = r.measures, r.ratios()
    cj_one = r.median("real_cj_one")
    rf = r.real
    lines = [
        "| target (issue 19) | measured | |",
        "|---|---:|---|",
        f"| one-file pre-commit run ≤ 0.5× check-jsonschema, real-layout record | "
        f"{ratio['real_hook_vs_cj']:.2f}× ({_ms(r.median('real_hook'))} against "
        f"{_ms(cj_one)}) | {_mark(ratio['real_hook_vs_cj'] <= 0.5)} |",
        f"| the same, synthetic record | {ratio['synthetic_hook_vs_cj']:.2f}× "
        f"({_ms(r.median('jx_hook'))} against {_ms(r.median('cj_one'))}) "
        f"| {_mark(ratio['synthetic_hook_vs_cj'] <= 0.5)} |",
    ]
    for key, _, label in DOCUMENTS:
        t = r.median(key)
        ok = t <= 0.2 or t <= 0.65 * cj_one
        lines.append(
            f"| seed document, {label}: ≤ 200 ms (or ≤ 0.65× check-jsonschema's one file, "
            f"{_ms(0.65 * cj_one)}) | {_ms(t)} ({t / cj_one:.2f}×) | {_mark(ok)} |"
        )
    floor, scale = ratio["real_jobs1_vs_floor"], ratio["real_jobs1_vs_jobs2"]
    many, many2 = ratio["real_cj_vs_jobs1"], ratio["real_cj_vs_jobs2"]
    cores = m["real_jobs2"].cpu_median / m["real_jobs2"].median
    lines += [
        f"| real-layout batch ({rf['projects']} projects): `--jobs 1` ≤ 2× the libyaml floor "
        f"| {floor:.2f}× | {_mark(floor <= 2)} |",
        f"| real-layout batch: `--jobs 2` ≥ 1.8× faster than `--jobs 1` | {scale:.2f}× "
        f"(cores it got: {cores:.2f}) | {_mark(scale >= 1.8)} |",
        f"| real-layout, {rf['single_files']} files: ≥ 8× faster than check-jsonschema "
        f"(`--jobs 1`) | {many:.2f}× | {_mark(many >= 8)} |",
        f"| the same at `--jobs 2` | {many2:.2f}× | {_mark(many2 >= 8)} |",
        f"| real-layout batch: `--jobs 1` and `--jobs 2` JSON reports byte-identical | "
        f"{_yes(rf['identical_jobs1_jobs2'])} | |",
        f"| real-layout batch: no file skipped as a duplicate, every project a record | "
        f"{rf['skipped'].get('duplicate', 0)} skipped, {rf['records']} records of "
        f"{rf['projects']} | {_mark(not rf['skipped'] and rf['records'] == rf['projects'])} |",
        "",
        "| target (issue 7, synthetic records) | measured | |",
        "|---|---:|---|",
    ]
    sf = r.synthetic
    floor7, scale7 = ratio["jobs1_vs_floor"], ratio["jobs1_vs_jobs2"]
    many7, many72 = ratio["cj_vs_jobs1"], ratio["cj_vs_jobs2"]
    peak = max(m["jobs1"].peak_bytes, m["jobs2"].peak_bytes) / 2**20
    lines += [
        f"| `--jobs 1` ≤ 1.6× the libyaml floor | {floor7:.2f}× | {_mark(floor7 <= 1.6)} |",
        f"| `--jobs 2` ≥ 1.7× faster than `--jobs 1` | {scale7:.2f}× | {_mark(scale7 >= 1.7)} |",
        f"| full check ≥ 4× faster than check-jsonschema, {sf['single_files']} files "
        f"(`--jobs 1`) | {many7:.2f}× | {_mark(many7 >= 4)} |",
        f"| the same at `--jobs 2` | {many72:.2f}× | {_mark(many72 >= 4)} |",
        f"| pre-commit run on one file ≤ 0.8× check-jsonschema | "
        f"{ratio['synthetic_hook_vs_cj']:.2f}× | {_mark(ratio['synthetic_hook_vs_cj'] <= 0.8)} |",
        f"| pre-commit run on one file < 250 ms | {_ms(r.median('jx_hook'))} "
        f"| {_mark(r.median('jx_hook') < 0.25)} |",
        f"| peak memory of the {sf['records']}-record batch < 500 MB | {peak:.0f} MiB "
        f"| {_mark(peak * 2**20 < 500e6)} |",
        f"| `--jobs 1` and `--jobs 2` JSON reports byte-identical | "
        f"{_yes(sf['identical_jobs1_jobs2'])} | |",
    ]
    return "\n".join(lines) + "\n"


def _row(m: Measure, per: str = "", mib: bool = False) -> str:
    peak = f"{m.peak_bytes / 2**20:.0f} MiB" if mib and m.peak_bytes else ""
    return f"| {m.label} | {_s(m.median)} | {per} | {_s(m.cpu_median)} | {peak} |"


def _counts(found: Any) -> str:
    if not isinstance(found, dict):
        return str(found)
    return ", ".join(f"{n} {kind}" for kind, n in found.items()) or "none"


def _batch_table(r: Results, prefix: str, count: int, what: str, singles: int) -> list[str]:
    m = r.measures

    def per(key: str) -> str:
        return f"{m[key].median / count * 1e6:.0f} µs"

    def per_file(key: str) -> str:
        return f"{m[key].median / singles * 1000:.2f} ms"

    cj = f"{prefix}cj_many"
    jobs2 = m[f"{prefix}jobs2"]
    return [
        f"| measurement | median | per {what} | CPU (all processes) | peak memory |",
        "|---|---:|---:|---:|---:|",
        _row(m[f"{prefix}floor"], per(f"{prefix}floor")),
        _row(m[f"{prefix}jobs1"], per(f"{prefix}jobs1"), True),
        _row(m[f"{prefix}jobs2"], per(f"{prefix}jobs2"), True),
        _row(m[cj], per_file(cj)),
        _row(m[f"{prefix}jx_many"], per_file(f"{prefix}jx_many")),
        _row(m[f"{prefix}jx_many2"], per_file(f"{prefix}jx_many2")),
        "",
        f"Cores `--jobs 2` got (CPU seconds over wall seconds): "
        f"{jobs2.cpu_median / jobs2.median:.2f}.",
    ]


def table(r: Results) -> str:
    """The results as Markdown: the machine, the targets, then every measurement."""
    s, m, rf, sf = r.settings, r.measures, r.real, r.synthetic
    boot = r.startup
    lines = [
        f"Machine: {r.machine['cpu']}, {r.machine['cores']} cores, {r.machine['memory']}; "
        f"{r.machine['system']}; Python {r.machine['python']}; {r.machine['libraries']}; "
        f"load average (1, 5, 15 min) at the start {r.machine.get('load_start', '?')}, at the "
        f"end {r.machine['load']}; cores free for the run (a CPU-bound loop alone and one per "
        f"core at once, `bench.run.capacity`) {r.machine.get('free_cores_start', '?')} at the "
        f"start, {r.machine.get('free_cores_end', '?')} at the end.",
        "",
        f"Environment: this virtual environment, with jxcheck's dev and bench extras installed: "
        f"{boot.distributions} installed distributions (of the dev extras: "
        f"{', '.join(boot.dev_present) or 'none'}). jxcheck's `checker` from "
        f"`{r.provenance['checker']}`, commit {r.provenance['commit']} "
        f"({r.provenance['tree']}).",
        "",
        f"Run: `python -m bench.run{' --quick' if s.quick else ''}` — {s.repeat} run(s) of each "
        f"batch, {s.starts} starts of each one-file command (interleaved), {s.single_files} "
        f"files for the many-files rows; {r.seconds / 60:.1f} minutes in all. Every number is "
        f"the median wall time of a separate process.",
        "",
        targets(r),
        "## The seed document, whole process",
        "",
        "`jxcheck check FILE` (text report, discarded), the seed department document (Part 1 and "
        "ten project tables) in each form.",
        "",
        "| file | median | CPU | against check-jsonschema's one file |",
        "|---|---:|---:|---:|",
    ]
    cj_one = r.median("real_cj_one")
    for key, path, label in DOCUMENTS:
        lines.append(
            f"| {label}, `{path}` | {_ms(m[key].median)} | {_ms(m[key].cpu_median)} "
            f"| {m[key].median / cj_one:.2f}× |"
        )
    lines += [
        "",
        "## The one-file pre-commit case",
        "",
        f"The real-layout record is `{rf['one_file']}` of the batch below (the seed's first "
        f"project as `jxcheck import --split` writes it); the synthetic one is the first file of "
        f"the synthetic records. check-jsonschema runs with `--schemafile "
        f"checker/schemas/project.schema.json`; the hook command is the entry of "
        f"`.pre-commit-hooks.yaml`, `jxcheck check --skip-unrecognised FILE`.",
        "",
        "| command | median | CPU |",
        "|---|---:|---:|",
    ]
    for key in (
        "real_cj_one",
        "real_hook",
        "real_jx_one",
        "cj_one",
        "jx_hook",
        "jx_one",
        "models",
        "python",
    ):
        if key in m:  # results written before `models` was measured lack it
            lines.append(f"| {m[key].label} | {_ms(m[key].median)} | {_ms(m[key].cpu_median)} |")
    lines += [
        "",
        "## The real-layout batch",
        "",
        f"The seed and the {rf['sources'] - 1} real documents of `tests/data/realdocs/` imported "
        f"by `jxcheck import --split` ({rf['base_projects']} projects), replicated "
        f"{rf['copies']} times with changed 项目编码 (or names, where a project has no code; "
        f"`bench/realdocs.py`): {rf['projects']} one-project files and {rf['part1_documents']} "
        f"Part 1 files, {rf['bytes'] / 2**20:.1f} MiB. The JSON report of `--jobs 1`: "
        f"{rf['records']} records; skipped files: {_counts(rf['skipped'])}; S006 (duplicate "
        f"code) findings: {rf['S006']}; findings: {_counts(rf['findings'])}. `--jobs 1` and `--jobs 2` "
        f"reports byte-identical: {_yes(rf['identical_jobs1_jobs2'])}.",
        "",
        *_batch_table(r, "real_", rf["projects"], "project", rf["single_files"]),
        "",
        "## The synthetic records",
        "",
        f"{sf['records']} records in {sf['files']} files (`python -m bench.generate`, seed "
        f"{s.seed}). The JSON report: skipped files: {_counts(sf['skipped'])}; findings: "
        f"{_counts(sf['findings'])}; `--jobs 1` and "
        f"`--jobs 2` reports byte-identical: {_yes(sf['identical_jobs1_jobs2'])}.",
        "",
        *_batch_table(r, "", sf["records"], "record", sf["single_files"]),
        "",
        "## Where the one-file check's start-up goes",
        "",
        startup.markdown(boot, 15, r.median("python") * 1000),
    ]
    return "\n".join(lines)


RESULTS_HEAD = """# Benchmark results

Written by `python -m bench.run` (see `bench/README.md`); rerun it to refresh this file. Compare
two runs with `python -m bench.compare BEFORE AFTER` (each a results.md or `--json` file).

"""


def _write(path: Path, text: str, results: Results, comparison: str | None) -> None:
    """Replace the measured part of the results file, keeping any notes after it."""
    notes = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        marker = "\n## Notes"
        if marker in old:
            notes = old[old.index(marker) :]
    body = RESULTS_HEAD + text
    if comparison:
        body += "\n## Compared with an earlier run\n\n" + comparison
    body += (
        "\n<details><summary>raw results (JSON: read by bench.compare)</summary>\n\n```json\n"
        + json.dumps(results.raw(), indent=1, ensure_ascii=False)
        + "\n```\n</details>\n"
    )
    path.write_text(body + notes, encoding="utf-8")


def settings(args: argparse.Namespace) -> Settings:
    base = QUICK if args.quick else FULL
    values = {k: getattr(args, k) if getattr(args, k) is not None else v for k, v in base.items()}
    return Settings(**values, seed=args.seed, data=args.data, quick=args.quick)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smaller: {', '.join(f'--{k.replace(chr(95), chr(45))} {v}' for k, v in QUICK.items())}",
    )
    parser.add_argument(
        "--records", type=int, help=f"synthetic records (default {FULL['records']})"
    )
    parser.add_argument(
        "--real-projects",
        type=int,
        help=f"projects of the real-layout batch (default {FULL['real_projects']})",
    )
    parser.add_argument("--repeat", type=int, help=f"runs of each batch (default {FULL['repeat']})")
    parser.add_argument(
        "--starts", type=int, help=f"runs of each one-file command (default {FULL['starts']})"
    )
    parser.add_argument(
        "--single-files",
        type=int,
        help=f"files for the check-jsonschema comparison (default {FULL['single_files']})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument(
        "--data", type=Path, help="synthetic records to reuse (generated there when missing)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=ROOT / "bench" / "results.md",
        help="Markdown file for the tables (default bench/results.md; - for none)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw results to this JSON file")
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="OLD",
        help="an earlier run (results.md or --json file) to compare with, before/after",
    )
    args = parser.parse_args(argv)
    old = compare_runs.load(args.compare) if args.compare else None  # read before it is replaced
    results = benchmark(settings(args))
    text = table(results)
    comparison = None
    if old is not None:
        comparison = compare_runs.table(
            old, json.loads(json.dumps(results.raw())), (str(args.compare), "this run")
        )
    print(text)
    if comparison:
        print(comparison)
    if str(args.output) != "-":
        _write(args.output, text, results, comparison)
    if args.json:
        args.json.write_text(
            json.dumps(results.raw(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    ok = results.real["identical_jobs1_jobs2"] and results.synthetic["identical_jobs1_jobs2"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
