"""V — indicator values (指标值): grammar, units, ranges, kinds and gradability.

Every rule reads the value through the shared grammar (`Indicator.parsed`, domain.md §4): word
comparators (`95%以上`, `大于90%`), ranges (`3%-5%`), tolerances (`±3%以内`), dates, deadlines
and periods (`2025年年底前`, `2021年1月-12月`) are ordinary values there. The rules split the
ground so that one defect gives one finding:

- V001 the form of a quantity (unit whitelist, aliases, contradictory or mixed comparators);
- V002 a quantity with no comparator; V003 a percent's range;
- V004 a qualitative value that cannot be graded; V006 a qualitative value where the
  description promises a quantity;
- V005 a well-formed value of the wrong kind for its indicator (or its 二级);
- V007 the anchoring of a 时效 value; V008 the 满意度 floor; V009 the 满意度 respondents;
- V010 unfilled template placeholders.

A 成本 row's money unit (bare `万` included) is B003's business; a value with a placeholder
(`≥**%`) is V010's, and a value a web page masked (`≤****000元`) cannot be judged: the other
rules leave both alone.
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
from checker.patterns import compile_pattern
from checker.rule import (
    Fix,
    Hit,
    IndicatorContext,
    Params,
    ProjectContext,
    regex_patterns,
    rule,
)
from checker.taxonomy import canonical, classify, strip_tags
from checker.values import (
    CACHE_SIZE,
    NO_UNIT_MARKS,
    UNIT_CLASSES,
    ParsedValue,
    clean,
    parse_value,
    squeeze,
    unit_class,
    unit_only,
)
from rules.plan import checkpoint_key

_BASIS_QUANTIFIED = "财预〔2015〕88号：绩效目标设定——细化量化；财预〔2021〕101号：量化易评"
_BASIS_GRADED = "财预〔2021〕101号：定性指标分级分档、可评判"
_BASIS_MATCHED = "财预〔2015〕88号：绩效目标设定——指向明确、相应匹配"
_BASIS_FEASIBLE = "财预〔2015〕88号：绩效目标审核——可行性"
_BASIS_COMPLETE = "财预〔2015〕88号：绩效目标审核——完整性"

#: A value holding one of these is an unfilled template (`≥**%`, V010's) or was masked by a web
#: page (`≤****000元`): either way no other rule can judge it. A single `*` (`620万/月*12个月`)
#: is neither.
_PLACEHOLDERS = ("**", "＊＊", "××", "XX", "○○")

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
    "yes_no",
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
    "yes_no": ("“是”或“否”", "yes or no"),
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
#: Each is bounded (no `.+` around the arrow), so a search costs time linear in the text's length.
_TRANSITIONS: tuple[str, ...] = (
    r".(?:→|->|—>|⇒|=>).",
    r"(?:由|从).{1,30}?(?:到|至|变为|变成|提升为|提高为|降低为|降为)",
    # a change from a stated base: 较上年提高5%, 比去年同期下降2个百分点, 提高5个百分点
    r"^(?:较|比|同比|环比)?(?:上年|去年|上一?年度?|基期|基准年)?(?:同期)?"
    r"(?:提高|提升|增长|增加|下降|降低|减少)(?:了)?[0-9]+(?:\.[0-9]+)?(?:%|个?百分点|倍)(?:以上)?$",
)
_TRANSITIONS_DESCRIPTION = (
    "regular expressions of an explicit before→after state (混乱→规范, 由3家增加到5家, 从无到有, "
    "较上年提高5%)"
)


def _is_transition(text: str, patterns: tuple[str, ...]) -> bool:
    """An explicit before→after state: `由3家增加到5家`, `无→有`."""
    normal = unicodedata.normalize("NFKC", clean(text))
    return any(compile_pattern(pattern).search(normal) for pattern in patterns)


def _has_placeholder(text: str | None) -> bool:
    return any(mark in text for mark in _PLACEHOLDERS) if text else False


def _shown(indicator: Indicator) -> str:
    """The value as a reviewer reads it: with the comparator and unit of the 指标性质 and
    计量单位 columns where the value itself has none (`95` with `≥` and `%` → `≥95%`)."""
    value = squeeze(indicator.value)
    parsed = indicator.parsed
    if parsed.comparator_place == "column":
        value = clean(indicator.operator) + value
    unit = clean(indicator.unit)
    if unit and unit not in NO_UNIT_MARKS and not parse_value(indicator.value).unit:
        value += unit
    return value


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


def _number_text(number: Decimal | None) -> str:
    return "" if number is None else str(number)


#: Most rows are clean for most rules, and a season repeats the same cells (`≥95%`, `达到预期目标`,
#: the same 三级 names) thousands of times. So each rule first rejects a row on what it can prove
#: cheaply (its parsed value), and has what depends only on a cell's text and its parameters
#: judged once per distinct text (`ctx.remember`).


# --- V001 -----------------------------------------------------------------------------------

_DEFAULT_UNITS: tuple[str, ...] = (
    # percent
    "%",
    "‰",
    "百分点",
    "个百分点",
    # money and unit costs (a unit cost's parts are checked one by one: 元/平米, 元/人/天)
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
    "户次",
    "座",
    "辆",
    "台",
    "套",
    "件",
    "台/套/件",
    "台/套",
    "台套",
    "台次",
    "场",
    "场次",
    "所",
    "处",
    "批",
    "批次",
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
    "种",
    "村",
    "行政村",
    "社区",
    "乡镇",
    "起",
    "例",
    "艘",
    "口",
    "眼",
    "盏",
    "块",
    "根",
    "组",
    "支",
    "队",
    "笔",
    "车次",
    "架次",
    "班次",
    "届",
    "轮",
    "标段",
    "点位",
    "个点位",
    "站",
    "单",
    "标准机架",
    "生",  # 元/生: a school's cost per pupil (生均)
    "班",
    "校",
    "床",
    "床位",
    # durations
    "天",
    "日",
    "工作日",
    "个工作日",
    "周",
    "个月",
    "月",
    "季度",
    "个季度",
    "年",
    "小时",
    "个小时",
    "分钟",
    # areas, lengths, volumes, weights, energy
    "亩",
    "万亩",
    "平方米",
    "平米",
    "公顷",
    "平方公里",
    "平方千米",
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

#: Comparator symbols: a table writing them in front of its numbers writes the `≥` style.
_SYMBOLS = frozenset("≥≤><=±≧≦")
#: A trailing tag of a 三级 name (`(≥**%)`, `(亩)`), bounded; and what is not its unit.
_NAME_TAG_RE = re.compile(r"[（(]([^（）()]{1,12})[)）]$")
_TAG_NOISE_RE = re.compile(r"[*＊≥≤><=≧≦]+")


class ValueGrammarParams(Params):
    """Parameters of V001."""

    units: tuple[str, ...] = Field(
        _DEFAULT_UNITS,
        description="the unit whitelist; a unit with a 万/亿 prefix (6万人), a measure word in "
        "front (个村) and units joined by / (台/套/件, 元/平米) are accepted when their parts "
        "are listed",
    )
    aliases: dict[str, str] = Field(
        default_factory=lambda: {
            "百分比": "%",
            "km": "公里",
            "m": "米",
            "m²": "平方米",
            "km²": "平方公里",
            "m³": "立方米",
            "kg": "千克",
        },
        description="units written another way (ASCII units in lower case; ㎡ is m²), and how "
        "the fix writes them",
    )
    direction_after_number: Literal["accept", "mixed", "report"] = Field(
        "mixed",
        description="a direction word after the number (95%以上, 15家以内) reads as the "
        "comparator in front (≥95%); accept: never report it; mixed: report it where the same "
        "table writes its other comparators as symbols in front (one way of writing per "
        "table); report: always ask for the comparator in front",
    )
    scale_prefixes: tuple[str, ...] = Field(
        ("万", "亿"), description="multipliers allowed in front of a whitelisted unit (6万人)"
    )
    measure_prefixes: tuple[str, ...] = Field(
        ("个",), description="measure words allowed in front of a whitelisted unit (3个村)"
    )
    name_units: dict[str, str] = Field(
        default_factory=lambda: {
            "个数": "个",
            "人数": "人",
            "户数": "户",
            "家数": "家",
            "次数": "次",
            "村数": "村",
            "天数": "天",
        },
        description="endings of a 三级 name that state the unit of a bare number (建设项目个数 1 "
        "counts 个): no 'no unit' finding for such a row; 数量 names no unit",
    )
    transitions: tuple[str, ...] = Field(
        _TRANSITIONS,
        description=_TRANSITIONS_DESCRIPTION + ": a value holding a number in such a statement "
        "is not reported as off the grammar",
    )
    leave_to_b003: tuple[str, ...] = Field(_B003_LEVEL2, description=_B003_DESCRIPTION)

    _check_transitions = field_validator("transitions")(regex_patterns)


_UNIT_PARTS_RE = re.compile(r"[/·]")


def _unit_allowed(unit: str, params: ValueGrammarParams) -> bool:
    if not unit:
        return False
    if unit in params.units:
        return True
    for prefix in (*params.scale_prefixes, *params.measure_prefixes):
        if prefix and unit.startswith(prefix) and unit[len(prefix) :] in params.units:
            return True
    if "/" in unit:
        head, *tails = _UNIT_PARTS_RE.split(unit)  # 元/人/年, 元/人·年
        if not all(part and _unit_allowed(part, params) for part in (head, *tails)):
            return False
        # Money per anything is a unit cost (元/人, 元/平米); a count per a count (人/次) is
        # no unit: either-or lists of counts (台/套/件) are whitelisted as they are written.
        return unit_class(head) == "money" or all(unit_class(t) != "count" for t in tails)
    return False


#: Words naming a proportion (a 三级 name holding one asks for a percentage, V005); a bare 0
#: there is 0 in any unit (超概算项目比例 0, V001).
_PROPORTION_WORDS = ("率", "比例", "占比", "比重")
_RATE_NAME_RE = re.compile("|".join(_PROPORTION_WORDS))


def _zero_rate(parsed: ParsedValue, indicator: Indicator) -> bool:
    """A proportion of nothing: `0` under a rate's name needs no unit."""
    return parsed.number == 0 and bool(_RATE_NAME_RE.search(_name(indicator)))


