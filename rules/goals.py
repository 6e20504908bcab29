"""G — goals and relevance (相关性): do the goals, the use of funds and the indicators agree?

All heuristics, and conservative: warning or info, never error (domain.md §6). Each word list
is a policy parameter; the defaults are chosen so that the seed's clean tables stay quiet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from itertools import chain

from pydantic import Field, field_validator

from checker.model import Document, Indicator, Project
from checker.patterns import Pattern, compile_pattern
from checker.rule import (
    DocumentContext,
    Hit,
    Params,
    ProjectContext,
    Rule,
    regex_patterns,
    rule,
)
from checker.taxonomy import Classified, strip_tags
from checker.values import WAN_PER_UNIT, ParsedValue, clean, parse_value, squeeze, unit_class
from rules.coverage import cut_short

_BASIS_RELEVANCE = "财预〔2015〕88号：绩效目标审核——相关性"
_BASIS_SPECIFIC = "财预〔2015〕88号：绩效目标要求——指向明确、细化量化"

_NUMBERING_RE = re.compile(r"^\s*[（(]?\s*[0-9一二三四五六七八九十]{1,3}\s*[.、．)）]\s*")
_CLAUSE_RE = re.compile(r"[，,；;。！!？?、\s]+")


def strip_numbering(text: str) -> str:
    """`1.完成…` → `完成…`; `（二）…` → `…`."""
    return _NUMBERING_RE.sub("", text, count=1)


@lru_cache(maxsize=1 << 12)
def goal_lines(goals: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """Each goal line (a goal cell may hold several numbered lines), numbering stripped, with
    the index of its goal. Cached: a batch repeats the same goals many times."""
    return tuple(
        (index, text)
        for index, goal in enumerate(goals)
        for line in (goal or "").splitlines()
        if (text := strip_numbering(squeeze(line)))
    )


# --- G001 ----------------------------------------------------------------------------------


class GoalNumbersParams(Params):
    """Parameters of G001."""

    units: tuple[str, ...] = Field(
        (
            "%",
            "％",
            "百分比",
            "万元",
            "亿元",
            "元",
            "家",
            "项",
            "个",
            "次",
            "人次",
            "人",
            "户",
            "座",
            "辆",
            "台",
            "套",
            "件",
            "场",
            "所",
            "处",
            "亩",
            "公里",
            "平方米",
            "吨",
            "天",
            "个月",
        ),
        description="units after a number that make it a promise (years, 年, are not promises)",
    )


_QuantityKey = tuple[str, Decimal]


def _quantity_key(parsed: ParsedValue) -> _QuantityKey | None:
    """A comparable form: percent, money in 万元, or base unit and scaled number."""
    if parsed.kind != "quantity" or parsed.number is None:
        return None
    if parsed.unit_class == "percent":
        return ("percent", parsed.number.normalize())
    if parsed.unit_class == "money":
        amount = parsed.number * WAN_PER_UNIT.get(parsed.unit, Decimal(1))
        return ("money", amount.normalize())
    if parsed.scaled_number is None:
        return None
    return (parsed.base_unit, parsed.scaled_number.normalize())


@lru_cache(maxsize=16)
def _quantity_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    """A number followed by one of `units` (the longest unit first)."""
    alternation = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(
        rf"(?<![0-9.．])([0-9]+(?:[.．][0-9]+)?)\s*(万(?=人|户|家|亩|吨)|)({alternation})"
    )


@lru_cache(maxsize=1 << 14)
def _quantities(text: str, units: tuple[str, ...]) -> tuple[tuple[str, _QuantityKey], ...]:
    if not units:
        return ()
    pattern = _quantity_pattern(units)
    found = []
    for match in pattern.finditer(text):
        written = match.group(0)
        key = _quantity_key(parse_value(written))
        if key is not None:
            found.append((written, key))
    return tuple(found)


@lru_cache(maxsize=1 << 14)
def _promised(goal: str, units: tuple[str, ...]) -> tuple[tuple[str, _QuantityKey], ...]:
    """The quantities a goal cell promises, read line by line with the numbering stripped."""
    text = "\n".join(strip_numbering(line) for line in (goal or "").splitlines())
    return _quantities(text, units)


#: Words before a goal's number that make it a floor (`不低于中央投资30%`), within its clause.
_FLOOR_RE = re.compile(r"(?:不低于|不少于|至少|高于|超过|≥|>=)[^，,。；;、\n]{0,12}$")


def _floor_met(goal: str, written: str, key: _QuantityKey, floors: list[_QuantityKey]) -> bool:
    """A goal promising at least a figure (`不低于…30%`) is measured by a value as high or
    higher of the same kind (`≥32.68%`)."""
    at = goal.find(written)
    if at < 0 or _FLOOR_RE.search(goal[max(0, at - 16) : at]) is None:
        return False
    return any(kind == key[0] and number >= key[1] for kind, number in floors)


@rule(
    "G001",
    "goal-numbers-in-indicators",
    category="goals",
    severity="warning",
    basis=_BASIS_RELEVANCE,
    title=("目标中承诺的数字有对应指标", "numbers promised in the goal have an indicator"),
    message=(
        "绩效目标承诺了“{promised}”，但没有指标的指标值与之对应；请把承诺设为指标，或修改目标",
        "the goal promises {promised_en} but no indicator has that value; make the promise an "
        "indicator or correct the goal",
    ),
    advice=(
        "增加一个指标值为“{promised}”的指标，或把目标改成与现有指标一致",
        "add an indicator whose value is {promised_en}, or align the goal with the indicators",
    ),
    params=GoalNumbersParams,
)
def goal_numbers_in_indicators(
    project: Project, ctx: ProjectContext[GoalNumbersParams]
) -> Iterator[Hit]:
    """绩效目标中写出的数字或百分比应在某个指标中出现。

    检查：取绩效目标中带单位（策略参数 units：%、万元、家、项、次……；年份不算）的数字，
    与各指标的指标值（以及三级指标名称和描述中的数字）比较；数值和单位类别都相同才算对应
    （6万人 = 60000人，百分比与百分比比较）。序号“1.”不算。文件在表格中途结束的（S009）不检查：
    衡量该承诺的指标可能在缺失的部分里。
    原因：目标中承诺的量化结果若没有指标衡量，评价时无从判断是否实现，目标与指标不相关。
    示例：绩效目标写“对符合条件的项目支持率达100%”，而各指标值只有 ≥5家、≥95%、≤12个月。
    修改：为目标中承诺的数字增加一个指标值与之相同的指标，或把目标改成与指标一致。
    ---
    What: takes each number with a unit (the `units` parameter: %, 万元, 家, 项, 次 …; years do
    not count) written in the goals and looks for an indicator with the same value (in its 指标值,
    or written in its name or description): same number and same kind of unit (6万人 = 60000人).
    Goal numbering (1.) is ignored. A table the file cuts short (S009) is not checked: the
    indicator that measures a promise may be in the missing part.
    Why: a quantified promise that no indicator measures cannot be evaluated; goal and indicators
    are then not related.
    Example: the goal says 对符合条件的项目支持率达100% while the values are ≥5家, ≥95%, ≤12个月.
    Fix: add an indicator whose value is the number the goal promises, or align the goal.
    """
    if cut_short(ctx.facts.places):
        return  # the indicators that would measure a promise may be in the missing part
    units = ctx.params.units
    promised = [_promised(goal, units) for goal in project.goals]
    if not any(promised):
        return  # the common case: no goal promises a number, so no indicator need be read
    measured: set[_QuantityKey] = set()
    floors: list[_QuantityKey] = []  # values at least as high as written (≥32.68%, =40%)
    for row, texts in zip(project.indicators, ctx.facts.row_texts, strict=True):
        key = _quantity_key(row.parsed)
        if key is not None:
            measured.add(key)
            if row.parsed.comparator in ("≥", ">", "=") and row.parsed.upper is None:
                floors.append(key)
        for text in texts:
            measured.update(k for _, k in _quantities(text, units))
    for index, quantities in enumerate(promised):
        missing: list[str] = []
        for written, key in quantities:
            if key in measured or written in missing:
                continue
            if _floor_met(project.goals[index], written, key, floors):
                continue
            missing.append(written)
        if missing:
            yield ctx.hit(
                f"/goals/{index}",
                promised="”“".join(missing),
                promised_en=", ".join(missing),
            )


# --- G002 ----------------------------------------------------------------------------------


class ProcessGoalParams(Params):
    """Parameters of G002."""

    process: tuple[str, ...] = Field(
        (
            "专款专用",
            "(及时|按时|足额)(拨付|发放|下达)",
            "拨付到位",
            "资金(使用)?安全",
            "规范(使用|管理)",
            "(保证|确保|保障).{0,12}(顺利|正常|有序)(开展|进行|运转|运行)",
            "(保证|确保|保障).{0,10}职能.{0,4}(实现|履行|发挥)",
            "(保证|确保|保障).{0,8}(人员|工资|办公|运转|运行)?经费",
            "(完成|落实).{0,16}(经费|资金)(预算)?(安排|拨付|支出)$",
            "(保证|确保|保障).{0,16}(延续|运转|运行)$",
            "(保证|确保|保障).{0,16}发挥.{0,6}作用$",
            # a goal that only states the money and what it pays for (本年申请372万元,用于弥补公用
            # 经费不足,主要用于物业费、冬季采暖费…): inputs, not what they achieve
            "^(本年度?|今年|年度|全年|当年)?(申请|安排|拨付|下达|投入|预算)(资金|经费)?[0-9.]+万?元$",
            "^(主要)?(用于|支付|包括)[^0-9]{0,30}(费|经费|工资|薪酬|补贴|补助|不足|缺口)等?(支出|开支)?$",
            "^[^0-9]{1,12}(费|经费|工资)等?$",
            # a goal that only cites the notices it follows (根据《…》等文件要求完成绩效目标)
            "^(根据|按照|依据)?《[^》]{1,80}》$",
            "^(根据|按照|依据)?(《[^》]{1,80}》)?等?(相关)?(文件|通知|方案|政策)?的?(要求|精神|规定)?"
            "(完成|实现)(各项|全部)?(绩效|年度|工作)?(目标|任务)$",
        ),
        description="regular expressions of process clauses (how money is handled, not what it "
        "achieves); a goal whose every clause matches one states only process",
    )

    _check = field_validator("process")(regex_patterns)


@lru_cache(maxsize=16)
def _compiled(patterns: tuple[str, ...]) -> tuple[Pattern, ...]:
    return tuple(compile_pattern(p) for p in patterns)


@lru_cache(maxsize=1 << 12)
def _process_only(
    goals: tuple[str, ...], patterns: tuple[str, ...]
) -> tuple[int, tuple[str, ...]] | None:
    """The first goal's index and the process phrases found, when every clause of every goal
    line matches one of `patterns`; None when some clause states something else. Cached: a
    batch repeats the same goals many times."""
    lines = goal_lines(goals)
    if not lines or not patterns:
        return None
    regexes = _compiled(patterns)
    found: list[str] = []
    for _, text in lines:
        for clause in (c for c in _CLAUSE_RE.split(text) if c):
            match = next((m for m in (r.search(clause) for r in regexes) if m), None)
            if match is None:
                return None  # this clause states something else: an output, an outcome
            if match.group(0) not in found:
                found.append(match.group(0))
    return lines[0][0], tuple(found)


@rule(
    "G002",
    "goal-states-result",
    category="goals",
    severity="warning",
    basis=_BASIS_RELEVANCE,
    title=("绩效目标写明产出或效果", "the goal states an output or outcome"),
    message=(
        "绩效目标“{goal}”只写了资金管理或工作保障过程（{process}），没有写明要达到的产出或效果",
        "the goal '{goal}' states only process ({process}), no output or outcome",
    ),
    advice=(
        "把过程表述（{process}）换成这笔钱要办成的事：做多少（产出）、带来什么变化（效果），能量化的写出数字",
        "replace the process ({process}) by what the money is to achieve: how much is done "
        "(output) and what changes (outcome), in numbers where it can be",
    ),
    params=ProcessGoalParams,
)
def goal_states_result(project: Project, ctx: ProjectContext[ProcessGoalParams]) -> Iterator[Hit]:
    """绩效目标应写明产出或效果，而不只是资金管理过程。

    检查：把每条目标按逗号、分号等拆成分句；若项目所有目标的每个分句都是过程表述（策略参数
    process，正则：专款专用、及时拨付、拨付到位、保证…顺利/正常开展、只写金额和用途的“本年申请…
    万元，用于…费”、只引用文件的“根据《…》等文件要求完成绩效目标”……），在第一条目标处报告。
    原因：绩效目标是预期产出和效果（财预〔2015〕88号）；“专款专用、及时拨付”是任何资金都应
    做到的管理要求，说明不了这笔钱要办成什么事。
    示例：“1.专款专用,将款项及时拨付到位,保证工作正常开展”；“1.保证差旅工作能够顺利开展”。
    修改：写明这笔钱要办成的事：做多少（产出）、带来什么变化（效果），能量化的写出数字。
    ---
    What: splits each goal into clauses (at commas, semicolons …); when every clause of every
    goal of the project is a process statement (the `process` parameter, regular expressions:
    专款专用, 及时拨付, 拨付到位, 保证…顺利/正常开展, the money and what it pays for 本年申请…
    万元，用于…费, only the notices followed 根据《…》等文件要求完成绩效目标 …), reports at the
    first goal.
    Why: a performance goal is the expected output and outcome (财预〔2015〕88号); "earmarked,
    paid on time" is required of any money and says nothing about what this money achieves.
    Example: 1.专款专用,将款项及时拨付到位,保证工作正常开展; 1.保证差旅工作能够顺利开展.
    Fix: state what the money achieves: how much is done (output) and what changes (outcome), in
    numbers where it can be.
    """
    only = _process_only(tuple(project.goals), ctx.params.process)
    if only is not None:
        first, found = only
        yield ctx.hit(
            f"/goals/{first}", goal=squeeze(project.goals[first]), process="、".join(found)
        )


# --- G003 ----------------------------------------------------------------------------------


class GoalThemeParams(Params):
    """Parameters of G003."""

    ecology: tuple[str, ...] = Field(
        (
            "污染",
            "排放",
            "减排",
            "节能",
            "能耗",
            "环保",
            "生态",
            "低碳",
            "碳达峰",
            "碳中和",
            "空气质量",
            "扬尘",
            "水质",
        ),
        description="pollution/energy words: a goal using one needs a 生态效益 row (warning)",
    )
    economy: tuple[str, ...] = Field(
        (
            "产值",
            "营业收入",
            "收入",
            "税收",
            "利税",
            "利润",
            "增加值",
            "企业发展",
            "技术水平",
            "技术改造",
        ),
        description="output value/income/tax words, and enterprise development or technology "
        "upgrading whose benefit is measured in them: a goal using one is hinted (info) to have "
        "a 经济效益 row",
    )


@lru_cache(maxsize=1 << 12)
def _first_word(goals: tuple[str, ...], words: tuple[str, ...]) -> tuple[int, str] | None:
    """The goal index of the first goal line using one of `words`, and the first such word."""
    for index, text in goal_lines(goals):
        cleaned = clean(text)
        word = next((w for w in words if w and w in cleaned), None)
        if word:
            return index, word
    return None


@rule(
    "G003",
    "goal-theme-benefit",
    category="goals",
    severity="warning",
    also=("info",),
    basis=_BASIS_RELEVANCE,
    title=("目标主题有相应的效益指标", "goal themes have matching 效益 rows"),
    messages={
        "ecology": (
            "绩效目标提到“{word}”（生态环境），但没有生态效益指标",
            "the goal speaks of {word} (ecology) but there is no 生态效益 indicator",
        ),
        "economy": (
            "绩效目标提到“{word}”，可考虑设经济效益指标（产值、营业收入、税收等）",
            "the goal speaks of {word}: consider an 经济效益 indicator (output value, income, tax)",
        ),
    },
    advice={
        "ecology": (
            "增加生态效益指标，衡量目标所说“{word}”的变化（写出数量）",
            "add a 生态效益 row measuring the change in {word} the goal speaks of (in numbers)",
        ),
        "economy": (
            "可增加经济效益指标，衡量“{word}”带来的产值、收入或税收变化",
            "consider an 经济效益 row measuring the output value, income or tax that {word} brings",
        ),
    },
    params=GoalThemeParams,
)
def goal_theme_benefit(project: Project, ctx: ProjectContext[GoalThemeParams]) -> Iterator[Hit]:
    """绩效目标的主题应有相应的效益指标。

    检查：目标提到污染、排放、节能等生态环境词（策略参数 ecology）而没有生态效益指标时报警告；
    提到产值、收入、税收，或企业发展、技术水平、技术改造（其效益以产值、收入、税收衡量，参数
    economy）而没有经济效益指标时给出提示。文件在表格中途结束的（S009）不检查。
    原因：效益指标衡量目标的效果；目标说要减少污染排放，却只设社会效益指标，目标与指标不相关。
    示例：目标“推进新型墙材的广泛使用，减少污染排放”，效益只有社会效益“绿色环保”；
    目标“提升技术水平”“使我县企业发展进一步提升”，没有经济效益指标。
    修改：增加衡量目标所说效果的生态效益指标或经济效益指标，写出数量。
    ---
    What: a goal using a pollution/energy word (the `ecology` parameter) with no 生态效益 row is a
    warning; one using an output value/income/tax word, or enterprise development, technology
    level or upgrading, whose benefit is measured in those (the `economy` parameter), with no
    经济效益 row gets a hint (info). A table the file cuts short (S009) is not checked.
    Why: 效益 rows measure what the goal achieves; a goal to cut pollution measured only by a
    social benefit is not related to its indicators.
    Example: goal 推进新型墙材的广泛使用，减少污染排放 with only the 社会效益 row 绿色环保; goals
    提升技术水平 or 使我县企业发展进一步提升 with no 经济效益 row.
    Fix: add the 生态效益 or 经济效益 row that measures what the goal speaks of, in numbers.
    """
    if cut_short(ctx.facts.places):
        return  # the 效益 rows that would match the goal's theme may be in the missing part
    goals = tuple(project.goals)
    themes = (
        ("ecology", _first_word(goals, ctx.params.ecology), "生态效益", "warning"),
        ("economy", _first_word(goals, ctx.params.economy), "经济效益", "info"),
    )
    if not (themes[0][1] or themes[1][1]):
        return  # the common case: no theme word, so the rows need not be read
    present = {
        kind.level2
        for kind, row in zip(ctx.facts.places.places, project.indicators, strict=True)
        if kind.is_benefit and (clean(row.name) or clean(row.value))
    }
    for key, first, level2, severity in themes:
        if first and level2 not in present:
            index, word = first
            yield ctx.hit(f"/goals/{index}", key, severity=severity, word=word)


# --- G004 ----------------------------------------------------------------------------------


def _default_measures() -> dict[str, tuple[str, ...]]:
    return {
        "count": ("次数", "数量", "个数", "人数", "户数", "家数", "企业数", "项目数", "人次"),
        "percent": ("率", "比例", "占比", "满意度"),
        "money": ("成本", "费用", "经费", "资金", "金额", "费"),
        "time": ("时间", "周期", "时限", "期限", "日期"),
    }


class NameDescriptionParams(Params):
    """Parameters of G004."""

    measures: dict[str, tuple[str, ...]] = Field(
        default_factory=_default_measures,
        description="kind (count/percent/money/time) → words a 三级 name or description ends "
        "with when it names a measure of that kind",
    )

    @cached_property
    def measure_words(self) -> _Measures:
        """`measures` as `_name_description` takes them."""
        return tuple((kind, tuple(words)) for kind, words in self.measures.items())


_VALUE_KINDS = {
    "percent": "percent",
    "money": "money",
    "unit_cost": "money",
    "count": "count",
    "duration": "time",
}
_KIND_ZH = {
    "count": "数量",
    "percent": "比率",
    "money": "金额",
    "time": "时间",
    "length": "长度",
    "area": "面积",
}
#: A description that is a formula (`实际发放金额/应发放金额`, `A÷B`): it defines a rate.
_RATIO_RE = re.compile(r"[\u4e00-\u9fa5]{2}\s{0,3}[/÷]\s{0,3}[\u4e00-\u9fa5]{2}")
#: A quantity written in a 三级 name (`新建水泥路1条`): a number and the unit word after it.
_NAME_QUANTITY_RE = re.compile(r"(?<![0-9.])([0-9]{1,9}(?:\.[0-9]{1,4})?)\s{0,2}([^\s0-9]{1,3})")
#: Unit classes a name's quantity and a value are compared by (money rows name their item's
#: size beside its cost: 饲料库120平米 | 490元/平米).
_SIZE_KINDS = {"count": "count", "length": "length", "area": "area", "percent": "percent"}


def _name_quantity(name: str) -> tuple[str, str] | None:
    """The one quantity a 三级 name writes, with its kind (`1条` → count), if it writes one."""
    found: list[tuple[str, str]] = []
    for match in _NAME_QUANTITY_RE.finditer(name[:200]):
        number, tail = match.groups()
        for size in range(len(tail), 0, -1):
            kind = _SIZE_KINDS.get(unit_class(tail[:size]))
            if kind is not None:
                found.append((number + tail[:size], kind))
                break
    return found[0] if len(found) == 1 else None


#: Anchored at the start of a digit run: a long run is tried once, not from each of its digits.
_QUANTITY_RE = re.compile(
    r"(?<![0-9.．])[0-9]+(?:[.．][0-9]+)?\s*(?:万元|亿元|元|%|％|个月|天|家|项|次|个|人)"
)


@lru_cache(maxsize=1 << 14)
def _measure_in(
    text: str, measures: tuple[tuple[str, tuple[str, ...]], ...]
) -> tuple[str, str] | None:
    """The kind and measure word a text ends with (the longest word wins); `measures` is the
    parameter's kind → words, as a tuple of pairs."""
    best: tuple[str, str] | None = None
    for kind, words in measures:
        for word in words:
            if word and text.endswith(word) and (best is None or len(word) > len(best[1])):
                best = (kind, word)
    return best


