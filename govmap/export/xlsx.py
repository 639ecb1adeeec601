"""The landscape as a spreadsheet in Kumu's layout (``govmap export --format xlsx``).

The workbook follows Kumu's documented import rules (docs.kumu.io, "Structure your data for
Kumu" and "How do I avoid duplicating data?"):

- **Elements**: one row per organisation, body and duty, ``ID`` first (Kumu allows an ID
  column first and then matches elements on it), then ``Label``, ``Type``,
  ``Description``, ``Tags`` (``a|b``, Kumu's form);
- **Connections**: one row per seat, reporting line and duty assignment: ``ID`` (one per
  connection, stable from one export to the next, so a re-import updates rather than
  duplicates), ``From`` and ``To`` holding element **IDs** (Kumu requires IDs there once
  elements have IDs), ``Type`` and ``Direction`` (``directed``). ``From name`` and ``To
  name`` repeat the labels for people; the import does not need them.

govmap's own columns follow, and three more sheets whose names end in ``(ignore)``, so that
Kumu skips them: **About (ignore)** (what the workbook is), **Areas (ignore)** and
**Footprints (ignore)** (the geography), so that ``govmap import-sheet`` reads the workbook
back into the same landscape: nothing is lost (dates keep their precision; sources,
confidence, notes and attributes are kept). The layout is defined in
:mod:`govmap.importers.layout` and documented in ``docs/exchange.md``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from govmap import __version__
from govmap.export import xml_safe
from govmap.importers import layout
from govmap.model.dates import PartialDate
from govmap.model.entities import Area, Body, Duty, Footprint, Organisation, Provenance
from govmap.model.landscape import Landscape

Cell = str | int | float | bool | None
Table = list[list[Cell]]


def _date(value: PartialDate | None) -> str | None:
    return str(value) if value is not None else None


def _list(values: Iterable[str]) -> str | None:
    return layout.join_list(values)


def _provenance(item: Provenance) -> dict[str, Cell]:
    return {
        "start_date": _date(item.start_date),
        "end_date": _date(item.end_date),
        "sources": layout.SOURCE_SEPARATOR.join(item.sources) or None,
        "confidence": item.confidence,
        "dates_confidence": item.dates_confidence,
        "notes": item.notes,
    }


def _element(entity: Organisation | Body | Duty) -> dict[str, Cell]:
    row: dict[str, Cell] = {
        "name": entity.name, "id": entity.id, "name_cy": entity.name_cy,
        **_provenance(entity),
    }
    if isinstance(entity, Organisation):
        row.update({
            "type": layout.humanise(entity.kind), "entity": layout.ORGANISATION,
            "footprint": entity.footprint, "devolved": entity.devolved,
            "elected": entity.elected, "parent": entity.parent,
            "predecessors": _list(entity.predecessors),
        })
    elif isinstance(entity, Body):
        basis = entity.statutory_basis
        row.update({
            "type": layout.humanise(entity.kind), "entity": layout.BODY,
            "tags": _list(layout.tag(t) for t in entity.themes),
            "level": entity.level, "footprint": entity.footprint,
            "statutory_act": basis.act if basis else layout.NON_STATUTORY,
            "statutory_section": basis.section if basis else None,
            "chair": entity.chair, "predecessors": _list(entity.predecessors),
        })
    else:
        row.update({
            "type": layout.humanise(layout.DUTY), "entity": layout.DUTY,
            "law": entity.law, "section": entity.section, "applies_per": entity.applies_per,
            # a rule that changed over time goes to the Required members sheet, whole
            "required_members": None if _dated_rules(entity) else _list(
                r.kind for r in entity.required_members),
        })
    return row


def _dated_rules(duty: Duty) -> bool:
    return any(r.start_date or r.end_date or r.sources or r.confidence or r.notes
               or r.dates_confidence for r in duty.required_members)


def connections(landscape: Landscape) -> list[dict[str, Cell]]:
    """One row per seat, dated chair, reporting line and duty assignment, keyed by layout
    field.

    ``from`` and ``to`` are element IDs; ``id`` is the connection's own ID
    (:func:`govmap.importers.layout.connection_ids`); ``term`` is the govmap term that
    ``type`` writes for people.
    """
    rows: list[dict[str, Cell]] = []

    def add(source: str, target: str, term: str, item: Provenance) -> None:
        rows.append({
            "from": source, "to": target, "type": layout.humanise(term),
            "direction": layout.DIRECTED, "term": term,
            "from_label": landscape.name_of(source), "to_label": landscape.name_of(target),
            **_provenance(item),
        })

    actors: list[Organisation | Body] = [*landscape.organisations.values(),
                                         *landscape.bodies.values()]
    for actor in actors:
        for line in actor.reporting_lines:
            add(actor.id, line.target, line.type, line)
    for body in landscape.bodies.values():
        for member in body.members:
            add(member.member, body.id, member.role, member)
        for chair in body.chairs:
            add(chair.organisation, body.id, layout.CHAIR, chair)
    for actor in actors:
        for assignment in actor.discharges:
            add(actor.id, assignment.duty, layout.DISCHARGES, assignment)
    ids = layout.connection_ids((str(r["from"]), str(r["term"]), str(r["to"])) for r in rows)
    for row, ident in zip(rows, ids, strict=True):
        row["id"] = ident
    return rows


def _extra_sheets(landscape: Landscape) -> dict[str, list[dict[str, Cell]]]:
    """The rows of the sheets for dated names, dated rules, arrangements and sources."""
    named: list[Footprint | Organisation | Body | Duty] = [
        *landscape.footprints.values(), *landscape.organisations.values(),
        *landscape.bodies.values(), *landscape.duties.values()]
    return {
        layout.NAMES: [{"id": e.id, "name": n.name, "name_cy": n.name_cy, **_provenance(n)}
                       for e in named for n in e.names],
        layout.REQUIRED: [{"id": d.id, "kind": r.kind, **_provenance(r)}
                          for d in landscape.duties.values() if _dated_rules(d)
                          for r in d.required_members],
        layout.ARRANGEMENTS: [
            {"id": a.id, "footprint": a.footprint, "arrangement": a.arrangement, "psb": a.psb,
             "csp": a.csp, **_provenance(a)} for a in landscape.arrangements.values()],
        layout.SOURCES: [
            {"key": d.key, "title": d.title, "publisher": d.publisher, "year": d.year,
             "url": d.url, "licence": d.licence, "file": d.file, "notes": d.notes}
            for d in landscape.documents.values()],
    }


def _area(area: Area) -> dict[str, Cell]:
    return {"id": area.id, "name": area.name, "name_cy": area.name_cy,
            "population": area.population, **_provenance(area)}


def _footprint(footprint: Footprint) -> dict[str, Cell]:
    return {
        "id": footprint.id, "name": footprint.name, "name_cy": footprint.name_cy,
        "family": footprint.family, "areas": _list(footprint.areas),
        "union": _list(footprint.union), "predecessors": _list(footprint.predecessors),
        **_provenance(footprint),
    }


def _table(sheet: str, rows: Sequence[dict[str, Cell]],
           attributes: Sequence[dict[str, Any]]) -> Table:
    """Header and rows of a sheet: the layout's columns, then one column per attribute."""
    columns = layout.written_columns(sheet)
    keys: list[str] = []
    for attrs in attributes:
        keys.extend(k for k in attrs if k not in keys)
    header: list[Cell] = [c.header for c in columns]
    header += [layout.attribute_header(sheet, k) for k in keys]
    table: Table = [header]
    for row, attrs in zip(rows, attributes, strict=True):
        table.append([row.get(c.field) for c in columns] + [attrs.get(k) for k in keys])
    return table


