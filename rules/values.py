"""V — indicator values (指标值): grammar, units, ranges, kinds and gradability.

Every rule reads the value through the shared grammar (`Indicator.parsed`, domain.md §4). The
rules split the ground so that one defect gives one finding:

- V001 the form of a quantity (unit whitelist, comparator after the number, aliases);
- V002 a quantity with no comparator; V003 a percent's range;
- V004 a qualitative value that cannot be graded; V006 a qualitative value where the
  description promises a quantity;
- V005 a well-formed value of the wrong kind for its indicator;
- V007 the anchoring of a 时效 value; V008 the 满意度 floor; V009 the 满意度 respondents;
- V010 unfilled template placeholders.

A 成本 row's money unit (bare `万` included) is B003's business; a value with a placeholder
(`≥**%`) is V010's and the other rules leave it alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from pydantic import Field, field_validator

from checker.model import Indicator, Project
from checker.rule import Fix, Hit, Params, ProjectContext, regex_patterns, rule
from checker.taxonomy import canonical, classify, strip_tags
from checker.values import CACHE_SIZE, ParsedValue, clean, parse_value, squeeze
from rules.plan import checkpoint_key

_BASIS_QUANTIFIED = "财预〔2015〕88号：绩效目标设定——细化量化；财预〔2021〕101号：量化易评"
_BASIS_GRADED = "财预〔2021〕101号：定性指标分级分档、可评判"
_BASIS_MATCHED = "财预〔2015〕88号：绩效目标设定——指向明确、相应匹配"
_BASIS_FEASIBLE = "财预〔2015〕88号：绩效目标审核——可行性"
_BASIS_COMPLETE = "财预〔2015〕88号：绩效目标审核——完整性"

#: A value holding an asterisk is an unfilled template (`≥**%`): V010 reports it, no other rule.
_PLACEHOLDER_CHARS = ("*", "＊")

#: Any digit, ASCII or full-width: a value with none states no number at all.
_DIGIT_RE = re.compile(r"[0-9０-９]")

Kind = Literal[
    "percent",
    "money",
    "unit_cost",
    "count",
    "duration",
    "area",
    "length",
    "date",
    "period",
]

KIND_NAMES: dict[Kind, tuple[str, str]] = {
    "percent": ("百分比", "a percentage"),
    "money": ("金额", "an amount of money"),
    "unit_cost": ("单位成本", "a unit cost"),
    "count": ("个数", "a count"),
    "duration": ("时长", "a duration"),
    "area": ("面积", "an area"),
    "length": ("长度", "a length"),
    "date": ("日期", "a date"),
    "period": ("期间", "a period"),
}

#: Days per duration unit, to compare durations (V007).
_DAYS_PER_UNIT: dict[str, Decimal] = {
    "天": Decimal(1),
    "日": Decimal(1),
    "工作日": Decimal("1.4"),
    "个工作日": Decimal("1.4"),
    "周": Decimal(7),
    "个月": Decimal(30),
    "月": Decimal(30),
    "年": Decimal(365),
    "小时": Decimal(1) / Decimal(24),
    "分钟": Decimal(1) / Decimal(1440),
}


# --- shared helpers -------------------------------------------------------------------------


#: Explicit before→after states (`混乱→规范`, `由3家增加到5家`, `从无到有`), as regular expressions.
_TRANSITIONS: tuple[str, ...] = (
    r".+(→|->|—>|⇒|=>).+",
    r"(由|从).+?(到|至|变为|变成|提升为|提高为|降低为|降为)",
)
_TRANSITIONS_DESCRIPTION = (
    "regular expressions of an explicit before→after state (混乱→规范, 由3家增加到5家, 从无到有)"
)


def _is_transition(text: str, patterns: tuple[str, ...]) -> bool:
    """An explicit before→after state: `由3家增加到5家`, `无→有`."""
    normal = unicodedata.normalize("NFKC", clean(text))
    return any(re.search(pattern, normal) for pattern in patterns)


def _has_placeholder(text: str | None) -> bool:
    return any(ch in (text or "") for ch in _PLACEHOLDER_CHARS)


def _name(indicator: Indicator) -> str:
    """The 三级 name without tags and whitespace: `受益人数（必填）` → `受益人数`."""
    return _clean_name(indicator.name)


@lru_cache(maxsize=CACHE_SIZE)
def _clean_name(name: str) -> str:
    """`_name` of a written 三级 name (cached: a season repeats the same names)."""
    return clean(strip_tags(clean(name)))


def _contains_any(text: str, words: tuple[str, ...]) -> str | None:
    for word in words:
        if word and word in text:
            return word
    return None


def _left_to_b003(indicator: Indicator, level2: tuple[str, ...]) -> bool:
    """A cost row whose value B003 checks as money (成本 under 产出, 经济成本 by default)."""
    classified = classify(indicator.level1, indicator.level2)
    return classified.is_cost and classified.level2 in _canonical_set(level2)


@lru_cache(maxsize=64)
def _canonical_set(names: tuple[str, ...]) -> frozenset[str]:
    """The canonical names of a `leave_to_b003` parameter."""
    return frozenset(canonical(x) for x in names)


_B003_LEVEL2 = ("成本", "经济成本")
_B003_DESCRIPTION = (
    "cost 二级 whose values B003 checks as money (成本 under 产出, 经济成本): this rule leaves "
    "them to B003; empty: check them here too"
)


def _is_satisfaction(indicator: Indicator) -> bool:
    return classify(indicator.level1, indicator.level2).is_satisfaction or "满意" in _name(
        indicator
    )


def _kind_of(parsed: ParsedValue) -> Kind | None:
    """What a value measures, when the grammar says so clearly (None: unknown or qualitative)."""
    if parsed.kind in ("date", "period"):
        return "date" if parsed.kind == "date" else "period"
    if parsed.kind != "quantity":
        return None
    cls = parsed.unit_class
    if cls in ("percent", "money", "unit_cost", "count", "duration", "area", "length"):
        return cls
    return None


def _direction_suffix(unit: str, suffixes: dict[str, str]) -> tuple[str, str] | None:
    """`%以上` → (`以上`, `≥`): a direction word after the number, longest match first."""
    for suffix in sorted(suffixes, key=len, reverse=True):
        if suffix and unit.endswith(suffix):
            return suffix, suffixes[suffix]
    return None


def _number_text(number: Decimal | None) -> str:
    return "" if number is None else str(number)


#: Most rows are clean for most rules, and a season repeats the same cells (`≥95%`, `达到预期目标`,
#: the same 三级 names) thousands of times. So each rule first rejects a row on what it can prove
#: cheaply (its parsed value), and what depends on a cell's text and the rule's parameters only is
#: judged once per distinct text, in a memo of those parameters (below).
_MEMO_SIZE = 1 << 13
_MEMO_PARAMS = 16
_memos: dict[tuple[int, str], tuple[Params, dict[Any, Any]]] = {}
#: A memo's "not judged yet" (None is a verdict).
_UNSEEN: Any = object()


def _memo(params: Params, purpose: str) -> dict[Any, Any]:
    """A memo of verdicts under these parameters (bounded; it holds `params`, so the id stays)."""
    key = (id(params), purpose)
    entry = _memos.get(key)
    if entry is not None and entry[0] is params and len(entry[1]) < _MEMO_SIZE:
        return entry[1]
    if len(_memos) >= _MEMO_PARAMS:
        _memos.clear()
    memo: dict[Any, Any] = {}
    _memos[key] = (params, memo)
    return memo


# --- V001 -----------------------------------------------------------------------------------

_DEFAULT_UNITS: tuple[str, ...] = (
    # percent
    "%",
    "百分点",
    "个百分点",
    # money
    "元",
    "万元",
    "亿元",
    "千元",
    "元/亩",
    "元/人",
    "元/人次",
    "元/次",
    "元/户",
    "元/平方米",
    "元/公里",
    "万元/公里",
    "万元/个",
    # counts
    "家",
    "项",
    "个",
    "次",
    "人",
    "人次",
    "户",
    "座",
    "辆",
    "台",
    "套",
    "件",
    "台/套/件",
    "台套",
    "场",
    "场次",
    "所",
    "处",
    "批",
    "册",
    "本",
    "份",
    "篇",
    "条",
    "期",
    "名",
    "位",
    "株",
    "棵",
    "头",
    "只",
    "张",
    "部",
    "间",
    "栋",
    "幢",
    "宗",
    "门",
    "节",
    "课时",
    "学时",
    "个点位",
    "标准机架",
    # durations
    "天",
    "日",
    "工作日",
    "个工作日",
    "周",
    "个月",
    "月",
    "年",
    "小时",
    "分钟",
    # areas, lengths, volumes, weights, energy
    "亩",
    "万亩",
    "平方米",
    "公顷",
    "平方公里",
    "公里",
    "千米",
    "米",
    "延米",
    "立方米",
    "万立方米",
    "吨",
    "万吨",
    "千克",
    "公斤",
    "千瓦",
    "千瓦时",
    "兆瓦",
    "万千瓦时",
    # scores
    "分",
)


class ValueGrammarParams(Params):
    """Parameters of V001."""

    units: tuple[str, ...] = Field(
        _DEFAULT_UNITS,
        description="the unit whitelist; a unit with a 万/亿 prefix (6万人) and units joined "
        "by / (台/套/件, 元/亩) are accepted when their parts are listed",
    )
    aliases: dict[str, str] = Field(
        default_factory=lambda: {"百分比": "%", "平米": "平方米"},
        description="units written another way, and how the fix writes them",
    )
    direction_suffixes: dict[str, str] = Field(
        default_factory=lambda: {
            "以上": "≥",
            "及以上": "≥",
            "以下": "≤",
            "及以下": "≤",
            "以内": "≤",
            "之内": "≤",
        },
        description="direction words written after the number (95%以上) and the comparator "
        "the fix puts in front (≥95%)",
    )
    scale_prefixes: tuple[str, ...] = Field(
        ("万", "亿"), description="multipliers allowed in front of a whitelisted unit (6万人)"
    )
    transitions: tuple[str, ...] = Field(
        _TRANSITIONS,
        description=_TRANSITIONS_DESCRIPTION + ": a value holding a number in such a statement "
        "is not reported as off the grammar",
    )
    leave_to_b003: tuple[str, ...] = Field(_B003_LEVEL2, description=_B003_DESCRIPTION)

    _check_transitions = field_validator("transitions")(regex_patterns)


def _unit_allowed(unit: str, params: ValueGrammarParams) -> bool:
    if unit in params.units:
        return True
    for prefix in params.scale_prefixes:
        if unit.startswith(prefix) and unit[len(prefix) :] in params.units:
            return True
    if "/" in unit:
        return all(part and _unit_allowed(part, params) for part in unit.split("/"))
    return False


def _quiet_unit(unit: str, params: ValueGrammarParams) -> bool:
    """A quantity with this unit is never reported, wherever the unit is written."""
    return (
        bool(unit)
        and _direction_suffix(unit, params.direction_suffixes) is None
        and _unit_allowed(unit, params)
    )


def _fixed_unit(unit: str, params: ValueGrammarParams) -> str | None:
    """The whitelisted unit a written unit stands for (itself, or its alias); None if neither."""
    if _unit_allowed(unit, params):
        return unit
    alias = params.aliases.get(unit)
    if alias is not None and _unit_allowed(alias, params):
        return alias
    return None


@rule(
    "V001",
    "value-grammar",
    category="values",
    severity="warning",
    basis=_BASIS_QUANTIFIED,
    title=("指标值格式和计量单位", "value format and unit"),
    messages={
        "unit": (
            "指标值“{value}”的计量单位“{unit}”不在允许的单位中（如 %、万元、家、项、个、次、人、"
            "天、个月）",
            "the unit {unit} of the value {value} is not an allowed unit (e.g. %, 万元, 家, 项, "
            "个, 次, 人, 天, 个月)",
        ),
        "bare_wan": (
            "指标值“{value}”只写了“万”，没有写明单位：应写作如 万元、万人",
            "the value {value} says 万 (ten thousand) without a unit: write e.g. 万元 or 万人",
        ),
        "alias": (
            "指标值“{value}”的单位“{unit}”应写作“{fixed_unit}”：“{fixed}”",
            "the value {value} writes the unit {unit}; write {fixed_unit}: {fixed}",
        ),
        "direction": (
            "指标值“{value}”把比较方向写在数字后面（“{suffix}”）：应把比较符写在前面，如“{fixed}”",
            "the value {value} gives its direction after the number ({suffix}); put the "
            "comparator first: {fixed}",
        ),
        "no_unit": (
            "指标值“{value}”没有计量单位",
            "the value {value} has no unit",
        ),
        "no_number": (
            "指标值“{value}”的比较符后不是数字和单位",
            "the comparator of the value {value} is not followed by a number and a unit",
        ),
        "off_grammar": (
            "指标值“{value}”含有数字但不符合“比较符 + 数字 + 单位”或日期的写法",
            "the value {value} holds a number but does not read as comparator + number + unit "
            "or as a date",
        ),
    },
    params=ValueGrammarParams,
    fixable=True,
)
def value_grammar(project: Project, ctx: ProjectContext[ValueGrammarParams]) -> Iterator[Hit]:
    """定量指标值符合“比较符 + 数字 + 单位”的写法，单位在允许的范围内。

    检查：定量指标值由可选的比较符（≥ ≤ = > <，也接受 >=、≧ 等写法）、数字和允许的计量单位
    组成（单位表是策略参数，6万人 这类带“万/亿”的写法和 台/套/件 这类组合单位也接受）。报告：
    单位不在表中；“百分比”等别名（可自动改为 %）；比较方向写在数字之后（95%以上，可自动改为
    ≥95%）；只写“万”；没有单位；比较符后不是数字；含数字但不成格式。成本行的金额单位（包括
    只写“万”）由 B003 检查，带 ** 的模板占位由 V010 报告。
    原因：指标值要能与实际值逐项比较；单位不规范、方向写在后面的值，评价时容易理解错，也无法
    自动汇总。
    示例：表5“≥95百分比”应写作“≥95%”；“95%以上”应写作“≥95%”。
    修改：写成比较符在前、数字居中、单位在后的形式，单位用允许的写法。
    ---
    What: a quantitative value is an optional comparator (≥ ≤ = > <; >=, ≧ and the like are
    accepted), a number and a whitelisted unit (the whitelist is a policy parameter; a 万/亿
    prefix as in 6万人 and units joined by / as in 台/套/件 are accepted). Reported: a unit not on
    the list; an alias such as 百分比 (autofix to %); the direction written after the number
    (95%以上, autofix to ≥95%); a bare 万; no unit; a comparator not followed by a number; a
    value holding a number that fits no form. A 成本 row's money unit (bare 万 included) is
    B003's; template placeholders (**) are V010's.
    Why: a target must be comparable with the actual value item by item; odd units and trailing
    directions are misread at evaluation time and cannot be totalled.
    Example: table 5 `≥95百分比` should be `≥95%`; `95%以上` should be `≥95%`.
    Fix: write the comparator first, then the number, then an allowed unit.
    """
    params = ctx.params
    quiet_units = _memo(params, "quiet_units")
    for index, indicator in enumerate(project.indicators):
        parsed = indicator.parsed
        # Quick reject: a quantity whose unit is reported from no source, a qualitative value
        # with neither a comparator nor a digit, and the other kinds give no hit.
        if parsed.kind == "quantity":
            quiet = quiet_units.get(parsed.unit)
            if quiet is None:
                quiet = quiet_units[parsed.unit] = _quiet_unit(parsed.unit, params)
            if quiet:
                continue
        elif parsed.kind != "qualitative" or (
            not parsed.comparator_written and not _DIGIT_RE.search(parsed.text)
        ):
            continue
        if _has_placeholder(indicator.value) or _left_to_b003(indicator, params.leave_to_b003):
            continue
        base = f"/indicators/{index}"
        value = squeeze(indicator.value)
        pointer = base + "/value"
        if parsed.kind == "qualitative":
            if parsed.comparator_written:
                yield ctx.hit(pointer, "no_number", value=value)
            elif _DIGIT_RE.search(value) and not _is_transition(value, params.transitions):
                yield ctx.hit(pointer, "off_grammar", value=value)
            continue
        if parsed.kind != "quantity":
            continue
        unit = parsed.unit
        source = _unit_source(indicator)
        if source == "name" and not _unit_allowed(unit, params):
            unit = ""  # a tag such as (必填) at the end of the 三级 name is no unit
        if not unit:
            yield ctx.hit(pointer, "no_unit", value=value)
            continue
        unit_pointer = base + "/unit" if source == "column" else pointer
        written = squeeze(indicator.unit) if source == "column" else value
        direction = _direction_suffix(unit, params.direction_suffixes)
        if direction is not None:
            suffix, comparator = direction
            core = unit[: -len(suffix)]
            fixed_core = _fixed_unit(core, params) if core else None
            consistent = not parsed.comparator_written or parsed.comparator == comparator
            # With a 指标性质 column the comparator stays there; otherwise it goes in front.
            front = "" if clean(indicator.operator) else comparator
            fixed = f"{front}{_number_text(parsed.number)}{fixed_core or core}"
            safe = fixed_core is not None and consistent and source == "value"
            yield ctx.hit(
                pointer,
                "direction",
                fix=Fix(pointer, fixed) if safe else None,
                value=value,
                suffix=suffix,
                fixed=fixed,
            )
            continue
        if _unit_allowed(unit, params):
            continue
        alias = params.aliases.get(unit)
        if alias is not None and _unit_allowed(alias, params) and unit in written:
            fixed = written.replace(unit, alias)
            yield ctx.hit(
                unit_pointer,
                "alias",
                fix=Fix(unit_pointer, fixed),
                value=value,
                unit=unit,
                fixed_unit=alias,
                fixed=fixed,
            )
        elif unit == "万":
            yield ctx.hit(unit_pointer, "bare_wan", value=value)
        else:
            yield ctx.hit(unit_pointer, "unit", value=value, unit=unit)


def _unit_source(indicator: Indicator) -> Literal["value", "column", "name", "none"]:
    """Where a value's unit is written: in the value, the 计量单位 column or the 三级 name."""
    if parse_value(indicator.value).unit:
        return "value"
    if clean(indicator.unit):
        return "column"
    return "name" if indicator.parsed.unit else "none"


