"""Turn a stakeholder map kept in a spreadsheet (Kumu's layout) into govmap YAML.

The cells come from :mod:`govmap.importers.workbook` (an .xlsx workbook, .csv files or a
Kumu JSON blueprint, read within its limits); this module says what they mean. The input
is in the layout described in
:mod:`govmap.importers.layout` and ``docs/exchange.md``: an **Elements** sheet (``Label``,
``Type``, ...), a **Connections** sheet (``From``, ``To``, ``Type``, ...) and, optionally,
**Areas** and **Footprints** sheets and govmap's own columns.

Nothing is dropped silently. A column govmap does not know is kept as an attribute of the
element (on a connection, where there are no attributes, it is added to the notes); a row
that cannot be used is reported with its sheet and row number; every assumption (a header
found below row 1, a CSV read as Windows-1252, devolved/elected assumed from the kind) is
reported as a warning. :func:`locate` then maps the loader's findings on the written YAML
back to the sheet, row and column they came from.

These functions read and return plain data; the command ``govmap import-sheet`` writes
the files and prints the problems. The readers are importable from here too, as before
the split (:func:`read_file`, :func:`read_bytes_of`, :class:`RawSheet`, ...).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from govmap.importers import layout
from govmap.importers.workbook import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROW_BYTES,
    MAX_ROW_CHARS,
    MAX_ROWS,
    NOT_XLSX,
    WORKBOOK_LIMITS,
    RawSheet,
    _sheet_of,
    read_blueprint,
    read_bytes_of,
    read_csv,
    read_file,
    read_workbook,
)
from govmap.model import vocab
from govmap.model.entities import SCHEMA_VERSION
from govmap.model.landscape import Landscape
from govmap.model.problems import Location, Problem, Severity
from govmap.model.reader import LocDict, position, read_bytes

__all__ = [
    "HEADER_SEARCH_ROWS", "MAX_CELLS", "MAX_COLUMNS", "MAX_FILE_BYTES", "MAX_ROWS",
    "MAX_ROW_BYTES", "MAX_ROW_CHARS", "NOT_XLSX", "WORKBOOK_LIMITS", "Item", "RawSheet", "Row",
    "SheetImport", "Table", "find_table", "import_sheets", "locate", "read_blueprint",
    "read_bytes_of", "read_csv", "read_file", "read_workbook", "to_yaml",
]

#: How far down a sheet the header row is looked for.
HEADER_SEARCH_ROWS = 20

Scalar = str | int | float | bool | None


@dataclass
class Row:
    """A data row of a sheet: its values by govmap field, and the columns they came from."""

    sheet: str
    where: str
    number: int
    values: dict[str, Any]
    attributes: dict[str, Scalar]
    columns: dict[str, int]
    first_column: int = 1

    def at(self, field_name: str | None = None) -> Location:
        column = self.columns.get(field_name or "", self.first_column)
        return Location(self.where, self.number, column)

    def text(self, field_name: str) -> str | None:
        return _text(self.values.get(field_name))


@dataclass
class Table:
    """A sheet whose header has been found."""

    sheet: str
    where: str
    rows: list[Row]
    header_row: int = 1


# -- finding headers ----------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _kind_of_header(cells: Sequence[Any], hint: str | None) -> str | None:
    names = {layout.normalise(str(c)) for c in cells if isinstance(c, str) and c.strip()}
    if hint in layout.EXTRA_SHEETS:
        first = layout.normalise(layout.COLUMNS[hint][0].header)
        return hint if first in names else None
    if hint in (layout.AREAS, layout.FOOTPRINTS):
        return hint if names & {"id", "name", "label"} else None
    if {"from", "to"} <= names:
        return layout.CONNECTIONS
    if "label" in names:
        return layout.ELEMENTS
    if hint is None and "family" in names and ("id" in names or "name" in names):
        return layout.FOOTPRINTS
    if hint is None and "population" in names and "id" in names:
        return layout.AREAS
    if hint == layout.ELEMENTS and "name" in names:
        return layout.ELEMENTS
    return None


def find_table(raw: RawSheet) -> tuple[Table | None, list[Problem]]:
    """Find a sheet's header row and read its rows by column; say what was skipped."""
    problems: list[Problem] = []
    content = [(n, cells) for n, cells in raw.rows if not all(_blank(c) for c in cells)]
    if raw.hint == layout.ABOUT:
        return None, []
    if raw.hint == layout.IGNORED:
        if content and _sheet_of(raw.title.casefold().replace(layout.IGNORE_MARK, "")) in (
                layout.ELEMENTS, layout.CONNECTIONS):
            problems.append(Problem(Location(raw.where), (
                f"the sheet '{raw.title}' was not read: its name says {layout.IGNORE_MARK}, "
                "which makes Kumu skip it too; rename it to read it"), "warning"))
        return None, problems
    if not content:
        if raw.hint in (layout.ELEMENTS, layout.CONNECTIONS):
            problems.append(Problem(Location(raw.where), f"the {raw.hint} sheet is empty",
                                    "warning"))
        return None, problems
    found: tuple[int, str] | None = None
    for number, cells in content:
        if number > HEADER_SEARCH_ROWS:
            break
        sheet = _kind_of_header(cells, raw.hint)
        if sheet is not None:
            found = (number, sheet)
            break
    if found is None:
        expected = {
            layout.CONNECTIONS: "'From' and 'To'", layout.AREAS: "'ID' and 'Name'",
            layout.FOOTPRINTS: "'ID' and 'Name'",
        }.get(raw.hint or "", "'Label' (elements) or 'From' and 'To' (connections)")
        severity: Severity = "error" if raw.hint else "warning"
        problems.append(Problem(Location(raw.where, content[0][0], 1), (
            f"no header row with {expected} in the first {HEADER_SEARCH_ROWS} rows, so this "
            "sheet was not read; put the column names in the first row"), severity))
        return None, problems
    header_number, sheet = found
    if header_number > 1:
        skipped = [n for n, _ in content if n < header_number]
        what = (f"row{'s' if len(skipped) > 1 else ''} {_numbers(skipped)} above it "
                f"(a title?) {'were' if len(skipped) > 1 else 'was'} skipped" if skipped
                else "the rows above it are empty")
        problems.append(Problem(Location(raw.where, header_number, 1), (
            f"the header is on row {header_number}, not row 1; {what}"), "warning"))
    header = next(cells for n, cells in content if n == header_number)
    fields: dict[int, str] = {}
    attribute_names: dict[int, str] = {}
    seen: dict[str, int] = {}
    for index, cell in enumerate(header):
        if _blank(cell):
            continue
        text = _text(cell) or ""
        if text.lower().startswith(layout.ATTRIBUTE_PREFIX):
            attribute_names[index] = text[len(layout.ATTRIBUTE_PREFIX):].strip()
            continue
        field_name = layout.header_field(sheet, text)
        if field_name is None:
            attribute_names[index] = text
            continue
        if field_name in seen:
            problems.append(Problem(Location(raw.where, header_number, index + 1), (
                f"two columns hold '{field_name.replace('_', ' ')}' ({_letter(seen[field_name])} "
                f"and {_letter(index)}); only {_letter(seen[field_name])} was read, so delete "
                "or rename the other")))
            continue
        seen[field_name] = index
        fields[index] = field_name
    rows: list[Row] = []
    unnamed: set[int] = set()
    for number, cells in content:
        if number <= header_number:
            continue
        values: dict[str, Any] = {}
        attributes: dict[str, Scalar] = {}
        for index, cell in enumerate(cells):
            if _blank(cell):
                continue
            if index in fields:
                values[fields[index]] = cell
            elif index in attribute_names:
                attributes[attribute_names[index]] = _scalar(cell)
            elif index >= len(header) or _blank(header[index]):
                unnamed.add(index)
                attributes[f"column {_letter(index)}"] = _scalar(cell)
        columns = {f: i + 1 for i, f in fields.items()}
        columns.update({f"attr:{a}": i + 1 for i, a in attribute_names.items()})
        first = min(columns.values(), default=1)
        rows.append(Row(sheet, raw.where, number, values, attributes, columns,
                        columns.get("name", columns.get("from", first))))
    if not rows:
        problems.append(Problem(Location(raw.where, header_number, 1),
                                "there are no rows below the header", "warning"))
    if unnamed:
        letters = ", ".join(_letter(i) for i in sorted(unnamed))
        problems.append(Problem(Location(raw.where, header_number, min(unnamed) + 1), (
            f"column{'s' if len(unnamed) > 1 else ''} {letters} "
            f"{'hold' if len(unnamed) > 1 else 'holds'} values but no header; they were kept "
            "as attributes named 'column X': give them a header"), "warning"))
    return Table(sheet, raw.where, rows, header_number), problems


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _numbers(numbers: Sequence[int]) -> str:
    if len(numbers) > 1 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}-{numbers[-1]}"
    return ", ".join(map(str, numbers))


