"""A season's submissions as they really arrive: good, defective, invalid, unparseable and
unreadable files side by side (200 by default), and what a report over them must hold.

Shared by `test_nothing_lost.py` and `test_determinism.py`. Everything is made from the
committed example (`examples/000_57b4140ba813d59e.*`), with fixed names and contents, so the
same call always writes the same bytes (FIFOs and links included).
"""

from __future__ import annotations

import copy
import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .conftest import SEED
from .test_records import BOMB

SEED_YAML = SEED.with_suffix(".yaml")


@cache
def seed_document() -> dict[str, Any]:
    data: dict[str, Any] = yaml.load(SEED_YAML.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return data


def seed_projects() -> list[dict[str, Any]]:
    """The example's ten tables as plain dicts (deep copies, unset fields left out)."""
    return [
        {k: v for k, v in p.items() if v is not None}
        for p in copy.deepcopy(seed_document()["projects"])
    ]


def project_code(serial: int) -> str:
    """A well-formed 项目编码 (region 130730, year 23), unique per serial."""
    return f"13073023P{serial:011d}{'0123456789ABCDEFGHJKLMNPQRTUWXY'[serial % 31]}"


def as_record(project: dict[str, Any]) -> dict[str, Any]:
    return {"format": "jxcheck/1", "kind": "project", "budget_year": 2023, **project}


def dump_yaml(data: Any) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


# --- one defect per record (what a reviewer would reject) --------------------------------------------


def _decreasing_plan(p: dict[str, Any]) -> None:
    p["spending_plan"] = [
        {"label": label, "percent": percent}
        for label, percent in (
            ("3月底", "30"),
            ("6月底", "20"),
            ("10月底", "90"),
            ("12月底", "100"),
        )
    ]


def _plan_short_of_100(p: dict[str, Any]) -> None:
    p["spending_plan"][-1]["percent"] = "90"


def _cost_above_budget(p: dict[str, Any]) -> None:
    for row in p["indicators"]:
        if "成本" in row.get("level2", ""):
            row["value"] = "≤999万元"


def _no_satisfaction_row(p: dict[str, Any]) -> None:
    p["indicators"] = [r for r in p["indicators"] if "满意度" not in r.get("level1", "")]


def _value_written_above(p: dict[str, Any]) -> None:
    p["indicators"][1]["value"] = "95%以上"


DEFECTS: tuple[Callable[[dict[str, Any]], None], ...] = (
    _decreasing_plan,
    _plan_short_of_100,
    _cost_above_budget,
    _no_satisfaction_row,
    _value_written_above,
)

#: Records that break the JSON Schema (S001): a typo'd key, a wrong type, a scalar row.
INVALID: tuple[Callable[[dict[str, Any]], None], ...] = (
    lambda p: p["budget"].update(totl="1"),
    lambda p: p.update(indicators="无"),
    lambda p: p["indicators"].append("产出指标"),
    lambda p: p.update(goals={"1": "目标"}),
    lambda p: p.update(备注="补充说明"),
)

#: Files no reader can parse (name → bytes).
UNPARSEABLE: dict[str, bytes] = {
    "syntax.yaml": b"projects:\n  - code: P1\n    name: a: b\n",
    "duplicate.yaml": "code: P1\nname: 项目\ncode: P2\n".encode(),
    "bomb.yaml": BOMB.encode(),
    "deep.json": b"[" * 5000 + b"]" * 5000,
    "python-tag.yaml": b"code: !!python/object/apply:os.system ['true']\n",
    "nul.yaml": b"code: P1\n\x00\x00",
    "binary.yaml": bytes(range(256)) * 4,
    "empty.yaml": b"",
    "comments.yaml": b"# nothing here\n",
    "scalar.json": b'"just text"',
    "undecodable.json": b'{"code": "\xff\xfe\xfd\x80"}',
    "notes.txt": "这不是绩效目标表，只是一段说明。\n".encode(),
    "not-a-zip.docx": b"PK\x03\x04 this is not a zip",
    "truncated.xlsx": b"PK\x05\x06" + bytes(18),
    "empty-list.json": b"[]",
}


@dataclass
class Batch:
    """The files written, and what the report over them must say."""

    folder: Path
    #: Every input file (as the report names it when the folder is checked) → status.
    files: dict[str, str] = field(default_factory=dict)
    #: (file, 项目编码 or None) of every record, with multiplicity.
    records: Counter[tuple[str, str | None]] = field(default_factory=Counter)
    #: Records that must be `invalid` (S001).
    invalid: int = 0
    #: Copies of a document another file holds: in the report's `skipped`, not checked again.
    duplicates: set[str] = field(default_factory=set)

    def add(
        self, name: str, data: bytes, status: str, codes: list[str | None] | None = None
    ) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        if status == "duplicate":  # the same document as a file checked: listed as skipped
            self.duplicates.add(str(path))
            return path
        self.files[str(path)] = status
        for code in codes or []:
            self.records[(str(path), code)] += 1
        return path


def write_batch(folder: Path, total: int = 200) -> Batch:
    """`total` files (at least 100) of every kind; returns what the report must contain."""
    assert total >= 100
    folder.mkdir(parents=True, exist_ok=True)
    batch = Batch(folder)
    projects = seed_projects()
    serial = 0

    def next_project() -> dict[str, Any]:
        nonlocal serial
        project = copy.deepcopy(projects[serial % len(projects)])
        project["code"] = project_code(serial)
        serial += 1
        return project

    # whole documents: the text export (10 tables each) and the YAML record of it — the same
    # document five times: checked once (the first export), the copies listed as skipped
    seed_codes: list[str | None] = [p["code"] for p in projects]
    for n in range(3):
        status = "checked" if n == 0 else "duplicate"
        batch.add(f"d{n}-export.txt", SEED.read_bytes(), status, seed_codes)
    for n in range(2):
        batch.add(f"d{n}-document.yaml", SEED_YAML.read_bytes(), "duplicate", seed_codes)
    # lists of three projects, one with an invalid record among them
    for n in range(5):
        items = [as_record(next_project()) for _ in range(3)]
        codes: list[str | None] = [i["code"] for i in items]
        if n == 0:
            INVALID[0](items[1])
            batch.invalid += 1
        batch.add(f"l{n}-list.yaml", dump_yaml(items), "checked", codes)
    # invalid records
    for n in range(15):
        record = as_record(next_project())
        INVALID[n % len(INVALID)](record)
        batch.invalid += 1
        batch.add(f"i{n:02d}-invalid.yaml", dump_yaml(record), "checked", [record["code"]])
    # unparseable and unreadable files
    for name, data in UNPARSEABLE.items():
        batch.add(f"u-{name}", data, "error")
    for n in range(5):
        link = folder / f"x{n}-dangling.yaml"
        link.symlink_to(f"deleted-{n}.yaml")
        batch.files[str(link)] = "error"
    for n in range(3):
        fifo = folder / f"x{n}-fifo.yaml"
        os.mkfifo(fifo)
        batch.files[str(fifo)] = "error"
    for n in range(2):
        loop = folder / f"x{n}-loop.yaml"
        loop.symlink_to(loop.name)
        batch.files[str(loop)] = "error"
    # defective records, then good ones (YAML and JSON) up to the total
    for n in range(40):
        project = next_project()
        DEFECTS[n % len(DEFECTS)](project)
        batch.add(
            f"p{n:03d}-defect.yaml", dump_yaml(as_record(project)), "checked", [project["code"]]
        )
    n = 0
    while len(batch.files) + len(batch.duplicates) < total:
        project = next_project()
        if n % 10 == 9:
            data = json.dumps(as_record(project), ensure_ascii=False, indent=1).encode("utf-8")
            batch.add(f"g{n:03d}-good.json", data, "checked", [project["code"]])
        else:
            batch.add(
                f"g{n:03d}-good.yaml", dump_yaml(as_record(project)), "checked", [project["code"]]
            )
        n += 1
    return batch
