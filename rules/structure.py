"""S — structure and completeness (完整性): Part 1, required fields, rows, heading, codes.

S000 and S001 are the engine's own (`checker/engine_rules.py`); the rules here look at what a
record holds once it has been read and validated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field, field_validator

from checker.model import Document, Indicator, Project
from checker.patterns import Pattern, compile_pattern
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
from checker.values import clean, squeeze, unit_only
from rules.coverage import classes_after_cut

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
    advice={
        "missing_part": (
            "按模板在各项目表之前补写第一部分“部门整体绩效目标”",
            "add Part 1 (部门整体绩效目标) before the project tables, as the template has it",
        ),
        "missing": (
            "补上“{section}”一节，并在标题下填写内容",
            "add the section {section} and write its content under the heading",
        ),
        "empty": ("在“{section}”标题下填写内容", "write the content under the heading {section}"),
    },
    params=SectionsParams,
    scope="document",
)
def part1_sections(document: Document, ctx: DocumentContext[SectionsParams]) -> Iterator[Hit]:
    """第一部分“部门整体绩效目标”的各节（一、总体绩效目标；二、分项绩效目标；三、工作保障措施）齐全且有内容。

    检查：文档有第一部分；策略列出的每一节都在，且至少有一段非空文字。只检查部门文档（第一部分＋第二部分）：单独的项目表、附在通知后的绩效目标表、部门整体绩效目标表和单独的项目记录没有第一部分，不检查。
    原因：部门整体绩效目标是预算项目目标的上位目标；只有标题没有内容等于没有申报，审核时按“完整性”退回。
    示例：种子文档第 15 行“二、分项绩效目标”与第 17 行“三、工作保障措施”只有标题。
    修改：在各节标题下填写分项目标和保障措施；缺少的节按模板补齐。
    ---
    What: the document has Part 1 (部门整体绩效目标), and each section the policy lists (by default
    一、总体绩效目标, 二、分项绩效目标, 三、工作保障措施) is present with at least one non-blank
    paragraph. Only a department document (Part 1 + Part 2) is checked: standalone project tables,
    tables attached to a notice, a department-wide table and bare project records have no Part 1.
    Why: the department-wide targets frame every project target; a heading with nothing under it is
    an incomplete submission and is sent back under the 完整性 (completeness) review.
    Example: in the seed, 二、分项绩效目标 (line 15) and 三、工作保障措施 (line 17) are headings only.
    Fix: write the itemised targets and the safeguards under their headings; add missing sections.
    """
    if ctx.standalone or not document.expects_part1:
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
    also=("info",),
    messages={
        "default": ("{field}未填写", "{field_en} is not filled in"),
        "annual": (
            "年度{field}未填写，只填了中期（实施期）的{field}；已按中期{field}检查",
            "the annual {field_en} is not filled in, only the mid-term one; the mid-term "
            "{field_en} was checked instead",
        ),
    },
    advice={
        "default": ("按模板填写{field}", "fill in the {field_en} as the template asks"),
        "annual": ("补填年度{field}", "fill in the annual {field_en}"),
    },
    params=RequiredParams,
)
def required_fields(project: Project, ctx: ProjectContext[RequiredParams]) -> Iterator[Hit]:
    """策略规定的项目必填内容都已填写。

    检查：全国默认要求项目名称、预算数、绩效目标和至少一行绩效指标；河北省模板（policy/hebei.yaml）另要求项目编码、财政资金、资金用途和资金支出计划。只有空白的内容视为未填写；一行指标至少要有三级指标或指标值。表格的版式里没有该栏（如指标为列的表格没有预算数）、或导入时有无法识别的栏目可能填了该项（S008 报告该栏目）时不报告；文件在表头部分就结束时由 S009 报告。中期与年度并列的表格只填了中期目标时，按中期目标检查并作提示。
    原因：没有绩效目标的项目不能进入预算（中发〔2018〕34号）；缺项的表无法审核，按“完整性”退回。
    示例：项目名称一栏空白；指标表只有表头没有指标行。
    修改：按模板补填缺少的内容。
    ---
    What: every project field the policy requires is filled in. National default: 项目名称 (name),
    预算数 (budget total), 绩效目标 (goals) and at least one indicator row; the provincial template
    (policy/hebei.yaml) adds 项目编码, 财政资金, 资金用途 and the spending plan. Whitespace alone is
    blank; an indicator row counts when it has a 三级 name or a value. A field the table's layout
    has no place for (the budget of a table whose indicators are columns), or that a label the
    importer could not map may hold (S008 names the label), is not reported; a file that ends
    inside the table's header is S009's finding. Where a table sets 中期 beside 年度 and only the
    中期 goal is filled in, that goal is checked and an info says so.
    Why: a budget item without performance targets cannot be approved (中发〔2018〕34号); a table
    with gaps cannot be reviewed and is sent back under 完整性 (completeness).
    Example: an empty 项目名称 cell; an indicator table with its header and no rows.
    Fix: fill in the missing fields as the template asks.
    """
    reading = project.reading
    if reading is not None and reading.cut == "header":
        return  # the file ends before the table does: S009 says so once
    unread = _unread_fields(project)
    for path in ctx.params.required:
        if path in unread or _filled(_resolve(project, path)):
            continue
        zh, en = _FIELD_LABELS.get(path, (path, path))
        yield ctx.hit("/" + path.replace(".", "/"), field=zh, field_en=en)
    if reading is not None and "goals" in reading.annual_empty and "goals" in ctx.params.required:
        zh, en = _FIELD_LABELS["goals"]
        yield ctx.hit("/goals", "annual", severity="info", field=zh, field_en=en)


def _unread_fields(project: Project) -> frozenset[str]:
    """Fields the importer could not read from this table: those its layout has no place for,
    and those a label it could not map may hold. Their checks stay silent (S008 names the
    labels)."""
    reading = project.reading
    if reading is None:
        return frozenset()
    fields = set(reading.absent)
    for label in reading.unmapped:
        fields.update(label.fields)
    return frozenset(fields)


# --- S004 ------------------------------------------------------------------------------------


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
        "unit_only": (
            "指标“{name}”的指标值只写了单位“{value}”，没有数字",
            "indicator {name} has only a unit as its value ({value}), no number",
        ),
        "basis": (
            "指标“{name}”缺少指标值确定依据",
            "indicator {name} has no basis (指标值确定依据)",
        ),
        "template": (
            "“{level}”行只有一级/二级名称，是未填写的模板行",
            "the row {level} holds only its 一级/二级 labels: an unfilled template row",
        ),
        "annual": (
            "年度绩效指标未填写（{count} 行只有二级指标名称），只填了中期（实施期）指标；已按中期指标检查",
            "the annual indicators are not filled in ({count} rows hold only their 二级 labels), "
            "only the mid-term ones; the mid-term indicators were checked instead",
        ),
    },
    advice={
        "name": (
            "填写这一行（{level}）的三级指标名称，或删除该行",
            "name the indicator of this row ({level}), or delete the row",
        ),
        "value": ("为“{name}”填写指标值", "give '{name}' its target value"),
        "unit_only": (
            "在“{value}”中写出目标数字（比较符 + 数字 + 单位）",
            "write the target number in '{value}' (comparator, number, unit)",
        ),
        "basis": ("为“{name}”填写指标值确定依据", "give the basis of '{name}'"),
        "template": (
            "填写“{level}”行的三级指标和指标值，或删除这一模板行",
            "fill in the indicator and value of the row '{level}', or delete the template row",
        ),
        "annual": (
            "补填年度绩效指标（年度目标是本年度要达到的部分）",
            "fill in the annual indicators (the part of the target due this year)",
        ),
    },
    params=RowParams,
)
def indicator_row_complete(project: Project, ctx: ProjectContext[RowParams]) -> Iterator[Hit]:
    """每一行绩效指标都有三级指标和指标值，策略要求时还要有指标值确定依据。

    检查：去掉空白后，每行的三级指标、指标值不为空（只写了单位、没有数字的指标值，如“公里”“≥ %”，也算没有填）；策略设 require_basis（河北省模板）时依据也不为空。只有一级/二级名称、其余全空的行是未填写的模板行，作为提示（info）报告。中期与年度并列的表格年度指标整组未填、只填了中期指标时，报告一次（错误），并按中期指标检查。导入时读不到指标值列（S008）或值行被截断（S009）时不报告缺少指标值。
    原因：缺少指标名称或指标值的行无法考核（88号“细化量化”）；模板行留在表中说明表格没有整理完。
    示例：“产出指标/质量指标”一行，三级指标和指标值都空着。
    修改：补填该行，或删除不需要的模板行。
    ---
    What: after stripping whitespace, every indicator row has a 三级 name and a 指标值 (value; a
    unit with no number, such as 公里 or ≥ %, is no value), and a
    basis (指标值确定依据) where the policy sets `require_basis` (the provincial template does). A row
    holding only its 一级/二级 labels and nothing else is an unfilled template row: info. A table
    with 中期 and 年度 groups whose annual group is left empty while the 中期 one is filled is
    reported once (error), and its 中期 rows are checked instead. Missing values are not reported
    where the importer found no value column (S008) or the value rows are cut off (S009).
    Why: a row without a name or a value cannot be assessed (88号: 细化量化, specific and
    quantified); template rows left in show the table was not finished.
    Example: a row 产出指标 / 质量指标 with empty 三级 name and value.
    Fix: fill in the row, or delete the template row that is not needed.
    """
    rows = project.indicators
    reading = project.reading
    if reading is not None and "indicators" in reading.annual_empty:
        empty = len(project.mid_term.indicators) if project.mid_term else 0
        yield ctx.hit("/mid_term/indicators", "annual", count=empty)
    values_unread = reading is not None and (
        reading.cut == "values" or "indicators.value" in _unread_fields(project)
    )
    # The usual case: every row with its name and value (and basis). `str.strip` drops what
    # `clean` drops (Unicode whitespace), so x.strip() is empty exactly when clean(x) is.
    require_basis = ctx.params.require_basis
    if all(
        row.name.strip()
        and row.value.strip()
        and (not require_basis or row.basis.strip())
        and not unit_only(row.value)
        for row in rows
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
        if not value and not values_unread:
            yield ctx.hit(f"/indicators/{index}/value", "value", name=shown)
        elif value and unit_only(row.value):
            yield ctx.hit(
                f"/indicators/{index}/value",
                "unit_only",
                text=row.value,
                name=shown,
                value=squeeze(row.value),
            )
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
def _compiled(pattern: str) -> Pattern:
    return compile_pattern(pattern)


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
    advice=(
        "把表头中的“{heading_name}”改为“{name}”，或改正项目名称，使两处一字不差",
        "make the heading's '{heading_name}' read '{name}', or correct the 项目名称, so the two "
        "are the same",
    ),
    params=HeadingParams,
    # Not tidy: a heading naming another project (copied, not updated) is a real defect. Its
    # `whitespace` finding alone (one space more or less) is an artefact a reviewer would not
    # send back, but it has no safe fix and `tidy` marks a whole rule.
)
def heading_matches_name(project: Project, ctx: ProjectContext[HeadingParams]) -> Iterator[Hit]:
    """表头（“3.…绩效目标表”）中的项目名称与“项目名称”一栏一字不差。

    检查：去掉表头前的序号（如“3.”）和末尾的“绩效目标表”等字样及首尾空白后，与项目名称逐字比较；只有空格不同也报告（另有说明）。中间空格的个数也算在内。表头只是模板标题（如“项目支出绩效目标批复表”，与项目名称没有连续四个字相同）时不比较。
    原因：表头与项目名称不一致时，汇总、归档和按名称查找项目都会出错；多半是复制时漏改或多打了空格。
    示例：种子文档表 3 表头“怀财字[2023]7号办案及业务”，项目名称“怀财字[2023]7号 办案及业务”（少一个空格）。
    修改：把表头改成与项目名称完全一致（或反之）。
    ---
    What: the project name in the heading (`3.…绩效目标表`) is the 项目名称 character for character:
    after removing the table number (`3.`), the closing words (绩效目标表 …) and surrounding
    whitespace, the two strings are equal. Whitespace inside counts: a difference in spaces only is
    reported too, with its own message. A heading that is only the template's title (项目支出
    绩效目标批复表: no run of four characters in common with the name) is not compared.
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
    if core == name or not _names_a_project(clean(core), clean(name)):
        return
    key = "whitespace" if clean(core) == clean(name) else "default"
    yield ctx.hit("/heading", key, heading_name=core, name=name)


