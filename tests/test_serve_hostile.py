"""`jxcheck serve` under hostile use, run as a user runs it: a real server on a free loopback port
in a subprocess, spoken to over HTTP (httpx) and raw sockets.

- A file whose check is slow (a genuinely expensive input: 300 departments' records in one YAML
  stream, about ten seconds of checking) is stopped at `--max-check-seconds` and reported as one
  S000 finding while the other files of the request get their report; `/api/health` answers
  within 200 ms all the while, with four such uploads at once. A file past
  `--max-check-memory-mb` likewise. A client that leaves stops its check (the worker is killed:
  the next check does not wait for it). An upload of slow files never holds every worker:
  another client's check runs at once.
- Cross-site posts are refused (403 `cross_site`); the desk's own origin and scripts without an
  Origin are served.
- With `--token`, an upload without the token is refused from its headers: the answer comes
  before the body is sent, and the server's memory does not grow with 32 such uploads.
- Stalled connections (partial headers, a partial body, a header trickled a byte at a time, a
  body trickled below 64 KB/s) do not slow `/api/health`, are closed after `--read-timeout`
  (the body ones with 408), and log no traceback.
- An aborted upload is logged once, in one line, without a traceback.
- A bad option value of `serve` is one line in the user's language, exit 2.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SEED, jxcheck

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
pytest.importorskip("python_multipart")
httpx = pytest.importorskip("httpx")

SEED_YAML = SEED.with_suffix(".yaml")
TOKEN = "s3cret-token"
#: A health request must be answered within this, whatever else the server does.
HEALTH_BUDGET = 0.2


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    log: Path
    #: One client for the health checks (building a client costs more than the request), a
    #: new connection for each.
    client: Any = None

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def port(self) -> int:
        return int(self.url.rstrip("/").rsplit(":", 1)[1])

    def text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def rss_kb(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]

    def health(self) -> float:
        """Seconds one `/api/health` took (httpx's timeout a little above the budget)."""
        if self.client is None:
            self.client = httpx.Client(limits=httpx.Limits(max_keepalive_connections=0))
        started = time.perf_counter()
        response = self.client.get(self.url + "api/health", timeout=HEALTH_BUDGET * 5)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        return elapsed

    def wait_for_log(self, pattern: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            if re.search(pattern, text):
                return text
            time.sleep(0.05)
        raise AssertionError(f"{pattern!r} not in the server's log:\n{self.text()}")


@contextmanager
def serve(tmp_path: Path, *args: str) -> Iterator[Server]:
    """`jxcheck serve --port 0 ARGS` from the seed's folder; its stderr (the log) in a file."""
    log = tmp_path / f"serve-{len(list(tmp_path.glob('serve-*.log')))}.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    env.pop("JXCHECK_DEBUG", None)
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "checker.cli", "serve", "--port", "0", *args],
            cwd=SEED.parent,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=env,
        )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        if "http://" not in first:
            process.kill()
            process.wait(timeout=10)
            pytest.fail(f"jxcheck serve did not start: {first!r} {log.read_text()!r}")
        url = first[first.index("http://") :].split()[0]
        threading.Thread(target=process.stdout.read, daemon=True).start()  # drain stdout
        server = Server(process, url, log)
        server.health()
        yield server
    finally:
        if "server" in locals() and server.client is not None:
            server.client.close()
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def expensive_yaml(copies: int) -> bytes:
    """`copies` departments' documents in one YAML stream: genuinely slow to check (about
    30 ms a department on a 2-core machine), and large in memory (about 1 MB a department)."""
    return b"\n---\n".join([SEED_YAML.read_bytes()] * copies)


def upload(
    server: Server, files: list[tuple[str, bytes]], timeout: float = 120, **data: str
) -> Any:
    return httpx.post(
        server.url + "api/check",
        files=[("files", (name, content, "application/octet-stream")) for name, content in files],
        data=data,
        timeout=timeout,
    )


def multipart(files: list[tuple[str, bytes]], fields: dict[str, str], boundary: str) -> bytes:
    body = b""
    for name, value in fields.items():
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        ).encode()
    for name, content in files:
        body += file_part(name, boundary) + content + b"\r\n"
    return body + f"--{boundary}--\r\n".encode()


