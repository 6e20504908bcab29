"""`jxcheck import` and `jxcheck schema` as a user runs them: a subprocess, exit status, stderr.

Hostile inputs must end quickly with one line naming the file (and line), exit status 2 and no
traceback. The time of each run is printed (`pytest -s`), never asserted.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from checker.inputs import InputFile, LoadedDocument, ReadOptions
from checker.model import Document
from checker.readers.records import RecordsReader
from checker.schemas import load_schema

from .conftest import ROOT, SEED
from .test_records import BOMB


def jxcheck(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "checker.cli", *args],
        capture_output=True,
        timeout=120,
        cwd=cwd or ROOT,
    )
    print(f"\n[{time.perf_counter() - start:.3f}s] jxcheck {' '.join(args)[:90]}")
    return proc


def read_records(path: Path) -> list[Document]:
    results = RecordsReader().read(InputFile(str(path), path.read_bytes()), ReadOptions())
    assert all(isinstance(r, LoadedDocument) for r in results)
    return [r.document for r in results if isinstance(r, LoadedDocument)]


def assert_one_line_error(proc: subprocess.CompletedProcess[bytes], path: str) -> str:
    stderr = proc.stderr.decode("utf-8")
    assert proc.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert stderr.startswith(f"jxcheck: {path}"), stderr
    assert "内部错误" not in stderr, stderr
    return stderr


def _seed_cut_mid_table() -> bytes:
    """The seed up to the middle of a row of table 3's indicators (4 of its 6 cells): a row cut
    short is refused. (A cut where a row ends is read: S009 reports it.)"""
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    headings = [i for i, line in enumerate(lines) if "绩效目标表" in line and line[:1] != "\t"]
    third = headings[3]  # headings[0] is Part 2's own title
    indicator_header = next(i for i in range(third, len(lines)) if "三级指标" in lines[i])
    return "".join(lines[: indicator_header + 9]).encode("utf-8")


def _random_bytes() -> bytes:
    return random.Random(20230301).randbytes(4096)


#: (id, file name, content, line in the message or None)
HOSTILE: list[tuple[str, str, bytes, int | None]] = [
    ("empty yaml", "empty.yaml", b"", None),
    ("empty txt", "empty.txt", b"", None),
    ("random bytes", "random.bin", _random_bytes(), None),
    ("random bytes named yaml", "random.yaml", _random_bytes(), None),
    ("random bytes named txt", "random.txt", _random_bytes(), None),
    ("malformed yaml", "bad.yaml", b"projects:\n  - code: P1\n    name: a: b\n", 3),
    ("duplicate key", "dup.yaml", "code: P1\nname: 项目\ncode: P2\n".encode(), 3),
    ("alias bomb", "bomb.yaml", BOMB.encode(), 1),
    ("deep nesting", "deep.json", b"[" * 100_000 + b"]" * 100_000, 1),
    ("python tag", "tag.yaml", b"code: !!python/object/apply:os.system ['true']\n", 1),
    ("schema violation", "invalid.yaml", b"code: P1\nbudget:\n  totl: 1\n", 3),
    ("scalar", "scalar.json", b'"just text"', 1),
    ("seed cut off mid-table", "cut.txt", _seed_cut_mid_table(), None),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "data", "line"),
    [pytest.param(n, d, ln, id=case) for case, n, d, ln in HOSTILE],
)
def test_hostile_input_is_one_line_and_status_2(
    tmp_path: Path, name: str, data: bytes, line: int | None
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    proc = jxcheck("import", str(path), "-o", str(tmp_path / "out"))
    stderr = assert_one_line_error(proc, str(path))
    if line is not None:
        assert stderr.startswith(f"jxcheck: {path}:{line}: "), stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert proc.stdout == b""


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert_one_line_error(jxcheck("import", str(path)), str(path))


def test_english_messages(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    proc = jxcheck("import", "--lang", "en", str(path))
    assert assert_one_line_error(proc, str(path)) == f"jxcheck: {path}: the file is empty\n"


def test_seed_to_stdout_is_valid_yaml_and_round_trips() -> None:
    proc = jxcheck("import", str(SEED))
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode("utf-8")
    assert text.startswith(f"# 由 jxcheck 从 {SEED.name} 生成")
    data = yaml.safe_load(text)
    Draft202012Validator(load_schema("document")).validate(data)
    assert len(data["projects"]) == 10
    from checker.readers.textexport import TextExportReader

    (direct,) = TextExportReader().read(InputFile(str(SEED), SEED.read_bytes()), ReadOptions())
    assert isinstance(direct, LoadedDocument)
    results = RecordsReader().read(InputFile("seed.yaml", proc.stdout), ReadOptions())
    assert [r.document for r in results if isinstance(r, LoadedDocument)] == [direct.document]


@pytest.mark.slow
def test_gb18030_copy_of_the_seed_imports_the_same(tmp_path: Path) -> None:
    copy = tmp_path / SEED.name
    copy.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    proc = jxcheck("import", str(copy))
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == jxcheck("import", str(SEED)).stdout


@pytest.mark.slow
def test_output_dir_and_stdout_agree(tmp_path: Path) -> None:
    proc = jxcheck("import", str(SEED), "-o", str(tmp_path / "new"))
    assert proc.returncode == 0, proc.stderr.decode()
    written = tmp_path / "new" / f"{SEED.stem}.yaml"
    assert written.read_bytes() == jxcheck("import", str(SEED), "-o", "-").stdout
    assert "wrote" in proc.stderr.decode()


@pytest.mark.slow
def test_split_writes_one_file_per_project(tmp_path: Path) -> None:
    proc = jxcheck("import", str(SEED), "--split", "-o", str(tmp_path))
    assert proc.returncode == 0, proc.stderr.decode()
    (whole,) = read_records(_import_to(tmp_path / "whole", SEED))
    codes = [p.code for p in whole.projects]
    assert len(codes) == 10
    project_schema = Draft202012Validator(load_schema("project"))
    for code in codes:
        path = tmp_path / f"{code}.yaml"
        project_schema.validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    projects = [read_records(tmp_path / f"{code}.yaml")[0].projects[0] for code in codes]
    assert projects == whole.projects
    (shell,) = read_records(tmp_path / f"{SEED.stem}.yaml")
    assert shell.projects == [] and shell.overview == whole.overview


def _import_to(folder: Path, source: Path) -> Path:
    proc = jxcheck("import", str(source), "-o", str(folder))
    assert proc.returncode == 0, proc.stderr.decode()
    return folder / f"{source.stem}.yaml"


RECORD_JSON = {
    "projects": [
        {"code": "P1", "name": "项目一", "budget": {"total": 1.5}, "indicators": [{"value": 95}]}
    ]
}


def test_json_records_become_yaml(tmp_path: Path) -> None:
    source = tmp_path / "doc.json"
    source.write_text(json.dumps(RECORD_JSON, ensure_ascii=False), encoding="utf-8")
    proc = jxcheck("import", str(source), "--budget-year", "2023")
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode("utf-8")
    assert "budget_year: 2023" in text and "total: '1.5'" in text and "value: '95'" in text
    (document,) = RecordsReader().read(InputFile("x.yaml", proc.stdout), ReadOptions())
    assert isinstance(document, LoadedDocument)
    assert document.document.projects[0].budget.total == "1.5"


@pytest.mark.slow
def test_several_files_to_stdout_make_a_stream(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("code: P1\n", encoding="utf-8")
    second.write_text("projects:\n  - code: P2\n", encoding="utf-8")
    proc = jxcheck("import", str(first), str(second))
    assert proc.returncode == 0, proc.stderr.decode()
    documents = list(yaml.safe_load_all(proc.stdout.decode("utf-8")))
    assert [d["kind"] for d in documents] == ["document", "document"]


@pytest.mark.slow
def test_an_error_writes_nothing(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text("code: P1\n", encoding="utf-8")
    bad.write_text("code: [\n", encoding="utf-8")
    proc = jxcheck("import", str(good), str(bad), "-o", str(tmp_path / "out"))
    assert_one_line_error(proc, str(bad))
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_an_input_is_never_overwritten(tmp_path: Path) -> None:
    source = tmp_path / "doc.yaml"
    source.write_text("code: P1\n", encoding="utf-8")
    proc = jxcheck("import", str(source), "-o", str(tmp_path))
    assert proc.returncode == 2
    assert re.search("overwrite|覆盖", proc.stderr.decode())
    assert source.read_text(encoding="utf-8") == "code: P1\n"


@pytest.mark.parametrize(("args", "name"), [((), "document"), (("project",), "project")])
def test_schema_command_prints_the_shipped_schema(args: tuple[str, ...], name: str) -> None:
    proc = jxcheck("schema", *args)
    assert proc.returncode == 0
    shipped = ROOT / "checker" / "schemas" / f"{name}.schema.json"
    assert proc.stdout == shipped.read_bytes()


def test_schema_command_rejects_an_unknown_name() -> None:
    proc = jxcheck("schema", "policy")
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("verb", [["import"], ["export", "--to", "docx", "-o", "-"]])
def test_max_size_refuses_a_larger_file_and_a_bad_value(verb: list[str]) -> None:
    size = SEED.stat().st_size
    proc = jxcheck(*verb, str(SEED), "--max-size", str(size - 1))
    stderr = assert_one_line_error(proc, str(SEED))
    assert str(size - 1) in stderr or "MB" in stderr or "字节" in stderr
    assert jxcheck(*verb, str(SEED), "--max-size", str(size)).returncode == 0
    bad = jxcheck(*verb, str(SEED), "--max-size", "0")
    assert bad.returncode == 2 and b"--max-size" in bad.stderr and bad.stderr.count(b"\n") == 1
