"""The plugin contract: four hooks, each returning registrations that the host then runs.

A plugin is a module (or object) named by an entry point in the `jxcheck` group. It implements
any of these hooks with `@checker.hookimpl`. The built-in readers, reporters, rules and policies
register through this same group; nothing built in is special.

Hooks return data and never run checks themselves: the host decides when to call a rule, wraps
each call so that one failing rule becomes an X001 finding, and carries on with the others.

Each plugin is checked against these specs on its own (`checker.plugins`): an implementation
of a hook not listed here (a misspelt `register_rule`), or with an argument a hook does not
take, fails that plugin's load, as does a name another plugin already registered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from checker.inputs import Reader
    from checker.reporting import Reporter
    from checker.rule import Rule

hookspec = pluggy.HookspecMarker("jxcheck")


@hookspec
def register_rules() -> Iterable[Rule]:
    """Return the rules this plugin provides (objects made by `@checker.rule.rule`).

    Import rule modules inside the hook, not at module level: `jxcheck` loads every plugin at
    start-up, and a pre-commit run must stay fast.
    """
    raise NotImplementedError


@hookspec
def register_readers() -> Iterable[Reader]:
    """Return input readers: objects with `name`, `suffixes`, `sniff(file)` and `read(file, options)`.

    A reader turns one file's bytes into loaded documents with source maps. Its `name` is
    unique among all plugins.
    """
    raise NotImplementedError


@hookspec
def register_reporters() -> Iterable[Reporter]:
    """Return report formats: objects with `name`, `suffix`, `binary` and `render(report, options)`.

    A reporter's `name` (the `--format` value) is unique among all plugins.
    """
    raise NotImplementedError


@hookspec
def register_policies() -> Mapping[str, Path | Traversable]:
    """Return packaged policies by name (`national`, `huailai` …) and the YAML file of each.

    A policy file names others in `extends:` by these names or by relative path. A name is
    unique among all plugins.
    """
    raise NotImplementedError
