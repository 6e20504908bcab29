"""Declarative rules (`rules:` in a policy, checker/declarative.py): each plain form and `assert`
with a case that fires and one that does not, the policy errors (file and line), the huailai
policy's HL102 against the Python HL002 on the seed, and hostile rule files through the CLI."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from checker import api
from checker.declarative import is_declarative
from checker.errors import ConfigError
from checker.model import Budget, Document, Indicator, Project
from checker.plugins import Registry, load_registry
from checker.policy import load_policy
from checker.rule import Params, Rule, context_for, doc_problems, run_rule

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "000_57b4140ba813d59e.txt"
HUAILAI_SRC = ROOT / "plugins" / "jxcheck-huailai" / "src"


def _registry() -> Registry:
    """The installed plugins, with a rules dict of this test's own (declared rules go in it)."""
    base = load_registry()
    return replace(base, rules={k: r for k, r in base.rules.items() if not is_declarative(r)})


def _declare(tmp_path: Path, rules: str, registry: Registry | None = None) -> dict[str, Rule]:
    """Load a policy of `rules` (YAML, indented as the items of `rules:`); the declared rules."""
    policy = tmp_path / "local.yaml"
    policy.write_text("extends: national\nrules:\n" + rules, encoding="utf-8")
    registry = registry or _registry()
    load_policy(registry, policy, cwd=tmp_path)
    return {k: r for k, r in registry.rules.items() if is_declarative(r)}


def _row(level1: str, level2: str, name: str, value: str) -> Indicator:
    return Indicator(level1=level1, level2=level2, name=name, value=value)


def _project(
    name: str = "运行经费", total: str = "50", rows: list[Indicator] | None = None
) -> Project:
    if rows is None:
        rows = [
            _row("产出指标", "数量指标", "培训人次", "≥100人次"),
            _row("产出指标", "成本指标", "办公设备购置成本", "≤5万元"),
            _row("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%"),
        ]
    return Project(name=name, code="130730000001", budget=Budget(total=total), indicators=rows)


def _run(rule: Rule, project: Project) -> list[tuple[str, str]]:
    """(pointer, Chinese message) of each hit of `rule` on `project`."""
    document = Document(budget_year=2023, projects=[project])
    ctx = context_for(rule, Params(), 2023, document, 0, False)
    hits = run_rule(rule, project, ctx)
    return [(hit.pointer, rule.message_for(hit.message).format(**hit.args).zh) for hit in hits]


def _one(tmp_path: Path, body: str, scope: str = "project", message: str = "问题 {name}") -> Rule:
    rules = _declare(
        tmp_path,
        f"  - id: XY001\n    title: {{zh: 测试}}\n    message: {{zh: '{message}'}}\n"
        f"    scope: {scope}\n" + body,
    )
    return rules["XY001"]


# --- plain forms ------------------------------------------------------------------------------


def test_require_indicator_name(tmp_path: Path) -> None:
    rule = _one(tmp_path, "    require: {indicator_name: 群众满意度}\n", message="缺少 {required}")
    assert _run(rule, _project()) == []
    rows = [_row("产出指标", "成本指标", "办公设备购置成本", "≤5万元")]
    assert _run(rule, _project(rows=rows)) == [("/indicators", "缺少 群众满意度")]


def test_require_indicator_class(tmp_path: Path) -> None:
    rule = _one(tmp_path, "    require: {indicator_class: 成本指标}\n")
    assert _run(rule, _project()) == []
    rows = [_row("产出指标", "数量指标", "培训人次", "≥100人次")]
    assert _run(rule, _project(rows=rows)) == [("/indicators", "问题 运行经费")]


def test_count_rows_of_a_class_with_when(tmp_path: Path) -> None:
    rule = _one(
        tmp_path,
        "    when: {name_contains: [运行经费], budget_at_least: 20}\n"
        "    count: {rows_class: 成本指标, at_least: 2}\n",
        message="{name} {budget} 万元 ≥ {threshold}：成本 {count} 行，应至少 {at_least} 行",
    )
    # One cost row: points at it.
    assert _run(rule, _project()) == [
        ("/indicators/1", "运行经费 50 万元 ≥ 20：成本 1 行，应至少 2 行")
    ]
    assert _run(rule, _project(total="19.9")) == []  # under the threshold
    assert _run(rule, _project(name="专项资金")) == []  # not a running cost
    rows = [
        _row("产出指标", "成本指标", "办公设备购置成本", "≤5万元"),
        _row("产出指标", "成本指标", "差旅费", "≤3万元"),
    ]
    assert _run(rule, _project(rows=rows)) == []
    none = [_row("产出指标", "数量指标", "培训人次", "≥100人次")]
    assert _run(rule, _project(rows=none))[0][0] == "/indicators"


