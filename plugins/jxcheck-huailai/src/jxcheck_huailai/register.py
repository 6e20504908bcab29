"""The county's register of budget units (预算单位名录): a CSV file of `code,name` lines.

The register is data, not code: the bureau updates the shipped file (a new release of the
plugin) or points the policy at its own copy (`params: {HL003: {register_file: units.csv}}`), and
no rule changes. The format:

    code,name
    # a comment line starts with #
    471001,怀来县工业和信息化局
    471002,怀来县数字经济局

- UTF-8 (a BOM, as Excel writes it, is accepted); a header line `code,name` (or `单位编码,单位名称`)
  is optional; blank lines and lines starting with `#` are skipped;
- the code is 6 digits, the name is not empty; columns after the second are ignored (notes);
- a code listed twice is an error, as is a register with no unit at all.

Where the file is: an empty path means the register shipped in this package
(`jxcheck_huailai/data/budget_units.csv`); any other path is used as given, a relative one being
resolved against the working directory of the run (not against the policy file).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

#: The register shipped with the plugin (package data).
SHIPPED = "data/budget_units.csv"
SHIPPED_LABEL = "jxcheck_huailai/data/budget_units.csv"

_CODE_RE = re.compile(r"^[0-9]{6}$")
_HEADERS = {("code", "name"), ("单位编码", "单位名称"), ("编码", "名称")}


class RegisterError(ValueError):
    """A register file that cannot be read or does not follow the format (names file and line).

    The message holds Chinese and English: pydantic shows it when a policy's `register`
    parameter is invalid, and the rule raises it (an X001 finding) if the file goes bad mid-run.
    """

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh} / {en}")


@dataclass(frozen=True)
class BudgetUnitRegister:
    """The units of a register by code, and where the register was read from."""

    source: str
    units: Mapping[str, str]

    def name_of(self, code: str) -> str | None:
        return self.units.get(code)

    def __len__(self) -> int:
        return len(self.units)


def parse_register(text: str, source: str) -> BudgetUnitRegister:
    """Read a register from its text; `source` names it in messages."""
    units: dict[str, str] = {}
    lines: dict[str, int] = {}
    text = text.removeprefix("\ufeff")
    first = True
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if first and len(cells) >= 2 and (cells[0].lower(), cells[1].lower()) in _HEADERS:
            first = False
            continue
        first = False
        if len(cells) < 2 or not cells[1]:
            raise RegisterError(
                f"{source}:{number}: 每行应为“单位编码,单位名称”，这一行是 {','.join(row)!r}",
                f"{source}:{number}: each line is `code,name`; this one is {','.join(row)!r}",
            )
        code, name = cells[0], cells[1]
        if not _CODE_RE.match(code):
            raise RegisterError(
                f"{source}:{number}: 单位编码 {code!r} 应为 6 位数字",
                f"{source}:{number}: the unit code {code!r} is not 6 digits",
            )
        if code in units:
            raise RegisterError(
                f"{source}:{number}: 单位编码 {code} 重复（第 {lines[code]} 行已有）",
                f"{source}:{number}: the unit code {code} is listed twice (also line {lines[code]})",
            )
        units[code] = name
        lines[code] = number
    if not units:
        raise RegisterError(
            f"{source}: 名录中没有任何预算单位", f"{source}: the register lists no budget unit"
        )
    return BudgetUnitRegister(source, units)


@lru_cache(maxsize=1)
def _shipped() -> BudgetUnitRegister:
    text = resources.files("jxcheck_huailai").joinpath(SHIPPED).read_text(encoding="utf-8")
    return parse_register(text, SHIPPED_LABEL)


@lru_cache(maxsize=16)
def _from_file(path: str, shown: str, mtime_ns: int, size: int) -> BudgetUnitRegister:
    """Cached per file version: an edited register is read again in a long-running process."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RegisterError(
            f"{shown}: 名录文件不是 UTF-8 编码（用 Excel 时请另存为“CSV UTF-8”）",
            f"{shown}: the register is not UTF-8 (in Excel, save as “CSV UTF-8”)",
        ) from None
    return parse_register(text, shown)


def load_register(path: str = "") -> BudgetUnitRegister:
    """The register at `path` ("" = the shipped one; relative to the working directory)."""
    if not path.strip():
        return _shipped()
    given = Path(path.strip()).expanduser()
    resolved = given if given.is_absolute() else Path.cwd() / given
    try:
        stat = resolved.stat()
    except OSError:
        raise RegisterError(
            f"预算单位名录文件 {path!r} 不存在（相对路径相对于运行 jxcheck 的当前目录：{Path.cwd()}）",
            f"the budget-unit register {path!r} does not exist (a relative path is resolved "
            f"against the working directory: {Path.cwd()})",
        ) from None
    if not resolved.is_file():
        raise RegisterError(
            f"预算单位名录 {path!r} 不是文件", f"the budget-unit register {path!r} is not a file"
        )
    return _from_file(str(resolved.resolve()), path, stat.st_mtime_ns, stat.st_size)
