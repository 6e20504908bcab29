"""Advice is written from the finding's own data: no fix text quotes another table's words.

Reports put a finding's advice (or, where the rule gives none, its documentation's 修改 text)
in the 修改 column that goes back to the department. The old N003 advised 写成“怀财预批〔2022〕66号”
for every 发文字号, 怀财字[2023]7号 included; G002 spoke of 工业设计服务 to a travel-cost project.

Every finding on the seed and on every document of the real-document corpus
(tests/data/realdocs), checked as a user checks it (`checker.api.check`, national policy), is held
to this: each quoted text of its advice (“…” and 「…」; '…', `…` and “…” in English) and of its
rule's 修改 section is in the finding's own data — its text, its message, the cell its pointer
(or one of its places) names, its project's name — or in the rule's own 检查/示例 sections.
Quotes written into the rules themselves are held to the rule's documentation statically: a
修改/Fix section quotes only what its 检查/What section defines, and a message or advice
template quotes literally only what the 检查/示例 sections show.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from checker import api
from checker.finding import Finding
from checker.i18n import Text
from checker.inputs import InputFile, LoadedDocument, ReadOptions
from checker.model import Document, Project
from checker.plugins import load_registry
from checker.readers.textexport import TextExportReader
from checker.reporting import Report
from checker.rule import DocumentContext, Hit, Rule, context_for, run_rule
from checker.source import list_index, split_pointer
from checker.testing import RuleCase, collect_cases

from .conftest import ROOT, SEED
from .realdocs import CORPUS

REGISTRY = load_registry()
BUILTIN = sorted((r for r in REGISTRY.rules.values() if r.plugin == "jxcheck"), key=lambda r: r.id)
DOCUMENTS = [SEED, *sorted(CORPUS.glob("*.txt"))]

# --- quotes ---------------------------------------------------------------------------------

#: Text a table could hold: a quote with neither a Chinese character nor a digit is a command
#: or a field name (`jxcheck check --fix`, `expires`), which no table lends.
_TABLE_TEXT_RE = re.compile(r"[\u3400-\u9fff0-9]")
_PAIRS = {"“": "”", "「": "」"}
#: '…' as English messages quote (an apostrophe inside a word is no quote), and `…`.
_EN_QUOTE_RE = re.compile(r"(?<![A-Za-z])'([^'\n]+?)'(?![A-Za-z])|`([^`\n]+)`")
#: A run of Chinese text in an English doc (with the brackets and digits written inside it).
_CJK_RUN_RE = re.compile(r"[\u3400-\u9fff〔〕][\u3400-\u9fff〔〕0-9.]*")


def zh_quotes(text: str) -> list[str]:
    """The texts inside “…” and 「…」, nested ones too (a name quoting “民参军” inside a quote)."""
    found: list[str] = []
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        if char in _PAIRS:
            stack.append((_PAIRS[char], index + 1))
        elif stack and char == stack[-1][0]:
            _, start = stack.pop()
            found.append(text[start:index])
    return [q for q in found if _TABLE_TEXT_RE.search(q)]


def en_quotes(text: str) -> list[str]:
    """The texts inside '…', `…` and “…” of an English text."""
    found = [a or b for a, b in _EN_QUOTE_RE.findall(text)]
    return [q for q in found if _TABLE_TEXT_RE.search(q)] + zh_quotes(text)


# --- a rule's documentation -------------------------------------------------------------------

_ZH_SECTIONS = ("检查", "原因", "示例", "修改")
_EN_SECTIONS = ("What", "Why", "Example", "Fix")


def sections(text: str, names: tuple[str, ...], mark: str) -> dict[str, str]:
    """A doc half cut at its section labels (`检查：` … at the start of a line)."""
    labels = "|".join(re.escape(n) for n in names)
    parts = re.split(rf"^({labels}){re.escape(mark)}", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def zh_doc(rule: Rule) -> dict[str, str]:
    return sections(rule.doc.zh, _ZH_SECTIONS, "：")


def en_doc(rule: Rule) -> dict[str, str]:
    return sections(rule.doc.en, _EN_SECTIONS, ":")


def _folded(text: str) -> str:
    """Whitespace removed: a docstring wraps its lines inside a quote."""
    return re.sub(r"\s+", "", text)


def _in(quote: str, haystack: str) -> bool:
    return quote in haystack or _folded(quote) in _folded(haystack)


# --- the finding's own data -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Checked:
    """One document checked as a user checks it, with its model (to read the cells)."""

    report: Report
    documents: tuple[Document, ...]


@cache
def checked(path: Path) -> Checked:
    report = api.check([path], jobs=1)
    loaded = TextExportReader().read(InputFile(path.name, path.read_bytes()), ReadOptions())
    return Checked(report, tuple(i.document for i in loaded if isinstance(i, LoadedDocument)))


def _value_at(root: Any, pointer: str) -> Any:
    current = root
    for token in split_pointer(pointer):
        if isinstance(current, list):
            index = list_index(token)
            current = current[index] if index is not None and index < len(current) else None
        else:
            current = getattr(current, token, None)
        if current is None:
            return None
    return current


def own_data(done: Checked, finding: Finding) -> str:
    """Everything the finding is about, as the department wrote it or the message says it."""
    parts = [finding.message.zh, finding.message.en, finding.text or "", finding.project_name or ""]
    parts += [place.text or "" for place in finding.places]
    root: Any = done.documents[0] if len(done.documents) == 1 else None
    if finding.record is not None:  # records are numbered across the file's documents
        records = done.report.records
        record = records[finding.record]
        same = [i for i, r in enumerate(records) if r.document == record.document]
        root = done.documents[record.document or 0].projects[same.index(finding.record)]
    for pointer in (finding.pointer, *(place.pointer for place in finding.places)):
        value = _value_at(root, pointer) if root is not None else None
        if isinstance(value, str):
            parts.append(value)
    return "\n".join(parts)


def borrowed(rule: Rule, advice: Text | None, data: str) -> list[str]:
    """The quotes of a finding's advice and of its rule's 修改/Fix sections that are neither in
    the finding's own data nor in the rule's 检查/示例 (What/Example) sections."""
    zh, en = zh_doc(rule), en_doc(rule)
    defined = "\n".join(
        (zh.get("检查", ""), zh.get("示例", ""), en.get("What", ""), en.get("Example", ""))
    )
    quotes = zh_quotes(zh.get("修改", "")) + en_quotes(en.get("Fix", ""))
    if advice is not None:
        quotes += zh_quotes(advice.zh) + en_quotes(advice.en)
    return [q for q in quotes if not _in(q, data) and not _in(q, defined)]


def findings() -> Iterator[tuple[str, Checked, Finding]]:
    for path in DOCUMENTS:
        done = checked(path)
        for finding in done.report.findings:
            yield path.name, done, finding


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_quote_of_the_advice_is_the_findings_own(path: Path) -> None:
    done = checked(path)
    problems = []
    for finding in done.report.findings:
        rule = REGISTRY.rules.get(finding.rule)
        if rule is None or rule.plugin != "jxcheck":
            continue
        for quote in borrowed(rule, finding.advice, own_data(done, finding)):
            problems.append(f"{finding.rule} line {finding.line}: “{quote}”")
    assert not problems, problems


def test_advice_is_given_on_the_seed_and_the_corpus() -> None:
    """The rules that can build their advice do (a test of quotes passes on no advice at all)."""
    advised = {f.rule for _, _, f in findings() if f.advice is not None}
    assert advised >= {"N003", "N005", "P001", "V001", "V002", "F002", "B003", "G001"}
    assert {r.id for r in BUILTIN if r.advice} >= advised


def test_one_defect_in_several_places_is_one_finding() -> None:
    """Seed table 2 writes its plan ` 30`, ` 60`, ` 90`, `100%`: one P001 finding, at the first
    cell, with the other three as its places, each keeping its own fix (--fix applies all)."""
    (p001,) = [f for f in checked(SEED).report.findings if f.rule == "P001"]
    assert (p001.line, p001.text) == (139, " 30")
    assert [(p.line, p.text) for p in p001.places] == [(140, " 60"), (141, " 90"), (142, "100%")]
    assert [fix.value for fix in p001.fixes] == ["30", "60", "90", "100"]
    assert p001.advice is not None and "“30”“60”“90”“100”" in p001.advice.zh


def test_n003_advises_the_findings_own_document_number() -> None:
    n003 = [f for _, _, f in findings() if f.rule == "N003" and "怀财字" in (f.text or "")]
    assert n003
    for finding in n003:
        assert finding.advice is not None
        assert finding.advice.zh == "写成“怀财字〔2023〕7号”"
        assert "怀财预批" not in finding.advice.zh


@pytest.mark.parametrize("rule", BUILTIN, ids=lambda r: r.id)
def test_the_fix_section_quotes_only_what_the_rule_defines(rule: Rule) -> None:
    """修改/Fix is general advice: it may quote the rule's own terms (〔〕, 调查问卷 …) as its
    检查/What section defines them, never an example taken from some table."""
    zh, en = zh_doc(rule), en_doc(rule)
    defined = zh.get("检查", "") + "\n" + en.get("What", "")
    fix = en.get("Fix", "")
    # English quotes little: the Chinese it writes is the quoted text (数量指标, 〔〕 …)
    runs = [run.rstrip(".") for run in _CJK_RUN_RE.findall(fix)]
    quotes = zh_quotes(zh.get("修改", "")) + en_quotes(fix) + runs
    assert [q for q in quotes if not _in(q, defined)] == []


@pytest.mark.parametrize("rule", BUILTIN, ids=lambda r: r.id)
def test_templates_quote_literally_only_what_the_doc_shows(rule: Rule) -> None:
    """A quote a message or advice template writes out (not filled from the hit) is one of the
    rule's 检查/示例 texts: a form the rule asks for, not a value from the seed."""
    zh, en = zh_doc(rule), en_doc(rule)
    shown = "\n".join(
        (zh.get("检查", ""), zh.get("示例", ""), en.get("What", ""), en.get("Example", ""))
    )
    templates = [*rule.messages.values(), *rule.advice.values()]
    literal = [
        q
        for t in templates
        for q in zh_quotes(t.zh) + en_quotes(t.en)
        if "{" not in q and not _in(q, shown)
    ]
    assert literal == []


