"""`jxcheck serve`: the review desk in the browser (and the HTTP API), local by default."""

from __future__ import annotations

import argparse
import os
from typing import NoReturn

TOKEN_ENV = "JXCHECK_SERVE_TOKEN"


def configure(parser: argparse.ArgumentParser) -> None:
    from checker.web.defaults import (
        DEFAULT_CONCURRENCY,
        DEFAULT_HOST,
        DEFAULT_MAX_CHECK_MEMORY_MB,
        DEFAULT_MAX_CHECK_SECONDS,
        DEFAULT_MAX_FILES,
        DEFAULT_MAX_UPLOAD_MB,
        DEFAULT_PORT,
        DEFAULT_READ_TIMEOUT,
    )

    # Numbers are taken as text and checked in `run`: a bad value is one line in the user's
    # language; so is what argparse itself refuses (it would print its usage, in English).
    parser.error = _usage_error  # type: ignore[method-assign]
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"监听地址（默认 {DEFAULT_HOST}，仅本机）/ address to listen on (default: this "
        "computer only)",
    )
    parser.add_argument(
        "--port",
        default=str(DEFAULT_PORT),
        metavar="PORT",
        help=f"端口（默认 {DEFAULT_PORT}；0 表示任选空闲端口）/ port (0: any free port)",
    )
    parser.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="POLICY",
        help="提供的策略（文件或内置名称，可重复，第一个为默认）/ policy to offer, repeatable; "
        "the first is the default (packaged policies are always offered)",
    )
    parser.add_argument(
        "--max-upload-mb",
        default=str(DEFAULT_MAX_UPLOAD_MB),
        metavar="N",
        help=f"每次上传的总大小上限（默认 {DEFAULT_MAX_UPLOAD_MB} MB）/ largest upload per "
        "request in MB",
    )
    parser.add_argument(
        "--max-files",
        default=str(DEFAULT_MAX_FILES),
        metavar="N",
        help=f"每次上传的文件数上限（默认 {DEFAULT_MAX_FILES}）/ most files per request",
    )
    parser.add_argument(
        "--max-check-seconds",
        default=f"{DEFAULT_MAX_CHECK_SECONDS:g}",
        metavar="S",
        help=f"每个文件检查的时间上限（墙钟与 CPU，默认 {DEFAULT_MAX_CHECK_SECONDS:g} 秒）/ "
        "wall-clock and CPU seconds one file's check may take",
    )
    parser.add_argument(
        "--max-check-memory-mb",
        default=str(DEFAULT_MAX_CHECK_MEMORY_MB),
        metavar="N",
        help=f"每个文件检查的内存上限（默认 {DEFAULT_MAX_CHECK_MEMORY_MB} MB）/ memory one "
        "file's check may use, in MB",
    )
    parser.add_argument(
        "--max-checks",
        default=str(DEFAULT_CONCURRENCY),
        metavar="N",
        help=f"同时检查的文件数，即工作进程数（默认 {DEFAULT_CONCURRENCY}）/ files checked at "
        "once (worker processes)",
    )
    parser.add_argument(
        "--read-timeout",
        default=f"{DEFAULT_READ_TIMEOUT:g}",
        metavar="S",
        help=f"客户端发送请求头、上传中停顿的最长时间（默认 {DEFAULT_READ_TIMEOUT:g} 秒）/ "
        "seconds a client may take to send its headers, or pause in an upload",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get(TOKEN_ENV),
        help=f"访问口令：除健康检查外的所有地址都需要它（也可用环境变量 {TOKEN_ENV}）/ "
        "token every endpoint but the health check requires",
    )


def _usage_error(message: str) -> NoReturn:
    from checker.errors import UsageError
    from checker.i18n import Text

    raise UsageError(
        Text(
            f"jxcheck serve 的参数有误：{message}（用法见 jxcheck serve --help）",
            f"jxcheck serve: {message} (see jxcheck serve --help)",
        )
    )


def _whole(option: str, raw: str, low: int, high: int) -> int:
    """An option's value as a whole number from `low` to `high`, or a one-line UsageError."""
    text = str(raw).strip()
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        _bad_value(
            option, text, f"{low} 到 {high} 之间的整数", f"a whole number from {low} to {high}"
        )
    return value