# --- V002 -----------------------------------------------------------------------------------


class NoComparatorParams(Params):
    """Parameters of V002."""

    direction_suffixes: tuple[str, ...] = Field(
        ("以上", "及以上", "以下", "及以下", "以内", "之内"),
        description="direction words after the number (95%以上): such a value has a direction, "
        "written in the wrong place, which V001 reports",
    )


@rule(
    "V002",
    "value-no-comparator",
    category="values",
    severity="info",
    basis=_BASIS_QUANTIFIED,
    title=("指标值没有比较符", "value without a comparator"),
    message=(
        "指标值“{value}”没有比较符，按“={value}”理解；如是下限或上限，请写作“≥{value}”或“≤{value}”",
        "the value {value} has no comparator and reads as ={value}; if it is a floor or a "
        "ceiling, write ≥{value} or ≤{value}",
    ),
    params=NoComparatorParams,
)
def value_no_comparator(project: Project, ctx: ProjectContext[NoComparatorParams]) -> Iterator[Hit]:
    """定量指标值写了比较符。

    检查：定量指标值（数字 + 单位）前面有没有比较符（≥ ≤ = > <，或单独的“指标性质”列）。没有
    比较符按“=”理解，这里只作提示。数字后带“以上/以下”的值由 V001 报告。
    原因：“1项”是恰好 1 项还是至少 1 项，评价时会有争议；写明 ≥、≤ 或 = 可以避免。
    示例：表1“1项”、表6“36家”、表7“100%”。
    修改：按本意写作“≥1项”“=1项”或“≤1项”。
    ---
    What: a quantitative value (number + unit) has a comparator in front (≥ ≤ = > <, or a
    separate 指标性质 column). Without one it reads as `=`; this is a hint. A value with 以上/以下
    after the number is V001's.
    Why: is `1项` exactly one or at least one? Writing ≥, ≤ or = avoids the argument at
    evaluation.
    Example: table 1 `1项`, table 6 `36家`, table 7 `100%`.
    Fix: write what is meant: `≥1项`, `=1项` or `≤1项`.
    """
    for index, indicator in enumerate(project.indicators):
        parsed = indicator.parsed
        if parsed.kind != "quantity" or parsed.comparator_written:
            continue
        if _has_placeholder(indicator.value):
            continue
        if any(s and parsed.unit.endswith(s) for s in ctx.params.direction_suffixes):
            continue
        yield ctx.hit(f"/indicators/{index}/value", value=squeeze(indicator.value))


