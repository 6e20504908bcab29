"""Office files within the documented limits cost bounded work (SECURITY.md, "Office files:
bounded work").

The readers stream the parts they need and count what they read against budgets while they
read it (`checker.readers.office`, `docx`, `xlsx`): a small .docx that inflates to 118 MiB, a
workbook whose sheets hold a cell far from the others, XML with a DTD under any name. Each is
run as a user runs it (`jxcheck import` / `jxcheck check` in their own process), and the
process's own CPU time and peak memory are measured (`os.wait4`), not the wall clock of a busy
machine. `jxcheck export` is linear in the indicators: a ratio measured in one run, never a
wall-clock bound.
"""

from __future__ import annotations

import functools
import gc
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from checker.errors import InputError
from checker.inputs import InputFile, LoadedDocument, ReadOptions
from checker.model import Document, Project
from checker.readers import docx, office, xlsx
from checker.readers.docx import DocxReader
from checker.readers.textexport import TextExportReader
from checker.readers.xlsx import XlsxReader
from checker.writers.docx import write_docx
from checker.writers.xlsx import write_xlsx

from .conftest import ROOT, SEED
from .test_office import to_shared_strings

OFFICE = Path(__file__).resolve().parent / "data" / "office"

#: What a refused or read office file may cost: at most CPU_FACTOR times the CPU time of
#: importing the seed's own .docx in the same way (a ratio, so that a slow machine is judged
#: against itself), and PEAK_MB of resident memory.
CPU_FACTOR, PEAK_MB = 3.0, 300


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    #: CPU seconds (user + system) and peak resident memory (MB) of the jxcheck process.
    cpu: float
    peak_mb: float
    wall: float


#: Runs a command and writes its exit status, CPU time and peak memory (`os.wait4`) as JSON to
#: the file named first. jxcheck is started from this small process, not from pytest's: Linux
#: keeps a process's peak memory across `exec`, so a child of pytest would start at pytest's.
_MEASURE = """
import json, os, subprocess, sys, time
out, timeout, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
proc = subprocess.Popen(command)
deadline = time.monotonic() + timeout
while True:
    pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
    if pid:
        break
    if time.monotonic() > deadline:
        proc.kill()
        pid, status, usage = os.wait4(proc.pid, 0)
        status = -1
        break
    time.sleep(0.01)
code = os.waitstatus_to_exitcode(status) if status != -1 else None
with open(out, "w") as handle:
    json.dump({"code": code, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss}, handle)
"""


def jxcheck(*args: str | Path, timeout: float = 120) -> Run:
    """`python -m checker.cli ARGS` in its own process, with that process's own resource use."""
    if not hasattr(os, "wait4"):
        pytest.skip("measuring a process needs os.wait4 (POSIX)")
    with tempfile.TemporaryDirectory() as folder:
        measured = Path(folder) / "usage.json"
        command = [sys.executable, "-m", "checker.cli", *map(str, args)]
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", _MEASURE, measured, str(timeout), *command],
            capture_output=True,
            cwd=ROOT,
            timeout=timeout + 30,
            check=False,
        )
        wall = time.perf_counter() - start
        assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
        usage = json.loads(measured.read_text())
    shown = " ".join(map(str, args))[:90]
    if usage["code"] is None:
        pytest.fail(f"jxcheck {shown} still running after {timeout}s")
    scale = 2**20 if sys.platform == "darwin" else 2**10  # ru_maxrss: bytes or KiB
    run = Run(
        usage["code"],
        proc.stdout.decode("utf-8"),
        proc.stderr.decode("utf-8"),
        usage["cpu"],
        usage["rss"] / scale,
        wall,
    )
    print(
        f"\n[cpu {run.cpu:.2f}s, peak {run.peak_mb:.0f} MB, wall {run.wall:.2f}s] jxcheck {shown}"
    )
    return run


def assert_refused(run: Run, path: Path, *words: str) -> None:
    """`jxcheck import`: exit 2 and one line naming the file, no traceback."""
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and "内部错误" not in run.stderr, run.stderr
    assert run.stderr.startswith(f"jxcheck: {path}") and run.stderr.count("\n") == 1, run.stderr
    for word in words:
        assert word in run.stderr, (word, run.stderr)


@functools.cache
def reference_cpu() -> float:
    """CPU seconds of `jxcheck import` on the seed's .docx: start-up plus a normal document."""
    run = jxcheck("import", OFFICE / "seed.docx")
    assert run.returncode == 0, run.stderr
    return run.cpu


