"""The fast paths of reading give exactly what the slow ones gave: one-pass YAML construction,
the compiled schema validator, one validation per bare project, the cheap nesting bound."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.generate import generate
from checker import schemas, yamlsource
from checker.errors import InputError
from checker.model import ProjectRecord
from checker.readers.records import _project_record

from .test_schemas import EXAMPLES

# --- YAML: one pass from the node tree ------------------------------------------------------------

YAML_CASES = [
    "a: 1\nb: -2\nc: +3\nd: 0\ne: 0x1F\nf: 017\ng: 1_000\nh: 1:30\ni: 0b101\n",
    "a: 1.5\nb: .inf\nc: -.inf\nd: 1e3\ne: 1_0.5\nf: 6.8523015e+5\n",
    "a: yes\nb: No\nc: on\nd: OFF\ne: true\nf: False\n",
    "a: ~\nb: null\nc:\nd: Null\n",
    "a: 2023-06-30\nb: !!timestamp 2023-06-30\nc: '2023'\nd: !!str 2023\n",
    "- [1, 2, {a: b}]\n- {x: [y, z]}\n- - nested\n  - list\n",
    "base: &b {x: 1}\nuse: *b\nmerged:\n  <<: *b\n  y: 2\n",
    "2023: year\ntrue: flag\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!set {x, y}\n",
    "? [complex, key]\n: value\n",
    '{"json": [1, 2.5, true, null, "text"], "nested": {"k": "v"}}',
    "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
    "--- a\n--- [1]\n---\n",
]


def _slow(text: str) -> list[Any]:
    """What the safe constructor builds (the reference)."""
    loader = yamlsource._Loader(text)
    try:
        found = []
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                found.append(loader.construct_document(node))
        return found
    finally:
        loader.dispose()


@pytest.mark.parametrize("text", YAML_CASES)
def test_one_pass_construction_equals_the_safe_constructor(text: str) -> None:
    try:
        slow = _slow(text)
    except yaml.YAMLError:  # refused either way (an unhashable key)
        with pytest.raises(InputError):
            yamlsource.load_yaml_stream(text, "x.yaml")
        return
    fast = [data for data, _ in yamlsource.load_yaml_stream(text, "x.yaml")]
    assert fast == slow
    assert [type(x) for x in fast] == [type(x) for x in slow]
    assert json.dumps(fast, default=repr, sort_keys=True) == json.dumps(
        slow, default=repr, sort_keys=True
    )


def test_duplicate_keys_are_still_refused_with_both_lines() -> None:
    with pytest.raises(InputError) as caught:
        yamlsource.load_yaml_stream("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert caught.value.line == 3 and "第 1 行" in caught.value.detail.zh


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("generated")
    generate(folder, 120, documents=0.2)
    return sorted(folder.rglob("*.yaml"))


def test_generated_records_load_as_the_safe_constructor_loads_them(generated: list[Path]) -> None:
    for path in generated:
        text = path.read_text(encoding="utf-8")
        assert [d for d, _ in yamlsource.load_yaml_stream(text, str(path))] == _slow(text)


class _ReferenceLoader(yaml.SafeLoader):
    """PyYAML's own resolver (without timestamps, as ours): the reference for the fast one."""


_ReferenceLoader.yaml_implicit_resolvers = yamlsource._Resolver.yaml_implicit_resolvers


