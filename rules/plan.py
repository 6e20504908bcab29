"""P — the spending plan (资金支出计划): its checkpoints, their form, and their course over the year.

The plan is cumulative: the percent of the budget spent by each checkpoint. P001 checks its shape
(the policy's checkpoints, each a number 0–100, written one way), P002 that it never decreases,
P003 that it ends at 100, P004 minimum percentages where a policy sets them. A project with no
plan at all (`spending_plan` null: a layout without one) is S003's business where the policy
requires a plan; P001 reports it only when its own `required` parameter says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from pydantic import Field

from checker.model import Checkpoint, Project
from checker.rule import Fix, Hit, Params, ProjectContext, rule
from checker.values import clean

_BASIS_PLAN = "财预〔2015〕88号：绩效目标审核——可行性"
_BASIS_PLAN_SHAPE = "财预〔2015〕88号：绩效目标审核——完整性、可行性"

_CN_MONTHS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_MONTH_LABEL_RE = re.compile(
    r"^(?P<month>[0-9]{1,2}|十[一二]?|[一二三四五六七八九])月(?:底|末|份)?(?:前)?$"
)
_PLAIN_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@lru_cache(maxsize=1024)
def checkpoint_key(label: str | None) -> str:
    """A checkpoint label reduced to what identifies it: `3月底`, ` 3月末`, `三月底` → `3月`."""
    text = unicodedata.normalize("NFKC", clean(label))
    match = _MONTH_LABEL_RE.match(text)
    if not match:
        return text
    month = match.group("month")
    number = int(month) if month.isdigit() else _CN_MONTHS[month]
    return f"{number}月"


@lru_cache(maxsize=64)
def _checkpoint_keys(labels: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The policy's checkpoints, each with its key."""
    return tuple((label, checkpoint_key(label)) for label in labels)


def _plan(project: Project) -> list[Checkpoint]:
    return project.spending_plan or []


def _number_text(raw: str) -> str | None:
    """The number of a plan cell as written, without `%` and whitespace: ` 30` → `30`."""
    text = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    match = _PLAIN_NUMBER_RE.match(text)
    return match.group(0) if match else None


def _is_blank(raw: str | None) -> bool:
    return not clean(raw)


@lru_cache(maxsize=1024)
def _format_of(raw: str) -> tuple[bool, bool]:
    """How a plan cell is written: (with a percent sign, with surrounding whitespace)."""
    normal = unicodedata.normalize("NFKC", raw)
    return ("%" in normal or "百分比" in normal, raw != raw.strip())


class PlanShapeParams(Params):
    """Parameters of P001."""

    checkpoints: tuple[str, ...] = Field(
        ("3月底", "6月底", "10月底", "12月底"),
        description="the checkpoints the plan must have (`3月底` also matches `3月末`, `三月底`); "
        "empty: any checkpoints",
    )
    minimum: Decimal = Field(Decimal(0), description="the smallest percent a checkpoint may hold")
    maximum: Decimal = Field(Decimal(100), description="the largest percent a checkpoint may hold")
    required: bool = Field(
        False,
        description="report a project with no plan at all; off by default because S003 reports "
        "a missing plan where the policy requires one",
    )
    style: Literal["plain", "percent"] = Field(
        "plain",
        description="how the fix writes every checkpoint of a plan that mixes formats: `30` "
        "(plain) or `30%` (percent)",
    )


