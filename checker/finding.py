"""A finding: one frozen value per thing a rule found, with where, what and a stable identity."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from enum import IntEnum
from operator import attrgetter
from typing import Any

from checker.i18n import Lang, Text


class Severity(IntEnum):
    """Ordered so that `max()` gives the worst; `off` is only a policy setting, never a finding's."""

    info = 1
    warning = 2
    error = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name]

    def __str__(self) -> str:
        return self.name


SEVERITY_NAMES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Waiver:
    """What a policy waiver says about a finding it covers."""

    reason: str
    approver: str
    expires: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class FileFix:
    """A mechanical change to a record file: the string at `pointer` (into the file's data)
    becomes `value`, or the list item at `pointer` is removed."""

    pointer: str
    value: str | None = None
    remove: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    """A further place of the same defect (the same spacing problem in four plan values): one
    finding lists them rather than four findings repeating one message."""

    pointer: str
    line: int | None = None
    location: str | None = None
    text: str | None = None
    fix: FileFix | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "pointer": self.pointer,
            "line": self.line,
            "location": self.location,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding. JSON field names are a contract (see checker/schemas/report.schema.json)."""

    rule: str
    severity: Severity
    message: Text
    file: str
    line: int | None
    project_code: str | None
    project_name: str | None
    pointer: str
    fingerprint: str
    column: int | None = None
    #: A cell label where the file has no lines (`表3 第5行 第2列`, `Sheet1!E14`).
    location: str | None = None
    #: The text the finding is about, as written (shown to the reviewer beside the message).
    text: str | None = None
    #: Index of the record in the report's `records` list.
    record: int | None = None
    waiver: Waiver | None = None
    baselined: bool = False
    #: A safe mechanical fix, where the rule offers one (`jxcheck check --fix` applies it).
    fix: FileFix | None = None
    #: How to mend it, written from this finding's own data (the rule's `advice` template).
    advice: Text | None = None
    #: Further places of the same defect, after the one `pointer`/`line` name.
    places: tuple[Place, ...] = ()
    #: Where the file has no lines (.docx, .xlsx): the place's rank in reading order, for
    #: listing findings in document order. Not part of the JSON report.
    order: int | None = None

    @property
    def fixes(self) -> tuple[FileFix, ...]:
        """Every mechanical fix of the finding: its own and its further places'."""
        own = () if self.fix is None else (self.fix,)
        return own + tuple(p.fix for p in self.places if p.fix is not None)

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    def with_changes(self, **changes: Any) -> Finding:
        return replace(self, **changes)

    def with_record(self, record: int | None) -> Finding:
        """The finding renumbered into a report's records (a season's merge renumbers every
        finding: a copy through `__init__`, 4× cheaper than `dataclasses.replace`)."""
        values = _values(self)
        return Finding(*values[:_RECORD], record, *values[_RECORD + 1 :])  # type: ignore[call-arg]

    def to_plain(self) -> tuple[Any, ...]:
        """The finding as plain data (builtins only: fast to pickle, no class looked up on the
        way back) for a worker process to send; `from_plain` makes it again."""
        values = list(_values(self))
        for index, encode, _ in _CODECS:
            values[index] = encode(values[index])
        return tuple(values)

    @staticmethod
    def from_plain(values: tuple[Any, ...]) -> Finding:
        """The finding `to_plain` was given, equal field by field."""
        given = list(values)
        for index, _, decode in _CODECS:
            given[index] = decode(given[index])
        return Finding(*given)

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.file,
            self.record if self.record is not None else -1,
            self.line if self.line is not None else self.order or 0,
            self.rule,
            self.pointer,
            self.message.zh,
        )

    def to_json(self, lang: Lang) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.name,
            "message": self.message.get(lang),
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "location": self.location,
            "project_code": self.project_code,
            "project_name": self.project_name,
            "pointer": self.pointer,
            "record": self.record,
            "text": self.text,
            "fingerprint": self.fingerprint,
            "waived": self.waived,
            "baselined": self.baselined,
        }
        data["advice"] = self.advice.get(lang) if self.advice is not None else None
        data["places"] = [place.to_json() for place in self.places]
        if self.fix is not None:
            data["fix"] = {
                "pointer": self.fix.pointer,
                "value": self.fix.value,
                "remove": self.fix.remove,
            }
        if self.waiver is not None:
            data["waiver"] = {
                "reason": self.waiver.reason,
                "approver": self.waiver.approver,
                "expires": self.waiver.expires,
            }
        return data


def _optional(
    code: Callable[[Any], Any],
) -> Callable[[Any], Any]:
    return lambda value: None if value is None else code(value)


def _fix_in(value: tuple[Any, ...]) -> FileFix:
    return FileFix(*value)


def _getter(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """The values of a dataclass's fields, in order, as a tuple (in one C call)."""
    return attrgetter(*(f.name for f in fields(cls)))


_text_out = _getter(Text)
_fix_out = _getter(FileFix)
_place_values = _getter(Place)


def _place_out(place: Place) -> tuple[Any, ...]:
    return (*_place_values(place)[:-1], None if place.fix is None else _fix_out(place.fix))


def _place_in(value: tuple[Any, ...]) -> Place:
    return Place(*value[:-1], None if value[-1] is None else FileFix(*value[-1]))  # type: ignore[call-arg]


_SEVERITIES = {int(s): s for s in Severity}
#: How a field of each type becomes plain data and back (`Finding.to_plain`); a field of a
#: type not listed here and not plain makes this module fail to load, not a worker's reply.
_CODEC_BY_TYPE: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "Severity": (int, _SEVERITIES.__getitem__),
    "Text": (_text_out, lambda value: Text(*value)),
    "Text | None": (_optional(_text_out), _optional(lambda value: Text(*value))),
    "FileFix | None": (_optional(_fix_out), _optional(_fix_in)),
    "Waiver | None": (_optional(_getter(Waiver)), _optional(lambda value: Waiver(*value))),
    "tuple[Place, ...]": (
        lambda places: tuple(map(_place_out, places)),
        lambda places: tuple(map(_place_in, places)),
    ),
}
_PLAIN_TYPES = {"str", "str | None", "int | None", "bool"}
_FIELDS = tuple(fields(Finding))
_values = _getter(Finding)
_RECORD = [f.name for f in _FIELDS].index("record")
_CODECS = tuple(
    (index, *_CODEC_BY_TYPE[str(f.type)])
    for index, f in enumerate(_FIELDS)
    if str(f.type) not in _PLAIN_TYPES
)


def fingerprint(rule: str, record_key: str, where: str) -> str:
    """A finding's identity: a hash of its rule, its record and where in it — never the line,
    so it survives edits elsewhere. `where` names rows by their own names where the engine
    knows them (`/indicators/[数量指标/差旅次数]/value`), so inserting a row does not change
    other rows' fingerprints."""
    material = "\x1f".join((rule, record_key, where))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:20]
