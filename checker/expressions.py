"""Expressions of declarative rules (CEL, https://cel.dev) and the plain data they see.

CEL has no loops, no recursion, no I/O and no way to run code; `matches` is RE2 (linear time).
jxcheck bounds it further: at most `MAX_EXPRESSION_LENGTH` characters, brackets nested at most
`MAX_NESTING` deep, comprehensions (`exists`, `all`, `filter`, `map` …) at most
`MAX_COMPREHENSION_NESTING` deep, only the functions of `celinterp.FUNCTIONS`. Every expression
is compiled and probed against a sample table when its policy loads, so a mistake is a policy
error naming the file and line, never a surprise in mid-check.

What an expression sees, by the rule's scope: `project` (a table), plus `row` (an indicator row)
or `notice` (a 发文字号 cited in the table's name or heading); or `document` (the whole file).
The fields are listed below (`PROJECT_FIELDS` …) and in docs/local-rules.md.

Evaluation: `checker.celinterp` runs the expressions on these plain views as they are (no
conversion per call), so an expression costs what it reads: a few microseconds a row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.facts import ProjectFacts, is_filled
from checker.i18n import Text
from checker.model import Document, Indicator, Project
from checker.patterns import occurs_in
from checker.taxonomy import Classified
from checker.values import clean, squeeze

if TYPE_CHECKING:  # the interpreter is imported with the first expression (start-up time)
    from checker import celinterp

#: Longest expression accepted (characters).
MAX_EXPRESSION_LENGTH = 1000
#: Deepest nesting of brackets and parentheses accepted in an expression.
MAX_NESTING = 12
#: Comprehensions (`exists`, `all`, `filter`, `map` …) nested in one another: each multiplies the
#: cost by the number of rows, so two levels (rows × rows) is the most an expression may ask.
MAX_COMPREHENSION_NESTING = 2

#: Fields of `project`, and what each holds.
PROJECT_FIELDS: dict[str, str] = {
    "name": "项目名称",
    "code": "项目编码",
    "heading": "表头",
    "unit": "预算单位",
    "purpose": "资金用途",
    "budget_wan": "预算数，万元（没有时为 0）",
    "has_budget": "是否填写了预算数",
    "budget_year": "预算年度（未知时为 0）",
    "goals": "绩效目标（列表）",
    "notices": "项目名称（没有名称时为表头）中的发文字号（列表，每个的字段见 NOTICE_FIELDS）",
    "indicators": "指标行（列表，每行字段见 ROW_FIELDS）",
}
#: Fields of each row (`row`, `project.indicators[i]`).
ROW_FIELDS: dict[str, str] = {
    "index": "行号（从 0 起）",
    "level1": "一级指标（原文）",
    "level2": "二级指标（原文）",
    "name": "三级指标",
    "description": "指标描述",
    "value": "指标值（原文）",
    "basis": "指标值确定依据",
    "class": "分类：数量指标、质量指标、时效指标、成本指标、…、满意度指标",
    "cost": "是否成本指标",
    "filled": "是否已填写（三级指标、指标值或描述）",
    "comparator": "比较符：≥、≤、=、>、<（写了数而没写比较符时为 =，没有数时为空）",
    "comparator_written": "是否写了比较符（≥、不低于、以上 …）",
    "kind": "指标值的类型：quantity（数量）、date（日期）、period（期限）、qualitative（定性）、empty（空）",
    "number": "指标值中的数（没有时为 0）",
    "has_number": "指标值中是否有数",
    "unit": "计量单位",
    "unit_class": "单位类别（percent、money、count …）",
}
#: Fields of each 发文字号 (`notice`, `project.notices[i]`).
NOTICE_FIELDS: dict[str, str] = {
    "index": "序号（从 0 起）",
    "text": "发文字号原文（空白合并），如 冀财建〔2022〕239号",
    "issuer": "机关代字，如 冀财建",
    "year": "年份",
    "number": "发文顺序号",
    "field": "所在栏目：name（项目名称）或 heading（表头）",
}
#: Fields of `document`.
DOCUMENT_FIELDS: dict[str, str] = {
    "kind": "文件类型：department_document（部门文件）、project_tables（项目表）、department_table、"
    "transfer_payment、special_fund",
    "department": "部门（文件写明时）",
    "budget_year": "预算年度（未知时为 0）",
    "title": "所附通知的标题（有时）",
    "has_overview": "是否有第一部分（部门整体绩效目标）",
    "budget_wan": "各项目预算数之和，万元",
    "projects": "项目（列表，每个的字段见 PROJECT_FIELDS）",
}
#: The variables an expression of each scope sees: the whole (`project` or `document`) first.
VARIABLES: dict[str, tuple[str, ...]] = {
    "project": ("project",),
    "indicator": ("project", "row"),
    "notice": ("project", "notice"),
    "document": ("document",),
}
#: The fields of each variable.
FIELDS_OF: dict[str, Mapping[str, str]] = {
    "project": PROJECT_FIELDS,
    "row": ROW_FIELDS,
    "notice": NOTICE_FIELDS,
    "document": DOCUMENT_FIELDS,
}


class Problem(Exception):
    """What is wrong with one part of a declared rule: (zh, en)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.text = Text(zh, en)
        #: The key of the rule it is about (`when`, `assert` …), for the line of the message.
        self.key = ""