@pytest.mark.parametrize(
    ("rule_id", "project", "advice"),
    [
        (
            "B002",
            {"money_unit": "万元", "budget": {"total": "50", "fiscal": "50", "other": "500000元"}},
            "换算为表头单位（万元）后只填数字：50",
        ),
        (
            "V008",
            {"indicators": [{"level1": "满意度指标", "name": "企业满意度", "value": "85%"}]},
            "写成“≥85%”",
        ),
        (
            "N006",
            {"indicators": [{"name": "技改项目数", "description": "通过技术改过提升水平"}]},
            "把“技术改过”改为“技术改造”",
        ),
    ],
)
def test_advice_is_built_from_the_hits_own_value(
    rule_id: str, project: dict[str, Any], advice: str
) -> None:
    rule = REGISTRY.rules[rule_id]
    model = Project.model_validate(project)
    context = context_for(rule, rule.params(), 2023, Document(projects=[model]), 0, True)
    (hit,) = run_rule(rule, model, context)
    filled = rule.advice_for(hit.message, hit.args)
    assert filled is not None and filled.zh == advice


CASES = [c for c in collect_cases(ROOT / "tests" / "rules" / "cases") if c.rule in REGISTRY.rules]


def _case_hits(rule: Rule, case: RuleCase) -> list[Hit]:
    """A rule's hits on a case's input, as `checker.testing` runs it (project and document
    cases: batch rules give no advice that needs more than their message)."""
    params = rule.params.model_validate(case.params)
    if case.input_kind == "project":
        project = Project.model_validate(case.data)
        document = Document(projects=[project], budget_year=case.budget_year)
        ctx = context_for(rule, params, case.budget_year, document, 0, True)
        return run_rule(rule, project, ctx)
    if case.input_kind == "document":
        document = Document.model_validate({"budget_year": case.budget_year, **case.data})
        return run_rule(rule, document, DocumentContext(params, case.budget_year, False))
    return []


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_hit_of_every_rule_case_fills_its_advice(case: RuleCase) -> None:
    """An advice template naming an argument some hit lacks would make the engine report the
    rule as crashed (X001) on that table: every case's every hit fills its advice."""
    rule = REGISTRY.rules[case.rule]
    for hit in _case_hits(rule, case):
        advice = rule.advice_for(hit.message, hit.args)
        assert advice is not None or not rule.advice, (rule.id, hit.message)
        for place in hit.places:
            assert place.pointer != hit.pointer, "a further place is another place"