def _fixed_unit(unit: str, params: ValueGrammarParams) -> str | None:
    """The whitelisted unit a written unit stands for (itself, or its alias, part by part for
    a compound unit: 元/km → 元/公里); None if there is none."""
    if _unit_allowed(unit, params):
        return unit
    alias = params.aliases.get(unit)
    if alias is None and unit.isascii():
        alias = params.aliases.get(unit.lower())
    if alias is not None and _unit_allowed(alias, params):
        return alias
    if "/" in unit:
        parts = [_fixed_unit(part, params) if part else None for part in unit.split("/")]
        joined = "/".join(part for part in parts if part)
        if all(parts) and joined != unit and _unit_allowed(joined, params):
            return joined  # 元/km → 元/公里; a count per a count (人/次) has no allowed form
    return None


def _name_unit(indicator: Indicator, params: ValueGrammarParams) -> str | None:
    """The unit a 三级 name states for a bare number: by its ending (`建设项目个数(含续建)` → 个)
    or in a template's tag whose number was never filled in (`苗木成活率(≥**%)` → %)."""
    name = _name(indicator)
    for ending, unit in params.name_units.items():
        if ending and name.endswith(ending):
            return unit
    tag = _NAME_TAG_RE.search(clean(indicator.name))
    if tag is not None:
        unit = _TAG_NOISE_RE.sub("", unicodedata.normalize("NFKC", tag.group(1)))
        if _unit_allowed(unit, params):
            return unit
    return None


def _writes_symbols_in_front(project: Project) -> bool:
    """The table writes comparators as symbols in front of numbers (`≥95%`) somewhere."""
    return any(
        i.parsed.comparator_place == "before" and i.parsed.comparator_word[:1] in _SYMBOLS
        for i in project.indicators
    )


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
            "指标值“{value}”把比较方向写在数字后面（“{suffix}”），本表其他指标值把比较符写在前面："
            "应写作“{fixed}”",
            "the value {value} gives its direction after the number ({suffix}) while this table "
            "puts comparators first elsewhere: write {fixed}",
        ),
        "conflict": (
            "指标值“{value}”前面的比较符“{comparator}”与数字后面的方向相反，无法判断是上限还是"
            "下限：只保留一个比较符，写在数字前面",
            "the value {value} has the comparator {comparator} in front and the opposite "
            "direction after the number: keep one comparator, in front",
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
            "指标值“{value}”含有数字但不符合 比较符 + 数字 + 单位 或日期的写法",
            "the value {value} holds a number but does not read as comparator + number + unit "
            "or as a date",
        ),
    },
    advice={
        "unit": (
            "把“{unit}”改为允许的计量单位，或在策略中允许它",
            "write an allowed unit for '{unit}', or allow it in the policy",
        ),
        "bare_wan": (
            "在“{value}”的“万”后写明计量单位（万元、万人……）",
            "write the unit after the 万 of '{value}' (万元, 万人 …)",
        ),
        "alias": ("写成“{fixed}”", "write '{fixed}'"),
        "direction": ("写成“{fixed}”", "write '{fixed}'"),
        "conflict": (
            "只保留一个比较符，写在数字前面：“{value}”中的方向前后相反",
            "keep one comparator, in front: '{value}' states opposite directions",
        ),
        "no_unit": (
            "在“{value}”后写明计量单位",
            "write the unit after '{value}'",
        ),
        "no_number": (
            "在“{value}”的比较符后写出数字和单位",
            "write a number and its unit after the comparator of '{value}'",
        ),
        "off_grammar": (
            "把“{value}”写成 比较符 + 数字 + 单位（或日期），说明文字写到指标描述中",
            "write '{value}' as comparator, number and unit (or as a date); put the words in the "
            "description",
        ),
    },
    params=ValueGrammarParams,
    fixable=True,
)
def value_grammar(project: Project, ctx: ProjectContext[ValueGrammarParams]) -> Iterator[Hit]:
    """定量指标值符合“比较符 + 数字 + 单位”的写法，单位在允许的范围内。

    检查：定量指标值由比较符（≥ ≤ = > <，也接受 >=、≧、＞ 和“不低于、大于、达到”等文字，
    “95%以上”“15家以内”这类写在数字后的方向词，以及单独的“指标性质”列）、数字（也可以是
    “3%-5%”这样的范围或“±3%以内”）和允许的计量单位组成。单位表是策略参数，6万人 这类带
    “万/亿”的写法、3个村 这类带量词的写法和 台/套/件、元/平米 这类组合单位也接受；三级名称
    以“个数、人数”等结尾的，没有单位的数字按名称的单位理解。报告：单位不在表中；“百分比”
    “km”等别名（可自动改为 %、公里）；只写“万”；没有单位（计量单位列为“-”“/”“无”的也是没有
    单位）；前后比较方向矛盾（“≤95%以上”）；比较符后不是数字；含数字但不成格式。方向词写在
    数字后面的，只在同一张表其他指标值把比较符写在前面时报告（策略参数，可改为从不或总是）。
    成本行的金额（包括只写“万”）由 B003 检查，但单位成本的单位（元/人.每天）是否是允许的写法
    仍在这里检查；带 ** 的模板占位由 V010 报告，只有单位、没有数字的值（“公里”“≧ %”）是没有
    填写的指标值，由 S004 报告。
    原因：指标值要能与实际值逐项比较；单位不规范、方向矛盾或同一张表写法不一的值，评价时
    容易理解错，也无法自动汇总。
    示例：表5“≥95百分比”应写作“≥95%”；“2km”应写作“2公里”；在都写“≥”的表中，“95%以上”
    应写作“≥95%”。
    修改：单位用允许的写法，比较方向只写一次，同一张表用同一种写法。
    ---
    What: a quantitative value is a comparator (≥ ≤ = > <; >=, ≧, ＞ and words such as 不低于,
    大于, 达到 are accepted, as are direction words after the number such as 95%以上 or 15家以内,
    and a separate 指标性质 column), a number (or a range such as 3%-5%, or ±3%以内) and a
    whitelisted unit (the whitelist is a policy parameter; a 万/亿 prefix as in 6万人, a measure
    word as in 3个村 and compound units such as 台/套/件 or 元/平米 are accepted; a bare number
    in a row whose 三级 name ends with 个数, 人数 … takes the name's unit). Reported: a unit not
    on the list; an alias such as 百分比 or km (autofix to % or 公里); a bare 万; no unit (a 计量单位
    column holding -, / or 无 gives none); a comparator contradicted after the number (≤95%以上);
    a comparator not followed by a number; a value holding a number that fits no form. A direction
    word after the number is reported only where the same table writes its other comparators as
    symbols in front (a policy parameter: never, mixed or always). A 成本 row's money (bare 万
    included) is B003's, but whether a unit cost's unit (元/人.每天) is written an allowed way
    is checked here; template placeholders (**) are V010's, and a unit with no number (公里,
    ≧ %) is an unfilled value, S004's.
    Why: a target must be comparable with the actual value item by item; odd units, contradictory
    directions and a table written two ways are misread at evaluation time and cannot be
    totalled.
    Example: table 5 `≥95百分比` should be `≥95%`; `2km` should be `2公里`; in a table of `≥`
    values, `95%以上` should be `≥95%`.
    Fix: write the unit the allowed way, state the direction once, and write one table one way.
    """
    params = ctx.params
    style = params.direction_after_number
    symbols_in_front: bool | None = None  # judged once per table, when a value needs it
    for index, indicator in enumerate(project.indicators):
        parsed = indicator.parsed
        # Quick reject: a quantity with a whitelisted unit, consistent comparators and no
        # direction word after its number (or one the policy accepts), a qualitative value with
        # neither a comparator nor a digit, and the other kinds give no hit.
        if parsed.kind == "quantity":
            quiet = ctx.remember(_unit_allowed, parsed.unit)
            if (
                quiet
                and not parsed.comparator_conflict
                and (parsed.comparator_place != "after" or style == "accept")
            ):
                continue
        elif parsed.kind != "qualitative" or (
            not parsed.comparator_written and not _DIGIT_RE.search(parsed.text)
        ):
            continue
        if _has_placeholder(indicator.value) or unit_only(indicator.value):
            continue  # V010's; a unit with no number (≧ %) is an empty value, S004's
        # A 成本 row's money is B003's; the unit of a unit cost (元/人.每天) is still written
        # the allowed way or not, which B003 does not ask.
        if parsed.unit_class != "unit_cost" and _left_to_b003(indicator, params.leave_to_b003):
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
        if parsed.comparator_conflict:
            yield ctx.hit(pointer, "conflict", value=value, comparator=parsed.comparator_word)
            continue
        unit = parsed.unit
        source = _unit_source(indicator)
        if source == "name" and not _unit_allowed(unit, params):
            unit = ""  # a tag such as (必填) at the end of the 三级 name is no unit
        if not unit:
            if _name_unit(indicator, params) is None and not _zero_rate(parsed, indicator):
                yield ctx.hit(pointer, "no_unit", value=value)
            continue
        unit_pointer = base + "/unit" if source == "column" else pointer
        written = squeeze(indicator.unit) if source == "column" else value
        if not _unit_allowed(unit, params):
            fixed_unit = _fixed_unit(unit, params)
            if fixed_unit is not None:
                fixed = written.replace(unit, fixed_unit) if unit in written else ""
                yield ctx.hit(
                    unit_pointer,
                    "alias",
                    fix=Fix(unit_pointer, fixed) if fixed else None,
                    value=value,
                    unit=unit,
                    fixed_unit=fixed_unit,
                    fixed=fixed or f"{_number_text(parsed.number)}{fixed_unit}",
                )
            elif unit == "万" or unit.startswith("万/"):
                yield ctx.hit(unit_pointer, "bare_wan", value=value)
            else:
                yield ctx.hit(unit_pointer, "unit", value=value, unit=unit)
            continue
        if parsed.comparator_place != "after" or style == "accept":
            continue
        if parsed.start or parsed.per:
            continue  # `资金到达后30日内`, `每月1次以上`: the words read as one phrase
        if style == "mixed":
            if symbols_in_front is None:
                symbols_in_front = _writes_symbols_in_front(project)
            if not symbols_in_front:
                continue
        # With a 指标性质 column the comparator stays there; otherwise it goes in front.
        front = "" if clean(indicator.operator) else (parsed.comparator or "")
        fixed = f"{front}{_number_text(parsed.number)}{unit}"
        safe = source == "value" and parsed.upper is None and parsed.times is None
        yield ctx.hit(
            pointer,
            "direction",
            fix=Fix(pointer, fixed) if safe else None,
            value=value,
            suffix=parsed.comparator_word,
            fixed=fixed,
        )