@lru_cache(maxsize=1 << 14)
def _written_kind(text: str) -> str | None:
    """The single kind of the quantities written in a text (`登记费0.055万元` → money)."""
    kinds = set()
    for match in _QUANTITY_RE.finditer(text):
        kind = _VALUE_KINDS.get(parse_value(match.group(0)).unit_class)
        if kind:
            kinds.add(kind)
    return kinds.pop() if len(kinds) == 1 else None


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\w]", "", text)
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


_Measures = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class _Disagreement:
    """What a row's name and description say, when they may disagree (see `_name_description`)."""

    name_kind: str | None  # None: the kind of the value's unit stands for the name's
    described: str | None
    subject: str  # the name's subject, when it shares no two-character word with the description


def _name_description(name: str, description: str, measures: _Measures) -> _Disagreement | None:
    """What G004 reads from a row's name and description; None when they agree whatever the
    value (most rows), so that the rule reads the value of the few others only."""
    name, description = clean(strip_tags(name)), clean(strip_tags(description))
    if not name or not description or name == description:
        return None
    name_measure = _measure_in(name, measures)
    described = _written_kind(description)
    if described is None:
        desc_measure = _measure_in(description, measures)
        described = desc_measure[0] if desc_measure else None
    if _RATIO_RE.search(description):
        described = "percent"  # a formula A/B: the description defines a rate
    if name_measure is None:
        # the value's kind stands for the name's: they can disagree only when one is described
        return None if described is None else _Disagreement(None, described, "")
    if described is not None:
        return (
            None if described == name_measure[0] else _Disagreement(name_measure[0], described, "")
        )
    subject = name[: -len(name_measure[1])]
    if any(ch.isdigit() for ch in description):
        return None  # a figure in the description column (`2019年12月(计划标准)`), no subject
    if len(subject) >= 2 and not _bigrams(subject) & _bigrams(description):
        return _Disagreement(name_measure[0], None, subject)
    return None


