"""The rule API: a rule is one function with its metadata beside it.

    from checker.rule import Params, ProjectContext, rule

    class CostParams(Params):
        tolerance: Decimal = Decimal("0.005")

    @rule(
        "B004", "cost-within-budget", category="budget", severity="error",
        basis="财预〔2015〕88号：适当性",
        message=("成本 {value} 超过预算数 {budget} 万元", "cost {value} exceeds the budget {budget} 万元"),
        params=CostParams,
    )
    def cost_within_budget(project: Project, ctx: ProjectContext[CostParams]) -> Iterator[Hit]:
        '''…Chinese doc (检查/原因/示例/修改)… --- …English doc (What/Why/Example/Fix)…'''
        yield ctx.hit("/indicators/4/value", value="≤5万元", budget="4")

A rule yields `Hit`s: a pointer into the record plus the message's arguments. The engine turns
them into findings (severity from the policy, location from the source map, fingerprint), so a
rule knows nothing of files, lines, policies or output formats. Scopes: `project` rules see one
project table, `document` rules one whole document (Part 1 and all its tables), `batch` rules the
keys of every project in the run.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from typing import Any, Generic, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, ConfigDict

from checker.finding import Severity
from checker.i18n import Lang, Text
from checker.model import Document, Project
from checker.source import Location

Scope = Literal["project", "document", "batch", "engine"]
RULE_ID_RE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{3}$")


class Params(BaseModel):
    """Base of a rule's parameters: a policy's `params:` for the rule are validated against it.

    The validator of each subclass is built when it is first needed (`defer_build`): building
    all of them cost a pre-commit run more than checking its file, and a policy whose values
    are plain (words, word lists, switches, patterns) needs none of them (`plain_params`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


P = TypeVar("P", bound=Params)


@dataclass(frozen=True, slots=True)
class Fix:
    """A mechanical, safe change: set the string at `pointer` to `value` (or remove the item)."""

    pointer: str
    value: str | None = None
    remove: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule yields: where (pointer within the record) and the message's arguments."""

    pointer: str
    args: Mapping[str, Any] = field(default_factory=dict)
    #: Key into the rule's `messages` (rules with one message use `default`).
    message: str = "default"
    #: One of the rule's declared severities, where a rule has more than one (C001, S004 …).
    severity: Severity | None = None
    #: The offending text as written.
    text: str | None = None
    #: For document rules: which project the pointer is in (None: the document itself).
    project: int | None = None
    #: For batch rules: the key of the project the hit is about.
    key: ProjectKey | None = None
    fix: Fix | None = None
    #: Further places of the same defect in the same record (only their pointer, text and fix
    #: are used): one finding for one spacing problem written in four plan values.
    places: tuple[Hit, ...] = ()


@dataclass(frozen=True, slots=True)
class ProjectKey:
    """What batch rules see of a project: enough to compare across files, nothing more."""

    file: str
    document: int
    project: int
    code: str | None
    name: str | None
    location: Location


class _Context(Generic[P]):
    """What every rule gets besides its subject: its parameters and the document's context."""

    __slots__ = ("budget_year", "lang", "params")

    def __init__(self, params: P, budget_year: int | None, lang: Lang = "zh") -> None:
        self.params = params
        self.budget_year = budget_year
        self.lang = lang

    def hit(
        self,
        pointer: str,
        message: str = "default",
        *,
        severity: Severity | str | None = None,
        text: str | None = None,
        project: int | None = None,
        key: ProjectKey | None = None,
        fix: Fix | None = None,
        places: Iterable[Hit] = (),
        **args: Any,
    ) -> Hit:
        sev = Severity[severity] if isinstance(severity, str) else severity
        return Hit(pointer, args, message, sev, text, project, key, fix, tuple(places))


class ProjectContext(_Context[P]):
    """Context of a project rule: the enclosing document is there for cross-references."""

    __slots__ = ("document", "index", "standalone")

    def __init__(
        self,
        params: P,
        budget_year: int | None,
        document: Document,
        index: int,
        standalone: bool,
        lang: Lang = "zh",
    ) -> None:
        super().__init__(params, budget_year, lang)
        self.document = document
        self.index = index
        self.standalone = standalone


class DocumentContext(_Context[P]):
    """Context of a document rule; `standalone` is true for bare project records (no Part 1)."""

    __slots__ = ("standalone",)

    def __init__(
        self, params: P, budget_year: int | None, standalone: bool, lang: Lang = "zh"
    ) -> None:
        super().__init__(params, budget_year, lang)
        self.standalone = standalone


class BatchContext(_Context[P]):
    """Context of a batch rule."""

    __slots__ = ()


ProjectRuleFunc = Callable[[Project, ProjectContext[Any]], Iterable[Hit]]
DocumentRuleFunc = Callable[[Document, DocumentContext[Any]], Iterable[Hit]]
BatchRuleFunc = Callable[[list[ProjectKey], BatchContext[Any]], Iterable[Hit]]

_DOC_SECTIONS_ZH = ("检查", "原因", "示例", "修改")
_DOC_SECTIONS_EN = ("What", "Why", "Example", "Fix")


@dataclass(frozen=True)
class Rule:
    """A registered rule and its metadata (what `jxcheck rules` and `explain` show)."""

    id: str
    name: str
    category: str
    severity: Severity
    basis: str
    messages: Mapping[str, Text]
    params: type[Params]
    scope: Scope
    func: Callable[..., Iterable[Hit]]
    title: Text
    #: Severities the rule may give a hit besides its default (e.g. C001: error and warning).
    severities: tuple[Severity, ...] = ()
    fixable: bool = False
    #: How to mend a finding, per message key: templates filled from the hit's own arguments,
    #: so the advice quotes the finding's value, never an example from another table.
    advice: Mapping[str, Text] = field(default_factory=dict)
    #: Whitespace and export artefacts (N005, N007): what `--fix` tidies, not what a reviewer
    #: sends back. Reports for people count them apart from the findings they list.
    tidy: bool = False
    #: Runs and shows whatever a policy says (S000, S001, X001: a file that cannot be read, a
    #: record that breaks the schema, a rule that crashed are never silenced — fail closed).
    mandatory: bool = False
    #: Filled by the plugin manager: which distribution registered it.
    plugin: str = ""

    @cached_property  # a report's metadata asks for it in every language
    def doc(self) -> Text:
        """The rule's documentation: the docstring's Chinese half, then its English half."""
        raw = inspect.cleandoc(self.func.__doc__ or "")
        zh, _, en = raw.partition("\n---\n")
        return Text(zh.strip(), (en or zh).strip())

    def message_for(self, key: str) -> Text:
        try:
            return self.messages[key]
        except KeyError:
            raise KeyError(f"rule {self.id} has no message {key!r}") from None

    def advice_for(self, key: str, args: Mapping[str, Any]) -> Text | None:
        """The advice for a hit of message `key`, filled from its arguments (None: the rule
        gives none for it; reports then show the rule's general 修改 text)."""
        template = self.advice.get(key)
        return template.format(**args) if template is not None else None

    def all_severities(self) -> tuple[Severity, ...]:
        return tuple(sorted({self.severity, *self.severities}, reverse=True))

    def metadata(self, lang: Lang = "zh") -> dict[str, Any]:
        """The rule as data: for `jxcheck rules --format json` and report metadata."""
        return {
            "id": self.id,
            "name": self.name,
            "title": self.title.get(lang),
            "category": self.category,
            "severity": self.severity.name,
            "severities": [s.name for s in self.all_severities()],
            "scope": self.scope,
            "basis": self.basis,
            "fixable": self.fixable,
            "tidy": self.tidy,
            "mandatory": self.mandatory,
            "plugin": self.plugin,
            "params": params_json(default_params(self.params)),
            "doc": self.doc.get(lang),
        }


# -- plain parameters: validated without building the pydantic model --------------------------


#: A decimal written plainly ('0.005', '-80'): `Decimal` reads it as written.
_PLAIN_DECIMAL_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")


class _Unsure(Exception):
    """A value (or a model) outside what `plain_params` knows pydantic's answer for."""


def _plain_value(annotation: Any, value: Any) -> Any:
    """What pydantic (lax mode) makes of `value` for `annotation`, for the few types where that
    is plain: str, bool, int, str literals, Decimal (from an int, a finite float or a plainly
    written number), and tuples and str-keyed dicts of these (a YAML list becomes a tuple).
    Else it raises `_Unsure`."""
    if annotation is str or annotation is bool or annotation is int:
        if type(value) is annotation:
            return value
        raise _Unsure
    if annotation is Decimal:  # pydantic gives Decimal(value) (of a float: of its str())
        if type(value) is int or (type(value) is str and _PLAIN_DECIMAL_RE.match(value)):
            return Decimal(value)
        if type(value) is float and math.isfinite(value):
            return Decimal(str(value))
        raise _Unsure
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        if type(value) is str and all(type(a) is str for a in args) and value in args:
            return value
        raise _Unsure
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if type(value) is list or type(value) is tuple:
            return tuple(_plain_value(args[0], item) for item in value)
        raise _Unsure
    if origin is dict and len(args) == 2 and args[0] is str:
        if type(value) is dict and all(type(k) is str for k in value):
            return {k: _plain_value(args[1], v) for k, v in value.items()}
        raise _Unsure
    raise _Unsure


def _plain_json(annotation: Any, value: Any) -> Any:
    """`model_dump(mode="json")` of a value of a type `_plain_value` knows (tuples become lists,
    a Decimal its str); `_Unsure` for a value not of its field's type (an unvalidated default)."""
    if annotation is str or annotation is bool or annotation is int:
        if type(value) is annotation:
            return value
        raise _Unsure
    if annotation is Decimal and type(value) is Decimal:
        return str(value)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal and type(value) is str and value in args:
        return value
    if origin is tuple and len(args) == 2 and type(value) is tuple:
        if args[0] is str and all(type(item) is str for item in value):
            return list(value)  # the common word list, without a call per word
        return [_plain_json(args[0], item) for item in value]
    str_keys = type(value) is dict and all(type(k) is str for k in value)
    if origin is dict and len(args) == 2 and str_keys:
        return {k: _plain_json(args[1], v) for k, v in value.items()}
    raise _Unsure


@cache
def _plain_checks(cls: type[Params]) -> dict[str, tuple[Callable[[Any], Any], ...]] | None:
    """Whether pydantic does nothing for `cls` beyond checking each field's type and, for
    some fields, running `regex_pattern`/`regex_patterns` after it: then the checks by field;
    else None. Plain means the base config, no other validator, no serializer, alias,
    constraint or private attribute, every field of a type `_plain_value` knows."""
    decorators = cls.__pydantic_decorators__
    if (
        cls.model_config != Params.model_config
        or not cls.__pydantic_fields_complete__
        or cls.__private_attributes__
        or cls.model_post_init is not BaseModel.model_post_init
        or decorators.validators
        or decorators.root_validators
        or decorators.field_serializers
        or decorators.model_serializers
        or decorators.model_validators
        or decorators.computed_fields
    ):
        return None
    checks: dict[str, tuple[Callable[[Any], Any], ...]] = {}
    for validator in decorators.field_validators.values():
        known = validator.func is regex_pattern or validator.func is regex_patterns
        if not known or validator.info.mode != "after" or "*" in validator.info.fields:
            return None
        for name in validator.info.fields:
            checks[name] = (*checks.get(name, ()), validator.func)
    for info in cls.model_fields.values():
        if (
            info.metadata
            or info.alias is not None
            or info.validation_alias is not None
            or info.serialization_alias is not None
            or info.exclude
            or info.validate_default
        ):
            return None
        try:
            _plain_value(info.annotation, _example(info.annotation))
        except _Unsure:
            return None
    if not set(checks) <= set(cls.model_fields):
        return None
    return checks


def _is_plain(cls: type[Params]) -> bool:
    return _plain_checks(cls) is not None


def _example(annotation: Any) -> Any:
    """A value of a type `_plain_value` knows (to test the type, not the value)."""
    if annotation in (str, bool, int):
        return annotation()
    if annotation is Decimal:
        return 0
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return args[0] if args else None
    if origin is tuple and len(args) == 2:
        return [_example(args[0])]
    if origin is dict and len(args) == 2:
        return {"": _example(args[1])}
    return None


def plain_params(cls: type[Params], given: Mapping[str, Any]) -> Params | None:
    """`cls.model_validate(given)` where that is certain without building `cls`'s validator, or
    None (then validate: the same result, or the same error).

    Certain when `cls` is plain (`_plain_checks`), every key of `given` is a field, every
    required field is given, and every value already has its field's type (a list for a tuple)
    and passes the field's regex checks; the instance is then made from the values as pydantic
    would make them (`model_construct`, which fills in the defaults, unvalidated as pydantic
    leaves them).
    """
    checks = _plain_checks(cls)
    if checks is None:
        return None
    fields = cls.model_fields
    if any(info.is_required() and name not in given for name, info in fields.items()):
        return None
    values: dict[str, Any] = {}
    try:
        for key, value in given.items():
            info = fields.get(key)
            if info is None:
                return None
            values[key] = _plain_value(info.annotation, value)
            for check in checks.get(key, ()):
                values[key] = check(values[key])
    except (_Unsure, ValueError):  # pydantic words the error
        return None
    return cls.model_construct(_fields_set=set(given), **values)


def default_params(cls: type[Params]) -> Params:
    """`cls()`: the defaults (without building a plain model's validator)."""
    made = plain_params(cls, {})
    return made if made is not None else cls()


def params_json(params: Params) -> dict[str, Any]:
    """`params.model_dump(mode="json")` (without building a plain model's serializer)."""
    cls = type(params)
    if _is_plain(cls):
        try:
            return {
                name: _plain_json(info.annotation, getattr(params, name))
                for name, info in cls.model_fields.items()
            }
        except _Unsure:  # a default of another type than its field's: pydantic says what
            pass
    return params.model_dump(mode="json")


_K = TypeVar("_K")
_F = TypeVar("_F")


class per_project(Generic[_K, _F]):  # lower case: used as a decorator
    """A fact of a project that several rules need, computed once for whichever asks first.

    `@per_project` on a function of a project keeps its result for the last project seen only
    (memory stays bounded; the engine runs every rule on a project before the next), compared
    by identity. The pair is read and replaced in one step, so threads checking different
    files (the review desk) never see another project's fact. Rules never change a record.
    `@per_params` does the same for what a rule derives from its parameters (frozen objects,
    one per rule and run) when they cannot be a cache key (they may hold dicts).
    """

    __slots__ = ("__wrapped__", "_last")

    def __init__(self, compute: Callable[[_K], _F]) -> None:
        self.__wrapped__ = compute
        self._last: tuple[_K, _F] | None = None

    def __call__(self, key: _K) -> _F:
        last = self._last
        if last is None or last[0] is not key:
            last = self._last = (key, self.__wrapped__(key))
        return last[1]


per_params = per_project


def regex_pattern(pattern: str) -> str:
    """Validate one regular-expression parameter when the policy loads, not in mid-check: valid,
    and — unless it is a rule's own default — compilable for linear-time matching (RE2). Rules
    compile it with `checker.patterns.compile_pattern`.

    Use as a pydantic validator: `_check = field_validator("pattern")(regex_pattern)`.
    """
    from checker.patterns import check_pattern

    check_pattern(pattern)
    return pattern


def regex_patterns(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """Validate a tuple of regular-expression parameters (see `regex_pattern`)."""
    for pattern in patterns:
        regex_pattern(pattern)
    return patterns


def _as_text(value: Text | tuple[str, str]) -> Text:
    return value if isinstance(value, Text) else Text(*value)


def rule(
    id: str,
    name: str,
    *,
    category: str,
    severity: str,
    basis: str,
    title: Text | tuple[str, str],
    message: Text | tuple[str, str] | None = None,
    messages: Mapping[str, Text | tuple[str, str]] | None = None,
    params: type[Params] = Params,
    scope: Scope = "project",
    also: Iterable[str] = (),
    fixable: bool = False,
    advice: Text | tuple[str, str] | Mapping[str, Text | tuple[str, str]] | None = None,
    tidy: bool = False,
    mandatory: bool = False,
) -> Callable[[Callable[..., Iterable[Hit]]], Rule]:
    """Declare a rule. The decorated function becomes a `Rule` (its docstring is its doc).

    `title` is the rule's short name in Chinese and English; `message` (or `messages`, keyed,
    for rules with several) are `str.format` templates filled from the hit's arguments; `also`
    lists the other severities the rule may give a hit (`also=("warning",)` on C001).
    `advice` is how to mend a finding, filled from the same arguments as its message (one
    template, or one per message key); `tidy` marks whitespace and export artefacts.
    """
    if not RULE_ID_RE.match(id):
        raise ValueError(f"rule id {id!r} must look like ABC123 (capital prefix, three digits)")
    texts: dict[str, Text] = {k: _as_text(v) for k, v in (messages or {}).items()}
    if message is not None:
        texts["default"] = _as_text(message)
    if not texts:
        raise ValueError(f"rule {id} needs a message")

    advices: dict[str, Text] = {}
    if isinstance(advice, Mapping):
        advices = {k: _as_text(v) for k, v in advice.items()}
    elif advice is not None:
        advices = {k: _as_text(advice) for k in texts}
    if unknown := set(advices) - set(texts):
        raise ValueError(f"rule {id}: advice for unknown messages {sorted(unknown)}")

    def decorate(func: Callable[..., Iterable[Hit]]) -> Rule:
        return Rule(
            id=id,
            name=name,
            category=category,
            severity=Severity[severity],
            basis=basis,
            messages=texts,
            params=params,
            scope=scope,
            func=func,
            title=_as_text(title),
            severities=tuple(Severity[s] for s in also),
            fixable=fixable,
            advice=advices,
            tidy=tidy,
            mandatory=mandatory,
        )

    return decorate


def doc_problems(r: Rule) -> list[str]:
    """What is missing from a rule's documentation (tests require none)."""
    problems = []
    doc = r.doc
    for section in _DOC_SECTIONS_ZH:
        if section + "：" not in doc.zh and section + ":" not in doc.zh:
            problems.append(f"{r.id}: Chinese doc lacks {section}")
    for section in _DOC_SECTIONS_EN:
        if section + ":" not in doc.en:
            problems.append(f"{r.id}: English doc lacks {section}")
    return problems
