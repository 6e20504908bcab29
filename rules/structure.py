"""S — structure and completeness (完整性): Part 1, required fields, rows, heading, codes.

S000 and S001 are the engine's own (`checker/engine_rules.py`); the rules here look at what a
record holds once it has been read and validated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from operator import attrgetter
from typing import Any

from pydantic import BaseModel, Field, field_validator

from checker.model import Document, Indicator, Project
from checker.rule import (
    BatchContext,
    DocumentContext,
    Hit,
    Params,
    ProjectContext,
    ProjectKey,
    Rule,
    regex_pattern,
    rule,
)
from checker.values import clean

_BASIS_COMPLETE = "财预〔2015〕88号：绩效目标审核——完整性"
_BASIS_PART1 = "河北省（2018）：部门整体、专项资金、预算项目三个层次的绩效目标"

# --- S002 ------------------------------------------------------------------------------------


class SectionsParams(Params):
    """Which Part 1 sections must be there."""

    sections: tuple[str, ...] = Field(
        ("一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施"),
        description="Part 1 sections that must be present and non-empty, as `<number>、<title>`; "
        "a section matches by its number or by its title",
    )


def _split_heading(heading: str) -> tuple[str, str]:
    number, sep, title = clean(heading).partition("、")
    return (number, title) if sep else ("", number)


@rule(
    "S002",
    "part1-sections",
    category="structure",
    severity="error",
    basis=_BASIS_COMPLETE + "；" + _BASIS_PART1,
    title=("第一部分各节齐全且有内容", "Part 1 sections present and filled in"),
    messages={
        "missing_part": (
            "文档缺少第一部分“部门整体绩效目标”",
            "the document has no Part 1 (部门整体绩效目标, department-wide targets)",
        ),
        "missing": (
            "第一部分缺少“{section}”一节",
            "Part 1 lacks the section {section}",
        ),
        "empty": (
            "第一部分“{section}”一节没有内容",
            "the Part 1 section {section} is empty",
        ),
    },
    params=SectionsParams,
    scope="document",
)
def part1_sections(document: Document, ctx: DocumentContext[SectionsParams]) -> Iterator[Hit]:
    """第一部分“部门整体绩效目标”的各节（一、总体绩效目标；二、分项绩效目标；三、工作保障措施）齐全且有内容。

    检查：文档有第一部分；策略列出的每一节都在，且至少有一段非空文字。单独的项目记录（没有第一部分）不检查。
    原因：部门整体绩效目标是预算项目目标的上位目标；只有标题没有内容等于没有申报，审核时按“完整性”退回。
    示例：种子文档第 15 行“二、分项绩效目标”与第 17 行“三、工作保障措施”只有标题。
    修改：在各节标题下填写分项目标和保障措施；缺少的节按模板补齐。
    ---
    What: the document has Part 1 (部门整体绩效目标), and each section the policy lists (by default
    一、总体绩效目标, 二、分项绩效目标, 三、工作保障措施) is present with at least one non-blank
    paragraph. Standalone project records (no Part 1) are not checked.
    Why: the department-wide targets frame every project target; a heading with nothing under it is
    an incomplete submission and is sent back under the 完整性 (completeness) review.
    Example: in the seed, 二、分项绩效目标 (line 15) and 三、工作保障措施 (line 17) are headings only.
    Fix: write the itemised targets and the safeguards under their headings; add missing sections.
    """
    if ctx.standalone:
        return
    overview = document.overview
    if overview is None or (not overview.sections and not clean(overview.title)):
        yield ctx.hit("/overview", "missing_part")
        return
    for wanted in ctx.params.sections:
        number, title = _split_heading(wanted)
        for index, section in enumerate(overview.sections):
            if (number and clean(section.number) == number) or (
                title and clean(section.title) == title
            ):
                if not any(clean(p) for p in section.paragraphs):
                    shown = f"{clean(section.number)}、{clean(section.title)}"
                    yield ctx.hit(f"/overview/sections/{index}", "empty", section=shown)
                break
        else:
            yield ctx.hit("/overview/sections", "missing", section=clean(wanted))


# --- S003 ------------------------------------------------------------------------------------

#: How a field path is named in messages (display only; the policy lists the paths).
_FIELD_LABELS: dict[str, tuple[str, str]] = {
    "heading": ("表头", "heading"),
    "unit": ("预算单位", "budget unit"),
    "money_unit": ("金额单位", "money unit"),
    "code": ("项目编码", "project code"),
    "name": ("项目名称", "project name"),
    "period": ("项目实施期", "implementation period"),
    "budget.total": ("预算数", "budget total"),
    "budget.fiscal": ("财政资金", "fiscal funds"),
    "budget.other": ("其他资金", "other funds"),
    "budget.sources": ("资金来源明细", "funding sources"),
    "purpose": ("资金用途", "use of funds"),
    "spending_plan": ("资金支出计划", "spending plan"),
    "goals": ("绩效目标", "performance goals"),
    "indicators": ("绩效指标（至少一行）", "indicators (at least one row)"),
}


def _path_exists(path: str) -> bool:
    model: type[BaseModel] | None = Project
    for part in path.split("."):
        if model is None or part not in model.model_fields:
            return False
        annotation = model.model_fields[part].annotation
        model = (
            annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel)
            else None
        )
    return True


class RequiredParams(Params):
    """Which project fields must be filled in."""

    required: tuple[str, ...] = Field(
        ("name", "budget.total", "goals", "indicators"),
        description="project fields that must be filled in, as dotted paths of the record "
        "(name, code, budget.total, budget.fiscal, purpose, spending_plan, goals, indicators …); "
        "a list is filled when it has at least one filled item",
    )

    @field_validator("required")
    @classmethod
    def _known_paths(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [p for p in value if not _path_exists(p)]
        if unknown:
            raise ValueError(f"unknown project field(s): {', '.join(unknown)}")
        return value


def _filled(value: Any) -> bool:
    """A value someone wrote: non-blank text, a list with a filled item, a filled row."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(clean(value))
    if isinstance(value, list):
        return any(map(_filled, value))
    if isinstance(value, Indicator):
        return bool(clean(value.name) or clean(value.value))
    if isinstance(value, BaseModel):
        return any(_filled(getattr(value, name)) for name in type(value).model_fields)
    return True