def _unit_source(indicator: Indicator) -> Literal["value", "column", "name", "none"]:
    """Where a value's unit is written: in the value, the 计量单位 column or the 三级 name."""
    if parse_value(indicator.value).unit:
        return "value"
    if clean(indicator.unit):
        return "column"
    return "name" if indicator.parsed.unit else "none"


# --- V002 -----------------------------------------------------------------------------------


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
    advice=(
        "按本意写作“≥{value}”“={value}”或“≤{value}”",
        "write what is meant: '≥{value}', '={value}' or '≤{value}'",
    ),
    visits="indicator",
)
def value_no_comparator(row: Indicator, ctx: IndicatorContext[Params]) -> Iterator[Hit]:
    """定量指标值写了比较符。

    检查：定量指标值（数字 + 单位）有没有比较符：写在前面的符号或文字（≥ ≤ = > <、不低于、
    大于），写在数字后面的方向词（以上、以内），范围（3%-5%），或单独的“指标性质”列。没有
    比较符按“=”理解，这里只作提示；指标性质列写“定性”的行不提示。
    原因：“1项”是恰好 1 项还是至少 1 项，评价时会有争议；写明 ≥、≤ 或 = 可以避免。
    示例：表1“1项”、表6“36家”、表7“100%”。
    修改：按本意在数字前写上比较符 ≥、= 或 ≤。
    ---
    What: a quantitative value (number + unit) states a comparator: a symbol or word in front
    (≥ ≤ = > <, 不低于, 大于), a direction word after the number (以上, 以内), a range (3%-5%),
    or a separate 指标性质 column. Without one it reads as `=`; this is a hint. A row whose
    指标性质 column says 定性 gets no hint.
    Why: is `1项` exactly one or at least one? Writing ≥, ≤ or = avoids the argument at
    evaluation.
    Example: table 1 `1项`, table 6 `36家`, table 7 `100%`.
    Fix: write what is meant, ≥, = or ≤, in front of the number.
    """
    parsed = row.parsed
    if parsed.kind != "quantity" or parsed.comparator_written:
        return
    if parsed.declared == "qualitative" or _has_placeholder(row.value):
        return
    yield ctx.hit("/value", value=squeeze(row.value))


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
    advice={
        "above": (
            "把“{value}”改为不超过 {maximum}% 的值",
            "write a value of at most {maximum} % for '{value}'",
        ),
        "impossible": (
            "把“{value}”改为可以达到的下限（≥ 不超过 {maximum}% 的值）",
            "write a floor that can be reached for '{value}' (≥ at most {maximum} %)",
        ),
        "at_least_max": (
            "写作“={maximum}%”，或设定可行的下限",
            "write '={maximum}%', or set a feasible floor",
        ),
    },
    params=PercentRangeParams,
)
def percent_range(project: Project, ctx: ProjectContext[PercentRangeParams]) -> Iterator[Hit]:
    """百分比指标值在 0–100 之间。

    检查：单位为 % 的指标值（范围取其上限，如“90%-105%”）不超过 100（超过为错误；“>100%”
    “大于100%”同样不可能）；“≥100%”“100%以上”“≥100百分比”只能恰好达到，作为警告。
    三级名称或描述含“增长、增幅、同比、提高”等的行衡量变化幅度，可以超过 100%，不检查；
    “±3%”这样的允许偏差不是比率，也不检查。
    原因：完成率、到位率、满意度等比率不可能超过 100%；“≥100%”实际是“=100%”，往往是没有想
    清楚的目标。
    示例：“≥120%”的完成率；“≥100%”的资金到位率。
    修改：改为 0–100 之间的值；目标确为全部完成的写作 =100%。
    ---
    What: a value in % (a range by its upper end, as in `90%-105%`) is at most 100 (above is an
    error; `>100%` or `大于100%` cannot be met either); `≥100%`, `100%以上` or `≥100百分比` can
    only be met exactly and is a warning. Rows whose 三级 name or description speaks of change
    (增长, 增幅, 同比, 提高 …) may exceed 100 % and are not checked; a tolerance such as `±3%` is
    no rate and is not checked either.
    Why: completion, disbursement and satisfaction rates cannot exceed 100 %; `≥100%` really
    means `=100%` and usually shows a target nobody thought through.
    Example: a completion rate of `≥120%`; a disbursement rate of `≥100%`.
    Fix: write a value between 0 and 100; a target of full completion is =100%.
    """
    params = ctx.params
    maximum = params.maximum
    for index, indicator in enumerate(project.indicators):
        parsed = indicator.parsed
        # Quick reject: only a number (or a range's upper end) above the maximum, or at it
        # after > or ≥, is reported; a tolerance (±3%) is no rate.
        if parsed.kind != "quantity" or parsed.number is None or parsed.comparator == "±":
            continue
        high = parsed.upper if parsed.upper is not None else parsed.number
        if high < maximum:
            continue
        if high == maximum and (parsed.upper is not None or parsed.comparator not in (">", "≥")):
            continue
        if _percent_number(parsed) is None:
            continue
        if _has_placeholder(indicator.value):
            continue
        if _left_to_b003(indicator, params.leave_to_b003):
            continue
        base = f"/indicators/{index}"
        subject = _name(indicator) + clean(indicator.description)
        if _contains_any(subject, params.exempt_keywords):
            continue
        value = _shown(indicator)
        pointer = base + "/value"
        if high > params.maximum:
            yield ctx.hit(pointer, "above", severity="error", value=value, maximum=params.maximum)
        elif parsed.comparator == ">":
            yield ctx.hit(
                pointer, "impossible", severity="error", value=value, maximum=params.maximum
            )
        else:
            yield ctx.hit(
                pointer, "at_least_max", severity="warning", value=value, maximum=params.maximum
            )


