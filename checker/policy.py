"""Policies: layered YAML files that select rules, re-level them, set parameters and waive findings.

A policy is data, never code (see checker/schemas/policy.schema.json for every key). Layers named
in `extends` — packaged policy names or paths relative to the naming file — are read first,
parents before children; a later layer overrides an earlier one. How a rule's setting is decided:

- **enabled**: among every `select`/`ignore` entry of every layer that matches the rule id (an id
  or a prefix of it; `ALL` matches everything with length 0), the longest wins; on equal length
  the later layer wins; within one layer `ignore` wins. No entry: the rule's default. A
  `severity` of `off` (longest match, later layer over earlier) disables the rule whatever
  `select` says; a later layer turns it back on by giving it a severity.
- **default**: jxcheck's own rules are on. The rules of any other installed distribution (a
  plugin, `Registry.opt_in`) are *opt-in*, off until a layer names them: by id or prefix in
  `select` or `mandatory`, or — when no `select`/`ignore` entry decides — by giving them a
  severity other than `off` or parameters. `ALL` never turns an opt-in rule on (`ignore: [ALL]`
  and `ALL: off` still turn it off), nor does `required_plugins`. Why: installing a package
  must not change what a policy reports; a plugin's rules run where a policy says so — the
  county policy the plugin ships selects them, and so may any other policy. A layer that
  configures a plugin rule (severity, params) means to run it, so that is enough; `ALL` was
  written before the plugin was installed, so it is not.
- **command line**: `--select`/`--ignore` are a final filter decided among themselves by the
  same longest match (`--ignore` wins a tie): a rule they ignore is off; a rule they select is on,
  even one the policy ignored or set `off` (it then keeps its own default severity), and an
  opt-in rule they name (not `--select ALL`); when any `--select` is given, a rule none of them
  matches is off.
- **mandatory** ids and prefixes (accumulated over layers) always run; `policy show --resolved`
  notes the ignore or `off` they overrode.
- **params**: per rule id, merged key by key over the parents' (a value is replaced whole, not
  merged further), then validated against the rule's pydantic `params` model.
- `required_plugins` and `waivers` accumulate; `grading` is merged key by key (top level).

A project config — `jxcheck.yaml`, `.jxcheck.yaml` or `[tool.jxcheck]` in `pyproject.toml`,
found from the working directory upward, nearest first — is a policy layer too; without an
`extends` key it extends the packaged `national` policy (`extends: []` for none). Any other
policy file without `extends` stands alone.

Every problem is a `ConfigError` (or a `UsageError` for the command line) naming the file and
line: a schema violation, an unknown rule id or prefix, a bad parameter, a cycle in `extends`,
a required plugin that is missing or broken. Exit status 2, never a traceback.
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from checker.errors import ConfigError, InputError, UsageError
from checker.finding import Finding, Severity, Waiver
from checker.i18n import Text
from checker.plugins import Registry, require_plugins
from checker.rule import Params, Rule, default_params, params_json, plain_params
from checker.schemas import json_type
from checker.source import Location, SourceMap, join_pointer, list_index, split_pointer
from checker.yamlsource import load_yaml_stream

#: jsonschema ships no type information (types-jsonschema is not a dependency): its objects are Any.
SchemaError = Any

#: The packaged policy that applies when nothing else is named or found.
DEFAULT_POLICY = "national"
#: Project config file names, looked for in each directory from the working directory upward.
CONFIG_FILE_NAMES = ("jxcheck.yaml", ".jxcheck.yaml")
PYPROJECT = "pyproject.toml"
ALL = "ALL"
SELECTOR_RE = re.compile(r"^(ALL|[A-Z][A-Z0-9]*)$")
RULE_ID_RE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{3}$")
#: Rule ids of the findings `apply_waivers` adds.
EXPIRED_WAIVER_RULE = "X002"
UNUSED_WAIVER_RULE = "X003"
DIGEST_LENGTH = 16
_PATH_SUFFIXES = (".yaml", ".yml", ".json", ".toml")
#: How deep `extends` may chain (national → province → city → county → … is four or five):
#: a longer chain is refused with a message, not a recursion error.
MAX_EXTENDS_DEPTH = 32
#: Suffixes of code: named in `extends` or `--policy`, refused as not a policy (never imported).
_CODE_SUFFIXES = (".py", ".pyc", ".pyo", ".pyw", ".pyz", ".pth", ".so", ".pyd", ".egg", ".whl")
_POLICY_LIST_KEYS = ("select", "ignore", "mandatory")
#: Entry values that would enable a rule (`ALL` with one of them never reaches an opt-in rule).
_TURN_ON = ("select", "mandatory")


# --------------------------------------------------------------------------------------------
# Public values
# --------------------------------------------------------------------------------------------


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
    #: True when a `mandatory` entry matches the rule (it runs whatever else says).
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
            "content": _jsonable(dict(self.data)),
        }


# --------------------------------------------------------------------------------------------
# Selection entries and the resolved policy
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    prefix: str
    #: select / ignore / mandatory, or a severity name (error, warning, info, off).
    value: str
    #: Layer index (the command line ranks after every layer).
    rank: int
    #: Where it was written (`hebei:8`, `command line`).
    at: str

    @property
    def length(self) -> int:
        return 0 if self.prefix == ALL else len(self.prefix)

    def matches(self, rule_id: str) -> bool:
        return self.prefix == ALL or rule_id.startswith(self.prefix)

    @property
    def turns_on(self) -> bool:
        """Whether it may turn an opt-in rule on: it names the rule (not ALL) and is no ignore."""
        return self.prefix != ALL and self.value not in ("ignore", "off")

    def describe(self, kind: str | None = None) -> str:
        return f"{self.at}: {kind or self.value} {self.prefix}"


def _best(
    entries: Iterable[_Entry], rule_id: str, tie_ignore: bool = True, opt_in: bool = False
) -> _Entry | None:
    """Longest match; then the later layer; then (within a layer) ignore over select. For an
    opt-in rule, an `ALL` entry that would turn it on does not match."""
    found = [
        e
        for e in entries
        if e.matches(rule_id) and not (opt_in and e.prefix == ALL and e.value in _TURN_ON)
    ]
    if not found:
        return None
    return max(found, key=lambda e: (e.length, e.rank, tie_ignore and e.value == "ignore"))


@dataclass(frozen=True)
class _ParamValue:
    value: Any
    layer: PolicyLayer
    pointer: str
    rank: int = 0


class ResolvedPolicy:
    """Every layer merged, checked against the registered rules, with the command-line filter."""

    def __init__(
        self,
        rules: Mapping[str, Rule],
        layers: Sequence[PolicyLayer],
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        opt_in: Mapping[str, str] | None = None,
    ) -> None:
        self.layers: list[PolicyLayer] = list(layers)
        #: Opt-in rules (`Registry.opt_in`): id → the distribution that registered it.
        self.opt_in: dict[str, str] = dict(opt_in or {})
        self.names: list[str] = [layer.name for layer in self.layers]
        self.cli_select: list[str] = list(select)
        self.cli_ignore: list[str] = list(ignore)
        self._rules = dict(sorted(rules.items()))
        self._selection: list[_Entry] = []
        self._severity: list[_Entry] = []
        self._mandatory: list[_Entry] = []
        self._params: dict[str, dict[str, _ParamValue]] = {}
        self.required_plugins: list[str] = []
        self.waivers: list[WaiverSpec] = []
        self.grading: dict[str, Any] = {}
        self.grading_origin: dict[str, str] = {}
        for rank, layer in enumerate(self.layers):
            self._add_layer(rank, layer)
        cli_rank = len(self.layers)
        self._cli: list[_Entry] = [
            *(_Entry(p, "select", cli_rank, "command line") for p in self.cli_select),
            *(_Entry(p, "ignore", cli_rank, "command line") for p in self.cli_ignore),
        ]
        self._param_values = self._validate_params()
        self._settings: dict[str, RuleSetting] = {
            rule_id: self._decide(r) for rule_id, r in self._rules.items()
        }
        self._others: dict[str, RuleSetting] = {}
        self.digest = self._digest()

    # -- building -------------------------------------------------------------------------

    def _add_layer(self, rank: int, layer: PolicyLayer) -> None:
        for key in ("select", "ignore"):
            for i, prefix in enumerate(layer.entries(key)):
                self._selection.append(_Entry(prefix, key, rank, layer.at(f"/{key}/{i}")))
        for i, prefix in enumerate(layer.entries("mandatory")):
            self._mandatory.append(_Entry(prefix, "mandatory", rank, layer.at(f"/mandatory/{i}")))
        for prefix, value in layer.mapping("severity").items():
            pointer = join_pointer("/severity", prefix)
            self._severity.append(_Entry(prefix, value, rank, layer.at(pointer)))
        for rule_id, values in layer.mapping("params").items():
            merged = self._params.setdefault(rule_id, {})
            for key, value in values.items():
                pointer = join_pointer("/params", rule_id, key)
                merged[key] = _ParamValue(value, layer, pointer, rank)
        for name in layer.entries("required_plugins"):
            if name not in self.required_plugins:
                self.required_plugins.append(name)
        for i, raw in enumerate(layer.waivers()):
            pointer = f"/waivers/{i}"
            try:
                date.fromisoformat(raw["expires"])
            except ValueError:
                where = layer.where(pointer + "/expires")
                raise ConfigError(
                    Text(
                        f"{where}: 日期 {raw['expires']} 不存在；写成实际的日期，如 2024-06-30",
                        f"{where}: the date {raw['expires']} does not exist; write a real date, "
                        "e.g. 2024-06-30",
                    )
                ) from None
            self.waivers.append(
                WaiverSpec(
                    rule=raw["rule"],
                    project=raw["project"],
                    pointer=raw.get("pointer"),
                    reason=raw["reason"],
                    approver=raw["approver"],
                    expires=date.fromisoformat(raw["expires"]),
                    source=layer.file,
                    line=layer.line(pointer),
                    layer=layer.name,
                    index=i,
                )
            )
        for key, value in layer.mapping("grading").items():
            self.grading[key] = value
            self.grading_origin[key] = layer.at(join_pointer("/grading", key))

    def _validate_params(self) -> dict[str, Params]:
        problems: list[Text] = []
        values: dict[str, Params] = {}
        for rule_id, r in self._rules.items():
            given = self._params.get(rule_id, {})
            data = {k: v.value for k, v in given.items()}
            plain = plain_params(r.params, data)  # most are: no pydantic model built
            if plain is not None:
                values[rule_id] = plain
                continue
            try:
                values[rule_id] = r.params.model_validate(data)
            except ValidationError as error:
                problems.extend(_param_problems(rule_id, r, error, given))
        if problems:
            raise ConfigError(_join(problems))
        return values

    def _decide(self, r: Rule) -> RuleSetting:
        rule_id = r.id
        by = self.opt_in.get(rule_id)
        opt_in = by is not None
        owner = by or r.plugin
        origin: dict[str, str] = {}
        enabled = not opt_in
        if opt_in:
            origin["enabled"] = (
                f"default off: rule of plugin {by}, runs only where a policy selects it"
            )
        else:
            origin["enabled"] = f"default on: rule of {owner}" if owner else "default on"
        chosen = _best(self._selection, rule_id, opt_in=opt_in)
        if chosen is not None:
            enabled = chosen.value == "select"
            origin["enabled"] = chosen.describe()
        severity: Severity | None = None
        default_severity = f"default {r.severity.name}" + (f" of {owner}" if owner else "")
        origin["severity"] = default_severity
        level = _best(self._severity, rule_id, tie_ignore=False, opt_in=opt_in)
        if level is not None:
            if level.value == "off":
                enabled = False
                origin["enabled"] = level.describe("severity off")
                origin["severity"] = level.describe("off")
            else:
                severity = Severity[level.value]
                origin["severity"] = level.describe("severity")
        given = self._params.get(rule_id, {})
        if opt_in and chosen is None and not enabled:
            # No select/ignore decides: configuring the rule in a layer turns it on.
            if level is not None and level.turns_on:
                enabled = True
                origin["enabled"] = level.describe("severity")
            elif given:
                last = max(given.values(), key=lambda v: v.rank)
                enabled = True
                origin["enabled"] = f"{last.layer.at(join_pointer('/params', rule_id))}: params"
        command = _best(self._cli, rule_id, opt_in=opt_in)
        if command is not None and command.value == "ignore":
            enabled = False
            origin["enabled"] = f"command line: --ignore {command.prefix}"
        elif command is not None:
            if not enabled:
                origin["enabled"] = (
                    f"command line: --select {command.prefix} (overrides {origin['enabled']})"
                )
            else:
                origin["enabled"] = f"command line: --select {command.prefix}"
            enabled = True
        elif self.cli_select:
            enabled = False
            origin["enabled"] = "command line: not matched by --select"
        mandatory = _best(self._mandatory, rule_id, tie_ignore=False, opt_in=opt_in)
        if mandatory is not None:
            origin["mandatory"] = mandatory.describe()
            if not enabled:
                origin["enabled"] = f"{mandatory.describe()} (overrides {origin['enabled']})"
            enabled = True
        if enabled and level is not None and level.value == "off":
            origin["severity"] = f"{default_severity} (off overridden)"
        named = any(e is not None and e.prefix != ALL for e in (chosen, level, command, mandatory))
        unselected = opt_in and not enabled and not named and not given
        params = self._param_values.get(rule_id)
        if params is None:
            params = default_params(r.params)
        for key in r.params.model_fields:
            origin[f"params.{key}"] = f"default of {owner}" if owner else "default"
        for key, value in given.items():
            origin[f"params.{key}"] = value.layer.at(value.pointer)
        return RuleSetting(enabled, severity, params, origin, mandatory is not None, unselected)

    def _digest(self) -> str:
        """What the policy makes a run do: the rules that run with their severity and params,
        the waivers and the grading. A rule that does not run leaves no trace, so installing a
        plugin whose rules the policy does not select leaves the digest as it was."""
        canonical = {
            "rules": {
                rule_id: {
                    "severity": s.severity.name if s.severity else None,
                    "params": params_json(s.params),
                }
                for rule_id, s in self._settings.items()
                if s.enabled
            },
            "required_plugins": self.required_plugins,
            "waivers": [w.canonical() for w in self.waivers],
            "grading": _jsonable(self.grading),
        }
        text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]

    # -- queries ----------------------------------------------------------------------------

    @property
    def rules(self) -> dict[str, Rule]:
        """Every registered rule, by id (sorted)."""
        return dict(self._rules)

    def setting(self, rule: Rule) -> RuleSetting:
        """The setting of a rule (one not registered when the policy was loaded gets defaults)."""
        found = self._settings.get(rule.id) or self._others.get(rule.id)
        if found is None:
            found = self._others[rule.id] = self._decide(rule)
        return found

    def is_enabled(self, rule_id: str) -> bool:
        """Whether a rule runs; an id no plugin registered (an engine-made finding) counts as on."""
        found = self._settings.get(rule_id)
        return True if found is None else found.enabled

    def enabled_rules(self) -> list[Rule]:
        """The registered rules that run, sorted by id."""
        return [r for rule_id, r in self._rules.items() if self._settings[rule_id].enabled]

    def disabled_rules(self) -> list[str]:
        """Ids of the registered rules the policy turns off, sorted (not the unselected ones)."""
        return [
            rule_id for rule_id, s in self._settings.items() if not s.enabled and not s.unselected
        ]

    def unselected_rules(self) -> list[str]:
        """Ids of the opt-in (plugin) rules this policy does not name, sorted: installed, not
        enabled, and no part of the policy's reports."""
        return [rule_id for rule_id, s in self._settings.items() if s.unselected]

    def to_json(self, resolved: bool) -> dict[str, Any]:
        """For `jxcheck policy show`: the layers as written; with `resolved`, every rule's setting
        and where each part of it came from."""
        data: dict[str, Any] = {
            "names": self.names,
            "digest": self.digest,
            "layers": [layer.to_json() for layer in self.layers],
            "command_line": {"select": self.cli_select, "ignore": self.cli_ignore},
            "required_plugins": self.required_plugins,
            "enabled": [r.id for r in self.enabled_rules()],
            "disabled": self.disabled_rules(),
            "unselected": self.unselected_rules(),
            "waivers": [w.to_json() for w in self.waivers],
            "grading": _jsonable(self.grading),
        }
        if resolved:
            data["rules"] = {
                rule_id: {
                    "enabled": s.enabled,
                    "mandatory": s.mandatory,
                    "plugin": self._rules[rule_id].plugin,
                    "opt_in": rule_id in self.opt_in,
                    "unselected": s.unselected,
                    "severity": s.severity.name if s.severity else None,
                    "default_severity": self._rules[rule_id].severity.name,
                    "severities": [x.name for x in self._rules[rule_id].all_severities()],
                    "params": params_json(s.params),
                    "origin": dict(s.origin),
                }
                for rule_id, s in self._settings.items()
            }
            data["grading_origin"] = dict(self.grading_origin)
        return data


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------


