"""`jxcheck explain ID`: a rule's documentation (what, why, example, fix), basis and parameters."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule_id", metavar="ID", help="规则编号，如 V005 / a rule id such as V005")
    parser.add_argument(
        "--policy",
        help="也查找此策略在 rules: 中声明的本地规则（缺省同 check）/ also the local rules this "
        "policy declares under rules: (default: as check finds it)",
    )


def run(args: argparse.Namespace) -> int:
    import json

    from checker.errors import UsageError
    from checker.i18n import Text
    from checker.plugins import load_registry

    registry = load_registry()
    rule_id = args.rule_id.strip().upper()
    r = registry.rules.get(rule_id)
    if r is None or args.policy:  # a local rule is declared by a policy (rules:)
        from checker.policy import load_policy

        load_policy(registry, args.policy)
        r = registry.rules.get(rule_id)
    if r is None:
        raise UsageError(
            Text(f"未知的规则编号：{args.rule_id}", f"unknown rule id: {args.rule_id}")
        )
    en = args.lang == "en"
    severities = "/".join(s.name for s in r.all_severities())
    print(f"{r.id} {r.name} — {r.title.get(args.lang)}")
    print(("Severity: " if en else "级别：") + severities)
    print(("Category: " if en else "类别：") + r.category)
    print(("Basis: " if en else "依据：") + r.basis)
    if r.plugin:
        print(("Plugin: " if en else "插件：") + r.plugin)
    print()
    print(r.doc.get(args.lang))
    params = r.params().model_dump(mode="json")
    if params:
        print()
        print("Parameters (defaults):" if en else "参数（默认值）：")
        for name, value in params.items():
            print(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return 0