# --- V004 -----------------------------------------------------------------------------------


#: Gradable statements (matched against the whole value; each part bounded).
_GRADABLE_PATTERNS: tuple[str, ...] = (
    # 按计划实施, 按期完成, 按时足额发放, 按要求完成
    "(?:按|依)(?:计划|期|时|合同|进度|要求|规定|标准|方案|约定)(?:要求)?(?:足额|全额)?"
    "(?:全部|全面)?(?:实施|完成|执行|开展|发放|拨付|支付|交付|建成|竣工|完工|开工|到位|验收)"
    "(?:到位|完毕)?",
    # 全部完成, 已完成, 如期完成, 足额发放到位
    "(?:已|全部|全面|如期|按期|按时|足额|全额){1,3}"
    "(?:完成|实施|建成|竣工|完工|到位|发放|拨付|支付|交付|验收)(?:到位|完毕)?",
    # 验收合格, 通过验收, 全部达标
    "(?:验收|全部|检验|检测)?(?:合格|达标|通过)|通过验收|验收通过",
    # 符合要求, 达到国家标准, 满足设计要求
    "(?:符合|满足|达到)(?:国家|行业|相关|设计|规范|合同|规定)?(?:要求|标准|规定|规范)",
    # 无重大事故, 未发生安全事故, 零投诉, 零发生
    "(?:无|未发生|没有|杜绝|零)(?:重大|较大|一般)?"
    "(?:安全|质量|责任|生产|环境|舆情|违规违纪|违法违规|违纪违规)?(?:事故|问题|事件|案件|投诉)(?:发生)?",
    "零(?:发生|事故|投诉|差错|失误)",
    # a grade and those above it: 良好及以上, 合格以上
    "(?:优秀|优良|良好|良|合格|中等|中)(?:及其?以上|以上)",
)
#: A gradable statement is short; a longer value is not matched against the patterns.
_GRADABLE_LENGTH = 40


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
            "达标",
            "未达标",
        ),
        description="qualitative values that can be graded at evaluation (the whole value)",
    )
    gradable_patterns: tuple[str, ...] = Field(
        _GRADABLE_PATTERNS,
        description="regular expressions of gradable values (matched against the whole value): "
        "completion statements a reviewer grades done or not done (按计划实施, 按期完成, 全部完成, "
        "已完成), met standards (验收合格, 符合要求) and absent incidents (无重大事故, 零发生)",
    )
    transitions: tuple[str, ...] = Field(_TRANSITIONS, description=_TRANSITIONS_DESCRIPTION)
    direction_words: tuple[str, ...] = Field(
        (
            *("提升", "提高", "改善", "明显", "增强", "增加", "促进", "加强", "显著", "有效"),
            *("优化", "减轻", "降低", "减少", "下降", "扩大", "完善", "巩固"),
        ),
        description="bare direction words: a value made of them gets the message that names them",
    )
    leave_to_b003: tuple[str, ...] = Field(_B003_LEVEL2, description=_B003_DESCRIPTION)

    _check_patterns = field_validator("gradable_patterns", "transitions")(regex_patterns)


def _gradable(value: str, params: GradableParams) -> bool:
    text = unicodedata.normalize("NFKC", clean(value)).rstrip("。.")
    if text in params.gradable:
        return True
    if len(text) <= _GRADABLE_LENGTH and any(
        compile_pattern(pattern).fullmatch(text) for pattern in params.gradable_patterns
    ):
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
    if unit_only(indicator.value):
        return None  # a unit without its number: an empty value, S004's
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
    advice={
        "default": (
            "把“{value}”写成可评判的等级（达到/基本达到/未达到、优/良/中/差、是/否）或"
            "“改变前→改变后”的状态；能量化的写成数字",
            "write '{value}' as a gradable level (达到/基本达到/未达到, 优/良/中/差, 是/否) or a "
            "before→after state; a number where it can be quantified",
        ),
        "direction": (
            "把“{value}”写成要达到的程度：能量化的写成数字（比较符 + 数字 + 单位），不能量化的写成"
            "可评判的等级或“改变前→改变后”的状态",
            "state how far '{value}' is to go: a number (comparator, number, unit) where it can "
            "be quantified, else a gradable level or a before→after state",
        ),
    },
    params=GradableParams,
)
def qualitative_gradable(project: Project, ctx: ProjectContext[GradableParams]) -> Iterator[Hit]:
    """定性指标值可以分级评判。

    检查：不能量化的指标可以用定性值，但必须能评判：达到/基本达到/未达到（预期目标）、
    优/良/中/差、是/否、能判断做没做到的完成情况（按计划实施、按期完成、全部完成、已完成）、
    达标状态（合格、达标、符合要求）、没有发生的事故（无重大事故、零发生），或明确的“改变前→
    改变后”状态（均为策略参数）。“提升、进一步提升、有所提升、有所减轻、稳步提高、持续改善、
    较高、及时支出”等只有方向或程度的词不能评判。含数字的值由 V001 检查格式。
    原因：财预〔2021〕101号要求定性指标分级分档、可评判；“进一步提升”无论结果如何都算达到，
    等于没有目标。
    示例：表1—表10 的效益指标“进一步提升”“有所提升”“提升”。
    修改：能量化的写成数字（比较符 + 数字 + 单位）；不能量化的写成可评判的等级或前后状态。
    ---
    What: a qualitative value is allowed where a quantity cannot be measured, but it must be
    gradable: 达到/基本达到/未达到 (the expected target), 优/良/中/差, 是/否, a completion a
    reviewer grades done or not done (按计划实施, 按期完成, 全部完成, 已完成), a met standard (合格,
    达标, 符合要求), an absent incident (无重大事故, 零发生), or an explicit before→after state
    (all policy parameters). Bare directions and degrees (提升, 进一步提升, 有所提升, 有所减轻,
    稳步提高, 持续改善, 较高, 及时支出) cannot be graded. A value holding a number is V001's.
    Why: 财预〔2021〕101号 asks for graded qualitative indicators; `进一步提升` is met whatever
    happens, so it sets no target.
    Example: the 效益 rows of tables 1–10: `进一步提升`, `有所提升`, `提升`.
    Fix: quantify where possible (comparator, number, unit); otherwise write a gradable level or a
    before→after state.
    """
    params = ctx.params
    for index, indicator in enumerate(project.indicators):
        # Quick reject: a quantity, a date, a period or a gradable text (judged once per text).
        if indicator.parsed.kind != "qualitative":
            continue
        text = indicator.parsed.text
        verdict = ctx.remember(_gradable, text)
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
    "是否": ("yes_no",),
    "频率": ("count", "duration", "percent"),
    "满意度": ("percent",),
    **dict.fromkeys(_PROPORTION_WORDS, ("percent",)),
    # a status (经费有效使用情况, 资金到位情况) is measured in any way: no kind is implied by the
    # words before it (经费 there names what is used, not an amount)
    "情况": ("percent", "yes_no", "money", "unit_cost", "count", "duration", "date", "period"),
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
    "面积": ("area",),
    "长度": ("length",),
    "里程": ("length",),
    "成本": ("money", "unit_cost"),
    "费用": ("money", "unit_cost"),
    "金额": ("money", "unit_cost"),
    "经费": ("money", "unit_cost"),
}
_LEVEL_KINDS: dict[str, tuple[Kind, ...]] = {
    "时效": _TIME_KINDS,
    "满意度": ("percent",),
    # a rate under 数量 is only misfiled (a warning, by `filed_kinds`); years or dates are not
    # an amount of output at all
    "数量": ("count", "money", "unit_cost", "area", "length", "percent"),
}
_FILED_KINDS: dict[str, tuple[Kind, ...]] = {
    "数量": ("count", "money", "unit_cost", "duration", "area", "length"),
}


