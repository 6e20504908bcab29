"""`jxcheck policy show|validate|test`: the policy a run would use, a check of policy files, and
the test cases of a policy's local rules.

`show` prints the layers as written (`--resolved`: every rule's setting and where each part of it
came from — a layer and line, the command line, or the default of the distribution that
registered the rule; plugin rules are marked opt-in); `validate FILE...` reads each file as
`--policy FILE` would — schema, `extends` chain, required plugins, rule ids and parameters, and
the declarative `rules:` (each expression compiled, bounded and probed against a sample table:
`checker.declarative`) — and exits 2 when any is invalid, so a pre-commit hook can run it on
changed policy files; `test` runs the `cases:` written under each declarative rule (and any case
files given) as `checker.testing` runs a plugin's, so a bureau tests its own rules.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from checker.commands import add_lang_after_action

if TYPE_CHECKING:
    from datetime import date

    from checker.i18n import Lang
    from checker.plugins import Registry
    from checker.policy import ResolvedPolicy

#: Set to an ISO date to fix "today" (reproducible runs, tests); `--today` overrides it.
TODAY_ENV = "JXCHECK_TODAY"


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    show = actions.add_parser(
        "show",
        help="显示生效的策略 / show the policy a check would use",
        description="显示生效的策略（各层原文；--resolved 显示每条规则的设置及其来源）/ "
        "show the policy a check would use (the layers as written; --resolved: every rule's "
        "setting and which layer set it)",
    )
    show.add_argument(
        "--policy",
        metavar="P",
        help="内置策略名或策略文件；缺省时从当前目录向上查找 jxcheck.yaml / .jxcheck.yaml / "
        "pyproject.toml [tool.jxcheck]，都没有则用 national / a packaged policy name or a "
        "policy file; by default the nearest project config, else national",
    )
    show.add_argument(
        "--resolved",
        action="store_true",
        help="逐条规则显示是否启用、级别、参数及来源 / per rule: enabled, severity, params, "
        "and where each was set",
    )
    show.add_argument(
        "--format", choices=("text", "json"), default="text", help="输出格式 / output format"
    )
    show.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="IDS",
        help="与 check 相同：只运行这些规则（编号或前缀，逗号分隔）/ as for check: run only these "
        "rules (ids or prefixes, comma-separated)",
    )
    show.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="IDS",
        help="与 check 相同：不运行这些规则 / as for check: do not run these rules",
    )
    add_lang_after_action(show)
    validate = actions.add_parser(
        "validate",
        help="校验策略文件 / validate policy files",
        description="校验策略文件：格式、extends 链、所需插件、规则编号与参数；有错时退出状态为 2 / "
        "validate policy files: schema, extends chain, required plugins, rule ids and "
        "parameters; exit status 2 when any is invalid",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="策略文件 / policy files")
    validate.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help=f"判断豁免是否过期所用的日期（或环境变量 {TODAY_ENV}）/ the date against which "
        f"waivers are checked for expiry (or env {TODAY_ENV})",
    )
    add_lang_after_action(validate)
    test = actions.add_parser(
        "test",
        help="运行本地规则的测试用例 / run the test cases of local rules",
        description="运行策略中本地规则（rules: 及 rule_files）下写的测试用例 cases，以及所给的用例文件；"
        "有用例失败时退出状态为 1，策略或用例文件有错时为 2 / run the cases written under the "
        "policy's declarative rules (rules: and rule_files), and the case files given; exit "
        "status 1 when a case fails, 2 when the policy or a case file is invalid",
    )
    test.add_argument(
        "--policy",
        metavar="P",
        help="内置策略名或策略文件；缺省时同 check / a packaged policy name or a policy file; by "
        "default as for check",
    )
    test.add_argument(
        "cases",
        nargs="*",
        metavar="CASES",
        help="另外运行的用例文件或目录（checker.testing 的格式）/ more case files or folders "
        "(the checker.testing format)",
    )
    add_lang_after_action(test)


def run(args: argparse.Namespace) -> int:
    from checker import plugins

    lang: Lang = "en" if args.lang == "en" else "zh"
    registry = plugins.load_registry()
    if args.action == "show":
        return _show(args, registry, lang)
    if args.action == "test":
        return _test(args, registry, lang)
    return _validate(args, registry, lang)


def _test(args: argparse.Namespace, registry: Registry, lang: Lang) -> int:
    """Run the declared rules' own cases and the case files given; one line per failure."""
    from pathlib import Path

    from checker.declarative import is_declarative
    from checker.errors import UsageError
    from checker.i18n import Text
    from checker.policy import load_policy
    from checker.testing import (
        CaseFileError,
        collect_cases,
        declared_rule_cases,
        load_case_file,
        run_case,
    )

    policy = load_policy(registry, args.policy)
    try:
        cases = declared_rule_cases(registry)
        for name in args.cases:
            path = Path(name)
            if not path.exists():
                raise UsageError(Text(f"{name}: 用例文件不存在", f"{name}: no such case file"))
            cases.extend(collect_cases(path) if path.is_dir() else load_case_file(path))
    except CaseFileError as error:
        print(f"jxcheck: {error}", file=sys.stderr)
        return 2
    failed = 0
    for case in cases:
        try:
            run_case(case, registry)
        except AssertionError as error:
            failed += 1
            print(str(error))
        except Exception as error:  # an input the model refuses, a rule that raises
            failed += 1
            first = (
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            )
            print(f"{case.file}:{case.line}: case {case.name!r} of {case.rule}: {first}")
    declared = sorted(rid for rid, r in registry.rules.items() if is_declarative(r))
    tested = {c.rule for c in cases}
    untested = [rid for rid in declared if rid not in tested]
    chain = " → ".join(policy.names)
    summary = Text(
        f"{chain}：{len(cases)} 个用例，通过 {len(cases) - failed}，失败 {failed}",
        f"{chain}: {len(cases)} cases, {len(cases) - failed} passed, {failed} failed",
    )
    print(summary.get(lang))
    if untested:
        note = Text(
            f"  注意：这些本地规则没有测试用例：{'、'.join(untested)}",
            f"  note: these local rules have no test cases: {', '.join(untested)}",
        )
        print(note.get(lang))
    return 1 if failed else 0


