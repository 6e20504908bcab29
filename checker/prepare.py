"""What every check needs before it reads a file: the plugins, the policy, and the date.

`prepare` is used by the runner (`checker.runner`), by a worker process that builds its own
engine (`checker.parallel`) and by the review desk, so each loads the same way and fails closed
the same way. It sits below the engine and the runner: nothing here imports either.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from checker.errors import ConfigError, UsageError
from checker.i18n import Text
from checker.plugins import Registry, load_registry, require_plugins
from checker.policy import ResolvedPolicy, load_policy

TODAY_ENV = "JXCHECK_TODAY"


def today_from(value: str | None) -> date:
    """`--today` or JXCHECK_TODAY (ISO date) for reproducible runs; else the real date."""
    raw = value or os.environ.get(TODAY_ENV)
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise UsageError(
            Text(f"日期格式应为 YYYY-MM-DD：{raw}", f"a date must be YYYY-MM-DD: {raw}")
        ) from None


def require_builtins(registry: Registry) -> None:
    """Fail closed: a plugin of jxcheck's own distribution that did not load (a rule module
    missing from an incomplete installation) stops every run, whatever the policy says."""
    for info in registry.plugins:
        if info.builtin and info.error:
            raise ConfigError(
                Text(
                    f"jxcheck 自带的插件 {info.name} {info.version} 加载失败，安装不完整：{info.error}",
                    f"jxcheck's own plugin {info.name} {info.version} failed to load; the "
                    f"installation is incomplete: {info.error}",
                )
            )


def prepare(
    policy: str | Path | None = None,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    registry: Registry | None = None,
    cwd: Path | None = None,
) -> tuple[Registry, ResolvedPolicy]:
    """Load plugins and the policy, and fail closed on a missing required plugin."""
    registry = registry or load_registry()
    require_builtins(registry)
    resolved = load_policy(registry, policy, select=select, ignore=ignore, cwd=cwd)
    require_plugins(registry, resolved.required_plugins, ", ".join(resolved.names))
    return registry, resolved


def supported_suffixes(registry: Registry) -> list[str]:
    """Every file suffix a registered reader takes (`.docx`, `.txt`, `.yaml` …), sorted."""
    return sorted({s for reader in registry.readers.values() for s in reader.suffixes})