def test_value_bound_on_rows_matching_a_name(tmp_path: Path) -> None:
    rule = _one(
        tmp_path,
        "    when: {name_matches: 满意度}\n    value: {at_least: 90, unit: '%'}\n",
        scope="indicator",
        message="{row_name} 为 {value}，应不低于 {at_least}{unit}",
    )
    assert _run(rule, _project()) == []
    rows = [_row("满意度指标", "服务对象满意度指标", "群众满意度", "≥85%")]
    assert _run(rule, _project(rows=rows)) == [
        ("/indicators/0/value", "群众满意度 为 ≥85%，应不低于 90%")
    ]
    # Rows whose name does not match are not judged.
    rows = [_row("产出指标", "质量指标", "验收合格率", "≥85%")]
    assert _run(rule, _project(rows=rows)) == []


def test_pattern_on_a_field(tmp_path: Path) -> None:
    rule = _one(
        tmp_path,
        "    pattern: {field: name, must_not_match: '^怀财[^〔]*〔'}\n",
        message="项目名称“{text}”以本县发文字号开头",
    )
    assert _run(rule, _project(name="运行经费")) == []
    assert _run(rule, _project(name="怀财预〔2023〕5号 运行经费")) == [
        ("/name", "项目名称“怀财预〔2023〕5号 运行经费”以本县发文字号开头")
    ]


def test_pattern_must_match_in_indicator_scope(tmp_path: Path) -> None:
    rule = _one(
        tmp_path,
        "    when: {class: 成本指标}\n    pattern: {field: value, must_match: '万元'}\n",
        scope="indicator",
        message="成本指标 {row_name} 的值 {text} 没有以万元计",
    )
    assert _run(rule, _project()) == []
    rows = [_row("产出指标", "成本指标", "办公设备购置成本", "≤5000元")]
    assert _run(rule, _project(rows=rows)) == [
        ("/indicators/0/value", "成本指标 办公设备购置成本 的值 ≤5000元 没有以万元计")
    ]


# --- expressions ----------------------------------------------------------------------------


def test_assert_expression_over_the_project(tmp_path: Path) -> None:
    rule = _one(
        tmp_path,
        "    when: project.budget_wan >= 20.0\n"
        '    assert: project.indicators.exists(r, r.class == "满意度指标" && r.number >= 90.0)\n',
    )
    assert _run(rule, _project()) == []
    rows = [_row("满意度指标", "服务对象满意度指标", "群众满意度", "≥80%")]
    assert _run(rule, _project(rows=rows)) == [("/name", "问题 运行经费")]
    assert _run(rule, _project(total="10", rows=rows)) == []


def test_assert_expression_over_a_row(tmp_path: Path) -> None:
    rule = _one(
        tmp_path,
        '    when: row.cost\n    assert: row.comparator == "≤" && row.unit == "万元"\n',
        scope="indicator",
        message="{row_name}: {value}",
    )
    assert _run(rule, _project()) == []
    rows = [_row("产出指标", "成本指标", "办公设备购置成本", "5万元")]
    assert _run(rule, _project(rows=rows)) == [("/indicators/0", "办公设备购置成本: 5万元")]


def test_declared_rule_has_metadata_and_a_doc(tmp_path: Path) -> None:
    rule = _one(tmp_path, "    require: {indicator_class: 成本指标}\n")
    assert rule.plugin == "policy:local.yaml"
    assert rule.category == "local"
    assert doc_problems(rule) == []
    assert "require" in rule.doc.zh


def test_only_the_declaring_policy_runs_them(tmp_path: Path) -> None:
    registry = _registry()
    _declare(
        tmp_path,
        "  - {id: XY001, title: {zh: t}, message: {zh: m}, scope: project, assert: 'true'}\n",
        registry,
    )
    assert "XY001" in registry.rules
    load_policy(registry, "national", cwd=tmp_path)
    assert "XY001" not in registry.rules