def assert_cheap(run: Run, times: float = 1.0) -> None:
    bound = times * CPU_FACTOR * reference_cpu()
    assert run.cpu < bound, f"{run.cpu:.2f} CPU seconds, more than {bound:.2f}"
    assert run.peak_mb < PEAK_MB, f"{run.peak_mb:.0f} MB at peak"


def check_s000(path: Path, tmp_path: Path, *words: str) -> Run:
    """`jxcheck check`: the file ends as one S000 finding naming it."""
    out = tmp_path / "report.json"
    run = jxcheck("check", path, "--format", "json", "-o", out, "-q")
    assert run.returncode in (0, 1, 2), run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    (s000,) = report["findings"]
    assert s000["rule"] == "S000" and s000["file"] == str(path), s000
    for word in words:
        assert word in s000["message"], (word, s000["message"])
    return run


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


# -- a .docx that inflates to 118 MiB -------------------------------------------------------


def inflating_docx(mib: int = 118) -> bytes:
    """seed.docx whose body is the same paragraph over and over, `mib` MiB of XML: a valid
    document of a few hundred KB."""
    members = _members((OFFICE / "seed.docx").read_bytes())
    paragraph = "<w:p><w:r><w:t>绩效目标填报说明，本段重复。</w:t></w:r></w:p>".encode()
    head, body, tail = re.split(rb"(<w:body>)", members["word/document.xml"], maxsplit=1)
    count = mib * 2**20 // len(paragraph)
    members["word/document.xml"] = head + body + paragraph * count + tail
    return _zip(members)


@pytest.mark.slow
def test_a_docx_inflating_to_118_mib_is_refused_cheaply(tmp_path: Path) -> None:
    """Before: 2–3 GB and 22 s (python-docx built the whole tree). Now its document part
    declares more than a part may inflate to: refused before it is read (zipfile never
    inflates a member past its declared size)."""
    data = inflating_docx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        inflated = archive.getinfo("word/document.xml").file_size
    assert len(data) < 1_000_000 and inflated >= 118 * 2**20 > office.MAX_PART_BYTES
    path = tmp_path / "inflating.docx"
    path.write_bytes(data)
    run = jxcheck("import", path)
    assert_refused(run, path, "word/document.xml", "超出读取上限", f"{office.MAX_PART_BYTES:,}")
    assert_cheap(run)
    assert_cheap(check_s000(path, tmp_path, "超出读取上限"))


@pytest.mark.slow
def test_a_docx_within_the_byte_budgets_is_refused_while_streaming(tmp_path: Path) -> None:
    """60 MiB of paragraphs, within the byte budgets: read a paragraph at a time (never as a
    tree) and refused at the budget of cells and paragraphs, in bounded time and memory."""
    data = inflating_docx(60)
    path = tmp_path / "paragraphs.docx"
    path.write_bytes(data)
    run = jxcheck("import", path)
    assert_refused(run, path, "超出读取上限", f"{office.MAX_LINES:,}")
    assert_cheap(run, times=2)  # 100,000 paragraphs read


# -- a sparse workbook -----------------------------------------------------------------------


def _far_cells(source: bytes | None, sheets: int, value: str) -> bytes:
    """A workbook (or a copy of `source`) with A1 and DX50000 filled on each sheet: the sheet's
    dimension is A1:DX50000, 50,000 rows of 128 columns, of which two cells exist."""
    import openpyxl

    if source is None:
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for number in range(sheets):
            sheet = workbook.create_sheet(f"S{number}")
            sheet["A1"] = "x"
    else:
        workbook = openpyxl.load_workbook(io.BytesIO(source))
    for sheet in workbook.worksheets:
        sheet["DX50000"] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.slow
def test_a_sparse_workbook_of_100_sheets_is_read_cheaply(tmp_path: Path) -> None:
    """Before: 2.5 s a sheet (278 s for 100), walking 50,000 × 128 cells per sheet. Now only
    the cells a sheet holds are visited; the sheets hold no target table, which is said."""
    path = tmp_path / "sparse.xlsx"
    path.write_bytes(_far_cells(None, 100, "y"))
    assert path.stat().st_size < 100_000
    run = jxcheck("import", path)
    assert_refused(run, path, "没有可识别的绩效目标表", "S99")
    assert_cheap(run)


