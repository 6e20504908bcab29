"""Shared test fixtures: where the seed document and the examples are."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The committed copy of the seed document (identical to ../shared/seed).
SEED = ROOT / "examples" / "000_57b4140ba813d59e.txt"
SHARED = ROOT.parent / "shared"

# Reports must not depend on the day the tests run (waiver expiry).
os.environ.setdefault("JXCHECK_TODAY", "2023-03-01")


def jxcheck(
    *args: str | Path,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """`python -m checker.cli ARGS` as a user runs it: its own process, output as text."""
    return subprocess.run(
        [sys.executable, "-m", "checker.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )
