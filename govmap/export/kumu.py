"""The landscape as a Kumu JSON blueprint (``govmap export --format kumu``).

A blueprint (docs.kumu.io, "JSON / Blueprints") is a JSON object with two lists:
``elements`` (``id``, ``label``, ``type``, ``description``, ``tags`` as a list, then any
field) and ``connections`` (``id``, ``from`` and ``to`` holding element ids, ``type``,
``direction``, then any field). It avoids the spreadsheet's pitfalls: there are no sheets
to ignore, tags are a real list, and no cell is read as a number or a date.

The content is that of the spreadsheet (:func:`govmap.export.xlsx.tables`), so the two
agree: the same element and connection ids (stable from one export to the next, so that a
second import into Kumu updates rather than duplicates), the same Types in words, and
govmap's other columns as Kumu fields under the same names (``level``, ``footprint``,
``start date``, ``sources``, ...; ``tags`` and ``sources`` as lists, flags as ``yes`` or
``no``). A field with no value is left out. The geography (the
Areas and Footprints sheets) has no place in a blueprint: elements name their footprint by
id, and ``govmap import-sheet map.json --with data/footprints.yaml`` links it again.
"""

from __future__ import annotations

from typing import Any

from govmap import jsontext
from govmap.export import plain_value
from govmap.export.xlsx import Cell, Table, tables
from govmap.importers import layout
from govmap.model.landscape import Landscape

#: Spreadsheet column -> blueprint key, for Kumu's own fields.
_KUMU_KEYS = {
    layout.ELEMENTS: {"ID": "id", "Label": "label", "Type": "type",
                      "Description": "description", "Tags": "tags"},
    layout.CONNECTIONS: {"ID": "id", "From": "from", "To": "to", "Type": "type",
                         "Direction": "direction", "Description": "description"},
}


def _items(sheet: str, table: Table) -> list[dict[str, Any]]:
    keys = _KUMU_KEYS[sheet]
    items = []
    for row in table[1:]:
        item: dict[str, Any] = {}
        for header, value in zip(table[0], row, strict=True):
            if value is None:
                continue
            name = keys.get(str(header), str(header))
            item[name] = _value(name, value)
        items.append(item)
    return items


def _value(name: str, value: Cell) -> Any:
    """A cell as a blueprint value: tags and sources as lists, yes/no for true/false.

    Kumu's fields hold text, numbers or several values (docs.kumu.io, "Fields"); it
    documents no true/false field, so a flag is written as the word a reader expects.
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return plain_value(value)
    if name == "tags" and isinstance(value, str):
        return layout.split_list(value)
    if name == "sources" and isinstance(value, str):
        return layout.split_sources(value)
    return value


def to_blueprint(landscape: Landscape) -> dict[str, Any]:
    """The blueprint as JSON-ready data: ``{"elements": [...], "connections": [...]}``.

    Examples
    --------
    >>> from govmap.model.load import load
    >>> blueprint = to_blueprint(load(["tests/fixtures/mini"]))
    >>> csp = next(e for e in blueprint["elements"] if e["id"] == "csp-cardiff")
    >>> csp["label"], csp["type"], csp["tags"]
    ('Cardiff Community Safety Partnership', 'Community safety partnership', \
['community safety', 'anti social behaviour'])
    """
    sheets = tables(landscape)
    return {
        "elements": _items(layout.ELEMENTS, sheets[layout.ELEMENTS]),
        "connections": _items(layout.CONNECTIONS, sheets[layout.CONNECTIONS]),
    }


def to_kumu(landscape: Landscape) -> str:
    """The blueprint as JSON text (UTF-8, indented, Welsh names kept as they are),
    written by :func:`govmap.jsontext.dumps`."""
    return jsontext.dumps(to_blueprint(landscape))
