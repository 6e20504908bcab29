"""The `jxcheck` command line: verbs dispatched to `checker.commands.<verb>`, imported lazily.

Start-up stays light (a pre-commit hook runs it per commit): only argparse is imported before a
verb is chosen; each verb imports what it needs. Errors a user can act on print one line and exit
with status 2; no traceback reaches the terminal unless JXCHECK_DEBUG is set.
"""

from __future__ import annotations

import argparse
import errno
import gc
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, NoReturn

# pydantic looks for its own plugins (observability hooks for an application's models) by
# reading the metadata of every installed distribution when the first model is built: ~10 ms
# and more in a large environment, on every run of a pre-commit hook. jxcheck's models use none;
# the command line is jxcheck's own process (as a library, jxcheck leaves this to its host).
# Set the variable yourself to choose otherwise.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

if TYPE_CHECKING:
    from checker.i18n import Text

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
    """The language a command line asks for (the last `--lang`, as argparse takes it), before
    it is parsed: errors of parsing are written in it."""
    found = os.environ.get("JXCHECK_LANG", "zh")
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


def _verb_from_argv(argv: Sequence[str]) -> str | None:
    """The verb a command line names (its first word not an option), if it is one we know."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in VERBS else None
        if arg == "--":
            return None
    return None


class _Parser(argparse.ArgumentParser):
    """argparse whose errors are one line in the user's language: a `UsageError` (exit 2)
    naming what is wrong and where the usage is, never a usage block.

    `deepest` is the prog of the last (sub)parser that started parsing (`jxcheck baseline
    write`), for the help hint.
    """

    deepest: ClassVar[str] = "jxcheck"

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        _Parser.deepest = self.prog
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        from checker.errors import UsageError
        from checker.i18n import Text
        from checker.terminal import printable

        text = usage_text(message, self._choices())
        hint = f"{_Parser.deepest} --help"
        raise UsageError(
            Text(
                printable(f"{text.zh}（{hint} 查看用法）", one_line=True),
                printable(f"{text.en} (see {hint})", one_line=True),
            )
        )

    def _choices(self) -> list[str]:
        """The verbs or actions this parser dispatches to, if any."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                return list(action.choices)
        return []


def _first_name(argument: str) -> str:
    """`--jobs/-j` → `--jobs`: an option as argparse names it, by its first spelling."""
    return argument.split("/", 1)[0]


def _words(listed: str) -> list[str]:
    """argparse's list of choices (`'zh', 'en'`) or names (`PATH, FILE`) as words."""
    return [w.strip().strip("'\"") for w in listed.split(",") if w.strip()]