# --- V003 -----------------------------------------------------------------------------------


class PercentRangeParams(Params):
    """Parameters of V003."""

    maximum: Decimal = Field(Decimal(100), description="the largest percent a value may hold")
    exempt_keywords: tuple[str, ...] = Field(
        ("增长", "增幅", "增速", "同比", "环比", "提高", "提升", "增加"),
        description="rows whose 三级 name or description holds one of these measure change, "
        "which may exceed 100 %",
    )
    leave_to_b003: tuple[str, ...] = Field(_B003_LEVEL2, description=_B003_DESCRIPTION)


def _percent_number(parsed: ParsedValue) -> Decimal | None:
    if parsed.kind != "quantity" or parsed.number is None:
        return None
    unit = parsed.unit
    if "百分点" in unit:
        return None
    if parsed.unit_class == "percent" or unit.startswith(("%", "百分比")):
        return parsed.number
    return None


@rule(
    "V003",
    "percent-range",
    category="values",
    severity="error",
    also=("warning",),
    basis=_BASIS_FEASIBLE,
    title=("百分比在 0–100 之间", "percent within 0–100"),
    messages={
        "above": (
            "指标值“{value}”超过 {maximum}%",
            "the value {value} exceeds {maximum} %",
        ),
        "impossible": (
            "指标值“{value}”要求大于 {maximum}%，不可能达到",
            "the value {value} asks for more than {maximum} %, which cannot be reached",
        ),
        "at_least_max": (
            "指标值“{value}”要求不低于 {maximum}%，只有恰好 {maximum}% 才能达到：应写作“={maximum}%”，"
            "或设定可行的下限",
            "the value {value} can only be met by exactly {maximum} %: write ={maximum}% or set "
            "a feasible floor",
        ),
    },
    params=PercentRangeParams,
)
def percent_range(project: Project, ctx: ProjectContext[PercentRangeParams]) -> Iterator[Hit]:
    """百分比指标值在 0–100 之间。

    检查：单位为 % 的指标值不超过 100（超过为错误；“>100%”同样不可能）；“≥100%”只能恰好
    达到，作为警告。三级名称或描述含“增长、增幅、同比、提高”等的行衡量变化幅度，可以超过
    100%，不检查。
    原因：完成率、到位率、满意度等比率不可能超过 100%；“≥100%”实际是“=100%”，往往是没有想
    清楚的目标。
    示例：“≥120%”的完成率；“≥100%”的资金到位率。
    修改：改为 0–100 之间的值；目标确为全部完成的写作“=100%”。
    ---
    What: a value in % is at most 100 (above is an error; `>100%` cannot be met either); `≥100%`
    can only be met exactly and is a warning. Rows whose 三级 name or description speaks of
    change (增长, 增幅, 同比, 提高 …) may exceed 100 % and are not checked.
    Why: completion, disbursement and satisfaction rates cannot exceed 100 %; `≥100%` really
    means `=100%` and usually shows a target nobody thought through.
    Example: a completion rate of `≥120%`; a disbursement rate of `≥100%`.
    Fix: write a value between 0 and 100; a target of full completion is `=100%`.
    """
    params = ctx.params
    maximum = params.maximum
    for index, indicator in enumerate(project.indicators):
        parsed = indicator.parsed
        # Quick reject: only a number above the maximum, or at it after > or ≥, is reported.
        if parsed.kind != "quantity" or parsed.number is None or parsed.number < maximum:
            continue
        if parsed.number == maximum and parsed.comparator not in (">", "≥"):
            continue
        number = _percent_number(parsed)
        if number is None:
            continue
        if _has_placeholder(indicator.value):
            continue
        if _left_to_b003(indicator, params.leave_to_b003):
            continue
        base = f"/indicators/{index}"
        subject = _name(indicator) + clean(indicator.description)
        if _contains_any(subject, params.exempt_keywords):
            continue
        value = squeeze(indicator.value)
        pointer = base + "/value"
        if number > params.maximum:
            yield ctx.hit(pointer, "above", severity="error", value=value, maximum=params.maximum)
        elif number == params.maximum and parsed.comparator == ">":
            yield ctx.hit(
                pointer, "impossible", severity="error", value=value, maximum=params.maximum
            )
        elif number == params.maximum and parsed.comparator == "≥":
            yield ctx.hit(
                pointer, "at_least_max", severity="warning", value=value, maximum=params.maximum
            )


