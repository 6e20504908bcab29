"""The label vocabulary of 绩效目标 tables: what a header or column label means, in any template.

Real tables from different provinces name the same field differently (预算数, 年度资金总额, 项目金额,
当年预算, 下达中央预算内投资 …), space labels out (`项 目 名 称`, one character per line), tag them
(`(万元)`, `(必填)`, `(0-20)分`, `★`, `(长期)`) and split fields into 中期/年度 groups. Every reader
maps labels through this one module: first the exact synonyms below, then keyword rules for labels
no table has shown yet, so that a new template is read by inference rather than by a new list entry.

`read_label` says what a header label means (field, rank, period group, money unit);
`read_column` says the same of an indicator-table column label. Both return None for a cell that
is not a label at all (a value, a sentence).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from checker.values import clean

HeaderField = Literal[
    "unit",
    "money_unit",
    "code",
    "name",
    "period",
    "total",
    "fiscal",
    "other",
    "source",
    "purpose",
    "plan",
    "goals",
    "group",
    "detail",
    "ignored",
]
IndicatorField = Literal[
    "level1",
    "level2",
    "name",
    "description",
    "value",
    "basis",
    "unit",
    "operator",
    "score",
    "value_type",
    "scoring",
    "history",
    "extra",
]
#: A field's period group, where a template sets 中期 (or 长期, 实施期, the project's whole life)
#: beside 年度 (or 当年, 本年): the annual one is checked, the other kept.
Period = Literal["annual", "mid"]

#: No label is longer than this once normalised: longer cells are values, not labels.
MAX_LABEL = 24


@dataclass(frozen=True, slots=True)
class Label:
    """What a header label means: its field, its rank (lower wins a clash), its period group and
    the money unit a tag such as `(万元)` gives."""

    field: HeaderField
    rank: int = 0
    period: Period | None = None
    money_unit: str | None = None
    #: Read by keywords, not from the table of known labels: such a cell right after a label is
    #: more likely that label's value (`项目名称 | 省级第七批水利专项资金`).
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    """What an indicator-table column label means."""

    field: IndicatorField
    period: Period | None = None


# -- normalising ------------------------------------------------------------------------------

_PREFIX_RE = re.compile(r"^(?:其中[:]?|\*|★|☆|▲|△|●|◆)+")
_BRACKET_SUFFIX_RE = re.compile(r"\([^()]{0,30}\)$")
_BRACKET_RE = re.compile(r"\(([^()]{0,30})\)")
_SCORE_TAG_RE = re.compile(r"\(?[0-9]{1,3}(?:[-~][0-9]{1,3})?\)?分$")
_COLON_RE = re.compile(r"[:：]")
#: A money unit in a label's brackets: `(万元)`, `（单位：万元）`.
_MONEY_TAG_RE = re.compile(r"(?:单位\s*[:：]?\s*)?(亿元|万元|千元|元)")
_ANNUAL_RE = re.compile(r"年度|当年|本年|全年|预期20[0-9]{2}|20[0-9]{2}年(?:度)?(?:预期|目标)")
_MID_RE = re.compile(r"中期|长期|实施期|整体期|总期|多年")


def normalize_label(text: str) -> str:
    """A label as the vocabulary spells it: no whitespace, ASCII brackets, no `其中：`, no tags.

    `其中：财政    资金` → `财政资金`; `资金支出计划（%）` → `资金支出计划`; `三级指标(必填)` →
    `三级指标`; `产出指标(40-50)分` → `产出指标`; `绩\\n效\\n指\\n标` → `绩效指标`.
    """
    label = unicodedata.normalize("NFKC", clean(text))
    label = _PREFIX_RE.sub("", label)
    previous = None
    while previous != label:
        previous = label
        label = _SCORE_TAG_RE.sub("", label)
        label = _BRACKET_SUFFIX_RE.sub("", label).rstrip(":：*★")
    return label


def _tags(text: str) -> list[str]:
    """The bracketed tags of a label (`项目资金(万元)` → [`万元`])."""
    return _BRACKET_RE.findall(unicodedata.normalize("NFKC", clean(text)))


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """`normalize_label` for lookups, cached (labels repeat in every table); '' for long text."""
    if len(text) > 4 * MAX_LABEL:
        return ""
    label = normalize_label(text)
    return label if len(label) <= MAX_LABEL else ""


# -- header labels ----------------------------------------------------------------------------

#: Labels (normalised) seen in real tables → field and rank. When one table holds two labels for
#: one field, the lower rank wins. Labels not listed here are read by `_by_keywords`.
HEADER_LABELS: dict[str, tuple[HeaderField, int]] = {
    # identity
    "项目编码": ("code", 0),
    "项目代码": ("code", 0),
    "项目编号": ("code", 1),
    "项目名称": ("name", 0),
    "项目支出名称": ("name", 0),
    "二级项目名称": ("name", 0),
    "项目全称": ("name", 1),
    "专项名称": ("name", 1),
    "专项资金名称": ("name", 1),
    "资金名称": ("name", 2),
    "一级项目名称": ("name", 3),
    "预算单位": ("unit", 0),
    "单位名称": ("unit", 0),
    "部门名称": ("unit", 0),
    "申报单位": ("unit", 0),
    "填报单位": ("unit", 0),
    "编制单位": ("unit", 0),
    "实施单位": ("unit", 1),
    "项目实施单位": ("unit", 1),
    "项目单位": ("unit", 1),
    "执行单位": ("unit", 1),
    "项目执行单位": ("unit", 1),
    "下达地方或单位": ("unit", 1),
    "主管部门": ("unit", 2),
    "主管部门及代码": ("unit", 2),
    "主管部门及编码": ("unit", 2),
    "项目主管部门": ("unit", 2),
    "业务主管部门": ("unit", 2),
    "主管部门名称": ("unit", 2),
    "金额单位": ("money_unit", 0),
    "单位": ("money_unit", 1),
    "项目实施期": ("period", 0),
    "实施期": ("period", 0),
    "实施周期": ("period", 0),
    "项目周期": ("period", 1),
    "项目期": ("period", 1),
    "项目期限": ("period", 1),
    "实施期限": ("period", 1),
    "项目起止时间": ("period", 1),
    "起止时间": ("period", 1),
    # budget
    "预算数": ("total", 0),
    "年度资金总额": ("total", 0),
    "年度本级预算金额": ("total", 0),
    "年度预算数": ("total", 0),
    "本年预算数": ("total", 0),
    "年度预算金额": ("total", 0),
    "当年预算": ("total", 0),
    "当年资金总额": ("total", 0),
    "预算金额": ("total", 1),
    "预算总额": ("total", 1),
    "资金总额": ("total", 1),
    "项目资金总额": ("total", 1),
    "项目金额": ("total", 1),
    "项目预算金额": ("total", 1),
    "项目总预算": ("total", 2),
    "项目总投资": ("total", 3),
    "财政资金": ("fiscal", 0),
    "财政拨款": ("fiscal", 0),
    "财政拨款资金": ("fiscal", 0),
    "财政性资金": ("fiscal", 0),
    "本级财政资金": ("fiscal", 1),
    "其他资金": ("other", 0),
    "其它资金": ("other", 0),
    "其他来源资金": ("other", 0),
    "其中其他资金": ("other", 0),
    "自筹资金": ("other", 1),
    "资金用途": ("purpose", 0),
    "项目资金用途": ("purpose", 0),
    "主要用途": ("purpose", 1),
    "资金支出计划": ("plan", 0),
    "支出计划": ("plan", 0),
    "资金支出进度": ("plan", 0),
    "支出进度计划": ("plan", 0),
    "资金支出进度计划": ("plan", 0),
    # goals
    "年度绩效目标": ("goals", 0),
    "年度目标": ("goals", 0),
    "当年绩效目标": ("goals", 0),
    "项目年度目标": ("goals", 0),
    "绩效目标": ("goals", 1),
    "项目绩效目标": ("goals", 1),
    "总体目标": ("goals", 2),
    "总体绩效目标": ("goals", 2),
    "整体绩效目标": ("goals", 2),  # a 部门整体支出绩效目标表's goal
    "当年整体绩效目标": ("goals", 0),
    "年度整体绩效目标": ("goals", 0),
    "实施期目标": ("goals", 2),
    "实施期绩效目标": ("goals", 2),
    # labels that only group the cells beside or below them
    "预算规模及资金用途": ("group", 0),
    "预算规模": ("group", 0),
    "资金规模": ("group", 0),
    "资金来源": ("group", 0),
    "资金情况": ("group", 0),
    "项目资金": ("group", 0),
    "项目资金情况": ("group", 0),
    "项目预算资金": ("group", 0),
    "资金投入": ("group", 0),
    "资金构成": ("group", 0),
    "投入目标": ("group", 0),  # the money block of a template that sets 投入/产出/效益 targets
    "绩效指标": ("group", 0),
    # labelled fields kept as details (not checked): the narrative rows of many templates
    "项目概况": ("detail", 0),
    "项目总体情况": ("detail", 0),
    "项目简介": ("detail", 0),
    "立项依据": ("detail", 0),
    "项目立项依据": ("detail", 0),
    "项目设立必要性": ("detail", 0),
    "项目实施计划": ("detail", 0),
    "项目内容": ("detail", 0),
    "项目属性": ("detail", 0),
    "项目类型": ("detail", 0),
    "项目类别": ("detail", 0),
    "项目负责人": ("detail", 0),
    "联系电话": ("detail", 0),
    "项目基本情况": ("ignored", 0),
}

#: 中央/省级/市级/县级/区级/上级资金, 中央财政补助资金, 上年结转: one line of a funding split.
#: 中央补助安排, 省级财政安排: the same lines named by what the level arranges (a level's
#: 财政拨款 stays the fiscal part: `小计 | 市财政拨款 | 其他资金`).
_SOURCE_RE = re.compile(
    r"^(?:当年|年度)?(?:中央|省级|省|市级|市|县级|县|区级|区|乡镇|镇|街道|上级|本级)"
    r"(?:补助|专项|转移支付)?资金$|^(?:中央|省级|省|上级)财政(?:补助|专项)资金$"
    r"|^(?:中央|省级|省|市级|市|县级|县|区级|区|上级)(?:财政)?(?:补助|专项|转移支付)?"
    r"安排$"
    r"|^上年结转(?:资金)?$|^结转资金$"
    r"|^非税(?:收入)?(?:安排|资金)?$|^(?:地方)?(?:政府)?(?:专项)?债券(?:资金)?$"
    r"|^政府性基金(?:预算)?(?:拨款|资金)?$"
)

#: Keyword rules for labels the table above does not list, in order: the first that matches
#: wins. Each is (pattern on the normalised label, field, rank). Patterns are anchored and
#: bounded (labels are at most MAX_LABEL characters).
_KEYWORD_SOURCE: tuple[tuple[str, HeaderField, int], ...] = (
    (r"^(?:单位|部门)(?:代码|编码)$", "ignored", 0),
    (r"(?:基本|资金|预算|立项)情况$|^(?:单位|部门|项目)?信息$", "group", 0),
    (r"^(?:对应)?(?:一级|上级)项目$|口径$|来源$|功能科目$|重要程度$", "detail", 0),
    (r"财政部门$", "detail", 0),
    (r"(?:项目|专项).{0,6}(?:编码|代码|编号)$", "code", 1),
    (r"^(?:二级)?(?:项目|专项)(?:资金|支出)?名称$", "name", 1),
    (r"(?:项目|专项|资金).{0,4}名称$", "name", 2),
    (r"负责人|责任人|联系人|电话|签字|盖章|(?:科室|股室|处室)$", "detail", 0),
    (r"权重$", "detail", 0),
    (r"(?:其他|其它|自筹|自有|社会)(?:来源)?资金", "other", 1),
    (r"申请.{0,8}(?:资金|预算)|(?:资金|预算)申请$", "total", 2),
    (r"^(?:本|当)?年?度?(?:预算|资金)(?:申报|申请|批复|下达)数$", "total", 1),
    (r"^(?:项目|年初|全年|当年|本年度?|年度)预算(?:数|金额)$", "total", 1),
    (r"^(?:中央|省级?|市级?|县级?|区级?|上级)(?:财政)?(?:补助|配套)(?:资金)?$", "source", 0),
    (r"^(?:银行)?贷款(?:资金)?$", "other", 2),
    (r"^(?:年度)?主要任务$|职能|职责", "detail", 1),
    (r"(?:地点|对象|(?<!资金|预算|金额|投资|经费)规模|(?<!支出)进度)$|^组织实施$", "detail", 1),
    (r"(?:开始|启动|开工|起始|完成|结束|竣工|截止)(?:日期|时间)$", "detail", 1),
    (r"需要?说明的?(?:其他)?(?:问题|事项)$|^其他(?:需要?)?说明的?(?:问题|事项)$", "detail", 1),
    (r"预算(?:资金)?安排$", "total", 1),
    (r"^(?:本|当)?年度?(?:预计|计划)?投入$", "total", 1),
    (r"财政(?:拨款|资金|投款|补助|预算)|一般公共预算", "fiscal", 1),
    (
        r"^(?=.{3})(?:项目|专项|部门|单位)?(?:本?年度|中长期|中期|长期|总体|实施期|当年|本年|阶段性)?"
        r"(?:滚动)?(?:履职|整体|绩效)?(?:总体?)?目标(?:总体描述|描述)?$",
        "goals",
        2,
    ),
    (r"用途$", "purpose", 1),
    (r"支出(?:计划|进度)$", "plan", 1),
    (r"实施期|起止|期限|周期|实施时间", "period", 1),
    (r"(?:资金|预算|金额|投资|经费)(?:总额|总计|合计|规模|总量)?$", "total", 2),
    (r"(?:主管|实施|执行|申报|预算|编制)(?:部门|单位)", "unit", 2),
    (
        r"(?:概况|概述|简介|依据|必要性|措施|计划|内容|属性|类型|类别|分类|性质|方式|明细|方案)$",
        "detail",
        1,
    ),
)
_KEYWORD_RULES: tuple[tuple[re.Pattern[str], HeaderField, int], ...] = tuple(
    (re.compile(pattern), field, rank) for pattern, field, rank in _KEYWORD_SOURCE
)


def _period_of(label: str) -> Period | None:
    if _MID_RE.search(label):
        return "mid"
    if _ANNUAL_RE.search(label):
        return "annual"
    return None


def _money_tag(text: str) -> str | None:
    for tag in _tags(text):
        match = _MONEY_TAG_RE.fullmatch(tag.strip())
        if match:
            return match.group(1)
    return None


@lru_cache(maxsize=8192)
def read_label(text: str) -> Label | None:
    """What a header cell labels, or None when it is not a label (a value, a sentence)."""
    label = label_key(text)
    if not label or _looks_like_value(label):
        return None
    raw = unicodedata.normalize("NFKC", clean(text))
    money_unit = _money_tag(raw)
    period = _period_of(label)
    found = HEADER_LABELS.get(label)
    if found is None and ("(专项)" in raw or "(项目)" in raw) and label.endswith("名称"):
        found = ("name", 1)
    if found is None and _SOURCE_RE.match(label):
        found = ("source", 0)
    if found is None and "(" in raw:
        # a tag inside the label (`部门(单位)名称`, `项目(专项)名称`): the label without it
        inner = normalize_label(_BRACKET_RE.sub("", raw))
        found = HEADER_LABELS.get(inner) if inner and inner != label else None
    inferred = False
    if found is None:
        found = _by_keywords(label)
        inferred = True
    if found is None and len(label) >= 5 and label[:-1] in HEADER_LABELS:
        found = HEADER_LABELS[label[:-1]]  # a stray character typed after a known label
    if found is None:
        return None
    field, rank = found
    if field == "total" and period == "mid":
        rank = max(rank, 2)
    return Label(field, rank, period if field in _PERIOD_FIELDS else None, money_unit, inferred)


_PERIOD_FIELDS = frozenset({"total", "fiscal", "other", "goals"})


#: Labels read by keywords are short: a longer cell that happens to end in 经费 or 计划 is text.
_KEYWORD_MAX = 12


#: A section heading of a narrative (`三、工作保障措施`), never a table's label.
_SECTION_RE = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]")


@lru_cache(maxsize=8192)
def _by_keywords(label: str) -> tuple[HeaderField, int] | None:
    if len(label) > _KEYWORD_MAX or _SECTION_RE.match(label):
        return None
    for pattern, field, rank in _KEYWORD_RULES:
        if pattern.search(label):
            return field, rank
    return None


#: A value rather than a label: it holds a number (not a year tag), or sentence punctuation.
_VALUE_RE = re.compile(r"[0-9]{3,}|[0-9][.．][0-9]|[，。；;,!?！？%“”\"]|^[0-9]")


def _looks_like_value(label: str) -> bool:
    stripped = re.sub(r"20[0-9]{2}年?度?", "", label)
    return bool(_VALUE_RE.search(stripped))


def header_label(text: str) -> tuple[HeaderField, int] | None:
    """The header field a cell labels (with its rank), or None when the cell is not a label."""
    found = read_label(text)
    return (found.field, found.rank) if found is not None else None


def inline_label(text: str) -> tuple[Label, str] | None:
    """A cell holding `label：value` (`项目名称：…`, `单位：万元`, `年度资金总额:50万`): the
    label and the raw value after the colon."""
    match = _COLON_RE.search(text)
    if match is None or match.start() > 4 * MAX_LABEL:
        return None
    found = read_label(text[: match.start()])
    value = text[match.end() :]
    if found is None or found.field in ("group", "plan", "ignored") or not clean(value):
        return None
    return found, value


# -- indicator-table columns ------------------------------------------------------------------

#: Indicator-table column labels (normalised) → field.
INDICATOR_LABELS: dict[str, IndicatorField] = {
    "一级指标": "level1",
    "一级": "level1",
    "一级指标名称": "level1",
    "二级指标": "level2",
    "二级": "level2",
    "二级指标名称": "level2",
    "三级指标": "name",
    "三级": "name",
    "三级指标名称": "name",
    "指标名称": "name",
    "具体指标": "name",
    "指标": "name",
    "绩效指标名称": "name",
    "绩效指标描述": "description",
    "指标描述": "description",
    "指标解释": "description",
    "指标说明及公式": "description",
    "预期目标": "value",
    "预期达到目标": "value",
    "指标内容": "description",
    "指标值内容": "description",
    "考核内容": "description",
    "绩效内容": "description",
    "指标说明": "description",
    "绩效指标说明": "description",
    "指标定义": "description",
    "指标值": "value",
    "目标值": "value",
    "年度指标值": "value",
    "年度目标值": "value",
    "指标目标值": "value",
    "绩效指标值": "value",
    "预期指标值": "value",
    "预期目标值": "value",
    "全年指标值": "value",
    "指标值确定依据": "basis",
    "指标值设定依据": "basis",
    "确定依据": "basis",
    "设定依据": "basis",
    "取值依据": "basis",
    "指标取值依据": "basis",
    "绩效标准": "basis",
    "评价标准": "basis",
    "指标值说明": "basis",
    "指标标准或依据": "basis",
    "指标依据": "basis",
    "计量单位": "unit",
    "度量单位": "unit",
    "单位": "unit",
    "指标性质": "operator",
    "计算符号": "operator",
    "符号": "operator",
    "比较符号": "operator",
    "比较符": "operator",
    "运算符号": "operator",
    "运算符": "operator",
    "指标方向": "operator",
    "分值": "score",
    "指标分值": "score",
    "权重": "score",
    "权重分值": "score",
    "分值权重": "score",
    "指标权重": "score",
    "指标值类型": "value_type",
    "指标类型": "value_type",
    "评分标准": "scoring",
    "评(扣)分标准": "scoring",
    "评扣分标准": "scoring",
    "扣分标准": "scoring",
    "评(扣分标准": "scoring",
    "评分规则": "scoring",
    "备注": "extra",
    "数据来源": "extra",
    "说明": "extra",
}

#: Column labels of values from before the target year (a 上年 column beside the target).
_HISTORY_RE = re.compile(r"实际|上年|历史|基期|现状|当前|已完成|完成值")
#: Words naming a target value, and a value of the past.
_TARGET_VALUE_WORDS = ("指标值", "目标值", "实现值", "预期值", "预计值", "计划值")
_PAST_VALUE_WORDS = ("完成值", "实际值", "历史值", "基期值", "现状值", "当前值")
#: Labels of a column group (中期/年度 …) or of the value under 指标值 (`预期2022年实现值`).
_VALUE_WORDS_RE = re.compile("|".join((*_TARGET_VALUE_WORDS, *_PAST_VALUE_WORDS)))
#: A label ending in a target's value word names a value column even after a known prefix
#: (`三级指标值`, `年度数值`).
_ENDS_IN_VALUE_RE = re.compile(f"(?:{'|'.join((*_TARGET_VALUE_WORDS, '数值'))})$")
#: How a row is scored (`计分方法`, `评分办法`): the scoring column, data never checked.
_SCORING_RE = re.compile(r"(?:评|计|扣)分(?:方法|办法|规则|细则)$")


@lru_cache(maxsize=8192)
def read_column(text: str) -> Column | None:
    """What an indicator-table column label means, or None when it is not one we know."""
    raw = unicodedata.normalize("NFKC", clean(text))
    if not raw or len(raw) > 4 * MAX_LABEL:
        return None
    tags = _tags(raw)
    period: Period | None = None
    for tag in tags:
        period = period or _period_of(tag)
    label = label_key(text)
    if not label:
        return None
    field = INDICATOR_LABELS.get(label)
    if field is None and label.startswith("绩效") and len(label) > 4:
        field = INDICATOR_LABELS.get(label[2:])  # budget systems' 绩效指标性质, 绩效度量单位
    if field is None and "(" in raw:
        field = INDICATOR_LABELS.get(normalize_label(_BRACKET_RE.sub("", raw))) or (
            INDICATOR_LABELS.get(normalize_label(re.sub(r"[()]", "", raw)))
        )
    if field is None:
        field = _column_by_keywords(label)
    if field is None:
        return None
    if field in ("value", "history") and period is None:
        period = _period_of(label)
    return Column(field, period)


#: Column labels that start with a known one and say a little more (`三级指标内容`,
#: `指标值及单位`, `指标值(包含数字及文字描述)`).
_COLUMN_PREFIXES: tuple[tuple[str, IndicatorField], ...] = (
    ("一级指标", "level1"),
    ("二级指标", "level2"),
    ("三级指标", "name"),
    ("指标值及", "value"),
)


def _column_by_keywords(label: str) -> IndicatorField | None:
    if _ENDS_IN_VALUE_RE.search(label):
        return "history" if _HISTORY_RE.search(label) else "value"
    if _SCORING_RE.search(label):
        return "scoring"
    for prefix, found in _COLUMN_PREFIXES:
        if label.startswith(prefix) and len(label) <= len(prefix) + 4:
            return found
    if label.endswith("依据") or (label.endswith("标准") and "评" not in label):
        return "basis"
    if _VALUE_WORDS_RE.search(label):
        return "history" if _HISTORY_RE.search(label) else "value"
    if re.fullmatch(r"(?:中期|长期|年度|实施期)(?:指标值|目标值)?", label):
        return "value"  # a group's value column under a spanning 指标值
    return None


def is_sub_label(text: str) -> bool:
    """A cell of a second header row under a spanning label: `2021年实际实现值`, `年度`,
    `中期目标`, `预期2022年实现值`."""
    raw = unicodedata.normalize("NFKC", clean(text))
    if not raw or len(raw) > MAX_LABEL:
        return False
    return bool(
        _VALUE_WORDS_RE.search(raw)
        or _HISTORY_RE.search(raw)
        or re.fullmatch(r"(?:20[0-9]{2}年?度?)?(?:中期|长期|年度|当年|实施期)(?:目标|指标)?", raw)
    )


# -- titles and footers -----------------------------------------------------------------------

#: The title of a target table (in a paragraph or a table row merged across): 项目支出绩效目标表,
#: 绩效目标申报表, 绩效目标批复表, 部门整体支出绩效目标表, 专项资金绩效目标表 …
_TITLE_RE = re.compile(
    r"绩效(?:目标|指标)(?:申报|批复|审核|公开)?表|目标(?:申报|批复)表|绩效表"
    r"|(?:部门|单位)(?:\(单位\)|（单位）)?整体(?:支出)?绩效目标$"
)
_MINOR_TITLE_RE = re.compile(
    r"^(?:附件|附表)\s*[0-9一二三四五六七八九十]{0,3}[:：]?$"
    r"|^表[0-9一二三四五六七八九十]{1,4}$"
    r"|^[(（]?\s*20[0-9]{2}\s*年度?\s*[)）]?$"
)
_FOOTER_RE = re.compile(
    r"盖章|签字|签章|填报人|审核人|负责人签|年\s+月\s+日|填表日期|填报日期"
    r"|(?:初审|审核|审批|复核|审定)意见$"
)


def is_target_title(text: str) -> bool:
    """A title naming a target table (`…项目支出绩效目标表`, `绩效目标申报表`, `(2022年度)` is not)."""
    body = clean(text)
    return 0 < len(body) <= 120 and bool(_TITLE_RE.search(body))


def is_minor_title(text: str) -> bool:
    """`附件3`, `表十二`, `(2022年度)`, `2021年`: a row or line that only marks a table."""
    return bool(_MINOR_TITLE_RE.match(unicodedata.normalize("NFKC", clean(text))))


def is_footer(text: str) -> bool:
    """A signature or stamp row (`财政资金管理科室(盖章) 年 月 日`, `项目责任人(签字)`), its
    words also when spaced out as forms print them (`签  字`, `审 核 意 见`)."""
    return len(text) <= 200 and bool(_FOOTER_RE.search(text) or _FOOTER_RE.search(clean(text)))


TableKind = Literal["project", "department", "transfer_payment", "special_fund"]


def table_kind(title: str) -> TableKind | None:
    """What a target table is for, by its title (None when the title does not say)."""
    body = clean(title)
    if not body:
        return None
    if re.search(r"(?:部门|单位)(?:\(单位\)|（单位）)?整体", body):
        return "department"
    if "转移支付" in body:
        return "transfer_payment"
    if re.search(r"专项|预算内投资", body):
        return "special_fund"
    if "项目" in body or _TITLE_RE.search(body):
        return "project"
    return None