def raw_post(server: Server, files: list[tuple[str, bytes]], **fields: str) -> tuple[int, bytes]:
    """POST /api/check over a plain socket (its sends release the GIL: the test's own health
    requests are not slowed by the uploads); the status and the body of the answer."""
    body = multipart(files, fields, "jxb")
    sock = raw_request(
        server, multipart_head(server, len(body), extra="Connection: close\r\n"), body
    )
    answer = read_answer(sock, timeout=120)
    sock.close()
    head, _, content = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), content


def cli_json(name: str = SEED.name) -> bytes:
    run = jxcheck("check", name, "--format", "json", cwd=SEED.parent)
    assert run.returncode == 1, run.stderr
    return run.stdout.encode("utf-8")


def assert_no_traceback(server: Server) -> None:
    text = server.text()
    assert "Traceback" not in text, text
    assert "internal error" not in text, text
    assert "Exception in ASGI application" not in text, text


def poll_health_while(server: Server, busy: Callable[[], bool]) -> list[float]:
    """Health request after health request while `busy()`; their durations."""
    durations: list[float] = []
    while busy():
        durations.append(server.health())
        time.sleep(0.05)
    return durations


def raw_request(server: Server, head: str, body: bytes = b"") -> socket.socket:
    sock = socket.create_connection((server.host, server.port), timeout=10)
    sock.sendall(head.encode("latin-1") + body)
    return sock


def read_answer(sock: socket.socket, timeout: float) -> bytes:
    """What the server sends until it closes the connection (or `timeout`)."""
    sock.settimeout(timeout)
    received = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    return received


def multipart_head(
    server: Server, length: int, boundary: str = "jxb", path: str = "/api/check", extra: str = ""
) -> str:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {length}\r\n{extra}\r\n"
    )


