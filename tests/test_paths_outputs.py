"""Paths and outputs: never a silent pass, never an input overwritten, every user error one line.

Each test runs jxcheck as a user does (a subprocess in a `tmp_path` folder) and pins one promise
of SECURITY.md ("Paths and outputs"):

- a folder that cannot be read is an `S000` naming it with the system's reason, and fails the
  run; a link inside a folder is never followed;
- no output replaces an input of the run, an existing file the user did not name, or a file
  through a symbolic link (unless `--force`); `import` writes only inside its folder;
- an output that cannot be written (`/dev/full`, a folder, a path under a file) and a number
  Python cannot convert are one line in the user's terms, exit 2, never "内部错误";
- one file reached by two names is checked once, reports tell files of the same name apart, and
  the reports jxcheck wrote into a checked folder are skipped, listed as skipped.

"Unreadable" must be real for the process that checks: CI runs as root, who reads a
`chmod 000` folder anyway. The folder case is therefore tested twice: in process, with
`os.scandir` made to fail as it does for an unreadable folder; and through the command line in a
child that cannot override permissions — the user `nobody` where that user can run this
interpreter and reach the test folder, else root with the capabilities that bypass permission
checks dropped from its bounding set (`prctl(PR_CAPBSET_DROP)`, what `setpriv` does); the test
is skipped only when neither is possible.
"""

from __future__ import annotations

import ctypes
import json
import os
import pwd
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.api import check
from checker.baseline import baseline_text
from checker.engine import PathIssue, expand_paths
from checker.inputs import InputFile, LoadedDocument, ReadOptions
from checker.readers.records import RecordsReader
from checker.writers.xlsx import write_xlsx

from .conftest import ROOT, SEED

SEED_YAML = SEED.with_suffix(".yaml")


def jxcheck(
    *args: str | Path,
    cwd: Path = ROOT,
    preexec_fn: Callable[[], None] | None = None,
    stdout: Any = subprocess.PIPE,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=preexec_fn,
        timeout=120,
        check=False,
    )


def one_line(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    """Exit 2, one line on stderr in the user's terms (holding `words`), no traceback."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-500:], proc.stderr)
    assert proc.stderr.startswith("jxcheck: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "内部错误" not in proc.stderr, proc.stderr
    assert "internal error" not in proc.stderr, proc.stderr
    for word in words:
        assert word in proc.stderr, (word, proc.stderr)
    return proc.stderr


def json_report(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert "Traceback" not in proc.stderr and "内部错误" not in proc.stderr, proc.stderr
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


def project_yaml(code: str) -> str:
    """The example's first table as a project record with its own 项目编码."""
    document = yaml.safe_load(SEED_YAML.read_text(encoding="utf-8"))
    project = {k: v for k, v in document["projects"][0].items() if v is not None}
    record = {"format": "jxcheck/1", "kind": "project", "budget_year": 2023, **project}
    record["code"] = code
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False)


# --- 1. a folder that cannot be read is never a silent pass ----------------------------------------


def _season(root: Path) -> tuple[Path, Path]:
    """A season with a good department and a failing one inside the folder `locked`."""
    season = root / "season"
    (season / "good").mkdir(parents=True)
    (season / "locked").mkdir()
    (season / "good" / "ok.yaml").write_text(project_yaml("13073023P000000000011"), "utf-8")
    shutil.copyfile(SEED_YAML, season / "locked" / "dept.yaml")  # errors a reviewer rejects
    return season, season / "locked"


