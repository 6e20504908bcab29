"""Defaults of `jxcheck serve`, in a module of their own so the command line imports nothing else."""

from __future__ import annotations

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: A department's submission is a few Word/Excel files of a few MB each.
DEFAULT_MAX_UPLOAD_MB = 20
DEFAULT_MAX_FILES = 20
#: How many checks run at once; further requests wait (a check is CPU-bound).
DEFAULT_CONCURRENCY = 4
