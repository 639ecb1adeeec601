"""The landscape as GEXF 1.3 for Gephi and Gephi Lite (``govmap export --format gexf``).

The nodes, edges and attributes are those of :func:`govmap.export.graphml.flat_graph`
(lists joined by ``' | '``, dates as text at their precision). On top of them:

- **time for Gephi's timeline**: each node and edge that has a ``start_date`` or
  ``end_date`` is given a GEXF lifetime (``start``/``end``), so the file is a *dynamic*
  graph. GEXF intervals include their end, while govmap's ``end_date`` is the first day
  something was no longer active, so ``end`` is the day before ``end_date``; a date known
  only to the year or month starts on its first day.
- **time for viewers without a timeline** (Gephi Lite and Retina read GEXF with
  graphology-gexf, which keeps no lifetimes): the numeric ``start_year`` and ``end_year``
  and the true/false ``active`` of :func:`govmap.export.graphml.flat_graph`, so a range or
  a true/false filter shows the landscape of one year.
- **parallel relations**: GEXF 1.3 gives each edge a ``kind`` (its ``edge_type``:
  ``member_of``, ``accountable_to``, ...), which is how the format tells apart two edges
  between the same pair (a seat and a funding line, say). Each edge's ``id`` is the
  connection id of the spreadsheet and the Kumu blueprint.
- **colour, size and position** (``viz``): the fill colour of the shared palette
  (:mod:`govmap.views.style`), a body sized by its number of seats, and the explorer's
  layered positions (national at the top), so the file opens as a readable picture.

networkx writes the file (its ``GEXFWriter`` at version 1.3); four things it does are then
corrected on its element tree before the file is written, because the official GEXF 1.3
RelaxNG schema or the readers need it: the ``name`` it always puts on ``<graph>`` (not
allowed by the schema) is removed; ``kind`` is set on each edge (networkx would write it as
an attribute value); the ``networkx_key`` attribute it adds to every edge of a multigraph
is dropped; and its ``xsi:schemaLocation`` is left out (the RelaxNG schema allows no such
attribute, and networkx misspells the XML Schema instance namespace of 1.3 anyway).
``networkx.read_gexf`` reads the file back with every node, edge and attribute.
"""

from __future__ import annotations

import datetime as dt
import io

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from govmap.export.graphml import flat_graph, positions, uniform
from govmap.model.dates import PartialDate
from govmap.model.entities import Provenance
from govmap.model.landscape import Landscape

#: The GEXF version written.
VERSION = "1.3"


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
    if end.first == dt.date.min:  # ended on 0001-01-01: there is no day before it to name
        return end.first
    return end.first - dt.timedelta(days=1)


def gexf_graph(landscape: Landscape, today: dt.date | None = None) -> nx.MultiDiGraph:
    """The graph written to GEXF: :func:`flat_graph` (as at ``today``) plus lifetimes and
    ``viz``."""
    graph = flat_graph(landscape, today)
    uniform(graph)
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


def to_gexf(landscape: Landscape, today: dt.date | None = None) -> str:
    """The landscape as GEXF 1.3 text (see the module notes for what it carries)."""
    graph = gexf_graph(landscape, today)
    kinds = {str(d["id"]): str(d["edge_type"]) for _, _, d in graph.edges(data=True)}
    writer = GEXFWriter(version=VERSION, prettyprint=True)
    for name in ("xsi:schemaLocation", "xmlns:xsi"):
        writer.xml.attrib.pop(name, None)
    writer.add_graph(graph)
    writer.graph_element.attrib.pop("name", None)
    # networkx builds the tree with plain tag names (the namespace is an xmlns attribute)
    dropped = set()
    for attributes in writer.graph_element.iter("attributes"):
        for declared in list(attributes):
            if declared.get("title") == "networkx_key":
                dropped.add(declared.get("id"))
                attributes.remove(declared)
    for edge in writer.graph_element.iter("edge"):
        edge.set("kind", kinds[edge.get("id", "")])
        for values in edge.iter("attvalues"):
            for value in list(values):
                if value.get("for") in dropped:
                    values.remove(value)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue().decode("utf-8")
