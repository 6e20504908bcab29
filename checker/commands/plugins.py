"""`jxcheck plugins`: what is loaded — name, version, hooks, rule ids — and what failed."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="输出格式 / output format"
    )


def run(args: argparse.Namespace) -> int:
    import json

    from checker.plugins import load_registry

    registry = load_registry()
    if args.format == "json":
        print(json.dumps([p.to_json() for p in registry.plugins], ensure_ascii=False, indent=2))
        return 0
    for p in registry.plugins:
        state = f"FAILED: {p.error}" if p.error else "ok"
        print(f"{p.name} ({p.distribution} {p.version}) [{state}]")
        print(f"  module: {p.module}")
        print(f"  hooks: {', '.join(p.hooks) or '-'}")
        if p.rules:
            print(f"  rules: {', '.join(p.rules)}")
        if p.readers:
            print(f"  readers: {', '.join(p.readers)}")
        if p.reporters:
            print(f"  reporters: {', '.join(p.reporters)}")
        if p.policies:
            print(f"  policies: {', '.join(p.policies)}")
    return 0
