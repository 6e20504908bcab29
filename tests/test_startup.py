"""Start-up: what a one-file `jxcheck check` does before and after it checks, kept exact.

- The entry points of the installed distributions come from a cache (`checker.entrypoints`)
  only while nothing installed changed: a distribution installed, removed, upgraded or edited
  in place, another path or another finder, and the cache is not used; a damaged or unwritable
  cache costs nothing but the saving.
- The reports are the same bytes with or without the cache.
- A check imports only what it uses: no worker machinery, no baseline, no readers of other
  formats, no openpyxl (`checker.readers.xlsxformats` reads number formats and dates itself,
  held equal to the installed openpyxl here).
- `starting_up` turns garbage collection off and back on as it was.
"""

from __future__ import annotations

import datetime
import gc
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from checker import entrypoints
from checker.commands import starting_up
from checker.plugins import ENTRY_POINT_GROUP, PluginLoader, _scan
from checker.readers import xlsxformats

from .conftest import ROOT, SEED

SEED_YAML = SEED.with_suffix(".yaml")
OFFICE = ROOT / "tests" / "data" / "office"
#: A time long past, for files that must look settled to the entry-point cache.
_OLD = 1_600_000_000


# --- the entry-point cache ----------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on `sys.path` to install distributions into, and a cache folder of the test's."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(entrypoints.NO_CACHE_ENV, raising=False)
    monkeypatch.syspath_prepend(str(folder))
    yield folder


def _distribution(
    site: Path, module: str, dist: str, entry: str, version: str = "0.1", *, settled: bool = True
) -> Path:
    """A distribution with a `jxcheck` entry point `entry` → `module` (a plugin registering
    nothing), as pip leaves it; its files dated long ago unless `settled` is false."""
    (site / f"{module}.py").write_text("", encoding="utf-8")
    info = site / f"{module}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(f"[jxcheck]\n{entry} = {module}\n", encoding="utf-8")
    if settled:
        for path in (info / "METADATA", info / "entry_points.txt"):
            os.utime(path, (_OLD, _OLD))
    return info


