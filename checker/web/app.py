"""The web application: one page, a JSON API, the OpenAPI document, a health check.

Routes (see `checker/web/openapi.py` for the full contract):

- `GET /` — the page (Chinese; `?lang=en` for English; `?token=` when the server has a token).
- `POST /api/check` — multipart `files` (one or more) + `policy`, `lang`, `fail_on`,
  `unreadable`: the JSON report, byte for byte what `jxcheck check --format json` prints.
- `POST /api/report/{format}` — the same inputs, the report rendered by the registered reporter
  of that name (`html`, `xlsx`, `json`, `sarif` …) as a download (`?disposition=inline` to show).
- `GET /api/info` — version, policies, formats, accepted suffixes and limits.
- `GET /api/openapi.json` — the OpenAPI 3.1 document.
- `GET /api/health` — liveness; the only route a `--token` does not protect.

Files the check cannot read are refused, not reported (unless `unreadable=report`): a file no
reader recognises is 415 `unsupported_file`; a file a reader claims but cannot parse (a corrupt
.docx, broken YAML) is 422 `unreadable_file`. Both name the file and say why, in Chinese and
English. A client that prefers HTML (a browser's form post) gets the error as a page, anyone
else as JSON: `{"error": {"status", "code", "message": {"zh", "en"}, "details": [...]}}`.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from checker import api
from checker.errors import JxcheckError
from checker.i18n import Lang, Text
from checker.plugins import Registry, load_registry
from checker.reporting import RenderOptions, Report
from checker.web import page
from checker.web.config import ServerConfig
from checker.web.uploads import Form, UploadError, parse_multipart, read_body

if TYPE_CHECKING:
    from anyio import CapacityLimiter
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

FILE_FIELD = "files"
FAIL_ON = ("error", "warning", "info", "never")
UNREADABLE = ("reject", "report")
#: Media types by reporter suffix; a reporter not listed is text/plain (or octet-stream).
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".sarif": "application/sarif+json; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xml": "application/xml; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}
#: Headers on every answer. Reports hold a department's data: never cached, never framed
#: elsewhere, no referrer.
BASE_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "x-frame-options": "SAMEORIGIN",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
#: CSP of answers that carry no page of ours (JSON, downloads, the report page, which brings
#: its own stricter policy in a <meta> element).
DEFAULT_CSP = "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; object-src 'none'"

Handler = Callable[["Request"], Awaitable["Response"]]


def _error_json(error: UploadError, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "error": {
            "status": error.status,
            "code": error.code,
            "message": {"zh": error.message.zh, "en": error.message.en},
            "details": details or [],
        }
    }


class _ReadError(UploadError):
    """Files the check could not read, with one detail per file."""

    def __init__(self, status: int, code: str, message: Text, files: list[dict[str, Any]]):
        super().__init__(status, code, message)
        self.files = files


def _language(value: str | None, default: Lang = "zh") -> Lang:
    if value == "en":
        return "en"
    if value == "zh":
        return "zh"
    return default


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def _download_name(files: list[str], suffix: str) -> tuple[str, str]:
    """(ASCII fallback, UTF-8 name) for Content-Disposition."""
    stem = PurePosixPath(files[0]).stem if len(files) == 1 else "jxcheck"
    name = f"{stem}-jxcheck-report{suffix}"
    ascii_stem = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in stem)
    return f"{ascii_stem.strip('_') or 'jxcheck'}-jxcheck-report{suffix}", name


@dataclass
class CheckRequest:
    """A parsed and validated check request."""

    form: Form
    lang: Lang
    policy: str | None
    fail_on: str
    unreadable: str


class WebApp:
    """The handlers, bound to a server configuration and a plugin registry."""

    def __init__(self, config: ServerConfig, registry: Registry) -> None:
        self.config = config
        self.registry = registry
        self._limiter: CapacityLimiter | None = None

    # --- plumbing ---------------------------------------------------------------------------

    @property
    def limiter(self) -> CapacityLimiter:
        if self._limiter is None:
            import anyio

            self._limiter = anyio.CapacityLimiter(self.config.concurrency)
        return self._limiter

    async def _in_thread(self, func: Callable[[], Any]) -> Any:
        import anyio.to_thread

        return await anyio.to_thread.run_sync(func, limiter=self.limiter)

    def formats(self) -> list[str]:
        return sorted(self.registry.reporters)

    def suffixes(self) -> list[str]:
        return api.supported_suffixes(self.registry)

    def _token_ok(self, candidate: str | None) -> bool:
        token = self.config.token
        if token is None:
            return True
        if not candidate:
            return False
        return hmac.compare_digest(candidate.encode("utf-8"), token.encode("utf-8"))

    @staticmethod
    def _bearer(request: Request) -> str | None:
        value = request.headers.get("authorization", "")
        scheme, _, credentials = value.partition(" ")
        if scheme.lower() == "bearer" and credentials.strip():
            return credentials.strip()
        return None

    def _unauthorized(self) -> UploadError:
        return UploadError(
            401,
            "unauthorized",
            Text(
                "需要访问口令：请在请求头 Authorization: Bearer <口令> 中提供，或在表单字段 token 中提供",
                "a token is required: send `Authorization: Bearer <token>` or a `token` form field",
            ),
        )

    def _check_token(self, request: Request, form_token: str | None = None) -> None:
        """Header, then query, then form field; a wrong one given anywhere fails."""
        if self.config.token is None:
            return
        for candidate in (self._bearer(request), request.query_params.get("token"), form_token):
            if candidate is not None:
                if self._token_ok(candidate):
                    return
                raise self._unauthorized()
        raise self._unauthorized()

    def error_response(self, request: Request, error: UploadError) -> Response:
        from starlette.responses import HTMLResponse, JSONResponse

        details = error.files if isinstance(error, _ReadError) else []
        headers = {"www-authenticate": "Bearer"} if error.status == 401 else {}
        if _wants_html(request):
            lang = _language(request.query_params.get("lang"), self.config.lang)
            texts = [
                Text(f"{d['file']}：{d['message']['zh']}", f"{d['file']}: {d['message']['en']}")
                for d in details
            ]
            body = page.render_error_page(lang, error.status, error.code, error.message, texts)
            headers["content-security-policy"] = page.content_security_policy()
            return HTMLResponse(body, status_code=error.status, headers=headers)
        return JSONResponse(_error_json(error, details), status_code=error.status, headers=headers)

    # --- the check --------------------------------------------------------------------------

    async def _parse(self, request: Request) -> CheckRequest:
        # A header or query token is checked before the body is read.
        if self.config.token is not None and (
            self._bearer(request) is not None or "token" in request.query_params
        ):
            self._check_token(request)
        body = await read_body(
            request.stream(), request.headers.get("content-length"), self.config.limits
        )
        form = parse_multipart(
            body, request.headers.get("content-type", ""), self.config.limits, FILE_FIELD
        )
        del body
        self._check_token(request, form.get("token"))
        lang_value = form.get("lang") or request.query_params.get("lang") or "zh"
        # The API's default stays zh whatever the page's (the CLI's default), so that a
        # budget system gets the same report from every server.
        if lang_value not in ("zh", "en"):
            raise _invalid("lang", lang_value, "zh, en")
        fail_on = form.get("fail_on") or "error"
        if fail_on not in FAIL_ON:
            raise _invalid("fail_on", fail_on, ", ".join(FAIL_ON))
        unreadable = form.get("unreadable") or "reject"
        if unreadable not in UNREADABLE:
            raise _invalid("unreadable", unreadable, ", ".join(UNREADABLE))
        choice = self.config.policy(form.get("policy"))
        if choice is None:
            known = ", ".join(p.id for p in self.config.policies)
            raise _invalid("policy", form.get("policy") or "", known)
        if not form.files:
            raise UploadError(
                400,
                "no_files",
                Text(
                    "没有收到文件：请在字段 files 中上传一个或多个文件",
                    "no file received: upload one or more files in the field `files`",
                ),
            )
        total = sum(len(f.data) for f in form.files)
        if total > self.config.limits.max_upload_bytes:
            from checker.web.uploads import too_large

            raise too_large(self.config.limits, total)
        return CheckRequest(form, _language(lang_value), choice.source, fail_on, unreadable)

    def _run_check(self, req: CheckRequest) -> Report:
        try:
            report = api.check(
                req.form.files,
                policy=req.policy,
                lang=req.lang,
                fail_on=req.fail_on,
                max_bytes=self.config.limits.max_upload_bytes,
                registry=self.registry,
            )
        except JxcheckError as error:  # the server's policy broke since start
            raise UploadError(
                500,
                "policy_error",
                Text(
                    f"服务器的审核策略有误：{error.render('zh')}",
                    f"the server's policy is invalid: {error.render('en')}",
                ),
            ) from None
        if req.unreadable == "reject":
            _reject_unreadable(report, self.suffixes())
        return report

    async def _checked(self, request: Request) -> tuple[CheckRequest, Report]:
        req = await self._parse(request)
        report: Report = await self._in_thread(partial(self._run_check, req))
        return req, report

    # --- endpoints --------------------------------------------------------------------------

    async def check(self, request: Request) -> Response:
        from starlette.responses import Response

        _, report = await self._checked(request)
        rendered = await self._in_thread(
            partial(self.registry.reporters["json"].render, report, RenderOptions(report.lang))
        )
        return Response(rendered, media_type=MEDIA_TYPES[".json"])

    async def report(self, request: Request) -> Response:
        from starlette.responses import Response

        fmt = request.path_params["format"]
        reporter = self.registry.reporters.get(fmt)
        if reporter is None:
            raise UploadError(
                404,
                "unknown_format",
                Text(
                    f"没有名为 {fmt} 的报告格式（可用：{', '.join(self.formats())}）",
                    f"no report format named {fmt} (available: {', '.join(self.formats())})",
                ),
            )
        req, report = await self._checked(request)
        ascii_name, name = _download_name([f.name for f in req.form.files], reporter.suffix)
        options = RenderOptions(lang=req.lang, output_name=name)
        rendered = await self._in_thread(partial(reporter.render, report, options))
        disposition = (
            "inline" if request.query_params.get("disposition") == "inline" else "attachment"
        )
        media = MEDIA_TYPES.get(
            reporter.suffix,
            "application/octet-stream" if reporter.binary else "text/plain; charset=utf-8",
        )
        headers = {
            "content-disposition": (
                f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
            ),
            "x-jxcheck-exit-status": str(report.exit_status),
        }
        return Response(rendered, media_type=media, headers=headers)

    async def index(self, request: Request) -> Response:
        from starlette.responses import HTMLResponse

        lang = _language(request.query_params.get("lang"), self.config.lang)
        headers = {"content-security-policy": page.content_security_policy()}
        token: str | None = None
        if self.config.token is not None:
            given = request.query_params.get("token") or self._bearer(request)
            if not self._token_ok(given):
                body = page.render_token_page(lang, wrong=given is not None)
                return HTMLResponse(body, status_code=401, headers=headers)
            token = given
        body = page.render_page(
            self.config,
            lang,
            token=token,
            formats=self.formats(),
            suffixes=self.suffixes(),
        )
        return HTMLResponse(body, headers=headers)

    def info_json(self) -> dict[str, Any]:
        from checker import __version__

        default = self.config.default_policy.id
        limits = self.config.limits
        return {
            "tool": {"name": "jxcheck", "version": __version__},
            "policies": [p.to_json(p.id == default) for p in self.config.policies],
            "formats": self.formats(),
            "suffixes": self.suffixes(),
            "limits": {"max_upload_bytes": limits.max_upload_bytes, "max_files": limits.max_files},
            "token_required": self.config.token is not None,
        }

    async def info(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        self._check_token(request)
        return JSONResponse(self.info_json())

    async def openapi(self, request: Request) -> Response:
        from starlette.responses import Response

        from checker.web.openapi import openapi_document

        self._check_token(request)
        document = openapi_document(self.config, self.formats(), self.suffixes())
        return Response(
            json.dumps(document, ensure_ascii=False, indent=2), media_type=MEDIA_TYPES[".json"]
        )

    async def health(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        from checker import __version__

        return JSONResponse({"status": "ok", "version": __version__})


def _invalid(field: str, value: str, allowed: str) -> UploadError:
    shown = value if len(value) <= 40 else value[:40] + "…"
    return UploadError(
        400,
        f"invalid_{field}",
        Text(
            f"字段 {field} 的值 {shown!r} 无效（可用：{allowed}）",
            f"invalid value {shown!r} for `{field}` (allowed: {allowed})",
        ),
    )


def _internal(error: Exception) -> UploadError:
    return UploadError(
        500,
        "internal_error",
        Text(
            f"服务器内部错误：{type(error).__name__}（详情见服务器日志）",
            f"internal server error: {type(error).__name__} (details in the server log)",
        ),
    )


def _reject_unreadable(report: Report, suffixes: list[str]) -> None:
    """415 when no reader recognises a file, 422 when its reader cannot parse it."""
    failed = [f for f in report.files if f.status == "error"]
    if not failed:
        return
    details: list[dict[str, Any]] = []
    for result in failed:
        finding = next(
            (x for x in report.findings if x.rule == "S000" and x.file == result.file), None
        )
        message = finding.message if finding is not None else Text("无法读取", "cannot be read")
        details.append(
            {
                "file": result.file,
                "reader": result.reader,
                "line": finding.line if finding is not None else None,
                "message": {"zh": message.zh, "en": message.en},
            }
        )
    names = "、".join(d["file"] for d in details)
    names_en = ", ".join(d["file"] for d in details)
    accepted = " ".join(suffixes)
    if any(result.reader is None for result in failed):
        raise _ReadError(
            415,
            "unsupported_file",
            Text(
                f"不支持的文件：{names}。没有读取器认得它；可以审核的格式：{accepted}。",
                f"unsupported file: {names_en}. No reader recognises it; the formats this "
                f"server reads: {accepted}.",
            ),
            details,
        )
    raise _ReadError(
        422,
        "unreadable_file",
        Text(
            f"文件无法读取：{names}。文件可能已损坏或格式不对，请检查后重新上传。",
            f"the file cannot be read: {names_en}. It may be damaged or in the wrong format; "
            "check it and upload it again.",
        ),
        details,
    )


class _Guard:
    """ASGI middleware: security headers on every answer, Host check, errors as answers."""

    def __init__(self, app: ASGIApp, web: WebApp) -> None:
        self.app = app
        self.web = web

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from starlette.requests import Request

        allowed = self.web.config.allowed_hosts
        if allowed is not None and _host_of(scope) not in allowed:
            error = UploadError(
                400,
                "bad_host",
                Text(
                    "主机名不被接受：请用 http://127.0.0.1 或 http://localhost 访问",
                    "host not accepted: open http://127.0.0.1 or http://localhost",
                ),
            )
            response = self.web.error_response(Request(scope), error)
            await response(scope, receive, _with_headers(send))
            return
        await self.app(scope, receive, _with_headers(send))


def _host_of(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"host":
            host = str(value.decode("latin-1")).strip().lower()
            if host.startswith("["):
                return host[1 : host.find("]")] if "]" in host else host
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return ""


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            present = {name.lower() for name, _ in headers}
            for name, value in BASE_HEADERS.items():
                if name.encode() not in present:
                    headers.append((name.encode(), value.encode()))
            if b"content-security-policy" not in present:
                headers.append((b"content-security-policy", DEFAULT_CSP.encode()))
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


def create_app(config: ServerConfig, registry: Registry | None = None) -> Starlette:
    """The ASGI application for a configuration (the registry defaults to the installed one)."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.routing import Route

    web = WebApp(config, registry or load_registry())

    def guarded(handler: Handler) -> Handler:
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except UploadError as error:
                return web.error_response(request, error)
            except Exception as error:  # a bug: one line to the client, the trace to the log
                logging.getLogger("jxcheck.web").exception("internal error")
                return web.error_response(request, _internal(error))

        return endpoint

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 405:
            error = UploadError(
                405, "method_not_allowed", Text("不支持此请求方法", "method not allowed")
            )
        elif status == 404:
            error = UploadError(404, "not_found", Text("没有这个地址", "no such address"))
        else:
            error = UploadError(status, "http_error", Text("请求无法处理", "request failed"))
        return web.error_response(request, error)

    async def internal(request: Request, exc: Exception) -> Response:
        return web.error_response(request, _internal(exc))

    routes = [
        Route("/", guarded(web.index), methods=["GET"]),
        Route("/api/health", web.health, methods=["GET"]),
        Route("/api/info", guarded(web.info), methods=["GET"]),
        Route("/api/openapi.json", guarded(web.openapi), methods=["GET"]),
        Route("/api/check", guarded(web.check), methods=["POST"]),
        Route("/api/report/{format}", guarded(web.report), methods=["POST"]),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(_Guard, web=web)],
        exception_handlers={HTTPException: not_found, Exception: internal},
    )
