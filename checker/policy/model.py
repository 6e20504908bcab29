"""The values of a policy: one layer as read, one waiver, what the policy says about one rule.

Plain frozen values with no reading and no deciding: `checker.policy.load` makes `PolicyLayer`s
from files, `checker.policy.resolve` turns them into `RuleSetting`s, `checker.policy.waivers`
applies the `WaiverSpec`s.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from checker.finding import Finding, Severity, Waiver
from checker.i18n import Text
from checker.rule import Params
from checker.source import SourceMap

#: The packaged policy that applies when nothing else is named or found.
DEFAULT_POLICY = "national"
#: Project config file names, looked for in each directory from the working directory upward.
CONFIG_FILE_NAMES = ("jxcheck.yaml", ".jxcheck.yaml")
PYPROJECT = "pyproject.toml"
#: The selector that matches every rule id (with length 0: any id or prefix is longer).
ALL = "ALL"
SELECTOR_RE = re.compile(r"^(ALL|[A-Z][A-Z0-9]*)$")
RULE_ID_RE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{3}$")
#: The plugin name of a rule a policy declares (`rules:`) starts so: `policy:<its file>`.
DECLARED_PLUGIN_PREFIX = "policy:"
#: The origin of a rule that declares itself mandatory (`Rule.mandatory`: S000, S001, X001).
MANDATORY_IN_CODE = "mandatory (in code)"


@dataclass(frozen=True)
class RuleSetting:
    """What the policy says about one rule."""

    enabled: bool
    #: The policy's override for every finding of the rule; None: the rule's own severities.
    severity: Severity | None
    #: The rule's parameters, validated.
    params: Params
    #: What set what, for `policy show --resolved`: keys `enabled`, `severity`, `mandatory`,
    #: `params.<name>`; values like `hebei:12: ignore V00`, `command line: --select V004`.
    origin: dict[str, str]
    #: True when the rule runs whatever else says: it declares so in code (`Rule.mandatory`)
    #: or a `mandatory` entry matches it.
    mandatory: bool = False
    #: An opt-in (plugin) rule that no layer and no option names (`ALL` does not name it): it
    #: is not part of this policy, so reports do not list it as disabled either.
    unselected: bool = False


@dataclass(frozen=True)
class WaiverSpec:
    """One waiver of a policy layer."""

    rule: str
    project: str
    pointer: str | None
    reason: str
    approver: str
    expires: date
    #: The policy file that holds it (as shown in reports), its line, and its layer's name.
    source: str
    line: int | None
    layer: str = ""
    #: Index in its file's `waivers` list (the pointer `/waivers/<index>` of X003).
    index: int = 0

    def expired(self, today: date) -> bool:
        return today > self.expires

    def covers(self, finding: Finding) -> bool:
        """Same rule, project glob matching (or `*` for none), pointer equal or an ancestor."""
        if finding.rule != self.rule:
            return False
        if finding.project_code is None:
            if self.project != "*":
                return False
        elif not fnmatch.fnmatchcase(finding.project_code, self.project):
            return False
        if self.pointer is None or self.pointer == "":
            return True
        return finding.pointer == self.pointer or finding.pointer.startswith(self.pointer + "/")

    def to_waiver(self) -> Waiver:
        return Waiver(self.reason, self.approver, self.expires.isoformat(), self.source)

    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source

    def canonical(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "project": self.project,
            "pointer": self.pointer,
            "reason": self.reason,
            "approver": self.approver,
            "expires": self.expires.isoformat(),
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.canonical(), "source": self.source, "line": self.line, "layer": self.layer}


@dataclass(frozen=True)
class PolicyLayer:
    """One policy file as read and validated against the schema."""

    #: Packaged name (`national`) or the file as shown (relative to the working directory).
    name: str
    #: The file read, as shown in messages.
    file: str
    data: Mapping[str, Any]
    source_map: SourceMap
    packaged: bool = False
    #: The parents it names (or `national` for a project config without `extends`).
    extends: tuple[str, ...] = ()
    implicit_extends: bool = False

    def line(self, pointer: str) -> int | None:
        return self.source_map.locate(pointer).line

    def where(self, pointer: str) -> str:
        """`file:line` of a pointer in the file, for error messages."""
        line = self.line(pointer)
        return f"{self.file}:{line}" if line else self.file

    def at(self, pointer: str) -> str:
        """`name:line` of a pointer, for origins."""
        line = self.line(pointer)
        return f"{self.name}:{line}" if line else self.name

    def entries(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        return list(value) if isinstance(value, list) else []

    def waivers(self) -> list[dict[str, Any]]:
        value = self.data.get("waivers", [])
        return [dict(w) for w in value] if isinstance(value, list) else []

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.data.get(key, {})
        return dict(value) if isinstance(value, dict) else {}

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "file": self.file,
            "packaged": self.packaged,
            "extends": list(self.extends),
            "implicit_extends": self.implicit_extends,
            "content": jsonable(dict(self.data)),
        }


def jsonable(value: Any) -> Any:
    """Plain JSON data (policy values come from YAML/TOML: only dates need turning into text)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def placed(where: str, text: Text) -> Text:
    """`where: text` in both languages (`where`: `file:line`, `--select`)."""
    return Text(f"{where}: {text.zh}", f"{where}: {text.en}")


def joined(texts: Sequence[Text]) -> Text:
    """Several problems, one a line."""
    return Text("\n".join(t.zh for t in texts), "\n".join(t.en for t in texts))
