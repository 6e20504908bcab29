"""`jxcheck serve`: the review desk in the browser (and the HTTP API), local by default."""

from __future__ import annotations

import argparse
import os

TOKEN_ENV = "JXCHECK_SERVE_TOKEN"


def configure(parser: argparse.ArgumentParser) -> None:
    from checker.web.defaults import (
        DEFAULT_HOST,
        DEFAULT_MAX_FILES,
        DEFAULT_MAX_UPLOAD_MB,
        DEFAULT_PORT,
    )

    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"监听地址（默认 {DEFAULT_HOST}，仅本机）/ address to listen on (default: this "
        "computer only)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
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
        type=float,
        default=DEFAULT_MAX_UPLOAD_MB,
        metavar="N",
        help=f"每次上传的总大小上限（默认 {DEFAULT_MAX_UPLOAD_MB} MB）/ largest upload per "
        "request in MB",
    )
    parser.add_argument(
        "--max-files",
        type=int,
        default=DEFAULT_MAX_FILES,
        metavar="N",
        help=f"每次上传的文件数上限（默认 {DEFAULT_MAX_FILES}）/ most files per request",
    )
    parser.add_argument(
        "--token",
        default=os.environ.get(TOKEN_ENV),
        help=f"访问口令：除健康检查外的所有地址都需要它（也可用环境变量 {TOKEN_ENV}）/ "
        "token every endpoint but the health check requires",
    )


def run(args: argparse.Namespace) -> int:
    import socket
    import sys

    from checker.errors import UsageError
    from checker.i18n import Text

    try:
        import jinja2  # noqa: F401
        import python_multipart  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn
    except ImportError as error:
        raise UsageError(
            Text(
                f"jxcheck serve 需要网页组件（缺少 {error.name}）：pip install 'jxcheck[serve]'",
                f"jxcheck serve needs the web components ({error.name} is missing): "
                "pip install 'jxcheck[serve]'",
            )
        ) from None

    from checker.plugins import load_registry
    from checker.web.app import create_app
    from checker.web.config import (
        LOOPBACK_NAMES,
        ServerConfig,
        build_policy_choices,
        exposure_warning,
        is_loopback,
    )
    from checker.web.uploads import MIB, Limits

    if args.max_upload_mb <= 0 or args.max_files < 1:
        raise UsageError(
            Text(
                "--max-upload-mb 和 --max-files 必须大于 0",
                "--max-upload-mb and --max-files must be greater than 0",
            )
        )
    if not 0 <= args.port <= 65535:
        raise UsageError(Text(f"端口无效：{args.port}", f"invalid port: {args.port}"))
    token = args.token or None
    registry = load_registry()
    config = ServerConfig(
        policies=build_policy_choices(registry, args.policy),
        limits=Limits(int(args.max_upload_mb * MIB), args.max_files),
        token=token,
        allowed_hosts=LOOPBACK_NAMES if is_loopback(args.host) else None,
        lang="en" if args.lang == "en" else "zh",
    )
    app = create_app(config, registry)

    host = args.host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, args.port))
    except OSError as error:
        sock.close()
        raise UsageError(
            Text(
                f"无法监听 {args.host}:{args.port}：{error.strerror}",
                f"cannot listen on {args.host}:{args.port}: {error.strerror}",
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
        f"  上限 / limits: {config.limits.max_files} files, {args.max_upload_mb:g} MB"
        f"{'; 需要口令 / token required' if token else ''}\n"
        "  按 Ctrl+C 停止 / press Ctrl+C to stop",
        flush=True,
    )
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    )
    server.run(sockets=[sock])
    return 0