class KindParams(Params):
    """Parameters of V005."""

    name_kinds: dict[str, tuple[Kind, ...]] = Field(
        default_factory=lambda: dict(_NAME_KINDS),
        description="keyword in the 三级 name → the kinds its value may have (percent, money, "
        "unit_cost, count, duration, area, length, date, period, yes_no); the first keyword "
        "found wins, so 率 in 资金到位率 decides before the row's 时效 二级, and 是否 (a yes/no "
        "question, answered 是 or 否) before any other",
    )
    level_kinds: dict[str, tuple[Kind, ...]] = Field(
        default_factory=lambda: dict(_LEVEL_KINDS),
        description="canonical 二级 (or 一级) name → the kinds its value may have, used when "
        "no name keyword matches",
    )
    filed_kinds: dict[str, tuple[Kind, ...]] = Field(
        default_factory=lambda: dict(_FILED_KINDS),
        description="canonical 二级 name → the kinds its values should have; a value that fits "
        "its 三级 name but not its 二级 is filed in the wrong 二级 (a rate under 数量): a warning",
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


_Expected = tuple[str, tuple[Kind, ...]] | None


def _expected_kinds(
    name: str, level1: str, level2: str, params: KindParams
) -> tuple[_Expected, _Expected]:
    """What a row's value should be by its name (failing that its levels), and by its 二级."""
    expected = _kinds_by_name(name, params) or _kinds_by_level(level1, level2, params)
    return expected, _filed_kinds(level1, level2, params)


def _filed_kinds(
    level1: str, level2: str, params: KindParams
) -> tuple[str, tuple[Kind, ...]] | None:
    """The kinds a row's 二级 holds (`数量` → counts, amounts, lengths …), if the policy says."""
    level = classify(level1, level2).level2
    kinds = params.filed_kinds.get(level)
    return (level, kinds) if kinds is not None else None


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
    also=("warning",),
    basis=_BASIS_MATCHED,
    title=("指标值的种类与指标相符", "value kind matches the indicator"),
    messages={
        "default": (
            "三级指标“{name}”（{keyword}）的指标值应是{expected_zh}，“{value}”却是{actual_zh}",
            "the indicator {name} ({keyword}) calls for {expected_en}, but {value} is {actual_en}",
        ),
        "filed": (
            "三级指标“{name}”的指标值“{value}”是{actual_zh}，却列在二级指标“{level}”下（{level}"
            "指标应是{expected_zh}）：请把它移到相应的二级指标下（如质量指标），或在{level}指标下"
            "写出{expected_first_zh}",
            "the indicator {name} has the value {value}, {actual_en}, but is filed under the 二级 "
            "{level}, which holds {expected_en}: move it to a fitting 二级 (such as 质量) or give "
            "{level} {expected_first_en}",
        ),
    },
    advice={
        "default": (
            "按名称把“{value}”改为{expected_zh}，或按指标值改名称“{name}”",
            "make '{value}' {expected_en} as the name says, or rename '{name}' after its value",
        ),
        "filed": (
            "把“{name}”移到相应的二级指标下（如质量指标），或在{level}指标下写出{expected_first_zh}",
            "move '{name}' to a fitting 二级 (such as 质量), or give {level} {expected_first_en}",
        ),
    },
    params=KindParams,
)
def value_kind(project: Project, ctx: ProjectContext[KindParams]) -> Iterator[Hit]:
    """指标值的种类与指标相符。

    检查：由三级指标名称中的关键词（其次由二级/一级指标）决定值应是哪一种：是否（是非题）→
    “是”或“否”；率、满意度 → 百分比；数量、次数、人数 → 个数；成本、费用、金额 → 金额；
    时间、周期、时限 → 时长、日期或百分比；时效指标 → 时长、日期、期间或百分比；数量指标 →
    个数、金额、面积或长度（“制作宣传横幅(年) =1年”是错误）。名称关键词优先：“资金到位率”虽在
    时效指标下，仍应是百分比。种类不符为错误。值与名称相符、却与所在
    二级不符的（数量指标下的“覆盖率 100%”“接种率 ≥90%”：数量指标应是个数），为警告。只检查
    能确定种类的值；单位不规范的由 V001 报告，定性值由 V004 报告，成本行由 B003 检查。关键词
    和种类都是策略参数。
    原因：种类不符的值无法评价：“资金到位率 ≤12个月”既不是到位率，也说不清是哪段时间；
    “是否按时足额发放 ≥95%”问的是“是否”，答的却是比率。数量指标下只有比率，说明没有写出要
    完成多少。
    示例：表3 时效指标“资金到位率”的值“≤12个月”（错误）；“是否按时足额发放”的值“≥95%”
    （错误）；数量指标“农村义务教育学校改造覆盖率”的值“100%”（警告）。
    修改：按名称改值，或按值改名称；比率移到质量指标，数量指标写出个数。
    ---
    What: a keyword of the 三级 name (failing that, the 二级 or 一级) says what kind of value the
    indicator needs: 是否 (a yes/no question) → 是 or 否; 率, 满意度 → a percentage; 数量, 次数,
    人数 → a count; 成本, 费用, 金额 → money; 时间, 周期, 时限 → a duration, a date or a
    percentage; a 时效 row → a duration, date, period or percentage; a 数量 row → a count, an
    amount, an area or a length (`制作宣传横幅(年) =1年` is an error). The name wins: 资金到位率
    under 时效 still needs a percentage. A mismatch is an error. A value that fits its name but
    not its 二级 (a rate such as 覆盖率 100% or 接种率 ≥90% under 数量, which holds counts) is a
    warning. Only values whose kind is clear are checked: odd units are V001's, qualitative
    values V004's, 成本 rows B003's. Keywords and kinds are policy parameters.
    Why: a value of the wrong kind cannot be evaluated: `资金到位率 ≤12个月` is no rate and names
    no period; `是否按时足额发放 ≥95%` answers a yes/no question with a rate. A 数量 row holding a
    rate states no amount of output.
    Example: table 3, 时效 row 资金到位率 with the value `≤12个月` (error); 是否按时足额发放 with
    `≥95%` (error); 数量 row 农村义务教育学校改造覆盖率 with `100%` (warning).
    Fix: change the value to fit the name or the name to fit the value; move a rate out of 数量
    to the quality rows and give 数量 a count.
    """
    params = ctx.params
    # What a row expects (by its 三级 name, failing that its 二级/一级) and what its 二级 holds,
    # judged once per (三级, 一级, 二级).
    for index, indicator in enumerate(project.indicators):
        kind = _kind_of(indicator.parsed)
        if kind is None:
            continue  # quick reject: qualitative, empty, or a unit of no known kind
        judged = ctx.remember(_expected_kinds, indicator.name, indicator.level1, indicator.level2)
        expected, filed = judged
        if expected is not None and kind not in expected[1]:
            if _has_placeholder(indicator.value) or _left_to_b003(indicator, params.leave_to_b003):
                continue
            keyword, kinds = expected
            if filed is not None:  # what the 二级 only tolerates (a rate under 数量) is not advised
                kinds = tuple(k for k in kinds if k in filed[1]) or kinds
            yield ctx.hit(
                f"/indicators/{index}/value",
                severity="error",
                name=_name(indicator),
                keyword=keyword,
                value=_shown(indicator),
                expected_zh=_kinds_text(kinds, 0),
                expected_en=_kinds_text(kinds, 1),
                actual_zh=KIND_NAMES[kind][0],
                actual_en=KIND_NAMES[kind][1],
            )
            continue
        if filed is None or kind in filed[1] or not filed[1]:
            continue
        if _has_placeholder(indicator.value) or _left_to_b003(indicator, params.leave_to_b003):
            continue
        level, kinds = filed
        yield ctx.hit(
            f"/indicators/{index}/value",
            "filed",
            severity="warning",
            name=_name(indicator),
            level=level,
            value=_shown(indicator),
            expected_zh=_kinds_text(kinds, 0),
            expected_en=_kinds_text(kinds, 1),
            expected_first_zh=KIND_NAMES[kinds[0]][0],
            expected_first_en=KIND_NAMES[kinds[0]][1],
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
    level2: tuple[str, ...] = Field(
        ("数量",),
        description="二级 whose rows promise a quantity whatever their names say (宣传教育 = "
        "覆盖全区所有人员 under 数量)",
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
        "“{subject}”说的是可以计数的量（{word}），指标值却是定性的“{value}”：应写成数字",
        "{subject} speaks of a countable quantity ({word}) but the value {value} is qualitative: "
        "write a number",
    ),
    advice=(
        "把“{value}”改为数字目标（比较符 + 数字 + 单位），增长可写百分比",
        "replace '{value}' by a number (comparator, number, unit); a growth may be a percentage",
    ),
    params=QuantifiableParams,
)
def quantifiable_qualitative(
    project: Project, ctx: ProjectContext[QuantifiableParams]
) -> Iterator[Hit]:
    """名称或描述可以量化的指标，指标值不应是定性的。

    检查：三级名称或指标描述中有“数量、增长、人数”等词，或指标列在数量指标下（均为策略
    参数），指标值却是定性的（不含数字）。这是启发式检查，只作警告。
    原因：描述已经指明了可计数的量，却不给数字，目标无法评价；细化量化是设定绩效目标的基本
    要求。
    示例：表9“申报资质认证的单位数量增长”的值是“提升”。
    修改：写出数字目标（比较符 + 数字 + 单位），增长可写百分比。
    ---
    What: the 三级 name or the description holds a word that promises a quantity (数量, 增长,
    人数 …), or the row is filed under 数量 (both policy parameters), while the value is
    qualitative (holds no number). Heuristic: warning only.
    Why: the description names a countable quantity but gives no number, so the target cannot be
    evaluated; 细化量化 is a basic requirement for targets.
    Example: table 9, `申报资质认证的单位数量增长` with the value `提升`.
    Fix: give a number (comparator, number, unit); a growth may be a percentage.
    """
    params = ctx.params
    for index, indicator in enumerate(project.indicators):
        parsed = indicator.parsed
        if parsed.kind != "qualitative" or parsed.comparator_written:
            continue  # quick reject: only a qualitative value can be reported
        texts = (indicator.description, indicator.name, indicator.level1, indicator.level2)
        promise = ctx.remember(_quantity_promise, *texts)
        if promise is None or _qualitative(indicator) is None:
            continue
        if _left_to_b003(indicator, params.leave_to_b003):
            continue
        subject, word = promise
        yield ctx.hit(
            f"/indicators/{index}/value", subject=subject, word=word, value=squeeze(indicator.value)
        )


