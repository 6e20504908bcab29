"""Declarative rules: the `rules:` section of a policy, turned into ordinary `checker.rule.Rule`s.

A bureau's reviewer writes a local rule as data — id, title, message, severity, basis, scope,
where it applies (`when`) and what must hold — and the policy that declares it (or one extending
it) runs it like any rule: findings with lines, pointers, fingerprints, waivers, baselines,
grading, `jxcheck rules` / `explain`.

What must hold is one of:

- a plain form, for the common cases, needing no expression:
  `require: {indicator_name: 群众满意度}` / `{indicator_class: 成本指标}` (project scope: some
  filled-in row has it); `count: {rows_class: 成本指标, at_least: 2}` (project scope);
  `value: {at_least: 90, at_most: 100, unit: "%"}` (indicator scope: the row's parsed number);
  `pattern: {field: name, must_match | must_not_match: REGEX}` (a field of the project, or of
  the row in indicator scope; RE2, linear time);
- `assert:`, a CEL expression (https://cel.dev) that must be true. CEL has no loops, no
  recursion, no I/O and no way to run code; its regexes are Rust's (linear time). jxcheck
  bounds it further: at most `MAX_EXPRESSION_LENGTH` characters, nested at most `MAX_NESTING`
  deep. An expression sees `project` (a plain view built once per table: `project_view`) and,
  in indicator scope, `row`.

`when` is a CEL expression too, or a plain mapping: `name_contains` (a word or list of words),
`name_matches` (a pattern) — the project's name, or the row's 三级 name in indicator scope —,
`budget_at_least` (万元), `class` (the row's class, indicator scope).

Every expression is compiled and probed against a sample view when the policy loads, so a
syntax error, an unknown field or a non-boolean result is a `ConfigError` naming the file and
line (exit status 2), never a surprise in mid-check.
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.errors import ConfigError
from checker.facts import ProjectFacts, is_filled
from checker.finding import Severity
from checker.i18n import Text
from checker.model import Indicator, Project
from checker.patterns import check_pattern, compile_pattern
from checker.policy.model import PolicyLayer, joined, placed
from checker.rule import Hit, IndicatorContext, Params, ProjectContext, Rule
from checker.taxonomy import Classified
from checker.values import clean, squeeze

#: Longest expression accepted (characters).
MAX_EXPRESSION_LENGTH = 1000
#: Deepest nesting of brackets and parentheses accepted in an expression.
MAX_NESTING = 12
#: Comprehensions (`exists`, `all`, `filter`, `map` …) nested in one another: each multiplies the
#: cost by the number of rows, so two levels (rows × rows) is the most an expression may ask.
MAX_COMPREHENSION_NESTING = 2
#: The category of every declarative rule (`jxcheck rules`).
CATEGORY = "local"

#: How many 万元 one of a table's money units is.
_WAN_PER_UNIT = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1")}

#: Fields of `project` in an expression, and what each holds.
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
    "comparator": "比较符：≥、≤、=、>、<（没有时为空）",
    "number": "指标值中的数（没有时为 0）",
    "has_number": "指标值中是否有数",
    "unit": "计量单位",
    "unit_class": "单位类别（percent、money、count …）",
}
_PROJECT_ARGS = ("name", "code", "budget", "budget_year")
_ROW_ARGS = ("row_name", "value", "level1", "level2", "class")
_FORM_ARGS = {
    "assert": (),
    "require": ("required",),
    "count": ("count", "rows_class", "at_least", "at_most"),
    "value": ("number", "at_least", "at_most", "unit"),
    "pattern": ("field", "text"),
}
FORMS = tuple(_FORM_ARGS)
_ALLOWED_FUNCTIONS = re.compile(
    r"^(_.*_|!_|@.*|size|matches|contains|startsWith|endsWith|"
    r"exists|all|exists_one|filter|map|has|int|double|string)$"
)


# --------------------------------------------------------------------------------------------
# The view expressions see
# --------------------------------------------------------------------------------------------


def _class_of(place: Classified) -> str:
    if place.is_cost:
        return "成本指标"
    if place.is_satisfaction:
        return "满意度指标"
    name = place.level2 or place.level1
    return f"{name}指标" if name else ""


def _budget_wan(project: Project) -> Decimal | None:
    total = project.budget_total
    unit = clean(project.money_unit).removeprefix("单位:").removeprefix("单位：") or "万元"
    factor = _WAN_PER_UNIT.get(unit)
    if total is None or factor is None:
        return None
    return total * factor


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
        "number": float(number) if number is not None else 0.0,
        "has_number": number is not None,
        "unit": parsed.unit,
        "unit_class": str(parsed.unit_class),
    }


class _View(dict[str, Any]):
    """The plain data of a table (a dict, as expressions and plain forms read it), with the
    table it was built from and, once an expression needs it, the data converted for CEL:
    converting a table costs more than evaluating an expression, so it is done once per table."""

    def __init__(self, project: Project, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.project = project
        self._context: Any = None
        self._row_contexts: dict[int, Any] = {}

    def cel_context(self) -> Any:
        if self._context is None:
            import cel

            context = cel.Context()
            context.add_variable("project", dict(self))
            self._context = context
        return self._context

    def row_context(self, index: int) -> Any:
        """The row `index` converted for CEL, once per row (for expressions reading only `row`)."""
        context = self._row_contexts.get(index)
        if context is None:
            import cel

            context = self._row_contexts[index] = cel.Context()
            context.add_variable("row", self["indicators"][index])
        return context


_last_view: _View | None = None


def project_view(project: Project, facts: ProjectFacts, budget_year: int | None) -> _View:
    """The plain data expressions see of a table, built once per table (every declarative rule
    on the same table shares it: the host runs a table's rules one after another)."""
    global _last_view
    last = _last_view  # one read: a server checks uploads in threads
    if last is not None and last.project is project:
        return last
    budget = _budget_wan(project)
    places = facts.places.places
    data = {
        "name": squeeze(project.name),
        "code": clean(project.code),
        "heading": squeeze(project.heading),
        "unit": squeeze(project.unit),
        "purpose": squeeze(project.purpose),
        "budget_wan": float(budget) if budget is not None else 0.0,
        "has_budget": budget is not None,
        "budget_year": budget_year or 0,
        "goals": [squeeze(g) for g in project.goals],
        "indicators": [
            _row_view(i, row, place)
            for i, (row, place) in enumerate(zip(project.indicators, places, strict=True))
        ],
    }
    view = _last_view = _View(project, data)
    return view


def _sample_view() -> dict[str, Any]:
    """A view with every field filled in, to probe expressions when the policy loads."""
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
        "number": 5.0,
        "has_number": True,
        "unit": "万元",
        "unit_class": "money",
    }
    assert set(row) == set(ROW_FIELDS)
    project = {
        "name": "运行经费",
        "code": "130730000000000001",
        "heading": "1.运行经费绩效目标表",
        "unit": "101001 怀来县财政局",
        "purpose": "保障机关运转",
        "budget_wan": 50.0,
        "has_budget": True,
        "budget_year": 2023,
        "goals": ["保障机关正常运转"],
        "indicators": [row],
    }
    assert set(project) == set(PROJECT_FIELDS)
    return project


