"""Shared fixtures: the seed document (when this plugin sits in the jxcheck repository)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
#: The seed document: JXCHECK_SEED, else the jxcheck repository's copy two folders up.
SEED = Path(
    os.environ.get("JXCHECK_SEED", HERE.parents[2] / "examples" / "000_57b4140ba813d59e.txt")
)


@pytest.fixture
def seed() -> Path:
    if not SEED.is_file():
        pytest.skip(f"seed document not found at {SEED} (set JXCHECK_SEED)")
    return SEED
