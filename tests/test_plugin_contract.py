"""The plugin contract as pluggy enforces it: each plugin loaded alone, whole or not at all.

- A hook jxcheck does not have (a misspelt `register_rule`) fails that plugin's load, naming
  the hook and the one meant; nothing it returned is registered, and `jxcheck plugins` does not
  list it as ok. Checked in process (`load_registry([(name, obj)])`) and through a distribution
  with a `jxcheck` entry point found on `PYTHONPATH`, as a user installs one.
- A reader, reporter or policy name (or rule id) another plugin — or the same one — already
  registered fails the later plugin's load; the first keeps it. A hook that raises, or an
  implementation with an argument the hook does not have, fails the load too. Every failure
  is one line; the other plugins load.
- The built-ins load through the same entry-point group; a built-in rule module that is
  missing is an ImportError naming it, and a built-in plugin that fails stops every run.
- Every hook is documented in `checker/hookspecs.py` and in docs/writing-plugins.md.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

import rules
from checker import hookimpl, hookspecs
from checker.errors import ConfigError
from checker.plugins import (
    BUILTIN_DIST,
    ENTRY_POINT_GROUP,
    PluginInfo,
    PluginLoader,
    Registry,
    load_registry,
)
from checker.prepare import prepare
from checker.rule import Hit, Params, ProjectContext, Rule, rule

from .conftest import REPORTER_CLASH_PLUGIN, ROOT, SEED, jxcheck, plugin_on_path


@rule(
    "T970",
    "contract-rule",
    category="test",
    severity="info",
    basis="test",
    title=("测试规则", "a test rule"),
    message=("不会出现", "never shown"),
)
def contract_rule(project: Any, ctx: ProjectContext[Params]) -> Iterable[Hit]:
    """测试用。

    ---
    For tests.
    """
    yield from ()


class _Reader:
    description = "a test reader"
    suffixes = (".t970",)

    def __init__(self, name: str) -> None:
        self.name = name

    def sniff(self, file: Any) -> int:
        return 0

    def read(self, file: Any, options: Any) -> list[Any]:  # pragma: no cover - never claims
        return []


class _Reporter:
    suffix = ".t970"
    binary = False

    def __init__(self, name: str) -> None:
        self.name = name

    def render(self, report: Any, options: Any) -> str:  # pragma: no cover
        return ""


class Misspelt:
    """`register_rule` for `register_rules`: the rule would silently never run."""

    @hookimpl
    def register_rule(self) -> list[Rule]:
        return [contract_rule]


class Good:
    @hookimpl
    def register_rules(self) -> list[Rule]:
        return [contract_rule]


def _loaded(*plugins: tuple[str, object]) -> tuple[Registry, dict[str, PluginInfo]]:
    registry = load_registry(list(plugins))
    return registry, {p.name: p for p in registry.plugins}


def _one_line(error: str | None) -> str:
    assert error and "\n" not in error, error
    return error


# --- unknown hooks -----------------------------------------------------------------------------


def test_a_misspelt_hook_fails_the_plugins_load_and_names_the_hook() -> None:
    registry, infos = _loaded(("typo", Misspelt()), ("good", Good()))
    error = _one_line(infos["typo"].error)
    assert error.startswith("unknown hook register_rule (did you mean register_rules?)")
    assert "register_policies, register_readers, register_reporters, register_rules" in error
    assert infos["typo"].rules == [] and infos["typo"].hooks == ["register_rule"]
    # the plugin after it loads, and the rule it registers is the good plugin's
    assert infos["good"].error is None and infos["good"].rules == ["T970"]
    assert registry.rules["T970"].plugin == "good"
    assert [p.name for p in registry.failed()] == ["typo"]


def test_an_optional_hook_of_another_host_is_no_error() -> None:
    """pluggy's own escape: `optionalhook=True` marks an implementation for a hook the host
    may not have (never called here)."""

    class Optional:
        @hookimpl(optionalhook=True)
        def register_widgets(self) -> list[str]:  # pragma: no cover - never called
            return ["w"]

        @hookimpl
        def register_rules(self) -> list[Rule]:
            return [contract_rule]

    _, infos = _loaded(("optional", Optional()))
    assert infos["optional"].error is None and infos["optional"].rules == ["T970"]


def test_an_argument_the_hook_does_not_have_fails_the_load() -> None:
    class Arguments:
        @hookimpl
        def register_rules(self, policy: str) -> list[Rule]:  # pragma: no cover - refused
            return [contract_rule]

    registry, infos = _loaded(("arguments", Arguments()))
    error = _one_line(infos["arguments"].error)
    assert "PluginValidationError" in error and "policy" in error and "register_rules" in error
    assert "T970" not in registry.rules


# --- duplicate names ---------------------------------------------------------------------------


class DuplicateReader:
    @hookimpl
    def register_rules(self) -> list[Rule]:
        return [contract_rule]

    @hookimpl
    def register_readers(self) -> list[Any]:
        return [_Reader("t970-reader"), _Reader("records")]


class DuplicateReporter:
    @hookimpl
    def register_reporters(self) -> list[Any]:
        return [_Reporter("json")]


class DuplicatePolicy:
    @hookimpl
    def register_policies(self) -> dict[str, Path]:
        return {"national": ROOT / "tests" / "another-national.yaml"}


@pytest.mark.parametrize(
    ("plugin", "message", "kind"),
    [
        (DuplicateReader(), "register_readers: ValueError: reader records is already registered "
         "by jxcheck", "readers"),
        (DuplicateReporter(), "register_reporters: ValueError: reporter json is already "
         "registered by jxcheck", "reporters"),
        (DuplicatePolicy(), "register_policies: ValueError: policy national is already "
         "registered by jxcheck", "policies"),
    ],
    ids=["reader", "reporter", "policy"],
)  # fmt: skip
def test_a_name_already_registered_fails_the_later_plugin(
    plugin: object, message: str, kind: str
) -> None:
    builtin = PluginLoader().load()
    registry, infos = _loaded(("dup", plugin))
    assert _one_line(infos["dup"].error) == message
    # nothing of the failed plugin is registered (not its rule, not its other reader) and the
    # built-in keeps its name
    assert "T970" not in registry.rules and "t970-reader" not in registry.readers
    kept, first = getattr(registry, kind), getattr(builtin, kind)
    assert {k: type(v) for k, v in kept.items()} == {k: type(v) for k, v in first.items()}
    assert kind != "policies" or kept == first
    info = infos["dup"]
    assert (info.rules, info.readers, info.reporters, info.policies) == ([], [], [], [])


def test_the_same_name_twice_from_one_plugin_fails_it() -> None:
    class Twice:
        @hookimpl
        def register_readers(self) -> list[Any]:
            return [_Reader("t970-reader"), _Reader("t970-reader")]

    registry, infos = _loaded(("twice", Twice()))
    assert _one_line(infos["twice"].error) == (
        "register_readers: ValueError: reader t970-reader is registered twice by twice"
    )
    assert "t970-reader" not in registry.readers


def test_between_two_plugins_the_first_keeps_the_name() -> None:
    class First:
        @hookimpl
        def register_reporters(self) -> list[Any]:
            return [_Reporter("t970")]

    class Second:
        @hookimpl
        def register_reporters(self) -> list[Any]:
            return [_Reporter("t970")]

    registry, infos = _loaded(("first", First()), ("second", Second()))
    assert infos["first"].error is None and infos["first"].reporters == ["t970"]
    assert _one_line(infos["second"].error).endswith("reporter t970 is already registered by first")
    assert infos["second"].reporters == []
    assert "t970" in registry.reporters


def test_a_duplicate_rule_id_still_fails_as_before() -> None:
    _, infos = _loaded(("good", Good()), ("again", Good()))
    assert infos["again"].error == (
        "register_rules: ValueError: rule id T970 is already registered by good"
    )


def test_a_hook_that_raises_registers_nothing_of_its_plugin() -> None:
    class HalfBroken:
        @hookimpl
        def register_rules(self) -> list[Rule]:
            return [contract_rule]

        @hookimpl
        def register_readers(self) -> list[Any]:
            raise RuntimeError("register server\nunreachable")

    registry, infos = _loaded(("half", HalfBroken()))
    assert infos["half"].error == "register_readers: RuntimeError: register server unreachable"
    assert "T970" not in registry.rules and infos["half"].rules == []


def test_a_rule_that_is_not_a_rule_fails_the_load() -> None:
    class NotARule:
        @hookimpl
        def register_rules(self) -> list[Any]:
            return [contract_rule, "T971"]

    registry, infos = _loaded(("not-a-rule", NotARule()))
    assert "register_rules returned 'T971', not a rule made by @rule" in str(
        infos["not-a-rule"].error
    )
    assert "T970" not in registry.rules


# --- through a distribution with an entry point ----------------------------------------------------

MISSPELT_MODULE = '''
"""A county plugin with a typo in its hook's name."""