def _show(args: argparse.Namespace, registry: Registry, lang: Lang) -> int:
    import json

    from checker.policy import load_policy

    policy = load_policy(registry, args.policy, select=args.select, ignore=args.ignore)
    if args.format == "json":
        print(json.dumps(policy.to_json(args.resolved), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_text(policy, args.resolved, lang))
    return 0


def _today(value: str | None) -> date:
    from datetime import date

    from checker.errors import UsageError
    from checker.i18n import Text

    text = value or os.environ.get(TODAY_ENV)
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            Text(
                f"日期 {text!r} 无效（应为 YYYY-MM-DD）", f"invalid date {text!r} (use YYYY-MM-DD)"
            )
        ) from None


def _validate(args: argparse.Namespace, registry: Registry, lang: Lang) -> int:
    from pathlib import Path

    from checker.errors import JxcheckError
    from checker.grading import parse_grading
    from checker.i18n import Text
    from checker.policy import load_policy

    today = _today(args.today)
    status = 0
    for name in args.files:
        try:
            policy = load_policy(registry, Path(name))
        except JxcheckError as error:
            print(f"jxcheck: {error.render(lang)}", file=sys.stderr)
            status = 2
            continue
        try:
            parse_grading(
                policy.grading, origin=policy.grading_origin, known_rules=list(registry.rules)
            )
        except JxcheckError as error:
            print(f"jxcheck: {name}: {error.render(lang)}", file=sys.stderr)
            status = 2
            continue
        chain = " → ".join(policy.names)
        ok = Text(
            f"{name}: 有效（{chain}；摘要 {policy.digest}；启用 {len(policy.enabled_rules())} 条规则）",
            f"{name}: valid ({chain}; digest {policy.digest}; "
            f"{len(policy.enabled_rules())} rules enabled)",
        )
        print(ok.get(lang))
        for waiver in policy.waivers:
            if waiver.expired(today):
                note = Text(
                    f"  注意：{waiver.where()} 的 {waiver.rule} 豁免已于 "
                    f"{waiver.expires.isoformat()} 过期",
                    f"  note: the {waiver.rule} waiver at {waiver.where()} expired on "
                    f"{waiver.expires.isoformat()}",
                )
                print(note.get(lang))
    return status


