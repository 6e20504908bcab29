"""The committed example never drifts: regenerating it gives the same bytes."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from checker.inputs import InputFile, LoadedDocument, ReadOptions
from checker.readers.records import RecordsReader
from checker.schemas import load_schema

from .conftest import ROOT, SEED, SEED_SHA256

EXAMPLE = SEED.with_suffix(".yaml")


def test_example_is_regenerated_byte_for_byte(tmp_path: Path) -> None:
    """`jxcheck import examples/000_57b4140ba813d59e.txt -o examples` made the committed file."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker.cli",
            "import",
            str(SEED.relative_to(ROOT)),
            "-o",
            str(tmp_path),
        ],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert (tmp_path / EXAMPLE.name).read_bytes() == EXAMPLE.read_bytes(), (
        "regenerate: jxcheck import examples/000_57b4140ba813d59e.txt -o examples --force"
    )


def test_example_fits_the_schema_and_loads_back_equal() -> None:
    Draft202012Validator(load_schema("document")).validate(
        yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    )
    from checker.readers.textexport import TextExportReader

    (imported,) = TextExportReader().read(InputFile(str(SEED), SEED.read_bytes()), ReadOptions())
    (loaded,) = RecordsReader().read(InputFile(str(EXAMPLE), EXAMPLE.read_bytes()), ReadOptions())
    assert isinstance(imported, LoadedDocument) and isinstance(loaded, LoadedDocument)
    assert loaded.document == imported.document


def test_example_seed_is_the_original_seed() -> None:
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == SEED_SHA256
