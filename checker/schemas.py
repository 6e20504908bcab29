"""The record format's JSON Schemas (draft 2020-12): generated from the model, shipped as files.

The committed files under `checker/schemas/` are the public contract of the record format; they
are generated from the pydantic models (`python -m checker.schemas --write`) and a test keeps
them equal. Validation goes through `validate()` alone, so that a faster (compiled) validator can
later be put in front of jsonschema without touching any caller. Its errors carry a JSON pointer
and a message in Chinese and English; the reader turns them into `SchemaViolation`s with lines.

`explain_errors` is jxcheck's one explainer of JSON Schema errors: records (`validate`), policy
files (`checker.policy.load`) and a policy's `grading:` (`checker.grading`) all word a schema
violation through it; each caller only says where (a pointer, a file and line, a key path).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import ConfigError, UsageError
from checker.i18n import Text
from checker.source import join_pointer

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from pydantic import BaseModel

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "https://jxcheck.example/schemas/"
SCHEMA_NAMES: tuple[str, ...] = ("document", "project")
#: At most this many errors are reported per record; a hostile file must not flood the report.
MAX_ERRORS = 100

_TITLES: dict[str, tuple[str, str]] = {
    "document": (
        "jxcheck 绩效目标文档 / performance-target document (jxcheck/1)",
        "一个部门的绩效目标文档：第一部分 部门整体绩效目标，第二部分 每个项目一张绩效目标表。"
        "A department's performance-target document: Part 1 (department-wide targets) and "
        "one target table per project. Every value is kept as the department wrote it; "
        "amounts and percents may be written as text or as numbers.",
    ),
    "project": (
        "jxcheck 项目绩效目标表 / project target record (jxcheck/1)",
        "单独保存的一张项目绩效目标表（不在文档之内）。"
        "One project's target table held on its own, outside a document. Every value is kept "
        "as the department wrote it; amounts and percents may be written as text or as numbers.",
    ),
}

_TYPE_NAMES: dict[str, tuple[str, str]] = {
    "string": ("文本", "text"),
    "number": ("数字", "a number"),
    "integer": ("整数", "an integer"),
    "boolean": ("布尔值", "a boolean"),
    "null": ("空值（null）", "null"),
    "array": ("列表", "a list"),
    "object": ("映射（键: 值）", "a mapping"),
}


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One way data breaks its schema: where (pointer into the data), what, which keyword."""

    pointer: str
    message: Text
    keyword: str = ""
    #: The message is the schema's own `x-error` text, which names the value itself.
    custom: bool = False


def schema_id(name: str) -> str:
    return f"{ID_BASE}{name}.schema.json"


def _check_name(name: str) -> None:
    if name not in SCHEMA_NAMES:
        choices = ", ".join(SCHEMA_NAMES)
        raise UsageError(
            Text(f"未知的 schema：{name}（可选：{choices}）", f"unknown schema {name} ({choices})")
        )


def _model(name: str) -> type[BaseModel]:
    from checker.model import Document, ProjectRecord

    return Document if name == "document" else ProjectRecord


def generate_schema(name: str) -> dict[str, Any]:
    """The schema as the models define it now, with `$schema`, `$id`, title and description."""
    _check_name(name)
    body = _model(name).model_json_schema(mode="validation")
    title, description = _TITLES[name]
    head: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": schema_id(name),
        "title": title,
        "description": description,
    }
    return head | {k: v for k, v in body.items() if k not in head}


def schema_text(schema: dict[str, Any]) -> str:
    """The committed form of a schema: UTF-8 JSON, two-space indent, Chinese unescaped."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The shipped schema (package data). Cached and shared: do not mutate it."""
    _check_name(name)
    resource = resources.files("checker") / "schemas" / f"{name}.schema.json"
    try:
        loaded: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(
            Text(
                f"找不到或无法读取 {name} schema（安装不完整？）：{error}",
                f"the {name} schema is missing or unreadable (a broken installation?): {error}",
            )
        ) from None
    return loaded


@cache
def validator(name: str) -> Draft202012Validator:
    return json_schema_validator(load_schema(name))


@cache
def compiled_validator(name: str) -> Callable[[Any], bool] | None:
    """A compiled (Rust) validator's `is_valid` for schema `name`; None where none is installed.

    It only answers "valid or not", in microseconds; jsonschema, imported only when a record
    breaks its schema, explains how. Where the two could ever disagree the pure-Python one
    decides: `validate` asks it whenever the compiled one says no or cannot tell.
    """
    return compile_schema(load_schema(name))