def _positive(option: str, raw: str, high: float) -> float:
    """A finite number greater than 0 and at most `high` (seconds, megabytes)."""
    import math

    text = str(raw).strip()
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= high):
        _bad_value(
            option, text, f"大于 0、不超过 {high:g} 的数", f"a number above 0 and at most {high:g}"
        )
    return value


def _bad_value(option: str, text: str, wanted_zh: str, wanted_en: str) -> NoReturn:
    from checker.errors import UsageError
    from checker.i18n import Text

    raise UsageError(
        Text(
            f"{option} 的值 {text!r} 无效：应为 {wanted_zh}",
            f"invalid value {text!r} for {option}: expected {wanted_en}",
        )
    )


def run(args: argparse.Namespace) -> int:
    import socket
    import sys

    from checker.errors import UsageError
    from checker.i18n import Text
    from checker.web import defaults as d

    # Every option first (one line, exit 2, before anything is imported or bound).
    port = _whole("--port", args.port, 0, 65535)
    max_upload_mb = _positive("--max-upload-mb", args.max_upload_mb, d.MAX_UPLOAD_MB_LIMIT)
    max_files = _whole("--max-files", args.max_files, 1, d.MAX_FILES_LIMIT)
    seconds = _positive("--max-check-seconds", args.max_check_seconds, d.MAX_SECONDS_LIMIT)
    memory_mb = _whole(
        "--max-check-memory-mb",
        args.max_check_memory_mb,
        d.MIN_CHECK_MEMORY_MB,
        d.MAX_CHECK_MEMORY_MB,
    )
    checks = _whole("--max-checks", args.max_checks, 1, d.MAX_CONCURRENCY_LIMIT)
    read_timeout = _positive("--read-timeout", args.read_timeout, d.MAX_SECONDS_LIMIT)

    try:
        import jinja2  # noqa: F401
        import python_multipart  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as error:
        raise UsageError(
            Text(
                f"jxcheck serve 需要网页组件（缺少 {error.name}）：pip install 'jxcheck[serve]'",
                f"jxcheck serve needs the web components ({error.name} is missing): "
                "pip install 'jxcheck[serve]'",
            )
        ) from None

    from checker.plugins import load_registry
    from checker.web import server
    from checker.web.app import create_app
    from checker.web.config import (
        LOOPBACK_NAMES,
        ServerConfig,
        build_policy_choices,
        exposure_warning,
        is_loopback,
    )
    from checker.web.uploads import MIB, Limits

    token = args.token or None
    registry = load_registry()
    config = ServerConfig(
        policies=build_policy_choices(registry, args.policy),
        limits=Limits(int(max_upload_mb * MIB), max_files),
        token=token,
        allowed_hosts=LOOPBACK_NAMES if is_loopback(args.host) else None,
        lang="en" if args.lang == "en" else "zh",
        concurrency=checks,
        max_check_seconds=seconds,
        max_check_memory_mb=memory_mb,
        read_timeout=read_timeout,
    )
    app = create_app(config, registry)

    host = args.host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as error:
        raise UsageError(
            Text(
                f"无法监听 {args.host}：{error.strerror}",
                f"cannot listen on {args.host}: {error.strerror}",
            )
        ) from None
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        # Listening before the address is printed: a client that reads it can connect at once.
        sock.listen(2048)
    except (OSError, OverflowError, UnicodeError) as error:
        sock.close()
        reason = getattr(error, "strerror", None) or str(error)
        raise UsageError(
            Text(
                f"无法监听 {args.host}:{port}：{reason}",
                f"cannot listen on {args.host}:{port}: {reason}",
            )
        ) from None
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::"):
        shown = "127.0.0.1"
    url = f"http://{shown}:{port}/"
    warning = exposure_warning(args.host, token)
    if warning is not None:
        print(f"jxcheck: {warning.zh}\njxcheck: {warning.en}", file=sys.stderr, flush=True)
    policies = ", ".join(p.id for p in config.policies)
    print(
        f"jxcheck 审核台已启动 / review desk running: {url}\n"
        f"  策略 / policies: {policies}（默认 / default: {config.default_policy.id}）\n"
        f"  上限 / limits: {config.limits.max_files} files, {max_upload_mb:g} MB per request; "
        f"{seconds:g} s and {memory_mb} MB per file, {checks} at once"
        f"{'; 需要口令 / token required' if token else ''}\n"
        "  按 Ctrl+C 停止 / press Ctrl+C to stop",
        flush=True,
    )
    server.run(app, sock, read_timeout, checks)
    return 0