# --- policy errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("    assert: project.nme == ''\n", r"local\.yaml:7: .*unknown field 'nme'"),
        ("    assert: 'project.name =='\n", r"local\.yaml:7: .*does not parse"),
        (
            "    assert: 'project.name.matches(\"(a\")'\n",
            r"local\.yaml:7: .*invalid regular expression '\(a'",
        ),
        (
            "    assert: 'timestamp(project.name) == 1'\n",
            r"local\.yaml:7: .*calls 'timestamp', which is not available",
        ),
        ("    assert: project.budget_wan\n", r"local\.yaml:7: .*true or false"),
        ("    assert: '" + "(" * 20 + "true" + ")" * 20 + "'\n", r"local\.yaml:7: .*nests 20"),
        ("    assert: '" + "true || " * 200 + "true'\n", r"local\.yaml:7: .*characters"),
        (
            "    assert: project.indicators.all(a, project.indicators.all(b,"
            " project.indicators.all(c, true)))\n",
            r"local\.yaml:7: .*exists/all/filter/map 3 deep",
        ),
        (
            "    pattern: {field: name, must_not_match: '(a+)+\\1'}\n",
            r"local\.yaml:7: .*linear time",
        ),
        ("    value: {at_least: 90}\n", r"local\.yaml:7: .*value needs scope: indicator"),
        ("    pattern: {field: nmae, must_match: x}\n", r"local\.yaml:7:"),
        ("    assert: 'true'\n    require: {indicator_class: 成本指标}\n", r"exactly one of"),
    ],
)
def test_policy_errors_name_file_and_line(tmp_path: Path, body: str, problem: str) -> None:
    with pytest.raises(ConfigError) as error:
        _one(tmp_path, body)
    assert re.search(problem, error.value.text.en), error.value.text.en


def _error(call: Any, *args: Any, **kwargs: Any) -> str:
    """The English text of the ConfigError `call(*args, **kwargs)` raises."""
    with pytest.raises(ConfigError) as error:
        call(*args, **kwargs)
    return error.value.text.en


def test_unknown_placeholder_is_an_error(tmp_path: Path) -> None:
    text = _error(_one, tmp_path, "    assert: 'true'\n", "project", "问题 {foo}")
    assert re.match(r"local\.yaml:5: .*placeholder \{foo\}", text), text


def test_id_must_be_a_bureau_prefix(tmp_path: Path) -> None:
    rule = "  - {id: V001, title: {zh: t}, message: {zh: m}, scope: project, assert: 'true'}\n"
    text = _error(_declare, tmp_path, rule)
    assert re.match(r"local\.yaml:3: .*bureau prefix", text), text


def test_duplicate_id_is_an_error(tmp_path: Path) -> None:
    rule = "  - {id: XY001, title: {zh: t}, message: {zh: m}, scope: project, assert: 'true'}\n"
    text = _error(_declare, tmp_path, rule + rule)
    assert re.match(r"local\.yaml:4: .*declared twice.*local\.yaml:3", text), text


# --- the county policy: HL102 (declarative) gives HL002's (Python) findings ---------------------


def _huailai_registry() -> Registry:
    sys.path.insert(0, str(HUAILAI_SRC))
    try:
        import jxcheck_huailai
    finally:
        sys.path.remove(str(HUAILAI_SRC))
    return load_registry([("jxcheck-huailai", jxcheck_huailai)])


def test_id_taken_by_a_plugin_is_an_error(tmp_path: Path) -> None:
    rule = "  - {id: HL002, title: {zh: t}, message: {zh: m}, scope: project, assert: 'true'}\n"
    text = _error(_declare, tmp_path, rule, _huailai_registry())
    assert re.match(r"local\.yaml:3: .*HL002 is taken by a rule of jxcheck-huailai", text), text


def _findings(path: Path, rule_id: str, registry: Registry) -> list[tuple[Any, ...]]:
    report = api.check(
        [path], "huailai", registry=registry, today=date(2023, 3, 1), select=[rule_id]
    )
    return [
        (f.project_code, f.pointer, f.line, f.message.zh, f.message.en)
        for f in report.findings
        if f.rule == rule_id
    ]