def file_part(name: str, boundary: str = "jxb") -> bytes:
    return (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()


# --- slow checks: limits, health, cancellation ----------------------------------------------


@pytest.mark.slow
def test_health_stays_fast_while_four_slow_uploads_are_checked(tmp_path: Path) -> None:
    big = expensive_yaml(300)
    seed = SEED.read_bytes()
    with serve(tmp_path, "--max-check-seconds", "1", "--max-checks", "2") as server:
        # the page's JSON is the CLI's, through the real server too
        assert upload(server, [(SEED.name, seed)]).content == cli_json()
        results: list[tuple[int, bytes]] = []

        def hostile() -> None:
            results.append(raw_post(server, [("big.yaml", big), (SEED.name, seed)], lang="en"))

        threads = [threading.Thread(target=hostile) for _ in range(4)]
        for thread in threads:
            thread.start()
        durations = poll_health_while(server, lambda: any(t.is_alive() for t in threads))
        assert len(durations) >= 10  # the uploads took a while: health was asked throughout
        for thread in threads:
            thread.join()
        print(
            f"health during 4 hostile uploads: {len(durations)} requests, "
            f"max {max(durations) * 1000:.0f} ms, "
            f"median {sorted(durations)[len(durations) // 2] * 1000:.0f} ms"
        )
        assert max(durations) < HEALTH_BUDGET, durations
        assert len(results) == 4
        for status, content in results:
            assert status == 200, content[:500]
            report = json.loads(content)
            assert [(f["file"], f["status"]) for f in report["files"]] == [
                ("big.yaml", "error"),
                (SEED.name, "checked"),
            ]
            assert report["summary"]["records"] == 10  # the seed's report is all there
            stopped = [f for f in report["findings"] if f["file"] == "big.yaml"]
            assert [f["rule"] for f in stopped] == ["S000"]
            assert "limit of 1 s" in stopped[0]["message"]
            assert "--max-check-seconds" in stopped[0]["message"]
        log = server.text()
        assert log.count("big.yaml: check stopped at the") == 4, log
        assert_no_traceback(server)


@pytest.mark.slow
def test_a_file_past_the_memory_limit_is_one_s000(tmp_path: Path) -> None:
    with serve(tmp_path, "--max-check-memory-mb", "64") as server:
        response = upload(
            server, [("huge.yaml", expensive_yaml(100)), (SEED.name, SEED.read_bytes())]
        )
        assert response.status_code == 200, response.text
        report = response.json()
        assert [f["status"] for f in report["files"]] == ["error", "checked"]
        [finding] = [f for f in report["findings"] if f["file"] == "huge.yaml"]
        assert finding["rule"] == "S000"
        assert "内存" in finding["message"] and "64 MB" in finding["message"]
        # the worker that ran out made way for a fresh one: the next check is normal
        assert upload(server, [(SEED.name, SEED.read_bytes())]).content == cli_json()
        server.wait_for_log(r"huge\.yaml: check stopped at the memory limit \(64 MB\)")
        assert_no_traceback(server)


@pytest.mark.slow
def test_a_client_that_leaves_stops_its_check(tmp_path: Path) -> None:
    big = expensive_yaml(600)  # about 20 s of checking on a 2-core machine
    body = file_part("big.yaml") + big + b"\r\n--jxb--\r\n"
    with serve(tmp_path, "--max-checks", "1", "--max-check-seconds", "120") as server:
        sock = raw_request(server, multipart_head(server, len(body)), body)
        time.sleep(1.0)  # the body is in, the only worker is checking it
        sock.close()
        server.wait_for_log(r"the client left while 1 file\(s\) were checked")
        started = time.perf_counter()
        response = upload(server, [(SEED.name, SEED.read_bytes())], timeout=60)
        waited = time.perf_counter() - started
        assert response.status_code == 200
        # the worker was killed and replaced at once; it would have held the only slot for
        # many more seconds had it gone on checking for nobody
        assert waited < 5, waited
        assert_no_traceback(server)


@pytest.mark.slow
def test_a_slow_upload_does_not_hold_up_another_request(tmp_path: Path) -> None:
    """One request never holds every worker: with two, an upload of two slow files keeps one,
    and another client's check runs at once on the other."""
    big = expensive_yaml(300)
    body = multipart([(f"big{i}.yaml", big) for i in range(2)], {}, "jxb")
    with serve(tmp_path, "--max-checks", "2", "--max-check-seconds", "60") as server:
        hostile = raw_request(server, multipart_head(server, len(body)), body)
        time.sleep(1.0)  # its first file is being checked
        started = time.perf_counter()
        response = upload(server, [(SEED.name, SEED.read_bytes())], timeout=60)
        waited = time.perf_counter() - started
        assert response.status_code == 200 and response.content == cli_json()
        assert waited < 5, waited  # not behind two files of ten seconds each
        hostile.close()
        server.wait_for_log(r"the client left while 2 file\(s\) were checked")
        assert_no_traceback(server)


WORKER_LIMITS = ("--cpu-seconds", "1", "--memory-mb", "1024")


@pytest.mark.slow
def test_a_worker_stops_itself_at_its_cpu_limit() -> None:
    """The CPU limit is the worker's own (RLIMIT_CPU): it holds even if the server, which
    enforces the wall-clock deadline, could not kill the worker in time."""
    import signal

    from checker.web.worker import read_message, write_message

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    worker = subprocess.Popen(
        [*(sys.executable, "-P", "-m", "checker.web.worker"), *WORKER_LIMITS],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert worker.stdin is not None and worker.stdout is not None
    try:
        ready = read_message(worker.stdout)
        assert ready is not None and ready[0]["ready"] is True
        header = {
            "op": "check",
            "request": 1,
            "policy": "national",
            "lang": "zh",
            "fail_on": "error",
            "today": "2023-03-01",
            "max_bytes": 50 * 1024 * 1024,
            "name": "big.yaml",
        }
        started = time.monotonic()
        write_message(worker.stdin, header, expensive_yaml(300))
        assert read_message(worker.stdout) is None  # no answer: the kernel stopped it
        assert worker.wait(timeout=30) == -signal.SIGXCPU
        assert time.monotonic() - started < 5
    finally:
        worker.kill()
        worker.wait()


# --- cross-site requests --------------------------------------------------------------------


@pytest.mark.slow
def test_cross_site_posts_are_refused(tmp_path: Path) -> None:
    seed = [("files", (SEED.name, SEED.read_bytes(), "text/plain"))]
    expected = cli_json()
    with serve(tmp_path, "--max-checks", "1") as server:
        own = f"http://127.0.0.1:{server.port}"
        refused = [
            {"origin": "http://evil.example"},
            {"origin": f"http://127.0.0.1:{server.port + 1}"},  # same site, another port
            {"origin": f"http://localhost:{server.port}"},
            {"origin": "null"},
            {"sec-fetch-site": "cross-site"},
            {"sec-fetch-site": "same-site", "origin": f"http://127.0.0.1:{server.port + 1}"},
            {"origin": "http://evil.example", "authorization": f"Bearer {TOKEN}"},
        ]
        for headers in refused:
            for path in ("/api/check", "/api/report/html"):
                response = httpx.post(server.url + path[1:], files=seed, headers=headers)
                assert response.status_code == 403, (headers, response.text)
                assert response.json()["error"]["code"] == "cross_site"
        # the page's own posts, and scripts that send no Origin
        for headers in (
            {"origin": own, "sec-fetch-site": "same-origin"},
            {"origin": own},
            {"origin": "null", "sec-fetch-site": "same-origin"},  # the browser's word decides
            {},
        ):
            response = httpx.post(server.url + "api/check", files=seed, headers=headers)
            assert response.status_code == 200, (headers, response.text)
            assert response.content == expected
        # a cross-site GET of the health check is harmless and answered
        assert httpx.get(server.url + "api/health", headers={"origin": "http://x"}).is_success
        assert_no_traceback(server)


# --- the token before the body --------------------------------------------------------------


@pytest.mark.slow
def test_an_upload_without_the_token_is_refused_before_its_body(tmp_path: Path) -> None:
    length = 15 * 1024 * 1024
    with serve(tmp_path, "--token", TOKEN) as server:
        # Only the headers are sent: the answer comes anyway, and the connection is closed.
        sock = raw_request(server, multipart_head(server, length))
        answer = read_answer(sock, timeout=5)
        sock.close()
        assert answer.startswith(b"HTTP/1.1 401 "), answer[:200]
        assert b"connection: close" in answer.lower()
        assert b'"unauthorized"' in answer
        # A wrong token in the header, the same.
        sock = raw_request(
            server, multipart_head(server, length, extra="Authorization: Bearer nope\r\n")
        )
        assert read_answer(sock, timeout=5).startswith(b"HTTP/1.1 401 ")
        sock.close()
        # 32 unauthenticated uploads of 15 MB at once: nothing of their bodies is kept.
        before = server.rss_kb()

        def unauthenticated() -> None:
            chunk = b"x" * (1024 * 1024)
            sock = raw_request(server, multipart_head(server, length), file_part("a.txt"))
            try:
                for _ in range(15):
                    sock.sendall(chunk)
            except OSError:
                pass  # refused: the server closed the connection
            finally:
                sock.close()

        threads = [threading.Thread(target=unauthenticated) for _ in range(32)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        grown = server.rss_kb() - before
        print(f"server memory after 32 unauthenticated 15 MB uploads: {grown / 1024:+.1f} MB")
        assert grown < 30 * 1024, grown  # 32 × 15 MB would be 480 MB
        # With the token, the same server checks.
        response = httpx.post(
            server.url + "api/check",
            files=[("files", (SEED.name, SEED.read_bytes(), "text/plain"))],
            headers={"authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 200 and response.content == cli_json()
        assert_no_traceback(server)


# --- stalled and aborted clients ------------------------------------------------------------


@pytest.mark.slow
def test_stalled_connections_neither_block_nor_log_tracebacks(tmp_path: Path) -> None:
    with serve(tmp_path, "--read-timeout", "2") as server:
        stop = threading.Event()

        def trickle(sock: socket.socket, data: bytes, every: float, size: int = 1) -> None:
            for start in range(0, len(data), size):
                if stop.wait(every):
                    return
                try:
                    sock.sendall(data[start : start + size])
                except OSError:
                    return

        # a body trickled (never a pause of 2 s, but far below 64 KB/s): refused at its
        # deadline, 2 s + 100 KB at 64 KB/s
        slow_body = raw_request(server, multipart_head(server, 100_000), file_part("slow.txt"))
        threading.Thread(
            target=trickle, args=(slow_body, b"x" * 100_000, 0.3, 100), daemon=True
        ).start()
        # a header trickled a byte at a time: closed at the header deadline all the same
        slow_header = socket.create_connection((server.host, server.port))
        header = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100
        threading.Thread(target=trickle, args=(slow_header, header, 0.2), daemon=True).start()
        tricklers = [slow_body, slow_header]
        sockets: list[socket.socket] = []
        for i in range(100):  # headers never finished
            sockets.append(
                raw_request(server, f"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-{i}: ")
            )
        for _ in range(100):  # a body never finished
            sockets.append(
                raw_request(server, multipart_head(server, 1_000_000), file_part("a.txt") + b"x")
            )
        for _ in range(20):  # nothing at all
            sockets.append(socket.create_connection((server.host, server.port)))
        time.sleep(0.3)  # the server has taken them all in: now they only stall
        durations = [server.health() for _ in range(20)]
        print(
            "health with 222 stalled connections (ms):",
            [round(d * 1000) for d in durations],
        )
        assert max(durations) < HEALTH_BUDGET, durations
        # every stalled connection is closed by the server after the read timeout
        started = time.monotonic()
        answers = [
            read_answer(sock, timeout=max(0.1, 15 - (time.monotonic() - started)))
            for sock in [*tricklers, *sockets]
        ]
        closed_after = time.monotonic() - started
        stop.set()
        assert closed_after < 10, closed_after
        assert answers[0].startswith(b"HTTP/1.1 408 "), answers[0][:300]
        assert b"too slow" in answers[0]
        assert answers[1] == b""  # headers never complete: closed without a word
        for sock in [*tricklers, *sockets]:
            sock.close()
        assert server.health() < HEALTH_BUDGET
        time.sleep(0.5)
        log = server.text()
        assert_no_traceback(server)
        lines = log.splitlines()
        assert sum("the upload is too slow" in line for line in lines) == 1, log
        stalled = [line for line in lines if "the upload stalled: no data for 2 s" in line]
        assert stalled and len(lines) == len(stalled) + 1, log  # one line per upload


@pytest.mark.slow
def test_an_aborted_upload_is_logged_once(tmp_path: Path) -> None:
    with serve(tmp_path) as server:
        sock = raw_request(
            server, multipart_head(server, 5_000_000), file_part("a.txt") + b"x" * 200_000
        )
        time.sleep(0.3)
        sock.close()
        log = server.wait_for_log(r"upload aborted by the client")
        time.sleep(0.5)
        log = server.text()
        lines = [line for line in log.splitlines() if line.strip()]
        assert len(lines) == 1, log
        assert re.fullmatch(
            r"jxcheck serve: WARNING: POST /api/check: upload aborted by the client after \d+ "
            r"bytes",
            lines[0],
        ), lines
        assert_no_traceback(server)
        assert server.health() < HEALTH_BUDGET


# --- bad option values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--max-upload-mb", "nan"],
        ["--max-upload-mb", "-1"],
        ["--max-upload-mb", "inf"],
        ["--max-upload-mb", "0"],
        ["--max-upload-mb", "1e9"],
        ["--max-files", "0"],
        ["--max-files", "2.5"],
        ["--port", "99999"],
        ["--port", "-1"],
        ["--port", "http"],
        ["--max-check-seconds", "nan"],
        ["--max-check-seconds", "0"],
        ["--max-check-memory-mb", "1"],
        ["--max-checks", "0"],
        ["--read-timeout", "-inf"],
        ["--read-timeout"],
    ],
    ids=lambda a: " ".join(a),
)
def test_a_bad_option_value_is_one_line_and_exit_2(args: list[str]) -> None:
    zh = jxcheck("serve", *args)
    assert zh.returncode == 2, zh.stderr
    assert zh.stdout == ""
    assert len(zh.stderr.splitlines()) == 1, zh.stderr
    assert zh.stderr.startswith("jxcheck: ") and args[0] in zh.stderr
    assert re.search("无效|必须|有误", zh.stderr), zh.stderr
    assert "内部错误" not in zh.stderr and "usage" not in zh.stderr
    en = jxcheck("serve", "--lang", "en", *args)
    assert en.returncode == 2 and len(en.stderr.splitlines()) == 1, en.stderr
    assert re.search("invalid value|must be|expected one argument", en.stderr), en.stderr
    assert args[0] in en.stderr