def usage_text(message: str, choices: Sequence[str] = ()) -> Text:
    """argparse's English error message in both languages (the common ones; any other keeps
    argparse's words after a translated frame); `choices`: the verbs or actions a missing one
    is one of."""
    from difflib import get_close_matches

    from checker.i18n import Text

    found = re.fullmatch(r"unrecognized arguments: (.*)", message)
    if found:
        extra = found.group(1).split()
        options = [a for a in extra if a.startswith("-")]
        listed = " ".join(extra)
        if len(options) == len(extra):
            return Text(f"未知选项 {listed}", f"unknown option {listed}")
        return Text(f"多余的参数 {listed}", f"unexpected argument {listed}")
    found = re.fullmatch(r"the following arguments are required: (.*)", message)
    if found:
        names = _words(found.group(1))
        if names in (["VERB"], ["ACTION"]):
            what_zh, what_en = ("命令", "command") if names == ["VERB"] else ("操作", "action")
            return Text(
                f"缺少{what_zh}，可用：{'、'.join(choices)}",
                f"missing the {what_en}: one of {', '.join(choices)}",
            )
        listed = " ".join(_first_name(n) for n in names)
        if all(n.startswith("-") for n in names):
            return Text(f"缺少选项 {listed}", f"missing the option {listed}")
        return Text(f"缺少参数 {listed}", f"missing {listed}")
    found = re.fullmatch(r"argument (\S+): invalid choice: '?(.*?)'? \(choose from (.*)\)", message)
    if found:
        argument, value, listed = found.groups()
        choices = _words(listed)
        close = get_close_matches(value, choices, n=1)
        guess_zh = f"是否应为 {close[0]}？" if close else ""
        guess_en = f"did you mean {close[0]}? " if close else ""
        if argument in ("VERB", "ACTION"):
            what_zh, what_en = ("命令", "command") if argument == "VERB" else ("操作", "action")
            return Text(
                f"未知{what_zh} {value}，{guess_zh}可用：{'、'.join(choices)}",
                f"unknown {what_en} {value}: {guess_en}one of {', '.join(choices)}",
            )
        option = _first_name(argument)
        flag = option.startswith("-")
        named_zh, named_en = (option, option) if flag else (f"参数 {option}", f"argument {option}")
        return Text(
            f"{named_zh} 的取值 {value} 无效，{guess_zh}可用：{'、'.join(choices)}",
            f"{named_en} cannot be {value}: {guess_en}one of {', '.join(choices)}",
        )
    found = re.fullmatch(r"argument (\S+): expected (one|at least one) argument", message)
    if found:
        option = _first_name(found.group(1))
        return Text(f"{option} 后缺少取值", f"{option} needs a value")
    found = re.fullmatch(r"argument (\S+): invalid (\w+) value: '?(.*?)'?", message)
    if found:
        option, kind, value = _first_name(found.group(1)), found.group(2), found.group(3)
        kind_zh = {"int": "整数", "float": "数字"}.get(kind, kind)
        kind_en = {"int": "a whole number", "float": "a number"}.get(kind, kind)
        return Text(
            f"{option} 应为{kind_zh}，不是 {value}", f"{option} must be {kind_en}, not {value}"
        )
    found = re.fullmatch(r"argument (\S+): ignored explicit argument '?(.*?)'?", message)
    if found:
        option = _first_name(found.group(1))
        return Text(f"{option} 不带取值", f"{option} takes no value")
    found = re.fullmatch(r"ambiguous option: (\S+) could match (.*)", message)
    if found:
        return Text(
            f"选项 {found.group(1)} 不明确，可能是：{found.group(2)}",
            f"ambiguous option {found.group(1)}: could be {found.group(2)}",
        )
    found = re.fullmatch(r"argument (\S+): (.*)", message)
    if found:  # a type function's message (already in the user's language) or any other
        option = _first_name(found.group(1))
        return Text(f"{option}：{found.group(2)}", f"{option}: {found.group(2)}")
    return Text(message, message)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every verb; with `only`, the options of that verb alone.

    A verb's module is imported to add its options, and some import much (`serve`, `policy`):
    a pre-commit run of `check` must not pay for the others. The other verbs are still listed
    (with their help line) so `jxcheck --help` and a misspelt verb read as before.
    """
    from checker import __version__

    parser = _Parser(
        prog="jxcheck",
        description="预算绩效目标表合规检查 / compliance checks for budget performance targets",
    )
    parser.add_argument("--version", action="version", version=f"jxcheck {__version__}")
    language = "消息语言 / message language (default zh)"
    # before the verb (`jxcheck --lang en check …`) or after it; a verb's own leaves this alone
    # unless given (SUPPRESS), so `args.lang` is always set
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=os.environ.get("JXCHECK_LANG", "zh"), help=language
    )
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    sub.required = True
    for verb, (module, help_text) in VERBS.items():
        verb_parser = sub.add_parser(verb, help=help_text, description=help_text)
        if only is not None and verb != only:
            continue
        command = importlib.import_module(f"checker.commands.{module}")
        verb_parser.add_argument(
            "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help=language
        )
        command.configure(verb_parser)
        verb_parser.set_defaults(_command=command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status.

    Without `argv` (the console script, `python -m checker.cli`: the whole process is this
    one run) what the run made is frozen out of the garbage collector when it ends: the
    interpreter's exit would otherwise walk every object once more (some 30 ms) to free nothing.
    """
    if argv is not None:
        return _main(list(argv))
    try:
        return _main(sys.argv[1:])
    finally:
        gc.freeze()


def _main(args_list: list[str]) -> int:
    from checker import commands
    from checker.errors import JxcheckError

    lang = _lang_from_argv(args_list)
    _Parser.deepest = "jxcheck"
    commands.option_lang = "en" if lang == "en" else "zh"  # for option values argparse refuses
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
