"""Fail closed in code: S000, S001 and X001 run and fail the run whatever a policy says.

They are mandatory because the rules say so (`Rule.mandatory`), not because a policy file lists
them: a standalone policy (no `extends`) that ignores ALL, turns ALL off or lowers them, and a
command line that ignores them, still get every unreadable file (S000), every record that breaks
the schema (S001) and every crash of a rule (X001), as errors, and exit status 1.

- The resolution itself, as a table over in-memory layers (no file read): fake rules that declare
  themselves mandatory, a plain rule, and an opt-in plugin rule that declares itself mandatory.
- Through the command line: a plugin installed as a user installs one (a distribution with a
  `jxcheck` entry point on `PYTHONPATH`) whose rule raises on every record, selected by a
  standalone policy with `ignore: [ALL]`.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from checker.plugins import PluginInfo, Registry
from checker.policy import MANDATORY_IN_CODE, PolicyLayer, resolve_layers
from checker.source import SourceMap

from .conftest import SEED, fake_rule, jxcheck, plugin_on_path

SEED_YAML = SEED.with_suffix(".yaml")

# --------------------------------------------------------------------------------------------
# Resolution: a table over layers built in memory
# --------------------------------------------------------------------------------------------


PLUGIN = "jxcheck-county"
RULES = {
    r.id: r
    for r in (
        fake_rule("S000", "error", mandatory=True),
        fake_rule("S001", "error", mandatory=True),
        fake_rule("X001", "error", mandatory=True),
        fake_rule("W001", "warning", mandatory=True),
        fake_rule("V001", "warning"),
        fake_rule("ZZ001", "warning", plugin=PLUGIN),
        fake_rule("ZM001", "warning", mandatory=True, plugin=PLUGIN),
    )
}


def _registry() -> Registry:
    return Registry(
        rules=dict(RULES),
        plugins=[
            PluginInfo("builtin", "jxcheck", "0.1.0", "builtin"),
            PluginInfo("county", PLUGIN, "0.1.0", "county", rules=["ZZ001", "ZM001"], opt_in=True),
        ],
    )


def _layer(name: str, data: dict[str, Any]) -> PolicyLayer:
    return PolicyLayer(name=name, file=f"{name}.yaml", data=data, source_map=SourceMap())


ON, OFF = True, False
#: (enabled, the policy's severity override or None for the rule's own)
State = tuple[bool, str | None]


@dataclass
class Case:
    id: str
    layers: list[dict[str, Any]]
    expect: dict[str, State]
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: Rule id → a text its `origin` (any key) must contain.
    origin: dict[str, str] = field(default_factory=dict)
    unselected: tuple[str, ...] = ()


CORE_ON = {"S000": (ON, None), "S001": (ON, None), "X001": (ON, None)}

CASES = [
    Case(
        "the issue's policy: select ZZ, ignore ALL, no extends",
        [{"select": ["ZZ"], "ignore": ["ALL"]}],
        {**CORE_ON, "V001": (OFF, None), "ZZ001": (ON, None)},
        origin={"X001": f"{MANDATORY_IN_CODE} (overrides p0: ignore ALL)"},
        unselected=("ZM001",),
    ),
    Case(
        "an empty standalone policy: nothing lists them, they run",
        [{}],
        {**CORE_ON, "V001": (ON, None), "ZZ001": (OFF, None)},
        origin={"S000": MANDATORY_IN_CODE},
        unselected=("ZM001", "ZZ001"),
    ),
    Case(
        "ALL: off",
        [{"severity": {"ALL": "off"}}],
        {**CORE_ON, "V001": (OFF, None)},
        origin={"S001": "(off overridden)"},
        unselected=("ZM001", "ZZ001"),
    ),
    Case(
        "ignored by id and by prefix, set off by id",
        [{"ignore": ["S000", "X"], "severity": {"S001": "off"}}],
        CORE_ON,
        origin={"S000": "overrides p0: ignore S000", "S001": "(off overridden)"},
        unselected=("ZM001", "ZZ001"),
    ),
    Case(
        "a lower severity is overridden: they stay errors",
        [{"severity": {"S": "warning", "X001": "info", "W001": "info"}}],
        {**CORE_ON, "W001": (ON, None)},
        origin={"X001": f"({MANDATORY_IN_CODE}: p0: severity X001 overridden)"},
        unselected=("ZM001", "ZZ001"),
    ),
    Case(
        "a higher or equal severity is kept",
        [{"severity": {"X001": "error", "W001": "error"}}],
        {"X001": (ON, "error"), "W001": (ON, "error")},
        unselected=("ZM001", "ZZ001"),
    ),
    Case(
        "a child layer cannot undo it either",
        [{"mandatory": ["V001"]}, {"ignore": ["ALL"], "severity": {"ALL": "off"}}],
        {**CORE_ON, "V001": (ON, None), "W001": (ON, None)},
        origin={"V001": "p0: mandatory V001", "X001": MANDATORY_IN_CODE},
        unselected=("ZM001", "ZZ001"),
    ),
    Case(
        "in code and in a layer: the code is named",
        [{"mandatory": ["S", "X001"]}],
        CORE_ON,
        origin={"S000": MANDATORY_IN_CODE, "X001": MANDATORY_IN_CODE},
        unselected=("ZM001", "ZZ001"),
    ),
    Case(
        "--ignore ALL and --ignore by id",
        [{}],
        {**CORE_ON, "V001": (OFF, None)},
        ignore=("ALL", "S000,X001"),
        origin={"X001": "overrides command line: --ignore X001"},
        unselected=("ZM001", "ZZ001"),
    ),
    Case(
        "--select of another rule",
        [{}],
        {**CORE_ON, "V001": (ON, None), "W001": (ON, None)},
        select=("V001",),
        origin={"S001": "overrides command line: not matched by --select"},
        unselected=("ZM001", "ZZ001"),
    ),
    Case(
        "an opt-in rule declaring itself mandatory: not part of a policy that does not name it",
        [{"ignore": ["ALL"], "severity": {"ALL": "off"}}],
        {"ZM001": (OFF, None), "ZZ001": (OFF, None)},
        unselected=("ZM001", "ZZ001"),
    ),
    Case(
        "an opt-in rule declaring itself mandatory: once named, nothing turns it off",
        [{"select": ["ZM"]}, {"ignore": ["ZM001"]}],
        {"ZM001": (ON, None), "ZZ001": (OFF, None)},
        ignore=("ZM",),
        origin={"ZM001": MANDATORY_IN_CODE},
        unselected=("ZZ001",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_mandatory_in_code(case: Case) -> None:
    layers = [_layer(f"p{i}", data) for i, data in enumerate(case.layers)]
    policy = resolve_layers(_registry(), layers, case.select, case.ignore)
    got: dict[str, State] = {}
    for rule_id in case.expect:
        setting = policy.setting(RULES[rule_id])
        got[rule_id] = (setting.enabled, setting.severity.name if setting.severity else None)
    assert got == case.expect
    for rule_id in ("S000", "S001", "X001", "W001"):
        setting = policy.setting(RULES[rule_id])
        assert setting.enabled and setting.mandatory
        assert setting.origin["mandatory"] == MANDATORY_IN_CODE
    for rule_id, text in case.origin.items():
        origin = policy.setting(RULES[rule_id]).origin
        assert any(text in value for value in origin.values()), origin
    assert policy.unselected_rules() == list(case.unselected)
    assert not {"S000", "S001", "X001"} & set(policy.disabled_rules())


# --------------------------------------------------------------------------------------------
# Through the command line, with an installed plugin whose rule raises on every record
# --------------------------------------------------------------------------------------------

PLUGIN_MODULE = textwrap.dedent(
    '''
    """A test plugin: a rule that raises on every record."""

    from checker import hookimpl
    from checker.rule import rule


    @rule(
        "ZZ001",
        "always-raises",
        category="test",
        severity="warning",
        basis="test",
        title=("总是出错", "always raises"),
        message=("不会出现", "never shown"),
    )
    def always_raises(project, ctx):
        """测试用。

        ---
        For tests.
        """
        raise RuntimeError("this rule always raises")


    @hookimpl
    def register_rules():
        return [always_raises]
    '''
)

#: Standalone policies (no `extends`) that try every way to silence S000, S001 and X001.
POLICIES = {
    "select ZZ, ignore ALL": "select: [ZZ]\nignore: [ALL]\n",
    "and ALL off, S and X lowered": (
        "name: quiet\nselect: [ZZ]\nignore: [ALL, S, X]\n"
        "severity: {ALL: off, ZZ: warning, S: info, X001: info}\n"
    ),
}


@pytest.fixture(scope="module")
def plugin_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A distribution `jxcheck-fail-closed-test` with a `jxcheck` entry point on `PYTHONPATH`."""
    site = tmp_path_factory.mktemp("site")
    return plugin_on_path(
        site,
        "jxcheck_fail_closed_test",
        "jxcheck-fail-closed-test",
        "fail-closed-test",
        PLUGIN_MODULE,
    )


