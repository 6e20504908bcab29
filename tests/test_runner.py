"""One runner (`checker.runner`) for the command line, `checker.api` and the review desk.

- The import graph of `checker/` has no cycle (every import counts: module level, inside a
  function, under `TYPE_CHECKING`), and `checker/` imports nothing from `rules/`.
- The empty-input rule is the same everywhere: inputs that hold no file a reader takes, no
  input at all, or only files that are skipped (a report jxcheck wrote) are a UsageError from
  `checker.api.check`, the same line and exit status 2 from `jxcheck check`, and a refused
  request at the review desk — never an "all clear" for nothing checked.
- `checker.api.check` and `jxcheck check` give the same report bytes.
- Worker processes that must be spawned rebuild the engine from the installed plugins only.
"""

from __future__ import annotations

import ast
import functools
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from checker import api, runner
from checker.engine import CheckOptions
from checker.errors import UsageError
from checker.inputs import InputFile
from checker.plugins import PluginLoader, load_registry
from checker.reporting import RenderOptions
from checker.web.worker import Worker

from .conftest import ROOT, SEED, jxcheck

# --- the import graph ----------------------------------------------------------------------------


def _modules(root: Path, package: str) -> dict[str, Path]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(
    module: str, path: Path, node: ast.Import | ast.ImportFrom, modules: dict[str, Path]
) -> Iterator[str]:
    """The dotted names an import statement reaches: `from a import b` reaches the module
    `a.b` if there is one, else `a` (where `b` is a name); `import a.b` reaches `a.b`."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = node.module or ""
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base] if base else package)
    for alias in node.names:
        full = f"{base}.{alias.name}"
        yield full if full in modules else base


def imports(root: Path, package: str) -> dict[str, set[str]]:
    """Module of `package` → every dotted name it imports, anywhere in its source (at module
    level, inside functions, under `TYPE_CHECKING`), relative imports made absolute."""
    modules = _modules(root, package)
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        found[name] = {
            target
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for target in _imported(name, path, node, modules)
        }
    return found


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module → the modules of `package` it imports (the package itself, which every import
    of a module in it runs first, is left out)."""
    return _graph(imports(root, package), package)


