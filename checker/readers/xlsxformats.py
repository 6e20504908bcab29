"""Excel number formats and serial dates: what the .xlsx reader needs to show a cell as Excel
(and openpyxl's `load_workbook(data_only=True)`) does, without importing openpyxl.

Importing any part of openpyxl imports the whole library (its `__init__` loads the workbook,
reader and writer modules): some 70 ms of a one-workbook check, for a table of built-in formats
and three conversions. Written here from ECMA-376 Part 1 (§18.8.30 numFmt, §18.17.4 dates as
serial numbers); a test holds every function to the installed openpyxl's answer on the formats
and values that matter (tests/test_startup.py), so a workbook reads as it did with openpyxl.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

#: Day 0 of the 1900 date system (Excel counts 1900 as a leap year: serials before 60 are one
#: day early, see `from_excel`), and day 0 of the 1904 system (old Mac workbooks).
CALENDAR_WINDOWS_1900 = datetime.datetime(1899, 12, 30)
CALENDAR_MAC_1904 = datetime.datetime(1904, 1, 1)
_MS_PER_DAY = 86_400_000


def _builtin_formats() -> dict[int, str]:
    """The formats a workbook may use by id without listing them (`numFmtId` → code)."""
    numbers = ["General", "0", "0.00", "#,##0", "#,##0.00"]
    currency = [
        '"$"#,##0_);("$"#,##0)',
        '"$"#,##0_);[Red]("$"#,##0)',
        '"$"#,##0.00_);("$"#,##0.00)',
        '"$"#,##0.00_);[Red]("$"#,##0.00)',
    ]
    percent_and_more = ["0%", "0.00%", "0.00E+00", "# ?/?", "# ??/??"]
    dates = ["mm-dd-yy", "d-mmm-yy", "d-mmm", "mmm-yy"]
    times = ["h:mm AM/PM", "h:mm:ss AM/PM", "h:mm", "h:mm:ss", "m/d/yy h:mm"]
    accounting = [
        "#,##0_);(#,##0)",
        "#,##0_);[Red](#,##0)",
        "#,##0.00_);(#,##0.00)",
        "#,##0.00_);[Red](#,##0.00)",
        r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
        r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
        r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
        r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    ]
    last = ["mm:ss", "[h]:mm:ss", "mmss.0", "##0.0E+0", "@"]
    table = dict(enumerate(numbers + currency + percent_and_more + dates + times))
    table.update(enumerate(accounting, start=37))
    table.update(enumerate(last, start=45))
    return table


BUILTIN_FORMATS = _builtin_formats()

#: What a format shows besides its codes: quoted text, and bracketed colours, conditions and
#: locales (an elapsed-time code — [h], [mm], [ss] — is kept).
_NOT_CODES_RE = re.compile(r'"[^"]*"|\[(?!(?:hh?|mm?|ss?)\])[^\]]*\]')
#: A date or time code (d, m, y, h, s) that is not an escaped or spacing character.
_DATE_CODE_RE = re.compile(r"(?<![\\_])[dmyhs]", re.IGNORECASE)
#: An elapsed-time code: hours, minutes or seconds in brackets, with what may follow them.
_ELAPSED_RE = re.compile(
    r"\[hh?\](?::mm(?::ss(?:\.0*)?)?)?|\[mm?\](?::ss(?:\.0*)?)?|\[ss?\](?:\.0*)?", re.IGNORECASE
)


def _first_section(code: str) -> str:
    """The section of a format that positive numbers use (sections are split by `;`)."""
    return code.split(";", 1)[0]


def is_date_format(code: str | None) -> bool:
    """Whether a number format shows a number as a date or a time."""
    if code is None:
        return False
    return _DATE_CODE_RE.search(_NOT_CODES_RE.sub("", _first_section(code))) is not None


def is_timedelta_format(code: str | None) -> bool:
    """Whether a number format shows a number as a duration (`[h]:mm:ss`)."""
    if code is None:
        return False
    return _ELAPSED_RE.search(_first_section(code)) is not None


def from_excel(
    serial: float | None,
    epoch: datetime.datetime = CALENDAR_WINDOWS_1900,
    timedelta: bool = False,
) -> datetime.datetime | datetime.time | datetime.timedelta | None:
    """A serial number as a date and time, a time of day (below 1), or a duration; to the
    millisecond, as Excel keeps them."""
    if serial is None:
        return None
    if timedelta:
        duration = datetime.timedelta(days=serial)
        if duration.microseconds:
            whole = duration.total_seconds() // 1
            duration = datetime.timedelta(
                seconds=whole, microseconds=round(duration.microseconds, -3)
            )
        return duration
    days, part = divmod(serial, 1)
    clock = datetime.timedelta(milliseconds=round(part * _MS_PER_DAY))
    if 0 <= serial < 1 and clock.days == 0:
        minutes, seconds = divmod(clock.seconds, 60)
        return datetime.time(minutes // 60, minutes % 60, seconds, clock.microseconds)
    if epoch == CALENDAR_WINDOWS_1900 and 0 < serial < 60:
        days += 1  # Excel's 29 February 1900, which never was, comes after these
    return epoch + datetime.timedelta(days=days) + clock


_ISO_RE = re.compile(
    r"(?:(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
    r"(?:(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?P<fraction>\.\d{1,3})?)?)?Z?"
)
_DURATION_RE = re.compile(
    r"PT(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d{1,3})?)S)?"
)


def from_iso8601(text: str | None) -> Any:
    """The date, time, date and time, or duration (`PT1H2M`) an ISO 8601 text of a cell of
    type `d` holds; ValueError for any other text."""
    if not text:
        return None
    found = _ISO_RE.match(text)
    if found is not None and any(found.groups()):
        parts = {k: int(v) for k, v in found.groupdict().items() if v and k != "fraction"}
        fraction = found.group("fraction")
        micro = int(float(fraction) * 1_000_000) if fraction else 0
        has_date, has_time = found.group("year") is not None, found.group("hour") is not None
        clock = (parts.get("hour", 0), parts.get("minute", 0), parts.get("second", 0), micro)
        if not has_date:
            return datetime.time(*clock)
        day = (parts["year"], parts["month"], parts["day"])
        return datetime.datetime(*day, *clock) if has_time else datetime.date(*day)
    found = _DURATION_RE.match(text)
    if found is not None and any(found.groups()):
        amounts = {k: float(v) for k, v in found.groupdict().items() if v}
        return datetime.timedelta(**amounts)
    raise ValueError(f"not an ISO 8601 date, time or duration: {text!r}")
