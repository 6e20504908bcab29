"""End to end: `jxcheck serve` in a subprocess on a free loopback port, driven in headless Chromium.

Playwright for Python drives Debian's chromium (`/usr/bin/chromium`; never `playwright install`).
The test uploads the seed on the page, reads the 10 projects with their grades and counts from
the report and compares them with `jxcheck check --format json`, downloads the Excel workbook
and opens it with openpyxl, switches the language, and shows that a document holding `<script>`
is displayed as text and runs nothing; an upload with a file the check cannot read gets the
report of the others with that file's S000 line, as `jxcheck check` does. No request leaves the
server. A desk started with
`--token` is used from its page the same way (the token travels in the address of its posts);
a page on another site whose form posts to the desk as it loads is refused (403 `cross_site`).
Without Playwright or the browser the tests skip locally and fail in CI (`CI` set).

`JXCHECK_SERVE_SCREENSHOT=docs/serve-screenshot.png pytest tests/test_web_browser.py` refreshes
the screenshot shown in docs/serve.md.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SEED

CHROMIUM = Path(os.environ.get("JXCHECK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)


try:
    from playwright import sync_api
except ImportError:
    _missing("playwright is not installed (pip install -e '.[dev]')")
for module in ("starlette", "uvicorn", "python_multipart", "openpyxl"):
    try:
        __import__(module)
    except ImportError:
        _missing(f"{module} is not installed (pip install -e '.[dev]')")
if not CHROMIUM.exists():
    _missing(f"{CHROMIUM} is missing (apt-get install -y chromium fonts-noto-cjk)")

pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore::ResourceWarning")]


SERVE = (sys.executable, "-m", "checker.cli", "serve", "--host", "127.0.0.1", "--port", "0")


@contextmanager
def running_server(*args: str) -> Iterator[str]:
    """`jxcheck serve --port 0 ARGS` (the OS picks a free port; the server prints its URL)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [*SERVE, *args],
        cwd=SEED.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        if "http://" not in first:
            process.kill()
            _, err = process.communicate(timeout=10)
            pytest.fail(f"jxcheck serve did not start: {first!r} {err!r}")
        url = first[first.index("http://") :].split()[0]
        print(f"server up in {time.perf_counter() - started:.2f}s at {url}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1360, "height": 900}, accept_downloads=True, locale="zh-CN"
    )
    page = context.new_page()
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.problems = problems
    yield page
    context.close()
    outside = [u for u in requests if not u.startswith(("http://127.0.0.1:", "blob:", "data:"))]
    assert outside == [], "nothing is loaded from elsewhere"


def cli_report() -> dict[str, Any]:
    run = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", SEED.name, "--format", "json"],
        cwd=SEED.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert run.returncode == 1, run.stderr
    report: dict[str, Any] = json.loads(run.stdout)
    return report


def check_files(page: Any, *paths: Path) -> Any:
    """Pick files on the page, press the check button, and wait for the report frame."""
    page.set_input_files("#files", [str(p) for p in paths])
    started = time.perf_counter()
    page.click("#check-button")
    page.wait_for_selector("#result.has-report", timeout=30_000)
    print(f"checked on the page in {time.perf_counter() - started:.2f}s")
    return page.frame_locator("#report-frame")