def compile_schema(schema: dict[str, Any], formats: bool = False) -> Callable[[Any], bool] | None:
    """`is_valid` of a compiled validator for any schema (`formats`: check `format` keywords
    too); None where jsonschema-rs is not installed. Cache the result: compiling takes time."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a platform without wheels: jsonschema alone
        return None
    try:
        checker = jsonschema_rs.validator_for(schema, validate_formats=formats)
    except Exception:  # pragma: no cover - a version that cannot compile it: jsonschema alone
        return None
    is_valid: Callable[[Any], bool] = checker.is_valid
    return is_valid


def quickly_valid(check: Callable[[Any], bool] | None, data: Any) -> bool:
    """True when the compiled validator `check` accepts `data`; False when it refuses it, is
    missing, or cannot take the data (bytes, a huge integer): jsonschema then decides."""
    if check is None:
        return False
    try:
        return bool(check(data))
    except Exception:
        return False


def validate(name: str, data: Any) -> list[SchemaError]:
    """Every way `data` breaks schema `name` (at most MAX_ERRORS of them), in schema order.

    The happy path costs a few microseconds (the compiled validator); errors are explained by
    jsonschema, so the messages are the same whichever validator is installed.
    """
    if quickly_valid(compiled_validator(name), data):
        return []
    return explain_errors(validator(name), data)


def json_schema_validator(schema: dict[str, Any], formats: bool = False) -> Draft202012Validator:
    """jsonschema's validator of any schema (`formats`: check `format` keywords too), to explain
    what a compiled validator refused. jsonschema is imported here, when first needed."""
    from jsonschema import Draft202012Validator

    if formats:
        return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return Draft202012Validator(schema)


def explain_errors(
    check: Draft202012Validator,
    data: Any,
    *,
    limit: int | None = MAX_ERRORS,
    what: str = "记录格式",
) -> list[SchemaError]:
    """Every way `data` breaks `check`'s schema, in plain words, in schema order: at most
    `limit` of them and then one `limit` error saying so (None: all of them).

    The one explainer of JSON Schema errors: each error has the pointer of the value (of the
    key, for an unknown or malformed key) and a message that does not say where, so a caller
    puts its own place in front. `what` names the format in the Chinese text of an error this
    module has no words of its own for (`不符合记录格式：…`). A subschema's own `x-error` text
    (`{"zh": …, "en": …}`, formatted with `instance`) explains a value that breaks its `pattern`,
    `format`, `enum`, `const`, `anyOf` or `oneOf`; `SchemaError.custom` marks it.
    """
    errors: list[SchemaError] = []
    for error in check.iter_errors(data):
        errors.extend(_explain(error, check, what))
        if limit is not None and len(errors) > limit:
            del errors[limit:]
            errors.append(
                SchemaError(
                    "",
                    Text(
                        f"错误过多，只列出前 {limit} 个",
                        f"too many errors: only the first {limit} are listed",
                    ),
                    "limit",
                )
            )
            break
    return errors


# --- messages ----------------------------------------------------------------------------------


#: The keywords a schema's own `x-error` text explains: what a valid value looks like. A wrong
#: type, a missing or an unknown key is worded here, the same for every schema.
_CUSTOM_KEYWORDS = ("pattern", "format", "enum", "const", "anyOf", "oneOf")


def _pointer(error: ValidationError) -> str:
    return join_pointer("", *error.absolute_path)


def _type_names(types: Sequence[str]) -> Text:
    """`文本、数字或空值` / `text, a number or null`."""
    zh = [_TYPE_NAMES.get(t, (t, t))[0] for t in types]
    en = [_TYPE_NAMES.get(t, (t, t))[1] for t in types]
    if len(zh) == 1:
        return Text(zh[0], en[0])
    return Text("、".join(zh[:-1]) + "或" + zh[-1], ", ".join(en[:-1]) + " or " + en[-1])


def json_type(value: Any) -> str:
    """The JSON type of loaded data (`integer`, `object` …); a Python name for anything else."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def type_text(value: Any) -> Text:
    """What a value is, for a message: `文本` / `text`."""
    return _type_names([json_type(value)])


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


def _branch_types(branch: Any, check: Draft202012Validator) -> list[str] | None:
    """The JSON types an `anyOf` branch admits, following a `$ref` into `$defs`; None: any."""
    if not isinstance(branch, dict):
        return None
    if "$ref" in branch:
        ref = str(branch["$ref"])
        root: Any = check.schema  # always one of our object schemas, never `true`/`false`
        if ref.startswith("#/$defs/"):
            branch = root.get("$defs", {}).get(ref[len("#/$defs/") :], {})
    if "type" in branch:
        kind = branch["type"]
        return [kind] if isinstance(kind, str) else list(kind)
    if "const" in branch:
        return [json_type(branch["const"])]
    return None


def _type_error(pointer: str, expected: Sequence[str], actual: str, keyword: str) -> SchemaError:
    want = _type_names(expected)
    got = _type_names([actual])
    return SchemaError(
        pointer,
        Text(f"应为{want.zh}，实际为{got.zh}", f"expected {want.en}, found {got.en}"),
        keyword,
    )


