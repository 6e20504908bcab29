"""The server's worker processes: a bounded pool, shared fairly between requests.

Each file of a request is checked in a worker process (`checker.web.worker`), never in the
server: the server's event loop only reads uploads and moves bytes, so `/api/health` and every
other client are answered while files are checked, whatever a file makes a rule do. The pool
holds `size` workers (`jxcheck serve --max-checks`), started when the server starts and
replaced when one dies, is stopped, or retires; a task waits for a free worker, and a freed
worker goes to the request that has the fewest running. One request holds at most all workers
but one (`share`): however slow its files, another request's check starts at once, and one
request with twenty files does not keep a second waiting until all twenty are done.

A task has a wall-clock deadline (`--max-check-seconds`): past it, or when the request is
cancelled (its client left), the worker is killed at once — nothing goes on checking for nobody.
The worker itself enforces the CPU and memory limits (see `checker.web.worker`); the pool turns
each way a task can end into a result or an exception the request handles file by file.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.web.worker import FRAME, MAX_HEADER, frame

log = logging.getLogger("jxcheck.web")

#: A worker must be ready (interpreter, plugins) within this many seconds.
START_TIMEOUT = 60.0


class LimitExceeded(Exception):
    """A task passed a limit (`time`, `cpu`, `memory`) or its worker died (`died`)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind} {detail}".strip())
        self.kind = kind
        self.detail = detail


class WorkerStartError(RuntimeError):
    """A worker process could not be started (it exited or hung before it was ready)."""


def _kill(process: asyncio.subprocess.Process) -> None:
    if sys.platform == "win32":  # pragma: no cover
        process.kill()
    else:
        os.kill(process.pid, signal.SIGKILL)


@dataclass(frozen=True)
class WorkerSettings:
    """How workers are started: their limits, the server's working directory."""

    cpu_seconds: float
    memory_mb: int
    cwd: str = field(default_factory=os.getcwd)

    def command(self) -> list[str]:
        # -P: the working directory is not put on sys.path (a `checker` folder there must not
        # replace jxcheck); the server's own jxcheck is found through PYTHONPATH instead.
        return [
            sys.executable,
            "-P",
            "-m",
            "checker.web.worker",
            "--cpu-seconds",
            repr(self.cpu_seconds),
            "--memory-mb",
            str(self.memory_mb),
        ]

    def environment(self) -> dict[str, str]:
        """The server's environment; where jxcheck is not installed in a site directory (a
        source tree, an editable install), its folder first on PYTHONPATH, so the worker runs
        the same jxcheck as the server."""
        import site
        import sysconfig

        import checker

        root = Path(checker.__file__).resolve().parent.parent
        installed = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")}
        installed.update(site.getsitepackages())
        env = dict(os.environ)
        if not any(root == Path(p).resolve() for p in installed if p):
            paths = [str(root), *(p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p)]
            env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
        return env