# --------------------------------------------------------------------------------------------
# Expressions
# --------------------------------------------------------------------------------------------


class _Problem(Exception):
    """What is wrong with one part of a declared rule: (zh, en)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.text = Text(zh, en)
        #: The key of the rule it is about (`when`, `assert` …), for the line of the message.
        self.key = ""


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


_MEMBER_RE = re.compile(r"\.\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\()?")
_STRING_RE = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


def _unknown_fields(expression: str) -> list[str]:
    """Field names after a dot that no view has (a method call such as `.exists(` is not one)."""
    known = {*PROJECT_FIELDS, *ROW_FIELDS}
    code = _STRING_RE.sub('""', expression)
    return [
        m.group(1)
        for m in _MEMBER_RE.finditer(code)
        if m.group(2) is None and m.group(1) not in known and not m.group(1).isdigit()
    ]


@dataclass(frozen=True)
class Expression:
    """A compiled, probed CEL expression that yields true or false."""

    source: str
    program: Any
    #: Whether it reads `project` (else only `row`: the table need not be converted for CEL).
    uses_project: bool = True

    def __call__(self, project: Mapping[str, Any], row: Mapping[str, Any] | None = None) -> bool:
        if isinstance(project, _View) and row is not None and not self.uses_project:
            return bool(self.program.execute(project.row_context(row["index"])))
        if isinstance(project, _View) and self.uses_project:
            context = project.cel_context()
            if row is not None:
                context.add_variable("row", dict(row))
            return bool(self.program.execute(context))
        names: dict[str, Any] = {} if row is None else {"row": dict(row)}
        if self.uses_project:
            names["project"] = dict(project)
        return bool(self.program.execute(names))


def compile_expression(source: str, scope: str) -> Expression:
    """Compile and probe an expression; a `_Problem` says what is wrong with it."""
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise _Problem(
            f"表达式有 {len(source)} 个字符，超过上限 {MAX_EXPRESSION_LENGTH}：请拆成几条规则",
            f"the expression has {len(source)} characters, more than {MAX_EXPRESSION_LENGTH}: "
            "split it into several rules",
        )
    depth = _nesting(source)
    if depth > MAX_NESTING:
        raise _Problem(
            f"表达式嵌套 {depth} 层，超过上限 {MAX_NESTING}",
            f"the expression nests {depth} deep, more than {MAX_NESTING}",
        )
    comprehensions = _comprehension_nesting(_STRING_RE.sub('""', source))
    if comprehensions > MAX_COMPREHENSION_NESTING:
        raise _Problem(
            f"表达式中 exists/all/filter/map 嵌套 {comprehensions} 层，超过上限 "
            f"{MAX_COMPREHENSION_NESTING}（每多一层，计算量乘以行数）",
            f"the expression nests exists/all/filter/map {comprehensions} deep, more than "
            f"{MAX_COMPREHENSION_NESTING} (each level multiplies the work by the number of rows)",
        )
    unknown = _unknown_fields(source)
    if unknown:
        raise _Problem(
            f"表达式中的字段 {unknown[0]!r} 不存在（project 的字段：{'、'.join(PROJECT_FIELDS)}；"
            f"row 的字段：{'、'.join(ROW_FIELDS)}）",
            f"the expression names an unknown field {unknown[0]!r} (fields of project: "
            f"{', '.join(PROJECT_FIELDS)}; of row: {', '.join(ROW_FIELDS)})",
        )
    import cel

    try:
        program = cel.compile(source)
    except Exception as error:  # the cel module raises ValueError on a syntax error
        raise _Problem(
            f"表达式语法错误：{error}", f"the expression does not parse: {error}"
        ) from None
    names = {"project", "row"} if scope == "indicator" else {"project"}
    for function in program.functions():
        if not _ALLOWED_FUNCTIONS.match(function):
            raise _Problem(
                f"表达式中的函数 {function!r} 不可用",
                f"the expression calls {function!r}, which is not available",
            )
    sample = _sample_view()
    try:
        result = program.execute(
            {"project": sample, "row": sample["indicators"][0]}
            if "row" in names
            else {"project": sample}
        )
    except KeyError as error:
        raise _Problem(
            f"表达式中的字段 {error.args[0]!r} 不存在",
            f"the expression names an unknown field {error.args[0]!r}",
        ) from None
    except Exception as error:
        raise _Problem(
            f"表达式无法求值：{error}（可用的变量：{'、'.join(sorted(names))}）",
            f"the expression cannot be evaluated: {error} (variables: {', '.join(sorted(names))})",
        ) from None
    if not isinstance(result, bool):
        raise _Problem(
            f"表达式的结果应为 true 或 false，实际是 {result!r}",
            f"the expression must give true or false, not {result!r}",
        )
    return Expression(source, program, "project" in program.variables())


def _pattern(value: str) -> str:
    try:
        check_pattern(value)
    except ValueError as error:
        raise _Problem(f"正则表达式不可用：{error}", f"unusable pattern: {error}") from None
    return value


# --------------------------------------------------------------------------------------------
# Building rules
# --------------------------------------------------------------------------------------------


def _text(value: Mapping[str, str] | None) -> Text | None:
    if value is None:
        return None
    return Text(value["zh"], value.get("en") or value["zh"])


def _words(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


Condition = Callable[[dict[str, Any], dict[str, Any] | None], bool]


def _condition(when: Any, scope: str) -> tuple[Condition, dict[str, Any]]:
    """Where a rule applies, and the message arguments it offers (`threshold`)."""
    if when is None:
        return (lambda project, row: True), {}
    if isinstance(when, str):
        expression = compile_expression(when, scope)
        return expression, {}
    words = _words(when.get("name_contains"))
    regex = _pattern(when["name_matches"]) if "name_matches" in when else None
    classes = _words(when.get("class"))
    if classes and scope != "indicator":
        raise _Problem("when.class 只用于 scope: indicator", "when.class needs scope: indicator")
    threshold = when.get("budget_at_least")

    def applies(project: dict[str, Any], row: dict[str, Any] | None) -> bool:
        name = (row or project)["name"]
        if words and not any(w in name for w in words):
            return False
        if regex is not None and compile_pattern(regex).search(name) is None:
            return False
        if classes and (row is None or row["class"] not in classes):
            return False
        return threshold is None or (project["has_budget"] and project["budget_wan"] >= threshold)

    extra = {"threshold": _number_text(threshold)} if threshold is not None else {}
    return applies, extra


def _number_text(value: float | int) -> str:
    return format(Decimal(str(value)).normalize(), "f")


@dataclass(frozen=True)
class _Declared:
    layer: PolicyLayer
    index: int
    spec: Mapping[str, Any]

    @property
    def pointer(self) -> str:
        return f"/rules/{self.index}"

    def where(self, key: str = "") -> str:
        return self.layer.where(f"{self.pointer}/{key}" if key else self.pointer)


def _check_placeholders(declared: _Declared, form: str, extra: Mapping[str, Any]) -> None:
    spec = declared.spec
    allowed = {*_PROJECT_ARGS, *_FORM_ARGS[form], *extra}
    if spec["scope"] == "indicator":
        allowed.update(_ROW_ARGS)
    for key in ("message", "advice"):
        for lang, template in (spec.get(key) or {}).items():
            try:
                fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
            except ValueError as error:
                raise _Problem(
                    f"{key}.{lang} 的花括号不配对：{error}",
                    f"{key}.{lang} has unbalanced braces: {error}",
                ) from None
            for name in fields:
                if name not in allowed:
                    raise _Problem(
                        f"{key}.{lang} 中的占位符 {{{name}}} 不可用（可用：{'、'.join(sorted(allowed))}）",
                        f"{key}.{lang} uses the placeholder {{{name}}}, which this rule does not "
                        f"offer (it offers: {', '.join(sorted(allowed))})",
                    )


def _project_args(project: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": project["name"],
        "code": project["code"],
        "budget": _number_text(project["budget_wan"]) if project["has_budget"] else "",
        "budget_year": project["budget_year"] or "",
    }


def _row_args(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "row_name": row["name"],
        "value": row["value"],
        "level1": row["level1"],
        "level2": row["level2"],
        "class": row["class"],
    }


Check = Callable[[dict[str, Any], dict[str, Any] | None], Iterator[tuple[str, dict[str, Any]]]]


def _assertion(spec: Mapping[str, Any], scope: str) -> tuple[str, Check]:
    """The form of what must hold, and a check yielding (pointer, message arguments) per hit."""
    forms = [f for f in FORMS if f in spec]
    if len(forms) != 1:
        raise _Problem(
            f"规则应恰好有 {'、'.join(FORMS)} 之一（实际：{'、'.join(forms) or '无'}）",
            f"a rule needs exactly one of {', '.join(FORMS)} (it has: {', '.join(forms) or 'none'})",
        )
    form = forms[0]
    try:
        return _form(form, spec, scope)
    except _Problem as problem:
        problem.key = problem.key or form
        raise


def _form(form: str, spec: Mapping[str, Any], scope: str) -> tuple[str, Check]:
    body = spec[form]
    pointer = spec.get("pointer")
    if form == "assert":
        expression = compile_expression(body, scope)

        def check_assert(project: dict[str, Any], row: dict[str, Any] | None) -> Iterator[Any]:
            if not expression(project, row):
                yield (pointer if pointer is not None else ("" if row else "/name")), {}

        return form, check_assert
    if form in ("require", "count") and scope != "project":
        raise _Problem(f"{form} 只用于 scope: project", f"{form} needs scope: project")
    if form == "value" and scope != "indicator":
        raise _Problem("value 只用于 scope: indicator", "value needs scope: indicator")
    if form == "require":
        ((kind, wanted),) = body.items()
        key = "name" if kind == "indicator_name" else "class"

        def check_require(project: dict[str, Any], row: dict[str, Any] | None) -> Iterator[Any]:
            rows = [r for r in project["indicators"] if r["filled"]]
            if not any(wanted in r[key] if key == "name" else r[key] == wanted for r in rows):
                yield (pointer or "/indicators"), {"required": wanted}

        return form, check_require
    if form == "count":
        rows_class = body["rows_class"]
        at_least, at_most = body.get("at_least"), body.get("at_most")

        def check_count(project: dict[str, Any], row: dict[str, Any] | None) -> Iterator[Any]:
            found = [
                r["index"]
                for r in project["indicators"]
                if r["filled"] and r["class"] == rows_class
            ]
            if (at_least is None or len(found) >= at_least) and (
                at_most is None or len(found) <= at_most
            ):
                return
            where = pointer or (f"/indicators/{found[0]}" if len(found) == 1 else "/indicators")
            yield (
                where,
                {
                    "count": len(found),
                    "rows_class": rows_class,
                    "at_least": at_least if at_least is not None else "",
                    "at_most": at_most if at_most is not None else "",
                },
            )

        return form, check_count
    if form == "value":
        low, high, unit = body.get("at_least"), body.get("at_most"), body.get("unit")

        def check_value(project: dict[str, Any], row: dict[str, Any] | None) -> Iterator[Any]:
            if row is None or not row["has_number"]:
                return
            number = row["number"]
            wrong_unit = unit is not None and row["unit"] != unit
            if (
                wrong_unit
                or (low is not None and number < low)
                or (high is not None and number > high)
            ):
                yield (
                    (pointer or "/value"),
                    {
                        "number": _number_text(number),
                        "at_least": low if low is not None else "",
                        "at_most": high if high is not None else "",
                        "unit": unit or "",
                    },
                )

        return form, check_value
    # pattern
    field_name = body["field"]
    fields = ROW_FIELDS if scope == "indicator" else PROJECT_FIELDS
    if field_name not in fields:
        raise _Problem(
            f"pattern.field {field_name!r} 不是 {scope} 的字段",
            f"pattern.field {field_name!r} is no field of a {scope}",
        )
    must = "must_match" in body
    regex = _pattern(body["must_match"] if must else body["must_not_match"])

    def check_pattern_form(project: dict[str, Any], row: dict[str, Any] | None) -> Iterator[Any]:
        text = (row if row is not None else project)[field_name]
        if not text:
            return
        found = compile_pattern(regex).search(text)
        if (found is None) if must else (found is not None):
            yield (pointer or f"/{field_name}"), {"field": field_name, "text": text}

    return form, check_pattern_form


def _doc(spec: Mapping[str, Any], form: str, title: Text, advice: Text | None) -> str:
    """The rule's documentation (`jxcheck explain`), from its YAML."""
    import json

    def shown(value: Any) -> str:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    own = _text(spec.get("doc"))
    when = shown(spec["when"]) if "when" in spec else "全部 / every one"
    what = f"{form}: {shown(spec[form])}"
    basis = spec.get("basis", "")
    fix_zh = advice.zh if advice else "按规则要求修改"
    fix_en = advice.en if advice else "change the table as the rule requires"
    zh = (
        f"检查：{own.zh if own else title.zh}（本地规则，scope: {spec['scope']}；适用：{when}；{what}）\n"
        f"原因：{basis or '本地要求'}\n示例：见策略文件中的规则定义\n修改：{fix_zh}"
    )
    en = (
        f"What: {own.en if own else title.en} (local rule, scope: {spec['scope']}; applies to: "
        f"{when}; {what})\nWhy: {basis or 'a local requirement'}\nExample: see the rule in its "
        f"policy file\nFix: {fix_en}"
    )
    return f"{zh}\n---\n{en}"