# --------------------------------------------------------------------------------------------
# The data expressions see
# --------------------------------------------------------------------------------------------

_HAN = "\u4e00-\u9fa5"
#: A 发文字号: a 机关代字 (a run of Chinese characters, starting where a word can: not right
#: after another Chinese character — but right after a year written `2023年` or `2023年度`,
#: as in 提前下达2023年冀财建〔2022〕5号 — and not with the 年 of such a year), the year in
#: brackets of any style, the number and 号 (`冀财建〔2022〕239号`, `冀财建［2025］ 239 号`).
_NOTICE_RE = re.compile(
    rf"(?:(?<![{_HAN}0-9])|(?<=[0-9])(?![年月日])|(?<=[0-9]年)(?!度)|(?<=[0-9]年度))"
    rf"(?P<issuer>[{_HAN}]{{1,12}})\s*[〔【\[［(（{{]\s*(?P<year>[0-9]{{4}})\s*"
    r"[〕】\]］)）}]\s*第?\s*(?P<number>[0-9]+)\s*号"
)


#: Words that lead into a citation and are no part of the 机关代字 they are written against
#: (`关于下达冀财建〔2022〕239号`, `根据财预〔2021〕101号`).
_LEAD_WORDS_RE = re.compile(r"^(?:关于|根据|按照|依据|依照|转发|印发|提前下达|下达|的|及|和|与)+")


def notices_in(text: str) -> list[tuple[str, dict[str, Any]]]:
    """The 发文字号 in `text`: (the words as written, its fields but `index` and `field`)."""
    found: list[tuple[str, dict[str, Any]]] = []
    for m in _NOTICE_RE.finditer(text):
        lead = _LEAD_WORDS_RE.match(m.group("issuer"))
        skip = lead.end() if lead is not None and lead.end() < len(m.group("issuer")) else 0
        written = m.group(0)[skip:]
        fields = {
            "text": squeeze(written),
            "issuer": m.group("issuer")[skip:],
            "year": int(m.group("year")),
            "number": int(m.group("number")),
        }
        found.append((written, fields))
    return found


def _class_of(place: Classified) -> str:
    if place.is_cost:
        return "成本指标"
    if place.is_satisfaction:
        return "满意度指标"
    name = place.level2 or place.level1
    return f"{name}指标" if name else ""


def _row_view(index: int, row: Indicator, place: Classified) -> dict[str, Any]:
    parsed = row.parsed
    number = parsed.number
    return {
        "index": index,
        "level1": squeeze(row.level1),
        "level2": squeeze(row.level2),
        "name": squeeze(row.name),
        "description": squeeze(row.description),
        "value": squeeze(row.value),
        "basis": squeeze(row.basis),
        "class": _class_of(place),
        "cost": place.is_cost,
        "filled": is_filled(row),
        "comparator": parsed.comparator or "",
        "comparator_written": parsed.comparator_written,
        "kind": parsed.kind,
        "number": float(number) if number is not None else 0.0,
        "has_number": number is not None,
        "unit": parsed.unit,
        "unit_class": str(parsed.unit_class),
    }


