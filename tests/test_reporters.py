"""Every report format, as a user makes them: one `jxcheck check` run over the seed writes all.

Each format is then read back with a real consumer and compared with the JSON report: the SARIF
against the official SARIF 2.1.0 schema, the JUnit XML with junitparser, the workbook with
openpyxl. Synthetic reports (tests/report_samples.py) cover what the seed lacks: waivers,
baselines, disabled rules, an invalid record, hostile text.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from junitparser import Failure, JUnitXml, Skipped
from openpyxl import load_workbook

from checker.plugins import load_registry
from checker.reporters.github import GithubReporter, escape_data, escape_property
from checker.reporters.html import HtmlReporter
from checker.reporters.junit import JunitReporter
from checker.reporters.markdown import MarkdownReporter, md
from checker.reporters.sarif import SarifReporter
from checker.reporters.xlsx import XlsxReporter, display_width
from checker.reporting import RenderOptions

from .conftest import DATA, ROOT, SEED
from .report_samples import HOSTILE_NAME, sample_report

SARIF_SCHEMA = DATA / "schemas" / "sarif-schema-2.1.0.json"
FORMATS = {
    "json": "report.json",
    "html": "report.html",
    "xlsx": "report.xlsx",
    "sarif": "report.sarif",
    "junit": "junit.xml",
    "markdown": "memo.md",
    "github": "annotations.log",
}


def run_all_formats(out: Path) -> subprocess.CompletedProcess[str]:
    """`jxcheck check examples/….txt --format F --output FILE …` from the project root."""
    args = [sys.executable, "-m", "checker.cli", "check", str(SEED.relative_to(ROOT))]
    for fmt, name in FORMATS.items():
        args += ["--format", fmt, "--output", str(out / name)]
    return subprocess.run(
        args, capture_output=True, text=True, cwd=ROOT, timeout=300, env={**os.environ}
    )


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    proc = run_all_formats(out)
    assert proc.returncode == 1, proc.stderr  # the seed has errors (S002, V005, F002)
    assert "10 条记录" in proc.stdout, "the text summary still goes to the terminal"
    assert proc.stdout.count(": S002 error") == 2
    return out


@pytest.fixture(scope="module")
def seed_json(seed_run: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((seed_run / FORMATS["json"]).read_text(encoding="utf-8"))
    return data


def test_every_format_is_written(seed_run: Path) -> None:
    for name in FORMATS.values():
        assert (seed_run / name).stat().st_size > 0, name


@pytest.mark.slow
def test_all_formats_are_byte_identical_across_runs(seed_run: Path, tmp_path: Path) -> None:
    run_all_formats(tmp_path)
    for name in FORMATS.values():
        assert (tmp_path / name).read_bytes() == (seed_run / name).read_bytes(), name


def test_reporters_are_registered_through_the_hook() -> None:
    reporters = load_registry().reporters
    assert {"text", "json", *FORMATS} <= set(reporters)
    assert reporters["xlsx"].binary is True
    assert all(not reporters[n].binary for n in FORMATS if n != "xlsx")
    suffixes = [reporters[n].suffix for n in reporters]
    assert len(suffixes) == len(set(suffixes)), "a suffix names one format (--output FILE alone)"
    for r in reporters.values():
        assert r.description and "/" in r.description, f"{r.name}: Chinese / English description"


# --- grades in the JSON report -----------------------------------------------------------------


def test_seed_json_has_grades(seed_json: dict[str, Any]) -> None:
    records = seed_json["records"]
    assert len(records) == 10
    scale = [g["grade"] for g in seed_json["grades"]["scale"]]
    assert scale == ["优", "良", "中", "差"]
    assert all(r["grade"] in scale for r in records)
    assert seed_json["grades"]["records"] == dict(Counter(r["grade"] for r in records)) | {
        g: 0 for g in scale if g not in {r["grade"] for r in records}
    }
    # a project with an unwaived error is at best 中; T3 has V005 (error)
    for r in records:
        if r["counts"]["error"]:
            assert scale.index(r["grade"]) >= 2, r
        elif r["counts"]["warning"] > 3:
            assert r["grade"] == "中"
        elif r["counts"]["warning"]:
            assert r["grade"] == "良"
    # Part 1 has two S002 errors: the document is at least 中
    assert seed_json["documents"][0]["grade"] in ("中", "差")


# --- SARIF -----------------------------------------------------------------------------------------


def _sarif_validator() -> Draft7Validator:
    if not SARIF_SCHEMA.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{SARIF_SCHEMA} is missing")
        pytest.skip(f"{SARIF_SCHEMA} is missing")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def test_seed_sarif_is_valid_and_matches_the_json(
    seed_run: Path, seed_json: dict[str, Any]
) -> None:
    log = json.loads((seed_run / FORMATS["sarif"]).read_text(encoding="utf-8"))
    errors = sorted(_sarif_validator().iter_errors(log), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids) and set(seed_json["rules"]) <= set(ids)
    for r in rules:
        assert r["shortDescription"]["text"] and r["help"]["text"]
        assert r["helpUri"].endswith("#" + r["id"].lower())
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = run["results"]
    assert len(results) == len(seed_json["findings"])
    level = {"error": "error", "warning": "warning", "info": "note"}
    for result, f in zip(results, seed_json["findings"], strict=True):
        assert result["ruleId"] == f["rule"] and ids[result["ruleIndex"]] == f["rule"]
        assert result["level"] == level[f["severity"]]
        assert result["message"]["text"] == f["message"]
        assert result["partialFingerprints"]["jxcheck/v1"] == f["fingerprint"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "examples/000_57b4140ba813d59e.txt"
        assert physical["region"]["startLine"] == f["line"]
        assert "suppressions" not in result
    v001 = [r for r in results if r["ruleId"] == "V001"]
    assert v001[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 442


def test_sarif_waived_findings_are_suppressed_results() -> None:
    log = json.loads(SarifReporter().render(sample_report(), RenderOptions()))
    errors = list(_sarif_validator().iter_errors(log))
    assert not errors, [e.message for e in errors[:5]]
    results = log["runs"][0]["results"]
    (waived,) = [r for r in results if "suppressions" in r]
    assert waived["ruleId"] == "F002"
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "经局长批准 <b>",
            "properties": {"approver": "张三", "expires": "2099-12-31"},
        }
    ]
    (baselined,) = [r for r in results if r.get("baselineState")]
    assert baselined["ruleId"] == "B004" and baselined["baselineState"] == "unchanged"
    driver = log["runs"][0]["tool"]["driver"]
    disabled = [r for r in driver["rules"] if not r["defaultConfiguration"].get("enabled", True)]
    assert disabled == []  # disabled rules (N005, V010) have no metadata in the sample
    assert log["runs"][0]["properties"]["grades"]["records"][2]["grade"] == "优"


# --- JUnit -----------------------------------------------------------------------------------------


def test_seed_junit_parses_and_matches_the_json(seed_run: Path, seed_json: dict[str, Any]) -> None:
    xml = JUnitXml.fromfile(str(seed_run / FORMATS["junit"]))
    suites = list(xml)
    records = seed_json["records"]
    # Part 1 of the document, then one suite per project
    assert len(suites) == len(records) + 1
    assert suites[0].name.startswith("第一部分")
    findings = seed_json["findings"]
    for suite, record in zip(suites[1:], records, strict=True):
        assert suite.name.startswith(record["project_code"])
        mine = [f for f in findings if f["project_code"] == record["project_code"]]
        errors = {f["rule"] for f in mine if f["severity"] == "error" and not f["waived"]}
        failed = {c.name.split()[0] for c in suite if any(isinstance(r, Failure) for r in c.result)}
        assert failed == errors, record["project_code"]
        assert suite.failures == len(errors)
        names = [c.name.split()[0] for c in suite]
        # every rule that found something on the project has a case; passed controls too
        assert {f["rule"] for f in mine} <= set(names)
        assert len(names) > len({f["rule"] for f in mine})
        props = {p.name: p.value for p in suite.properties()}
        assert props["grade"] == record["grade"]
    part1 = {c.name.split()[0]: c for c in suites[0]}
    assert any(isinstance(r, Failure) for r in part1["S002"].result)
    failure = next(r for r in part1["S002"].result if isinstance(r, Failure))
    assert "000_57b4140ba813d59e.txt:15" in (failure.text or "")
    assert xml.failures == sum(s.failures for s in suites)


def test_junit_skips_waived_disabled_and_unrun(tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    path.write_text(JunitReporter().render(sample_report(), RenderOptions()), encoding="utf-8")
    suites = {s.name: s for s in JUnitXml.fromfile(str(path))}
    second = suites["13073023P00000000002B 第二个项目"]
    cases = {c.name.split()[0]: c for c in second}
    (skip,) = [r for r in cases["F002"].result if isinstance(r, Skipped)]
    assert skip.message == "已豁免: 经局长批准 <b>"
    assert any(isinstance(r, Skipped) for r in cases["B004"].result)  # baselined
    for rule in ("N005", "V010"):
        assert any(isinstance(r, Skipped) for r in cases[rule].result), rule
    # warnings below --fail-on pass, listed in system-out
    assert not cases["V004"].result and "提升 <b>" in (cases["V004"].system_out or "")
    hostile = next(s for s in suites.values() if HOSTILE_NAME.strip() in s.name)
    assert hostile.failures == 0
    invalid = next(s for s in suites.values() if s.name.startswith("bad.yaml"))
    statuses = {c.name.split()[0]: c.result for c in invalid}
    assert any(isinstance(r, Failure) for r in statuses["S001"])
    assert any(isinstance(r, Skipped) for r in statuses["V001"])  # never ran on it


# --- Excel -----------------------------------------------------------------------------------------


def test_seed_xlsx_rows_and_counts_equal_the_json(
    seed_run: Path, seed_json: dict[str, Any]
) -> None:
    wb = load_workbook(seed_run / FORMATS["xlsx"])
    tidy = [f for f in seed_json["findings"] if seed_json["rules"][f["rule"]].get("tidy")]
    listed = [f for f in seed_json["findings"] if f not in tidy]
    assert wb.sheetnames == [
        "项目汇总",
        "问题清单",
        *(["格式整理"] if tidy else []),
        "规则统计",
        "说明",
    ]
    projects = wb["项目汇总"]
    header = [c.value for c in projects[1]]
    assert header[:8] == [
        "序号",
        "文件",
        "项目编码",
        "项目名称",
        "预算单位",
        "预算数（万元）",
        "等级",
        "审核意见",
    ]
    assert projects.freeze_panes == "A2"
    rows = list(projects.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(seed_json["records"]) == 10
    col = {h: i for i, h in enumerate(header)}
    for row, record in zip(rows, seed_json["records"], strict=True):
        assert row[col["项目编码"]] == record["project_code"]
        assert row[col["项目名称"]] == record["project_name"].strip()
        assert row[col["等级"]] == record["grade"]
        # one verdict: the grade and its meaning, never "passed" beside "resubmit"
        assert row[col["审核意见"]].startswith(record["grade"] + "："), row[col["审核意见"]]
        assert "通过" not in row[col["审核意见"]]
        assert float(row[col["预算数（万元）"]]) == float(record["budget"])
        for name, key in (("错误", "error"), ("警告", "warning"), ("提示", "info")):
            assert row[col[name]] == record["counts"][key]
    # the name column fits its text (CJK counts double), capped and wrapped beyond
    widest = max(display_width(r[col["项目名称"]]) for r in rows)
    assert projects.column_dimensions["D"].width >= min(widest, 48)

    findings = wb["问题清单"]
    assert findings.freeze_panes == "A2"
    assert findings.auto_filter.ref == f"A1:S{len(listed) + 1}"
    frows = list(findings.iter_rows(min_row=2, values_only=True))
    if tidy:
        frows += list(wb["格式整理"].iter_rows(min_row=2, values_only=True))
    assert len(frows) == len(seed_json["findings"])
    fh = {c.value: i for i, c in enumerate(findings[1])}
    severity = {"error": "错误", "warning": "警告", "info": "提示"}
    for row, f in zip(frows, listed + tidy, strict=True):
        assert row[fh["规则"]] == f["rule"]
        assert row[fh["行"]] == f["line"]
        assert row[fh["级别"]] == severity[f["severity"]]
        assert row[fh["问题"]].startswith(f["message"])
        assert row[fh["指纹"]] == f["fingerprint"]
        if f["advice"]:
            assert row[fh["修改"]] == f["advice"]
    per_rule = {r[0]: r for r in wb["规则统计"].iter_rows(min_row=2, values_only=True)}
    counted = Counter((f["rule"], f["severity"]) for f in seed_json["findings"])
    for (rule, sev), n in counted.items():
        assert per_rule[rule][3 + ["error", "warning", "info"].index(sev)] == n


def test_xlsx_is_deterministic_and_never_writes_formulas() -> None:
    report = sample_report()
    report.records[0].project_name = '=HYPERLINK("http://example.invalid","x")\x0b'
    first = XlsxReporter().render(report, RenderOptions())
    assert first == XlsxReporter().render(report, RenderOptions())
    path_bytes = __import__("io").BytesIO(first)
    wb = load_workbook(path_bytes)
    cell = wb["项目汇总"]["D2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://example.invalid","x")'
    assert wb.properties.creator == "jxcheck"
    assert str(wb.properties.modified).startswith("2000-01-01")


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("ab") == 2
    assert display_width("项目名称") == 8
    assert display_width("（≥95%）") == 8  # full-width brackets are wide, ≥ is not
    assert display_width(None) == 0


# --- Markdown and GitHub -------------------------------------------------------------------


def test_seed_markdown_memo(seed_run: Path, seed_json: dict[str, Any]) -> None:
    memo = (seed_run / FORMATS["markdown"]).read_text(encoding="utf-8")
    assert memo.startswith("# 预算项目绩效目标审核报告\n")
    for r in seed_json["records"]:
        row = next(line for line in memo.splitlines() if f"| {r['project_code']} |" in line)
        assert f"| {r['grade']} |" in row
    assert memo.count("\n### ") == 11  # Part 1 and ten projects
    assert "| 项目审核等级 | 优 0 · 良" in memo


def test_markdown_escapes_record_text() -> None:
    memo = MarkdownReporter().render(sample_report(), RenderOptions())
    assert "<script>" not in memo and "</textarea>" not in memo
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in memo
    assert md("a|b*c_[d](e)") == r"a\|b\*c\_\[d\](e)"
    assert md("第一行\n第二行") == "第一行 第二行"


def test_seed_github_annotations(seed_run: Path, seed_json: dict[str, Any]) -> None:
    lines = (seed_run / FORMATS["github"]).read_text(encoding="utf-8").splitlines()
    findings = [f for f in seed_json["findings"] if not f["waived"]]
    assert len(lines) == len(findings) + len(seed_json["records"]) + 1
    command = {"error": "::error ", "warning": "::warning ", "info": "::notice "}
    for line, f in zip(lines, findings, strict=False):
        assert line.startswith(command[f["severity"]])
        assert f"file=examples/000_57b4140ba813d59e.txt,line={f['line']}," in line
        assert "\n" not in line
    assert lines[-1].startswith("::notice title=jxcheck::10 条记录")


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    out = GithubReporter().render(sample_report(), RenderOptions())
    assert all(line.startswith("::") for line in out.splitlines())
    # waived and baselined findings do not annotate
    assert "F002" not in out and "B004" not in out


# --- HTML (without a browser; see test_html_browser.py for Chromium) ------------------------


def test_html_escapes_everything_and_loads_nothing() -> None:
    page = HtmlReporter().render(sample_report(), RenderOptions())
    assert HOSTILE_NAME not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;/textarea&gt;" in page and "&#34;onerror=alert(1)" in page
    assert page.count("<script") == 1 and "<script src" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "no network loads"
    assert "@media print" in page
    csp = re.search(r"script-src '(sha256-[^']+)'", page)
    script = re.search(r"<script>(.*?)</script>", page, re.S)
    assert csp and script
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    assert csp.group(1) == f"sha256-{digest}", "the CSP hash allows exactly the page's script"


def test_html_has_both_languages_and_every_project() -> None:
    report = sample_report()
    page = HtmlReporter().render(report, RenderOptions(lang="en"))
    assert 'data-lang="en"' in page
    assert "预算项目绩效目标审核报告" in page and "Budget project performance target review" in page
    assert page.count('class="project-row"') == len(report.records)
    assert "title of V001" in page and "V001 的标题" in page
    assert "经局长批准 &lt;b&gt;" in page


def test_text_outputs_are_identical_for_identical_reports() -> None:
    for reporter in (
        HtmlReporter(),
        SarifReporter(),
        JunitReporter(),
        MarkdownReporter(),
        GithubReporter(),
    ):
        assert reporter.render(sample_report(), RenderOptions()) == reporter.render(
            sample_report(), RenderOptions()
        ), reporter.name