class WorkerProcess:
    """One worker: its process and the two ends of its pipes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    @classmethod
    async def start(
        cls, settings: WorkerSettings, started: Callable[[WorkerProcess], None] | None = None
    ) -> WorkerProcess:
        """A new worker, once it is ready; `started` learns of it as soon as it runs (so that
        a server stopping meanwhile can kill it)."""
        debug = bool(os.environ.get("JXCHECK_DEBUG"))
        process = await asyncio.create_subprocess_exec(
            *settings.command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None if debug else subprocess.DEVNULL,
            cwd=settings.cwd,
            env=settings.environment(),
            start_new_session=True,
        )
        worker = cls(process)
        if started is not None:
            started(worker)
        try:
            async with asyncio.timeout(START_TIMEOUT):
                header, _ = await worker._receive()
        except BaseException as error:
            worker.kill()
            await worker.reap()
            if isinstance(error, asyncio.CancelledError | KeyboardInterrupt | SystemExit):
                raise
            raise WorkerStartError(
                f"a worker process did not start (exit status {process.returncode}; "
                "set JXCHECK_DEBUG=1 to see its error)"
            ) from None
        if not header.get("ready"):
            worker.kill()
            raise WorkerStartError("a worker process answered something else than ready")
        return worker

    def kill(self) -> None:
        # os.kill, not Popen.kill: that polls (reaps) a worker that has just exited, behind the
        # back of asyncio's child watcher, which then warns of an unknown child process
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                _kill(self.process)

    async def reap(self) -> int | None:
        """Wait for the process to end (it was killed or asked to stop), and close its pipes."""
        with contextlib.suppress(Exception):
            async with asyncio.timeout(10):
                await self.process.wait()
        transport = getattr(self.process, "_transport", None)
        if transport is not None:
            transport.close()
        return self.process.returncode

    async def _send(self, header: dict[str, Any], payload: Sequence[bytes]) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        size = sum(len(p) for p in payload)
        prefix, raw = frame(header, size)
        stdin.write(prefix + raw)
        for part in payload:
            if part:
                stdin.write(part)
                await stdin.drain()
        await stdin.drain()

    async def _receive(self) -> tuple[dict[str, Any], bytes]:
        import json

        stdout = self.process.stdout
        assert stdout is not None
        header_size, payload_size = FRAME.unpack(await stdout.readexactly(FRAME.size))
        if header_size > MAX_HEADER:
            raise ConnectionError(f"a worker sent a header of {header_size} bytes")
        header: dict[str, Any] = json.loads(await stdout.readexactly(header_size))
        payload = await stdout.readexactly(payload_size) if payload_size else b""
        return header, payload

    async def call(
        self, header: dict[str, Any], payload: Sequence[bytes], seconds: float
    ) -> tuple[dict[str, Any], bytes]:
        """Send a task and wait for its answer, at most `seconds`; a task past its deadline,
        cancelled, or whose worker died kills the worker (the caller replaces it). A worker
        killed by SIGXCPU reached the CPU limit; one that aborted (SIGABRT), the memory limit."""
        try:
            async with asyncio.timeout(seconds):
                await self._send(header, payload)
                return await self._receive()
        except TimeoutError:
            self.kill()
            raise LimitExceeded("time") from None
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            self.kill()
            code = await self.reap()
            xcpu = getattr(signal, "SIGXCPU", None)  # POSIX
            if xcpu is not None and code == -xcpu:
                raise LimitExceeded("cpu") from None
            abort = getattr(signal, "SIGABRT", None)
            if abort is not None and code == -abort:
                # Under the worker's address-space limit an allocation that fails in native
                # code aborts the process (Rust's pydantic-core and jsonschema-rs, RE2) where
                # Python code would raise MemoryError: the same limit, reached elsewhere.
                raise LimitExceeded("memory") from None
            detail = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            raise LimitExceeded("died", detail) from None
        except BaseException:  # cancelled: the client left, or the server stops
            self.kill()
            raise


@dataclass(eq=False)
class Owner:
    """A request's share of the pool: how many of its tasks hold a worker now."""

    running: int = 0


