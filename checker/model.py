"""The target-record model: a department's document and its project target tables.

Every field holds the string the department wrote, unchanged (whitespace included: N005 needs
it). Parsed forms sit beside the raw strings as cached properties, so a record written to YAML
holds only what a person wrote and can edit, and loading it back gives an equal model.
Field names are English; the Chinese stays in the data (see domain.md §1 and §7).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar, overload

from pydantic import BaseModel, ConfigDict, Field, field_validator

from checker.values import (
    WAN_PER_UNIT,
    ParsedValue,
    clean,
    parse_amount,
    parse_percent,
    parse_value,
    table_money_unit,
    unit_class,
)

RECORD_FORMAT = "jxcheck/1"


_T = TypeVar("_T")


class cached_property(Generic[_T]):
    """`functools.cached_property` without its lock (Python 3.11 takes one on every first
    read; 3.12 dropped it): rules read parsed forms tens of thousands of times a batch."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type) -> cached_property[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type) -> _T: ...
    def __get__(self, instance: object, owner: type) -> _T | cached_property[_T]:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value  # found there first from now on
        return value


class Record(BaseModel):
    """Base of every record model: unknown keys are errors (a typo must not vanish)."""

    model_config = ConfigDict(
        extra="forbid",
        ignored_types=(cached_property,),
        str_strip_whitespace=False,
        populate_by_name=True,
    )


#: What a record may hold for an amount or a percent, for the JSON Schema: text or a number.
_AMOUNT_INPUT = str | float
_OPTIONAL_AMOUNT_INPUT = str | float | None


def _amount_to_text(value: Any) -> Any:
    """Accept a YAML/JSON number for an amount or a percent and keep it as its text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return str(value)
    return value


class Budget(Record):
    """预算规模: 预算数 = 财政资金 + 其他资金, in the table's money unit."""

    total: str | None = Field(None, description="预算数 / 年度资金总额 / 项目总预算")
    fiscal: str | None = Field(None, description="财政资金 / 财政拨款")
    other: str | None = Field(None, description="其他资金 / 其它资金")
    sources: list[FundingSource] = Field(
        default_factory=list,
        description="资金来源明细: 中央/省级/市级/县级/区级资金 where the layout splits them",
    )

    _coerce = field_validator(
        "total", "fiscal", "other", mode="before", json_schema_input_type=_OPTIONAL_AMOUNT_INPUT
    )(_amount_to_text)


class FundingSource(Record):
    """One line of a funding split (中央资金, 市级资金 …)."""

    label: str
    amount: str | None = None

    _coerce = field_validator(
        "amount", mode="before", json_schema_input_type=_OPTIONAL_AMOUNT_INPUT
    )(_amount_to_text)


class Checkpoint(Record):
    """One column of the cumulative spending plan (资金支出计划): `3月底` → ` 30`."""

    label: str = Field(description="checkpoint as written, e.g. 3月底")
    percent: str | None = Field(None, description="cumulative percent of the budget spent by then")

    _coerce = field_validator(
        "percent", mode="before", json_schema_input_type=_OPTIONAL_AMOUNT_INPUT
    )(_amount_to_text)

    @cached_property
    def percent_value(self) -> Decimal | None:
        return parse_percent(self.percent)


class Indicator(Record):
    """One row of the indicator table (一级/二级/三级指标 …).

    An empty 一级/二级 cell under a merged cell holds the value of the row above: the importer
    writes it out so that every row is complete on its own.
    """

    level1: str = Field("", description="一级指标")
    level2: str = Field("", description="二级指标")
    name: str = Field("", description="三级指标")
    description: str = Field("", description="绩效指标描述 / 指标解释 / 指标内容")
    value: str = Field("", description="指标值")
    basis: str = Field("", description="指标值确定依据 / 绩效标准 / 评价标准")
    unit: str | None = Field(None, description="计量单位, where the layout has its own column")
    operator: str | None = Field(
        None, description="指标性质 / 计算符号, where the layout has its own column"
    )
    score: str | None = Field(
        None, description="分值 / 权重, where the layout has it (data, never a value)"
    )
    value_type: str | None = Field(
        None, description="指标值类型 (定量/定性), where the layout has its own column"
    )
    scoring: str | None = Field(None, description="评(扣)分标准, where the layout has it")
    history: str | None = Field(
        None, description="上年实际值 / 历史值 (e.g. 2021年实际实现值), where the layout has it"
    )
    extra: dict[str, str] = Field(
        default_factory=dict,
        description="columns the importer kept but does not check (备注, one column per place …): "
        "column label → cell",
    )

    _coerce = field_validator("value", mode="before", json_schema_input_type=_AMOUNT_INPUT)(
        _amount_to_text
    )
    _coerce_score = field_validator(
        "score", mode="before", json_schema_input_type=_OPTIONAL_AMOUNT_INPUT
    )(_amount_to_text)

    @cached_property
    def parsed(self) -> ParsedValue:
        """The value by the grammar of domain.md §4, with the 计量单位/指标性质 columns joined in.

        A unit written in the 三级 name (`实施营造林总面积(亩)`) is used when neither the value nor a
        unit column gives one.
        """
        unit = self.unit or ""
        if not unit:
            match = _NAME_UNIT_RE.search(self.name)
            # `受益人数(必填)` is a tag, not a unit: only a known unit word counts.
            if match and unit_class(match.group(1)) != "other":
                unit = match.group(1)
        return parse_value(self.value, unit_column=unit, operator_column=self.operator or "")