@lru_cache(maxsize=64)
def _path_parts(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def _resolve(project: Project, path: str) -> Any:
    current: Any = project
    for part in _path_parts(path):
        current = getattr(current, part, None)
        if current is None:
            return None
    return current


@rule(
    "S003",
    "required-fields",
    category="structure",
    severity="error",
    basis=_BASIS_COMPLETE + "；中发〔2018〕34号：预算项目须有绩效目标",
    title=("项目必填内容齐全", "required project fields filled in"),
    message=("{field}未填写", "{field_en} is not filled in"),
    params=RequiredParams,
)
def required_fields(project: Project, ctx: ProjectContext[RequiredParams]) -> Iterator[Hit]:
    """策略规定的项目必填内容都已填写。

    检查：全国默认要求项目名称、预算数、绩效目标和至少一行绩效指标；河北省模板（policy/hebei.yaml）另要求项目编码、财政资金、资金用途和资金支出计划。只有空白的内容视为未填写；一行指标至少要有三级指标或指标值。
    原因：没有绩效目标的项目不能进入预算（中发〔2018〕34号）；缺项的表无法审核，按“完整性”退回。
    示例：项目名称一栏空白；指标表只有表头没有指标行。
    修改：按模板补填缺少的内容。
    ---
    What: every project field the policy requires is filled in. National default: 项目名称 (name),
    预算数 (budget total), 绩效目标 (goals) and at least one indicator row; the provincial template
    (policy/hebei.yaml) adds 项目编码, 财政资金, 资金用途 and the spending plan. Whitespace alone is
    blank; an indicator row counts when it has a 三级 name or a value.
    Why: a budget item without performance targets cannot be approved (中发〔2018〕34号); a table
    with gaps cannot be reviewed and is sent back under 完整性 (completeness).
    Example: an empty 项目名称 cell; an indicator table with its header and no rows.
    Fix: fill in the missing fields as the template asks.
    """
    for path in ctx.params.required:
        if not _filled(_resolve(project, path)):
            zh, en = _FIELD_LABELS.get(path, (path, path))
            yield ctx.hit("/" + path.replace(".", "/"), field=zh, field_en=en)


# --- S004 ------------------------------------------------------------------------------------


_NAME = attrgetter("name")
_VALUE = attrgetter("value")
_BASIS = attrgetter("basis")


class RowParams(Params):
    """What each indicator row must hold."""

    require_basis: bool = Field(
        False, description="an indicator row must also fill in 指标值确定依据 (basis)"
    )


@rule(
    "S004",
    "indicator-row-complete",
    category="structure",
    severity="error",
    also=("info",),
    basis=_BASIS_COMPLETE,
    title=("指标行填写完整", "indicator rows filled in"),
    messages={
        "name": (
            "{level}指标行缺少三级指标名称",
            "an indicator row under {level} has no 三级 (indicator) name",
        ),
        "value": (
            "指标“{name}”缺少指标值",
            "indicator {name} has no target value (指标值)",
        ),
        "basis": (
            "指标“{name}”缺少指标值确定依据",
            "indicator {name} has no basis (指标值确定依据)",
        ),
        "template": (
            "“{level}”行只有一级/二级名称，是未填写的模板行",
            "the row {level} holds only its 一级/二级 labels: an unfilled template row",
        ),
    },
    params=RowParams,
)
def indicator_row_complete(project: Project, ctx: ProjectContext[RowParams]) -> Iterator[Hit]:
    """每一行绩效指标都有三级指标和指标值，策略要求时还要有指标值确定依据。

    检查：去掉空白后，每行的三级指标、指标值不为空；策略设 require_basis（河北省模板）时依据也不为空。只有一级/二级名称、其余全空的行是未填写的模板行，作为提示（info）报告。
    原因：缺少指标名称或指标值的行无法考核（88号“细化量化”）；模板行留在表中说明表格没有整理完。
    示例：“产出指标/质量指标”一行，三级指标和指标值都空着。
    修改：补填该行，或删除不需要的模板行。
    ---
    What: after stripping whitespace, every indicator row has a 三级 name and a 指标值 (value), and a
    basis (指标值确定依据) where the policy sets `require_basis` (the provincial template does). A row
    holding only its 一级/二级 labels and nothing else is an unfilled template row: info.
    Why: a row without a name or a value cannot be assessed (88号: 细化量化, specific and
    quantified); template rows left in show the table was not finished.
    Example: a row 产出指标 / 质量指标 with empty 三级 name and value.
    Fix: fill in the row, or delete the template row that is not needed.
    """
    rows = project.indicators
    # The usual case, every row with its name and value (and basis), in one pass over the
    # cells: `str.strip` drops what `clean` drops (Unicode whitespace), so x.strip() is empty
    # exactly when clean(x) is.
    if (
        all(map(str.strip, map(_NAME, rows)))
        and all(map(str.strip, map(_VALUE, rows)))
        and (not ctx.params.require_basis or all(map(str.strip, map(_BASIS, rows))))
    ):
        return
    for index, row in enumerate(rows):
        name, value, basis = clean(row.name), clean(row.value), clean(row.basis)
        level = "/".join(x for x in (clean(row.level1), clean(row.level2)) if x) or "—"
        if not (name or value or basis or clean(row.description)):
            if clean(row.level1) or clean(row.level2):
                yield ctx.hit(f"/indicators/{index}", "template", severity="info", level=level)
            continue
        shown = name or clean(row.description) or level
        if not name:
            yield ctx.hit(f"/indicators/{index}/name", "name", level=level)
        if not value:
            yield ctx.hit(f"/indicators/{index}/value", "value", name=shown)
        if ctx.params.require_basis and not basis:
            yield ctx.hit(f"/indicators/{index}/basis", "basis", name=shown)


# --- S005 ------------------------------------------------------------------------------------


class HeadingParams(Params):
    """How a heading is reduced to the project name it should repeat."""

    number_prefix: str = Field(
        r"^\s*[0-9０-９]+\s*[.．、]\s*",
        description="regular expression of the table number in front of the heading (`3.`)",
    )
    suffixes: tuple[str, ...] = Field(
        ("项目支出绩效目标表", "绩效目标申报表", "绩效目标表"),
        description="words that end a heading after the project name (the longest match is removed)",
    )

    _check = field_validator("number_prefix")(regex_pattern)


@lru_cache(maxsize=16)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=16)
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


