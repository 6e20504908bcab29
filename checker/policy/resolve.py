"""Resolution: policy layers and the command line → what runs, at which severity, with which
params. Pure: no file is read here (layers come from `checker.policy.load`, or from a test).

How each part of a setting is decided is told in `checker.policy` (the package's docstring).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from checker.errors import ConfigError, UsageError
from checker.finding import Severity
from checker.i18n import Text
from checker.plugins import Registry, require_plugins
from checker.policy.model import (
    ALL,
    DECLARED_PLUGIN_PREFIX,
    MANDATORY_IN_CODE,
    RULE_ID_RE,
    SELECTOR_RE,
    PolicyLayer,
    RuleSetting,
    WaiverSpec,
    joined,
    jsonable,
    placed,
)
from checker.policy.waivers import waiver_specs
from checker.rule import Params, Rule, default_params, params_json
from checker.source import join_pointer

DIGEST_LENGTH = 16
_POLICY_LIST_KEYS = ("select", "ignore", "mandatory")
#: Entry values that would enable a rule (`ALL` with one of them never reaches an opt-in rule).
_TURN_ON = ("select", "mandatory")


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
        self.waivers.extend(waiver_specs(layer))
        for key, value in layer.mapping("grading").items():
            self.grading[key] = value
            self.grading_origin[key] = layer.at(join_pointer("/grading", key))

    def _validate_params(self) -> dict[str, Params]:
        """The params the layers give, validated per rule (a rule no layer configures keeps the
        defaults of its params model, the one place they are written)."""
        problems: list[Text] = []
        values: dict[str, Params] = {}
        for rule_id, r in self._rules.items():
            given = self._params.get(rule_id)
            if not given:
                continue
            data = {k: v.value for k, v in given.items()}
            try:
                values[rule_id] = r.params.model_validate(data)
            except ValidationError as error:
                problems.extend(_param_problems(rule_id, r, error, given))
        if problems:
            raise ConfigError(joined(problems))
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
        named = any(e is not None and e.prefix != ALL for e in (chosen, level, command, mandatory))
        # Fail closed in code: a rule that declares itself mandatory runs whatever the layers and
        # the command line say (an opt-in rule once any of them names it: installing a plugin
        # changes no policy), and no policy lowers its severity.
        in_code = r.mandatory and (not opt_in or named or bool(given))
        if in_code:
            origin["mandatory"] = MANDATORY_IN_CODE
            if not enabled:
                origin["enabled"] = f"{MANDATORY_IN_CODE} (overrides {origin['enabled']})"
            enabled = True
            if severity is not None and severity < r.severity and level is not None:
                severity = None
                origin["severity"] = (
                    f"{default_severity} ({MANDATORY_IN_CODE}: "
                    f"{level.describe('severity')} overridden)"
                )
        elif mandatory is not None:
            origin["mandatory"] = mandatory.describe()
            if not enabled:
                origin["enabled"] = f"{mandatory.describe()} (overrides {origin['enabled']})"
            enabled = True
        if enabled and level is not None and level.value == "off":
            origin["severity"] = f"{default_severity} (off overridden)"
        unselected = opt_in and not enabled and not named and not given
        params = self._param_values.get(rule_id)
        if params is None:
            params = default_params(r.params)
        for key in r.params.model_fields:
            origin[f"params.{key}"] = f"default of {owner}" if owner else "default"
        for key, value in given.items():
            origin[f"params.{key}"] = value.layer.at(value.pointer)
        return RuleSetting(
            enabled, severity, params, origin, in_code or mandatory is not None, unselected
        )

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
            "grading": jsonable(self.grading),
        }
        # A local rule's definition is part of the policy: changing its assertion changes the run.
        local = [
            rule_id
            for rule_id, s in self._settings.items()
            if s.enabled and self._rules[rule_id].plugin.startswith(DECLARED_PLUGIN_PREFIX)
        ]
        declared: dict[str, Any] = {}
        if local:  # else the declarative machinery need not even be imported
            from checker.declarative import definition

            declared = {
                rule_id: jsonable(found)
                for rule_id in local
                if (found := definition(self._rules[rule_id])) is not None
            }
        if declared:
            canonical["declared"] = declared
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
            "grading": jsonable(self.grading),
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
# Checks against the registry
# --------------------------------------------------------------------------------------------


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
            problems.append((layer.line(pointer) or 0, placed(layer.where(pointer), text)))
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
            holders = list(given.values())
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
        problems.append(placed(where, text) if where else text)
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
                problems.append(placed(option, text))
    if problems:
        raise UsageError(joined(problems))


def check_plugins(registry: Registry, layers: Sequence[PolicyLayer]) -> None:
    """Every plugin a layer requires is installed and loaded (ConfigError naming the line)."""
    for layer in layers:
        for i, name in enumerate(layer.entries("required_plugins")):
            try:
                require_plugins(registry, [name], layer.name)
            except ConfigError as error:
                raise ConfigError(
                    placed(layer.where(f"/required_plugins/{i}"), error.text)
                ) from None


def resolve_layers(
    registry: Registry,
    layers: Sequence[PolicyLayer],
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> ResolvedPolicy:
    """Check layers against the registry (plugins first, then ids, then params) and resolve."""
    check_plugins(registry, layers)
    ids = sorted(registry.rules)
    problems: list[Text] = []
    for layer in layers:
        problems.extend(t for _, t in sorted(_layer_id_problems(layer, ids), key=lambda p: p[0]))
    if problems:
        raise ConfigError(joined(problems))
    select, ignore = split_selectors(select), split_selectors(ignore)
    _check_cli(select, ignore, ids)
    return ResolvedPolicy(registry.rules, layers, select, ignore, registry.opt_in())
