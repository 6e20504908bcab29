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
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from checker.finding import Severity
from checker.i18n import Lang, Text
from checker.model import Document, Project
from checker.source import Location

Scope = Literal["project", "document", "batch", "engine"]
RULE_ID_RE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{3}$")


class Params(BaseModel):
    """Base of a rule's parameters: a policy's `params:` for the rule are validated against it."""

    model_config = ConfigDict(extra="forbid", frozen=True)


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
        **args: Any,
    ) -> Hit:
        sev = Severity[severity] if isinstance(severity, str) else severity
        return Hit(pointer, args, message, sev, text, project, key, fix)


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
    #: Filled by the plugin manager: which distribution registered it.
    plugin: str = ""

    @property
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
            "plugin": self.plugin,
            "params": self.params().model_dump(mode="json"),
            "doc": self.doc.get(lang),
        }


def regex_pattern(pattern: str) -> str:
    """Validate one regular-expression parameter when the policy loads, not in mid-check.

    Use as a pydantic validator: `_check = field_validator("pattern")(regex_pattern)`.
    """
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"invalid regular expression {pattern!r}: {error}") from None
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
) -> Callable[[Callable[..., Iterable[Hit]]], Rule]:
    """Declare a rule. The decorated function becomes a `Rule` (its docstring is its doc).

    `title` is the rule's short name in Chinese and English; `message` (or `messages`, keyed,
    for rules with several) are `str.format` templates filled from the hit's arguments; `also`
    lists the other severities the rule may give a hit (`also=("warning",)` on C001).
    """
    if not RULE_ID_RE.match(id):
        raise ValueError(f"rule id {id!r} must look like ABC123 (capital prefix, three digits)")
    texts: dict[str, Text] = {k: _as_text(v) for k, v in (messages or {}).items()}
    if message is not None:
        texts["default"] = _as_text(message)
    if not texts:
        raise ValueError(f"rule {id} needs a message")

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