class _Counted:
    """`checker.plugins._scan`, counting its calls (each call is a cache miss)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> list[entrypoints.Found]:
        self.calls += 1
        return _scan()


def _names(found: list[entrypoints.Found]) -> set[tuple[str, str, str]]:
    return {(f.distribution, f.version, f.name) for f in found}


def test_the_cached_answer_is_the_scan_and_is_used(site: Path) -> None:
    _distribution(site, "jx_one", "jx-one", "one")
    scan = _Counted()
    first = entrypoints.cached(ENTRY_POINT_GROUP, scan)
    assert first == _scan()
    assert ("jx-one", "0.1", "one") in _names(first)
    assert ("jxcheck", "0.1.0", "builtin-rules") in _names(first)
    again = entrypoints.cached(ENTRY_POINT_GROUP, scan)
    assert again == first and scan.calls == 1  # the second answer came from the file
    stored = list((site.parent / "cache" / "jxcheck").glob("entry-points-*.json"))
    assert len(stored) == 1


def test_installing_removing_and_upgrading_a_distribution_are_seen(site: Path) -> None:
    scan = _Counted()
    before = entrypoints.cached(ENTRY_POINT_GROUP, scan)
    assert not any(f.distribution == "jx-two" for f in before)

    info = _distribution(site, "jx_two", "jx-two", "two")
    installed = entrypoints.cached(ENTRY_POINT_GROUP, scan)
    assert ("jx-two", "0.1", "two") in _names(installed) and scan.calls == 2

    upgraded = info.rename(site / "jx_two-0.2.dist-info")  # pip: a new folder per version
    (upgraded / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: jx-two\nVersion: 0.2\n", encoding="utf-8"
    )
    os.utime(upgraded / "METADATA", (_OLD, _OLD))
    assert ("jx-two", "0.2", "two") in _names(entrypoints.cached(ENTRY_POINT_GROUP, scan))

    for path in upgraded.iterdir():
        path.unlink()
    upgraded.rmdir()
    removed = entrypoints.cached(ENTRY_POINT_GROUP, scan)
    assert not any(f.distribution == "jx-two" for f in removed)
    assert removed == before == _scan()


def test_an_entry_point_edited_in_place_is_seen(site: Path) -> None:
    info = _distribution(site, "jx_three", "jx-three", "three")
    scan = _Counted()
    assert ("jx-three", "0.1", "three") in _names(entrypoints.cached(ENTRY_POINT_GROUP, scan))
    points = info / "entry_points.txt"
    points.write_text("[jxcheck]\nrenamed = jx_three\n", encoding="utf-8")
    os.utime(points, (_OLD, _OLD))  # even with its old time: its size changed
    found = entrypoints.cached(ENTRY_POINT_GROUP, scan)
    assert ("jx-three", "0.1", "renamed") in _names(found) and scan.calls == 2
    assert found == _scan()


def test_a_version_edited_in_place_is_seen(site: Path) -> None:
    info = _distribution(site, "jx_four", "jx-four", "four")
    scan = _Counted()
    entrypoints.cached(ENTRY_POINT_GROUP, scan)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: jx-four\nVersion: 0.9\n", encoding="utf-8"
    )
    assert ("jx-four", "0.9", "four") in _names(entrypoints.cached(ENTRY_POINT_GROUP, scan))


def test_another_path_is_another_answer(site: Path, tmp_path: Path) -> None:
    scan = _Counted()
    entrypoints.cached(ENTRY_POINT_GROUP, scan)
    other = tmp_path / "other"
    other.mkdir()
    _distribution(other, "jx_five", "jx-five", "five")
    sys.path.insert(0, str(other))
    try:
        assert ("jx-five", "0.1", "five") in _names(entrypoints.cached(ENTRY_POINT_GROUP, scan))
    finally:
        sys.path.remove(str(other))
    assert not any(f.distribution == "jx-five" for f in entrypoints.cached(ENTRY_POINT_GROUP, scan))
    assert scan.calls == 2  # the first path's answer was kept beside the other's


def test_files_changed_just_now_are_not_stored(site: Path) -> None:
    _distribution(site, "jx_six", "jx-six", "six", settled=False)
    scan = _Counted()
    entrypoints.cached(ENTRY_POINT_GROUP, scan)
    entrypoints.cached(ENTRY_POINT_GROUP, scan)
    assert scan.calls == 2  # a file could still change within its time's resolution


def test_a_damaged_or_unwritable_cache_costs_only_the_saving(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _distribution(site, "jx_seven", "jx-seven", "seven")
    scan = _Counted()
    entrypoints.cached(ENTRY_POINT_GROUP, scan)
    (stored,) = (tmp_path / "cache" / "jxcheck").glob("entry-points-*.json")
    for damage in ("{not json", json.dumps({"version": 1, "runs": [{"fingerprint": 1}]}), "[]"):
        stored.write_text(damage, encoding="utf-8")
        assert entrypoints.cached(ENTRY_POINT_GROUP, scan) == _scan()
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # the cache folder cannot be made
    calls = scan.calls
    assert entrypoints.cached(ENTRY_POINT_GROUP, scan) == _scan()
    assert entrypoints.cached(ENTRY_POINT_GROUP, scan) == _scan()
    assert scan.calls == calls + 2


def test_a_finder_of_other_distributions_turns_the_cache_off(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Finder:
        def find_spec(self, *args: object) -> None:
            return None

        def find_distributions(self, *args: object) -> list[object]:
            return []

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder()])
    assert entrypoints.fingerprint(sys.path) is None
    scan = _Counted()
    entrypoints.cached(ENTRY_POINT_GROUP, scan)
    entrypoints.cached(ENTRY_POINT_GROUP, scan)
    assert scan.calls == 2


def test_the_switch_turns_the_cache_off(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(entrypoints.NO_CACHE_ENV, "1")
    scan = _Counted()
    entrypoints.cached(ENTRY_POINT_GROUP, scan)
    entrypoints.cached(ENTRY_POINT_GROUP, scan)
    assert scan.calls == 2


def test_the_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert entrypoints.cache_dir() == tmp_path / "jxcheck"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/not/used")
    assert entrypoints.cache_dir() == Path.home() / ".cache" / "jxcheck"


_PLUGIN = textwrap.dedent(
    """
    from checker import hookimpl
    from checker.rule import rule


    @rule("JX001", "startup-test", category="test", severity="info", basis="test",
          title=("测试", "test"), message=("测试", "test"))
    def startup_test(project, ctx):
        '''测试。

        ---
        A test.
        '''
        yield from ()


    @hookimpl
    def register_rules():
        return [startup_test]
    """
)


def test_a_plugin_installed_after_a_cached_run_loads(site: Path) -> None:
    """The registry as a run builds it: a cached run, then a distribution installed."""
    assert "JX001" not in PluginLoader().load().rules
    assert "JX001" not in PluginLoader().load().rules  # from the cache
    _distribution(site, "jx_plugin", "jx-plugin", "jx-plugin")
    (site / "jx_plugin.py").write_text(_PLUGIN, encoding="utf-8")
    registry = PluginLoader().load()
    info = registry.plugin("jx-plugin")
    assert info is not None and info.error is None and info.version == "0.1", info
    assert registry.rules["JX001"].plugin == "jx-plugin"


def test_an_entry_point_value_loads_as_importlib_loads_it() -> None:
    from importlib import metadata

    for value in ("checker.plugins", "checker.plugins:load_registry", "checker:hookimpl"):
        assert entrypoints.load(value) is metadata.EntryPoint("x", value, "g").load()
    with pytest.raises(ModuleNotFoundError):
        entrypoints.load("jxcheck_no_such_module_here")
    with pytest.raises(AttributeError):
        entrypoints.load("checker.plugins:no_such_name")
    odd = "checker.plugins : load_registry [extra]"  # left to importlib itself
    assert entrypoints.load(odd) is metadata.EntryPoint("x", odd, "g").load()


# --- whole runs ----------------------------------------------------------------------------------


def _record(tmp_path: Path) -> Path:
    """One project of the seed as a project record file (the pre-commit case)."""
    document = yaml.safe_load(SEED_YAML.read_text(encoding="utf-8"))
    project = document["projects"][1]
    record = {"format": "jxcheck/1", "kind": "project", "budget_year": 2023, **project}
    path = tmp_path / "one.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _run(args: list[str], cache: Path, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JXCHECK_NO_")}
    env.update(XDG_CACHE_HOME=str(cache), JXCHECK_TODAY="2023-03-01", **extra)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


def test_reports_are_the_same_bytes_with_and_without_the_cache(tmp_path: Path) -> None:
    record = _record(tmp_path)
    cache = tmp_path / "cache"
    check = ["-m", "checker.cli", "check", str(record), str(SEED), "--format", "json"]
    plain = _run(check, cache, tmp_path, JXCHECK_NO_ENTRY_POINT_CACHE="1")
    assert plain.returncode == 1, plain.stderr
    assert not cache.exists()
    first = _run(check, cache, tmp_path)  # fills the cache
    stored = sorted(p.name.split("-")[0] for p in (cache / "jxcheck").iterdir())
    assert stored == ["entry"]
    second = _run(check, cache, tmp_path)  # reads it
    for run in (first, second):
        assert (run.returncode, run.stdout, run.stderr) == (
            plain.returncode,
            plain.stdout,
            plain.stderr,
        )


_IMPORTED = textwrap.dedent(
    """
    import json, sys
    from checker.cli import main
    main(["check", *sys.argv[1:], "--format", "json", "-o", "report.json"])
    print(json.dumps(sorted(sys.modules)))
    """
)

#: What a check of one file never imports: other verbs' and other formats' code, the worker
#: machinery for one file, libraries of formats not read.
_NEVER = {
    "checker.parallel",
    "checker.baseline",
    "checker.fixer",
    "checker.web",
    "checker.writers",
    "checker.reporters.html",
    "checker.reporters.sarif",
    "checker.reporters.xlsx",
    "checker.reporters.junit",
    "checker.reporters.markdown",
    "openpyxl",
    "docx",
    "jinja2",
    "jsonschema",
    "multiprocessing",
    # a policy without `rules:` (national) needs no local-rule machinery
    "checker.declarative",
    "checker.expressions",
    "checker.celinterp",
    "checker.celfast",
}


@pytest.mark.parametrize(
    ("name", "also_never"),
    [
        ("one.yaml", {"checker.readers.textexport", "checker.readers.office", "lxml"}),
        ("seed.docx", {"checker.readers.xlsx"}),
        ("seed-table.xlsx", {"checker.readers.docx"}),
    ],
)
def test_a_check_imports_only_what_it_uses(name: str, also_never: set[str], tmp_path: Path) -> None:
    path = _record(tmp_path) if name == "one.yaml" else OFFICE / name
    run = _run(["-c", _IMPORTED, str(path)], tmp_path / "cache", tmp_path)
    assert run.returncode in (0, 1), run.stderr
    imported = set(json.loads(run.stdout.splitlines()[-1]))
    never = _NEVER | also_never
    assert not {m for m in imported if any(m == n or m.startswith(n + ".") for n in never)}


# --- the xlsx reader's number formats -------------------------------------------------------------

_FORMATS = [
    *map(str, range(5)),
    "yyyy-mm-dd",
    "yyyy/m/d",
    'yyyy"年"m"月"d"日"',
    "[$-F800]dddd, mmmm dd, yyyy",
    "[Red]0.00",
    '"m"0',
    r"\d0",
    "_(d* 0",
    "[h]:mm:ss",
    "[mm]:ss.00",
    "[ss].0",
    "[HH]:MM",
    "h:mm;@",
    "0.00;[Red]yyyy",
    "mm-dd-yy",
    "General",
    "@",
    "0%",
    "#,##0.00_);(#,##0.00)",
    "",
]


def test_the_xlsx_formats_are_openpyxls() -> None:
    from openpyxl.styles import numbers
    from openpyxl.utils import datetime as excel_dates

    assert xlsxformats.BUILTIN_FORMATS == numbers.BUILTIN_FORMATS
    assert xlsxformats.CALENDAR_WINDOWS_1900 == excel_dates.CALENDAR_WINDOWS_1900
    assert xlsxformats.CALENDAR_MAC_1904 == excel_dates.CALENDAR_MAC_1904
    for code in [*_FORMATS, *numbers.BUILTIN_FORMATS.values(), None]:
        assert xlsxformats.is_date_format(code) == numbers.is_date_format(code), code
        assert xlsxformats.is_timedelta_format(code) == numbers.is_timedelta_format(code), code
    values: list[float | int | None] = [None, 0, 0.25, 0.999999, 1, 1.5, 59, 60, 61, 45000]
    values += [45000.123456, 2958465.99999, -1.5, 1e-9, 36525.000005]
    for value in values:
        for epoch in (excel_dates.CALENDAR_WINDOWS_1900, excel_dates.CALENDAR_MAC_1904):
            for timedelta in (False, True):
                try:
                    expected = excel_dates.from_excel(value, epoch, timedelta=timedelta)
                except (OverflowError, ValueError) as error:
                    with pytest.raises(type(error)):
                        xlsxformats.from_excel(value, epoch, timedelta=timedelta)
                    continue
                assert xlsxformats.from_excel(value, epoch, timedelta=timedelta) == expected
    texts = ["", None, "2023-03-01", "2023-03-01T10:20:30Z", "10:20", "10:20:30.5", "PT1H2M3.5S"]
    texts += ["T10:20:30", "2023-03-01T10:20:30.123", "PT5M", "nonsense", "2023-13-01", "PT"]
    for text in texts:
        try:
            expected_value: object = excel_dates.from_ISO8601(text)
        except ValueError:
            with pytest.raises(ValueError):
                xlsxformats.from_iso8601(text)
            continue
        assert xlsxformats.from_iso8601(text) == expected_value, text
        assert type(xlsxformats.from_iso8601(text)) is type(expected_value), text
    assert isinstance(xlsxformats.from_excel(0.5), datetime.time)


# --- garbage collection ---------------------------------------------------------------------------


def test_starting_up_turns_collection_off_and_back_as_it_was() -> None:
    assert gc.isenabled()
    try:
        with starting_up():
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()
        with starting_up():
            assert not gc.isenabled()
        assert not gc.isenabled()
        gc.enable()
        with pytest.raises(RuntimeError), starting_up():
            raise RuntimeError
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_the_command_line_spares_pydantic_its_plugin_scan_unless_told() -> None:
    """pydantic would read every distribution's metadata for its own plugins when jxcheck's
    first model is built (~4 ms with 85 distributions, more in larger environments); the
    command line turns that off for its own process, and a value set by the user stands."""
    probe = (
        "import os; import checker.cli; import pydantic.plugin._loader as loader; "
        "import checker.model; print(os.environ['PYDANTIC_DISABLE_PLUGINS'], loader._plugins)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["__all__", "None"]  # never scanned
    env["PYDANTIC_DISABLE_PLUGINS"] = "some_plugin"
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split()[0] == "some_plugin"
