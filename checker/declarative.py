"""Declarative rules: the `rules:` of a policy (or of a rule file it names), turned into ordinary
`checker.rule.Rule`s.

A bureau's reviewer writes a local rule as data — id, title, message, severity, basis, scope,
where it applies (`when`) and what must hold — and the policy that declares it (or one extending
it) runs it like any rule: findings with lines, pointers, fingerprints, waivers, baselines,
grading, `jxcheck rules` / `explain`, and its own test `cases` (`jxcheck policy test`).

The scope says what the rule looks at, once each: `project` (a table), `indicator` (a row),
`notice` (a 发文字号 cited in a table's name or heading), `document` (the whole file).

What must hold is one of:

- a plain form, for the common cases, needing no expression:
  `require: {indicator_name: 群众满意度}` / `{indicator_class: 成本指标}` (project scope: some
  filled-in row has it); `count: {rows_class: 成本指标, at_least: 2}` (project scope);
  `value: {at_least: 90, at_most: 100, unit: "%"}` (indicator scope: the row's parsed number);
  `pattern: {field: name, must_match | must_not_match: REGEX}` (a field of the table, the row
  or the notice; RE2, linear time);
- `assert:`, a CEL expression that must be true (`checker.expressions`: what it sees, and the
  bounds that make it safe).

`when` is a CEL expression too, or a plain mapping: `name_contains` (a word or list of words),
`name_matches` (a pattern) — the table's name, or the row's 三级 name in indicator scope —,
`budget_at_least` (万元), `class` (the row's class, indicator scope), `issuer_starts_with`
(the 机关代字 of a notice, notice scope).
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.errors import ConfigError
from checker.expressions import (
    NOTICE_FIELDS,
    PROJECT_FIELDS,
    ROW_FIELDS,
    Problem,
    View,
    compile_expression,
    document_view,
    project_view,
)
from checker.finding import Severity
from checker.i18n import Text
from checker.model import Document, Project
from checker.patterns import check_pattern, occurs_in
from checker.policy.model import DECLARED_PLUGIN_PREFIX, PolicyLayer, joined, placed
from checker.rule import DocumentContext, Hit, Params, ProjectContext, Rule

#: The category of every declarative rule (`jxcheck rules`).
CATEGORY = "local"
#: What a rule of each scope looks at: the list of the table's view it walks (None: the whole).
_ITEMS: dict[str, str | None] = {
    "project": None,
    "indicator": "indicators",
    "notice": "notices",
    "document": None,
}
#: Message placeholders every rule of a scope offers.
_SCOPE_ARGS: dict[str, tuple[str, ...]] = {
    "project": ("name", "code", "budget", "budget_year"),
    "indicator": (
        "name",
        "code",
        "budget",
        "budget_year",
        "row_name",
        "value",
        "level1",
        "level2",
        "class",
    ),
    "notice": ("name", "code", "budget", "budget_year", "notice", "issuer", "year", "number"),
    "document": ("department", "budget", "budget_year", "title", "count"),
}
#: The forms of what must hold, the placeholders each adds, and the scopes that may use it.
_FORM_ARGS = {
    "assert": (),
    "require": ("required",),
    "count": ("count", "rows_class", "at_least", "at_most"),
    "value": ("number", "at_least", "at_most", "unit"),
    "pattern": ("field", "text"),
}
_FORM_SCOPES = {
    "assert": ("project", "indicator", "notice", "document"),
    "require": ("project",),
    "count": ("project",),
    "value": ("indicator",),
    "pattern": ("project", "indicator", "notice"),
}
FORMS = tuple(_FORM_ARGS)
#: The fields `pattern` may read, by scope.
_PATTERN_FIELDS = {"project": PROJECT_FIELDS, "indicator": ROW_FIELDS, "notice": NOTICE_FIELDS}


def _pattern(value: str) -> str:
    try:
        check_pattern(value)
    except ValueError as error:
        raise Problem(f"正则表达式不可用：{error}", f"unusable pattern: {error}") from None
    return value


def _text(value: Mapping[str, str] | None) -> Text | None:
    if value is None:
        return None
    return Text(value["zh"], value.get("en") or value["zh"])


def _words(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _number_text(value: float | int) -> str:
    return format(Decimal(str(value)).normalize(), "f")


# --------------------------------------------------------------------------------------------
# Where a rule applies
# --------------------------------------------------------------------------------------------

Item = Mapping[str, Any]


@dataclass(frozen=True)
class _Where:
    """Where a rule applies: `applies(whole)` for the table or file itself, and for a rule on
    rows or notices `items(view)`, the ones it applies to — picked in one pass over the table
    (a class from the table's index of rows by class), not by a test called for each row."""

    applies: Callable[[Mapping[str, Any]], bool] | None  # None: every table (or file)
    items: Callable[[View], Sequence[Item]]


def _all_items(key: str | None) -> Callable[[View], Sequence[Item]]:
    if key is None:
        return lambda view: ()
    return lambda view: view[key]


def _condition(when: Any, scope: str) -> tuple[_Where, dict[str, Any]]:
    """Where a rule applies, and the message arguments it offers (`threshold`)."""
    key = _ITEMS[scope]
    if when is None:
        return _Where(None, _all_items(key)), {}
    if isinstance(when, str):
        expression = compile_expression(when, scope)
        if key is None:
            return _Where(lambda whole: expression(whole, None), _all_items(None)), {}

        def expressed(view: View) -> list[Item]:
            return [item for item in view[key] if expression(view, item)]

        return _Where(None, expressed), {}
    if scope == "document":
        raise Problem(
            "scope: document 的 when 请写成表达式，如 document.budget_wan >= 100.0",
            "write the when of a scope: document rule as an expression, e.g. "
            "document.budget_wan >= 100.0",
        )
    words = _words(when.get("name_contains"))
    regex = _pattern(when["name_matches"]) if "name_matches" in when else None
    classes = frozenset(_words(when.get("class")))
    issuers = _words(when.get("issuer_starts_with"))
    if classes and scope != "indicator":
        raise Problem("when.class 只用于 scope: indicator", "when.class needs scope: indicator")
    if issuers and scope != "notice":
        raise Problem(
            "when.issuer_starts_with 只用于 scope: notice",
            "when.issuer_starts_with needs scope: notice",
        )
    threshold = when.get("budget_at_least")
    occurs = occurs_in(regex) if regex is not None else None

    def named(name: str) -> bool:
        if words and not any(w in name for w in words):
            return False
        return occurs is None or occurs(name)

    # The table's own tests (its name, unless the rule is on rows; its budget).
    def applies(whole: Mapping[str, Any]) -> bool:
        if threshold is not None and not (whole["has_budget"] and whole["budget_wan"] >= threshold):
            return False
        return scope == "indicator" or named(whole["name"])

    rows_named = scope == "indicator" and (words or occurs is not None)

    def chosen(view: View) -> Sequence[Item]:
        if key == "indicators" and classes:
            found: Sequence[Item] = view.rows_of_class(classes)
        else:
            found = view[key] if key is not None else ()
        if issuers:
            found = [n for n in found if n["issuer"].startswith(issuers)]
        if rows_named:
            if occurs is None and len(words) == 1:  # the commonest: one word, in one pass
                word = words[0]
                return [r for r in found if word in r["name"]]
            found = [r for r in found if named(r["name"])]
        return found

    extra = {"threshold": _number_text(threshold)} if threshold is not None else {}
    return _Where(applies, chosen), extra


# --------------------------------------------------------------------------------------------
# What must hold
# --------------------------------------------------------------------------------------------

#: A check looks at the whole (a table, a file) and the items the rule applies to — rows or
#: notices, or `(None,)` for a rule on the whole — all in one call (it runs for every table
#: and almost always finds nothing), and gives (item, pointer relative to it, message
#: arguments) per hit.
Check = Callable[[View, Sequence[Item | None]], list[tuple[Item | None, str, dict[str, Any]]]]
#: The items of a rule on the whole table or file.
WHOLE: Sequence[Item | None] = (None,)


def _assertion(spec: Mapping[str, Any], scope: str) -> tuple[str, Check]:
    """The form of what must hold, and its check."""
    forms = [f for f in FORMS if f in spec]
    if len(forms) != 1:
        raise Problem(
            f"规则应恰好有 {'、'.join(FORMS)} 之一（实际：{'、'.join(forms) or '无'}）",
            f"a rule needs exactly one of {', '.join(FORMS)} (it has: {', '.join(forms) or 'none'})",
        )
    form = forms[0]
    try:
        if scope not in _FORM_SCOPES[form]:
            scopes = ", ".join(_FORM_SCOPES[form])
            raise Problem(f"{form} 只用于 scope: {scopes}", f"{form} needs scope: {scopes}")
        return form, _FORMS[form](spec, scope)
    except Problem as problem:
        problem.key = problem.key or form
        raise


def _assert_form(spec: Mapping[str, Any], scope: str) -> Check:
    expression = compile_expression(spec["assert"], scope)
    pointer = spec.get("pointer")
    default = {"project": "/name", "indicator": "", "notice": None, "document": ""}[scope]

    def check(whole: View, items: Sequence[Item | None]) -> list[Any]:
        failing = expression.failing(whole, items)
        if not failing:
            return []
        where = pointer if pointer is not None else default
        return [
            (item, where if where is not None else f"/{item['field']}" if item else "", {})
            for item in failing
        ]

    return check


def _require_form(spec: Mapping[str, Any], scope: str) -> Check:
    ((kind, wanted),) = spec["require"].items()
    by_name = kind == "indicator_name"
    classes = frozenset((wanted,))
    pointer = spec.get("pointer") or "/indicators"

    def check(project: View, items: Sequence[Item | None]) -> list[Any]:
        if by_name:
            if any(r["filled"] and wanted in r["name"] for r in project["indicators"]):
                return []
        elif any(r["filled"] for r in project.rows_of_class(classes)):
            return []
        return [(None, pointer, {"required": wanted})]

    return check


def _count_form(spec: Mapping[str, Any], scope: str) -> Check:
    body = spec["count"]
    rows_class = body["rows_class"]
    classes = frozenset((rows_class,))
    at_least, at_most = body.get("at_least"), body.get("at_most")
    pointer = spec.get("pointer")

    def check(project: View, items: Sequence[Item | None]) -> list[Any]:
        found = [r["index"] for r in project.rows_of_class(classes) if r["filled"]]
        if (at_least is None or len(found) >= at_least) and (
            at_most is None or len(found) <= at_most
        ):
            return []
        where = pointer or (f"/indicators/{found[0]}" if len(found) == 1 else "/indicators")
        args = {
            "count": len(found),
            "rows_class": rows_class,
            "at_least": at_least if at_least is not None else "",
            "at_most": at_most if at_most is not None else "",
        }
        return [(None, where, args)]

    return check


def _value_form(spec: Mapping[str, Any], scope: str) -> Check:
    body = spec["value"]
    low, high, unit = body.get("at_least"), body.get("at_most"), body.get("unit")
    pointer = spec.get("pointer") or "/value"

    def outside(row: Item) -> bool:
        number = row["number"]
        return (
            (unit is not None and row["unit"] != unit)
            or (low is not None and number < low)
            or (high is not None and number > high)
        )

    def check(project: View, rows: Sequence[Item | None]) -> list[Any]:
        return [
            (
                row,
                pointer,
                {
                    "number": _number_text(row["number"]),
                    "at_least": low if low is not None else "",
                    "at_most": high if high is not None else "",
                    "unit": unit or "",
                },
            )
            for row in rows
            if row is not None and row["has_number"] and outside(row)
        ]

    return check


def _pattern_form(spec: Mapping[str, Any], scope: str) -> Check:
    body = spec["pattern"]
    field_name = body["field"]
    fields = _PATTERN_FIELDS[scope]
    if field_name not in fields or field_name in ("indicators", "notices", "goals"):
        raise Problem(
            f"pattern.field {field_name!r} 不是 scope: {scope} 可用的文字字段",
            f"pattern.field {field_name!r} is no text field of scope: {scope}",
        )
    must = "must_match" in body
    occurs = occurs_in(_pattern(body["must_match"] if must else body["must_not_match"]))
    pointer = spec.get("pointer")

    def where(item: Item | None) -> str:
        if pointer:
            return str(pointer)
        return f"/{item['field']}" if scope == "notice" and item is not None else f"/{field_name}"

    def check(project: View, items: Sequence[Item | None]) -> list[Any]:
        hits = []
        for item in items:
            text = (item if item is not None else project)[field_name]
            if text and occurs(str(text)) is not must:
                hits.append((item, where(item), {"field": field_name, "text": text}))
        return hits

    return check


_FORMS: dict[str, Callable[[Mapping[str, Any], str], Check]] = {
    "assert": _assert_form,
    "require": _require_form,
    "count": _count_form,
    "value": _value_form,
    "pattern": _pattern_form,
}


# --------------------------------------------------------------------------------------------
# Message arguments
# --------------------------------------------------------------------------------------------


def _whole_args(whole: Mapping[str, Any], scope: str) -> dict[str, Any]:
    if scope == "document":
        return {
            "department": whole["department"],
            "budget": _number_text(whole["budget_wan"]),
            "budget_year": whole["budget_year"] or "",
            "title": whole["title"],
            "count": len(whole["projects"]),
        }
    return {
        "name": whole["name"],
        "code": whole["code"],
        "budget": _number_text(whole["budget_wan"]) if whole["has_budget"] else "",
        "budget_year": whole["budget_year"] or "",
    }


def _item_args(item: Mapping[str, Any], scope: str) -> dict[str, Any]:
    if scope == "notice":
        return {
            "notice": item["text"],
            "issuer": item["issuer"],
            "year": item["year"],
            "number": item["number"],
        }
    return {
        "row_name": item["name"],
        "value": item["value"],
        "level1": item["level1"],
        "level2": item["level2"],
        "class": item["class"],
    }


# --------------------------------------------------------------------------------------------
# Building rules
# --------------------------------------------------------------------------------------------


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


def _check_placeholders(spec: Mapping[str, Any], form: str, extra: Mapping[str, Any]) -> None:
    allowed = {*_SCOPE_ARGS[spec["scope"]], *_FORM_ARGS[form], *extra}
    for key in ("message", "advice"):
        for lang, template in (spec.get(key) or {}).items():
            try:
                fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
            except ValueError as error:
                raise Problem(
                    f"{key}.{lang} 的花括号不配对：{error}",
                    f"{key}.{lang} has unbalanced braces: {error}",
                ) from None
            for name in fields:
                if name not in allowed:
                    raise Problem(
                        f"{key}.{lang} 中的占位符 {{{name}}} 不可用（可用：{'、'.join(sorted(allowed))}）",
                        f"{key}.{lang} uses the placeholder {{{name}}}, which this rule does not "
                        f"offer (it offers: {', '.join(sorted(allowed))})",
                    )


_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")


def _doc(spec: Mapping[str, Any], form: str, title: Text, advice: Text | None) -> str:
    """The rule's documentation (`jxcheck explain`), from its YAML."""

    def shown(value: Any) -> str:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    own = _text(spec.get("doc"))
    when = shown(spec["when"]) if "when" in spec else "全部 / every one"
    what = f"{form}: {shown(spec[form])}"
    basis = spec.get("basis", "")
    # The advice names the finding's own data: here its placeholders are shown as such.
    fix_zh = _PLACEHOLDER_RE.sub(r"〈\1〉", advice.zh) if advice else "按规则要求修改"
    fix_en = (
        _PLACEHOLDER_RE.sub(r"<\1>", advice.en)
        if advice
        else "change the table as the rule requires"
    )
    zh = (
        f"检查：{own.zh if own else title.zh}（本地规则，scope: {spec['scope']}；适用：{when}；{what}）\n"
        f"原因：{basis or '本地要求'}\n示例：见策略文件中的规则定义及其测试用例（cases）\n修改：{fix_zh}"
    )
    en = (
        f"What: {own.en if own else title.en} (local rule, scope: {spec['scope']}; applies to: "
        f"{when}; {what})\nWhy: {basis or 'a local requirement'}\nExample: see the rule and its "
        f"test cases in its policy file\nFix: {fix_en}"
    )
    return f"{zh}\n---\n{en}"


def _hit(pointer: str, args: dict[str, Any], text: str | None) -> Hit:
    """A hit with the message's arguments (a pattern's `text` is also the hit's text). A
    declared rule visits a table or a file, whose context takes pointers as they are: the hit is
    made in one step (real tables from other templates can give a local rule a hit a table)."""
    if text is None and isinstance(args.get("text"), str):
        text = args["text"]
    return Hit(pointer, args, text=text)


def _runner(scope: str, where: _Where, check: Check, extra: dict[str, Any]) -> Callable[..., Any]:
    """The rule function: the table's (or the file's) view, then the items the scope names."""
    applies = where.applies
    if scope == "document":

        def run_document(document: Document, ctx: DocumentContext[Any]) -> list[Hit]:
            view = document_view(document, ctx.facts_of, ctx.budget_year)
            if applies is not None and not applies(view):
                return []
            return [
                _hit(pointer, {**_whole_args(view, scope), **extra, **args}, None)
                for _, pointer, args in check(view, WHOLE)
            ]

        return run_document
    whole_only = _ITEMS[scope] is None
    items = where.items

    def run_project(project: Project, ctx: ProjectContext[Any]) -> list[Hit]:
        view: View = project_view(project, ctx.facts, ctx.budget_year)
        if applies is not None and not applies(view):
            return []
        if whole_only:
            return [
                _hit(pointer, {**_whole_args(view, scope), **extra, **args}, None)
                for _, pointer, args in check(view, WHOLE)
            ]
        chosen = items(view)
        if not chosen:
            return []
        hits: list[Hit] = []
        for item, pointer, args in check(view, chosen):
            assert item is not None
            if scope == "indicator":
                place, text = f"/indicators/{item['index']}{pointer}", None
            else:
                place, text = pointer, view.written[item["index"]]
            arguments = {**_whole_args(view, scope), **_item_args(item, scope), **extra, **args}
            hits.append(_hit(place, arguments, text))
        return hits

    return run_project


def build_rule(declared: _Declared) -> Rule:
    """One declared rule as a `Rule` (its plugin: `policy:` and the declaring file's name)."""
    spec = declared.spec
    scope = spec["scope"]
    try:
        where, extra = _condition(spec.get("when"), scope)
    except Problem as problem:
        problem.key = "when"
        raise
    form, check = _assertion(spec, scope)
    try:
        _check_placeholders(spec, form, extra)
    except Problem as problem:
        problem.key = "message"
        raise
    title = _text(spec["title"])
    message = _text(spec["message"])
    advice = _text(spec.get("advice"))
    assert title is not None and message is not None
    func = _runner(scope, where, check, extra)
    func.__doc__ = _doc(spec, form, title, advice)
    func.declared_in = declared.layer.name  # type: ignore[attr-defined]
    func.definition = {k: v for k, v in spec.items() if k != "cases"}  # type: ignore[attr-defined]
    func.cases = [  # type: ignore[attr-defined]
        (declared.layer.file, declared.layer.line(f"{declared.pointer}/cases/{i}"), case)
        for i, case in enumerate(spec.get("cases") or [])
    ]
    return Rule(
        id=spec["id"],
        name=spec.get("name") or spec["id"].lower(),
        category=CATEGORY,
        severity=Severity[spec.get("severity", "warning")],
        basis=spec.get("basis", ""),
        messages={"default": message},
        params=Params,
        scope="document" if scope == "document" else "project",
        func=func,
        title=title,
        advice={"default": advice} if advice else {},
        plugin=f"{DECLARED_PLUGIN_PREFIX}{declared.layer.name}",
        visits="document" if scope == "document" else "project",
    )


def is_declarative(r: Rule) -> bool:
    return hasattr(r.func, "declared_in")


def definition(r: Rule) -> dict[str, Any] | None:
    """A declared rule as written, without its cases (part of its policy's digest); None for a
    rule written in Python."""
    found: dict[str, Any] | None = getattr(r.func, "definition", None)
    return found


def declared_cases(r: Rule) -> list[tuple[str, int | None, dict[str, Any]]]:
    """The test cases written under a declared rule: (file, line, the case as written)."""
    return list(getattr(r.func, "cases", []))


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
            except Problem as problem:
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