def _asks_group(name: str, params: RespondentParams) -> bool:
    """Whether a 三级 name asks a group (a quick reject of V-respondent rows)."""
    return bool(_groups(_clean_name(name), params))


def _quantity_promise(
    description: str, name: str, level1: str, level2: str, params: QuantifiableParams
) -> tuple[str, str] | None:
    """(the text, its word) when the description, failing that the name, promises a quantity;
    failing both, (the name, the 二级) when the row's 二级 does."""
    for subject in (clean(description), _clean_name(name)):
        word = _contains_any(subject, params.keywords)
        if word:
            return subject, word
    level = classify(level1, level2).level2
    if level and level in _canonical_set(params.level2):
        return _clean_name(name) or clean(description), level
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
            "时效指标“{name}”的日期或期间“{value}”不在预算年度 {year} 年内",
            "the timeliness date or period {value} of {name} is not in the budget year {year}",
        ),
        "bare_number": (
            "时效指标“{name}”的值“{value}”只是一个数字，看不出是日期、期间还是时长：应写成截止日期（如"
            "“{year}年12月31日前”）或带单位的时长",
            "the timeliness value {value} of {name} is a bare number: neither a date, a period nor "
            "a duration; write a deadline (e.g. {year}年12月31日前) or a duration with its unit",
        ),
        "period_past_year": (
            "时效指标“{name}”的期间“{value}”延续到预算年度 {year} 年之后：年度目标应在本年度内完成，"
            "跨年的部分写入中期目标",
            "the timeliness period {value} of {name} runs past the budget year {year}: the annual "
            "target ends within the year; the rest belongs to the mid-term targets",
        ),
    },
    advice={
        "past_year_end": (
            "写明截止日期“{year}年12月31日前”，或缩短时限，使其与资金支出计划一致",
            "give the deadline '{year}年12月31日前', or a shorter period, so that it fits the "
            "spending plan",
        ),
        "no_start": (
            "写明截止日期（如“{year}年12月31日前”），或写明从哪个事件起算",
            "give a deadline (e.g. '{year}年12月31日前') or the event it counts from",
        ),
        "date_outside_year": (
            "把“{value}”改为预算年度 {year} 年内的日期或期间",
            "write a date or period within the budget year {year} for '{value}'",
        ),
        "bare_number": (
            "把“{value}”写成截止日期（如“{year}年12月31日前”）或带单位的时长",
            "write '{value}' as a deadline (e.g. '{year}年12月31日前') or a duration with its unit",
        ),
        "period_past_year": (
            "年度目标截至 {year} 年底，“{value}”中跨年的部分写入中期目标",
            "end the annual target with {year}; put the part of '{value}' after it in the "
            "mid-term targets",
        ),
    },
    params=TimelinessParams,
)
def timeliness_anchored(project: Project, ctx: ProjectContext[TimelinessParams]) -> Iterator[Hit]:
    """时效指标值有明确的起止：百分比、预算年度内的日期，或写明起点的时长。

    检查：二级为时效的指标，其值应是百分比（如及时率）、预算年度内的日期或截止时间
    （“2023年10月底前”“2021年7月”；“年底前”“当年”没有写年份，指预算年度）、预算年度内的
    期间（“2021年1月-12月”“2023年第三季度”“202001-202012”），或写明
    起算点的时长（“资金到达后30日内”，或描述含“后”“起”等，策略参数）。时长写明了起点但可能
    超过年底、而资金支出计划在 12月底 全部支出的（时长不短于参数 long_months），为警告；时长
    没有任何起点信息的，为提示；日期或期间不在预算年度内、或期间从本年度延续到以后年度
    （“2023.07-2024.01”）的，为警告；只写一个数字、没有单位（“180”）的，也为警告。名称要求百分比的行（“资金到位率”）填了时长，
    属于 V005 的种类不符，这里不重复报告。
    原因：“≤12个月”没有起点就无法判断是否按时；从年中某事件起算的 12 个月会越过年底，与年底
    前支出完毕的计划相矛盾。
    示例：表4“技改资金到达部门后拨付至项目承担单位的时间 ≤12个月”（警告）；表2“≤1年”、
    表6“≤1年”、表7、表8、表10“≤12个月”（提示）。
    修改：写成预算年度内的截止日期，或写明起算事件并与支出计划一致（如“资金到达后30日内”）。
    ---
    What: a 时效 row's value is a percentage (a timeliness rate), a date or deadline in the
    budget year (`2023年10月底前`, `2021年7月`; `年底前` and `当年` name no year and mean the
    budget year), a period within the budget year (`2021年1月-12月`, `2023年第三季度`,
    `202001-202012`), or a duration with a stated start (`资金到达后30日内`,
    or a description holding 后, 起 …; a policy parameter). A duration from a stated start that
    can run past the year end while the spending plan ends at 12月底 (at least `long_months`
    long) is a warning; a duration with no start at all is an info; a date or period outside the
    budget year, or a period running on past it (`2023.07-2024.01`), is a warning, and so is a bare
    number (`180`: no date, period or duration at all). A row whose name
    calls for a percentage (资金到位率) but holds a duration is V005's kind mismatch and is not
    reported again here.
    Why: `≤12个月` without a start cannot be judged on time or late; twelve months from an
    event during the year run past the year end and contradict a plan that spends everything
    by December.
    Example: table 4, `技改资金到达部门后拨付至项目承担单位的时间 ≤12个月` (warning); tables 2
    and 6 `≤1年`, tables 7, 8, 10 `≤12个月` (info).
    Fix: write a deadline in the budget year, or the event it counts from, consistent with the
    plan (`资金到达后30日内`).
    """
    params = ctx.params
    year = ctx.budget_year
    shown_year = str(year) if year is not None else "YYYY"
    for index, indicator in enumerate(project.indicators):
        parsed = indicator.parsed
        # Quick reject: only a date or a period outside the year and a duration can be reported.
        if parsed.kind in ("date", "period"):
            if _in_year(parsed, year) and not _runs_past(parsed, year):
                continue
        elif parsed.kind != "quantity" or parsed.unit_class not in ("duration", "none"):
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
        if parsed.kind == "quantity" and parsed.unit_class == "none":
            yield ctx.hit(
                pointer, "bare_number", severity="warning", name=name, value=value, year=shown_year
            )
            continue
        if parsed.kind == "period" and _runs_past(parsed, year):
            yield ctx.hit(
                pointer, "period_past_year", severity="warning", name=name, value=value, year=year
            )
            continue
        if parsed.kind != "quantity":
            yield ctx.hit(
                pointer, "date_outside_year", severity="warning", name=name, value=value, year=year
            )
            continue
        if parsed.start:
            start: str | None = parsed.start
            phrase = parsed.start
        else:
            start = _contains_any(clean(indicator.description) + name, params.start_markers)
            phrase = _start_phrase(clean(indicator.description) or name, start or "")
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
                start=phrase,
                checkpoint=params.year_end_checkpoint,
                year=shown_year,
            )


