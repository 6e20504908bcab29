"""The web application: one page, a JSON API, the OpenAPI document, a health check.

Routes (see `checker/web/openapi.py` for the full contract):

- `GET /` — the page (Chinese; `?lang=en` for English; `?token=` when the server has a token).
- `POST /api/check` — multipart `files` (one or more) + `policy`, `lang`, `fail_on`,
  `unreadable`: the JSON report, byte for byte what `jxcheck check --format json` prints for
  the same files (unreadable ones included, as S000 findings).
- `POST /api/report/{format}` — the same inputs, the report rendered by the registered reporter
  of that name (`html`, `xlsx`, `json`, `sarif` …) as a download (`?disposition=inline` to show).
- `GET /api/info` — version, policies, formats, accepted suffixes and limits.
- `GET /api/openapi.json` — the OpenAPI 3.1 document.
- `GET /api/health` — liveness; the only route a `--token` does not protect.

Before a byte of an upload's body is read, `_Guard` checks the Host (DNS rebinding), refuses a
cross-site post (`Origin`, `Sec-Fetch-Site`: 403 `cross_site`) and, with `--token`, an upload
without the token in its header or address (401). The body is then read under deadlines
(`uploads.receive_form`), each file checked in a worker process (`pool`, `worker`) with its
limits, and the report merged and rendered in a worker too: the event loop only moves bytes.

Files the check cannot read are reported as `jxcheck check` reports them: the other files are
checked, and each unreadable one is an S000 finding with its one-line reason and a file of
status `error` in the report's `files` (200, like every report). A client that would rather be
refused sends `unreadable=reject`: then a file no reader recognises is 415 `unsupported_file`,
and a file a reader claims but cannot parse (a corrupt .docx, broken YAML) is 422
`unreadable_file`, both naming the file and saying why, in Chinese and English. A client that
prefers HTML (a browser's form post) gets an error as a page, anyone else as JSON:
`{"error": {"status", "code", "message": {"zh", "en"}, "details": [...]}}`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import itertools
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from checker import api
from checker.i18n import Lang, Text
from checker.plugins import Registry, load_registry
from checker.web import page
from checker.web.config import ServerConfig
from checker.web.pool import LimitExceeded, Owner, Pool, WorkerSettings
from checker.web.uploads import Form, UploadAborted, UploadError, receive_form

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

FILE_FIELD = "files"
FAIL_ON = ("error", "warning", "info", "never")
#: What to do with files the check cannot read; the first is the default (the CLI's).
UNREADABLE = ("report", "reject")
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
#: elsewhere, no referrer to any other origin (`same-origin`, not `no-referrer`: under
#: `no-referrer` a browser sends `Origin: null` with the page's own posts, which the cross-site
#: check must refuse).
BASE_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
    "x-frame-options": "SAMEORIGIN",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
#: CSP of answers that carry no page of ours (JSON, downloads, the report page, which brings
#: its own stricter policy in a <meta> element).
DEFAULT_CSP = "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; object-src 'none'"

Handler = Callable[["Request"], Awaitable["Response"]]
log = logging.getLogger("jxcheck.web")


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


@dataclass
class Checked:
    """A request checked: its report rendered, and the report's exit status."""

    request: CheckRequest
    exit_status: int
    rendered: bytes


OutputName = Callable[[CheckRequest], str] | None


class _ClientLeft(Exception):
    """The client went away while its files were checked (nobody to answer)."""


