"""Decode input text: UTF-8 (with or without BOM), UTF-16 with BOM, and GB18030/GBK.

Files from government machines are often GBK. We try UTF-8 first (strict), then GB18030 (a
superset of GBK and GB2312). `--encoding` overrides detection. Line endings CRLF and lone CR are
read as LF so line numbers match what an editor shows.
"""

from __future__ import annotations

import codecs
import re

from checker.errors import InputError
from checker.i18n import Text

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(data: bytes) -> str | None:
    """The encoding that decodes `data` without error, by BOM, then UTF-8, then GB18030."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_like_utf16(data):
        return "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    for name in ("utf-16-le", "utf-16-be"):
        if _reads_as_chinese_utf16(data, name):
            return name
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return "gb18030"


def _looks_like_utf16(data: bytes) -> bool:
    """BOM-less UTF-16 of mostly ASCII text has a NUL in every other byte."""
    sample = data[:2000]
    if len(sample) < 4:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) > half * 0.4 and min(even, odd) < half * 0.05


#: What Chinese text is made of: CJK ideographs and punctuation, full-width forms, ASCII.
_CHINESE_TEXT_RE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\t\n\r]")


def _reads_as_chinese_utf16(data: bytes, encoding: str) -> bool:
    """BOM-less UTF-16 of mostly Chinese text has few NULs; it decodes to ideographs, ASCII
    and line breaks. Bytes of another encoding read as UTF-16 give code points all over the
    plane (GBK's byte pairs land among Yi syllables and Hangul), so a high share of Chinese
    text with at least one line break is a safe sign."""
    sample = data[:4000]
    if len(data) % 2 or len(sample) < 8:
        return False
    try:
        text = sample.decode(encoding)
    except UnicodeDecodeError:
        return False
    if "\n" not in text and "\r" not in text:
        return False
    return len(_CHINESE_TEXT_RE.findall(text)) >= 0.95 * len(text)


def _first_bad_line(data: bytes, encoding: str, error: UnicodeDecodeError) -> int:
    """The 1-based line of the first byte that does not decode."""
    return data[: error.start].count(b"\n") + 1


#: The last file decoded (bytes, encoding asked, text): a reader's sniff and its read both
#: decode the same bytes; the second asks for the very same object and gets the text at once.
_last_decoded: tuple[bytes, str | None, str] | None = None
#: Larger files are not kept (a server's last upload is not held on to).
_KEEP_DECODED_BYTES = 1 << 20


def decode(data: bytes, path: str, encoding: str | None = None) -> str:
    """The text of an input file with normalised line endings, or an InputError naming the line."""
    global _last_decoded
    last = _last_decoded  # one read: another thread may replace it meanwhile
    if last is not None and last[0] is data and last[1] == encoding:
        return last[2]
    text = _decode(data, path, encoding)
    if len(data) <= _KEEP_DECODED_BYTES:
        _last_decoded = (data, encoding, text)
    return text


def _decode(data: bytes, path: str, encoding: str | None) -> str:
    if encoding is None:
        detected = detect_encoding(data)
        if detected is None:
            line = None
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as error:
                line = _first_bad_line(data, "utf-8", error)
            raise InputError(
                path,
                line,
                Text(
                    "无法识别文件编码（不是 UTF-8、UTF-16 或 GB18030/GBK）；可用 --encoding 指定",
                    "cannot detect the encoding (not UTF-8, UTF-16 or GB18030/GBK); use --encoding",
                ),
            )
        encoding = detected
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            path, None, Text(f"未知的编码：{encoding}", f"unknown encoding: {encoding}")
        ) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = _first_bad_line(data, encoding, error)
        raise InputError(
            path,
            line,
            Text(
                f"按 {encoding} 解码失败（第 {error.start} 字节）",
                f"cannot decode as {encoding} (byte {error.start})",
            ),
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(
            path,
            line,
            Text("文件含有 NUL 字节，不是文本文件", "the file contains NUL bytes: not a text file"),
        )
    return text
