"""The value grammar of 指标值 (domain.md §4), amounts and percentages.

One parser shared by the model (parsed forms beside each raw string) and by every rule, so that
no rule carries its own regular expression for `≥95%`, `≤0.11万元` or `2023年12月31日前`.
Parsing never fails: what does not fit the grammar is `qualitative` (or `empty`).

What the grammar reads, beyond `comparator + number + unit`:

- comparators as symbols (`≥ ≤ = > <`, `>= <= ≧ ≦ ＞ ＜`, `±`), as words in front of the number
  (`不低于95%`, `大于90%`, `达到100%`) and as direction words after it (`95%以上`, `15家以内`);
  a comparator given in a separate 指标性质 column, and `定性`/`定量` there;
- ranges and bounds (`3%-5%`, `90%～95%`, `≥90%且≤100%`), tolerances (`±3%以内`), money per
  period with its count (`620万/月×12个月`), frequencies (`每月1次`), and durations counted from
  an event (`资金到达后30日内`);
- dates, deadlines and periods, with a year or without one (then the budget year):
  `2023年10月底前`, `年底前`, `2021年7月`, `2023年第三季度`, `2021年全年`, `当年`,
  `2021年1月-12月`, `2023年1月1日至2023年12月31日`, `2023.07-2024.01`, `202001-202012`;
  a deadline followed by what is done by then (`12月底前100%到位`, `2024年12月底前完成项目建设`).

Every pattern here is anchored or bounded, and a value longer than `MAX_VALUE_LENGTH` characters
is never matched against the grammar (no real 指标值 is that long): parsing costs time linear in
the length of the text, whatever the text.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal, NamedTuple

ValueKind = Literal["empty", "quantity", "date", "period", "qualitative"]
UnitClass = Literal[
    "percent",
    "money",
    "unit_cost",
    "count",
    "duration",
    "area",
    "length",
    "volume",
    "weight",
    "energy",
    "score",
    "other",
    "none",
]
ComparatorPlace = Literal["", "before", "after", "column"]
Declared = Literal["", "qualitative", "quantitative"]

#: Entries kept by each parsing cache: a batch repeats the same cells (`≥95%`, `2023年度工作计划`)
#: thousands of times; parsing is a pure function of the text, so each is parsed once.
CACHE_SIZE = 1 << 15

#: The longest text (without spaces) read by the grammar; a longer value is qualitative. The
#: longest well-formed values are periods such as `2023年1月1日至2023年12月31日` (22 characters).
MAX_VALUE_LENGTH = 80

#: ASCII, full-width and word comparators mapped to the canonical ones (`≥ ≤ = > < ±`).
COMPARATOR_ALIASES: dict[str, str] = {
    ">=": "≥",
    "=>": "≥",
    "≧": "≥",
    "＞=": "≥",
    "<=": "≤",
    "=<": "≤",
    "≦": "≤",
    "＜=": "≤",
    "＞": ">",
    "＜": "<",
    "＝": "=",
    "==": "=",
    "≥": "≥",
    "≤": "≤",
    ">": ">",
    "<": "<",
    "=": "=",
    "±": "±",
    "+/-": "±",
    "不低于": "≥",
    "不少于": "≥",
    "不小于": "≥",
    "不高于": "≤",
    "不超过": "≤",
    "不大于": "≤",
    "不多于": "≤",
    "大于或等于": "≥",
    "小于或等于": "≤",
    "大于等于": "≥",
    "小于等于": "≤",
    "大于": ">",
    "小于": "<",
    "高于": ">",
    "低于": "<",
    "超过": ">",
    "多于": ">",
    "少于": "<",
    "不足": "<",
    "至少": "≥",
    "最少": "≥",
    "最多": "≤",
    "至多": "≤",
    "达到": "≥",
    "控制在": "≤",
    "等于": "=",
}

#: Direction words written after the number (`95%以上`) and the comparator they stand for.
DIRECTION_SUFFIXES: dict[str, str] = {
    "及以上": "≥",
    "或以上": "≥",
    "以上": "≥",
    "及以下": "≤",
    "或以下": "≤",
    "以下": "≤",
    "以内": "≤",
    "之内": "≤",
    "内": "≤",
}

#: What a 计量单位 column holds when it gives no unit (`168` with unit `-`).
NO_UNIT_MARKS = frozenset(
    {"-", "--", "—", "——", "–", "/", "\\", "无", "空", "不适用", "N/A", "n/a"}
)

#: Unit words and their classes. The *whitelist* a value must use is a policy parameter (V001);
#: this table only says what kind of quantity a unit measures. Keys are written as NFKC gives
#: them (`㎡` → `m²` after `_normal`); ASCII units are looked up in lower case.
UNIT_CLASSES: dict[str, UnitClass] = {
    **dict.fromkeys(("%", "％", "百分比", "百分点", "个百分点", "‰"), "percent"),
    **dict.fromkeys(("万元", "元", "亿元", "千元", "万"), "money"),
    # unit costs: every `money/…` is one too (see `unit_class`)
    **dict.fromkeys(("元/亩", "元/人", "元/次", "元/平方米", "万元/公里"), "unit_cost"),
    **dict.fromkeys(
        (
            *("家", "项", "个", "次", "人", "人次", "户", "户次", "座", "辆", "台", "套", "件"),
            *("台/套/件", "台/套", "台套", "台次", "场", "场次", "所", "处", "批", "批次", "册"),
            *("本", "份", "篇", "条", "期", "名", "位", "株", "棵", "头", "只", "张", "部", "间"),
            *("栋", "幢", "宗", "门", "节", "课时", "学时", "种", "村", "行政村", "社区", "乡镇"),
            *("起", "例", "艘", "口", "眼", "盏", "块", "根", "组", "支", "队", "笔", "车次"),
            *("架次", "班", "班次", "届", "轮", "标段", "点位", "个点位", "站", "标准机架", "单"),
        ),
        "count",
    ),
    **dict.fromkeys(
        (
            *("天", "日", "工作日", "个工作日", "周", "个月", "月", "季度", "个季度", "年"),
            *("小时", "个小时", "分钟"),
        ),
        "duration",
    ),
    **dict.fromkeys(
        ("亩", "万亩", "平方米", "平米", "m²", "公顷", "平方公里", "平方千米", "km²"), "area"
    ),
    **dict.fromkeys(("公里", "千米", "km", "米", "延米", "m"), "length"),
    **dict.fromkeys(("立方米", "万立方米", "m³"), "volume"),
    **dict.fromkeys(("吨", "万吨", "千克", "公斤", "kg"), "weight"),
    **dict.fromkeys(("千瓦", "千瓦时", "兆瓦", "万千瓦时", "kw", "kwh"), "energy"),
    "分": "score",
}

#: Units written another way that measure the same thing: `2km` and `2公里` are one length, so
#: rules comparing quantities (G001) see the same `base_unit`. Whether a way of writing is
#: *allowed* is V001's whitelist, not this table.
CANONICAL_UNITS: dict[str, str] = {
    "％": "%",
    "百分比": "%",
    "km": "公里",
    "千米": "公里",
    "平米": "平方米",
    "m²": "平方米",
    "平方千米": "平方公里",
    "km²": "平方公里",
    "m": "米",
    "m³": "立方米",
    "kg": "千克",
    "公斤": "千克",
    "kw": "千瓦",
    "kwh": "千瓦时",
    "个工作日": "工作日",
    "个小时": "小时",
    "个季度": "季度",
}

#: Multipliers written in front of a unit: `6万人` is 60000 人 (domain.md §4). 万元 is a unit of
#: its own (the tables' money unit) and is never split.
_SCALE_PREFIXES: dict[str, Decimal] = {"万": Decimal(10000), "亿": Decimal(100000000)}

#: A measure word in front of a count noun: `3个村` counts 村.
_MEASURE_PREFIX = "个"

_MONEY_HEADS = frozenset({"元", "万元", "亿元", "千元", "万"})

_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
_RANGE_SEPARATOR = r"(?:--|——|—|–|-|~|〜|至|到)"
_SUFFIX_ALTERNATION = "|".join(sorted(DIRECTION_SUFFIXES, key=len, reverse=True))

_SYMBOL_COMPARATOR_RE = re.compile(r"(?:>=|=>|<=|=<|==|\+/-|≥|≤|≧|≦|±|>|<|=)")
#: Comparator words (and full-width forms NFKC leaves as they are), the longest first.
_COMPARATOR_WORDS = tuple(
    sorted((w for w in COMPARATOR_ALIASES if not _SYMBOL_COMPARATOR_RE.fullmatch(w)), key=len)[::-1]
)
_WORD_COMPARATOR_RE = re.compile("|".join(map(re.escape, _COMPARATOR_WORDS)))

#: number, an optional range (`3%-5%`), unit, direction word, and a count of periods
#: (`620万/月×12个月`, `620万元/月(12个月)`); every repeated part is bounded.
_QUANTITY_RE = re.compile(
    rf"(?P<number>{_NUMBER})"
    rf"(?:(?P<low_unit>[^0-9]{{0,8}}?)(?P<separator>{_RANGE_SEPARATOR})(?P<upper>{_NUMBER}))?"
    rf"(?P<unit>[^0-9]{{0,16}}?)"
    rf"(?P<suffix>{_SUFFIX_ALTERNATION})?"
    rf"(?:(?:×|x|X|\*|,共|,|共|\()(?P<times>{_NUMBER})(?P<times_unit>[^0-9()]{{1,4}}?)\)?)?"
)
#: `每月1次`: a frequency (the period is kept as `per`).
_EVERY_RE = re.compile(r"每(?P<per>半年|季度|年度|年|季|月|周|天|日)")
#: A lead-in of words before the first digit or comparator (`资金到达后`), bounded.
_LEAD_RE = re.compile(r"[^0-9≥≤≧≦<>=±]{1,30}")
_START_MARKERS = ("之日起", "之后", "以后", "后", "起")
#: Two bounds of one range written apart: `≥90%且≤100%`.
_BOUNDS_SEPARATOR_RE = re.compile(r"且|并且|,|;|、")

# --- dates and periods -----------------------------------------------------------------------

_TIME_PREFIXES = ("截止到", "截止至", "截至", "截止", "于", "在")
_DEADLINE_SUFFIXES = ("之前", "以前", "以内", "之内", "为止", "前", "内", "止")
_ACTION_SUFFIXES = (
    "全部完成",
    "实施完毕",
    "拨付到位",
    "发放到位",
    "支付完毕",
    "完成",
    "完工",
    "竣工",
    "结束",
    "完毕",
    "建成",
    "开工",
    "到位",
    "验收",
)
#: Verbs opening the work a deadline names (`2024年12月底前完成项目建设`, `年底前组织验收`).
_TASK_VERBS = (
    *("全部完成", "完成", "完工", "竣工", "建成", "开工", "启动", "实施", "开展", "组织"),
    *("发放", "拨付", "支付", "兑现", "下达", "交付", "投入使用", "验收", "通过", "上报"),
)
#: Clauses of a value naming several deadlines (`6月底前完成招标,9月底前完工`).
_TASK_CLAUSE_RE = re.compile(r"[,;、]")
#: What a deadline says is done by then (`前支出100%`, `前完成80%`).
_AMOUNT_VERBS = (
    *("全部完成", "累计完成", "累计支出", "完成", "支出", "拨付", "发放", "支付", "下达", "执行"),
    *("使用", "到位"),
)
_YEAR_HEAD_RE = re.compile(r"(?P<year>(?:19|20)[0-9]{2})年度?")
_BARE_YEAR_RE = re.compile(r"(?:19|20)[0-9]{2}")
_DOTTED_RE = re.compile(
    r"(?P<year>(?:19|20)[0-9]{2})[.\-/](?P<month>[0-9]{1,2})(?:[.\-/](?P<day>[0-9]{1,2}))?"
)
_COMPACT_RE = re.compile(
    r"(?P<year>(?:19|20)[0-9]{2})(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12][0-9]|3[01])?"
)
_MONTH_RE = re.compile(
    r"(?P<month>[0-9]{1,2})月份?(?:(?P<day>[0-9]{1,2})[日号]|(?P<end>底|末)|(?P<part>初|上旬|中旬|下旬))?"
)
_QUARTER_RE = re.compile(r"第?(?P<quarter>[一二三四1-4])季度(?P<end>末|底)?")
_HALF_RE = re.compile(r"(?P<half>[上下])半年(?P<end>末|底)?")
_RELATIVE_YEARS = ("本年度", "当年度", "当年", "本年", "今年")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_SPAN_SEPARATOR_RE = re.compile(_RANGE_SEPARATOR)
#: The longest deadline read before an amount (`2023年12月31日前100%到位`).
_DEADLINE_HEAD = 16
_DIGIT_RE = re.compile(r"[0-9]")
#: Dates and periods written without a digit: `年底前`, `当年`, `第三季度`, `上半年`.
_YEARLESS_TIME_RE = re.compile(r"年|季度|半年")
#: Every date or period holds one of these (a cheap test before the grammar of time).
_TIME_HINT_RE = re.compile(r"[年月日号季底末初旬]|(?:19|20)[0-9]{2}(?:[.\-/]|[0-9]{2})")

_WHITESPACE_RE = re.compile(r"\s+")
_SUPERSCRIPT_RE = re.compile(r"(?<=[mM])([23])(?![0-9])")


@lru_cache(maxsize=CACHE_SIZE)
def clean(text: str | None) -> str:
    """Strip surrounding whitespace (ASCII, full-width and NBSP) and fold inner runs to nothing.

    Chinese text has no word spaces: `其中：财政    资金` and `财政资金` are the same label.
    """
    if not text:
        return ""
    return _WHITESPACE_RE.sub("", text.replace("\u3000", " ").replace("\xa0", " "))


@lru_cache(maxsize=CACHE_SIZE)
def squeeze(text: str | None) -> str:
    """Strip surrounding whitespace and fold inner runs to one space (for display)."""
    if not text:
        return ""
    return _WHITESPACE_RE.sub(" ", text.replace("\u3000", " ").replace("\xa0", " ")).strip()


@lru_cache(maxsize=CACHE_SIZE)
def to_decimal(text: str) -> Decimal | None:
    """A decimal number written with ASCII or full-width digits; None when it is not one."""
    normal = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if not re.fullmatch(r"[+-]?[0-9]+(?:\.[0-9]+)?", normal):
        return None
    try:
        return Decimal(normal)
    except InvalidOperation:  # pragma: no cover - the pattern above excludes it
        return None


class ParsedValue(NamedTuple):
    """The parsed form of one 指标值 (or of a value joined with its 计量单位/指标性质 columns).

    Immutable (a named tuple: a batch parses hundreds of thousands of cells, and a tuple is made
    several times faster than a frozen dataclass of as many fields).
    """

    kind: ValueKind
    text: str
    comparator: str | None = None
    comparator_written: bool = False
    #: The comparator as written (`≥`, `>=`, `不低于`, `以上`, or the 指标性质 column's text).
    comparator_word: str = ""
    #: Where it is written: in front of the number, after it (`95%以上`), or in its own column.
    comparator_place: ComparatorPlace = ""
    #: A comparator in front and a direction word after that disagree (`≤95%以上`).
    comparator_conflict: bool = False
    number: Decimal | None = None
    #: The upper end of a range (`3%-5%`, `≥90%且≤100%`); `number` is then the lower end.
    upper: Decimal | None = None
    unit: str = ""
    unit_class: UnitClass = "none"
    #: `number` times the unit's prefix: 6万人 → 60000 (unit 人).
    scaled_number: Decimal | None = None
    #: The unit all ways of writing it share: `km` → 公里, `平米` → 平方米, `6万人` → 人.
    base_unit: str = ""
    #: How many periods a rate per period runs (`620万/月×12个月` → 12, `个月`).
    times: Decimal | None = None
    times_unit: str = ""
    #: The period of a frequency (`每月1次` → `月`).
    per: str = ""
    #: The event a duration counts from (`资金到达后30日内` → `资金到达后`).
    start: str = ""
    #: A date, a deadline, or the start of a period; the year is None when the value names
    #: none (`年底前`, `当年`): the budget year.
    year: int | None = None
    month: int | None = None
    day: int | None = None
    #: The end of a period (`2021年1月-12月` ends 2021-12-31).
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    #: A deadline (`前`, `以前`, `内`): the date is the latest acceptable.
    deadline: bool = False
    #: What the 指标性质 column declares: `定性` or `定量`.
    declared: Declared = ""

    @property
    def is_quantitative(self) -> bool:
        return self.kind == "quantity"


@lru_cache(maxsize=CACHE_SIZE)
def _lookup(unit: str) -> str:
    """The key of a unit in the tables: NFKC, and ASCII units in lower case."""
    normal = unicodedata.normalize("NFKC", unit).strip()
    normal = _SUPERSCRIPT_RE.sub(lambda m: "²" if m.group(1) == "2" else "³", normal)
    return normal.lower() if normal.isascii() else normal


@lru_cache(maxsize=CACHE_SIZE)
def unit_class(unit: str) -> UnitClass:
    """The class of a unit word; `other` for a unit we do not know, `none` for no unit."""
    if not unit:
        return "none"
    key = _lookup(unit)
    known = UNIT_CLASSES.get(key)
    if known:
        return known
    if "/" in key:
        head, tail = key.split("/", 1)
        if head in _MONEY_HEADS:
            return "unit_cost"  # 元/平米, 元/人.每天, 万/月
        if UNIT_CLASSES.get(head) == "count" and UNIT_CLASSES.get(tail) == "duration":
            return "count"  # 次/月: a frequency
        return "other"
    prefix, rest = key[:1], key[1:]
    if prefix in _SCALE_PREFIXES and rest in UNIT_CLASSES:
        return UNIT_CLASSES[rest]
    if prefix == _MEASURE_PREFIX and UNIT_CLASSES.get(rest) == "count":
        return "count"  # 个村
    return "other"


@lru_cache(maxsize=CACHE_SIZE)
def canonical_unit(unit: str) -> str:
    """The one way of writing a unit (`km` → 公里, `元/平米` → 元/平方米, `个村` → 村)."""
    if not unit:
        return ""
    key = _lookup(unit)
    if "/" in key:
        return "/".join(canonical_unit(part) if part else part for part in key.split("/"))
    if key in CANONICAL_UNITS:
        return CANONICAL_UNITS[key]
    if key in UNIT_CLASSES:
        return key
    if key[:1] == _MEASURE_PREFIX and UNIT_CLASSES.get(key[1:]) == "count":
        return key[1:]
    return key


def _scale(number: Decimal, unit: str) -> tuple[Decimal, str]:
    key = _lookup(unit)
    if key in UNIT_CLASSES or len(key) < 2:
        return number, canonical_unit(unit)
    prefix, rest = key[:1], key[1:]
    if prefix in _SCALE_PREFIXES and rest in UNIT_CLASSES:
        return number * _SCALE_PREFIXES[prefix], canonical_unit(rest)
    return number, canonical_unit(unit)


#: Sentence punctuation a value cell may end with (after NFKC): `。`, `.`, `;`, `,`, `、`, `!`.
_CLOSING_PUNCTUATION = "。.;,、!"
#: A bracketed note closing a value (NFKC makes `（含）` ASCII): at most a few characters.
_NOTE_RE = re.compile(r"\(([^()]{1,8})\)$")
#: The word for reaching a target after its number and unit (`100%完成`, `95%达标`, `100%合格`).
_ATTAINED_RE = re.compile(r"(?<=[%‰])(?:完成|达成|达标|实现|到位|合格|覆盖)$")


def _normal(text: str) -> str:
    """NFKC without spaces; `m2`/`m3` (from `㎡`, `m²`) written as `m²`/`m³`."""
    normal = unicodedata.normalize("NFKC", text).replace(" ", "")
    if "m" in normal or "M" in normal:
        normal = _SUPERSCRIPT_RE.sub(lambda m: "²" if m.group(1) == "2" else "³", normal)
    return normal


@dataclass(frozen=True, slots=True)
class _Comparator:
    canonical: str
    word: str
    place: ComparatorPlace


def _front(normal: str) -> tuple[_Comparator | None, str]:
    """The comparator written in front of the number, and the rest of the text.

    A comparator word (`不低于`, `达到`) counts only before a number: `达到预期目标` is a
    qualitative value, not a comparator without its number.
    """
    match = _SYMBOL_COMPARATOR_RE.match(normal)
    if match:
        word = match.group(0)
        return _Comparator(COMPARATOR_ALIASES[word], word, "before"), normal[match.end() :]
    match = _WORD_COMPARATOR_RE.match(normal)
    if match:
        rest = normal[match.end() :]
        if rest[:1].isdigit() or rest[:1] == "±":
            word = match.group(0)
            return _Comparator(COMPARATOR_ALIASES[word], word, "before"), rest
    return None, normal


def _agrees(front: str, after: str) -> bool:
    """A comparator in front and a direction word after the number say the same."""
    if front == after:
        return True
    if after == "≥":
        return front in (">", "≥")
    return front in ("<", "≤", "±")


def _operator_column(text: str) -> tuple[_Comparator | None, Declared]:
    op = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "")
    if not op:
        return None, ""
    if op == "定性":
        return None, "qualitative"
    if op == "定量":
        return None, "quantitative"
    if op in COMPARATOR_ALIASES:
        return _Comparator(COMPARATOR_ALIASES[op], op, "column"), ""
    return None, ""


def _unit_column(text: str) -> str:
    unit = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "")
    return "" if unit in NO_UNIT_MARKS else unit


@lru_cache(maxsize=CACHE_SIZE)
def parse_value(
    raw: str | None, *, unit_column: str = "", operator_column: str = ""
) -> ParsedValue:
    """Parse a 指标值 by the grammar of domain.md §4 (and the module's docstring).

    `unit_column` and `operator_column` carry the separate 计量单位 and 指标性质 columns of some
    layouts; they are used when the value itself has no unit or comparator. A unit column
    holding `-`, `/` or `无` gives no unit; `定性`/`定量` in the 指标性质 column is kept as
    `declared`.
    """
    text = squeeze(raw)
    if not text:
        return ParsedValue(kind="empty", text="")
    # a cell written as a sentence ends with its full stop (`95%以上。`), and a target may end
    # with the word for reaching it (`100%完成`): neither is part of the value
    normal = _normal(text).rstrip(_CLOSING_PUNCTUATION) or _normal(text)
    normal = _ATTAINED_RE.sub("", normal) or normal
    # a note in brackets after the target (`≥95%(含)`, `≥10%(同比)`) is no part of its unit;
    # a bracket right after the number holds the unit (`100(个)` is `100个`)
    note = _NOTE_RE.search(normal)
    if note is not None:
        before, inside = normal[: note.start()], note.group(1)
        if before[-1:].isdigit() and not _DIGIT_RE.search(inside) and len(inside) <= 4:
            normal = before + inside
        elif (
            _DIGIT_RE.search(before)
            and before[-1:] not in ("", *"≥≤><=(")
            and (not _DIGIT_RE.search(inside) or inside.startswith("含"))
        ):
            normal = before  # a figure inside is kept unless it only repeats (`(含95%)`)
    column, declared = _operator_column(operator_column)
    unit_fallback = _unit_column(unit_column)
    if len(normal) > MAX_VALUE_LENGTH:
        match = _SYMBOL_COMPARATOR_RE.match(normal)
        written = (
            _Comparator(COMPARATOR_ALIASES[match.group(0)], match.group(0), "before")
            if match
            else column
        )
        return _qualitative(text, written, declared)
    front, body = _front(normal)
    written = front or column
    if _DIGIT_RE.search(body) is None:  # every date, period and quantity holds a digit …
        if _YEARLESS_TIME_RE.search(body):
            time = _time_value(text, body, written, declared)  # … but `年底前`, `当年`
            if time is not None:
                return time
        return _qualitative(text, written, declared)

    time = _time_value(text, body, written, declared)
    if time is not None:
        return time
    quantity = _quantity(text, body, front, column, unit_fallback, declared)
    if quantity is not None:
        return quantity
    if front is None:
        led = _led_quantity(text, body, column, unit_fallback, declared)
        if led is not None:
            return led
    bounds = _bounds(text, normal, unit_fallback, declared)
    if bounds is not None:
        return bounds
    return _qualitative(text, written, declared)


def _qualitative(text: str, written: _Comparator | None, declared: Declared) -> ParsedValue:
    return ParsedValue(
        kind="qualitative",
        text=text,
        comparator=written.canonical if written else None,
        comparator_written=written is not None,
        comparator_word=written.word if written else "",
        comparator_place=written.place if written else "",
        declared=declared,
    )


def _quantity(
    text: str,
    body: str,
    front: _Comparator | None,
    column: _Comparator | None,
    unit_fallback: str,
    declared: Declared,
    *,
    per: str = "",
    start: str = "",
) -> ParsedValue | None:
    """`body` (after any comparator in front) read as a number, range, unit and direction."""
    match = _QUANTITY_RE.fullmatch(body)
    if match is None:
        return None
    number = Decimal(match.group("number"))
    upper = Decimal(match.group("upper")) if match.group("upper") else None
    unit = match.group("unit") or ""
    if not unit and upper is not None:
        unit = match.group("low_unit") or ""
    if not unit:
        unit = unit_fallback
    suffix = match.group("suffix") or ""
    after = DIRECTION_SUFFIXES.get(suffix)
    conflict = False
    written: _Comparator | None = front
    if front is not None and after is not None:
        conflict = not _agrees(front.canonical, after)
    elif after is not None:
        written = _Comparator(after, suffix, "after")
    elif front is None and upper is not None:
        written = _Comparator("≥", match.group("separator"), "before")  # a range: its bounds
    if written is None:
        written = column
    times = Decimal(match.group("times")) if match.group("times") else None
    scaled, base = _scale(number, unit)
    return ParsedValue(
        kind="quantity",
        text=text,
        comparator=written.canonical if written else "=",
        comparator_written=written is not None,
        comparator_word=written.word if written else "",
        comparator_place=written.place if written else "",
        comparator_conflict=conflict,
        number=number,
        upper=upper,
        unit=unit,
        unit_class=unit_class(unit),
        scaled_number=scaled,
        base_unit=base,
        times=times,
        times_unit=(match.group("times_unit") or "") if times is not None else "",
        per=per,
        start=start,
        declared=declared,
    )


def _led_quantity(
    text: str, body: str, column: _Comparator | None, unit_fallback: str, declared: Declared
) -> ParsedValue | None:
    """A quantity after a lead-in: `每月1次` (a frequency), `资金到达后30日内` (a duration from
    an event, the only lead-in accepted before a duration)."""
    every = _EVERY_RE.match(body)
    if every is not None:
        front, rest = _front(body[every.end() :])
        return _quantity(text, rest, front, column, unit_fallback, declared, per=every.group("per"))
    lead = _LEAD_RE.match(body)
    if lead is None:
        return None
    head = lead.group(0)
    rest = body[lead.end() :]
    word = next((w for w in _COMPARATOR_WORDS if head.endswith(w) and len(head) > len(w)), None)
    if word is not None:
        head, rest = head[: -len(word)], word + rest
    marker = next((m for m in _START_MARKERS if head.endswith(m) and len(head) > len(m)), None)
    if marker is None:
        return None
    front, rest = _front(rest)
    parsed = _quantity(text, rest, front, column, "", declared, start=head)
    if parsed is None or parsed.unit_class != "duration":
        return None
    return parsed


def _bounds(text: str, normal: str, unit_fallback: str, declared: Declared) -> ParsedValue | None:
    """Two bounds written apart, `≥90%且≤100%`: a range from the lower to the upper."""
    parts = _BOUNDS_SEPARATOR_RE.split(normal, maxsplit=2)
    if len(parts) != 2:
        return None
    read = []
    for part in parts:
        front, body = _front(part)
        if front is None:
            return None
        parsed = _quantity(part, body, front, None, unit_fallback, declared)
        if parsed is None or parsed.upper is not None or parsed.comparator_conflict:
            return None
        read.append(parsed)
    lower = next((p for p in read if p.comparator in (">", "≥")), None)
    upper = next((p for p in read if p.comparator in ("<", "≤")), None)
    if lower is None or upper is None or lower.unit_class != upper.unit_class:
        return None
    assert lower.number is not None and upper.number is not None
    if lower.number > upper.number:
        return None
    unit = lower.unit or upper.unit
    scaled, base = _scale(lower.number, unit)
    return ParsedValue(
        kind="quantity",
        text=text,
        comparator=lower.comparator,
        comparator_written=True,
        comparator_word=lower.comparator_word,
        comparator_place="before",
        number=lower.number,
        upper=upper.number,
        unit=unit,
        unit_class=unit_class(unit),
        scaled_number=scaled,
        base_unit=base,
        declared=declared,
    )


# --- dates and periods ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span:
    """A stretch of time named by one point of a value (a day, a month, a quarter, a year)."""

    year: int | None
    first: tuple[int, int]
    last: tuple[int, int]
    #: `day`, `month`, `end` (年底, 月底), `quarter`, `half`, `year` (全年, 当年) or `bare_year`.
    size: str


def _month_end(year: int | None, month: int) -> int:
    return calendar.monthrange(year or 2001, month)[1]


def _strip_time_words(core: str) -> tuple[str, bool]:
    """Without a lead-in (`截至`) and trailing action and deadline words (`底前完成` → `底`)."""
    for prefix in _TIME_PREFIXES:
        if core.startswith(prefix) and len(core) > len(prefix):
            core = core[len(prefix) :]
            break
    for suffix in _ACTION_SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            core = core[: -len(suffix)]
            break
    deadline = False
    for suffix in _DEADLINE_SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            core = core[: -len(suffix)]
            deadline = True
            break
    return core, deadline


def _dotted_span(year: int, written_month: str, written_day: str | None) -> _Span | None:
    """`2023.07`, `2023-07-01`, `202001`: a month or a day."""
    month = int(written_month)
    if not 1 <= month <= 12:
        return None
    if written_day:
        day = int(written_day)
        if not 1 <= day <= _month_end(year, month):
            return None
        return _Span(year, (month, day), (month, day), "day")
    return _Span(year, (month, 1), (month, _month_end(year, month)), "month")


def _span(point: str, *, in_period: bool = False) -> _Span | None:
    """One point in time: `2023年10月底`, `2023.07`, `第三季度`, `年底`, `当年` …"""
    dotted = _DOTTED_RE.fullmatch(point) or (_COMPACT_RE.fullmatch(point) if in_period else None)
    if dotted is not None:
        return _dotted_span(int(dotted.group("year")), dotted.group("month"), dotted.group("day"))
    year: int | None = None
    relative = False
    head = _YEAR_HEAD_RE.match(point)
    if head is not None:
        year = int(head.group("year"))
        rest = point[head.end() :]
    elif in_period and _BARE_YEAR_RE.fullmatch(point):
        return _Span(int(point), (1, 1), (12, 31), "bare_year")
    else:
        rest = point
        for word in _RELATIVE_YEARS:
            if rest.startswith(word):
                rest = rest[len(word) :]
                relative = True
                break
        else:
            if rest in ("年", "年度"):
                rest, relative = "", True
    if not rest:
        if year is not None:
            return _Span(year, (1, 1), (12, 31), "bare_year")
        return _Span(None, (1, 1), (12, 31), "year") if relative else None
    if rest == "全年":
        return _Span(year, (1, 1), (12, 31), "year")
    if rest in ("底", "末", "年底", "年末"):
        if rest in ("底", "末") and year is None and not relative:
            return None
        return _Span(year, (12, 31), (12, 31), "end")
    if rest in ("初", "年初"):
        if rest == "初" and year is None and not relative:
            return None
        return _Span(year, (1, 1), (1, 31), "month")
    quarter = _QUARTER_RE.fullmatch(rest)
    if quarter is not None:
        q = _QUARTERS[quarter.group("quarter")]
        last = (3 * q, _month_end(year, 3 * q))
        if quarter.group("end"):
            return _Span(year, last, last, "end")
        return _Span(year, (3 * q - 2, 1), last, "quarter")
    half = _HALF_RE.fullmatch(rest)
    if half is not None:
        first, last = ((1, 1), (6, 30)) if half.group("half") == "上" else ((7, 1), (12, 31))
        if half.group("end"):
            return _Span(year, last, last, "end")
        return _Span(year, first, last, "half")
    month_match = _MONTH_RE.fullmatch(rest)
    if month_match is not None:
        month = int(month_match.group("month"))
        if not 1 <= month <= 12:
            return None
        end = _month_end(year, month)
        if month_match.group("day"):
            day = int(month_match.group("day"))
            if not 1 <= day <= end:
                return None
            return _Span(year, (month, day), (month, day), "day")
        if month_match.group("end"):
            return _Span(year, (month, end), (month, end), "end")
        return _Span(year, (month, 1), (month, end), "month")
    return None


def _time_value(
    text: str, body: str, written: _Comparator | None, declared: Declared
) -> ParsedValue | None:
    """A date, a deadline or a period, or None when `body` is none of them."""
    if not body or not (body[:1].isdigit() or not body[:1].isascii()):
        return None
    if _TIME_HINT_RE.search(body) is None:
        return None
    core, deadline = _strip_time_words(body)
    span = _span(core)
    if span is not None:
        # `12月` alone reads as twelve months (a duration), `2023年` as the year.
        if span.year is None and span.size == "month" and not deadline:
            return None
        if span.size in ("year", "quarter", "half") and not deadline:
            return _time(text, "period", written, declared, deadline, span, span)
        return _time(text, "date", written, declared, deadline, span, None)
    period = _period(core)
    if period is not None:
        return _time(text, "period", written, declared, deadline, *period)
    return _deadline_with_amount(text, body, declared) or _deadline_with_task(
        text, body, written, declared
    )


def _deadline_with_task(
    text: str, body: str, written: _Comparator | None, declared: Declared
) -> ParsedValue | None:
    """A deadline followed by the work done by then, a date: `2024年12月底前完成项目建设`,
    `年底前组织验收`, `2021年12月底完成项目规划相关工作`. A value naming several
    (`6月底前完成招标,9月底前完工`) is its last deadline, in the year an earlier one names.
    Work holding a figure (`年底前完成3个村`) is an amount, not read here."""
    found: tuple[_Span, bool] | None = None
    year: int | None = None
    for clause in _TASK_CLAUSE_RE.split(body):
        if clause:
            found = _task_clause(clause)
            if found is None:
                return None
            year = found[0].year or year
    if found is None:
        return None
    span, deadline = found
    if span.year is None and year is not None:
        span = _Span(year, span.first, span.last, span.size)
    return _time(text, "date", written, declared, deadline, span, None)


def _task_clause(clause: str) -> tuple[_Span, bool] | None:
    """The deadline (its span, and whether it is written as one: `前`) before a task verb."""
    for verb in _TASK_VERBS:
        at = clause.find(verb, 1, _DEADLINE_HEAD + len(verb))
        if at <= 0 or _DIGIT_RE.search(clause, at):
            continue
        when, deadline = _strip_time_words(clause[:at])
        span = _span(when)
        if span is not None:
            return span, deadline
    return None


def _deadline_with_amount(text: str, body: str, declared: Declared) -> ParsedValue | None:
    """A deadline followed by how much is done by then: `12月底前100%到位`, `2023年6月底前完成80%`
    (a date, with the amount as its number and unit)."""
    for word in ("之前", "以前", "前"):
        at = body.find(word, 0, _DEADLINE_HEAD + len(word))
        if at <= 0:
            continue
        when, _ = _strip_time_words(body[:at])
        span = _span(when)
        if span is None:
            return None
        rest = body[at + len(word) :]
        for action in _AMOUNT_VERBS:
            if rest.startswith(action) and len(rest) > len(action):
                rest = rest[len(action) :]  # 前完成80%, 前支出100%
                break
        rest, _ = _strip_time_words(rest)  # 100%到位
        front, amount = _front(rest)
        parsed = _quantity(text, amount, front, None, "", declared)
        if parsed is None or parsed.upper is not None:
            return None
        dated = _time(text, "date", None, declared, True, span, None)
        return parsed._replace(
            kind="date", year=dated.year, month=dated.month, day=dated.day, deadline=True
        )
    return None


def _time(
    text: str,
    kind: ValueKind,
    written: _Comparator | None,
    declared: Declared,
    deadline: bool,
    first: _Span,
    last: _Span | None,
) -> ParsedValue:
    """A period from `first` to `last`, or the date `first` names: its end (`2023年10月底`,
    `年底`), its month (`2021年7月`) or only its year (`2023年`)."""
    month: int | None
    day: int | None
    end_year = end_month = end_day = None
    if last is not None:
        month, day = first.first
        end_year, (end_month, end_day) = last.year, last.last
    elif first.size == "bare_year":
        month = day = None
    elif first.size == "month":
        month, day = first.first[0], None
    else:
        month, day = first.last
    return ParsedValue(
        kind=kind,
        text=text,
        comparator=written.canonical if written else None,
        comparator_written=written is not None,
        comparator_word=written.word if written else "",
        comparator_place=written.place if written else "",
        year=first.year,
        month=month,
        day=day,
        end_year=end_year,
        end_month=end_month,
        end_day=end_day,
        deadline=deadline,
        declared=declared,
    )


def _period(core: str) -> tuple[_Span, _Span] | None:
    """`start <separator> end`, trying each separator (the text is short: see MAX_VALUE_LENGTH)."""
    for separator in _SPAN_SEPARATOR_RE.finditer(core):
        left, right = core[: separator.start()], core[separator.end() :]
        if not left or not right:
            continue
        last = _span(right, in_period=True)
        if last is None:
            continue
        if left[-1:].isdigit() and right[:1].isdigit() and "月" in right and "月" not in left[-3:]:
            first = _span(left + "月", in_period=True) or _span(left, in_period=True)
        else:
            first = _span(left, in_period=True)
        if first is None:
            continue
        if first.size == "bare_year" and last.size == "bare_year" and "年" not in core:
            continue  # `2000-2500` is a range of numbers, not of years
        first_year = first.year if first.year is not None else last.year
        last_year = last.year if last.year is not None else first_year
        if (
            first_year is not None
            and last_year == first_year
            and last.year is None
            and last.last < first.first
        ):
            last_year = first_year + 1  # `2023年7月-6月` runs into the next year
        first = _Span(first_year, first.first, first.last, first.size)
        last = _Span(last_year, last.first, last.last, last.size)
        if (
            first_year is not None
            and last_year is not None
            and (last_year, last.last) < (first_year, first.first)
        ):
            continue
        return first, last
    return None


_AMOUNT_RE = re.compile(rf"^(?P<number>{_NUMBER})\s*(?P<unit>万元|万|元)?$")


#: How many 万元 one of each money unit is (a fact, not a policy: the units a policy accepts are
#: the rules' parameters).
WAN_PER_UNIT: dict[str, Decimal] = {
    "万元": Decimal(1),
    "万": Decimal(1),
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "亿元": Decimal(10000),
}


@lru_cache(maxsize=256)
def table_money_unit(written: str | None) -> str:
    """A table's money unit from its `单位：万元` line (万元 when it says none)."""
    unit = clean(written)
    for prefix in ("单位:", "单位："):
        if unit.startswith(prefix):
            unit = unit[len(prefix) :]
    return unit or "万元"


#: Integer digits an amount may have: 10¹⁵ 万元 is past any budget, and a longer number would
#: only feed the arithmetic of the money rules with values no table means.
MAX_AMOUNT_DIGITS = 15


@lru_cache(maxsize=CACHE_SIZE)
def parse_amount(raw: str | None, money_unit: str = "万元") -> Decimal | None:
    """An amount in the table's money unit (万元 by default): `0.11`, `250万`, `1,000.00`.

    Blank is None (the caller decides whether blank means 0); text that is not an amount is None
    too — B002 reports it from the raw string.
    """
    text = unicodedata.normalize("NFKC", squeeze(raw)).replace(",", "").replace(" ", "")
    if not text:
        return None
    match = _AMOUNT_RE.match(text)
    if not match or len(match.group("number").split(".")[0]) > MAX_AMOUNT_DIGITS:
        return None  # no amount, or no budget's: B002 reports it
    number = Decimal(match.group("number"))
    unit = match.group("unit") or ""
    table_unit = money_unit or "万元"
    if unit in ("", table_unit) or (unit == "万" and table_unit == "万元"):
        return number
    if unit == "元" and table_unit == "万元":
        return number / Decimal(10000)
    if unit in ("万", "万元") and table_unit == "元":
        return number * Decimal(10000)
    return number


_PERCENT_RE = re.compile(rf"^(?P<number>{_NUMBER})\s*(?:%|％|百分比)?$")


@lru_cache(maxsize=CACHE_SIZE)
def parse_percent(raw: str | None) -> Decimal | None:
    """A spending-plan cell: `30`, ` 30`, `100%`; None when it is not a number."""
    text = unicodedata.normalize("NFKC", squeeze(raw)).replace(" ", "")
    match = _PERCENT_RE.match(text)
    if not match:
        return None
    return Decimal(match.group("number"))


_UNIT_ONLY_RE = re.compile(r"^(?:>=|<=|≥|≤|≧|≦|>|<|=|＞|＜|＝)?\s{0,4}(?P<unit>[^\s0-9]{1,8})$")


@lru_cache(maxsize=CACHE_SIZE)
def unit_only(raw: str | None) -> bool:
    """A value that is only a unit, perhaps after a comparator (`公里`, `万亩`, `≧ %`): the template's
    unit left standing with no number written in front of it."""
    text = unicodedata.normalize("NFKC", squeeze(raw)).replace(" ", "")
    match = _UNIT_ONLY_RE.match(text)
    return match is not None and unit_class(match.group("unit")) not in ("other", "none")
