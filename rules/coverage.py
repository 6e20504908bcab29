"""C — indicator coverage and taxonomy: which kinds of indicator a table has, and where they sit.

Every rule compares canonical names from `checker.taxonomy` (产出指标 = 产出, 环境效益 = 生态效益),
never the names as written. Only rows someone filled in (a 三级 name, a description or a value)
count as indicators: a bare template row is S004's finding. A table with no indicator row at all
is S003's finding, so C001–C004 stay silent on it rather than repeat it four times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from operator import attrgetter, itemgetter

from pydantic import Field

from checker.model import Indicator, Project
from checker.rule import Hit, Params, ProjectContext, Rule, per_params, per_project, rule
from checker.taxonomy import TAXONOMY, Classified, canonical, classify
from checker.values import CACHE_SIZE, clean

_BASIS_COVERAGE = "财预〔2015〕88号：产出、效益、满意度指标；审核——完整性"
_BASIS_FRAMEWORK = "财预〔2013〕53号：共性指标体系框架"
_BASIS_COST = "财预〔2021〕101号：成本指标；财预〔2015〕88号：审核——适当性、可行性"


_LEVEL1 = attrgetter("level1")
_LEVEL2 = attrgetter("level2")
_NAME = attrgetter("name")
_PAIR = attrgetter("level1", "level2")
_PLACE = itemgetter(2)
_ALLOWED = attrgetter("level2_allowed")


class IndicatorPlaces:
    """A project's indicator rows by their place in the taxonomy.

    One pass over the rows serves C001–C006 and the cost rules (B003–B005) instead of each
    classifying every row again; each part is worked out when a rule first asks for it.
    """

    __slots__ = ("_cost", "_filled", "_pairs", "places", "rows")

    def __init__(self, project: Project) -> None:
        self.rows = project.indicators
        #: The place of every row, filled in or not.
        self.places: list[Classified] = list(
            map(classify, map(_LEVEL1, self.rows), map(_LEVEL2, self.rows))
        )
        self._filled: list[tuple[int, Indicator, Classified]] | None = None
        self._pairs: set[tuple[str, str]] | None = None
        self._cost: list[tuple[int, Indicator, Classified]] | None = None

    @property
    def filled(self) -> list[tuple[int, Indicator, Classified]]:
        """Rows someone filled in (a 三级 name, a value or a description), with index and place."""
        if self._filled is None:
            rows = self.rows
            # The usual case: every row has its name (`str.strip` drops what `clean` drops,
            # Unicode whitespace, so x.strip() is empty exactly when clean(x) is).
            if all(map(str.strip, map(_NAME, rows))):
                self._filled = list(zip(range(len(rows)), rows, self.places, strict=True))
            else:
                self._filled = [
                    (index, row, c)
                    for index, (row, c) in enumerate(zip(rows, self.places, strict=True))
                    if clean(row.name) or clean(row.value) or clean(row.description)
                ]
        return self._filled

    @property
    def pairs(self) -> set[tuple[str, str]]:
        """The canonical (一级, 二级) of the filled-in rows."""
        if self._pairs is None:
            self._pairs = set(map(_PAIR, map(_PLACE, self.filled)))
        return self._pairs

    @property
    def cost(self) -> list[tuple[int, Indicator, Classified]]:
        """The filled-in cost rows (成本 under 产出, or 一级 成本)."""
        if self._cost is None:
            self._cost = [
                (index, row, c)
                for index, (row, c) in enumerate(zip(self.rows, self.places, strict=True))
                if c.is_cost and (clean(row.name) or clean(row.value) or clean(row.description))
            ]
        return self._cost


@lru_cache(maxsize=64)
def canonical_names(names: tuple[str, ...]) -> frozenset[str]:
    """The canonical taxonomy names of names as written (a policy's list)."""
    return frozenset(canonical(name) for name in names)


@lru_cache(maxsize=64)
def _canonical_list(names: tuple[str, ...]) -> tuple[str, ...]:
    """The canonical taxonomy names of names as written, in order, each once."""
    return tuple(dict.fromkeys(canonical(name) for name in names))


@per_project
def indicator_places(project: Project) -> IndicatorPlaces:
    """The indicator rows of `project` by place (kept for the last project only)."""
    return IndicatorPlaces(project)


def _names(rows: list[tuple[int, Indicator, Classified]], level1: str) -> str:
    found = sorted({c.level2 for _, _, c in rows if c.level1 == level1 and c.level2})
    return "、".join(found) if found else "—"


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
    params=OutputParams,
)
def output_coverage(project: Project, ctx: ProjectContext[OutputParams]) -> Iterator[Hit]:
    """产出指标下有数量指标（必须），并有质量指标和时效指标（应当）。

    检查：在已填写的指标行中，一级为“产出”的行按二级分类：没有数量指标是错误，没有质量或时效指标是警告。名称可带或不带“指标”二字及“(必填)”等标记。完全没有指标行的表由 S003 报告。
    原因：88号把产出指标分为数量、质量、时效（和成本）；缺少数量指标就无法考核做了多少，缺少质量、时效指标则只能考核一半。
    示例：产出指标只有“质量指标/验收合格率 ≥95%”一行。
    修改：补充“数量指标”（如“支持企业数量 ≥5家”）以及质量、时效指标。
    ---
    What: among the filled-in indicator rows, the 产出 (output) rows include a 数量 (quantity)
    row (error when missing) and 质量 (quality) and 时效 (timeliness) rows (warning when missing).
    Names match with or without 指标 and tags such as (必填). A table with no indicator row at all
    is S003's finding.
    Why: 88号 divides outputs into quantity, quality, timeliness (and cost); without a quantity the
    amount of work cannot be assessed, without quality or timeliness only half of it.
    Example: the outputs hold only 质量指标 / 验收合格率 ≥95%.
    Fix: add a 数量指标 row (e.g. 支持企业数量 ≥5家) and rows for 质量 and 时效.
    """
    places = indicator_places(project)
    rows = places.filled
    if not rows:
        return
    pairs = places.pairs
    for level2, severity in _wanted_outputs(ctx.params.required, ctx.params.recommended):
        if ("产出", level2) not in pairs:
            yield ctx.hit(
                "/indicators", severity=severity, level2=level2, present=_names(rows, "产出")
            )


