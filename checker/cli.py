"""The `jxcheck` command line: verbs dispatched to `checker.commands.<verb>`, imported lazily.

Start-up stays light (a pre-commit hook runs it per commit): only argparse is imported before a
verb is chosen; each verb imports what it needs. Errors a user can act on print one line and exit
with status 2; no traceback reaches the terminal unless JXCHECK_DEBUG is set.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from collections.abc import Sequence

#: verb → (module under checker.commands, one-line help in Chinese / English)
VERBS: dict[str, tuple[str, str]] = {
    "check": ("check", "检查绩效目标记录与文档 / check target records and documents"),
    "import": ("import_", "把文档导入为 YAML 记录 / import documents as YAML records"),
    "export": ("export", "导出为 Word/Excel 绩效目标表 / export records as .docx/.xlsx"),
    "schema": ("schema", "打印记录格式的 JSON Schema / print the record JSON Schema"),
    "rules": ("rules", "列出全部规则 / list every rule"),
    "explain": ("explain", "显示一条规则的说明 / show a rule's documentation"),
    "plugins": ("plugins", "列出已加载的插件 / list loaded plugins"),
    "plugin": ("plugin", "生成新插件的骨架（plugin init）/ scaffold a new plugin (plugin init)"),
    "policy": ("policy", "显示或校验策略 / show or validate policies"),
    "baseline": ("baseline", "写入基线（已知问题的指纹）/ write a baseline of known findings"),
    "serve": (
        "serve",
        "在浏览器中审核（本机网页与 HTTP 接口）/ review in the browser (local web app)",
    ),
}


def _lang_from_argv(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("JXCHECK_LANG", "zh")


def _verb_from_argv(argv: Sequence[str]) -> str | None:
    """The verb a command line names (its first word not an option), if it is one we know."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in VERBS else None
        if arg == "--":
            return None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every verb; with `only`, the options of that verb alone.

    A verb's module is imported to add its options, and some import much (`serve`, `policy`):
    a pre-commit run of `check` must not pay for the others. The other verbs are still listed
    (with their help line) so `jxcheck --help` and a misspelt verb read as before.
    """
    from checker import __version__

    parser = argparse.ArgumentParser(
        prog="jxcheck",
        description="预算绩效目标表合规检查 / compliance checks for budget performance targets",
    )
    parser.add_argument("--version", action="version", version=f"jxcheck {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    sub.required = True
    for verb, (module, help_text) in VERBS.items():
        verb_parser = sub.add_parser(verb, help=help_text, description=help_text)
        if only is not None and verb != only:
            continue
        command = importlib.import_module(f"checker.commands.{module}")
        verb_parser.add_argument(
            "--lang",
            choices=("zh", "en"),
            default=os.environ.get("JXCHECK_LANG", "zh"),
            help="消息语言 / message language (default zh)",
        )
        command.configure(verb_parser)
        verb_parser.set_defaults(_command=command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    from checker.errors import JxcheckError

    lang = _lang_from_argv(args_list)
    try:
        parser = build_parser(_verb_from_argv(args_list))
        args = parser.parse_args(args_list)
        status: int = args._command.run(args)
        sys.stdout.flush()  # what is still buffered fails here, not in the interpreter's exit
        return status
    except JxcheckError as error:
        print(f"jxcheck: {error.render('en' if lang == 'en' else 'zh')}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print("jxcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:
        if error.errno not in _FULL:
            return _internal(error)
        # a full disk or quota, a file too large, a read-only disk: the user's to fix
        from checker.commands import silence_stdout
        from checker.terminal import printable

        silence_stdout()
        where = printable(str(error.filename), one_line=True) if error.filename else None
        reason = error.strerror or type(error).__name__
        if lang == "en":
            print(
                f"jxcheck: cannot write {where or 'to standard output'}: {reason}", file=sys.stderr
            )
        else:
            print(
                f"jxcheck: 无法写入{' ' + where if where else '标准输出'}：{reason}",
                file=sys.stderr,
            )
        return 2
    except Exception as error:
        return _internal(error)


#: Errors of writing that are no bug: no space, quota, file too large, read-only file system.
_FULL = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG", "EROFS") if hasattr(errno, name)
)


def _internal(error: Exception) -> int:
    """An internal error: one line, exit 2, details on request (`JXCHECK_DEBUG=1`)."""
    if os.environ.get("JXCHECK_DEBUG"):
        raise error
    print(
        f"jxcheck: 内部错误 / internal error: {type(error).__name__}: {error} "
        "(set JXCHECK_DEBUG=1 for details)",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