def _explain(error: ValidationError, check: Draft202012Validator, what: str) -> list[SchemaError]:
    """Plain-language errors for one jsonschema error (an `anyOf` or `oneOf` is explained by
    the branch of the value's type)."""
    pointer = _pointer(error)
    keyword = str(error.validator)
    # the stubs type these as possibly unset; jsonschema sets them on every error it yields
    instance: Any = error.instance
    value: Any = error.validator_value
    schema: Any = error.schema
    if "propertyNames" in error.absolute_schema_path and isinstance(instance, str | int):
        pointer = join_pointer(pointer, instance)  # the key itself is wrong: point at it
    custom = schema.get("x-error") if isinstance(schema, dict) else None
    if isinstance(custom, dict) and keyword in _CUSTOM_KEYWORDS:
        text = Text(custom["zh"], custom["en"]).format(instance=instance)
        return [SchemaError(pointer, text, keyword, custom=True)]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        import difflib

        allowed = list(schema.get("properties", {}))
        found = []
        for key in instance:
            if key in allowed:
                continue
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            zh_hint = f"，是否应为 “{hint[0]}”？" if hint else ""
            en_hint = f"; did you mean '{hint[0]}'?" if hint else ""
            found.append(
                SchemaError(
                    join_pointer(pointer, str(key)),
                    Text(
                        f"不认识的键 “{key}”{zh_hint}（可用的键：{'、'.join(allowed)}）",
                        f"unknown key '{key}'{en_hint} (allowed: {', '.join(allowed)})",
                    ),
                    keyword,
                )
            )
        return found
    if keyword == "required" and isinstance(instance, dict):
        return [
            SchemaError(
                pointer,
                Text(f"缺少必需的键 “{key}”", f"missing the required key '{key}'"),
                keyword,
            )
            for key in value
            if key not in instance
        ]
    if keyword == "type":
        types = [value] if isinstance(value, str) else list(value)
        return [_type_error(pointer, types, json_type(instance), keyword)]
    if keyword in ("anyOf", "oneOf"):
        return _explain_any_of(error, check, pointer, what)
    if keyword == "const":
        want = _short(value)
        return [
            SchemaError(
                pointer,
                Text(
                    f"值应为 {want}，实际为 {_short(instance)}",
                    f"expected {want}, found {_short(instance)}",
                ),
                keyword,
            )
        ]
    if keyword == "enum":
        choices = ", ".join(_short(v) for v in value)
        return [
            SchemaError(
                pointer,
                Text(
                    f"值应为 {choices} 之一，实际为 {_short(instance)}",
                    f"expected one of {choices}, found {_short(instance)}",
                ),
                keyword,
            )
        ]
    if keyword == "minLength" and value == 1:
        return [SchemaError(pointer, Text("不能为空", "must not be empty"), keyword)]
    return [SchemaError(pointer, Text(f"不符合{what}：{error.message}", error.message), keyword)]


def _explain_any_of(
    error: ValidationError, check: Draft202012Validator, pointer: str, what: str
) -> list[SchemaError]:
    """`anyOf` (a nullable field) or `oneOf`: the branch of the value's type explains; else a
    type error."""
    instance: Any = error.instance
    value: Any = error.validator_value
    actual = json_type(instance)
    branches: list[Any] = list(value)
    admitted: list[str] = []
    matching: list[int] = []
    for index, branch in enumerate(branches):
        types = _branch_types(branch, check)
        if types is None or actual in types or (actual == "integer" and "number" in types):
            matching.append(index)
        admitted.extend(t for t in types or () if t not in admitted)
    if len(matching) == 1:
        inner = [e for e in error.context or () if e.relative_schema_path[0] == matching[0]]
        explained = [found for e in inner for found in _explain(e, check, what)]
        if explained:
            return explained
    if not matching and admitted:
        return [_type_error(pointer, admitted, actual, "type")]
    keyword = str(error.validator)
    return [SchemaError(pointer, Text(f"不符合{what}：{error.message}", error.message), keyword)]


# --- regeneration --------------------------------------------------------------------------------


def schema_dir() -> Path:
    """Where the committed schema files live in the source tree."""
    return Path(__file__).with_name("schemas")


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m checker.schemas --write` regenerates the files; `--check` (the default) fails
    when they differ from what the models generate."""
    parser = argparse.ArgumentParser(
        prog="python -m checker.schemas",
        description="生成记录格式的 JSON Schema / regenerate the record JSON Schemas",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--write", action="store_true", help="写入 checker/schemas/ / write the files"
    )
    mode.add_argument(
        "--check", action="store_true", help="与已提交的文件比较（默认） / compare (default)"
    )
    args = parser.parse_args(argv)
    stale = []
    for name in SCHEMA_NAMES:
        path = schema_dir() / f"{name}.schema.json"
        text = schema_text(generate_schema(name))
        if args.write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {path}", file=sys.stderr)
        elif not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(str(path))
    if stale:
        print(
            "jxcheck: schema 已过期，请运行 / schemas are stale, run: "
            f"python -m checker.schemas --write ({', '.join(stale)})",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