_NAME_UNIT_RE = re.compile(r"[（(]([^（）()0-9]{1,6})[)）]\s*$")


class MidTerm(Record):
    """The 中期 / 长期 / 实施期 column group some templates set beside the annual one.

    The annual part is what the rules check (it is the project's `budget`, `goals` and
    `indicators`); the longer-term part is kept here as written, so nothing is lost.
    """

    label: str | None = Field(None, description="the group's label as written: 中期, 长期, 实施期")
    budget: Budget | None = Field(None, description="中期资金总额 / 其中：财政拨款 / 其他资金")
    goals: list[str] = Field(default_factory=list, description="中期目标 / 实施期目标")
    indicators: list[Indicator] = Field(default_factory=list, description="the group's indicators")


class UnmappedLabel(Record):
    """A label or column the importer found but could not map to a field.

    Kept so that one finding names it, and so that the checks of the fields it may hold stay
    silent for this table instead of reporting data that is there as missing.
    """

    label: str = Field(description="the label as written")
    value: str | None = Field(None, description="the cell beside or below it, where there is one")
    fields: list[str] = Field(
        default_factory=list,
        description="fields it may hold (S003's paths: budget.total, goals, …; indicators.value)",
    )


Cut = Literal["header", "indicators", "values"]


class Reading(Record):
    """What the importer could not take from the table as written: not the department's data,
    but what the checks must know so that a misread table is a finding, never silence."""

    unmapped: list[UnmappedLabel] = Field(
        default_factory=list, description="labels and columns the importer could not map"
    )
    absent: list[str] = Field(
        default_factory=list,
        description="fields the table's layout has no place for (S003's paths), e.g. the budget "
        "of a table whose indicators are columns",
    )
    annual_empty: list[str] = Field(
        default_factory=list,
        description="annual parts left empty beside a filled 中期 part (`goals`, `indicators`): "
        "the 中期 part was read in their place, and the 中期 group holds the empty annual one",
    )
    assumed: list[str] = Field(
        default_factory=list,
        description="what the table does not say and the importer assumed: `money_unit` "
        "(amounts read as 万元)",
    )
    cut: Cut | None = Field(
        None,
        description="the file ends inside this table before its indicator table (`header`), "
        "before the rest of its indicator rows (`indicators`), or before its value rows "
        "(`values`, a table whose indicators are columns)",
    )


class Detail(Record):
    """A labelled field of the table that no rule checks (项目概况, 立项依据, 项目属性 …)."""

    label: str
    text: str


class ExportArtefact(Record):
    """A Word export artefact (`[bookmark: _GoBack]`) stripped from a cell, and where it was."""

    pointer: str = Field(description="JSON pointer, within the project, of the cell it was in")
    text: str


#: What a target table is for, by its title (项目支出绩效目标表, 部门整体绩效目标表 …).
TableKind = Literal["project", "department", "transfer_payment", "special_fund"]

#: What a file holds: the seed's two-part department document (第一部分 + 第二部分), standalone
#: project tables (also attached to a notice), a department-wide table, or transfer-payment and
#: special-fund tables. Part 1 rules apply to `department_document` only.
DocumentKind = Literal[
    "department_document", "project_tables", "department_table", "transfer_payment", "special_fund"
]