@cache
def policy_schema() -> dict[str, Any]:
    """The policy JSON Schema shipped in the package."""
    text = resources.files("checker").joinpath("schemas/policy.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _compiled() -> Any:
    """The compiled validator of the policy schema, formats included (None: not installed)."""
    from checker.schemas import compile_schema

    return compile_schema(policy_schema(), formats=True)


@cache
def _validator() -> Any:
    validators = importlib.import_module("jsonschema")  # imported when a policy is first read
    cls = validators.Draft202012Validator
    return cls(policy_schema(), format_checker=cls.FORMAT_CHECKER)


_JSON_TYPES_ZH = {
    "string": "字符串",
    "array": "列表",
    "object": "映射",
    "integer": "整数",
    "number": "数字",
    "boolean": "布尔值",
    "null": "空值",
}


def _subject(path: Sequence[str | int]) -> tuple[str, str]:
    """How to name the place of an error: (zh, en)."""
    if not path:
        return "策略文件顶层", "the policy's top level"
    if len(path) >= 2 and path[0] == "waivers":
        tail = ".".join(str(p) for p in path[2:])
        zh = f"豁免第 {int(path[1]) + 1} 项" + (f"的 {tail}" if tail else "")
        en = f"waiver {int(path[1]) + 1}" + (f" {tail}" if tail else "")
        return zh, en
    name = ".".join(str(p) for p in path)
    return name, name


def _schema_problems(error: SchemaError) -> list[tuple[str, Text]]:
    """(pointer, message) for one schema error; several for an object with several unknown keys."""
    path = list(error.absolute_path)
    pointer = join_pointer("", *path)
    zh_at, en_at = _subject(path)
    validator = error.validator
    instance = error.instance
    custom = error.schema.get("x-error") if isinstance(error.schema, dict) else None
    if "propertyNames" in error.absolute_schema_path and isinstance(instance, str):
        pointer = join_pointer(pointer, instance)
    if isinstance(custom, dict) and validator in ("pattern", "format"):
        return [(pointer, Text(custom["zh"], custom["en"]).format(instance=instance))]
    if validator == "required" and isinstance(instance, dict):
        missing = [k for k in error.validator_value if k not in instance]
        names = "、".join(missing)
        return [
            (
                pointer,
                Text(
                    f"{zh_at}缺少必填项 {names}",
                    f"{en_at} lacks the required key(s) {', '.join(missing)}",
                ),
            )
        ]
    if validator == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in allowed]
        return [
            (
                join_pointer(pointer, k),
                Text(
                    f"{zh_at}中有未知的键 {k!r}（允许：{'、'.join(allowed)}）",
                    f"unknown key {k!r} in {en_at} (allowed: {', '.join(allowed)})",
                ),
            )
            for k in extra
        ]
    if validator == "type":
        raw = error.validator_value
        wanted: list[str] = [str(w) for w in raw] if isinstance(raw, list) else [str(raw)]
        actual = json_type(instance)
        return [
            (
                pointer,
                Text(
                    f"{zh_at} 应为{'或'.join(_JSON_TYPES_ZH.get(w, w) for w in wanted)}，"
                    f"实际是{_JSON_TYPES_ZH.get(actual, actual)} {instance!r}",
                    f"{en_at} must be {' or '.join(wanted)}, not {actual} {instance!r}",
                ),
            )
        ]
    if validator == "enum":
        choices = [str(c) for c in error.validator_value]
        return [
            (
                pointer,
                Text(
                    f"{zh_at} 的取值 {instance!r} 无效，应为 {'、'.join(choices)} 之一",
                    f"{en_at}: {instance!r} is not one of {', '.join(choices)}",
                ),
            )
        ]
    if validator == "minLength":
        return [(pointer, Text(f"{zh_at} 不能为空", f"{en_at} must not be empty"))]
    return [(pointer, Text(f"{zh_at}：{error.message}", f"{en_at}: {error.message}"))]