async def _disconnected(receive: Receive) -> None:
    """Return when the client has gone (after the whole body was read, the next ASGI message
    is the disconnection)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


class WebApp:
    """The handlers, bound to a server configuration and a plugin registry."""

    def __init__(self, config: ServerConfig, registry: Registry) -> None:
        self.config = config
        self.registry = registry
        self.pool = Pool(
            WorkerSettings(config.max_check_seconds, config.max_check_memory_mb),
            config.concurrency,
        )
        self._admission: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None
        self._ids = itertools.count(1)

    # --- plumbing ---------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def admitted(self) -> AsyncIterator[None]:
        """At most `config.max_requests` requests read, wait for or hold a check at once (each
        may hold an upload in memory); the next waits `read_timeout` for its turn, then 503."""
        loop = asyncio.get_running_loop()
        if self._admission is None or self._admission[0] is not loop:
            self._admission = (loop, asyncio.Semaphore(self.config.max_requests))
        semaphore = self._admission[1]
        try:
            async with asyncio.timeout(self.config.read_timeout):
                await semaphore.acquire()
        except TimeoutError:
            raise UploadError(
                503,
                "busy",
                Text(
                    "审核台正忙：同时审核的请求太多，请稍后重试",
                    "the review desk is busy: too many checks at once; try again shortly",
                ),
                close=True,
            ) from None
        try:
            yield
        finally:
            semaphore.release()

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
                "需要访问口令：请在请求头 Authorization: Bearer <口令> 中提供，或在地址中加 ?token=<口令>",
                "a token is required: send `Authorization: Bearer <token>` or a `token` query "
                "parameter",
            ),
            close=True,
        )

    def check_token(self, request: Request) -> None:
        """The `Authorization: Bearer` header, else the `token` query parameter (the first
        given decides). An upload's is checked before a byte of its body is read: a token in a
        form field would need the whole body read first, so none is taken from there."""
        if self.config.token is None:
            return
        for candidate in (self._bearer(request), request.query_params.get("token")):
            if candidate is not None:
                if self._token_ok(candidate):
                    return
                break
        raise self._unauthorized()

    def error_response(self, request: Request, error: UploadError) -> Response:
        from starlette.responses import HTMLResponse, JSONResponse

        details = error.files if isinstance(error, _ReadError) else []
        headers = {"www-authenticate": "Bearer"} if error.status == 401 else {}
        if error.close:
            headers["connection"] = "close"
        if error.status == 503:
            headers["retry-after"] = "5"
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
        self.check_token(request)  # done by _Guard already; kept where the handler is
        form = await receive_form(
            request.receive,
            request.headers.get("content-type", ""),
            request.headers.get("content-length"),
            self.config.limits,
            FILE_FIELD,
            idle_timeout=self.config.read_timeout,
        )
        lang_value = form.get("lang") or request.query_params.get("lang") or "zh"
        # The API's default stays zh whatever the page's (the CLI's default), so that a
        # budget system gets the same report from every server.
        if lang_value not in ("zh", "en"):
            raise _invalid("lang", lang_value, "zh, en")
        fail_on = form.get("fail_on") or "error"
        if fail_on not in FAIL_ON:
            raise _invalid("fail_on", fail_on, ", ".join(FAIL_ON))
        unreadable = form.get("unreadable") or UNREADABLE[0]
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

    async def _run(self, req: CheckRequest, fmt: str, output_name: str | None) -> Checked:
        """Each file checked in a worker process, then the report merged and rendered in one
        (`checker.web.worker`): the same engine and the same steps as `jxcheck check`."""
        owner = Owner()
        common: dict[str, Any] = {
            "request": next(self._ids),
            "policy": req.policy,
            "lang": req.lang,
            "fail_on": req.fail_on,
            "today": api.today_from(None).isoformat(),
            "max_bytes": self.config.limits.max_upload_bytes,
        }
        seconds = self.config.max_check_seconds

        async def one(name: str, data: bytes) -> tuple[dict[str, Any], bytes]:
            header = {**common, "op": "check", "name": name}
            try:
                reply, payload = await self.pool.run(owner, header, [data], seconds)
                _raise_worker_failure(reply)
            except LimitExceeded as stop:
                log.warning("%s: %s", name, _limit_log(stop, self.config))
                return {"name": name, "limit": stop.kind, "detail": stop.detail}, b""
            return {"size": len(payload)}, payload

        tasks = [asyncio.ensure_future(one(f.name, f.data)) for f in req.form.files]
        try:
            results = await asyncio.gather(*tasks)
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        header = {
            **common,
            "op": "finish",
            "parts": [part for part, _ in results],
            "unreadable": req.unreadable,
            "format": fmt,
            "output_name": output_name,
        }
        try:
            reply, rendered = await self.pool.run(
                owner, header, [blob for _, blob in results], seconds
            )
            _raise_worker_failure(reply)
        except LimitExceeded as stop:
            log.warning("the report: %s", _limit_log(stop, self.config))
            raise UploadError(
                503,
                "check_limit",
                Text(
                    "报告未能在审核台的上限内生成，请分批上传文件",
                    "the report could not be made within the review desk's limits; upload "
                    "fewer files at a time",
                ),
            ) from None
        if reply.get("rejected"):
            _reject_unreadable(reply["rejected"], self.suffixes())
        return Checked(req, int(reply["exit_status"]), rendered)

    async def _checked(self, request: Request, fmt: str, output_name: OutputName) -> Checked:
        """Read the upload and check it; a client that leaves while its files are checked
        cancels the check (its workers are killed)."""
        async with self.admitted():
            req = await self._parse(request)
            name = output_name(req) if output_name is not None else None
            work = asyncio.ensure_future(self._run(req, fmt, name))
            gone = asyncio.ensure_future(_disconnected(request.receive))
            try:
                await asyncio.wait({work, gone}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                if not work.done():
                    work.cancel()
                    with contextlib.suppress(BaseException):
                        await work
                gone.cancel()
                with contextlib.suppress(BaseException):
                    await gone
            if work.cancelled():
                log.warning(
                    "%s %s: the client left while %d file(s) were checked; the check was stopped",
                    request.method,
                    request.url.path,
                    len(req.form.files),
                )
                raise _ClientLeft
            return work.result()

    # --- endpoints --------------------------------------------------------------------------

    async def check(self, request: Request) -> Response:
        from starlette.responses import Response

        checked = await self._checked(request, "json", None)
        return Response(checked.rendered, media_type=MEDIA_TYPES[".json"])

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
                close=True,
            )

        def output_name(req: CheckRequest) -> str:
            return _download_name([f.name for f in req.form.files], reporter.suffix)[1]

        checked = await self._checked(request, fmt, output_name)
        ascii_name, name = _download_name(
            [f.name for f in checked.request.form.files], reporter.suffix
        )
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
            "x-jxcheck-exit-status": str(checked.exit_status),
        }
        return Response(checked.rendered, media_type=media, headers=headers)

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
            "limits": {
                "max_upload_bytes": limits.max_upload_bytes,
                "max_files": limits.max_files,
                "max_check_seconds": self.config.max_check_seconds,
                "max_check_memory_mb": self.config.max_check_memory_mb,
                "max_checks": self.config.concurrency,
            },
            "token_required": self.config.token is not None,
        }

    async def info(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        self.check_token(request)
        return JSONResponse(self.info_json())

    async def openapi(self, request: Request) -> Response:
        from starlette.responses import Response

        from checker.web.openapi import openapi_document

        self.check_token(request)
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


def _limit_log(stop: LimitExceeded, config: ServerConfig) -> str:
    """One line for the server's log: which limit stopped a file's check."""
    if stop.kind == "time":
        return f"check stopped at the time limit ({config.max_check_seconds:g} s)"
    if stop.kind == "cpu":
        return f"check stopped at the CPU time limit ({config.max_check_seconds:g} s)"
    if stop.kind == "memory":
        return f"check stopped at the memory limit ({config.max_check_memory_mb} MB)"
    return f"the worker process checking it died ({stop.detail})"


def _raise_worker_failure(reply: dict[str, Any]) -> None:
    """A worker's answer that is not a result: the server's policy broke since it started
    (500 policy_error), nothing to check (422 nothing_to_check, the CLI's usage error), or the
    engine raised (500 internal_error, the worker's traceback to the
    log: a bug, as in process)."""
    if reply.get("ok"):
        return
    if reply.get("kind") == "policy":
        raise UploadError(
            500,
            "policy_error",
            Text(
                f"服务器的审核策略有误：{reply.get('zh', '')}",
                f"the server's policy is invalid: {reply.get('en', '')}",
            ),
        )
    if reply.get("kind") == "memory":
        raise LimitExceeded("memory")
    if reply.get("kind") == "usage":  # nothing to check: every file was skipped, as the CLI says
        raise UploadError(
            422, "nothing_to_check", Text(str(reply.get("zh", "")), str(reply.get("en", "")))
        )
    log.error("internal error in a worker process: %s", reply.get("traceback") or reply)
    error = str(reply.get("error", "error")).split(":", 1)[0]
    raise UploadError(
        500,
        "internal_error",
        Text(
            f"服务器内部错误：{error}（详情见服务器日志）",
            f"internal server error: {error} (details in the server log)",
        ),
    )


def _reject_unreadable(details: list[dict[str, Any]], suffixes: list[str]) -> None:
    """415 when no reader recognises a file, 422 when its reader cannot parse it."""
    names = "、".join(d["file"] for d in details)
    names_en = ", ".join(d["file"] for d in details)
    accepted = " ".join(suffixes)
    if any(d["reader"] is None for d in details):
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


#: Methods that change something: a browser sends them cross-site without asking (a form).
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: The only route a token does not protect.
OPEN_PATHS = frozenset({"/api/health"})


class _Guard:
    """ASGI middleware, before anything of the body is read: the Host check (DNS rebinding),
    cross-site requests refused, the token of an upload checked; then security headers on
    every answer, and errors as answers."""

    def __init__(self, app: ASGIApp, web: WebApp) -> None:
        self.app = app
        self.web = web

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from starlette.requests import Request

        try:
            self._admit(scope)
        except UploadError as error:
            response = self.web.error_response(Request(scope), error)
            await response(scope, receive, _with_headers(send))
            return
        await self.app(scope, receive, _with_headers(send))

    def _admit(self, scope: Scope) -> None:
        from starlette.requests import Request

        allowed = self.web.config.allowed_hosts
        if allowed is not None and _host_of(scope) not in allowed:
            raise UploadError(
                400,
                "bad_host",
                Text(
                    "主机名不被接受：请用 http://127.0.0.1 或 http://localhost 访问",
                    "host not accepted: open http://127.0.0.1 or http://localhost",
                ),
                close=True,
            )
        if scope["method"] not in UNSAFE_METHODS:
            return
        if _cross_site(scope):
            raise UploadError(
                403,
                "cross_site",
                Text(
                    "拒绝跨站请求：只接受审核台本身页面或脚本（不带 Origin）的提交",
                    "cross-site request refused: the desk accepts posts from its own page, or "
                    "from scripts that send no Origin",
                ),
                close=True,
            )
        if scope["path"] not in OPEN_PATHS:
            self.web.check_token(Request(scope))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1")).strip()
    return None


def _origin_parts(scheme: str, netloc: str) -> tuple[str, int | None]:
    """(host, port) of an origin or a Host header, the scheme's default port filled in."""
    netloc = netloc.strip().lower()
    default = {"http": 80, "https": 443}.get(scheme)
    if netloc.startswith("["):
        host, _, rest = netloc[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ""
    elif netloc.count(":") == 1:
        host, _, port_text = netloc.partition(":")
    else:
        host, port_text = netloc, ""
    try:
        port = int(port_text) if port_text else default
    except ValueError:
        port = -1
    return host, port


def _cross_site(scope: Scope) -> bool:
    """True when a browser says the request comes from another origin.

    `Sec-Fetch-Site`, sent by current browsers, decides: it must be `same-origin` (or `none`:
    typed by the user). Without it (an older browser), `Origin`, when sent, must be this server
    as the client addressed it (the Host header: another port of the same machine is another
    origin; `null` is refused). A request with neither is not a browser's cross-site request:
    scripts and `curl` send none and keep working.
    """
    site = _header(scope, b"sec-fetch-site")
    if site is not None:  # the browser's own word, whatever its referrer policy made of Origin
        return site.lower() not in ("same-origin", "none")
    origin = _header(scope, b"origin")
    if origin is None:
        return False
    parsed = urlsplit(origin)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return True  # `null` (a sandboxed frame, a file), or nonsense
    host = _header(scope, b"host")
    if not host:
        return True
    return _origin_parts(parsed.scheme, parsed.netloc) != _origin_parts(parsed.scheme, host)


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
    # what the first upload would otherwise import while other clients wait
    import python_multipart.multipart  # noqa: F401

    def guarded(handler: Handler) -> Handler:
        async def endpoint(request: Request) -> Response:
            from starlette.responses import Response

            try:
                return await handler(request)
            except UploadError as error:
                if error.code == "upload_timeout":  # a client's problem: one line
                    log.warning("%s %s: %s", request.method, request.url.path, error.message.en)
                return web.error_response(request, error)
            except UploadAborted as aborted:  # not an error of ours: one line, no traceback
                log.warning(
                    "%s %s: upload aborted by the client after %d bytes",
                    request.method,
                    request.url.path,
                    aborted.received,
                )
                return Response(status_code=400, headers={"connection": "close"})
            except _ClientLeft:
                return Response(status_code=400, headers={"connection": "close"})
            except Exception as error:  # a bug: one line to the client, the trace to the log
                log.exception("internal error")
                return web.error_response(request, _internal(error))

        return endpoint

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        web.pool.warm()  # the workers start with the server, ready for the first upload
        try:
            yield
        finally:
            await web.pool.close()

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 405:
            error = UploadError(
                405,
                "method_not_allowed",
                Text("不支持此请求方法", "method not allowed"),
                close=True,
            )
        elif status == 404:
            error = UploadError(
                404, "not_found", Text("没有这个地址", "no such address"), close=True
            )
        else:
            error = UploadError(
                status, "http_error", Text("请求无法处理", "request failed"), close=True
            )
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
        lifespan=lifespan,
    )
