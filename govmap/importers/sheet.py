"""Read a stakeholder map kept in a spreadsheet (Kumu's layout) into govmap YAML.

The input is an .xlsx workbook, or one or more .csv files, in the layout described in
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
the files and prints the problems.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import math
import re
import struct
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from openpyxl import load_workbook

from govmap.export.cells import csv_restore
from govmap.importers import layout
from govmap.importers.archive import Limits, Refusal, megabytes, open_zip, read_member
from govmap.model import vocab
from govmap.model.entities import SCHEMA_VERSION
from govmap.model.landscape import Landscape
from govmap.model.problems import Location, Problem, Severity
from govmap.model.reader import LocDict, position, read_bytes

#: Files larger than this are refused before reading.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: How far down a sheet the header row is looked for.
HEADER_SEARCH_ROWS = 20

NOT_XLSX = ("this is not an .xlsx file (it may be an old .xls): open it in a spreadsheet "
            "program and save as .xlsx or .csv")

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: A password-protected .xlsx is an OLE2 file holding this stream (named in UTF-16).
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
#: Rows and columns read from one sheet (the rest of a sheet this large is refused or left).
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
#: Cells read from one file, all sheets together (a sheet in Kumu's layout has a few
#: thousand rows of a few dozen columns).
MAX_CELLS = 2_000_000
#: Characters in one row of a CSV file (a row of a sheet holds a few hundred).
MAX_ROW_CHARS = 1_000_000
#: Bytes of XML in one row of a workbook's sheet.
MAX_ROW_BYTES = 2 * 1024 * 1024
#: What the zip inside an .xlsx may hold: its parts (XML) at most the per-file limit of a
#: landscape file each, and 50 MB together; checked before the XML parser reads anything.
WORKBOOK_LIMITS = Limits(max_members=1_000, max_member_bytes=MAX_FILE_BYTES,
                         max_total_bytes=50 * 1024 * 1024, what="the workbook", member="part",
                         advice="check that this is the right workbook, or save the sheets "
                         "you need in a new one (or as .csv)")

Scalar = str | int | float | bool | None


# -- reading cells ----------------------------------------------------------------------


@dataclass
class RawSheet:
    """The cell values of one sheet (or CSV file), before the header is known."""

    title: str
    where: str
    rows: list[tuple[int, list[Any]]]
    #: A hint from the sheet's name (or a CSV file's name): one of the layout's sheets.
    hint: str | None = None


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


def _sheet_of(name: str) -> str | None:
    """Which of the layout's sheets a sheet's name says, or None.

    A name containing ``(ignore)`` is skipped, as Kumu skips it, unless it is one of the
    sheets govmap itself writes that way (``Areas (ignore)``, ``Footprints (ignore)``,
    ``About (ignore)``).
    """
    ignored = layout.IGNORE_MARK in name.casefold()
    wanted = layout.normalise(name.casefold().replace(layout.IGNORE_MARK, ""))
    for sheet in (layout.ELEMENTS, layout.CONNECTIONS, layout.AREAS, layout.FOOTPRINTS,
                  layout.ABOUT, *layout.EXTRA_SHEETS):
        if wanted == layout.normalise(sheet):
            return layout.IGNORED if ignored and sheet in (
                layout.ELEMENTS, layout.CONNECTIONS) else sheet
    return layout.IGNORED if ignored else None


def read_workbook(name: str, raw: bytes) -> tuple[list[RawSheet], list[Problem]]:
    """The sheets of an .xlsx workbook, or a problem saying why it cannot be read.

    An .xlsx is a zip of XML parts. Before the XML parser sees it, the parts' declared
    sizes are checked (:data:`WORKBOOK_LIMITS`) and each sheet's rows are measured
    (:func:`_long_row`), so a small workbook holding gigabytes of XML, or a row of
    millions of cells, is refused in a fraction of a second.
    """
    if raw.startswith(_OLE2_MAGIC) and _ENCRYPTED in raw:
        return [], [Problem(Location(name), "the workbook is protected with a password "
                            "(encrypted), so it cannot be read: open it, remove the password "
                            "(File > Info > Protect Workbook) and save it again")]
    if raw.startswith(_OLE2_MAGIC) or not raw.startswith(b"PK"):
        return [], [Problem(Location(name), NOT_XLSX)]
    try:
        with open_zip(raw, WORKBOOK_LIMITS) as parts:
            refusal = _long_row(parts)
    except Refusal as exc:
        return [], [Problem(Location(name), str(exc))]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, struct.error):
        refusal = None  # not a zip, or a damaged one: the parser says so below
    if refusal:
        return [], [Problem(Location(name), refusal)]
    try:
        with warnings.catch_warnings():  # openpyxl warns about features it does not read
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True,
                                     keep_links=False)
    except Exception as exc:  # any refusal of the parser is a message
        detail = str(exc).strip() or type(exc).__name__
        return [], [Problem(Location(name), f"{NOT_XLSX} ({detail})")]
    sheets = []
    problems: list[Problem] = []
    cells = 0
    try:
        for worksheet in workbook.worksheets:
            where = f"{name}:{worksheet.title}"
            worksheet.reset_dimensions()  # a declared size can claim the whole grid: ignore it
            rows = []
            widest = 0
            for number, values in enumerate(worksheet.iter_rows(values_only=True), 1):
                if number > MAX_ROWS:
                    return [], [Problem(Location(where), (
                        f"the sheet has more than {MAX_ROWS:,} rows; govmap reads at most "
                        f"{MAX_ROWS:,}: split it, or check that it is the right sheet"))]
                if values.count(None) == len(values):  # an empty row: skipped cheaply
                    continue
                kept = list(values[:MAX_COLUMNS])
                while kept and kept[-1] is None:
                    kept.pop()
                widest = max(widest, len(values))
                cells += len(kept)
                if cells > MAX_CELLS:
                    return [], [_too_many_cells(Location(where, number, 1))]
                rows.append((number, kept))
            if widest > MAX_COLUMNS:
                problems.append(Problem(Location(where), (
                    f"the sheet has {widest:,} columns; govmap reads the first "
                    f"{MAX_COLUMNS:,}"), "warning"))
            sheets.append(RawSheet(worksheet.title, where, rows, _sheet_of(worksheet.title)))
    except Exception as exc:  # a damaged part, an XML entity: a message
        return [], [Problem(Location(name), f"the workbook is damaged or unsafe and cannot be "
                            f"read ({type(exc).__name__}: {exc}); open it in a spreadsheet "
                            "program and save it again")]
    finally:
        workbook.close()
    return sheets, problems


_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


def _long_row(parts: zipfile.ZipFile) -> str | None:
    """Why a worksheet of the workbook must not be parsed (a row of more than
    :data:`MAX_ROW_BYTES` of XML), or None.

    The XML parser holds a whole row at a time, with an object for every cell: a row of
    millions of cells would need gigabytes. The parts are already known to be small
    (:data:`WORKBOOK_LIMITS`), so measuring the distance between row tags is cheap.
    """
    for info in parts.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        data = read_member(parts, info, WORKBOOK_LIMITS.max_member_bytes)
        starts = [m.start() for m in _ROW_START.finditer(data)]
        ends = [*starts[1:], len(data)]
        for index, (start, end) in enumerate(zip(starts, ends, strict=True), 1):
            if end - start > MAX_ROW_BYTES:
                return (f"row {index:,} of the part '{info.filename}' holds "
                        f"{megabytes(end - start)} of XML (a row of a sheet needs a few KB); "
                        f"govmap reads rows up to {megabytes(MAX_ROW_BYTES)}: check that this "
                        "is the right workbook, or save the sheet again from a spreadsheet "
                        "program")
    return None


def _too_many_cells(where: Location) -> Problem:
    return Problem(where, (f"the file holds more than {MAX_CELLS:,} cells; govmap reads at "
                           f"most {MAX_CELLS:,}: check that it is the right file, or split it"))


def read_csv(name: str, raw: bytes) -> tuple[list[RawSheet], list[Problem]]:
    """The rows of a CSV file: UTF-8 (with or without BOM), else Windows-1252 with a warning."""
    problems: list[Problem] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        try:
            return _rows_of_csv(name, raw.decode("utf-16"), problems)
        except UnicodeDecodeError:
            return [], [Problem(Location(name), "the file starts as UTF-16 but is damaged; "
                                "save it from your spreadsheet program as 'CSV UTF-8'")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            return [], [Problem(Location(name, line, 1), (
                f"the file is neither UTF-8 nor Windows-1252 (byte 0x{raw[exc.start]:02x} at "
                f"byte {exc.start}); save it from your spreadsheet program as 'CSV UTF-8' "
                "and try again"))]
        line = raw[: utf8_error.start].count(b"\n") + 1
        problems.append(Problem(Location(name, line, 1), (
            "the file is not UTF-8, so it was read as Windows-1252 (Excel's 'CSV' on "
            "Windows); check that accented letters came through, or save it as 'CSV UTF-8' "
            "(Welsh letters such as ŵ and ŷ need UTF-8)"), "warning"))
    if "\x00" in text[:8192]:
        return [], [Problem(Location(name), "this is a binary file, not CSV; save the sheet "
                            "as .csv or .xlsx")]
    return _rows_of_csv(name, text, problems)


def _rows_of_csv(name: str, text: str, problems: list[Problem]
                 ) -> tuple[list[RawSheet], list[Problem]]:
    """The rows of a CSV text, read a line at a time within the limits: at most
    :data:`MAX_ROW_CHARS` characters in a row, :data:`MAX_ROWS` rows and :data:`MAX_CELLS`
    cells (a wider row than :data:`MAX_COLUMNS` keeps its first columns, with a warning);
    each field at most :func:`csv.field_size_limit` characters."""
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines = _Lines(text)
    reader = csv.reader(lines, dialect)
    rows: list[tuple[int, list[Any]]] = []
    cells = 0
    widest = (0, 0)
    try:
        start = 1
        for values in reader:
            if len(rows) >= MAX_ROWS:
                return [], [*problems, Problem(Location(name, start, 1), (
                    f"the file has more than {MAX_ROWS:,} rows; govmap reads at most "
                    f"{MAX_ROWS:,}: split it, or check that it is the right file"))]
            if len(values) > MAX_COLUMNS:
                widest = max(widest, (len(values), start))
                del values[MAX_COLUMNS:]
            cells += len(values)
            if cells > MAX_CELLS:
                return [], [*problems, _too_many_cells(Location(name, start, 1))]
            # a value govmap (or another careful writer) guarded against formulas: unguard
            rows.append((start, [csv_restore(value) for value in values]))
            start = reader.line_num + 1
            lines.row_done()
    except _LongRow as exc:
        return [], [*problems, Problem(Location(name, start, 1), (
            f"the row starting on line {start:,} is longer than {MAX_ROW_CHARS:,} characters "
            f"({exc.separators:,} separators or more); govmap reads rows up to that: check "
            "that this is a sheet saved as CSV, and that its quotes are closed"))]
    except csv.Error as exc:
        return [], [*problems, Problem(Location(name, reader.line_num, 1),
                                       f"not valid CSV: {exc}")]
    if widest[0]:
        problems.append(Problem(Location(name, widest[1], 1), (
            f"a row has {widest[0]:,} columns; govmap reads the first {MAX_COLUMNS:,}"),
            "warning"))
    stem = Path(name).stem
    return [RawSheet(stem, name, rows, _sheet_of(stem))], problems


class _LongRow(Exception):
    def __init__(self, separators: int) -> None:
        super().__init__(separators)
        self.separators = separators


class _Lines:
    """The lines of a text for :func:`csv.reader`, refusing (:class:`_LongRow`) a row
    longer than :data:`MAX_ROW_CHARS` before the reader splits it into cells."""

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self._row_chars = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._row_chars += len(line)
        if self._row_chars > MAX_ROW_CHARS:
            raise _LongRow(line.count(",") + line.count(";") + line.count("\t"))
        return line

    def row_done(self) -> None:
        self._row_chars = 0


def read_file(path: str | Path) -> tuple[list[RawSheet], list[Problem]]:
    """The sheets of one .xlsx or .csv file, never raising for bad input."""
    name = str(path)
    target = Path(path)
    try:
        if target.is_dir():
            return [], [Problem(Location(name), "is a folder; give an .xlsx or .csv file")]
        size = target.stat().st_size
        if size > MAX_FILE_BYTES:
            return [], [Problem(Location(name), (
                f"the file is {size / 1e6:.1f} MB; govmap reads spreadsheets up to "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB"))]
        raw = target.read_bytes()
    except FileNotFoundError:
        return [], [Problem(Location(name), "no such file")]
    except PermissionError:
        return [], [Problem(Location(name), "cannot read the file: permission denied")]
    except OSError as exc:
        return [], [Problem(Location(name), f"cannot read the file: {exc.strerror or exc}")]
    return read_bytes_of(name, raw)


def _blueprint_value(key: str, value: Any) -> Any:
    if isinstance(value, list):
        parts = [str(v) for v in value if v is not None and not isinstance(v, dict | list)]
        separator = layout.SOURCE_SEPARATOR if layout.normalise(key) in ("sources", "source") \
            else layout.LIST_SEPARATOR
        return separator.join(parts) or None
    return value


#: Keys of Kumu's project backups that mean a field of the layout.
_BLUEPRINT_KEYS = {"_id": "id", "element type": "type", "connection type": "type"}


def read_blueprint(name: str, raw: bytes) -> tuple[list[RawSheet], list[Problem]]:
    """A Kumu JSON blueprint (``{"elements": [...], "connections": [...]}``) as two sheets.

    Each element or connection becomes a row whose columns are its keys, so the sheet
    rules apply unchanged (``label``, ``type``, ``id``, ``from``, ``to``, ``direction``,
    ``tags``, any field). A list becomes ``a|b`` (sources: one per line). Keys under an
    ``attributes`` object, as in Kumu's project backups, are read as if they were at the top.
    The row number of a problem is the item's position in its list (1 for the first).
    """
    # govmap's own reader: the same limits and located refusals as a landscape's JSON
    # (depth, size, over-long numbers, control characters, duplicate keys)
    read = read_bytes(raw, name if name.lower().endswith(".json") else f"{name}.json")
    if read.problems:
        return [], [replace(p, location=replace(p.location, file=name)) for p in read.problems]
    document = read.data
    if isinstance(document, dict) and "schema_version" in document:
        return [], [Problem(Location(name), (
            "this is govmap's own JSON (as 'govmap export --format json' writes it), not a "
            "Kumu blueprint: it needs no import; use it as it is (govmap validate "
            f"{name})"))]
    if not isinstance(document, dict) or not isinstance(document.get("elements"), list):
        return [], [Problem(Location(name), (
            "this is not a Kumu blueprint: it needs an \"elements\" list (and usually a "
            "\"connections\" list), as in {\"elements\": [{\"label\": \"A\"}], "
            "\"connections\": [{\"from\": \"A\", \"to\": \"B\"}]}"))]
    sheets: list[RawSheet] = []
    problems: list[Problem] = []
    for key, sheet in (("elements", layout.ELEMENTS), ("connections", layout.CONNECTIONS)):
        items = document.get(key) or []
        where = f"{name}:{key}"
        if not isinstance(items, list):
            problems.append(Problem(Location(where), f"\"{key}\" must be a list"))
            continue
        header: list[str] = []
        flat: list[tuple[int, dict[str, Any]]] = []
        for number, item in enumerate(items, 1):
            if not isinstance(item, dict):
                problems.append(Problem(Location(where, number, 1), (
                    f"this item is {type(item).__name__}, not an object with keys such as "
                    "\"label\"; it was not read")))
                continue
            nested = item.get("attributes")
            values = {k: v for k, v in item.items() if k != "attributes"}
            if isinstance(nested, dict):
                values.update(nested)
            kept: dict[str, Any] = {}
            for given, value in values.items():
                field_name = _BLUEPRINT_KEYS.get(given.casefold(), given)
                if isinstance(value, dict):
                    problems.append(Problem(Location(where, number, 1), (
                        f"'{field_name}' holds an object, which govmap cannot keep; it was "
                        "left out"), "warning"))
                    continue
                kept[field_name] = _blueprint_value(field_name, value)
                if field_name not in header:
                    header.append(field_name)
            flat.append((number, kept))
        rows = [(0, list(header))] + [(n, [v.get(h) for h in header]) for n, v in flat]
        if flat:
            sheets.append(RawSheet(sheet, where, rows, sheet))
    return sheets, problems


def read_bytes_of(name: str, raw: bytes) -> tuple[list[RawSheet], list[Problem]]:
    """The sheets of a file given as bytes; its name's ending says .xlsx, .csv or .json."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_workbook(name, raw)
    if suffix == ".json":
        return read_blueprint(name, raw)
    if suffix in (".csv", ".txt", ".tsv"):
        return read_csv(name, raw)
    if suffix == ".xls":
        return [], [Problem(Location(name), "this is an old .xls file, which govmap cannot "
                            "read: open it in a spreadsheet program and save as .xlsx or .csv")]
    if suffix == ".ods":
        return [], [Problem(Location(name), "govmap cannot read .ods files: save the "
                            "spreadsheet as .xlsx or .csv")]
    return [], [Problem(Location(name), "give an .xlsx workbook, .csv files (Kumu's "
                        "layout: an Elements sheet and a Connections sheet) or a Kumu JSON "
                        "blueprint (.json)")]


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