def _normalize(data: dict[str, Any]) -> dict[str, Any]:
    """YAML 1.1 reads an unquoted `off` as false: take it as the severity `off`."""
    severity = data.get("severity")
    if isinstance(severity, dict):
        data = {**data, "severity": {k: "off" if v is False else v for k, v in severity.items()}}
    return data


def validate_layer_data(data: object, file: str, source_map: SourceMap) -> dict[str, Any]:
    """Check one policy's data against the schema; a ConfigError lists every violation."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            Text(
                f"{file}:1: 策略文件的顶层应为映射（键: 值），实际是{_JSON_TYPES_ZH.get(json_type(data), '?')}",
                f"{file}:1: a policy's top level must be a mapping (key: value), "
                f"not {json_type(data)}",
            )
        )
    data = _normalize(data)
    from checker.schemas import quickly_valid

    if quickly_valid(_compiled(), data):
        return data  # jsonschema, imported only for an invalid policy, explains what is wrong
    problems: list[tuple[int, str, Text]] = []
    seen: set[tuple[str, str]] = set()
    for error in _validator().iter_errors(data):
        for pointer, text in _schema_problems(error):
            if (pointer, text.en) in seen:
                continue
            seen.add((pointer, text.en))
            line = source_map.locate(pointer).line
            where = f"{file}:{line}" if line else file
            problems.append((line or 0, pointer, _prefix(where, text)))
    if problems:
        problems.sort(key=lambda p: (p[0], p[1]))
        raise ConfigError(_join([p[2] for p in problems]))
    return data


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------


_TOML_HEADER_RE = re.compile(r"^\s*(\[\[?)([^\[\]]+)\]\]?\s*(?:#.*)?$")
_TOML_KEY_PART_RE = re.compile(r'"([^"]*)"|\'([^\']*)\'|([^.\s"\']+)')


def _toml_key(text: str) -> tuple[str, ...]:
    parts: list[str] = []
    for match in _TOML_KEY_PART_RE.finditer(text):
        quoted, single, bare = match.groups()
        parts.append(quoted if quoted is not None else single if single is not None else bare)
    return tuple(parts)


class TomlSourceMap(SourceMap):
    """Best-effort pointer → line for `[tool.jxcheck]` of a pyproject.toml (tomllib keeps none).

    Finds table headers (`[tool.jxcheck.params.B004]`, the n-th `[[tool.jxcheck.waivers]]`) and
    `key =` lines inside them; a value deeper than that is located at its key's line.
    """

    __slots__ = ("_headers", "_lines")

    BASE = ("tool", "jxcheck")

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._headers: list[tuple[int, bool, tuple[str, ...]]] = []
        for number, line in enumerate(self._lines, start=1):
            match = _TOML_HEADER_RE.match(line)
            if match:
                self._headers.append((number, match.group(1) == "[[", _toml_key(match.group(2))))
        super().__init__(resolver=self._resolve)

    def _block_end(self, start: int) -> int:
        for number, _, _ in self._headers:
            if number > start:
                return number
        return len(self._lines) + 1

    def _key_line(self, start: int, key: str) -> int | None:
        pattern = re.compile(
            r"^\s*(?:"
            + re.escape(key)
            + r'|"'
            + re.escape(key)
            + r"\"|'"
            + re.escape(key)
            + r"')\s*[=.]"
        )
        for number in range(start + 1, self._block_end(start)):
            if pattern.match(self._lines[number - 1]):
                return number
        return None

    def _table(self, key: tuple[str, ...]) -> int | None:
        return next((n for n, array, k in self._headers if not array and k == key), None)

    def _array_item(self, key: tuple[str, ...], index: int) -> int | None:
        items = [n for n, array, k in self._headers if array and k == key]
        return items[index] if index < len(items) else None

    def _resolve(self, pointer: str) -> Location | None:
        tokens = split_pointer(pointer)
        table = self._table(self.BASE)
        best = table or next((n for n, _, k in self._headers if k[:2] == self.BASE), None)
        if best is None:
            return None
        block = table
        prefix: tuple[str, ...] = self.BASE
        i = 0
        while i < len(tokens):
            step = self._step(prefix, tokens, i)
            if step is None:
                if block is not None:
                    best = self._key_line(block, tokens[i]) or best
                break
            best = block = step[0]
            prefix = (*prefix, *tokens[i : step[1]])
            i = step[1] + (1 if step[2] else 0)
        return Location(best)

    def _step(
        self, prefix: tuple[str, ...], tokens: Sequence[str], i: int
    ) -> tuple[int, int, bool] | None:
        """The deepest header for tokens[i:j]: (its line, j, whether tokens[j] is an index)."""
        for j in range(len(tokens), i, -1):
            key = (*prefix, *tokens[i:j])
            line = self._table(key)
            if line is not None:
                return line, j, False
            if j < len(tokens) and list_index(tokens[j]) is not None:
                line = self._array_item(key, int(tokens[j]))
                if line is not None:
                    return line, j, True
        return None


def _toml_plain(value: Any) -> Any:
    """TOML dates and times become ISO strings, as YAML gives them."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _toml_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_toml_plain(v) for v in value]
    return value


