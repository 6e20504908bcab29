"""F — the basis of each target value (指标值确定依据), domain.md §5.

A value is set against a standard (财预〔2015〕88号, 财预〔2020〕10号): 计划, 行业, 历史 or 其他.
F001 maps each basis to one by keyword, F002 rejects a basis that can only exist after the
money is spent, F003 finds one basis spelt two ways in one document.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal

from pydantic import Field, field_validator

from checker.model import Document, Indicator, Project
from checker.patterns import compile_pattern
from checker.rule import (
    DocumentContext,
    Hit,
    Params,
    ProjectContext,
    Rule,
    regex_patterns,
    rule,
)
from checker.values import clean, squeeze

_BASIS_STANDARDS = "财预〔2015〕88号、财预〔2020〕10号：计划标准、行业标准、历史标准、其他标准"

#: Separators between the parts of one basis (`2023年度预算测算，2023年度工作计划`).
_PART_SEPARATORS = re.compile(r"[，,、；;/／\n]+")

#: F002's default patterns; F001 leaves a basis matching them to F002 (no second finding).
EX_POST_PATTERNS: tuple[str, ...] = ("发放后", "实施后", "完成后", "实际.{0,10}效果")


def basis_parts(basis: str | None) -> list[str]:
    """The parts of a basis, each without whitespace: `a ，b ` → [`a`, `b`]."""
    return list(_basis_parts(basis or ""))


@lru_cache(maxsize=1 << 14)
def _basis_parts(basis: str) -> tuple[str, ...]:
    return tuple(part for part in (clean(p) for p in _PART_SEPARATORS.split(basis)) if part)


@lru_cache(maxsize=1 << 14)
def _first_match(patterns: tuple[str, ...], text: str) -> str | None:
    for pattern in patterns:
        found = compile_pattern(pattern).search(text)
        if found:
            return str(found.group(0))
    return None


def _row_label(row: Indicator) -> str:
    return squeeze(row.name) or squeeze(row.description) or squeeze(row.level2)


def _work_plan(budget_year: int | None) -> str:
    """The plan standard a table's own budget year suggests: `2023年度工作计划`."""
    return f"{budget_year}年度工作计划" if budget_year else "年度工作计划"


# --- F001 ----------------------------------------------------------------------------------


def _default_standards() -> dict[str, tuple[str, ...]]:
    return {
        "计划": ("工作计划", "预算测算", "实施方案", "定额", "计划标准"),
        "行业": ("行业", "国家标准", "规范"),
        "历史": ("历史", "上年", "往年", "以前年度"),
    }