@rule(
    "S005",
    "heading-matches-name",
    category="structure",
    severity="info",
    basis=_BASIS_COMPLETE,
    title=("表头与项目名称一致", "heading matches the project name"),
    messages={
        "default": (
            "表头中的项目名称“{heading_name}”与项目名称“{name}”不一致",
            "the heading names the project {heading_name}, the 项目名称 is {name}",
        ),
        "whitespace": (
            "表头中的项目名称“{heading_name}”与项目名称“{name}”只有空格不同",
            "the heading's project name {heading_name} differs from the 项目名称 {name} "
            "in whitespace only",
        ),
    },
    params=HeadingParams,
)
def heading_matches_name(project: Project, ctx: ProjectContext[HeadingParams]) -> Iterator[Hit]:
    """表头（“3.…绩效目标表”）中的项目名称与“项目名称”一栏一字不差。

    检查：去掉表头前的序号（如“3.”）和末尾的“绩效目标表”等字样及首尾空白后，与项目名称逐字比较；只有空格不同也报告（另有说明）。中间空格的个数也算在内。
    原因：表头与项目名称不一致时，汇总、归档和按名称查找项目都会出错；多半是复制时漏改或多打了空格。
    示例：种子文档表 3 表头“怀财字[2023]7号办案及业务”，项目名称“怀财字[2023]7号 办案及业务”（少一个空格）。
    修改：把表头改成与项目名称完全一致（或反之）。
    ---
    What: the project name in the heading (`3.…绩效目标表`) is the 项目名称 character for character:
    after removing the table number (`3.`), the closing words (绩效目标表 …) and surrounding
    whitespace, the two strings are equal. Whitespace inside counts: a difference in spaces only is
    reported too, with its own message.
    Why: a heading that differs from the name breaks summaries, filing and look-up by name; it is
    usually a copy that was not updated, or a space added or lost.
    Example: seed table 3: heading 怀财字[2023]7号办案及业务, name 怀财字[2023]7号 办案及业务.
    Fix: make the heading repeat the project name exactly (or correct the name).
    """
    heading = (project.heading or "").strip()
    name = (project.name or "").strip()
    if not heading or not clean(name):
        return
    core = _compiled(ctx.params.number_prefix).sub("", heading, count=1)
    for suffix in _longest_first(ctx.params.suffixes):
        if suffix and core.endswith(suffix):
            core = core[: -len(suffix)]
            break
    core = core.strip()
    if core == name:
        return
    key = "whitespace" if clean(core) == clean(name) else "default"
    yield ctx.hit("/heading", key, heading_name=core, name=name)