def _in_year(parsed: ParsedValue, year: int | None) -> bool:
    """A date in the budget year, or a period that covers it (a value naming no year is in it)."""
    if year is None or parsed.year is None:
        return True
    if parsed.kind == "period" and parsed.end_year is not None:
        return parsed.year <= year <= parsed.end_year
    return parsed.year == year


def _runs_past(parsed: ParsedValue, year: int | None) -> bool:
    """A period that starts in the budget year and ends in a later one (`2023.07-2024.01`)."""
    return (
        parsed.kind == "period"
        and year is not None
        and parsed.year == year
        and parsed.end_year is not None
        and parsed.end_year > year
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
            "满意度指标“{name}”的目标“{value}”应写作下限：“{suggested}”",
            "the satisfaction target {value} of {name} should be a floor: {suggested}",
        ),
        "not_percent": (
            "满意度指标“{name}”的目标“{value}”不是百分比：满意度目标应写作下限，如“≥{floor}%”",
            "the satisfaction target {value} of {name} is not a percentage: write a floor such "
            "as ≥{floor}%",
        ),
    },
    advice={
        "default": (
            "把“{value}”提高到不低于 {floor}% 的下限（≥）",
            "raise '{value}' to a floor (≥) of at least {floor} %",
        ),
        "comparator": ("写成“{suggested}”", "write '{suggested}'"),
        "not_percent": (
            "把“{value}”改为百分比下限，如“≥{floor}%”，按调查结果评价",
            "replace '{value}' by a percentage floor such as '≥{floor}%', to be met by a survey",
        ),
    },
    params=SatisfactionFloorParams,
)
def satisfaction_floor(
    project: Project, ctx: ProjectContext[SatisfactionFloorParams]
) -> Iterator[Hit]:
    """满意度目标是不低于下限的百分比。

    检查：满意度指标（一级为满意度，或三级名称含“满意”）的目标是百分比，用“≥”（或“>”，也
    接受“95%以上”“不低于90%”这样的文字）表示下限，且不低于策略规定的下限（默认 80%）。没有
    比较符的百分比（“100%”）也要写成下限；只有文字、没有数字的目标（“明显提升”“满意”）不是
    百分比。其他种类的数量（“≥5家”）由 V005 报告，含数字但不成格式的由 V001 报告。
    原因：满意度是下限目标；低于 80% 的满意度目标几乎总能达到，不能说明服务质量；没有数字的
    满意度目标无法用调查结果评价。国家没有统一的满意度下限，80 是策略参数。
    示例：“≥70%”（低于下限）；“≤95%”（方向反了）；“100%”（没有写成下限）；“明显提升”。
    修改：写作百分比下限（≥），不低于策略规定的下限。
    ---
    What: a satisfaction row (一级 满意度, or 满意 in the 三级 name) has a percentage target written
    as a floor with `≥` (or `>`; words such as 95%以上 or 不低于90% count) at or above the
    policy's floor (default 80 %). A percentage without a comparator (`100%`) must be written as
    a floor too; a target in words with no number (明显提升, 满意) is no percentage. Quantities of
    another kind (≥5家) are V005's; a number off the grammar is V001's.
    Why: satisfaction is a floor; a target below 80 % is met almost always and says nothing about
    service quality, and a target without a number cannot be compared with a survey. No national
    floor exists: 80 is a policy parameter.
    Example: `≥70%` (below the floor); `≤95%` (the wrong direction); `100%` (not a floor);
    `明显提升`.
    Fix: write a percentage floor (≥) at or above the policy's.
    """
    params = ctx.params
    floor, comparators = params.floor, params.comparators
    for index, indicator in enumerate(project.indicators):
        parsed = indicator.parsed
        if parsed.kind == "qualitative":
            # Quick reject: a text with a digit or a comparator is V001's.
            if parsed.comparator_written or _qualitative(indicator) is None:
                continue
            if not _is_satisfaction(indicator):
                continue
            yield ctx.hit(
                f"/indicators/{index}/value",
                "not_percent",
                name=_name(indicator),
                value=squeeze(indicator.value),
                floor=floor,
            )
            continue
        # Quick reject: a percentage floor at or above the policy's.
        if parsed.kind != "quantity" or parsed.number is None:
            continue
        if (
            parsed.comparator_written
            and parsed.number >= floor
            and parsed.comparator in comparators
        ):
            continue
        number = _percent_number(parsed)
        if number is None:
            continue
        if not _is_satisfaction(indicator) or _has_placeholder(indicator.value):
            continue
        pointer = f"/indicators/{index}/value"
        value = _shown(indicator)
        name = _name(indicator)
        if number < floor and parsed.comparator != "±":
            yield ctx.hit(pointer, name=name, value=value, floor=floor)
        elif not parsed.comparator_written or parsed.comparator not in comparators:
            # the target as a floor; `100%` as a floor is V003's `≥100%` (met only exactly) and
            # `±5%` is a tolerance, no target: the policy's floor then
            own = parsed.comparator != "±" and number < 100
            suggested = f"≥{_number_text(number if own else floor)}%"
            yield ctx.hit(
                pointer, "comparator", name=name, value=value, floor=floor, suggested=suggested
            )


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
    messages={
        "default": (
            "满意度指标名称“{name}”调查的是{name_groups}，描述“{description}”调查的却是{description_groups}",
            "the satisfaction indicator {name} asks {name_groups}, but its description "
            "{description} asks {description_groups}",
        ),
        "several": (
            "满意度指标“{name}”一个指标调查{count}类对象（{listed}），无法用一个调查结果衡量，宜分列",
            "the satisfaction indicator {name} asks {count} kinds of respondents ({listed}) in one "
            "row: one survey result cannot measure them; list them separately",
        ),
    },
    advice={
        "default": (
            "确定真正的调查对象，名称“{name}”和描述“{description}”写成同一对象",
            "decide who is asked and name the same respondents in '{name}' and '{description}'",
        ),
        "several": (
            "把“{name}”按调查对象分列为 {count} 个满意度指标（{listed}）",
            "split '{name}' into {count} satisfaction rows, one per respondent ({listed})",
        ),
    },
    also=("info",),
    params=RespondentParams,
)
def satisfaction_respondents(
    project: Project, ctx: ProjectContext[RespondentParams]
) -> Iterator[Hit]:
    """满意度指标的名称和描述说的是同一批调查对象。

    检查：满意度指标的三级名称和描述分别提到的调查对象（群众、企业、工作人员、客户等，分组
    和用词是策略参数）没有交集时报告。“服务对象”等泛称不作比较；任一方没有提到对象时不报告。
    这是启发式检查，只作警告。名称中并列了几类调查对象（如“学生、家长、社会满意度”）时作提示：
    一个调查结果无法同时衡量几类对象。
    原因：满意度应调查项目的服务对象；名称写“群众”、描述写“单位员工”，说明指标是照模板填的，
    调查对象并不清楚。
    示例：表3“群众满意度”与“单位员工满意度”；表10“机关人员满意率”与“客户满意率”。
    修改：确定真正的服务对象，名称和描述写成同一对象；几类对象分列为几个指标。
    ---
    What: the respondents named by a satisfaction row's 三级 name and by its description (群众,
    企业, 工作人员, 客户 …; the groups and their words are policy parameters) share no group.
    Generic words (服务对象) are not compared; a side naming nobody is not reported. Heuristic:
    warning only. A name that lists several respondents (学生、家长、社会满意度) is an info: one
    survey result cannot measure them all.
    Why: satisfaction is asked of the project's service recipients; a name saying 群众 and a
    description saying 单位员工 show a row filled in from a template with no clear respondents.
    Example: table 3 `群众满意度` vs `单位员工满意度`; table 10 `机关人员满意率` vs `客户满意率`.
    Fix: decide who the recipients are and name the same ones in both cells; list several kinds
    of respondents in rows of their own.
    """
    params = ctx.params
    for index, indicator in enumerate(project.indicators):
        # Quick reject: a name that asks no group.
        if not ctx.remember(_asks_group, indicator.name):
            continue
        args: Any = ctx.remember(_respondent_mismatch, indicator.name, indicator.description)
        if args is not None and _is_satisfaction(indicator):
            yield ctx.hit(f"/indicators/{index}/name", **args)
    for index, indicator in enumerate(project.indicators):
        listed = _listed_respondents(indicator.name, params)
        if listed and _is_satisfaction(indicator):
            yield ctx.hit(
                f"/indicators/{index}/name",
                "several",
                severity="info",
                name=squeeze(indicator.name),
                count=len(listed),
                listed="、".join(listed),
            )