def _row_check(name: str, description: str, params: NameDescriptionParams) -> _Disagreement | None:
    """`_name_description` under these parameters."""
    return _name_description(name, description, params.measure_words)


@rule(
    "G004",
    "name-matches-description",
    category="goals",
    severity="warning",
    basis=_BASIS_SPECIFIC,
    title=("三级指标与其描述说的是同一件事", "the 三级 name and its description agree"),
    messages={
        "kind": (
            "三级指标“{name}”衡量的是{row_kind}，描述“{description}”说的却是{description_kind}",
            "the indicator '{name}' measures a {row_kind_en} but its description "
            "'{description}' speaks of a {description_kind_en}",
        ),
        "subject": (
            "三级指标“{name}”与描述“{description}”说的不是同一件事（描述中没有“{subject}”）",
            "the indicator '{name}' and its description '{description}' speak of different "
            "things ('{subject}' is not in the description)",
        ),
        "quantity": (
            "三级指标“{name}”写的是{name_kind}（“{written}”），指标值“{value}”却是{value_kind}",
            "the indicator '{name}' states a {name_kind_en} ({written}) but its value {value} "
            "is a {value_kind_en}",
        ),
    },
    advice={
        "kind": (
            "让“{name}”的描述也说{row_kind}，或按描述改名称；费用放到成本指标中",
            "make the description of '{name}' speak of a {row_kind_en} too, or rename it after "
            "the description; fees belong in a 成本 row",
        ),
        "subject": (
            "让描述写明“{name}”衡量的是什么（含“{subject}”），或按描述改名称",
            "make the description say what '{name}' measures (with '{subject}'), or rename it "
            "after the description",
        ),
        "quantity": (
            "让三级指标“{name}”与指标值“{value}”衡量同一件事：按名称改值，或按值改名称",
            "make '{name}' and its value '{value}' measure the same thing: change the value to "
            "fit the name, or the name to fit the value",
        ),
    },
    params=NameDescriptionParams,
)
def name_matches_description(
    project: Project, ctx: ProjectContext[NameDescriptionParams]
) -> Iterator[Hit]:
    """三级指标名称与绩效指标描述应说同一件事。

    检查：（保守的启发式）名称以度量词结尾（策略参数 measures：次数、数量、率、成本、费用、
    时间……）时取其类别，否则取指标值的单位类别；描述以度量词结尾或写出带单位的数字时取其类别。
    两者类别不同（数量对金额……）报告；名称有度量词而描述没有任何度量时，若名称的主语（去掉度量词）
    与描述没有一个相同的二字词，也报告。效益行多为定性表述，通常不在此列。
    原因：指标要“指向明确”；名称和描述各说一事，评价时不知道该衡量什么。
    示例：“培训次数”的描述是“大数据枢纽节点建设专家团队服务”；“不动产权登记项目”（1项）的
    描述是“不动产权登记费0.055万元”。
    修改：让名称和描述（或名称和指标值）说同一件事；费用放到成本指标中。
    ---
    What: (a conservative heuristic) the name's kind comes from the measure word it ends with
    (the `measures` parameter: 次数, 数量, 率, 成本, 费用, 时间 …), else from the value's unit;
    the description's from the measure word it ends with or the unit of a number written in it.
    Different kinds (a count against money …) are reported; so is a name with a measure word
    whose subject (the name without it) shares no two-character word with a description that
    names no measure at all. Qualitative 效益 rows seldom qualify.
    Why: indicators must point at one thing (指向明确); when name and description disagree, the
    evaluator does not know what to measure.
    Example: 培训次数 described as 大数据枢纽节点建设专家团队服务; 不动产权登记项目 (1项)
    described as 不动产权登记费0.055万元.
    Fix: make name and description (or name and value) say the same thing; put fees in a 成本
    row.
    """
    rows = project.indicators
    yield from _name_against_value(project, ctx)
    disagreements = [ctx.remember(_row_check, row.name, row.description) for row in rows]
    if not any(disagreements):
        return  # the common case: every row's name and description agree whatever its value
    for index, found in enumerate(disagreements):
        if found is None:
            continue
        row = project.indicators[index]
        row_kind = found.name_kind or _VALUE_KINDS.get(row.parsed.unit_class)
        pointer = f"/indicators/{index}/description"
        shown = squeeze(row.description)
        if row_kind and found.described and row_kind != found.described:
            yield ctx.hit(
                pointer,
                "kind",
                name=squeeze(row.name),
                description=shown,
                row_kind=_KIND_ZH.get(row_kind, row_kind),
                description_kind=_KIND_ZH.get(found.described, found.described),
                row_kind_en=row_kind,
                description_kind_en=found.described,
            )
        elif found.subject:
            yield ctx.hit(
                pointer, "subject", name=squeeze(row.name), description=shown, subject=found.subject
            )