@pytest.mark.skipif(not SEED.is_file(), reason="seed document missing")
def test_hl102_gives_the_findings_of_hl002_on_the_seed(tmp_path: Path) -> None:
    registry = _huailai_registry()
    text = SEED.read_text(encoding="utf-8")
    # The seed itself (no running-cost table falls short), and the seed with every project
    # named a running cost: the tables of 20 万元 or more with one cost row are reported.
    running = tmp_path / "running.txt"
    running.write_text(re.sub(r"(项目名称\n\t)([^\n]+)", r"\1\2运行经费", text), encoding="utf-8")
    for path, count in ((SEED, 0), (running, 5)):
        python = _findings(path, "HL002", registry)
        declarative = _findings(path, "HL102", registry)
        assert declarative == python
        assert len(python) == count


@pytest.mark.skipif(not SEED.is_file(), reason="seed document missing")
def test_hl101_gives_the_findings_of_hl001_on_the_seed(tmp_path: Path) -> None:
    registry = _huailai_registry()
    text = SEED.read_text(encoding="utf-8")
    # The seed's notices (2022, for 2023) and the seed with them dated after the budget year,
    # one written with full-width brackets and a space before 号.
    later = tmp_path / "later.txt"
    later.write_text(
        text.replace("冀财建[2022]238号", "冀财建［2025］ 238 号").replace(
            "冀财建[2022]", "冀财建〔2024〕"
        ),
        encoding="utf-8",
    )
    # …and with them cited after a year in words, as 提前下达2024年冀财建〔2024〕…: the 机关代字
    # starts after the year's 年, not at it (both rules once missed such a name).
    after_year = tmp_path / "after-year.txt"
    after_year.write_text(
        text.replace("冀财建[2022]", "提前下达2024年冀财建〔2024〕"), encoding="utf-8"
    )
    for path, count in ((SEED, 0), (later, 4), (after_year, 4)):
        python = _findings(path, "HL001", registry)
        declarative = _findings(path, "HL101", registry)
        assert declarative == python
        assert len(python) == count


def test_huailai_policy_runs_its_declared_rules() -> None:
    registry = _huailai_registry()
    policy = load_policy(registry, "huailai")
    enabled = {r.id for r in policy.enabled_rules()}
    assert {"HL101", "HL102", "HL003"} <= enabled
    assert registry.rules["HL102"].plugin == "policy:huailai"
    assert registry.rules["HL101"].plugin.endswith("transfer-notices.rules.yaml")


# --- notices, documents, rule files, cases ---------------------------------------------------


def test_notice_scope_with_plain_when_and_pattern(tmp_path: Path) -> None:
    rule = _one(
        tmp_path,
        "    when: {issuer_starts_with: [冀财]}\n    pattern: {field: text, must_match: '〔'}\n",
        scope="notice",
        message="{notice}（{issuer}，{year} 年第 {number} 号）年份应使用〔〕",
    )
    assert _run(rule, _project(name="冀财建〔2022〕239号 专项")) == []
    assert _run(rule, _project(name="怀财预[2022]5号 运行经费")) == []  # not the province's
    assert _run(rule, _project(name="冀财建[2022]239号 专项")) == [
        ("/name", "冀财建[2022]239号（冀财建，2022 年第 239 号）年份应使用〔〕")
    ]
    # Words leading into the citation are not its 机关代字.
    assert _run(rule, _project(name="关于下达冀财建[2022]239号的通知")) == [
        ("/name", "冀财建[2022]239号（冀财建，2022 年第 239 号）年份应使用〔〕")
    ]
    # No name: the heading's notices.
    headed = Project(heading="6.冀财教［2021］ 12 号 学校绩效目标表")
    assert _run(rule, headed) == [
        ("/heading", "冀财教［2021］ 12 号（冀财教，2021 年第 12 号）年份应使用〔〕")
    ]


def test_notice_scope_expression(tmp_path: Path) -> None:
    rule = _one(
        tmp_path,
        "    assert: project.budget_year == 0 || notice.year <= project.budget_year\n",
        scope="notice",
        message="{notice} 晚于 {budget_year}",
    )
    assert _run(rule, _project(name="财建〔2023〕1号、财建〔2024〕2号 资金")) == [
        ("/name", "财建〔2024〕2号 晚于 2023")
    ]