@pytest.mark.slow
def test_a_far_cell_changes_nothing(tmp_path: Path) -> None:
    """seed-table.xlsx with a blank-looking cell at DX50000 on every sheet: the same findings
    at the same cells, read as cheaply."""
    path = tmp_path / "far.xlsx"
    path.write_bytes(_far_cells((OFFICE / "seed-table.xlsx").read_bytes(), 0, " "))
    reports = []
    for source in (OFFICE / "seed-table.xlsx", path):
        out = tmp_path / f"{source.stem}.json"
        run = jxcheck("check", source, "--format", "json", "-o", out, "-q")
        assert run.returncode in (0, 1), run.stderr
        findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
        reports.append([(f["rule"], f["pointer"], f["location"]) for f in findings])
    assert_cheap(run)
    assert reports[0] == reports[1] and len(reports[0]) > 100


# -- DTDs, whatever the part is called --------------------------------------------------------

_BOMB_DTD = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
_WORD_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _with_dtd(xml: bytes) -> bytes:
    """`xml` with an entity-expanding DTD after its XML declaration."""
    declaration, rest = xml.split(b"?>", 1) if xml.startswith(b"<?xml") else (b"", xml)
    return (declaration + b"?>" if declaration else b"") + _BOMB_DTD.encode() + rest


def _docx_main_renamed(name: str) -> bytes:
    """seed.docx whose document part is `name` (the package's relationships point to it), with
    a DTD."""
    members = _members((OFFICE / "seed.docx").read_bytes())
    document = members.pop("word/document.xml")
    members[name] = _with_dtd(document)
    members["_rels/.rels"] = members["_rels/.rels"].replace(b"word/document.xml", name.encode())
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"/word/document.xml", f"/{name}".encode()
    )
    return _zip(members)


def _xlsx_sheet_renamed(name: str) -> bytes:
    """seed-table.xlsx whose first sheet part is `xl/worksheets/NAME`, with a DTD."""
    members = _members((OFFICE / "seed-table.xlsx").read_bytes())
    sheet = members.pop("xl/worksheets/sheet1.xml")
    members[f"xl/worksheets/{name}"] = _with_dtd(sheet)
    rels = "xl/_rels/workbook.xml.rels"
    members[rels] = members[rels].replace(b"worksheets/sheet1.xml", f"worksheets/{name}".encode())
    return _zip(members)


def _docx_document(document: bytes) -> bytes:
    members = _members((OFFICE / "seed.docx").read_bytes())
    members["word/document.xml"] = document
    return _zip(members)


_UTF7_DTD = (
    b'<?xml version="1.0" encoding="UTF-7"?>'
    b"+ADw-!DOCTYPE x +AFs-+ADw-!ENTITY a +ACI-aaaa+ACI-+AD4-+AF0-+AD4-"
    + f"<w:document {_WORD_NS}><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body>"
    "</w:document>".encode()
)
_UTF32_DTD = (
    f'<?xml version="1.0" encoding="UTF-32"?>{_BOMB_DTD}'
    f"<w:document {_WORD_NS}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
).encode("utf-32-le")

