"""Shared test fixtures: where the seed document and the examples are; the test tiers."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from checker.rule import Hit, Params, Rule, rule

ROOT = Path(__file__).resolve().parent.parent
#: The committed copy of the seed document.
SEED = ROOT / "examples" / "000_57b4140ba813d59e.txt"
#: sha256 of the original seed document the project is built around: the committed copy never drifts.
SEED_SHA256 = "fe0f8fd84f189e9675b0fae7736397cd060f86dc11f8a1cf366e8847d96e8d59"
#: Test data committed with the tests (third-party files carry their source and licence beside them).
DATA = ROOT / "tests" / "data"

# Reports must not depend on the day the tests run (waiver expiry).
os.environ.setdefault("JXCHECK_TODAY", "2023-03-01")
# What jxcheck caches for the user (the entry points of installed distributions,
# checker.entrypoints) goes to a folder of this test session, not the developer's ~/.cache.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="jxcheck-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)

#: The fast tier: what a plain `python -m pytest` runs (`addopts` in pyproject.toml).
FAST_TIER = "not slow and not browser and not install"


def pytest_configure(config: pytest.Config) -> None:
    """Tests named on the command line run whatever their tier (`python -m pytest
    tests/test_properties.py` runs the whole module), unless `-m` says otherwise; a plain
    `python -m pytest` keeps the fast tier (docs/testing.md)."""
    named = config.args_source is pytest.Config.ArgsSource.ARGS
    chosen = any(arg.startswith("-m") for arg in config.invocation_params.args)
    if named and not chosen and config.option.markexpr == FAST_TIER:
        config.option.markexpr = ""


def jxcheck(
    *args: str | Path,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """`python -m checker.cli ARGS` as a user runs it: its own process, output as text."""
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )


def plugin_on_path(
    site: Path, module: str, dist: str, entry: str, source: str, version: str = "0.1"
) -> dict[str, str]:
    """A distribution `dist` whose `jxcheck` entry point `entry` is the module `module` (its
    text `source`), importable from `site` without pip: the environment in which jxcheck and
    its worker processes find it as an installed plugin."""
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{module}.py").write_text(source, encoding="utf-8")
    info = site / f"{module}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(f"[jxcheck]\n{entry} = {module}\n", encoding="utf-8")
    env = {
        k: v for k, v in os.environ.items() if k not in ("JXCHECK_PLUGINS", "JXCHECK_NO_PLUGINS")
    }
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT), env.get("PYTHONPATH", "")])
    return env


#: A plugin module whose reporter takes the name of jxcheck's own `json` (a clash to refuse).
REPORTER_CLASH_PLUGIN = """\
from checker import hookimpl


class Impostor:
    name = "json"
    suffix = ".json"
    binary = False

    def render(self, report, options):
        return "not the JSON report"


@hookimpl
def register_reporters():
    return [Impostor()]
"""


def fake_rule(
    rule_id: str,
    severity: str = "warning",
    *,
    params: type[Params] = Params,
    also: tuple[str, ...] = (),
    mandatory: bool = False,
    plugin: str = "",
) -> Rule:
    """A rule that finds nothing, for tests of how policies choose and set rules."""

    def check(project: object, ctx: object) -> Iterator[Hit]:
        """检查：无。原因：无。示例：无。修改：无。
        ---
        What: nothing. Why: a test. Example: none. Fix: none."""
        return iter(())

    made = rule(
        rule_id,
        f"fake-{rule_id.lower()}",
        category="test",
        severity=severity,
        basis="test",
        title=(f"测试 {rule_id}", f"test {rule_id}"),
        message=("消息", "message"),
        params=params,
        also=also,
        mandatory=mandatory,
    )(check)
    return replace(made, plugin=plugin) if plugin else made
