"""The taxonomy's reading of other templates' names and of rows without levels.

The rules' behaviour is pinned by the YAML cases of C001–C007; these tests pin the shared pieces
underneath: name normalisation, `classify`, the word and value tables of `infer_place`, the
template order for cut tables, the effective places B003–B005 read through `indicator_places`,
and that every regular expression of the module runs in linear time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from checker.model import Document, Project
from checker.plugins import load_registry
from checker.taxonomy import (
    DEFAULT_LEVEL2,
    PARENT,
    ROW_WORDS,
    TAXONOMY,
    TEMPLATE_ORDER,
    VALUE_PLACES,
    canonical,
    classify,
    infer_place,
    label_text,
    strip_tags,
    template_position,
)
from checker.testing import RuleCase, run_rule
from rules.coverage import IndicatorPlaces

from .conftest import ROOT
from .growth import assert_linear


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("产出指标", "产出"),
        ("项目完成指标", "产出"),
        ("预期产出指标", "产出"),
        ("产出指标(40-50)分", "产出"),
        ("产 出 指 标", "产出"),
        ("满\n意\n度\n指\n标", "满意度"),
        ("满意度指标（30分）", "满意度"),
        ("★数量指标(必填)", "数量"),
        ("1.数量指标", "数量"),
        ("一、产出指标", "产出"),
        ("社会、经济、生态效益指标", "效益"),
        ("社会效益、经济效益、生态效益指标", "效益"),
        ("经济效益指标", "经济效益"),
        ("环境效益指标", "生态效益"),
        ("实施效果指标", "实施效果"),
        ("预算(或投资规模)控制指标", "成本"),
        ("成本控制指标", "成本"),
        ("…", ""),
        ("工程质量指标", "质量"),
        ("产出数量", "数量"),
        ("工期指标", "时效"),
        ("建设规模指标", "数量"),
        ("群众满意度指标", "社会公众满意度"),
        ("学生满意度", "服务对象满意度"),
        ("预算执行指标", "预算执行"),
        ("社会影响指标", "社会影响"),
        ("产出目标", "产出"),
        ("数量目标", "数量"),
        ("效益类", "效益"),
        ("绩效产出指标", "产出"),
        ("项目效果指标", "效益"),
        ("产出值", "产出"),  # a template naming its classes by their value
        ("经济效益值", "经济效益"),
        ("可持续影响值", "可持续影响"),
        ("产值", "产值"),  # a measure of its own, not a class
        ("经济效果指标", "经济效益"),
        ("可持续性指标", "可持续影响"),
        ("服务对象满意程度指标", "服务对象满意度"),
        ("时效性指标", "时效"),
        ("产出成本指标", "成本"),
        ("……", ""),
        ("", ""),
    ],
)
def test_canonical_names_of_other_templates(written: str, expected: str) -> None:
    assert canonical(written) == expected


def test_label_text_strips_numbering_and_tags_but_not_numbers() -> None:
    assert label_text("指标1:资金使用率") == "资金使用率"
    assert label_text("养殖动物成活率(目标)") == "养殖动物成活率"
    assert label_text("7 岁以下儿童健康管理率") == "7岁以下儿童健康管理率"
    assert label_text("1.5倍以上") == "1.5倍以上"  # a decimal is no numbering
    assert strip_tags("(3)分配到位率") == "分配到位率"  # strip_tags keeps its old behaviour


def test_classify_maps_layouts_onto_the_taxonomy() -> None:
    # 财预〔2015〕88号: satisfaction under 效益 is a satisfaction row.
    c = classify("效益指标", "社会公众或服务对象满意度指标")
    assert (c.level1, c.level2, c.level2_allowed, c.is_satisfaction) == (
        "满意度",
        "社会公众或服务对象满意度",
        True,
        True,
    )
    # A blank 一级 is the 二级's parent.
    c = classify("", "成本指标")
    assert (c.level1, c.level2, c.inferred, c.is_cost) == ("产出", "成本", "level1", True)
    # 发改 template: the written 二级 is the 一级, the 二级 is left to the 三级.
    c = classify("实施效果指标", "效益指标")
    assert (c.level1, c.level2, c.inferred, c.template) == ("效益", "", "level2", "实施效果")
    # … and its own 一级 过程管理指标, with that template's 二级 only.
    c = classify("过程管理指标", "资金管理指标")
    assert (c.level1, c.level2, c.level2_allowed, c.template) == (
        "过程管理",
        "资金管理",
        True,
        "过程管理",
    )
    assert not classify("过程管理指标", "数量指标").level2_allowed
    # Wrong names stay as written (C005 reports them).
    c = classify("产出效益指标", "数量指标")
    assert (c.level1, c.level1_known, c.inferred) == ("产出效益", False, "")


@pytest.mark.parametrize(
    ("name", "hint", "unit", "within", "place"),
    [
        ("发放人数", "", "人数", "", ("产出", "数量")),
        ("贫困地区建设少数民族聚居村养殖场", "count", "个", "", ("产出", "数量")),
        ("发放金额", "money", "万元", "", ("产出", "成本")),
        ("饲料库120平米", "unit_cost", "元/平米", "", ("产出", "成本")),
        ("硬化水泥砼公路补助标准", "", "", "", ("产出", "成本")),
        ("竣工验收合格率", "percent", "%", "", ("产出", "质量")),
        ("及时完成率", "percent", "%", "", ("产出", "时效")),
        ("开工时限", "date", "", "", ("产出", "时效")),
        ("任务完成", "date", "", "", ("产出", "时效")),
        ("本土人才满意度", "percent", "%", "", ("满意度", "服务对象满意度")),
        ("促进社会和谐", "", "", "", ("效益", "社会效益")),
        ("带动农户增收", "money", "元", "", ("效益", "经济效益")),
        ("减少污染排放", "percent", "%", "", ("效益", "生态效益")),
        ("建立长效管护机制", "", "", "", ("效益", "可持续影响")),
        ("完工项目县畜禽粪污综合利用率", "percent", "%", "效益", ("效益", "生态效益")),
        ("群众出行", "", "", "效益", ("效益", "社会效益")),  # the 一级's default 二级
        ("建设项目个数(含续建)", "", "", "产出", ("产出", "数量")),
    ],
)
def test_infer_place(name: str, hint: str, unit: str, within: str, place: tuple[str, str]) -> None:
    found = infer_place(name, "", hint, unit, within)
    assert found is not None and found[:2] == place


def test_infer_place_says_nothing_rather_than_guess() -> None:
    assert infer_place("其他事项", "", "", "", "") is None
    assert infer_place("资金使用率", "", "percent", "%", "") is None  # a rate alone says nothing
    assert infer_place("按计划实施", "", "", "", "产出") is None  # no default 产出 二级


def test_word_and_value_tables_name_places_of_the_taxonomy() -> None:
    for level1, level2, words in ROW_WORDS:
        assert level2 in TAXONOMY[level1] and words
    for level1, level2 in VALUE_PLACES.values():
        assert level2 in TAXONOMY[level1]
    for level1, level2 in DEFAULT_LEVEL2.items():
        assert level2 in TAXONOMY[level1] or level2 in TAXONOMY["满意度"]
    for order in TEMPLATE_ORDER.values():
        for level1, level2 in order:
            assert level1 in TAXONOMY and (not level2 or PARENT[level2] == level1)


def test_template_order() -> None:
    assert template_position("产出", "时效", False) < template_position("产出", "成本", False)
    assert template_position("成本", "经济成本", True) < template_position("产出", "数量", True)
    assert template_position("效益", "社会效益", False) < template_position("满意度", "", False)
    assert template_position("产出", "", False) is None


def _places(indicators: list[dict[str, str]], **project: object) -> IndicatorPlaces:
    return IndicatorPlaces(Project.model_validate({"indicators": indicators, **project}))


def test_effective_places_of_a_flat_list_feed_the_cost_rules() -> None:
    places = _places(
        [
            {"name": "领取补助人数", "unit": "人", "operator": "≥", "value": "100"},
            {"name": "发放金额", "unit": "万元", "operator": "≥", "value": "9.31"},
        ]
    )
    assert [(c.level1, c.level2, c.inferred) for c in places.places] == [
        ("产出", "数量", "both"),
        ("产出", "成本", "both"),
    ]
    assert [index for index, _, _ in places.cost] == [1]
    assert places.written[1].level1 == ""  # the record's own reading is kept beside it
    assert not places.omitted and len(places.inferred) == 2


def test_a_2021_layout_table_keeps_inferred_cost_under_its_own_一级() -> None:
    places = _places(
        [
            {"level1": "成本指标", "level2": "经济成本指标", "name": "伙食费", "value": "≤30万元"},
            {"name": "防疫室84平米", "value": "≥1050元"},
        ]
    )
    assert (places.places[1].level1, places.places[1].level2) == ("成本", "经济成本")
    assert places.omitted == frozenset({1})


@pytest.mark.parametrize("rule_id", ["B003", "B004", "B005"])
def test_cost_rules_see_a_cost_row_in_a_flat_list(rule_id: str) -> None:
    """REVIEW 05 table 2: 发放金额 ≥9.31万元 is a cost row, written with ≥ and equal to the
    whole budget: B003 (warning: ≥), B005 (info: it restates the budget); B004 holds."""
    rule = load_registry().rules[rule_id]
    case = RuleCase(
        rule=rule_id,
        name="flat list",
        file=Path(__file__),
        line=None,
        input_kind="project",
        data={
            "budget": {"total": "9.31"},
            "indicators": [
                {"name": "领取补助人数", "unit": "人", "operator": "≥", "value": "100"},
                {"name": "发放金额", "unit": "万元", "operator": "≥", "value": "9.31"},
            ],
        },
    )
    found = run_rule(rule, case)
    expected = {"B003": 1, "B004": 0, "B005": 1}[rule_id]
    assert len(found) == expected, found
    assert all(f.pointer.startswith("/indicators/1") for f in found)


def test_the_seed_is_read_as_written() -> None:
    """Every row of the seed keeps the place its written names give (no inference at all)."""
    data = yaml.safe_load(
        (ROOT / "examples" / "000_57b4140ba813d59e.yaml").read_text(encoding="utf-8")
    )
    document = Document.model_validate(data)
    for project in document.projects:
        places = IndicatorPlaces(project)
        assert places.places is places.written
        assert all(c.level2_allowed and not c.inferred for c in places.places)


#: Runs that backtracking patterns choke on, as a function of their length.
RUNS: dict[str, Callable[[int], str]] = {
    "digits": lambda n: "1" * n + "x",
    "open-brackets": lambda n: "(" * n,
    "bracketed-digits": lambda n: "(1" * (n // 2),
    "ranges": lambda n: "（" + "1-" * (n // 2),
    "label-and-digits": lambda n: "指标" + "1" * n,
    "unbalanced": lambda n: "【" * (n // 2) + "]" * (n // 2),
    "list": lambda n: "社会、" * (n // 3) + "效益",
    "words": lambda n: "满意" + "成本" * (n // 2),
}


def _normalise_and_infer(text: str) -> None:
    label_text(text)
    canonical(text)
    strip_tags(text)
    infer_place(text, text, "", "", "")
    infer_place(text, "", "", "", "产出")


@pytest.mark.slow
@pytest.mark.parametrize("shape", RUNS)
def test_normalising_and_inferring_run_in_linear_time(shape: str) -> None:
    make = RUNS[shape]
    assert_linear(_normalise_and_infer, make(5_000), make(50_000), 10, shape)


def test_classes_after_cut_names_what_the_cut_hides() -> None:
    """The classes C001–C004 leave unreported in a cut table, for a single finding elsewhere."""
    from rules.coverage import classes_after_cut

    cut = Project.model_validate(
        {
            "reading": {"cut": "indicators"},
            "indicators": [
                {
                    "level1": "产出指标",
                    "level2": "数量指标",
                    "name": "新建水泥路",
                    "value": "2公里",
                },
                {
                    "level1": "产出指标",
                    "level2": "成本指标",
                    "name": "补助标准",
                    "value": "≤120万元",
                },
            ],
        }
    )
    assert classes_after_cut(IndicatorPlaces(cut)) == (
        "产出指标/成本指标",
        "产出/成本 (output: cost)",
        "效益指标、满意度指标",
        "效益 (benefit), 满意度 (satisfaction)",
    )
    whole = Project.model_validate({"indicators": cut.model_dump()["indicators"]})
    assert classes_after_cut(IndicatorPlaces(whole)) is None
