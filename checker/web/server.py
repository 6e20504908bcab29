"""Running the application under uvicorn so that slow, stalled or vanishing clients cost little.

uvicorn bounds what a request may be, not how long a client may take to send it, so the
connections it hands the application are wrapped here (`protocol_class`):

- **Headers in time.** A connection must send its request headers within `read_timeout`
  seconds of opening (or of the previous answer, on a kept-alive connection), or it is closed
  without a word: a client that opens sockets and sends nothing, or a header a byte at a time,
  holds nothing for long. A body is the application's to time (`checker.web.uploads`).
- **Answers read in time.** A client that stops reading an answer (its window stays shut)
  is dropped once the answer has made no progress for `read_timeout` seconds, instead of the
  answer staying in memory for ever.
- **Bounded requests and connections.** Headers of at most `MAX_HEADER_BYTES` (uvicorn's h11
  answers 400 past it), at most `max_connections` connections at once (503 past it: the file
  descriptors of the process are raised to allow them), idle kept-alive connections closed
  after `KEEP_ALIVE` seconds, and the server stops within `GRACEFUL_SHUTDOWN` seconds.

Logging: uvicorn's own messages are single lines at `warning`; the desk's (`jxcheck.web`)
say once, in one line, when a client aborted an upload or left during a check, when an upload
stalled, and when a file's check passed a limit. Only a bug of jxcheck logs a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.applications import Starlette

#: Request line and headers together (h11's incomplete-event limit).
MAX_HEADER_BYTES = 64 * 1024
#: Seconds an idle kept-alive connection stays open.
KEEP_ALIVE = 5
#: Seconds the server waits for requests in progress when it is stopped.
GRACEFUL_SHUTDOWN = 5
#: Most connections at once (further ones are answered 503 until some close).
MAX_CONNECTIONS = 1000


def protocol_class(read_timeout: float) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol with a deadline for request headers and for answers not read."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class Protocol(H11Protocol):
        _timer: asyncio.TimerHandle | None = None
        _unsent = 0

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            cycle = self.cycle
            super().data_received(data)
            if self.cycle is not cycle:  # a request's headers are in: the application's turn
                self._disarm()

        def on_response_complete(self) -> None:
            cycle = self.cycle
            super().on_response_complete()
            if self.cycle is cycle:  # no pipelined request started: wait for the next one
                self._arm()

        def _arm(self) -> None:
            self._disarm()
            self._unsent = -1
            self._timer = self.loop.call_later(read_timeout, self._expired)

        def _disarm(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

        def _expired(self) -> None:
            self._timer = None
            if self.cycle is not None and not self.cycle.response_complete:
                return  # a request is being answered (its body is timed by the application)
            unsent = self.transport.get_write_buffer_size()
            if unsent and (self._unsent < 0 or unsent < self._unsent):
                # an answer is still being read, slowly: give it another period
                self._unsent = unsent
                self._timer = self.loop.call_later(read_timeout, self._expired)
                return
            if unsent:
                self.transport.abort()  # the client stopped reading: drop what it left
            elif not self.transport.is_closing():
                self.transport.close()

    return Protocol


def _raise_open_files(wanted: int) -> int:
    """Raise this process's soft limit of open files toward `wanted`; the limit it has."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return wanted
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):  # pragma: no cover
            pass
    return wanted if soft == resource.RLIM_INFINITY else soft


class _OneLine(logging.Filter):
    """Warnings of the server are about clients: one line each, never a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            record.exc_info = None
            record.exc_text = None
        return True


def configure_logging() -> None:
    """The desk's messages on standard error as `jxcheck serve: …`, one line each."""
    logger = logging.getLogger("jxcheck.web")
    if not any(getattr(h, "_jxcheck", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("jxcheck serve: %(levelname)s: %(message)s"))
        handler._jxcheck = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    for name in ("jxcheck.web", "uvicorn.error"):
        logging.getLogger(name).addFilter(_OneLine())


def run(app: Starlette, sock: socket.socket, read_timeout: float, workers: int) -> None:
    """Serve `app` on the listening socket until Ctrl+C (or SIGTERM)."""
    import uvicorn

    # each connection is a file descriptor, each worker three
    open_files = _raise_open_files(MAX_CONNECTIONS + 64 + 4 * workers)
    max_connections = max(16, min(MAX_CONNECTIONS, open_files - 64 - 4 * workers))
    options: dict[str, Any] = {
        "http": protocol_class(read_timeout),
        "ws": "none",
        "lifespan": "on",
        "log_level": "warning",
        "access_log": False,
        "timeout_keep_alive": KEEP_ALIVE,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN,
        "limit_concurrency": max_connections,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
    }
    config = uvicorn.Config(app, **options)
    configure_logging()
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
