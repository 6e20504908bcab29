"""Plugins as a county bureau installs them: a fresh virtual environment, real `pip install`s.

One clean virtual environment (no system site-packages) for the module: `pip install` of the
core from the repository folder and of `plugins/jxcheck-huailai` from its folder, both
non-editable, plus pytest. Every check then runs the installed `jxcheck` console script (or the
venv's python) in a scratch working directory, with PYTHONPATH and the plugin switches removed
from the environment, so nothing is imported from this checkout.

The folders are installed from a copy of the work tree without build artefacts: setuptools
builds in the source folder, and a stale `build/lib` of a developer's tree would otherwise slip
deleted modules into the wheel (and the test would write into the tree). CI's checkout is clean
either way.

Checked: the core installs non-editable with its packaged policies; `jxcheck plugins` lists the
plugin with version and rule ids, and `jxcheck rules` lists its rules; installing the plugin
changes nothing `--policy national` or `--policy hebei` reports (the same bytes, in every format,
as after uninstalling it); `jxcheck check` on the seed with `--policy huailai` runs the HL rules,
reports HL101 (the declarative HL001) where a transfer notice is dated after the budget year, never where N003 already
reports the cell, and applies the policy's waiver; `policy show --resolved` names where each
setting came from (the county layer, the plugin's defaults); without the plugin the county
policy cannot run (exit 2, the missing plugin named where a policy file requires it); a plugin
that raises on import is listed by name and version and is fatal only when required, and so is
one with a misspelt hook or a reporter name jxcheck already has (each entry point alone); a scaffold
from `jxcheck plugin init` installs and its generated tests pass; the plugin's own test suite
passes in that environment. About 45 s on a 2-core machine with pip's cache warm (most of it
pip). Set JXCHECK_SKIP_INSTALL_TESTS=1 to skip (offline machines).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPORTER_CLASH_PLUGIN, ROOT, SEED

pytestmark = [
    pytest.mark.install,
    pytest.mark.skipif(
        os.environ.get("JXCHECK_SKIP_INSTALL_TESTS", "") not in ("", "0"),
        reason="JXCHECK_SKIP_INSTALL_TESTS is set",
    ),
]

PLUGIN = "jxcheck-huailai"
PLUGIN_FOLDER = Path("plugins") / PLUGIN
#: The seed's transfer notices (tables 6–9, 冀财建[2022]… in square brackets): N003's, once.
SEED_TRANSFER_LINES = [477, 566, 657, 748]
#: What the HL rules are checked with: every report format a reviewer or CI reads.
FORMATS = ("json", "text", "sarif", "junit", "markdown", "html")
_COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    ".benchmarks",
    ".venv",
    "node_modules",
)
_DROPPED_ENV = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "JXCHECK_PLUGINS", "JXCHECK_NO_PLUGINS")


@dataclass
class Venv:
    """The virtual environment and a scratch working directory to run commands in."""

    root: Path
    source: Path
    work: Path

    @property
    def bin(self) -> Path:
        return self.root / ("Scripts" if os.name == "nt" else "bin")

    @property
    def python(self) -> Path:
        return self.bin / ("python.exe" if os.name == "nt" else "python")

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(self.root)
        env["PYTHONNOUSERSITE"] = "1"
        env["JXCHECK_TODAY"] = "2023-03-01"
        return env

    def run(
        self, args: Sequence[str | Path], cwd: Path | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(a) for a in args],
            cwd=cwd or self.work,
            env=self.env(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )

    def jxcheck(
        self, *args: str | Path, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return self.run([self.bin / "jxcheck", *args], cwd=cwd)

    def pip(self, *args: str | Path) -> None:
        done = self.run(
            [self.python, "-m", "pip", "--disable-pip-version-check", "--no-input", *args],
            timeout=600,
        )
        assert done.returncode == 0, f"pip {' '.join(map(str, args))} failed:\n{_output(done)}"


def _output(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n--- stdout\n{done.stdout[-6000:]}\n--- stderr\n{done.stderr[-6000:]}"


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Venv]:
    base = tmp_path_factory.mktemp("installed")
    source = base / "src"
    shutil.copytree(ROOT, source, ignore=_COPY_IGNORE)
    work = base / "work"
    work.mkdir()
    env = Venv(base / "venv", source, work)
    made = subprocess.run(
        [sys.executable, "-m", "venv", str(env.root)], capture_output=True, text=True, check=False
    )
    assert made.returncode == 0, made.stderr
    env.pip("install", "--quiet", source, source / PLUGIN_FOLDER, "pytest>=8")
    yield env


def _json(done: subprocess.CompletedProcess[str]) -> Any:
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"not JSON:\n{_output(done)}")


def _hl_findings(report: dict[str, Any]) -> list[tuple[str, int, str]]:
    return [
        (f["rule"], f["line"], f["project_code"])
        for f in report["findings"]
        if f["rule"].startswith("HL")
    ]


def _hl_ran(report: dict[str, Any]) -> list[str]:
    """The HL rules that ran (a report's `rules` holds every rule that ran or fired)."""
    return sorted(rule_id for rule_id in report["rules"] if rule_id.startswith("HL"))


@contextmanager
def _uninstalled(venv: Venv) -> Iterator[None]:
    """The plugin uninstalled for the block, installed again afterwards."""
    venv.pip("uninstall", "--yes", "--quiet", PLUGIN)
    try:
        yield
    finally:
        venv.pip("install", "--quiet", "--no-deps", venv.source / PLUGIN_FOLDER)


def _outputs(venv: Venv, policy: str) -> dict[str, tuple[int, str]]:
    found = {}
    for form in FORMATS:
        done = venv.jxcheck("check", SEED, "--policy", policy, "--format", form)
        found[form] = (done.returncode, done.stdout)
    return found


def test_core_and_plugin_are_real_non_editable_installs(venv: Venv) -> None:
    probe = (
        "import json, checker, jxcheck_huailai, jxcheck_policies\n"
        "from importlib.metadata import distribution\n"
        "print(json.dumps({\n"
        "  'files': [m.__file__ for m in (checker, jxcheck_huailai, jxcheck_policies)],\n"
        "  'direct': [distribution(d).read_text('direct_url.json') or '{}'\n"
        "             for d in ('jxcheck', 'jxcheck-huailai')]}))\n"
    )
    done = venv.run([venv.python, "-c", probe])
    assert done.returncode == 0, _output(done)
    found = json.loads(done.stdout)
    for file in found["files"]:
        assert Path(file).resolve().is_relative_to(venv.root.resolve()), file
    for direct in found["direct"]:
        assert json.loads(direct).get("dir_info", {}).get("editable") is not True


def test_packaged_policies_install_with_the_core(venv: Venv) -> None:
    text = venv.jxcheck("policy", "show", "--policy", "hebei")
    assert text.returncode == 0 and "national → hebei" in text.stdout, _output(text)
    done = venv.jxcheck("policy", "show", "--policy", "hebei", "--format", "json")
    assert done.returncode == 0, _output(done)
    shown = _json(done)
    assert shown["names"] == ["national", "hebei"]
    assert all("site-packages" in layer["file"] for layer in shown["layers"])


def test_plugins_lists_the_county_plugin(venv: Venv) -> None:
    done = venv.jxcheck("plugins")
    assert done.returncode == 0, _output(done)
    assert f"huailai ({PLUGIN} 0.1.0) [ok]" in done.stdout
    assert "rules: HL001, HL002, HL003" in done.stdout
    listed = {p["distribution"]: p for p in _json(venv.jxcheck("plugins", "--format", "json"))}
    info = listed[PLUGIN]
    assert (info["name"], info["version"], info["error"]) == ("huailai", "0.1.0", None)
    assert info["rules"] == ["HL001", "HL002", "HL003"]
    assert info["policies"] == ["huailai"]


def test_plugins_rules_are_listed(venv: Venv) -> None:
    done = venv.jxcheck("rules", "--format", "json")
    assert done.returncode == 0, _output(done)
    listed = {r["id"]: r for r in _json(done)}
    assert [listed[i]["plugin"] for i in ("HL001", "HL002", "HL003")] == [PLUGIN] * 3
    text = venv.jxcheck("rules")
    assert text.returncode == 0 and re.search(r"^HL001 ", text.stdout, re.M), _output(text)


def test_installing_the_plugin_changes_nothing_under_national_or_hebei(venv: Venv) -> None:
    """The same bytes with the plugin installed as without it, in every report format."""
    installed = {policy: _outputs(venv, policy) for policy in ("national", "hebei")}
    for policy, outputs in installed.items():
        report = json.loads(outputs["json"][1])
        assert report["policy"]["names"][-1] == policy
        assert _hl_ran(report) == [] and _hl_findings(report) == []
        assert "HL0" not in outputs["sarif"][1] and "HL0" not in outputs["junit"][1]
    shown = _json(venv.jxcheck("policy", "show", "--policy", "hebei", "--format", "json"))
    assert shown["unselected"] == ["HL001", "HL002", "HL003"]
    assert not [r for r in shown["enabled"] + shown["disabled"] if r.startswith("HL")]
    with _uninstalled(venv):
        for policy, outputs in installed.items():
            without = _outputs(venv, policy)
            for form in FORMATS:
                assert outputs[form] == without[form], f"--policy {policy} --format {form}"
    # Selected explicitly, the plugin's rules run under any policy.
    selected = venv.jxcheck("check", SEED, "--policy", "national", "--select", "HL")
    assert selected.returncode == 0, _output(selected)  # nothing of the seed is HL's


def test_seed_under_the_county_policy(venv: Venv) -> None:
    done = venv.jxcheck("check", SEED, "--policy", "huailai", "--format", "json")
    assert done.returncode == 1, _output(done)  # the seed has errors (S002 …) under any policy
    report = _json(done)
    assert report["policy"]["names"] == ["national", "hebei", "huailai"]
    # HL001 and HL002 are declared as data in the county policy (HL101 in its rule file, HL102
    # in the policy); the Python rules stay installed, unselected.
    assert _hl_ran(report) == ["HL003", "HL101", "HL102"]
    # The seed's notices are dated 2022 for a 2023 budget: HL101 has nothing to say; their
    # square brackets are N003's, one finding per cell.
    assert _hl_findings(report) == []
    n003 = [f for f in report["findings"] if f["rule"] == "N003"]
    assert [f["line"] for f in n003 if f["line"] in SEED_TRANSFER_LINES] == SEED_TRANSFER_LINES
    [at_477] = [f for f in n003 if f["line"] == 477]
    assert "冀财建〔2022〕238号" in at_477["message"] and at_477["pointer"] == "/name"
    waived = [(f["rule"], f["project_code"]) for f in report["findings"] if f["waived"]]
    assert waived == [("B005", "13073022P00883610001N")]


def test_hl101_and_n003_never_report_the_same_cell(venv: Venv) -> None:
    """On the seed, and on the seed with every transfer notice dated after the budget year."""
    later = venv.work / "later.txt"
    text = SEED.read_text(encoding="utf-8")
    later.write_text(text.replace("冀财建[2022]", "冀财建〔2024〕"), encoding="utf-8")
    for document, expected in ((SEED, []), (later, SEED_TRANSFER_LINES)):
        done = venv.jxcheck("check", document, "--policy", "huailai", "--format", "json")
        assert done.returncode == 1, _output(done)
        report = _json(done)
        hl101 = [f for f in report["findings"] if f["rule"] == "HL101"]
        assert [f["line"] for f in hl101] == expected
        assert all(f["severity"] == "error" and f["pointer"] == "/name" for f in hl101)
        cells: dict[tuple[str, str, str], list[str]] = {}
        for f in report["findings"]:
            if f["rule"] in ("HL101", "N003"):
                cell = (f["file"], f["project_code"], f["pointer"])
                cells.setdefault(cell, []).append(f["rule"])
        assert all(len(rules) == 1 for rules in cells.values()), cells
    shown = venv.jxcheck("check", later, "--policy", "huailai", "--lang", "en")
    assert f"{later.name}:477: HL101 error" in shown.stdout.replace(str(venv.work) + "/", ""), (
        _output(shown)
    )


def test_county_policy_shows_where_settings_come_from(venv: Venv) -> None:
    done = venv.jxcheck("policy", "show", "--policy", "huailai", "--resolved", "--format", "json")
    assert done.returncode == 0, _output(done)
    shown = _json(done)
    assert shown["required_plugins"] == [PLUGIN]
    # written as the declarative HL101 and HL102 instead
    assert shown["unselected"] == ["HL001", "HL002"]
    rules = shown["rules"]
    item = rules["HL003"]
    assert (item["plugin"], item["opt_in"], item["enabled"]) == (PLUGIN, True, True)
    assert re.fullmatch(r"huailai:[0-9]+: select HL003", item["origin"]["enabled"])
    assert item["origin"]["severity"].startswith("default ")
    assert item["origin"]["severity"].endswith(f" of {PLUGIN}")
    assert rules["HL101"]["enabled"] and rules["HL102"]["enabled"]
    assert rules["HL101"]["plugin"].startswith("policy:") and rules["HL101"]["plugin"].endswith(
        "transfer-notices.rules.yaml"
    )
    tested = venv.jxcheck("policy", "test", "--policy", "huailai", "--lang", "en")
    assert tested.returncode == 0, _output(tested)
    assert re.search(r"huailai: ([0-9]+) cases, \1 passed, 0 failed", tested.stdout), _output(
        tested
    )
    assert rules["HL003"]["params"]["register_file"] == ""
    assert rules["N002"]["origin"]["severity"].startswith("hebei:")
    assert rules["B004"]["origin"]["enabled"] == "default on: rule of jxcheck"
    [waiver] = shown["waivers"]
    assert waiver["layer"] == "huailai" and waiver["approver"] and waiver["reason"]
    text = venv.jxcheck("policy", "show", "--policy", "hebei", "--resolved", "--lang", "en")
    assert text.returncode == 0, _output(text)
    assert f"HL001: off  error (default)  [{PLUGIN}, opt-in]" in text.stdout
    assert f"enabled ← default off: rule of plugin {PLUGIN}, runs only where a policy" in (
        text.stdout
    )
    assert f"params.issuers = [冀财, 张财, 财]  ← default of {PLUGIN}" in text.stdout
    explain = venv.jxcheck("explain", "HL003", "--lang", "en")
    assert explain.returncode == 0 and "register_file" in explain.stdout, _output(explain)


def test_without_the_plugin_the_county_policy_cannot_run(venv: Venv) -> None:
    """Uninstalled: exit 2, never a run without the county's rules. Reinstalled afterwards."""
    bureau = venv.work / "bureau"
    bureau.mkdir()
    # The bureau's own config, as docs/writing-plugins.md recommends it.
    (bureau / "jxcheck.yaml").write_text(
        f"extends: huailai\nrequired_plugins: [{PLUGIN}]\n", encoding="utf-8"
    )
    # The county policy kept as a file (the plugin's own copy).
    county = venv.source / PLUGIN_FOLDER / "src" / "jxcheck_huailai" / "policies" / "huailai.yaml"
    venv.pip("uninstall", "--yes", "--quiet", PLUGIN)
    try:
        listed = venv.jxcheck("plugins")
        assert listed.returncode == 0 and PLUGIN not in listed.stdout, _output(listed)

        by_name = venv.jxcheck("check", SEED, "--policy", "huailai", "--lang", "en")
        assert by_name.returncode == 2, _output(by_name)
        assert "huailai" in by_name.stderr and "plugin" in by_name.stderr
        assert by_name.stdout == ""

        by_config = venv.jxcheck("check", SEED, cwd=bureau)
        assert by_config.returncode == 2, _output(by_config)
        assert f"requires plugin {PLUGIN}" in by_config.stderr.replace("\n", " ") or (
            f"要求插件 {PLUGIN}" in by_config.stderr
        )
        assert "jxcheck.yaml:2" in by_config.stderr

        by_file = venv.jxcheck("check", SEED, "--policy", county, "--lang", "en")
        assert by_file.returncode == 2, _output(by_file)
        assert f"requires plugin {PLUGIN}, which is not installed" in by_file.stderr

        province = venv.jxcheck("check", SEED, "--policy", "hebei", "--format", "json")
        assert province.returncode == 1, _output(province)
        assert _hl_ran(_json(province)) == []
    finally:
        venv.pip("install", "--quiet", "--no-deps", venv.source / PLUGIN_FOLDER)
    again = venv.jxcheck("check", SEED, "--policy", "huailai", "--format", "json")
    assert again.returncode == 1 and len(_hl_ran(_json(again))) == 3, _output(again)


_BROKEN_PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "jxcheck-broken"
version = "0.0.7"
dependencies = ["jxcheck"]

[project.entry-points.jxcheck]
broken = "jxcheck_broken"
"""


def test_a_plugin_that_raises_on_import(venv: Venv) -> None:
    """Listed by name and version; a warning when not required; exit 2 when a policy requires it."""
    dist = venv.work / "jxcheck-broken"
    (dist / "jxcheck_broken").mkdir(parents=True)
    (dist / "pyproject.toml").write_text(_BROKEN_PYPROJECT, encoding="utf-8")
    (dist / "jxcheck_broken" / "__init__.py").write_text(
        'raise RuntimeError("county register server unreachable")\n', encoding="utf-8"
    )
    venv.pip("install", "--quiet", "--no-deps", dist)
    try:
        listed = venv.jxcheck("plugins")
        assert listed.returncode == 0, _output(listed)
        assert (
            "broken (jxcheck-broken 0.0.7) [FAILED: RuntimeError: county register server "
            "unreachable]" in listed.stdout
        )
        assert f"huailai ({PLUGIN} 0.1.0) [ok]" in listed.stdout
        info = {p["name"]: p for p in _json(venv.jxcheck("plugins", "--format", "json"))}
        assert info["broken"]["version"] == "0.0.7" and "RuntimeError" in info["broken"]["error"]

        not_required = venv.jxcheck("check", SEED, "--policy", "huailai", "--format", "json")
        assert not_required.returncode == 1, _output(not_required)  # the seed's own errors
        assert _hl_ran(_json(not_required)) == ["HL003", "HL101", "HL102"]
        assert "jxcheck-broken 0.0.7" in not_required.stderr  # warned, not silently skipped

        strict = venv.work / "strict.yaml"
        strict.write_text("extends: huailai\nrequired_plugins: [jxcheck-broken]\n", "utf-8")
        required = venv.jxcheck("check", SEED, "--policy", strict, "--lang", "en")
        assert required.returncode == 2, _output(required)
        assert "plugin broken 0.0.7, required by policy strict.yaml, failed to load" in (
            required.stderr
        )
        assert "RuntimeError: county register server unreachable" in required.stderr
        assert required.stdout == ""
    finally:
        venv.pip("uninstall", "--yes", "--quiet", "jxcheck-broken")


_TYPO_PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "jxcheck-typo"
version = "0.0.3"
dependencies = ["jxcheck"]

[project.entry-points.jxcheck]
typo = "jxcheck_typo.misspelt"
aaa-clash = "jxcheck_typo.clash"
"""

_MISSPELT = """\
from checker import hookimpl
from checker.rule import rule


@rule("TY001", "typo", category="test", severity="error", basis="test",
      title=("拼错", "misspelt"), message=("不会出现", "never shown"))
def typo(project, ctx):
    \"\"\"测试用。

    ---
    For tests.
    \"\"\"
    yield from ()


@hookimpl
def register_rule():
    return [typo]
"""


def test_a_misspelt_hook_or_a_taken_name_fails_that_plugin_alone(venv: Venv) -> None:
    """pluggy checks hook names per plugin: `register_rule` is no hook, a reporter named `json`
    is jxcheck's; each entry point fails alone, by name and version, and nothing of it runs."""
    before = venv.jxcheck("check", SEED, "--policy", "national", "--format", "json")
    dist = venv.work / "jxcheck-typo"
    (dist / "jxcheck_typo").mkdir(parents=True)
    (dist / "pyproject.toml").write_text(_TYPO_PYPROJECT, encoding="utf-8")
    (dist / "jxcheck_typo" / "__init__.py").write_text("", encoding="utf-8")
    (dist / "jxcheck_typo" / "misspelt.py").write_text(_MISSPELT, encoding="utf-8")
    (dist / "jxcheck_typo" / "clash.py").write_text(REPORTER_CLASH_PLUGIN, encoding="utf-8")
    venv.pip("install", "--quiet", "--no-deps", dist)
    try:
        listed = venv.jxcheck("plugins")
        assert listed.returncode == 0, _output(listed)
        assert (
            "typo (jxcheck-typo 0.0.3) [FAILED: unknown hook register_rule (did you mean "
            "register_rules?)" in listed.stdout
        ), listed.stdout
        assert (
            "aaa-clash (jxcheck-typo 0.0.3) [FAILED: register_reporters: ValueError: reporter "
            "json is already registered by jxcheck]" in listed.stdout
        ), listed.stdout
        assert re.search(r"^builtin-reporters \(jxcheck \S+\) \[ok\]$", listed.stdout, re.M)
        assert f"huailai ({PLUGIN} 0.1.0) [ok]" in listed.stdout
        after = venv.jxcheck("check", SEED, "--policy", "national", "--format", "json")
        assert (after.returncode, after.stdout) == (before.returncode, before.stdout)
        assert after.stderr.count("jxcheck-typo 0.0.3") == 2, after.stderr
    finally:
        venv.pip("uninstall", "--yes", "--quiet", "jxcheck-typo")


def test_scaffold_installs_and_its_generated_test_passes(venv: Venv) -> None:
    made = venv.jxcheck("plugin", "init", "jxcheck-testcounty", "--prefix", "TC")
    assert made.returncode == 0, _output(made)
    folder = venv.work / "jxcheck-testcounty"
    again = venv.jxcheck("plugin", "init", "jxcheck-testcounty", "--lang", "en")
    assert again.returncode == 2 and "is not empty" in again.stderr, _output(again)
    venv.pip("install", "--quiet", "--no-deps", folder)
    try:
        listed = venv.jxcheck("plugins")
        assert "testcounty (jxcheck-testcounty 0.1.0) [ok]" in listed.stdout, _output(listed)
        tested = venv.run([venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=folder)
        assert tested.returncode == 0, _output(tested)
        assert re.search(r"\b[1-9][0-9]* passed\b", tested.stdout), _output(tested)
        fired = venv.jxcheck("check", SEED, "--select", "TC", "--format", "json")
        assert fired.returncode == 0, _output(fired)  # TC001 is an info
        lines = [(f["rule"], f["line"]) for f in _json(fired)["findings"]]
        assert lines == [("TC001", 30), ("TC001", 477), ("TC001", 748)]
    finally:
        venv.pip("uninstall", "--yes", "--quiet", "jxcheck-testcounty")


def test_the_plugins_own_tests_pass_installed(venv: Venv) -> None:
    folder = venv.source / PLUGIN_FOLDER
    done = venv.run([venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=folder)
    assert done.returncode == 0, _output(done)
    assert " passed" in done.stdout and "skipped" not in done.stdout
