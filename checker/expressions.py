"""Expressions of declarative rules (CEL, https://cel.dev) and the plain data they see.

CEL has no loops, no recursion, no I/O and no way to run code; its regexes are Rust's (linear
time). jxcheck bounds it further: at most `MAX_EXPRESSION_LENGTH` characters, brackets nested at
most `MAX_NESTING` deep, comprehensions (`exists`, `all`, `filter`, `map` …) at most
`MAX_COMPREHENSION_NESTING` deep, only the functions of `_ALLOWED_FUNCTIONS`. Every expression
is compiled and probed against a sample table when its policy loads, so a mistake is a policy
error naming the file and line, never a surprise in mid-check.

What an expression sees, by the rule's scope: `project` (a table), plus `row` (an indicator row)
or `notice` (a 发文字号 cited in the table's name or heading); or `document` (the whole file).
The fields are listed below (`PROJECT_FIELDS` …) and in docs/local-rules.md.

Speed: handing Python data to CEL costs more than evaluating an expression (a table of 15 rows
takes ~0.4 ms to convert whole), so the host converts only the fields the policy's expressions
name, once per table, shared by every expression (`View.context`); an expression that reads only
its row or notice is worked out once per distinct set of the cells it reads (`_ITEM_MEMO`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import Any

from checker.facts import ProjectFacts, is_filled
from checker.i18n import Text
from checker.model import Document, Indicator, Project
from checker.taxonomy import Classified
from checker.values import clean, squeeze

#: Longest expression accepted (characters).
MAX_EXPRESSION_LENGTH = 1000
#: Deepest nesting of brackets and parentheses accepted in an expression.
MAX_NESTING = 12
#: Comprehensions (`exists`, `all`, `filter`, `map` …) nested in one another: each multiplies the
#: cost by the number of rows, so two levels (rows × rows) is the most an expression may ask.
MAX_COMPREHENSION_NESTING = 2
#: Results remembered for expressions that read only their row or notice (a season repeats the
#: same cells thousands of times); the memo is emptied when it reaches this size.
ITEM_MEMO_SIZE = 50_000


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
_LISTS = {"indicators": ROW_FIELDS, "projects": PROJECT_FIELDS}

_ALLOWED_FUNCTIONS = re.compile(
    r"^(_.*_|_\[_\]|!_|@.*|size|matches|contains|startsWith|endsWith|"
    r"exists|all|exists_one|filter|map|has|int|double|string)$"
)


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
#: A 发文字号: a 机关代字 (a run of Chinese characters not preceded by another one), the year in
#: brackets of any style, the number and 号 (`冀财建〔2022〕239号`, `冀财建［2025］ 239 号`).
_NOTICE_RE = re.compile(
    rf"(?<![{_HAN}])(?P<issuer>[{_HAN}]{{1,12}})\s*[〔【\[［(（{{]\s*(?P<year>[0-9]{{4}})\s*"
    r"[〕】\]］)）}]\s*第?\s*(?P<number>[0-9]+)\s*号"
)


def notices_in(text: str) -> list[tuple[str, dict[str, Any]]]:
    """The 发文字号 in `text`: (the words as written, its fields but `index` and `field`)."""
    return [
        (
            m.group(0),
            {
                "text": squeeze(m.group(0)),
                "issuer": m.group("issuer"),
                "year": int(m.group("year")),
                "number": int(m.group("number")),
            },
        )
        for m in _NOTICE_RE.finditer(text)
    ]


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
    """The plain data of a table or a document (a dict: plain forms read it as it is), and the
    same data converted for CEL once it is needed — only the fields expressions name, once per
    table for every expression (see the module's docstring)."""

    def __init__(self, data: dict[str, Any], source: object, list_key: str) -> None:
        super().__init__(data)
        #: The record it was built from (a `Project` or a `Document`).
        self.source = source
        #: The key of its list of rows (`indicators`) or of tables (`projects`).
        self.list_key = list_key
        #: The raw 发文字号 of each entry of `notices` (a hit shows the words as written).
        self.written: list[str] = []
        self._contexts: dict[frozenset[str], Any] = {}

    def context(self, list_fields: frozenset[str]) -> Any:
        """A CEL context holding this view as `project` / `document`: every field but the list,
        and the list (when `list_fields` names any) with only `list_fields` of each entry."""
        context = self._contexts.get(list_fields)
        if context is None:
            import cel

            data = {k: v for k, v in self.items() if k != self.list_key}
            if list_fields:
                data[self.list_key] = [
                    {k: v for k, v in entry.items() if k in list_fields}
                    for entry in self[self.list_key]
                ]
            context = cel.Context()
            context.add_variable(self.variable, data)
            self._contexts[list_fields] = context
        return context

    @property
    def variable(self) -> str:
        return "document" if self.list_key == "projects" else "project"


def _notices(project: Project, name: str) -> tuple[list[dict[str, Any]], list[str]]:
    where, text = ("name", project.name) if name else ("heading", project.heading)
    found = notices_in(text or "")
    views = [{"index": i, **fields, "field": where} for i, (_, fields) in enumerate(found)]
    return views, [written for written, _ in found]


def project_view(project: Project, facts: ProjectFacts, budget_year: int | None) -> View:
    """The plain data expressions see of a table, built once per table (kept with its facts)."""
    return facts.derived(
        ("declarative-view", budget_year), lambda: _build(project, facts, budget_year)
    )


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


_MACRO_RE = re.compile(r"\.\s*(?:exists_one|exists|all|filter|map)\s*\(")
_MEMBER_RE = re.compile(r"\.\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\()?")
_STRING_RE = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_LITERAL_INDEX_RE = re.compile(r"\[\s*(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[0-9]+)\s*\]")
_INDEX_RE = re.compile(r"[A-Za-z0-9_)\]]\s*\[")
_BARE_VARIABLE_RE = re.compile(r"(?<![.\w])(?:project|row|notice|document)\b(?!\s*[.\[])")


def _comprehension_nesting(code: str) -> int:
    """How deep comprehensions nest in `code` (string literals already blanked out)."""
    starts = {m.end() - 1 for m in _MACRO_RE.finditer(code)}
    depth = deepest = 0
    open_macros: list[int] = []  # the bracket depth inside each open comprehension
    for position, char in enumerate(code):
        if char in "([{":
            depth += 1
            if position in starts:
                open_macros.append(depth)
                deepest = max(deepest, len(open_macros))
        elif char in ")]}":
            if open_macros and open_macros[-1] == depth:
                open_macros.pop()
            depth -= 1
    return deepest


def _members(code: str) -> list[str]:
    """The field names read after a dot in `code` (a method call such as `.exists(` is not one)."""
    return [m.group(1) for m in _MEMBER_RE.finditer(code) if m.group(2) is None]


def _references(source: str) -> frozenset[str] | None:
    """Every field name `source` may read, or None when it indexes with a computed key (it may
    then read any field)."""
    code = _STRING_RE.sub('""', source)
    if _BARE_VARIABLE_RE.search(code):  # `size(project)`, `row == …`: the whole value
        return None
    names = set(_members(code))
    for m in _LITERAL_INDEX_RE.finditer(source):
        names.add(m.group(1).strip("\"'"))
    without_literals = _LITERAL_INDEX_RE.sub("", source)
    if _INDEX_RE.search(_STRING_RE.sub('""', without_literals)):
        return None
    return frozenset(names)


# --------------------------------------------------------------------------------------------
# Compiled expressions
# --------------------------------------------------------------------------------------------

_ITEM_MEMO: dict[tuple[Any, ...], bool] = {}


@dataclass
class FieldUse:
    """The fields of list entries (rows: `indicators`, tables: `projects`) that a policy's
    expressions read, shared by all of them so that a table is converted once for all
    (`View.context`)."""

    fields: dict[str, set[str]] = field(default_factory=dict)
    everything: set[str] = field(default_factory=set)

    def add(self, list_key: str, names: frozenset[str] | None) -> None:
        if names is None:
            self.everything.add(list_key)
        else:
            wanted = _LISTS[list_key]
            self.fields.setdefault(list_key, set()).update(n for n in names if n in wanted)

    def of(self, list_key: str) -> frozenset[str]:
        if list_key in self.everything:
            return frozenset(_LISTS[list_key])
        return frozenset(self.fields.get(list_key, ()))


@dataclass(frozen=True)
class Expression:
    """A compiled, probed CEL expression that yields true or false."""

    source: str
    program: Any
    scope: str
    #: Whether it reads the whole's list (rows, tables): it then sees the table converted once
    #: for every such expression (`View.context`).
    uses_list: bool
    #: Otherwise, the fields of the whole and of the row or notice it reads: it is worked out
    #: from those cells alone, once per distinct cells (`_ITEM_MEMO`). None: not known (an index
    #: computed at run time may read any field).
    whole_fields: tuple[str, ...] | None
    item_fields: tuple[str, ...] | None
    #: The list fields the policy's expressions read (filled in as the policy is built).
    list_use: FieldUse

    def __call__(self, whole: Mapping[str, Any], item: Mapping[str, Any] | None = None) -> bool:
        variables = VARIABLES[self.scope]
        if self.whole_fields is not None and self.item_fields is not None:
            return self._remembered(variables, whole, item)
        if isinstance(whole, View):
            list_fields = self.list_use.of(whole.list_key) if self.uses_list else frozenset()
            context = whole.context(list_fields)
            if item is not None:
                context.add_variable(variables[1], dict(item))
            return bool(self.program.execute(context))
        names: dict[str, Any] = {variables[0]: dict(whole)}
        if item is not None:
            names[variables[1]] = dict(item)
        return bool(self.program.execute(names))

    def _remembered(
        self, variables: tuple[str, ...], whole: Mapping[str, Any], item: Mapping[str, Any] | None
    ) -> bool:
        key = (self.program, self._cells(whole), None if item is None else self._item_cells(item))
        remember = True
        try:
            found = _ITEM_MEMO.get(key)
        except TypeError:  # a list among the cells (goals, notices): not a memo key
            found, remember = None, False
        if found is None:
            names = {variables[0]: {f: whole[f] for f in self.whole_fields or ()}}
            if item is not None:
                names[variables[1]] = {f: item[f] for f in self.item_fields or ()}
            found = bool(self.program.execute(names))
            if remember:
                if len(_ITEM_MEMO) >= ITEM_MEMO_SIZE:
                    _ITEM_MEMO.clear()
                _ITEM_MEMO[key] = found
        return found

    @cached_property
    def _cells(self) -> Callable[[Mapping[str, Any]], Any]:
        """The cells of the whole it reads, as a memo key (`itemgetter`: C speed)."""
        return _getter(self.whole_fields or ())

    @cached_property
    def _item_cells(self) -> Callable[[Mapping[str, Any]], Any]:
        return _getter(self.item_fields or ())


def _getter(fields: Sequence[str]) -> Callable[[Mapping[str, Any]], Any]:
    if not fields:
        return lambda data: ()
    if len(fields) == 1:
        return itemgetter(fields[0])
    return itemgetter(*fields)


def _check_bounds(source: str) -> str:
    """`source` with its string literals blanked out, after the bounds are checked."""
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
    code = _STRING_RE.sub('""', source)
    comprehensions = _comprehension_nesting(code)
    if comprehensions > MAX_COMPREHENSION_NESTING:
        raise Problem(
            f"表达式中 exists/all/filter/map 嵌套 {comprehensions} 层，超过上限 "
            f"{MAX_COMPREHENSION_NESTING}（每多一层，计算量乘以行数）",
            f"the expression nests exists/all/filter/map {comprehensions} deep, more than "
            f"{MAX_COMPREHENSION_NESTING} (each level multiplies the work by the number of rows)",
        )
    return code


def _field_list(scope: str) -> tuple[str, str]:
    listed = [(v, FIELDS_OF[v]) for v in VARIABLES[scope]]
    if scope == "document":
        listed += [("project", PROJECT_FIELDS)]
    if scope in ("document", "project"):
        listed += [("row", ROW_FIELDS)]
    zh = "；".join(f"{v} 的字段：{'、'.join(fields)}" for v, fields in listed)
    en = "; ".join(f"fields of {v}: {', '.join(fields)}" for v, fields in listed)
    return zh, en


def compile_expression(source: str, scope: str, list_use: FieldUse | None = None) -> Expression:
    """Compile and probe an expression of a rule of `scope`; a `Problem` says what is wrong."""
    code = _check_bounds(source)
    variables = VARIABLES[scope]
    known: set[str] = set()
    for variable in variables:
        known.update(FIELDS_OF[variable])
    if variables[0] == "project":
        known.update(ROW_FIELDS, NOTICE_FIELDS)
    else:
        known.update(PROJECT_FIELDS, ROW_FIELDS, NOTICE_FIELDS)
    unknown = [m for m in _members(code) if m not in known and not m.isdigit()]
    if unknown:
        zh, en = _field_list(scope)
        raise Problem(
            f"表达式中的字段 {unknown[0]!r} 不存在（{zh}）",
            f"the expression names an unknown field {unknown[0]!r} ({en})",
        )
    import cel

    try:
        program = cel.compile(source)
    except Exception as error:  # the cel module raises ValueError on a syntax error
        raise Problem(
            f"表达式语法错误：{error}", f"the expression does not parse: {error}"
        ) from None
    for function in program.functions():
        if not _ALLOWED_FUNCTIONS.match(function):
            raise Problem(
                f"表达式中的函数 {function!r} 不可用",
                f"the expression calls {function!r}, which is not available",
            )
    try:
        result = program.execute(sample(scope))
    except KeyError as error:
        raise Problem(
            f"表达式中的字段 {error.args[0]!r} 不存在",
            f"the expression names an unknown field {error.args[0]!r}",
        ) from None
    except Exception as error:
        raise Problem(
            f"表达式无法求值：{error}（可用的变量：{'、'.join(variables)}）",
            f"the expression cannot be evaluated: {error} (variables: {', '.join(variables)})",
        ) from None
    if not isinstance(result, bool):
        raise Problem(
            f"表达式的结果应为 true 或 false，实际是 {result!r}",
            f"the expression must give true or false, not {result!r}",
        )
    names = _references(source)
    whole = variables[0]
    list_key = "projects" if whole == "document" else "indicators"
    uses_list = names is None or list_key in names
    list_use = list_use if list_use is not None else FieldUse()
    whole_fields: tuple[str, ...] | None = None
    item_fields: tuple[str, ...] | None = None
    if uses_list:
        # Inside a document expression a table is read whole (its rows included).
        list_use.add(list_key, None if whole == "document" else names)
    elif names is not None:
        whole_fields = tuple(sorted(n for n in names if n in FIELDS_OF[whole]))
        item = FIELDS_OF[variables[1]] if len(variables) > 1 else {}
        item_fields = tuple(sorted(n for n in names if n in item))
    return Expression(
        source=source,
        program=program,
        scope=scope,
        uses_list=uses_list,
        whole_fields=whole_fields,
        item_fields=item_fields,
        list_use=list_use,
    )