# --- S006 ------------------------------------------------------------------------------------


@rule(
    "S006",
    "duplicate-code",
    category="structure",
    severity="error",
    basis=_BASIS_COMPLETE + "；项目编码唯一标识预算项目",
    title=("项目编码在一批中唯一", "project code unique in a batch"),
    message=(
        "项目编码 {code} 重复：已用于 {first}（“{first_name}”）",
        "project code {code} is used twice: already by {first} ({first_name})",
    ),
    scope="batch",
)
def duplicate_code(keys: list[ProjectKey], ctx: BatchContext[Params]) -> Iterator[Hit]:
    """一个项目编码在一次检查的全部记录中只出现一次。

    检查：比较所有文件、所有项目的项目编码（去掉空白后逐字比较）；第一次出现的项目不报告，之后每一次重复出现都报告，并指出第一次出现的位置。没有编码的项目不参加比较（S003/N001 负责）。
    原因：项目编码是预算系统中项目的唯一标识；重复的编码会使两个项目的目标、资金和评价混在一起。
    示例：两张表都写 13073023P00017010002Q，通常是复制表格后忘改编码。
    修改：核对预算系统中的编码，改正后出现的那一张（或两张都核对）。
    ---
    What: a 项目编码 appears once across every file and project of the run (compared after removing
    whitespace). The first occurrence is not reported; every later one is, naming where the first
    is. Projects without a code are not compared (S003/N001 report those).
    Why: the code identifies the project in the budget system; two projects with one code get
    their targets, money and evaluations mixed up.
    Example: two tables both coded 13073023P00017010002Q, typically a copied table.
    Fix: look the code up in the budget system and correct the later table (or check both).
    """
    first: dict[str, ProjectKey] = {}
    for key in keys:
        code = clean(key.code)
        if not code:
            continue
        seen = first.get(code)
        if seen is None:
            first[code] = key
            continue
        where = seen.file + (f":{seen.location.line}" if seen.location.line else "")
        where += f" #{seen.project + 1}"
        yield ctx.hit(
            "/code", key=key, code=code, first=where, first_name=(seen.name or "").strip() or "—"
        )


