"""Snapshot the reports of the seed and the corpus, and compare a later run with the snapshot.

    python -m bench.reports --write DIR      # copy the inputs into DIR/inputs, reports into DIR/reports
    python -m bench.reports --compare DIR    # check DIR/inputs again, diff against DIR/reports

The inputs are the seed document as .txt (examples/), .docx and .xlsx (tests/data/office/seed*),
and every real document of tests/data/realdocs/*.txt. Each input is checked in its own process
(`--format json`, `--format sarif`, `--format text`, each to a file), from inside DIR/inputs with
a relative path, so no report names the repository's location; the whole corpus is also checked
in one process (`--jobs 1`) so the order of a multi-file report is covered. `JXCHECK_TODAY` is
fixed (waiver expiry) and plugins are left as installed. The exit status of every run is kept in
DIR/reports/status.json and compared too.

`--compare` always reads the inputs kept in the snapshot, so the comparison is on the same bytes
even if tests/data changed in between.

To snapshot a commit other than the working tree (the "before" of speed work) without touching
the working tree: clone it and point PYTHONPATH at the clone (see bench/README.md):

    git clone -q /work/main /tmp/bench-base
    mkdir -p /tmp/bench-base-shim && ln -sfn /tmp/bench-base/policy /tmp/bench-base-shim/jxcheck_policies
    PYTHONPATH=/tmp/bench-base:/tmp/bench-base-shim python /work/main/bench/reports.py \
        --root /tmp/bench-base --write /work/notes/reports-before

The checker is run as `python -c 'from checker.cli import main; ...'` with the environment
inherited, so PYTHONPATH decides whose `checker`, `rules` and `jxcheck_policies` are imported
(the editable install's finder comes after PYTHONPATH on the path); `--which` prints them.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The command the reports are written with (whatever `checker` PYTHONPATH finds first).
RUN = "import sys; from checker.cli import main; sys.exit(main())"
FORMATS = (("json", "json"), ("sarif", "sarif"), ("text", "txt"))
TODAY = "2023-03-01"


def inputs_of(root: Path) -> list[Path]:
    """The seed (.txt/.docx/.xlsx) and the real-document corpus, in a fixed order."""
    data = root / "tests" / "data"
    found = [root / "examples" / "000_57b4140ba813d59e.txt"]
    found += sorted((data / "office").glob("seed*.docx"))
    found += sorted((data / "office").glob("seed*.xlsx"))
    found += sorted((data / "realdocs").glob("*.txt"))
    return [p for p in found if p.is_file()]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["JXCHECK_TODAY"] = TODAY
    env.pop("JXCHECK_LANG", None)
    env["PYTHONHASHSEED"] = "0"
    return env


def _check(cwd: Path, names: list[str], out: Path, stem: str, extra: list[str]) -> int:
    args = [sys.executable, "-c", RUN, "check", *names, "--fail-on", "never", *extra]
    for fmt, ext in FORMATS:
        args += ["--format", fmt, "--output", str(out / f"{stem}.{ext}")]
    proc = subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        (out / f"{stem}.stderr").write_text(proc.stderr, encoding="utf-8")
    return proc.returncode


def write_reports(inputs_dir: Path, out: Path) -> None:
    """Check every file of `inputs_dir` alone, then the corpus together; reports into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in inputs_dir.iterdir() if p.is_file())
    status: dict[str, int] = {}
    for name in names:
        status[name] = _check(inputs_dir, [name], out, name, [])
    corpus = [n for n in names if n.endswith(".txt")]
    status["_corpus_jobs1"] = _check(inputs_dir, corpus, out, "_corpus_jobs1", ["--jobs", "1"])
    (out / "status.json").write_text(
        json.dumps(status, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def which() -> str:
    code = (
        "import checker, rules, jxcheck_policies;"
        "print(checker.__file__); print(rules.__file__); print(jxcheck_policies.__file__)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=_env(), capture_output=True, text=True, check=True
    ).stdout


def compare(a: Path, b: Path) -> list[str]:
    """Names of report files that differ (or exist on one side only); prints a short diff."""
    names = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    differ = []
    for name in names:
        pa, pb = a / name, b / name
        if not (pa.is_file() and pb.is_file()):
            differ.append(name)
            print(f"only in {'before' if pa.is_file() else 'after'}: {name}")
            continue
        if pa.read_bytes() != pb.read_bytes():
            differ.append(name)
            lines = difflib.unified_diff(
                pa.read_text("utf-8", "replace").splitlines(),
                pb.read_text("utf-8", "replace").splitlines(),
                f"before/{name}",
                f"after/{name}",
                lineterm="",
                n=1,
            )
            print("\n".join(list(lines)[:40]))
    return differ


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__.split("\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, metavar="DIR", help="write a snapshot into DIR")
    mode.add_argument("--compare", type=Path, metavar="DIR", help="compare with the snapshot")
    mode.add_argument("--which", action="store_true", help="print whose checker would run")
    ap.add_argument("--root", type=Path, default=ROOT, help="repository to take the inputs from")
    ap.add_argument("--keep", type=Path, help="with --compare: write the new reports here")
    args = ap.parse_args(argv)
    if args.which:
        print(which(), end="")
        return 0
    if args.write:
        snap: Path = args.write
        if (snap / "reports").exists():
            shutil.rmtree(snap / "reports")
        inputs = snap / "inputs"
        inputs.mkdir(parents=True, exist_ok=True)
        for src in inputs_of(args.root):
            shutil.copyfile(src, inputs / src.name)
        write_reports(inputs, snap / "reports")
        (snap / "WHICH.txt").write_text(which(), encoding="utf-8")
        count = len(list((snap / "reports").iterdir()))
        print(f"{count} report files for {len(list(inputs.iterdir()))} inputs in {snap}/reports")
        return 0
    snap = args.compare
    with tempfile.TemporaryDirectory(prefix="jx-reports-") as tmp:
        after = Path(args.keep) if args.keep else Path(tmp)
        if after.exists() and args.keep:
            shutil.rmtree(after)
        write_reports(snap / "inputs", after)
        differ = compare(snap / "reports", after)
    if differ:
        print(f"{len(differ)} report files differ: {', '.join(differ[:20])}")
        return 1
    print(f"all reports byte-identical ({len(list((snap / 'reports').iterdir()))} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