def test_document_scope(tmp_path: Path) -> None:
    rule = _one(
        tmp_path,
        "    when: document.kind == 'department_document'\n"
        "    assert: document.projects.all(p, p.indicators.exists(r, r.class == '满意度指标'))\n",
        scope="document",
        message="{department}：{count} 个项目中有项目没有满意度指标（共 {budget} 万元）",
    )
    with_part1 = {"department": "某局", "overview": {"sections": []}}
    good = Document(projects=[_project()], budget_year=2023, **with_part1)
    rows = [_row("产出指标", "数量指标", "培训人次", "≥100人次")]
    bad = Document(projects=[_project(), _project(rows=rows)], budget_year=2023, **with_part1)
    assert _hits_on_document(rule, good) == []
    assert _hits_on_document(rule, bad) == [
        ("", "某局：2 个项目中有项目没有满意度指标（共 100 万元）")
    ]
    tables_only = Document(projects=[_project(rows=rows)], budget_year=2023)
    assert _hits_on_document(rule, tables_only) == []  # `when`: not a department document


def _hits_on_document(rule: Rule, document: Document) -> list[tuple[str, str]]:
    from checker.facts import document_facts
    from checker.rule import DocumentContext

    ctx = DocumentContext(Params(), 2023, False, facts=document_facts(document))
    hits = run_rule(rule, document, ctx)
    return [(hit.pointer, rule.message_for(hit.message).format(**hit.args).zh) for hit in hits]


def test_document_scope_needs_an_expression_for_when(tmp_path: Path) -> None:
    text = _error(
        _one, tmp_path, "    when: {budget_at_least: 5}\n    assert: 'true'\n", "document", "m"
    )
    assert re.match(r"local\.yaml:7: .*as an expression", text), text


def test_an_expression_indexing_with_a_computed_key_sees_every_field(tmp_path: Path) -> None:
    rule = _one(
        tmp_path,
        "    assert: project.indicators[size(project.indicators) - 1].value != ''\n",
    )
    assert _run(rule, _project()) == []
    rows = [
        _row("产出指标", "数量指标", "培训人次", "≥100人次"),
        _row("产出指标", "质量指标", "合格率", ""),
    ]
    assert _run(rule, _project(rows=rows)) == [("/name", "问题 运行经费")]


