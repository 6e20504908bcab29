"""jxcheck: rules-as-code checks for 预算项目绩效目标表 and 部门整体绩效目标.

The public API a plugin uses: `hookimpl` to implement hooks, `checker.rule` to write rules,
`checker.testing` to test them. `checker.api.check` runs a check from Python (the CLI and the web
page use it).
"""

from __future__ import annotations

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("jxcheck")

__all__ = ["__version__", "hookimpl"]