from checker import hookimpl
from checker.rule import rule


@rule(
    "TY001",
    "typo-rule",
    category="test",
    severity="error",
    basis="test",
    title=("拼错的钩子", "a misspelt hook"),
    message=("不会出现", "never shown"),
)
def typo_rule(project, ctx):
    """测试用。

    ---
    For tests.
    """
    yield from ()


@hookimpl
def register_rule():
    return [typo_rule]
'''


def _installed(site: Path, module: str, dist: str, entry: str, source: str) -> dict[str, str]:
    """A distribution `dist` with a `jxcheck` entry point `entry`, importable from `site`."""
    assert ENTRY_POINT_GROUP == "jxcheck"
    return plugin_on_path(site, module, dist, entry, source, version="0.2")


@pytest.mark.slow  # jxcheck run as a command, several times
def test_an_installed_plugin_with_a_misspelt_hook(tmp_path: Path) -> None:
    env = _installed(tmp_path / "site", "jxcheck_typo", "jxcheck-typo", "typo", MISSPELT_MODULE)
    listed = jxcheck("plugins", env=env)
    assert listed.returncode == 0, listed.stderr
    assert (
        "typo (jxcheck-typo 0.2) [FAILED: unknown hook register_rule (did you mean "
        "register_rules?)" in listed.stdout
    ), listed.stdout
    assert "typo (jxcheck-typo 0.2) [ok]" not in listed.stdout
    shown = {
        p["name"]: p for p in json.loads(jxcheck("plugins", "--format", "json", env=env).stdout)
    }
    assert shown["typo"]["rules"] == [] and shown["typo"]["hooks"] == ["register_rule"]

    # not required: the run warns, naming plugin and version, and runs without it
    run = jxcheck("check", SEED, "--select", "TY", "--lang", "en", env=env)
    assert run.returncode == 2, run.stdout + run.stderr  # TY001 is no registered rule
    warned = jxcheck("check", SEED, "--format", "json", "--lang", "en", env=env)
    assert warned.returncode == 1, warned.stderr
    assert "plugin typo (jxcheck-typo 0.2) failed to load" in warned.stderr
    assert "unknown hook register_rule" in warned.stderr

    # required: exit 2, one line, nothing checked
    strict = tmp_path / "strict.yaml"
    strict.write_text("extends: national\nrequired_plugins: [jxcheck-typo]\n", encoding="utf-8")
    required = jxcheck(
        "check", SEED, "--policy", strict.name, "--lang", "en", cwd=tmp_path, env=env
    )
    assert required.returncode == 2 and required.stdout == "", required.stdout
    assert required.stderr.count("\n") == 1 and "Traceback" not in required.stderr
    assert "plugin typo 0.2, required by policy strict.yaml, failed to load: unknown hook " in (
        required.stderr
    ), required.stderr


@pytest.mark.slow  # jxcheck run as a command, several times
def test_an_installed_plugin_cannot_take_a_builtin_name(tmp_path: Path) -> None:
    """Its entry point `aaa` sorts before `builtin-reporters`; jxcheck's own load first."""
    plain = jxcheck("check", SEED, "--format", "json")
    env = _installed(
        tmp_path / "site", "jxcheck_clash", "jxcheck-clash", "aaa", REPORTER_CLASH_PLUGIN
    )
    listed = jxcheck("plugins", env=env)
    assert re.search(r"^builtin-reporters \(jxcheck \S+\) \[ok\]$", listed.stdout, re.M)
    assert (
        "aaa (jxcheck-clash 0.2) [FAILED: register_reporters: ValueError: reporter json is "
        "already registered by jxcheck]" in listed.stdout
    ), listed.stdout
    checked = jxcheck("check", SEED, "--format", "json", env=env)
    assert (checked.returncode, checked.stdout) == (plain.returncode, plain.stdout)
    assert "jxcheck-clash 0.2" in checked.stderr


# --- built-ins ----------------------------------------------------------------------------------


def test_builtins_load_through_the_entry_point_group() -> None:
    points = {
        ep.name: ep.value
        for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)
        if ep.dist is not None and ep.dist.metadata["Name"] == BUILTIN_DIST
    }
    registry = PluginLoader().load()
    builtins = {p.name: p for p in registry.plugins if p.builtin}
    assert {name: p.module for name, p in builtins.items()} == points
    assert all(p.error is None for p in builtins.values())
    assert builtins["builtin-rules"].hooks == ["register_policies", "register_rules"]
    assert len(builtins["builtin-rules"].rules) > 50


def test_a_missing_rule_module_is_an_import_error_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(rules, "plan", raising=False)
    monkeypatch.setitem(sys.modules, "rules.plan", None)  # as if rules/plan.py were not there
    with pytest.raises(ImportError, match="plan"):
        rules.register_rules()
    registry = PluginLoader().load()
    info = registry.plugin("builtin-rules")
    assert info is not None and info.error is not None
    assert re.match(r"register_rules: (Import|ModuleNotFound)Error: .*rules\.plan", info.error)
    assert not [r for r in registry.rules if r.startswith("P0")]
    with pytest.raises(ConfigError) as stopped:
        prepare("national", registry=registry)
    text = stopped.value.text.en
    assert "jxcheck's own plugin builtin-rules" in text and "installation is incomplete" in text


def test_the_rule_modules_are_listed_and_all_register() -> None:
    """Every module in rules/ (but `__init__`) is registered by the hook, in the catalogue's
    order of categories: a new one cannot be left out, a listed one cannot be missing."""
    import importlib

    modules = sorted(p.stem for p in (ROOT / "rules").glob("*.py") if p.stem != "__init__")
    on_disk = [r.id for name in modules for r in importlib.import_module(f"rules.{name}").RULES]
    registered = [r.id for r in rules.register_rules()]
    assert sorted(registered) == sorted(on_disk) and len(set(registered)) == len(registered)
    assert [r[0] for r in registered[:1]] == ["S"]  # structure first, as the catalogue


# --- documentation ------------------------------------------------------------------------------


def test_every_hook_is_documented() -> None:
    specs = [n for n in dir(hookspecs) if hasattr(getattr(hookspecs, n), "jxcheck_spec")]
    assert specs == [
        "register_policies",
        "register_readers",
        "register_reporters",
        "register_rules",
    ]
    guide = (ROOT / "docs" / "writing-plugins.md").read_text(encoding="utf-8")
    for name in specs:
        assert (getattr(hookspecs, name).__doc__ or "").strip(), name
        assert f"`{name}()`" in guide, name
