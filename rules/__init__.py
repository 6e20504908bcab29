"""The national rule set (domain.md §6), one module per category.

Registered through the `jxcheck` entry point `builtin-rules`, like any plugin. Rule modules are
imported inside the hook, not at start-up. To find a rule, grep its id: `grep -rn '"V005"' rules/`.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.abc import Traversable

from checker import hookimpl
from checker.rule import Rule


@hookimpl
def register_rules() -> Iterable[Rule]:
    """Every rule module, listed here by name, in the catalogue's order of categories; each
    exports `RULES`. A module that is missing is an ImportError naming it (the built-in plugin
    then fails to load, which stops every run: see `checker.prepare.require_builtins`)."""
    from rules import basis, budget, coverage, department, goals, names, plan, structure, values

    return [
        *structure.RULES,
        *coverage.RULES,
        *budget.RULES,
        *plan.RULES,
        *values.RULES,
        *basis.RULES,
        *goals.RULES,
        *names.RULES,
        *department.RULES,
    ]


@hookimpl
def register_policies() -> dict[str, Traversable]:
    """The packaged policies: `national` (catalogue defaults) and `hebei` (provincial template)."""
    from importlib.resources import files

    folder = files("jxcheck_policies")
    return {name: folder / f"{name}.yaml" for name in ("national", "hebei")}
