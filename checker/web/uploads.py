"""Reading an upload: the request body into memory under a size cap, then its multipart parts.

Nothing touches the disk: the body is read chunk by chunk and refused (413) as soon as it passes
the cap, so a client cannot make the server buffer more than the limit; then python-multipart's
streaming parser splits it into form fields (small text) and files (bytes). Starlette's own form
parser is not used because it spools files above 1 MB to temporary files and has no total cap.
Every problem is an `UploadError` with an HTTP status and a message in Chinese and English.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from checker.i18n import Text
from checker.inputs import InputFile

#: Room for the multipart framing and the small form fields on top of the files' own size.
FORM_OVERHEAD = 256 * 1024
#: A text field (policy, lang, token …) longer than this is refused.
MAX_FIELD_BYTES = 4 * 1024
MAX_FIELDS = 32
MAX_NAME_CHARS = 255
MIB = 1024 * 1024


class UploadError(Exception):
    """A request the server refuses: HTTP status, a stable code, and a bilingual message."""

    def __init__(self, status: int, code: str, message: Text) -> None:
        super().__init__(message.en)
        self.status = status
        self.code = code
        self.message = message


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


async def read_body(
    stream: AsyncIterator[bytes], content_length: str | None, limits: Limits
) -> bytes:
    """The whole body, refused with 413 once it passes the cap (before reading it, if declared)."""
    cap = limits.max_upload_bytes + FORM_OVERHEAD
    if content_length is not None:
        try:
            declared = int(content_length)
        except ValueError:
            raise bad_form("Content-Length 不是数字", "Content-Length is not a number") from None
        if declared > cap:
            raise too_large(limits, declared)
    chunks: list[bytes] = []
    size = 0
    async for chunk in stream:
        size += len(chunk)
        if size > cap:
            raise too_large(limits, size)
        chunks.append(chunk)
    return b"".join(chunks)


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
        elif part.name == self.file_field and (part.filename or part.data):
            # A browser sends an empty part with filename="" when no file was picked.
            self.form.files.append(InputFile(clean_filename(part.filename), bytes(part.data)))

    def on_end(self) -> None:
        pass


def parse_multipart(body: bytes, content_type: str, limits: Limits, file_field: str) -> Form:
    """Split a multipart/form-data body; files come from the field `file_field` (others ignored)."""
    from python_multipart.exceptions import FormParserError
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
    collector = _Collector(limits, file_field)
    callbacks = {
        "on_part_begin": collector.on_part_begin,
        "on_part_data": collector.on_part_data,
        "on_part_end": collector.on_part_end,
        "on_header_field": collector.on_header_field,
        "on_header_value": collector.on_header_value,
        "on_header_end": collector.on_header_end,
        "on_headers_finished": collector.on_headers_finished,
        "on_end": collector.on_end,
    }
    try:
        parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
        parser.write(body)
        parser.finalize()
    except FormParserError:
        raise bad_form("multipart 数据无法解析", "the multipart data cannot be parsed") from None
    return collector.form
