"""Facts about a project table that several rules need, worked out once per table by the host.

The engine makes one `ProjectFacts` per project table and passes it to every rule that visits
the table, its rows or its document (`ctx.facts`; a document rule has `ctx.facts_of(index)`).
Each fact is worked out when a rule first asks for it and kept until the table is done, so a
rule never keeps a cache of its own:

- `places`: each indicator row's effective place in the taxonomy (`IndicatorPlaces`);
- `strings()`: every string of the record with its pointer; `text`: all of them joined (for a
  quick "is this word anywhere?" before walking the strings);
- `row_texts`: each row's 三级 name and description, tags stripped and cleaned.

Parsed values live on the model itself, computed once and kept there: `Indicator.parsed` (the
value grammar of `checker.values`), `Checkpoint.percent_value`, `Project.budget_total`.

Each row counts at its *effective* place, derived here and never stored in the record: the
written levels where they are known (other templates' names mapped by
`checker.taxonomy.classify`); else the 一级 from a written 二级 that has one parent; else the
place its 三级 name, description and value suggest (`checker.taxonomy.infer_place`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from functools import cache, cached_property, lru_cache
from itertools import chain, pairwise
from operator import itemgetter
from typing import Any, TypeVar

from pydantic import BaseModel

from checker.model import Document, Indicator, Project
from checker.taxonomy import (
    TEMPLATE_GROUPS,
    Classified,
    Inferred,
    canonical,
    classify,
    infer_place,
    label_text,
    strip_tags,
    template_position,
    value_hint,
)
from checker.values import CACHE_SIZE, clean

T = TypeVar("T")
_MISSING = object()

Row = tuple[int, Indicator, Classified]


def is_filled(row: Indicator) -> bool:
    """A row someone filled in: a 三级 name, a value or a description."""
    return bool(clean(row.name) or clean(row.value) or clean(row.description))


def _effective_places(
    rows: list[Indicator], written: list[Classified]
) -> tuple[list[Classified], frozenset[int]]:
    """Each row's effective place, and the rows whose blank levels are the department's omission.

    Only rows the names cannot place are changed, and only filled-in ones: a template group's
    rows (`实施效果 / 产出指标`) and rows under a written 一级 with no 二级 take the 二级 their 三级
    suggests; rows with both levels blank take both. Blank levels are an omission (C005) when
    other rows of the table have that level, and the table's layout (C007) when none has.
    Written names that are wrong stay as written (C005 reports them).
    """
    has_level1 = any(clean(row.level1) for row in rows)
    has_level2 = any(clean(row.level2) for row in rows)
    cost_first = any(c.level1 == "成本" for c in written)
    places = list(written)
    omitted: set[int] = set()
    inferred: Inferred
    for index, (row, c) in enumerate(zip(rows, written, strict=True)):
        if c.level2_allowed or not is_filled(row):
            continue
        blank1 = not canonical(row.level1)
        blank2 = not canonical(row.level2)
        if (c.template in TEMPLATE_GROUPS and c.level1_known) or c.inferred == "level2":
            # a template group's rows, and a 二级 that only repeats its 一级
            within, inferred, omission = c.level1, "level2", False
        elif c.level1_known and blank2:
            within, inferred, omission = c.level1, "level2", has_level2
        elif blank1 and blank2:
            within, inferred, omission = "", "both", has_level1 or has_level2
        else:
            continue
        parsed = row.parsed
        hint = value_hint(parsed.kind, parsed.unit_class)
        found = infer_place(row.name, row.description, hint, parsed.unit, within)
        if found is None:
            places[index] = Classified(
                within, "", bool(within), False, inferred, True, "", c.template
            )
        else:
            level1, level2, evidence = found
            if cost_first and not within and (level1, level2) == ("产出", "成本"):
                level1, level2 = "成本", "经济成本"  # a 2021-layout table keeps cost as its 一级
            places[index] = Classified(
                level1, level2, True, True, inferred, True, evidence, c.template
            )
        if omission:
            omitted.add(index)
    return places, frozenset(omitted)


class IndicatorPlaces:
    """A project's indicator rows by their effective place in the taxonomy.

    One pass over the rows serves C001–C007 and the cost rules (B003–B005) instead of each
    classifying every row again; each part is worked out when a rule first asks for it.
    `places` holds the effective place of every row (see the module's docstring), `written`
    the place by the written names alone (`checker.taxonomy.classify`), `omitted` the rows
    whose blank levels are the department's omission (C005 reports each).
    """

    __slots__ = (
        "_cost",
        "_cost_first",
        "_filled",
        "_last_position",
        "_level1_names",
        "_pairs",
        "cut",
        "omitted",
        "places",
        "rows",
        "written",
    )

    def __init__(self, project: Project) -> None:
        self.rows = project.indicators
        #: The place by the written names of every row, filled in or not.
        self.written: list[Classified] = [classify(row.level1, row.level2) for row in self.rows]
        #: The effective place of every row, filled in or not.
        self.places: list[Classified]
        self.omitted: frozenset[int]
        if all(
            c.level2_allowed for c in self.written
        ):  # the usual case: every row placed by its names
            self.places, self.omitted = self.written, frozenset()
        else:
            self.places, self.omitted = _effective_places(self.rows, self.written)
        reading = project.reading
        #: Where the file cut this table short (`Reading.cut`), or None.
        self.cut = reading.cut if reading is not None else None
        self._filled: list[Row] | None = None
        self._pairs: set[tuple[str, str]] | None = None
        self._cost: list[Row] | None = None
        self._cost_first: bool | None = None
        self._last_position: int | None = None
        self._level1_names: dict[str, str] | None = None

    @property
    def filled(self) -> list[Row]:
        """Rows someone filled in (a 三级 name, a value or a description), with index and place."""
        if self._filled is None:
            rows = self.rows
            # The usual case: every row has its name (`str.strip` drops what `clean` drops,
            # Unicode whitespace, so x.strip() is empty exactly when clean(x) is).
            if all(row.name.strip() for row in rows):
                self._filled = list(zip(range(len(rows)), rows, self.places, strict=True))
            else:
                self._filled = [
                    (index, row, c)
                    for index, (row, c) in enumerate(zip(rows, self.places, strict=True))
                    if is_filled(row)
                ]
        return self._filled

    @property
    def pairs(self) -> set[tuple[str, str]]:
        """The canonical (一级, 二级) of the filled-in rows."""
        if self._pairs is None:
            self._pairs = {(c.level1, c.level2) for _, _, c in self.filled}
        return self._pairs

    @property
    def cost(self) -> list[Row]:
        """The filled-in cost rows (成本 under 产出, or 一级 成本), inferred places included."""
        if self._cost is None:
            self._cost = [(index, row, c) for index, row, c in self.filled if c.is_cost]
        return self._cost

    @property
    def inferred(self) -> list[Row]:
        """Filled-in rows placed by their 三级 because of the table's layout (C007's rows)."""
        omitted = self.omitted
        return [r for r in self.filled if r[2].by_name and r[0] not in omitted]

    @property
    def cost_first(self) -> bool:
        """The table has 成本 as its own 一级 (财预〔2021〕101号 layout and order)."""
        if self._cost_first is None:
            self._cost_first = any(c.level1 == "成本" for c in self.places)
        return self._cost_first

    @property
    def silent(self) -> bool:
        """The file ends before this table's indicator table: nothing to judge coverage on."""
        return self.cut == "header"

    def beyond_cut(self, level1: str, level2: str = "") -> bool:
        """Whether a missing class would come after the last row read in a table cut short
        inside its indicator rows (`cut == "indicators"`), in the template's order."""
        if self.cut != "indicators":
            return False
        position = template_position(level1, level2, self.cost_first)
        return position is not None and position > self.cut_position

    @property
    def cut_position(self) -> int:
        """Where in the template's order the file cut the table: after its last row's class when
        the rows follow the order; a table whose written levels follow no order may have lost
        any class (-1); a list placed by its 三级 names (no written order) is taken as far as its
        furthest class."""
        if self.in_order:
            return self.last_position
        if any(not c.inferred for _, _, c in self.filled):
            return -1
        positions = [
            p
            for _, _, c in self.filled
            if (p := template_position(c.level1, c.level2, self.cost_first)) is not None
        ]
        return max(positions, default=-1)

    @property
    def in_order(self) -> bool:
        """Whether the filled-in rows follow the template's order: where they do not (a system
        export listing 效益 before 产出), a cut may have taken any class."""
        positions = [
            p
            for _, _, c in self.filled
            if (p := template_position(c.level1, c.level2, self.cost_first)) is not None
        ]
        return all(a <= b for a, b in pairwise(positions))

    @property
    def last_position(self) -> int:
        """The template position of the last filled-in row that has one (-1: none has)."""
        if self._last_position is None:
            self._last_position = -1
            for _, _, c in reversed(self.filled):
                position = template_position(c.level1, c.level2, self.cost_first)
                if position is not None:
                    self._last_position = position
                    break
        return self._last_position

    def template(self, names: tuple[str, ...]) -> str | None:
        """The first 一级 of `names` (as a policy writes them) this table uses, as written."""
        if self._level1_names is None:
            self._level1_names = {}
            for row in self.rows:
                if clean(row.level1):
                    self._level1_names.setdefault(canonical(row.level1), label_text(row.level1))
        for name in names:
            written = self._level1_names.get(canonical(name))
            if written is not None:
                return written
        return None


