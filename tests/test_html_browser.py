"""The HTML report in a real headless Chromium (Debian's `chromium`, driven by Playwright).

The page is made the way a user makes it (`jxcheck check … --format html --output …`), opened
from disk, and read back from what the browser shows: no console error and no request leaving
the file, the seed's ten projects with the grades and counts of the JSON report, filters that
hide the right rows, the English switch, the print stylesheet, a project name full of HTML
shown as text, and hostile text in every field of a record and a policy (names, values,
descriptions, bases, goals, file names, a waiver's reason) shown as text with nothing run,
before and after the filters and the language switch. Without the browser the tests skip
locally and fail in CI (`CI` set).

`JXCHECK_SCREENSHOT=docs/report-screenshot.png pytest tests/test_html_browser.py` refreshes the
screenshot shown in the README.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from .conftest import ROOT, SEED

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("JXCHECK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = (
    '<script>window.__pwned=1</script>"onerror=window.__pwned=2 '
    '</textarea><img src=x onerror="window.__pwned=3"> 项目'
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[dev]')")
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        _missing(f"{CHROMIUM} is missing (apt-get install -y chromium fonts-noto-cjk)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def check(*args: str, cwd: Path = ROOT) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", "-q", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr


@pytest.fixture(scope="module")
def seed_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("html")
    html, data = out / "report.html", out / "report.json"
    check(
        str(SEED.relative_to(ROOT)),
        "--format",
        "html",
        "-o",
        str(html),
        "--format",
        "json",
        "-o",
        str(data),
    )
    return html, json.loads(data.read_text(encoding="utf-8"))


class Opened:
    """A page opened from disk, with what it logged and what it asked the network for."""

    def __init__(self, browser: Browser, path: Path, width: int = 1280) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page: Page = browser.new_page(viewport={"width": width, "height": 1000})
        self.page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None,
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def visible(self, selector: str) -> list[Any]:
        return [e for e in self.page.query_selector_all(selector) if e.is_visible()]


@pytest.fixture
def seed_page(browser: Browser, seed_files: tuple[Path, dict[str, Any]]) -> Iterator[Opened]:
    opened = Opened(browser, seed_files[0])
    yield opened
    opened.page.close()


def test_loads_with_no_console_error_and_no_network(seed_page: Opened) -> None:
    assert seed_page.errors == []
    assert all(u.startswith(("file:", "data:")) for u in seed_page.requests), seed_page.requests
    assert seed_page.page.title() == "预算项目绩效目标审核报告"


def test_shows_every_project_with_the_json_grades_and_counts(
    seed_page: Opened, seed_files: tuple[Path, dict[str, Any]]
) -> None:
    records = seed_files[1]["records"]
    rows = seed_page.visible("tr.project-row")
    assert len(rows) == len(records) == 10
    for row, record in zip(rows, records, strict=True):
        cells = [c.inner_text().strip() for c in row.query_selector_all("td")]
        # 序号, 项目编码, 项目名称, 预算数, 等级, 错误, 警告, 提示, 已豁免
        assert cells[1] == record["project_code"]
        assert cells[2] == record["project_name"].strip()
        assert cells[4] == record["grade"]
        counts = record["counts"]
        assert cells[5:8] == [str(counts["error"]), str(counts["warning"]), str(counts["info"])]
    sections = seed_page.visible("section.project[data-record]")
    assert [s.get_attribute("data-grade") for s in sections] == [r["grade"] for r in records]
    for section, record in zip(sections, records, strict=True):
        mine = [f for f in seed_files[1]["findings"] if f["project_code"] == record["project_code"]]
        assert len(section.query_selector_all("li.finding")) == len(mine)
    distribution = seed_files[1]["grades"]["records"]
    for grade, count in distribution.items():
        legend = seed_page.page.query_selector(f'li[data-legend-grade="{grade}"] .count')
        assert legend is not None and legend.inner_text().startswith(str(count))
    shown = seed_page.page.inner_text("#shown-count")
    data = seed_files[1]
    assert shown == str(sum(1 for f in data["findings"] if not data["rules"][f["rule"]]["tidy"]))


def test_severity_filter_hides_the_right_rows(
    seed_page: Opened, seed_files: tuple[Path, dict[str, Any]]
) -> None:
    data = seed_files[1]
    # whitespace and export artefacts (tidy rules) are folded apart: listed once opened
    tidy = [f for f in data["findings"] if data["rules"][f["rule"]].get("tidy")]
    findings = [f for f in data["findings"] if f not in tidy]
    assert tidy and len(seed_page.visible("li.finding")) == len(findings)
    folded = seed_page.page.query_selector_all("details.tidy li.finding")
    assert len(folded) == len(tidy) and not any(e.is_visible() for e in folded)
    seed_page.page.uncheck("#filter-warning")
    visible = seed_page.visible("li.finding")
    assert len(visible) == sum(1 for f in findings if f["severity"] != "warning")
    assert {v.get_attribute("data-severity") for v in visible} == {"error", "info"}
    listed = seed_page.page.query_selector_all("section > ol.findings > li.finding")
    hidden = [e for e in listed if not e.is_visible()]
    assert {h.get_attribute("data-severity") for h in hidden} == {"warning"}
    assert seed_page.page.inner_text("#shown-count") == str(len(visible))
    seed_page.page.uncheck("#filter-info")
    visible = seed_page.visible("li.finding")
    assert len(visible) == sum(1 for f in findings if f["severity"] == "error") == 6
    seed_page.page.check("#filter-warning")
    seed_page.page.check("#filter-info")
    assert len(seed_page.visible("li.finding")) == len(findings)


def test_rule_and_grade_filters(seed_page: Opened, seed_files: tuple[Path, dict[str, Any]]) -> None:
    data = seed_files[1]
    listed = [f for f in data["findings"] if not data["rules"][f["rule"]].get("tidy")]
    seed_page.page.select_option("#filter-rule", "V004")
    visible = seed_page.visible("li.finding")
    assert len(visible) == sum(1 for f in listed if f["rule"] == "V004")
    assert {v.get_attribute("data-rule") for v in visible} == {"V004"}
    seed_page.page.select_option("#filter-rule", "")
    seed_page.page.select_option("#filter-grade", "良")
    graded = [r for r in data["records"] if r["grade"] == "良"]
    sections = seed_page.visible("section.project")
    assert [s.get_attribute("data-grade") for s in sections] == ["良"] * len(graded)
    assert len(seed_page.visible("tr.project-row")) == len(graded)
    codes = {r["project_code"] for r in graded}
    assert len(seed_page.visible("li.finding")) == sum(
        1 for f in listed if f["project_code"] in codes
    )


def test_english_switch(seed_page: Opened) -> None:
    page = seed_page.page
    assert page.inner_text("h1") == "预算项目绩效目标审核报告"
    page.click("button[data-set-lang=en]")
    assert page.inner_text("h1") == "Budget project performance target review"
    assert page.get_attribute("html", "lang") == "en"
    assert page.title() == "Budget project performance target review"
    assert page.inner_text("#filter-rule option[value='']") == "All rules"
    assert "Projects" in page.inner_text("#overview h2")
    page.click("button[data-set-lang=zh]")
    assert page.inner_text("#overview h2") == "项目一览"
    assert seed_page.errors == []


def test_print_stylesheet_hides_the_controls(seed_page: Opened) -> None:
    page = seed_page.page
    assert page.is_visible("#filters")
    page.emulate_media(media="print")
    assert not page.is_visible("#filters") and not page.is_visible(".toolbar")
    assert page.is_visible("#overview")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_a_project_name_full_of_html_shows_as_text(browser: Browser, tmp_path: Path) -> None:
    """A YAML record whose name holds `<script>`, `"onerror=` and `</textarea>`."""
    document = yaml.safe_load(SEED.with_suffix(".yaml").read_text(encoding="utf-8"))
    project = {k: v for k, v in document["projects"][0].items() if v is not None}
    project.update(name=HOSTILE, goals=["<b>完成</b>不动产权登记 </textarea>"])
    record = {"format": "jxcheck/1", "kind": "project", **project}
    source = tmp_path / "hostile.yaml"
    source.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    html = tmp_path / "hostile.html"
    check(source.name, "--format", "html", "-o", str(html), cwd=tmp_path)
    opened = Opened(browser, html)
    try:
        page = opened.page
        assert page.evaluate("window.__pwned === undefined")
        assert page.query_selector_all("img") == []
        name = page.inner_text("tr.project-row td.name")
        assert name == HOSTILE
        assert HOSTILE in page.inner_text("section.project[data-record] h2")
        assert opened.errors == [], "no script ran and the CSP blocked nothing"
        assert all(u.startswith(("file:", "data:")) for u in opened.requests), opened.requests
    finally:
        opened.page.close()


def test_screenshot(seed_page: Opened, tmp_path: Path) -> None:
    target = os.environ.get("JXCHECK_SCREENSHOT")
    page = seed_page.page
    page.set_viewport_size({"width": 1280, "height": 2200})
    shot = page.screenshot(path=str(tmp_path / "report.png"))
    assert shot.startswith(b"\x89PNG")
    if target:
        Path(target).write_bytes(shot)


def test_every_string_from_records_and_policies_is_text(browser: Browser, tmp_path: Path) -> None:
    """Hostile text in every field a department or a policy writes: the department, Part 1,
    heading, unit, code, name, purpose, plan labels, goals, every indicator cell (so that rule
    messages quote it too), the file's own name, the policy's file name and a waiver's reason
    and approver. Nothing runs (no handler, no script, no request), nothing is blocked by the
    page's CSP (which would log an error), and each string reads back as the text it was."""
    marker = "window.__pwned"
    hostile = [
        f"<script>{marker}=1</script>",
        f'"onerror={marker}=2 x="',
        f"</textarea><img src=x onerror={marker}=3>",
        f"'><svg onload={marker}=4>",
        f"</title></style><iframe srcdoc='<script>parent.{marker}=5</script>'>",
        "{{ 7*7 }}{% raw %}${7*7}",
    ]

    def evil(n: int, suffix: str = "") -> str:
        return f"{hostile[n % len(hostile)]}{suffix}"

    document = yaml.safe_load(SEED.with_suffix(".yaml").read_text(encoding="utf-8"))
    document["department"] = evil(0, "数字经济局")
    document["overview"]["sections"][0]["paragraphs"] = [evil(1, "总体目标")]
    project = {k: v for k, v in document["projects"][0].items() if v is not None}
    project.update(
        heading=evil(2, "绩效目标表"),
        unit="471001" + evil(3),
        code=evil(1, "13073022P00883610001N"),
        name=evil(0, " 项目"),
        purpose=evil(4, "用于"),
        goals=[evil(5, "完成"), evil(1)],
    )
    project["spending_plan"][0]["label"] = evil(2, "3月底")
    for n, row in enumerate(project["indicators"]):
        row.update(
            name=evil(n, row["name"]),
            description=evil(n + 1, "描述"),
            value=evil(n + 2, "95%以上"),  # V001 quotes the value in its message
            basis=evil(n + 3, "资金发放后的效果"),  # F002 quotes the basis
        )
    document["projects"] = [project]
    name = "<svg onload=window.__pwned=6>.yaml"
    (tmp_path / name).write_text(
        yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    policy_name = "<img src=x onerror=window.__pwned=7>.yaml"
    (tmp_path / policy_name).write_text(
        "extends: national\n"
        "waivers:\n"
        "  - rule: V001\n"
        "    project: '*'\n"
        f"    reason: {json.dumps(evil(0, '豁免理由'), ensure_ascii=False)}\n"
        f"    approver: {json.dumps(evil(2, '预算科'), ensure_ascii=False)}\n"
        "    expires: 2099-12-31\n",
        encoding="utf-8",
    )
    html, data = tmp_path / "hostile.html", tmp_path / "hostile.json"
    check(
        name, "--policy", policy_name, "--format", "html", "-o", str(html),
        "--format", "json", "-o", str(data), cwd=tmp_path,
    )  # fmt: skip
    report = json.loads(data.read_text(encoding="utf-8"))
    assert any(f["waived"] for f in report["findings"]), "the waiver applied"
    quoted = [f["message"] for f in report["findings"] if f["rule"] in ("V001", "F002")]
    assert any("<" in m for m in quoted), "rule messages quote the hostile values"
    opened = Opened(browser, html)
    try:
        page = opened.page
        injected = "document.querySelectorAll('img,iframe,svg[onload],[onerror],[onload],textarea')"
        for step in ("loaded", "english", "filtered"):
            if step == "english":
                page.click("button[data-set-lang=en]")
            elif step == "filtered":
                page.select_option("#filter-rule", "V001")
                page.uncheck("#filter-info")
            assert page.evaluate(f"{marker} === undefined"), step
            assert page.evaluate(f"{injected}.length") == 0, step
        body = page.inner_text("body")
        page.click("button[data-set-lang=zh]")
        page.select_option("#filter-rule", "")
        page.check("#filter-info")
        body += page.inner_text("body")
        for text in (*hostile, name, policy_name, evil(0, "豁免理由"), evil(2, "预算科")):
            assert text.strip() in body, text
        assert "49" not in page.inner_text("section.project[data-record] h2")  # no template ran
        assert opened.errors == [], "no script ran and the CSP blocked nothing"
        assert all(u.startswith(("file:", "data:")) for u in opened.requests), opened.requests
    finally:
        opened.page.close()