class View(dict[str, Any]):
    """The plain data of a table or a document: plain forms and expressions read it as it is."""

    def __init__(self, data: dict[str, Any], source: object, list_key: str) -> None:
        super().__init__(data)
        #: The record it was built from (a `Project` or a `Document`).
        self.source = source
        #: The key of its list of rows (`indicators`) or of tables (`projects`).
        self.list_key = list_key
        #: The raw 发文字号 of each entry of `notices` (a hit shows the words as written).
        self.written: list[str] = []
        self._by_class: dict[str, list[dict[str, Any]]] | None = None

    def rows_of_class(self, classes: frozenset[str]) -> list[dict[str, Any]]:
        """The rows of a table whose `class` is one of `classes`, in order (the index is built
        once per table, for every rule that names a class)."""
        by_class = self._by_class
        if by_class is None:
            by_class = self._by_class = {}
            for row in self[self.list_key]:
                by_class.setdefault(row["class"], []).append(row)
        if len(classes) == 1:
            return by_class.get(next(iter(classes)), [])
        return [row for row in self[self.list_key] if row["class"] in classes]


def _notices(project: Project, name: str) -> tuple[list[dict[str, Any]], list[str]]:
    where, text = ("name", project.name) if name else ("heading", project.heading)
    found = notices_in(text or "")
    views = [{"index": i, **fields, "field": where} for i, (_, fields) in enumerate(found)]
    return views, [written for written, _ in found]


def project_view(project: Project, facts: ProjectFacts, budget_year: int | None) -> View:
    """The plain data expressions see of a table, built once per table (kept with its facts;
    every rule of the policy asks for it, so the lookup allocates nothing)."""
    key = _VIEW_KEYS.get(budget_year)
    if key is None:
        key = _VIEW_KEYS.setdefault(budget_year, ("declarative-view", budget_year))
    return facts.derived(key, _build, project, facts, budget_year)


#: The key of a table's view among its facts, by budget year (made once: no tuple per lookup).
_VIEW_KEYS: dict[int | None, tuple[str, int | None]] = {}


def _build(project: Project, facts: ProjectFacts, budget_year: int | None) -> View:
    budget = project.budget_wan
    places = facts.places.places
    name = squeeze(project.name)
    notices, written = _notices(project, name)
    view = View(
        {
            "name": name,
            "code": clean(project.code),
            "heading": squeeze(project.heading),
            "unit": squeeze(project.unit),
            "purpose": squeeze(project.purpose),
            "budget_wan": float(budget) if budget is not None else 0.0,
            "has_budget": budget is not None,
            "budget_year": budget_year or 0,
            "goals": [squeeze(g) for g in project.goals],
            "notices": notices,
            "indicators": [
                _row_view(i, row, place)
                for i, (row, place) in enumerate(zip(project.indicators, places, strict=True))
            ],
        },
        project,
        "indicators",
    )
    view.written = written
    return view


_last_document: tuple[Document, View] | None = None


def document_view(
    document: Document, facts_of: Callable[[int, Project], ProjectFacts], budget_year: int | None
) -> View:
    """The plain data expressions see of a whole file (every document rule shares it)."""
    global _last_document
    last = _last_document  # one read: the desk checks uploads in threads
    if last is not None and last[0] is document:
        return last[1]
    projects = [
        project_view(p, facts_of(i, p), budget_year) for i, p in enumerate(document.projects)
    ]
    view = View(
        {
            "kind": str(document.kind_held),
            "department": squeeze(document.department),
            "budget_year": budget_year or 0,
            "title": squeeze(document.notice),
            "has_overview": document.overview is not None,
            "budget_wan": sum(p["budget_wan"] for p in projects),
            "projects": projects,
        },
        document,
        "projects",
    )
    _last_document = (document, view)
    return view