def _inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    inputs = {
        "document": folder / "document.yaml",
        "unparseable": folder / "unparseable.yaml",
        "invalid": folder / "invalid.yaml",
        "missing": folder / "missing.yaml",
    }
    inputs["document"].write_bytes(SEED_YAML.read_bytes())
    inputs["unparseable"].write_text("name: [unclosed\n", encoding="utf-8")
    inputs["invalid"].write_text(
        "format: jxcheck/1\nkind: project\nname: 项目\nindicators: not a list\n", encoding="utf-8"
    )
    inputs["missing"].symlink_to(folder / "deleted.yaml")  # cannot be read
    return inputs


@pytest.mark.parametrize("text", POLICIES.values(), ids=list(POLICIES))
def test_a_policy_cannot_silence_s000_s001_x001(
    text: str, plugin_env: dict[str, str], tmp_path: Path
) -> None:
    policy = tmp_path / "quiet.yaml"
    policy.write_text(text, encoding="utf-8")
    inputs = _inputs(tmp_path / "in")
    out = tmp_path / "report.json"
    args = ["--policy", policy, "--format", "json", "-o", out, "--jobs", "1"]
    done = jxcheck("check", *inputs.values(), *args, env=plugin_env, cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    found = [(f["rule"], f["severity"], Path(f["file"]).name) for f in report["findings"]]
    crashed = [f for f in found if f[0] == "X001"]
    records = [r for r in report["records"] if Path(r["file"]).name == "document.yaml"]
    assert len(records) == 10 and len(crashed) == len(records)  # one per record of the seed
    assert {f[1] for f in crashed} == {"error"}
    assert ("S000", "error", "unparseable.yaml") in found
    assert ("S000", "error", "missing.yaml") in found
    assert ("S001", "error", "invalid.yaml") in found
    assert {f[0] for f in found} == {"S000", "S001", "X001"}


def test_the_command_line_cannot_silence_them_either(
    plugin_env: dict[str, str], tmp_path: Path
) -> None:
    policy = tmp_path / "quiet.yaml"
    policy.write_text(POLICIES["select ZZ, ignore ALL"], encoding="utf-8")
    inputs = _inputs(tmp_path / "in")
    out = tmp_path / "report.json"
    done = jxcheck(
        "check",
        *inputs.values(),
        "--policy",
        policy,
        "--ignore",
        "S,X",
        "--select",
        "ZZ001",
        "--format",
        "json",
        "-o",
        out,
        "--jobs",
        "1",
        env=plugin_env,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {f["rule"] for f in report["findings"]} == {"S000", "S001", "X001"}


def test_policy_show_says_mandatory_in_code(plugin_env: dict[str, str], tmp_path: Path) -> None:
    policy = tmp_path / "quiet.yaml"
    policy.write_text(POLICIES["and ALL off, S and X lowered"], encoding="utf-8")
    done = jxcheck("policy", "show", "--policy", policy, "--resolved", env=plugin_env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for rule_id in ("S000", "S001", "X001"):
        block = done.stdout.split(f"\n  {rule_id}: ", 1)[1].split("\n  ", 1)[0]
        assert block.startswith("on  error"), block
        assert "mandatory" in block
    assert f"mandatory ← {MANDATORY_IN_CODE}" in done.stdout
    shown = jxcheck(
        "policy",
        "show",
        "--policy",
        policy,
        "--resolved",
        "--format",
        "json",
        env=plugin_env,
        cwd=tmp_path,
    )
    rules = json.loads(shown.stdout)["rules"]
    for rule_id in ("S000", "S001", "X001"):
        assert rules[rule_id]["enabled"] and rules[rule_id]["mandatory"]
        assert rules[rule_id]["severity"] is None  # the rule's own: error
        assert rules[rule_id]["origin"]["mandatory"] == MANDATORY_IN_CODE
    assert rules["ZZ001"]["enabled"] and not rules["V001"]["enabled"]
