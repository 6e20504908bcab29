"""Reading an upload: the request body into memory under a size cap, then its multipart parts.

Nothing touches the disk: the body is read chunk by chunk, each chunk parsed as it arrives by
python-multipart's streaming parser into form fields (small text) and files (bytes), and
refused (413) as soon as it passes the cap, so a client cannot make the server buffer more than
the limit; a client that stalls is refused (408) and one that leaves is noticed
(`UploadAborted`). Starlette's own form
parser is not used because it spools files above 1 MB to temporary files and has no total cap.
Every problem is an `UploadError` with an HTTP status and a message in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from checker.i18n import Text
from checker.inputs import InputFile

#: Room for the multipart framing and the small form fields on top of the files' own size.
FORM_OVERHEAD = 256 * 1024
#: A text field (policy, lang, token …) longer than this is refused.
MAX_FIELD_BYTES = 4 * 1024
MAX_FIELDS = 32
MAX_NAME_CHARS = 255
MIB = 1024 * 1024
#: The slowest a body may arrive on average (bytes per second), after `idle_timeout`.
MIN_UPLOAD_RATE = 64 * 1024


class UploadError(Exception):
    """A request the server refuses: HTTP status, a stable code, and a bilingual message.

    `close`: the answer closes the connection (the body was not read to its end)."""

    def __init__(self, status: int, code: str, message: Text, *, close: bool = False) -> None:
        super().__init__(message.en)
        self.status = status
        self.code = code
        self.message = message
        self.close = close


@dataclass(frozen=True)
class Limits:
    """How much one request may upload."""

    max_upload_bytes: int
    max_files: int

    @property
    def max_upload_mb(self) -> float:
        return self.max_upload_bytes / MIB


def too_large(limits: Limits, size: int | None = None) -> UploadError:
    limit = f"{limits.max_upload_mb:g} MB"
    got_zh = f"（本次约 {size / MIB:.1f} MB）" if size else ""
    got_en = f" (this one is about {size / MIB:.1f} MB)" if size else ""
    return UploadError(
        413,
        "upload_too_large",
        Text(
            f"上传的文件太大：一次最多 {limit}{got_zh}。请分批上传，或由管理员用 --max-upload-mb 调高上限。",
            f"the upload is too large: at most {limit} per request{got_en}. Upload fewer files "
            "at a time, or ask the administrator to raise --max-upload-mb.",
        ),
    )


def too_many_files(limits: Limits, count: int) -> UploadError:
    return UploadError(
        400,
        "too_many_files",
        Text(
            f"文件太多：一次最多 {limits.max_files} 个（本次 {count} 个）。请分批上传，"
            "或由管理员用 --max-files 调高上限。",
            f"too many files: at most {limits.max_files} per request ({count} sent). Upload "
            "them in batches, or ask the administrator to raise --max-files.",
        ),
    )


def bad_form(detail_zh: str, detail_en: str) -> UploadError:
    return UploadError(
        400, "bad_request", Text(f"请求格式不正确：{detail_zh}", f"malformed request: {detail_en}")
    )


def check_declared_length(content_length: str | None, limits: Limits) -> int | None:
    """The declared body size; 413 when it is past the cap, before anything is read."""
    if content_length is None:
        return None
    try:
        declared = int(content_length)
    except ValueError:
        raise bad_form("Content-Length 不是数字", "Content-Length is not a number") from None
    if declared < 0:
        raise bad_form("Content-Length 不是数字", "Content-Length is not a number")
    if declared > limits.max_upload_bytes + FORM_OVERHEAD:
        raise too_large(limits, declared)
    return declared


class UploadAborted(Exception):
    """The client went away before it had sent the whole body."""

    def __init__(self, received: int) -> None:
        super().__init__(f"upload aborted after {received} bytes")
        self.received = received


def upload_timeout(seconds: float, received: int, *, too_slow: bool = False) -> UploadError:
    if too_slow:
        text = Text(
            f"上传太慢：已收到 {received} 字节，平均每秒不足 {MIN_UPLOAD_RATE // 1024} KB。"
            "请检查网络后重试。",
            f"the upload is too slow: {received} bytes received, less than "
            f"{MIN_UPLOAD_RATE // 1024} KB/s on average. Check the network and try again.",
        )
    else:
        text = Text(
            f"上传中断：{seconds:g} 秒内没有收到数据（已收到 {received} 字节）。请检查网络后重试。",
            f"the upload stalled: no data for {seconds:g} s ({received} bytes received). Check "
            "the network and try again.",
        )
    return UploadError(408, "upload_timeout", text, close=True)


async def receive_form(
    receive: Callable[[], Awaitable[Mapping[str, Any]]],
    content_type: str,
    content_length: str | None,
    limits: Limits,
    file_field: str,
    *,
    idle_timeout: float,
) -> Form:
    """Read the request body from the ASGI `receive` and parse it as it arrives.

    Nothing is read before the content type and the declared length are accepted. Then every
    chunk is parsed at once (never the whole body at once: the event loop stays free) under the
    caps; the client may pause at most `idle_timeout` seconds between chunks, and must send the
    whole body within `idle_timeout` plus its size at `MIN_UPLOAD_RATE` (408 otherwise: a client
    that trickles bytes cannot hold the server). A client that leaves raises `UploadAborted`.
    Every refusal before the body has arrived asks for the connection to be closed (its rest is
    not read).
    """
    import asyncio

    received = 0
    try:
        reader = FormReader(content_type, limits, file_field)
        declared = check_declared_length(content_length, limits)
        cap = limits.max_upload_bytes + FORM_OVERHEAD
        loop = asyncio.get_running_loop()
        expected = declared if declared is not None else cap
        deadline = loop.time() + idle_timeout + expected / MIN_UPLOAD_RATE
        while True:
            left = deadline - loop.time()
            try:
                async with asyncio.timeout(max(min(idle_timeout, left), 0.0)):
                    message = await receive()
            except TimeoutError:
                raise upload_timeout(idle_timeout, received, too_slow=left < idle_timeout) from None
            if message["type"] == "http.disconnect":
                raise UploadAborted(received)
            chunk = message.get("body", b"")
            if chunk:
                received += len(chunk)
                if received > cap:
                    raise too_large(limits, received)
                reader.feed(chunk)
            if not message.get("more_body", False):
                break
    except UploadError as error:
        error.close = True
        raise
    return reader.finish()


def clean_filename(raw: str) -> str:
    """The upload's base name as reports show it: no folders, no control characters."""
    name = raw.replace("\\", "/")
    name = PurePosixPath(name).name if "/" in name else name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > MAX_NAME_CHARS:
        stem, dot, suffix = name.rpartition(".")
        keep = MAX_NAME_CHARS - len(suffix) - 1
        name = f"{stem[:keep]}.{suffix}" if dot and 0 < len(suffix) < 16 else name[:MAX_NAME_CHARS]
    return name or "upload"


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)