# --- C002 ------------------------------------------------------------------------------------


@rule(
    "C002",
    "cost-indicator",
    category="coverage",
    severity="error",
    basis=_BASIS_COST,
    title=("有成本指标", "a cost indicator exists"),
    message=(
        "没有成本指标（产出指标下的“成本指标”或一级“成本指标”）",
        "there is no cost indicator (成本 under 产出, or 成本 as its own 一级)",
    ),
)
def cost_indicator(project: Project, ctx: ProjectContext[Params]) -> Iterator[Hit]:
    """表中至少有一行成本指标：产出指标下的“成本指标”（旧版式），或一级“成本指标”（2021 年版式）。

    检查：已填写的指标行中至少有一行属于成本指标。完全没有指标行的表由 S003 报告。
    原因：成本指标把钱和产出联系起来（101号），是审核“适当性”（资金与目标相匹配）的依据；没有它就无法判断预算是否合理。
    示例：产出指标只有数量、质量、时效三行。
    修改：补充成本指标，按主要支出内容分项列出金额上限，如“差旅费成本 ≤4万元”。
    ---
    What: at least one filled-in row is a cost indicator: 成本 under 产出 (older layout, as in the
    seed) or 成本 as its own 一级 (2021 layout). A table with no indicator row is S003's finding.
    Why: cost indicators tie the money to the outputs (财预〔2021〕101号); without one the reviewer
    cannot judge 适当性, whether the budget fits the targets.
    Example: the outputs hold quantity, quality and timeliness rows only.
    Fix: add cost rows, itemised by the main spending items with a ceiling, e.g. 差旅费成本 ≤4万元.
    """
    places = indicator_places(project)
    if places.filled and not places.cost:
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
    params=BenefitParams,
)
def benefit_coverage(project: Project, ctx: ProjectContext[BenefitParams]) -> Iterator[Hit]:
    """效益指标下至少有经济效益、社会效益、生态效益、可持续影响指标之一。

    检查：已填写的指标行中至少有一行一级为“效益”、二级为参数 level2 所列之一（环境效益视同生态效益）。完全没有指标行的表由 S003 报告；二级名称写错由 C005 报告。
    原因：效益指标说明花钱带来了什么（88号）；只有产出没有效益，审核时无法判断项目值不值得做。
    示例：表中有产出指标和满意度指标，没有效益指标。
    修改：补充效益指标，如“社会效益指标/受益企业数量增长 ≥5家”。
    ---
    What: at least one filled-in row has 一级 效益 and a 二级 from `level2` (经济效益, 社会效益,
    生态效益 — 环境效益 counts as 生态效益 — or 可持续影响). A table with no indicator row is
    S003's finding; a misspelt 二级 is C005's.
    Why: benefit indicators say what the money achieves (88号); with outputs only, the reviewer
    cannot judge whether the project is worth doing.
    Example: a table with output and satisfaction rows and no benefit row.
    Fix: add a benefit row, e.g. 社会效益指标 / 受益企业数量增长 ≥5家.
    """
    places = indicator_places(project)
    rows = places.filled
    if not rows:
        return
    wanted = _canonical_list(ctx.params.level2)
    if any(("效益", level2) in places.pairs for level2 in wanted):
        return
    yield ctx.hit("/indicators", wanted="、".join(wanted), present=_names(rows, "效益"))