def _tags(node: yaml.Node | None) -> list[str]:
    found: list[str] = []
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        found.append(current.tag)
        if isinstance(current, yaml.MappingNode):
            stack.extend(n for pair in current.value for n in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return found


_SCALARS = [
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "Yes",
    "off",
    "0",
    "-1",
    "+12",
    "0x1F",
    "0o17",
    "017",
    "1_000",
    "1:30",
    "0b101",
    "1.5",
    ".5",
    "1e3",
    "6.8e+5",
    ".inf",
    "-.Inf",
    ".nan",
    "2023-06-30",
    "2023-6-3",
    "<<",
    "=",
    "95%",
    "≥95%",
    "≤0.11万元",
    "1项",
    "数量指标",
    "-",
    "- x",
    "1.0.0",
    "12:30:45",
    "+.inf",
    "0.",
    "1__0",
    "yes please",
    "NaN",
    "190:20:30.15",
]


@pytest.mark.parametrize("style", ["", "'", '"'])
def test_the_fast_resolver_gives_pyyaml_tags(style: str, generated: list[Path]) -> None:
    texts = [f"k: {style}{v}{style}\nl: [{style}{v}{style}]\n" for v in _SCALARS]
    texts += [path.read_text(encoding="utf-8") for path in generated[:40]] + YAML_CASES
    for text in texts:
        try:
            reference = list(yaml.compose_all(text, Loader=_ReferenceLoader))
        except yaml.YAMLError:
            continue
        ours = list(yaml.compose_all(text, Loader=yamlsource._Loader))  # type: ignore[arg-type]
        assert [_tags(n) for n in ours] == [_tags(n) for n in reference], text


def _old_bound(text: str) -> int:
    if len(text) <= yamlsource.MAX_DEPTH:
        return len(text)
    return text.count("[") + text.count("{") + yamlsource._block_bound(text)


def test_the_cheap_nesting_bound_decides_as_the_exact_one() -> None:
    rnd = random.Random(7)
    pieces = ["a: b\n", "- ", "? ", ": ", "[", "{", "]", "}", " " * 40, "\n", "x" * 30, "\t"]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 200)))
        fast = yamlsource._nesting_bound(text) <= yamlsource.MAX_DEPTH
        assert fast == (_old_bound(text) <= yamlsource.MAX_DEPTH), text


# --- the compiled validator ------------------------------------------------------------------------


def _jsonschema_valid(name: str, data: Any) -> bool:
    return bool(schemas.validator(name).is_valid(data))


@pytest.mark.parametrize(
    ("name", "data", "valid"),
    [pytest.param(name, data, valid, id=case) for case, name, data, valid in EXAMPLES],
)
def test_compiled_validator_agrees_with_jsonschema(name: str, data: Any, valid: bool) -> None:
    compiled = schemas.compiled_validator(name)
    assert compiled is not None, "jsonschema-rs is a dependency"
    assert schemas.quickly_valid(compiled, data) is _jsonschema_valid(name, data) is valid


def test_validation_is_the_same_without_the_compiled_validator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = {"projects": [{"name": 1, "nmae": "x", "budget": {"total": True}}]}
    with_it = schemas.validate("document", data)
    monkeypatch.setattr(schemas, "compiled_validator", lambda name: None)
    assert schemas.validate("document", data) == with_it
    assert schemas.validate("document", {"projects": []}) == []


def test_data_the_compiled_validator_cannot_take_goes_to_jsonschema() -> None:
    compiled = schemas.compiled_validator("project")
    assert schemas.quickly_valid(compiled, {"name": b"bytes"}) is False
    assert schemas.validate("project", {"name": b"bytes"})  # jsonschema explains
    assert schemas.validate("project", {"budget_year": 10**30}) == []  # an integer, too big for rs


def test_generated_records_are_valid_for_both(generated: list[Path]) -> None:
    for path in generated:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = "document" if "projects" in data else "project"
        compiled = schemas.quickly_valid(schemas.compiled_validator(name), data)
        assert compiled == _jsonschema_valid(name, data), path


# --- one validation per bare project ---------------------------------------------------------------


def _long_way(data: dict[str, Any]) -> tuple[Any, int | None]:
    record = ProjectRecord.model_validate(data, strict=True)
    return record.as_project(), record.budget_year


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(data, id=case)
        for case, name, data, valid in EXAMPLES
        if name == "project" and valid and isinstance(data, dict)
    ],
)
def test_a_bare_project_is_built_as_the_record_model_builds_it(data: dict[str, Any]) -> None:
    assert _project_record(data) == _long_way(data)


def test_generated_projects_are_built_as_the_record_model_builds_them(
    generated: list[Path],
) -> None:
    for path in generated:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "projects" in data or not schemas.quickly_valid(
            schemas.compiled_validator("project"), data
        ):
            continue
        project, year = _project_record(data)
        expected, expected_year = _long_way(data)
        assert year == expected_year
        assert project.model_dump() == expected.model_dump()


def test_a_record_level_oddity_takes_the_long_way_and_its_error() -> None:
    with pytest.raises(Exception) as caught:
        _project_record({"budget_year": 2023.0, "name": "x"})
    assert "budget_year" in str(caught.value)
