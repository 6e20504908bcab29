"""The rule API: a rule is one function with its metadata beside it; the host runs it.

    from checker.rule import IndicatorContext, Params, rule

    class PercentParams(Params):
        ceiling: Decimal = Decimal(100)

    @rule(
        "V002", "percent-at-most-100", category="values", severity="error", visits="indicator",
        basis="财预〔2015〕88号：合理性",
        title=("百分比不超过 100%", "a percent is at most 100"),
        message=("百分比 {value} 超过 {ceiling}", "the percent {value} exceeds {ceiling}"),
        params=PercentParams,
    )
    def percent_at_most_100(row: Indicator, ctx: IndicatorContext[PercentParams]) -> Iterator[Hit]:
        '''…Chinese doc (检查/原因/示例/修改)… --- …English doc (What/Why/Example/Fix)…'''
        parsed = row.parsed
        if parsed.unit_class == "percent" and parsed.number > ctx.params.ceiling:
            yield ctx.hit("/value", value=row.value, ceiling=ctx.params.ceiling)

A rule declares what it visits: each `indicator` row of a table (called once per row, with the
row; its project is `ctx.project`), each `project` table, each `document` (Part 1 and all its
tables) or the `batch` (the keys of every project in the run). It yields `Hit`s: a pointer into
what it visits plus the message's arguments. The host (`run_rule`, the engine) owns the rest:
traversal, crash isolation (a rule that raises is an X001 finding, the other rules' findings
stay), the facts several rules share (`ctx.facts`, `checker.facts`), a memo for the rule's
per-cell work (`ctx.memo`), and building findings (severity from the policy, location from the
source map, fingerprint). So a rule knows nothing of files, lines, policies or output formats.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from checker import patterns as pattern_matching
from checker.facts import ProjectFacts
from checker.finding import Severity
from checker.i18n import Lang, Text
from checker.model import Document, Indicator, Project
from checker.source import Location

#: What a rule visits: each indicator row of a table, each table, each document, the batch.
Visits = Literal["indicator", "project", "document", "batch"]
#: What a rule's findings are about (reports, `jxcheck rules`): a project record (`indicator`
#: and `project` rules), a document, the batch; `engine`: found by the engine itself (S000…).
Scope = Literal["project", "document", "batch", "engine"]
RULE_ID_RE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{3}$")


class Params(BaseModel):
    """Base of a rule's parameters: a policy's `params:` for the rule are validated against it
    once per run, when the policy loads. What a rule derives from its parameters (a compiled
    pattern, a set of canonical names) is a `functools.cached_property` of its Params class,
    worked out once per run."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


P = TypeVar("P", bound=Params)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Fix:
    """A mechanical, safe change: set the string at `pointer` (relative to what the rule
    visits, like a hit's pointer) to `value`."""

    pointer: str
    value: str


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


#: Entries a rule's memo holds before the host empties it (bounded memory over a season).
MEMO_SIZE = 1 << 13


class _Context(Generic[P]):
    """What every rule gets besides its subject: its parameters, the budget year, and `memo`,
    a dict the host keeps for the rule over the run (emptied when it grows past `MEMO_SIZE`)
    for verdicts that depend only on a cell's text and the parameters."""

    __slots__ = ("budget_year", "lang", "memo", "params")

    def __init__(self, params: P, budget_year: int | None, lang: Lang = "zh") -> None:
        self.params = params
        self.budget_year = budget_year
        self.lang = lang
        self.memo: dict[Any, Any] = {}

    def remember(self, judge: Callable[..., T], *cells: Any) -> T:
        """`judge(*cells, params)`, worked out once per run for the same cells: for verdicts
        that depend only on a cell's text and the rule's parameters (a season repeats the same
        cells thousands of times). The host keeps them in `memo`, bounded."""
        key = (judge, *cells)
        memo = self.memo
        if key in memo:
            return memo[key]  # type: ignore[no-any-return]
        found = memo[key] = judge(*cells, self.params)
        return found

    def _pointer(self, pointer: str) -> str:
        return pointer

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
        """A hit at `pointer` (relative to what the rule visits), with the message's arguments."""
        sev = Severity[severity] if isinstance(severity, str) else severity
        pointer = self._pointer(pointer)
        if fix is not None:
            fix = Fix(self._pointer(fix.pointer), fix.value)
        return Hit(pointer, args, message, sev, text, project, key, fix, tuple(places))


