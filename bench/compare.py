"""Compare two benchmark runs: medians and ratios, before and after.

    python -m bench.compare BEFORE AFTER

BEFORE and AFTER are each a `bench/results.md` (its raw JSON block is read) or the JSON that
`python -m bench.run --json FILE` writes. Runs of the older format (a block of medians only)
compare too, on the measurements both have. `python -m bench.run --compare BEFORE` does the same
against the run it has just made and puts the table into `bench/results.md`.

Two runs on one machine compare only as far as the machine stayed the same: look at the load
averages and at the floor's and check-jsonschema's own medians (they should barely move; if they
do, compare ratios, not seconds).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_BLOCK = "```json\n"


def load(path: Path) -> dict[str, Any]:
    """The raw results of a run: `{"measures": {key: {"median_s", "label"?}}, "ratios"?, …}`."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".json":
        start = text.find(_BLOCK, text.find("raw"))
        if start < 0:
            raise SystemExit(f"{path}: no raw JSON block")
        start += len(_BLOCK)
        text = text[start : text.index("\n```", start)]
    data: dict[str, Any] = json.loads(text)
    if "measures" not in data:  # the first format: {key: {"median_s", "runs_s"}}
        data = {"measures": data}
    return data


def _change(before: float, after: float) -> str:
    if before == 0:
        return ""
    return f"{(after / before - 1) * 100:+.1f}%"


def _conditions(run: dict[str, Any]) -> str:
    m = run.get("machine", {})
    return (
        f"load {m.get('load_start', '?')} → {m.get('load', '?')}, free cores "
        f"{m.get('free_cores_start', '?')} → {m.get('free_cores_end', '?')}"
    )


def table(before: dict[str, Any], after: dict[str, Any], names: tuple[str, str]) -> str:
    """Markdown: every measurement both runs have, then every ratio both have."""
    a, b = before["measures"], after["measures"]
    lines = [
        f"Before: {names[0]} ({_conditions(before)}); after: {names[1]} ({_conditions(after)}).",
        "",
        "| measurement | before | after | change |",
        "|---|---:|---:|---:|",
    ]
    for key in [k for k in b if k in a]:
        label = b[key].get("label") or a[key].get("label")
        name = f"{label} (`{key}`)" if label else f"`{key}`"
        x, y = float(a[key]["median_s"]), float(b[key]["median_s"])
        lines.append(f"| {name} | {x:.3f} s | {y:.3f} s | {_change(x, y)} |")
    only = sorted(set(a) ^ set(b))
    if only:
        lines += ["", f"In one run only: {', '.join(f'`{k}`' for k in only)}."]
    sa, sb = before.get("settings"), after.get("settings")
    if sa is not None and sb is not None:
        differ = [
            f"{k} {sa.get(k)} → {sb.get(k)}" for k in sb if k != "data" and sa.get(k) != sb.get(k)
        ]
        if differ:
            lines += [
                "",
                f"**Settings differ** (compare ratios, not seconds): {'; '.join(differ)}.",
            ]
    elif sa is not None or sb is not None:
        lines += ["", "One run is of the older format: its data sizes may differ (see each file)."]
    ra, rb = before.get("ratios", {}), after.get("ratios", {})
    common = [k for k in rb if k in ra]
    if common:
        lines += ["", "| ratio | before | after |", "|---|---:|---:|"]
        lines += [f"| `{k}` | {ra[k]:.2f}× | {rb[k]:.2f}× |" for k in common]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.compare", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    print(table(load(args.before), load(args.after), (str(args.before), str(args.after))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
