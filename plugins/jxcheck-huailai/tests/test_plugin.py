"""The plugin as jxcheck sees it: registration, docs, the register, the county policy, the seed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from checker import api
from checker.errors import ConfigError
from checker.plugins import load_registry
from checker.policy import load_policy
from checker.rule import doc_problems
from pydantic import ValidationError

from jxcheck_huailai.register import RegisterError, load_register, parse_register
from jxcheck_huailai.rules import UnitRegisterParams

HERE = Path(__file__).resolve().parent
TODAY = date(2023, 3, 1)


def test_registered_through_the_entry_point() -> None:
    registry = load_registry(fresh=True)
    info = registry.plugin("jxcheck-huailai")
    assert info is not None, "pip install the plugin first"
    assert info.error is None
    assert info.version == "0.1.0"
    assert info.rules == ["HL001", "HL002", "HL003"]
    assert info.policies == ["huailai"]
    for rule_id in info.rules:
        assert registry.rules[rule_id].plugin == "jxcheck-huailai"


@pytest.mark.parametrize("rule_id", ["HL001", "HL002", "HL003"])
def test_rule_docs_are_complete(rule_id: str) -> None:
    rule = load_registry().rules[rule_id]
    assert doc_problems(rule) == []
    for message in rule.messages.values():
        assert message.zh and message.en


def test_shipped_register() -> None:
    register = load_register("")
    assert register.name_of("471001") == "怀来县工业和信息化局"
    assert register.name_of("471002") == "怀来县数字经济局"
    assert register.source == "jxcheck_huailai/data/budget_units.csv"


def test_register_format() -> None:
    register = parse_register("\ufeffcode,name\n# comment\n\n471001, 某局 ,note\n", "x.csv")
    assert dict(register.units) == {"471001": "某局"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("code,name\n47100,某局\n", "x.csv:2: the unit code '47100' is not 6 digits"),
        (
            "471001,甲局\n471001,乙局\n",
            "x.csv:2: the unit code 471001 is listed twice (also line 1)",
        ),
        ("471001\n", "x.csv:1: each line is `code,name`"),
        ("code,name\n", "x.csv: the register lists no budget unit"),
    ],
)
def test_register_errors_name_file_and_line(text: str, problem: str) -> None:
    with pytest.raises(RegisterError) as error:
        parse_register(text, "x.csv")
    assert problem in error.value.en
    assert error.value.zh.startswith("x.csv")


def test_register_path_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "units.csv").write_text("471001,某局\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert dict(load_register("units.csv").units) == {"471001": "某局"}
    assert UnitRegisterParams(register_file="units.csv").register_file == "units.csv"


def test_missing_register_is_a_parameter_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValidationError) as error:
        UnitRegisterParams(register_file="nowhere.csv")
    assert "nowhere.csv" in str(error.value) and "不存在" in str(error.value)


def test_county_policy() -> None:
    policy = load_policy(load_registry(), "huailai")
    assert policy.names == ["national", "hebei", "huailai"]
    assert policy.required_plugins == ["jxcheck-huailai"]
    [waiver] = [w for w in policy.waivers if w.layer == "huailai"]
    assert (waiver.rule, waiver.project) == ("B005", "13073022P00883610001N")
    assert waiver.reason and waiver.approver
    assert waiver.expires > date(2026, 11, 30)
    # HL001 and HL002 are declared as data (HL101 in the policy's rule file, HL102 in the
    # policy); the Python rules stay installed, opt-in.
    assert policy.setting(policy.rules["HL101"]).enabled
    assert policy.setting(policy.rules["HL102"]).enabled
    assert policy.rules["HL102"].plugin == "policy:huailai"
    assert policy.rules["HL101"].plugin.endswith("transfer-notices.rules.yaml")
    assert policy.unselected_rules() == ["HL001", "HL002"]
    resolved = policy.to_json(resolved=True)
    assert resolved["rules"]["HL003"]["params"]["register_file"] == ""


def test_seed_under_the_county_policy(seed: Path) -> None:
    report = api.check([seed], "huailai", today=TODAY)
    assert {"HL101", "HL102", "HL003"} <= set(report.enabled_rules)
    # The seed's transfer notices (tables 6–9) are dated 2022 for the 2023 budget: no HL101.
    # Their square brackets are N003's, reported once per cell, never again by HL101.
    assert [f.rule for f in report.findings if f.rule.startswith("HL")] == []
    n003 = [f.line for f in report.findings if f.rule == "N003"]
    assert n003 == [30, 119, 208, 298, 387, 477, 566, 657, 748]
    waived = [f for f in report.findings if f.waived]
    assert [(f.rule, f.project_code) for f in waived] == [("B005", "13073022P00883610001N")]


def test_a_notice_dated_after_the_budget_year(seed: Path, tmp_path: Path) -> None:
    text = seed.read_text(encoding="utf-8").replace("冀财建[2022]238号", "冀财建〔2024〕238号")
    later = tmp_path / "later.txt"
    later.write_text(text, encoding="utf-8")
    report = api.check([later], "huailai", today=TODAY)
    hits = [(f.rule, f.severity.name, f.line) for f in report.findings if f.line == 477]
    assert ("HL101", "error", 477) in hits
    assert ("N003", "info", 477) not in hits  # 〔〕 now: nothing for N003 in that cell


def test_installed_is_not_enabled(seed: Path) -> None:
    """Under the province's policy the county's rules do not run, though installed."""
    report = api.check([seed], "hebei", today=TODAY)
    assert not [r for r in report.enabled_rules if r.startswith("HL")]
    assert not [r for r in report.disabled_rules if r.startswith("HL")]
    policy = load_policy(load_registry(), "hebei")
    assert policy.unselected_rules() == ["HL001", "HL002", "HL003"]


def test_a_bureaus_own_register(
    seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A policy that points HL003 at the bureau's updated register: no code change needed."""
    (tmp_path / "units_2024.csv").write_bytes((HERE / "data" / "units_2024.csv").read_bytes())
    (tmp_path / "county.yaml").write_text(
        "extends: huailai\nparams:\n  HL003: {register_file: units_2024.csv}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    report = api.check([seed], "county.yaml", today=TODAY, select=["HL003"])
    hits = [(f.rule, f.severity.name, f.line) for f in report.findings]
    assert hits == [("HL003", "warning", 833)]
    assert "怀来县数据和政务服务局" in report.findings[0].message.zh


def test_a_broken_register_stops_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "units.csv").write_text("471001,甲局\n471001,乙局\n", encoding="utf-8")
    (tmp_path / "county.yaml").write_text(
        "extends: huailai\nparams:\n  HL003: {register_file: units.csv}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as error:
        load_policy(load_registry(), "county.yaml")
    text = error.value.render("en")
    assert "county.yaml:3" in text and "listed twice" in text


def test_rules_as_data() -> None:
    rule = load_registry().rules["HL002"]
    meta = rule.metadata("en")
    assert meta["plugin"] == "jxcheck-huailai"
    assert json.loads(json.dumps(meta))["params"]["min_cost_rows"] == 2