class ProjectFacts:
    """The shared facts of one project table (see the module's docstring)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._strings: dict[frozenset[str], list[tuple[str, str]]] = {}
        self._derived: dict[Hashable, Any] = {}

    def derived(self, key: Hashable, build: Callable[..., T], *args: Any) -> T:
        """`build(*args)`, once per table for `key`: a fact a host component derives from the
        others (the plain view declarative rules read, `checker.expressions`)."""
        found = self._derived.get(key, _MISSING)
        if found is _MISSING:
            found = self._derived[key] = build(*args)
        return found  # type: ignore[no-any-return]

    @cached_property
    def places(self) -> IndicatorPlaces:
        """The indicator rows by their effective place in the taxonomy."""
        return IndicatorPlaces(self.project)

    def strings(self, skip: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
        """Every string of the record with its pointer, in field order (field names in `skip`,
        export artefacts and what the importer could not read left out)."""
        found = self._strings.get(skip)
        if found is None:
            found = self._strings[skip] = []
            _collect(self.project, "", skip | _NOT_WRITTEN, found)
        return found

    @cached_property
    def text(self) -> str:
        """Every string of the record (as `strings()` has them) joined by newlines, in no set
        order: for quick tests only — a word found in no string is not in this text either."""
        parts: list[Any] = []
        try:
            _gather(self.project, parts)
            return "\n".join(parts)
        except (_Unusual, TypeError, KeyError):  # KeyError: a field never set
            return "\n".join(string for _, string in self.strings())

    @cached_property
    def row_texts(self) -> tuple[tuple[str, str], ...]:
        """Each indicator row's 三级 name and description, tags stripped and cleaned."""
        return tuple(_row_text(row.name, row.description) for row in self.project.indicators)


