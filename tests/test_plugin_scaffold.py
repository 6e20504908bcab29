"""`jxcheck plugin init` in-process: names, prefixes, refusals, and what it writes.

The generated plugin's cases are run here against its rule loaded from the generated folder; the
full round trip (pip install, then the generated pytest) is in test_plugins_installed.py.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from checker import scaffold
from checker.cli import main
from checker.errors import UsageError
from checker.plugins import PluginLoader
from checker.testing import collect_cases, run_case


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("name", "prefix", "module", "entry"),
    [
        ("jxcheck-mycounty", "MY", "jxcheck_mycounty", "mycounty"),
        ("jxcheck-zhangjiakou-city", "ZC", "jxcheck_zhangjiakou_city", "zhangjiakou-city"),
        ("county_rules", "CR", "county_rules", "county-rules"),
        ("Jxcheck.Huailai", "HU", "jxcheck_huailai", "huailai"),
    ],
)
def test_names_and_derived_prefix(name: str, prefix: str, module: str, entry: str) -> None:
    names = scaffold.plugin_names(name)
    assert (names.prefix, names.module, names.entry) == (prefix, module, entry)


@pytest.mark.parametrize(
    ("name", "prefix", "problem"),
    [
        ("my plugin", None, "not a valid distribution name"),
        ("-x", None, "not a valid distribution name"),
        ("jxcheck", None, "clashes with a package of jxcheck"),
        ("rules", None, "clashes with a package of jxcheck"),
        ("2023-rules", None, "not a Python identifier"),
        ("jxcheck-2023", None, "cannot derive a rule id prefix"),
        ("jxcheck-x", "hl", "must be 2–6 capital letters"),
        ("jxcheck-x", "H", "must be 2–6 capital letters"),
        ("jxcheck-x", "HL1", "must be 2–6 capital letters"),
        ("jxcheck-x", "ABCDEFG", "must be 2–6 capital letters"),
    ],
)
def test_bad_names_and_prefixes(name: str, prefix: str | None, problem: str) -> None:
    with pytest.raises(UsageError) as error:
        scaffold.plugin_names(name, prefix)
    assert problem in error.value.render("en")
    assert error.value.render("zh") != error.value.render("en")


def test_prefix_conflicts() -> None:
    rules = {"HL001": "jxcheck-huailai", "S002": "jxcheck", "SU001": "jxcheck-suzhou"}
    errors, warnings = scaffold.prefix_conflicts("HL", rules)
    assert [e.en for e in errors] == [
        "the rule id HL001 is already registered by jxcheck-huailai; choose another prefix "
        "with --prefix"
    ]
    assert any("H" in w.en for w in warnings)
    errors, warnings = scaffold.prefix_conflicts("SUX", rules)
    assert errors == []
    assert len(warnings) == 1 and "S, which also prefixes rules of jxcheck" in warnings[0].en
    assert scaffold.prefix_conflicts("MC", rules) == ([], [])


def test_init_writes_the_plugin(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugin", "init", "jxcheck-mycounty", "--prefix", "MC", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "created the plugin jxcheck-mycounty" in out and "pip install -e" in out
    folder = workdir / "jxcheck-mycounty"
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert files == [
        "README.md",
        "pyproject.toml",
        "src/jxcheck_mycounty/__init__.py",
        "src/jxcheck_mycounty/rules.py",
        "tests/cases/MC001.yaml",
        "tests/test_rules.py",
    ]
    for path in folder.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "${" not in text, path
            if path.suffix == ".py":
                compile(text, str(path), "exec")
    pyproject = (folder / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points.jxcheck]\nmycounty = "jxcheck_mycounty"' in pyproject
    case_file = yaml.safe_load((folder / "tests/cases/MC001.yaml").read_text(encoding="utf-8"))
    assert case_file["rule"] == "MC001"


def test_init_into_an_empty_folder_with_dir(workdir: Path) -> None:
    (workdir / "empty").mkdir()
    assert main(["plugin", "init", "jxcheck-a-b", "--dir", "empty"]) == 0
    assert (workdir / "empty" / "src" / "jxcheck_a_b" / "rules.py").is_file()
    assert (workdir / "empty" / "tests" / "cases" / "AB001.yaml").is_file()


@pytest.mark.parametrize("kind", ["folder", "file"])
def test_init_never_overwrites(
    workdir: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    target = workdir / "jxcheck-mycounty"
    if kind == "folder":
        target.mkdir()
        (target / "notes.txt").write_text("mine", encoding="utf-8")
    else:
        target.write_text("mine", encoding="utf-8")
    assert main(["plugin", "init", "jxcheck-mycounty", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "never overwrites" in err
    assert ("is not empty" if kind == "folder" else "is a file") in err
    if kind == "folder":
        assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert main(["plugin", "init", "jxcheck-mycounty"]) == 2
    assert "不会覆盖" in capsys.readouterr().err


def test_init_warns_about_a_prefix_shadowed_by_a_builtin_category(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plugin", "init", "jxcheck-suzhou", "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "warning: the prefix SU starts with S" in err


def test_plugin_requires_an_action(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugin"]) == 2
    err = capsys.readouterr().err
    assert "init" in err and err.count("\n") == 1, err


@pytest.fixture
def generated(workdir: Path) -> Iterator[Path]:
    assert main(["plugin", "init", "jxcheck-gentest", "--prefix", "GT"]) == 0
    folder = workdir / "jxcheck-gentest"
    yield folder
    for name in [
        m for m in sys.modules if m == "jxcheck_gentest" or m.startswith("jxcheck_gentest.")
    ]:
        del sys.modules[name]


def test_generated_cases_pass_against_the_generated_rule(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(generated / "src"))
    module = importlib.import_module("jxcheck_gentest")
    registry = PluginLoader(extra=[("jxcheck-gentest", module)]).load()
    info = registry.plugin("jxcheck-gentest")
    assert info is not None and info.error is None and info.rules == ["GT001"]
    cases = collect_cases(generated / "tests" / "cases")
    assert len(cases) >= 3
    for case in cases:
        run_case(case, registry)
    rule = registry.rules["GT001"]
    assert rule.params().model_dump() == {"max_length": 30}
    assert "检查：" in rule.doc.zh and "What:" in rule.doc.en


def _ruff() -> list[str] | None:
    exe = shutil.which("ruff")
    return [exe] if exe else None


def test_generated_code_is_ruff_clean(generated: Path) -> None:
    ruff = _ruff()
    if ruff is None:
        pytest.skip("ruff is not installed")
    for args in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
        done = subprocess.run(
            [*ruff, *args], cwd=generated, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