# --- V004 -----------------------------------------------------------------------------------


class GradableParams(Params):
    """Parameters of V004."""

    gradable: tuple[str, ...] = Field(
        (
            "达到",
            "基本达到",
            "未达到",
            "达到预期",
            "基本达到预期",
            "未达到预期",
            "达到预期目标",
            "基本达到预期目标",
            "未达到预期目标",
            "优",
            "良",
            "中",
            "差",
            "优良",
            "优秀",
            "良好",
            "合格",
            "不合格",
            "是",
            "否",
            "有",
            "无",
            "完成",
            "未完成",
        ),
        description="qualitative values that can be graded at evaluation (the whole value)",
    )
    transitions: tuple[str, ...] = Field(_TRANSITIONS, description=_TRANSITIONS_DESCRIPTION)

    _check_transitions = field_validator("transitions")(regex_patterns)
    direction_words: tuple[str, ...] = Field(
        ("提升", "提高", "改善", "明显", "增强", "增加", "促进", "加强", "显著", "有效", "优化"),
        description="bare direction words: a value made of them gets the message that names them",
    )
    leave_to_b003: tuple[str, ...] = Field(_B003_LEVEL2, description=_B003_DESCRIPTION)


def _gradable(value: str, params: GradableParams) -> bool:
    text = unicodedata.normalize("NFKC", clean(value)).rstrip("。.")
    if text in params.gradable:
        return True
    return _is_transition(text, params.transitions)


def _qualitative(indicator: Indicator) -> ParsedValue | None:
    """The parsed value when it is qualitative, holds no number and no placeholder."""
    if _has_placeholder(indicator.value):
        return None
    parsed = indicator.parsed
    if parsed.kind != "qualitative" or parsed.comparator_written:
        return None
    if _DIGIT_RE.search(parsed.text):
        return None  # a number off the grammar: V001's
    return parsed


@rule(
    "V004",
    "qualitative-gradable",
    category="values",
    severity="warning",
    basis=_BASIS_GRADED,
    title=("定性指标值可评判", "qualitative value is gradable"),
    messages={
        "default": (
            "定性指标值“{value}”无法评判是否达到：应写作 达到/基本达到/未达到、优/良/中/差、是/否，"
            "或写明“改变前→改变后”的状态，能量化的写成数字",
            "the qualitative value {value} cannot be graded: write 达到/基本达到/未达到, "
            "优/良/中/差, 是/否, an explicit before→after state, or a number",
        ),
        "direction": (
            "定性指标值“{value}”只有方向（{word}），无法评判是否达到：应写作 达到/基本达到/未达到、"
            "“改变前→改变后”的状态，能量化的写成数字",
            "the qualitative value {value} gives only a direction ({word}) and cannot be graded: "
            "write 达到/基本达到/未达到, an explicit before→after state, or a number",
        ),
    },
    params=GradableParams,
)
def qualitative_gradable(project: Project, ctx: ProjectContext[GradableParams]) -> Iterator[Hit]:
    """定性指标值可以分级评判。

    检查：不能量化的指标可以用定性值，但必须能评判：达到/基本达到/未达到（预期目标）、
    优/良/中/差、是/否，或明确的“改变前→改变后”状态（均为策略参数）。“提升、进一步提升、
    有所提升、提高、改善、明显”等只有方向的词不能评判。含数字的值由 V001 检查格式。
    原因：财预〔2021〕101号要求定性指标分级分档、可评判；“进一步提升”无论结果如何都算达到，
    等于没有目标。
    示例：表1—表10 的效益指标“进一步提升”“有所提升”“提升”。
    修改：能量化的写成数字（如“≥3家”“≥10%”）；不能量化的写成可评判的等级或前后状态。
    ---
    What: a qualitative value is allowed where a quantity cannot be measured, but it must be
    gradable: 达到/基本达到/未达到 (the expected target), 优/良/中/差, 是/否, or an explicit
    before→after state (all policy parameters). Bare direction words (提升, 进一步提升, 有所提升,
    提高, 改善, 明显) cannot be graded. A value holding a number is V001's.
    Why: 财预〔2021〕101号 asks for graded qualitative indicators; `进一步提升` is met whatever
    happens, so it sets no target.
    Example: the 效益 rows of tables 1–10: `进一步提升`, `有所提升`, `提升`.
    Fix: quantify where possible (`≥3家`, `≥10%`); otherwise write a gradable level or a
    before→after state.
    """
    params = ctx.params
    gradable = _memo(params, "gradable")
    for index, indicator in enumerate(project.indicators):
        # Quick reject: a quantity, a date, a period or a gradable text (judged once per text).
        if indicator.parsed.kind != "qualitative":
            continue
        text = indicator.parsed.text
        verdict = gradable.get(text)
        if verdict is None:
            verdict = gradable[text] = _gradable(text, params)
        if verdict:
            continue
        if _qualitative(indicator) is None or _left_to_b003(indicator, params.leave_to_b003):
            continue
        base = f"/indicators/{index}"
        value = squeeze(indicator.value)
        word = _contains_any(clean(value), params.direction_words)
        if word:
            yield ctx.hit(base + "/value", "direction", value=value, word=word)
        else:
            yield ctx.hit(base + "/value", value=value)


