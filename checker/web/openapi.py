"""The OpenAPI 3.1 document of the HTTP API, written by hand.

By hand because the contract is small and already has its own JSON Schema: the report is
`checker/schemas/report.schema.json` (draft 2020-12, which OpenAPI 3.1 schema objects are), put
in whole as `components.schemas.Report`, so the document and `jxcheck check --format json` can
never disagree. The policy ids, formats and limits are filled in from the running server.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from checker import __version__

if TYPE_CHECKING:
    from checker.web.config import ServerConfig

OPENAPI_VERSION = "3.1.0"


@cache
def _report_schema_text() -> str:
    return resources.files("checker").joinpath("schemas/report.schema.json").read_text("utf-8")


def report_schema() -> dict[str, Any]:
    """The report's JSON Schema, with its internal references re-rooted inside the document."""
    schema: dict[str, Any] = json.loads(_report_schema_text())
    schema.pop("$schema", None)
    schema.pop("$id", None)
    text = json.dumps(schema, ensure_ascii=False)
    text = text.replace('"#/$defs/', '"#/components/schemas/Report/$defs/')
    result: dict[str, Any] = json.loads(text)
    return result


def _text_schema(description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["zh", "en"],
        "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
        "description": description,
    }


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERRORS: dict[str, dict[str, Any]] = {
    "400": _error(
        "请求有误：没有文件、文件太多、字段值无效 / bad request: no file, too many files, an "
        "invalid field value (codes `no_files`, `too_many_files`, `invalid_policy`, "
        "`invalid_lang`, `invalid_fail_on`, `invalid_unreadable`, `bad_request`, `bad_host`)"
    ),
    "401": _error(
        "需要访问口令（在请求头或地址中，读取上传内容之前检查）/ a token is required, in the "
        "`Authorization` header or the `token` query parameter; checked before the body is "
        "read (`unauthorized`)"
    ),
    "403": _error(
        "拒绝跨站请求：Origin 或 Sec-Fetch-Site 表明请求来自其他网站 / a cross-site request: "
        "`Origin` is not this server, or `Sec-Fetch-Site` is not `same-origin` (`cross_site`)"
    ),
    "408": _error(
        "上传中断：在 --read-timeout 内没有收到数据，或上传过慢 / the upload stalled: no data "
        "for `--read-timeout` seconds, or slower than 64 KB/s on average (`upload_timeout`)"
    ),
    "413": _error("上传太大 / the upload is larger than the limit (`upload_too_large`)"),
    "415": _error(
        "请求不是 multipart；或在 unreadable=reject 时，有文件没有读取器认得 / a request that "
        "is not multipart (`not_multipart`); with `unreadable=reject`, a file no reader "
        "recognises (`unsupported_file`)"
    ),
    "422": _error(
        "没有可检查的文件：上传的文件都被跳过（如 jxcheck 生成的报告）；或仅在 unreadable=reject "
        "时，文件无法读取，读取器认得它但无法解析（如损坏的 .docx）/ nothing to check: every "
        "file uploaded was skipped, e.g. reports jxcheck wrote (`nothing_to_check`, as the CLI's "
        "exit 2); or, only with `unreadable=reject`, a file its reader cannot parse, e.g. a "
        "damaged .docx (`unreadable_file`)"
    ),
    "500": _error("服务器错误 / server error (`policy_error`, `internal_error`)"),
    "503": _error(
        "审核台正忙，或报告未能在上限内生成 / too many checks at once, retry after a few "
        "seconds (`busy`, with `Retry-After`), or the report could not be made within the "
        "limits (`check_limit`). A file whose own check passes a limit is not an error: the "
        "report has one S000 finding for it"
    ),
}


