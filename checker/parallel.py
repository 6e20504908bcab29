"""Checking files in worker processes: `jxcheck check DIR --jobs N`.

Each worker builds its registry and engine once (inherited from the parent where processes
fork, rebuilt from an `EngineSpec` where they spawn), takes files from the parent in chunks and
sends back, a few files at a time, compact outcomes: plain tuples, pickled, never a model
object. The parent puts every outcome at its file's place, so `Engine.finish` merges them in
input order and the report is the same bytes whatever the number of workers.

A worker that dies (killed, out of memory, a crash in a C library) loses nothing already sent.
The files it held are checked again by the others, each worker now answering file by file, so
that when a file kills a worker again it is known exactly: that file is reported as `S000`
("the worker checking this file died"), the files queued behind it go to the other workers, and
a new worker takes each dead one's place.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import operator
import os
import pickle
import selectors
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.engine import BATCH_GC_THRESHOLD, Engine, EngineSpec, FileOutcome
from checker.finding import Finding
from checker.prepare import prepare
from checker.reporting import DocumentResult, FileResult, RecordResult
from checker.rule import ProjectKey
from checker.source import Location

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext, SpawnContext
    from multiprocessing.process import BaseProcess


#: Files sent to a worker at a time: small enough to balance the load, large enough that the
#: parent is rarely asked for more.
MAX_CHUNK = 32
#: A worker answers for this many files at once (a fraction of a chunk, so the parent sends
#: the next chunk before the worker runs out): fewer messages, less of the parent's time on
#: the cores the workers share. After a worker died, every worker answers file by file
#: ("careful"), so a file that kills workers is named exactly.
REPLIES_PER_MESSAGE = 8
Progress = Callable[[int, int], None]


# --- compact outcomes ------------------------------------------------------------------------

PackedOutcome = tuple[Any, ...]
#: A worker's answer for one file: its index, its outcome, or the engine's error.
Reply = tuple[int, PackedOutcome | None, str | None]


def _values(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """The values of a dataclass's fields, in field order (its `__init__`'s order)."""
    return operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))


_file_values = _values(FileResult)
_document_values = _values(DocumentResult)
_record_values = _values(RecordResult)
_location_values = _values(Location)


def pack(outcome: FileOutcome) -> PackedOutcome:
    """A file's outcome as plain tuples (fast to pickle; no class is looked up on the way back)."""
    return (
        _file_values(outcome.file),
        [_document_values(d) for d in outcome.documents],
        [_record_values(r) for r in outcome.records],
        [x.to_plain() for x in outcome.findings],
        [
            (k.file, k.document, k.project, k.code, k.name, _location_values(k.location))
            for k in outcome.keys
        ],
    )


def unpack(packed: PackedOutcome) -> FileOutcome:
    """The outcome `pack` was given, equal field by field."""
    file, documents, records, findings, keys = packed
    outcome = FileOutcome(FileResult(*file))
    outcome.documents = [DocumentResult(*d) for d in documents]
    outcome.records = [RecordResult(*r) for r in records]
    outcome.findings = [Finding.from_plain(x) for x in findings]
    outcome.keys = [ProjectKey(k[0], k[1], k[2], k[3], k[4], Location(*k[5])) for k in keys]
    return outcome


# --- the worker --------------------------------------------------------------------------------

#: The engine a forked worker inherits from its parent (set just before the workers start).
_inherited: tuple[EngineSpec | None, Engine] | None = None

_READY = b"ready"
#: How often an idle worker checks that its parent is alive (where no signal tells it).
_PARENT_CHECK_SECONDS = 2.0


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when its parent dies (PR_SET_PDEATHSIG); elsewhere the end
    of file on the pipe and the parent check in `_worker` do it."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


def _build_engine(spec: EngineSpec) -> Engine:
    """A spawned worker's engine, loaded as its parent's was (`checker.prepare`)."""
    registry, policy = prepare(
        spec.policy, select=spec.select, ignore=spec.ignore, cwd=Path(spec.cwd)
    )
    return Engine(registry, policy, spec.options)


