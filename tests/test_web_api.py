"""`jxcheck serve`'s HTTP API and page, through Starlette's test client (no network).

The seed through `POST /api/check` must be byte for byte what `jxcheck check --format json`
prints for the same file and policy (the CLI run from the seed's folder, so that both name the
file by its bare name); so must an upload holding files the check cannot read (each an S000
finding, the others checked, as in the CLI), and with `unreadable=reject` those are clear 4xx
answers instead; limits, the token, escaping and the OpenAPI document are checked here too. The
browser test is test_web_browser.py.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SEED

pytest.importorskip("starlette")
pytest.importorskip("python_multipart")
pytest.importorskip("httpx")
pytest.importorskip("jinja2")

with warnings.catch_warnings():  # Starlette prefers the `httpx2` fork; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from checker.plugins import load_registry
from checker.web.app import create_app
from checker.web.config import (
    LOOPBACK_NAMES,
    ServerConfig,
    build_policy_choices,
    exposure_warning,
    is_loopback,
)
from checker.web.uploads import MIB, Limits, clean_filename

# Starlette warns that its test client prefers the `httpx2` fork; httpx works.
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")

SEED_NAME = SEED.name
TOKEN = "s3cret-token"
SCRIPT = "<script>alert(1)</script>"


def make_client(**changes: Any) -> TestClient:
    registry = load_registry()
    config = ServerConfig(policies=build_policy_choices(registry), **changes)
    return TestClient(create_app(config, registry))


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with make_client() as c:
        yield c


def seed_upload(name: str = SEED_NAME, data: bytes | None = None) -> list[Any]:
    return [("files", (name, SEED.read_bytes() if data is None else data, "text/plain"))]


def cli_json_in(folder: Path, *args: str) -> bytes:
    """`jxcheck check ARGS --format json` run in `folder` (files named by their bare names)."""
    run = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", *args, "--format", "json"],
        cwd=folder,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert run.returncode == 1, run.stderr.decode()
    return run.stdout


def cli_json(*args: str) -> bytes:
    """`jxcheck check <seed> --format json …` run from the seed's folder (bare file name)."""
    run = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", SEED_NAME, "--format", "json", *args],
        cwd=SEED.parent,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert run.returncode == 1, run.stderr.decode()
    return run.stdout


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    error: dict[str, Any] = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == response.status_code
    assert error["message"]["zh"] and error["message"]["en"]
    return error


# --- the report equals the CLI's ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fields", "cli_args"),
    [
        ({}, []),
        ({"policy": "national"}, ["--policy", "national"]),
        ({"policy": "hebei", "lang": "en"}, ["--policy", "hebei", "--lang", "en"]),
        (
            {"policy": "national", "fail_on": "never"},
            ["--policy", "national", "--fail-on", "never"],
        ),
    ],
    ids=["default", "national", "hebei-en", "fail-on-never"],
)
def test_seed_through_the_api_equals_the_cli_json(
    client: TestClient, fields: dict[str, str], cli_args: list[str]
) -> None:
    if "--fail-on" in cli_args:  # exit status 0 then
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "checker.cli",
                "check",
                SEED_NAME,
                "--format",
                "json",
                *cli_args,
            ],
            cwd=SEED.parent,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=True,
        )
        expected = run.stdout
    else:
        expected = cli_json(*cli_args)
    response = client.post("/api/check", files=seed_upload(), data=fields)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.content == expected
    report = response.json()
    assert report["files"][0]["file"] == SEED_NAME
    assert report["summary"]["records"] == 10
    assert all(r["grade"] for r in report["records"])