def _graph(found: dict[str, set[str]], package: str) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in found}
    for name, targets in found.items():
        for target in targets:
            while target and target not in found:  # `import a.b.name`: the module
                target = target.rpartition(".")[0]
            if target and target != name and target != package:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected set of more than one module, each as one cycle through it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan; the package is small, recursion is fine
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            members = []
            while True:
                member = stack.pop()
                members.append(member)
                if member == node:
                    break
            if len(members) > 1:
                found.append(_cycle_through(graph, set(members)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _cycle_through(graph: dict[str, set[str]], members: set[str]) -> list[str]:
    """One cycle inside a strongly connected set, for the message: a → b → … → a."""
    start = min(members)
    path, seen = [start], {start}
    while True:
        step = min(t for t in graph[path[-1]] if t in members)
        if step in seen:
            return [*path[path.index(step) :], step]
        path.append(step)
        seen.add(step)


def test_the_cycle_finder_sees_imports_inside_functions(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("def f():\n    from pkg.sub import b\n", encoding="utf-8")
    (package / "sub" / "b.py").write_text("from .. import c\n", encoding="utf-8")
    (package / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.a\n", encoding="utf-8"
    )
    (package / "d.py").write_text("from pkg import a\n", encoding="utf-8")
    (package / "e.py").write_text("def f():\n    from rules import values\n", encoding="utf-8")
    assert imports(package, "pkg")["pkg.e"] == {"rules"}  # what the rules/ check reads
    graph = import_graph(package, "pkg")
    assert graph["pkg.a"] == {"pkg.sub.b"} and graph["pkg.sub.b"] == {"pkg.c"}
    assert graph["pkg.d"] == {"pkg.a"}
    assert cycles(graph) == [["pkg.a", "pkg.sub.b", "pkg.c", "pkg.a"]]


@functools.cache
def checker_imports() -> dict[str, set[str]]:
    return imports(ROOT / "checker", "checker")


def checker_graph() -> dict[str, set[str]]:
    return _graph(checker_imports(), "checker")


def test_the_import_graph_of_checker_has_no_cycle() -> None:
    found = cycles(checker_graph())
    assert found == [], "import cycles:\n" + "\n".join(" → ".join(c) for c in found)


def test_checker_imports_nothing_from_rules() -> None:
    offenders = sorted(
        f"{module} imports {name}"
        for module, names in checker_imports().items()
        for name in names
        if name == "rules" or name.startswith("rules.")
    )
    assert offenders == []


def test_parallel_builds_its_engine_below_the_runner() -> None:
    graph = checker_graph()
    assert "checker.api" not in graph["checker.parallel"]
    assert "checker.runner" not in graph["checker.parallel"]
    assert graph["checker.prepare"] & {"checker.engine", "checker.runner", "checker.api"} == set()


# --- the empty-input rule ------------------------------------------------------------------------


def _cli_error(*args: str | Path, cwd: Path = ROOT) -> str:
    proc = jxcheck("check", *args, "--lang", "en", cwd=cwd)
    assert proc.returncode == 2 and proc.stdout == "", proc.stdout + proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    return proc.stderr.removeprefix("jxcheck: ").rstrip("\n")


def test_a_folder_with_nothing_to_read_is_the_same_error_everywhere(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(UsageError) as raised:
        api.check([folder], lang="en")
    assert raised.value.text.en.startswith(f"nothing to check: {folder} holds no file jxcheck")
    assert _cli_error(folder) == raised.value.render("en")


def test_no_input_at_all_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as raised:
        api.check([])
    assert raised.value.text.en == "nothing to check: no file or folder given"


def _own_report() -> bytes:
    """A JSON report jxcheck wrote: a check skips it (it is no record)."""
    report = api.check([SEED])
    rendered = load_registry().reporters["json"].render(report, RenderOptions("zh"))
    return rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")


def test_only_skipped_files_is_the_same_error_everywhere(tmp_path: Path) -> None:
    data = _own_report()
    on_disk = tmp_path / "report.json"
    on_disk.write_bytes(data)
    said = "holds only reports jxcheck wrote or links to folders (1 skipped)"
    with pytest.raises(UsageError) as from_disk:
        api.check([on_disk])
    assert from_disk.value.text.en == f"nothing to check: {on_disk} {said}"
    with pytest.raises(UsageError) as from_memory:
        api.check([InputFile("report.json", data)])
    assert from_memory.value.text.en == f"nothing to check: report.json {said}"
    assert _cli_error("report.json", cwd=tmp_path) == from_memory.value.render("en")
    # under --skip-unrecognised (the pre-commit hook) a run of only skipped files is no error
    hook = runner.Runner(options=CheckOptions(skip_unrecognised=True))
    report = hook.check(hook.targets([InputFile("report.json", data)]))
    assert report.files == [] and report.exit_status == 0


def test_the_review_desk_refuses_a_request_of_only_skipped_files() -> None:
    data = _own_report()
    worker = Worker(load_registry(), seconds=60, memory_mb=2048)
    common = {
        "request": 1,
        "policy": None,
        "lang": "en",
        "fail_on": "error",
        "today": date(2023, 3, 1).isoformat(),
        "max_bytes": 1 << 20,
    }
    reply, outcome = worker.handle({**common, "op": "check", "name": "report.json"}, data)
    assert reply == {"ok": True}
    finish = {
        **common,
        "op": "finish",
        "parts": [{"size": len(outcome)}],
        "unreadable": "report",
        "format": "json",
        "output_name": None,
    }
    reply, rendered = worker.handle(finish, outcome)
    assert rendered == b"" and reply["ok"] is False and reply["kind"] == "usage"
    assert reply["en"] == (
        "nothing to check: report.json holds only reports jxcheck wrote or links to folders "
        "(1 skipped)"
    )
    # a request with a record in it is checked as before
    record = SEED.with_suffix(".yaml").read_bytes()
    _, packed = worker.handle({**common, "op": "check", "name": "seed.yaml"}, record)
    both = {**finish, "parts": [{"size": len(outcome)}, {"size": len(packed)}]}
    reply, rendered = worker.handle(both, outcome + packed)
    assert reply["ok"] is True and json.loads(rendered)["summary"]["records"] == 10


# --- the same run from Python and the command line ----------------------------------------------


def test_api_and_cli_give_the_same_report_bytes() -> None:
    proc = jxcheck("check", SEED, "--format", "json", "--jobs", "1")
    assert proc.returncode == 1, proc.stderr
    report = api.check([SEED])
    rendered = load_registry().reporters["json"].render(report, RenderOptions("zh"))
    assert rendered == proc.stdout


def test_spawned_workers_rebuild_only_what_they_can() -> None:
    """A caller's own registry cannot be rebuilt in a spawned worker: no spec, so files are
    checked in process where workers cannot fork. A policy file given as a Path stays a file
    (absolute) for the workers."""
    own = runner.Runner(registry=PluginLoader().load())
    assert own.spec is None
    installed = runner.Runner(Path("policy") / "hebei.yaml", cwd=ROOT, select=["N"])
    assert installed.spec is not None
    assert installed.spec.policy == str(ROOT / "policy" / "hebei.yaml")
    assert (installed.spec.select, installed.spec.cwd) == (("N",), str(ROOT))
    named = runner.Runner("hebei", cwd=ROOT)
    assert named.spec is not None and named.spec.policy == "hebei"