class BasisStandardParams(Params):
    """Parameters of F001."""

    standards: dict[str, tuple[str, ...]] = Field(
        default_factory=_default_standards,
        description="standard (计划/行业/历史/其他) → keywords; a basis part containing one maps",
    )
    survey: tuple[str, ...] = Field(
        ("调查问卷", "问卷调查", "问卷", "调查"),
        description="keywords of a survey method (evidence, not a standard); 调查 also covers "
        "实际调查结果 and 满意度调查",
    )
    survey_on_satisfaction: Literal["accept", "info"] = Field(
        "accept",
        description="a survey basis on a 满意度 row: accept (no finding, §5: fine there) or "
        "report it as info",
    )
    ex_post: tuple[str, ...] = Field(
        EX_POST_PATTERNS,
        description="regular expressions of an ex-post basis: left to F002, not reported again",
    )

    _check = field_validator("ex_post")(regex_patterns)

    @cached_property
    def standard_words(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each standard with its words, as `_map_basis_with` takes them."""
        return tuple((name, tuple(words)) for name, words in self.standards.items())


@dataclass(frozen=True, slots=True)
class _Mapping:
    standards: tuple[str, ...]
    surveys: tuple[str, ...]
    unmapped: tuple[str, ...]


def _map_basis(basis: str, params: BasisStandardParams) -> _Mapping:
    standards = tuple((name, tuple(words)) for name, words in params.standards.items())
    return _map_basis_with(basis, standards, tuple(params.survey))


@lru_cache(maxsize=1 << 14)
def _map_basis_with(
    basis: str, standard_words: tuple[tuple[str, tuple[str, ...]], ...], survey: tuple[str, ...]
) -> _Mapping:
    standards: list[str] = []
    surveys: list[str] = []
    unmapped: list[str] = []
    for part in basis_parts(basis):
        found = [name for name, words in standard_words if any(w in part for w in words)]
        if found:
            standards.extend(s for s in found if s not in standards)
        elif any(word in part for word in survey):
            surveys.append(part)
        else:
            unmapped.append(part)
    return _Mapping(tuple(standards), tuple(surveys), tuple(unmapped))


def _basis_verdict(basis: str, params: BasisStandardParams) -> _Mapping | None:
    """What F001 finds in a basis as written: None when nothing (blank, ex post — F002's — or
    mapped to a standard), else its mapping."""
    text = clean(basis)
    if not text or _first_match(params.ex_post, text):
        return None  # an empty basis is S004's, an ex-post one F002's
    mapping = _map_basis_with(basis, params.standard_words, tuple(params.survey))
    return None if mapping.standards else mapping


@rule(
    "F001",
    "basis-maps-to-standard",
    category="basis",
    severity="warning",
    also=("info",),
    basis=_BASIS_STANDARDS,
    title=("指标值确定依据对应计划、行业或历史标准", "the basis maps to a standard"),
    messages={
        "unmapped": (
            "指标“{name}”的确定依据“{basis}”无法对应到计划、行业或历史标准；"
            "请写明依据的标准，如{plan}、行业标准或上年历史数据",
            "the basis '{basis}' of indicator '{name}' maps to no plan, sector or historical "
            "standard; name the standard, e.g. {plan}, a sector standard or last year's data",
        ),
        "survey": (
            "{level1}指标“{name}”的确定依据“{basis}”是调查方法，不是标准；"
            "调查只适合作满意度指标的依据，此处应写明计划、行业或历史标准",
            "the basis '{basis}' of the {level1} indicator '{name}' is a survey method, not a "
            "standard; surveys suit 满意度 rows only, name a plan, sector or historical standard",
        ),
        "survey_satisfaction": (
            "满意度指标“{name}”的确定依据“{basis}”是调查方法（证据），未写明标准",
            "the basis '{basis}' of the 满意度 indicator '{name}' is a survey method "
            "(evidence), not a standard",
        ),
    },
    advice={
        "unmapped": (
            "把“{basis}”改为设定该指标值所依据的标准，如{plan}、行业标准或上年历史数据",
            "replace '{basis}' by the standard the value was set against, e.g. {plan}, a "
            "sector standard or last year's data",
        ),
        "survey": (
            "把“{basis}”改为计划、行业或历史标准，如{plan}；调查结果只作满意度指标的依据",
            "replace '{basis}' by a plan, sector or historical standard, e.g. {plan}; surveys "
            "are the basis of 满意度 rows only",
        ),
        "survey_satisfaction": (
            "在“{basis}”之外写明满意度目标所依据的标准，如上年调查结果或行业标准",
            "name the standard the target was set against besides '{basis}', e.g. last year's "
            "survey or a sector standard",
        ),
    },
    params=BasisStandardParams,
)
def basis_maps_to_standard(
    project: Project, ctx: ProjectContext[BasisStandardParams]
) -> Iterator[Hit]:
    """指标值确定依据应对应计划标准、行业标准或历史标准。

    检查：把每行的“指标值确定依据”按关键词（策略参数）对应到标准：计划 ← 工作计划、预算测算、
    实施方案、定额、计划标准；行业 ← 行业、国家标准、规范；历史 ← 历史、上年、往年、以前年度。任一部分能对应
    即通过。调查方法（调查问卷、问卷调查、实际调查结果）在满意度指标上是合适的证据，默认不报
    （参数 survey_on_satisfaction 可改为提示），用在其他指标上报警告；什么都对应不上的报警告。
    只能在资金使用后才存在的依据（资金发放后的效果）由 F002 报告，本规则不重复。
    原因：财预〔2015〕88号 和 财预〔2020〕10号 要求指标值依据计划、行业、历史或其他标准确定；
    “主管部门反馈”之类说明不了目标值从何而来，审核时无法判断其合理性。
    示例：效益指标“绿色环保”的依据写“实际调查结果”；满意度指标的依据写“主管部门意见反馈”。
    修改：写明设定指标值所依据的计划、行业或历史标准（本年度工作计划、行业标准、上年历史数据等）；
    满意度指标可写调查方式。
    ---
    What: maps each row's basis (指标值确定依据) to a standard by keyword (a policy parameter):
    计划 ← 工作计划, 预算测算, 实施方案, 定额, 计划标准; 行业 ← 行业, 国家标准, 规范; 历史 ← 历史, 上年,
    往年, 以前年度. One mapped part is enough. A survey method (调查问卷, 问卷调查, 实际调查结果)
    is fine evidence on a 满意度 row (no finding by default; `survey_on_satisfaction: info`
    reports it) and a warning elsewhere; a basis that maps to nothing is a warning. A basis that
    only exists after the spending (资金发放后的效果) is F002's and not reported here.
    Why: 财预〔2015〕88号 and 财预〔2020〕10号 set values against plan, sector, historical or
    other standards; "feedback from the department in charge" says nothing a reviewer can check.
    Example: the 效益 row 绿色环保 with basis 实际调查结果; a 满意度 row based on 主管部门意见反馈.
    Fix: name the plan, sector or historical standard the value was set against (the year's work
    plan, a sector standard, last year's data); a survey on 满意度 rows.
    """
    params = ctx.params
    rows = project.indicators
    verdicts = [ctx.remember(_basis_verdict, row.basis) for row in rows]
    if not any(verdicts):
        return  # the usual case: every basis maps to a standard
    places = ctx.facts.places.places
    for index, (row, mapping) in enumerate(zip(rows, verdicts, strict=True)):
        if mapping is None:
            continue
        kind = places[index]
        survey = bool(mapping.surveys) and not mapping.unmapped
        if survey and kind.is_satisfaction and params.survey_on_satisfaction != "info":
            continue  # a survey is fine evidence on a 满意度 row
        pointer = f"/indicators/{index}/basis"
        basis = squeeze(row.basis)
        if survey:
            if not kind.is_satisfaction:
                yield ctx.hit(
                    pointer,
                    "survey",
                    name=_row_label(row),
                    basis=basis,
                    level1=kind.level1,
                    plan=_work_plan(ctx.budget_year),
                )
            elif params.survey_on_satisfaction == "info":
                yield ctx.hit(
                    pointer,
                    "survey_satisfaction",
                    severity="info",
                    name=_row_label(row),
                    basis=basis,
                )
            continue
        yield ctx.hit(
            pointer, "unmapped", name=_row_label(row), basis=basis, plan=_work_plan(ctx.budget_year)
        )


# --- F002 ----------------------------------------------------------------------------------


class ExPostParams(Params):
    """Parameters of F002."""

    patterns: tuple[str, ...] = Field(
        EX_POST_PATTERNS,
        description="regular expressions of a basis that exists only after the spending "
        "(searched in the basis without whitespace)",
    )

    _check = field_validator("patterns")(regex_patterns)


@lru_cache(maxsize=8)
def _ex_post_finder(patterns: tuple[str, ...]) -> Callable[[str], str | None]:
    """The ex-post text a basis as written holds under `patterns` (or None), cached per text."""

    @lru_cache(maxsize=1 << 14)
    def find(basis: str) -> str | None:
        return _first_match(patterns, clean(basis))

    return find


@rule(
    "F002",
    "basis-not-ex-post",
    category="basis",
    severity="error",
    basis="财预〔2015〕88号：绩效目标设定——指标值依据事前标准确定（可行性）",
    title=("指标值确定依据不能是事后结果", "the basis is not ex post"),
    message=(
        "指标“{name}”的确定依据“{basis}”要到资金使用后才存在（“{match}”），不能作为事前设定"
        "指标值的依据；请改用计划、行业或历史标准",
        "the basis '{basis}' of indicator '{name}' exists only after the money is spent "
        "('{match}') and cannot justify a target set before; use a plan, sector or historical "
        "standard",
    ),
    advice=(
        "把“{basis}”改为编制预算时已有的标准，如{plan}、行业标准或上年历史数据",
        "replace '{basis}' by a standard that exists when the budget is drawn up, e.g. "
        "{plan}, a sector standard or last year's data",
    ),
    params=ExPostParams,
)
def basis_not_ex_post(project: Project, ctx: ProjectContext[ExPostParams]) -> Iterator[Hit]:
    """指标值确定依据不能是资金使用后才有的结果。

    检查：依据（去掉空白后）是否匹配事后模式（策略参数，正则）：发放后、实施后、完成后、
    实际…效果。
    原因：绩效目标在预算编制时设定，依据必须在当时已经存在；“资金发放后的效果”是评价时的证据，
    不能说明目标值为什么这样定，审核不予通过。
    示例：效益指标“工业设计水平”的依据写“资金发放后的效果”或“资金实际发放后的效果”。
    修改：改为编制预算时已有的计划、行业或历史标准（本年度工作计划、行业标准、上年历史数据等）。
    ---
    What: the basis (whitespace removed) matches an ex-post pattern (a policy parameter, regular
    expressions): 发放后, 实施后, 完成后, 实际…效果.
    Why: targets are set when the budget is drawn up; their basis must exist then. "The effect
    after the money is paid out" is evidence for the evaluation, not a reason for the target.
    Example: the 效益 row 工业设计水平 with basis 资金发放后的效果 or 资金实际发放后的效果.
    Fix: use a plan, sector or historical standard that exists when the budget is drawn up (the
    year's work plan, a sector standard, last year's data).
    """
    rows = project.indicators
    matches = list(map(_ex_post_finder(ctx.params.patterns), (row.basis for row in rows)))
    if not any(matches):
        return  # the usual case: no basis is ex post
    for index, (row, match) in enumerate(zip(rows, matches, strict=True)):
        if match:
            yield ctx.hit(
                f"/indicators/{index}/basis",
                name=_row_label(row),
                basis=squeeze(row.basis),
                match=match,
                plan=_work_plan(ctx.budget_year),
            )


# --- F003 ----------------------------------------------------------------------------------


class BasisSpellingParams(Params):
    """Parameters of F003."""

    equivalents: tuple[tuple[str, ...], ...] = Field(
        (("年度", "年"), ("调查问卷", "问卷调查")),
        description="groups of spellings that mean the same in a basis (2023年度工作计划 = "
        "2023年工作计划); parts equal after mapping each group to one spelling are one basis",
    )
    group_by: Literal["unit", "document"] = Field(
        "unit",
        description="compare spellings among the tables of one 预算单位 (unit code; one writer) "
        "or across the whole document",
    )


@lru_cache(maxsize=1 << 14)
def _spelling_key(part: str, groups: tuple[tuple[str, ...], ...]) -> str:
    key = part
    for number, group in enumerate(groups):
        members = sorted((m for m in group if m), key=len, reverse=True)
        if members:
            key = re.sub("|".join(re.escape(m) for m in members), f"\x00{number}\x00", key)
    return key


@lru_cache(maxsize=8)
def _keyed_parts(
    groups: tuple[tuple[str, ...], ...],
) -> Callable[[str | None], tuple[tuple[str, str], ...]]:
    """The parts of a basis as written, each with its spelling key, cached per text."""

    @lru_cache(maxsize=1 << 14)
    def keyed(basis: str | None) -> tuple[tuple[str, str], ...]:
        return tuple((part, _spelling_key(part, groups)) for part in basis_parts(basis))

    return keyed


@dataclass(frozen=True, slots=True)
class _Use:
    project: int
    row: int
    spelling: str


@rule(
    "F003",
    "basis-spelt-consistently",
    category="basis",
    severity="info",
    basis=_BASIS_STANDARDS,
    title=("同一依据写法一致", "one basis, one spelling"),
    message=(
        "依据“{spelling}”与本{scope}其他表格中的“{usual}”（{count} 处）是同一依据，写法不一致",
        "the basis '{spelling}' is the same as '{usual}' used elsewhere in this {scope_en} "
        "({count} times), spelt differently",
    ),
    advice=("把“{spelling}”改为“{usual}”", "write '{usual}' for '{spelling}'"),
    params=BasisSpellingParams,
    scope="document",
)
def basis_spelt_consistently(
    document: Document, ctx: DocumentContext[BasisSpellingParams]
) -> Iterator[Hit]:
    """同一份文档中同一依据只用一种写法。

    检查：把依据按逗号、顿号等拆成部分，按策略参数 equivalents 归并同义写法（“年度”=“年”，
    “调查问卷”=“问卷调查”）；同一预算单位的表格中（参数 group_by: unit；或整份文档）同一依据
    出现两种写法时，在少数写法出现的每一处提示。
    原因：依据是审核和评价时引用的标准名称，写法不一会让人怀疑是两份不同的文件。
    示例：八张表写“2023年度工作计划”，表9 写“2023年工作计划”；多数表写“调查问卷”，表6 写“问卷调查”。
    修改：统一为多数表格使用的写法。
    ---
    What: splits each basis into parts (at commas, 顿号 …), folds the spellings of each group in
    the `equivalents` parameter (年度 = 年, 调查问卷 = 问卷调查) and, among the tables of one budget
    unit (`group_by: unit`, or the whole document), points at every use of a minority spelling.
    Why: a basis names a standard reviewers and evaluators look up; two spellings look like two
    documents.
    Example: eight tables write 2023年度工作计划 and table 9 writes 2023年工作计划; most write
    调查问卷 and table 6 writes 问卷调查.
    Fix: use the spelling the other tables use.
    """
    params = ctx.params
    keyed = _keyed_parts(params.equivalents)
    by_unit = params.group_by == "unit"
    scopes = [
        (project.unit_code or project.unit_name or "") if by_unit else ""
        for project in document.projects
    ]
    # First pass: the first spelling of each basis; most documents spell every basis one way.
    first: dict[tuple[str, str], str] = {}
    mixed: set[tuple[str, str]] = set()
    for scope, project in zip(scopes, document.projects, strict=True):
        for basis in dict.fromkeys(row.basis for row in project.indicators):  # each text once
            for part, key in keyed(basis):
                spelling = first.setdefault((scope, key), part)
                if spelling != part:
                    mixed.add((scope, key))
    if not mixed:
        return
    groups: dict[tuple[str, str], list[_Use]] = {group: [] for group in first if group in mixed}
    for p, (scope, project) in enumerate(zip(scopes, document.projects, strict=True)):
        for r, row in enumerate(project.indicators):
            for part, key in keyed(row.basis):
                uses = groups.get((scope, key))
                if uses is not None:
                    uses.append(_Use(p, r, part))
    for uses in groups.values():
        counts = Counter(use.spelling for use in uses)
        if len(counts) < 2:
            continue
        # the majority spelling; on a tie the one written first (Counter keeps insertion order)
        usual, usual_count = counts.most_common(1)[0]
        seen: set[tuple[int, int]] = set()
        for use in uses:
            if use.spelling == usual or (use.project, use.row) in seen:
                continue
            seen.add((use.project, use.row))
            yield ctx.hit(
                f"/indicators/{use.row}/basis",
                project=use.project,
                text=use.spelling,
                spelling=use.spelling,
                usual=usual,
                count=usual_count,
                scope="单位" if params.group_by == "unit" else "文档",
                scope_en="unit" if params.group_by == "unit" else "document",
            )


RULES: tuple[Rule, ...] = (basis_maps_to_standard, basis_not_ex_post, basis_spelt_consistently)