#: name → (the file, the part the error must name)
DTD_FILES: dict[str, tuple[Callable[[], bytes], str]] = {
    "docx-main-part-as-bin.docx": (lambda: _docx_main_renamed("word/main.bin"), "word/main.bin"),
    "docx-main-part-no-suffix.docx": (lambda: _docx_main_renamed("word/body"), "word/body"),
    "xlsx-sheet-as-txt.xlsx": (lambda: _xlsx_sheet_renamed("data.txt"), "xl/worksheets/data.txt"),
    "utf7-hides-the-dtd.docx": (lambda: _docx_document(_UTF7_DTD), "word/document.xml"),
    "utf32-hides-the-dtd.docx": (lambda: _docx_document(_UTF32_DTD), "word/document.xml"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(DTD_FILES))
def test_a_dtd_is_refused_whatever_the_part_is_called(name: str, tmp_path: Path) -> None:
    """The DTD guard looked only at parts named .xml/.rels/.vml, and only at their bytes (an
    encoding such as UTF-7 hides `<!DOCTYPE` from a byte search). Now every part the readers
    parse is guarded: its prolog before parsing, and the parser's own record of a document
    type (entities are never expanded meanwhile)."""
    make, part = DTD_FILES[name]
    path = tmp_path / name
    path.write_bytes(make())
    run = jxcheck("import", path)
    assert_refused(run, path, "DTD", part)
    if name.startswith("docx-main-part-as-bin"):
        check_s000(path, tmp_path, "DTD", part)


def test_every_part_read_is_guarded() -> None:
    """The package relationships, the workbook, its relationships, shared strings and styles:
    each refused with a DTD, naming the part."""
    seed = _members(to_shared_strings((OFFICE / "seed-numbers.xlsx").read_bytes()))
    assert "xl/sharedStrings.xml" in seed and "xl/styles.xml" in seed
    for part in (
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
    ):
        members = dict(seed)
        members[part] = _with_dtd(members[part])
        with pytest.raises(InputError, match=re.escape(part)) as raised:
            XlsxReader().load(InputFile("x.xlsx", _zip(members)), ReadOptions())
        assert "DTD" in str(raised.value)


# -- each budget, at a small size -------------------------------------------------------------


def _docx(body: str) -> bytes:
    document = f'<?xml version="1.0"?><w:document {_WORD_NS}><w:body>{body}</w:body></w:document>'
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": document.encode()})


def _read(name: str, data: bytes) -> LoadedDocument:
    reader = DocxReader() if name.endswith(".docx") else XlsxReader()
    loaded = reader.load(InputFile(name, data), ReadOptions())
    assert isinstance(loaded, LoadedDocument)
    return loaded


def _budget(module: Any, name: str, limit: int, data: Callable[[], bytes], words: str) -> Any:
    return pytest.param(module, name, limit, data, words, id=name)


@pytest.mark.parametrize(
    ("module", "budget", "limit", "data", "words"),
    [
        _budget(
            office, "MAX_PART_BYTES", 50_000, lambda: _docx("<w:p/>" * 20_000), "解压后的字节数"
        ),
        _budget(office, "MAX_XML_ELEMENTS", 1_000, lambda: _docx("<w:p/>" * 2_000), "XML 元素"),
        _budget(
            office,
            "MAX_HELD_ELEMENTS",
            1_000,
            lambda: _docx("<w:p>" + "<w:r/>" * 2_000 + "</w:p>"),
            "一个段落、表格行或工作表行",
        ),
        _budget(
            office,
            "MAX_LINES",
            1_000,
            lambda: _docx("<w:tbl>" + "<w:tr><w:tc/></w:tr>" * 2_000 + "</w:tbl>"),
            "单元格和段落",
        ),
        _budget(docx, "MAX_PARAGRAPHS", 1_000, lambda: _docx("<w:p/>" * 2_000), "段落"),
        _budget(docx, "MAX_TABLES", 100, lambda: _docx("<w:tbl/><w:p/>" * 200), "表格"),
    ],
)
def test_each_budget_refuses_while_reading(
    monkeypatch: pytest.MonkeyPatch,
    module: Any,
    budget: str,
    limit: int,
    data: Callable[[], bytes],
    words: str,
) -> None:
    """Each budget, made small: the file is refused with a line naming what was counted."""
    monkeypatch.setattr(module, budget, limit)
    with pytest.raises(InputError) as raised:
        _read("x.docx", data())
    message = str(raised.value)
    assert words in message and f"{limit:,}" in message, message
    assert message.startswith("x.docx: ") and "\n" not in message


def test_declared_sizes_are_not_trusted() -> None:
    """A member that declares fewer bytes than it holds inflates no further than declared
    (zipfile stops there and the CRC fails): a damaged part, named; a member that declares
    more than the part budget is refused before it is read."""
    data = _docx("<w:p><w:r><w:t>" + "甲" * 1000 + "</w:t></w:r></w:p>")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
    lying = bytearray(data)
    for offset in (info.header_offset + 22, data.rfind(b"PK\x01\x02") + 24):
        lying[offset : offset + 4] = (100).to_bytes(4, "little")  # uncompressed size
    with pytest.raises(InputError, match=r"word/document\.xml"):
        _read("x.docx", bytes(lying))


def test_bytes_read_are_counted_not_declared(monkeypatch: pytest.MonkeyPatch) -> None:
    """A workbook listing one sheet part three times: the members declare less than the
    budget, the bytes read are more (each reading counts)."""
    members = _members((OFFICE / "seed-table.xlsx").read_bytes())
    workbook = members["xl/workbook.xml"].decode()
    sheet = re.search(r"<sheet [^>]*/>", workbook)
    assert sheet is not None
    rid = re.search(r'r:id="([^"]+)"', sheet.group(0))
    assert rid is not None
    copies = "".join(re.sub(r'name="[^"]*"', f'name="copy{n}"', sheet.group(0)) for n in range(3))
    members["xl/workbook.xml"] = workbook.replace(sheet.group(0), copies).encode()
    declared = sum(len(data) for data in members.values())
    monkeypatch.setattr(office, "MAX_UNCOMPRESSED", declared + 1)
    with pytest.raises(InputError, match="zip 炸弹"):
        _read("x.xlsx", _zip(members))


def test_shared_strings_cannot_amplify(monkeypatch: pytest.MonkeyPatch) -> None:
    """One long shared string shown in every cell is read once per cell: the characters read
    are counted."""
    import openpyxl

    monkeypatch.setattr(xlsx, "MAX_TEXT", 100_000)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    text = "指标" * 5_000
    for row in range(1, 21):
        sheet.cell(row=row, column=1, value=text)
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(InputError, match="单元格中的字符"):
        _read("x.xlsx", out.getvalue())


def test_a_zip_listing_too_many_members_is_refused_before_listing() -> None:
    """The central directory is sized before zipfile lists it (a 50 MB zip of empty members
    would list a million)."""
    data = _zip({f"m{n}": b"" for n in range(office.MAX_MEMBERS + 1)})
    start = time.process_time()
    with pytest.raises(InputError, match="成员"):
        _read("x.docx", data)
    assert office.zip_members(data) is None
    print(f"\n[{time.process_time() - start:.3f}s] refused")


# -- export is linear ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Document:
    (result,) = TextExportReader().read(InputFile(SEED.name, SEED.read_bytes()), ReadOptions())
    assert isinstance(result, LoadedDocument)
    return result.document


def _one_project(seed: Document, indicators: int) -> Document:
    project = seed.projects[0]
    rows = (project.indicators * (indicators // len(project.indicators) + 1))[:indicators]
    return seed.model_copy(update={"projects": [project.model_copy(update={"indicators": rows})]})


def _many_projects(seed: Document, indicators: int) -> Document:
    projects: list[Project] = []
    while sum(len(p.indicators) for p in projects) < indicators:
        projects.extend(seed.projects)
    return seed.model_copy(update={"projects": projects})


def _cpu(write: Callable[[], bytes]) -> float:
    gc.collect()
    start = time.process_time()
    write()
    return time.process_time() - start


SMALL, LARGE = 4_000, 16_000
#: A linear step takes four times as long for four times the indicators, a quadratic one
#: sixteen: the bound leaves room for noise between.
RATIO = 6.0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("to", "shape"),
    [("table", _one_project), ("table", _many_projects), ("flat", _many_projects)],
    ids=["table-one-project", "table-many-projects", "flat-many-projects"],
)
def test_export_to_xlsx_is_linear(seed: Document, to: Any, shape: Any) -> None:
    """Before: 4,000 indicators in 9.9 s, 14,000 in over a minute (openpyxl scanned every
    merged range at each merge). Measured in this process's CPU time, in one run."""
    small, large = shape(seed, SMALL), shape(seed, LARGE)
    _cpu(lambda: write_xlsx(seed, to))  # imports, caches
    times = [_cpu(lambda: write_xlsx(small, to)), _cpu(lambda: write_xlsx(large, to))]
    print(f"\n[{times[0]:.2f}s, {times[1]:.2f}s] {SMALL} and {LARGE} indicators to {to}")
    assert times[1] / times[0] < RATIO, times


@pytest.mark.slow
def test_export_to_docx_is_linear(seed: Document) -> None:
    """Before: 4,000 indicators over 60 projects in 4.3 s, 16,000 in 34 s (python-docx
    looked for the end of the body among all its children at each table and paragraph)."""
    small, large = _many_projects(seed, SMALL // 2), _many_projects(seed, LARGE // 2)
    _cpu(lambda: write_docx(seed))
    times = [_cpu(lambda: write_docx(small)), _cpu(lambda: write_docx(large))]
    print(f"\n[{times[0]:.2f}s, {times[1]:.2f}s] {SMALL // 2} and {LARGE // 2} indicators to docx")
    assert times[1] / times[0] < RATIO, times


@pytest.mark.slow
def test_export_cli_of_16000_indicators(seed: Document, tmp_path: Path) -> None:
    """The same as a user runs it: `jxcheck export --to xlsx`, then read back."""
    from checker.yamlwrite import dump

    record = tmp_path / "big.yaml"
    record.write_text(dump(_one_project(seed, LARGE)), encoding="utf-8")
    out = tmp_path / "big.xlsx"
    run = jxcheck("export", record, "--to", "xlsx", "-o", out, timeout=300)
    assert run.returncode == 0, run.stderr
    loaded = _read("big.xlsx", out.read_bytes())
    assert len(loaded.document.projects[0].indicators) == LARGE
