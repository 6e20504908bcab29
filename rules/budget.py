"""B — budget and cost (适当性): the amounts add up, and the cost indicators fit the budget.

Amounts are compared in 万元 (the tables' usual money unit): a table kept in 元 and cost values
written in 元 are converted first. Cost rows are the rows `checker.taxonomy` classifies as cost
(成本 under 产出, or 一级 成本); the money rules look only at the monetary ones among them
(产出/成本 and 成本/经济成本 by default): 社会成本 and 生态环境成本 need not be money.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from checker.facts import IndicatorPlaces
from checker.model import Indicator, Project
from checker.rule import Hit, Params, ProjectContext, Rule, rule
from checker.taxonomy import canonical
from checker.values import (
    CACHE_SIZE,
    MAX_AMOUNT_DIGITS,
    WAN_PER_UNIT,
    ParsedValue,
    clean,
    squeeze,
    table_money_unit,
)
from rules.coverage import canonical_names

_BASIS_FIT = "财预〔2015〕88号：绩效目标审核——适当性（资金与目标相匹配）"
_BASIS_COST = "财预〔2021〕101号：成本指标"

_MONEY_LEVEL2 = ("成本", "经济成本")
_MONEY_LEVEL2_DESCRIPTION = (
    "cost 二级 whose values are money (成本 under 产出, 经济成本 under 一级 成本); "
    "社会成本 and 生态环境成本 need not be"
)


def _fmt(number: Decimal) -> str:
    """`4.00` → `4`, `0.0550` → `0.055`: amounts as a person writes them."""
    text = format(number.normalize(), "f")
    return text


def _table_unit(project: Project) -> str:
    return table_money_unit(project.money_unit)


def _amount_wan(parsed: ParsedValue) -> Decimal | None:
    """A money value (`≤5万元`, `≤1.0万`, `≤3000元`) in 万元; None when it is not one."""
    if parsed.kind != "quantity" or parsed.number is None:
        return None
    factor = WAN_PER_UNIT.get(parsed.unit)
    return None if factor is None else parsed.number * factor


def _money_cost_rows(
    places: IndicatorPlaces, level2: tuple[str, ...]
) -> list[tuple[int, Indicator]]:
    """Filled-in cost rows whose values should be money."""
    wanted = canonical_names(level2)
    return [(index, row) for index, row, c in places.cost if c.level2 in wanted]


#: Values no cost rule can judge: an unfilled template (`≥**万元`) or a web page's masking
#: (`≤****000元`) — V010 tells which.
_PLACEHOLDERS = ("**", "＊＊", "××", "XX", "○○")
#: A cost row that names a rate (补助标准, 单价, 单位成本): its value is per something.
_RATE_NAME_RE = re.compile(r"(?:标准|单价|单位成本|每[\u4e00-\u9fa5]{1,4}成本)$")


# --- B001 ------------------------------------------------------------------------------------


class SumParams(Params):
    """How closely the parts must add up."""

    tolerance: Decimal = Field(
        Decimal("0.005"), description="largest difference accepted, in 万元 (rounding)"
    )


def _written_amount(project: Project, raw: str | None) -> tuple[bool, Decimal | None]:
    """(written, amount): blank is (False, None); text that is no amount is (True, None)."""
    if not clean(raw):
        return False, None
    return True, project.amount(raw)


@rule(
    "B001",
    "budget-sum",
    category="budget",
    severity="error",
    basis=_BASIS_FIT,
    title=("预算数等于各项资金之和", "budget total equals the sum of its sources"),
    message=(
        "预算数 {total} 不等于{parts}之和 {sum}（相差 {diff} 万元）",
        "the budget total {total} is not the sum of {parts_en}, {sum} (off by {diff} 万元)",
    ),
    advice=(
        "核对预算批复：预算数应等于{parts}之和 {sum}，改正预算数 {total} 或其中填错的一项",
        "check the budget approval: the total must equal the sum of {parts_en}, {sum}; correct "
        "the total {total} or the part that is wrong",
    ),
    params=SumParams,
)
def budget_sum(project: Project, ctx: ProjectContext[SumParams]) -> Iterator[Hit]:
    """预算数 = 财政资金 + 其他资金（其他资金空白按 0 计）。

    检查：三项金额都能读出时比较，允许相差 tolerance（默认 0.005 万元，即四舍五入误差）。没有财政资金一栏、但分列了中央/市级/县级等资金来源的版式，用各来源之和代替财政资金。金额空白或不是数字的情形由 S003 和 B002 报告，这里不比较。
    原因：预算数是各项资金的合计；对不上说明某个数字填错了，项目的资金规模就不可信（88号“适当性”）。
    示例：预算数 50.00，财政资金 45.00，其他资金空白。
    修改：核对预算批复，改正预算数或各项资金。
    ---
    What: 预算数 (total) = 财政资金 (fiscal) + 其他资金 (other; blank counts as 0), within
    `tolerance` (default 0.005 万元, rounding). Layouts without a 财政资金 cell that split the funding
    into sources (中央/市级/县级资金 …) use the sum of the sources instead. Blank or non-numeric
    amounts are S003's and B002's findings and are not compared here.
    Why: the total is the sum of the funds; when they disagree one of the numbers is wrong and the
    project's size cannot be trusted (88号: 适当性).
    Example: total 50.00, fiscal 45.00, other blank.
    Fix: check the budget approval and correct the total or the parts.
    """
    total = project.budget_total  # None when blank or not an amount
    if total is None:
        return
    fiscal = project.budget_fiscal
    if fiscal is None and clean(project.budget.fiscal):
        return  # written, but not an amount
    parts_zh, parts_en = "财政资金", "fiscal funds"
    if fiscal is None:
        sources = [project.amount(s.amount) for s in project.budget.sources if clean(s.amount)]
        if not sources or any(a is None for a in sources):
            return
        fiscal = sum((a for a in sources if a is not None), Decimal(0))
        parts_zh, parts_en = "各资金来源", "the funding sources"
    written, other = _written_amount(project, project.budget.other)
    if written and other is None:
        return
    parts_sum = fiscal + (other or Decimal(0))
    factor = WAN_PER_UNIT.get(_table_unit(project), Decimal(1))
    diff = abs(total - parts_sum) * factor
    if diff > ctx.params.tolerance:
        yield ctx.hit(
            "/budget/total",
            total=_fmt(total),
            parts=parts_zh + "与其他资金",
            parts_en=parts_en + " and other funds",
            sum=_fmt(parts_sum),
            diff=_fmt(diff),
        )


# --- B002 ------------------------------------------------------------------------------------

_AMOUNT_TEXT_RE = re.compile(
    r"^(?P<sign>[+-]?)(?P<number>[0-9]+(?:\.[0-9]+)?)(?P<unit>万元|万|元)?$"
)


@rule(
    "B002",
    "amount-format",
    category="budget",
    severity="error",
    basis=_BASIS_FIT + "；金额以表头单位填写",
    title=("金额是不小于 0 的数字", "amounts are numbers ≥ 0"),
    messages={
        "default": (
            "{field}“{value}”不是金额数字",
            "{field_en} {value} is not an amount",
        ),
        "negative": (
            "{field}“{value}”为负数",
            "{field_en} {value} is negative",
        ),
        "unit": (
            "{field}“{value}”的单位与表头单位“{table_unit}”不同",
            "{field_en} {value} is written in another unit than the table's {table_unit}",
        ),
        "text": (
            "{field}“{value}”把文字和金额写在同一格，应只填金额（{amount}）",
            "{field_en} {value} mixes text with the amount; write the amount alone ({amount})",
        ),
        "no_unit": (
            "表格没有写明金额单位（表头、栏目和金额都没有“万元”“元”），金额按万元读取：{value}",
            "the table states no money unit (no 万元 or 元 in its header, labels or amounts); "
            "the amounts were read as 万元: {value}",
        ),
    },
    advice={
        "default": (
            "按表头单位（{table_unit}）只填阿拉伯数字，文字说明写到资金用途中",
            "write the amount alone, in Arabic numerals in the table's unit ({table_unit}); put "
            "any explanation in 资金用途",
        ),
        "negative": (
            "核对{field}：金额应是不小于 0 的数字",
            "check the {field_en}: an amount is a number of at least 0",
        ),
        "unit": (
            "换算为表头单位（{table_unit}）后只填数字：{converted}",
            "convert to the table's unit ({table_unit}) and write the number alone: {converted_en}",
        ),
        "text": (
            "{field}只填金额 {amount}，文字说明写到资金用途中",
            "write the amount {amount} alone in the {field_en}; put the text in 资金用途",
        ),
        "no_unit": (
            "在表头写明金额单位（万元或元），并核对金额是否按该单位填写",
            "state the money unit (万元 or 元) in the table's header and check the amounts are "
            "written in it",
        ),
    },
    also=("warning",),
)
def amount_format(project: Project, ctx: ProjectContext[Params]) -> Iterator[Hit]:
    """预算数、财政资金、其他资金（及各资金来源）是不小于 0 的数字，按表头的金额单位填写。

    检查：每个非空的金额去掉空格和千分位逗号后是一个数字，不是负数；数字后若写了单位，须与表头单位一致（表头“万元”时写“万”也算一致）。金额和文字写在同一格（如“…补助资金50”）是警告；表格从表头、栏目到金额都没有写明金额单位时，按万元读取并警告一次。空白不在此检查（其他资金空白按 0 计；必填的空白由 S003 报告）。
    原因：金额是审核资金规模、计算成本和执行率的基础；写成文字或换了单位，合计和比较都会出错（88号“适当性”）。
    示例：预算数写成“伍拾万元”；表头为万元而财政资金写成“500000元”。
    修改：按表头单位填写阿拉伯数字，不写文字，不换用其他单位。
    ---
    What: each non-blank 预算数, 财政资金, 其他资金 (and funding-source amount) is a number ≥ 0
    once spaces and thousands commas are removed; a unit written after it must be the table's own
    (万 counts as 万元). An amount written in one cell with text (…补助资金50) is a warning; a
    table that states no money unit anywhere (header, labels, amounts) is read in 万元 and warned
    about once. Blank cells are not checked here (blank 其他资金 is 0; a required blank is S003's).
    Why: the amounts are the base for judging the size of the project, its costs and its execution;
    written in words or in another unit, every sum and comparison goes wrong (88号: 适当性).
    Example: 预算数 written 伍拾万元; 财政资金 500000元 in a table kept in 万元.
    Fix: write Arabic numerals in the table's unit, with no text and no other unit.
    """
    table_unit = _table_unit(project)
    cells: list[tuple[str, str | None, str, str]] = [
        ("/budget/total", project.budget.total, "预算数", "the budget total"),
        ("/budget/fiscal", project.budget.fiscal, "财政资金", "fiscal funds"),
        ("/budget/other", project.budget.other, "其他资金", "other funds"),
    ]
    for index, source in enumerate(project.budget.sources):
        label = clean(source.label) or "资金来源"
        cells.append((f"/budget/sources/{index}/amount", source.amount, label, label))
    for pointer, raw, field_zh, field_en in cells:
        problem = _amount_problem(raw, table_unit)
        if problem is None:
            continue
        args: dict[str, Any] = {
            "field": field_zh,
            "field_en": field_en,
            "value": squeeze(raw),
            "table_unit": table_unit,
        }
        if problem == "unit":
            converted = _converted(raw, table_unit)
            yield ctx.hit(
                pointer,
                "unit",
                converted=converted or "（换算后的数字）",
                converted_en=converted or "(the converted number)",
                **args,
            )
        elif problem == "default" and (amount := _amount_in_text(raw)) is not None:
            yield ctx.hit(pointer, "text", severity="warning", amount=amount, **args)
        else:
            yield ctx.hit(pointer, problem, **args)
    reading = project.reading
    if reading is not None and "money_unit" in reading.assumed:
        shown = "、".join(squeeze(raw) for _, raw, _, _ in cells if clean(raw))
        yield ctx.hit("/budget", "no_unit", severity="warning", value=shown, table_unit=table_unit)


#: An amount written at the end (or start) of a cell of text: `中央衔接…补助资金(…)50`.
_AMOUNT_IN_TEXT_RE = re.compile(
    r"(?:^|[^0-9.])([0-9]{1,12}(?:\.[0-9]{1,6})?)\s{0,3}(?:万元|万|元)?\s{0,3}$"
    r"|^\s{0,3}([0-9]{1,12}(?:\.[0-9]{1,6})?)\s{0,3}(?:万元|万|元)?(?:[^0-9.]|$)"
)


def _amount_in_text(raw: str | None) -> str | None:
    """The one amount a text cell holds at its end or start, where it holds one."""
    text = unicodedata.normalize("NFKC", squeeze(raw))[-200:]
    numbers = re.findall(r"[0-9]+(?:\.[0-9]+)?", text)
    match = _AMOUNT_IN_TEXT_RE.search(text)
    if match is None or len(numbers) != 1:
        return None
    return match.group(1) or match.group(2)


def _converted(raw: str | None, table_unit: str) -> str:
    """An amount written in another unit, in the table's (`500000元` in a 万元 table → `50`);
    "" when a unit is not known."""
    text = unicodedata.normalize("NFKC", squeeze(raw)).replace(" ", "").replace(",", "")
    match = _AMOUNT_TEXT_RE.match(text)
    to = WAN_PER_UNIT.get(table_unit)
    written = WAN_PER_UNIT.get(match.group("unit") or "") if match else None
    if match is None or to is None or written is None:
        return ""
    return _fmt(Decimal(match.group("sign") + match.group("number")) * written / to)


@lru_cache(maxsize=CACHE_SIZE)
def _amount_problem(raw: str | None, table_unit: str) -> str | None:
    """B002's message for an amount as written (None: blank, or a good amount), cached per text."""
    shown = squeeze(raw)
    if not shown:
        return None
    text = unicodedata.normalize("NFKC", shown).replace(" ", "").replace(",", "")
    match = _AMOUNT_TEXT_RE.match(text)
    if match is None or len(match.group("number").split(".")[0]) > MAX_AMOUNT_DIGITS:
        return "default"
    if match.group("sign") == "-" and Decimal(match.group("number")) != 0:
        return "negative"
    unit = match.group("unit") or table_unit
    same = unit == table_unit or (unit == "万" and table_unit == "万元")
    return None if same else "unit"


# --- B003 ------------------------------------------------------------------------------------


class CostValueParams(Params):
    """What a cost value may be written as."""

    level2: tuple[str, ...] = Field(_MONEY_LEVEL2, description=_MONEY_LEVEL2_DESCRIPTION)
    money_units: tuple[str, ...] = Field(
        ("万元", "元"), description="money units a cost value may use"
    )
    loose_units: tuple[str, ...] = Field(
        ("万",), description="money written loosely (bare 万 for 万元): a warning"
    )
    allow_unit_cost: bool = Field(
        True, description="a unit cost (元/亩, 元/人 …) is a valid cost value"
    )
    comparators: tuple[str, ...] = Field(
        ("≤", "<", "="),
        description="comparators a cost value may use (a written ≥ or > is a warning)",
    )


@rule(
    "B003",
    "cost-is-money",
    category="budget",
    severity="warning",
    also=("error",),
    basis=_BASIS_COST + "；" + _BASIS_FIT,
    title=("成本指标值是金额", "a cost value is money"),
    messages={
        "default": (
            "成本指标“{name}”的值“{value}”不是金额（应为以万元或元计的金额上限，或单位成本）",
            "cost indicator {name} has the value {value}, which is not money "
            "(expected a ceiling in 万元 or 元, or a unit cost)",
        ),
        "loose": (
            "成本指标“{name}”的值“{value}”单位写作“{unit}”，应写“万元”：“{suggested}”",
            "cost indicator {name} has the value {value}: the unit {unit} should be 万元: "
            "{suggested}",
        ),
        "no_unit": (
            "成本指标“{name}”的值“{value}”没有单位，应写明“万元”或“元”",
            "cost indicator {name} has the value {value} without a unit; write 万元 or 元",
        ),
        "comparator": (
            "成本指标“{name}”的值“{value}”用了“{comparator}”，成本应是上限（≤）",
            "cost indicator {name} has the value {value} with {comparator}; a cost is a "
            "ceiling (≤)",
        ),
        "per_unit": (
            "成本指标“{name}”是一项标准（单价），值“{value}”却是总额，没有写明按什么计量（应为 金额/单位）",
            "cost indicator {name} is a rate (a standard or unit price), but its value {value} "
            "is a total: say per what (amount/unit)",
        ),
    },
    advice={
        "default": (
            "把“{value}”改为“{name}”的金额上限（≤ 金额 万元或元），或单位成本（≤ 金额 元/单位）",
            "replace '{value}' by the ceiling of '{name}' in money (≤ amount 万元 or 元) or a unit "
            "cost (≤ amount 元 per unit)",
        ),
        "loose": ("写成“{suggested}”", "write '{suggested}'"),
        "no_unit": (
            "在“{value}”后写明单位：万元或元（与预算数对照）",
            "add the unit to '{value}': 万元 or 元 (compare it with the budget)",
        ),
        "comparator": (
            "把“{comparator}”改为 ≤：成本指标是金额上限",
            "write ≤ instead of '{comparator}': a cost is a ceiling",
        ),
        "per_unit": (
            "写明“{value}”按什么计量（金额/单位，如 元/人、元/亩），或把名称“{name}”改为总额",
            "say per what '{value}' is (amount per unit, such as 元/人 or 元/亩), or rename "
            "'{name}' as a total",
        ),
    },
    params=CostValueParams,
)
def cost_is_money(project: Project, ctx: ProjectContext[CostValueParams]) -> Iterator[Hit]:
    """成本指标的值是金额：“≤＋数字＋万元/元”，或单位成本（如“元/亩”）。

    检查：产出指标下的成本指标和一级成本指标下的经济成本（参数 level2）的指标值：单位是万元或元（参数 money_units）或单位成本时通过；只写“万”是警告；没有单位是警告；用了“≥”“>”是警告；名称是标准或单价（…补助标准、单价、单位成本）而值是总额是警告；百分比、个数、时间、文字等非金额的值是错误。空值由 S004 报告；模板占位符或网页遮挡（“≤****000元”）由 V010 处理。
    原因：成本指标衡量花多少钱（101号）；不是金额就无法与预算数比较（B004），也无法考核；“万”可能是万元也可能是别的数量，需要写清楚。
    示例：种子文档表 6 成本指标“≤1.0万”（第 539 行）应为“≤1.0万元”；“成本控制率 ≤100%”不是金额。
    修改：写成以万元或元计的金额上限（≤），或以 元/计量单位 计的单位成本。
    ---
    What: the value of each monetary cost row (成本 under 产出, 经济成本 under 一级 成本: the
    `level2` parameter) is money: a number in 万元 or 元 (`money_units`) or a unit cost (元/亩).
    A bare 万 is a warning, no unit is a warning, a written ≥ or > is a warning, a total amount for
    a row named as a rate (…补助标准, 单价, 单位成本) is a warning; a percent, a count, a duration
    or text is an error. Empty values are S004's; a template placeholder or a web page's masking
    (`≤****000元`) is V010's.
    Why: a cost indicator measures money spent (101号); a value that is not money cannot be
    compared with the budget (B004) or assessed, and a bare 万 leaves the unit to guesswork.
    Example: seed table 6: ≤1.0万 (line 539) should be ≤1.0万元; 成本控制率 ≤100% is no amount.
    Fix: write a ceiling (≤) in 万元 or 元, or a unit cost in 元 per unit.
    """
    params = ctx.params
    for index, row in _money_cost_rows(ctx.facts.places, params.level2):
        parsed = row.parsed
        if parsed.kind == "empty":
            continue
        pointer = f"/indicators/{index}/value"
        args: dict[str, Any] = {
            "name": clean(row.name) or clean(row.description),
            "value": parsed.text,
        }
        if any(mark in row.value for mark in _PLACEHOLDERS):
            continue  # an unfilled template or a web page's masking: V010's, not judged here
        if parsed.kind != "quantity":
            yield ctx.hit(pointer, severity="error", **args)
            continue
        if parsed.unit in params.loose_units:
            head, _, tail = parsed.text.rpartition(parsed.unit)
            yield ctx.hit(
                pointer,
                "loose",
                severity="warning",
                unit=parsed.unit,
                suggested=f"{head}万元{tail}" if head else parsed.text,
                **args,
            )
        elif parsed.unit in params.money_units or (
            params.allow_unit_cost and parsed.unit_class == "unit_cost"
        ):
            if parsed.comparator_written and parsed.comparator not in params.comparators:
                yield ctx.hit(
                    pointer, "comparator", severity="warning", comparator=parsed.comparator, **args
                )
            elif parsed.unit_class == "money" and _RATE_NAME_RE.search(clean(row.name)):
                yield ctx.hit(pointer, "per_unit", severity="warning", **args)
        elif not parsed.unit:
            yield ctx.hit(pointer, "no_unit", severity="warning", **args)
        else:
            yield ctx.hit(pointer, severity="error", **args)


# --- B004 ------------------------------------------------------------------------------------


class CostBudgetParams(Params):
    """How cost values are compared with the budget."""

    level2: tuple[str, ...] = Field(_MONEY_LEVEL2, description=_MONEY_LEVEL2_DESCRIPTION)
    tolerance: Decimal = Field(
        Decimal("0.005"), description="amount above the budget still accepted, in 万元 (rounding)"
    )


@rule(
    "B004",
    "cost-within-budget",
    category="budget",
    severity="error",
    basis=_BASIS_FIT + "；" + _BASIS_COST,
    title=("成本不超过预算数", "costs within the budget"),
    messages={
        "item": (
            "成本指标“{name}”的值 {value}（{amount} 万元）超过预算数 {budget} 万元",
            "cost indicator {name}: {value} ({amount} 万元) exceeds the budget total {budget} 万元",
        ),
        "sum": (
            "各项成本指标合计 {amount} 万元（{items}）超过预算数 {budget} 万元",
            "the itemised costs add up to {amount} 万元 ({items}), above the budget total "
            "{budget} 万元",
        ),
    },
    advice={
        "item": (
            "按预算测算改正“{name}”的金额，使其不超过预算数 {budget} 万元，或核对预算数",
            "correct the amount of '{name}' from the budget calculation so that it stays within "
            "the budget total {budget} 万元, or check the total",
        ),
        "sum": (
            "按预算测算改正各项成本，使合计（现为 {amount} 万元）不超过预算数 {budget} 万元，或核对预算数",
            "correct the cost rows from the budget calculation so that they add up to at most "
            "{budget} 万元 (now {amount}), or check the total",
        ),
    },
    params=CostBudgetParams,
)
def cost_within_budget(project: Project, ctx: ProjectContext[CostBudgetParams]) -> Iterator[Hit]:
    """每项成本指标的金额不超过预算数，分项成本之和也不超过预算数。

    检查：把产出指标下的成本指标和一级成本下的经济成本中写成金额的值换算为万元（元 ÷ 10000；只写“万”按万元），逐项与预算数比较；没有单项超出时，再比较各项之和（其中一行恰为其余各行之和的，是合计行，不重复计入）。等于预算数不算超出（允许 tolerance 的舍入误差）。单位成本（元/亩）和不是金额的值不参加比较（见 B003）。
    原因：成本是预算的分解，超过预算数的成本无钱可支，说明成本或预算有一个是错的（88号“适当性”）。
    示例：预算数 4 万元，“差旅费 ≤3万元”“会议费 ≤2万元”合计 5 万元；种子文档表 10 的 5＋20＋10＋15＝50 等于预算数，通过。
    修改：按预算测算改正成本指标，或核对预算数。
    ---
    What: each monetary cost value (成本 under 产出, 经济成本 under 一级 成本), converted to 万元
    (元 ÷ 10000; a bare 万 read as 万元), is at most the budget total; when no single item exceeds
    it, their sum must not either (a row that is the sum of the others is their total, counted
    once). Equal is fine (within `tolerance`, for rounding). Unit costs
    (元/亩) and values that are not money are left out (see B003).
    Why: costs break the budget down; a cost above the budget has no money behind it, so either
    the cost or the budget is wrong (88号: 适当性).
    Example: budget 4 万元 with 差旅费 ≤3万元 and 会议费 ≤2万元, 5 万元 together; seed table 10's
    5 + 20 + 10 + 15 = 50 equals its budget and passes.
    Fix: correct the cost rows from the budget calculation, or check the budget total.
    """
    budget = project.budget_wan
    if budget is None:
        return
    limit = budget + ctx.params.tolerance
    items: list[tuple[int, Indicator, Decimal]] = []
    for index, row in _money_cost_rows(ctx.facts.places, ctx.params.level2):
        amount = _amount_wan(row.parsed)
        if amount is not None:
            items.append((index, row, amount))
    over = [(i, row, a) for i, row, a in items if a > limit]
    for index, row, amount in over:
        yield ctx.hit(
            f"/indicators/{index}/value",
            "item",
            name=clean(row.name) or clean(row.description),
            value=squeeze(row.value),
            amount=_fmt(amount),
            budget=_fmt(budget),
        )
    if over or len(items) < 2:
        return
    items = _without_total_row(items, ctx.params.tolerance)
    total = sum((a for _, _, a in items), Decimal(0))
    if total > limit:
        yield ctx.hit(
            "/indicators",
            "sum",
            amount=_fmt(total),
            items=" + ".join(_fmt(a) for _, _, a in items),
            budget=_fmt(budget),
        )


def _without_total_row(
    items: list[tuple[int, Indicator, Decimal]], tolerance: Decimal
) -> list[tuple[int, Indicator, Decimal]]:
    """The cost rows without one that totals the others (出差 1 + 劳务 2 + 办公 0 = 年度预算总成本
    3): a table listing its items and their total must not count the money twice."""
    if len(items) < 3:
        return items
    whole = sum((a for _, _, a in items), Decimal(0))
    for at in range(len(items) - 1, -1, -1):  # a total row most often comes last
        amount = items[at][2]
        if amount > 0 and abs(whole - amount - amount) <= tolerance:
            return items[:at] + items[at + 1 :]
    return items


# --- B005 ------------------------------------------------------------------------------------


@rule(
    "B005",
    "cost-restates-budget",
    category="budget",
    severity="info",
    basis="财预〔2021〕101号：成本指标按主要支出内容分解",
    title=("成本指标只是重复预算数", "the only cost row restates the budget"),
    message=(
        "唯一的成本指标“{name}”（{value}）只是重复了预算数 {budget} 万元，没有按支出内容分项",
        "the only cost row {name} ({value}) restates the budget total {budget} 万元 "
        "instead of itemising the spending",
    ),
    advice=(
        "把“{name}”按主要支出内容分项列出，每项写金额上限（各项合计为预算数 {budget} 万元），必要时写单位成本",
        "split '{name}' into the main spending items, each with its ceiling (together the "
        "budget total, {budget} 万元), with unit costs where they help",
    ),
    params=CostBudgetParams,
)
def cost_restates_budget(project: Project, ctx: ProjectContext[CostBudgetParams]) -> Iterator[Hit]:
    """表中只有一行成本指标，且其金额就是预算数（如“成本控制在预算范围内 ≤0.11万元”）。

    检查：产出指标下的成本指标（或一级成本下的经济成本）只有一行已填写，其金额换算为万元后与预算数相等（相差不超过 tolerance）。分项列出多行成本时不提示。这只是提示。
    原因：101号要求成本指标反映主要支出内容的成本；把预算总数再写一遍不提供任何信息，也无法据此判断钱花得是否合理。
    示例：种子文档表 1–9 各只有一行“成本控制在预算范围内”，值等于预算数；表 10 分四项（5＋20＋10＋15），不提示。
    修改：按主要支出内容分项列出成本，每项写金额上限，必要时写单位成本。
    ---
    What: the table has a single filled-in monetary cost row (成本 under 产出, or 经济成本 under
    一级 成本) and its amount, in 万元, equals the budget total (within `tolerance`). Tables that
    itemise their costs in several rows are not reported. A hint only.
    Why: 101号 asks cost indicators to show what the main spending items cost; repeating the budget
    total tells the reviewer nothing and cannot show whether the money is spent well.
    Example: seed tables 1–9 each have one row 成本控制在预算范围内 equal to the budget; table 10
    itemises four (5 + 20 + 10 + 15) and is not reported.
    Fix: itemise the costs by the main spending items, each with its ceiling, or give unit costs.
    """
    budget = project.budget_wan
    rows = _money_cost_rows(ctx.facts.places, ctx.params.level2)
    if budget is None or len(rows) != 1:
        return
    index, row = rows[0]
    amount = _amount_wan(row.parsed)
    if amount is not None and abs(amount - budget) <= ctx.params.tolerance:
        yield ctx.hit(
            f"/indicators/{index}/value",
            name=clean(row.name) or clean(row.description),
            value=squeeze(row.value),
            budget=_fmt(budget),
        )


# --- B006 ------------------------------------------------------------------------------------


class UnitCostBound(BaseModel):
    """Bounds of a unit cost, in 元 per unit of the count."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min: Decimal | None = Field(None, description="lowest plausible cost per unit, in 元")
    max: Decimal | None = Field(None, description="highest plausible cost per unit, in 元")

    @model_validator(mode="after")
    def _ordered(self) -> UnitCostBound:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min must not exceed max")
        return self


class UnitCostParams(Params):
    """Unit-cost bounds per counting unit; none by default (the rule is off)."""

    bounds: dict[str, UnitCostBound] = Field(
        default_factory=dict,
        description="bounds per unit of the 数量 value, in 元 per unit, e.g. "
        "{次: {min: 100, max: 5000}, 人: {max: 2000}}; empty: the rule finds nothing",
    )
    level2: tuple[str, ...] = Field(
        ("数量",), description="产出 二级 whose single count the budget is divided by"
    )


@rule(
    "B006",
    "unit-cost-bounds",
    category="budget",
    severity="info",
    basis=_BASIS_FIT + "；财预〔2021〕101号：单位成本",
    title=("单位成本在合理范围内", "unit cost within policy bounds"),
    message=(
        "单位成本 {cost} 元/{unit}（预算数 {budget} 万元 ÷ {count}{unit}）超出范围 {range}",
        "unit cost {cost} 元 per {unit} (budget {budget} 万元 ÷ {count} {unit}) is outside {range}",
    ),
    advice=(
        "核对数量目标 {count}{unit} 和预算测算：两者之比应在 {range} 内",
        "check the count {count} {unit} and the budget calculation against each other: their "
        "ratio should lie within {range}",
    ),
    params=UnitCostParams,
)
def unit_cost_bounds(project: Project, ctx: ProjectContext[UnitCostParams]) -> Iterator[Hit]:
    """单位成本（预算数 ÷ 数量指标的数量）在策略规定的范围内；策略没有规定范围时不检查。

    检查：表中只有一行已填写的数量指标、其值是带单位的数量，且策略为该单位规定了范围（参数 bounds，元/单位）时，计算 预算数（万元 × 10000）÷ 数量，低于 min 或高于 max 时提示。有多行数量指标时预算分摊不明，不计算。默认没有任何范围，本规则不产生结果。
    原因：单位成本过高说明预算偏大，过低说明数量目标不实（88号“适当性”“可行性”）；合理范围因地区和行业而异，只能由策略规定。
    示例：种子文档表 3 预算 4 万元、差旅 ≥500 次，单位成本 80 元/次；若策略规定“次”不低于 100 元，则提示。
    修改：核对数量目标和预算测算，使两者相互匹配。
    ---
    What: when the table has one filled-in quantity (数量) row whose value is a count with a unit
    the policy gives bounds for (`bounds`, in 元 per unit), the unit cost budget (万元 × 10000) ÷
    count must lie within them. With several quantity rows the split of the budget is unknown and
    nothing is computed. By default there are no bounds and the rule finds nothing.
    Why: a high unit cost means an inflated budget, a low one an unrealistic count (88号: 适当性,
    可行性); plausible ranges differ by region and sector, so only a policy can set them.
    Example: seed table 3: 4 万元 for ≥500 trips is 80 元 a trip; with a floor of 100 元 per 次 it
    is reported.
    Fix: check the count and the budget calculation against each other.
    """
    bounds = ctx.params.bounds
    if not bounds:
        return
    budget = project.budget_wan
    if budget is None:
        return
    wanted = {canonical(x) for x in ctx.params.level2}
    places = ctx.facts.places.places
    counts = [
        (index, row)
        for index, row in enumerate(project.indicators)
        if (clean(row.name) or clean(row.value))
        and (c := places[index]).level1 == "产出"
        and c.level2 in wanted
    ]
    if len(counts) != 1:
        return
    index, row = counts[0]
    parsed = row.parsed
    count = parsed.scaled_number
    unit = parsed.base_unit
    bound = bounds.get(unit)
    if parsed.kind != "quantity" or count is None or count <= 0 or bound is None:
        return
    cost = budget * Decimal(10000) / count
    if (bound.min is not None and cost < bound.min) or (bound.max is not None and cost > bound.max):
        if bound.min is not None and bound.max is not None:
            shown = f"{_fmt(bound.min)}–{_fmt(bound.max)}"
        elif bound.min is not None:
            shown = f"≥{_fmt(bound.min)}"
        else:
            shown = f"≤{_fmt(bound.max or Decimal(0))}"
        yield ctx.hit(
            f"/indicators/{index}/value",
            cost=_fmt(cost.quantize(Decimal("0.01"))),
            unit=unit,
            budget=_fmt(budget),
            count=_fmt(count),
            range=f"{shown} 元/{unit}",
        )


# --- B007 ------------------------------------------------------------------------------------


class ExecutionParams(Params):
    """Words of budget-execution measures."""

    measures: tuple[str, ...] = Field(
        (
            "资金到位率",
            "发放到位率",
            "拨付率",
            "预算执行率",
            "下达率",
            "资金使用率",
            "资金支出率",
            "支出进度",
            "拨付到位",
            "支付及时率",
            "发放及时率",
            "资金到位",
            "到位及时",
            "投资支付率",
            "投资完成率",
            "执行进度",
        ),
        description="budget-execution measures that should not be performance indicators",
    )


@lru_cache(maxsize=8)
def _measure_finder(measures: tuple[str, ...]) -> Callable[[str], str | None]:
    """The first of `measures` a cell as written holds (whitespace removed), cached per text."""
    words = [m for m in measures if m]

    @lru_cache(maxsize=CACHE_SIZE)
    def find(written: str) -> str | None:
        text = clean(written)
        return next((m for m in words if m in text), None)

    return find


@rule(
    "B007",
    "execution-as-indicator",
    category="budget",
    severity="info",
    basis="财预〔2020〕10号：预算执行率单独评分（10分），不作为绩效指标",
    title=("预算执行指标用作绩效指标", "budget-execution measure used as an indicator"),
    messages={
        "default": (
            "“{written}”（含“{measure}”）衡量的是预算执行，不是项目的产出或效益",
            "{written} (a {measure}) measures budget execution, not the project's output or "
            "benefit",
        ),
        "exact": (
            "“{written}”衡量的是预算执行，不是项目的产出或效益",
            "{written} measures budget execution, not the project's output or benefit",
        ),
    },
    advice=(
        "把“{written}”换成衡量项目本身做得怎样的质量或时效指标（如验收合格率、按期完成率）",
        "replace '{written}' by a quality or timeliness measure of the project itself (an "
        "acceptance rate, an on-time rate)",
    ),
    params=ExecutionParams,
)
def execution_as_indicator(project: Project, ctx: ProjectContext[ExecutionParams]) -> Iterator[Hit]:
    """把资金到位率、发放到位率、拨付率、预算执行率、下达率、资金使用率、投资支付率、投资完成率等预算执行指标当作绩效指标。

    检查：每行指标的三级名称（否则绩效指标描述）中含参数 measures 所列的词时提示，每行一次，指向含该词的一栏。这只是提示。
    原因：10号把预算执行率作为单独的评价内容（10 分）；资金是否到位、拨付不反映项目做了什么、做得怎样，占用了质量、时效指标的位置。
    示例：种子文档表 3“资金到位率”（第 261 行），表 4–8“资金发放到位率”，表 9“资金发放到位率”。
    修改：换成反映项目本身的质量或时效指标（验收合格率、按期完成率之类）。
    ---
    What: an indicator row whose 三级 name (else its description) contains one of `measures`
    (资金到位率, 发放到位率, 拨付率, 预算执行率, 下达率, 资金使用率, 资金支出率, 支出进度, 拨付到位,
    资金到位, 投资支付率, 投资完成率 …) is
    reported, once per row, at the cell holding it.
    A hint only.
    Why: 财预〔2020〕10号 scores budget execution on its own (10 points); whether money arrived or was
    paid out says nothing about what the project did or how well, and it takes the place of a real
    quality or timeliness indicator.
    Example: seed table 3 资金到位率 (line 261); 资金发放到位率 in tables 4–9.
    Fix: replace it with a quality or timeliness measure of the project itself (an acceptance
    rate, an on-time rate).
    """
    find = _measure_finder(ctx.params.measures)
    rows = project.indicators
    if not any(find(row.name) or find(row.description) for row in rows):
        return  # the usual case: no cell names a measure
    for index, row in enumerate(rows):
        for field in ("name", "description"):
            measure = find(getattr(row, field))
            if measure is not None:
                text = clean(getattr(row, field))
                yield ctx.hit(
                    f"/indicators/{index}/{field}",
                    "exact" if text == measure else "default",
                    written=squeeze(getattr(row, field)),
                    measure=measure,
                )
                break


# --- B008 ------------------------------------------------------------------------------------


@rule(
    "B008",
    "mid-term-covers-the-year",
    category="budget",
    severity="warning",
    basis=_BASIS_FIT + "；中期资金总额涵盖整个实施期",
    title=("中期资金不少于年度资金", "the mid-term funds cover the year's"),
    message=(
        "中期（实施期）资金总额 {mid} 小于年度资金总额 {annual}：中期资金涵盖整个实施期，不应少于其中一年",
        "the mid-term (whole-period) total {mid} is less than the annual total {annual}: the "
        "period's funds include the year's",
    ),
    advice=(
        "核对两栏金额：中期资金总额（现为 {mid}）填整个实施期的总额，不少于年度资金 {annual}",
        "check both amounts: the mid-term total (now {mid}) is the whole period's, at least the "
        "annual {annual}",
    ),
)
def mid_term_covers_the_year(project: Project, ctx: ProjectContext[Params]) -> Iterator[Hit]:
    """中期（实施期）资金总额不少于年度资金总额。

    检查：中期与年度资金并列的表格（Project.mid_term.budget），两个总额都是数字时，中期总额小于年度总额即报告。
    原因：中期资金是整个实施期的资金，年度资金是其中一年的；中期小于年度说明其中一个数填错了（常见的是两栏填反或只填了半年），项目的资金规模不可信（88号“适当性”）。
    示例：中期资金总额 170.00，年度资金总额 340.00，而中期目标写的是“2023年—2023年”。
    修改：核对两栏金额，中期资金填整个实施期的总额。
    ---
    What: in a table setting 中期 funds beside the annual ones (Project.mid_term.budget), when both
    totals are numbers, a mid-term total below the annual total is reported.
    Why: the mid-term funds are the whole implementation period's, the annual ones one year's
    share; a smaller period total means one of them is wrong (columns swapped, half a year filled
    in), and the project's size cannot be trusted (88号: 适当性).
    Example: 中期资金总额 170.00 beside 年度资金总额 340.00, for a 中期 of 2023—2023.
    Fix: check both amounts; the mid-term total is the whole period's.
    """
    mid = project.mid_term
    if mid is None or mid.budget is None:
        return
    annual = project.amount(project.budget.total)
    period = project.amount(mid.budget.total)
    if annual is not None and period is not None and period < annual:
        yield ctx.hit("/mid_term/budget/total", mid=_fmt(period), annual=_fmt(annual))


RULES: tuple[Rule, ...] = (
    budget_sum,
    amount_format,
    cost_is_money,
    cost_within_budget,
    cost_restates_budget,
    unit_cost_bounds,
    execution_as_indicator,
    mid_term_covers_the_year,
)
