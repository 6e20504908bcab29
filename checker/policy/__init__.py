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
- **mandatory in code** (fail closed): a rule that declares itself mandatory (`Rule.mandatory`:
  S000 unreadable input, S001 a record that breaks the schema, X001 a rule that crashed) runs
  whatever any layer or the command line says — `ignore` (even `ignore: [ALL]`), a severity of
  `off` (even `ALL: off`), `--ignore`, a `--select` that does not name it — in every policy,
  with or without `extends`. A policy may raise its severity, never lower it below the rule's
  default (a lower one is overridden: S000, S001 and X001 stay errors and fail the run).
  `policy show --resolved` says `mandatory (in code)` and notes what it overrode. An opt-in
  (plugin) rule that declares itself mandatory is held so once a layer or option names it.
  A waiver still waives a mandatory rule's finding: it stays in the report, marked waived.
- **mandatory** ids and prefixes of a layer (accumulated over layers) always run too, at the
  policy's severity; `policy show --resolved` notes the ignore or `off` they overrode.
- **params**: per rule id, merged key by key over the parents' (a value is replaced whole, not
  merged further), then validated against the rule's pydantic `params` model. A parameter no
  layer sets has the model's default, written there only (`policy show --resolved`: `default`).
- `required_plugins` and `waivers` accumulate; `grading` is merged key by key (top level); a
  key no layer gives takes `national`'s (`checker.grading.default_grading`).

A project config — `jxcheck.yaml`, `.jxcheck.yaml` or `[tool.jxcheck]` in `pyproject.toml`,
found from the working directory upward, nearest first — is a policy layer too; without an
`extends` key it extends the packaged `national` policy (`extends: []` for none). Any other
policy file without `extends` stands alone.

Every problem is a `ConfigError` (or a `UsageError` for the command line) naming the file and
line: a schema violation, an unknown rule id or prefix, a bad parameter, a cycle in `extends`,
a required plugin that is missing or broken. Exit status 2, never a traceback.

Modules: `model` (the values), `resolve` (layers → settings; pure), `load` (files, schema,
`extends`, discovery; `load_policy`), `pyproject` (`[tool.jxcheck]` and its lines), `waivers`.
"""

from __future__ import annotations

from checker.policy.load import (
    MAX_EXTENDS_DEPTH,
    find_project_config,
    is_project_config,
    load_policy,
    policy_schema,
    read_policy_data,
    validate_layer_data,
)
from checker.policy.model import (
    ALL,
    CONFIG_FILE_NAMES,
    DEFAULT_POLICY,
    MANDATORY_IN_CODE,
    PYPROJECT,
    PolicyLayer,
    RuleSetting,
    WaiverSpec,
)
from checker.policy.pyproject import TomlSourceMap, read_pyproject_section
from checker.policy.resolve import (
    ResolvedPolicy,
    resolve_layers,
    split_selectors,
    unknown_selector,
)
from checker.policy.waivers import EXPIRED_WAIVER_RULE, UNUSED_WAIVER_RULE, apply_waivers

__all__ = [
    "ALL",
    "CONFIG_FILE_NAMES",
    "DEFAULT_POLICY",
    "EXPIRED_WAIVER_RULE",
    "MANDATORY_IN_CODE",
    "MAX_EXTENDS_DEPTH",
    "PYPROJECT",
    "UNUSED_WAIVER_RULE",
    "PolicyLayer",
    "ResolvedPolicy",
    "RuleSetting",
    "TomlSourceMap",
    "WaiverSpec",
    "apply_waivers",
    "find_project_config",
    "is_project_config",
    "load_policy",
    "policy_schema",
    "read_policy_data",
    "read_pyproject_section",
    "resolve_layers",
    "split_selectors",
    "unknown_selector",
    "validate_layer_data",
]
