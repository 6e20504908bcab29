"""Nothing executed: records and policies are data; only an installed plugin brings code.

- The source of jxcheck, its rules and the bundled plugin never load YAML unsafely, evaluate
  text, unpickle what a file holds, or start a shell (an AST scan that fails on any new use;
  the few reviewed uses are listed with the reason they are safe).
- A policy cannot run code: Python tags are refused (and nothing they name runs); `extends`
  and `--policy` naming a `.py` file are refused as such, never imported; `required_plugins` and
  `extends` naming an importable module that is not an installed plugin are refused without
  importing it. Records with Python tags are S000 and run nothing either.
- `extends` resolves a file relative to the policy that names it, whatever the working
  directory (decoys with the same names in the working directory are never read).

The HTML report's escaping of every string from a record or a policy is checked in a real
browser in `tests/test_html_browser.py` (`test_every_string_from_records_and_policies_is_text`).
"""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT, SEED
from .conftest import jxcheck as run_cli

SEED_YAML = SEED.with_suffix(".yaml")
SOURCES = [ROOT / "checker", ROOT / "rules", *sorted((ROOT / "plugins").glob("*/src"))]

#: Reviewed uses: (file relative to the repository, what) → why it is safe.
ALLOWED = {
    ("checker/parallel.py", "pickle"): "results sent by jxcheck's own worker processes over a "
    "pipe the parent created; never data read from an input file",
    ("checker/cli.py", "import_module"): "the module of a verb from the fixed VERBS table",
    ("checker/celfast.py", "compile"): "Python source generated from a parsed CEL tree: only "
    "names the module makes, fixed operators, and field names checked to be identifiers "
    "(read by subscript, never as attributes); every literal is passed as a value",
    ("checker/celfast.py", "exec"): "defines the function compiled just above, in a namespace "
    "with a fixed set of built-ins (tests/test_celfast.py)",
    (
        "checker/reporters/builtin.py",
        "import_module",
    ): "a report format from the fixed FORMATS table",
}
SAFE_LOADERS = {"_Loader", "CSafeLoader", "SafeLoader", "CBaseLoader", "BaseLoader"}
DANGEROUS_CALLS = {
    "eval": "eval",
    "exec": "exec",
    "compile": "compile",
    "__import__": "__import__",
    "os.system": "os.system",
    "os.popen": "os.popen",
    "os.execv": "os.exec",
    "os.execvp": "os.exec",
    "os.spawnv": "os.spawn",
    "yaml.load": "yaml.load",
    "yaml.load_all": "yaml.load",
    "yaml.unsafe_load": "yaml.unsafe_load",
    "yaml.unsafe_load_all": "yaml.unsafe_load",
    "yaml.full_load": "yaml.full_load",
    "yaml.full_load_all": "yaml.full_load",
    "importlib.import_module": "import_module",
    "pickle.loads": "pickle",
    "pickle.load": "pickle",
    "marshal.loads": "marshal",
}
DANGEROUS_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _findings(path: Path) -> list[tuple[str, int, str]]:
    """(what, line, detail) for every dangerous construct in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[str, int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names]
            module = node.module if isinstance(node, ast.ImportFrom) else None
            for name in [module or "", *names]:
                if name.split(".")[0] in DANGEROUS_MODULES:
                    found.append(("pickle" if "pickle" in name else name, node.lineno, name))
        if not isinstance(node, ast.Call):
            continue
        name = _dotted(node.func)
        what = DANGEROUS_CALLS.get(name)
        if what is None and name.endswith(".import_module"):
            what = "import_module"
        if what is not None:
            found.append((what, node.lineno, name))
        for keyword in node.keywords:
            if keyword.arg == "Loader":
                loader = _dotted(keyword.value).rsplit(".", 1)[-1]
                if loader not in SAFE_LOADERS:
                    found.append(("unsafe YAML loader", node.lineno, loader))
            if keyword.arg == "shell" and not (
                isinstance(keyword.value, ast.Constant) and keyword.value.value is False
            ):
                found.append(("shell=True", node.lineno, name))
            if keyword.arg == "autoescape" and not (
                isinstance(keyword.value, ast.Constant) and keyword.value.value is True
            ):
                found.append(("autoescape off", node.lineno, name))
    return found


def test_no_unsafe_loading_evaluation_or_shell_in_the_source() -> None:
    files = [p for root in SOURCES for p in sorted(root.rglob("*.py"))]
    assert len(files) > 50
    unreviewed = []
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        for what, line, detail in _findings(path):
            if (relative, what) not in ALLOWED:
                unreviewed.append(f"{relative}:{line}: {what} ({detail})")
    assert unreviewed == [], "unreviewed code execution paths:\n" + "\n".join(unreviewed)


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import pickle\nimport yaml, subprocess\n"
        "yaml.load(s, Loader=yaml.Loader)\nyaml.unsafe_load(s)\neval('1')\n"
        "subprocess.run('ls', shell=True)\nexec('x = 1')\n",
        encoding="utf-8",
    )
    kinds = {what for what, _, _ in _findings(sample)}
    assert kinds == {"pickle", "yaml.load", "unsafe YAML loader", "yaml.unsafe_load", "eval",
                     "shell=True", "exec"}  # fmt: skip


# --- policies and records run nothing -------------------------------------------------------------


def jxcheck(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m checker.cli` in `cwd`: the working directory is on sys.path, so a module
    lying there would be importable, which is what these tests show never happens."""
    return run_cli(*args, cwd=cwd, timeout=120)


