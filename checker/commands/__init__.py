"""The CLI's verbs, one module per verb (`configure(parser)` and `run(args)`), imported on use.

Shared here: the input options, how every verb writes a file (`check_output`, `write_output`,
`write_stdout`): never over an input of the run, an existing file the user did not name, or
through a symbolic link, unless `--force`; one line (exit 2) when it cannot; and `starting_up`.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from checker.errors import UsageError
from checker.i18n import Lang, Text

#: The language of the command line being parsed (`--lang`, `JXCHECK_LANG`), for the option
#: values argparse refuses before `args.lang` exists; `checker.cli.main` sets it.
option_lang: Lang = "zh"


@contextlib.contextmanager
def starting_up() -> Iterator[None]:
    """No garbage collection while a verb starts up: importing jxcheck and its libraries,
    loading the plugins and the policy make some 300,000 objects that nearly all live to the
    end of the run, so each collection on the way (about eighty of them) finds nothing to free;
    they cost a one-file check some 15 ms. At the end what was made is frozen out of later
    collections (`gc.freeze`, as `checker.engine.batch_gc` does for a batch, which unfreezes
    it when it ends), and collection is back on as it was, before any input is read."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def bad_value(text: Text) -> argparse.ArgumentTypeError:
    """An option value refused while parsing: one line in the user's language (see
    `checker.cli`, which turns it into a usage error, exit 2)."""
    return argparse.ArgumentTypeError(text.get(option_lang))


def encoding_name(value: str) -> str:
    """`--encoding`: a text encoding Python knows (`gbk`, `utf-16`), else a usage error."""
    import codecs

    try:
        known = codecs.lookup(value)
    except LookupError:
        known = None
    if known is None or not getattr(known, "_is_text_encoding", True):
        raise bad_value(
            Text(
                f"未知的文字编码 {value}，可用如 utf-8、gb18030、gbk、utf-16",
                f"unknown text encoding {value}: use utf-8, gb18030, gbk, utf-16 …",
            )
        )
    return value


def require_paths(paths: Iterable[str]) -> None:
    """Every path named on the command line must exist (a link whose target is gone exists,
    and is reported as unreadable): a name that is nothing at all is a usage error, one line
    naming them all, exit 2 — never a finding among the others."""
    missing = [p for p in paths if not os.path.lexists(p)]
    if not missing:
        return
    from checker.terminal import printable

    listed = "、".join(printable(p, one_line=True) for p in missing)
    listed_en = ", ".join(printable(p, one_line=True) for p in missing)
    raise UsageError(
        Text(
            f"找不到 {listed}：没有这个文件或文件夹",
            f"{listed_en}: no such file or folder",
        )
    )


def refuse_binary_to_terminal(what: Text, suffix: str) -> None:
    """A binary output (an xlsx report, a .docx) is never written to a terminal: one line,
    exit 2. To a pipe or a file the shell opened it is written."""
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if terminal:
        raise UsageError(
            Text(
                f"{what.zh}是二进制文件，不写到终端；请用 -o 文件名{suffix} 指定输出文件",
                f"{what.en} is a binary file and is not written to a terminal; name a file "
                f"with -o NAME{suffix}",
            )
        )


def add_lang_after_action(parser: argparse.ArgumentParser) -> None:
    """Accept `--lang` after a sub-action too (`jxcheck policy show --lang en`).

    SUPPRESS keeps the verb-level value when it is not given here, and keeps it out of the
    sub-action's help (the verb's help lists it once).
    """
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """`--encoding`, `--budget-year`, `--max-size`: how an input file is read."""
    parser.add_argument(
        "--encoding",
        type=encoding_name,
        metavar="ENC",
        help="输入编码（默认自动识别） / input encoding",
    )
    parser.add_argument(
        "--budget-year",
        type=int,
        metavar="N",
        help="文档未写明时使用的预算年度 / budget year where a document does not state it",
    )
    parser.add_argument(  # a larger input file is refused, not read (see `max_bytes`)
        "--max-size",
        type=int,
        default=None,
        metavar="BYTES",
        help="单个文件大小上限（默认 50 MB）/ largest input file in bytes (default 50 MB)",
    )