def _names_a_project(core: str, name: str) -> bool:
    """Whether a heading names a project at all: it shares a run of four characters with the
    name. A template title (`项目支出绩效目标批复表`, `2023年项目支出绩效目标表公开`) does not, and
    is no heading to compare."""
    if not core:
        return False
    if len(name) < 4 or len(core) < 4:
        return core == name
    grams = {name[i : i + 4] for i in range(len(name) - 3)}
    return any(core[i : i + 4] in grams for i in range(len(core) - 3))


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
    advice=(
        "在预算系统中核对编码 {code}：它已用于 {first}，改正两张表中错的一张",
        "look the code {code} up in the budget system: {first} uses it already; correct the "
        "table that is wrong",
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
        "第一部分没有任何量化的部门整体目标（数字加单位）",
        "Part 1 states no quantified department-wide target (a number with a unit)",
    ),
    advice=(
        "在第一部分写出可以考核的数量目标：做多少、达到多少，数字加单位",
        "state measurable targets in Part 1: how much is to be done or reached, a number with "
        "its unit",
    ),
    params=QuantifiedParams,
    scope="document",
)
def part1_quantified(document: Document, ctx: DocumentContext[QuantifiedParams]) -> Iterator[Hit]:
    """第一部分至少有一个量化的部门整体目标。

    检查：第一部分各节的文字中至少有一处“阿拉伯数字＋单位”（单位见参数 units，如个、家、%、亿元；数字前可有万、亿）；年份（2023年）不算。没有第一部分的文档由 S002 报告，这里不重复。
    原因：部门整体目标也要“细化量化”（88号），否则年终无法评价部门是否完成目标。
    示例：“全面提升服务水平，推动产业高质量发展”，通篇没有一个数字。
    修改：写出可以考核的数量目标：做多少、达到多少，数字加单位。
    ---
    What: the text of Part 1 holds at least one number with a unit (the `units` parameter, e.g. 个,
    家, %, 亿元, with an optional 万/亿 in front); years (2023年) do not count. A document without
    Part 1 is S002's finding and is not reported again here.
    Why: department-wide targets must be specific and quantified too (88号: 细化量化), or the year's
    evaluation cannot say whether the department met them.
    Example: "全面提升服务水平，推动产业高质量发展" and no number anywhere.
    Fix: state measurable targets, how much is to be done or reached: a number with its unit.
    """
    overview = document.overview
    if ctx.standalone or not document.expects_part1 or overview is None or not overview.sections:
        return
    units = sorted((u for u in ctx.params.units if u), key=len, reverse=True)
    if not units:
        return
    pattern = re.compile(  # anchored at the start of a digit run: linear on long runs
        r"(?<![0-9０-９.．])[0-9０-９]+(?:[.．][0-9０-９]+)?\s*[万亿千百]?\s*(?:"
        + "|".join(re.escape(u) for u in units)
        + ")"
    )
    text = "\n".join(s.text for s in overview.sections)
    if pattern.search(text):
        return
    yield ctx.hit("/overview/sections/0" if overview.sections else "/overview")