# --- V005 -----------------------------------------------------------------------------------

_TIME_KINDS: tuple[Kind, ...] = ("duration", "date", "period", "percent")


_NAME_KINDS: dict[str, tuple[Kind, ...]] = {
    "频率": ("count", "duration", "percent"),
    "满意度": ("percent",),
    "率": ("percent",),
    "比例": ("percent",),
    "占比": ("percent",),
    "比重": ("percent",),
    "天数": ("duration", "count"),
    "时间": _TIME_KINDS,
    "时限": _TIME_KINDS,
    "期限": _TIME_KINDS,
    "周期": _TIME_KINDS,
    "时长": _TIME_KINDS,
    "工期": _TIME_KINDS,
    "年限": ("duration",),
    "数量": ("count", "area", "length"),
    "次数": ("count",),
    "人数": ("count",),
    "人次": ("count",),
    "户数": ("count",),
    "个数": ("count",),
    "家数": ("count",),
    "成本": ("money", "unit_cost"),
    "费用": ("money", "unit_cost"),
    "金额": ("money", "unit_cost"),
    "经费": ("money", "unit_cost"),
}
_LEVEL_KINDS: dict[str, tuple[Kind, ...]] = {"时效": _TIME_KINDS, "满意度": ("percent",)}


class KindParams(Params):
    """Parameters of V005."""

    name_kinds: dict[str, tuple[Kind, ...]] = Field(
        default_factory=lambda: dict(_NAME_KINDS),
        description="keyword in the 三级 name → the kinds its value may have (percent, money, "
        "unit_cost, count, duration, area, length, date, period); the first keyword found "
        "wins, so 率 in 资金到位率 decides before the row's 时效 二级",
    )
    level_kinds: dict[str, tuple[Kind, ...]] = Field(
        default_factory=lambda: dict(_LEVEL_KINDS),
        description="canonical 二级 (or 一级) name → the kinds its value may have, used when "
        "no name keyword matches",
    )
    leave_to_b003: tuple[str, ...] = Field(_B003_LEVEL2, description=_B003_DESCRIPTION)


def _kinds_by_name(written: str, params: KindParams) -> tuple[str, tuple[Kind, ...]] | None:
    """The first keyword of the 三级 name that says what kind its value has."""
    name = _clean_name(written)
    if name.endswith("指标") and len(name) > 2:
        name = name[:-2]
    for keyword, kinds in params.name_kinds.items():
        if keyword and keyword in name:
            return keyword, kinds
    return None


def _kinds_by_level(
    level1: str, level2: str, params: KindParams
) -> tuple[str, tuple[Kind, ...]] | None:
    """What the 二级 (or 一级) says about the value's kind, when the name says nothing."""
    classified = classify(level1, level2)
    for level in (classified.level2, classified.level1):
        if level in params.level_kinds:
            return level, params.level_kinds[level]
    return None


def _kinds_text(kinds: tuple[Kind, ...], lang: int) -> str:
    """`百分比、时长 或 日期` / `a percentage, a duration or a date`."""
    names = [KIND_NAMES[k][lang] for k in kinds]
    if len(names) < 2:
        return "".join(names)
    head = ("、" if lang == 0 else ", ").join(names[:-1])
    return f"{head}{' 或 ' if lang == 0 else ' or '}{names[-1]}"


@rule(
    "V005",
    "value-kind",
    category="values",
    severity="error",
    basis=_BASIS_MATCHED,
    title=("指标值的种类与指标相符", "value kind matches the indicator"),
    message=(
        "三级指标“{name}”（{keyword}）的指标值应是{expected_zh}，“{value}”却是{actual_zh}",
        "the indicator {name} ({keyword}) calls for {expected_en}, but {value} is {actual_en}",
    ),
    params=KindParams,
)
def value_kind(project: Project, ctx: ProjectContext[KindParams]) -> Iterator[Hit]:
    """指标值的种类与指标相符。

    检查：由三级指标名称中的关键词（其次由二级/一级指标）决定值应是哪一种：率、满意度 →
    百分比；数量、次数、人数 → 个数；成本、费用、金额 → 金额；时间、周期、时限 → 时长、日期或
    百分比；时效指标 → 时长、日期、期间或百分比。名称关键词优先：“资金到位率”虽在时效指标下，
    仍应是百分比。只检查能确定种类的值；单位不规范的由 V001 报告，定性值由 V004 报告，成本行
    由 B003 检查。关键词和种类都是策略参数。
    原因：种类不符的值无法评价：“资金到位率 ≤12个月”既不是到位率，也说不清是哪段时间。
    示例：表3 时效指标“资金到位率”的值“≤12个月”。
    修改：按名称改值（“资金到位率 ≥95%”），或按值改名称（“资金到位时间 ≤3个月”）。
    ---
    What: a keyword of the 三级 name (failing that, the 二级 or 一级) says what kind of value the
    indicator needs: 率, 满意度 → a percentage; 数量, 次数, 人数 → a count; 成本, 费用, 金额 → money;
    时间, 周期, 时限 → a duration, a date or a percentage; a 时效 row → a duration, date, period or
    percentage. The name wins: 资金到位率 under 时效 still needs a percentage. Only values whose
    kind is clear are checked: odd units are V001's, qualitative values V004's, 成本 rows B003's.
    Keywords and kinds are policy parameters.
    Why: a value of the wrong kind cannot be evaluated: `资金到位率 ≤12个月` is no rate and names
    no period.
    Example: table 3, 时效 row 资金到位率 with the value `≤12个月`.
    Fix: change the value to fit the name (`资金到位率 ≥95%`) or the name to fit the value
    (`资金到位时间 ≤3个月`).
    """
    params = ctx.params
    # Keyed by a 三级 name, and by a (一级, 二级) pair.
    memo = _memo(params, "expected_kinds")
    for index, indicator in enumerate(project.indicators):
        parsed = indicator.parsed
        if parsed.kind == "qualitative":
            continue  # quick reject: no kind to compare
        # What a row expects (its 三级 name, failing that its 二级/一级) is judged once per text.
        expected = memo.get(indicator.name, _UNSEEN)
        if expected is _UNSEEN:
            expected = memo[indicator.name] = _kinds_by_name(indicator.name, params)
        if expected is None:
            levels = (indicator.level1, indicator.level2)
            expected = memo.get(levels, _UNSEEN)
            if expected is _UNSEEN:
                expected = memo[levels] = _kinds_by_level(*levels, params)
        if expected is None:
            continue
        # Quick accept: a unit class or a kind of value the row expects (any other is no Kind).
        if (parsed.unit_class if parsed.kind == "quantity" else parsed.kind) in expected[1]:
            continue
        kind = _kind_of(parsed)
        if kind is None or kind in expected[1]:
            continue
        if _has_placeholder(indicator.value):
            continue
        if _left_to_b003(indicator, params.leave_to_b003):
            continue
        keyword, kinds = expected
        yield ctx.hit(
            f"/indicators/{index}/value",
            name=_name(indicator),
            keyword=keyword,
            value=squeeze(indicator.value),
            expected_zh=_kinds_text(kinds, 0),
            expected_en=_kinds_text(kinds, 1),
            actual_zh=KIND_NAMES[kind][0],
            actual_en=KIND_NAMES[kind][1],
        )


