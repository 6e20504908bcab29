"""The hygiene rules' quick tests never hide a hit (N005, N006, N007).

Most tables are clean, so N005–N007 first ask one question of a project's joined text and
return when the answer is no. These properties check each question against the per-string
checks it stands in front of, on strings built from the characters that matter.
"""

from __future__ import annotations

import re
import warnings

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rules import names
from rules.names import ExportArtefactParams, TyposParams, WhitespaceParams, tidy

# spaces of every kind, full- and half-width punctuation, CJK, Latin, line breaks
_ALPHABET = " \t\u3000\xa0中文项目，。；：、！？（）【】《》“”,.;:!?()aZ1\n"
_TEXTS = st.lists(st.text(alphabet=_ALPHABET, max_size=12), min_size=1, max_size=6)
HALF_WIDTH = tuple(WhitespaceParams().half_width.items())
#: Cheap properties: many examples, the same ones on every run (a red build is reproducible).
THOROUGH = settings(max_examples=500, derandomize=True, database=None, deadline=None)


@pytest.mark.slow
@THOROUGH
@given(_TEXTS)
@example(["中 ，文"]).via("a space before full-width punctuation")
@example(["项目 ", "a"]).via("a trailing space, then another string")
def test_n005_quick_test_covers_every_tidy_problem(texts: list[str]) -> None:
    joined = "\n".join(texts)  # as `project_text` joins a project's strings
    problems = [tidy(t, dict(HALF_WIDTH))[1] for t in texts if t.strip()]
    if any(problems):
        quick = names._SUSPECT_SPACE_RE.search(joined) or any(
            half and half in joined for half, _ in HALF_WIDTH
        )
        assert quick, (texts, problems)
    for text in texts:  # and the per-string shortcut agrees with the full check
        assert names._tidied(text, HALF_WIDTH)[1] == (
            tuple(tidy(text, dict(HALF_WIDTH))[1]) if text.strip() else ()
        )


@pytest.mark.slow
@THOROUGH
@given(_TEXTS, st.lists(st.text(alphabet="中文项目帐账其他它改过", min_size=1, max_size=3)))
def test_n006_quick_test_finds_every_typo_and_variant(texts: list[str], words: list[str]) -> None:
    params = TyposParams()
    typos = (*params.typos, *words)
    variants = params.variants
    joined = "\n".join(texts)
    any_word = [w for w in (*typos, *(m for g in variants for m in g)) if w and w in joined]
    found = names._any_word_regex(tuple(typos), variants).search(joined)
    assert bool(found) == bool(any_word)


_PIECES = st.sampled_from(
    ["[", "bookmark", ":", " ", "_GoBack", "]", "\\[", "\\]", ".", "*", "+", "?", "a", "中",
     "{1,2}", "(", ")", "|", "\\s", "\\d", "[a-z]", "^", "$"]
)  # fmt: skip


@pytest.mark.slow
@THOROUGH
@example(["a", "*"], "b").via("a quantified last character is optional")
@example(["\\[", "b", "?"], "[").via("likewise after an escape")
@given(
    st.lists(_PIECES, min_size=1, max_size=8), st.text(alphabet="[]bokmar:_GBc 中a\n", max_size=30)
)
def test_n007_literal_start_begins_every_match(pieces: list[str], text: str) -> None:
    pattern = "".join(pieces)
    try:
        with warnings.catch_warnings():  # "possible nested set": a pattern as written
            warnings.simplefilter("ignore", FutureWarning)
            compiled = re.compile(pattern)
    except re.error:
        return
    literal = names._literal_start(pattern)
    for match in compiled.finditer(text):
        if literal:
            assert text[match.start() :].startswith(literal), (pattern, text, literal)


def test_n007_default_patterns_have_a_quick_test() -> None:
    assert all(names._literal_start(p) for p in ExportArtefactParams().patterns)
