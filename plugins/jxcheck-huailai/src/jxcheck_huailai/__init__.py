"""jxcheck-huailai: the rules and the policy of the 怀来县 (Huailai county) finance bureau.

A jxcheck plugin: `pyproject.toml` names this module in the `jxcheck` entry-point group, and
jxcheck calls the two hooks below. Rule modules are imported inside the hook, so that loading
the plugin at start-up costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.abc import Traversable
from importlib.resources import files

from checker import hookimpl
from checker.rule import Rule

__version__ = "0.1.0"


@hookimpl
def register_rules() -> Iterable[Rule]:
    """HL001 上级转移支付文号, HL002 运行经费分项, HL003 预算单位名录."""
    from jxcheck_huailai.rules import RULES

    return RULES


@hookimpl
def register_policies() -> dict[str, Traversable]:
    """The county policy `huailai` (extends the province's `hebei`)."""
    return {"huailai": files("jxcheck_huailai") / "policies" / "huailai.yaml"}
