"""The value grammar (`checker.values.parse_value`) on what real tables write, and its cost.

What each form parses to is pinned here; what the V rules make of it is pinned by their case
files (`tests/rules/cases/V0*.yaml`). The last tests time the parser and the V rules on long,
hostile values: the time may grow with the length of the text, never faster.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from checker.plugins import load_registry
from checker.testing import RuleCase, run_rule
from checker.values import ParsedValue, canonical_unit, parse_value, unit_class

# --- dates, deadlines and periods ------------------------------------------------------------

#: value → (kind, year, month, day, end_year, end_month, end_day, deadline)
TIMES: dict[str, tuple[str, int | None, int | None, int | None, Any, Any, Any, bool]] = {
    "2021年1月-12月": ("period", 2021, 1, 1, 2021, 12, 31, False),
    "2020年1月--2020年11月": ("period", 2020, 1, 1, 2020, 11, 30, False),
    "2021年全年": ("period", 2021, 1, 1, 2021, 12, 31, False),
    "2025年年底前": ("date", 2025, 12, 31, None, None, None, True),
    "年底前": ("date", None, 12, 31, None, None, None, True),
    "2023年1月1日至2023年12月31日": ("period", 2023, 1, 1, 2023, 12, 31, False),
    "2024 年 1 月 1 日-2024 年 12 月 31 日": ("period", 2024, 1, 1, 2024, 12, 31, False),
    "2021年7月": ("date", 2021, 7, None, None, None, None, False),
    "202001-202012": ("period", 2020, 1, 1, 2020, 12, 31, False),
    "2023.07-2024.01": ("period", 2023, 7, 1, 2024, 1, 31, False),
    "2023年第三季度": ("period", 2023, 7, 1, 2023, 9, 30, False),
    "当年": ("period", None, 1, 1, None, 12, 31, False),
    "2023年1-12月": ("period", 2023, 1, 1, 2023, 12, 31, False),
    "2023-2025年": ("period", 2023, 1, 1, 2025, 12, 31, False),
    "2023年10月底前": ("date", 2023, 10, 31, None, None, None, True),
    "2023年12月31日前完成": ("date", 2023, 12, 31, None, None, None, True),
    "截至2023年12月31日": ("date", 2023, 12, 31, None, None, None, False),
    "12月底前": ("date", None, 12, 31, None, None, None, True),
    "2023年": ("date", 2023, None, None, None, None, None, False),
    "≤2023年12月31日": ("date", 2023, 12, 31, None, None, None, False),
    "上半年": ("period", None, 1, 1, None, 6, 30, False),
    "2023年12月31日前。": ("date", 2023, 12, 31, None, None, None, True),
}


@pytest.mark.parametrize("text", TIMES)
def test_dates_deadlines_and_periods(text: str) -> None:
    parsed = parse_value(text)
    got = (
        parsed.kind,
        parsed.year,
        parsed.month,
        parsed.day,
        parsed.end_year,
        parsed.end_month,
        parsed.end_day,
        parsed.deadline,
    )
    assert got == TIMES[text]


@pytest.mark.parametrize(
    ("text", "unit"), [("1年", "年"), ("12个月", "个月"), ("≤12月", "月"), ("30天", "天")]
)
def test_durations_stay_durations(text: str, unit: str) -> None:
    parsed = parse_value(text)
    assert (parsed.kind, parsed.unit, parsed.unit_class) == ("quantity", unit, "duration")


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("95%以上。", "≥"),
        ("≥95%；", "≥"),
        ("100%.", "="),
        ("100%完成", "="),
        ("≥95%达标", "≥"),
        ("100%合格", "="),
        ("≥90%覆盖", "≥"),
    ],
)
def test_a_closing_full_stop_is_not_part_of_the_value(text: str, comparator: str) -> None:
    parsed = parse_value(text)
    assert (parsed.kind, parsed.comparator, parsed.unit, parsed.text) == (
        "quantity",
        comparator,
        "%",
        text,
    )


@pytest.mark.parametrize(
    ("text", "comparator", "unit"),
    [
        ("≥95%（含）", "≥", "%"),
        ("≥95%(含95%)", "≥", "%"),
        ("≥10%（同比）", "≥", "%"),
        ("100(个)", "=", "个"),
        ("≥5(万元)", "≥", "万元"),
    ],
)
def test_a_bracketed_note_or_unit_after_the_number(text: str, comparator: str, unit: str) -> None:
    parsed = parse_value(text)
    assert (parsed.kind, parsed.comparator, parsed.unit) == ("quantity", comparator, unit)


def test_per_mille_is_a_rate() -> None:
    parsed = parse_value("≤0.5‰")
    assert (parsed.kind, parsed.comparator, parsed.unit, parsed.unit_class) == (
        "quantity",
        "≤",
        "‰",
        "percent",
    )


def test_a_duration_from_an_event_keeps_its_start() -> None:
    parsed = parse_value("资金到达后30日内")
    assert (parsed.kind, parsed.number, parsed.unit_class) == ("quantity", 30, "duration")
    assert (parsed.comparator, parsed.start) == ("≤", "资金到达后")
    assert parse_value("合同签订后不超过3个月").start == "合同签订后"
    assert parse_value("发放后3家").kind == "qualitative"  # only a duration counts from an event


def test_a_deadline_with_the_amount_done_by_then() -> None:
    parsed = parse_value("12月底前100%到位")
    assert (parsed.kind, parsed.year, parsed.month, parsed.day, parsed.deadline) == (
        "date",
        None,
        12,
        31,
        True,
    )
    assert (parsed.number, parsed.unit_class) == (100, "percent")
    parsed = parse_value("2023年6月底前完成≥80%")
    assert (parsed.year, parsed.month, parsed.comparator, parsed.number) == (2023, 6, "≥", 80)


#: value → (year, month, day, deadline): a deadline and the work done by then
DEADLINES_WITH_WORK: dict[str, tuple[int | None, int | None, int | None, bool]] = {
    "2024年12月底前完成项目建设": (2024, 12, 31, True),
    "2021年12月底完成项目规划相关工作。": (2021, 12, 31, False),
    "年底前组织验收": (None, 12, 31, True),
    "12月底前完成全部发放工作": (None, 12, 31, True),  # not 12 of a unit 月底前完成…
    "于2024年11月底前组织验收": (2024, 11, 30, True),
    "2024年完成项目建设": (2024, None, None, False),
    # several deadlines: the last, in the year an earlier one names
    "2024年6月底前完成招标，9月底前完工": (2024, 9, 30, True),
}


@pytest.mark.parametrize("value", DEADLINES_WITH_WORK)
def test_a_deadline_followed_by_the_work_done_by_then_is_a_date(value: str) -> None:
    parsed = parse_value(value)
    assert parsed.kind == "date"
    assert (parsed.year, parsed.month, parsed.day, parsed.deadline) == DEADLINES_WITH_WORK[value]


@pytest.mark.parametrize(
    "value", ["按合同约定时间完成", "完成时间2024年", "6月底前完成招标，按计划推进"]
)
def test_work_without_a_deadline_before_it_is_no_date(value: str) -> None:
    assert parse_value(value).kind != "date"


def test_numbers_that_look_like_years_are_not_periods() -> None:
    parsed = parse_value("2000-2500元")
    assert (parsed.kind, parsed.number, parsed.upper, parsed.unit) == ("quantity", 2000, 2500, "元")
    assert parse_value("202312").kind == "quantity"  # six digits alone: a number, no unit


# --- comparators -----------------------------------------------------------------------------

#: value → (comparator, as written, place, number, unit)
COMPARATORS: dict[str, tuple[str, str, str, int, str]] = {
    "95%以上": ("≥", "以上", "after", 95, "%"),
    "90%及以上": ("≥", "及以上", "after", 90, "%"),
    "15家以内": ("≤", "以内", "after", 15, "家"),
    "5人以下": ("≤", "以下", "after", 5, "人"),
    "30天之内": ("≤", "之内", "after", 30, "天"),
    "大于90%": (">", "大于", "before", 90, "%"),
    "小于5%": ("<", "小于", "before", 5, "%"),
    "不低于95%": ("≥", "不低于", "before", 95, "%"),
    "不少于200人次": ("≥", "不少于", "before", 200, "人次"),
    "不超过3个月": ("≤", "不超过", "before", 3, "个月"),
    "不高于2%": ("≤", "不高于", "before", 2, "%"),
    "达到100%": ("≥", "达到", "before", 100, "%"),
    "≧90%": ("≥", "≧", "before", 90, "%"),
    "≦5%": ("≤", "≦", "before", 5, "%"),
    "＞95%": (">", ">", "before", 95, "%"),
    "＜3天": ("<", "<", "before", 3, "天"),
    ">=90%": ("≥", ">=", "before", 90, "%"),
    "<=12个月": ("≤", "<=", "before", 12, "个月"),
}


@pytest.mark.parametrize("text", COMPARATORS)
def test_comparators_in_words_and_symbols(text: str) -> None:
    parsed = parse_value(text)
    got = (
        parsed.comparator,
        parsed.comparator_word,
        parsed.comparator_place,
        parsed.number,
        parsed.unit,
    )
    assert parsed.kind == "quantity" and parsed.comparator_written
    assert got == COMPARATORS[text]


def test_a_comparator_word_needs_its_number() -> None:
    assert parse_value("达到预期目标") == ParsedValue(kind="qualitative", text="达到预期目标")
    assert not parse_value("不低于上年").comparator_written


def test_contradictory_directions_are_marked() -> None:
    assert parse_value("≤95%以上").comparator_conflict
    assert not parse_value("≥95%以上").comparator_conflict
    assert not parse_value("±3%以内").comparator_conflict


def test_the_columns_of_separate_comparator_and_unit() -> None:
    parsed = parse_value("95", unit_column="%", operator_column="≥")
    assert (parsed.comparator, parsed.comparator_place, parsed.unit_class) == (
        "≥",
        "column",
        "percent",
    )
    assert parse_value("1", unit_column="次", operator_column="=").comparator == "="
    qualitative = parse_value("促进社会和谐", operator_column="定性")
    assert (qualitative.kind, qualitative.declared, qualitative.comparator) == (
        "qualitative",
        "qualitative",
        None,
    )
    for no_unit in ("-", "—", "/", "无", " - "):
        parsed = parse_value("168", unit_column=no_unit)
        assert (parsed.unit, parsed.unit_class) == ("", "none"), no_unit
    assert parse_value("80", unit_column="人数").unit_class == "other"  # 人数 is not a unit


# --- ranges, tolerances, money per period --------------------------------------------------


def test_ranges_bounds_and_tolerances() -> None:
    for text in ("3%-5%", "3-5%", "90%～95%", "90%~95%", "≥90%且≤95%"):
        parsed = parse_value(text)
        assert (parsed.kind, parsed.unit_class, parsed.comparator_written) == (
            "quantity",
            "percent",
            True,
        ), text
        assert parsed.upper is not None and parsed.number is not None
        assert parsed.number < parsed.upper, text
    tolerance = parse_value("±3%以内")
    assert (tolerance.comparator, tolerance.number, tolerance.unit) == ("±", 3, "%")
    assert parse_value("≥95%且≤90%").kind == "qualitative"  # empty range


def test_money_per_period_and_unit_costs() -> None:
    monthly = parse_value("620万/月×12个月")
    assert (monthly.number, monthly.unit, monthly.unit_class) == (620, "万/月", "unit_cost")
    assert (monthly.times, monthly.times_unit) == (12, "个月")
    assert parse_value("620万/月").times is None
    assert parse_value("620万元/月（12个月）").times == 12
    for text in ("17元/人.每天", "490元/平米", "300元/米", "≤20万元/公里", "1200元/人"):
        assert parse_value(text).unit_class == "unit_cost", text
    assert parse_value("每月1次").per == "月"


# --- units ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "cls"),
    [
        *((u, "count") for u in ("种", "村", "个村", "座", "门", "批次", "人次", "所", "棵")),
        *((u, "count") for u in ("处", "名", "辆", "套", "起", "单", "次/月")),
        *((u, "area") for u in ("亩", "平米", "平方米", "㎡")),
        *((u, "length") for u in ("km", "KM", "公里", "米")),
        *((u, "unit_cost") for u in ("元/平米", "元/米", "元/人", "万元/公里", "元/人.每天")),
        ("人数", "other"),
        ("沓", "other"),
        ("", "none"),
    ],
)
def test_unit_classes(unit: str, cls: str) -> None:
    assert unit_class(unit) == cls


def test_one_quantity_written_two_ways_compares_equal() -> None:
    """G001 matches a goal's `2公里` with an indicator's `2km` by (base unit, scaled number)."""
    pairs = [("2km", "2公里"), ("84平米", "84平方米"), ("84㎡", "84平方米"), ("3个村", "3村")]
    pairs += [("6万人", "60000人"), ("≥95百分比", "≥95%")]
    for one, other in pairs:
        a, b = parse_value(one), parse_value(other)
        assert (a.base_unit, a.scaled_number) == (b.base_unit, b.scaled_number), (one, other)
    assert canonical_unit("元/平米") == canonical_unit("元/平方米") == "元/平方米"


def test_parsing_is_a_pure_function_of_its_inputs() -> None:
    first = parse_value.__wrapped__("≥95%以上", unit_column="", operator_column="")
    again = parse_value.__wrapped__("≥95%以上", unit_column="", operator_column="")
    assert first == again and first is not again
    with pytest.raises(AttributeError):
        first.unit = "x"  # type: ignore[misc]


# --- cost: linear in the length of the text --------------------------------------------------

#: Hostile values of length n: long digit runs, spaces, arrows, repeated prefixes, stars, and
#: near-misses of every form the grammar knows.
HOSTILE: dict[str, Callable[[int], str]] = {
    "digits": lambda n: "1" * n,
    "digits then a unit": lambda n: "≥" + "1" * (n - 2) + "%",
    "digits and dots": lambda n: "1." * (n // 2),
    "spaces": lambda n: " " * (n - 1) + "1",
    "spaces between digits": lambda n: "1 " * (n // 2) + "x",
    "arrows": lambda n: "→" * n,
    "arrow soup": lambda n: "a->" * (n // 3) + "-",
    "from without to": lambda n: "由" * n,
    "from and digits": lambda n: "从1" * (n // 2),
    "years": lambda n: "2023年" * (n // 5),
    "year separators": lambda n: "2023-" * (n // 5),
    "dashes": lambda n: "1-" * (n // 2),
    "comparators": lambda n: "≥" * n,
    "comparator words": lambda n: "不低于" * (n // 3) + "1",
    "direction words": lambda n: "1" + "以上" * (n // 2),
    "lead-in": lambda n: "资金到达后" * (n // 5) + "30日内",
    "every": lambda n: "每月" * (n // 2) + "1次",
    "stars": lambda n: "*" * n,
    "stars between words": lambda n: "太**" * (n // 3),
    "stars and digits": lambda n: "**1" * (n // 3),
    "completion words": lambda n: "按" * n + "完成",
    "superscripts": lambda n: "m2" * (n // 2),
    "bounds": lambda n: "≥1%且" * (n // 4),
    "deadlines": lambda n: "12月底前" * (n // 5) + "100%",
    "name tags": lambda n: "(" * (n - 4) + "≥**%)",
}


_FRESH = itertools.count()


def _seconds(work: Callable[[str], object], text: str, repeats: int = 3) -> float:
    """The fastest of a few runs, each on a text never seen before (no cache can answer)."""
    best = float("inf")
    for _ in range(repeats):
        fresh = f"{text}{next(_FRESH)}"
        start = time.process_time()  # this process's CPU: another process's load is not ours
        work(fresh)
        best = min(best, time.process_time() - start)
    return best


def _growth(work: Callable[[str], object], make: Callable[[int], str]) -> float:
    small, large = make(10_000), make(100_000)
    _seconds(work, small, 1)  # warm up
    # A floor for the small run (a tenth of the 50 ms below which the large run is noise):
    # timer resolution and constant costs must not inflate the ratio.
    return _seconds(work, large) / max(_seconds(work, small), 5e-3)


@pytest.mark.slow
@pytest.mark.parametrize("shape", HOSTILE)
def test_parsing_grows_linearly(shape: str) -> None:
    parse: Callable[[str], object] = parse_value.__wrapped__
    ratio = _growth(parse, HOSTILE[shape])
    assert ratio < 30, f"{shape}: 10× the text took {ratio:.0f}× the time"


V_RULES = [f"V{n:03d}" for n in range(1, 11)]


def _check_with_v_rules(text: str) -> None:
    """Every V rule on a table whose values, names and descriptions hold the text."""
    registry = load_registry()
    rows = [
        {"level1": "产出指标", "level2": level2, "name": name, "description": text, "value": text}
        for level2, name in (("数量指标", "受益人数"), ("时效指标", "完成时间"))
    ]
    rows.append(
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": text[:40], "value": text}
    )
    project = {"name": text, "indicators": rows}
    for rule_id in V_RULES:
        params = {"fields": ["name", "description", "value"]} if rule_id == "V010" else {}
        case = RuleCase(rule_id, "hostile", Path("hostile"), None, "project", project, params)
        run_rule(registry.rules[rule_id], case)


@pytest.mark.slow
@pytest.mark.parametrize("shape", HOSTILE)
def test_v_rules_grow_linearly(shape: str) -> None:
    ratio = _growth(_check_with_v_rules, HOSTILE[shape])
    assert ratio < 30, f"{shape}: 10× the text took {ratio:.0f}× the time"


def test_a_long_value_is_qualitative_and_keeps_its_comparator() -> None:
    parsed = parse_value("≥" + "1" * 100_000 + "%")
    assert (parsed.kind, parsed.comparator, parsed.number) == ("qualitative", "≥", None)
    assert parse_value("2023年12月31日前" + " " * 100_000).kind == "date"  # spaces fold away


def test_decimal_numbers_keep_their_written_scale() -> None:
    assert parse_value("≤1.0万元").number == Decimal("1.0")
    assert str(parse_value("≤0.50万元").number) == "0.50"
