"""D — the department narrative (第一部分 部门整体绩效目标) checked against itself and the tables.

Both rules are heuristics over free text, conservative by design (domain.md §6): they speak
only when the text says plainly what they compare.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from pydantic import Field, field_validator

from checker.model import Document
from checker.patterns import compile_pattern
from checker.rule import DocumentContext, Hit, Params, Rule, regex_pattern, rule
from checker.values import clean

_BASIS_DEPARTMENT = "中发〔2018〕34号、河北省（2018）实施意见：部门整体绩效目标"

_CLAUSE_END = "，。；;！？、,\n"
_SENTENCE_RE = re.compile(r"[^。；;！？\n]*[。；;！？]?")


def _paragraphs(document: Document) -> Iterator[tuple[str, str]]:
    """Every Part 1 paragraph with its pointer."""
    if document.overview is None:
        return
    for s, section in enumerate(document.overview.sections):
        for p, paragraph in enumerate(section.paragraphs):
            yield f"/overview/sections/{s}/paragraphs/{p}", paragraph or ""


# --- D001 ----------------------------------------------------------------------------------


class NarrativeCountsParams(Params):
    """Parameters of D001."""

    units: tuple[str, ...] = Field(
        ("家", "个", "项", "座", "所", "户", "人", "台", "套", "辆"),
        description="count units whose numbers are followed through a paragraph",
    )
    base_words: tuple[str, ...] = Field(
        ("基础上",), description="words after a number that make it the starting level"
    )
    increment_words: tuple[str, ...] = Field(
        ("新增", "增加", "新培育", "新引进"),
        description="words before a number that make it an increase",
    )
    total_words: tuple[str, ...] = Field(
        ("达到", "总量", "总数", "增长到", "增加到", "累计", "总计"),
        description="words before a number that make it the resulting total (checked before "
        "the increment words)",
    )


@dataclass(frozen=True, slots=True)
class _Count:
    role: str
    number: Decimal
    unit: str
    start: int
    end: int


def _counts(text: str, params: NarrativeCountsParams) -> list[_Count]:
    if not params.units:
        return []
    units = "|".join(re.escape(u) for u in sorted(params.units, key=len, reverse=True))
    found = list(re.finditer(rf"(?<![0-9.．])([0-9]+)\s*({units})", text))
    counts: list[_Count] = []
    for i, match in enumerate(found):
        before_start = found[i - 1].end() if i else 0
        before = text[before_start : match.start()]
        cut = max((before.rfind(c) for c in _CLAUSE_END), default=-1)
        before = before[cut + 1 :]
        after_end = found[i + 1].start() if i + 1 < len(found) else len(text)
        after = text[match.end() : after_end]
        cut_after = min((p for p in (after.find(c) for c in _CLAUSE_END) if p >= 0), default=-1)
        after = after[:cut_after] if cut_after >= 0 else after
        if any(w and w in before for w in params.total_words):
            role = "total"
        elif any(w and w in before for w in params.increment_words):
            role = "increment"
        elif any(w and w in after for w in params.base_words):
            role = "base"
        else:
            continue
        counts.append(
            _Count(role, Decimal(match.group(1)), match.group(2), match.start(), match.end())
        )
    return counts


def _sentence_at(text: str, position: int) -> str:
    for match in _SENTENCE_RE.finditer(text):
        if match.start() <= position < match.end():
            return match.group(0)
    return text


@rule(
    "D001",
    "narrative-counts-add-up",
    category="department",
    severity="warning",
    basis=_BASIS_DEPARTMENT,
    title=("部门整体目标中的数字前后一致", "the narrative's counts add up"),
    message=(
        "部门整体目标中的数字对不上：{base}{unit}的基础上新增{increment}{unit}应为"
        "{expected}{unit}，但总量写为{total}{unit}",
        "the narrative's counts do not add up: {base} {unit} plus {increment} new make "
        "{expected}, but the total is given as {total}",
    ),
    advice=(
        "核对数字：总量改为{expected}{unit}，或改正基数{base}{unit}、新增{increment}{unit}中错的一个",
        "check the numbers: make the total {expected} {unit}, or correct whichever of the base "
        "{base} or the increase {increment} is wrong",
    ),
    params=NarrativeCountsParams,
    scope="document",
)
def narrative_counts_add_up(
    document: Document, ctx: DocumentContext[NarrativeCountsParams]
) -> Iterator[Hit]:
    """部门整体目标中“基数 + 新增 = 总量”应算得对。

    检查：（保守的启发式）在第一部分的每个段落中，按顺序跟踪同一计数单位（策略参数 units：家、
    个、项……）的数字：“…X家…的基础上”是基数，“新增…Y家”是增量，“达到/总量…Z家”是总量；
    基数、增量、总量都有且 X + Y ≠ Z 时报告。每个总量成为下一句的基数。没有关键词的数字不参与。
    原因：部门整体目标中的数字是分项目标和项目指标的依据；自相矛盾的数字让人不知道哪个才是目标。
    示例：“在…7家…的基础上新增5家、达到12家的基础上。2023年新增…不少于5家，规上企业总量不少于
    16家”：12 + 5 = 17，不是 16。
    修改：核对基数、新增和总量，改为一致。
    ---
    What: (a conservative heuristic) in each Part 1 paragraph, follows the numbers of one count
    unit (the `units` parameter: 家, 个, 项 …) in order: "X家 … 的基础上" is the base, "新增 … Y家"
    an increase, "达到/总量 … Z家" the total; when all three are known and X + Y ≠ Z, it reports.
    Each total becomes the base of the next sentence. Numbers without a keyword are left alone.
    Why: Part 1's numbers underlie the sub-targets and the project indicators; numbers that
    contradict each other leave the reader guessing which one is the target.
    Example: 在…7家…的基础上新增5家、达到12家的基础上。2023年新增…不少于5家，规上企业总量不少于
    16家: 12 + 5 = 17, not 16.
    Fix: check the base, the increase and the total, and make them agree.
    """
    for pointer, text in _paragraphs(document):
        level: dict[str, Decimal] = {}
        pending: dict[str, Decimal] = {}
        for count in _counts(text, ctx.params):
            unit = count.unit
            if count.role == "base":
                level[unit] = count.number
                pending.pop(unit, None)
            elif count.role == "increment":
                pending[unit] = count.number
            else:
                if unit in level and unit in pending:
                    expected = level[unit] + pending[unit]
                    if expected != count.number:
                        yield ctx.hit(
                            pointer,
                            text=_sentence_at(text, count.start),
                            base=level[unit],
                            increment=pending[unit],
                            expected=expected,
                            total=count.number,
                            unit=unit,
                        )
                level[unit] = count.number
                pending.pop(unit, None)


# --- D002 ----------------------------------------------------------------------------------


class DepartmentUnitParams(Params):
    """Parameters of D002."""

    pattern: str = Field(
        r"我单位\s*(?P<name>[\u4e00-\u9fa5]{2,30}?(?:委员会|办公室|局|委|办|中心|厅|院|所|站|队|部))",
        description="regular expression naming the department in Part 1 (group name); "
        "Document.department is used when no paragraph matches",
    )

    _check = field_validator("pattern")(regex_pattern)


def _tables(indices: list[int], lang: str = "zh") -> str:
    """[0, 1, 2, 4] → 表1–3、表5 (en: tables 1–3, 5)."""
    runs: list[list[int]] = []
    for i in indices:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    spans = [f"{r[0] + 1}" if len(r) == 1 else f"{r[0] + 1}–{r[-1] + 1}" for r in runs]
    if lang == "en":
        return ("table " if len(indices) == 1 else "tables ") + ", ".join(spans)
    return "、".join("表" + span for span in spans)


def _same_unit(department: str, unit_name: str) -> bool:
    a, b = clean(department), clean(unit_name)
    return bool(a and b) and (a in b or b in a)


@rule(
    "D002",
    "department-matches-units",
    category="department",
    severity="info",
    basis=_BASIS_DEPARTMENT,
    title=("第一部分的部门与各表预算单位一致", "Part 1's department matches the tables' units"),
    message=(
        "第一部分写明的部门“{department}”与以下表格的预算单位不一致：{units}",
        "Part 1 names the department '{department}' but these tables belong to another "
        "budget unit: {units_en}",
    ),
    advice=(
        "核实文档属于哪个部门：改正第一部分的部门“{department}”或以上表格的预算单位；确属下属单位的可忽略",
        "establish whose document it is: correct the department '{department}' in Part 1 or "
        "the unit lines of those tables; ignore it where they are a subordinate unit's",
    ),
    params=DepartmentUnitParams,
    scope="document",
)
def department_matches_units(
    document: Document, ctx: DocumentContext[DepartmentUnitParams]
) -> Iterator[Hit]:
    """第一部分写明的部门应与各项目表的预算单位一致。

    检查：从第一部分找出部门名称（策略参数 pattern：“我单位…局”等；找不到时用记录的 department
    字段），与每张表预算单位行的单位名称比较（一方包含另一方即视为一致）。有不一致的表时，在写明
    部门的段落处报告一次，列出不一致的表和单位。
    原因：部门整体目标与项目目标应出自同一预算单位；不一致可能是套用了别的单位的文本，或把下属
    单位的表合进了本部门的文档，需要人工确认。
    示例：第一部分“我单位怀来县数字经济局……”，表1–9 的预算单位是“471001怀来县工业和信息化局”。
    修改：核实文档属于哪个部门，改正第一部分的部门名称或表中的预算单位；确属下属单位的可忽略。
    ---
    What: finds the department named in Part 1 (the `pattern` parameter: 我单位…局 …; the
    record's `department` field when no paragraph names one) and compares it with each table's
    unit name (one containing the other is a match). When some tables differ, reports once, at
    the paragraph naming the department, listing the tables and their units.
    Why: the department's targets and the project targets should come from one budget unit; a
    difference means text copied from another unit or tables of a subordinate unit merged in,
    which a person must confirm.
    Example: Part 1 says 我单位怀来县数字经济局…; tables 1–9 belong to 471001怀来县工业和信息化局.
    Fix: establish whose document it is and correct Part 1 or the unit lines; ignore it where a
    subordinate unit's tables belong there.
    """
    if ctx.standalone or not document.expects_part1:
        return
    department: str | None = None
    pointer = "/department"
    regex = compile_pattern(ctx.params.pattern)
    for where, text in _paragraphs(document):
        match = regex.search(text)
        if match:
            department = match.groupdict().get("name") or match.group(0)
            pointer = where
            break
    if department is None:
        department = clean(document.department) or None
    if not department:
        return
    mismatched: dict[str, list[int]] = {}
    for index, project in enumerate(document.projects):
        name = project.unit_name
        if name and not _same_unit(department, name):
            mismatched.setdefault(clean(project.unit), []).append(index)
    if not mismatched:
        return
    yield ctx.hit(
        pointer,
        department=department,
        units="；".join(f"{_tables(ix)}“{unit}”" for unit, ix in mismatched.items()),
        units_en="; ".join(f"{_tables(ix, 'en')} '{unit}'" for unit, ix in mismatched.items()),
    )


RULES: tuple[Rule, ...] = (narrative_counts_add_up, department_matches_units)