class ProjectContext(_Context[P]):
    """Context of a project rule: the table (`project`), the facts several rules share about it
    (`facts`, see `checker.facts`) and the enclosing document, for cross-references
    (`standalone`: a bare project record, no Part 1)."""

    __slots__ = ("document", "facts", "index", "project", "standalone")

    def __init__(
        self,
        params: P,
        budget_year: int | None,
        document: Document,
        index: int,
        standalone: bool,
        lang: Lang = "zh",
        facts: ProjectFacts | None = None,
    ) -> None:
        super().__init__(params, budget_year, lang)
        self.document = document
        self.index = index
        self.standalone = standalone
        self.project = document.projects[index] if index < len(document.projects) else Project()
        self.facts = facts if facts is not None else ProjectFacts(self.project)


class IndicatorContext(ProjectContext[P]):
    """Context of an indicator rule: a project rule's, and `row`, the index of the row visited.
    Pointers of hits and fixes are relative to the row (`/value`)."""

    __slots__ = ("row",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row = 0

    def _pointer(self, pointer: str) -> str:
        return f"/indicators/{self.row}{pointer}"


class DocumentContext(_Context[P]):
    """Context of a document rule; `standalone` is true for bare project records (no Part 1).
    A hit about a table passes `project=index`; `facts_of(index)` are that table's facts."""

    __slots__ = ("_facts", "standalone")

    def __init__(
        self,
        params: P,
        budget_year: int | None,
        standalone: bool,
        lang: Lang = "zh",
        facts: Sequence[ProjectFacts] = (),
    ) -> None:
        super().__init__(params, budget_year, lang)
        self.standalone = standalone
        self._facts = facts

    def facts_of(self, index: int, project: Project) -> ProjectFacts:
        """The shared facts of the document's table `index` (`project`)."""
        if index < len(self._facts) and self._facts[index].project is project:
            return self._facts[index]
        return ProjectFacts(project)


class BatchContext(_Context[P]):
    """Context of a batch rule."""

    __slots__ = ()


IndicatorRuleFunc = Callable[[Indicator, IndicatorContext[Any]], Iterable[Hit] | None]
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
    func: Callable[..., Iterable[Hit] | None]
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
    #: What `func` is called with (see `Visits`); None: what `scope` says (engine rules: never).
    visits: Visits | None = None

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

    @cached_property
    def visit(self) -> Callable[[Any, Any], Iterable[Hit] | None]:
        """What the host calls on a subject (see `run_rule`): the rule's function, or for an
        indicator rule the function over each row of the table. Worked out once, so the
        per-record loop calls the rule without a wrapper of its own."""
        return _over_rows(self.func) if self.visits == "indicator" else self.func

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


def run_rule(rule: Rule, subject: Any, ctx: _Context[Any]) -> list[Hit]:
    """Run `rule` on what it visits, as the host does (the engine, its workers and
    `checker.testing` all call this): an `indicator` rule once per row of the table `subject`
    (`ctx` an `IndicatorContext`), any other once on `subject`. An exception propagates: the
    engine makes it an X001 finding, a test a failure."""
    return list(rule.visit(subject, ctx) or ())


def _over_rows(func: Callable[..., Iterable[Hit] | None]) -> Callable[..., list[Hit]]:
    """An indicator rule as the host runs it on a table: once per row, `ctx.row` its index."""

    def visit_rows(table: Project, ctx: IndicatorContext[Any]) -> list[Hit]:
        hits: list[Hit] = []
        for index, row in enumerate(table.indicators):
            ctx.row = index
            found = func(row, ctx)
            if found is not None:
                hits.extend(found)
        return hits

    return visit_rows


def context_for(
    rule: Rule,
    params: Params,
    budget_year: int | None,
    document: Document,
    index: int,
    standalone: bool,
    lang: Lang = "zh",
    facts: ProjectFacts | None = None,
) -> ProjectContext[Any]:
    """The context of a project or indicator rule on the table `index` of `document`."""
    kind = IndicatorContext if rule.visits == "indicator" else ProjectContext
    return kind(params, budget_year, document, index, standalone, lang, facts)


def default_params(cls: type[Params]) -> Params:
    """`cls()`: the parameters' defaults."""
    return cls()


def params_json(params: Params) -> dict[str, Any]:
    """The parameters as JSON data (`model_dump(mode="json")`)."""
    return params.model_dump(mode="json")


def regex_pattern(pattern: str) -> str:
    """Validate one regular-expression parameter when the policy loads, not in mid-check: valid,
    and — unless it is a rule's own default — compilable for linear-time matching (RE2). Rules
    compile it with `checker.patterns.compile_pattern`.

    Use as a pydantic validator: `_check = field_validator("pattern")(regex_pattern)`.
    """
    pattern_matching.check_pattern(pattern)
    return pattern


def regex_patterns(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """Validate a tuple of regular-expression parameters (see `regex_pattern`)."""
    for pattern in patterns:
        regex_pattern(pattern)
    return patterns


_trusted: tuple[int, frozenset[str]] = (-1, frozenset())


def _pattern_defaults() -> frozenset[str]:
    """The default of every parameter validated as a pattern, in every loaded rule's parameters
    (recomputed when a plugin adds parameter classes): jxcheck's and plugins' own patterns."""
    global _trusted
    classes = _subclasses(Params)
    if _trusted[0] == len(classes):
        return _trusted[1]
    found: set[str] = set()
    for cls in classes:
        for validator in cls.__pydantic_decorators__.field_validators.values():
            if validator.func not in (regex_pattern, regex_patterns):
                continue
            for name in validator.info.fields:
                info = cls.model_fields.get(name)
                default = info.get_default(call_default_factory=True) if info else None
                if isinstance(default, str):
                    found.add(default)
                elif isinstance(default, tuple | list):
                    found.update(d for d in default if isinstance(d, str))
    _trusted = (len(classes), frozenset(found))
    pattern_matching.compile_pattern.cache_clear()
    pattern_matching.occurs_in.cache_clear()
    return _trusted[1]


def _subclasses(cls: type) -> list[type[Any]]:
    out: list[type[Any]] = []
    stack: list[type[Any]] = list(cls.__subclasses__())
    while stack:
        sub = stack.pop()
        out.append(sub)
        stack.extend(sub.__subclasses__())
    return out


pattern_matching.trust_defaults(_pattern_defaults)


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
    visits: Visits = "project",
    scope: Scope | None = None,
    also: Iterable[str] = (),
    fixable: bool = False,
    advice: Text | tuple[str, str] | Mapping[str, Text | tuple[str, str]] | None = None,
    tidy: bool = False,
    mandatory: bool = False,
) -> Callable[[Callable[..., Iterable[Hit] | None]], Rule]:
    """Declare a rule. The decorated function becomes a `Rule` (its docstring is its doc).

    `visits` is what the host calls the function with: each `indicator` row (with an
    `IndicatorContext`), each `project` table (the default), each `document`, the `batch`
    (`scope=` is the older spelling of the last three; `scope="engine"`: found by the engine).
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
    if scope is not None:
        visits = "project" if scope == "engine" else scope
    kind: Scope = scope or ("project" if visits == "indicator" else visits)

    def decorate(func: Callable[..., Iterable[Hit] | None]) -> Rule:
        return Rule(
            id=id,
            name=name,
            category=category,
            severity=Severity[severity],
            basis=basis,
            messages=texts,
            params=params,
            scope=kind,
            func=func,
            title=_as_text(title),
            severities=tuple(Severity[s] for s in also),
            fixable=fixable,
            advice=advices,
            tidy=tidy,
            mandatory=mandatory,
            visits=None if kind == "engine" else visits,
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
