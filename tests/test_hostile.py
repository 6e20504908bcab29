"""Hostile inputs through `jxcheck check`, as a user runs it: a subprocess, its exit status, its
output. None may crash, hang, print a traceback or lose a file; each ends as the documented
result: a file that cannot be read is one `S000` line in the text report naming the file (and
line), and the run exits 1 (S000 is an error); a file that can be read is checked. `import`,
which has no report to put an S000 in, exits 2 with one line naming the file.

What is covered elsewhere is not repeated here (see SECURITY.md for the full map):
`tests/test_import_cli.py` (alias bomb, 100,000-level JSON, Python tags, random bytes through
`import`), `tests/test_records.py` (the same at the reader, NUL bytes, undecodable bytes, UTF-16
and GB18030 records), `tests/test_textexport.py` (cut-off and fuzzed text exports, too many
lines), `tests/test_office.py` (zip bombs, DTDs, damaged and encrypted office files).

"Unreadable" is decided by what the operating system refuses, not by permission bits alone:
CI runs as root, for whom `chmod 000` changes nothing. So the permission case drops the
capabilities that let root ignore permissions (`setpriv`, util-linux) when run as root, and
plain `chmod 000` otherwise; the other unreadable files fail for root as well: a dangling
link, a link that points at itself, a read that fails with EIO (`/proc/self/mem`), and a FIFO
(which must be refused without being opened for a blocking read: it would hang the run).

The time of each run is printed (`pytest -s`), never asserted.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, SEED
from .test_records import BOMB

SEED_YAML = SEED.with_suffix(".yaml")


def jxcheck(
    *args: str | Path, cwd: Path = ROOT, prefix: Sequence[str] = (), timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    start = time.perf_counter()
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "checker.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    shown = " ".join(map(str, args))
    print(f"\n[{time.perf_counter() - start:.2f}s] jxcheck {shown[:100]}")
    return proc


def no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    for stream in (proc.stdout, proc.stderr):
        assert "Traceback" not in stream, stream[-3000:]
        assert "内部错误" not in stream and "internal error" not in stream, stream[-3000:]


def s000_line(proc: subprocess.CompletedProcess[str], path: Path | str, line: int | None) -> str:
    """The run exited 1 with exactly one S000 line, for `path` (at `line`), and no traceback."""
    no_traceback(proc)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = [row for row in proc.stdout.splitlines() if " S000 " in row]
    assert len(found) == 1, proc.stdout
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert found[0].startswith(where + "S000 error "), found[0]
    return found[0]


def json_report(folder: Path, *args: str | Path, status: int = 1) -> dict[str, Any]:
    out = folder / "report.json"
    proc = jxcheck("check", *args, "--format", "json", "-o", out)
    no_traceback(proc)
    assert proc.returncode == status, proc.stdout + proc.stderr
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


@cache
def _seed_project() -> dict[str, Any]:
    document = yaml.load(SEED_YAML.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    project: dict[str, Any] = document["projects"][0]
    return {k: v for k, v in project.items() if v is not None}


def project_record(**changes: Any) -> dict[str, Any]:
    """The example's first table as a project record (a deep copy), with `changes`."""
    project = copy.deepcopy(_seed_project())
    return {"format": "jxcheck/1", "kind": "project", "budget_year": 2023, **project, **changes}


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# --- files that cannot be parsed -------------------------------------------------------------------

