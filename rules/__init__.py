"""The national rule set (domain.md §6), one module per category.

Registered through the `jxcheck` entry point `builtin-rules`, like any plugin. Rule modules are
imported inside the hook, not at start-up. To find a rule, grep its id: `grep -rn '"V005"' rules/`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from importlib.abc import Traversable

from checker import hookimpl
from checker.rule import Rule

#: One module per category of the catalogue; each exports `RULES`.
MODULES = (
    "structure",
    "coverage",
    "budget",
    "plan",
    "values",
    "basis",
    "goals",
    "names",
    "department",
)


@hookimpl
def register_rules() -> Iterable[Rule]:
    rules: list[Rule] = []
    for name in MODULES:
        try:
            module = importlib.import_module(f"rules.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"rules.{name}":
                continue  # a category not written yet
            raise
        rules.extend(module.RULES)
    return rules


@hookimpl
def register_policies() -> dict[str, Traversable]:
    """The packaged policies: `national` (catalogue defaults) and `hebei` (provincial template)."""
    from importlib.resources import files

    folder = files("jxcheck_policies")
    return {name: folder / f"{name}.yaml" for name in ("national", "hebei")}
