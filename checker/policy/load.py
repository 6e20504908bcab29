"""Loading: policy files (YAML, JSON, `[tool.jxcheck]` of a pyproject.toml), checked against the
policy schema, the `extends` chain, project config discovery, and `load_policy`, which resolves
what it read (`checker.policy.resolve`).

Every problem is a `ConfigError` (or a `UsageError` for the command line) naming the file and
line: a schema violation, an unknown rule id or prefix, a bad parameter, a cycle in `extends`,
a required plugin that is missing or broken. Exit status 2, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from checker.errors import ConfigError, InputError, UsageError
from checker.i18n import Text
from checker.plugins import Registry
from checker.policy.model import (
    CONFIG_FILE_NAMES,
    DECLARED_PLUGIN_PREFIX,
    DEFAULT_POLICY,
    PYPROJECT,
    PolicyLayer,
    joined,
    placed,
)
from checker.policy.pyproject import read_pyproject_section
from checker.policy.resolve import ResolvedPolicy, check_plugins, resolve_layers
from checker.schemas import (
    SchemaError,
    compile_schema,
    explain_errors,
    json_schema_validator,
    quickly_valid,
    type_text,
)
from checker.source import SourceMap, split_pointer
from checker.yamlsource import load_yaml_stream

_PATH_SUFFIXES = (".yaml", ".yml", ".json", ".toml")
#: How deep `extends` may chain (national → province → city → county → … is four or five):
#: a longer chain is refused with a message, not a recursion error.
MAX_EXTENDS_DEPTH = 32
#: Suffixes of code: named in `extends` or `--policy`, refused as not a policy (never imported).
_CODE_SUFFIXES = (".py", ".pyc", ".pyo", ".pyw", ".pyz", ".pth", ".so", ".pyd", ".egg", ".whl")


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
    return compile_schema(policy_schema(), formats=True)


@cache
def _validator() -> Any:
    """jsonschema's validator (imported when a policy breaks the schema), to explain why."""
    return json_schema_validator(policy_schema(), formats=True)


def _subject(path: Sequence[str]) -> tuple[str, str]:
    """How to name the place of an error: (zh, en)."""
    if not path:
        return "策略文件顶层", "the policy's top level"
    if len(path) >= 2 and path[0] == "waivers" and path[1].isdigit():
        tail = ".".join(path[2:])
        zh = f"豁免第 {int(path[1]) + 1} 项" + (f"的 {tail}" if tail else "")
        en = f"waiver {int(path[1]) + 1}" + (f" {tail}" if tail else "")
        return zh, en
    name = ".".join(path)
    return name, name


def _schema_message(problem: SchemaError) -> Text:
    """A schema error of a policy, with the place it is about in front (`waiver 2: …`); the
    schema's own text (`x-error`) names the value and stands alone."""
    if problem.custom:
        return problem.message
    path = split_pointer(problem.pointer)
    if problem.keyword == "additionalProperties":
        path = path[:-1]  # the unknown key is in the message: name the mapping holding it
    zh, en = _subject(path)
    return Text(f"{zh}：{problem.message.zh}", f"{en}: {problem.message.en}")


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
        what = type_text(data)
        raise ConfigError(
            Text(
                f"{file}:1: 策略文件的顶层应为映射（键: 值），实际是{what.zh}",
                f"{file}:1: a policy's top level must be a mapping (key: value), not {what.en}",
            )
        )
    data = _normalize(data)
    if quickly_valid(_compiled(), data):
        return data  # jsonschema, imported only for an invalid policy, explains what is wrong
    problems: list[tuple[int, str, Text]] = []
    seen: set[tuple[str, str]] = set()
    for problem in explain_errors(_validator(), data, limit=None, what="策略格式"):
        text = _schema_message(problem)
        if (problem.pointer, text.en) in seen:
            continue
        seen.add((problem.pointer, text.en))
        line = source_map.locate(problem.pointer).line
        where = f"{file}:{line}" if line else file
        problems.append((line or 0, problem.pointer, placed(where, text)))
    if problems:
        problems.sort(key=lambda p: (p[0], p[1]))
        raise ConfigError(joined([p[2] for p in problems]))
    return data


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------


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


def _named_file(base: Path | None, ref: str, where: str, key: str, named_in: str) -> Path:
    """The file `ref` that a policy's `key` (extends, rule_files) names, relative to the folder
    of the policy (`base`); refused when it is code, a ConfigError when it does not exist."""
    if ref.lower().endswith(_CODE_SUFFIXES):
        _refuse_code(ref, where)
    path: Path | None = None
    if base is not None:
        try:
            path = (base / ref).resolve()
        except (OSError, ValueError, RuntimeError):  # a NUL byte, a link loop, a name too long
            path = None
    if path is None or not path.is_file():
        raise ConfigError(
            Text(
                f"{where}: {key} 指向的文件 {ref!r} 不存在（相对于 {named_in} 所在目录）",
                f"{where}: {key} names {ref!r}, which does not exist (relative to the folder "
                f"of {named_in})",
            )
        )
    return path


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
    #: The layers and rule files that declare `rules:`, in the order they are run.
    declaring: list[PolicyLayer] = field(default_factory=list)
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
        return self.file(_named_file(child.base, ref, where, "extends", child.file))

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
        check_plugins(self.registry, [layer])
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
        self.declaring.extend(self._rule_files(layer, source))
        self.declaring.append(layer)

    def _rule_files(self, layer: PolicyLayer, source: _Source) -> list[PolicyLayer]:
        """The rule files `layer` names, each read as a layer holding only `rules:`."""
        found = []
        for i, ref in enumerate(layer.entries("rule_files")):
            where = layer.where(f"/rule_files/{i}")
            # source.base is None for a policy inside a zipped package: nothing sits beside it
            path = _named_file(source.base, ref, where, "rule_files", layer.file)
            shown = _display(path, self.cwd)
            raw, source_map = read_policy_data(path, shown)
            data = validate_layer_data(raw, shown, source_map)
            extra = sorted(set(data) - {"rules", "description", "$schema"})
            if extra:
                at = f"{shown}:{source_map.locate('/' + extra[0]).line or 1}"
                raise ConfigError(
                    Text(
                        f"{at}: 规则文件只能包含 rules 和 description（发现 {extra[0]}）："
                        "选用、级别、参数、豁免写在策略文件中",
                        f"{at}: a rule file holds only rules and description (found {extra[0]}): "
                        "selections, severities, parameters and waivers belong in a policy",
                    )
                )
            found.append(PolicyLayer(name=shown, file=shown, data=data, source_map=source_map))
        return found


# --------------------------------------------------------------------------------------------
# The policy a run uses
# --------------------------------------------------------------------------------------------


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
    # The `rules:` the chain declares become rules of this run (ids, lines checked here); a
    # chain that declares none, into a registry holding none from an earlier load, needs no
    # declarative machinery imported (the common run: a pre-commit hook under national).
    if any(layer.data.get("rules") for layer in loader.declaring) or any(
        r.plugin.startswith(DECLARED_PLUGIN_PREFIX) for r in registry.rules.values()
    ):
        from checker.declarative import register

        register(registry.rules, loader.declaring)
    resolved = resolve_layers(registry, loader.layers, select, ignore)
    # A bad grading mapping fails here, naming its policy and line, not after the check has run.
    from checker.grading import parse_grading

    known = registry.rules if resolved.grading.get("conditions") else None
    parse_grading(resolved.grading, origin=resolved.grading_origin, known_rules=known)
    return resolved
