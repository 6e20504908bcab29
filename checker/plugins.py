"""Loading plugins: each entry point of the `jxcheck` group on its own, failures remembered.

pluggy stops a hook call at the first implementation that raises, so the host calls each
plugin's implementation separately: one broken plugin is reported by name and version and the
others still register. Whether a failure is fatal is the policy's business (`required_plugins`).

Installing is not enabling. The rules of jxcheck's own distribution are on by default (a policy
turns them off); the rules of any other installed distribution are *opt-in*: they run only
where a policy layer or the command line names them (see `checker.policy`). So `pip install` of
a county's plugin changes nothing a `national` or `hebei` run reports; its county policy, or
any policy that selects its rules, runs them. A third party cannot declare its rules on by
default: whether a rule runs is the policy's word, and a policy must say it. Plugin objects
handed to `load_registry(extra)` by the calling code (tests, an embedding program) are not
installed but chosen, and count as selected by that choice: their rules are on by default.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import metadata
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

import pluggy

from checker import hookspecs
from checker.errors import ConfigError
from checker.i18n import Text
from checker.inputs import Reader
from checker.reporting import Reporter
from checker.rule import Rule

ENTRY_POINT_GROUP = "jxcheck"
#: Comma-separated entry-point names to load alone (tests, and sites that allow-list plugins).
ALLOW_ENV = "JXCHECK_PLUGINS"
#: Set to 1 to load no third-party entry point at all (built-ins still load).
DISABLE_ENV = "JXCHECK_NO_PLUGINS"
BUILTIN_DIST = "jxcheck"


@dataclass
class PluginInfo:
    """One loaded (or failed) plugin, as `jxcheck plugins` shows it."""

    name: str
    distribution: str
    version: str
    module: str
    hooks: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    readers: list[str] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)
    error: str | None = None
    #: Its rules run only where a policy layer or the command line selects them (every
    #: installed distribution but jxcheck itself).
    opt_in: bool = False

    @property
    def builtin(self) -> bool:
        return self.distribution == BUILTIN_DIST

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "distribution": self.distribution,
            "version": self.version,
            "module": self.module,
            "hooks": self.hooks,
            "rules": self.rules,
            "readers": self.readers,
            "reporters": self.reporters,
            "policies": self.policies,
            "error": self.error,
            "opt_in": self.opt_in,
        }


@dataclass
class Registry:
    """Everything the plugins registered, by id or name."""

    rules: dict[str, Rule] = field(default_factory=dict)
    readers: dict[str, Reader] = field(default_factory=dict)
    reporters: dict[str, Reporter] = field(default_factory=dict)
    policies: dict[str, Path | Traversable] = field(default_factory=dict)
    plugins: list[PluginInfo] = field(default_factory=list)

    def plugin(self, name: str) -> PluginInfo | None:
        for info in self.plugins:
            if name in (info.name, info.distribution):
                return info
        return None

    def failed(self) -> list[PluginInfo]:
        return [p for p in self.plugins if p.error]

    def opt_in(self) -> dict[str, str]:
        """The rules that run only where a policy selects them: rule id → the distribution
        that registered it (a rule put into `rules` by hand is on by default)."""
        return {
            rule_id: info.distribution
            for info in self.plugins
            if info.opt_in
            for rule_id in info.rules
            if rule_id in self.rules
        }


def _new_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    return manager


def _name_and_version(ep: metadata.EntryPoint, seen: dict[int, tuple[str, str]]) -> tuple[str, str]:
    """The entry point's distribution name and version, its metadata parsed once per
    distribution (`Distribution.name` and `.version` each parse the whole METADATA file)."""
    if ep.dist is None:
        return "?", "?"
    found = seen.get(id(ep.dist))
    if found is None:
        fields = ep.dist.metadata
        found = seen[id(ep.dist)] = (fields["Name"], fields["Version"])
    return found


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


class PluginLoader:
    """Builds a `Registry` from entry points (and from objects given directly, for tests)."""

    def __init__(self, extra: Iterable[tuple[str, object]] = ()) -> None:
        self.manager = _new_manager()
        self.registry = Registry()
        self._extra = list(extra)

    def load(self) -> Registry:
        allow = {n.strip() for n in os.environ.get(ALLOW_ENV, "").split(",") if n.strip()}
        no_third_party = os.environ.get(DISABLE_ENV, "") not in ("", "0")
        entry_points = sorted(
            metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: (ep.name, ep.value)
        )
        described: dict[int, tuple[str, str]] = {}
        for ep in entry_points:
            dist, version = _name_and_version(ep, described)
            if dist != BUILTIN_DIST and (no_third_party or (allow and ep.name not in allow)):
                continue
            info = PluginInfo(ep.name, dist, version, ep.value, opt_in=dist != BUILTIN_DIST)
            self.registry.plugins.append(info)
            try:
                plugin = ep.load()
            except BaseException as error:  # a plugin may raise anything on import
                if isinstance(error, KeyboardInterrupt):
                    raise
                info.error = _describe(error)
                continue
            self._register(info, plugin)
        for name, plugin in self._extra:
            info = PluginInfo(name, name, "0", getattr(plugin, "__name__", repr(plugin)))
            self.registry.plugins.append(info)
            self._register(info, plugin)
        return self.registry

    def _register(self, info: PluginInfo, plugin: object) -> None:
        try:
            self.manager.register(plugin, name=info.name)
        except Exception as error:  # a malformed hookimpl
            info.error = _describe(error)
            return
        hooks = self.manager.get_hookcallers(plugin) or []
        info.hooks = sorted(h.name for h in hooks)
        for hook in hooks:
            for impl in hook.get_hookimpls():
                if impl.plugin is plugin:
                    self._collect(info, hook.name, impl.function)

    def _collect(self, info: PluginInfo, hook: str, function: Callable[[], Any]) -> None:
        try:
            result = function()
            if hook == "register_rules":
                for r in result or ():
                    self._add_rule(info, r)
            elif hook == "register_readers":
                for reader in result or ():
                    self.registry.readers.setdefault(reader.name, reader)
                    info.readers.append(reader.name)
            elif hook == "register_reporters":
                for reporter in result or ():
                    self.registry.reporters.setdefault(reporter.name, reporter)
                    info.reporters.append(reporter.name)
            elif hook == "register_policies":
                policies: Mapping[str, Path | Traversable] = result or {}
                for name, path in policies.items():
                    self.registry.policies.setdefault(name, path)
                    info.policies.append(name)
        except Exception as error:
            message = f"{hook}: {_describe(error)}"
            info.error = f"{info.error}; {message}" if info.error else message

    def _add_rule(self, info: PluginInfo, r: object) -> None:
        if not isinstance(r, Rule):
            raise TypeError(f"register_rules returned {r!r}, not a rule made by @rule")
        existing = self.registry.rules.get(r.id)
        if existing is not None:
            raise ValueError(f"rule id {r.id} is already registered by {existing.plugin}")
        self.registry.rules[r.id] = replace(r, plugin=info.distribution)
        info.rules.append(r.id)


_cache: Registry | None = None


def load_registry(extra: Iterable[tuple[str, object]] = (), *, fresh: bool = False) -> Registry:
    """The registry of installed plugins (cached per process unless `extra` or `fresh`)."""
    global _cache
    extra = list(extra)
    if extra or fresh or _cache is None:
        registry = PluginLoader(extra).load()
        if not extra:
            _cache = registry
        return registry
    return _cache


def require_plugins(registry: Registry, names: Iterable[str], policy_name: str) -> None:
    """Fail closed: a plugin the policy requires must be installed and loaded without error."""
    for name in names:
        info = registry.plugin(name)
        if info is None:
            raise ConfigError(
                Text(
                    f"策略 {policy_name} 要求插件 {name}，但未安装（pip install {name}）",
                    f"policy {policy_name} requires plugin {name}, which is not installed "
                    f"(pip install {name})",
                )
            )
        if info.error:
            raise ConfigError(
                Text(
                    f"策略 {policy_name} 要求的插件 {info.name} {info.version} 加载失败：{info.error}",
                    f"plugin {info.name} {info.version}, required by policy {policy_name}, "
                    f"failed to load: {info.error}",
                )
            )