# --- V006 -----------------------------------------------------------------------------------


class QuantifiableParams(Params):
    """Parameters of V006."""

    keywords: tuple[str, ...] = Field(
        ("数量", "增长", "人数", "户数", "次数", "个数", "家数", "人次"),
        description="words in a 三级 name or description that promise a quantity",
    )
    leave_to_b003: tuple[str, ...] = Field(_B003_LEVEL2, description=_B003_DESCRIPTION)


@rule(
    "V006",
    "quantifiable-qualitative",
    category="values",
    severity="warning",
    basis=_BASIS_QUANTIFIED,
    title=("可量化的指标用了定性值", "quantifiable indicator with a qualitative value"),
    message=(
        "“{subject}”说的是可以计数的量（{word}），指标值却是定性的“{value}”：应写成数字，如"
        "“≥3家”或“≥10%”",
        "{subject} speaks of a countable quantity ({word}) but the value {value} is qualitative: "
        "write a number such as ≥3家 or ≥10%",
    ),
    params=QuantifiableParams,
)
def quantifiable_qualitative(
    project: Project, ctx: ProjectContext[QuantifiableParams]
) -> Iterator[Hit]:
    """名称或描述可以量化的指标，指标值不应是定性的。

    检查：三级名称或指标描述中有“数量、增长、人数”等词（策略参数），指标值却是定性的（不含
    数字）。这是启发式检查，只作警告。
    原因：描述已经指明了可计数的量，却不给数字，目标无法评价；细化量化是设定绩效目标的基本
    要求。
    示例：表9“申报资质认证的单位数量增长”的值是“提升”。
    修改：写出数字目标，如“申报资质认证单位数量 ≥2家”或“增长 ≥10%”。
    ---
    What: the 三级 name or the description holds a word that promises a quantity (数量, 增长,
    人数 …; a policy parameter) while the value is qualitative (holds no number). Heuristic:
    warning only.
    Why: the description names a countable quantity but gives no number, so the target cannot be
    evaluated; 细化量化 is a basic requirement for targets.
    Example: table 9, `申报资质认证的单位数量增长` with the value `提升`.
    Fix: give a number: `申报资质认证单位数量 ≥2家` or `增长 ≥10%`.
    """
    params = ctx.params
    by_text = _memo(params, "quantity_words")
    for index, indicator in enumerate(project.indicators):
        parsed = indicator.parsed
        if parsed.kind != "qualitative" or parsed.comparator_written:
            continue  # quick reject: only a qualitative value can be reported
        texts = (indicator.description, indicator.name)
        promise = by_text.get(texts, _UNSEEN)
        if promise is _UNSEEN:
            promise = by_text[texts] = _quantity_promise(*texts, params)
        if promise is None or _qualitative(indicator) is None:
            continue
        if _left_to_b003(indicator, params.leave_to_b003):
            continue
        subject, word = promise
        yield ctx.hit(
            f"/indicators/{index}/value", subject=subject, word=word, value=squeeze(indicator.value)
        )


def _quantity_promise(
    description: str, name: str, params: QuantifiableParams
) -> tuple[str, str] | None:
    """(the text, its word) when the description, failing that the name, promises a quantity."""
    for subject in (clean(description), _clean_name(name)):
        word = _contains_any(subject, params.keywords)
        if word:
            return subject, word
    return None


# --- V007 -----------------------------------------------------------------------------------


class TimelinessParams(Params):
    """Parameters of V007."""

    start_markers: tuple[str, ...] = Field(
        ("后", "之日起", "起", "开始", "以来"),
        description="words in a 时效 row's name or description that state when a duration "
        "starts (技改资金到达部门后…的时间)",
    )
    long_months: Decimal = Field(
        Decimal(3),
        description="a duration from a stated start of at least this many months can run past "
        "the year end",
    )
    year_end_checkpoint: str = Field(
        "12月底", description="the plan checkpoint that means spending ends with the year"
    )
    rate_keywords: tuple[str, ...] = Field(
        ("率", "比例", "占比"),
        description="a 时效 row whose 三级 name holds one of these needs a percentage: a "
        "duration there is V005's kind mismatch, not a question of anchoring",
    )


def _months(parsed: ParsedValue) -> Decimal | None:
    if parsed.number is None:
        return None
    days = _DAYS_PER_UNIT.get(parsed.base_unit or parsed.unit)
    if days is None:
        return None
    return (parsed.scaled_number or parsed.number) * days / Decimal(30)


def _plan_ends_with_year(project: Project, checkpoint: str) -> bool:
    plan = project.spending_plan or []
    return bool(plan) and checkpoint_key(plan[-1].label) == checkpoint_key(checkpoint)


