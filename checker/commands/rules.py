"""`jxcheck rules`: every registered rule with its severity, category and official basis."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="输出格式 / output format",
    )


def run(args: argparse.Namespace) -> int:
    import json

    from checker.plugins import load_registry

    registry = load_registry()
    rules = [registry.rules[rid] for rid in sorted(registry.rules)]
    if args.format == "json":
        print(json.dumps([r.metadata(args.lang) for r in rules], ensure_ascii=False, indent=2))
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
    for r in rules:
        severities = "/".join(s.name for s in r.all_severities())
        print(f"{r.id}  {severities:<13} {r.category:<11} {r.title.get(args.lang)}  〈{r.basis}〉")
    print(f"{len(rules)} rules")
    return 0