# --- C004 ------------------------------------------------------------------------------------


class SatisfactionParams(Params):
    """Which 满意度 二级 count as a service-recipient satisfaction row."""

    level2: tuple[str, ...] = Field(
        ("服务对象满意度", "社会公众或服务对象满意度"),
        description="满意度 二级 that count as asking the service recipients",
    )


@rule(
    "C004",
    "satisfaction-indicator",
    category="coverage",
    severity="warning",
    basis=_BASIS_COVERAGE + "；财预〔2020〕10号：满意度指标",
    title=("有服务对象满意度指标", "a service-recipient satisfaction row exists"),
    message=(
        "没有服务对象满意度指标（已有满意度指标：{present}）",
        "there is no 服务对象满意度 (service-recipient satisfaction) row "
        "(satisfaction rows present: {present})",
    ),
    params=SatisfactionParams,
)
def satisfaction_indicator(
    project: Project, ctx: ProjectContext[SatisfactionParams]
) -> Iterator[Hit]:
    """满意度指标下有服务对象满意度指标。

    检查：已填写的指标行中至少有一行一级为“满意度”、二级为参数 level2 所列之一（默认服务对象满意度、社会公众或服务对象满意度）。完全没有指标行的表由 S003 报告。
    原因：满意度是绩效评价的固定部分（10号：满意度 10 分）；服务对象是项目直接服务的人，他们的评价最能说明项目做得好不好。
    示例：满意度指标只有“社会公众满意度”，或整张表没有满意度指标。
    修改：补充“服务对象满意度指标/受益企业满意度 ≥90%”，依据写明调查方式。
    ---
    What: at least one filled-in row has 一级 满意度 and a 二级 from `level2` (by default
    服务对象满意度, 社会公众或服务对象满意度). A table with no indicator row is S003's finding.
    Why: satisfaction is a fixed part of the evaluation (财预〔2020〕10号: 10 points); the people the
    project serves are the best judges of how well it served them.
    Example: only a 社会公众满意度 row, or no satisfaction row at all.
    Fix: add 服务对象满意度指标 / 受益企业满意度 ≥90%, naming the survey as its basis.
    """
    places = indicator_places(project)
    rows = places.filled
    if not rows:
        return
    if any(("满意度", level2) in places.pairs for level2 in _canonical_list(ctx.params.level2)):
        return
    yield ctx.hit("/indicators", present=_names(rows, "满意度"))


# --- C005 ------------------------------------------------------------------------------------


class TaxonomyParams(Params):
    """Additions to the taxonomy of domain.md §3 that a policy allows."""

    extra: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="further 二级 allowed under a 一级 (a new 一级 is allowed with its 二级), "
        "e.g. {效益: [服务效益]}; names as written, 指标 optional",
    )