def _worker(conn: Connection, spec: EngineSpec | None, inherited_fds: Sequence[int] = ()) -> None:
    """Check the files the parent sends, one outcome per file, until it sends `None` or dies."""
    # A forked worker holds copies of the parent's ends of every pipe (its own and its older
    # siblings'): closed, so that the parent's death — however it dies — is an end of file here.
    for fd in inherited_fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    _die_with_parent()
    # Ctrl-C reaches the whole process group: the parent stops the workers, they do not print
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inherited = _inherited
    if inherited is not None and inherited[0] == spec:
        engine = inherited[1]
    elif spec is not None:
        engine = _build_engine(spec)
    else:  # pragma: no cover - run_parallel spawns only with a spec
        raise WorkerStartError("a spawned worker needs an EngineSpec")
    # everything built so far lives as long as the worker: keep it out of collections, and
    # collect rarely (see checker.engine.batch_gc)
    gc.freeze()
    gc.set_threshold(*BATCH_GC_THRESHOLD)
    conn.send_bytes(_READY)
    dumps = pickle.dumps
    protocol = pickle.HIGHEST_PROTOCOL
    parent = os.getppid()
    while True:
        try:
            while not conn.poll(_PARENT_CHECK_SECONDS):
                if os.getppid() != parent:
                    return  # the parent is gone and the pipe did not say so: give up
            order: tuple[int, list[tuple[int, str]]] | None = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if order is None:
            return
        every, chunk = order
        replies: list[Reply] = []
        for index, path in chunk:
            try:
                replies.append((index, pack(engine.check_path(Path(path))), None))
            except Exception as error:  # an engine bug: the parent raises it, as in process
                replies.append((index, None, f"{type(error).__name__}: {error}"))
            if len(replies) >= every:
                conn.send_bytes(dumps(replies, protocol))
                replies = []
        if replies:
            conn.send_bytes(dumps(replies, protocol))


# --- the parent ----------------------------------------------------------------------------------


class WorkerStartError(RuntimeError):
    """A worker died before it was ready (it could not build its engine)."""


class WorkerError(RuntimeError):
    """The engine raised on a file in a worker (a bug; in process it would have raised too)."""


@dataclass
class _Slot:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    #: Files sent and not yet answered, in the order the worker checks them.
    held: deque[tuple[int, str]] = field(default_factory=deque)
    #: How many of the first `held` files the worker answers for several at a time.
    batched: int = 0