@rule(
    "P001",
    "spending-plan-shape",
    category="plan",
    severity="error",
    also=("info",),
    basis=_BASIS_PLAN_SHAPE,
    title=("资金支出计划的节点和格式", "spending plan checkpoints and format"),
    messages={
        "missing_plan": (
            "缺少资金支出计划（应有 {expected} 各节点的累计支出百分比）",
            "the spending plan is missing (expected cumulative percentages at {expected})",
        ),
        "missing_checkpoint": (
            "资金支出计划缺少节点“{label}”（应有 {expected}）",
            "the spending plan lacks the checkpoint(s) {label_en} (expected {expected})",
        ),
        "blank": (
            "资金支出计划“{label}”未填写百分比",
            "the spending plan gives no percent at {label_en}",
        ),
        "unparseable": (
            "资金支出计划“{label}”的“{value}”不是数字，应填写 0–100 的累计百分比",
            "the spending plan's value '{value}' at {label} is not a number; write a cumulative "
            "percent between 0 and 100",
        ),
        "out_of_range": (
            "资金支出计划“{label}”的 {value} 超出 {minimum}–{maximum} 的范围",
            "the spending plan's {value} at {label} is outside {minimum}–{maximum}",
        ),
        "mixed": (
            "资金支出计划各节点写法不一（{formats}），应统一写为{fixed}",
            "the spending plan's checkpoints are written in different ways ({formats}); write "
            "them one way: {fixed_en}",
        ),
    },
    advice={
        "missing_plan": (
            "补上资金支出计划：{expected} 各节点截至该节点的累计支出百分比",
            "add the spending plan: the cumulative percent spent by each of {expected}",
        ),
        "missing_checkpoint": (
            "补上节点“{label}”及其累计支出百分比",
            "add the checkpoint {label_en} with its cumulative percent",
        ),
        "blank": (
            "在“{label}”填写截至该节点的累计支出百分比",
            "write the cumulative percent spent by {label_en}",
        ),
        "unparseable": (
            "把“{value}”改为截至“{label}”的累计支出百分比（0–100 的数字）",
            "replace '{value}' by the cumulative percent spent by {label} (a number 0–100)",
        ),
        "out_of_range": (
            "把“{value}”改为 {minimum}–{maximum} 之间的累计百分比",
            "write a cumulative percent between {minimum} and {maximum} for '{value}'",
        ),
        "mixed": (
            "各节点统一写为{fixed}（--fix 可自动修正 YAML 记录）",
            "write the checkpoints {fixed_en} (--fix rewrites YAML records)",
        ),
    },
    params=PlanShapeParams,
    fixable=True,
    # Not tidy as a whole: a missing, blank or non-numeric checkpoint is a real defect. The
    # `mixed` finding alone (` 30` beside `100%`) is a format artefact --fix mends.
)
def spending_plan_shape(project: Project, ctx: ProjectContext[PlanShapeParams]) -> Iterator[Hit]:
    """资金支出计划包含策略规定的各节点，每个节点是 0–100 的数字，写法一致。

    检查：计划是否有策略规定的节点（默认 3月底、6月底、10月底、12月底）；每个节点是否填写了
    0–100 的数字（可带 %）；同一计划中是否混用“30”“ 30”“100%”等不同写法（提示，可自动修正）。
    没有资金支出计划的项目由 S003 按策略的必填字段报告；本规则仅在参数 required 为 true 时报告。
    同一计划中缺少的几个节点、几个空白节点、几处不一致的写法，各合为一个问题，列出每一处。
    原因：支出计划是审核可行性和执行进度的依据；缺节点、非数字的计划无法核对。写法混杂往往是
    复制粘贴留下的痕迹，也会妨碍表格的汇总计算。
    示例：表2 写作“ 30”“ 60”“ 90”“100%”：前三个带前导空格，最后一个带 %。
    修改：补齐节点，填写累计百分比；混用写法时按策略统一写成纯数字或百分数。
    ---
    What: the plan has the policy's checkpoints (by default 3月底, 6月底, 10月底, 12月底), each a
    number between 0 and 100 (a `%` is accepted); a plan mixing formats (`30`, ` 30`, `100%`) is
    an info finding with an autofix. A project without any plan is S003's business where the
    policy requires one; P001 reports it only when its `required` parameter is true. The
    missing checkpoints of one plan, its blank checkpoints, and its cells written the odd way
    are one finding each, listing every place.
    Why: the plan is the basis for judging feasibility and for tracking execution; a plan with
    missing or non-numeric checkpoints cannot be checked. Mixed formats are usually copy-paste
    traces and break totals in spreadsheets.
    Example: table 2 writes ` 30`, ` 60`, ` 90`, `100%`: three with a leading space, one with `%`.
    Fix: add the missing checkpoints and fill in cumulative percentages; write every checkpoint
    the same way, as plain numbers or percentages as the policy says.
    """
    params = ctx.params
    plan = _plan(project)
    if not plan:
        if params.required:
            expected = "、".join(params.checkpoints)
            yield ctx.hit("/spending_plan", "missing_plan", severity="error", expected=expected)
        return
    present = {checkpoint_key(checkpoint.label) for checkpoint in plan}
    missing = [label for label, key in _checkpoint_keys(params.checkpoints) if key not in present]
    if missing:  # one defect, the plan's missing checkpoints, at one place
        yield ctx.hit(
            "/spending_plan",
            "missing_checkpoint",
            severity="error",
            label="”“".join(missing),
            label_en=", ".join(missing),
            expected="、".join(params.checkpoints),
        )
    well_formed: list[tuple[int, str]] = []
    blank: list[tuple[str, str]] = []
    for index, checkpoint in enumerate(plan):
        raw = checkpoint.percent
        if raw is None or _is_blank(raw):
            blank.append((f"/spending_plan/{index}/percent", clean(checkpoint.label)))
            continue
        value = checkpoint.percent_value
        if value is None:
            yield ctx.hit(
                f"/spending_plan/{index}/percent",
                "unparseable",
                severity="error",
                label=clean(checkpoint.label),
                value=raw.strip(),
            )
            continue
        if not params.minimum <= value <= params.maximum:
            yield ctx.hit(
                f"/spending_plan/{index}/percent",
                "out_of_range",
                severity="error",
                label=clean(checkpoint.label),
                value=raw.strip(),
                minimum=params.minimum,
                maximum=params.maximum,
            )
            continue
        well_formed.append((index, raw))
    if blank:  # one defect, the plan left unfilled, at each blank checkpoint
        (first, _), *others = blank
        labels = [label for _, label in blank]
        yield ctx.hit(
            first,
            "blank",
            severity="error",
            places=[ctx.hit(pointer) for pointer, _ in others],
            label="”“".join(labels),
            label_en=", ".join(labels),
        )
    yield from _mixed_formats(well_formed, params, ctx)


