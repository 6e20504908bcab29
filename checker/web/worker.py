"""The worker process of `jxcheck serve`: checks one uploaded file at a time, under limits.

`python -P -m checker.web.worker --cpu-seconds S --memory-mb M` is started by the server
(`checker.web.pool`) and talks to it over its standard input and output, one message at a time:
a message is a small JSON header and a binary payload (see `write_message`). The worker:

- loads the plugin registry once, then limits its own address space (`RLIMIT_AS`) to what it
  holds then plus M megabytes, and before each task its CPU time (`RLIMIT_CPU`) to S seconds
  more than it has used: a file that makes a rule or a reader loop or allocate without end
  costs that file, never the server. The kernel stops a worker past its CPU limit (SIGXCPU);
  a worker past its memory limit answers `memory` and exits. The server adds a wall-clock
  deadline and kills the worker when it passes, or when the client has gone;
- `check`: reads one file with the same engine as `jxcheck check` (`Engine.check_file`) and
  answers its outcome, packed as `jxcheck check --jobs N` workers pack it (`checker.parallel`),
  as JSON: plain data, never pickled;
- `finish`: merges the outcomes of a request's files in upload order (`Engine.finish`: batch
  rules, waivers, grades) — a file that passed a limit is one S000 finding naming the limit —
  and renders the report with the registered reporter (an unreadable file is its S000, as in
  `jxcheck check`); or, when the client asked for unreadable files to be refused
  (`unreadable=reject`), names them instead.

Anything the code it runs prints goes to standard error: standard output carries the messages.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import signal
import struct
import sys
import traceback
from collections.abc import Sequence
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from checker.i18n import Text

if TYPE_CHECKING:
    from checker.engine import Engine, FileOutcome
    from checker.finding import Finding
    from checker.plugins import Registry
    from checker.runner import Runner

#: Message frame: the JSON header's length (4 bytes) and the payload's (8 bytes), big-endian.
FRAME = struct.Struct(">IQ")
#: The largest header accepted (a finish message lists every file of a request).
MAX_HEADER = 64 * 1024 * 1024

#: What a worker checks once before it is ready (a record with one project and an indicator).
WARM_UP = (
    "format: jxcheck/1\nkind: project\ncode: '13073022P00883610001N'\nname: 预热\n"
    "budget: {total: '1', fiscal: '1'}\ngoals: [完成]\nindicators:\n"
    "  - {level1: 产出指标, level2: 数量指标, name: 数量, value: 1项}\n"
).encode()


def encode_header(header: dict[str, Any]) -> bytes:
    """JSON with every non-ASCII character escaped: lone surrogates survive the round trip."""
    return json.dumps(header, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def frame(header: dict[str, Any], payload_size: int) -> tuple[bytes, bytes]:
    """The frame prefix and the encoded header of a message whose payload has that size."""
    raw = encode_header(header)
    return FRAME.pack(len(raw), payload_size), raw


def write_message(stream: IO[bytes], header: dict[str, Any], payload: bytes = b"") -> None:
    prefix, raw = frame(header, len(payload))
    stream.write(prefix)
    stream.write(raw)
    if payload:
        stream.write(payload)
    stream.flush()


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    """`size` bytes (a buffered reader reads them in one piece), or None at the end."""
    data = stream.read(size)
    if len(data) == size:
        return data
    chunks = [data]
    left = size - len(data)
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _skip(stream: IO[bytes], size: int) -> bool:
    """Read and drop `size` bytes (a payload there was no memory for); False at the end."""
    while size:
        chunk = stream.read(min(size, 1024 * 1024))
        if not chunk:
            return False
        size -= len(chunk)
    return True


class PayloadTooLarge(Exception):
    """There was no memory for a message's payload; it was read and dropped."""