def _name_against_value(
    project: Project, ctx: ProjectContext[NameDescriptionParams]
) -> Iterator[Hit]:
    """A quantity written in the 三级 name whose kind the value contradicts (`新建水泥路1条`
    with the value `2km`): the name and the value measure different things."""
    for index, row in enumerate(project.indicators):
        if not any(c.isdigit() for c in row.name):
            continue
        written = _name_quantity(clean(strip_tags(row.name)))
        value_kind = _SIZE_KINDS.get(row.parsed.unit_class)
        if written is None or value_kind is None or written[1] == value_kind:
            continue
        if _tagged_kind(row.name) == value_kind:
            continue  # `清算8个小区…物业费(≥**%)`: the template's tag says a rate is measured
        yield ctx.hit(
            f"/indicators/{index}/value",
            "quantity",
            name=squeeze(row.name),
            written=written[0],
            value=squeeze(row.value),
            name_kind=_KIND_ZH.get(written[1], written[1]),
            value_kind=_KIND_ZH.get(value_kind, value_kind),
            name_kind_en=written[1],
            value_kind_en=value_kind,
        )


_NAME_TAG_RE = re.compile(r"[（(]([^（）()]{1,12})[)）]")


def _tagged_kind(name: str) -> str | None:
    """The kind of measure a bracketed tag of the name declares (`(≥**%)`, `(个)`, `(公里)`):
    the template's own word on what the row measures, placeholders and all."""
    for tag in _NAME_TAG_RE.findall(name):
        probe = re.sub(r"\*+", "1", clean(tag))
        if not any(ch.isdigit() for ch in probe):
            probe = "1" + probe
        kind = _SIZE_KINDS.get(parse_value(probe).unit_class)
        if kind is not None:
            return kind
    return None


