"""The canonical JSON of a landscape: lossless, documented in docs/schema.md.

It is the format other tools and scripts read. Loading it back with :func:`govmap.load`
gives a landscape equal to the one exported.
"""

from __future__ import annotations

from typing import Any

from govmap import jsontext
from govmap.model.entities import SCHEMA_VERSION
from govmap.model.landscape import Landscape

_FIRST = ("id", "name", "name_cy", "kind", "family", "level")


def _dump(model: Any) -> dict[str, Any]:
    """A model as JSON data, identifying keys first so the file reads well."""
    data: dict[str, Any] = model.model_dump(mode="json")
    first = {k: data.pop(k) for k in _FIRST if k in data}
    return {**first, **data}


def to_document(landscape: Landscape) -> dict[str, Any]:
    """The landscape as plain JSON-ready data.

    Top-level keys: ``schema_version``, ``as_at``, ``areas``, ``footprints``,
    ``organisations``, ``bodies``, ``duties``, ``arrangements``, ``documents``. Every
    footprint's ``areas`` is resolved (all GSS codes, unions included), and every body
    also lists its resolved ``areas``.
    """
    bodies = []
    for body in landscape.bodies.values():
        data = _dump(body)
        data["areas"] = sorted(landscape.body_areas(body.id))
        bodies.append(data)
    return {
        "schema_version": SCHEMA_VERSION,
        "as_at": landscape.as_at_date.isoformat() if landscape.as_at_date else None,
        "areas": [_dump(a) for a in landscape.areas.values()],
        "footprints": [_dump(f) for f in landscape.footprints.values()],
        "organisations": [_dump(o) for o in landscape.organisations.values()],
        "bodies": bodies,
        "duties": [_dump(d) for d in landscape.duties.values()],
        "arrangements": [_dump(a) for a in landscape.arrangements.values()],
        "documents": [_dump(d) for d in landscape.documents.values()],
    }


def to_json(landscape: Landscape) -> str:
    """The canonical JSON text (UTF-8, indented, names in Welsh kept as they are), written
    by :func:`govmap.jsontext.dumps`."""
    return jsontext.dumps(to_document(landscape))