def sample(scope: str) -> dict[str, Any]:
    """A view with every field filled in, to probe expressions when the policy loads: the
    variables of `scope` by name."""
    row = {
        "index": 0,
        "level1": "产出指标",
        "level2": "成本指标",
        "name": "办公设备购置成本",
        "description": "",
        "value": "≤5万元",
        "basis": "预算",
        "class": "成本指标",
        "cost": True,
        "filled": True,
        "comparator": "≤",
        "comparator_written": True,
        "kind": "quantity",
        "number": 5.0,
        "has_number": True,
        "unit": "万元",
        "unit_class": "money",
    }
    notice = {
        "index": 0,
        "text": "冀财建〔2022〕239号",
        "issuer": "冀财建",
        "year": 2022,
        "number": 239,
        "field": "name",
    }
    project = {
        "name": "冀财建〔2022〕239号 运行经费",
        "code": "130730000000000001",
        "heading": "1.运行经费绩效目标表",
        "unit": "101001 怀来县财政局",
        "purpose": "保障机关运转",
        "budget_wan": 50.0,
        "has_budget": True,
        "budget_year": 2023,
        "goals": ["保障机关正常运转"],
        "notices": [notice],
        "indicators": [row],
    }
    document = {
        "kind": "department_document",
        "department": "怀来县财政局",
        "budget_year": 2023,
        "title": "关于报送2023年预算绩效目标的通知",
        "has_overview": True,
        "budget_wan": 50.0,
        "projects": [project],
    }
    for name, value in (("row", row), ("notice", notice), ("project", project)):
        assert set(value) == set(FIELDS_OF[name]), name
    assert set(document) == set(DOCUMENT_FIELDS)
    names = {"project": project, "row": row, "notice": notice, "document": document}
    return {v: names[v] for v in VARIABLES[scope]}


# --------------------------------------------------------------------------------------------
# Reading an expression before compiling it
# --------------------------------------------------------------------------------------------


def _nesting(expression: str) -> int:
    """How deep brackets and parentheses nest (outside string literals)."""
    depth = deepest = 0
    quote = ""
    escaped = False
    for char in expression:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
            continue
        if char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth -= 1
    return deepest


def _comprehension_nesting(tree: celinterp.Node) -> int:
    """How deep comprehensions (`exists`, `all` …) nest in a syntax tree."""
    from checker import celinterp

    deepest = 0
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if node[0] == "macro":
            depth += 1
            deepest = max(deepest, depth)
        stack.extend((child, depth) for child in celinterp.children(node))
    return deepest


def _fields_read(tree: celinterp.Node) -> list[str]:
    """The field names an expression reads with a dot (`row.name`, `has(row.name)`)."""
    from checker import celinterp

    return [n[2] for n in celinterp.walk(tree) if n[0] in ("select", "has")]


# --------------------------------------------------------------------------------------------
# Compiled expressions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expression:
    """A compiled, probed CEL expression that yields true or false."""

    source: str
    program: celinterp.Program
    scope: str

    def __call__(self, whole: Mapping[str, Any], item: Mapping[str, Any] | None = None) -> bool:
        variables = VARIABLES[self.scope]
        names = {variables[0]: whole}
        if item is not None:
            names[variables[1]] = item
        result = self.program.run(names)
        if type(result) is not bool:
            raise _not_bool(result)
        return result

    def failing(
        self, whole: Mapping[str, Any], items: Sequence[Mapping[str, Any] | None]
    ) -> list[Any]:
        """The items (rows, notices; `None`: the whole) for which the expression is false, in
        one call for a table's items."""
        variables = VARIABLES[self.scope]
        names: dict[str, Any] = {variables[0]: whole}
        item_name = variables[1] if len(variables) > 1 else ""
        run = self.program.run
        out = []
        for item in items:
            if item is not None:
                names[item_name] = item
            result = run(names)
            if result is not True:
                if result is not False:
                    raise _not_bool(result)
                out.append(item)
        return out


def _not_bool(result: object) -> Exception:
    from checker.celinterp import CelError

    return CelError(f"the expression gave {result!r}, not true or false")