# --- G005 ----------------------------------------------------------------------------------


class PurposeCoverageParams(Params):
    """Parameters of G005."""

    prefixes: tuple[str, ...] = Field(("用于",), description="words stripped before the items")
    suffixes: tuple[str, ...] = Field(
        ("等支出", "等费用", "等经费", "支出", "费用", "经费", "等"),
        description="words stripped after the last item",
    )
    separators: str = Field("、，,；;", description="characters that separate the purposes")
    min_itemised_rows: int = Field(
        2,
        ge=1,
        description="check only tables that itemise: at least this many 数量 rows or 成本 rows",
    )
    coverage: float = Field(
        0.5,
        gt=0,
        le=1,
        description="share of a purpose's characters an indicator name or description must "
        "repeat in one run to cover it",
    )


_YEAR_RE = re.compile(r"20[0-9]{2}\s*年度?")


@lru_cache(maxsize=16)
def _separator_regex(separators: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(separators) + "]+")


@lru_cache(maxsize=1 << 12)
def _purpose_items(
    purpose: str, prefixes: tuple[str, ...], suffixes: tuple[str, ...], separators: str
) -> tuple[str, ...]:
    text = _YEAR_RE.sub("", clean(purpose))
    for prefix in prefixes:
        if prefix and text.startswith(prefix):
            text = text[len(prefix) :]
            break
    for suffix in sorted(suffixes, key=len, reverse=True):
        if suffix and text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    if not separators:
        return (text,) if text else ()
    parts = _separator_regex(separators).split(text)
    return tuple(p for p in parts if len(p) >= 2)