class Project(Record):
    """One 绩效目标表: a project's budget, plan, goals and indicators."""

    heading: str | None = Field(None, description="the table's heading, e.g. 1.…绩效目标表")
    table_kind: TableKind | None = Field(
        None, description="what the table is for, by its title; null: a project table"
    )
    unit: str | None = Field(None, description="预算单位 line: 6-digit unit code and unit name")
    money_unit: str | None = Field(None, description="单位：万元 → 万元")
    code: str | None = Field(None, description="项目编码")
    name: str | None = Field(None, description="项目名称 / 项目支出名称")
    period: str | None = Field(None, description="项目实施期, where the layout has it")
    budget: Budget = Field(default_factory=Budget)
    purpose: str | None = Field(None, description="资金用途")
    spending_plan: list[Checkpoint] | None = Field(
        None, description="资金支出计划（%）, cumulative; null when the layout has none"
    )
    goals: list[str] = Field(default_factory=list, description="绩效目标, one entry per goal")
    indicators: list[Indicator] = Field(default_factory=list)
    export_artefacts: list[ExportArtefact] = Field(
        default_factory=list, description="Word export artefacts the importer stripped (N007)"
    )
    details: list[Detail] = Field(
        default_factory=list,
        description="other labelled fields of the table (项目概况, 立项依据 …), kept as written",
    )
    mid_term: MidTerm | None = Field(
        None, description="the 中期/长期 column group beside the annual one, kept as written"
    )
    reading: Reading | None = Field(
        None, description="what the importer could not read from the table (S008, S009)"
    )

    @cached_property
    def unit_code(self) -> str | None:
        match = _UNIT_RE.match(clean(self.unit))
        return match.group(1) if match else None

    @cached_property
    def unit_name(self) -> str | None:
        match = _UNIT_RE.match(clean(self.unit))
        return match.group(2) if match else (clean(self.unit) or None)

    def amount(self, raw: str | None) -> Decimal | None:
        """An amount of this table in its money unit (万元 unless the table says otherwise)."""
        return parse_amount(raw, clean(self.money_unit) or "万元")

    @cached_property
    def budget_total(self) -> Decimal | None:
        """预算数; where the table writes no total (its layout itemises the funds only:
        财政拨款小计, 其他资金 …) the sum of the parts it writes."""
        if self.budget.total is not None or not (
            self.budget.fiscal or self.budget.other or self.budget.sources
        ):
            return self.amount(self.budget.total)
        parts = [self.budget.fiscal, self.budget.other]
        if not clean(self.budget.fiscal):
            parts += [s.amount for s in self.budget.sources]
        amounts = [self.amount(p) for p in parts if clean(p)]
        if not amounts or any(a is None for a in amounts):
            return None
        return sum((a for a in amounts if a is not None), Decimal(0))

    @cached_property
    def budget_wan(self) -> Decimal | None:
        """预算数 in 万元; None when blank, not a number, or in a money unit not known."""
        factor = WAN_PER_UNIT.get(table_money_unit(self.money_unit))
        total = self.budget_total
        return None if total is None or factor is None else total * factor

    @cached_property
    def budget_fiscal(self) -> Decimal | None:
        return self.amount(self.budget.fiscal)

    @cached_property
    def budget_other(self) -> Decimal:
        """Blank 其他资金 means 0 (domain.md §1)."""
        return self.amount(self.budget.other) or Decimal(0)


_UNIT_RE = re.compile(r"^([0-9]{6})(.*)$")


class Section(Record):
    """A Part 1 section (一、总体绩效目标 …): its heading and its paragraphs."""

    number: str = Field(description="一 / 二 / 三")
    title: str
    paragraphs: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


class Overview(Record):
    """第一部分 部门整体绩效目标."""

    title: str | None = None
    sections: list[Section] = Field(default_factory=list)


class Document(Record):
    """A department's document: the Part 1 overview and one target table per project."""

    format: Literal["jxcheck/1"] = Field("jxcheck/1", description="record format version")
    kind: Literal["document"] = "document"
    document_kind: DocumentKind | None = Field(
        None,
        description="what the file holds; null: a department document when it has Part 1 "
        "(overview), else project tables",
    )
    notice: str | None = Field(
        None, description="the notice (通知) the tables are attached to, its title as written"
    )
    budget_year: int | None = Field(None, description="预算年度")
    department: str | None = Field(None, description="the department, where the document names it")
    overview: Overview | None = Field(None, description="第一部分 部门整体绩效目标")
    projects: list[Project] = Field(default_factory=list, description="第二部分 预算项目绩效目标")

    @cached_property
    def kind_held(self) -> DocumentKind:
        """What the file holds: as the importer said, else a department document where there is
        a Part 1, else project tables."""
        if self.document_kind is not None:
            return self.document_kind
        return "department_document" if self.overview is not None else "project_tables"

    @property
    def expects_part1(self) -> bool:
        """Whether Part 1 (部门整体绩效目标) belongs in this document (S002, S007, D001, D002)."""
        return self.kind_held == "department_document"


class ProjectRecord(Project):
    """A single project held on its own in a record file (not inside a document)."""

    format: Literal["jxcheck/1"] = Field("jxcheck/1", description="record format version")
    kind: Literal["project"] = "project"
    budget_year: int | None = Field(None, description="预算年度")

    def as_project(self) -> Project:
        data = self.model_dump(exclude={"format", "kind", "budget_year"})
        return Project.model_validate(data)


Budget.model_rebuild()
MidTerm.model_rebuild()
