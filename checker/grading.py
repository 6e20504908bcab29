"""Review grades (优/良/中/差, 财预〔2015〕88号) per project record and per document, from findings.

The mapping from findings to a grade is policy, not code: it lives in the policy's `grading:`
section (schema: `checker/schemas/grading.schema.json`), merged key by key over parent policies
like every other policy section. Its two keys:

    grading:
      scale:                  # the grades, best first
        - grade: 优
          name: {zh: 优, en: Excellent}
          meaning: {zh: 可列入预算, en: may enter the budget}
        - grade: 良
          …
      conditions:             # when a grade applies
        - grade: 差
          severity: error     # one severity or a list
          rules: [S003, C001, C002, C003, B001, B004]   # ids or prefixes; omitted: every rule
        - grade: 中
          severity: error
        - grade: 中
          severity: warning
          more_than: 3        # holds when more than this many findings count (default 0)
        - grade: 良
          severity: warning

How a grade is decided:

- A condition counts the subject's findings whose severity is one of `severity` and whose rule
  id is one of `rules` or starts with one of them; it holds when the count is more than
  `more_than`. Waived and baselined findings never count; neither does a finding the policy
  switched off (it is not in the report).
- A subject's grade is the worst grade among the conditions that hold; when none holds, the
  best grade of the scale. The order of the conditions does not matter.
- A project record is graded from its own findings (those the report attributes to it).
- A document is graded as the worst of its projects' grades and of the grade of its own
  findings (Part 1 and other findings attached to the document rather than to a project). A
  document with no projects is graded from its own findings alone.
- `name` (default: the grade itself in both languages) and `meaning` are what reports show.
- A key the policy leaves out takes the packaged default (`default_grading()`: the `grading:`
  of the packaged `national` policy, read from its file, the one place it is written), so a
  policy may replace `conditions` alone, and a policy that extends nothing is still graded.

The default (`policy/national.yaml`) is the project's convention for the review grades of
domain.md §2: 差 when core content is missing or the money does not match; 中 for any other
error or more than 3 warnings; 良 for 1–3 warnings; 优 for none. Infos never lower a grade.
This module knows no rule: the rules that make a table 差 are named there.

`apply_grades(report, grading)` fills `RecordResult.grade` and `DocumentResult.grade` and adds
`report.extras["grades"]`: the scale (grade, name, meaning, and `when`: its conditions as text
in both languages) and how many records and documents got each grade. A malformed mapping is a
`ConfigError` naming the key and what is wrong with it.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING, Any

from checker.errors import ConfigError, JxcheckError
from checker.finding import SEVERITY_NAMES, Finding, Severity
from checker.i18n import Text

if TYPE_CHECKING:
    from checker.reporting import Report

#: Where the default grading is written, once: the `grading:` section of the packaged `national`
#: policy (`policy/national.yaml`, installed as the package `jxcheck_policies`).
DEFAULT_SOURCE = ("jxcheck_policies", "national.yaml")

_SEVERITY_TEXT = {
    "error": Text("错误", "error"),
    "warning": Text("警告", "warning"),
    "info": Text("提示", "info"),
}


@dataclass(frozen=True, slots=True)
class Grade:
    """One grade of the scale."""

    grade: str
    name: Text
    meaning: Text | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """Holds when more than `more_than` counted findings have these severities and rules."""

    grade: str
    severities: tuple[str, ...]
    rules: tuple[str, ...] = ()
    more_than: int = 0

    def holds(self, findings: Iterable[Finding]) -> bool:
        """A finding counts when its severity is one of `severities` and its rule starts with
        one of `rules` (any rule when there are none); stops at the first count past the bound
        (a season grades 20,000 records)."""
        wanted = {Severity[s] for s in self.severities}
        rules = self.rules
        found = 0
        for f in findings:
            if f.severity in wanted and (not rules or f.rule.startswith(rules)):
                found += 1
                if found > self.more_than:
                    return True
        return False

    def describe(self) -> Text:
        """The condition as a reviewer reads it: `有规则 S003、C001 的错误` / `more than 3 warnings`."""
        zh = "或".join(_SEVERITY_TEXT[s].zh for s in self.severities)
        one = " or ".join(_SEVERITY_TEXT[s].en for s in self.severities)
        many = " or ".join(_SEVERITY_TEXT[s].en + "s" for s in self.severities)
        if self.rules:
            zh = f"规则 {'、'.join(self.rules)} 的{zh}"
            of = f" of {', '.join(self.rules)}"
        else:
            of = ""
        if self.more_than == 0:
            return Text(f"有{zh}", f"any {one}{of}")
        return Text(f"{zh}多于 {self.more_than} 个", f"more than {self.more_than} {many}{of}")


@dataclass(frozen=True)
class Grading:
    """A validated grading mapping."""

    scale: tuple[Grade, ...]
    conditions: tuple[Condition, ...]

    @property
    def grades(self) -> list[str]:
        return [g.grade for g in self.scale]

    @cached_property
    def _ranks(self) -> dict[str, int]:
        return {g.grade: i for i, g in enumerate(self.scale)}

    def rank(self, grade: str) -> int:
        """0 for the best grade; higher is worse."""
        try:
            return self._ranks[grade]
        except KeyError:
            raise ValueError(f"{grade!r} is not a grade of this scale") from None

    def worst(self, grades: Iterable[str]) -> str:
        return max(grades, key=self.rank, default=self.scale[0].grade)

    @cached_property
    def _counted_severities(self) -> frozenset[Severity]:
        """The severities some condition counts (a finding of another counts for none)."""
        return frozenset(Severity[s] for c in self.conditions for s in c.severities)

    def grade(self, findings: Iterable[Finding]) -> str:
        """The worst grade among the conditions that hold for these findings (waived ones skipped)."""
        severities = self._counted_severities
        counted = [
            f for f in findings if f.severity in severities and not f.waived and not f.baselined
        ]
        if not counted:  # no condition holds for none (`more_than` is never negative)
            return self.scale[0].grade
        return self.worst(c.grade for c in self.conditions if c.holds(counted))

    def scale_json(self) -> list[dict[str, Any]]:
        """The scale as the report shows it, with each grade's conditions in words."""
        out: list[dict[str, Any]] = []
        for g in self.scale:
            when = [c.describe() for c in self.conditions if c.grade == g.grade]
            out.append(
                {
                    "grade": g.grade,
                    "name": {"zh": g.name.zh, "en": g.name.en},
                    "meaning": {"zh": g.meaning.zh, "en": g.meaning.en} if g.meaning else None,
                    "when": [{"zh": t.zh, "en": t.en} for t in when],
                }
            )
        return out


