"""C — indicator coverage and taxonomy: which kinds of indicator a table has, and where they sit.

Every rule compares canonical names from `checker.taxonomy` (产出指标 = 产出, 环境效益 = 生态效益),
never the names as written. Only rows someone filled in (a 三级 name, a description or a value)
count as indicators: a bare template row is S004's finding. A table with no indicator row at all
is S003's finding, so C001–C004 stay silent on it rather than repeat it four times.

Each row counts at its *effective* place (`IndicatorPlaces`), derived here and never stored in
the record: the written levels where they are known (other templates' names mapped by
`checker.taxonomy.classify`); else the 一级 from a written 二级 that has one parent; else the
place its 三级 name, description and value suggest (`checker.taxonomy.infer_place`). So a table
whose levels are missing or laid out by another template is judged on what it holds, and never
gets a cascade of coverage errors for classes it has: C007 says once that its levels were
inferred, and C005 reports only rows whose blank levels are the department's omission.

A table the file cut short (`Project.reading.cut`) is judged on what is there: with `header`
(no indicator table) C001–C004 are silent; with `indicators` a class that would come after the
last row read, in the template's order (`checker.taxonomy.TEMPLATE_ORDER`), is not reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property, lru_cache
from typing import Any, Literal

from pydantic import Field

from checker.facts import IndicatorPlaces, Row, is_filled
from checker.model import Indicator, Project
from checker.rule import Hit, Params, ProjectContext, Rule, rule
from checker.taxonomy import (
    TAXONOMY,
    TEMPLATE_CLASSES,
    TEMPLATE_ORDER,
    Classified,
    canonical,
    label_text,
    template_position,
)
from checker.values import CACHE_SIZE, clean, squeeze

_BASIS_COVERAGE = "财预〔2015〕88号：产出、效益、满意度指标；审核——完整性"
_BASIS_FRAMEWORK = "财预〔2013〕53号：共性指标体系框架"
_BASIS_COST = "财预〔2021〕101号：成本指标；财预〔2015〕88号：审核——适当性、可行性"


@lru_cache(maxsize=64)
def canonical_names(names: tuple[str, ...]) -> frozenset[str]:
    """The canonical taxonomy names of names as written (a policy's list)."""
    return frozenset(canonical(name) for name in names)


@lru_cache(maxsize=64)
def _canonical_list(names: tuple[str, ...]) -> tuple[str, ...]:
    """The canonical taxonomy names of names as written, in order, each once."""
    return tuple(dict.fromkeys(canonical(name) for name in names))


def _names(rows: list[Row], level1: str) -> str:
    found = sorted({c.level2 for _, _, c in rows if c.level1 == level1 and c.level2})
    return "、".join(found) if found else "—"


#: English glosses of the class names, for messages about the classes of a table.
_CLASS_EN = {
    "产出": "output",
    "数量": "quantity",
    "质量": "quality",
    "时效": "timeliness",
    "成本": "cost",
    "效益": "benefit",
    "满意度": "satisfaction",
}


def _class_names(level1: str, level2: str) -> tuple[str, str]:
    """`产出指标/时效指标`, `产出/时效 (output: timeliness)`; `效益指标`, `效益 (benefit)`."""
    if level2:
        gloss = f"{_CLASS_EN.get(level1, level1)}: {_CLASS_EN.get(level2, level2)}"
        return f"{level1}指标/{level2}指标", f"{level1}/{level2} ({gloss})"
    return f"{level1}指标", f"{level1} ({_CLASS_EN.get(level1, level1)})"


def cut_short(places: IndicatorPlaces) -> bool:
    """Whether the file cuts this table short: before its indicator table, before its value
    rows, or inside its indicator rows before classes the template puts after the last one
    (S009 reports it; rules that judge what is missing stay silent on such a table)."""
    if places.cut is None:
        return False
    return places.cut != "indicators" or classes_after_cut(places) is not None


def classes_after_cut(places: IndicatorPlaces) -> tuple[str, str, str, str] | None:
    """For a table the file cuts short inside its indicator rows (`reading.cut == "indicators"`):
    (the last row's class, in Chinese and in English; the classes the table lacks that would come
    after it in the template's order, in Chinese and in English) — the classes C001–C004 do not
    report for that reason. None when the table is not cut there or lacks none of them."""
    if places.cut != "indicators" or not places.filled:
        return None
    cost_first = places.cost_first
    last = places.cut_position
    missing: list[tuple[str, str]] = []
    own = None
    if any(c.template for c in places.places):
        own = frozenset(TEMPLATE_ORDER["实施效果"])  # a template without 成本 or 满意度
    for position, (level1, level2) in enumerate(TEMPLATE_ORDER["2021" if cost_first else "2013"]):
        if position <= last or (own is not None and (level1, level2) not in own):
            continue
        if (level1, level2) in (("成本", ""), ("产出", "成本")):
            present = bool(places.cost)
        elif level2:
            present = (level1, level2) in places.pairs
        else:
            present = any(c.level1 == level1 for _, _, c in places.filled)
        if not present:
            missing.append(_class_names(level1, level2))
    if not missing:
        return None
    last_row = next(
        (
            c
            for _, _, c in reversed(places.filled)
            if template_position(c.level1, c.level2, cost_first) is not None
        ),
        None,
    )
    if last_row is None:
        last_zh, last_en = "—", "—"
    else:
        last_zh, last_en = _class_names(last_row.level1, last_row.level2)
    return (
        last_zh,
        last_en,
        "、".join(zh for zh, _ in missing),
        ", ".join(en for _, en in missing),
    )


#: What a policy may make of a class a template does not have: a lower severity, or nothing.
Relaxed = Literal["warning", "info", "off"]


def _relaxed(places: IndicatorPlaces, templates: dict[str, Relaxed]) -> tuple[str, Relaxed] | None:
    """(the 一级 as written, the severity) when the table follows a template in `templates`."""
    if not templates:
        return None
    written = places.template(tuple(templates))
    if written is None:
        return None
    wanted = canonical(written)
    for name, severity in templates.items():
        if canonical(name) == wanted:
            return written, severity
    return None  # pragma: no cover - `template` found it among these names


# --- C001 ------------------------------------------------------------------------------------


class OutputParams(Params):
    """Which 产出 二级 a table must have (error) and should have (warning)."""

    required: tuple[str, ...] = Field(
        ("数量",), description="产出 二级 every table must have (error when missing)"
    )
    recommended: tuple[str, ...] = Field(
        ("质量", "时效"), description="产出 二级 every table should have (warning when missing)"
    )


@lru_cache(maxsize=16)
def _wanted_outputs(
    required: tuple[str, ...], recommended: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """(canonical 二级, severity) of each 产出 二级 a table must or should have."""
    return tuple(
        [(canonical(w), "error") for w in required]
        + [(canonical(w), "warning") for w in recommended]
    )


@rule(
    "C001",
    "output-coverage",
    category="coverage",
    severity="error",
    also=("warning",),
    basis=_BASIS_COVERAGE + "；" + _BASIS_FRAMEWORK + "：产出 = 数量、质量、时效、成本",
    title=("产出指标含数量、质量、时效", "outputs cover quantity, quality and timeliness"),
    message=(
        "产出指标缺少{level2}指标（已有：{present}）",
        "the outputs (产出) have no {level2} (indicator) row (present: {present})",
    ),
    advice=(
        "在产出指标下增加{level2}指标，衡量本项目的产出",
        "add a {level2} row under 产出 that measures this project's output",
    ),
    params=OutputParams,
)
def output_coverage(project: Project, ctx: ProjectContext[OutputParams]) -> Iterator[Hit]:
    """产出指标下有数量指标（必须），并有质量指标和时效指标（应当）。

    检查：在已填写的指标行中，一级为“产出”的行按二级分类：没有数量指标是错误，没有质量或时效指标是警告。名称可带或不带“指标”二字及“(必填)”等标记；各行按其实际归类计算：写明的一级、二级（其他模板的名称先归一），一级空缺时按二级推出，两级都空缺时按三级指标名称、描述和指标值推断（见 C007）。完全没有指标行的表由 S003 报告。文件在指标表中途截断时，按模板顺序排在最后一行之后的类别不报告（其余部分不在文件中）；截断在指标表之前则不检查。
    原因：88号把产出指标分为数量、质量、时效（和成本）；缺少数量指标就无法考核做了多少，缺少质量、时效指标则只能考核一半。
    示例：产出指标只有“质量指标/验收合格率 ≥95%”一行。
    修改：在产出指标下补充缺少的数量、质量或时效指标，衡量本项目的产出。
    ---
    What: among the filled-in indicator rows, the 产出 (output) rows include a 数量 (quantity)
    row (error when missing) and 质量 (quality) and 时效 (timeliness) rows (warning when missing).
    Names match with or without 指标 and tags such as (必填). Rows count at their effective
    place: the written levels (other templates' names mapped); the 一级 from the 二级 when the
    一级 is blank; both from the 三级 name, description and value when both are blank (see C007).
    A table with no indicator row at all is S003's finding. In a table the file cuts short inside
    its indicator rows, a class that would come after the last row read (in the template's order)
    is not reported: the rest of the table is not there; cut before its indicators, nothing is.
    Why: 88号 divides outputs into quantity, quality, timeliness (and cost); without a quantity the
    amount of work cannot be assessed, without quality or timeliness only half of it.
    Example: the outputs hold only 质量指标 / 验收合格率 ≥95%.
    Fix: add the missing 数量, 质量 or 时效 rows under 产出, measuring this project's output.
    """
    places = ctx.facts.places
    rows = places.filled
    if not rows or places.silent:
        return
    pairs = places.pairs
    for level2, severity in _wanted_outputs(ctx.params.required, ctx.params.recommended):
        if ("产出", level2) not in pairs and not places.beyond_cut("产出", level2):
            yield ctx.hit(
                "/indicators", severity=severity, level2=level2, present=_names(rows, "产出")
            )


# --- C002 ------------------------------------------------------------------------------------


def _templates_field(what: str) -> Any:
    return Field(
        default_factory=lambda: {"实施效果指标": "info"},
        description=f"templates without {what} by design, each named by its 一级 as written "
        "(指标 optional), with the severity to report the missing class at instead "
        "(warning, info, or off); default: the 发改 template's 实施效果指标, info",
    )


class CostParams(Params):
    """Which templates have no cost indicator by design."""

    templates: dict[str, Relaxed] = _templates_field("a cost indicator")


@rule(
    "C002",
    "cost-indicator",
    category="coverage",
    severity="error",
    also=("warning", "info"),
    basis=_BASIS_COST,
    title=("有成本指标", "a cost indicator exists"),
    messages={
        "default": (
            "没有成本指标（产出指标下的“成本指标”或一级“成本指标”）",
            "there is no cost indicator (成本 under 产出, or 成本 as its own 一级)",
        ),
        "template": (
            "没有成本指标；本表按“{template}”模板填写，该模板不设成本指标（按策略提示）",
            "there is no cost indicator; the table follows the {template} template, which has "
            "none by design (reported as the policy says)",
        ),
    },
    advice={
        "default": (
            "增加成本指标：按主要支出内容分项列出金额上限，必要时写单位成本",
            "add cost rows: a ceiling for each main spending item, unit costs where they help",
        ),
        "template": (
            "如策略要求，按主要支出内容增加成本指标",
            "where the policy asks for them, add cost rows by the main spending items",
        ),
    },
    params=CostParams,
)
def cost_indicator(project: Project, ctx: ProjectContext[CostParams]) -> Iterator[Hit]:
    """表中至少有一行成本指标：产出指标下的“成本指标”（旧版式），或一级“成本指标”（2021 年版式）。

    检查：已填写的指标行中至少有一行属于成本指标；没有一级、二级的行按名称和指标值推断（如“发放金额 ≥9.31万元”是成本）。完全没有指标行的表由 S003 报告。本身不设成本指标的模板（参数 templates，按一级名称识别，默认发改“实施效果指标”模板）改按策略给出的级别提示或不报告。文件在指标表中途截断、按模板顺序成本指标应在最后一行之后时不报告；截断在指标表之前则不检查。
    原因：成本指标把钱和产出联系起来（101号），是审核“适当性”（资金与目标相匹配）的依据；没有它就无法判断预算是否合理。
    示例：产出指标只有数量、质量、时效三行。
    修改：补充成本指标，按主要支出内容分项列出金额上限，必要时写单位成本。
    ---
    What: at least one filled-in row is a cost indicator: 成本 under 产出 (older layout, as in the
    seed) or 成本 as its own 一级 (2021 layout); rows without levels are placed by their name and
    value (发放金额 ≥9.31万元 is a cost). A table with no indicator row is S003's finding. A
    template that has no cost indicator by design (`templates`, recognised by its 一级; by default
    the 发改 template's 实施效果指标) is reported at the policy's severity instead, or not at all.
    Not reported when the file cuts the table short before where its cost rows would come, in the
    template's order, nor when it ends before the indicator table.
    Why: cost indicators tie the money to the outputs (财预〔2021〕101号); without one the reviewer
    cannot judge 适当性, whether the budget fits the targets.
    Example: the outputs hold quantity, quality and timeliness rows only.
    Fix: add cost rows, itemised by the main spending items, each with its ceiling.
    """
    places = ctx.facts.places
    if not places.filled or places.cost or places.silent:
        return
    relaxed = _relaxed(places, ctx.params.templates)
    if relaxed is not None:
        template, severity = relaxed
        if severity != "off":
            yield ctx.hit("/indicators", "template", severity=severity, template=template)
        return
    if not places.beyond_cut("产出", "成本"):
        yield ctx.hit("/indicators")


# --- C003 ------------------------------------------------------------------------------------


class BenefitParams(Params):
    """Which 效益 二级 count."""

    level2: tuple[str, ...] = Field(
        ("经济效益", "社会效益", "生态效益", "可持续影响"),
        description="效益 二级 of which a table must have at least one",
    )


@rule(
    "C003",
    "benefit-coverage",
    category="coverage",
    severity="error",
    basis=_BASIS_COVERAGE + "；" + _BASIS_FRAMEWORK + "：效益 = 经济、社会、生态效益、可持续影响",
    title=("有效益指标", "a benefit indicator exists"),
    message=(
        "效益指标下没有{wanted}中的任何一类（已有：{present}）",
        "the benefits (效益) have none of {wanted} (present: {present})",
    ),
    advice=(
        "在效益指标下增加{wanted}中与本项目目标相应的一类，写明要达到的效果",
        "add a 效益 row of the kind ({wanted}) the project's goal aims at, with the effect to "
        "reach",
    ),
    params=BenefitParams,
)
def benefit_coverage(project: Project, ctx: ProjectContext[BenefitParams]) -> Iterator[Hit]:
    """效益指标下至少有经济效益、社会效益、生态效益、可持续影响指标之一。

    检查：已填写的指标行中至少有一行一级为“效益”、二级为参数 level2 所列之一（环境效益视同生态效益；“社会、经济、生态效益指标”等合并写法视同效益）。没有一级、二级的行按名称推断（如“促进社会和谐”是社会效益）。完全没有指标行的表由 S003 报告；二级名称写错由 C005 报告。文件在指标表中途截断、按模板顺序效益指标应在最后一行之后时不报告；截断在指标表之前则不检查。
    原因：效益指标说明花钱带来了什么（88号）；只有产出没有效益，审核时无法判断项目值不值得做。
    示例：表中有产出指标和满意度指标，没有效益指标。
    修改：按项目目标补充相应的效益指标，写明要达到的效果。
    ---
    What: at least one filled-in row has 一级 效益 and a 二级 from `level2` (经济效益, 社会效益,
    生态效益 — 环境效益 counts as 生态效益 — or 可持续影响); combined names such as
    社会、经济、生态效益指标 are 效益. Rows without levels are placed by their name (促进社会和谐 is
    a social benefit). A table with no indicator row is S003's finding; a misspelt 二级 is C005's.
    Not reported when the file cuts the table short before where its benefits would come, nor
    when it ends before the indicator table.
    Why: benefit indicators say what the money achieves (88号); with outputs only, the reviewer
    cannot judge whether the project is worth doing.
    Example: a table with output and satisfaction rows and no benefit row.
    Fix: add the benefit row the project's goal calls for, with the effect to reach.
    """
    places = ctx.facts.places
    rows = places.filled
    if not rows or places.silent:
        return
    wanted = _canonical_list(ctx.params.level2)
    if any(("效益", level2) in places.pairs for level2 in wanted):
        return
    if not places.beyond_cut("效益"):
        yield ctx.hit("/indicators", wanted="、".join(wanted), present=_names(rows, "效益"))


# --- C004 ------------------------------------------------------------------------------------


class SatisfactionParams(Params):
    """Which 满意度 二级 count as a service-recipient satisfaction row, and which templates have
    none by design."""

    level2: tuple[str, ...] = Field(
        ("服务对象满意度", "社会公众或服务对象满意度"),
        description="满意度 二级 that count as asking the service recipients",
    )
    templates: dict[str, Relaxed] = _templates_field("a satisfaction indicator")


@rule(
    "C004",
    "satisfaction-indicator",
    category="coverage",
    severity="warning",
    also=("info",),
    basis=_BASIS_COVERAGE + "；财预〔2020〕10号：满意度指标",
    title=("有服务对象满意度指标", "a service-recipient satisfaction row exists"),
    messages={
        "default": (
            "没有服务对象满意度指标（已有满意度指标：{present}）",
            "there is no 服务对象满意度 (service-recipient satisfaction) row "
            "(satisfaction rows present: {present})",
        ),
        "template": (
            "没有服务对象满意度指标；本表按“{template}”模板填写，该模板不设满意度指标（按策略提示）",
            "there is no 服务对象满意度 (service-recipient satisfaction) row; the table follows "
            "the {template} template, which has none by design (reported as the policy says)",
        ),
    },
    advice={
        "default": (
            "增加服务对象满意度指标：调查本项目直接服务的对象，目标写下限（≥…%），依据写明调查方式",
            "add a 服务对象满意度 row: ask the people the project serves, give a floor (≥ … %) "
            "and name the survey as its basis",
        ),
        "template": (
            "如策略要求，增加服务对象满意度指标",
            "where the policy asks for it, add a 服务对象满意度 row",
        ),
    },
    params=SatisfactionParams,
)
def satisfaction_indicator(
    project: Project, ctx: ProjectContext[SatisfactionParams]
) -> Iterator[Hit]:
    """满意度指标下有服务对象满意度指标。

    检查：已填写的指标行中至少有一行一级为“满意度”、二级为参数 level2 所列之一（默认服务对象满意度、社会公众或服务对象满意度）。88号版式把满意度指标列在效益指标下，同样算数；没有一级、二级的行，名称含“满意”的算作服务对象满意度。完全没有指标行的表由 S003 报告。本身不设满意度指标的模板（参数 templates，默认发改“实施效果指标”模板）改按策略给出的级别提示或不报告。文件在指标表中途截断、按模板顺序满意度指标应在最后一行之后时不报告；截断在指标表之前则不检查。
    原因：满意度是绩效评价的固定部分（10号：满意度 10 分）；服务对象是项目直接服务的人，他们的评价最能说明项目做得好不好。
    示例：满意度指标只有“社会公众满意度”，或整张表没有满意度指标。
    修改：补充服务对象满意度指标，调查项目直接服务的对象，依据写明调查方式。
    ---
    What: at least one filled-in row has 一级 满意度 and a 二级 from `level2` (by default
    服务对象满意度, 社会公众或服务对象满意度). The 88号 layout lists satisfaction under 效益: such
    rows count; a row without levels whose name holds 满意 counts as 服务对象满意度. A table with
    no indicator row is S003's finding. A template without satisfaction by design (`templates`;
    by default the 发改 template's 实施效果指标) is reported at the policy's severity, or not at
    all. Not reported when the file cuts the table short before where satisfaction would come,
    nor when it ends before the indicator table.
    Why: satisfaction is a fixed part of the evaluation (财预〔2020〕10号: 10 points); the people the
    project serves are the best judges of how well it served them.
    Example: only a 社会公众满意度 row, or no satisfaction row at all.
    Fix: add a 服务对象满意度 row asking the people the project serves, naming the survey as its
    basis.
    """
    places = ctx.facts.places
    rows = places.filled
    if not rows or places.silent:
        return
    if any(("满意度", level2) in places.pairs for level2 in _canonical_list(ctx.params.level2)):
        return
    relaxed = _relaxed(places, ctx.params.templates)
    if relaxed is not None:
        template, severity = relaxed
        if severity != "off":
            yield ctx.hit("/indicators", "template", severity=severity, template=template)
        return
    if not places.beyond_cut("满意度"):
        yield ctx.hit("/indicators", present=_names(rows, "满意度"))


# --- C005 ------------------------------------------------------------------------------------


class TaxonomyParams(Params):
    """Additions to the taxonomy of domain.md §3 that a policy allows."""

    extra: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="further 二级 allowed under a 一级 (a new 一级 is allowed with its 二级), "
        "e.g. {效益: [服务效益]}; names as written, 指标 optional",
    )

    @cached_property
    def allowed(self) -> dict[str, list[str]]:
        """Canonical 一级 → its allowed canonical 二级: the taxonomy plus the policy's `extra`."""
        allowed: dict[str, list[str]] = {k: list(v) for k, v in TAXONOMY.items()}
        for level1, extra in self.extra.items():
            names = allowed.setdefault(canonical(level1), [])
            names.extend(n for n in map(canonical, extra) if n not in names)
        return allowed


def _row_name(row: Indicator) -> str:
    """A row as a reviewer names it: its 三级, else its description, else its value."""
    return squeeze(row.name) or squeeze(row.description) or squeeze(row.value) or "—"


def _omission(index: int, row: Indicator, c: Classified, ctx: ProjectContext[Any]) -> Hit:
    """C005's finding on a row whose blank levels are the department's omission."""
    if c.inferred == "both":
        pointer, key = f"/indicators/{index}/level1", "missing"
    else:
        pointer, key = f"/indicators/{index}/level2", "missing_level2"
    if not c.level2_allowed:
        key += "_unplaced"
    return ctx.hit(
        pointer,
        key,
        name=_row_name(row),
        level1=c.level1 + "指标" if c.level1 else "—",
        place=c.label,
        evidence=c.evidence or "—",
    )


@rule(
    "C005",
    "indicator-taxonomy",
    category="coverage",
    severity="error",
    basis=_BASIS_FRAMEWORK + "；财预〔2021〕101号：指标体系",
    title=("一级、二级指标符合指标体系", "一级 and 二级 fit the indicator taxonomy"),
    messages={
        "level1": (
            "一级指标“{level1}”不在指标体系中（应为{allowed}）",
            "一级 {level1} is not in the indicator taxonomy (expected one of {allowed})",
        ),
        "level2": (
            "二级指标“{level2}”不属于一级指标“{level1}”（应为{allowed}）",
            "二级 {level2} does not belong under 一级 {level1} (expected one of {allowed})",
        ),
        "missing": (
            "“{name}”没有填写一级、二级指标；从名称和指标值看应为{place}（依据“{evidence}”）",
            "{name} has no 一级 or 二级; its name and value suggest {place} (from {evidence})",
        ),
        "missing_unplaced": (
            "“{name}”没有填写一级、二级指标，从名称和指标值也看不出应归入哪一类",
            "{name} has no 一级 or 二级, and neither its name nor its value says where it belongs",
        ),
        "missing_level2": (
            "“{name}”在{level1}下没有填写二级指标；从名称和指标值看应为{place}（依据“{evidence}”）",
            "{name} has no 二级 under {level1}; its name and value suggest {place} "
            "(from {evidence})",
        ),
        "missing_level2_unplaced": (
            "“{name}”在{level1}下没有填写二级指标，从名称和指标值也看不出应归入哪一类",
            "{name} has no 二级 under {level1}, and neither its name nor its value says which",
        ),
    },
    advice={
        "level1": (
            "把一级指标“{level1}”改为{allowed}之一，或把该行移到正确的一级下",
            "write one of {allowed} for the 一级 '{level1}', or move the row under the right one",
        ),
        "level2": (
            "把二级指标“{level2}”改为{allowed}之一，或把该行移到正确的一级下",
            "write one of {allowed} for the 二级 '{level2}', or move the row under the right 一级",
        ),
        "missing": (
            "为“{name}”填写一级、二级指标：{place}（如推断有误，按实际填写）",
            "fill in the 一级 and 二级 of '{name}': {place} (or what it really is)",
        ),
        "missing_unplaced": (
            "为“{name}”填写一级、二级指标",
            "fill in the 一级 and 二级 of '{name}'",
        ),
        "missing_level2": (
            "为“{name}”填写二级指标：{place}（如推断有误，按实际填写）",
            "fill in the 二级 of '{name}': {place} (or what it really is)",
        ),
        "missing_level2_unplaced": (
            "为“{name}”填写{level1}下的二级指标",
            "fill in the 二级 of '{name}' under {level1}",
        ),
    },
    params=TaxonomyParams,
)
def indicator_taxonomy(project: Project, ctx: ProjectContext[TaxonomyParams]) -> Iterator[Hit]:
    """一级指标是产出、成本、效益、满意度之一，二级指标属于它的一级指标（domain.md §3）。

    检查：每行的一级、二级名称（去掉“指标”二字、“(必填)”“(40-50)分”等标记、编号和空格，同义词归一，如环境效益即生态效益）必须在指标体系中，且二级属于该一级：产出—数量/质量/时效/成本；成本—经济/社会/生态环境成本；效益—经济/社会/生态效益、可持续影响；满意度—服务对象/社会公众满意度。其他模板的写法照此归一：“项目完成指标”“预期产出指标”即产出，“社会、经济、生态效益指标”即效益，88号版式中效益指标下的满意度指标即满意度，发改模板的一级“实施效果指标”下的产出指标、效益指标即一级（二级按三级名称推断，见 C007）。同一对名称只在第一次出现的行报告一次。一级空缺而二级明确的行按二级归类，不报告；表中其他行写有一级、二级，而某行两级都空缺（或一级下二级空缺）时，在该行报告，并说明从名称和指标值看应归入哪一类。整张表都没有一级、二级时不在这里报告（见 C007）；只有一级标签、没有二级和内容的空模板行由 S004 报告。策略可用 extra 增加允许的二级。
    原因：指标体系是财政部门统一规定的（88号、53号、101号）；放错位置、自造或漏填的类别无法汇总和评价，也说明该行可能放错了地方。
    示例：“效益指标/质量指标”；一级写成“产出效益指标”；表中前四行一级、二级都空着。
    修改：把该行移到正确的一级、二级下，或改正、补填名称。
    ---
    What: each row's 一级 is one of 产出, 成本, 效益, 满意度 and its 二级 belongs to that 一级
    (domain.md §3), comparing canonical names (without 指标, tags such as (必填) or (40-50)分,
    numbering and spaces; synonyms mapped: 环境效益 is 生态效益). Other templates' names are
    mapped: 项目完成指标 and 预期产出指标 are 产出, 社会、经济、生态效益指标 is 效益, a 满意度 二级
    under 效益 (88号 layout) is 满意度, and under the 发改 template's 一级 实施效果指标 the written
    产出指标/效益指标 are the 一级 (the 二级 is read from the 三级, see C007). A pair of names is
    reported once, at the first row that has it. A row with a blank 一级 and a known 二级 is placed
    by the 二级 and not reported. A row with both levels blank (or a blank 二级 under its 一级) in a
    table whose other rows have them is reported at that row, saying where its name and value
    suggest it belongs; a table with no levels at all is C007's, and a bare label row with no 二级
    and no content is S004's (an unfilled template row). A policy may allow more 二级 with
    `extra`.
    Why: the taxonomy is set by the finance ministry (88号, 53号, 101号); a made-up, misplaced or
    missing class cannot be summarised or evaluated, and often means the row is in the wrong place.
    Example: 效益指标 / 质量指标; a 一级 written 产出效益指标; the first four rows with no levels.
    Fix: move the row under the right 一级 and 二级, or correct or fill in the names.
    """
    places = ctx.facts.places
    if not places.omitted and all(c.level2_allowed for c in places.places):
        return  # every row sits in the taxonomy (a policy's `extra` only adds to it)
    allowed = ctx.params.allowed
    seen: set[tuple[str, str]] = set()
    for index, (row, c) in enumerate(zip(project.indicators, places.places, strict=True)):
        if index in places.omitted:
            yield _omission(index, row, c, ctx)
            continue
        if c.inferred:
            continue  # placed by its 二级 or, by the table's layout, by its 三级 (C007)
        if not is_filled(row) and not c.level2 and (c.level1_known or c.template or not c.level1):
            continue  # a bare label row with no 二级: S004's (an unfilled template row)
        if c.template and c.level2_allowed:
            continue  # a class of the template's own (发改 过程管理指标 / 资金管理指标)
        pair = (c.level1, c.level2)
        if pair in seen:
            continue
        seen.add(pair)
        if c.template:
            yield ctx.hit(
                f"/indicators/{index}/level2",
                "level2",
                level1=label_text(row.level1),
                level2=clean(row.level2) or "—",
                allowed="、".join(TEMPLATE_CLASSES.get(c.level1) or allowed),
            )
        elif c.level1 not in allowed:
            yield ctx.hit(
                f"/indicators/{index}/level1",
                "level1",
                level1=clean(row.level1) or "—",
                allowed="、".join(allowed),
            )
        elif c.level2 not in allowed[c.level1]:
            yield ctx.hit(
                f"/indicators/{index}/level2",
                "level2",
                level1=c.level1,
                level2=clean(row.level2) or "—",
                allowed="、".join(allowed[c.level1]),
            )


# --- C006 ------------------------------------------------------------------------------------


class TopicParams(Params):
    """Topic words that say which 效益 二级 a row belongs in."""

    ecology_words: tuple[str, ...] = Field(
        ("环保", "减排", "污染", "节能", "生态"),
        description="words of an ecological benefit: a row with them belongs in 生态效益",
    )
    economy_words: tuple[str, ...] = Field(
        ("产值", "收入", "税收"),
        description="words of an economic benefit: a row with them belongs in 经济效益",
    )
    exclusions: tuple[str, ...] = Field(
        ("产业生态", "创新生态", "数字生态", "商业生态", "生态圈", "营商环境"),
        description="phrases removed from the text before matching (生态 in 产业生态 is not ecology)",
    )
    neutral_level2: tuple[str, ...] = Field(
        ("可持续影响",),
        description="效益 二级 that may hold any topic (not checked)",
    )


@rule(
    "C006",
    "benefit-topic",
    category="coverage",
    severity="warning",
    basis=_BASIS_FRAMEWORK + "；财预〔2015〕88号：审核——相关性",
    title=("效益指标归类与内容相符", "a benefit row sits under the 二级 its topic names"),
    message=(
        "“{name}”说的是“{word}”，属于{expected}，却列在{level2}下",
        "{name} speaks of {word}, a matter of {expected}, but is listed under {level2}",
    ),
    advice=(
        "把“{name}”移到{expected}指标下，或改写该指标使其属于{level2}",
        "move '{name}' under {expected}, or reword it so that it belongs under {level2}",
    ),
    params=TopicParams,
)
def benefit_topic(project: Project, ctx: ProjectContext[TopicParams]) -> Iterator[Hit]:
    """效益指标的二级与内容相符：环保、减排、污染、节能、生态等属于生态效益，产值、收入、税收等属于经济效益。

    检查：在效益指标行的三级名称和指标描述中找主题词；含生态词而不在生态效益下、或含经济词而不在经济效益下时提示，但若同一行也含其所在二级自己的主题词则不提示。“产业生态”等短语先去掉（参数 exclusions），可持续影响不检查。二级是按三级名称推断的行（没有写二级）不检查：单位并没有把它列在哪个二级下。这是启发式检查，只给警告。
    原因：归错类的效益指标使汇总和评价失真（53号指标框架）；也常说明目标中承诺的生态或经济效益没有真正设指标。
    示例：种子文档表 2“社会效益指标/绿色环保/新墙体材料环保、高质”应为生态效益。
    修改：把该行移到其内容所属的二级指标下，必要时改写指标。
    ---
    What: looks for topic words in the 三级 name and description of benefit (效益) rows: a row with
    an ecology word (环保, 减排, 污染, 节能, 生态) outside 生态效益, or a money word (产值, 收入, 税收)
    outside 经济效益, is reported — unless it also holds a word of the 二级 it is under. Phrases in
    `exclusions` (产业生态 …) are removed first; 可持续影响 is not checked, nor a row whose 二级 was
    inferred from its 三级 (the department listed it under no 二级). A heuristic: warning only.
    Why: a misfiled benefit distorts summaries and evaluation (53号 framework), and often means
    the ecological or economic benefit a goal promises has no indicator of its own.
    Example: seed table 2: 社会效益指标 / 绿色环保 / 新墙体材料环保、高质 is an ecological benefit.
    Fix: move the row under the 二级 its topic belongs to, rewording it if needed.
    """
    params = ctx.params
    misfiled = _topic_finder(params.ecology_words, params.economy_words, params.exclusions)
    neutral = canonical_names(params.neutral_level2)
    for index, row, c in ctx.facts.places.filled:
        if not c.is_benefit or c.level2 in neutral or c.inferred in ("level2", "both"):
            continue
        found = misfiled(row.name, row.description, c.level2)
        if found is not None:
            word, expected = found
            yield ctx.hit(
                f"/indicators/{index}/name",
                name=clean(row.name) or clean(row.description),
                word=word,
                expected=expected,
                level2=clean(row.level2) or c.level2,
            )


@lru_cache(maxsize=8)
def _topic_finder(
    ecology_words: tuple[str, ...], economy_words: tuple[str, ...], exclusions: tuple[str, ...]
) -> Callable[[str, str, str], tuple[str, str] | None]:
    """C006 on one benefit row, cached per (name, description, canonical 二级) as written."""
    topics = {"生态效益": ecology_words, "经济效益": economy_words}

    @lru_cache(maxsize=CACHE_SIZE)
    def misfiled(name: str, description: str, level2: str) -> tuple[str, str] | None:
        """(topic word, the 二级 it belongs in) when the row is under another 二级."""
        text = clean(name) + "\n" + clean(description)
        for phrase in exclusions:
            if phrase:
                text = text.replace(phrase, "")
        if any(w and w in text for w in topics.get(level2, ())):
            return None
        for expected, words in topics.items():
            if expected == level2:
                continue
            word = next((w for w in words if w and w in text), None)
            if word is not None:
                return word, expected
        return None

    return misfiled


# --- C007 ------------------------------------------------------------------------------------


def _listing(rows: list[Row], cost_first: bool) -> tuple[str, str]:
    """(`产出指标/数量指标：发放人数、领取补助人数；…` in the template's order, the rows no place
    was found for)."""
    groups: dict[Classified, list[str]] = {}
    unplaced: list[str] = []
    for _, row, c in rows:
        if c.level2_allowed:
            groups.setdefault(Classified(c.level1, c.level2, True, True), []).append(_row_name(row))
        else:
            unplaced.append(_row_name(row))

    def order(place: Classified) -> tuple[int, int]:
        position = template_position(place.level1, place.level2, cost_first)
        within = TAXONOMY.get(place.level1, ())
        return (
            len(TAXONOMY) + 10 if position is None else position,
            within.index(place.level2) if place.level2 in within else len(within),
        )

    listed = "；".join(
        f"{place.label}：{'、'.join(groups[place])}" for place in sorted(groups, key=order)
    )
    return listed or "—", "、".join(unplaced)


@rule(
    "C007",
    "inferred-levels",
    category="coverage",
    severity="info",
    basis=_BASIS_FRAMEWORK + "；财预〔2015〕88号：审核——完整性",
    title=("一级、二级指标由三级指标推断", "一级/二级 inferred from the 三级 indicators"),
    messages={
        "levels": (
            "本表没有一级、二级指标，已按三级指标的名称、描述和指标值归类：{rows}",
            "the table has no 一级 or 二级; each row was placed by its 三级 name, description "
            "and value: {rows}",
        ),
        "levels_unplaced": (
            "本表没有一级、二级指标，已按三级指标的名称、描述和指标值归类：{rows}；"
            "无法归类：{unplaced}",
            "the table has no 一级 or 二级; each row was placed by its 三级 name, description "
            "and value: {rows}; not placed: {unplaced}",
        ),
        "level2": (
            "本表没有二级指标，已按三级指标的名称、描述和指标值归类：{rows}",
            "the table has no 二级; each row's 二级 was inferred from its 三级 name, "
            "description and value: {rows}",
        ),
        "level2_unplaced": (
            "本表没有二级指标，已按三级指标的名称、描述和指标值归类：{rows}；无法归类：{unplaced}",
            "the table has no 二级; each row's 二级 was inferred from its 三级 name, "
            "description and value: {rows}; not placed: {unplaced}",
        ),
        "template": (
            "本表按“{template}”模板填写，二级栏写的是产出指标、效益指标等一级指标；"
            "已按三级指标的名称、描述和指标值归入二级：{rows}",
            "the table follows the {template} template, whose 二级 column holds 一级 names "
            "(产出指标, 效益指标); each row's 二级 was inferred from its 三级 name, description "
            "and value: {rows}",
        ),
        "template_unplaced": (
            "本表按“{template}”模板填写，二级栏写的是产出指标、效益指标等一级指标；"
            "已按三级指标的名称、描述和指标值归入二级：{rows}；无法归类：{unplaced}",
            "the table follows the {template} template, whose 二级 column holds 一级 names "
            "(产出指标, 效益指标); each row's 二级 was inferred from its 三级 name, description "
            "and value: {rows}; not placed: {unplaced}",
        ),
    },
    advice=(
        "按指标体系为各行补填一级、二级指标；上面推断的归类如有误，以补填的为准",
        "fill in each row's 一级 and 二级 by the taxonomy; where the inference above is wrong, "
        "what is filled in counts",
    ),
)
def inferred_levels(project: Project, ctx: ProjectContext[Params]) -> Iterator[Hit]:
    """表中没有写一级、二级指标（或没有写二级指标）时，说明各行按三级指标推断归入了哪一类。

    检查：整张表没有一级、二级指标栏（如只有“指标 | 指标权重 | 计量单位 | 指标性质 | 指标值”的清单），或没有二级指标栏，或按发改“实施效果指标”模板把产出指标、效益指标写在二级栏时，C001–C004 按三级指标的名称、描述和指标值推断的类别检查（如“…满意度”是服务对象满意度，“发放金额 ≥9.31万元”是成本，“发放人数”是数量，“促进社会和谐”是社会效益）。本规则每张表提示一次，列出每行被归入的类别和无法归类的行，供审核人核对。表中其他行写有一级、二级而个别行漏填的，由 C005 逐行报告，不在这里重复；一级空缺而二级明确的行按二级归类，不提示。
    原因：绩效目标表应按指标体系分类填写（53号、88号）；没有分类时，覆盖检查只能依靠推断，审核人需要知道结论是怎样得出的，才能核对或要求单位按模板补填。
    示例：一张只有“发放人数、是否按时足额发放、促进社会和谐”等三级指标的清单。
    修改：按指标体系补填一级、二级指标；如推断有误，以补填的为准。
    ---
    What: when a table has no 一级/二级 columns (a flat list such as 指标 | 指标权重 | 计量单位 |
    指标性质 | 指标值), no 二级 column, or follows the 发改 template (产出指标/效益指标 written as
    二级 under 实施效果指标), C001–C004 judge it by the places its 三级 names, descriptions and
    values suggest (…满意度 is service-recipient satisfaction, 发放金额 ≥9.31万元 a cost, 发放人数
    a quantity, 促进社会和谐 a social benefit). This rule says so once per table, listing where
    each row was placed and which rows could not be placed, for the reviewer to check. Single rows
    left blank in a table whose other rows have levels are C005's, reported at each row; a row
    with a blank 一级 and a known 二级 is placed by the 二级 and not mentioned.
    Why: a target table is to be filled in by the indicator taxonomy (53号, 88号); without it the
    coverage checks rest on inference, and the reviewer needs to see how it was reached to check
    it or to ask the department to fill in the template.
    Example: a list of 三级 only: 发放人数, 是否按时足额发放, 促进社会和谐.
    Fix: fill in the 一级 and 二级 by the taxonomy; where the inference is wrong, what is filled in
    counts.
    """
    places = ctx.facts.places
    if all(c.level2_allowed for c in places.written):
        return  # the usual case: every row placed by its written names
    rows = places.inferred
    if not rows:
        return
    listed, unplaced = _listing(rows, places.cost_first)
    template = next((c.template for _, _, c in rows if c.template), "")
    if any(c.inferred == "both" for _, _, c in rows):
        key = "levels"
    elif template:
        key = "template"
        template = places.template((template,)) or template
    else:
        key = "level2"
    if unplaced:
        key += "_unplaced"
    yield ctx.hit("/indicators", key, rows=listed, unplaced=unplaced, template=template)


RULES: tuple[Rule, ...] = (
    output_coverage,
    cost_indicator,
    benefit_coverage,
    satisfaction_indicator,
    indicator_taxonomy,
    benefit_topic,
    inferred_levels,
)
