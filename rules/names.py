"""N — names, codes and hygiene: 项目编码, the unit line, 发文字号, project names, whitespace,
typos and Word export artefacts (domain.md §6)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from pydantic import Field, field_validator

from checker.model import Document, Project
from checker.patterns import compile_pattern
from checker.rule import (
    DocumentContext,
    Fix,
    Hit,
    Params,
    ProjectContext,
    Rule,
    regex_pattern,
    regex_patterns,
    rule,
)
from checker.values import squeeze, unit_class

_BASIS_COMPLETE = "财预〔2015〕88号：绩效目标审核——完整性"
_BASIS_GBT9704 = "GB/T 9704-2012《党政机关公文格式》：发文字号的年份用六角括号〔〕"
_BASIS_CLEAR = "财预〔2015〕88号：绩效目标要求——指向明确（文字规范）"


# N005, N006 and N007 walk every string of a record (`ctx.facts.strings()`). Nearly every table
# is clean, so each first asks one question of the record's whole text (`ctx.facts.text`, every
# string joined) and returns at once when the answer is no; each question finds whatever its
# rule can find (a superset).


# --- N001 ----------------------------------------------------------------------------------


class ProjectCodeParams(Params):
    """Parameters of N001."""

    pattern: str = Field(
        r"^(?P<region>[0-9]{6})(?P<year>[0-9]{2})P[0-9]{11}[0-9A-Z]$",
        description="regular expression of a 项目编码 (surrounding whitespace ignored); the "
        "named groups region and year, where present, drive the region and year checks",
    )
    one_region: bool = Field(True, description="all codes of a document share one region prefix")

    _check = field_validator("pattern")(regex_pattern)


@rule(
    "N001",
    "project-code-format",
    category="names",
    severity="error",
    also=("info",),
    basis=_BASIS_COMPLETE + "；项目库编码规则（策略参数）",
    title=("项目编码符合编码规则", "the 项目编码 follows the coding scheme"),
    messages={
        "malformed": (
            "项目编码“{code}”不符合编码规则 {pattern}",
            "the 项目编码 '{code}' does not follow the scheme {pattern}",
        ),
        "region": (
            "项目编码“{code}”的地区码 {region} 与本文档其他项目的 {usual} 不同",
            "the region prefix {region} of '{code}' differs from {usual} used by the other "
            "projects of this document",
        ),
        "year": (
            "项目编码“{code}”的年份 {year} 早于预算年度 {budget_year}（以前年度入库的项目？请核实）",
            "the year {year} in '{code}' is before the budget year {budget_year} (a project "
            "carried over from an earlier year? check it)",
        ),
    },
    advice={
        "malformed": (
            "从预算管理一体化系统的项目库中复制本项目的编码，替换“{code}”",
            "copy this project's code from the project library in place of '{code}'",
        ),
        "region": (
            "核对“{code}”的地区码：本文档其他项目用的是 {usual}",
            "check the region prefix of '{code}': the other projects of this document use {usual}",
        ),
        "year": (
            "核实“{code}”是以前年度入库的项目，且应在 {budget_year} 年继续安排",
            "confirm that '{code}' is a project from an earlier year that continues in "
            "{budget_year}",
        ),
    },
    params=ProjectCodeParams,
    scope="document",
)
def project_code_format(
    document: Document, ctx: DocumentContext[ProjectCodeParams]
) -> Iterator[Hit]:
    """项目编码符合策略规定的编码规则。

    检查：项目编码（去掉首尾空白）是否匹配策略参数 pattern（默认 6 位地区码 + 2 位年份 + P +
    11 位数字 + 1 位校验码）；不匹配为错误。同一文档的编码应使用同一个地区码（错误）；编码中的年份
    早于预算年度时给出提示（以前年度入库的项目）。编码缺失由 S003 报告。
    原因：项目编码是预算项目库中项目的唯一标识，格式错误的编码无法与项目库和预算系统对应。
    示例：“13073022P00883610001N”在 2023 年度预算中：年份 22 早于 2023（提示）；“1307302P0088”：
    位数不对（错误）。
    修改：从预算管理一体化系统的项目库中复制正确的项目编码；以前年度的项目核实是否应继续安排。
    ---
    What: the 项目编码 (surrounding whitespace removed) matches the policy's `pattern` (default:
    a 6-digit region, 2 year digits, P, 11 digits, a check character): otherwise an error. The
    codes of a document share one region prefix (error); year digits before the budget year
    give a hint (info): a project entered in an earlier year. A missing code is S003's.
    Why: the code identifies the project in the budget project library; a malformed code cannot
    be matched to the library or the budget system.
    Example: 13073022P00883610001N in the 2023 budget: year 22 is before 2023 (info);
    1307302P0088: wrong length (error).
    Fix: copy the code from the project library; for older projects, confirm they continue.
    """
    regex = compile_pattern(ctx.params.pattern)
    codes = [(project.code or "").strip() for project in document.projects]
    matches = [regex.match(code) if code else None for code in codes]
    regions = [m.group("region") for m in matches if m and m.groupdict().get("region")]
    if len(set(regions)) > 1:
        usual: str | None = Counter(regions).most_common(1)[0][0]
    else:  # one region or none: no need to count (the usual case, and a bare record)
        usual = regions[0] if regions else None
    for index, (code, match) in enumerate(zip(codes, matches, strict=True)):
        if not code:
            continue  # a missing code is S003's
        if match is None:
            yield ctx.hit(
                "/code", "malformed", project=index, code=code, pattern=ctx.params.pattern
            )
            continue
        groups = match.groupdict()
        region = groups.get("region")
        if ctx.params.one_region and region and usual and region != usual:
            yield ctx.hit("/code", "region", project=index, code=code, region=region, usual=usual)
        year = groups.get("year")
        if year and year.isdigit() and ctx.budget_year:
            full = int(year) + (2000 if len(year) == 2 else 0)
            if full < ctx.budget_year:
                yield ctx.hit(
                    "/code",
                    "year",
                    severity="info",
                    project=index,
                    code=code,
                    year=year,
                    budget_year=ctx.budget_year,
                )


# --- N002 ----------------------------------------------------------------------------------


class UnitLineParams(Params):
    """Parameters of N002."""

    pattern: str = Field(
        r"^[0-9]{6}\s*\S",
        description="regular expression of the 预算单位 line: a 6-digit unit code and a name",
    )

    _check = field_validator("pattern")(regex_pattern)


@rule(
    "N002",
    "unit-line-format",
    category="names",
    severity="error",
    basis=_BASIS_COMPLETE,
    title=("预算单位行为 6 位单位编码加单位名称", "the unit line is a 6-digit code and a name"),
    message=(
        "预算单位“{unit}”应写作 6 位单位编码加单位名称",
        "the budget unit '{unit}' should be a 6-digit unit code and the unit's name",
    ),
    advice=(
        "按预算管理一体化系统中的单位信息，把“{unit}”写成 6 位单位编码后接单位名称",
        "write '{unit}' as the unit's 6-digit code followed by its name, as the budget system "
        "records the unit",
    ),
    params=UnitLineParams,
)
def unit_line_format(project: Project, ctx: ProjectContext[UnitLineParams]) -> Iterator[Hit]:
    """预算单位行由 6 位单位编码和单位名称组成。

    检查：表头的预算单位（去掉首尾空白）是否匹配策略参数 pattern（默认：6 位数字后接名称）。
    没有预算单位行的记录不检查。
    原因：单位编码把表格与预算单位对应起来；只有名称或编码位数不对时，汇总和核对都会出错。
    示例：“怀来县工业和信息化局”（缺编码）；“47100怀来县工业和信息化局”（5 位）。
    修改：按预算管理一体化系统中的单位信息，写成 6 位单位编码后接单位名称。
    ---
    What: the table's budget unit line (surrounding whitespace removed) matches the `pattern`
    parameter (default: 6 digits, then the name). Records without a unit line are not checked.
    Why: the unit code ties the table to its budget unit; a name alone or a code of the wrong
    length breaks aggregation and cross-checks.
    Example: 怀来县工业和信息化局 (no code); 47100怀来县工业和信息化局 (5 digits).
    Fix: write the unit's 6-digit code followed by its name, as the budget system records it.
    """
    unit = (project.unit or "").strip()
    if unit and not compile_pattern(ctx.params.pattern).match(unit):
        yield ctx.hit("/unit", unit=unit)


# --- N003 ----------------------------------------------------------------------------------


class DocumentNumberParams(Params):
    """Parameters of N003."""

    pattern: str = Field(
        r"(?P<agency>[\u4e00-\u9fa5]{1,12})\s*(?P<open>[【\[［(（{〔])\s*(?P<year>(?:19|20)[0-9]{2})"
        r"\s*(?P<close>[】\]］)）}〕])\s*(?P<number>第?[0-9]+)\s*号",
        description="regular expression of a 发文字号 with its year in brackets; groups agency, "
        "open, year, close and number",
    )

    _check = field_validator("pattern")(regex_pattern)


@rule(
    "N003",
    "document-number-brackets",
    category="names",
    severity="info",
    basis=_BASIS_GBT9704,
    title=("发文字号的年份用六角括号〔〕", "a 发文字号's year is written in 〔〕"),
    message=(
        "发文字号“{written}”的年份应使用六角括号〔〕：{fixed}",
        "the document number '{written}' should put its year in 〔〕: {fixed}",
    ),
    advice=("写成“{fixed}”", "write '{fixed}'"),
    params=DocumentNumberParams,
)
def document_number_brackets(
    project: Project, ctx: ProjectContext[DocumentNumberParams]
) -> Iterator[Hit]:
    """项目名称（或表头、立项依据等栏目）中的发文字号，年份应使用六角括号〔〕。

    检查：依次在项目名称、表头和表中其他写明文件的栏目（立项依据、保证措施等）中查找发文字号
    （策略参数 pattern：机关代字、括号中的年份、序号、“号”）；括号不是〔〕时提示一次，并给出规范写法。
    原因：GB/T 9704-2012 规定发文字号的年份用六角括号；【】、[]、() 写法不规范，也不利于按
    文号检索资金文件。
    示例：“怀财预批【2022】66号”“怀财字[2023]7号”“冀财建[2022]238号”。
    修改：年份的括号改为六角括号〔〕，机关代字和序号照旧。
    ---
    What: finds a 发文字号 (the `pattern` parameter: agency code, year in brackets, number, 号) in
    the project name, else the heading, else the table's other labelled fields that cite
    documents (立项依据, 保证措施 …) and, when its brackets are not 〔〕, reports it once with the
    standard form.
    Why: GB/T 9704-2012 writes the year of a document number in 〔〕; 【】, [] or () are
    non-standard and hinder searching funding notices by number.
    Example: 怀财预批【2022】66号, 怀财字[2023]7号, 冀财建[2022]238号.
    Fix: put the year in 〔〕 and keep the agency code and the number as they are.
    """
    regex = compile_pattern(ctx.params.pattern)
    places = [("/name", project.name), ("/heading", project.heading)]
    places += [(f"/details/{i}/text", d.text) for i, d in enumerate(project.details)]
    for pointer, text in places:
        if not text:
            continue
        for match in regex.finditer(text):
            groups = match.groupdict()
            if groups.get("open") == "〔" and groups.get("close") == "〕":
                continue
            agency = groups.get("agency") or ""
            fixed = f"{agency}〔{groups.get('year') or ''}〕{groups.get('number') or ''}号"
            yield ctx.hit(pointer, text=match.group(0), written=match.group(0), fixed=fixed)
            return


# --- N004 ----------------------------------------------------------------------------------


class NoticeTitleParams(Params):
    """Parameters of N004."""

    patterns: tuple[str, ...] = Field(
        (r"关于(?P<subject>.+)的通知", r"关于(?P<subject>.+)的批复"),
        description="regular expressions of a notice title in a project name; the group "
        "subject, where present, is offered as the name",
    )

    _check = field_validator("patterns")(regex_patterns)


@rule(
    "N004",
    "name-not-notice-title",
    category="names",
    severity="info",
    basis=_BASIS_CLEAR,
    title=("项目名称不是通知标题", "the project name is not a notice title"),
    message=(
        "项目名称“{name}”是资金文件的标题，不是项目名称；可改为项目本身的名称，如“{suggestion}”",
        "the project name '{name}' is the title of a funding notice, not a project's name; "
        "use the project's own name, e.g. '{suggestion}'",
    ),
    advice=(
        "把项目名称改为这笔钱所做的事，如“{suggestion}”",
        "name what the money does, e.g. '{suggestion}'",
    ),
    params=NoticeTitleParams,
)
def name_not_notice_title(
    project: Project, ctx: ProjectContext[NoticeTitleParams]
) -> Iterator[Hit]:
    """项目名称不应照抄资金文件的标题（关于…的通知）。

    检查：项目名称是否匹配通知标题的模式（策略参数 patterns：关于…的通知、关于…的批复）。
    原因：项目名称应说明这笔钱做什么；通知标题说的是发文这件事，不同项目可能同出一文，照抄后
    项目难以区分和检索。
    示例：“冀财建[2022]260号 关于提前下达2023年“民参军”奖励政策补助资金的通知”。
    修改：保留文号，项目名称写这笔钱做什么，不照抄“关于…的通知”。
    ---
    What: the project name matches a notice-title pattern (the `patterns` parameter: 关于…的通知,
    关于…的批复).
    Why: a project name says what the money does; a notice title names the act of issuing it.
    Several projects may come from one notice, and copied titles make them hard to tell apart.
    Example: 冀财建[2022]260号 关于提前下达2023年“民参军”奖励政策补助资金的通知.
    Fix: keep the document number and name what the money does, not the notice's title.
    """
    name = squeeze(project.name)
    if not name:
        return
    for pattern in ctx.params.patterns:
        match = compile_pattern(pattern).search(name)
        if match:
            subject = (match.groupdict().get("subject") or "").strip()
            # the words before the title (a document number) stay: 修改 says keep the number
            kept = name[: match.start()].strip()
            suggestion = f"{kept} {subject}".strip() if subject else name
            yield ctx.hit("/name", name=name, suggestion=suggestion)
            return


# --- N005 ----------------------------------------------------------------------------------


class WhitespaceParams(Params):
    """Parameters of N005."""

    half_width: dict[str, str] = Field(
        default_factory=lambda: {",": "，", ";": "；"},
        description="half-width punctuation → its full-width form, replaced between Chinese "
        "characters",
    )
    skip: tuple[str, ...] = Field(
        ("budget", "spending_plan", "score"),
        description="record fields not checked: amounts and percents belong to B002 and P001",
    )


_SPACE = "[ \t\u3000\xa0]"
_CJK = "[\u3400-\u9fff]"
_FULL_WIDTH_PUNCT = "，。；：、！？（）【】《》“”‘’〔〕"
_CLOSING = "[，。；：、！？）】》”’〕]"  # no space before these
_OPENING = "[，。；：、！？（【《“‘〔]"  # no space after these
_SPACE_BEFORE_RE = re.compile(f"{_SPACE}+(?={_CLOSING})")
_SPACE_AFTER_RE = re.compile(f"(?<={_OPENING}){_SPACE}+")
_DOUBLE_RE = re.compile(f"{_SPACE}{{2,}}")
#: A space any check of `_tidy_line` could object to, in a project's joined text (lines
#: end at newlines there too): at a line's edge, doubled, or beside full-width punctuation.
#: It starts with the class of spaces, so `re` skips the clean text between them quickly.
_SUSPECT_SPACE_RE = re.compile(
    f"{_SPACE}(?:(?<![^\\n].)|(?<={_OPENING}.)|(?={_SPACE}|{_CLOSING}|\\n|\\Z))"
)
_PROBLEM_ZH = {
    "edge": "首尾空格",
    "double": "连续空格",
    "punct": "全角标点旁的空格",
    "half": "中文中的半角标点",
}
_PROBLEM_EN = {
    "edge": "leading or trailing spaces",
    "double": "double spaces",
    "punct": "spaces beside full-width punctuation",
    "half": "half-width punctuation in Chinese text",
}


_SPACE_CHARS = " \t\u3000\xa0"
_ANY_SPACE_RE = re.compile(_SPACE)


@lru_cache(maxsize=64)
def _half_width_regex(half: str) -> re.Pattern[str]:
    """A half-width mark with the spaces around it (`_between_cjk` checks the neighbours:
    a regex with the CJK range in a lookaround costs milliseconds to compile)."""
    return re.compile(f"{_SPACE}*{re.escape(half)}{_SPACE}*")


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def _between_cjk(text: str, half: str, full: str) -> tuple[str, bool]:
    """`text` with each `half` between two Chinese characters (spaces around it dropped)
    replaced by `full`, and whether there was one."""
    parts: list[str] = []
    last = 0
    for match in _half_width_regex(half).finditer(text):
        start, end = match.span()
        if start > 0 and end < len(text) and _is_cjk(text[start - 1]) and _is_cjk(text[end]):
            parts.append(text[last:start])
            parts.append(full)
            last = end
    if not parts:
        return text, False
    parts.append(text[last:])
    return "".join(parts), True


def _tidy_line(line: str, half_width: dict[str, str], problems: list[str]) -> str:
    def note(problem: str) -> None:
        if problem not in problems:
            problems.append(problem)

    if not any(c in line for c in _SPACE_CHARS) and not any(
        half and half in line for half in half_width
    ):
        return line  # nothing any check below could find
    stripped = line.strip(_SPACE_CHARS)
    if stripped != line:
        note("edge")
    if _DOUBLE_RE.search(stripped):
        note("double")
        stripped = _DOUBLE_RE.sub(" ", stripped)
    if _SPACE_BEFORE_RE.search(stripped) or _SPACE_AFTER_RE.search(stripped):
        note("punct")
        stripped = _SPACE_AFTER_RE.sub("", _SPACE_BEFORE_RE.sub("", stripped))
    for half, full in half_width.items():
        if not half:
            continue
        stripped, found = _between_cjk(stripped, half, full)
        if found:
            note("half")
    return stripped


def tidy(text: str, half_width: dict[str, str]) -> tuple[str, list[str]]:
    """The text with its whitespace and punctuation tidied, and the problems found.

    Blank lines at a cell's edges (a Word cell holding empty paragraphs) are not a problem by
    themselves; when the text is rewritten anyway they are dropped.
    """
    problems: list[str] = []
    lines = [_tidy_line(line, half_width, problems) for line in text.split("\n") if line.strip()]
    return "\n".join(lines), problems


@lru_cache(maxsize=1 << 14)
def _tidied(text: str, half_width: tuple[tuple[str, str], ...]) -> tuple[str, tuple[str, ...]]:
    """`tidy` of a text (no problem when it is blank), remembered: most cells repeat."""
    if not text.strip():
        return text, ()
    halves = [half for half, _ in half_width if half]
    if not _ANY_SPACE_RE.search(text) and not any(half in text for half in halves):
        return text, ()  # no space and no half-width mark: nothing to tidy
    fixed, problems = tidy(text, dict(half_width))
    return fixed, tuple(problems)


@rule(
    "N005",
    "whitespace-punctuation",
    category="names",
    severity="info",
    basis=_BASIS_CLEAR,
    title=("空格与标点规范", "tidy whitespace and punctuation"),
    message=(
        "“{written}”中有{problems}，应为“{fixed}”",
        "'{written}' has {problems_en}; it should read '{fixed}'",
    ),
    advice=(
        "改为“{fixed}”（--fix 可自动修正 YAML 记录）",
        "write '{fixed}' (--fix rewrites YAML records)",
    ),
    params=WhitespaceParams,
    fixable=True,
    # Tidy: stray spaces and half-width commas are copy-paste residue, not a defect of the
    # targets; --fix mends them, and a reviewer never sends a table back for them.
    tidy=True,
)
def whitespace_punctuation(
    project: Project, ctx: ProjectContext[WhitespaceParams]
) -> Iterator[Hit]:
    """文字中没有多余空格，中文中不用半角逗号（可自动修正）。

    检查：表中每个文字字段（金额和支出计划除外，由 B002、P001 检查）：行首行尾的空格、连续空格、
    全角标点旁的空格，以及两个汉字之间的半角逗号、分号（策略参数 half_width）。单元格首尾的空行
    本身不算问题。
    原因：多余空格和半角标点是复制粘贴留下的痕迹，会让同一名称在系统中变成不同的字符串
    （检索、汇总、比对都会出错）。
    示例：“怀财预批【2022】79号  新墙体材料专项基金”（两个空格）；“2023年度工作计划 ”（尾部空格）；
    “专款专用,将款项及时拨付到位”（半角逗号）。
    修改：删去多余空格，改用全角标点；jxcheck check --fix 可自动修正 YAML 记录。
    ---
    What: every text field of the table (amounts and the spending plan excepted: B002 and P001
    check those): leading or trailing spaces on a line, double spaces, spaces beside full-width
    punctuation, and a half-width comma or semicolon between Chinese characters (the
    `half_width` parameter). Blank lines at a cell's edges are not a problem on their own.
    Why: stray spaces and half-width punctuation are copy-paste residue; they make one name two
    strings for search, aggregation and comparison.
    Example: 怀财预批【2022】79号  新墙体材料专项基金 (two spaces); 2023年度工作计划 (trailing
    space); 专款专用,将款项及时拨付到位 (half-width comma).
    Fix: remove the spaces, use full-width punctuation; `jxcheck check --fix` rewrites YAML
    records.
    """
    half_width = tuple(ctx.params.half_width.items())
    everything = ctx.facts.text
    if not _SUSPECT_SPACE_RE.search(everything) and not any(
        half and half in everything for half, _ in half_width
    ):
        return  # no suspect space and no half-width mark in any string
    skip = frozenset(ctx.params.skip)
    for pointer, text in ctx.facts.strings(skip):
        fixed, problems = _tidied(text, half_width)
        if not problems:
            continue
        yield ctx.hit(
            pointer,
            text=text,
            written=text.replace("\n", "↵"),
            fix=Fix(pointer, fixed),
            problems="、".join(_PROBLEM_ZH[p] for p in problems),
            problems_en=", ".join(_PROBLEM_EN[p] for p in problems),
            fixed=fixed,
        )


# --- N006 ----------------------------------------------------------------------------------


def _default_typos() -> dict[str, str]:
    return {
        "技术改过": "技术改造",
        "设计务": "设计服务",
        "工作计化": "工作计划",
        "预算侧算": "预算测算",
        "资金拨附": "资金拨付",
        "满意渡": "满意度",
        # 设施 (facilities) typed as its homophone 实施 (carry out)
        "基础实施": "基础设施",
        "配套实施": "配套设施",
        "交安实施": "交安设施",
        # 的/地/得 mixed up: 得 before a noun, 的 before a verb
        "得满意度": "的满意度",
        "极大的改善": "极大地改善",
        "极大的提高": "极大地提高",
        "显著的提高": "显著地提高",
        "显著的提升": "显著地提升",
    }


class TyposParams(Params):
    """Parameters of N006."""

    typos: dict[str, str] = Field(
        default_factory=_default_typos, description="known typo → correct spelling"
    )
    variants: tuple[tuple[str, ...], ...] = Field(
        (("账户", "帐户"), ("账目", "帐目"), ("其他", "其它")),
        description="groups of variant spellings of one word; a table should use one of each",
    )


@rule(
    "N006",
    "typos-and-variants",
    category="names",
    severity="info",
    basis=_BASIS_CLEAR,
    title=("错别字与异写", "typos and variant spellings"),
    messages={
        "typo": (
            "“{typo}”疑为“{correct}”的笔误",
            "{typo_en} looks like a typo for {correct_en}",
        ),
        "unit_variant": (
            "绩效目标写“{goal}”，指标值写“{value}”：同一个数量用了两种单位写法，宜统一",
            "the goal writes {goal}, the value {value}: one quantity in two spellings of its "
            "unit; use one",
        ),
        "variant": (
            "同一张表中“{variant}”和“{usual}”两种写法并存，请统一",
            "the table writes both '{variant}' and '{usual}'; use one",
        ),
    },
    advice={
        "typo": ("把“{typo}”改为“{correct}”", "write {correct_en} for {typo_en}"),
        "unit_variant": (
            "绩效目标和指标值用同一种单位写法：“{goal}”或“{value}”",
            "write the unit one way in the goal and the value: '{goal}' or '{value}'",
        ),
        "variant": ("统一写作“{usual}”", "write '{usual}' throughout"),
    },
    params=TyposParams,
)
def typos_and_variants(project: Project, ctx: ProjectContext[TyposParams]) -> Iterator[Hit]:
    """已知的错别字，以及同一张表中同一个词的两种写法。

    检查：表中所有文字是否含策略参数 typos 列出的错别字（技术改过 → 技术改造，设计务 → 设计服务
    ……）；同一张表中是否同时用了参数 variants 中同一组的两种写法（账户/帐户、其他/其它），在
    少数写法第一次出现处提示；绩效目标和指标值中的同一个数写成两种计数单位（目标“6批次”、指标值
    “6次”）时，在指标值处提示。
    原因：错别字让指标含义不清，也显得目标表未经审核。
    示例：“通过技术改过提升技术水平”；“获得支持省级工业设计务企业数量”。
    修改：改正错别字；同一个词的两种写法统一为表中多数的写法，同一个数量用同一种单位写法。
    ---
    What: every text of the table is searched for the typos of the `typos` parameter (技术改过 →
    技术改造, 设计务 → 设计服务 …); a table using two spellings of one group of the `variants`
    parameter (账户/帐户, 其他/其它) is reported where the minority spelling first appears; a number
    the goal and a value write with two spellings of one count unit (6批次 in the goal, 6次 in
    the value) is reported at the value.
    Why: typos blur what an indicator means and show a table nobody proof-read.
    Example: 通过技术改过提升技术水平; 获得支持省级工业设计务企业数量.
    Fix: correct the typo; write a word and a unit the way most of the table writes them.
    """
    yield from _unit_variants(project, ctx)
    everything = ctx.facts.text
    if not _any_word_regex(tuple(ctx.params.typos), ctx.params.variants).search(everything):
        return  # most tables hold no typo and no variant at all
    strings = list(ctx.facts.strings())
    typos = {k: v for k, v in ctx.params.typos.items() if k and k in everything}
    for pointer, text in strings:
        if not typos:
            break
        found = [t for t in typos if t in text]
        if found:
            yield ctx.hit(
                pointer,
                "typo",
                text=text,
                typo="”“".join(found),
                correct="”“".join(typos[t] for t in found),
                typo_en=", ".join(f"'{t}'" for t in found),
                correct_en=", ".join(f"'{typos[t]}'" for t in found),
            )
    for group in ctx.params.variants:
        if sum(1 for member in group if member and member in everything) < 2:
            continue  # fewer than two spellings of the group anywhere: nothing to report
        counts: Counter[str] = Counter()
        first_at: dict[str, str] = {}
        for pointer, text in strings:
            for member in group:
                if member and member in text:
                    counts[member] += text.count(member)
                    first_at.setdefault(member, pointer)
        if len(counts) < 2:
            continue
        ranked = counts.most_common()
        usual = ranked[0][0]
        variant = ranked[-1][0]
        yield ctx.hit(first_at[variant], "variant", variant=variant, usual=usual)


#: A number and the unit word after it in a goal (`情景教学或外训批次6批次` → 6, 批次).
_GOAL_QUANTITY_RE = re.compile(
    r"(?<![0-9.])([0-9]{1,9}(?:\.[0-9]{1,4})?)\s{0,2}([\u4e00-\u9fa5]{1,3})"
)


def _unit_variants(project: Project, ctx: ProjectContext[TyposParams]) -> Iterator[Hit]:
    """A number the goal and an indicator state in two spellings of one count unit (`6批次` in
    the goal, `6次` in the value): one finding at the value, once per pair."""
    written: dict[Decimal, set[str]] = {}
    for goal in project.goals:
        for number, tail in _GOAL_QUANTITY_RE.findall(goal[:2000]):
            for size in range(len(tail), 0, -1):
                if unit_class(tail[:size]) == "count":
                    written.setdefault(Decimal(number), set()).add(tail[:size])
                    break
    if not written:
        return
    seen: set[tuple[str, str]] = set()
    for index, row in enumerate(project.indicators):
        parsed = row.parsed
        if parsed.number is None or parsed.unit_class != "count":
            continue
        for unit in written.get(parsed.number, ()):
            pair = (unit, parsed.unit)
            if unit == parsed.unit or pair in seen:
                continue
            if unit.endswith(parsed.unit) or parsed.unit.endswith(unit):
                seen.add(pair)
                number = format(parsed.number.normalize(), "f")
                yield ctx.hit(
                    f"/indicators/{index}/value",
                    "unit_variant",
                    text=row.value,
                    goal=f"{number}{unit}",
                    value=squeeze(row.value),
                )


@lru_cache(maxsize=64)
def _any_word_regex(
    typos: tuple[str, ...], variants: tuple[tuple[str, ...], ...]
) -> re.Pattern[str]:
    """One search for any typo or variant spelling (never matching when there is none)."""
    words = typos + tuple(member for group in variants for member in group)
    alternatives = [re.escape(word) for word in words if word]
    return re.compile("|".join(alternatives) if alternatives else "(?!)")


# --- N007 ----------------------------------------------------------------------------------


class ExportArtefactParams(Params):
    """Parameters of N007."""

    patterns: tuple[str, ...] = Field(
        (r"\[bookmark:\s*[^\]\n]*\]",),
        description="regular expressions of Word export artefacts left inside a string",
    )

    _check = field_validator("patterns")(regex_patterns)


@rule(
    "N007",
    "word-export-artefact",
    category="names",
    severity="info",
    basis=_BASIS_CLEAR,
    title=("单元格中没有 Word 导出残留", "no Word export artefact in a cell"),
    messages={
        "stripped": (
            "单元格中有 Word 导出残留“{artefact}”（导入时已去除）；请在原文档中删除",
            "the cell held the Word export artefact '{artefact}' (stripped on import); delete "
            "it in the source document",
        ),
        "present": (
            "“{written}”中有 Word 导出残留“{artefact}”，应删除",
            "'{written}' holds the Word export artefact {artefact_en}; remove it",
        ),
    },
    advice={
        "stripped": (
            "在原 Word 文档中删除该单元格里的书签“{artefact}”（插入 → 书签）",
            "delete the bookmark '{artefact}' from that cell in the Word document (Insert → "
            "Bookmark)",
        ),
        "present": (
            "删去“{artefact}”（--fix 可自动修正 YAML 记录）",
            "remove {artefact_en} (--fix rewrites YAML records)",
        ),
    },
    params=ExportArtefactParams,
    fixable=True,
    # Tidy: an editor's hidden mark exported with the text (Word's _GoBack bookmark), not the
    # department's words; --fix removes it from records and a reviewer never sends it back.
    tidy=True,
)
def word_export_artefact(
    project: Project, ctx: ProjectContext[ExportArtefactParams]
) -> Iterator[Hit]:
    """单元格中不应有 Word 导出残留（书签标记等，可自动修正）。

    检查：导入器从单元格中去除并记录的残留（如“[bookmark: _GoBack]”），在其原单元格处报告；
    记录中任何文字仍含残留（策略参数 patterns）时也报告，并给出删除后的文字。
    原因：残留是编辑软件的内部标记，不是内容；留在记录里会混进名称和描述，干扰比对和检索。
    示例：效益指标描述“[bookmark: _GoBack]有利于中小企业数据采集”。
    修改：删除残留；jxcheck check --fix 可自动修正 YAML 记录，原 Word 文档请手工删除书签。
    ---
    What: each artefact the importer stripped from a cell and recorded (such as
    `[bookmark: _GoBack]`) is reported at its cell; any string of a record still holding one
    (the `patterns` parameter) is reported too, with the text it should read.
    Why: artefacts are the editor's internal marks, not content; left in a record they creep into
    names and descriptions and break comparison and search.
    Example: the 效益 description [bookmark: _GoBack]有利于中小企业数据采集.
    Fix: remove it; `jxcheck check --fix` rewrites YAML records; delete the bookmark in Word.
    """
    for artefact in project.export_artefacts:
        yield ctx.hit(artefact.pointer, "stripped", text=artefact.text, artefact=artefact.text)
    patterns = tuple(ctx.params.patterns)
    everything = ctx.facts.text
    if all((needle := _literal_start(p)) and needle not in everything for p in patterns):
        return  # each pattern's literal start is in no string: nothing can match
    for pointer, text in ctx.facts.strings():
        found, cleaned = _artefacts(text, patterns)
        if not found:
            continue
        yield ctx.hit(
            pointer,
            "present",
            text=text,
            written=squeeze(text),
            fix=Fix(pointer, cleaned),
            artefact="”“".join(found),
            artefact_en=", ".join(f"'{a}'" for a in found),
        )


@lru_cache(maxsize=1 << 14)
def _artefacts(text: str, patterns: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """The artefacts `patterns` find in a text, and the text without them."""
    regexes = [compile_pattern(p) for p in patterns]
    found = tuple(m.group(0) for r in regexes for m in r.finditer(text))
    if not found:
        return (), text
    cleaned = text
    for regex in regexes:
        cleaned = regex.sub("", cleaned)
    return found, cleaned


#: Characters with a meaning in a regular expression outside a character class.
_REGEX_SYNTAX = frozenset(".^$*+?{}[]()|\\")


@lru_cache(maxsize=64)
def _literal_start(pattern: str) -> str:
    """The text every match of `pattern` begins with (`[bookmark:` for the default), or "".

    Only the plain characters (and escaped punctuation) before the first other syntax count; a
    pattern with a `|` anywhere, or starting with a group or flags, gives "" (no quick test).
    """
    if "|" in pattern:
        return ""
    chars: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            escaped = pattern[index + 1 : index + 2]
            if not escaped or not escaped.isascii() or escaped.isalnum() or escaped.isspace():
                break
            chars.append(escaped)
            index += 2
        elif char in _REGEX_SYNTAX:
            break
        else:
            chars.append(char)
            index += 1
    if chars and pattern[index : index + 1] in ("*", "+", "?", "{"):
        chars.pop()  # a quantifier makes the last character optional or repeated
    return "".join(chars)


RULES: tuple[Rule, ...] = (
    project_code_format,
    unit_line_format,
    document_number_brackets,
    name_not_notice_title,
    whitespace_punctuation,
    typos_and_variants,
    word_export_artefact,
)