@rule(
    "V007",
    "timeliness-anchored",
    category="values",
    severity="warning",
    also=("info",),
    basis=_BASIS_FEASIBLE,
    title=("时效指标有起止", "timeliness value is anchored"),
    messages={
        "past_year_end": (
            "时效指标“{name}”的“{value}”从“{start}”起算，可能延续到预算年度之后，而资金支出计划在"
            "{checkpoint}全部支出：应写明截止日期（如“{year}年12月31日前”）或缩短时限",
            "the timeliness value {value} of {name} counts from an event ({start}) and can run "
            "past the budget year, while the spending plan ends at {checkpoint}: give a deadline "
            "(e.g. {year}年12月31日前) or a shorter period",
        ),
        "no_start": (
            "时效指标“{name}”的“{value}”是一段时长，但没有说明从何时起算：应写明截止日期（如"
            "“{year}年12月31日前”）或起算事件（如“资金到达后30日内”）",
            "the timeliness value {value} of {name} is a duration with no stated start: give a "
            "deadline (e.g. {year}年12月31日前) or the event it counts from",
        ),
        "date_outside_year": (
            "时效指标“{name}”的日期“{value}”不在预算年度 {year} 年内",
            "the timeliness date {value} of {name} is not in the budget year {year}",
        ),
    },
    params=TimelinessParams,
)
def timeliness_anchored(project: Project, ctx: ProjectContext[TimelinessParams]) -> Iterator[Hit]:
    """时效指标值有明确的起止：百分比、预算年度内的日期，或写明起点的时长。

    检查：二级为时效的指标，其值应是百分比（如及时率）、预算年度内的日期（“2023年10月底前”），
    或写明起算点的时长。时长写明了起点（描述含“后”“起”等，策略参数）但可能超过年底、而资金
    支出计划在 12月底 全部支出的（时长不短于参数 long_months），为警告；时长没有任何起点信息
    的，为提示；日期不在预算年度内的，为警告。名称要求百分比的行（“资金到位率”）填了时长，
    属于 V005 的种类不符，这里不重复报告。
    原因：“≤12个月”没有起点就无法判断是否按时；从年中某事件起算的 12 个月会越过年底，与年底
    前支出完毕的计划相矛盾。
    示例：表4“技改资金到达部门后拨付至项目承担单位的时间 ≤12个月”（警告）；表2“≤1年”、
    表6“≤1年”、表7、表8、表10“≤12个月”（提示）。
    修改：写成截止日期（“2023年12月31日前”），或写明起点并与支出计划一致（“资金到达后30日内”）。
    ---
    What: a 时效 row's value is a percentage (a timeliness rate), a date in the budget year
    (`2023年10月底前`), or a duration with a stated start. A duration whose start is stated (the
    description holds 后, 起 …; a policy parameter) that can run past the year end while the
    spending plan ends at 12月底 (at least `long_months` long) is a warning; a duration with no
    start at all is an info; a date outside the budget year is a warning. A row whose name
    calls for a percentage (资金到位率) but holds a duration is V005's kind mismatch and is not
    reported again here.
    Why: `≤12个月` without a start cannot be judged on time or late; twelve months from an
    event during the year run past the year end and contradict a plan that spends everything
    by December.
    Example: table 4, `技改资金到达部门后拨付至项目承担单位的时间 ≤12个月` (warning); tables 2
    and 6 `≤1年`, tables 7, 8, 10 `≤12个月` (info).
    Fix: write a deadline (`2023年12月31日前`), or a start consistent with the plan (`资金到达后
    30日内`).
    """
    params = ctx.params
    year = ctx.budget_year
    shown_year = str(year) if year is not None else "YYYY"
    for index, indicator in enumerate(project.indicators):
        parsed = indicator.parsed
        # Quick reject: only a date outside the year and a duration can be reported.
        if parsed.kind == "date":
            if year is None or parsed.year is None or parsed.year == year:
                continue
        elif parsed.kind != "quantity" or parsed.unit_class != "duration":
            continue
        if classify(indicator.level1, indicator.level2).level2 != "时效":
            continue
        if _has_placeholder(indicator.value):
            continue
        name = _name(indicator)
        if _contains_any(name, params.rate_keywords):
            continue
        value = squeeze(indicator.value)
        pointer = f"/indicators/{index}/value"
        if parsed.kind == "date":
            if year is not None and parsed.year is not None and parsed.year != year:
                yield ctx.hit(
                    pointer,
                    "date_outside_year",
                    severity="warning",
                    name=name,
                    value=value,
                    year=year,
                )
            continue
        if parsed.kind != "quantity" or parsed.unit_class != "duration":
            continue
        start = _contains_any(clean(indicator.description) + name, params.start_markers)
        if start is None:
            yield ctx.hit(
                pointer, "no_start", severity="info", name=name, value=value, year=shown_year
            )
            continue
        months = _months(parsed)
        if (
            months is not None
            and months >= params.long_months
            and _plan_ends_with_year(project, params.year_end_checkpoint)
        ):
            yield ctx.hit(
                pointer,
                "past_year_end",
                severity="warning",
                name=name,
                value=value,
                start=_start_phrase(clean(indicator.description) or name, start),
                checkpoint=params.year_end_checkpoint,
                year=shown_year,
            )


def _start_phrase(text: str, marker: str) -> str:
    """The words up to the start marker: `技改资金到达部门后…` → `技改资金到达部门后`."""
    index = text.find(marker)
    return text[: index + len(marker)] if index >= 0 else text


# --- V008 -----------------------------------------------------------------------------------


class SatisfactionFloorParams(Params):
    """Parameters of V008."""

    floor: Decimal = Field(Decimal(80), description="the lowest acceptable 满意度 target, in %")
    comparators: tuple[str, ...] = Field(
        ("≥", ">"), description="comparators a 满意度 target may use"
    )


@rule(
    "V008",
    "satisfaction-floor",
    category="values",
    severity="warning",
    basis=_BASIS_FEASIBLE,
    title=("满意度目标不低于下限", "satisfaction target at or above the floor"),
    messages={
        "default": (
            "满意度指标“{name}”的目标“{value}”低于 {floor}%",
            "the satisfaction target {value} of {name} is below {floor} %",
        ),
        "comparator": (
            "满意度指标“{name}”的目标“{value}”应写作下限，如“≥{floor}%”",
            "the satisfaction target {value} of {name} should be a floor such as ≥{floor}%",
        ),
    },
    params=SatisfactionFloorParams,
)
def satisfaction_floor(
    project: Project, ctx: ProjectContext[SatisfactionFloorParams]
) -> Iterator[Hit]:
    """满意度目标是不低于下限的百分比。

    检查：满意度指标（一级为满意度，或三级名称含“满意”）的百分比目标用“≥”（或“>”）表示下限，
    且不低于策略规定的下限（默认 80%）。没有比较符的由 V002 提示，不是百分比的由 V005、V001 或
    V004 报告。
    原因：满意度是下限目标；低于 80% 的满意度目标几乎总能达到，不能说明服务质量。国家没有
    统一的满意度下限，80 是策略参数。
    示例：“≥70%”（低于下限）；“≤95%”（方向反了）。
    修改：写作“≥{下限}%”或更高，如“≥90%”。
    ---
    What: a satisfaction row (一级 满意度, or 满意 in the 三级 name) with a percentage target uses
    `≥` (or `>`) and is at or above the policy's floor (default 80 %). A value without a
    comparator is V002's hint; a value that is not a percentage is V005's, V001's or V004's.
    Why: satisfaction is a floor; a target below 80 % is met almost always and says nothing about
    service quality. No national floor exists: 80 is a policy parameter.
    Example: `≥70%` (below the floor); `≤95%` (the wrong direction).
    Fix: write `≥` with the floor or more, e.g. `≥90%`.
    """
    params = ctx.params
    floor, comparators = params.floor, params.comparators
    for index, indicator in enumerate(project.indicators):
        parsed = indicator.parsed
        # Quick reject: a value with a comparator is reported only below the floor or after a
        # comparator not allowed.
        if parsed.kind != "quantity" or not parsed.comparator_written or parsed.number is None:
            continue
        if parsed.number >= floor and parsed.comparator in comparators:
            continue
        number = _percent_number(parsed)
        if number is None:
            continue
        if not _is_satisfaction(indicator) or _has_placeholder(indicator.value):
            continue
        base = f"/indicators/{index}"
        value = squeeze(indicator.value)
        name = _name(indicator)
        if number < params.floor:
            yield ctx.hit(base + "/value", name=name, value=value, floor=params.floor)
        elif parsed.comparator not in params.comparators:
            yield ctx.hit(base + "/value", "comparator", name=name, value=value, floor=params.floor)


# --- V009 -----------------------------------------------------------------------------------


class RespondentParams(Params):
    """Parameters of V009."""

    groups: dict[str, tuple[str, ...]] = Field(
        default_factory=lambda: {
            "公众": ("群众", "公众", "居民", "市民", "村民", "农民", "百姓", "住户"),
            "企业": ("企业", "公司", "商户", "经营主体", "市场主体", "厂商"),
            "工作人员": ("员工", "职工", "干部", "机关人员", "工作人员", "单位人员"),
            "客户": ("客户", "用户", "游客", "患者", "学生", "家长", "学员", "参训人员"),
        },
        description="respondent groups and the words that name them; a 满意度 row whose name "
        "and description name only different groups is reported",
    )
    generic: tuple[str, ...] = Field(
        ("服务对象", "受益对象", "受益人", "受益群体", "社会公众或服务对象"),
        description="words that name any respondent: a side naming only these is not compared",
    )


