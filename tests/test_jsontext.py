"""checker.jsontext writes what `json.dumps(…, ensure_ascii=False, indent=N)` writes, to the
character: the JSON report, SARIF and baselines must not change by a byte for being faster."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.jsontext import indented

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
)
_KEYS = st.text(max_size=6) | st.integers(-5, 5) | st.floats(allow_nan=False) | st.booleans()
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(_KEYS, inner, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(_VALUES, st.sampled_from([0, 1, 2, 4]))
def test_same_text_as_json_dumps(value: Any, indent: int) -> None:
    assert indented(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": {}, "b": [], "c": [[]], "d": [{}]},
        {"finding": {"rule": "N005", "places": [], "location": None, "line": 3}},
        [1, [2, [3, [4]]], {"深": {"更深": ["值", 1.5, math.inf, -math.inf]}}],
        {"引号": '"\\\n\t\u2028\x00', "ctl": "\x1f"},
        "top-level text",
        12,
        None,
    ],
)
def test_edge_shapes(value: Any) -> None:
    for indent in (0, 2, 3):
        assert indented(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


def test_nan_written_as_json_writes_it() -> None:
    assert indented({"x": math.nan, math.nan: [math.nan]}) == json.dumps(
        {"x": math.nan, math.nan: [math.nan]}, ensure_ascii=False, indent=2
    )


def test_what_json_refuses_is_refused() -> None:
    with pytest.raises(TypeError):
        indented({"x": object()})
    with pytest.raises(TypeError):
        indented({("tuple", "key"): 1})
    with pytest.raises(TypeError):
        indented({"nested": {"x": {1, 2}}, "more": [1, [2]]})