def _hit(ctx: ProjectContext[Any], pointer: str, args: dict[str, Any]) -> Hit:
    """A hit with the message's arguments (`text`, a pattern's match, is also the hit's text)."""
    hit = ctx.hit(pointer)
    text = args.get("text")
    return dataclasses.replace(hit, args=args, text=text if isinstance(text, str) else None)


def build_rule(declared: _Declared) -> Rule:
    """One declared rule as a `Rule` (its plugin: the declaring policy's name)."""
    spec = declared.spec
    scope = spec["scope"]
    try:
        applies, extra = _condition(spec.get("when"), scope)
    except _Problem as problem:
        problem.key = "when"
        raise
    form, check = _assertion(spec, scope)
    try:
        _check_placeholders(declared, form, extra)
    except _Problem as problem:
        problem.key = "message"
        raise
    title = _text(spec["title"])
    message = _text(spec["message"])
    advice = _text(spec.get("advice"))
    assert title is not None and message is not None

    if scope == "indicator":

        def run_indicator(row: Indicator, ctx: IndicatorContext[Any]) -> Iterator[Hit]:
            view = project_view(ctx.project, ctx.facts, ctx.budget_year)
            row_view = view["indicators"][ctx.row]
            if not applies(view, row_view):
                return
            for pointer, args in check(view, row_view):
                yield _hit(
                    ctx, pointer, {**_project_args(view), **_row_args(row_view), **extra, **args}
                )

        func: Callable[..., Any] = run_indicator
    else:

        def run_project(project: Project, ctx: ProjectContext[Any]) -> Iterator[Hit]:
            view = project_view(project, ctx.facts, ctx.budget_year)
            if not applies(view, None):
                return
            for pointer, args in check(view, None):
                yield _hit(ctx, pointer, {**_project_args(view), **extra, **args})

        func = run_project
    func.__doc__ = _doc(spec, form, title, advice)
    func.declared_in = declared.layer.name  # type: ignore[attr-defined]
    return Rule(
        id=spec["id"],
        name=spec.get("name") or spec["id"].lower(),
        category=CATEGORY,
        severity=Severity[spec.get("severity", "warning")],
        basis=spec.get("basis", ""),
        messages={"default": message},
        params=Params,
        scope="project",
        func=func,
        title=title,
        advice={"default": advice} if advice else {},
        plugin=f"policy:{declared.layer.name}",
        visits="indicator" if scope == "indicator" else "project",
    )


