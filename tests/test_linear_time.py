"""Every rule runs in linear time on adversarial text, and a policy's own patterns cannot hang.

A hostile table can hold a 100k-character 指标值, goal or description made of long runs of digits,
spaces, arrows or repeated prefixes — the shapes that make a backtracking regular expression
quadratic (or worse). Each rule is run on a record whose every text field holds such a run, at
10k and at 100k characters, in one process: the time may grow about tenfold, not a hundredfold.
It is a ratio measured in one run, never a wall-clock bound.

Patterns a policy supplies (N003's 发文字号, G002's process phrases …) are compiled with RE2
(`checker.patterns`), which matches in linear time by construction: a catastrophic pattern in a
policy cannot stall a run either.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from checker.model import Document, Project
from checker.plugins import load_registry
from checker.rule import DocumentContext, Rule, context_for, default_params, run_rule

from .growth import assert_linear

SMALL, LARGE = 10_000, 100_000
#: A quadratic step grows 100× from SMALL to LARGE, a linear one 10×; measurement noise and
#: caches warming up leave room between. Below FLOOR seconds the ratio is noise.
RATIO, FLOOR = 30.0, 0.05


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


#: Shapes that backtracking patterns choke on.
SHAPES: dict[str, Callable[[int], str]] = {
    "digits": _repeat("1"),
    "spaces": lambda n: "a" + " " * (n - 2) + "b",
    "arrows": _repeat("→"),
    "ascii-arrows": _repeat("->"),
    "numbering": _repeat("1."),
    "bracketed": _repeat("（1）"),
    "digits-spaces": _repeat("1 "),
    "money": _repeat("1万元"),
    "comparators": _repeat("≥"),
    "stars": _repeat("*"),
    "years": _repeat("2023年"),
    "words": _repeat("数量"),
    "from-to": lambda n: "由" + "到" * (n - 1),
    "document-numbers": _repeat("冀财建[2022"),
    "punctuation": _repeat("，、。"),
    "letters": _repeat("a"),
}


def _project(text: str) -> Project:
    # each field holds the run with different words around it, so that no rule stops early on
    # two equal fields (a name equal to its description is never compared)
    row = {
        "level1": text,
        "level2": text,
        "name": "培训" + text + "次数",
        "description": "组织" + text + "的费用",
        "value": "≥" + text,
        "basis": "2023年度工作计划" + text,
        "unit": text,
        "operator": text,
    }
    return Project.model_validate(
        {
            "heading": text,
            "unit": text,
            "code": text,
            "name": text,
            "budget": {"total": text, "fiscal": text, "other": text},
            "purpose": "用于" + text + "、差旅费支出",
            "spending_plan": [{"label": text, "percent": text}],
            "goals": ["1.完成" + text + "，支持率达100%", text],
            "indicators": [
                row,
                {**row, "level1": "产出指标", "level2": "数量指标"},
                {**row, "level1": "效益指标", "level2": "社会效益指标"},
                {**row, "level1": "满意度指标", "level2": "服务对象满意度指标"},
            ],
            "details": [{"label": "立项依据", "text": text}],
        }
    )


def _document(text: str) -> Document:
    overview = {
        "title": text,
        "sections": [{"number": "一", "title": text, "paragraphs": [text, text]}],
    }
    return Document.model_validate(
        {"department": text, "overview": overview, "projects": [_project(text).model_dump()]}
    )


def _run(rule: Rule, text: str) -> float:
    """CPU seconds one rule takes on a record made of `text`, the best of three."""
    return min(_run_once(rule, text) for _ in range(3))


def _run_once(rule: Rule, text: str) -> float:
    params = default_params(rule.params)
    start = time.process_time()
    if rule.scope == "project":
        project = _project(text)
        document = Document(projects=[project], budget_year=2023)
        run_rule(rule, project, context_for(rule, params, 2023, document, 0, False))
    elif rule.scope == "document":
        run_rule(rule, _document(text), DocumentContext(params, 2023, False))
    return time.process_time() - start


RULES = sorted(
    (r for r in load_registry().rules.values() if r.scope in ("project", "document")),
    key=lambda r: r.id,
)


@pytest.mark.slow
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_grows_linearly(rule: Rule) -> None:
    slow: list[str] = []
    for name, shape in SHAPES.items():
        small = _run(rule, shape(SMALL))
        large = _run(rule, shape(LARGE))
        # the small run's floor: a tenth of the large run's, so resolution cannot inflate it
        if large > FLOOR and large / max(small, FLOOR / 10) > RATIO:
            slow.append(f"{name}: {small:.3f}s at {SMALL}, {large:.3f}s at {LARGE}")
    assert not slow, f"{rule.id} grows faster than linearly: " + "; ".join(slow)


@pytest.mark.slow
def test_a_policy_pattern_cannot_hang_a_run() -> None:
    """A catastrophic pattern given in a policy (`(a|aa)+$`) matches in linear time: RE2."""
    from checker.patterns import compile_pattern

    pattern = compile_pattern(r"(a|aa)+$")
    assert pattern.search("a" * 50_000 + "b") is None
    assert_linear(pattern.search, "a" * 50_000 + "b", "a" * 500_000 + "b", 10, "(a|aa)+$")