def read_message(stream: IO[bytes]) -> tuple[dict[str, Any], bytes] | None:
    """The next message, or None when the server closed the pipe. `PayloadTooLarge` when the
    payload does not fit in memory (the stream is still in step: the payload was skipped)."""
    prefix = _read_exactly(stream, FRAME.size)
    if prefix is None:
        return None
    header_size, payload_size = FRAME.unpack(prefix)
    if header_size > MAX_HEADER:
        raise ValueError(f"message header of {header_size} bytes")
    raw = _read_exactly(stream, header_size)
    if raw is None:
        return None
    try:
        payload = _read_exactly(stream, payload_size) if payload_size else b""
    except MemoryError:
        if not _skip(stream, payload_size):
            return None
        raise PayloadTooLarge from None
    if payload is None:
        return None
    header: dict[str, Any] = json.loads(raw)
    return header, payload


def limit_text(kind: str, seconds: float, memory_mb: int, detail: str = "") -> Text:
    """The S000 message of a file whose check passed a limit of the server (`time`, `cpu`,
    `memory`) or whose worker died (`died`, `detail` saying how): what happened, that the file
    was not checked, and what to do."""
    if kind == "time":
        return Text(
            f"检查此文件超过了审核台的时间上限（{seconds:g} 秒），已中止，文件未能检查；"
            "可在本机用 jxcheck check 单独检查它，或请管理员调高 --max-check-seconds",
            f"checking this file took longer than the review desk's limit of {seconds:g} s and "
            "was stopped; the file was not checked. Check it alone with `jxcheck check`, or ask "
            "the administrator to raise --max-check-seconds",
        )
    if kind == "cpu":
        return Text(
            f"检查此文件超过了审核台的 CPU 时间上限（{seconds:g} 秒），已中止，文件未能检查；"
            "可在本机用 jxcheck check 单独检查它，或请管理员调高 --max-check-seconds",
            f"checking this file used more than the review desk's CPU time limit of {seconds:g} s "
            "and was stopped; the file was not checked. Check it alone with `jxcheck check`, or "
            "ask the administrator to raise --max-check-seconds",
        )
    if kind == "memory":
        return Text(
            f"检查此文件所需的内存超过了审核台的上限（{memory_mb} MB），已中止，文件未能检查；"
            "可在本机用 jxcheck check 单独检查它，或请管理员调高 --max-check-memory-mb",
            f"checking this file needed more memory than the review desk's limit of "
            f"{memory_mb} MB and was stopped; the file was not checked. Check it alone with "
            "`jxcheck check`, or ask the administrator to raise --max-check-memory-mb",
        )
    return Text(
        f"检查此文件的工作进程意外退出（{detail}），文件未能检查；"
        "可在本机用 jxcheck check 单独检查它以查看原因",
        f"the worker process checking this file died ({detail}); the file was not checked: "
        "check it alone with `jxcheck check` to see why",
    )


# --- limits ------------------------------------------------------------------------------------


class MemoryLimit(BaseException):
    """The check ran out of its memory allowance. A BaseException, so that the engine's
    handlers (which turn a rule's or a reader's `Exception` into a finding) let it through."""


