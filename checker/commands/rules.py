"""`jxcheck rules`: every registered rule with its severity, category and official basis, and
whether it runs under the policy in force (a plugin's rules run only where a policy selects
them)."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="输出格式 / output format",
    )
    parser.add_argument(
        "--policy",
        help="按此策略标注哪些规则运行（缺省同 check）/ mark which rules run under this policy "
        "(default: as check finds it)",
    )


def run(args: argparse.Namespace) -> int:
    import json

    from checker.plugins import load_registry
    from checker.policy import load_policy

    registry = load_registry()
    policy = load_policy(registry, args.policy)
    rules = [registry.rules[rid] for rid in sorted(registry.rules)]
    enabled = {r.id for r in policy.enabled_rules()}
    if args.format == "json":
        data = [{**r.metadata(args.lang), "enabled": r.id in enabled} for r in rules]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if args.format == "markdown":
        en = args.lang == "en"
        print(
            "| id | "
            + ("severity | category | title | basis |" if en else "级别 | 类别 | 名称 | 依据 |")
        )
        print("|---|---|---|---|---|")
        for r in rules:
            severities = "/".join(s.name for s in r.all_severities())
            print(
                f"| {r.id} | {severities} | {r.category} | {r.title.get(args.lang)} | {r.basis} |"
            )
        return 0
    chain = " → ".join(policy.names)
    for r in rules:
        severities = "/".join(s.name for s in r.all_severities())
        note = ""
        if r.id not in enabled:
            note = (
                f"  [{r.plugin or 'jxcheck'}, not run under {chain}]"
                if args.lang == "en"
                else f"  [{r.plugin or 'jxcheck'}，{chain} 下不运行]"
            )
        print(
            f"{r.id}  {severities:<13} {r.category:<11} {r.title.get(args.lang)}  〈{r.basis}〉{note}"
        )
    print(f"{len(rules)} rules, {len(enabled)} run under {chain}")
    return 0