def test_an_unreadable_folder_is_an_s000_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`os.scandir` fails on `locked` as it does for a folder without permission, whoever runs
    the test: the folder is a `PathIssue`, then one S000 naming it, and the run fails."""
    season, locked = _season(tmp_path)
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = expand_paths([season], [".yaml"])
    issues = [p for p in found if isinstance(p, PathIssue)]
    assert [p.path for p in issues] == [locked]
    assert issues[0].skip is None and "Permission denied" in issues[0].message.en
    assert [p for p in found if not isinstance(p, PathIssue)] == [season / "good" / "ok.yaml"]

    report = check([season])
    assert report.exit_status == 1
    assert [(f.file, f.status) for f in report.files] == [
        (str(season / "good" / "ok.yaml"), "checked"),
        (str(locked), "error"),
    ]
    (s000,) = [f for f in report.findings if f.rule == "S000"]
    assert s000.file == str(locked) and s000.message.zh == "无法读取文件夹：Permission denied"


_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_override_capabilities() -> None:  # pragma: no cover - runs in the child
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _as_nobody() -> Callable[[], None] | None:
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        return None

    def become() -> None:  # pragma: no cover - runs in the child
        os.setgroups([])
        os.setgid(nobody.pw_gid)
        os.setuid(nobody.pw_uid)

    return become


def unprivileged(folder: Path, locked: Path) -> Callable[[], None] | None:
    """A `preexec_fn` for a child that reads `folder` and cannot read `locked` (chmod 000);
    None when the tests already run unprivileged. Skips when no such child can be made."""
    if os.geteuid() != 0:
        return None
    probe = (
        "import os, sys, checker; os.listdir(sys.argv[1])\n"
        "try:\n    os.listdir(sys.argv[2])\nexcept PermissionError:\n    sys.exit(0)\n"
        "sys.exit(3)"
    )
    for make in (_as_nobody, lambda: _drop_override_capabilities):
        preexec = make()
        if preexec is None:
            continue
        try:
            proc = subprocess.run(
                [sys.executable, "-c", probe, str(folder), str(locked)],
                capture_output=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                preexec_fn=preexec,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if proc.returncode == 0:
            return preexec
    pytest.skip("root, and neither user nobody nor dropping capabilities makes chmod 000 real")


@pytest.mark.slow
def test_an_unreadable_folder_fails_the_run_through_the_cli(tmp_path: Path) -> None:
    """The silent pass found by the adversarial test: a failing department inside a folder
    the checker cannot read gave "10 passed, 0 errors" and exit 0."""
    season, locked = _season(tmp_path)
    locked.chmod(0)
    try:
        preexec = unprivileged(season, locked)
        proc = jxcheck("check", "season", cwd=tmp_path, preexec_fn=preexec)
        named = jxcheck("check", "season/locked", "--lang", "en", cwd=tmp_path, preexec_fn=preexec)
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    rows = [row for row in proc.stdout.splitlines() if " S000 " in row]
    assert rows == ["season/locked: S000 error 无法读取文件夹：Permission denied"], proc.stdout
    assert "（2 个文件中 1 个无法读取）" in proc.stdout.splitlines()[-1]
    assert named.returncode == 1, named.stdout + named.stderr
    assert "season/locked: S000 error cannot read the folder: Permission denied" in named.stdout


# --- 2. no output replaces an input, an unnamed file, or goes through a link -----------------------


@pytest.mark.slow
def test_baseline_write_never_replaces_a_record(tmp_path: Path) -> None:
    """`jxcheck baseline write dept.yaml` (FILE first, PATH defaulting to `.`) replaced the
    department's record with the baseline."""
    record = tmp_path / "dept.yaml"
    shutil.copyfile(SEED_YAML, record)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copyfile(SEED_YAML, other / "b.yaml")
    one_line(jxcheck("baseline", "write", "dept.yaml", cwd=tmp_path), "dept.yaml", "--force")
    one_line(jxcheck("baseline", "write", "dept.yaml", "other", cwd=tmp_path), "不是 jxcheck 基线")
    assert record.read_bytes() == SEED_YAML.read_bytes()
    # its own baseline among the inputs (`baseline write base.json`, PATH `.`) is rewritten
    written = jxcheck("baseline", "write", "other/base.json", "other", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    again = jxcheck("baseline", "write", "other/base.json", "other", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "已跳过 other/base.json" in again.stderr
    assert (other / "b.yaml").read_bytes() == SEED_YAML.read_bytes()
    forced = jxcheck("baseline", "write", "dept.yaml", "other", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert json.loads(record.read_text("utf-8"))["format"] == "jxcheck-baseline/1"


@pytest.mark.slow
def test_check_output_never_replaces_an_input(tmp_path: Path) -> None:
    """`jxcheck check a.yaml -o a.yaml` replaced the record with the report — also when the
    output names it another way (`./d/../a.yaml`, a hard link)."""
    record = tmp_path / "a.yaml"
    shutil.copyfile(SEED_YAML, record)
    (tmp_path / "d").mkdir()
    os.link(record, tmp_path / "d" / "hard.yaml")
    proc = jxcheck("check", "a.yaml", "--format", "json", "-o", "./d/../a.yaml", cwd=tmp_path)
    one_line(proc, "覆盖输入文件", "--force")
    proc = jxcheck("check", ".", "--format", "sarif", "-o", "d/hard.yaml", cwd=tmp_path)
    one_line(proc, "覆盖输入文件")
    assert record.read_bytes() == SEED_YAML.read_bytes()
    baseline = tmp_path / "d" / "base.json"  # read by the run, though no record: never replaced
    baseline.write_text('{"format": "jxcheck-baseline/1", "entries": []}\n', "utf-8")
    with_baseline = ("check", "a.yaml", "--baseline", baseline, "--format", "json", "-o", baseline)
    one_line(jxcheck(*with_baseline, cwd=tmp_path), "覆盖输入文件")
    assert json.loads(baseline.read_text("utf-8"))["format"] == "jxcheck-baseline/1"
    forced = jxcheck("check", "a.yaml", "--format", "json", "-o", "a.yaml", "--force", cwd=tmp_path)
    assert forced.returncode == 1 and json.loads(record.read_text("utf-8"))["tool"]["name"]


@pytest.mark.slow
def test_export_never_replaces_an_unnamed_file_nor_writes_through_a_link(tmp_path: Path) -> None:
    """`export dept.txt` replaced the department's `dept.docx` beside it, and followed a link
    planted at the target."""
    shutil.copyfile(SEED, tmp_path / "dept.txt")
    original = b"the department's own Word document"
    (tmp_path / "dept.docx").write_bytes(original)
    one_line(jxcheck("export", "dept.txt", "--to", "docx", cwd=tmp_path), "dept.docx", "--force")
    assert (tmp_path / "dept.docx").read_bytes() == original

    victim = tmp_path / "victim.xlsx"
    victim.write_bytes(b"not to be touched")
    (tmp_path / "dept.xlsx").symlink_to(victim)
    (tmp_path / "out.xlsx").symlink_to(tmp_path / "missing.xlsx")
    for args in (("dept.txt", "--to", "xlsx"), ("dept.txt", "--to", "xlsx", "-o", "out.xlsx")):
        one_line(jxcheck("export", *args, cwd=tmp_path), "符号链接")
    assert victim.read_bytes() == b"not to be touched"
    assert not (tmp_path / "missing.xlsx").exists()
    # --force: the link itself is replaced by the file; what it pointed to is untouched
    forced = jxcheck("export", "dept.txt", "--to", "xlsx", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert not (tmp_path / "dept.xlsx").is_symlink()
    assert (tmp_path / "dept.xlsx").read_bytes()[:4] == b"PK\x03\x04"
    assert victim.read_bytes() == b"not to be touched"
    named = jxcheck("export", "dept.txt", "--to", "docx", "-o", "dept.docx", cwd=tmp_path)
    assert named.returncode == 0, named.stderr  # named with -o: the user's choice


@pytest.mark.slow
def test_import_split_writes_only_inside_its_folder(tmp_path: Path) -> None:
    """`import --split` followed a link planted in its folder, out of it and over a file it
    had just written."""
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside.yaml"
    outside.write_text("keep: me\n", encoding="utf-8")
    whole = jxcheck("import", SEED, "--split", "-o", tmp_path / "plain")
    assert whole.returncode == 0, whole.stderr
    codes = sorted(p.name for p in (tmp_path / "plain").iterdir())
    first, second = codes[0], codes[1]
    (out / first).symlink_to(outside)  # out of the folder
    (out / second).symlink_to(first)  # over a file this run writes first
    one_line(jxcheck("import", SEED, "--split", "-o", out), "符号链接")
    assert sorted(p.name for p in out.iterdir()) == [first, second]  # nothing written
    forced = jxcheck("import", SEED, "--split", "-o", out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert outside.read_text("utf-8") == "keep: me\n"
    for name in codes:
        assert not (out / name).is_symlink()
        assert (out / name).read_bytes() == (tmp_path / "plain" / name).read_bytes(), name
    # an existing file it did not name is not replaced without --force
    one_line(jxcheck("import", SEED, "--split", "-o", out, "--lang", "en"), "exists", "--force")


# --- 3. a bad output or a number too long: one line, exit 2 -----------------------------------------


@pytest.mark.slow
def test_output_to_dev_full_is_one_line(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    en = jxcheck("check", SEED_YAML, "--format", "json", "-o", "/dev/full", "--lang", "en")
    one_line(en, "cannot write /dev/full: No space left on device")
    one_line(jxcheck("export", SEED_YAML, "--to", "docx", "-o", "/dev/full"), "/dev/full")
    with open("/dev/full", "w") as full:  # standard output on a full disk
        one_line(jxcheck("check", SEED_YAML, "--format", "json", stdout=full), "标准输出")
        one_line(jxcheck("rules", stdout=full), "标准输出")  # printed, flushed at the end


@pytest.mark.slow
def test_output_to_a_folder_is_one_line(tmp_path: Path) -> None:
    shutil.copyfile(SEED_YAML, tmp_path / "dept.yaml")
    (tmp_path / "reports").mkdir()
    one_line(
        jxcheck("check", "dept.yaml", "--format", "json", "-o", "reports", cwd=tmp_path), "文件夹"
    )
    one_line(jxcheck("baseline", "write", ".", cwd=tmp_path), "文件夹")
    en = jxcheck(
        "export", "dept.yaml", "--to", "xlsx", "-o", "reports", "--lang", "en", cwd=tmp_path
    )
    one_line(en, "cannot write reports: it is a folder")


@pytest.mark.slow
def test_output_under_a_regular_file_is_one_line(tmp_path: Path) -> None:
    shutil.copyfile(SEED_YAML, tmp_path / "dept.yaml")
    (tmp_path / "some.txt").write_text("notes\n", encoding="utf-8")
    for args in (
        ("check", "dept.yaml", "-o", "some.txt/report.json"),
        ("check", "dept.yaml", "--format", "html", "-o", "some.txt/sub/report.html"),
        ("baseline", "write", "some.txt/base.json", "dept.yaml"),
        ("export", "dept.yaml", "--to", "docx", "-o", "some.txt/dept.docx"),
        ("import", "dept.yaml", "-o", "some.txt/records"),
    ):
        one_line(jxcheck(*args, cwd=tmp_path), "some.txt 是文件，不是文件夹")
    assert (tmp_path / "some.txt").read_text("utf-8") == "notes\n"


@pytest.mark.slow
def test_a_number_of_4301_digits_is_one_line(tmp_path: Path) -> None:
    """Python converts no integer of more than 4,300 digits: the reader named the crash."""
    digits = "9" * 4400
    record = tmp_path / "big.yaml"
    record.write_text(project_yaml("P1").replace("total: '0.11'", f"total: {digits}"), "utf-8")
    assert digits in record.read_text("utf-8")
    line = (
        record.read_text("utf-8")
        .splitlines()
        .index(next(r for r in record.read_text("utf-8").splitlines() if digits in r))
    )
    proc = jxcheck("check", "big.yaml", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (row,) = [r for r in proc.stdout.splitlines() if " S000 " in r]
    assert (
        row
        == f"big.yaml:{line + 1}: S000 error 数字有 4400 位，超过可读取的 4300 位；若它是文字（如编码），请加引号"
    )
    assert "ValueError" not in proc.stdout and "读取器" not in proc.stdout
    big = '{"code": "P1", "budget": {"total": ' + digits + "}}"
    (tmp_path / "big.json").write_text(big, "utf-8")
    one_line(
        jxcheck("import", "big.json", "--lang", "en", cwd=tmp_path),
        "big.json:1: a number of 4400 digits",
    )


# --- 4. what a folder holds: links, one file under two names, jxcheck's own reports ----------------


def test_links_inside_a_folder_are_not_followed(tmp_path: Path) -> None:
    season = tmp_path / "season"
    (season / "sub").mkdir(parents=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.yaml").write_text(project_yaml("13073023P000000000099"), "utf-8")
    (season / "good.yaml").write_text(project_yaml("13073023P000000000011"), "utf-8")
    (season / "sub" / "link.yaml").symlink_to(outside / "secret.yaml")
    (season / "out").symlink_to(outside, target_is_directory=True)
    proc = jxcheck("check", "season", "--format", "json", cwd=tmp_path)
    report = json_report(proc)
    assert proc.returncode == 1
    assert [(f["file"], f["status"]) for f in report["files"]] == [
        ("season/good.yaml", "checked"),
        ("season/sub/link.yaml", "error"),
    ]
    assert {r["project_code"] for r in report["records"]} == {"13073023P000000000011"}
    (s000,) = [f for f in report["findings"] if f["rule"] == "S000"]
    assert s000["file"] == "season/sub/link.yaml" and "不跟随" in s000["message"]
    assert report["skipped"] == [
        {"file": "season/out", "kind": "link", "reason": "指向文件夹的符号链接，不跟随"}
    ]
    assert "已跳过 season/out" in proc.stderr
    assert "elsewhere" not in proc.stdout and "0000000099" not in proc.stdout
    # named on the command line, a link is followed: the user chose it
    named = json_report(jxcheck("check", "season/sub/link.yaml", "--format", "json", cwd=tmp_path))
    assert [r["project_code"] for r in named["records"]] == ["13073023P000000000099"]


def test_one_file_under_two_names_is_checked_once_and_names_tell_files_apart(
    tmp_path: Path,
) -> None:
    for folder, code in (("d", "13073023P000000000011"), ("e", "13073023P000000000022")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.yaml").write_text(project_yaml(code), "utf-8")
    args = ("d/../d/x.yaml", "e/x.yaml", "d", str(tmp_path / "d" / "x.yaml"), "d/x.yaml")
    proc = jxcheck("check", *args, "--format", "json", cwd=tmp_path)
    report = json_report(proc)
    assert [f["file"] for f in report["files"]] == ["d/x.yaml", "e/x.yaml"]
    assert [(r["file"], r["project_code"]) for r in report["records"]] == [
        ("d/x.yaml", "13073023P000000000011"),
        ("e/x.yaml", "13073023P000000000022"),
    ]
    text = jxcheck("check", *reversed(args), cwd=tmp_path).stdout
    assert {row.split(":")[0] for row in text.splitlines() if ".yaml:" in row} == {
        "d/x.yaml",
        "e/x.yaml",
    }
    assert "2 条记录" in text.splitlines()[-1]


@pytest.mark.slow
def test_reports_jxcheck_wrote_into_the_folder_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report written into the checked folder became an input of the next run."""
    season = tmp_path / "season"
    season.mkdir()
    (season / "dept.yaml").write_text(project_yaml("13073023P000000000011"), "utf-8")
    (loaded,) = RecordsReader().read(  # another department's form (the same one would be
        # the same document twice, checked once)
        InputFile("other.yaml", project_yaml("13073023P000000000022").encode()),
        ReadOptions(),
    )
    assert isinstance(loaded, LoadedDocument)
    (season / "form.xlsx").write_bytes(write_xlsx(loaded.document))  # an exported form
    monkeypatch.chdir(tmp_path)
    before = check(["season"])
    (season / "baseline.json").write_text(baseline_text(before), "utf-8")
    reports = {
        "json": "report.json",
        "sarif": "sarif.json",
        "junit": "junit.txt",
        "html": "page.txt",
        "xlsx": "report.xlsx",
        "text": "report.txt",
    }
    command = ["check", "season"]
    for fmt, name in reports.items():
        command += ["--format", fmt, "-o", f"season/{name}"]
    assert jxcheck(*command, cwd=tmp_path).returncode == 0
    reports["baseline"] = "baseline.json"

    # again, rewriting its own reports (no input of the run), the JSON report also on stdout
    proc = jxcheck(*command, "--format", "json", cwd=tmp_path)
    after = json_report(proc)
    assert proc.returncode == 0, proc.stderr
    assert [f["file"] for f in after["files"]] == ["season/dept.yaml", "season/form.xlsx"]
    assert after["summary"] == before.summary()
    assert after["findings"] == [f.to_json("zh") for f in before.findings]
    assert {s["file"]: s["kind"] for s in after["skipped"]} == {
        f"season/{name}": kind for kind, name in reports.items()
    }
    for name in reports.values():
        assert f"jxcheck: 已跳过 season/{name}：jxcheck " in proc.stderr
    only = jxcheck("check", "season/report.json", cwd=tmp_path)
    one_line(only, "没有可检查的文件")