def test_the_check_names_a_borrowed_quote() -> None:
    """The check can fail: the old N003 documentation and a copied advice are caught on a
    finding about 怀财字[2023]7号."""
    n003 = REGISTRY.rules["N003"]

    def old_n003(*_: object) -> Iterator[Hit]:
        """发文字号的年份应使用六角括号〔〕。

        检查：项目名称中的发文字号括号不是〔〕时提示。
        原因：GB/T 9704-2012。
        示例：“怀财预批【2022】66号”“怀财字[2023]7号”。
        修改：写成“怀财预批〔2022〕66号”。
        ---
        What: a 发文字号 whose brackets are not 〔〕.
        Why: GB/T 9704-2012.
        Example: 怀财预批【2022】66号, 怀财字[2023]7号.
        Fix: write `怀财预批〔2022〕66号`.
        """
        yield from ()

    old = dataclasses.replace(n003, func=old_n003)
    data = "发文字号“怀财字[2023]7号”的年份应使用六角括号〔〕：怀财字〔2023〕7号\n怀财字[2023]7号"
    assert borrowed(old, None, data) == ["怀财预批〔2022〕66号", "怀财预批〔2022〕66号"]
    copied = Text("写成“怀财预批〔2022〕66号”", "write '怀财预批〔2022〕66号'")
    assert "怀财预批〔2022〕66号" in borrowed(n003, copied, data)
    assert borrowed(n003, n003.advice_for("default", {"fixed": "怀财字〔2023〕7号"}), data) == []
