"""`jxcheck check --fix`: safe fixes rewrite YAML records in place; other formats never."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from checker.yamlsource import load_yaml_stream

from .conftest import ROOT, SEED, jxcheck

EXAMPLE = ROOT / "examples" / "000_57b4140ba813d59e.yaml"
FIXED_RULES = {"N005", "P001", "V001"}


def _rules(path: Path) -> list[tuple[str, int | None]]:
    result = jxcheck("check", path, "--format", "json")
    return [(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]]


def test_fix_rewrites_the_record_and_keeps_everything_else(tmp_path: Path) -> None:
    record = tmp_path / "targets.yaml"
    original = "# 县财政局 2023 年预算审核：工业和信息化局\n" + EXAMPLE.read_text(encoding="utf-8")
    record.write_text(original, encoding="utf-8")
    before = _rules(record)
    assert {rule for rule, _ in before} >= FIXED_RULES

    result = jxcheck("check", record, "--fix")
    assert "Traceback" not in result.stderr
    assert "V001 '≥95百分比' → '≥95%'" in result.stdout
    assert "P001 ' 30' → '30'" in result.stdout

    text = record.read_text(encoding="utf-8")
    assert text.startswith("# 县财政局 2023 年预算审核"), "comments stay"
    data = yaml.safe_load(text)
    t5 = data["projects"][4]["indicators"][2]
    assert t5["value"] == "≥95%"
    assert [c["percent"] for c in data["projects"][1]["spending_plan"]] == ["30", "60", "90", "100"]
    load_yaml_stream(text, str(record))  # still a valid record file

    after = _rules(record)
    assert not FIXED_RULES & {rule for rule, _ in after}
    unfixable = [f for f in before if f[0] not in FIXED_RULES]
    assert len(after) == len(unfixable), "nothing but the fixed findings went away"


def test_fix_never_rewrites_a_document_in_another_format(tmp_path: Path) -> None:
    document = tmp_path / SEED.name
    document.write_bytes(SEED.read_bytes())
    result = jxcheck("check", document, "--fix")
    assert result.returncode == 1
    assert document.read_bytes() == SEED.read_bytes()
    assert "已修正" not in result.stdout


@pytest.mark.slow
def test_fix_keeps_each_line_its_own_line_ending(tmp_path: Path) -> None:
    """A record with mixed line endings (CRLF and LF, as an editor on another system leaves
    them): `--fix` rewrote every line as CRLF; each line keeps its own ending."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    endings = [b"\r\n" if n % 3 == 0 else b"\n" for n in range(len(lines))]
    original = b"".join(
        line.encode("utf-8") + end for line, end in zip(lines, endings, strict=True)
    )
    record = tmp_path / "mixed.yaml"
    record.write_bytes(original)

    result = jxcheck("check", record, "--fix")
    assert "Traceback" not in result.stderr and "V001" in result.stdout, result.stderr
    fixed = record.read_bytes()
    assert fixed != original
    assert re.findall(rb"\r\n|\n", fixed) == endings  # the same ending on every line
    expected = tmp_path / "lf.yaml"  # the same fixes on the LF-only record
    expected.write_text("\n".join(lines) + "\n", encoding="utf-8")
    jxcheck("check", expected, "--fix")
    assert fixed.replace(b"\r\n", b"\n") == expected.read_bytes()