def _memory_error_in(error: BaseException | None) -> bool:
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, MemoryError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _status_kb(field: str) -> int | None:
    """A `VmSize:`/`VmRSS:` figure of this process in kB (Linux), else None."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _limit_memory(memory_mb: int) -> None:
    """Address space: what the worker holds now (interpreter, plugins) plus the allowance
    (Linux, where the size is known; elsewhere only the server's wall-clock deadline holds)."""
    size_kb = _status_kb("VmSize")
    if size_kb is None or sys.platform == "win32":  # pragma: no cover - not Linux
        return
    import resource

    limit = size_kb * 1024 + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _limit_cpu(seconds: float) -> None:
    """The kernel stops this process (SIGXCPU) once it has used `seconds` more CPU time."""
    if sys.platform == "win32":  # pragma: no cover - no CPU limit there
        return
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(used + seconds)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _settle_process() -> None:
    """No core files, no Ctrl-C (the server stops its workers), lower priority than the server
    (its event loop answers other clients while files are checked), and die with the server."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "win32":  # pragma: no cover - none of the rest there
        return
    import resource

    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with contextlib.suppress(OSError):
        os.nice(5)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover
            pass
        if os.getppid() == 1:  # the server died before prctl
            sys.exit(0)


# --- the work ------------------------------------------------------------------------------------


def _engine_class() -> type[Engine]:
    from checker.engine import Engine

    class LimitedEngine(Engine):
        """The engine, except that a MemoryError (the allowance is spent) is not turned into
        an X001/S000 finding as other errors are: the worker answers `memory` for the file."""

        def _engine_finding(self, *args: Any, **kwargs: Any) -> Finding | None:
            if _memory_error_in(sys.exc_info()[1]):
                raise MemoryLimit
            return super()._engine_finding(*args, **kwargs)

    return LimitedEngine


class Worker:
    """The state a worker keeps between messages: the registry, the request's engine."""

    def __init__(self, registry: Registry, seconds: float, memory_mb: int) -> None:
        self.registry = registry
        self.seconds = seconds
        self.memory_mb = memory_mb
        self.engine_class = _engine_class()
        self._runner_key: tuple[Any, ...] | None = None
        self._runner: Runner | None = None

    def runner(self, header: dict[str, Any]) -> Runner:
        """The run of the message's request (`checker.runner`, as `jxcheck check` and
        `checker.api.check` make it): the policy is loaded once per request, so an edited
        policy file takes effect from the next request."""
        from checker.engine import CheckOptions
        from checker.inputs import ReadOptions
        from checker.runner import Runner

        key = (
            header["request"],
            header["policy"],
            header["lang"],
            header["fail_on"],
            header["today"],
            header["max_bytes"],
        )
        if self._runner is None or self._runner_key != key:
            self._runner = None
            options = CheckOptions(
                lang="en" if header["lang"] == "en" else "zh",
                fail_on=header["fail_on"],
                read=ReadOptions(),
                today=date.fromisoformat(header["today"]),
                max_bytes=header["max_bytes"],
            )
            self._runner = Runner(
                header["policy"],
                options=options,
                registry=self.registry,
                engine_class=self.engine_class,
            )
            self._runner_key = key
        return self._runner

    def warm_up(self) -> None:
        """Check a small record once before the memory limit is set, so that what every check
        loads (YAML, the schemas, the rules' tables) is not counted against the first file."""
        from checker.policy import DEFAULT_POLICY

        header = {
            "request": 0,
            "policy": DEFAULT_POLICY,
            "lang": "zh",
            "fail_on": "error",
            "today": date.today().isoformat(),
            "max_bytes": 1024 * 1024,
            "name": "warm-up.yaml",
        }
        with contextlib.suppress(Exception):  # a broken default policy: requests will say
            self.check(header, WARM_UP)
        self._runner = None
        self._runner_key = None

    def check(self, header: dict[str, Any], payload: bytes) -> tuple[dict[str, Any], bytes]:
        from checker.inputs import InputFile
        from checker.parallel import pack

        engine = self.runner(header).engine
        outcome = engine.check_file(InputFile(header["name"], payload))
        del payload
        return {"ok": True}, encode_header({"outcome": pack(outcome)})

    def _limited(self, engine: Engine, part: dict[str, Any]) -> FileOutcome:
        from checker.errors import InputError

        name = str(part["name"])
        text = limit_text(str(part["limit"]), self.seconds, self.memory_mb, part.get("detail", ""))
        # the same S000 outcome as an unreadable file (engine's own helper)
        return engine._unreadable(name, None, InputError(name, None, text))

    def finish(self, header: dict[str, Any], payload: bytes) -> tuple[dict[str, Any], bytes]:
        from checker.errors import UsageError
        from checker.parallel import unpack
        from checker.reporting import RenderOptions

        runner = self.runner(header)
        engine = runner.engine
        outcomes: list[FileOutcome] = []
        limited: set[str] = set()
        offset = 0
        for part in header["parts"]:
            if part.get("limit"):
                outcomes.append(self._limited(engine, part))
                limited.add(str(part["name"]))
                continue
            size = int(part["size"])
            blob = payload[offset : offset + size]
            offset += size
            outcomes.append(unpack(json.loads(blob)["outcome"]))
        del payload
        named = ", ".join(outcome.file.file for outcome in outcomes)
        try:
            report = runner.finish(outcomes, named=named)
        except UsageError as error:  # nothing to check: every file was skipped
            return {
                "ok": False,
                "kind": "usage",
                "zh": error.render("zh"),
                "en": error.render("en"),
            }, b""
        if header["unreadable"] == "reject":
            rejected = unreadable_files(report, limited)
            if rejected:
                return {"ok": True, "rejected": rejected}, b""
        reporter = self.registry.reporters[header["format"]]
        if header.get("output_name") is None:
            options = RenderOptions(report.lang)
        else:
            options = RenderOptions(lang=report.lang, output_name=header["output_name"])
        rendered = reporter.render(report, options)
        data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
        return {"ok": True, "exit_status": report.exit_status}, data

    def handle(self, header: dict[str, Any], payload: bytes) -> tuple[dict[str, Any], bytes]:
        if header.get("op") == "check":
            return self.check(header, payload)
        if header.get("op") == "finish":
            return self.finish(header, payload)
        raise ValueError(f"unknown operation {header.get('op')!r}")


def unreadable_files(report: Any, limited: set[str]) -> list[dict[str, Any]]:
    """Files the check could not read (a file stopped by a limit is not one of them: its report
    says why), each with its reader, line and S000 message."""
    details: list[dict[str, Any]] = []
    for result in report.files:
        if result.status != "error" or result.file in limited:
            continue
        finding = next(
            (x for x in report.findings if x.rule == "S000" and x.file == result.file), None
        )
        message = finding.message if finding is not None else Text("无法读取", "cannot be read")
        details.append(
            {
                "file": result.file,
                "reader": result.reader,
                "line": finding.line if finding is not None else None,
                "message": {"zh": message.zh, "en": message.en},
            }
        )
    return details


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checker.web.worker")
    parser.add_argument("--cpu-seconds", type=float, required=True)
    parser.add_argument("--memory-mb", type=int, required=True)
    args = parser.parse_args(argv)
    # Messages travel on the original standard output; whatever a plugin prints goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    source = os.fdopen(os.dup(0), "rb")
    _settle_process()

    from checker.errors import JxcheckError
    from checker.plugins import load_registry

    registry = load_registry()
    worker = Worker(registry, args.cpu_seconds, args.memory_mb)
    worker.warm_up()
    idle_rss = _status_kb("VmRSS") or 0
    _limit_memory(args.memory_mb)
    write_message(out, {"ready": True, "pid": os.getpid()})
    while True:
        try:
            message = read_message(source)
        except (PayloadTooLarge, MemoryError):
            write_message(out, {"ok": False, "kind": "memory", "retire": True})
            return 0
        if message is None:  # the server is gone or stopped us
            return 0
        header, payload = message
        del message
        _limit_cpu(args.cpu_seconds)
        retire = False
        try:
            reply, data = worker.handle(header, payload)
        except (MemoryLimit, MemoryError):
            reply, data, retire = {"ok": False, "kind": "memory"}, b"", True
        except JxcheckError as error:  # the server's policy broke since it started
            reply = {"ok": False, "kind": "policy", "zh": error.render("zh")}
            reply["en"] = error.render("en")
            data = b""
        except Exception as error:  # an engine bug: the server logs it, the request is a 500
            reply = {
                "ok": False,
                "kind": "bug",
                "error": f"{type(error).__name__}: {error}",
                "traceback": traceback.format_exc(),
            }
            data = b""
        del payload
        rss = _status_kb("VmRSS")
        # A worker that kept much memory after a large file makes way for a fresh one.
        if rss is not None and rss - idle_rss > args.memory_mb * 1024 // 2:
            retire = True
        reply["retire"] = retire
        write_message(out, reply, data)
        del data
        if retire:
            return 0


if __name__ == "__main__":  # pragma: no cover - run by the server
    sys.exit(main())
