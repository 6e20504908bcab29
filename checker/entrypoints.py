"""The `jxcheck` entry points of the installed distributions, cached between runs.

`importlib.metadata.entry_points()` reads the `entry_points.txt` of every distribution on
`sys.path`, and each plugin's METADATA for its name and version: a few milliseconds per run on
a developer's environment, more the more is installed, and a pre-commit run pays it per commit.
The answer changes only when what is installed changes, so it is kept in a file of the user's
cache folder (`$XDG_CACHE_HOME/jxcheck`, else `~/.cache/jxcheck`) together with a fingerprint of
everything the answer is read from:

- the interpreter (version, prefix) and the finders on `sys.meta_path` that can find
  distributions — a cache is only used where the standard path finder is the only one;
- each `sys.path` entry in order, as an absolute path: for a folder, the name of every
  `*.dist-info` / `*.egg-info` in it, and the modification time, size and inode of its
  `entry_points.txt` and of its METADATA (PKG-INFO); for a file (a zip), its own.

Any difference — a distribution installed, removed, upgraded or edited in place, a path added,
another working directory on the path — and the stored answer is not used: the entry points are
read afresh and stored beside the answers for the last few other fingerprints (`KEPT`). A
fingerprint taken while one of those files is less than a few seconds old is not stored (a file
changed again within the file system's time resolution would keep its time); a cache folder
that cannot be written is silently not used. Taking the fingerprint costs a directory listing
per path entry and two `stat`s per distribution (about 1 ms for 100 distributions).
`JXCHECK_NO_ENTRY_POINT_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

#: Bump when the layout of the cache file changes.
CACHE_VERSION = 1
#: A fingerprint holding a file changed less than this long ago is not stored (nanoseconds).
SETTLE_NS = 3_000_000_000
#: The environment variable that turns the cache off.
NO_CACHE_ENV = "JXCHECK_NO_ENTRY_POINT_CACHE"
#: Answers kept in the cache file, one per fingerprint, the latest first.
KEPT = 6


class Found(NamedTuple):
    """One entry point of the group: its distribution's name and version, its name and value."""

    distribution: str
    version: str
    name: str
    value: str


def cache_dir() -> Path:
    """Where jxcheck keeps what it caches for the user: `$XDG_CACHE_HOME/jxcheck`, else
    `~/.cache/jxcheck`."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG rule: a relative value is ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jxcheck"


def _stamp(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def _finders() -> list[str] | None:
    """The finders that can find distributions, by name; None where one is not the standard
    path finder (its distributions come from somewhere the fingerprint does not see)."""
    names = []
    for finder in sys.meta_path:
        if not hasattr(finder, "find_distributions"):
            continue
        kind = finder if isinstance(finder, type) else type(finder)
        name = f"{kind.__module__}.{kind.__qualname__}"
        if name not in ("_frozen_importlib_external.PathFinder", "importlib.machinery.PathFinder"):
            return None
        names.append(name)
    return names


def fingerprint(paths: Sequence[str]) -> list[Any] | None:
    """What the entry points of `paths` are read from (see the module's doc), as JSON data;
    None where it cannot be taken (a finder of distributions other than the path finder)."""
    finders = _finders()
    if finders is None:
        return None
    parts: list[Any] = [CACHE_VERSION, sys.version, sys.prefix, sys.base_prefix, finders]
    for entry in paths:
        if not isinstance(entry, str):
            return None
        where = os.path.abspath(entry or ".")
        try:
            st = os.stat(where)
        except OSError:
            parts.append([entry, where, None])
            continue
        if not stat.S_ISDIR(st.st_mode):
            parts.append([entry, where, [st.st_mtime_ns, st.st_size, st.st_ino]])
            continue
        egg = where.endswith(".egg")
        infos = []
        try:
            with os.scandir(where) as children:
                names = [child.name for child in children]
        except OSError:
            parts.append([entry, where, "unreadable"])
            continue
        for name in sorted(names):
            low = name.lower()
            if low.endswith((".dist-info", ".egg-info")) or (egg and low == "egg-info"):
                info = os.path.join(where, name)
                meta = "METADATA" if low.endswith(".dist-info") else "PKG-INFO"
                infos.append(
                    [
                        name,
                        _stamp(os.path.join(info, "entry_points.txt")),
                        _stamp(os.path.join(info, meta)),
                    ]
                )
        parts.append([entry, where, infos])
    return parts


def _settled(print_: list[Any], now_ns: int) -> bool:
    """No file of the fingerprint changed in the last SETTLE_NS (so none can change again
    unseen within the file system's time resolution)."""
    newest = 0
    for part in print_[5:]:
        found = part[2]
        if isinstance(found, list) and found and isinstance(found[0], int):
            newest = max(newest, found[0])
        elif isinstance(found, list):
            for _, points, meta in found:
                for one in (points, meta):
                    if one is not None:
                        newest = max(newest, one[0])
    return newest < now_ns - SETTLE_NS


def _cache_file(group: str) -> Path:
    """One file per interpreter and group."""
    key = "\0".join([sys.executable, sys.prefix, group])
    return cache_dir() / f"entry-points-{zlib.crc32(key.encode('utf-8', 'replace')):08x}.json"


def _stored(where: Path) -> list[dict[str, Any]]:
    """The answers in the cache file, the latest first ([] when there is none to read)."""
    try:
        with open(where, encoding="utf-8") as handle:
            stored = json.load(handle)
        runs = stored["runs"] if stored.get("version") == CACHE_VERSION else []
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []
    return [run for run in runs if isinstance(run, dict)] if isinstance(runs, list) else []


def cached(group: str, scan: Callable[[], list[Found]]) -> list[Found]:
    """The entry points of `group` as `scan()` gives them, from the cache where the installed
    distributions are as they were when it was written (else scanned, and the cache written).

    The file keeps the answers for the last `KEPT` fingerprints (`sys.path` differs between the
    console script, `python -m` in each folder, and a test's PYTHONPATH)."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return scan()
    try:
        print_ = fingerprint(list(sys.path))
    except (OSError, ValueError):
        print_ = None
    if print_ is None:
        return scan()
    wanted = json.dumps(print_, ensure_ascii=False, separators=(",", ":"))
    where = _cache_file(group)
    runs = _stored(where)
    for run in runs:
        if run.get("fingerprint") == wanted:
            try:
                return [Found(*map(str, item)) for item in run["entry_points"]]
            except (KeyError, TypeError):
                break
    found = scan()
    if _settled(print_, time.time_ns()):
        others = [run for run in runs if run.get("fingerprint") != wanted]
        latest = {"fingerprint": wanted, "entry_points": found}
        _store(where, {"version": CACHE_VERSION, "runs": [latest, *others][:KEPT]})
    return found


def _store(where: Path, data: dict[str, Any]) -> None:
    """Write the cache file whole (a temporary file renamed over it), or not at all."""
    temporary = where.with_name(f"{where.name}.{os.getpid()}.tmp")
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        os.replace(temporary, where)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def load(value: str) -> Any:
    """The object an entry point's value names (`module`, `module:attr`), as the entry point
    itself loads it (`importlib.metadata`, which pydantic imports in any case)."""
    from importlib import metadata

    return metadata.EntryPoint(name="", value=value, group="").load()