def max_bytes(args: argparse.Namespace) -> int:
    """`--max-size` or the default; a value below 1 is a usage error (one line, exit 2)."""
    from checker.inputs import DEFAULT_MAX_BYTES

    value: int | None = args.max_size
    if value is None:
        return DEFAULT_MAX_BYTES
    if value < 1:
        raise UsageError(
            Text(
                f"--max-size 应为正整数（字节数），实际为 {value}",
                f"--max-size must be a positive number of bytes, not {value}",
            )
        )
    return value


# --- outputs: never over an input, never through a link, one line when they cannot be written --


def add_force_option(parser: argparse.ArgumentParser) -> None:
    """`--force`: write over what jxcheck otherwise refuses to (see `check_output`)."""
    parser.add_argument(
        "--force",
        action="store_true",
        help="允许覆盖：本次的输入文件、未指定的已有文件、符号链接（替换链接本身）/ write over "
        "an input of the run, an existing file not named, or a symbolic link (the link itself "
        "is replaced)",
    )


class Inputs:
    """The files a run reads, to refuse an output that would replace one: the same file is
    the same resolved path, or the same device and inode (a hard link, another spelling).

    `paths` are the files checked (a report jxcheck wrote among them is skipped, so it may be
    rewritten); `pinned` are read as they are (`--policy`, `--baseline`): never written over.
    """

    def __init__(
        self, paths: Iterable[str | Path | object], pinned: Iterable[str | Path] = ()
    ) -> None:
        self._groups = ([Path(str(p)) for p in paths], [Path(str(p)) for p in pinned])
        self._known: list[tuple[set[str], set[tuple[int, int]]]] | None = None

    def _index(self) -> list[tuple[set[str], set[tuple[int, int]]]]:
        if self._known is None:
            self._known = []
            for group in self._groups:
                real: set[str] = set()
                ids: set[tuple[int, int]] = set()
                for path in group:
                    try:
                        real.add(os.path.realpath(path))
                        status = os.stat(path)
                    except (OSError, ValueError):
                        continue
                    ids.add((status.st_dev, status.st_ino))
                self._known.append((real, ids))
        return self._known

    def holds(self, target: Path) -> str | None:
        """Whether `target` (an existing file) is one of the inputs: `checked`, `pinned` or
        None."""
        try:
            status = os.stat(target)
        except (OSError, ValueError):
            return None
        real_target = os.path.realpath(target)
        for kind, (real, ids) in zip(("checked", "pinned"), self._index(), strict=True):
            if (status.st_dev, status.st_ino) in ids or real_target in real:
                return kind
        return None


#: Names of the process's own streams (`-o /dev/stdout`): written to even when the shell sent
#: them to a file, never replaced.
_STREAM_NAMES = re.compile(r"/dev/(?:stdout|stderr|fd/[0-9]+)|/proc/(?:self|[0-9]+)/fd/[0-9]+")


def _is_stream(path: Path) -> bool:
    """A device, pipe or socket (`/dev/null`, `/dev/full`, `/dev/stdout`): written to (appended
    to), never replaced."""
    if _STREAM_NAMES.fullmatch(os.path.abspath(path)):
        return True
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _not_a_folder(target: Path) -> UsageError | None:
    """The error when a folder above `target` is a file (`-o notes.txt/report.json`)."""
    for folder in target.parents:
        try:
            mode = os.stat(folder).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue
        except (OSError, ValueError) as error:
            return _cannot_write(target, error)
        if stat.S_ISDIR(mode):
            return None
        return UsageError(
            Text(
                f"无法写入 {target}：{folder} 是文件，不是文件夹",
                f"cannot write {target}: {folder} is a file, not a folder",
            )
        )
    return None


def _cannot_write(target: Path, error: BaseException) -> UsageError:
    reason = getattr(error, "strerror", None) or type(error).__name__
    return UsageError(Text(f"无法写入 {target}：{reason}", f"cannot write {target}: {reason}"))