def openapi_document(
    config: ServerConfig, formats: list[str], suffixes: list[str]
) -> dict[str, Any]:
    """The document for this server: its policies, formats, accepted suffixes and limits."""
    limits = config.limits
    policy_ids = [p.id for p in config.policies]
    form: dict[str, Any] = {
        "type": "object",
        "required": ["files"],
        "properties": {
            "files": {
                "type": "array",
                "minItems": 1,
                "maxItems": limits.max_files,
                "items": {"type": "string", "contentMediaType": "application/octet-stream"},
                "description": (
                    "待审文件，可多个；文件名即报告中的 file。/ The files to check, one part "
                    "each; the part's filename is the report's `file`. Accepted suffixes: "
                    f"{', '.join(suffixes)}. At most {limits.max_files} files and "
                    f"{limits.max_upload_bytes} bytes in all."
                ),
            },
            "policy": {
                "type": "string",
                "enum": policy_ids,
                "default": config.default_policy.id,
                "description": "审核策略 / policy id (GET /api/info lists them)",
            },
            "lang": {
                "type": "string",
                "enum": ["zh", "en"],
                "default": "zh",
                "description": "消息语言 / language of the messages",
            },
            "fail_on": {
                "type": "string",
                "enum": ["error", "warning", "info", "never"],
                "default": "error",
                "description": "summary.exit_status 为 1 的级别 / severity that makes "
                "`summary.exit_status` 1, as `jxcheck check --fail-on`",
            },
            "unreadable": {
                "type": "string",
                "enum": ["report", "reject"],
                "default": "report",
                "description": (
                    "report（默认，与命令行相同）：照常审核其余文件，无法读取的文件在报告中是一条 "
                    "S000 问题，files 中的状态为 error；reject：有文件无法读取时回答 415/422 / "
                    "`report` (the default, as the CLI): the other files are checked and each "
                    "file that cannot be read is an S000 finding in the report (status `error` "
                    "in `files`); `reject`: answer 415/422 instead when a file cannot be read"
                ),
            },
            "token": {
                "type": "string",
                "description": "已不使用：口令须放在请求头 Authorization: Bearer 或地址参数 token "
                "中（在读取上传内容之前检查），只在表单中给出会被拒绝（401）/ no longer used: "
                "the token goes in `Authorization: Bearer` or the `token` query parameter, "
                "checked before the body is read; a token given only here is refused (401)",
            },
        },
    }
    form_body = {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {"$ref": "#/components/schemas/CheckForm"},
                "encoding": {"files": {"contentType": "application/octet-stream, */*"}},
            }
        },
    }
    media = {
        "html": "text/html",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "json": "application/json",
        "sarif": "application/sarif+json",
    }
    report_content: dict[str, Any] = {
        mt: {"schema": {"type": "string", "contentMediaType": mt}} for mt in media.values()
    }
    report_content["application/json"] = {"schema": {"$ref": "#/components/schemas/Report"}}
    security: list[dict[str, list[str]]] = (
        [{"bearer": []}, {"token_query": []}] if config.token is not None else []
    )
    document: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "jxcheck 绩效目标审核接口 / jxcheck review API",
            "version": __version__,
            "summary": "检查预算项目绩效目标表并返回审核报告 / check budget performance "
            "target documents and get the review report",
            "description": (
                "与命令行 `jxcheck check` 使用同一个检查引擎：同样的文件和策略给出同样的报告。"
                "文件只在内存中处理，不保存。\n\n"
                "The same engine as `jxcheck check`: the same files and policy give the same "
                "report. Files are processed in memory and never stored. Errors are JSON "
                "(`Error`) with a stable `code` and the message in Chinese and English."
            ),
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": "/"}],
        "security": security,
        "paths": {
            "/api/check": {
                "post": {
                    "operationId": "check",
                    "summary": "审核文件，返回 JSON 报告 / check files, get the JSON report",
                    "description": (
                        "返回与 `jxcheck check --format json` 相同的报告（file 为上传的文件名）。"
                        "HTTP 200 与审核结果无关：看 summary.exit_status。\n\n"
                        "The report `jxcheck check --format json` prints for the same files "
                        "(named by their upload filename) and policy. 200 whatever the "
                        "findings: read `summary.exit_status` and the grades."
                    ),
                    "requestBody": form_body,
                    "responses": {
                        "200": {
                            "description": "审核报告 / the report",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Report"}
                                }
                            },
                        },
                        **ERRORS,
                    },
                }
            },
            "/api/report/{format}": {
                "post": {
                    "operationId": "renderReport",
                    "summary": "审核文件，下载指定格式的报告 / check files, download the report "
                    "in a format",
                    "parameters": [
                        {
                            "name": "format",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": formats},
                            "description": "报告格式 / a registered report format",
                        },
                        {
                            "name": "disposition",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "string",
                                "enum": ["attachment", "inline"],
                                "default": "attachment",
                            },
                            "description": "inline：在浏览器中显示 / `inline` to show it in a "
                            "browser instead of downloading",
                        },
                    ],
                    "requestBody": form_body,
                    "responses": {
                        "200": {
                            "description": "报告文件（Content-Disposition 给出文件名；"
                            "X-Jxcheck-Exit-Status 同 summary.exit_status）/ the rendered "
                            "report, named by Content-Disposition",
                            "headers": {
                                "X-Jxcheck-Exit-Status": {
                                    "schema": {"type": "string", "enum": ["0", "1"]},
                                    "description": "as `summary.exit_status`",
                                }
                            },
                            "content": report_content,
                        },
                        "404": _error("没有这种格式 / no such format (`unknown_format`)"),
                        **ERRORS,
                    },
                }
            },
            "/api/info": {
                "get": {
                    "operationId": "info",
                    "summary": "可用的策略、格式和上限 / policies, formats, suffixes and limits",
                    "responses": {
                        "200": {
                            "description": "服务器信息 / what this server offers",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Info"}
                                }
                            },
                        },
                        "401": ERRORS["401"],
                    },
                }
            },
            "/api/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "本文档 / this document",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        "401": ERRORS["401"],
                    },
                }
            },
            "/api/health": {
                "get": {
                    "operationId": "health",
                    "summary": "健康检查（无需口令）/ liveness, needs no token",
                    "security": [],
                    "responses": {
                        "200": {
                            "description": "正常 / up",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["status", "version"],
                                        "properties": {
                                            "status": {"const": "ok"},
                                            "version": {"type": "string"},
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "jxcheck serve --token 设置的口令 / the `--token` of the server",
                },
                "token_query": {
                    "type": "apiKey",
                    "in": "query",
                    "name": "token",
                    "description": "同一口令作为查询参数（供网页使用）/ the same token as a query "
                    "parameter (the page uses it)",
                },
            },
            "schemas": {
                "CheckForm": form,
                "Report": report_schema(),
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["status", "code", "message", "details"],
                            "properties": {
                                "status": {"type": "integer"},
                                "code": {"type": "string"},
                                "message": _text_schema("说明 / what went wrong"),
                                "details": {
                                    "type": "array",
                                    "description": "每个无法读取的文件 / one per file that "
                                    "could not be read (415/422, `unreadable=reject`)",
                                    "items": {
                                        "type": "object",
                                        "required": ["file", "message"],
                                        "properties": {
                                            "file": {"type": "string"},
                                            "reader": {"type": ["string", "null"]},
                                            "line": {"type": ["integer", "null"]},
                                            "message": _text_schema("原因 / why"),
                                        },
                                    },
                                },
                            },
                        }
                    },
                },
                "Info": {
                    "type": "object",
                    "required": ["tool", "policies", "formats", "suffixes", "limits"],
                    "properties": {
                        "tool": {
                            "type": "object",
                            "properties": {
                                "name": {"const": "jxcheck"},
                                "version": {"type": "string"},
                            },
                        },
                        "policies": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "names", "default"],
                                "properties": {
                                    "id": {"type": "string"},
                                    "kind": {"enum": ["packaged", "file", "project"]},
                                    "names": {"type": "array", "items": {"type": "string"}},
                                    "description": {"type": "string"},
                                    "digest": {"type": "string"},
                                    "default": {"type": "boolean"},
                                },
                            },
                        },
                        "formats": {"type": "array", "items": {"type": "string"}},
                        "suffixes": {"type": "array", "items": {"type": "string"}},
                        "limits": {
                            "type": "object",
                            "properties": {
                                "max_upload_bytes": {"type": "integer"},
                                "max_files": {"type": "integer"},
                                "max_check_seconds": {
                                    "type": "number",
                                    "description": "每个文件检查的时间上限 / wall-clock and "
                                    "CPU seconds of one file's check",
                                },
                                "max_check_memory_mb": {
                                    "type": "integer",
                                    "description": "每个文件检查的内存上限 / memory of one "
                                    "file's check, MB",
                                },
                                "max_checks": {
                                    "type": "integer",
                                    "description": "同时检查的文件数 / files checked at once",
                                },
                            },
                        },
                        "token_required": {"type": "boolean"},
                    },
                },
            },
        },
    }
    return document