def _groups(text: str, params: RespondentParams) -> set[str]:
    for word in params.generic:
        text = text.replace(word, "")
    return {group for group, words in params.groups.items() if _contains_any(text, words)}


@rule(
    "V009",
    "satisfaction-respondents",
    category="values",
    severity="warning",
    basis=_BASIS_MATCHED,
    title=("满意度的调查对象前后一致", "satisfaction respondents consistent"),
    message=(
        "满意度指标名称“{name}”调查的是{name_groups}，描述“{description}”调查的却是{description_groups}",
        "the satisfaction indicator {name} asks {name_groups}, but its description {description} "
        "asks {description_groups}",
    ),
    params=RespondentParams,
)
def satisfaction_respondents(
    project: Project, ctx: ProjectContext[RespondentParams]
) -> Iterator[Hit]:
    """满意度指标的名称和描述说的是同一批调查对象。

    检查：满意度指标的三级名称和描述分别提到的调查对象（群众、企业、工作人员、客户等，分组
    和用词是策略参数）没有交集时报告。“服务对象”等泛称不作比较；任一方没有提到对象时不报告。
    这是启发式检查，只作警告。
    原因：满意度应调查项目的服务对象；名称写“群众”、描述写“单位员工”，说明指标是照模板填的，
    调查对象并不清楚。
    示例：表3“群众满意度”与“单位员工满意度”；表10“机关人员满意率”与“客户满意率”。
    修改：确定真正的服务对象，名称和描述写成同一对象，如“企业满意度 / 受益企业满意度”。
    ---
    What: the respondents named by a satisfaction row's 三级 name and by its description (群众,
    企业, 工作人员, 客户 …; the groups and their words are policy parameters) share no group.
    Generic words (服务对象) are not compared; a side naming nobody is not reported. Heuristic:
    warning only.
    Why: satisfaction is asked of the project's service recipients; a name saying 群众 and a
    description saying 单位员工 show a row filled in from a template with no clear respondents.
    Example: table 3 `群众满意度` vs `单位员工满意度`; table 10 `机关人员满意率` vs `客户满意率`.
    Fix: decide who the recipients are and name the same ones in both cells.
    """
    params = ctx.params
    # Keyed by a name (does it ask a group?) and by a (name, description) pair (the verdict).
    memo = _memo(params, "respondents")
    for index, indicator in enumerate(project.indicators):
        # Quick reject: a name that asks no group.
        asks = memo.get(indicator.name)
        if asks is None:
            asks = memo[indicator.name] = bool(_groups(_name(indicator), params))
        if not asks:
            continue
        texts = (indicator.name, indicator.description)
        args = memo.get(texts, _UNSEEN)
        if args is _UNSEEN:
            args = memo[texts] = _respondent_mismatch(*texts, params)
        if args is not None and _is_satisfaction(indicator):
            yield ctx.hit(f"/indicators/{index}/name", **args)


def _respondent_mismatch(
    written_name: str, written_description: str, params: RespondentParams
) -> dict[str, str] | None:
    """The message's arguments when a name and a description ask different groups."""
    name = _clean_name(written_name)
    description = clean(written_description)
    in_name = _groups(name, params)
    in_description = _groups(description, params)
    if not in_name or not in_description or in_name & in_description:
        return None
    return {
        "name": name,
        "description": description,
        "name_groups": "、".join(sorted(in_name)),
        "description_groups": "、".join(sorted(in_description)),
    }


# --- V010 -----------------------------------------------------------------------------------


class PlaceholderParams(Params):
    """Parameters of V010."""

    patterns: tuple[str, ...] = Field(
        ("**", "＊＊", "××", "XX", "○○"),
        description="text left from a template (≥**%, XX企业)",
    )
    fields: tuple[str, ...] = Field(
        ("name", "value"),
        description="indicator fields searched (name, description, value, basis); the "
        "project's name is always searched",
    )


@rule(
    "V010",
    "template-placeholder",
    category="values",
    severity="warning",
    basis=_BASIS_COMPLETE,
    title=("未填写的模板占位符", "unfilled template placeholder"),
    message=(
        "“{text_shown}”中留有模板占位符“{pattern}”，没有填写",
        "{text_shown} still holds the template placeholder {pattern}",
    ),
    params=PlaceholderParams,
)
def template_placeholder(project: Project, ctx: ProjectContext[PlaceholderParams]) -> Iterator[Hit]:
    """名称和指标值中没有留下模板占位符（**）。

    检查：项目名称、三级指标名称和指标值（检查的字段是策略参数）中是否留有“**”“XX”等模板
    占位符，如“(≥**个)”“≥**%”。
    原因：占位符说明表格是照模板填的，数字还没有定；这样的目标无法审核。
    示例：“培训人数(≥**个)”；指标值“≥**%”。
    修改：填写实际的数字，删除占位符。
    ---
    What: the project name, the 三级 names and the values (the indicator fields searched are a
    policy parameter) hold no template placeholder such as `**` or `XX` (`(≥**个)`, `≥**%`).
    Why: a placeholder shows a table filled in from a template with its numbers not decided;
    such a target cannot be reviewed.
    Example: `培训人数(≥**个)`; the value `≥**%`.
    Fix: write the actual number and remove the placeholder.
    """
    params = ctx.params
    # Quick reject: one search over every searched text, joined by a character no pattern holds.
    finder = _placeholder_finder(params.patterns, params.fields)
    if finder is not None:
        indicators = project.indicators
        texts = [getattr(i, field_name) for field_name in params.fields for i in indicators]
        if finder.search("\x00".join(texts)) is None and finder.search(project.name or "") is None:
            return
    places: list[tuple[str, str | None]] = [("/name", project.name)]
    for index, indicator in enumerate(project.indicators):
        for field_name in params.fields:
            raw = getattr(indicator, field_name, None)
            if isinstance(raw, str):
                places.append((f"/indicators/{index}/{field_name}", raw))
    for pointer, raw in places:
        pattern = _contains_any(raw or "", params.patterns)
        if pattern:
            yield ctx.hit(pointer, text_shown=squeeze(raw), pattern=pattern)


#: Indicator fields that always hold a string.
_TEXT_FIELDS = frozenset(("level1", "level2", "name", "description", "value", "basis"))


@lru_cache(maxsize=64)
def _placeholder_finder(
    patterns: tuple[str, ...], fields: tuple[str, ...]
) -> re.Pattern[str] | None:
    """A search for any of the patterns in the fields' texts joined by NUL; None when the
    patterns or the fields allow no such quick reject."""
    words = [pattern for pattern in patterns if pattern]
    if not words or any("\x00" in word for word in words) or not _TEXT_FIELDS.issuperset(fields):
        return None
    return re.compile("|".join(re.escape(word) for word in words))


RULES = (
    value_grammar,
    value_no_comparator,
    percent_range,
    qualitative_gradable,
    value_kind,
    quantifiable_qualitative,
    timeliness_anchored,
    satisfaction_floor,
    satisfaction_respondents,
    template_placeholder,
)