def _read_text(path: Path | Traversable, file: str) -> str:
    try:
        return path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except FileNotFoundError:
        raise ConfigError(Text(f"{file}: 策略文件不存在", f"{file}: no such policy file")) from None
    except UnicodeDecodeError:
        raise ConfigError(
            Text(f"{file}: 策略文件不是 UTF-8 编码", f"{file}: the policy file is not UTF-8")
        ) from None
    except OSError as error:
        raise ConfigError(
            Text(
                f"{file}: 无法读取策略文件：{error.strerror}",
                f"{file}: cannot read: {error.strerror}",
            )
        ) from None


def read_pyproject_section(text: str, file: str) -> tuple[dict[str, Any] | None, SourceMap]:
    """`[tool.jxcheck]` of a pyproject.toml (None when it has none) and its source map."""
    import tomllib  # only where a pyproject.toml is read: not in a run naming its policy

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            Text(f"{file}: TOML 语法错误：{error}", f"{file}: TOML syntax error: {error}")
        ) from None
    tool = document.get("tool")
    section = tool.get("jxcheck") if isinstance(tool, dict) else None
    if section is None:
        return None, TomlSourceMap(text)
    if not isinstance(section, dict):
        raise ConfigError(
            Text(f"{file}: [tool.jxcheck] 应为表", f"{file}: [tool.jxcheck] must be a table")
        )
    return _toml_plain(section), TomlSourceMap(text)