def _check_bounds(source: str) -> None:
    """Refuse an expression too long or too deeply nested to read."""
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise Problem(
            f"表达式有 {len(source)} 个字符，超过上限 {MAX_EXPRESSION_LENGTH}：请拆成几条规则",
            f"the expression has {len(source)} characters, more than {MAX_EXPRESSION_LENGTH}: "
            "split it into several rules",
        )
    depth = _nesting(source)
    if depth > MAX_NESTING:
        raise Problem(
            f"表达式嵌套 {depth} 层，超过上限 {MAX_NESTING}",
            f"the expression nests {depth} deep, more than {MAX_NESTING}",
        )


def _field_list(scope: str) -> tuple[str, str]:
    listed = [(v, FIELDS_OF[v]) for v in VARIABLES[scope]]
    if scope == "document":
        listed += [("project", PROJECT_FIELDS)]
    if scope in ("document", "project"):
        listed += [("row", ROW_FIELDS)]
    zh = "；".join(f"{v} 的字段：{'、'.join(fields)}" for v, fields in listed)
    en = "; ".join(f"fields of {v}: {', '.join(fields)}" for v, fields in listed)
    return zh, en


def compile_expression(source: str, scope: str) -> Expression:
    """Compile and probe an expression of a rule of `scope`; a `Problem` says what is wrong."""
    from checker import celfast, celinterp

    _check_bounds(source)
    variables = VARIABLES[scope]
    try:
        tree = celinterp.parse(source)
    except celinterp.CelSyntaxError as error:
        raise Problem(
            f"表达式语法错误：{error}", f"the expression does not parse: {error}"
        ) from None
    comprehensions = _comprehension_nesting(tree)
    if comprehensions > MAX_COMPREHENSION_NESTING:
        raise Problem(
            f"表达式中 exists/all/filter/map 嵌套 {comprehensions} 层，超过上限 "
            f"{MAX_COMPREHENSION_NESTING}（每多一层，计算量乘以行数）",
            f"the expression nests exists/all/filter/map {comprehensions} deep, more than "
            f"{MAX_COMPREHENSION_NESTING} (each level multiplies the work by the number of rows)",
        )
    known: set[str] = set()
    for variable in variables:
        known.update(FIELDS_OF[variable])
    if variables[0] == "project":
        known.update(ROW_FIELDS, NOTICE_FIELDS)
    else:
        known.update(PROJECT_FIELDS, ROW_FIELDS, NOTICE_FIELDS)
    unknown = [name for name in _fields_read(tree) if name not in known]
    if unknown:
        zh, en = _field_list(scope)
        raise Problem(
            f"表达式中的字段 {unknown[0]!r} 不存在（{zh}）",
            f"the expression names an unknown field {unknown[0]!r} ({en})",
        )
    available = {*celinterp.FUNCTIONS, *celinterp.MACROS, "has"}
    missing = sorted(celinterp.functions(tree) - available)
    if missing:
        raise Problem(
            f"表达式中的函数 {missing[0]!r} 不可用（可用：{'、'.join(sorted(available))}）",
            f"the expression calls {missing[0]!r}, which is not available (available: "
            f"{', '.join(sorted(available))})",
        )
    try:
        program = celfast.compile_program(source, occurs_in)
    except celinterp.CelSyntaxError as error:  # a function that is not available, too deep …
        raise Problem(f"表达式不可用：{error}", f"the expression cannot be used: {error}") from None
    except ValueError as error:  # a pattern of `matches`
        raise Problem(
            f"表达式中的正则表达式不可用：{error}", f"unusable pattern: {error}"
        ) from None
    try:
        result = program(sample(scope))
    except celinterp.CelError as error:
        raise Problem(
            f"表达式无法求值：{error}（可用的变量：{'、'.join(variables)}）",
            f"the expression cannot be evaluated: {error} (variables: {', '.join(variables)})",
        ) from None
    if not isinstance(result, bool):
        raise Problem(
            f"表达式的结果应为 true 或 false，实际是 {result!r}",
            f"the expression must give true or false, not {result!r}",
        )
    return Expression(source=source, program=program, scope=scope)