def test_the_seed_on_the_page_matches_the_cli(server: str, page: Any, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    expected = cli_report()
    page.goto(server)
    assert page.locator("h1 .zh").inner_text() == "绩效目标审核台"
    assert page.locator("#policy").input_value() == "national"
    report = check_files(page, SEED)

    rows = report.locator("tr.project-row")
    sync_api.expect(rows).to_have_count(10)
    seen = []
    for i in range(rows.count()):
        cells = [c.strip() for c in rows.nth(i).locator("td").all_inner_texts()]
        # No., code, name, budget, grade, error, warning, info, waived
        seen.append(
            {
                "project_code": cells[1],
                "grade": cells[4],
                "counts": {"error": int(cells[5]), "warning": int(cells[6]), "info": int(cells[7])},
            }
        )
    assert seen == [
        {"project_code": r["project_code"], "grade": r["grade"], "counts": r["counts"]}
        for r in expected["records"]
    ]
    summary = expected["summary"]["findings"]
    sev = report.locator(".sev-counts")
    for severity in ("error", "warning", "info"):
        assert sev.locator(f".{severity} b").inner_text() == str(summary[severity])

    # The screenshot for the docs: the form and the top of the report.
    page.set_viewport_size({"width": 1360, "height": 1500})
    page.evaluate("window.scrollTo(0, 0)")
    shot = page.screenshot(path=str(tmp_path / "serve.png"), full_page=False)
    assert shot.startswith(b"\x89PNG")
    if target := os.environ.get("JXCHECK_SERVE_SCREENSHOT"):
        Path(target).write_bytes(shot)

    # The Excel download, opened with openpyxl.
    started = time.perf_counter()
    with page.expect_download() as info:
        page.click("button[data-download='xlsx']")
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    print(f"xlsx downloaded in {time.perf_counter() - started:.2f}s")
    assert target.suffix == ".xlsx" and target.name.startswith("000_57b4140ba813d59e")
    book = load_workbook(target, read_only=True)
    sheet = book.worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(values) if "项目编码" in row)
    code_col = values[header].index("项目编码")
    grade_col = next(i for i, v in enumerate(values[header]) if v and "等级" in str(v))
    workbook_rows = {row[code_col]: row[grade_col] for row in values[header + 1 :] if row[code_col]}
    assert workbook_rows == {r["project_code"]: r["grade"] for r in expected["records"]}

    # The JSON download is the CLI's report.
    with page.expect_download() as info:
        page.click("button[data-download='json']")
    json_file = tmp_path / "report.json"
    info.value.save_as(json_file)
    assert json.loads(json_file.read_text("utf-8")) == expected
    assert page.problems == []


def test_language_switch_keeps_files_and_switches_the_report(server: str, page: Any) -> None:
    page.goto(server)
    page.set_input_files("#files", str(SEED))
    page.click("[data-set-lang='en']")
    assert page.locator("html").get_attribute("data-lang") == "en"
    assert page.locator("#check-button .en").inner_text() == "Check"
    assert page.locator("#file-list li").count() == 1  # the chosen file stays
    page.click("#check-button")
    page.wait_for_selector("#result.has-report", timeout=30_000)
    frame = page.frame_locator("#report-frame")
    sync_api.expect(frame.locator("html")).to_have_attribute("data-lang", "en")
    page.click("[data-set-lang='zh']")
    sync_api.expect(frame.locator("html")).to_have_attribute("data-lang", "zh")
    assert page.problems == []


def test_a_document_with_script_shows_it_as_text(server: str, page: Any, tmp_path: Path) -> None:
    name = "怀财预批【2022】66号 张家口怀来大数据产业基地科技创新园区项目土地相关经费"
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(SEED.read_text("utf-8").replace(name, name + HOSTILE), "utf-8")
    page.goto(server)
    report = check_files(page, hostile)
    first = report.locator("tr.project-row").first.locator("td.name")
    assert HOSTILE in first.inner_text()
    frame = page.frame(name="report-frame")
    assert frame.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.problems == []  # no dialog, no console error, nothing blocked by the CSP


def unreadable_lines(report: Any) -> list[tuple[str, str]]:
    """(place, message) of each S000 finding the report frame shows."""
    items = report.locator("li.finding[data-rule='S000']")
    return [
        (
            items.nth(i).locator(".loc").get_attribute("title") or "",
            items.nth(i).locator(".msg").inner_text(),
        )
        for i in range(items.count())
    ]


def test_an_unreadable_file_among_several_still_gets_a_report(
    server: str, page: Any, tmp_path: Path
) -> None:
    """The seed and a .docx of random bytes: the seed's projects and findings, and the .docx
    listed as the CLI lists it (S000 with its one-line reason, the file's name)."""
    broken = tmp_path / "broken.docx"
    broken.write_bytes(random.Random(16).randbytes(4096))
    run = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", str(SEED), str(broken), "--format", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert run.returncode == 1, run.stderr
    expected = json.loads(run.stdout)
    expected_s000 = [f for f in expected["findings"] if f["rule"] == "S000"]
    assert len(expected_s000) == 1

    page.goto(server)
    report = check_files(page, SEED, broken)
    sync_api.expect(report.locator("tr.project-row")).to_have_count(10)
    # the seed's own findings are there: its errors, by rule, as the CLI counts them
    seed_errors = sorted(
        f["rule"] for f in expected["findings"] if f["severity"] == "error" and f["rule"] != "S000"
    )
    shown_errors = report.locator("li.finding[data-severity='error']:not([data-rule='S000'])")
    sync_api.expect(shown_errors).to_have_count(len(seed_errors))
    assert sorted(shown_errors.evaluate_all("els => els.map(e => e.dataset.rule)")) == seed_errors
    assert unreadable_lines(report) == [("broken.docx", expected_s000[0]["message"])]
    sync_api.expect(page.locator("#alert")).to_be_hidden()
    status = page.locator("#status")
    sync_api.expect(status).to_contain_text("未能检查")
    assert "broken.docx" in status.inner_text().split("未能检查")[1]
    assert SEED.name in status.inner_text().split("未能检查")[0]
    assert page.problems == []


