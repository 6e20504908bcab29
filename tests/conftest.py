"""Shared test fixtures: where the seed document and the examples are."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The committed copy of the seed document (identical to ../shared/seed).
SEED = ROOT / "examples" / "000_57b4140ba813d59e.txt"
SHARED = ROOT.parent / "shared"

# Reports must not depend on the day the tests run (waiver expiry).
os.environ.setdefault("JXCHECK_TODAY", "2023-03-01")