# --------------------------------------------------------------------------------------------
# Text rendering
# --------------------------------------------------------------------------------------------


def _flow(value: Any) -> str:
    """A value on one line, in YAML flow style (`[a, b]`, `{k: v}`, `'0.005'`)."""
    import yaml

    text: str = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, width=1_000_000, sort_keys=False
    )
    return text.strip().removesuffix("...").strip()


def _yaml(data: Any, indent: int) -> list[str]:
    import yaml

    text = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
    )
    return [" " * indent + line for line in text.rstrip("\n").splitlines()]


def render_text(policy: ResolvedPolicy, resolved: bool, lang: Lang = "zh") -> str:
    """A readable, YAML-like listing of the policy (`jxcheck policy show`)."""
    zh = lang == "zh"
    data = policy.to_json(resolved)
    out: list[str] = [
        f"# {'策略' if zh else 'policy'}: {' → '.join(policy.names)}",
        f"digest: {policy.digest}",
        "layers:",
    ]
    for layer in policy.layers:
        out.append(f"  - name: {layer.name}")
        if layer.file != layer.name:
            out.append(f"    file: {layer.file}")
        if layer.implicit_extends:
            note = "项目配置未写 extends，默认继承" if zh else "project config without extends:"
            out.append(f"    # {note} {', '.join(layer.extends)}")
        if not resolved:
            content = layer.to_json()["content"]
            if content:
                out.append("    content:")
                out.extend(_yaml(content, 6))
    if policy.cli_select or policy.cli_ignore:
        out.append("command_line:")
        if policy.cli_select:
            out.append(f"  select: {_flow(policy.cli_select)}")
        if policy.cli_ignore:
            out.append(f"  ignore: {_flow(policy.cli_ignore)}")
    out.append(f"required_plugins: {_flow(policy.required_plugins)}")
    if resolved:
        out.append("rules:")
        for rule_id, item in data["rules"].items():
            state = "on" if item["enabled"] else "off"
            severity = item["severity"] or "/".join(item["severities"])
            flags = "  mandatory" if item["mandatory"] else ""
            if item["opt_in"]:
                flags += f"  [{item['plugin']}, opt-in]"
            override = "" if item["severity"] else " (default)"
            out.append(f"  {rule_id}: {state}  {severity}{override}{flags}")
            origin: dict[str, str] = item["origin"]
            out.append(f"      enabled ← {origin.get('enabled', 'default')}")
            out.append(f"      severity ← {origin.get('severity', 'default')}")
            if "mandatory" in origin:
                out.append(f"      mandatory ← {origin['mandatory']}")
            for key, value in item["params"].items():
                source = origin.get(f"params.{key}", "default")
                out.append(f"      params.{key} = {_flow(value)}  ← {source}")
    else:
        out.append(f"enabled: {_flow(data['enabled'])}")
        out.append(f"disabled: {_flow(data['disabled'])}")
        if data["unselected"]:
            note = (
                "已安装插件的规则，本策略未选用"
                if zh
                else "installed plugin rules this policy does not select"
            )
            out.append(f"unselected: {_flow(data['unselected'])}  # {note}")
    out.append("waivers:" if policy.waivers else "waivers: []")
    for waiver in policy.waivers:
        pointer = waiver.pointer or ""
        out.append(
            f"  - {waiver.rule} {waiver.project}{pointer}  expires {waiver.expires.isoformat()}"
            f"  approver {waiver.approver}  ({waiver.where()})"
        )
        out.append(f"    reason: {waiver.reason}")
    if policy.grading:
        out.append("grading:")
        for key, value in policy.grading.items():
            source = f"  ← {policy.grading_origin[key]}" if resolved else ""
            out.append(f"  {key}: {_flow(value)}{source}")
    else:
        out.append("grading: {}")
    return "\n".join(out) + "\n"