def _mixed_formats(
    well_formed: list[tuple[int, str]], params: PlanShapeParams, ctx: ProjectContext[Any]
) -> Iterator[Hit]:
    """One finding for a plan whose cells are written in different ways, with a place and a
    fix for each cell to rewrite (` 30`, ` 60`, ` 90` beside `100%`: one defect, not four)."""
    if len({_format_of(raw) for _, raw in well_formed}) < 2:
        return
    fixes: list[Hit] = []
    uniform: list[str] = []
    for index, raw in well_formed:
        number = _number_text(raw)
        if number is None:  # pragma: no cover - percent_value parsed it
            continue
        fixed = number + "%" if params.style == "percent" else number
        uniform.append(fixed)
        if raw != fixed:
            pointer = f"/spending_plan/{index}/percent"
            fixes.append(ctx.hit(pointer, text=raw, fix=Fix(pointer, fixed)))
    if not fixes:  # pragma: no cover - two formats mean a cell differs from the style
        return
    first, *others = fixes
    yield ctx.hit(
        first.pointer,
        "mixed",
        severity="info",
        text=first.text,
        fix=first.fix,
        places=others,
        formats="、".join(f"“{raw}”" for _, raw in well_formed),
        fixed="".join(f"“{x}”" for x in uniform),
        fixed_en=", ".join(uniform),
    )