def one_line_status_2(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1, proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr
    return proc.stderr


def _trap(folder: Path) -> Path:
    """A module `trap` that leaves a file behind when it is imported; returns that file."""
    marker = folder / "TRAP-RAN"
    (folder / "trap.py").write_text(
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n"
        "def register_rules():\n    return []\n",
        encoding="utf-8",
    )
    return marker


PYTHON_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.call [['touch', '{marker}']]",
    "!!python/name:trap.register_rules",
    "!!python/module:trap",
    "!!python/object/new:trap.X {{}}",
]


@pytest.mark.slow
@pytest.mark.parametrize("tag", PYTHON_TAGS, ids=lambda t: t.split()[0])
def test_python_tags_in_a_policy_are_refused_and_run_nothing(tmp_path: Path, tag: str) -> None:
    marker = _trap(tmp_path)
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"name: x\ndescription: {tag.format(marker=marker)}\n", encoding="utf-8")
    for args in (("policy", "validate", policy), ("check", SEED_YAML, "--policy", policy)):
        one_line_status_2(jxcheck(*args, cwd=tmp_path), "policy.yaml:2", "标签")
    assert not marker.exists()


@pytest.mark.parametrize("tag", PYTHON_TAGS, ids=lambda t: t.split()[0])
def test_python_tags_in_a_record_are_s000_and_run_nothing(tmp_path: Path, tag: str) -> None:
    marker = _trap(tmp_path)
    record = tmp_path / "record.yaml"
    record.write_text(f"code: {tag.format(marker=marker)}\nname: x\n", encoding="utf-8")
    proc = jxcheck("check", record, cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    (row,) = [r for r in proc.stdout.splitlines() if " S000 " in r]
    assert row.startswith(f"{record}:1: S000 error ") and "标签" in row, row
    assert not marker.exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("policy", "words"),
    [
        ("extends: ./trap.py\n", ("trap.py", "插件")),
        ("extends: [national, trap.py]\n", ("trap.py", "插件")),
        ("extends: trap\n", ("'trap'", "不是内置策略名")),
        ("required_plugins: [trap]\n", ("trap", "未安装")),
    ],
    ids=["extends ./trap.py", "extends trap.py in a list", "extends a module name", "requires"],
)
def test_a_policy_cannot_name_code_that_is_no_installed_plugin(
    tmp_path: Path, policy: str, words: tuple[str, ...]
) -> None:
    marker = _trap(tmp_path)
    (tmp_path / "policy.yaml").write_text(policy, encoding="utf-8")
    for args in (
        ("policy", "validate", "policy.yaml"),
        ("check", SEED_YAML, "--policy", "policy.yaml"),
    ):
        one_line_status_2(jxcheck(*args, cwd=tmp_path), *words)
    assert not marker.exists()


def test_policy_option_naming_a_python_file_is_refused(tmp_path: Path) -> None:
    marker = _trap(tmp_path)
    one_line_status_2(jxcheck("check", SEED_YAML, "--policy", "trap.py", cwd=tmp_path), "trap.py")
    assert not marker.exists()


# --- extends is relative to the policy that names it ------------------------------------------------


@pytest.mark.slow
def test_extends_resolves_relative_to_the_naming_policy_from_any_working_directory(
    tmp_path: Path,
) -> None:
    tree = {
        "bureau/policies/county/county.yaml": "name: county\nextends: ../province/province.yaml\n"
        "severity: {V001: error}\n",
        "bureau/policies/province/province.yaml": "name: province\n"
        "extends: [hebei, ./shared/base.yaml]\nseverity: {V002: warning}\n",
        "bureau/policies/province/shared/base.yaml": "name: base\nseverity: {V004: info}\n",
        # decoys where a resolution against the working directory would look
        "elsewhere/province/province.yaml": "name: decoy\nselect: [Z999]\n",
        "elsewhere/shared/base.yaml": "name: decoy\nselect: [Z999]\n",
        "elsewhere/base.yaml": "name: decoy\nselect: [Z999]\n",
        "elsewhere/province.yaml": "name: decoy\nselect: [Z999]\n",
    }
    for name, text in tree.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    work = tmp_path / "elsewhere"
    county = "../bureau/policies/county/county.yaml"
    for policy in (county, str(tmp_path / "bureau/policies/county/county.yaml")):
        proc = jxcheck(
            "policy", "show", "--policy", policy, "--resolved", "--format", "json", cwd=work
        )
        assert proc.returncode == 0, proc.stderr
        shown = json.loads(proc.stdout)
        text = json.dumps(shown, ensure_ascii=False)
        assert "decoy" not in text and "Z999" not in text
        files = [layer["file"] for layer in shown["layers"]]
        assert [Path(f).name for f in files[-3:]] == ["base.yaml", "province.yaml", "county.yaml"]
        assert all("bureau/policies" in f for f in files[-3:]), files
        rules = shown["rules"]
        assert rules["V001"]["severity"] == "error"
        assert rules["V002"]["severity"] == "warning"
        assert rules["V004"]["severity"] == "info"
    check = jxcheck("check", SEED_YAML, "--policy", county, "-q", cwd=work)
    assert check.returncode == 1 and "Traceback" not in check.stderr, check.stderr
