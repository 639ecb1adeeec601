"""The landscape as Popolo JSON (``govmap export --format popolo``).

`Popolo <https://www.popoloproject.com/>`_ is the open standard that civic software uses to
exchange organisations, memberships and areas. The document has the usual Popolo top-level
lists, each item valid against the Popolo JSON Schemas (draft-03):

- ``organizations``: every organisation **and** every body (a board is a Popolo
  organization too), with ``classification`` (the govmap kind), ``parent_id`` (an
  organisation's parent; a body's ``sub_group_of`` target), ``area_id`` (its footprint),
  ``founding_date`` and ``dissolution_date`` (govmap's start and end dates, at their
  precision), ``other_names`` (the Welsh name) and ``identifiers`` (the govmap id);
- ``memberships``: every seat, an organisation (``member``) in a body
  (``organization_id``) with its ``role`` and dates;
- ``areas``: every council area (by GSS code) and every footprint, whose ``children`` are
  the council areas it covers.

What Popolo has no place for is kept in each item's ``extras`` object (the convention of
Open Civic Data): level, themes, statutory basis, chair, devolved and elected,
predecessors, reporting lines, duties discharged, sources, confidence, notes and
attributes. Duties themselves, which are not organisations, are listed in the document's
top-level ``extras``. ``docs/exchange.md`` lists every field and where it goes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govmap import jsontext
from govmap.model.entities import SCHEMA_VERSION, Area, Body, Footprint, Organisation, Provenance
from govmap.model.landscape import Landscape

#: The scheme of the identifier that carries the govmap id.
SCHEME = "govmap"


def _date(item: Provenance, field: str) -> str | None:
    value = getattr(item, field)
    return str(value) if value is not None else None


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """Leave out empty values, so the document says only what is known."""
    return {k: v for k, v in data.items() if v not in (None, [], {}, "")}


def _provenance_extras(item: Provenance) -> dict[str, Any]:
    return {"sources": list(item.sources), "confidence": item.confidence,
            "dates_confidence": item.dates_confidence, "notes": item.notes}


def _lines(actor: Organisation | Body) -> list[dict[str, Any]]:
    return [
        _clean({"target": line.target, "type": line.type,
                "start_date": _date(line, "start_date"), "end_date": _date(line, "end_date"),
                **_provenance_extras(line)})
        for line in actor.reporting_lines
    ]


def _discharges(actor: Organisation | Body) -> list[dict[str, Any]]:
    return [_clean({"duty": d.duty, "start_date": _date(d, "start_date"),
                    "end_date": _date(d, "end_date"), **_provenance_extras(d)})
            for d in actor.discharges]


def _other_names(actor: Organisation | Body) -> list[dict[str, Any]]:
    """The Welsh name, and every dated (former) name with its dates, as Popolo other_names."""
    names: list[dict[str, Any]] = []
    if actor.name_cy:
        names.append({"name": actor.name_cy, "note": "Welsh"})
    for dated in actor.names:
        for text, note in ((dated.name, "English"), (dated.name_cy, "Welsh")):
            if text:
                names.append(_clean({"name": text, "note": f"{note}, dated",
                                     "start_date": _date(dated, "start_date"),
                                     "end_date": _date(dated, "end_date")}))
    return names


def _organization(landscape: Landscape, actor: Organisation | Body) -> dict[str, Any]:
    extras: dict[str, Any]
    if isinstance(actor, Body):
        parents = [line.target for line in actor.reporting_lines if line.type == "sub_group_of"]
        parent = parents[0] if parents else None
        basis = actor.statutory_basis
        extras = {
            "entity": "body", "level": actor.level, "themes": list(actor.themes),
            "statutory": basis is not None,
            "statutory_basis": _clean({"act": basis.act, "section": basis.section})
            if basis else None,
            "chair": actor.chair,
            "chairs": [
                _clean({"organisation": c.organisation, "start_date": _date(c, "start_date"),
                        "end_date": _date(c, "end_date"), **_provenance_extras(c)})
                for c in actor.chairs
            ],
            "discharges": _discharges(actor),
        }
    else:
        parent = actor.parent
        extras = {"entity": "organisation", "devolved": actor.devolved,
                  "elected": actor.elected, "discharges": _discharges(actor)}
    extras.update({
        "predecessors": list(actor.predecessors), "reporting_lines": _lines(actor),
        **_provenance_extras(actor), "attributes": dict(actor.attributes),
    })
    return _clean({
        "id": actor.id,
        "name": actor.name,
        "other_names": _other_names(actor),
        "identifiers": [{"identifier": actor.id, "scheme": SCHEME}],
        "classification": actor.kind,
        "parent_id": parent,
        "area_id": actor.footprint,
        "founding_date": _date(actor, "start_date"),
        "dissolution_date": _date(actor, "end_date"),
        "description": actor.notes,
        "extras": _clean(extras),
    })


def _area(area: Area) -> dict[str, Any]:
    return _clean({
        "id": area.id, "name": area.name, "identifier": area.id,
        "classification": "local_authority",
        "extras": _clean({
            "name_cy": area.name_cy, "population": area.population,
            "start_date": _date(area, "start_date"), "end_date": _date(area, "end_date"),
            **_provenance_extras(area), "attributes": dict(area.attributes),
        }),
    })


def _footprint(landscape: Landscape, footprint: Footprint) -> dict[str, Any]:
    return _clean({
        "id": footprint.id, "name": footprint.name, "classification": footprint.family,
        "children": [{"id": a, "name": landscape.name_of(a)} for a in footprint.areas],
        "extras": _clean({
            "entity": "footprint", "name_cy": footprint.name_cy,
            "union": list(footprint.union), "predecessors": list(footprint.predecessors),
            "start_date": _date(footprint, "start_date"),
            "end_date": _date(footprint, "end_date"),
            **_provenance_extras(footprint), "attributes": dict(footprint.attributes),
        }),
    })


def to_document(landscape: Landscape) -> dict[str, Any]:
    """The landscape as Popolo data: ``organizations``, ``memberships``, ``areas``, ``extras``.

    Parameters
    ----------
    landscape : Landscape

    Returns
    -------
    dict
        Ready for ``json.dumps``. Each membership's id is ``<body id>/member/<n>``, its
        ``member`` is ``{"@type": "Organization", "id": <organisation id>}`` and its
        ``extras`` say whether the seat is statutory.

    Examples
    --------
    >>> from govmap.model.load import load
    >>> doc = to_document(load(["tests/fixtures/mini"]))
    >>> [m["role"] for m in doc["memberships"] if m["organization_id"] == "safer-gwent"]
    ['member', 'member']
    """
    actors: list[Organisation | Body] = [*landscape.organisations.values(),
                                         *landscape.bodies.values()]
    memberships = []
    for body in landscape.bodies.values():
        for index, seat in enumerate(body.members):
            memberships.append(_clean({
                "id": f"{body.id}/member/{index}",
                "label": f"{seat.role.replace('_', ' ')} of {body.name}",
                "role": seat.role,
                "member": {"@type": "Organization", "id": seat.member},
                "organization_id": body.id,
                "start_date": _date(seat, "start_date"),
                "end_date": _date(seat, "end_date"),
                "extras": _clean(_provenance_extras(seat)),
            }))
    duties = [d.model_dump(mode="json", exclude_defaults=True) for d in landscape.duties.values()]
    return {
        "organizations": [_organization(landscape, a) for a in actors],
        "memberships": memberships,
        "areas": [_area(a) for a in landscape.areas.values()]
        + [_footprint(landscape, f) for f in landscape.footprints.values()],
        "extras": _clean({
            "generator": "govmap", "schema_version": SCHEMA_VERSION,
            "as_at": landscape.as_at_date.isoformat() if landscape.as_at_date else None,
            "duties": duties,
            "arrangements": [a.model_dump(mode="json", exclude_defaults=True)
                             for a in landscape.arrangements.values()],
            "documents": [d.model_dump(mode="json", exclude_defaults=True)
                          for d in landscape.documents.values()],
        }),
    }


def to_popolo(landscape: Landscape) -> str:
    """The Popolo JSON text (UTF-8, indented), written by :func:`govmap.jsontext.dumps`."""
    return jsontext.dumps(to_document(landscape))
