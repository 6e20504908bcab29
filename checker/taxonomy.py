"""The indicator taxonomy (domain.md §3): 一级/二级 names normalised to one vocabulary.

Names are accepted with or without the trailing 指标, with tags such as `(必填)`, `(0-20)分`,
`产出指标(40-50)分`, `（30分）` or `★`, with numbering prefixes (`指标1:`, `1.`, `一、`) and with
spaces or line breaks inside (`产 出 指 标`, `绩\\n效\\n指\\n标`); the names of other templates are
mapped (`项目完成指标` and `预期产出指标` are 产出, `社会、经济、生态效益指标` is 效益, 环境效益 is
生态效益). Rules compare canonical names only, so `产出指标`, `产出` and `产出指标(必填)` are one
thing to every rule.

Three layouts besides the seed's (财预〔2013〕53号: 成本 under 产出) are read onto the same
taxonomy by `classify`, a pure function of the two names:

- 财预〔2021〕101号: 成本 as its own 一级 (经济/社会/生态环境成本) — it is in `TAXONOMY`;
- 财预〔2015〕88号: the 满意度 二级 written under 效益 (`效益指标 / 社会公众或服务对象满意度指标`) —
  such a row is a 满意度 row (`SATISFACTION_UNDER_BENEFIT`);
- the 发改 中央预算内投资计划 template: one 一级 `实施效果指标` holding 产出指标/效益指标 as its
  二级 (`TEMPLATE_GROUPS`) — the written 二级 is then the row's 一级, and its 二级 is read from
  the 三级 name (`infer_place`); its second 一级 `过程管理指标` (计划/资金/项目管理, 监督检查)
  is a class of that template only (`TEMPLATE_CLASSES`).

A row whose 一级 is blank but whose 二级 has one parent (数量 → 产出) is placed by the 二级. A row
with no usable level at all is placed by its 三级 name, description and value (`infer_place`,
with the word table `ROW_WORDS` below); every such place is marked (`Classified.inferred`), so
that the rules can say so. Which rows of a table are placed that way, and whether that is the
department's omission or the table's layout, is decided per table (`rules.coverage`).

Why the word lists are a table here and not a policy parameter: a row's place is one shared fact
that C001–C007 and the cost rules B003–B005 must agree on (it is computed once per project,
before and without any rule's parameters); a parameter of one rule would let C002 and B003 read
the same row differently. Like `SYNONYMS` here and the unit classes of `checker.values`, it is
vocabulary, not a requirement: what a policy decides — which classes a table must have, at what
severity, which templates relax that (C002/C004 `templates`), which further 二级 are allowed
(C005 `extra`) — stays in the rules' parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from checker.values import CACHE_SIZE, clean

#: Canonical 一级 → its allowed canonical 二级 (older layout: 成本 under 产出).
TAXONOMY: dict[str, tuple[str, ...]] = {
    "产出": ("数量", "质量", "时效", "成本"),
    "成本": ("经济成本", "社会成本", "生态环境成本"),
    "效益": ("经济效益", "社会效益", "生态效益", "可持续影响"),
    "满意度": ("服务对象满意度", "社会公众满意度", "社会公众或服务对象满意度"),
}

#: Canonical 二级 → its one 一级 (every 二级 of `TAXONOMY` has exactly one).
PARENT: dict[str, str] = {level2: level1 for level1, names in TAXONOMY.items() for level2 in names}

#: Written names (after cleaning, without 指标) that mean a canonical name.
SYNONYMS: dict[str, str] = {
    "产出": "产出",
    "项目产出": "产出",
    "预期产出": "产出",
    "项目完成": "产出",
    "成本": "成本",
    "项目成本": "成本",
    # the cost slot of templates that cap the spending (`预算(或投资规模)控制指标`)
    "成本控制": "成本",
    "预算控制": "成本",
    "投资控制": "成本",
    "投资规模控制": "成本",
    "费用控制": "成本",
    "效益": "效益",
    "效果": "效益",
    "项目效益": "效益",
    "预期效益": "效益",
    "预期效果": "效益",
    "满意度": "满意度",
    "满意": "满意度",
    "数量": "数量",
    "质量": "质量",
    "时效": "时效",
    "进度": "时效",
    "时效性": "时效",
    "产出成本": "成本",
    "时间": "时效",
    "经济成本": "经济成本",
    "社会成本": "社会成本",
    "生态环境成本": "生态环境成本",
    "环境成本": "生态环境成本",
    "生态成本": "生态环境成本",
    "经济效益": "经济效益",
    "社会效益": "社会效益",
    "生态效益": "生态效益",
    "环境效益": "生态效益",
    "生态环境效益": "生态效益",
    # the same classes named by their 效果 (经济效果指标), as 效果 names 效益 as a 一级
    "经济效果": "经济效益",
    "社会效果": "社会效益",
    "生态效果": "生态效益",
    "环境效果": "生态效益",
    "可持续效益": "可持续影响",
    "可持续性": "可持续影响",
    "可持续影响力": "可持续影响",
    "可持续影响": "可持续影响",
    "可持续发展": "可持续影响",
    "可持续性影响": "可持续影响",
    "可持续发展影响": "可持续影响",
    "可持续性发展影响": "可持续影响",
    "服务对象满意度": "服务对象满意度",
    "受益对象满意度": "服务对象满意度",
    "受益者满意度": "服务对象满意度",
    "受益群众满意度": "服务对象满意度",
    "服务对象满意程度": "服务对象满意度",
    "社会公众满意程度": "社会公众满意度",
    "服务对象或受益者满意度": "服务对象满意度",
    "受益者或服务对象满意度": "服务对象满意度",
    "社会公众满意度": "社会公众满意度",
    "社会公众或服务对象满意度": "社会公众或服务对象满意度",
    "服务对象或社会公众满意度": "社会公众或服务对象满意度",
}

#: A 一级 of a template that holds 一级 names as its 二级 → the template it names. The 发改
#: 中央预算内投资计划绩效目标表 has one 一级 `实施效果指标` over 产出指标 and 效益指标.
TEMPLATE_GROUPS: dict[str, str] = {"实施效果": "发改 中央预算内投资计划绩效目标表"}

#: A 一级 of a template's own, outside the taxonomy, with its 二级: the same 发改 template's
#: `过程管理指标` measures how the investment plan is run. Rows there are in their place (no
#: C005), and count for none of the taxonomy's classes.
TEMPLATE_CLASSES: dict[str, tuple[str, ...]] = {
    "过程管理": ("计划管理", "资金管理", "项目管理", "监督检查"),
}

#: 财预〔2015〕88号 layout: the 满意度 二级 sit under 效益; such a row is a 满意度 row.
SATISFACTION_UNDER_BENEFIT: frozenset[str] = frozenset(TAXONOMY["满意度"])

#: The parts a combined 效益 一级 lists (`社会、经济、生态效益指标`, `社会效益、经济效益、生态效益指标`).
_BENEFIT_PARTS = ("社会", "经济", "生态", "环境", "效益", "可持续影响")
_LIST_SEPARATORS = "、,，;；/及和与"

#: Where a row goes when nothing more specific is known, by the words of its 三级 name (then of
#: its description): (一级, 二级, words). The word that ends last in the text wins (Chinese
#: indicator names put their head last: 竣工验收合格率 is a 合格率, 开工时限 a 时限), then the
#: longer word (及时完成率 is 时效, not a 完成率); any 满意 makes a satisfaction row. Used only
#: where a row's levels are blank or name a group (实施效果), never over levels that are written.
ROW_WORDS: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (level1, level2, tuple(words.split()))
    for level1, level2, words in (
        ("产出", "成本", "成本 费用 经费 补助标准 补贴标准 单价 造价 单位投资 支出标准"),
        (
            "产出",
            "时效",
            "及时 按时 准时 按期 按月 按季 时效 时限 期限 时间 工期 周期 进度 开工 竣工 完工 "
            "当年 及时率 及时完成率 按时完成率 按期完成率",
        ),
        (
            "产出",
            "质量",
            "质量 合格 达标 验收 合规 准确 正确 成活率 完好率 优良率 通过率 完成率 达标率 "
            "合格率 规范",
        ),
        (
            "产出",
            "数量",
            "数量 人数 个数 户数 次数 家数 人次 场次 批次 面积 长度 里程 规模 台数 套数 件数 数目",
        ),
        (
            "效益",
            "经济效益",
            "收入 增收 创收 产值 利润 税收 营业额 销售额 增加值 经济效益 经济发展 经济增长 "
            "营商环境",
        ),
        (
            "效益",
            "生态效益",
            "生态 环境 环保 排放 减排 污染 节能 能耗 绿化 水质 空气 粪污 污水 废水 废弃物 "
            "垃圾 资源化 综合利用",
        ),
        (
            "效益",
            "社会效益",
            "社会 群众 保障 促进 民生 就业 权益 和谐 公共服务 生活水平 受益 人居环境",
        ),
        ("效益", "可持续影响", "可持续 长效 长期 持续"),
    )
)

#: The one word that makes any row a satisfaction row.
SATISFACTION_WORD = "满意"

#: Where a row goes by its value when its words say nothing: the value's kind (`date`, `period`)
#: or its unit's class (`checker.values.UNIT_CLASSES`). A percent says nothing (rates are
#: quality, timeliness, benefit or satisfaction alike).
VALUE_PLACES: dict[str, tuple[str, str]] = {
    "count": ("产出", "数量"),
    "area": ("产出", "数量"),
    "length": ("产出", "数量"),
    "money": ("产出", "成本"),
    "unit_cost": ("产出", "成本"),
    "date": ("产出", "时效"),
    "period": ("产出", "时效"),
    "duration": ("产出", "时效"),
}

#: The 二级 of a row whose 一级 is known but whose 三级 says nothing more specific. 产出 has none:
#: a row that is neither a count, a quality, a deadline nor a cost must not stand in for one.
DEFAULT_LEVEL2: dict[str, str] = {
    "效益": "社会效益",
    "满意度": "服务对象满意度",
    "成本": "经济成本",
}

#: The order of the classes in a template, for a table cut short (`Reading.cut`): what would
#: come after the last row read is not there to judge. ("效益", "") stands for any 效益 二级.
TEMPLATE_ORDER: dict[str, tuple[tuple[str, str], ...]] = {
    # 财预〔2013〕53号 (the seed's layout) and the 发改 template: 成本 under 产出.
    "2013": (
        ("产出", "数量"),
        ("产出", "质量"),
        ("产出", "时效"),
        ("产出", "成本"),
        ("效益", ""),
        ("满意度", ""),
    ),
    # The 发改 中央预算内投资计划 template (一级 实施效果指标): 产出 and 效益 only, by design.
    "实施效果": (
        ("产出", "数量"),
        ("产出", "质量"),
        ("产出", "时效"),
        ("效益", ""),
    ),
    # 财预〔2021〕101号: 成本 as its own 一级, before 产出.
    "2021": (
        ("成本", ""),
        ("产出", "数量"),
        ("产出", "质量"),
        ("产出", "时效"),
        ("效益", ""),
        ("满意度", ""),
    ),
}

_TAG_RE = re.compile(
    r"[（(【\[][^（）()【】\[\]]*[)）】\]]"  # a bracketed tag: `(必填)`, `（30分）`
    r"|★|☆|\*+"
    r"|(?<![0-9])[0-9]+(?:[-~～][0-9]+)?分"  # `40-50分`; starts only where a digit run starts
)
#: A score range in brackets followed by 分, as in `产出指标(40-50)分` (text without whitespace).
_SCORE_RE = re.compile(r"[（(][0-9０-９][0-9０-９.．~～\-—–]*[)）]分(?![\u4e00-\u9fff])")
#: A numbering prefix: `指标1:`, `1.`, `一、` (`（一）` is a bracketed tag already).
_PREFIX_RE = re.compile(
    r"^(?:指标[0-9０-９]{1,3}|[0-9０-９]{1,3}[.．、](?![0-9０-９])|[一二三四五六七八九十]{1,3}[、.．])"
    r"[:：]?"
)


#: A level cell holding only a template's "more rows here" mark (`…`, `...`, `**`): no name.
_PLACEHOLDER_ONLY_RE = re.compile(r"[…．.。*＊·]+")


@lru_cache(maxsize=CACHE_SIZE)
def strip_tags(name: str) -> str:
    """`产出指标(必填硬性指标)` → `产出指标`; `★数量指标` → `数量指标`."""
    return _TAG_RE.sub("", name)


@lru_cache(maxsize=CACHE_SIZE)
def label_text(name: str | None) -> str:
    """A name as the taxonomy reads it: whitespace, numbering prefixes and tags removed.

    `产 出 指 标` → `产出指标`; `指标1:资金使用率` → `资金使用率`; `养殖动物成活率(目标)` → `养殖动物成活率`.
    """
    text = _SCORE_RE.sub("", _PREFIX_RE.sub("", clean(name), count=1))
    text = clean(strip_tags(text))
    return "" if _PLACEHOLDER_ONLY_RE.fullmatch(text) else text


def _combined_benefit(text: str) -> bool:
    """`社会、经济、生态效益` and `社会效益、经济效益、生态效益`: several 效益 kinds listed as one 一级."""
    if not text.endswith("效益"):
        return False
    parts = 0
    at = 0
    while at < len(text):
        if text[at] in _LIST_SEPARATORS:
            at += 1
            continue
        for part in _BENEFIT_PARTS:
            if text.startswith(part, at):
                at += len(part)
                parts += part != "效益"
                break
        else:
            return False
    return parts >= 2


@lru_cache(maxsize=CACHE_SIZE)
def canonical(name: str | None) -> str:
    """The canonical taxonomy name of a written 一级/二级 name, or the cleaned name itself.

    The trailing 指标 (类指标, and some templates' 目标, 类 or 值) is optional: `数量指标`,
    `数量目标`, `数量值` and `数量` are the same 二级.
    """
    text = label_text(name)
    for suffix in ("类指标", "指标", "目标", "类"):  # `产出目标`, `效益类`: other templates' words
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    else:
        # `产出值`, `经济效益值`: a template naming its classes by their value; only a known
        # class loses the 值 (`产值` is a measure of its own)
        if text.endswith("值") and (SYNONYMS.get(text[:-1]) or _by_head(text[:-1])):
            text = text[:-1]
    found = SYNONYMS.get(text) or _by_head(text)
    if found is None and text.startswith(("项目", "绩效")) and len(text) > 3:
        found = SYNONYMS.get(text[2:])  # `绩效产出`, `项目效果`
    if found is not None:
        return found
    return "效益" if _combined_benefit(text) else text


#: A 二级 named by what it qualifies and a standard head (`工程质量`, `服务质量`, `产出数量`):
#: the head is the class. Only short qualifiers: a longer text is a 三级 name, not a class.
_HEADS = ("数量", "质量", "时效")
#: Other names of a class, by their word (`工期指标`, `建设规模指标`, `及时性指标`).
_HEAD_WORDS = {"工期": "时效", "及时性": "时效", "规模": "数量", "建设规模": "数量"}
_PUBLIC_RE = re.compile(r"公众|群众|社会|居民|市民")


def _by_head(text: str) -> str | None:
    """The class of a 二级 that a template names its own way, by the word it ends with."""
    if text in _HEAD_WORDS:
        return _HEAD_WORDS[text]
    for head in _HEADS:
        if text.endswith(head) and 2 <= len(text) - len(head) <= 4:
            return head
    if text.endswith("满意度") and 1 <= len(text) - 3 <= 6:
        # 群众满意度, 学生满意度, 使用者满意度: the 满意度 二级 of the public or of those served
        return "社会公众满意度" if _PUBLIC_RE.search(text[:-3]) else "服务对象满意度"
    return None


#: How a row's place was found: `""` as written; `level1` the 一级 from the written 二级;
#: `level2` the 二级 from the 三级 (under a written 一级 or a template group's 二级); `both` both
#: levels from the 三级 name, description and value.
Inferred = Literal["", "level1", "level2", "both"]


@dataclass(frozen=True, slots=True)
class Classified:
    """An indicator row's place in the taxonomy."""

    level1: str
    level2: str
    level1_known: bool
    level2_allowed: bool
    #: Which levels are not as written (see `Inferred`).
    inferred: Inferred = ""
    #: The place (or its 二级) was read from the 三级 name, description or value.
    by_name: bool = False
    #: The word or unit that decided an inferred place (`人数`, `万元`), else "".
    evidence: str = ""
    #: The template group the written 一级 names (`实施效果`), else "".
    template: str = ""

    @property
    def is_cost(self) -> bool:
        """成本 under 产出 (older layout) or 成本 as its own 一级 (2021 layout)."""
        return (self.level1 == "产出" and self.level2 == "成本") or self.level1 == "成本"

    @property
    def is_satisfaction(self) -> bool:
        return self.level1 == "满意度"

    @property
    def is_benefit(self) -> bool:
        return self.level1 == "效益"

    @property
    def label(self) -> str:
        """`产出指标/数量指标`, as a reviewer writes the place; `产出指标/—` when the 二级 is open."""
        if not self.level1:
            return "—"
        return f"{self.level1}指标/{self.level2 + '指标' if self.level2 else '—'}"


@lru_cache(maxsize=CACHE_SIZE)
def classify(level1: str | None, level2: str | None) -> Classified:
    """Where a row with these 一级/二级 names sits in the taxonomy.

    Besides the names of §3: a blank 一级 is the written 二级's parent (`inferred="level1"`); a
    二级 that repeats its 一级 is no 二级 (`inferred="level2"`, filled from the 三级); a
    满意度 二级 under 效益 (财预〔2015〕88号 layout) is a 满意度 row; under a template group
    (`实施效果`) the written 二级 is the 一级 and the 二级 is left open (`inferred="level2"`, filled
    from the 三级 by `infer_place`).
    """
    l1 = canonical(level1)
    l2 = canonical(level2)
    if l1 in TAXONOMY:
        if l2 in TAXONOMY[l1]:
            return Classified(l1, l2, True, True)
        if l2 == l1:
            # the 二级 repeats its 一级 (满意度指标 | 满意度指标): no 二级 written, left open
            return Classified(l1, "", True, False, inferred="level2")
        if l1 == "效益" and l2 in SATISFACTION_UNDER_BENEFIT:
            return Classified("满意度", l2, True, True)
        return Classified(l1, l2, True, False)
    if l1 in TEMPLATE_CLASSES:
        return Classified(l1, l2, True, l2 in TEMPLATE_CLASSES[l1], template=l1)
    if l1 in TEMPLATE_GROUPS:
        if l2 in TAXONOMY:
            return Classified(l2, "", True, False, inferred="level2", template=l1)
        if l2 in PARENT:
            return Classified(PARENT[l2], l2, True, True, inferred="level1", template=l1)
        return Classified(l1, l2, False, False, template=l1)
    if not l1 and l2 in PARENT:
        return Classified(PARENT[l2], l2, True, True, inferred="level1")
    return Classified(l1, l2, False, False)


def value_hint(kind: str, unit_class: str) -> str:
    """What a parsed value says of a row's place: its kind (`date`, `period`) or its unit class."""
    if kind in ("date", "period"):
        return kind
    return unit_class if kind == "quantity" else ""


@lru_cache(maxsize=CACHE_SIZE)
def _word_place(text: str, within: str) -> tuple[str, str, str] | None:
    """(一级, 二级, word) of the word in `text` that decides the place (see `ROW_WORDS`)."""
    if SATISFACTION_WORD in text and within in ("", "满意度", "效益"):
        return "满意度", DEFAULT_LEVEL2["满意度"], SATISFACTION_WORD
    best: tuple[int, int, str, str, str] | None = None
    for level1, level2, words in ROW_WORDS:
        if within and level1 != within:
            continue
        for word in words:
            at = text.rfind(word)
            if at < 0:
                continue
            key = (at + len(word), len(word))
            if best is None or key > best[:2]:
                best = (key[0], key[1], level1, level2, word)
    return None if best is None else best[2:]


@lru_cache(maxsize=CACHE_SIZE)
def infer_place(
    name: str, description: str, hint: str, unit: str, within: str = ""
) -> tuple[str, str, str] | None:
    """(一级, 二级, evidence) a row's 三级 name, description and value suggest, or None.

    The words of the name decide first (`ROW_WORDS`), then those of the description, then the
    value (`VALUE_PLACES`, by `hint` from `value_hint`; `unit` as written is the evidence).
    `within` keeps the place under one 一级 (the written one, or a template group's 二级); a
    row under a known 一级 its 三级 says nothing about takes `DEFAULT_LEVEL2`. Cost is placed
    under 产出 (the caller moves it to 一级 成本 in a 2021-layout table).
    """
    for text in (label_text(name), label_text(description)):
        if text:
            found = _word_place(text, within)
            if found is not None:
                return found
    place = VALUE_PLACES.get(hint)
    if place is not None and (not within or place[0] == within):
        return place[0], place[1], unit or hint
    if within in DEFAULT_LEVEL2:
        return within, DEFAULT_LEVEL2[within], ""
    return None


@lru_cache(maxsize=256)
def template_position(level1: str, level2: str, cost_first: bool) -> int | None:
    """Where a class comes in the template's order (`TEMPLATE_ORDER`), or None if not in it."""
    order = TEMPLATE_ORDER["2021" if cost_first else "2013"]
    if level1 == "成本" or (level1 == "产出" and level2 == "成本"):
        key = ("成本", "") if cost_first else ("产出", "成本")
    elif level1 == "产出":
        key = (level1, level2)
    else:
        key = (level1, "")
    try:
        return order.index(key)
    except ValueError:
        return None