@lru_cache(maxsize=1 << 12)
def _uncovered(items: tuple[str, ...], texts: str, coverage: float) -> tuple[str, ...]:
    """The items no text repeats in one run of at least `coverage` of their characters;
    `texts` are the cleaned indicator texts joined by newlines (cleaned text has none)."""
    missing = []
    for written in items:
        item = written[:_MAX_ITEM]  # a purpose item is a phrase: compare at most its start
        run = max(2, math.ceil(coverage * len(item)))
        # a common run of `run` characters or more holds one of the item's `run`-grams; a
        # gram has no newline, so where it occurs in `texts` it lies within one text
        if not any(item[i : i + run] in texts for i in range(len(item) - run + 1)):
            missing.append(written)
    return tuple(missing)


#: The characters of a 资金用途 item compared (the gram search costs the square of the length).
_MAX_ITEM = 200


@rule(
    "G005",
    "purpose-has-indicator",
    category="goals",
    severity="info",
    basis=_BASIS_RELEVANCE,
    title=("资金用途的每一项都有指标", "each purpose of the funds has an indicator"),
    message=(
        "资金用途中的“{items}”没有对应的指标",
        "the purpose(s) {items_en} in 资金用途 have no indicator",
    ),
    advice=(
        "为“{items}”增加数量和成本指标，或从资金用途中删去",
        "add 数量 and 成本 rows for {items_en}, or drop it from 资金用途",
    ),
    params=PurposeCoverageParams,
)
def purpose_has_indicator(
    project: Project, ctx: ProjectContext[PurposeCoverageParams]
) -> Iterator[Hit]:
    """资金用途列出的每一项都应有指标。

    检查：只检查逐项设指标的表（数量指标或成本指标不少于 min_itemised_rows 行）：把资金用途
    去掉“用于”、年份和“等支出”后按顿号、逗号拆成若干项（至少两项才检查）；某项若没有一个
    三级指标名称或描述连续重复它一半以上的字（参数 coverage），即视为没有指标。
    原因：钱花在哪几件事上，就应分别衡量哪几件事的产出；漏掉的一项无法评价。
    示例：资金用途“用于2023年招商引资宣传、专家培训、办公用品购置”，指标只有“办公家具和办公设备
    购置数量”，没有办公用品。
    修改：为漏掉的一项增加数量和成本指标，或从资金用途中删去它。
    ---
    What: only for tables that itemise (at least `min_itemised_rows` 数量 rows or 成本 rows):
    strips 用于, years and 等支出 from 资金用途, splits it at 顿号 and commas (two items at
    least), and reports each item that no indicator name or description repeats in one run of
    at least half its characters (the `coverage` parameter).
    Why: each thing the money is spent on should have its output measured; an item left out
    cannot be evaluated.
    Example: 用于2023年招商引资宣传、专家培训、办公用品购置 with an indicator for 办公家具和办公设备
    but none for 办公用品.
    Fix: add 数量 and 成本 rows for the missing item, or drop it from 资金用途 (use of funds).
    """
    params = ctx.params
    if not clean(project.purpose):
        return
    items = _purpose_items(
        project.purpose or "", params.prefixes, params.suffixes, params.separators
    )
    if len(items) < 2:
        return
    kinds = ctx.facts.places.places
    least = params.min_itemised_rows
    if (
        sum(1 for k in kinds if k.level1 == "产出" and k.level2 == "数量") < least
        and sum(1 for k in kinds if k.is_cost) < least
    ):
        return  # neither enough 数量 rows nor enough 成本 rows: the table does not itemise
    texts = "\n".join(filter(None, chain.from_iterable(ctx.facts.row_texts)))
    missing = _uncovered(items, texts, params.coverage)
    if missing:
        yield ctx.hit("/purpose", items="”“".join(missing), items_en=", ".join(missing))


# --- G006 ----------------------------------------------------------------------------------