# --- S007 ------------------------------------------------------------------------------------


class QuantifiedParams(Params):
    """What counts as a quantified target in the Part 1 narrative."""

    units: tuple[str, ...] = Field(
        (
            "%",
            "％",
            "个",
            "家",
            "项",
            "次",
            "人",
            "人次",
            "户",
            "座",
            "辆",
            "台",
            "套",
            "件",
            "所",
            "处",
            "条",
            "场",
            "名",
            "万元",
            "亿元",
            "元",
            "亩",
            "公顷",
            "公里",
            "千米",
            "平方米",
            "吨",
            "千瓦",
            "标准机架",
            "天",
            "个月",
        ),
        description="units that make a number in the narrative a quantified target "
        "(a 万/亿 in front is accepted: 13万标准机架); years (2023年) do not count",
    )


@rule(
    "S007",
    "part1-quantified",
    category="structure",
    severity="info",
    basis="财预〔2015〕88号：绩效目标应细化量化",
    title=("部门整体目标有量化内容", "Part 1 states a quantified target"),
    message=(
        "第一部分没有任何量化的部门整体目标（数字加单位，如“新增5家”“100%”）",
        "Part 1 states no quantified department-wide target (a number with a unit, e.g. 5家, 100%)",
    ),
    params=QuantifiedParams,
    scope="document",
)
def part1_quantified(document: Document, ctx: DocumentContext[QuantifiedParams]) -> Iterator[Hit]:
    """第一部分至少有一个量化的部门整体目标。

    检查：第一部分各节的文字中至少有一处“阿拉伯数字＋单位”（单位见参数 units，如个、家、%、亿元；数字前可有万、亿）；年份（2023年）不算。没有第一部分的文档由 S002 报告，这里不重复。
    原因：部门整体目标也要“细化量化”（88号），否则年终无法评价部门是否完成目标。
    示例：“全面提升服务水平，推动产业高质量发展”，通篇没有一个数字。
    修改：写出可以考核的数量目标，如“新开工项目22个”“规上企业不少于16家”。
    ---
    What: the text of Part 1 holds at least one number with a unit (the `units` parameter, e.g. 个,
    家, %, 亿元, with an optional 万/亿 in front); years (2023年) do not count. A document without
    Part 1 is S002's finding and is not reported again here.
    Why: department-wide targets must be specific and quantified too (88号: 细化量化), or the year's
    evaluation cannot say whether the department met them.
    Example: "全面提升服务水平，推动产业高质量发展" and no number anywhere.
    Fix: state measurable targets, e.g. 新开工项目22个, 规上企业不少于16家.
    """
    overview = document.overview
    if ctx.standalone or overview is None or not overview.sections:
        return
    units = sorted((u for u in ctx.params.units if u), key=len, reverse=True)
    if not units:
        return
    pattern = re.compile(
        r"[0-9０-９]+(?:[.．][0-9０-９]+)?\s*[万亿千百]?\s*(?:"
        + "|".join(re.escape(u) for u in units)
        + ")"
    )
    text = "\n".join(s.text for s in overview.sections)
    if pattern.search(text):
        return
    yield ctx.hit("/overview/sections/0" if overview.sections else "/overview")


RULES: tuple[Rule, ...] = (
    part1_sections,
    required_fields,
    indicator_row_complete,
    heading_matches_name,
    duplicate_code,
    part1_quantified,
)