#: A satisfaction name listing its respondents (`学生、家长、社会满意度`).
_LISTED_RE = re.compile(r"((?:[\u4e00-\u9fa5]{1,6}[、和与及]){1,5}[\u4e00-\u9fa5]{1,6}?)满意")


def _listed_respondents(name: str, params: RespondentParams) -> list[str]:
    """The respondents a satisfaction name lists, where it lists several and at least one of
    them is a respondent word of the policy's groups."""
    match = _LISTED_RE.search(clean(name)[:80])
    if match is None:
        return []
    parts = [p for p in re.split(r"[、和与及]", match.group(1)) if p]
    words = {w for ws in params.groups.values() for w in ws}
    if len(parts) < 2 or not any(_contains_any(p, tuple(words)) for p in parts):
        return []
    return parts


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
    masking: tuple[str, ...] = Field(
        ("*", "＊"),
        description="characters web pages mask digits and names with: a pattern made of them "
        "is a placeholder only where a number would stand (≥**%, (≥**个), **项目); a run "
        "touching a digit (≤****000元) or inside a word (太**城管) is masking, not reported",
    )


#: Units that may follow a number written as a placeholder (`培训**人次`), up to 4 characters.
_UNIT_WORDS = frozenset(unit for unit in UNIT_CLASSES if len(unit) <= 4 and not unit.isascii())


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _stands_for_number(text: str, start: int, end: int) -> bool:
    """The masking run `text[start:end]` stands where a number or a name would be written
    from a template, not where a web page hid some characters of one."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before.isdigit() or after.isdigit():
        return False  # ≤****000元, THXCG****0059: digits hidden
    if _is_cjk(before) and _is_cjk(after):
        # inside a word (太**城管) unless a unit follows, as after a number (培训**人次)
        return any(text[end : end + size] in _UNIT_WORDS for size in (1, 2, 3, 4))
    return True


@lru_cache(maxsize=64)
def _run_finder(masking: tuple[str, ...]) -> re.Pattern[str] | None:
    chars = "".join(sorted({ch for mark in masking for ch in mark}))
    return re.compile(f"[{re.escape(chars)}]+") if chars else None


def _placeholder_in(text: str, params: PlaceholderParams) -> str | None:
    """The first pattern that `text` holds as an unfilled placeholder."""
    masking = frozenset(ch for mark in params.masking for ch in mark)
    for pattern in params.patterns:
        if not pattern or pattern not in text:
            continue
        if not masking or not set(pattern) <= masking:
            return pattern
        finder = _run_finder(params.masking)
        assert finder is not None
        for run in finder.finditer(text):
            if pattern in run.group(0) and _stands_for_number(text, run.start(), run.end()):
                return pattern
    return None


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
    advice=(
        "把“{text_shown}”中的“{pattern}”换成实际的数字（或名称），删去占位符",
        "replace the placeholder '{pattern}' in '{text_shown}' by the actual number (or name)",
    ),
    params=PlaceholderParams,
)
def template_placeholder(project: Project, ctx: ProjectContext[PlaceholderParams]) -> Iterator[Hit]:
    """名称和指标值中没有留下模板占位符（**）。

    检查：项目名称、三级指标名称和指标值（检查的字段是策略参数）中是否留有“**”“XX”等模板
    占位符，如“(≥**个)”“≥**%”“**项目”。网页转载时用星号遮盖的数字和名称不是模板占位符：
    星号紧挨数字（“≤****000元”）或夹在词中间（“太**城管”）的不报告（遮盖字符是策略参数）。
    同一指标行中名称和指标值都留有占位符的，是同一个没有填写的数字，合为一个问题。
    原因：占位符说明表格是照模板填的，数字还没有定；这样的目标无法审核。
    示例：“培训人数(≥**个)”；指标值“≥**%”。
    修改：填写实际的数字，删除占位符。
    ---
    What: the project name, the 三级 names and the values (the indicator fields searched are a
    policy parameter) hold no template placeholder such as `**` or `XX` (`(≥**个)`, `≥**%`,
    `**项目`). Stars a web page put over digits or names are no template placeholder: a run
    touching a digit (`≤****000元`) or inside a word (`太**城管`) is not reported (the masking
    characters are a policy parameter). A row whose name and value both hold one leaves one
    number unfilled: one finding, with both places.
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
    rows: list[list[tuple[str, str | None]]] = [[("/name", project.name)]]
    for index, indicator in enumerate(project.indicators):
        cells = [
            (f"/indicators/{index}/{name}", getattr(indicator, name, None))
            for name in params.fields
        ]
        rows.append([(pointer, raw) for pointer, raw in cells if isinstance(raw, str)])
    for cells in rows:
        # One row's placeholders (`苗木成活率(≥**%)` beside the value `≥**%`) are one number
        # left unfilled: one finding at the first, the others its places.
        found = [
            (p, raw, pattern) for p, raw in cells if (pattern := _placeholder_in(raw or "", params))
        ]
        if found:
            (pointer, raw, pattern), *others = found
            yield ctx.hit(
                pointer,
                places=[ctx.hit(p) for p, _, _ in others],
                text_shown=squeeze(raw),
                pattern=pattern,
            )


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


# --- V011 -----------------------------------------------------------------------------------


@rule(
    "V011",
    "value-type-matches-value",
    category="values",
    severity="info",
    basis=_BASIS_COMPLETE,
    title=("指标值类型与指标值一致", "the value type matches the value"),
    messages={
        "qualitative": (
            "指标“{name}”的指标值类型写“{written}”（定性），指标值“{value}”却是数字",
            "indicator {name} is typed {written} (qualitative), but its value {value} is a number",
        ),
        "quantitative": (
            "指标“{name}”的指标值类型写“{written}”（定量），指标值“{value}”却没有数字",
            "indicator {name} is typed {written} (quantitative), but its value {value} has no "
            "number",
        ),
    },
    advice={
        "qualitative": (
            "把“{name}”的指标值类型改为定量（指标值是数字），或把指标值写成可评判的等级",
            "type '{name}' quantitative (its value is a number), or write the value as a "
            "gradable level",
        ),
        "quantitative": (
            "把指标值“{value}”写成数字，或把“{name}”的类型改为定性",
            "write '{value}' as a number, or type '{name}' qualitative",
        ),
    },
)
def value_type_matches_value(project: Project, ctx: ProjectContext[Params]) -> Iterator[Hit]:
    """指标值类型（定量/定性）一栏与指标值本身一致。

    检查：有“指标值类型”一栏（或指标性质一栏写“定性”“定量”）的表格：标为定性而指标值是数字（如“95%以上”），或标为定量而指标值没有数字，各报告一次。空值由 S004 报告。这只是提示。
    原因：指标值类型决定评价时按数值还是按等级打分；与指标值不一致时，评分标准无法执行，多半是照模板填的类型。
    示例：满意度指标标为“定性”，指标值却是“95%以上”。
    修改：按指标值改正类型（数字用“定量”），或把指标值写成与类型相符的形式。
    ---
    What: in a table with a 指标值类型 column (or 定性/定量 in its 指标性质 column), a row typed
    定性 whose value is a number (95%以上), or typed 定量 whose value has no number, is reported
    once. Empty values are S004's. A hint only.
    Why: the type decides whether the value is scored by number or by grade; when it contradicts
    the value, the scoring rule cannot be applied — usually a type copied from the template.
    Example: a 满意度 row typed 定性 with the value 95%以上.
    Fix: correct the type to match the value (定量 for a number), or write the value as typed.
    """
    for index, row in enumerate(project.indicators):
        written = clean(row.value_type)
        declared = {"定性": "qualitative", "定量": "quantitative"}.get(written, "")
        if not declared:
            declared = row.parsed.declared
            written = clean(row.operator)
        parsed = row.parsed
        if not declared or parsed.kind == "empty" or unit_only(row.value):
            continue
        numeric = any(ch.isdigit() for ch in row.value)
        if declared == "qualitative" and numeric and parsed.kind == "quantity":
            key = "qualitative"
        elif declared == "quantitative" and not numeric:
            key = "quantitative"
        else:
            continue
        pointer = (
            f"/indicators/{index}/value_type" if row.value_type else f"/indicators/{index}/value"
        )
        yield ctx.hit(
            pointer, key, text=row.value, name=_name(row), written=written, value=squeeze(row.value)
        )


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
    value_type_matches_value,
)