@per_params
def _allowed(params: TaxonomyParams) -> dict[str, list[str]]:
    """Canonical 一级 → its allowed canonical 二级: the taxonomy plus the policy's `extra`."""
    allowed: dict[str, list[str]] = {k: list(v) for k, v in TAXONOMY.items()}
    for level1, extra in params.extra.items():
        names = allowed.setdefault(canonical(level1), [])
        names.extend(n for n in map(canonical, extra) if n not in names)
    return allowed


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
    },
    params=TaxonomyParams,
)
def indicator_taxonomy(project: Project, ctx: ProjectContext[TaxonomyParams]) -> Iterator[Hit]:
    """一级指标是产出、成本、效益、满意度之一，二级指标属于它的一级指标（domain.md §3）。

    检查：每行的一级、二级名称（去掉“指标”二字和“(必填)”等标记，同义词归一，如环境效益即生态效益）必须在指标体系中，且二级属于该一级：产出—数量/质量/时效/成本；成本—经济/社会/生态环境成本；效益—经济/社会/生态效益、可持续影响；满意度—服务对象/社会公众满意度。同一对名称只在第一次出现的行报告一次。策略可用 extra 增加允许的二级。
    原因：指标体系是财政部门统一规定的（88号、53号、101号）；放错位置或自造的类别无法汇总和评价，也说明该行可能放错了地方。
    示例：“效益指标/质量指标”；一级写成“产出效益指标”。
    修改：把该行移到正确的一级、二级下，或改正名称。
    ---
    What: each row's 一级 is one of 产出, 成本, 效益, 满意度 and its 二级 belongs to that 一级
    (domain.md §3), comparing canonical names (without 指标 and tags, synonyms mapped: 环境效益 is
    生态效益). A pair of names is reported once, at the first row that has it. A policy may allow
    more 二级 with `extra`.
    Why: the taxonomy is set by the finance ministry (88号, 53号, 101号); a made-up or misplaced
    class cannot be summarised or evaluated, and often means the row is in the wrong place.
    Example: 效益指标 / 质量指标; a 一级 written 产出效益指标.
    Fix: move the row under the right 一级 and 二级, or correct the name.
    """
    places = indicator_places(project).places
    if all(map(_ALLOWED, places)):
        return  # every row sits in the taxonomy (a policy's `extra` only adds to it)
    allowed = _allowed(ctx.params)
    seen: set[tuple[str, str]] = set()
    for index, (row, c) in enumerate(zip(project.indicators, places, strict=True)):
        if not (
            clean(row.name)
            or clean(row.value)
            or clean(row.description)
            or clean(row.level1)
            or clean(row.level2)
        ):
            continue
        pair = (c.level1, c.level2)
        if pair in seen:
            continue
        seen.add(pair)
        if c.level1 not in allowed:
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
    params=TopicParams,
)
def benefit_topic(project: Project, ctx: ProjectContext[TopicParams]) -> Iterator[Hit]:
    """效益指标的二级与内容相符：环保、减排、污染、节能、生态等属于生态效益，产值、收入、税收等属于经济效益。

    检查：在效益指标行的三级名称和指标描述中找主题词；含生态词而不在生态效益下、或含经济词而不在经济效益下时提示，但若同一行也含其所在二级自己的主题词则不提示。“产业生态”等短语先去掉（参数 exclusions），可持续影响不检查。这是启发式检查，只给警告。
    原因：归错类的效益指标使汇总和评价失真（53号指标框架）；也常说明目标中承诺的生态或经济效益没有真正设指标。
    示例：种子文档表 2“社会效益指标/绿色环保/新墙体材料环保、高质”应为生态效益。
    修改：把该行移到对应的二级指标下（如生态效益指标），必要时改写指标。
    ---
    What: looks for topic words in the 三级 name and description of benefit (效益) rows: a row with
    an ecology word (环保, 减排, 污染, 节能, 生态) outside 生态效益, or a money word (产值, 收入, 税收)
    outside 经济效益, is reported — unless it also holds a word of the 二级 it is under. Phrases in
    `exclusions` (产业生态 …) are removed first; 可持续影响 is not checked. A heuristic: warning only.
    Why: a misfiled benefit distorts summaries and evaluation (53号 framework), and often means
    the ecological or economic benefit a goal promises has no indicator of its own.
    Example: seed table 2: 社会效益指标 / 绿色环保 / 新墙体材料环保、高质 is an ecological benefit.
    Fix: move the row under the matching 二级 (e.g. 生态效益指标), rewording it if needed.
    """
    params = ctx.params
    misfiled = _topic_finder(params.ecology_words, params.economy_words, params.exclusions)
    neutral = canonical_names(params.neutral_level2)
    for index, row, c in indicator_places(project).filled:
        if not c.is_benefit or c.level2 in neutral:
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


RULES: tuple[Rule, ...] = (
    output_coverage,
    cost_indicator,
    benefit_coverage,
    satisfaction_indicator,
    indicator_taxonomy,
    benefit_topic,
)