def is_declarative(r: Rule) -> bool:
    return hasattr(r.func, "declared_in")


def build_rules(layers: Sequence[PolicyLayer], taken: Mapping[str, Rule]) -> dict[str, Rule]:
    """The rules the layers declare; a ConfigError lists every problem, each with file and line.
    `taken`: the ids already registered (built-ins and plugins)."""
    found: dict[str, Rule] = {}
    where_declared: dict[str, str] = {}
    problems: list[Text] = []
    for layer in layers:
        specs = layer.data.get("rules") or []
        for index, spec in enumerate(specs):
            declared = _Declared(layer, index, spec)
            rule_id = spec["id"]
            if rule_id in taken:
                owner = taken[rule_id].plugin or "jxcheck"
                problems.append(
                    placed(
                        declared.where("id"),
                        Text(
                            f"本地规则编号 {rule_id} 已被 {owner} 的规则占用：请换用本单位的前缀或编号",
                            f"the local rule id {rule_id} is taken by a rule of {owner}: use "
                            "another number under the bureau's own prefix",
                        ),
                    )
                )
                continue
            if rule_id in where_declared:
                problems.append(
                    placed(
                        declared.where("id"),
                        Text(
                            f"本地规则编号 {rule_id} 重复（已在 {where_declared[rule_id]} 声明）",
                            f"the local rule id {rule_id} is declared twice (first at "
                            f"{where_declared[rule_id]})",
                        ),
                    )
                )
                continue
            where_declared[rule_id] = declared.where("id")
            try:
                found[rule_id] = build_rule(declared)
            except _Problem as problem:
                text = Text(
                    f"规则 {rule_id}：{problem.text.zh}", f"rule {rule_id}: {problem.text.en}"
                )
                problems.append(placed(declared.where(problem.key), text))
    if problems:
        raise ConfigError(joined(problems))
    return found


def register(registry_rules: dict[str, Rule], layers: Sequence[PolicyLayer]) -> dict[str, Rule]:
    """Put the rules the layers declare into `registry_rules` for this run, after taking out
    those an earlier policy load declared (only the policy that declares a rule runs it)."""
    for rule_id in [i for i, r in registry_rules.items() if is_declarative(r)]:
        del registry_rules[rule_id]
    found = build_rules(layers, registry_rules)
    registry_rules.update(found)
    return found
