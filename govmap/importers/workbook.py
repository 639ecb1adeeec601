"""Reading the cells of a spreadsheet: an .xlsx workbook, .csv files or a Kumu JSON blueprint.

Each file becomes a list of :class:`RawSheet` (the cell values of a sheet, by row number,
before its header is known), or problems saying why it cannot be read. What the cells
mean (Kumu's layout: Elements, Connections, ...) is :mod:`govmap.importers.sheet`'s part.

Reading is bounded before it is done: a file over :data:`MAX_FILE_BYTES`; a workbook whose
XML parts declare more than :data:`WORKBOOK_LIMITS` allows, or whose sheets hold a row of
more than :data:`MAX_ROW_BYTES` of XML (both checked before openpyxl parses anything); a
CSV row longer than :data:`MAX_ROW_CHARS` (checked while the lines are read, before the
row is split); more than :data:`MAX_ROWS` rows in a sheet or :data:`MAX_CELLS` cells in a
file. Each refusal names the file (and the part, row or line) and what to do.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import warnings
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from govmap.export.cells import csv_restore
from govmap.importers import layout
from govmap.importers.archive import Limits, Refusal, megabytes, open_zip, read_member
from govmap.model.problems import Location, Problem
from govmap.model.reader import read_bytes

#: Files larger than this are refused before reading.
MAX_FILE_BYTES = 20 * 1024 * 1024

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


@dataclass
class RawSheet:
    """The cell values of one sheet (or CSV file), before the header is known."""

    title: str
    where: str
    rows: list[tuple[int, list[Any]]]
    #: A hint from the sheet's name (or a CSV file's name): one of the layout's sheets.
    hint: str | None = None


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