#: (id, file name, content, line in the S000 line or None, words the message must hold)
UNPARSEABLE: list[tuple[str, str, bytes, int | None, str]] = [
    ("alias bomb", "bomb.yaml", BOMB.encode(), 1, "别名"),
    ("YAML nested 10,000 deep", "deep.yaml", b"- " * 10_000 + b"x\n", 1, "嵌套超过"),
    (
        "YAML flow 10,000 deep",
        "flow.yaml",
        b"code: " + b"[" * 10_000 + b"]" * 10_000,
        1,
        "嵌套超过",
    ),
    ("JSON 10,000 deep", "deep.json", b'{"a":' * 10_000 + b"1" + b"}" * 10_000, 1, "嵌套超过"),
    ("NUL bytes", "nul.yaml", b"code: P1\nname: \x00x\n", 2, "NUL"),
    (
        "a control character YAML refuses",
        "del.yaml",
        "code: P1\n名称: x\x7fy\n".encode(),
        2,
        "#x007f",
    ),
    ("a .txt of one 3 MB line, no table", "line.txt", "项目".encode() * (1 << 19), None, "不支持"),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "data", "line", "words"),
    [pytest.param(n, d, ln, w, id=case) for case, n, d, ln, w in UNPARSEABLE],
)
def test_unparseable_file_is_one_s000_line(
    tmp_path: Path, name: str, data: bytes, line: int | None, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    row = s000_line(jxcheck("check", path), path, line)
    assert words in row, row


def test_libyaml_nesting_error_is_the_nesting_message() -> None:
    """libyaml builds with a nesting limit of their own (1000 by default since libyaml 0.2.6)
    stop with "maximum nesting level reached"; that reads as our nesting message, not as a
    syntax error, whichever limit trips first."""
    import yaml as pyyaml

    from checker.yamlsource import _yaml_error

    for problem in (
        "Maximum nesting level reached, set with yaml_set_max_nest_level())",
        "exceeded maximum nesting depth",
    ):
        mark = pyyaml.Mark("deep.yaml", 0, 1000, 1000, None, None)
        error = pyyaml.parser.ParserError("while parsing", mark, problem, mark)
        converted = _yaml_error("deep.yaml", error)
        assert "嵌套" in converted.detail.zh and "nesting" in converted.detail.en
        assert "语法错误" not in converted.detail.zh
        assert converted.line == 1001


def test_import_of_deep_yaml_is_one_line_and_status_2(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_bytes(b"- " * 10_000 + b"x\n")
    proc = jxcheck("import", path)
    no_traceback(proc)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"jxcheck: {path}:1: ") and proc.stderr.count("\n") == 1


# --- size ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_200_mb_file_is_refused_by_its_size(tmp_path: Path) -> None:
    """A sparse file: 200 MB by its size, nothing written to the disk."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(200 * 2**20)
    start = time.perf_counter()
    row = s000_line(jxcheck("check", path), path, None)
    assert "209715200" in row and "52428800" in row and "--max-size" in row, row
    assert time.perf_counter() - start < 60  # never read: a hang would show here
    proc = jxcheck("import", path)  # the same limit, as one line and exit 2
    no_traceback(proc)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith(f"jxcheck: {path}: ") and "--max-size" in proc.stderr


@pytest.mark.slow
def test_max_size_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    shutil.copyfile(SEED, path)
    size = path.stat().st_size
    row = s000_line(jxcheck("check", path, "--max-size", str(size - 1)), path, None)
    assert f"{size - 1}" in row
    report = json_report(tmp_path, path, "--max-size", str(size))
    assert report["summary"]["records"] == 10
    proc = jxcheck("check", path, "--max-size", "many")
    no_traceback(proc)
    assert proc.returncode == 2 and "--max-size" in proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("value", ["0", "-1"])
def test_max_size_must_be_positive(tmp_path: Path, value: str) -> None:
    proc = jxcheck("check", SEED, "--max-size", value)
    no_traceback(proc)
    assert proc.returncode == 2, proc.stdout
    assert "--max-size" in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr


@pytest.mark.slow
def test_one_line_of_1_mb(tmp_path: Path) -> None:
    """A record whose name is 1 MB long, and 600 records of JSON on a single line."""
    long_name = tmp_path / "long.yaml"
    long_name.write_text(dump(project_record(name="项" * (1 << 19))), encoding="utf-8")
    assert long_name.stat().st_size > 2**20
    one_line = tmp_path / "one-line.json"
    records = [project_record(code=f"13073023P{n:011d}1") for n in range(600)]
    one_line.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert one_line.stat().st_size > 2**20 and b"\n" not in one_line.read_bytes()
    report = json_report(tmp_path, long_name, one_line, status=0)
    assert [f["status"] for f in report["files"]] == ["checked", "checked"]
    assert report["summary"]["records"] == 601
    assert not [f for f in report["findings"] if f["rule"] in ("S000", "S001", "X001")]
    assert {f["line"] for f in report["findings"] if f["file"] == str(one_line)} == {1}


# --- encodings and line endings -----------------------------------------------------------------------


def _findings(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted(
        (f["rule"], f["severity"], f["line"], f["project_code"], f["pointer"], f["message"])
        for f in report["findings"]
    )


ENCODED: dict[str, tuple[str, Any]] = {
    "utf-16 (BOM, little-endian)": ("utf-16", None),
    "utf-16-be (BOM)": ("utf-16-be", "\ufeff"),
    "utf-16-le without BOM": ("utf-16-le", None),
    "gb18030": ("gb18030", None),
    "utf-8 with BOM": ("utf-8-sig", None),
}


@pytest.mark.slow
@pytest.mark.parametrize("source", [SEED, SEED_YAML], ids=["text export", "YAML record"])
def test_other_encodings_and_line_endings_give_the_same_findings(
    tmp_path: Path, source: Path
) -> None:
    text = source.read_text(encoding="utf-8")
    variants: dict[str, bytes] = {}
    for case, (encoding, bom) in ENCODED.items():
        variants[case] = ((bom or "") + text).encode(encoding)
    variants["CRLF"] = text.replace("\n", "\r\n").encode("utf-8")
    variants["lone CR"] = text.replace("\n", "\r").encode("utf-8")
    variants["CRLF in gb18030"] = text.replace("\n", "\r\n").encode("gb18030")
    folder = tmp_path / "variants"
    folder.mkdir()
    names = {}
    for number, (case, data) in enumerate(variants.items()):
        path = folder / f"{number:02d}{source.suffix}"
        path.write_bytes(data)
        names[str(path)] = case
    from checker.api import check

    # each variant alone (in one batch they are the same document, checked once)
    expected = _findings(check([source]).to_json())
    for path, case in names.items():
        report = check([path]).to_json()
        assert [f["status"] for f in report["files"]] == ["checked"], case
        assert _findings(report) == expected, case
    # together: read as one document, the copies listed as skipped, never as S006 duplicates
    together = json_report(tmp_path, folder)
    assert len(together["files"]) == 1
    assert len(together["skipped"]) == len(variants) - 1
    assert {s["kind"] for s in together["skipped"]} == {"duplicate"}
    assert not [f for f in together["findings"] if f["rule"] == "S006"]


# --- links, unreadable files, FIFOs ---------------------------------------------------------------------


@pytest.mark.slow
def test_a_symlink_loop_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "season"
    (folder / "sub").mkdir(parents=True)
    shutil.copyfile(SEED_YAML, folder / "sub" / "good.yaml")
    (folder / "sub" / "loop").symlink_to("..")  # a folder link back up: never followed
    (folder / "itself").symlink_to(".")
    (folder / "self.yaml").symlink_to("self.yaml")  # a file link to itself
    (folder / "a.yaml").symlink_to("b.yaml")
    (folder / "b.yaml").symlink_to("a.yaml")
    start = time.perf_counter()
    report = json_report(tmp_path, folder)
    assert time.perf_counter() - start < 120
    files = {Path(f["file"]).relative_to(folder).as_posix(): f["status"] for f in report["files"]}
    assert files == {
        "a.yaml": "error",
        "b.yaml": "error",
        "self.yaml": "error",
        "sub/good.yaml": "checked",
    }
    s000 = {Path(f["file"]).name: f["message"] for f in report["findings"] if f["rule"] == "S000"}
    assert set(s000) == {"a.yaml", "b.yaml", "self.yaml"}
    assert all("无法读取" in m for m in s000.values()), s000
    assert report["summary"]["records"] == 10
    # every format names a link by its own name (none resolves it, none fails on a loop)
    outputs = {fmt: tmp_path / f"report.{fmt}" for fmt in ("sarif", "github", "markdown", "html")}
    args = [a for fmt, path in outputs.items() for a in ("--format", fmt, "-o", str(path))]
    proc = jxcheck("check", folder, *args)
    no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    sarif = json.loads(outputs["sarif"].read_text(encoding="utf-8"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
        if r["ruleId"] == "S000"
    }
    assert {Path(u).name for u in uris} == {"a.yaml", "b.yaml", "self.yaml"}, uris
    assert "self.yaml" in outputs["github"].read_text(encoding="utf-8")


def _without_root_powers() -> list[str]:
    """A command prefix under which root obeys permission bits (empty when not root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): chmod 000 cannot be tested")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def test_a_file_without_read_permission(tmp_path: Path) -> None:
    path = tmp_path / "locked.yaml"
    shutil.copyfile(SEED_YAML, path)
    path.chmod(0)
    try:
        proc = jxcheck("check", path, prefix=_without_root_powers())
    finally:
        path.chmod(0o644)
    row = s000_line(proc, path, None)
    assert "无法读取文件" in row and "Permission denied" in row, row


def _unreadable(folder: Path) -> dict[str, str]:
    """Files that cannot be read even by root → a word their S000 line holds."""
    (folder / "dangling.yaml").symlink_to("deleted.yaml")
    cases = {"dangling.yaml": "No such file"}
    if Path("/proc/self/mem").exists():  # Linux: reading it from offset 0 fails with EIO
        (folder / "eio.yaml").symlink_to("/proc/self/mem")
        cases["eio.yaml"] = "Input/output error"
    os.mkfifo(folder / "fifo.yaml")  # no writer: a blocking open would wait for ever
    cases["fifo.yaml"] = "不是普通文件"
    return cases


@pytest.mark.slow
def test_unreadable_files_are_reported_and_nothing_hangs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    cases = _unreadable(folder)
    shutil.copyfile(SEED_YAML, folder / "good.yaml")
    for name, words in cases.items():
        path = folder / name
        row = s000_line(jxcheck("check", path, timeout=60), path, None)
        assert words in row, row
    report = json_report(tmp_path, folder)
    statuses = {Path(f["file"]).name: f["status"] for f in report["files"]}
    assert statuses == {**dict.fromkeys(cases, "error"), "good.yaml": "checked"}
    proc = jxcheck("import", folder / "fifo.yaml", timeout=60)
    no_traceback(proc)
    assert proc.returncode == 2 and "不是普通文件" in proc.stderr


# --- many files -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_folder_of_5000_files(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    body = (
        "format: jxcheck/1\nkind: project\nbudget_year: 2023\n"
        "code: 13073023P{n:011d}1\nname: 第{n}号项目\nbudget: {{total: '1'}}\n"
    )
    for n in range(5000):
        (folder / f"{n:04d}.yaml").write_text(body.format(n=n), encoding="utf-8")
    start = time.perf_counter()
    report = json_report(tmp_path, folder)
    print(f"[5,000 files: {time.perf_counter() - start:.1f}s]")
    assert report["summary"]["files"] == len(report["files"]) == 5000
    assert report["summary"]["records"] == len(report["records"]) == 5000
    assert [Path(f["file"]).name for f in report["files"]] == [f"{n:04d}.yaml" for n in range(5000)]
    assert {f["status"] for f in report["files"]} == {"checked"}