# --- S008 ------------------------------------------------------------------------------------

_BASIS_READ = "财预〔2015〕88号：绩效目标审核——完整性（审核须能读到表中每一项）"


@rule(
    "S008",
    "unread-label",
    category="structure",
    severity="warning",
    also=("info",),
    basis=_BASIS_READ,
    title=("表中有无法识别的栏目", "a label or column that could not be read"),
    messages={
        "default": (
            "无法识别的栏目“{label}”：未能对应到绩效目标表的任何一项，其内容没有经过检查",
            "unrecognised label {label}: it maps to no field of a target table, and its "
            "content was not checked",
        ),
        "fields": (
            "无法识别的栏目“{label}”：可能填的是{fields}，没有经过检查；{fields}的必填检查已略过",
            "unrecognised label {label}: it may hold the {fields_en}, which was not checked; "
            "the completeness check of the {fields_en} was skipped",
        ),
    },
    advice=(
        "把栏目“{label}”改为标准模板的栏目名称，或在本地策略中说明这种模板；确认其内容后可豁免本条",
        "rename the label '{label}' as the standard template names it, or describe the template "
        "in a local policy; once its content is confirmed, the finding can be waived",
    ),
)
def unread_label(project: Project, ctx: ProjectContext[Params]) -> Iterator[Hit]:
    """导入时遇到无法识别的栏目（标签或列），如实报告一次，而不是当作没填。

    检查：导入程序记下的每个无法对应到模型字段的标签或列（Project.reading.unmapped），各报告一次，写明其文字；能从字面判断可能填的是哪一项（如含“资金”“目标”“名称”）时一并说明，这些项的必填检查（S003、S004 的指标值）随之略过，为警告；看不出填的是哪一项、没有检查因它略过的，为提示。
    原因：各地模板的栏目名称不同。读不懂的栏目若悄悄丢掉，审核就漏看了内容；若当作“未填写”，又会报出一串并不存在的错误。读不懂就应当说出来，由人来确认。
    示例：指标表没有“指标值”列，目标值分散在“西坪镇尧山村”“桃舟乡吾培村”等每个村一列中。
    修改：按标准模板的栏目名称改写该栏目，或在本地策略中说明这种模板；确认其内容后可豁免本条。
    ---
    What: each label or column the importer could not map to a field of the model
    (Project.reading.unmapped) is reported once, with its text; where its words say which field
    it may hold (资金, 目标, 名称 …) the message says so, and the completeness checks of those
    fields (S003, and S004's missing value) are skipped for the table: a warning. A label whose
    words suggest no field, and on which no check waits, is an info.
    Why: templates name their fields differently. A label dropped silently hides content from the
    review; one taken for an empty field raises errors about data that is there. What the
    importer cannot read it says, once, for a person to confirm.
    Example: an indicator table without a 指标值 column, the targets split over one column per
    village (西坪镇尧山村, 桃舟乡吾培村 …).
    Fix: use the standard template's label, or describe the template in a local policy; once the
    content is confirmed, the finding can be waived.
    """
    reading = project.reading
    if reading is None:
        return
    for index, label in enumerate(reading.unmapped):
        pointer = f"/reading/unmapped/{index}"
        if label.fields:
            zh = "、".join(
                _FIELD_LABELS.get(f, (_VALUE_FIELD_ZH.get(f, f),))[0] for f in label.fields
            )
            en = ", ".join(
                _FIELD_LABELS.get(f, (f, _VALUE_FIELD_EN.get(f, f)))[1] for f in label.fields
            )
            yield ctx.hit(
                pointer, "fields", text=label.label, label=label.label, fields=zh, fields_en=en
            )
        else:
            # nothing checked depends on it: said, but below the warnings a reviewer acts on
            yield ctx.hit(pointer, text=label.label, label=label.label, severity="info")