# --- validation ------------------------------------------------------------------------------


@cache
def grading_schema() -> dict[str, Any]:
    """The JSON Schema of the `grading:` section, shipped in the package."""
    text = resources.files("checker").joinpath("schemas/grading.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _where(path: Iterable[str | int]) -> str:
    return "grading" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


@cache
def _compiled() -> Any:
    """The compiled validator of the grading schema (None where jsonschema-rs is missing)."""
    from checker.schemas import compile_schema

    return compile_schema(grading_schema(), formats=True)


@cache
def _validator() -> Any:
    """jsonschema's validator (imported when a grading section is invalid), to explain why."""
    from checker.schemas import json_schema_validator

    return json_schema_validator(grading_schema())


def _key_path(pointer: str) -> list[str | int]:
    from checker.source import list_index, split_pointer

    return [
        index if (index := list_index(token)) is not None else token
        for token in split_pointer(pointer)
    ]


def _schema_problems(grading: Mapping[str, Any]) -> list[Text]:
    from checker.schemas import explain_errors, quickly_valid

    if quickly_valid(_compiled(), dict(grading)):
        return []  # jsonschema, imported only for an invalid section, explains what is wrong
    explained = explain_errors(_validator(), grading, limit=None, what="审核等级格式")
    problems: list[Text] = []
    for problem in sorted(explained, key=lambda p: [str(k) for k in _key_path(p.pointer)]):
        path = _key_path(problem.pointer)
        if problem.keyword == "additionalProperties":
            path = path[:-1]  # the unknown key is in the message: name the mapping holding it
        at = _where(path)
        problems.append(Text(f"{at}：{problem.message.zh}", f"{at}: {problem.message.en}"))
    return problems


@cache
def _default_grading() -> dict[str, Any]:
    package, name = DEFAULT_SOURCE
    from checker.yamlsource import load_yaml_stream

    try:
        text = resources.files(package).joinpath(name).read_text("utf-8")
        documents = load_yaml_stream(text, name)
    except (ImportError, OSError, ValueError, JxcheckError) as error:
        raise ConfigError(
            Text(
                f"无法读取默认审核等级（{package}/{name}，安装不完整？）：{error}",
                f"cannot read the default grading ({package}/{name}, a broken installation?): "
                f"{error}",
            )
        ) from None
    data = documents[0][0] if documents else None
    grading = data.get("grading") if isinstance(data, dict) else None
    return dict(grading) if isinstance(grading, dict) else {}


def default_grading() -> dict[str, Any]:
    """The default grading: `grading:` of the packaged `national` policy, as written there (a
    copy). A policy's `grading:` is merged over it key by key."""
    return copy.deepcopy(_default_grading())


def _text(value: Mapping[str, str] | None) -> Text | None:
    return None if value is None else Text(value["zh"], value["en"])


def _severities(value: str | list[str]) -> tuple[str, ...]:
    """`error` or `[error, warning]`, in the order of severity."""
    named = {value} if isinstance(value, str) else set(value)
    return tuple(s for s in SEVERITY_NAMES if s in named)


def parse_grading(
    grading: Mapping[str, Any] | None,
    *,
    origin: Mapping[str, str] | None = None,
    known_rules: Collection[str] | None = None,
) -> Grading:
    """Validate a policy's `grading:` mapping (None or {}: the default) and build the scheme.

    `origin` maps a top-level key to the `policy:line` it came from, for error messages (the
    policy loader keeps it as `ResolvedPolicy.grading_origin`); `known_rules`, when given, makes
    a rule id or prefix that names no rule an error.
    """
    if grading is not None and not isinstance(grading, Mapping):
        raise ConfigError(
            Text(
                f"策略的 grading（审核等级）应为映射，实际是 {type(grading).__name__}",
                f"the policy's grading must be a mapping, not {type(grading).__name__}",
            )
        )
    given = dict(grading or {})
    # The packaged default is read only when the policy leaves a key out.
    defaults = {} if {"scale", "conditions"} <= given.keys() else default_grading()
    data: dict[str, Any] = {**defaults, **given}
    problems = _schema_problems(data)
    if not problems:
        scale = [
            Grade(
                g["grade"],
                _text(g.get("name")) or Text(g["grade"], g["grade"]),
                _text(g.get("meaning")),
            )
            for g in data["scale"]
        ]
        names = [g.grade for g in scale]
        for grade, count in Counter(names).items():
            if count > 1:
                problems.append(
                    Text(
                        f"grading.scale 中等级 {grade!r} 出现了 {count} 次",
                        f"grading.scale lists the grade {grade!r} {count} times",
                    )
                )
        for i, c in enumerate(data["conditions"]):
            if c["grade"] not in names:
                problems.append(
                    Text(
                        f"grading.conditions[{i}].grade {c['grade']!r} 不在 scale 中"
                        f"（可用：{'、'.join(names)}）",
                        f"grading.conditions[{i}].grade {c['grade']!r} is not in the scale "
                        f"({', '.join(names)})",
                    )
                )
            for r in c.get("rules", []):
                if known_rules is not None and not any(k.startswith(r) for k in known_rules):
                    problems.append(
                        Text(
                            f"grading.conditions[{i}].rules：没有编号为 {r} 或以它开头的规则",
                            f"grading.conditions[{i}].rules: no rule id is or starts with {r}",
                        )
                    )
    if problems:
        places = [origin[k] for k in ("scale", "conditions") if origin and k in origin]
        zh_from = f"（{'、'.join(places)}）" if places else ""
        en_from = f" ({', '.join(places)})" if places else ""
        raise ConfigError(
            Text(
                f"策略的 grading（审核等级）设置有误{zh_from}："
                + "；".join(p.zh for p in problems),
                f"the policy's grading is invalid{en_from}: " + "; ".join(p.en for p in problems),
            )
        )
    conditions = tuple(
        Condition(
            grade=c["grade"],
            severities=_severities(c["severity"]),
            rules=tuple(c.get("rules", ())),
            more_than=int(c.get("more_than", 0)),
        )
        for c in data["conditions"]
    )
    return Grading(tuple(scale), conditions)


# --- applying ------------------------------------------------------------------------------


def apply_grades(
    report: Report, grading: Mapping[str, Any] | None, *, partial: bool = False
) -> None:
    """Grade every record and document of a report (in place) and add `extras["grades"]`.

    `partial`: the command line left out rules the policy runs (`--select`/`--ignore`), so a
    grade says only what those rules found; the report says so (`grades.partial`).
    Call it once waivers and baselines are applied; calling it again recomputes everything.
    """
    scheme = parse_grading(grading)
    groups = report.findings_by_subject()
    projects: dict[tuple[str, int | None], list[str]] = {}
    for i, record in enumerate(report.records):
        record.grade = scheme.grade(groups.records.get(i, []))
        projects.setdefault((record.file, record.document), []).append(record.grade)
    for document in report.documents:
        own = scheme.grade(groups.documents.get(document.index, []))
        document.grade = scheme.worst([*projects.get((document.file, document.index), []), own])
    report.extras["grades"] = {
        "scale": scheme.scale_json(),
        "records": _distribution(scheme, (r.grade for r in report.records)),
        "documents": _distribution(scheme, (d.grade for d in report.documents)),
        "partial": partial,
    }


def _distribution(scheme: Grading, grades: Iterable[str | None]) -> dict[str, int]:
    counted = Counter(g for g in grades if g is not None)
    return {g: counted.get(g, 0) for g in scheme.grades}