# --- control characters for the terminal ----------------------------------------------------------

CONTROLS = ("\x1b", "\x07", "\r", "\x9b", "\u202e", "\u2028", "\x00")


def test_control_characters_from_records_and_file_names_never_reach_the_terminal(
    tmp_path: Path,
) -> None:
    """An escape sequence in a record or a file name would recolour, clear or retitle the
    reviewer's terminal, a CR or a bidi override would hide or reorder what is shown: the
    terminal gets visible escapes (`\\x1b`), one line per finding; the JSON keeps the text."""
    folder = tmp_path / "in"
    folder.mkdir()
    name = "项目\x1b[2J\x1b]0;pwned\x07\r已通过\u202e\u2028\n名称\x9b"
    record = project_record(name=name, code="13073023P000000000011\x1b[8m")
    record["indicators"][1]["value"] = "≥95%\x1b[30;40m以上"
    record["unit"] = "471001怀来县\x1b[2J数字经济局"  # the summary by department shows it
    (folder / "record.yaml").write_text(dump(record), encoding="utf-8")
    (folder / "other.yaml").write_text(dump(project_record()), encoding="utf-8")
    broken = folder / "\x1b[31mbroken\x07.yaml"
    broken.write_bytes(b"x: [")
    out = tmp_path / "report.json"
    proc = jxcheck("check", folder, "--format", "json", "-o", out, "--show-infos")
    no_traceback(proc)
    assert proc.returncode == 1
    for stream in (proc.stdout, proc.stderr):
        assert not [c for c in CONTROLS if c in stream], repr(stream[:500])
    report = json.loads(out.read_text(encoding="utf-8"))
    assert any(f["project_name"] == name for f in report["findings"])  # kept as written
    finding_lines = [
        row
        for row in proc.stdout.splitlines()
        if row.startswith(str(folder).replace("\\", "/"))
        and re.search(r": [A-Z]+\d{3} (error|warning|info) ", row)
    ]
    assert len(finding_lines) == len(report["findings"])
    assert "\\x1b[31mbroken\\x07.yaml" in proc.stdout
    proc = jxcheck("import", broken)
    no_traceback(proc)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert not [c for c in CONTROLS if c in proc.stderr], repr(proc.stderr)


def test_a_folder_with_nothing_to_check_is_no_all_clear(tmp_path: Path) -> None:
    """A folder of files no reader takes (scans, notes, a folder named like a record) would give
    `0 records` and exit 0, an "all clear" for nothing checked: it is a usage error instead."""
    folder = tmp_path / "submissions"
    (folder / "x.yaml").mkdir(parents=True)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "notes.md").write_text("说明", encoding="utf-8")
    for target in (folder, folder / "x.yaml"):
        proc = jxcheck("check", target)
        no_traceback(proc)
        assert proc.returncode == 2, proc.stdout
        assert proc.stderr.startswith("jxcheck: ") and proc.stderr.count("\n") == 1
        assert str(target) in proc.stderr and ".yaml" in proc.stderr, proc.stderr