@rule(
    "P002",
    "spending-plan-cumulative",
    category="plan",
    severity="error",
    basis=_BASIS_PLAN,
    title=("资金支出计划累计不减", "spending plan is cumulative and non-decreasing"),
    message=(
        "资金支出计划是累计百分比，不应减少：“{label}”的 {value} 低于“{previous_label}”的 "
        "{previous}",
        "the spending plan is cumulative and cannot decrease: {value} at {label} is below "
        "{previous} at {previous_label}",
    ),
    advice=(
        "把“{label}”的 {value} 改为截至该节点的累计百分比：不低于“{previous_label}”的 {previous}",
        "write the cumulative percent spent by {label} in place of {value}: at least the "
        "{previous} of {previous_label}",
    ),
)
def spending_plan_cumulative(project: Project, ctx: ProjectContext[Params]) -> Iterator[Hit]:
    """资金支出计划是累计数，逐节点不减少。

    检查：按计划中的顺序，每个节点的百分比不低于此前各节点的最大值。无法识别的数字由 P001
    报告，这里跳过。
    原因：“3月底 30、6月底 60”表示到 6 月底累计支出 60%；后一节点低于前一节点，说明填的是
    分期数或填错了，计划无法用于监控执行进度。
    示例：3月底 30、6月底 60、10月底 50、12月底 100 —— 10月底的 50 低于 6月底的 60。
    修改：每个节点填写截至该节点的累计支出百分比，逐节点不减少。
    ---
    What: in the order of the plan, no checkpoint is below the highest earlier one. Cells that are
    not numbers are P001's and are skipped here.
    Why: `3月底 30, 6月底 60` means 60 % spent in total by the end of June; a later checkpoint
    below an earlier one means per-period shares or a typo, and the plan cannot be used to
    monitor execution.
    Example: 30, 60, 50, 100 — 50 at 10月底 is below 60 at 6月底.
    Fix: write the cumulative percent spent by each checkpoint, never less than the one before.
    """
    highest: Decimal | None = None
    highest_label = ""
    for index, checkpoint in enumerate(_plan(project)):
        value = checkpoint.percent_value
        if value is None:
            continue
        if highest is not None and value < highest:
            yield ctx.hit(
                f"/spending_plan/{index}/percent",
                label=clean(checkpoint.label),
                value=value,
                previous_label=highest_label,
                previous=highest,
            )
            continue
        highest, highest_label = value, clean(checkpoint.label)


class PlanCompleteParams(Params):
    """Parameters of P003."""

    target: Decimal = Field(
        Decimal(100), description="the cumulative percent the plan's last checkpoint must reach"
    )


@rule(
    "P003",
    "spending-plan-complete",
    category="plan",
    severity="error",
    basis=_BASIS_PLAN,
    title=("资金支出计划在最后节点达到 100%", "spending plan reaches 100 at the last checkpoint"),
    messages={
        "default": (
            "资金支出计划最后节点“{label}”为 {value}，应为 {target}",
            "the spending plan's last checkpoint {label} is {value}; it must be {target}",
        ),
        "per_period": (
            "资金支出计划最后节点“{label}”为 {value}，应为 {target}；各节点之和为 {target}，"
            "似乎填写的是分期数，应填写累计数",
            "the spending plan's last checkpoint {label} is {value}, not {target}; the "
            "checkpoints add up to {target}, so they look like per-period shares: write "
            "cumulative percentages",
        ),
    },
    advice={
        "default": (
            "把最后节点“{label}”的 {value} 改为 {target}；资金确实跨年支出的，写入中期计划",
            "write {target} at the last checkpoint {label} in place of {value}; money spent in a "
            "later year belongs to the mid-term plan",
        ),
        "per_period": (
            "把各节点改为累计数：每个节点填写截至该节点的支出合计，最后节点“{label}”为 {target}",
            "write cumulative figures: each checkpoint the total spent by then, {target} at the "
            "last one, {label}",
        ),
    },
    params=PlanCompleteParams,
)
def spending_plan_complete(
    project: Project, ctx: ProjectContext[PlanCompleteParams]
) -> Iterator[Hit]:
    """资金支出计划的最后一个节点达到 100%。

    检查：计划中最后一个节点的累计百分比达到 100（参数 target）。最后节点未填、不是数字或超过
    100 时由 P001 报告，这里跳过。各节点之和恰为 100 时，提示填成了分期数。
    原因：年度预算应在年底前执行完毕；累计计划到不了 100%，说明有资金没有支出安排。
    示例：3月底 30、6月底 60、10月底 90、12月底 95；或 25、25、25、25（分期数）。
    修改：最后节点填写 100，其余节点填写截至该节点的累计百分比。
    ---
    What: the plan's last checkpoint reaches 100 (parameter `target`). When the last cell is
    blank, not a number or above 100, P001 reports it and this rule says nothing. When the checkpoints add up to
    exactly 100 the message says they look like per-period shares.
    Why: the year's budget is to be spent by the year end; a cumulative plan that stops short of
    100 leaves money without a spending schedule.
    Example: 30, 60, 90, 95; or 25, 25, 25, 25 (per-period shares).
    Fix: write 100 at the last checkpoint and the cumulative percent at the others.
    """
    plan = _plan(project)
    if not plan:
        return
    last = plan[-1]
    value = last.percent_value
    target = ctx.params.target
    if value is None or value >= target:
        return  # blank, text and values above 100 are P001's
    values = [c.percent_value for c in plan]
    total = sum((v for v in values if v is not None), Decimal(0))
    per_period = len(plan) > 1 and None not in values and total == target
    yield ctx.hit(
        f"/spending_plan/{len(plan) - 1}/percent",
        "per_period" if per_period else "default",
        label=clean(last.label),
        value=value,
        target=target,
    )


