"""The landscape as GEXF for Gephi (``govmap export --format gexf``).

The nodes, edges and attributes are those of :func:`govmap.export.graphml.flat_graph`
(lists joined by ``' | '``, dates as text at their precision). On top of them, for Gephi:

- **time**: each node and edge that has a ``start_date`` or ``end_date`` is given a GEXF
  lifetime (``start``/``end``), so the file is a *dynamic* graph and Gephi's timeline
  shows the landscape on any day. GEXF intervals include their end, while govmap's
  ``end_date`` is the first day something was no longer active, so ``end`` is the day
  before ``end_date``; a date known only to the year or month starts on its first day.
- **colour, size and position** (``viz``): the fill colour of the shared palette
  (:mod:`govmap.views.style`), a body sized by its number of seats, and the explorer's
  layered positions (national at the top), so the file opens as a readable picture.

``networkx.read_gexf`` reads it back with every node, edge and attribute.
"""

from __future__ import annotations

import datetime as dt
import io

import networkx as nx

from govmap.export.graphml import flat_graph, positions
from govmap.model.dates import PartialDate
from govmap.model.entities import Provenance
from govmap.model.landscape import Landscape


def _rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16)}


def lifetime(item: Provenance) -> dict[str, str]:
    """GEXF ``start`` and ``end`` of something dated: closed interval, ISO days.

    Examples
    --------
    >>> from govmap.model.entities import Membership
    >>> lifetime(Membership(organisation="x", role="member", start_date="2012",
    ...                     end_date="2016-04-01"))
    {'start': '2012-01-01', 'end': '2016-03-31'}
    """
    spell: dict[str, str] = {}
    if item.start_date is not None:
        spell["start"] = item.start_date.first.isoformat()
    if item.end_date is not None:
        spell["end"] = _last_day(item.end_date).isoformat()
    return spell


def _last_day(end: PartialDate) -> dt.date:
    return end.first - dt.timedelta(days=1)


def _uniform(graph: nx.MultiDiGraph) -> None:
    """Give each attribute one type across the graph (GEXF declares a type per column)."""
    for items in (
        [d for _, d in graph.nodes(data=True)],
        [d for _, _, d in graph.edges(data=True)],
    ):
        types: dict[str, set[type]] = {}
        for data in items:
            for key, value in data.items():
                types.setdefault(key, set()).add(type(value))
        mixed = {k for k, found in types.items() if len(found) > 1}
        for data in items:
            for key in mixed & data.keys():
                data[key] = str(data[key])


def gexf_graph(landscape: Landscape) -> nx.MultiDiGraph:
    """The graph written to GEXF: :func:`flat_graph` plus lifetimes and ``viz``."""
    graph = flat_graph(landscape)
    _uniform(graph)
    where = positions(landscape)
    entities: dict[str, Provenance] = {**landscape.organisations, **landscape.bodies,
                                       **landscape.duties}
    for node, data in graph.nodes(data=True):
        data.update(lifetime(entities[node]))
        x, y = where.get(node, (0.0, 0.0))
        size = 10.0 + 2.0 * float(data.get("members", 0)) if data["node_type"] == "body" else 10.0
        data["viz"] = {
            "color": {**_rgb(data["colour"]), "a": 1.0},
            "size": size,
            "position": {"x": round(x, 1), "y": round(-y, 1), "z": 0.0},
        }
    for source, target, key, data in graph.edges(keys=True, data=True):
        item = _edge_item(landscape, source, target, key)
        data.update(lifetime(item))
        data["id"] = f"{source}->{target}#{key}"
        data["viz"] = {"color": {**_rgb(data["colour"]), "a": 1.0}}
    return graph


def _edge_item(landscape: Landscape, source: str, target: str, key: str) -> Provenance:
    kind, _, index = key.rpartition(":")
    position = int(index)
    if kind == "member_of":
        return landscape.bodies[target].members[position]
    actor = landscape.actor(source)
    assert actor is not None
    if kind == "discharges":
        return actor.discharges[position]
    return actor.reporting_lines[position]


def to_gexf(landscape: Landscape) -> str:
    """The landscape as GEXF 1.2 text (see the module notes for time, colour and layout)."""
    buffer = io.BytesIO()
    nx.write_gexf(gexf_graph(landscape), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")