@dataclass
class Form:
    """The parsed form: text fields by name (last one wins) and the uploaded files in order."""

    fields: dict[str, str] = field(default_factory=dict)
    files: list[InputFile] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        value = self.fields.get(name)
        return value.strip() if value is not None else None


class _Collector:
    """python-multipart callbacks that keep each part in memory, counting files and fields."""

    def __init__(self, limits: Limits, file_field: str) -> None:
        self.limits = limits
        self.file_field = file_field
        self.form = Form()
        self.part = _Part()
        self.header_name = b""
        self.header_value = b""
        self.file_parts = 0
        self.field_parts = 0
        self.file_bytes = 0

    def on_part_begin(self) -> None:
        self.part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.part.headers[self.header_name.strip().lower()] = self.header_value.strip()
        self.header_name = b""
        self.header_value = b""

    def on_headers_finished(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, options = parse_options_header(self.part.headers.get(b"content-disposition", b""))
        if b"name" not in options:
            raise bad_form("某个部分缺少字段名", "a part has no field name")
        self.part.name = _decode(options[b"name"])
        if b"filename" in options:
            self.file_parts += 1
            if self.file_parts > self.limits.max_files:
                raise too_many_files(self.limits, self.file_parts)
            self.part.filename = _decode(options[b"filename"])
        else:
            self.field_parts += 1
            if self.field_parts > MAX_FIELDS:
                raise bad_form("字段太多", "too many form fields")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        length = end - start
        if self.part.filename is None:
            if len(self.part.data) + length > MAX_FIELD_BYTES:
                raise bad_form(
                    f"字段 {self.part.name} 太长", f"the field {self.part.name} is too long"
                )
        else:
            self.file_bytes += length
            if self.file_bytes > self.limits.max_upload_bytes:
                raise too_large(self.limits)
        self.part.data += data[start:end]

    def on_part_end(self) -> None:
        part = self.part
        if part.filename is None:
            self.form.fields[part.name] = _decode(bytes(part.data))
        elif part.filename or part.data:  # a browser sends filename="" when none was picked
            name = clean_filename(part.filename)
            if part.name != self.file_field:  # refused, never dropped without a word
                field_name = "".join(ch for ch in part.name if ch.isprintable())[:40]
                raise bad_form(
                    f"文件 {name} 在字段 {field_name} 中，待审文件应放在字段 {self.file_field} 中",
                    f"the file {name} is in the field `{field_name}`; files to check go in "
                    f"the field `{self.file_field}`",
                )
            self.form.files.append(InputFile(name, bytes(part.data)))

    def on_end(self) -> None:
        pass


class FormReader:
    """python-multipart's streaming parser over our collector: `feed` chunks, then `finish`."""

    def __init__(self, content_type: str, limits: Limits, file_field: str) -> None:
        from python_multipart.multipart import MultipartParser, parse_options_header

        kind, options = parse_options_header(content_type)
        if kind != b"multipart/form-data":
            raise UploadError(
                415,
                "not_multipart",
                Text(
                    "请以 multipart/form-data 上传文件（字段 files）",
                    "send the files as multipart/form-data (field `files`)",
                ),
            )
        boundary = options.get(b"boundary")
        if not boundary:
            raise bad_form("缺少 multipart 分隔符", "the multipart boundary is missing")
        self.collector = _Collector(limits, file_field)
        c = self.collector
        callbacks = {
            "on_part_begin": c.on_part_begin,
            "on_part_data": c.on_part_data,
            "on_part_end": c.on_part_end,
            "on_header_field": c.on_header_field,
            "on_header_value": c.on_header_value,
            "on_header_end": c.on_header_end,
            "on_headers_finished": c.on_headers_finished,
            "on_end": c.on_end,
        }
        try:
            self.parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
        except Exception:
            raise bad_form("multipart 分隔符无效", "the multipart boundary is invalid") from None

    def feed(self, chunk: bytes) -> None:
        from python_multipart.exceptions import FormParserError

        try:
            self.parser.write(chunk)
        except FormParserError:
            raise bad_form(
                "multipart 数据无法解析", "the multipart data cannot be parsed"
            ) from None

    def finish(self) -> Form:
        from python_multipart.exceptions import FormParserError

        try:
            self.parser.finalize()
        except FormParserError:
            raise bad_form(
                "multipart 数据无法解析", "the multipart data cannot be parsed"
            ) from None
        return self.collector.form


def parse_multipart(body: bytes, content_type: str, limits: Limits, file_field: str) -> Form:
    """Split a whole multipart/form-data body (files from the field `file_field`)."""
    reader = FormReader(content_type, limits, file_field)
    reader.feed(body)
    return reader.finish()