@pytest.mark.slow
def test_report_downloads_in_every_page_format(client: TestClient) -> None:
    from openpyxl import load_workbook

    expected = json.loads(cli_json())
    for fmt, media in [
        ("html", "text/html"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("json", "application/json"),
        ("sarif", "application/sarif+json"),
    ]:
        response = client.post(f"/api/report/{fmt}", files=seed_upload())
        assert response.status_code == 200, (fmt, response.text)
        assert response.headers["content-type"].startswith(media)
        disposition = response.headers["content-disposition"]
        assert disposition.startswith("attachment;")
        assert "000_57b4140ba813d59e-jxcheck-report." in disposition
        assert response.headers["x-jxcheck-exit-status"] == "1"
        if fmt == "xlsx":
            book = load_workbook(io.BytesIO(response.content), read_only=True)
            rows = list(book.worksheets[0].iter_rows(values_only=True))
            codes = {r["project_code"] for r in expected["records"]}
            assert codes <= {cell for row in rows for cell in row}
        elif fmt == "sarif":
            assert json.loads(response.content)["version"] == "2.1.0"
        elif fmt == "json":
            assert json.loads(response.content) == expected
    inline = client.post("/api/report/html?disposition=inline", files=seed_upload())
    assert inline.headers["content-disposition"].startswith("inline;")


def test_a_chinese_file_name_is_kept_and_safely_quoted(client: TestClient) -> None:
    response = client.post("/api/report/json", files=seed_upload("怀来县 工信局.txt"))
    assert response.status_code == 200
    assert response.json()["files"][0]["file"] == "怀来县 工信局.txt"
    disposition = response.headers["content-disposition"]
    assert disposition.isascii()
    assert "filename*=UTF-8''%E6%80%80" in disposition


HEBEI_JSON = ("--format", "json", "--policy", "hebei")


@pytest.mark.slow
def test_several_files_through_the_api_equal_the_cli_json(client: TestClient) -> None:
    """Each file is checked in its own worker and the outcomes merged: the same bytes as one
    `jxcheck check` run over the same files (in the same order)."""
    records = SEED.with_suffix(".yaml")
    run = subprocess.run(
        [sys.executable, "-m", "checker.cli", "check", SEED_NAME, records.name, *HEBEI_JSON],
        cwd=SEED.parent,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert run.returncode == 1, run.stderr.decode()
    files = [*seed_upload(), ("files", (records.name, records.read_bytes(), "text/yaml"))]
    response = client.post("/api/check", files=files, data={"policy": "hebei"})
    assert response.status_code == 200
    assert response.content == run.stdout


def test_several_files_in_one_request(client: TestClient) -> None:
    records = (ROOT / "examples" / "000_57b4140ba813d59e.yaml").read_bytes()
    files = [*seed_upload(), ("files", ("records.yaml", records, "application/yaml"))]
    report = client.post("/api/check", files=files).json()
    # the seed and its own YAML import are one document: checked once, the copy listed
    assert [f["file"] for f in report["files"]] == [SEED_NAME]
    assert report["skipped"] == [
        {
            "file": "records.yaml",
            "kind": "duplicate",
            "reason": f"与 {SEED_NAME} 是同一文档（内容相同，如文本导出和它的 YAML 导入），只检查一次",
        }
    ]
    assert report["summary"]["records"] == 10
    other = records.replace("差旅费成本".encode(), "差旅费用成本".encode(), 1)
    files = [*seed_upload(), ("files", ("records.yaml", other, "application/yaml"))]
    report = client.post("/api/check", files=files).json()
    assert [f["file"] for f in report["files"]] == [SEED_NAME, "records.yaml"]
    assert report["summary"]["records"] == 20


# --- uploads the check cannot read ---------------------------------------------------------

#: A .docx that is 4 KB of random bytes (no zip at all).
RANDOM_DOCX = random.Random(16).randbytes(4096)
PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
REJECT = {"unreadable": "reject"}


@pytest.mark.slow
def test_an_unreadable_file_among_several_is_reported_as_the_cli_does(
    client: TestClient, tmp_path: Path
) -> None:
    """The seed and a corrupt .docx: the seed's report and the .docx as an S000 finding with its
    one-line reason, the same bytes as `jxcheck check seed broken.docx --format json`."""
    (tmp_path / SEED_NAME).write_bytes(SEED.read_bytes())
    (tmp_path / "broken.docx").write_bytes(RANDOM_DOCX)
    expected = cli_json_in(tmp_path, SEED_NAME, "broken.docx")
    files = [*seed_upload(), ("files", ("broken.docx", RANDOM_DOCX, "application/octet-stream"))]
    response = client.post("/api/check", files=files)
    assert response.status_code == 200, response.text
    assert response.content == expected
    report = response.json()
    assert [(f["file"], f["status"], f["reader"]) for f in report["files"]] == [
        (SEED_NAME, "checked", "text-export"),
        ("broken.docx", "error", "docx"),
    ]
    assert report["summary"]["records"] == 10
    unreadable = [f for f in report["findings"] if f["rule"] == "S000"]
    assert [(f["file"], f["severity"]) for f in unreadable] == [("broken.docx", "error")]
    assert "Word" in unreadable[0]["message"] and "\n" not in unreadable[0]["message"]
    assert any(f["file"] == SEED_NAME and f["rule"] == "F002" for f in report["findings"])

    # Every report format takes the same upload; the exit status is the CLI's (1).
    for fmt in ("html", "xlsx", "json", "sarif"):
        answer = client.post(f"/api/report/{fmt}", files=files)
        assert answer.status_code == 200, (fmt, answer.text)
        assert answer.headers["x-jxcheck-exit-status"] == "1"
    assert client.post("/api/report/json", files=files).content == expected


def test_an_upload_of_only_unreadable_files_is_a_report_of_s000s(
    client: TestClient, tmp_path: Path
) -> None:
    (tmp_path / "broken.docx").write_bytes(RANDOM_DOCX)
    (tmp_path / "scan.png").write_bytes(PICTURE)
    expected = cli_json_in(tmp_path, "broken.docx", "scan.png")
    files = [
        ("files", ("broken.docx", RANDOM_DOCX, "application/octet-stream")),
        ("files", ("scan.png", PICTURE, "image/png")),
    ]
    response = client.post("/api/check", files=files)
    assert response.status_code == 200, response.text
    assert response.content == expected
    report = response.json()
    assert [(f["file"], f["status"]) for f in report["files"]] == [
        ("broken.docx", "error"),
        ("scan.png", "error"),
    ]
    assert [(f["rule"], f["file"]) for f in report["findings"]] == [
        ("S000", "broken.docx"),
        ("S000", "scan.png"),
    ]
    assert report["summary"]["records"] == 0 and report["summary"]["exit_status"] == 1


def test_the_page_post_of_unreadable_files_is_a_report_not_an_error_page(
    client: TestClient,
) -> None:
    """What the page's form sends (a browser prefers HTML): the HTML report, listing the
    unreadable file with its reason beside the seed's projects."""
    response = client.post(
        "/api/report/html?disposition=inline&lang=en",
        files=[*seed_upload(), ("files", ("broken.docx", RANDOM_DOCX, "application/octet-stream"))],
        data={"lang": "en"},
        headers={"accept": "text/html,application/xhtml+xml"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "jxcheck-error" not in page
    assert page.count('class="project-row') == 10
    assert 'data-rule="S000"' in page and 'title="broken.docx"' in page
    assert "not a valid Word document (.docx)" in page


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4),
        ("random.bin", bytes((i * 7919 + 13) % 256 for i in range(4096))),
    ],
)
def test_an_unsupported_file_is_415_when_rejected(
    client: TestClient, name: str, data: bytes
) -> None:
    response = client.post(
        "/api/check", files=[("files", (name, data, "application/octet-stream"))], data=REJECT
    )
    assert response.status_code == 415
    error = error_of(response)
    assert error["code"] == "unsupported_file"
    assert name in error["message"]["zh"] and name in error["message"]["en"]
    assert ".txt" in error["message"]["zh"]  # says what it can read
    assert error["details"] == [
        {
            "file": name,
            "reader": None,
            "line": None,
            "message": error["details"][0]["message"],
        }
    ]


def corrupt_docx() -> bytes:
    """A zip named .docx that holds no Word document, and then cut short."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>")
    return buffer.getvalue()[:-40]


def test_a_corrupt_docx_is_a_clear_4xx_when_rejected(client: TestClient) -> None:
    response = client.post(
        "/api/check",
        files=[("files", ("部门绩效目标.docx", corrupt_docx(), "application/octet-stream"))],
        data=REJECT,
    )
    # 415 while no reader claims .docx files; 422 once the Word reader claims and rejects it.
    assert response.status_code in (415, 422)
    error = error_of(response)
    assert error["code"] == {415: "unsupported_file", 422: "unreadable_file"}[response.status_code]
    assert "部门绩效目标.docx" in error["message"]["zh"]
    assert error["details"][0]["file"] == "部门绩效目标.docx"


def test_a_file_its_reader_rejects_is_422_with_the_line_when_rejected(
    client: TestClient,
) -> None:
    response = client.post(
        "/api/check",
        files=[("files", ("broken.yaml", b"projects:\n  - name: [1,\n", "text/yaml"))],
        data=REJECT,
    )
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "unreadable_file"
    detail = error["details"][0]
    assert detail["file"] == "broken.yaml" and detail["reader"] == "records"
    assert isinstance(detail["line"], int)


def test_unreadable_report_is_the_default(client: TestClient) -> None:
    files = [*seed_upload(), ("files", ("scan.png", b"\x89PNG\r\n", "image/png"))]
    response = client.post("/api/check", files=files, data={"unreadable": "report"})
    assert response.status_code == 200
    report = response.json()
    assert [f["status"] for f in report["files"]] == ["checked", "error"]
    assert any(f["rule"] == "S000" and f["file"] == "scan.png" for f in report["findings"])
    assert client.post("/api/check", files=files).content == response.content
    form = client.get("/api/openapi.json").json()["components"]["schemas"]["CheckForm"]
    assert form["properties"]["unreadable"]["default"] == "report"


def test_a_file_in_another_field_is_refused_not_dropped(client: TestClient) -> None:
    files = [*seed_upload(), ("file", ("forgotten.txt", SEED.read_bytes(), "text/plain"))]
    response = client.post("/api/check", files=files)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "bad_request"
    assert "forgotten.txt" in error["message"]["en"] and "`file`" in error["message"]["en"]
    assert "forgotten.txt" in error["message"]["zh"]


def test_a_browser_gets_the_error_as_a_page_and_names_are_escaped(client: TestClient) -> None:
    name = "<img src=x onerror=alert(1)>.png"  # a '/' would be taken as a folder
    response = client.post(
        "/api/report/html?lang=en",
        files=[("files", (name, b"\x89PNG\r\n", "image/png"))],
        data=REJECT,
        headers={"accept": "text/html,application/xhtml+xml"},
    )
    assert response.status_code == 415
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<meta name="jxcheck-error" content="unsupported_file"' in page
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.png" in page
    assert 'data-lang="en"' in page


# --- limits ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_an_oversized_upload_is_413() -> None:
    with make_client(limits=Limits(1 * MIB, 5)) as small:
        # Declared larger than the cap: refused before the body is read.
        big = small.post(
            "/api/check", files=[("files", ("big.txt", b"x" * (2 * MIB), "text/plain"))]
        )
        # Within the framing allowance, but the files alone exceed the limit.
        edge = small.post(
            "/api/check", files=[("files", ("edge.txt", b"x" * (MIB + 1000), "text/plain"))]
        )
        fine = small.post("/api/check", files=seed_upload())
    for response in (big, edge):
        assert response.status_code == 413
        error = error_of(response)
        assert error["code"] == "upload_too_large"
        assert "1 MB" in error["message"]["zh"] and "1 MB" in error["message"]["en"]
        assert "--max-upload-mb" in error["message"]["en"]
    assert fine.status_code == 200


def test_an_oversized_chunked_upload_is_413_while_streaming() -> None:
    with make_client(limits=Limits(1 * MIB, 5)) as small:
        boundary = "jxcheckboundary"

        def body() -> Iterator[bytes]:
            yield (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                'filename="big.txt"\r\n\r\n'
            ).encode()
            for _ in range(40):
                yield b"x" * 65536

        response = small.post(
            "/api/check",
            content=body(),
            headers={"content-type": f"multipart/form-data; boundary={boundary}"},
        )
    assert response.status_code == 413


def test_too_many_files_is_400() -> None:
    with make_client(limits=Limits(20 * MIB, 2)) as two:
        files = [("files", (f"f{i}.txt", b"x", "text/plain")) for i in range(3)]
        response = two.post("/api/check", files=files)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "too_many_files"
    assert "2" in error["message"]["zh"] and "--max-files" in error["message"]["en"]


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"data": {"policy": "national"}}, 400, "no_files"),
        ({"files": seed_upload(), "data": {"policy": "../../etc/passwd"}}, 400, "invalid_policy"),
        ({"files": seed_upload(), "data": {"lang": "fr"}}, 400, "invalid_lang"),
        ({"files": seed_upload(), "data": {"fail_on": "always"}}, 400, "invalid_fail_on"),
        ({"files": seed_upload(), "data": {"unreadable": "maybe"}}, 400, "invalid_unreadable"),
        ({"content": b"{}", "headers": {"content-type": "application/json"}}, 415, "not_multipart"),
    ],
)
def test_bad_requests_are_explained(
    client: TestClient, kwargs: dict[str, Any], status: int, code: str
) -> None:
    if "files" not in kwargs and "content" not in kwargs:
        # an empty file input (no file picked) makes the form multipart
        kwargs = {**kwargs, "files": [("files", ("", b"", "application/octet-stream"))]}
    response = client.post("/api/check", **kwargs)
    assert response.status_code == status, response.text
    assert error_of(response)["code"] == code


def test_unknown_format_and_method(client: TestClient) -> None:
    response = client.post("/api/report/pdf", files=seed_upload())
    assert response.status_code == 404
    assert "xlsx" in error_of(response)["message"]["en"]
    assert client.get("/api/check").status_code == 405
    assert client.get("/nowhere").status_code == 404


def test_file_names_lose_folders_and_control_characters() -> None:
    assert clean_filename("C:\\Users\\me\\报表.docx") == "报表.docx"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("a\x00b\r\n.txt") == "ab.txt"
    assert clean_filename("") == "upload"
    assert len(clean_filename("x" * 400 + ".docx")) == 255


# --- escaping ----------------------------------------------------------------------------------


def test_script_in_a_document_renders_as_text(client: TestClient) -> None:
    text = SEED.read_text("utf-8")
    name = "怀财预批【2022】66号 张家口怀来大数据产业基地科技创新园区项目土地相关经费"
    assert name in text
    hostile = text.replace(name, name + SCRIPT).encode("utf-8")
    report = client.post("/api/check", files=seed_upload("hostile.txt", hostile)).json()
    assert SCRIPT in report["records"][0]["project_name"]  # the data is kept as written
    page = client.post(
        "/api/report/html?disposition=inline", files=seed_upload("hostile.txt", hostile)
    )
    assert page.status_code == 200
    assert SCRIPT not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


# --- the page ----------------------------------------------------------------------------------


def test_the_page_is_self_contained_and_bilingual(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "http://" not in page and "https://" not in page  # nothing from the network
    assert (
        'data-lang="zh"' in page
        and "绩效目标审核台" in page
        and "Performance target review desk" in page
    )
    for policy in ("national", "hebei"):
        assert f'<option value="{policy}"' in page
    for fmt in ("html", "xlsx", "json", "sarif"):
        assert f'data-download="{fmt}"' in page
    assert 'accept=".json,.txt,.yaml,.yml"' in page or "accept=" in page
    assert 'data-lang="en"' in client.get("/?lang=en").text


def test_inline_assets_are_exactly_what_the_csp_allows(client: TestClient) -> None:
    import base64
    import hashlib
    import re

    pages = [
        client.get("/"),
        client.post(
            "/api/check",
            files=[("files", ("x.png", b"\x89PNG", "image/png"))],
            data=REJECT,  # the error page
            headers={"accept": "text/html"},
        ),
    ]
    with make_client(token=TOKEN) as protected:
        pages += [protected.get("/"), protected.get("/?token=wrong")]
    for response in pages:
        csp = response.headers["content-security-policy"]
        inline = re.findall(r"<(style|script)>(.*?)</\1>", response.text, flags=re.S)
        assert inline
        for kind, body in inline:
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            directive = next(d for d in csp.split(";") if d.strip().startswith(f"{kind}-src"))
            assert f"'sha256-{digest}'" in directive, (kind, response.url)


def test_security_headers_on_every_answer(client: TestClient) -> None:
    for response in (
        client.get("/"),
        client.get("/api/health"),
        client.post("/api/check", files=seed_upload()),
        client.get("/nowhere"),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["referrer-policy"] == "same-origin"
        assert "frame-ancestors 'self'" in response.headers["content-security-policy"]


def test_info_lists_policies_formats_and_limits(client: TestClient) -> None:
    info = client.get("/api/info").json()
    assert [p["id"] for p in info["policies"]][:2] == ["national", "hebei"]
    assert info["policies"][0]["default"] is True
    assert info["policies"][1]["names"] == ["national", "hebei"]
    assert {"html", "xlsx", "json", "sarif"} <= set(info["formats"])
    assert ".txt" in info["suffixes"]
    assert info["limits"] == {
        "max_upload_bytes": 20 * MIB,
        "max_files": 20,
        "max_check_seconds": 60,
        "max_check_memory_mb": 1024,
        "max_checks": 4,
    }
    assert info["token_required"] is False


@pytest.mark.slow
def test_server_policies_come_first_and_can_be_files(tmp_path: Path) -> None:
    policy = tmp_path / "bureau.yaml"
    policy.write_text("name: bureau\nextends: hebei\nseverity:\n  V001: error\n", "utf-8")
    registry = load_registry()
    choices = build_policy_choices(registry, [str(policy), "hebei"])
    assert [c.id for c in choices] == ["bureau", "hebei", "national"]
    assert choices[0].kind == "file" and choices[0].names[-1].endswith("bureau.yaml")
    with TestClient(create_app(ServerConfig(policies=choices), registry)) as c:
        report = c.post("/api/check", files=seed_upload()).json()
    assert report["policy"]["names"] == list(choices[0].names)
    assert report["policy"]["digest"] == choices[0].digest


# --- the token ---------------------------------------------------------------------------------


def test_the_token_protects_everything_but_health() -> None:
    with make_client(token=TOKEN) as c:
        assert c.get("/api/health").json() == {
            "status": "ok",
            "version": c.get("/api/health").json()["version"],
        }
        for response in (
            c.post("/api/check", files=seed_upload()),
            c.post("/api/report/xlsx", files=seed_upload()),
            c.get("/api/info"),
            c.get("/api/openapi.json"),
            c.post("/api/check", files=seed_upload(), headers={"authorization": "Bearer wrong"}),
            c.post("/api/check", files=seed_upload(), data={"token": "wrong"}),
            # a token only in the form would need the whole body read first: refused
            c.post("/api/check", files=seed_upload(), data={"token": TOKEN}),
        ):
            assert response.status_code == 401
            assert response.headers["www-authenticate"] == "Bearer"
            assert error_of(response)["code"] == "unauthorized"
        bearer = {"authorization": f"Bearer {TOKEN}"}
        assert c.post("/api/check", files=seed_upload(), headers=bearer).status_code == 200
        assert c.post(f"/api/check?token={TOKEN}", files=seed_upload()).status_code == 200
        assert c.get("/api/info", headers=bearer).json()["token_required"] is True
        # A wrong header fails even with a right query parameter.
        wrong = c.post(
            f"/api/check?token={TOKEN}",
            files=seed_upload(),
            headers={"authorization": "Bearer nope"},
        )
        assert wrong.status_code == 401
        # The page asks for the token, then carries it in the address its form posts to.
        login = c.get("/")
        assert login.status_code == 401 and 'type="password"' in login.text
        assert 'class="wrong"' not in login.text
        assert 'class="wrong"' in c.get("/?token=nope").text
        page = c.get(f"/?token={TOKEN}")
        assert page.status_code == 200
        assert 'name="token"' not in page.text
        assert f'action="/api/report/html?disposition=inline&amp;lang=zh&amp;token={TOKEN}"' in (
            page.text
        )
        assert f'formaction="/api/report/xlsx?lang=zh&amp;token={TOKEN}"' in page.text


# --- the host check, the OpenAPI document, the command line -----------------------------------


def test_a_loopback_server_refuses_foreign_host_names() -> None:
    with make_client(allowed_hosts=LOOPBACK_NAMES) as c:
        assert c.get("/", headers={"host": "127.0.0.1:8765"}).status_code == 200
        assert c.get("/", headers={"host": "localhost"}).status_code == 200
        assert c.get("/", headers={"host": "[::1]:8765"}).status_code == 200
        evil = c.get("/api/health", headers={"host": "attacker.example:8765"})
        assert evil.status_code == 400 and error_of(evil)["code"] == "bad_host"


def test_openapi_document_is_valid_and_describes_the_report(client: TestClient) -> None:
    import jsonschema
    from openapi_spec_validator import validate

    document = client.get("/api/openapi.json").json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/api/check",
        "/api/report/{format}",
        "/api/info",
        "/api/openapi.json",
        "/api/health",
    }
    form = document["components"]["schemas"]["CheckForm"]
    assert form["properties"]["policy"]["enum"] == ["national", "hebei"]
    # The seed's report validates against the schema the document gives for 200.
    schema = {"$ref": "#/components/schemas/Report", "components": document["components"]}
    report = client.post("/api/check", files=seed_upload()).json()
    jsonschema.Draft202012Validator(schema).validate(report)
    for code in ("400", "401", "403", "408", "413", "415", "422", "503"):
        assert code in document["paths"]["/api/check"]["post"]["responses"]


def test_loopback_and_the_exposure_warning() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"):
        assert is_loopback(host)
        assert exposure_warning(host, None) is None
    for host in ("0.0.0.0", "192.168.1.10", "::", "example.org"):
        assert not is_loopback(host)
    warning = exposure_warning("0.0.0.0", None)
    assert warning is not None
    assert "警告" in warning.zh and "--token" in warning.zh and "warning" in warning.en
    protected = exposure_warning("0.0.0.0", TOKEN)
    assert protected is not None and "--token" in protected.en


def test_serve_rejects_bad_limits_and_the_cli_stays_light() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    bad = subprocess.run(
        [sys.executable, "-m", "checker.cli", "serve", "--max-files", "0"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2 and "--max-files" in bad.stderr
    probe = (
        "import sys\nfrom checker.cli import build_parser\nbuild_parser()\n"
        "print(sorted(m for m in ('starlette', 'uvicorn', 'jinja2', 'checker.api') "
        "if m in sys.modules))"
    )
    light = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert light.stdout.strip() == "[]"