class Pool:
    """`size` worker slots (a slot holds a live worker or none yet) and the tasks waiting."""

    def __init__(self, settings: WorkerSettings, size: int) -> None:
        self.settings = settings
        self.size = size
        self._free: list[WorkerProcess | None] = [None] * size
        self._waiting: list[tuple[Owner, asyncio.Future[WorkerProcess | None]]] = []
        self._all: set[WorkerProcess] = set()
        self._background: set[asyncio.Task[Any]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    # --- the event loop the pool lives on ----------------------------------------------------

    def _bind(self) -> None:
        """Workers' pipes belong to one event loop; a new loop (a test client started again)
        gets new workers."""
        loop = asyncio.get_running_loop()
        if self._loop is loop:
            return
        if self._loop is not None:
            for worker in self._all:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    _kill(worker.process)
            self._all.clear()
            self._waiting.clear()
            self._background.clear()
            self._free = [None] * self.size
        self._loop = loop
        self._closed = False

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def warm(self) -> None:
        """Start every worker not started yet, in the background (the server starts now)."""
        self._bind()
        while None in self._free:
            self._free.remove(None)
            self._spawn(self._replace())

    async def _replace(self) -> None:
        worker: WorkerProcess | None = None
        try:
            worker = await self._start()
        except WorkerStartError as error:
            if not self._closed:
                log.error("%s", error)
        finally:
            # after a failed start, the slot stays empty until a task needs it (no retry loop)
            self._release(worker, respawn=False)

    async def _start(self) -> WorkerProcess:
        started: list[WorkerProcess] = []

        def register(worker: WorkerProcess) -> None:
            started.append(worker)
            self._all.add(worker)

        try:
            worker = await WorkerProcess.start(self.settings, register)
        except BaseException:
            self._all.difference_update(started)
            raise
        if self._closed:
            worker.kill()
        return worker

    # --- lending workers -----------------------------------------------------------------------

    @property
    def share(self) -> int:
        """The most workers one request may hold: all but one, so that another request always
        finds a worker free soon, however slow the first one's files."""
        return max(1, self.size - 1)

    async def _acquire(self, owner: Owner) -> WorkerProcess | None:
        future: asyncio.Future[WorkerProcess | None] = asyncio.get_running_loop().create_future()
        entry = (owner, future)
        self._waiting.append(entry)
        self._dispatch()
        try:
            return await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                owner.running -= 1
                self._release(future.result())  # handed over as we were cancelled
            elif entry in self._waiting:
                self._waiting.remove(entry)
            raise

    def _eligible(self) -> list[int]:
        """Waiting tasks whose request holds less than its share of the workers."""
        self._waiting = [(o, f) for o, f in self._waiting if not f.done()]
        return [i for i, (o, _) in enumerate(self._waiting) if o.running < self.share]

    def _dispatch(self) -> None:
        """Free slots to waiting tasks: the request with the fewest tasks running first, the
        oldest among equals."""
        while self._free:
            eligible = self._eligible()
            if not eligible:
                return
            index = min(eligible, key=lambda i: self._waiting[i][0].running)
            owner, future = self._waiting.pop(index)
            owner.running += 1
            future.set_result(self._free.pop())

    def _release(self, worker: WorkerProcess | None, respawn: bool = True) -> None:
        if worker is not None and not worker.alive:
            self._retire(worker)
            worker = None
        if self._closed:
            if worker is not None:
                worker.kill()
                self._retire(worker)
            return
        if worker is None and respawn and not self._eligible():
            self._spawn(self._replace())  # keep the pool warm
            return
        self._free.append(worker)  # a live worker, or an empty slot its next task fills
        self._dispatch()

    def _retire(self, worker: WorkerProcess) -> None:
        worker.kill()
        self._all.discard(worker)
        self._spawn(worker.reap())

    async def run(
        self,
        owner: Owner,
        header: dict[str, Any],
        payload: Sequence[bytes],
        seconds: float,
    ) -> tuple[dict[str, Any], bytes]:
        """Run one task on a worker, at most `seconds` once the worker has it."""
        self._bind()
        worker = await self._acquire(owner)
        try:
            if worker is None or not worker.alive:
                if worker is not None:
                    self._retire(worker)
                worker = None
                worker = await self._start()
            reply = await worker.call(header, payload, seconds)
            if reply[0].get("retire"):
                self._retire(worker)
                worker = None
            return reply
        except BaseException:
            if worker is not None:
                self._retire(worker)
            worker = None
            raise
        finally:
            owner.running -= 1
            self._release(worker)

    async def close(self) -> None:
        """Stop every worker (the server stops)."""
        if self._loop is not asyncio.get_running_loop():
            return
        self._closed = True
        for _, future in self._waiting:
            future.cancel()
        self._waiting.clear()
        for worker in list(self._all):
            self._retire(worker)
        self._free = []
        # the killed workers end at once; a worker still starting is killed when ready
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT
        while self._background and loop.time() < deadline:
            await asyncio.wait(list(self._background), timeout=deadline - loop.time())
        for task in list(self._background):
            task.cancel()
