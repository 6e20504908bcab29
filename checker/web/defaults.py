"""Defaults of `jxcheck serve`, in a module of their own so the command line imports nothing else."""

from __future__ import annotations

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: A department's submission is a few Word/Excel files of a few MB each.
DEFAULT_MAX_UPLOAD_MB = 20
DEFAULT_MAX_FILES = 20
#: How many files are checked at once: one worker process each (a check is CPU-bound).
DEFAULT_CONCURRENCY = 4
#: Wall-clock and CPU seconds one file's check may take in its worker process. The seed takes
#: a fifth of a second; the largest upload (20 MB of YAML records) about half a minute.
DEFAULT_MAX_CHECK_SECONDS = 60.0
#: Memory one worker may use beyond what it holds when idle, in MB (about 40 times the largest
#: upload: 20 MB of YAML records needs about 800 MB while it is checked).
DEFAULT_MAX_CHECK_MEMORY_MB = 1024
#: Seconds a client may take to send its request headers, and may pause while sending a body.
DEFAULT_READ_TIMEOUT = 20.0

#: Bounds of the options (a value outside is a usage error).
MAX_UPLOAD_MB_LIMIT = 1024
MAX_FILES_LIMIT = 1000
MAX_CONCURRENCY_LIMIT = 64
MAX_SECONDS_LIMIT = 24 * 3600
MIN_CHECK_MEMORY_MB = 64
MAX_CHECK_MEMORY_MB = 1024 * 1024
