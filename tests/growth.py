"""How work grows with its input: a ratio measured in one process, never a wall-clock bound.

Tests assert complexity, not speed (speed is measured by `bench/`): the same work on a small
and on a large input, in this process's CPU time, the best of a few runs. A linear step grows
by the size factor, a quadratic one by its square; the bound sits between, and below a floor
of CPU time the ratio is noise and is not judged.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: Below this many CPU seconds the large run is too short for its ratio to mean anything.
FLOOR = 0.05


def cpu_seconds(work: Callable[[T], object], given: T, repeats: int = 3) -> float:
    """The fewest CPU seconds `work(given)` took over `repeats` runs."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.process_time()
        work(given)
        best = min(best, time.process_time() - start)
    return best


def growth(
    work: Callable[[T], object], small: T, large: T, repeats: int = 3
) -> tuple[float, float]:
    """CPU seconds of `work` on `small` and on `large`, after one warming run."""
    work(small)
    return cpu_seconds(work, small, repeats), cpu_seconds(work, large, repeats)


def assert_linear(
    work: Callable[[T], object], small: T, large: T, factor: float, what: str = ""
) -> None:
    """`large` is `factor` times `small`: the time may grow about `factor`-fold, not its
    square. The bound is the geometric middle between the two, so noise either way fits."""
    bound = factor**1.5
    first, second = growth(work, small, large)
    ratio = second / max(first, FLOOR / factor)
    assert second < FLOOR or ratio < bound, (
        f"{what}: {factor:g}× the input took {ratio:.1f}× the time "
        f"({first:.3f}s, {second:.3f}s; linear would be {factor:g}×)"
    )