def tables(landscape: Landscape) -> dict[str, Table]:
    """The workbook as plain data: sheet name -> rows (the first row is the header).

    Parameters
    ----------
    landscape : Landscape
        Any landscape (usually the whole one; a dated view loses what had ended).

    Returns
    -------
    dict
        ``Elements``, ``Connections``, ``Areas`` and ``Footprints``, and, when the
        landscape has any, ``Names`` (dated names), ``Required members`` (a duty whose rule
        changed, every kind with its dates), ``Arrangements`` and ``Sources`` (the source
        registry); every sheet but Elements and Connections is written as ``<name>
        (ignore)``, so that Kumu skips it. Dated chairs are Connections of Type Chair.
        Lists in one cell are separated by ``|``
        (:data:`~govmap.importers.layout.LIST_SEPARATOR`), sources by
        new lines; dates are text at their precision (``2014``, ``2014-04``,
        ``2014-04-01``); vocabulary terms in Type and Tags are written for people
        (``Community safety partnership``) and read back by
        :func:`govmap.importers.layout.normalise`.

    Examples
    --------
    >>> from govmap.model.entities import Area
    >>> t = tables(Landscape.build(areas=[Area(id="W06000015", name="Cardiff")]))
    >>> t["Areas"][1][:2]
    ['W06000015', 'Cardiff']
    """
    elements: list[Organisation | Body | Duty] = [
        *landscape.organisations.values(), *landscape.bodies.values(),
        *landscape.duties.values(),
    ]
    links = connections(landscape)
    extra = {name: _table(name, rows, [{}] * len(rows))
             for name, rows in _extra_sheets(landscape).items() if rows}
    return {
        layout.ELEMENTS: _table(layout.ELEMENTS, [_element(e) for e in elements],
                                [e.attributes for e in elements]),
        layout.CONNECTIONS: _table(layout.CONNECTIONS, links, [{}] * len(links)),
        layout.AREAS: _table(layout.AREAS, [_area(a) for a in landscape.areas.values()],
                             [a.attributes for a in landscape.areas.values()]),
        layout.FOOTPRINTS: _table(
            layout.FOOTPRINTS, [_footprint(f) for f in landscape.footprints.values()],
            [f.attributes for f in landscape.footprints.values()]),
        **extra,
    }