# -- reading values -----------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A cell as text: numbers without a spurious '.0', dates in ISO form."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _scalar(value: Any) -> Scalar:
    """A cell as an attribute value (text, number or true/false)."""
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return _text(value)


def _date(value: Any) -> Any:
    """A date cell: a real date, a year typed as a number, or text (checked by the loader)."""
    if isinstance(value, dt.datetime | dt.date):
        return _text(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return _text(value)


_TRUE = {"true", "yes", "y", "1", "t", "x", "ie", "oes"}
_FALSE = {"false", "no", "n", "0", "f", "nac_oes"}


def _bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = layout.normalise(_text(value) or "")
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return _text(value)


def _int(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value) or ""
    digits = re.sub(r"[,\s]", "", text)
    # (no int() of thousands of digits: Python refuses it; the reader names the value)
    return int(digits) if digits.isdigit() and len(digits) <= 100 else text


# -- building the landscape ---------------------------------------------------------------


@dataclass
class Item:
    """One entity for the YAML, with the row it came from and the rows of its parts."""

    section: str
    data: dict[str, Any]
    row: Row
    parts: dict[str, list[Row]] = field(default_factory=dict)

    def add(self, key: str, value: dict[str, Any], row: Row) -> None:
        self.data.setdefault(key, []).append(value)
        self.parts.setdefault(key, []).append(row)


@dataclass
class SheetImport:
    """What reading the sheets produced: entities for the YAML, and every problem."""

    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    #: (where, row number) of every row that went into the landscape.
    used: set[tuple[str, int]] = field(default_factory=set)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def count(self, section: str) -> int:
        return sum(1 for item in self.items if item.section == section)


_SECTION_ORDER = ("areas", "footprints", "organisations", "bodies", "duties", "arrangements",
                  "documents")
_SECTION_OF = {layout.ORGANISATION: "organisations", layout.BODY: "bodies",
               layout.DUTY: "duties"}


def _key(label: str) -> str:
    return " ".join(label.casefold().split())


class _Builder:
    def __init__(self, known: Landscape | None) -> None:
        self.known = known or Landscape()
        self.result = SheetImport()
        self.items: dict[str, Item] = {}
        self.labels: dict[str, dict[str, list[str]]] = {
            "areas": {}, "footprints": {}, "elements": {}, "arrangements": {},
        }
        self.defaults_assumed: list[Row] = []
        self.levels_assumed: list[tuple[Row, str]] = []

    # problems
    def error(self, where: Location, message: str) -> None:
        self.result.problems.append(Problem(where, message))

    def warn(self, where: Location, message: str) -> None:
        self.result.problems.append(Problem(where, message, "warning"))

    # ids
    def claim(self, row: Row, section: str, label: str, given: str | None,
              index: str) -> str | None:
        """A unique id for a row (its ID, or its label's slug), or None if it repeats one."""
        if given:
            ident = given
            if ident in self.items or self._known_id(ident, section):
                first = self.items.get(ident)
                where = f"row {first.row.number} of {first.row.where}" if first else \
                    "the landscape given with --with"
                self.error(row.at("id"), f"ID '{ident}' is already used by {where}; give "
                           "each row its own ID (this row was not imported)")
                return None
        else:
            base = layout.slugify(label) or f"{section.rstrip('s')}-row-{row.number}"
            if not base[0].isalnum():
                base = f"x-{base}"
            same = [i for i in self.labels[index].get(_key(label), []) if i in self.items]
            if same:
                earlier = self.items[same[0]].row
                self.error(row.at("name"), (
                    f"'{label}' is also the label of row {earlier.number}; Kumu would merge the "
                    "two rows into one element, so this row was not imported: delete it, merge "
                    "it into the first, or give the two different labels or IDs"))
                return None
            ident, n = base, 1
            while ident in self.items or self._known_id(ident, section):
                n += 1
                ident = f"{base}-{n}"
            if n > 1:
                self.warn(row.at("name"), (
                    f"'{label}' makes the id '{base}', already taken, so it was given the id "
                    f"'{ident}'; add an ID column to choose ids yourself"))
        self.labels[index].setdefault(_key(label), []).append(ident)
        return ident

    def _known_id(self, ident: str, section: str) -> bool:
        tables: Iterable[Mapping[str, Any]] = (
            self.known.areas, self.known.footprints, self.known.organisations,
            self.known.bodies, self.known.duties)
        return any(ident in t for t in tables)

    # references
    def resolve(self, value: str, index: str, known: Iterable[Mapping[str, Any]],
                row: Row, field_name: str) -> str:
        """An id for a reference given as an id or a label; unchanged when unknown."""
        if value in self.items:
            return value
        if any(value in table for table in known):
            return value
        ids = self.labels[index].get(_key(value), [])
        ids = [i for i in ids if i in self.items]
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            self.error(row.at(field_name), f"'{value}' is the label of more than one row "
                       f"({', '.join(ids)}); give the ID instead")
            return value
        matches = [k for table in known for k, v in table.items()
                   if _key(getattr(v, "name", "")) == _key(value)]
        if len(matches) == 1:
            return matches[0]
        return value

    def provenance(self, row: Row, data: dict[str, Any]) -> None:
        for name in ("start_date", "end_date"):
            if name in row.values:
                data[name] = _date(row.values[name])
        sources = row.text("sources")
        if sources:
            data["sources"] = layout.split_sources(sources)
        confidence = row.text("confidence")
        if confidence:
            data["confidence"] = layout.confidence_term(confidence)
        dates_confidence = row.text("dates_confidence")
        if dates_confidence:
            data["dates_confidence"] = layout.confidence_term(dates_confidence)
        notes = row.text("notes")
        if notes:
            data["notes"] = notes

    # sheets
    def areas(self, table: Table) -> None:
        for row in table.rows:
            ident, name = row.text("id"), row.text("name")
            if not ident:
                self.error(row.at("id"), "this area has no ID; give its ONS GSS code "
                           "(for example W06000015) or delete the row")
                continue
            if not name:
                self.error(row.at("name"), f"area '{ident}' has no Name; give one")
                continue
            claimed = self.claim(row, "areas", name, ident, "areas")
            if claimed is None:
                continue
            data: dict[str, Any] = {"id": claimed, "name": name}
            self._common(row, data)
            if "population" in row.values:
                data["population"] = _int(row.values["population"])
            self.provenance(row, data)
            self._attributes(row, data)
            self.items[claimed] = Item("areas", data, row)

    def footprints(self, table: Table) -> None:
        for row in table.rows:
            name = row.text("name")
            if not name:
                self.error(row.at("name"), "this footprint has no Name; give one or delete "
                           "the row")
                continue
            claimed = self.claim(row, "footprints", name, row.text("id"), "footprints")
            if claimed is None:
                continue
            data: dict[str, Any] = {"id": claimed, "name": name}
            self._common(row, data)
            family = row.text("family")
            if family:
                data["family"] = layout.normalise(family)
            self.items[claimed] = Item("footprints", data, row)

    def fill_footprints(self) -> None:
        """Read each footprint's areas, unions and predecessors, once every name is known."""
        for item in [i for i in self.items.values() if i.section == "footprints"]:
            row, data = item.row, item.data
            for key, index, known in (
                ("areas", "areas", (self.known.areas,)),
                ("union", "footprints", (self.known.footprints,)),
                ("predecessors", "footprints", (self.known.footprints,)),
            ):
                text = row.text(key)
                if text:
                    data[key] = [self.resolve(v, index, known, row, key)
                                 for v in layout.split_list(text)]
            self.provenance(row, data)
            self._attributes(row, data)

    def _common(self, row: Row, data: dict[str, Any]) -> None:
        name_cy = row.text("name_cy")
        if name_cy:
            data["name_cy"] = name_cy

    def _attributes(self, row: Row, data: dict[str, Any]) -> None:
        if row.attributes:
            data["attributes"] = dict(row.attributes)

    def _entity_and_kind(self, row: Row) -> tuple[str, str] | None:
        entity_text = row.text("entity")
        entity = layout.normalise(entity_text) if entity_text else None
        if entity_text and entity not in layout.ENTITIES:
            self.error(row.at("entity"), (
                f"'{entity_text}' is not an entity govmap knows; write organisation, body or "
                "duty" + vocab.did_you_mean(entity or "", layout.ENTITIES)))
            return None
        given = row.text("kind") or row.text("type")
        column = "kind" if row.text("kind") else "type"
        if not given:
            if entity == layout.DUTY:
                return layout.DUTY, layout.DUTY
            self.error(row.at(column), (
                "this row has no Type; say what it is (for example Local authority, Police "
                "force, Community safety partnership, Public services board or Duty)"))
            return None
        term = layout.normalise(given)
        body_only = any(k in row.values for k in
                        ("level", "themes", "tags", "statutory_act", "chair"))
        if term in layout.TYPE_SYNONYMS and term not in vocab.ORGANISATION_KINDS \
                and term not in vocab.BODY_KINDS:
            synonym_entity, kind = layout.TYPE_SYNONYMS[term]
            return entity or synonym_entity, kind
        in_orgs, in_bodies = term in vocab.ORGANISATION_KINDS, term in vocab.BODY_KINDS
        if term == layout.DUTY:
            return layout.DUTY, layout.DUTY
        if entity == layout.ORGANISATION and in_orgs:
            return entity, term
        if entity == layout.BODY and in_bodies:
            return entity, term
        if entity is None and (in_orgs or in_bodies):
            if in_orgs and in_bodies:
                return (layout.BODY if body_only else layout.ORGANISATION), term
            return (layout.ORGANISATION if in_orgs else layout.BODY), term
        choices = {
            layout.ORGANISATION: list(vocab.ORGANISATION_KINDS),
            layout.BODY: list(vocab.BODY_KINDS),
        }.get(entity or "", [*vocab.ORGANISATION_KINDS, *vocab.BODY_KINDS, "duty",
                             *layout.TYPE_SYNONYMS])
        hint = vocab.did_you_mean(term, choices)
        what = f"an {entity}" if entity == layout.ORGANISATION else f"a {entity or 'govmap'}"
        self.error(row.at(column), (
            f"'{given}' is not {what} type govmap knows{hint}; use a kind from docs/schema.md "
            "(such as Local authority, Police force, Community safety partnership, Board) "
            "or add a 'kind' column"))
        return None

    def elements(self, table: Table) -> None:
        for row in table.rows:
            label = row.text("name")
            if not label:
                self.error(row.at("name"), "this row has no Label; give it one or delete "
                           "the row (it was not imported)")
                continue
            found = self._entity_and_kind(row)
            if found is None:
                continue
            entity, kind = found
            section = _SECTION_OF[entity]
            ident = self.claim(row, section, label, row.text("id"), "elements")
            if ident is None:
                continue
            data: dict[str, Any] = {"id": ident, "name": label}
            self._common(row, data)
            if entity != layout.DUTY:
                data["kind"] = kind
            self.items[ident] = Item(section, data, row)

    def fill_elements(self) -> None:
        """Read the rest of each element's row, once every label is known."""
        for item in [i for i in self.items.values() if i.row.sheet == layout.ELEMENTS]:
            {"organisations": self._organisation, "bodies": self._body,
             "duties": self._duty}[item.section](item)
            self.provenance(item.row, item.data)
            self._attributes(item.row, item.data)

    def _footprint_ref(self, row: Row) -> str | None:
        text = row.text("footprint")
        if not text:
            return None
        return self.resolve(text, "footprints", (self.known.footprints,), row, "footprint")

    def _actors(self) -> tuple[Mapping[str, Any], ...]:
        return (self.known.organisations, self.known.bodies)

    def _refs(self, row: Row, key: str, known: tuple[Mapping[str, Any], ...]) -> list[str]:
        return [self.resolve(v, "elements", known, row, key)
                for v in layout.split_list(row.text(key) or "")]

    def _organisation(self, item: Item) -> None:
        row, data = item.row, item.data
        devolved, elected = row.values.get("devolved"), row.values.get("elected")
        default = layout.ORGANISATION_DEFAULTS.get(data["kind"])
        if (devolved is None or elected is None) and default:
            self.defaults_assumed.append(row)
        data["devolved"] = _bool(devolved) if devolved is not None else (
            default[0] if default else None)
        data["elected"] = _bool(elected) if elected is not None else (
            default[1] if default else None)
        for key in ("devolved", "elected"):
            if data[key] is None:
                del data[key]
        footprint = self._footprint_ref(row)
        if footprint:
            data["footprint"] = footprint
        if row.text("parent"):
            data["parent"] = self.resolve(row.text("parent") or "", "elements",
                                          (self.known.organisations,), row, "parent")
        predecessors = self._refs(row, "predecessors", (self.known.organisations,))
        if predecessors:
            data["predecessors"] = predecessors

    def _body(self, item: Item) -> None:
        row, data = item.row, item.data
        level = row.text("level")
        footprint = self._footprint_ref(row)
        if level:
            data["level"] = layout.normalise(level)
        elif footprint:
            family = self._family(footprint)
            if family is not None:
                data["level"] = ("local" if family == "local_authority"
                                 else "national" if family == "nation" else "regional")
                self.levels_assumed.append((row, data["level"]))
        if footprint:
            data["footprint"] = footprint
        themes = [layout.THEME_SYNONYMS.get(layout.normalise(t), layout.normalise(t))
                  for t in layout.split_list(row.text("themes") or "")]
        extra_tags = []
        for tag in layout.split_list(row.text("tags") or ""):
            term = layout.normalise(tag)
            term = layout.THEME_SYNONYMS.get(term, term)
            if term in vocab.THEMES:
                themes.append(term)
            else:
                extra_tags.append(tag)
                self.warn(row.at("tags"), (
                    f"tag '{tag}' is not a govmap theme{vocab.did_you_mean(term, vocab.THEMES)}; "
                    "it was kept as the attribute 'Tags'"))
        if extra_tags:
            row.attributes.setdefault("Tags", layout.LIST_SEPARATOR.join(extra_tags))
        if themes:
            data["themes"] = list(dict.fromkeys(themes))
        act = row.text("statutory_act")
        if act and layout.normalise(act) in ("none", "non_statutory", "no"):
            data["statutory_basis"] = layout.NON_STATUTORY
        elif act:
            basis = {"act": act}
            if row.text("statutory_section"):
                basis["section"] = row.text("statutory_section") or ""
            data["statutory_basis"] = basis
        elif row.text("statutory_section"):
            self.error(row.at("statutory_section"), "a statutory section is given without the "
                       "Act; fill in the 'statutory basis' column")
        if row.text("chair"):
            data["chair"] = self.resolve(row.text("chair") or "", "elements",
                                         (self.known.organisations,), row, "chair")
        predecessors = self._refs(row, "predecessors", (self.known.bodies,))
        if predecessors:
            data["predecessors"] = predecessors

    def _duty(self, item: Item) -> None:
        row, data = item.row, item.data
        for key in ("law", "section"):
            if row.text(key):
                data[key] = row.text(key)
        if row.text("applies_per"):
            data["applies_per"] = layout.normalise(row.text("applies_per") or "")
        required = [layout.normalise(k) for k in layout.split_list(
            row.text("required_members") or "")]
        if required:
            data["required_members"] = required

    def _family(self, footprint: str) -> str | None:
        item = self.items.get(footprint)
        if item is not None and item.section == "footprints":
            family = item.data.get("family")
            return family if isinstance(family, str) else None
        known = self.known.footprints.get(footprint)
        return known.family if known else None

    def _section_of(self, ident: str) -> str | None:
        item = self.items.get(ident)
        if item is not None:
            return item.section
        for section, table in (("organisations", self.known.organisations),
                               ("bodies", self.known.bodies),
                               ("duties", self.known.duties)):
            if ident in table:
                return section
        return None

    def connections(self, table: Table) -> None:
        extra = sorted({k for row in table.rows for k in row.attributes})
        if extra and table.rows:
            many = len(extra) > 1
            self.warn(Location(table.where, table.header_row, 1), (
                f"govmap keeps no attributes on connections, so the column{'s' if many else ''} "
                f"{', '.join(repr(e) for e in extra)} {'were' if many else 'was'} added to "
                "each connection's notes"))
        first_of: dict[str, Row] = {}
        for row in table.rows:
            ident = row.text("id")
            if ident and ident in first_of:
                self.error(row.at("id"), (
                    f"connection ID '{ident}' is also the ID of row {first_of[ident].number}; "
                    "Kumu would merge the two rows into one connection, so this row was not "
                    "imported: give each connection its own ID"))
                continue
            if ident:
                first_of[ident] = row
            self._direction(row)
            for one in self._each_target(row):
                self._connection(one)

    def _each_target(self, row: Row) -> list[Row]:
        """A row whose To lists several elements (``a|b``), as Kumu reads it: one per element."""
        field_name = "to_id" if row.text("to_id") else "to"
        text = row.text(field_name) or ""
        targets = layout.split_list(text)
        if len(targets) < 2 or text in self.items or _key(text) in self.labels["elements"]:
            return [row]
        return [replace(row, values={**row.values, field_name: target}) for target in targets]

    def _direction(self, row: Row) -> None:
        given = row.text("direction")
        if not given or layout.normalise(given) == layout.DIRECTED:
            return
        what = (f"'{given}' is not a Kumu direction (directed, undirected, mutual)"
                if layout.normalise(given) not in layout.DIRECTIONS else
                f"the Direction is '{given}', but every govmap link has a direction")
        self.warn(row.at("direction"), (
            f"{what}; the connection was read as running From -> To (the Type says what "
            "the link is)"))

    def _end(self, row: Row, end: str) -> tuple[str, str] | None:
        given = row.text(f"{end}_id") or row.text(end)
        column = f"{end}_id" if row.text(f"{end}_id") else end
        if not given:
            self.error(row.at(end), (
                f"this connection has no '{end.title()}'; fill it in or delete the row "
                "(it was not imported)"))
            return None
        ident = self.resolve(given, "elements", (self.known.organisations, self.known.bodies,
                                                 self.known.duties), row, column)
        section = self._section_of(ident)
        if section is None:
            names = [i.data["name"] for i in self.items.values()
                     if i.section in _SECTION_OF.values()]
            hint = vocab.did_you_mean(given, names) or vocab.did_you_mean(given, list(self.items))
            self.error(row.at(column), (
                f"'{given}' ({end.title()}) is not the Label or ID of any element{hint}; this "
                "connection was not imported"))
            return None
        return ident, section

    def _connection(self, row: Row) -> None:
        start, end = self._end(row, "from"), self._end(row, "to")
        type_text = row.text("role") or row.text("type")
        type_column = "role" if row.text("role") else "type"
        if start is None or end is None:
            return
        (source, source_section), (target, target_section) = start, end
        if type_text:
            term = layout.normalise(type_text)
            term = layout.CONNECTION_SYNONYMS.get(term, term)
        elif source_section == "organisations" and target_section == "bodies":
            term = "member"
            self.warn(row.at("type"), "this connection has no Type; it was read as a "
                      "membership with role 'member' (say so in the Type column)")
        else:
            self.error(row.at("type"), (
                "this connection has no Type; say what it is (a role such as Member or "
                "Statutory member, or Accountable to, Reports to, Sub group of, Scrutinised "
                "by, Funded by, Discharges); it was not imported"))
            return
        kind = layout.connection_kind(term)
        if kind is None:
            hint = vocab.did_you_mean(term, layout.connection_terms())
            self.error(row.at(type_column), (
                f"'{type_text}' is not a connection Type govmap knows{hint}; use a role "
                f"({', '.join(vocab.ROLES)}), a line type ({', '.join(vocab.LINE_TYPES)}) or "
                "discharges; this connection was not imported"))
            return
        data: dict[str, Any] = {}
        notes = [row.text("notes")] + [f"{k}: {_text(v)}" for k, v in row.attributes.items()]
        notes_text = "\n".join(n for n in notes if n)
        if kind == layout.CHAIR:
            self._chair(row, source, source_section, target, target_section)
            return
        expected = {
            layout.MEMBERSHIP: (("organisations", "bodies"), ("bodies",),
                                "a membership runs From an organisation or a body To a body"),
            layout.LINE: (("organisations", "bodies"), ("organisations", "bodies"),
                          "a reporting line runs between organisations and bodies"),
            layout.DISCHARGES: (("bodies", "organisations"), ("duties",),
                                "a body or an organisation discharges a duty"),
        }[kind]
        if source_section not in expected[0] or target_section not in expected[1]:
            self.error(row.at(type_column), (
                f"'{type_text or term}' cannot link {_SINGULAR[source_section]} "
                f"'{source}' to {_SINGULAR[target_section]} '{target}': {expected[2]}; "
                "this connection was not imported"))
            return
        owner = target if kind == layout.MEMBERSHIP else source
        item = self.items.get(owner)
        if item is None:
            self.error(row.at("from" if owner == source else "to"), (
                f"'{owner}' is defined outside the spreadsheet (--with), so this connection "
                "cannot be added to it; add the connection in its own YAML file"))
            return
        if kind == layout.MEMBERSHIP:
            data = {"body" if source_section == "bodies" else "organisation": source,
                    "role": term}
            key = "members"
        elif kind == layout.LINE:
            data = {"target": target, "type": term}
            key = "reporting_lines"
        else:
            data = {"duty": target}
            key = "discharges"
        self.provenance(row, data)
        if notes_text:
            data["notes"] = notes_text
        item.add(key, data, row)

    def _chair(self, row: Row, source: str, source_section: str, target: str,
               target_section: str) -> None:
        pair = {source_section: source, target_section: target}
        if set(pair) != {"organisations", "bodies"}:
            self.error(row.at("type"), "a chair connection links an organisation and a body; "
                       "this connection was not imported")
            return
        body = self.items.get(pair["bodies"])
        if body is None:
            self.error(row.at("to"), f"'{pair['bodies']}' is defined outside the spreadsheet "
                       "(--with); set its chair in its own YAML file")
            return
        dated: dict[str, Any] = {"organisation": pair["organisations"]}
        self.provenance(row, dated)
        current = body.data.get("chair")
        if len(dated) > 1 or body.data.get("chairs"):
            # a dated (or sourced) chair: one of a list of chairs over time
            if current:
                self.error(row.at("from"), (
                    f"body '{pair['bodies']}' has the undated chair '{current}' (chair column) "
                    "and dated chairs (Chair connections); give its chairs one way, so this "
                    "connection was not imported"))
                return
            body.add("chairs", dated, row)
        elif current and current != pair["organisations"]:
            self.error(row.at("from"), (
                f"body '{pair['bodies']}' already has the chair '{current}'; a body with "
                "more than one chair gives each its start date and end date, so this "
                "connection was not imported"))
            return
        else:
            body.data["chair"] = pair["organisations"]
        self.result.used.add((row.where, row.number))

    def _owner(self, row: Row, sections: tuple[str, ...], what: str) -> Item | None:
        """The item a row of a facts sheet belongs to (given by ID or label)."""
        given = row.text("id")
        if not given:
            self.error(row.at("id"), f"this row names no {what}; give its ID (the row was "
                       "not imported)")
            return None
        ident = self.resolve(given, "elements", (), row, "id")
        if ident not in self.items and "footprints" in sections:
            ident = self.resolve(given, "footprints", (), row, "id")
        item = self.items.get(ident)
        if item is None or item.section not in sections:
            hint = vocab.did_you_mean(given, [k for k, i in self.items.items()
                                              if i.section in sections])
            self.error(row.at("id"), f"'{given}' is not the ID of any {what} in the "
                       f"workbook{hint}; the row was not imported")
            return None
        return item

    def names(self, table: Table) -> None:
        """Dated names: each row adds one to its element's (or footprint's) ``names``."""
        for row in table.rows:
            item = self._owner(row, ("organisations", "bodies", "duties", "footprints"),
                               "element or footprint")
            if item is None:
                continue
            name = row.text("name")
            if not name:
                self.error(row.at("name"), "this dated name has no Name; give one (the row "
                           "was not imported)")
                continue
            data: dict[str, Any] = {"name": name}
            self._common(row, data)
            self.provenance(row, data)
            item.add("names", data, row)

    def required(self, table: Table) -> None:
        """Required members of duties whose rule changed: each row adds one kind."""
        for row in table.rows:
            item = self._owner(row, ("duties",), "duty")
            if item is None:
                continue
            kind = row.text("kind")
            if not kind:
                self.error(row.at("kind"), "this row gives no kind of organisation; say "
                           "which (for example Police force)")
                continue
            data: dict[str, Any] = {"kind": layout.normalise(kind)}
            self.provenance(row, data)
            item.add("required_members", data, row)

    def arrangements(self, table: Table) -> None:
        for row in table.rows:
            ident = row.text("id")
            if not ident:
                self.error(row.at("id"), "this arrangement has no ID; give one")
                continue
            claimed = self.claim(row, "arrangements", ident, ident, "arrangements")
            if claimed is None:
                continue
            data: dict[str, Any] = {"id": claimed}
            footprint = self._footprint_ref(row)
            if footprint:
                data["footprint"] = footprint
            if row.text("arrangement"):
                data["arrangement"] = layout.normalise(row.text("arrangement") or "")
            for key in ("psb", "csp"):
                if row.text(key):
                    data[key] = self.resolve(row.text(key) or "", "elements",
                                             (self.known.bodies,), row, key)
            self.provenance(row, data)
            self.items[claimed] = Item("arrangements", data, row)

    def sources(self, table: Table) -> None:
        """The source registry: one document per row, keyed as citations name it."""
        for row in table.rows:
            key = row.text("key")
            if not key:
                self.error(row.at("key"), "this document has no Key (the name citations "
                           "use, such as 004_1052c6d804dc056a.txt or public:<document>)")
                continue
            data: dict[str, Any] = {"key": key}
            for name in ("title", "publisher", "url", "licence", "file", "notes"):
                if row.text(name):
                    data[name] = row.text(name)
            if "year" in row.values:
                data["year"] = _int(row.values["year"])
            slot = f"document:{key}"
            if slot in self.items:
                self.error(row.at("key"), f"document '{key}' is listed twice; keep one row")
                continue
            self.items[slot] = Item("documents", data, row)

    def finish(self) -> SheetImport:
        if self.defaults_assumed:
            rows = self.defaults_assumed
            self.warn(rows[0].at("devolved"), (
                f"'devolved' or 'elected' was not given for {len(rows)} organisation"
                f"{'s' if len(rows) > 1 else ''} (row{'s' if len(rows) > 1 else ''} "
                f"{_numbers([r.number for r in rows])}), so it was taken from the kind (a "
                "local authority is devolved and elected, a police force neither, ...); add "
                "'devolved' and 'elected' columns (yes/no) to say otherwise"))
        for row, level in self.levels_assumed:
            self.warn(row.at("level"), (
                f"no level given; '{level}' was assumed from the footprint's family (add a "
                "'level' column: national, regional, local or sub_local)"))
        for item in self.items.values():
            self.result.used.add((item.row.where, item.row.number))
            for rows in item.parts.values():
                self.result.used.update((r.where, r.number) for r in rows)
        order = {s: i for i, s in enumerate(_SECTION_ORDER)}
        self.result.items = sorted(self.items.values(), key=lambda i: order[i.section])
        return self.result


_SINGULAR = {"organisations": "organisation", "bodies": "body", "duties": "duty",
             "areas": "area", "footprints": "footprint", "arrangements": "arrangement",
             "documents": "document"}


def import_sheets(sheets: Sequence[RawSheet], known: Landscape | None = None) -> SheetImport:
    """Turn sheets in Kumu's layout into govmap entities.

    Parameters
    ----------
    sheets : sequence of RawSheet
        From :func:`read_file` (one workbook, or several CSV files).
    known : Landscape, optional
        A landscape the sheets may refer to (``--with``): footprints, areas and organisations
        named there by id or by name are linked, not copied.

    Returns
    -------
    SheetImport
        The entities (each with the row it came from) and every problem, located by file,
        sheet, row and column.
    """
    builder = _Builder(known)
    tables: dict[str, list[Table]] = {}
    for raw in sheets:
        table, problems = find_table(raw)
        builder.result.problems.extend(problems)
        if table is not None:
            tables.setdefault(table.sheet, []).append(table)
            builder.result.sheets.append(raw.where)
        elif raw.hint is None and not problems and any(
                not all(_blank(c) for c in cells) for _, cells in raw.rows):
            builder.warn(Location(raw.where), "this sheet was not read: govmap reads sheets "
                         "named Elements, Connections, Areas and Footprints (and Names, "
                         "Required members, Arrangements and Sources)")
    if not tables.get(layout.ELEMENTS) and not tables.get(layout.AREAS) \
            and not tables.get(layout.FOOTPRINTS):
        where = sheets[0].where.split(":")[0] if sheets else "(no file)"
        builder.error(Location(where), (
            "no Elements sheet found: govmap reads Kumu's layout, an Elements sheet with a "
            "'Label' column (and a 'Type' column) and a Connections sheet with 'From', 'To' "
            "and 'Type' columns"))
        return builder.finish()
    for table in tables.get(layout.AREAS, []):
        builder.areas(table)
    for table in tables.get(layout.FOOTPRINTS, []):
        builder.footprints(table)
    builder.fill_footprints()
    for table in tables.get(layout.ELEMENTS, []):
        builder.elements(table)
    builder.fill_elements()
    for table in tables.get(layout.CONNECTIONS, []):
        builder.connections(table)
    for table in tables.get(layout.NAMES, []):
        builder.names(table)
    for table in tables.get(layout.REQUIRED, []):
        builder.required(table)
    for table in tables.get(layout.ARRANGEMENTS, []):
        builder.arrangements(table)
    for table in tables.get(layout.SOURCES, []):
        builder.sources(table)
    return builder.finish()


# -- YAML ----------------------------------------------------------------------------------

_KEY_ORDER = ("id", "name", "name_cy", "kind", "family", "level", "footprint", "law",
              "section", "applies_per", "required_members", "areas", "union", "population",
              "devolved", "elected", "parent", "themes", "statutory_basis", "chair",
              "predecessors", "start_date", "end_date", "sources", "confidence", "notes",
              "attributes", "members", "reporting_lines", "discharges")


def _ordered(data: Mapping[str, Any]) -> dict[str, Any]:
    rank = {k: i for i, k in enumerate(_KEY_ORDER)}
    return {k: data[k] for k in sorted(data, key=lambda k: rank.get(k, len(rank)))}


class _Block(dict[str, Any]):
    """An entity: always written in block style, one key per line."""


class _Dumper(yaml.SafeDumper):
    """Entities in block style; short lists and connections on one line each."""


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flat = not isinstance(data, _Block) and all(
        not isinstance(v, dict | list) for v in data.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=flat)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flat = all(not isinstance(v, dict | list) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)


_Dumper.add_representer(_Block, _represent_dict)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)


