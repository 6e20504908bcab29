"""HL — 怀来县 (Huailai county) rules: what the county finance bureau checks beyond the province.

- HL001 a project funded by an upper-level transfer cites a notice no later than its budget year
  (the 〔〕 of every 发文字号 is the built-in N003's: a local rule checks only what the built-ins
  do not, so one defect is one finding);
- HL002 a running-cost (运行经费) project of 20 万元 or more itemises its costs;
- HL003 the budget unit is one of the county's, by the register shipped with the plugin.

Every threshold, word list and pattern is a parameter that `huailai.yaml` (or any policy) sets.
The rules are opt-in, as every installed plugin's are: HL003 runs under `huailai` (which selects
it; HL001 and HL002 run there as the declarative HL101 and HL102) or under any policy that names
them, never merely because the plugin is installed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from checker.model import Project
from checker.rule import Hit, Params, ProjectContext, Rule, rule
from checker.taxonomy import classify
from checker.values import clean, squeeze
from pydantic import Field, field_validator

from jxcheck_huailai.register import SHIPPED_LABEL, RegisterError, load_register

_BASIS_TRANSFER = (
    "怀来县财政局：上级转移支付资金按下达文件的文号逐项对账，下达文件不晚于所安排的预算年度"
)
_BASIS_COST = "财预〔2015〕88号：绩效目标要求——细化量化；审核——适当性（成本与支出内容相匹配）"
_BASIS_UNIT = "怀来县预算单位名录（县财政局维护）；财预〔2015〕88号：审核——完整性"

_HAN = "\u4e00-\u9fa5"


def _fmt(number: Decimal) -> str:
    return format(number.normalize(), "f")


# --- HL001 ---------------------------------------------------------------------------------


class TransferNoticeParams(Params):
    """Which notices are upper-level transfers."""

    issuers: tuple[str, ...] = Field(
        ("冀财", "张财", "财"),
        description="机关代字 prefixes of the upper-level finance departments whose notices fund "
        "transfers: 冀财 (province), 张财 (city), 财 (the Ministry of Finance). The 机关代字 "
        "must start the name or follow a space, digit or punctuation, so 怀财预批 is not 财预批",
    )

    @field_validator("issuers")
    @classmethod
    def _han_only(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for issuer in value:
            if not re.fullmatch(f"[{_HAN}]+", issuer):
                raise ValueError(
                    f"机关代字 {issuer!r} 应只含汉字 / issuer {issuer!r} must be Chinese characters"
                )
        return value


def _notice_regex(issuers: tuple[str, ...]) -> re.Pattern[str]:
    codes = "|".join(re.escape(i) for i in sorted(issuers, key=len, reverse=True))
    return re.compile(
        # not right after another Chinese character, but right after a year: 提前下达2023年冀财建…
        rf"(?:(?<![{_HAN}])|(?<=[0-9]年)|(?<=[0-9]年度))(?P<agency>(?:{codes})[{_HAN}]{{0,4}}?)\s*"
        r"(?P<open>[〔【\[［(（{])\s*(?P<year>[0-9]{4})\s*(?P<close>[〕】\]］)）}])\s*"
        r"第?\s*(?P<number>[0-9]+)\s*号"
    )


@rule(
    "HL001",
    "transfer-notice-year",
    category="huailai",
    severity="error",
    basis=_BASIS_TRANSFER,
    title=(
        "上级转移支付下达文件的年份不晚于预算年度",
        "an upper-level transfer's notice is not dated after the budget year",
    ),
    message=(
        "上级转移支付文号“{written}”的年份 {year} 晚于预算年度 {budget_year}：下达文件不可能晚于所安排的预算年度",
        "the transfer notice {written} is dated {year}, after the budget year {budget_year}: a "
        "notice cannot be later than the budget it funds",
    ),
    advice=(
        "照下达文件原文核对“{written}”的年份，它不会晚于 {budget_year} 年",
        "check the year of {written} against the notice itself: it is {budget_year} or earlier",
    ),
    params=TransferNoticeParams,
)
def transfer_notice_year(
    project: Project, ctx: ProjectContext[TransferNoticeParams]
) -> Iterator[Hit]:
    """上级转移支付资金安排的项目，项目名称中引用的下达文件年份不晚于预算年度。

    检查：在项目名称中（没有名称时在表头中）查找上级财政部门的发文字号——机关代字以参数 issuers 所列前缀开头（默认冀财、张财、财），后接括号中的年份、序号和“号”；年份晚于预算年度时为错误。机关代字须在名称开头或空格、数字、标点之后（或紧接“2023年”“2023年度”这样的年份之后），因此本县文号“怀财预批〔2022〕66号”不算上级文号。发文字号的括号写法（年份用〔〕）由内置规则 N003 检查，本规则不重复报告。
    原因：县财政局按下达文件的文号逐项核对上级转移支付资金的安排和执行；下达文件不可能晚于它所安排的预算年度，这样的文号一定是笔误，按它对不上账。
    示例：2023 年预算中的“冀财建〔2024〕5号 工业转型升级资金”为错误；种子文档表 6 的“冀财建[2022]238号”年份 2022 不晚于 2023，通过（其方括号由 N003 提示）。
    修改：照下达文件原文核对文号的年份和序号。
    ---
    What: finds the notice numbers of upper-level finance departments in the project name (else
    in the heading): a 机关代字 starting with one of `issuers` (default 冀财 province, 张财 city,
    财 the Ministry), the year in brackets, the number and 号. A year after the budget year is
    an error. The 机关代字 must start the name or follow a space, digit or punctuation (or a
    year in words, 2023年 / 2023年度), so the county's own 怀财预批〔2022〕66号 is not an
    upper-level notice. The brackets of a 发文字号 (its year in 〔〕) are the built-in rule
    N003's, not reported again here.
    Why: the county reconciles every upper-level transfer with the notice that allocated it, by
    its number; a notice cannot be dated after the budget year it funds, so such a number is a
    typo and matches no notice.
    Example: 冀财建〔2024〕5号 工业转型升级资金 in a 2023 budget is an error; seed table 6 cites
    冀财建[2022]238号, dated 2022, no later than 2023: passes (N003 notes its square brackets).
    Fix: copy the year and number from the notice itself.
    """
    if ctx.budget_year is None:
        return
    regex = _notice_regex(ctx.params.issuers)
    pointer, text = (
        ("/name", project.name) if clean(project.name) else ("/heading", project.heading)
    )
    if not text:
        return
    for match in regex.finditer(text):
        year = match.group("year")
        if int(year) > ctx.budget_year:
            yield ctx.hit(
                pointer,
                text=match.group(0),
                written=squeeze(match.group(0)),
                year=year,
                budget_year=ctx.budget_year,
            )


# --- HL002 ---------------------------------------------------------------------------------


class RunningCostParams(Params):
    """Which projects are running costs, and from what size they must itemise."""

    keywords: tuple[str, ...] = Field(
        ("运行经费", "运转经费", "公用经费", "日常运转", "办公经费"),
        description="words in the project name that make it a running-cost (运行经费) project",
    )
    threshold: Decimal = Field(
        Decimal("20"), ge=0, description="budget total (万元) from which costs must be itemised"
    )
    min_cost_rows: int = Field(2, ge=1, description="cost (成本) rows such a project needs")


@rule(
    "HL002",
    "running-costs-itemised",
    category="huailai",
    severity="warning",
    basis=_BASIS_COST,
    title=("运行经费类项目分项列示成本", "running-cost projects itemise their costs"),
    message=(
        "运行经费类项目“{name}”预算 {budget} 万元（不低于 {threshold} 万元），成本指标只有 {count} 行：应按支出内容分项列示成本（至少 {minimum} 行），如办公费、差旅费、会议费",
        "the running-cost project {name} has a budget of {budget} 万元 (at least {threshold} "
        "万元) but {count} cost row(s): itemise its costs by what is bought (at least {minimum} "
        "rows), e.g. office supplies, travel, meetings",
    ),
    advice=(
        "按资金用途把“{name}”的成本指标分项列出，至少 {minimum} 行",
        "list the costs of {name} by what the money buys, at least {minimum} rows",
    ),
    params=RunningCostParams,
)
def running_costs_itemised(
    project: Project, ctx: ProjectContext[RunningCostParams]
) -> Iterator[Hit]:
    """运行经费类项目预算达到 20 万元（参数 threshold）的，成本指标至少分两项（参数 min_cost_rows）。

    检查：项目名称含参数 keywords 中的词（默认运行经费、运转经费、公用经费、日常运转、办公经费），且预算数（换算为万元）不低于 threshold 时，数一数已填写的成本指标行（产出指标下的成本指标，或一级成本指标）；少于 min_cost_rows 行时警告。只有一行时指向该行，一行都没有时指向指标表（没有成本指标本身由 C002 报告）。
    原因：运行经费包含办公、差旅、会议、宣传等多种支出，一行“成本控制在预算范围内”无法审核各项支出是否合理；县财政局要求达到一定规模的运行经费按支出内容细化成本（88号“细化量化”“适当性”）。
    示例：种子文档表 10“运行经费”50 万元列了办公家具及设备、招商引资、专家服务、宣传片制作 4 行成本，通过；同一项目只写一行“成本控制 ≤50万元”则警告。
    修改：按资金用途逐项列出成本指标，如“办公设备购置成本 ≤5万元”“招商引资成本 ≤20万元”。
    ---
    What: a project whose name contains one of `keywords` (default 运行经费, 运转经费, 公用经费,
    日常运转, 办公经费) and whose budget total, in 万元, is at least `threshold` (20) needs at least
    `min_cost_rows` (2) filled-in cost rows (成本 under 产出, or 一级 成本). With one cost row the
    finding points at it; with none, at the indicator table (C002 reports the missing cost row
    itself).
    Why: running costs mix office supplies, travel, meetings, publicity …; one row "costs within
    the budget" cannot be reviewed item by item, so the county asks running-cost projects of
    some size to itemise them (88号: 细化量化, 适当性).
    Example: seed table 10 运行经费, 50 万元, lists 4 cost rows (furniture and equipment,
    investment promotion, expert services, a promotional film): passes; the same project with
    one row 成本控制 ≤50万元 is reported.
    Fix: list one cost row per use of the funds, e.g. 办公设备购置成本 ≤5万元, 招商引资成本 ≤20万元.
    """
    params = ctx.params
    name = clean(project.name)
    if not name or not any(word and word in name for word in params.keywords):
        return
    budget = project.budget_wan
    if budget is None or budget < params.threshold:
        return
    cost_rows = [
        index
        for index, row in enumerate(project.indicators)
        if (clean(row.name) or clean(row.value) or clean(row.description))
        and classify(row.level1, row.level2).is_cost
    ]
    if len(cost_rows) >= params.min_cost_rows:
        return
    pointer = f"/indicators/{cost_rows[0]}" if len(cost_rows) == 1 else "/indicators"
    yield ctx.hit(
        pointer,
        name=squeeze(project.name),
        budget=_fmt(budget),
        threshold=_fmt(params.threshold),
        count=len(cost_rows),
        minimum=params.min_cost_rows,
    )


# --- HL003 ---------------------------------------------------------------------------------


class UnitRegisterParams(Params):
    """Where the register of budget units is."""

    register_file: str = Field(
        "",
        description="the register CSV (code,name): empty for the one shipped with the plugin "
        f"({SHIPPED_LABEL}); a relative path is resolved against the working directory",
    )
    check_name: bool = Field(
        True, description="also report a unit name that differs from the register's"
    )

    @field_validator("register_file")
    @classmethod
    def _readable(cls, value: str) -> str:
        load_register(value)  # a RegisterError (a ValueError) names the file and line
        return value


@rule(
    "HL003",
    "unit-in-register",
    category="huailai",
    severity="error",
    also=("warning",),
    basis=_BASIS_UNIT,
    title=("预算单位在县预算单位名录中", "the budget unit is in the county's register"),
    messages={
        "unknown": (
            "预算单位编码 {code}（{name}）不在怀来县预算单位名录中（{register}，共 {count} 个单位）",
            "the unit code {code} ({name}) is not in the county's register of budget units "
            "({register}, {count} units)",
        ),
        "name": (
            "预算单位编码 {code} 在名录中的名称是“{registered}”，表中写作“{name}”",
            "the register names unit {code} {registered}; the table writes {name}",
        ),
    },
    advice={
        "unknown": (
            "按名录（{register}）填写单位编码；单位确属新设或改名的，先更新名录",
            "write the unit code from the register ({register}); when the unit is new or "
            "renamed, update the register first",
        ),
        "name": (
            "把单位名称写成名录中的“{registered}”",
            "write the unit's name as registered: {registered}",
        ),
    },
    params=UnitRegisterParams,
)
def unit_in_register(project: Project, ctx: ProjectContext[UnitRegisterParams]) -> Iterator[Hit]:
    """表头预算单位的编码是怀来县的预算单位，名称与名录一致；名录是插件附带的 CSV 文件，可由策略参数替换。

    检查：从表头的预算单位行（如“471001怀来县工业和信息化局”）取 6 位单位编码和单位名称，在预算单位名录（参数 register_file：留空用插件附带的 jxcheck_huailai/data/budget_units.csv；否则为文件路径，相对路径相对于运行 jxcheck 的当前目录）中查找：编码不在名录中为错误；编码在名录中但名称不同（去掉空白后比较）为警告（参数 check_name 为 false 时不比较名称）。没有单位编码的预算单位行由 N002 报告，这里不查。
    原因：县财政局按预算单位汇总、批复和考核项目；编码不在名录中的表格无法归入任何单位，名称不符说明填错了单位或用了旧名称。名录随机构改革变化，因此放在数据文件里，更新名录不需要改代码。
    示例：种子文档的 471001 怀来县工业和信息化局、471002 怀来县数字经济局都在名录中，通过；“471009怀来县工业和信息化局”编码不在名录中（错误）；“471002怀来县数字经济办公室”名称与名录不符（警告）。
    修改：按预算单位名录填写单位编码和全称；机构或名称确有变化的，先更新名录。
    ---
    What: takes the 6-digit unit code and the unit name from the table's unit line (e.g.
    471001怀来县工业和信息化局) and looks the code up in the register of budget units (`register_file`:
    empty for the file shipped with the plugin, jxcheck_huailai/data/budget_units.csv; else a
    path, a relative one resolved against the working directory of the run). A code not in the
    register is an error; a registered code with another name (compared without whitespace) is
    a warning (off with `check_name: false`). A unit line without a code is N002's finding.
    Why: the county aggregates, approves and assesses projects by budget unit; a table whose code
    is not in the register belongs to no unit, and a different name means the wrong unit or an
    outdated name. Units change with reorganisations, so the register is a data file that is
    updated without a code change.
    Example: the seed's 471001 怀来县工业和信息化局 and 471002 怀来县数字经济局 are registered:
    pass; 471009怀来县工业和信息化局 is not in the register (error); 471002怀来县数字经济办公室 does
    not match the register's name (warning).
    Fix: write the code and full name from the register; when a unit was renamed or created,
    update the register first.
    """
    code = project.unit_code
    if code is None:
        return
    name = clean(project.unit_name)
    try:
        register = load_register(ctx.params.register_file)
    except RegisterError as error:  # the file changed after the policy was read: fail loudly
        raise RuntimeError(error.en) from None
    registered = register.name_of(code)
    if registered is None:
        yield ctx.hit(
            "/unit",
            "unknown",
            severity="error",
            code=code,
            name=name or "—",
            register=register.source,
            count=len(register),
        )
    elif ctx.params.check_name and name and clean(registered) != name:
        yield ctx.hit(
            "/unit", "name", severity="warning", code=code, registered=registered, name=name
        )


RULES: tuple[Rule, ...] = (transfer_notice_year, running_costs_itemised, unit_in_register)
