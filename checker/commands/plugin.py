"""`jxcheck plugin init NAME`: scaffold a new plugin distribution that passes its own tests.

Writes into `./NAME` (or `--dir`): a pyproject with the `jxcheck` entry point, the package with
one example rule (full metadata and docs), one YAML case file, a pytest test using
`checker.testing`, and a README. It never overwrites: an existing folder must be empty.
"""

from __future__ import annotations

import argparse
import sys

from checker.commands import add_lang_after_action


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    init = actions.add_parser(
        "init",
        help="生成新插件的骨架 / scaffold a new plugin distribution",
        description="生成一个可安装的插件发行包：带入口点的 pyproject、含一条示例规则的包、YAML 用例、"
        "pytest 测试和 README；安装后即可通过自己的测试 / scaffold an installable plugin: "
        "pyproject with the entry point, a package with one example rule, a YAML case file, a "
        "pytest test and a README; it passes its own tests once installed",
    )
    init.add_argument(
        "name",
        metavar="NAME",
        help="发行包名，如 jxcheck-mycounty / distribution name, e.g. jxcheck-mycounty",
    )
    init.add_argument(
        "--dir",
        metavar="DIR",
        help="目标文件夹（默认 ./NAME；已存在时必须为空）/ target folder (default ./NAME; if it "
        "exists it must be empty)",
    )
    init.add_argument(
        "--prefix",
        metavar="ABC",
        help="规则编号前缀，2–6 个大写字母（默认由 NAME 推出）/ rule id prefix, 2–6 capital "
        "letters (default: derived from NAME)",
    )
    add_lang_after_action(init)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from checker import __version__, scaffold
    from checker.errors import UsageError
    from checker.i18n import Text
    from checker.plugins import load_registry

    lang = args.lang
    names = scaffold.plugin_names(args.name, args.prefix)
    folder = Path(args.dir) if args.dir else Path(args.name)
    if folder.exists() and not scaffold.is_empty_folder(folder):
        kind_zh, kind_en = (
            ("文件夹不为空", "is not empty") if folder.is_dir() else ("是文件", "is a file")
        )
        raise UsageError(
            Text(
                f"{folder} {kind_zh}：plugin init 不会覆盖已有文件；请换一个名字或用 --dir 指定空文件夹",
                f"{folder} {kind_en}: plugin init never overwrites anything; choose another name "
                "or an empty folder with --dir",
            )
        )
    registry = load_registry()
    owners = {rule_id: r.plugin or "?" for rule_id, r in registry.rules.items()}
    errors, warnings = scaffold.prefix_conflicts(names.prefix, owners)
    if errors:
        raise UsageError(Text("\n".join(e.zh for e in errors), "\n".join(e.en for e in errors)))
    for warning in warnings:
        print(
            f"jxcheck: {Text('警告：', 'warning: ').get(lang)}{warning.get(lang)}", file=sys.stderr
        )
    files = scaffold.render(names, __version__)
    written = scaffold.write(folder, files)
    done = Text(
        f"已在 {folder} 创建插件 {names.dist}（模块 {names.module}，入口点 {names.entry}，"
        f"规则前缀 {names.prefix}）：",
        f"created the plugin {names.dist} in {folder} (module {names.module}, entry point "
        f"{names.entry}, rule prefix {names.prefix}):",
    )
    print(done.get(lang))
    for relative in scaffold.describe(written, folder):
        print(f"  {relative}")
    steps = Text(
        "下一步：\n"
        f"  pip install -e {folder}    # 安装：jxcheck 通过入口点找到插件\n"
        "  jxcheck plugins    # 应列出新插件及其规则\n"
        f"  cd {folder} && python -m pytest    # 运行 YAML 用例\n"
        f"  jxcheck check 文档.txt --select {names.prefix}    # 只运行本插件的规则\n"
        "编写规则的说明见 jxcheck 的 docs/writing-plugins.md。",
        "Next:\n"
        f"  pip install -e {folder}    # install: jxcheck finds it by its entry point\n"
        "  jxcheck plugins    # lists the new plugin and its rules\n"
        f"  cd {folder} && python -m pytest    # run its YAML cases\n"
        f"  jxcheck check DOCUMENT --select {names.prefix}    # only this plugin's rules\n"
        "The guide is jxcheck's docs/writing-plugins.md.",
    )
    print(steps.get(lang))
    return 0