class CopiedGoalParams(Params):
    """Parameters of G006."""

    min_chars: int = Field(
        8, ge=1, description="goals shorter than this (after cleaning) are not compared"
    )


@dataclass(frozen=True, slots=True)
class _Seen:
    project: int
    pointer: str


def _copies_inside(document: Document, ctx: DocumentContext[CopiedGoalParams]) -> Iterator[Hit]:
    """Two labelled fields of one table holding the same text (项目设立必要性 repeating 项目概况)."""
    for p, project in enumerate(document.projects):
        seen: dict[str, str] = {}
        for d, detail in enumerate(project.details):
            key = _goal_key(detail.text)
            if len(key) < ctx.params.min_chars:
                continue
            first = seen.setdefault(key, detail.label)
            if first != detail.label:
                yield ctx.hit(
                    f"/details/{d}/text", "inside", project=p, label=detail.label, first=first
                )


def _table(document: Document, index: int, lang: str = "zh") -> str:
    project = document.projects[index]
    label = squeeze(project.name) or squeeze(project.code) or "?"
    return f"table {index + 1} ({label})" if lang == "en" else f"表{index + 1}（{label}）"


@lru_cache(maxsize=1 << 12)
def _goal_key(goal: str) -> str:
    """A goal as G006 compares it: numbering and whitespace removed."""
    return clean(strip_numbering(squeeze(goal)))


@rule(
    "G006",
    "no-copied-goals",
    category="goals",
    severity="info",
    basis=_BASIS_RELEVANCE,
    title=("不同项目的目标或效益指标不雷同", "no goal or 效益 row copied between projects"),
    messages={
        "goal": (
            "绩效目标与{other}完全相同，疑为复制粘贴；请写明本项目自己的目标",
            "the goal is identical to that of {other_en}: copy-paste? state this project's own",
        ),
        "benefit": (
            "效益指标“{name}”（描述、指标值均同）与{other}完全相同，疑为复制粘贴",
            "the 效益 row '{name}' (description and value too) is identical to that of "
            "{other_en}: copy-paste?",
        ),
        "inside": (
            "“{label}”一栏与“{first}”一栏一字不差，疑为复制粘贴；请分别填写",
            "the field {label} repeats the field {first} word for word: copy-paste? fill in each",
        ),
    },
    advice={
        "goal": (
            "按本项目的资金用途重写绩效目标，写明本项目要达到的产出和效果",
            "rewrite the goal from this project's use of funds: the output and outcome of this "
            "project",
        ),
        "benefit": (
            "按本项目的内容重写效益指标“{name}”",
            "rewrite the 效益 row '{name}' for this project",
        ),
        "inside": ("分别填写“{label}”和“{first}”", "fill in {label} and {first} each for itself"),
    },
    params=CopiedGoalParams,
    scope="document",
)
def no_copied_goals(document: Document, ctx: DocumentContext[CopiedGoalParams]) -> Iterator[Hit]:
    """不同项目的绩效目标或效益指标不应一字不差。

    检查：同一文档中，两个项目的某条绩效目标（去掉序号和空白后不短于 min_chars 字）相同，或某个
    效益指标的二级、名称、描述和指标值都相同时，在后一个项目处提示，并指出与哪张表相同。
    原因：不同项目的钱办不同的事；一字不差的目标或效益多半是照抄，说明没有针对本项目设定。
    示例：表7 和表8 的目标都是“1.专款专用,将款项及时拨付到位,保证工作正常开展”，效益指标都是
    “工业设计水平 / 工业设计水平发展情况 / 提升”。
    同一张表中两个栏目（如“项目设立必要性”和“项目概况”）一字不差时也提示。
    修改：按本项目的内容重写目标和效益指标。
    ---
    What: within a document, a goal (numbering and whitespace removed, at least `min_chars` long)
    or a 效益 row (二级, name, description and value) identical to one of an earlier project is
    reported at the later project, naming the earlier table.
    Why: different projects spend money on different things; word-for-word identical goals or
    benefits are copied, not set for the project.
    Example: tables 7 and 8 both have the goal 1.专款专用,将款项及时拨付到位,保证工作正常开展 and
    the 效益 row 工业设计水平 / 工业设计水平发展情况 / 提升.
    Two labelled fields of one table that hold the same text (项目设立必要性 repeating 项目概况)
    are reported too.
    Fix: rewrite the goal and the 效益 row for this project.
    """
    yield from _copies_inside(document, ctx)
    if len(document.projects) < 2:
        return  # nothing to copy from: most documents hold one table
    goals: dict[str, int] = {}
    benefits: dict[tuple[str, ...], int] = {}
    for p, project in enumerate(document.projects):
        reported: set[str] = set()
        for g, goal in enumerate(project.goals):
            key = _goal_key(goal)
            if len(key) < ctx.params.min_chars:
                continue
            first = goals.setdefault(key, p)
            if first != p and "goal" not in reported:
                reported.add("goal")
                yield ctx.hit(
                    f"/goals/{g}",
                    "goal",
                    project=p,
                    other=_table(document, first),
                    other_en=_table(document, first, "en"),
                )
        facts = ctx.facts_of(p, project)
        rows = zip(project.indicators, facts.places.places, facts.row_texts, strict=True)
        for r, (row, kind, (name, description)) in enumerate(rows):
            if not kind.is_benefit or not name:
                continue
            bkey = (kind.level2, name, description, clean(row.value))
            first = benefits.setdefault(bkey, p)
            if first != p:
                yield ctx.hit(
                    f"/indicators/{r}/name",
                    "benefit",
                    project=p,
                    name=squeeze(row.name),
                    other=_table(document, first),
                    other_en=_table(document, first, "en"),
                )


# --- G007 ----------------------------------------------------------------------------------


class SingleItemRateParams(Params):
    """Parameters of G007."""

    rate_words: tuple[str, ...] = Field(
        ("完成率", "完成比例", "完成比率", "完成度"),
        description="what a completion-rate indicator's name or description ends with",
    )


