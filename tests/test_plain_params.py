"""`plain_params` (rule parameters checked without building their pydantic validator, for a
fast start) gives exactly what pydantic gives, or steps aside: for every rule's parameters,
with the policies' values and with values bent every way a policy author might bend them."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from checker.plugins import load_registry
from checker.rule import Params, default_params, params_json, plain_params

from .conftest import ROOT

REGISTRY = load_registry()
CLASSES = sorted({r.params for r in REGISTRY.rules.values()}, key=lambda c: c.__qualname__)


def _policy_params() -> dict[type[Params], list[dict[str, Any]]]:
    given: dict[type[Params], list[dict[str, Any]]] = {}
    for name in ("national.yaml", "hebei.yaml"):
        data = yaml.safe_load((ROOT / "policy" / name).read_text(encoding="utf-8"))
        for rule_id, params in (data.get("params") or {}).items():
            r = REGISTRY.rules.get(rule_id)
            if r is not None and isinstance(params, dict):
                given.setdefault(r.params, []).append(params)
    return given


POLICY_PARAMS = _policy_params()

_ODD = [
    None, True, 0, 1, -3, 2.5, float("nan"), float("inf"), "", "x", "0.005", "1e3", " 1", "(",
    "a{99999999999}", [], ["a"], [1], ["a", 2], ("t",), {}, {"k": "v"}, {"k": ["v"]}, {1: "v"},
    Decimal("1.5"), "≥95%",
]  # fmt: skip


def _bent(given: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    out = dict(given)
    action = rnd.randrange(5)
    keys = list(out)
    if action == 0 and keys:
        out[rnd.choice(keys)] = rnd.choice(_ODD)
    elif action == 1 and keys:
        key = rnd.choice(keys)
        value = out[key]
        if isinstance(value, list) and value:
            out[key] = [*value[:-1], rnd.choice(_ODD)]
        elif isinstance(value, dict) and value:
            inner = rnd.choice(list(value))
            out[key] = {**value, inner: rnd.choice(_ODD)}
    elif action == 2 and keys:
        del out[rnd.choice(keys)]
    elif action == 3:
        out["no_such_param"] = 1
    else:
        for key in keys[: rnd.randrange(len(keys) + 1)]:
            out[key] = rnd.choice(_ODD)
    return out


def _same(cls: type[Params], given: dict[str, Any]) -> None:
    plain = plain_params(cls, given)
    try:
        validated = cls.model_validate(given)
    except ValidationError:
        assert plain is None, (cls.__qualname__, given)
        return
    if plain is None:
        return  # stepped aside: pydantic decides
    assert type(plain) is type(validated)
    assert plain.model_fields_set == validated.model_fields_set
    for name in cls.model_fields:
        a, b = getattr(plain, name), getattr(validated, name)
        assert a == b and type(a) is type(b), (cls.__qualname__, name, a, b)
    assert params_json(plain) == validated.model_dump(mode="json")


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__qualname__)
def test_plain_params_equal_pydantic_or_step_aside(cls: type[Params]) -> None:
    rnd = random.Random(cls.__qualname__)
    starts = [{}, *POLICY_PARAMS.get(cls, [])]
    for given in starts:
        _same(cls, given)
        for _ in range(300):
            _same(cls, _bent(given, rnd))
    assert params_json(default_params(cls)) == cls().model_dump(mode="json")


def test_the_policies_give_parameters_to_most_rules() -> None:
    assert len(POLICY_PARAMS) >= len(CLASSES) - 10


def test_most_rules_parameters_are_plain() -> None:
    """The fast path is taken (else start-up builds every validator again)."""
    plain = [c for c in CLASSES if plain_params(c, {}) is not None]
    assert len(plain) >= len(CLASSES) - 6