def can_fork() -> bool:
    """Whether workers can be forked safely: POSIX, and no other thread in this process."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _context() -> ForkContext | SpawnContext:
    """fork where it is safe (the worker inherits the engine); else spawn (it builds one)."""
    import multiprocessing

    if can_fork():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class _Run:
    """One parallel check: the workers, the files not yet sent, the outcomes by file."""

    def __init__(
        self,
        spec: EngineSpec | None,
        paths: Sequence[Path],
        jobs: int,
        crashed: Callable[[str, str], FileOutcome],
        progress: Progress | None,
    ) -> None:
        self.spec = spec
        self.paths = paths
        self.jobs = jobs
        self.crashed = crashed
        self.progress = progress
        self.total = len(paths)
        self.outcomes: list[FileOutcome | None] = [None] * self.total
        self.pending: deque[tuple[int, str]] = deque((i, str(p)) for i, p in enumerate(paths))
        self.chunk_size = max(1, min(MAX_CHUNK, self.total // (jobs * 8) or 1))
        self.context = _context()
        self.slots: list[_Slot] = []
        self.done = 0
        #: Set when a worker died: from then on workers answer file by file.
        self.careful = False

    def start(self) -> _Slot:
        parent_end, child_end = self.context.Pipe(duplex=True)
        inherited: tuple[int, ...] = ()
        if self.context.get_start_method() == "fork":
            inherited = (
                parent_end.fileno(),
                *(s.conn.fileno() for s in self.slots if not s.conn.closed),
            )
        process = self.context.Process(
            target=_worker, args=(child_end, self.spec, inherited), daemon=True
        )
        process.start()
        child_end.close()
        slot = _Slot(process, parent_end)
        self.slots.append(slot)
        return slot

    def feed(self, slot: _Slot) -> None:
        """Send a worker its next chunk before it runs out (it then never waits for the parent)."""
        if len(slot.held) > self.chunk_size // 2 or not self.pending:
            return
        size = min(self.chunk_size, max(1, len(self.pending) // len(self.slots)))
        chunk = [self.pending.popleft() for _ in range(min(size, len(self.pending)))]
        slot.held.extend(chunk)
        every = 1 if self.careful else max(1, min(REPLIES_PER_MESSAGE, self.chunk_size // 4))
        if every > 1:
            slot.batched += len(chunk)
        with contextlib.suppress(OSError):  # a worker just died: `bury` requeues its chunk
            slot.conn.send((every, chunk))

    def receive(self, slot: _Slot, data: bytes) -> None:
        if data == _READY:
            slot.ready = True
            return
        replies: list[Reply] = pickle.loads(data)
        for index, packed, error in replies:
            slot.held.popleft()
            slot.batched = max(0, slot.batched - 1)
            if error is not None or packed is None:
                raise WorkerError(f"{self.paths[index]}: {error}")
            self.finished(index, unpack(packed))

    def finished(self, index: int, outcome: FileOutcome) -> None:
        self.outcomes[index] = outcome
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    def bury(self, slot: _Slot) -> None:
        """A worker died: keep what it sent, report the file it was on, requeue the rest."""
        while True:
            try:
                if not slot.conn.poll():
                    break
                data = slot.conn.recv_bytes()
            except (EOFError, OSError):
                break
            self.receive(slot, data)
        self.slots.remove(slot)
        slot.conn.close()
        code = slot.process.exitcode
        if not slot.ready:
            raise WorkerStartError(
                f"a worker process exited with code {code} before it was ready "
                "(run with --jobs 1 to see the error)"
            )
        if not slot.held:
            return
        if slot.batched:
            # files checked but not yet answered for are lost with the worker, and which file
            # killed it is unknown: check them all again, every worker answering file by file
            self.careful = True
            self.pending.extendleft(reversed(slot.held))
            slot.held.clear()
            return
        index, path = slot.held.popleft()
        detail = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        self.finished(index, self.crashed(path, detail))
        self.pending.extendleft(reversed(slot.held))
        slot.held.clear()

    def run(self) -> list[FileOutcome]:
        """Feed the workers and collect their outcomes until every file has one.

        One selector for the whole run (a worker's pipe and its process sentinel registered
        once, not a new one per message): the parent shares the cores with the workers, so its
        own work per file is kept small.
        """
        with selectors.DefaultSelector() as selector:
            for _ in range(min(self.jobs, self.total)):
                self._watch(selector, self.start())
            while self.done < self.total:
                for key, _ in selector.select():
                    slot, is_pipe = key.data
                    if slot not in self.slots:
                        continue  # buried in this round already
                    if is_pipe:
                        if self._drain(slot):
                            self.feed(slot)
                    elif not slot.process.is_alive():
                        selector.unregister(slot.conn)
                        selector.unregister(slot.process.sentinel)
                        self.bury(slot)
                        if self.done < self.total:
                            self._watch(selector, self.start())
        return [o for o in self.outcomes if o is not None]

    def _drain(self, slot: _Slot) -> bool:
        """The next message on a worker's pipe; False when the pipe is closed (the worker is
        gone: its sentinel reports it)."""
        try:
            data = slot.conn.recv_bytes()
        except (EOFError, OSError):
            return False
        self.receive(slot, data)
        return True

    @staticmethod
    def _watch(selector: selectors.BaseSelector, slot: _Slot) -> None:
        selector.register(slot.conn, selectors.EVENT_READ, (slot, True))
        selector.register(slot.process.sentinel, selectors.EVENT_READ, (slot, False))

    def close(self, abort: bool = False) -> None:
        """Stop the workers: ask them to finish, or (`abort`: an error, Ctrl-C) kill them."""
        for slot in self.slots:
            if abort:
                slot.process.kill()
            else:
                with contextlib.suppress(OSError):
                    slot.conn.send(None)
        for slot in self.slots:
            slot.process.join(timeout=5)
            if slot.process.is_alive():  # pragma: no cover - a stuck worker
                slot.process.kill()
                slot.process.join()
            slot.conn.close()
        self.slots.clear()


def run_parallel(
    engine: Engine,
    spec: EngineSpec | None,
    paths: Sequence[Path],
    jobs: int,
    crashed: Callable[[str, str], FileOutcome],
    progress: Progress | None = None,
) -> list[FileOutcome]:
    """Check `paths` in `jobs` worker processes; the outcomes in the order of `paths`.

    `crashed(path, detail)` makes the outcome of a file whose worker died while checking it.
    Workers fork and inherit `engine` where that is safe; else they are spawned and build their
    own from `spec` (required then).
    """
    global _inherited
    if spec is None and not can_fork():
        raise ValueError("workers must be spawned here: an EngineSpec is required")
    run = _Run(spec, paths, jobs, crashed, progress)
    _inherited = (spec, engine)
    try:
        outcomes = run.run()
    except BaseException:
        run.close(abort=True)
        raise
    finally:
        _inherited = None
    run.close()
    return outcomes
