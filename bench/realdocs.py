"""The real-layout batch: the seed and the real-document corpus as YAML records, replicated.

    python -m bench.realdocs OUT [--projects 3000]

The seed document (`examples/000_57b4140ba813d59e.txt`) and every real document of
`tests/data/realdocs/*.txt` are imported once by jxcheck's own reader, `jxcheck import --split`
(one file per project, named by its 项目编码 or `STEM-NN`; a document's Part 1 in `STEM.yaml`):
45 projects and the seed's Part 1 at the time of writing. That set is then copied, as text,
into `OUT/0000/`, `OUT/0001/`, … until `--projects` projects are written (the last copy may be
partial; a copy's seed projects bring the seed's Part 1 along).

Copy 0 is the import itself. In every later copy `k` each project is made a different project
for jxcheck, so that nothing is reported as `skipped: duplicate` (the engine skips a file whose
documents' identity — department, and each project's code, name, budget and indicator rows,
`checker.engine.document_identity` — another file already has) and S006 (one 项目编码 per
batch) finds nothing:

- a project with a 项目编码 gets a new code of the same shape: the 11-digit serial of a
  national code (`13073022P00883610001N`: region and year, `P`, serial, check character; else
  the code's last run of four or more digits) has `k × 1000003` added, modulo its length, so
  region, year, `P` and the check character stay as they were (the file is renamed
  to the new code, as `jxcheck import --split` would name it);
- a project without a code keeps having none, and its 项目名称 gets the suffix `（k）` instead
  (a project with no name gets the name `（k）`; the engine still tells two such projects of one
  copy apart by their budget and indicator rows).

Nothing else changes: the bytes are the importer's, one or two lines apart. The generator
checks that the codes and names it made are unique and that every file still parses.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "000_57b4140ba813d59e.txt"
CORPUS = ROOT / "tests" / "data" / "realdocs"
DEFAULT_PROJECTS = 3000
#: Added to a code's serial digits per copy (a prime: copies of two codes do not meet).
STEP = 1000003

_CODE_LINE = re.compile(r"^code:[^\n]*$", re.MULTILINE)
_NAME_LINE = re.compile(r"^name:[^\n]*$", re.MULTILINE)
_DIGITS = re.compile(r"\d{4,}")
#: The national scheme: region and year, `P`, the 11-digit serial, a check character.
_NATIONAL = re.compile(r"^(\d{8}P)(\d{11})([0-9A-Z])$")


@dataclass(frozen=True)
class BaseFile:
    """One file of the imported set: its name, bytes and what copies must change."""

    name: str
    text: str
    kind: str
    code: str | None
    project_name: str | None
    #: The stem of the document it was imported from (the comment line jxcheck writes).
    source: str


@dataclass(frozen=True)
class Batch:
    """What `build` wrote."""

    folder: Path
    projects: int
    files: int
    documents: int
    copies: int
    base_projects: int
    base_documents: int
    bytes: int
    sources: int
    #: A one-project record of copy 0: the seed's first project (the pre-commit file).
    one: Path
    project_files: list[Path]

    def describe(self) -> dict[str, Any]:
        return {
            "projects": self.projects,
            "files": self.files,
            "part1_documents": self.documents,
            "copies": self.copies,
            "base_projects": self.base_projects,
            "sources": self.sources,
            "bytes": self.bytes,
        }


def sources(root: Path = ROOT) -> list[Path]:
    """The seed first, then the corpus by name."""
    seed = root / "examples" / SEED.name
    return [seed, *sorted((root / "tests" / "data" / "realdocs").glob("*.txt"))]


def import_base(
    out: Path, jxcheck: Sequence[str], env: dict[str, str] | None = None, root: Path = ROOT
) -> list[BaseFile]:
    """`jxcheck import --split` of the seed and the corpus into `out`, one process; the files
    read back in a fixed order (the seed's Part 1, the seed's projects, the corpus's)."""
    out.mkdir(parents=True, exist_ok=True)
    docs = sources(root)
    command = [*jxcheck, "import", "--split", "--force", "-o", str(out), *map(str, docs)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=out)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"jxcheck import failed ({done.returncode}): {' '.join(command)}")
    order = {doc.stem: i for i, doc in enumerate(docs)}
    found: list[tuple[int, int, str, BaseFile]] = []
    for path in sorted(out.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        first = text.split("\n", 1)[0]
        match = re.search(r"(?:从|from) (\S+)\.txt", first)
        source = match.group(1) if match else path.stem
        data = yaml.safe_load(text)
        kind = str(data.get("kind", ""))
        code = data.get("code")
        name = data.get("name")
        base = BaseFile(
            path.name,
            text,
            kind,
            str(code).strip() if code not in (None, "") and str(code).strip() else None,
            None if name is None else str(name),
            source,
        )
        found.append(
            (order.get(source, len(order)), 0 if kind == "document" else 1, path.name, base)
        )
    return [b for *_, b in sorted(found, key=lambda t: (t[0], t[1], t[2]))]


def shifted_code(code: str, k: int) -> str:
    """`code` with its serial moved by k × STEP, modulo its length: the 11 digits after `P` of
    a national code, else the last run of 4+ digits; a code without one gets `-k` appended."""
    national = _NATIONAL.match(code)
    if national is not None:
        start, end = national.span(2)
    else:
        runs = list(_DIGITS.finditer(code))
        if not runs:
            return f"{code}-{k}"
        start, end = runs[-1].span()
    width = end - start
    serial = (int(code[start:end]) + k * STEP) % 10**width
    return code[:start] + f"{serial:0{width}d}" + code[end:]


def _scalar(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def copy_text(base: BaseFile, k: int) -> tuple[str, str]:
    """The file name and text of `base` in copy `k` (copy 0: unchanged)."""
    if k == 0 or base.kind != "project":
        return base.name, base.text
    if base.code is not None:
        new = shifted_code(base.code, k)
        match = _CODE_LINE.search(base.text)
        if match is None or base.code not in match.group():
            raise SystemExit(f"{base.name}: no top-level code line to change")
        # the same characters in place of the old: the importer's quoting is kept
        line = match.group().replace(base.code, new)
        text = base.text[: match.start()] + line + base.text[match.end() :]
        name = f"{new}.yaml" if base.name == f"{base.code}.yaml" else base.name
        return name, text
    new_name = (base.project_name or "").rstrip() + f"（{k}）"
    line = f"name: {_scalar(new_name)}"
    text, count = _NAME_LINE.subn(line, base.text, count=1)
    if count == 0:
        text = base.text.rstrip("\n") + "\n" + line + "\n"
    return base.name, text


def build(
    out: Path,
    projects: int = DEFAULT_PROJECTS,
    jxcheck: Sequence[str] | None = None,
    env: dict[str, str] | None = None,
    root: Path = ROOT,
) -> Batch:
    """Import the seed and the corpus, then write copies into `out` up to `projects` projects."""
    command = list(jxcheck) if jxcheck else [_jxcheck()]
    with tempfile.TemporaryDirectory(prefix="jx-realdocs-") as tmp:
        base = import_base(Path(tmp), command, env, root)
    per_copy = sum(1 for b in base if b.kind == "project")
    if per_copy == 0:
        raise SystemExit("the import gave no project")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    written = files = documents = size = k = 0
    codes: set[str] = set()
    identities: set[tuple[str, str | None, str | None]] = set()
    project_files: list[Path] = []
    one: Path | None = None
    while written < projects:
        folder = out / f"{k:04d}"
        folder.mkdir()
        part1: list[BaseFile] = []
        for b in base:
            if b.kind != "project":
                part1.append(b)
                continue
            if written >= projects:
                break
            for doc in [p for p in part1 if p.source == b.source]:
                # a document's Part 1 goes with its first project written in this copy
                part1.remove(doc)
                (folder / doc.name).write_text(doc.text, encoding="utf-8")
                files += 1
                documents += 1
                size += len(doc.text.encode("utf-8"))
            name, text = copy_text(b, k)
            data = yaml.safe_load(text)
            code = data.get("code") or None
            identity = (b.name, code, None if code else data.get("name"))
            if identity in identities or (code is not None and code in codes):
                raise SystemExit(f"copy {k} of {b.name} is not distinct: {identity}")
            identities.add(identity)
            if code is not None:
                codes.add(code)
            path = folder / name
            if path.exists():
                raise SystemExit(f"two files named {path}")
            path.write_text(text, encoding="utf-8")
            project_files.append(path)
            if one is None:
                one = path
            files += 1
            written += 1
            size += len(text.encode("utf-8"))
        k += 1
    assert one is not None
    return Batch(
        out,
        written,
        files,
        documents,
        k,
        per_copy,
        sum(1 for b in base if b.kind == "document"),
        size,
        len(sources(root)),
        one,
        project_files,
    )


def _jxcheck() -> str:
    local = Path(sys.executable).with_name("jxcheck")
    if local.exists():
        return str(local)
    found = shutil.which("jxcheck")
    if found is None:
        raise SystemExit("jxcheck is not installed")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.realdocs", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("out", type=Path, help="folder to write (replaced)")
    parser.add_argument("--projects", type=int, default=DEFAULT_PROJECTS)
    args = parser.parse_args(argv)
    batch = build(args.out, args.projects)
    print(json.dumps(batch.describe(), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