_ABOUT = (
    "This workbook was written by govmap {version} ('govmap export --format xlsx').",
    "Elements and Connections are in Kumu's layout (ID, Label, Type, ...; ID, From, To,",
    "Type, Direction, ...), so Kumu can import them; From and To hold element IDs, as Kumu",
    "requires when elements have IDs. Kumu skips the sheets whose names say (ignore).",
    "The other columns and the other sheets (Areas, Footprints, and Names, Required",
    "members, Arrangements and Sources when present) are govmap's: keep them, and",
    "'govmap import-sheet' reads the workbook back unchanged.",
    "Lists in one cell are separated by '|'; sources are one per line of their cell.",
    "Dates are written at the precision known: 2014, 2014-04 or 2014-04-01.",
    "{as_at}",
)


def to_xlsx(landscape: Landscape) -> bytes:
    """The landscape as an .xlsx workbook (see :func:`tables` for its content).

    Text cells are always stored as text, so a value beginning with ``=`` is never run as a
    formula when the workbook is opened. A character no spreadsheet cell can hold (a
    control character other than tab and new line) is written as U+FFFD.
    """
    workbook = Workbook()
    about = workbook.active
    about.title = layout.sheet_title(layout.ABOUT)
    as_at = (f"This is the landscape as at {landscape.as_at_date}." if landscape.as_at_date
             else "This is the whole landscape, with every date.")
    for line in _ABOUT:
        about.append([line.format(version=__version__, as_at=as_at)])
    about.column_dimensions["A"].width = 100
    for name, table in tables(landscape).items():
        sheet = workbook.create_sheet(layout.sheet_title(name))
        for row in table:
            sheet.append([xml_safe(c) if isinstance(c, str) else c for c in row])
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula
                    if "\n" in cell.value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.data_type = "s"
        sheet.freeze_panes = "C2" if name in (layout.ELEMENTS, layout.CONNECTIONS) else "B2"
        for index, header in enumerate(table[0], start=1):
            width = max(len(str(header or "")), *(len(str(r[index - 1] or "")) for r in table))
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8), 50) + 2
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