def read_policy_data(path: Path | Traversable, file: str) -> tuple[dict[str, Any], SourceMap]:
    """The data of one policy file (YAML, JSON, or a pyproject's `[tool.jxcheck]`), unvalidated."""
    text = _read_text(path, file)
    if path.name.endswith(".toml"):
        section, source_map = read_pyproject_section(text, file)
        if section is None:
            raise ConfigError(
                Text(f"{file}: 没有 [tool.jxcheck] 节", f"{file}: has no [tool.jxcheck] table")
            )
        return section, source_map
    try:
        documents = load_yaml_stream(text, file)
    except InputError as error:
        raise ConfigError(error.text) from None
    if not documents:
        return {}, SourceMap()
    if len(documents) > 1:
        raise ConfigError(
            Text(
                f"{file}: 策略文件只能包含一个 YAML 文档（发现 {len(documents)} 个）",
                f"{file}: a policy file holds one YAML document ({len(documents)} found)",
            )
        )
    data, source_map = documents[0]
    return data, source_map


# --------------------------------------------------------------------------------------------
# Discovery and the extends chain
# --------------------------------------------------------------------------------------------


def _has_tool_section(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "jxcheck" not in text:
        return False
    section, _ = read_pyproject_section(text.removeprefix("\ufeff"), str(path))
    return section is not None


def find_project_config(start: Path) -> Path | None:
    """The nearest `jxcheck.yaml`, `.jxcheck.yaml` or pyproject.toml with `[tool.jxcheck]`.

    Looks in `start` and then each parent; in one directory the names are tried in that order.
    A pyproject.toml without `[tool.jxcheck]` is skipped; one that mentions jxcheck but is not
    valid TOML is a ConfigError (a config must not be ignored because of a typo).
    """
    start = start.resolve()
    if start.is_file():
        start = start.parent
    for directory in (start, *start.parents):
        for name in CONFIG_FILE_NAMES:
            candidate = directory / name
            if candidate.is_file():
                return candidate
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def is_project_config(path: Path | Traversable) -> bool:
    """A project config gets `extends: national` when it names no parent."""
    return path.name in (*CONFIG_FILE_NAMES, PYPROJECT)


def _looks_like_path(ref: str) -> bool:
    return (
        "/" in ref
        or "\\" in ref
        or ref.startswith(".")
        or ref.lower().endswith(_PATH_SUFFIXES + _CODE_SUFFIXES)
    )


def _refuse_code(ref: str, where: str) -> None:
    """A policy is data: a file of code (`.py` …) named as a policy is refused as such,
    never read and never imported."""
    prefix = f"{where}: " if where else ""
    raise ConfigError(
        Text(
            f"{prefix}{ref} 不是策略文件（策略文件是 .yaml、.yml、.json 或 .toml）；策略不能引入代码，"
            "代码只能来自已安装的插件（在 required_plugins 中按名称要求）",
            f"{prefix}{ref} is not a policy file (a policy is a .yaml, .yml, .json or .toml file); "
            "a policy cannot bring in code: code comes only from installed plugins (required "
            "by name in required_plugins)",
        )
    )


def _display(path: Path, cwd: Path) -> str:
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class _Source:
    key: str
    name: str
    file: str
    path: Path | Traversable
    packaged: bool
    base: Path | None


@dataclass
class _ChainLoader:
    registry: Registry
    cwd: Path
    layers: list[PolicyLayer] = field(default_factory=list)
    _done: set[str] = field(default_factory=set)

    def _packaged_paths(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for name, path in self.registry.policies.items():
            if isinstance(path, Path):
                found.setdefault(str(path.resolve()), name)
        return found

    def _plugin_hint(self) -> Text:
        """Why a policy name may be unknown: policies are registered by plugins, which may be
        missing or broken (those that failed to load are named)."""
        failed = "; ".join(
            f"{p.name} ({p.distribution} {p.version}): {p.error}" for p in self.registry.failed()
        )
        zh = "。插件附带的策略只有在该插件已安装且加载成功时才注册（见 jxcheck plugins）"
        en = ". A policy shipped by a plugin is registered only when that plugin is installed and loads (see jxcheck plugins)"
        if failed:
            zh, en = (
                f"{zh}；加载失败的插件：{failed}",
                f"{en}; plugins that failed to load: {failed}",
            )
        return Text(zh, en)

    def packaged(self, name: str) -> _Source:
        try:
            path = self.registry.policies[name]
        except KeyError:
            known = ", ".join(sorted(self.registry.policies)) or "-"
            hint = self._plugin_hint()
            raise UsageError(
                Text(
                    f"没有名为 {name!r} 的内置策略（已注册：{known}）{hint.zh}",
                    f"no packaged policy named {name!r} (registered: {known}){hint.en}",
                )
            ) from None
        if isinstance(path, Path):
            resolved = path.resolve()
            return _Source(str(resolved), name, str(path), path, True, resolved.parent)
        return _Source(f"package:{name}", name, str(path), path, True, None)

    def file(self, path: Path) -> _Source:
        resolved = (self.cwd / path).resolve()
        packaged = self._packaged_paths().get(str(resolved))
        if packaged is not None:
            return self.packaged(packaged)
        shown = _display(resolved, self.cwd)
        return _Source(str(resolved), shown, shown, resolved, False, resolved.parent)

    def named(self, ref: str) -> _Source:
        """`--policy REF`: a packaged name, or a file relative to the working directory."""
        if ref in self.registry.policies and not _looks_like_path(ref):
            return self.packaged(ref)
        if ref.lower().endswith(_CODE_SUFFIXES):
            _refuse_code(ref, "--policy")
        path = self.cwd / ref
        if not path.is_file():
            known = ", ".join(sorted(self.registry.policies)) or "-"
            hint = self._plugin_hint()
            raise UsageError(
                Text(
                    f"策略 {ref!r} 既不是内置策略名（{known}），也不是存在的文件{hint.zh}",
                    f"policy {ref!r} is neither a packaged policy ({known}) nor an existing file"
                    f"{hint.en}",
                )
            )
        return self.file(path)

    def _parent(self, ref: str, child: _Source, where: str) -> _Source:
        if not _looks_like_path(ref):
            if ref in self.registry.policies:
                return self.packaged(ref)
            known = ", ".join(sorted(self.registry.policies)) or "-"
            hint = self._plugin_hint()
            raise ConfigError(
                Text(
                    f"{where}: extends 中的 {ref!r} 不是内置策略名（已注册：{known}）；"
                    f"引用文件请写相对路径，如 ./{ref}.yaml{hint.zh}",
                    f"{where}: extends names {ref!r}, which is no packaged policy "
                    f"(registered: {known}); write a file as a relative path, e.g. ./{ref}.yaml"
                    f"{hint.en}",
                )
            )
        if child.base is None:
            raise ConfigError(
                Text(
                    f"{where}: 内置策略 {child.name} 只能按名称 extends 其他内置策略",
                    f"{where}: packaged policy {child.name} can extend packaged policies by name only",
                )
            )
        if ref.lower().endswith(_CODE_SUFFIXES):
            _refuse_code(ref, where)
        try:
            path = (child.base / ref).resolve()
        except (OSError, ValueError, RuntimeError):  # a NUL byte, a link loop, a name too long
            path = None
        if path is None or not path.is_file():
            raise ConfigError(
                Text(
                    f"{where}: extends 指向的文件 {ref!r} 不存在（相对于 {child.file} 所在目录）",
                    f"{where}: extends names {ref!r}, which does not exist "
                    f"(relative to the folder of {child.file})",
                )
            )
        return self.file(path)

    def load(self, source: _Source, chain: tuple[_Source, ...] = (), via: str = "") -> None:
        if len(chain) >= MAX_EXTENDS_DEPTH:
            raise ConfigError(
                Text(
                    f"{via}: extends 的链条超过 {MAX_EXTENDS_DEPTH} 层（{chain[0].name} → … → "
                    f"{source.name}）：请合并中间的策略",
                    f"{via}: the extends chain is longer than {MAX_EXTENDS_DEPTH} levels "
                    f"({chain[0].name} → … → {source.name}): merge the policies in between",
                )
            )
        if any(s.key == source.key for s in chain):
            start = next(i for i, s in enumerate(chain) if s.key == source.key)
            names = " → ".join([*(s.name for s in chain[start:]), source.name])
            raise ConfigError(
                Text(f"{via}: extends 形成循环：{names}", f"{via}: extends forms a cycle: {names}")
            )
        if source.key in self._done:
            return
        raw, source_map = read_policy_data(source.path, source.file)
        data = validate_layer_data(raw, source.file, source_map)
        implicit = "extends" not in data and not source.packaged and is_project_config(source.path)
        declared = data.get("extends", [])
        parents: list[str] = [declared] if isinstance(declared, str) else list(declared)
        if implicit:
            parents = [DEFAULT_POLICY]
        layer = PolicyLayer(
            name=source.name,
            file=source.file,
            data=data,
            source_map=source_map,
            packaged=source.packaged,
            extends=tuple(parents),
            implicit_extends=implicit,
        )
        # A parent named here may be shipped by a plugin this layer requires: a missing or broken
        # plugin is named before an unknown parent name is reported.
        _check_plugins(self.registry, [layer])
        for i, ref in enumerate(parents):
            pointer = "/extends" if isinstance(declared, str) or implicit else f"/extends/{i}"
            where = layer.where(pointer) if not implicit else layer.where("")
            if implicit and DEFAULT_POLICY not in self.registry.policies:
                raise UsageError(
                    Text(
                        f"{where}: 项目配置默认继承内置策略 {DEFAULT_POLICY}，但它没有注册（安装不完整？）",
                        f"{where}: a project config extends the packaged policy {DEFAULT_POLICY}, "
                        "which is not registered (incomplete installation?)",
                    )
                )
            self.load(self._parent(ref, source, where), (*chain, source), where)
        self._done.add(source.key)
        self.layers.append(layer)


# --------------------------------------------------------------------------------------------
# Checks against the registry
# --------------------------------------------------------------------------------------------


def _prefix(where: str, text: Text) -> Text:
    return Text(f"{where}: {text.zh}", f"{where}: {text.en}")


def _join(texts: Sequence[Text]) -> Text:
    return Text("\n".join(t.zh for t in texts), "\n".join(t.en for t in texts))


def _suggest(word: str, ids: Iterable[str]) -> tuple[str, str]:
    import difflib  # only for a misspelt id

    letters = re.match(r"[A-Z]*", word)
    prefix = letters.group(0) if letters else ""
    same = [i for i in ids if prefix and i.startswith(prefix)]
    close = difflib.get_close_matches(word, same, n=1, cutoff=0.6)
    if not close:
        return "", ""
    return f"（是否想写 {close[0]}？）", f" (did you mean {close[0]}?)"


def unknown_selector(value: str, ids: Sequence[str], exact: bool = False) -> Text | None:
    """Why `value` names no registered rule (None when it does)."""
    if exact:
        if not RULE_ID_RE.match(value):
            return Text(
                f"{value!r} 不是完整的规则编号（应为大写前缀加三位数字，如 B004）",
                f"{value!r} is not a full rule id (capital prefix and three digits, e.g. B004)",
            )
        if value in ids:
            return None
        zh, en = _suggest(value, ids)
        return Text(f"未知的规则编号 {value!r}{zh}", f"unknown rule id {value!r}{en}")
    if not SELECTOR_RE.match(value):
        return Text(
            f"规则编号或前缀 {value!r} 格式不对：应为大写字母开头的编号或前缀（如 V、V00、V001）或 ALL",
            f"rule id or prefix {value!r} is malformed: write an id or prefix in capitals "
            "(V, V00, V001) or ALL",
        )
    if value == ALL or any(i.startswith(value) for i in ids):
        return None
    zh, en = _suggest(value, ids)
    if RULE_ID_RE.match(value):
        return Text(f"未知的规则编号 {value!r}{zh}", f"unknown rule id {value!r}{en}")
    return Text(f"没有任何规则编号以 {value!r} 开头{zh}", f"no rule id starts with {value!r}{en}")


def _layer_id_problems(layer: PolicyLayer, ids: Sequence[str]) -> list[tuple[int, Text]]:
    """Every id or prefix in a layer that names no registered rule: (line, message)."""
    named: list[tuple[str, str, bool]] = []  # pointer, value, whether it must be a full id
    for key in _POLICY_LIST_KEYS:
        named.extend((f"/{key}/{i}", value, False) for i, value in enumerate(layer.entries(key)))
    named.extend((join_pointer("/severity", v), v, False) for v in layer.mapping("severity"))
    named.extend((join_pointer("/params", v), v, True) for v in layer.mapping("params"))
    for i, waiver in enumerate(layer.waivers()):
        named.append((f"/waivers/{i}/rule", str(waiver["rule"]), True))
    problems: list[tuple[int, Text]] = []
    for pointer, value, exact in named:
        text = unknown_selector(value, ids, exact)
        if text is not None:
            problems.append((layer.line(pointer) or 0, _prefix(layer.where(pointer), text)))
    return problems


def _param_problems(
    rule_id: str, r: Rule, error: ValidationError, given: Mapping[str, _ParamValue]
) -> list[Text]:
    allowed = ", ".join(r.params.model_fields) or "-"
    problems: list[Text] = []
    for item in error.errors():
        loc = [str(p) for p in item["loc"]]
        name = ".".join(loc) or "-"
        source = given.get(loc[0]) if loc else None
        if source is not None:
            where = source.layer.where(join_pointer(source.pointer, *loc[1:]))
        else:
            holders = [v for v in given.values()]
            where = holders[-1].layer.where(join_pointer("/params", rule_id)) if holders else ""
        kind = item["type"]
        if kind == "extra_forbidden":
            text = Text(
                f"规则 {rule_id} 没有参数 {name!r}（可用参数：{allowed}）",
                f"rule {rule_id} has no parameter {name!r} (its parameters: {allowed})",
            )
        elif kind == "missing":
            text = Text(
                f"规则 {rule_id} 需要参数 {name!r}", f"rule {rule_id} needs the parameter {name!r}"
            )
        else:
            value = item.get("input")
            text = Text(
                f"规则 {rule_id} 的参数 {name} 取值 {value!r} 无效：{item['msg']}",
                f"rule {rule_id}: parameter {name} = {value!r} is invalid: {item['msg']}",
            )
        problems.append(_prefix(where, text) if where else text)
    return problems


def split_selectors(values: Iterable[str]) -> list[str]:
    """`--select V,B004 --select C` → [V, B004, C] (commas and spaces separate)."""
    out: list[str] = []
    for value in values:
        out.extend(part for part in re.split(r"[,\s]+", value) if part)
    return out


def _check_cli(select: Sequence[str], ignore: Sequence[str], ids: Sequence[str]) -> None:
    problems: list[Text] = []
    for option, values in (("--select", select), ("--ignore", ignore)):
        for value in values:
            text = unknown_selector(value, ids)
            if text is not None:
                problems.append(_prefix(option, text))
    if problems:
        raise UsageError(_join(problems))


def _check_plugins(registry: Registry, layers: Sequence[PolicyLayer]) -> None:
    for layer in layers:
        for i, name in enumerate(layer.entries("required_plugins")):
            try:
                require_plugins(registry, [name], layer.name)
            except ConfigError as error:
                raise ConfigError(
                    _prefix(layer.where(f"/required_plugins/{i}"), error.text)
                ) from None


def resolve_layers(
    registry: Registry,
    layers: Sequence[PolicyLayer],
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> ResolvedPolicy:
    """Check layers against the registry (plugins first, then ids, then params) and resolve."""
    _check_plugins(registry, layers)
    ids = sorted(registry.rules)
    problems: list[Text] = []
    for layer in layers:
        problems.extend(t for _, t in sorted(_layer_id_problems(layer, ids), key=lambda p: p[0]))
    if problems:
        raise ConfigError(_join(problems))
    select, ignore = split_selectors(select), split_selectors(ignore)
    _check_cli(select, ignore, ids)
    return ResolvedPolicy(registry.rules, layers, select, ignore, registry.opt_in())


def load_policy(
    registry: Registry,
    policy: str | Path | None,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    cwd: Path | None = None,
) -> ResolvedPolicy:
    """Read, check and resolve the policy a run uses.

    `policy`: a packaged name or a file (a `str` is a packaged name when one is registered under
    it, else a path relative to `cwd`); None: the project config found from `cwd` upward, or the
    packaged `national` policy. `select`/`ignore`: the command line's lists (commas allowed).
    Raises ConfigError / UsageError (exit status 2) naming the file and line of any problem.
    """
    base = (cwd or Path.cwd()).resolve()
    loader = _ChainLoader(registry, base)
    if policy is None:
        found = find_project_config(base)
        source = loader.file(found) if found is not None else loader.packaged(DEFAULT_POLICY)
    elif isinstance(policy, Path):
        source = loader.file(policy)
    else:
        source = loader.named(policy)
    loader.load(source)
    resolved = resolve_layers(registry, loader.layers, select, ignore)
    # A bad grading mapping fails here, naming its policy and line, not after the check has run.
    from checker.grading import parse_grading

    known = registry.rules if resolved.grading.get("conditions") else None
    parse_grading(resolved.grading, origin=resolved.grading_origin, known_rules=known)
    return resolved


# --------------------------------------------------------------------------------------------
# Waivers
# --------------------------------------------------------------------------------------------

MakeFinding = Callable[..., Finding]


def apply_waivers(
    findings: list[Finding],
    policy: ResolvedPolicy,
    today: date,
    make_finding: MakeFinding,
) -> list[Finding]:
    """Mark findings covered by an unexpired waiver; report expired (X002) and unused (X003) ones.

    `make_finding(rule_id, message, file, line, project_code, project_name, pointer)` is the
    engine's: it sets severity and fingerprint. A finding already carrying a waiver is kept as it
    is. Returns the findings (same order) followed by the X002/X003 findings.
    """
    used = [False] * len(policy.waivers)
    out: list[Finding] = []
    extra: list[Finding] = []
    for finding in findings:
        matching = [(i, w) for i, w in enumerate(policy.waivers) if w.covers(finding)]
        for i, _ in matching:
            used[i] = True
        if not matching or finding.waived:
            out.append(finding)
            continue
        active = next((w for _, w in matching if not w.expired(today)), None)
        if active is not None:
            out.append(finding.with_changes(waiver=active.to_waiver()))
            continue
        out.append(finding)
        if not policy.is_enabled(EXPIRED_WAIVER_RULE):
            continue
        for _, waiver in matching:
            message = Text(
                f"{waiver.rule} 的豁免已于 {waiver.expires.isoformat()} 过期，该问题不再豁免"
                f"（理由：{waiver.reason}；批准人：{waiver.approver}；{waiver.where()}）",
                f"the waiver of {waiver.rule} expired on {waiver.expires.isoformat()}; the finding "
                f"is no longer waived (reason: {waiver.reason}; approved by {waiver.approver}; "
                f"{waiver.where()})",
            )
            extra.append(
                make_finding(
                    EXPIRED_WAIVER_RULE,
                    message,
                    finding.file,
                    finding.line,
                    finding.project_code,
                    finding.project_name,
                    finding.pointer,
                )
            )
    if policy.is_enabled(UNUSED_WAIVER_RULE):
        for waiver, was_used in zip(policy.waivers, used, strict=True):
            if was_used:
                continue
            target = waiver.project + (waiver.pointer or "")
            message = Text(
                f"豁免未匹配任何问题：{waiver.rule} {target}（理由：{waiver.reason}；"
                f"{waiver.expires.isoformat()} 到期），可以删除",
                f"waiver matched no finding: {waiver.rule} {target} (reason: {waiver.reason}; "
                f"expires {waiver.expires.isoformat()}); remove it",
            )
            extra.append(
                make_finding(
                    UNUSED_WAIVER_RULE,
                    message,
                    waiver.source,
                    waiver.line,
                    None,
                    None,
                    f"/waivers/{waiver.index}",
                )
            )
    return out + extra


# --------------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """Plain JSON data (policy values come from YAML/TOML: only dates need turning into text)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


__all__ = [
    "CONFIG_FILE_NAMES",
    "DEFAULT_POLICY",
    "PolicyLayer",
    "ResolvedPolicy",
    "RuleSetting",
    "WaiverSpec",
    "apply_waivers",
    "find_project_config",
    "load_policy",
    "policy_schema",
    "resolve_layers",
    "split_selectors",
    "validate_layer_data",
]
