"""Loading plugins: each entry point of the `jxcheck` group on its own, failures remembered.

Each plugin is loaded alone, by a pluggy `PluginManager` of its own that knows the hookspecs
(`checker.hookspecs`): pluggy checks the plugin's hook implementations against them when it is
registered (argument names) and in `check_pending` (a hook jxcheck does not have, such as a
misspelt `register_rule`), then calls its hooks. So one broken plugin fails alone, reported by
name and version, and the others still register. A plugin loads whole or not at all: an
unknown hook, a hook that raises, or a rule id, reader, reporter or policy name another plugin
(or the same one) already registered fails that plugin's load, and nothing of it is registered.
jxcheck's own entry points load first, so a plugin can never take a built-in's id or name.
Whether a failure is fatal is the policy's business (`required_plugins`); a failed plugin of
jxcheck's own distribution always is (`checker.prepare`).

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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

from checker import entrypoints, hookspecs
from checker.entrypoints import Found
from checker.errors import ConfigError
from checker.i18n import Text
from checker.rule import Rule

if TYPE_CHECKING:
    from importlib import metadata
    from importlib.abc import Traversable

    from checker.inputs import Reader
    from checker.reporting import Reporter

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
class Registrations:
    """Rules, readers, reporters and policies by id or name: what one plugin's hooks returned
    (kept apart until the whole plugin has loaded), and what all of them did (`Registry`)."""

    rules: dict[str, Rule] = field(default_factory=dict)
    readers: dict[str, Reader] = field(default_factory=dict)
    reporters: dict[str, Reporter] = field(default_factory=dict)
    policies: dict[str, Path | Traversable] = field(default_factory=dict)


@dataclass
class Registry(Registrations):
    """Everything the plugins registered, by id or name, and the plugins themselves."""

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


#: What each registering hook gives, as `PluginInfo` lists it and the message of a clash names it.
_KINDS = {
    "register_rules": "rule id",
    "register_readers": "reader",
    "register_reporters": "reporter",
    "register_policies": "policy",
}


def _new_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    return manager


def _scan() -> list[Found]:
    """Every entry point of the group, read from the installed distributions' metadata."""
    from importlib import metadata

    described: dict[int, tuple[str, str]] = {}
    return [
        Found(*_name_and_version(ep, described), ep.name, ep.value)
        for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)
    ]


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


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _describe(error: BaseException) -> str:
    return _one_line(f"{type(error).__name__}: {error}")


def _unknown_hooks(manager: pluggy.PluginManager, names: Sequence[str]) -> str:
    """The message for hook implementations jxcheck has no hook for (a misspelt name)."""
    import difflib

    known = sorted(n for n, h in vars(manager.hook).items() if n[0] != "_" and h.has_spec())
    parts = []
    for name in names:
        close = difflib.get_close_matches(name, known, n=1)
        parts.append(f"{name} (did you mean {close[0]}?)" if close else name)
    return f"unknown hook {', '.join(parts)}: jxcheck's hooks are {', '.join(known)}"


class PluginLoader:
    """Builds a `Registry` from entry points (and from objects given directly, for tests)."""

    def __init__(self, extra: Iterable[tuple[str, object]] = ()) -> None:
        self.registry = Registry()
        self._extra = list(extra)
        #: (kind, name) → the distribution that registered it.
        self._owners: dict[tuple[str, str], str] = {}

    def load(self) -> Registry:
        allow = {n.strip() for n in os.environ.get(ALLOW_ENV, "").split(",") if n.strip()}
        no_third_party = os.environ.get(DISABLE_ENV, "") not in ("", "0")
        # from a cache while the installed distributions stay as they were (checker.entrypoints)
        found = entrypoints.cached(ENTRY_POINT_GROUP, _scan)
        # jxcheck's own first: a plugin can never take a built-in's rule id or name
        found = sorted(found, key=lambda ep: (ep.distribution != BUILTIN_DIST, ep.name, ep.value))
        for dist, version, name, value in found:
            if dist != BUILTIN_DIST and (no_third_party or (allow and name not in allow)):
                continue
            info = PluginInfo(name, dist, version, value, opt_in=dist != BUILTIN_DIST)
            self.registry.plugins.append(info)
            try:
                plugin = entrypoints.load(value)
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
        """Load one plugin alone: register it with a manager of its own, check its hook names,
        call its hooks, and add what they return to the registry only if all of it is valid."""
        manager = _new_manager()
        try:
            manager.register(plugin, name=info.name)
        except Exception as error:  # a malformed hookimpl (an argument the hook does not have)
            info.error = _describe(error)
            return
        callers = manager.get_hookcallers(plugin) or []
        info.hooks = sorted(h.name for h in callers)
        try:
            manager.check_pending()
        except pluggy.PluginValidationError:
            info.error = _unknown_hooks(
                manager, sorted(h.name for h in callers if not h.has_spec())
            )
            return
        found = Registrations()
        errors: list[str] = []
        for name in sorted(h.name for h in callers if h.has_spec()):
            try:
                for result in getattr(manager.hook, name)():
                    self._collect(info, name, result, found)
            except Exception as error:
                errors.append(f"{name}: {_describe(error)}")
        if errors:
            info.error = "; ".join(errors)
            return
        self._commit(info, found)

    def _collect(self, info: PluginInfo, hook: str, result: Any, found: Registrations) -> None:
        """Check one hook's result and keep it in `found`; raise on anything invalid."""
        if hook == "register_rules":
            for r in result or ():
                if not isinstance(r, Rule):
                    raise TypeError(f"register_rules returned {r!r}, not a rule made by @rule")
                self._unclaimed(info, hook, r.id, found.rules)
                found.rules[r.id] = replace(r, plugin=info.distribution)
        elif hook == "register_readers":
            for reader in result or ():
                self._unclaimed(info, hook, reader.name, found.readers)
                found.readers[reader.name] = reader
        elif hook == "register_reporters":
            for reporter in result or ():
                self._unclaimed(info, hook, reporter.name, found.reporters)
                found.reporters[reporter.name] = reporter
        elif hook == "register_policies":
            policies: Mapping[str, Path | Traversable] = result or {}
            for name, path in policies.items():
                self._unclaimed(info, hook, name, found.policies)
                found.policies[name] = path

    def _unclaimed(self, info: PluginInfo, hook: str, name: str, own: Mapping[str, Any]) -> None:
        """Raise when `name` is already registered, by another plugin or by this one."""
        kind = _KINDS[hook]
        if name in own:
            raise ValueError(f"{kind} {name} is registered twice by {info.distribution}")
        owner = self._owners.get((kind, name))
        if owner is not None:
            raise ValueError(f"{kind} {name} is already registered by {owner}")

    def _commit(self, info: PluginInfo, found: Registrations) -> None:
        self.registry.rules.update(found.rules)
        self.registry.readers.update(found.readers)
        self.registry.reporters.update(found.reporters)
        self.registry.policies.update(found.policies)
        for hook, names in (
            ("register_rules", found.rules),
            ("register_readers", found.readers),
            ("register_reporters", found.reporters),
            ("register_policies", found.policies),
        ):
            for name in names:
                self._owners[(_KINDS[hook], name)] = info.distribution
        info.rules = list(found.rules)
        info.readers = list(found.readers)
        info.reporters = list(found.reporters)
        info.policies = list(found.policies)


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