def _single_item(project: Project, places: list[Classified]) -> Indicator | None:
    """The project's only 数量 row, when it is one countable item (1项, =1家)."""
    level2 = [c.level2 for c in places]
    if level2.count("数量") != 1:
        return None
    item = project.indicators[level2.index("数量")]
    parsed = item.parsed
    if (
        parsed.kind == "quantity"
        and parsed.unit_class == "count"
        and parsed.scaled_number == 1
        and parsed.comparator == "="
    ):
        return item
    return None


@rule(
    "G007",
    "single-item-completion-rate",
    category="goals",
    severity="info",
    basis=_BASIS_SPECIFIC,
    title=("单项产出不设完成率", "no completion rate for a single item"),
    message=(
        "产出只有“{item}”一项，完成率“{name} {value}”没有意义（一项只有完成或未完成）；"
        "请改为是否完成（是/否）或 =100%，或换成衡量质量的指标",
        "the output is a single item ({item}); the completion rate '{name} {value}' means "
        "nothing (one item is done or not): use 是/否 or =100%, or a quality measure",
    ),
    advice=(
        "把“{name} {value}”改为是否完成（是/否）或 =100%，或换成衡量质量的指标",
        "replace '{name} {value}' by whether it is done (是/否) or =100%, or by a quality measure",
    ),
    params=SingleItemRateParams,
)
def single_item_completion_rate(
    project: Project, ctx: ProjectContext[SingleItemRateParams]
) -> Iterator[Hit]:
    """只有一项产出（1项、1家）时，不宜设低于 100% 的完成率。

    检查：项目只有一个数量指标、其值为 1 个计数单位（1项、1家，无比较符或“=”）时，名称或描述
    以完成率类词语（策略参数 rate_words）结尾、指标值低于 100% 的产出指标。
    原因：一项工作只有完成与未完成，“完成率 ≥95%”无法评价，也说明指标是套用模板。
    示例：数量“不动产权登记项目 1项”，质量“登记完成率 ≥95%”。
    修改：改为是否完成（是/否）或 =100%，或换成衡量质量的指标（如差错率）。
    ---
    What: in a project whose only 数量 row is one countable item (1项, 1家; no comparator or
    `=`), an 产出 row whose name or description ends with a completion-rate word (the
    `rate_words` parameter) and whose value is a percent below 100.
    Why: one piece of work is either done or not; "completion rate ≥95%" cannot be evaluated
    and shows a template copied without thought.
    Example: 数量 不动产权登记项目 1项 with 质量 登记完成率 ≥95%.
    Fix: ask whether it is done (yes or no) or write =100%, or use a real quality measure (an
    error rate).
    """
    item = _single_item(project, ctx.facts.places.places)
    if item is None or not ctx.params.rate_words:
        return
    rows = zip(project.indicators, ctx.facts.places.places, ctx.facts.row_texts, strict=True)
    for index, (row, kind, texts) in enumerate(rows):
        if kind.level1 != "产出" or kind.level2 == "数量":
            continue
        if not any(t.endswith(w) for t in texts for w in ctx.params.rate_words if w):
            continue
        parsed = row.parsed
        if parsed.unit_class == "percent" and parsed.number is not None and parsed.number < 100:
            yield ctx.hit(
                f"/indicators/{index}/value",
                item=squeeze(item.value),
                name=squeeze(row.name),
                value=squeeze(row.value),
            )


# --- G008 ----------------------------------------------------------------------------------


class DoneGoalParams(Params):
    """Parameters of G008."""

    done: tuple[str, ...] = Field(
        ("解决了", "改善了", "完成了", "实现了", "提高了", "提升了", "建成了", "达到了", "增加了"),
        description="words that state a result as already achieved: a goal using one is written "
        "as done, not as the result to be achieved",
    )


@rule(
    "G008",
    "goal-not-yet-done",
    category="goals",
    severity="info",
    basis=_BASIS_RELEVANCE,
    title=(
        "绩效目标写预期结果，不写成已完成",
        "a goal states the result to come, not one achieved",
    ),
    message=(
        "绩效目标“{goal}”写成了已完成的事（“{word}”）：目标应写本年度预期达到的结果",
        "the goal '{goal}' is written as already done ({word}): a goal states the result "
        "expected this year",
    ),
    advice=(
        "把“{word}”改为预期的说法，写明本年度要达到的结果，能量化的写出数字",
        "rewrite '{word}' as the result expected, stating what this year is to reach, in "
        "numbers where it can be",
    ),
    params=DoneGoalParams,
)
def goal_not_yet_done(project: Project, ctx: ProjectContext[DoneGoalParams]) -> Iterator[Hit]:
    """绩效目标写的是预期要达到的结果，不是已经完成的事。

    检查：绩效目标中出现表示已完成的说法（策略参数 done：解决了、改善了、完成了、实现了……）时，在第一处提示一次。
    原因：绩效目标是预算年度要达到的产出和效果（财预〔2015〕88号）；写成“解决了…”“改善了…”是总结的口气，看不出本年度要做到什么程度，也无法据以评价。
    示例：年度目标“解决了生产道路硬化问题及生命防护问题”。
    修改：写成本年度预期达到的结果，能量化的写出数量。
    ---
    What: a goal using a word that states a result as already achieved (the `done` parameter:
    解决了, 改善了, 完成了, 实现了 …) is reported once, at the first.
    Why: a goal is the output and outcome the budget year is to achieve (财预〔2015〕88号); a goal
    written as a summary of what was done says nothing of this year's target and cannot be
    evaluated.
    Example: the annual goal 解决了生产道路硬化问题及生命防护问题.
    Fix: state the result expected this year, with numbers where it can be.
    """
    for index, goal in enumerate(project.goals):
        word = next((w for w in ctx.params.done if w and w in goal), None)
        if word is not None:
            yield ctx.hit(f"/goals/{index}", text=goal, goal=squeeze(goal)[:60], word=word)
            return


RULES: tuple[Rule, ...] = (
    goal_numbers_in_indicators,
    goal_states_result,
    goal_theme_benefit,
    name_matches_description,
    purpose_has_indicator,
    no_copied_goals,
    single_item_completion_rate,
    goal_not_yet_done,
)