def to_yaml(imported: SheetImport, title: str) -> str:
    """The imported entities as one govmap YAML document, each headed by its sheet and row."""
    lines = [f"# Imported by 'govmap import-sheet' from {title}.",
             "# Each entry names the sheet and row it came from.",
             f"schema_version: {SCHEMA_VERSION}"]
    for section in _SECTION_ORDER:
        items = [i for i in imported.items if i.section == section]
        if not items:
            continue
        lines.append("")
        lines.append(f"{section}:")
        for item in items:
            lines.append(f"# {item.row.where} row {item.row.number}")
            text = yaml.dump([_Block(_ordered(item.data))], Dumper=_Dumper,
                             allow_unicode=True, sort_keys=False, width=100)
            lines.append(text.rstrip("\n"))
    return "\n".join(lines) + "\n"


_MISSING = re.compile(r"missing required key '(\w+)'")

_FIELD_COLUMN = {
    "kind": "type", "themes": "tags", "statutory_basis": "statutory_act",
    "organisation": "from", "target": "to", "duty": "to", "role": "type", "type": "type",
    "family": "family",
}


def locate(imported: SheetImport, yaml_name: str, text: str,
           problems: Iterable[Problem]) -> list[Problem]:
    """Point the loader's problems on the written YAML back at the sheet row they came from.

    A problem inside an entity goes to the entity's row (and the column of the field, when
    the sheet has it); one inside a membership, reporting line or duty assignment goes to
    the connection's row. Problems elsewhere are returned unchanged.
    """
    data = read_bytes(text.encode("utf-8"), yaml_name).data
    starts: list[tuple[int, Row, Any]] = []
    counters: dict[str, int] = {}
    for item in imported.items:
        index = counters.get(item.section, 0)
        counters[item.section] = index + 1
        line, _ = position(data, (item.section, index))
        starts.append((line, item.row, _get(data, (item.section, index))))
        for key, rows in item.parts.items():
            for j, row in enumerate(rows):
                line, _ = position(data, (item.section, index, key, j))
                starts.append((line, row, _get(data, (item.section, index, key, j))))
    starts.sort(key=lambda s: s[0])
    lines = [s[0] for s in starts]
    located = []
    target = Path(yaml_name).resolve()
    for problem in problems:
        where = problem.location
        if Path(where.file).resolve() != target or where.line <= 0 or not starts:
            located.append(problem)
            continue
        at = bisect.bisect_right(lines, where.line) - 1
        if at < 0:
            located.append(problem)
            continue
        _, row, node = starts[at]
        column = row.first_column
        missing = _MISSING.search(problem.message)
        if missing:
            column = row.columns.get(_FIELD_COLUMN.get(missing[1], missing[1]), column)
        if isinstance(node, LocDict) and not missing:
            keyed = [(mark[0], key) for key, mark in node.key_marks.items()
                     if mark[0] <= where.line]
            if keyed:
                key = max(keyed)[1]
                name = _FIELD_COLUMN.get(key, key)
                if name == "type" and "kind" in row.columns:
                    name = "kind"
                if name == "tags" and "themes" in row.columns:
                    name = "themes"
                if name == "type" and "role" in row.columns:
                    name = "role"
                column = row.columns.get(name, column)
        located.append(Problem(Location(row.where, row.number, column), problem.message,
                               problem.severity))
    return located


def _get(data: Any, path: Sequence[str | int]) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data
