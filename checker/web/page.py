"""The page and the error page: Jinja templates with their CSS and JavaScript inlined.

Both pages are single responses with nothing to fetch (the machines they run on are offline):
the stylesheet and the script are read from the package and put inline, and the Content
Security Policy allows exactly those two by hash, so nothing else can run or load. Every value
goes through Jinja's autoescaping; the page's own messages reach the script as JSON inside a
`<script type="application/json">` element, which is data, never run.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from checker import __version__
from checker.i18n import Lang, Text

if TYPE_CHECKING:
    from jinja2 import Environment

    from checker.web.config import ServerConfig

T = Text

#: Every fixed string of the page, Chinese first.
PAGE_TEXT: dict[str, Text] = {
    "title": T("绩效目标审核台", "Performance target review desk"),
    "tagline": T(
        "预算项目绩效目标表合规检查 · 本机运行，文件只在内存中处理，不保存",
        "Compliance checks for budget project performance targets · runs on this computer; "
        "files are processed in memory and never stored",
    ),
    "step_policy": T("审核策略", "Policy"),
    "policy_hint": T(
        "审核策略决定启用哪些规则、问题级别和等级标准；由管理员在启动时配置。",
        "The policy decides which rules run, their severities and the grading; the "
        "administrator sets the list when starting the desk.",
    ),
    "policy_chain": T("规则层级", "Layers"),
    "step_files": T("待审文件", "Documents"),
    "drop": T("将文件拖到此处，或", "Drop files here, or"),
    "pick": T("选择文件", "choose files"),
    "formats": T("支持的格式", "Accepted formats"),
    "limits": T("上限", "Limits"),
    "limit_text": T("每次最多 {files} 个文件、共 {mb} MB", "up to {files} files, {mb} MB in all"),
    "no_files": T("尚未选择文件", "No file chosen"),
    "remove": T("移除", "Remove"),
    "clear": T("清空", "Clear"),
    "check": T("开始审核", "Check"),
    "checking": T("正在审核…", "Checking…"),
    "done": T("审核完成：{files}", "Checked: {files}"),
    "not_checked": T(
        "未能检查（原因见报告中的 S000）：{files}",
        "Not checked (the report's S000 says why): {files}",
    ),
    "result": T("审核结果", "Result"),
    "download": T("下载报告", "Download"),
    "download_html": T("网页（HTML）", "Web page (HTML)"),
    "download_xlsx": T("Excel 表格", "Excel workbook"),
    "download_json": T("JSON 数据", "JSON data"),
    "download_sarif": T("SARIF（代码扫描）", "SARIF (code scanning)"),
    "empty_result": T(
        "选择策略和文件后点击“开始审核”，审核报告将显示在这里。",
        "Choose a policy and the files, then press Check: the report appears here.",
    ),
    "api": T("接口说明（OpenAPI）", "API (OpenAPI)"),
    "footer": T(
        "审核等级与问题由 jxcheck 规则自动给出，供审核人员参考，最终意见以审核人员判断为准。",
        "Grades and findings come from jxcheck's rules and assist the reviewer, whose judgement "
        "decides.",
    ),
    "token_title": T("需要访问口令", "Access token required"),
    "token_hint": T(
        "此审核台已设置访问口令，请输入管理员提供的口令。",
        "This review desk is protected: enter the token the administrator gave you.",
    ),
    "token_label": T("访问口令", "Token"),
    "token_submit": T("进入", "Enter"),
    "token_wrong": T("口令不正确，请重新输入。", "That token is not right; try again."),
    "error_title": T("无法完成审核", "The check could not be done"),
    "back": T("返回", "Back"),
    # Messages the script shows (it gets them as JSON).
    "js_too_many": T(
        "文件太多：一次最多 {max} 个（已选 {count} 个）。",
        "Too many files: at most {max} at a time ({count} chosen).",
    ),
    "js_too_large": T(
        "文件太大：一次最多 {max} MB（已选 {size} MB）。",
        "The files are too large: at most {max} MB at a time ({size} MB chosen).",
    ),
    "js_unsupported": T(
        "不支持的文件类型：{names}（支持：{formats}）。仍会一并上传，报告中会将其列为无法读取（S000），"
        "其余文件照常审核。",
        "Unsupported file type: {names} (accepted: {formats}). It is sent all the same: the "
        "report lists it as unreadable (S000) and checks the other files.",
    ),
    "js_need_files": T("请先选择要审核的文件。", "Choose the files to check first."),
    "js_failed": T("请求失败：{detail}", "The request failed: {detail}"),
    "js_files": T("{count} 个文件，共 {size}", "{count} files, {size} in all"),
}

DOWNLOADS: tuple[tuple[str, str], ...] = (
    ("html", "download_html"),
    ("xlsx", "download_xlsx"),
    ("json", "download_json"),
    ("sarif", "download_sarif"),
)


@dataclass(frozen=True)
class Inline:
    """An asset put inline, with the CSP source that allows it."""

    text: str
    csp: str


@cache
def _asset(name: str) -> Inline:
    text = resources.files("checker.web").joinpath(f"static/{name}").read_text("utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return Inline(text, f"'sha256-{base64.b64encode(digest).decode('ascii')}'")


@cache
def _environment() -> Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("checker.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def content_security_policy() -> str:
    """The page's CSP: its own inline style and script (by hash), same-origin posts and frames."""
    return (
        "default-src 'none'; "
        f"style-src {_asset('app.css').csp}; "
        f"script-src {_asset('app.js').csp}; "
        "img-src data:; connect-src 'self'; frame-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'self'"
    )


def _common(lang: Lang) -> dict[str, Any]:
    from markupsafe import Markup

    return {
        "lang": lang,
        "M": PAGE_TEXT,
        "version": __version__,
        "css": Markup(_asset("app.css").text),
        "script": Markup(_asset("app.js").text),
    }


def render_page(
    config: ServerConfig,
    lang: Lang,
    *,
    token: str | None,
    formats: list[str],
    suffixes: list[str],
) -> str:
    limits = config.limits
    mb = f"{limits.max_upload_mb:g}"
    limit_text = PAGE_TEXT["limit_text"].format(files=limits.max_files, mb=mb)
    script_data = {
        "messages": {k: {"zh": v.zh, "en": v.en} for k, v in PAGE_TEXT.items()},
        "maxFiles": limits.max_files,
        "maxBytes": limits.max_upload_bytes,
        "suffixes": suffixes,
    }
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            **_common(lang),
            policies=config.policies,
            default_policy=config.default_policy.id,
            token=token,
            # the token travels in the address of every upload, checked before the body is
            # read (a form field could only be read after the whole upload)
            token_query=f"&token={quote(token, safe='')}" if token else "",
            limit_text=limit_text,
            suffixes=suffixes,
            downloads=[(fmt, PAGE_TEXT[key]) for fmt, key in DOWNLOADS if fmt in formats],
            script_data=script_data,
        )
    )


def render_token_page(lang: Lang, wrong: bool) -> str:
    return _environment().get_template("token.html.j2").render(**_common(lang), wrong=wrong)


def render_error_page(
    lang: Lang, status: int, code: str, message: Text, details: list[Text]
) -> str:
    return (
        _environment()
        .get_template("error.html.j2")
        .render(**_common(lang), status=status, code=code, message=message, details=details)
    )