def check_output(
    target: Path,
    *,
    inputs: Inputs | None = None,
    named: bool = True,
    force: bool = False,
) -> None:
    """Refuse, with one line (UsageError, exit 2), an output jxcheck must not write.

    Always refused: a folder, a path under a file. Refused unless `force`: an input of the
    run (unless it is a report jxcheck wrote, which a check skips), an existing file the user
    did not name (`named` False: export's default target, import's files in its folder) and a
    symbolic link (with `force`, the link itself is replaced; what it points to is never
    written). Devices and pipes (`/dev/null`, `/dev/stdout`) are written as streams.
    """
    from checker.inputs import OWN_OUTPUT_SNIFF_BYTES, own_output

    if _is_stream(target):
        return
    try:
        status = os.lstat(target)
    except (FileNotFoundError, NotADirectoryError):
        error = _not_a_folder(target)
        if error is not None:
            raise error from None
        return
    except (OSError, ValueError) as error:
        raise _cannot_write(target, error) from None
    if stat.S_ISDIR(status.st_mode):
        raise UsageError(
            Text(
                f"无法写入 {target}：它是文件夹；请指定文件名",
                f"cannot write {target}: it is a folder; name a file",
            )
        )
    hint_zh, hint_en = "（确要覆盖请加 --force）", " (add --force to write over it)"
    if stat.S_ISLNK(status.st_mode):
        if not force:
            raise UsageError(
                Text(
                    f"输出 {target} 是符号链接，jxcheck 不通过链接写入{hint_zh}",
                    f"the output {target} is a symbolic link: jxcheck does not write through "
                    f"links{hint_en}",
                )
            )
        return
    if force:
        return
    held = inputs.holds(target) if inputs is not None else None
    if held is not None:
        head = b""
        if held == "checked":  # a report jxcheck wrote is skipped by the check: no input
            try:
                with open(target, "rb") as handle:
                    head = handle.read(OWN_OUTPUT_SNIFF_BYTES)
            except OSError:
                pass
        if own_output(head) is None:
            raise UsageError(
                Text(
                    f"输出 {target} 会覆盖输入文件；请指定其他文件{hint_zh}",
                    f"the output {target} would overwrite an input file; choose another{hint_en}",
                )
            )
    if not named:
        raise UsageError(
            Text(
                f"{target} 已存在，jxcheck 不覆盖没有指名的文件{hint_zh}",
                f"{target} exists and was not named: jxcheck does not overwrite it{hint_en}",
            )
        )


def write_output(target: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `target` as `check_output` allows, or raise one line (UsageError).

    A file is written beside the target and renamed over it: a link at the target (allowed
    with `force` only) is replaced, never followed; an earlier file with another name is never
    touched; a failed write leaves the old file as it was. Devices and pipes are written to.
    """
    if _is_stream(target):
        try:
            fd = os.open(target, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except (OSError, ValueError) as error:
            raise _cannot_write(target, error) from None
        return
    check_output(target, force=force)
    folder = target.parent
    temporary = folder / f".{target.name}.{os.urandom(6).hex()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            old_mode: int | None = stat.S_IMODE(os.lstat(target).st_mode)
        except FileNotFoundError:
            old_mode = None
        nofollow = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | nofollow, 0o666)
        except PermissionError:  # a folder we may not add to, a file we may write: in place
            if old_mode is None or os.path.islink(target):
                raise
            with os.fdopen(os.open(target, os.O_WRONLY | os.O_TRUNC | nofollow), "wb") as handle:
                handle.write(data)
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                if old_mode is not None and not os.path.islink(target):
                    os.chmod(handle.fileno(), old_mode)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except (OSError, ValueError) as error:
        raise _cannot_write(target, error) from None


def silence_stdout() -> None:
    """After a failed write to standard output: send what is still buffered to /dev/null, so
    that the interpreter's last flush prints nothing more."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass


def write_stdout(data: str | bytes) -> None:
    """Write a report or record to standard output; a failure (a full disk, `> /dev/full`) is
    one line, exit 2."""
    try:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        silence_stdout()
        reason = error.strerror or type(error).__name__
        raise UsageError(
            Text(f"无法写入标准输出：{reason}", f"cannot write to standard output: {reason}")
        ) from None
