"""The value grammar of 指标值 (domain.md §4), amounts and percentages.

One parser shared by the model (parsed forms beside each raw string) and by every rule, so that
no rule carries its own regular expression for `≥95%`, `≤0.11万元` or `2023年12月31日前`.
Parsing never fails: what does not fit the grammar is `qualitative` (or `empty`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

ValueKind = Literal["empty", "quantity", "date", "period", "qualitative"]
UnitClass = Literal[
    "percent", "money", "unit_cost", "count", "duration", "area", "length", "other", "none"
]

#: Entries kept by each parsing cache: a batch repeats the same cells (`≥95%`, `2023年度工作计划`)
#: thousands of times; parsing is a pure function of the text, so each is parsed once.
CACHE_SIZE = 1 << 15

#: ASCII and full-width comparators mapped to the canonical ones (`≥ ≤ = > <`).
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
    "不低于": "≥",
    "不少于": "≥",
    "不小于": "≥",
    "不高于": "≤",
    "不超过": "≤",
    "不大于": "≤",
    "大于等于": "≥",
    "小于等于": "≤",
    "大于": ">",
    "小于": "<",
    "等于": "=",
}

#: Unit words and their classes. The *whitelist* a value must use is a policy parameter (V001);
#: this table only says what kind of quantity a unit measures.
UNIT_CLASSES: dict[str, UnitClass] = {
    "%": "percent",
    "％": "percent",
    "百分比": "percent",
    "百分点": "percent",
    "万元": "money",
    "元": "money",
    "亿元": "money",
    "千元": "money",
    "万": "money",
    "元/亩": "unit_cost",
    "元/人": "unit_cost",
    "元/次": "unit_cost",
    "元/平方米": "unit_cost",
    "万元/公里": "unit_cost",
    "家": "count",
    "项": "count",
    "个": "count",
    "次": "count",
    "人": "count",
    "人次": "count",
    "户": "count",
    "座": "count",
    "辆": "count",
    "台": "count",
    "套": "count",
    "件": "count",
    "台/套/件": "count",
    "台/套": "count",
    "台套": "count",
    "场": "count",
    "所": "count",
    "处": "count",
    "批": "count",
    "册": "count",
    "份": "count",
    "篇": "count",
    "条": "count",
    "期": "count",
    "名": "count",
    "株": "count",
    "头": "count",
    "只": "count",
    "吨": "other",
    "万吨": "other",
    "千瓦": "other",
    "标准机架": "count",
    "天": "duration",
    "日": "duration",
    "工作日": "duration",
    "个工作日": "duration",
    "周": "duration",
    "个月": "duration",
    "月": "duration",
    "年": "duration",
    "小时": "duration",
    "分钟": "duration",
    "亩": "area",
    "万亩": "area",
    "平方米": "area",
    "平米": "area",
    "公顷": "area",
    "平方公里": "area",
    "公里": "length",
    "千米": "length",
    "米": "length",
}

#: Multipliers written in front of a unit: `6万人` is 60000 人 (domain.md §4). 万元 is a unit of
#: its own (the tables' money unit) and is never split.
_SCALE_PREFIXES: dict[str, Decimal] = {"万": Decimal(10000), "亿": Decimal(100000000)}

_NUMBER = r"[0-9]+(?:[.．][0-9]+)?"
_COMPARATOR_RE = re.compile(
    r"^(>=|=>|<=|=<|==|≥|≤|≧|≦|＞=|＜=|＞|＜|＝|>|<|=|不低于|不少于|不小于|不高于|不超过|不大于"
    r"|大于等于|小于等于|大于|小于|等于)"
)
_QUANTITY_RE = re.compile(rf"^(?P<number>{_NUMBER})\s*(?P<unit>[^\s0-9].*)?$")
_DATE_RE = re.compile(
    r"^(?P<year>20[0-9]{2})\s*年\s*(?:(?P<month>[0-9]{1,2})\s*月\s*(?:(?P<day>[0-9]{1,2})\s*日|底|末)?)?"
    r"\s*(?P<suffix>前|之前|以前|内|以内)?$"
)
#: A year on its own or its end as a deadline: `2023年`, `2023年度`, `2023年底前`, `2023年末以前`.
_YEAR_RE = re.compile(
    r"^(?P<year>20[0-9]{2})\s*年度?\s*(?P<end>底|末)?\s*(?:内|以内)?\s*(?:前|之前|以前)?$"
)
_DOTTED_DATE = r"20[0-9]{2}[.\-/年][0-9]{1,2}(?:[.\-/月][0-9]{1,2})?日?"
_PERIOD_RE = re.compile(
    rf"^(?P<start>{_DOTTED_DATE}|20[0-9]{{2}}年?)\s*[-—–~～至到]\s*(?P<end>.+)$"
)

_WHITESPACE_RE = re.compile(r"\s+")


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


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """The parsed form of one 指标值 (or of a value joined with its 计量单位/指标性质 columns)."""

    kind: ValueKind
    text: str
    comparator: str | None = None
    comparator_written: bool = False
    number: Decimal | None = None
    unit: str = ""
    unit_class: UnitClass = "none"
    #: `number` times the unit's prefix: 6万人 → 60000 (unit 人).
    scaled_number: Decimal | None = None
    base_unit: str = ""
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def is_quantitative(self) -> bool:
        return self.kind == "quantity"


@lru_cache(maxsize=CACHE_SIZE)
def unit_class(unit: str) -> UnitClass:
    """The class of a unit word; `other` for a unit we do not know, `none` for no unit."""
    if not unit:
        return "none"
    known = UNIT_CLASSES.get(unit)
    if known:
        return known
    if "/" in unit and unit.split("/", 1)[0] in ("元", "万元"):
        return "unit_cost"
    prefix, rest = unit[:1], unit[1:]
    if prefix in _SCALE_PREFIXES and rest in UNIT_CLASSES:
        return UNIT_CLASSES[rest]
    return "other"


def _scale(number: Decimal, unit: str) -> tuple[Decimal, str]:
    if unit in UNIT_CLASSES or len(unit) < 2:
        return number, unit
    prefix, rest = unit[:1], unit[1:]
    if prefix in _SCALE_PREFIXES and rest in UNIT_CLASSES:
        return number * _SCALE_PREFIXES[prefix], rest
    return number, unit


@lru_cache(maxsize=CACHE_SIZE)
def parse_value(
    raw: str | None, *, unit_column: str = "", operator_column: str = ""
) -> ParsedValue:
    """Parse a 指标值 by the grammar of domain.md §4.

    `unit_column` and `operator_column` carry the separate 计量单位 and 指标性质 columns of some
    layouts; they are used when the value itself has no unit or comparator.
    """
    text = squeeze(raw)
    if not text:
        return ParsedValue(kind="empty", text="")
    normal = unicodedata.normalize("NFKC", text)
    # NFKC maps full-width ＞＜＝％ to ASCII; keep ≥ ≤ ≧ ≦ as they are (NFKC leaves them).
    normal = normal.replace(" ", "")
    comparator: str | None = None
    written = False
    match = _COMPARATOR_RE.match(normal)
    if match:
        comparator = COMPARATOR_ALIASES[match.group(1)]
        written = True
        normal = normal[match.end() :]
    elif operator_column:
        op = unicodedata.normalize("NFKC", operator_column).strip()
        if op in COMPARATOR_ALIASES:
            comparator = COMPARATOR_ALIASES[op]
            written = True

    date = _DATE_RE.match(normal)
    if date and (date.group("month") or date.group("suffix")):
        return ParsedValue(
            kind="date",
            text=text,
            comparator=comparator,
            comparator_written=written,
            year=int(date.group("year")),
            month=int(date.group("month")) if date.group("month") else None,
            day=int(date.group("day")) if date.group("day") else None,
        )
    year = _YEAR_RE.match(normal)
    if year:
        return ParsedValue(
            kind="date",
            text=text,
            comparator=comparator,
            comparator_written=written,
            year=int(year.group("year")),
            month=12 if year.group("end") else None,
            day=31 if year.group("end") else None,
        )
    if _PERIOD_RE.match(normal):
        return ParsedValue(
            kind="period", text=text, comparator=comparator, comparator_written=written
        )

    quantity = _QUANTITY_RE.match(normal)
    if quantity:
        number = Decimal(quantity.group("number").replace("．", "."))
        unit = (quantity.group("unit") or "").strip()
        if not unit and unit_column:
            unit = unicodedata.normalize("NFKC", unit_column).strip()
        scaled, base = _scale(number, unit)
        return ParsedValue(
            kind="quantity",
            text=text,
            comparator=comparator or "=",
            comparator_written=written,
            number=number,
            unit=unit,
            unit_class=unit_class(unit),
            scaled_number=scaled,
            base_unit=base,
        )
    return ParsedValue(
        kind="qualitative", text=text, comparator=comparator, comparator_written=written
    )


_AMOUNT_RE = re.compile(rf"^(?P<number>{_NUMBER})\s*(?P<unit>万元|万|元)?$")


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
    if not match:
        return None
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