def document_facts(document: Document) -> list[ProjectFacts]:
    """The facts of each project table of a document (what the host passes to its rules)."""
    return [ProjectFacts(project) for project in document.projects]


@lru_cache(maxsize=CACHE_SIZE)
def _row_text(name: str, description: str) -> tuple[str, str]:
    return clean(strip_tags(name)), clean(strip_tags(description))


#: Not the department's text: export artefacts and what the importer could not read.
_NOT_WRITTEN = frozenset({"export_artefacts", "reading"})
#: Field names of each model class, in order (reading `model_fields` each time is slower).
_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type[BaseModel]) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(kind.model_fields)
    return names


def _collect(value: object, pointer: str, skip: frozenset[str], out: list[tuple[str, str]]) -> None:
    """Every string under `value` with its pointer, in field order, into `out`."""
    if isinstance(value, str):
        out.append((pointer, value))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                out.append((f"{pointer}/{index}", item))
            elif item is not None:
                _collect(item, f"{pointer}/{index}", skip, out)
    elif isinstance(value, BaseModel):
        fields = value.__dict__
        for name in _field_names(type(value)):
            if name in skip:
                continue
            item = fields.get(name)
            if isinstance(item, str):
                out.append((f"{pointer}/{name}", item))
            elif item is not None:
                _collect(item, f"{pointer}/{name}", skip, out)


class _Unusual(Exception):
    """A record shaped unlike the model's own types: `text` takes the exact walk."""


def _gather(model: BaseModel, out: list[Any]) -> None:
    """Every string under `model` (export artefacts aside) into `out`, in no set order; the
    strings of a list of rows go in whole, blanks dropped. A value that is not a string (a
    nested model, a number) in such a list makes the caller's join fail.

    The host's hot path (once per table): field values are taken by one `itemgetter` per
    model class and a list of rows is flattened in C."""
    for value in _values_of(type(model))(model.__dict__):
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, BaseModel):
            _gather(value, out)
        elif isinstance(value, list) and value:
            kinds = set(map(type, value))
            kind = kinds.pop()
            if kinds:
                raise _Unusual
            if kind is str:  # goals
                out.extend(value)
            elif issubclass(kind, BaseModel):
                out.extend(
                    filter(None, chain.from_iterable(map(_values_of(kind), map(vars, value))))
                )
            else:
                raise _Unusual


@cache
def _values_of(kind: type[BaseModel]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A model's field values (export artefacts aside) from its `__dict__`, as a tuple."""
    names = [n for n in _field_names(kind) if n != "export_artefacts"]
    if len(names) == 1:
        only = names[0]
        return lambda fields: (fields[only],)
    return itemgetter(*names)