_VALUE_FIELD_ZH = {"indicators.value": "指标值"}
_VALUE_FIELD_EN = {"indicators.value": "target values"}


# --- S009 ------------------------------------------------------------------------------------


@rule(
    "S009",
    "table-ends-early",
    category="structure",
    severity="warning",
    basis=_BASIS_COMPLETE,
    title=("表格在文件末尾提前结束", "the table ends with the file, before it is complete"),
    messages={
        "header": (
            "文件在这张绩效目标表的表头部分就结束了，没有指标表：文件可能被截断，也可能漏填了绩效指标",
            "the file ends inside this target table's header, before any indicator table: the "
            "file may be cut short, or the indicators were left out",
        ),
        "values": (
            "指标表只有指标名称，没有填写指标值的行，文件在此结束：文件可能被截断，也可能漏填了指标值",
            "the indicator table names its indicators but has no row of values, and the file "
            "ends there: it may be cut short, or the values were left out",
        ),
        "indicators": (
            "指标表在“{last}”之后随文件结束，没有{missing}：文件可能被截断，也可能漏填了这些指标",
            "the indicator table ends with the file after {last_en}, with no {missing_en}: the "
            "file may be cut short, or these indicators were left out",
        ),
    },
    advice={
        "header": (
            "提供完整的表格；表格本来就没有绩效指标的，按模板补填",
            "supply the whole table; where it really has no indicators, fill them in as the "
            "template asks",
        ),
        "values": (
            "提供完整的表格；指标值本来就没有填写的，逐项填写",
            "supply the whole table; where the values were really left out, fill in each",
        ),
        "indicators": (
            "提供完整的表格；表格本来就没有{missing}的，按模板补齐",
            "supply the whole table; where it really has no {missing_en}, add them as the "
            "template asks",
        ),
    },
)
def table_ends_early(project: Project, ctx: ProjectContext[Params]) -> Iterator[Hit]:
    """文件在一张绩效目标表中途结束时，报告一次，代替一连串“缺少……”。

    检查：表格是文件的最后一部分且不完整时（Project.reading.cut）：只有表头没有指标表；指标为列的表格没有数值行；或指标表随文件结束、按模板顺序应在最后一行之后出现的类别（如效益、满意度指标）一个也没有。这时缺少的内容不再由 S003、S004、C001–C004、G001 逐条报告，而由本条报告一次。
    原因：网上转载、复制或截取的表格常常只剩前半部分；把截断当成漏填会报出一串错误。文件完整而确实漏填时，本条同样提醒补齐。
    示例：申报表在“产出指标/成本指标”一行之后就是文件末尾，没有效益指标和满意度指标。
    修改：提供完整的表格；表格本来就缺这些内容的，按模板补齐。
    ---
    What: where a table is the last thing in the file and incomplete (Project.reading.cut): a
    header with no indicator table; a table whose indicators are columns with no row of values;
    or an indicator table that ends with the file while classes that come after its last row in
    the template's order (效益, 满意度 …) are all missing. The missing parts are then not reported
    one by one by S003, S004, C001–C004 or G001, but once here.
    Why: tables copied or published on the web are often cut after their first part; taking the
    cut for omissions raises a cascade of errors. Where the file is whole and the parts are
    truly missing, this finding asks for them just the same.
    Example: a 申报表 whose file ends after the row 产出指标/成本指标, with no 效益 or 满意度.
    Fix: supply the whole table; where the table really lacks these parts, complete it.
    """
    reading = project.reading
    if reading is None or reading.cut is None:
        return
    if reading.cut in ("header", "values"):
        yield ctx.hit("/reading", reading.cut)
        return
    missing = classes_after_cut(ctx.facts.places)
    if missing:
        last, last_en, zh, en = missing
        yield ctx.hit(
            "/reading", "indicators", last=last, last_en=last_en, missing=zh, missing_en=en
        )


RULES: tuple[Rule, ...] = (
    part1_sections,
    required_fields,
    indicator_row_complete,
    heading_matches_name,
    duplicate_code,
    part1_quantified,
    unread_label,
    table_ends_early,
)