def test_rule_files_named_by_a_policy(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "county.rules.yaml").write_text(
        "description: 县级规则\nrules:\n"
        "  - {id: XY001, title: {zh: t}, message: {zh: m}, scope: project, assert: 'true'}\n",
        encoding="utf-8",
    )
    policy = tmp_path / "local.yaml"
    policy.write_text(
        "extends: national\nrule_files: [rules/county.rules.yaml]\nrules:\n"
        "  - {id: XY002, title: {zh: t}, message: {zh: m}, scope: project, assert: 'true'}\n",
        encoding="utf-8",
    )
    registry = _registry()
    resolved = load_policy(registry, policy, cwd=tmp_path)
    assert {"XY001", "XY002"} <= {r.id for r in resolved.enabled_rules()}
    assert registry.rules["XY001"].plugin == "policy:rules/county.rules.yaml"


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({}, r"local\.yaml:2: rule_files names 'more\.yaml', which does not exist"),
        ({"more.yaml": "rules: []\nselect: [V]\n"}, r"more\.yaml:2: a rule file holds only rules"),
        (
            {"more.yaml": "rules:\n  - {id: XY001, title: {zh: t}, message: {zh: m}, scope: x}\n"},
            r"more\.yaml:2: ",
        ),
        (
            {
                "more.yaml": "rules:\n  - {id: XY001, title: {zh: t}, message: {zh: m}, "
                "scope: project, assert: 'project.nme'}\n"
            },
            r"more\.yaml:2: rule XY001: .*unknown field 'nme'",
        ),
    ],
)
def test_rule_file_errors_name_file_and_line(
    tmp_path: Path, files: dict[str, str], problem: str
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    policy = tmp_path / "local.yaml"
    policy.write_text("extends: national\nrule_files: [more.yaml]\n", encoding="utf-8")
    text = _error(load_policy, _registry(), policy, cwd=tmp_path)
    assert re.search(problem, text), text


def test_a_rule_file_of_code_is_refused(tmp_path: Path) -> None:
    (tmp_path / "rules.py").write_text("raise SystemExit('ran')\n", encoding="utf-8")
    policy = tmp_path / "local.yaml"
    policy.write_text("extends: national\nrule_files: [rules.py]\n", encoding="utf-8")
    text = _error(load_policy, _registry(), policy, cwd=tmp_path)
    assert re.match(r"local\.yaml:2: rules\.py is not a policy file", text), text


def test_the_digest_follows_a_declared_rule(tmp_path: Path) -> None:
    policy = tmp_path / "local.yaml"
    rule = "  - {id: XY001, title: {zh: t}, message: {zh: m}, scope: project, assert: '%s'}\n"
    digests = []
    for expression in ("true", "project.budget_wan > 1.0"):
        policy.write_text("extends: national\nrules:\n" + rule % expression, encoding="utf-8")
        digests.append(load_policy(_registry(), policy, cwd=tmp_path).digest)
    assert digests[0] != digests[1]
    # A policy without local rules keeps the digest it had before local rules existed.
    assert (
        load_policy(_registry(), "national").digest == load_policy(_registry(), "national").digest
    )


POLICY_WITH_CASES = """extends: national
rules:
  - id: XY001
    title: {zh: 满意度指标值不低于 90%}
    message: {zh: "满意度指标“{row_name}”的指标值 {value} 低于 {at_least}{unit}"}
    scope: indicator
    when: {class: 满意度指标}
    value: {at_least: 90, unit: "%"}
    cases:
      - name: 85% fires
        project:
          indicators:
            - {level1: 满意度指标, level2: 服务对象满意度指标, name: 群众满意度, value: ≥85%}
        findings:
          - {pointer: /indicators/0/value, message: 低于 90%}
      - name: 95% is quiet
        project:
          indicators:
            - {level1: 满意度指标, level2: 服务对象满意度指标, name: 群众满意度, value: ≥95%}
        findings: []
"""


def _jxcheck(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from checker.cli import main; raise SystemExit(main())", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


@pytest.mark.slow
def test_policy_test_runs_the_declared_cases(tmp_path: Path) -> None:
    policy = tmp_path / "local.yaml"
    policy.write_text(POLICY_WITH_CASES, encoding="utf-8")
    done = _jxcheck(tmp_path, "policy", "test", "--policy", "local.yaml", "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "national → local.yaml: 2 cases, 2 passed, 0 failed" in done.stdout
    # A case that expects what the rule does not find fails, naming its file and line.
    policy.write_text(POLICY_WITH_CASES.replace("≥85%", "≥88%").replace("≥95%", "≥75%"), "utf-8")
    done = _jxcheck(tmp_path, "policy", "test", "--policy", "local.yaml", "--lang", "en")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "local.yaml:16: case '95% is quiet' of XY001" in done.stdout
    assert "found, not expected: /indicators/0/value warning" in done.stdout
    assert "2 cases, 1 passed, 1 failed" in done.stdout
    # A case file given on the command line, for a built-in rule; a broken one is exit 2.
    cases = tmp_path / "b004.yaml"
    cases.write_text(
        "rule: B004\ncases:\n  - name: no costs\n    project: {budget: {total: '5'}}\n"
        "    findings: []\n",
        encoding="utf-8",
    )
    policy.write_text(POLICY_WITH_CASES, encoding="utf-8")
    done = _jxcheck(
        tmp_path, "policy", "test", "--policy", "local.yaml", "b004.yaml", "--lang", "en"
    )
    assert done.returncode == 0 and "3 cases, 3 passed" in done.stdout, done.stdout + done.stderr
    cases.write_text("rule: B004\ncases:\n  - name: no input\n    findings: []\n", "utf-8")
    done = _jxcheck(
        tmp_path, "policy", "test", "--policy", "local.yaml", "b004.yaml", "--lang", "en"
    )
    assert done.returncode == 2 and "b004.yaml:3: a case needs exactly one of" in done.stderr
    assert "Traceback" not in done.stderr


# --- the command line -------------------------------------------------------------------------


HOSTILE = {
    "deep": ("    assert: '" + "(" * 40 + "true" + ")" * 40 + "'\n", "nests 40 deep"),
    "huge": ("    assert: '" + "true || " * 300 + "true'\n", "characters, more than"),
    "regex": ("    pattern: {field: name, must_not_match: '(a+)+\\1'}\n", "linear time"),
    "unknown": ("    assert: project.budget > 1.0\n", "unknown field 'budget'"),
    "blowup": (
        "    assert: project.indicators.map(a, project.indicators.map(b,"
        " project.indicators.map(c, 1))).size() > 0\n",
        "3 deep",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_rule_file_is_one_clear_error(tmp_path: Path, kind: str) -> None:
    body, expected = HOSTILE[kind]
    policy = tmp_path / "hostile.yaml"
    policy.write_text(
        "extends: national\nrules:\n  - id: XY001\n    title: {zh: t}\n    message: {zh: m}\n"
        "    scope: project\n" + body,
        encoding="utf-8",
    )
    for argv in (
        ["policy", "validate", str(policy)],
        ["check", str(SEED), "--policy", str(policy)],
    ):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "from checker.cli import main; raise SystemExit(main())",
                *argv,
                "--lang",
                "en",
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
        )
        assert done.returncode == 2, done.stdout + done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "hostile.yaml:7: rule XY001" in lines[0], done.stderr
        assert expected in lines[0]
        assert "Traceback" not in done.stderr


# --- the engine's machinery works unchanged -----------------------------------------------------


@pytest.mark.skipif(not SEED.is_file(), reason="seed document missing")
def test_findings_lines_waivers_and_severity_of_a_declared_rule(tmp_path: Path) -> None:
    policy = tmp_path / "county.yaml"
    policy.write_text(
        """extends: national
severity: {ZJ001: error}
rules:
  - id: ZJ001
    title: {zh: 满意度指标值不低于 96%}
    message: {zh: "满意度指标“{row_name}”的指标值 {value} 低于 {at_least}{unit}"}
    scope: indicator
    when: {class: 满意度指标}
    value: {at_least: 96, unit: "%"}
waivers:
  - rule: ZJ001
    project: "13073022P00883610001N"
    reason: 试点项目，经审核同意
    approver: 预算股
    expires: "2099-12-31"
""",
        encoding="utf-8",
    )
    report = api.check([SEED], policy, today=date(2023, 3, 1))
    found = [f for f in report.findings if f.rule == "ZJ001"]
    assert found and all(f.severity.name == "error" for f in found)
    first = found[0]
    assert (first.line, first.pointer, first.waived) == (
        106,
        "/indicators/5/value",
        True,
    )
    assert "企业满意度" in first.message.zh and "96%" in first.message.zh
    waived = {f.project_code for f in found if f.waived}
    assert waived == {"13073022P00883610001N"}
    assert len({f.fingerprint for f in found}) == len(found)


def test_a_run_keeps_its_policys_local_rules_when_another_policy_loads(tmp_path: Path) -> None:
    """The desk's workers and library users may load several policies in one process: a runner
    made under a policy with local rules reports them, with their metadata, after another
    policy was loaded into the same registry."""
    from checker.engine import CheckOptions
    from checker.runner import Runner

    registry = _registry()
    policy = tmp_path / "local.yaml"
    policy.write_text(
        "extends: national\nrules:\n  - {id: XY001, title: {zh: 总是报告}, message: {zh: '问题 {name}'},"
        " scope: project, assert: 'false'}\n",
        encoding="utf-8",
    )
    record = tmp_path / "one.yaml"
    record.write_text(
        "format: jxcheck/1\nkind: project\nbudget_year: 2023\nname: 运行经费\n", encoding="utf-8"
    )
    runner = Runner(policy, options=CheckOptions(), registry=registry, cwd=tmp_path)
    load_policy(registry, "national", cwd=tmp_path)  # takes XY001 out of the registry
    assert "XY001" not in registry.rules
    report = runner.check(runner.targets([record]))
    [found] = [f for f in report.findings if f.rule == "XY001"]
    assert found.message.zh == "问题 运行经费"
    assert report.rules["XY001"]["title"] == "总是报告"