class PlanMinimumParams(Params):
    """Parameters of P004."""

    minimums: dict[str, Decimal] = Field(
        default_factory=dict,
        description="minimum cumulative percent by checkpoint, e.g. {6月底: 50, 10月底: 80}; "
        "empty (the default): the rule checks nothing",
    )


@rule(
    "P004",
    "spending-plan-minimum",
    category="plan",
    severity="warning",
    basis=_BASIS_PLAN,
    title=("资金支出进度不低于策略要求", "spending plan meets the policy's minimum pace"),
    message=(
        "资金支出计划“{label}”为 {value}，低于要求的 {minimum}",
        "the spending plan's {value} at {label} is below the required {minimum}",
    ),
    advice=(
        "调整支出安排，使“{label}”的累计支出不低于 {minimum}；确有原因的，说明理由并申请豁免",
        "reschedule the spending so that {label} reaches at least {minimum}; where there is a "
        "reason, state it and ask for a waiver",
    ),
    params=PlanMinimumParams,
)
def spending_plan_minimum(
    project: Project, ctx: ProjectContext[PlanMinimumParams]
) -> Iterator[Hit]:
    """资金支出计划各节点不低于策略规定的最低进度。

    检查：策略为某些节点规定了最低累计支出百分比（参数 minimums，如 6月底 50、10月底 80）时，
    计划在这些节点的数字不低于它。默认没有规定，本规则不报告任何问题。
    原因：不少地方要求预算执行“序时均衡”，如 6 月底过半；进度过于靠后的计划往往导致年底
    突击花钱或资金沉淀。
    示例：策略规定 6月底 ≥50，计划写 6月底 30。
    修改：调整支出安排，使计划达到要求的进度；确有原因的，在资金用途中说明并申请豁免。
    ---
    What: where the policy sets a minimum cumulative percent for a checkpoint (parameter
    `minimums`, e.g. 6月底 50, 10月底 80), the plan's value there is not below it. By default no
    minimum is set and the rule reports nothing.
    Why: many bureaus require balanced execution over the year (half spent by the end of June);
    a back-loaded plan leads to year-end spending sprees or idle funds.
    Example: the policy requires 50 at 6月底; the plan has 30.
    Fix: reschedule spending to reach the required pace, or explain the reason and ask for a
    waiver.
    """
    minimums = {checkpoint_key(label): (label, m) for label, m in ctx.params.minimums.items()}
    if not minimums:
        return
    for index, checkpoint in enumerate(_plan(project)):
        wanted = minimums.get(checkpoint_key(checkpoint.label))
        value = checkpoint.percent_value
        if wanted is None or value is None:
            continue
        if value < wanted[1]:
            yield ctx.hit(
                f"/spending_plan/{index}/percent",
                label=clean(checkpoint.label),
                value=value,
                minimum=wanted[1],
            )


RULES = (
    spending_plan_shape,
    spending_plan_cumulative,
    spending_plan_complete,
    spending_plan_minimum,
)
