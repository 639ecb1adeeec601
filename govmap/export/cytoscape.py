"""The landscape as Cytoscape.js JSON (``govmap export --format cytoscape``).

Cytoscape.js keeps a network as ``{"elements": {"nodes": [...], "edges": [...]}}``, each
element a ``data`` object (``id``; an edge also ``source`` and ``target``) and a node its
``position`` (``x``, ``y``, y pointing down as on a screen). Cytoscape desktop reads the same
file (File > Import > Network from File), which is the one Cytoscape.js layout it supports.

The nodes, edges and attributes are those of :func:`govmap.export.graphml.flat_graph`.
For Cytoscape desktop, which turns each data key into a table column:

- every node has ``name`` (its label: Cytoscape shows ``name``) and every edge
  ``interaction`` (its ``edge_type``), Cytoscape's usual columns;
- data keys are JavaScript-safe (letters, digits, underscore), as Cytoscape's manual
  advises for a round trip: ``attr:level`` is written ``attr_level``;
- each key has one type across the file (text, whole number, decimal or true/false): a
  column that mixes whole and decimal numbers is written as decimals, one that mixes text
  and numbers as text.

The document names the network in its top-level ``data`` (``name``, as Cytoscape's own
exports do). Edge ids are the spreadsheet's connection ids; positions are the explorer's
layered layout (Cytoscape.js uses them with the ``preset`` layout; its default, ``grid``,
replaces them).
"""

from __future__ import annotations

import re
from typing import Any

from govmap import jsontext
from govmap.export.graphml import flat_graph, positions, uniform
from govmap.model.landscape import Landscape

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


def safe_key(name: str) -> str:
    """A data key Cytoscape keeps as it is: letters, digits and underscores.

    Examples
    --------
    >>> safe_key("attr:level"), safe_key("Web site"), safe_key("2020 budget")
    ('attr_level', 'Web_site', '_2020_budget')
    """
    key = _UNSAFE.sub("_", name)
    return key if key and not key[0].isdigit() else f"_{key}"


def _safe(data: dict[str, Any], taken: frozenset[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in data.items():
        key = name if name in taken else safe_key(name)
        while key in out or (key != name and key in taken):
            key = f"{key}_"
        out[key] = value
    return out


def _decimals(items: list[dict[str, Any]]) -> None:
    """A key whose values mix whole and decimal numbers becomes decimal everywhere."""
    types: dict[str, set[type]] = {}
    for data in items:
        for key, value in data.items():
            types.setdefault(key, set()).add(type(value))
    mixed = {k for k, found in types.items() if found == {int, float}}
    for data in items:
        for key in mixed & data.keys():
            data[key] = float(data[key])


def to_document(landscape: Landscape) -> dict[str, Any]:
    """The Cytoscape.js document as JSON-ready data.

    Examples
    --------
    >>> from govmap.model.load import load
    >>> document = to_document(load(["tests/fixtures/mini"]))
    >>> node = document["elements"]["nodes"][0]
    >>> node["data"]["id"], node["data"]["name"], sorted(node["position"])
    ('council-cardiff', 'Cardiff Council', ['x', 'y'])
    """
    graph = flat_graph(landscape)
    uniform(graph)
    where = positions(landscape)
    nodes = []
    for node, attrs in graph.nodes(data=True):
        data = {"id": node, "name": attrs["label"], **_safe(attrs, frozenset({"id", "name"}))}
        x, y = where.get(node, (0.0, 0.0))
        nodes.append({"data": data, "position": {"x": round(x, 1), "y": round(y, 1)}})
    edges = []
    for source, target, attrs in graph.edges(data=True):
        rest = {k: v for k, v in attrs.items() if k != "id"}
        data = {"id": attrs["id"], "source": source, "target": target,
                "interaction": attrs["edge_type"],
                **_safe(rest, frozenset({"id", "source", "target", "interaction"}))}
        edges.append({"data": data})
    _decimals([n["data"] for n in nodes])
    _decimals([e["data"] for e in edges])
    as_at = landscape.as_at_date
    return {
        "data": {"name": f"govmap landscape{f' as at {as_at}' if as_at else ''}"},
        "elements": {"nodes": nodes, "edges": edges},
    }


def to_cytoscape(landscape: Landscape) -> str:
    """The Cytoscape.js JSON text (UTF-8, indented, Welsh names kept as they are),
    written by :func:`govmap.jsontext.dumps`."""
    return jsontext.dumps(to_document(landscape))