def test_files_no_reader_takes_are_listed_in_the_report(
    server: str, page: Any, tmp_path: Path
) -> None:
    """A picture is announced before the upload, not refused; an upload of nothing readable is
    a report of S000 lines (a broken YAML with its line); with `unreadable=reject` the desk
    refuses instead, and the page shows why."""
    page.goto(server)
    picture = tmp_path / "scan.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    broken = tmp_path / "broken.yaml"
    broken.write_text("projects:\n  - name: [1,\n", "utf-8")
    page.set_input_files("#files", [str(picture), str(broken)])
    alert = page.locator("#alert")
    sync_api.expect(alert).to_be_visible()
    assert "scan.png" in alert.inner_text() and "S000" in alert.inner_text()
    assert "note" in (alert.get_attribute("class") or "")
    report = check_files(page, picture, broken)
    lines = unreadable_lines(report)
    places = dict(lines)
    assert sorted(places) == ["broken.yaml:3", "scan.png"]
    assert "不支持的文件" in places["scan.png"]
    sync_api.expect(report.locator("tr.project-row")).to_have_count(0)
    sync_api.expect(page.locator("#status")).to_contain_text("scan.png、broken.yaml")

    # A client may still ask to be refused (the API's `unreadable=reject`): a clear message.
    page.evaluate(
        """() => {
        const field = document.createElement("input");
        field.type = "hidden"; field.name = "unreadable"; field.value = "reject";
        document.getElementById("check-form").appendChild(field);
    }"""
    )
    page.click("#file-list button")  # remove the picture
    page.click("#check-button")
    sync_api.expect(alert).to_contain_text("broken.yaml", timeout=30_000)
    assert "无法读取" in alert.inner_text()
    assert not page.locator("#result").evaluate("e => e.classList.contains('has-report')")


TOKEN = "page-token-1"


@pytest.mark.slow
def test_a_protected_desk_checks_from_its_page(browser: Any, tmp_path: Path) -> None:
    """With --token the page carries the token in the address of its posts (checked before
    the upload is read): checking and downloading work as without a token."""
    with running_server("--token", TOKEN) as url:
        context = browser.new_context(accept_downloads=True, locale="zh-CN")
        page = context.new_page()
        try:
            assert page.goto(url).status == 401  # the page asks for the token
            page.fill("input[name=token]", TOKEN)
            page.click("button[type=submit]")
            page.wait_for_selector("#check-form")
            report = check_files(page, SEED)
            sync_api.expect(report.locator("tr.project-row")).to_have_count(10)
            with page.expect_download() as info:
                page.click("button[data-download='json']")
            target = tmp_path / "report.json"
            info.value.save_as(target)
            assert json.loads(target.read_text("utf-8")) == cli_report()
        finally:
            context.close()


def test_a_page_on_another_site_cannot_post_to_the_desk(server: str, browser: Any) -> None:
    """A page elsewhere with a form that posts to the desk as soon as it loads (what a
    malicious site would do to a reviewer who has the desk open): the desk refuses it."""
    evil = f"""<!DOCTYPE html><html><body>
<form id="f" method="post" enctype="multipart/form-data" action="{server}api/report/html">
<input type="hidden" name="policy" value="national"></form>
<script>document.getElementById("f").submit();</script></body></html>"""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.route(
            "http://evil.example/**",
            lambda route: route.fulfill(status=200, content_type="text/html", body=evil),
        )
        with page.expect_response(lambda r: r.url.startswith(server)) as answer:
            page.goto("http://evil.example/")
        response = answer.value
        assert response.status == 403
        assert "cross_site" in response.text()
    finally:
        context.close()
