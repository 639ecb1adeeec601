"""The landscape as GraphML: plain (``--format graphml``) and yEd's flavour (``--format yed``).

Nodes are organisations, bodies and duties; edges are memberships, reporting lines and duty
assignments, as in :func:`govmap.model.graph.to_graph`. Each node and edge carries every
attribute such a tool can show, as a plain value (text, number, true/false): lists are
flattened to text joined by :data:`LIST_JOIN` (``' | '``), dates are text at their
precision (``2014``, ``2014-04``, ``2014-04-01``), and an attribute that has no value is
left out rather than written empty. A character XML cannot hold (a control character) is
written as U+FFFD, and a number that is not finite as text. :func:`flat_graph` builds that
graph; GEXF (:mod:`govmap.export.gexf`) and Cytoscape (:mod:`govmap.export.cytoscape`) use
it too. GraphML declares each attribute's name as an XML name token, so in the two GraphML
files a name with other characters (a space, a bracket) has them written as ``_``
(:func:`graphml_name`: ``Web site`` -> ``Web_site``).

- :func:`to_graphml` is plain GraphML written by networkx, valid against the GraphML 1.0
  schema, with each node's starting position as plain ``x`` and ``y`` attributes (y up,
  as in Gephi) so that Gephi Lite, Cytoscape, igraph and networkx read positions and
  attributes alike. Edge ids are the spreadsheet's connection ids.
- :func:`to_yed` adds yFiles graphics for yEd (a fill colour by kind, a box for an
  organisation, an ellipse for a body, a diamond for a duty, the name as label, the
  layered positions, and a line style by edge type, from :mod:`govmap.views.style`),
  names yWorks' schema as yEd's own files do, and declares whole numbers ``int``, the type
  yEd reads without conversion. Other tools see the yFiles parts as data they do not know
  (Gephi Lite shows them as an attribute with no name), so use the plain file there.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from govmap.export import plain_value, xml_safe
from govmap.importers import layout
from govmap.model import vocab
from govmap.model.dates import PartialDate, is_active
from govmap.model.entities import Body, Duty, Organisation, Provenance
from govmap.model.graph import BODY, DISCHARGES, DUTY, MEMBER, ORGANISATION, to_graph
from govmap.model.landscape import Landscape
from govmap.views import style
from govmap.views.layout import layered_positions, organisation_level

#: How a list becomes one text value (themes, areas, sources, predecessors).
LIST_JOIN = " | "

#: Colour and line of a duty-assignment edge (the shared palette has none).
DISCHARGES_STYLE = style.EdgeStyle("discharges", "#7f8c8d", 1.0, (2, 2))
DUTY_COLOUR = "#fdfefe"

_NODE_KEYS = frozenset({
    "label", "node_type", "kind", "name_cy", "level", "footprint", "footprint_name",
    "footprint_family", "areas", "area_names", "themes", "statutory", "statutory_basis",
    "chair", "chair_name", "members", "devolved", "elected", "parent", "parent_name",
    "predecessors", "law", "section", "applies_per", "required_members", "start_date",
    "end_date", "start_year", "end_year", "active", "sources", "confidence", "notes",
    "colour", "chairs", "former_names", "dates_confidence", "duties",
    # names that GEXF, networkx and Cytoscape give a meaning of their own
    "id", "pid", "start", "end", "viz", "networkx_key", "x", "y", "shape_type", "name",
    "interaction",
})


def _join(values: Iterable[str]) -> str | None:
    joined = LIST_JOIN.join(values)
    return joined or None


def _provenance(item: Provenance) -> dict[str, Any]:
    return {
        "start_date": str(item.start_date) if item.start_date else None,
        "end_date": str(item.end_date) if item.end_date else None,
        "sources": _join(item.sources),
        "confidence": item.confidence,
        "dates_confidence": item.dates_confidence,
        "notes": item.notes,
    }


def _dated(text: str, item: Provenance) -> str:
    """``text`` with its dates, when it has any: ``police_authority (until 2012-11-22)``."""
    start, end = item.start_date, item.end_date
    if start is None and end is None:
        return text
    if start is None:
        return f"{text} (until {end})"
    return f"{text} ({start} to {end})" if end is not None else f"{text} (from {start})"


def _names(entity: Organisation | Body | Duty) -> str | None:
    return _join(_dated(" / ".join(n for n in (d.name, d.name_cy) if n), d)
                 for d in entity.names)


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def _attributes(entity: Organisation | Body | Duty) -> dict[str, Any]:
    return {
        (f"attr:{k}" if k in _NODE_KEYS or k.startswith("attr:") else k):
        (v if isinstance(v, bool | int | float) else str(v))
        for k, v in entity.attributes.items() if v is not None
    }


#: What GraphML allows in a key's ``attr.name`` (an NMTOKEN), kept to the characters every
#: XML parser agrees on (the letters of XML 1.0's fourth edition, which libxml2 applies):
#: ASCII letters, digits, ``.``, ``-``, ``_``, ``:``, and the accented Latin letters
#: (Welsh ŵ and ŷ among them).
_NOT_NMTOKEN = re.compile(
    "[^A-Za-z0-9._:\\-\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u0131\u0134-\u013e\u0141-\u0148"
    "\u014a-\u017e\u0180-\u01c3\u01cd-\u01f0\u01f4\u01f5\u01fa-\u0217]")


def graphml_name(name: str) -> str:
    """An attribute name GraphML can declare: other characters become ``_``.

    Examples
    --------
    >>> graphml_name("Web site"), graphml_name("attr:level"), graphml_name("Enw (ŵ)")
    ('Web_site', 'attr:level', 'Enw__ŵ_')
    """
    return _NOT_NMTOKEN.sub("_", name) or "_"


def _graphml_names(data: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """``data`` with its keys as :func:`graphml_name` makes them, told apart if two meet."""
    out = {}
    for key, value in data.items():
        if key not in names:
            base = graphml_name(key)
            taken = set(names.values())
            candidate, n = base, 1
            while candidate in taken and candidate != key:
                n += 1
                candidate = f"{base}_{n}"
            names[key] = candidate
        out[names[key]] = value
    return out


def _make_plain(data: dict[str, Any]) -> None:
    """Keys and values every format can hold (see :func:`govmap.export.plain_value`)."""
    items = [(xml_safe(k), plain_value(v)) for k, v in data.items()]
    data.clear()
    data.update(items)


def node_colour(landscape: Landscape, node_id: str) -> str:
    """The fill colour of a node: by kind, from :mod:`govmap.views.style`."""
    if node_id in landscape.bodies:
        return style.body_colour(landscape.bodies[node_id].kind)
    if node_id in landscape.organisations:
        return style.organisation_colour(landscape.organisations[node_id].kind)
    return DUTY_COLOUR


def edge_style(edge_type: str, role: str | None = None) -> style.EdgeStyle:
    """The colour, width and dashes of an edge, from :mod:`govmap.views.style`."""
    if edge_type == DISCHARGES:
        return DISCHARGES_STYLE
    return style.EDGE_STYLES[style.edge_style_key(edge_type, role)]


def positions(landscape: Landscape) -> dict[str, tuple[float, float]]:
    """Starting positions: the explorer's layered layout (national at the top, y down).

    So that the file opens as a readable picture in yEd and Gephi before any layout is run.
    """
    graph = to_graph(landscape)
    for org_id in landscape.organisations:
        level = organisation_level(landscape, org_id)
        if level:
            graph.nodes[org_id]["level"] = level
    return {str(k): v for k, v in layered_positions(graph).items()}


def years(item: Provenance, on: dt.date) -> dict[str, Any]:
    """``start_year``, ``end_year`` (the last year active) and ``active`` on day ``on``.

    Examples
    --------
    >>> from govmap.model.entities import Membership
    >>> seat = Membership(organisation="x", role="member", start_date="2012",
    ...                   end_date="2016-04-01")
    >>> years(seat, dt.date(2020, 1, 1))
    {'start_year': 2012, 'end_year': 2016, 'active': False}
    >>> years(seat.model_copy(update={"end_date": PartialDate.parse("2016")}),
    ...       dt.date(2014, 5, 1))
    {'start_year': 2012, 'end_year': 2015, 'active': True}
    """
    found: dict[str, Any] = {}
    if item.start_date is not None:
        found["start_year"] = item.start_date.first.year
    if item.end_date is not None:
        found["end_year"] = _last_day(item.end_date).year
    found["active"] = is_active(item.start_date, item.end_date, on)
    return found


def _last_day(end: PartialDate) -> dt.date:
    """The last day active before an end date (the end is exclusive); an end on the first
    day there is (0001-01-01) ends before anything began, so that day stands for itself."""
    return end.first - dt.timedelta(days=1) if end.first > dt.date.min else end.first


def _node(landscape: Landscape, entity: Organisation | Body | Duty) -> dict[str, Any]:
    def name(ident: str | None) -> str | None:
        return landscape.name_of(ident) if ident else None

    def family(ident: str | None) -> str | None:
        footprint = landscape.footprints.get(ident or "")
        return footprint.family if footprint else None

    data: dict[str, Any] = {"label": entity.name, "name_cy": entity.name_cy}
    if isinstance(entity, Body):
        basis = entity.statutory_basis
        areas = sorted(landscape.body_areas(entity.id))
        data.update({
            "node_type": BODY, "kind": entity.kind, "level": entity.level,
            "footprint": entity.footprint, "footprint_name": name(entity.footprint),
            "footprint_family": family(entity.footprint),
            "areas": _join(areas), "area_names": _join(landscape.name_of(a) for a in areas),
            "themes": _join(entity.themes), "statutory": basis is not None,
            "statutory_basis": f"{basis.act} {basis.section or ''}".strip() if basis else None,
            "chair": entity.current_chair, "chair_name": name(entity.current_chair),
            "chairs": _join(_dated(name(c.organisation) or c.organisation, c)
                            for c in entity.chairs),
            "members": len(entity.members), "predecessors": _join(entity.predecessors),
        })
    elif isinstance(entity, Organisation):
        data.update({
            "node_type": ORGANISATION, "kind": entity.kind, "devolved": entity.devolved,
            "elected": entity.elected, "footprint": entity.footprint,
            "footprint_name": name(entity.footprint), "footprint_family": family(entity.footprint),
            "parent": entity.parent, "parent_name": name(entity.parent),
            "predecessors": _join(entity.predecessors),
            "duties": _join(d.duty for d in entity.discharges),
        })
    else:
        data.update({
            "node_type": DUTY, "kind": DUTY, "law": entity.law, "section": entity.section,
            "applies_per": entity.applies_per,
            "required_members": _join(_dated(r.kind, r) for r in entity.required_members),
        })
    data["former_names"] = _names(entity)
    data["colour"] = node_colour(landscape, entity.id)
    data.update(_provenance(entity))
    data.update(_attributes(entity))
    return _clean(data)


def flat_graph(landscape: Landscape, today: dt.date | None = None) -> nx.MultiDiGraph:
    """The landscape as a graph whose attribute values are all plain (text, number, bool).

    Parameters
    ----------
    landscape : Landscape
        Usually the whole landscape; a dated view (``landscape.as_at(day)``) gives the
        network of one day.
    today : date, optional
        The day ``active`` is as at when the landscape is not a dated view (default: the
        day the export runs); a dated view is as at its own day.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by govmap id with ``label`` (the name), ``node_type`` (organisation,
        body, duty), ``kind``, ``colour`` and, as they apply: ``level``, ``footprint``,
        ``footprint_name``, ``footprint_family``, ``areas`` and ``area_names`` (of a body),
        ``themes``, ``statutory``, ``statutory_basis``, ``chair``, ``chair_name`` (the
        chair when there is one, as in a dated view), ``chairs`` (every dated chair),
        ``former_names`` (dated names with their dates), ``duties`` (of an organisation),
        ``members`` (how many seats), ``devolved``, ``elected``, ``parent``,
        ``parent_name``, ``predecessors``, ``law``, ``section``, ``applies_per``,
        ``required_members`` (dated where the rule changed), ``start_date``,
        ``end_date``, ``start_year`` and ``end_year`` (the first and last year active, as
        numbers), ``active`` (on the export's day), ``sources``, ``confidence``,
        ``dates_confidence``, ``notes`` and the entity's own attributes (prefixed
        ``attr:`` when the name is taken). Edges keyed ``<type>:<index>`` with ``id`` (the
        connection's id, as in the spreadsheet: ``council-cardiff--member--csp-cardiff``),
        ``edge_type`` (``member_of``, a line type, ``discharges``), ``label`` (the type in
        words, or the role), ``role`` and ``statutory`` (of a seat), ``colour`` and the
        dates, sources, confidence and notes.

    Examples
    --------
    >>> from govmap.model.load import load
    >>> graph = flat_graph(load(["tests/fixtures/mini"]))
    >>> graph.nodes["csp-cardiff"]["themes"]
    'community_safety | anti_social_behaviour'
    """
    on = landscape.as_at_date or today or dt.date.today()
    graph = nx.MultiDiGraph()
    entities: list[Organisation | Body | Duty] = [
        *landscape.organisations.values(), *landscape.bodies.values(),
        *landscape.duties.values(),
    ]
    for entity in entities:
        graph.add_node(entity.id, **_node(landscape, entity), **years(entity, on))

    pending: list[tuple[str, str, str, str, dict[str, Any]]] = []

    def edge(source: str, target: str, key: str, edge_type: str, item: Provenance,
             **extra: Any) -> None:
        look = edge_style(edge_type, extra.get("role"))
        pending.append((source, target, key, extra.get("role") or edge_type, _clean({
            "edge_type": edge_type, "label": (extra.get("role") or edge_type).replace("_", " "),
            **extra, "colour": look.colour, **_provenance(item), **years(item, on),
        })))

    actors: list[Organisation | Body] = [*landscape.organisations.values(),
                                         *landscape.bodies.values()]
    for actor in actors:
        for index, line in enumerate(actor.reporting_lines):
            edge(actor.id, line.target, f"{line.type}:{index}", line.type, line)
    for body in landscape.bodies.values():
        for index, member in enumerate(body.members):
            edge(member.member, body.id, f"{MEMBER}:{index}", MEMBER, member,
                 role=member.role, statutory=member.role in vocab.STATUTORY_ROLES)
    for actor in actors:
        for index, assignment in enumerate(actor.discharges):
            edge(actor.id, assignment.duty, f"{DISCHARGES}:{index}", DISCHARGES, assignment)
    # the same ids as the spreadsheet's and the Kumu blueprint's connections
    ids = layout.connection_ids((source, term, target) for source, target, _, term, _ in pending)
    for (source, target, key, _, data), ident in zip(pending, ids, strict=True):
        graph.add_edge(source, target, key=key, id=ident, **data)
    for _, data in graph.nodes(data=True):
        _make_plain(data)
    for _, _, data in graph.edges(data=True):
        _make_plain(data)
    return graph


# -- GraphML --------------------------------------------------------------------------------

NS = "http://graphml.graphdrawing.org/xmlns"
NS_Y = "http://www.yworks.com/xml/graphml"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: Where yEd's own files say their schema is (GraphML with the yFiles extensions).
YED_SCHEMA_LOCATION = (f"{NS} "
                       "http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd")
_TYPES = {bool: "boolean", int: "int", float: "double", str: "string"}
_INT32 = 2**31


def uniform(graph: nx.MultiDiGraph) -> None:
    """Give each attribute one type across the graph (a file declares a type per column).

    An attribute whose values mix text and numbers becomes text everywhere; whole and
    decimal numbers together stay numbers (the writers declare them ``double``).
    """
    for items in (
        [d for _, d in graph.nodes(data=True)],
        [d for _, _, d in graph.edges(data=True)],
    ):
        types: dict[str, set[type]] = {}
        for data in items:
            for key, value in data.items():
                types.setdefault(key, set()).add(type(value))
        mixed = {k for k, found in types.items() if len(found) > 1 and not found <= {int, float}}
        for data in items:
            for key in mixed & data.keys():
                data[key] = str(data[key])


def _type_name(values: list[Any]) -> str:
    """The yEd type of an attribute: ``int`` for whole numbers that fit, else ``double``."""
    kinds = {type(v) for v in values}
    if kinds == {int} and all(-_INT32 <= v < _INT32 for v in values):
        return "int"
    if len(kinds) == 1 and kinds != {int}:
        return _TYPES[kinds.pop()]
    if kinds <= {int, float}:
        return "double"
    return "string"


def _text(value: Any, type_name: str) -> str:
    if type_name == "boolean":
        return "true" if value else "false"
    if type_name == "string":
        return value if isinstance(value, str) else str(value)
    return str(value)


_SHAPES = {BODY: "ellipse", ORGANISATION: "rectangle", DUTY: "diamond"}


def plain_graph(landscape: Landscape) -> nx.MultiDiGraph:
    """The graph of the plain GraphML: :func:`flat_graph` keyed by connection id, with ``x``
    and ``y`` (the explorer's layered layout, y pointing up) on every node."""
    flat = flat_graph(landscape)
    graph = nx.MultiDiGraph()
    where = positions(landscape)
    node_names: dict[str, str] = {}
    edge_names: dict[str, str] = {}
    for node, data in flat.nodes(data=True):
        x, y = where.get(node, (0.0, 0.0))
        graph.add_node(node, **_graphml_names(data, node_names), x=round(x, 1),
                       y=round(-y, 1))
    for source, target, data in flat.edges(data=True):
        attrs = dict(data)
        ident = attrs.pop("id")
        graph.add_edge(source, target, key=ident, **_graphml_names(attrs, edge_names))
    uniform(graph)
    return graph


def to_graphml(landscape: Landscape) -> str:
    """The landscape as plain GraphML text, written by :func:`networkx.write_graphml`.

    Valid against the GraphML 1.0 schema; every key has an ``attr.name`` and an
    ``attr.type`` (``string``, ``boolean``, ``long``, ``double``); edge ids are connection
    ids. ``networkx.read_graphml`` and ``igraph.Graph.Read_GraphML`` read it back with every
    node, edge and attribute.
    """
    buffer = io.BytesIO()
    nx.write_graphml(plain_graph(landscape), buffer, encoding="utf-8", prettyprint=True,
                     infer_numeric_types=True)
    return buffer.getvalue().decode("utf-8")


def to_yed(landscape: Landscape) -> str:
    """The landscape as GraphML for yEd: :func:`flat_graph` plus yFiles graphics.

    Every attribute is declared once with the type its values share (``string``,
    ``boolean``, ``int`` or ``double``); a value of mixed types is written as text.
    ``networkx.read_graphml`` reads the file back with every node, edge and attribute.
    """
    flat = flat_graph(landscape)
    graph = nx.MultiDiGraph()
    node_names: dict[str, str] = {}
    edge_names: dict[str, str] = {}
    for node, found in flat.nodes(data=True):
        graph.add_node(node, **_graphml_names(found, node_names))
    ids = {}
    for source, target, key, found in flat.edges(keys=True, data=True):
        attrs = dict(found)
        ids[(source, target, key)] = str(attrs.pop("id"))
        graph.add_edge(source, target, key=key, **_graphml_names(attrs, edge_names))
    uniform(graph)
    ET.register_namespace("", NS)
    ET.register_namespace("y", NS_Y)
    ET.register_namespace("xsi", NS_XSI)
    root = ET.Element(f"{{{NS}}}graphml", {f"{{{NS_XSI}}}schemaLocation": YED_SCHEMA_LOCATION})
    keys: dict[tuple[str, str], tuple[str, str]] = {}

    def declare(domain: str, items: Iterable[Mapping[str, Any]]) -> None:
        values: dict[str, list[Any]] = {}
        for data in items:
            for name, value in data.items():
                values.setdefault(name, []).append(value)
        for name, found in values.items():
            ident = f"{domain[0]}{len(keys)}"
            type_name = _type_name(found)
            keys[(domain, name)] = (ident, type_name)
            ET.SubElement(root, f"{{{NS}}}key", {
                "id": ident, "for": domain, "attr.name": name, "attr.type": type_name})

    declare("node", (d for _, d in graph.nodes(data=True)))
    declare("edge", (d for _, _, d in graph.edges(data=True)))
    ET.SubElement(root, f"{{{NS}}}key", {"id": "ng", "for": "node",
                                          "yfiles.type": "nodegraphics"})
    ET.SubElement(root, f"{{{NS}}}key", {"id": "eg", "for": "edge",
                                          "yfiles.type": "edgegraphics"})
    body = ET.SubElement(root, f"{{{NS}}}graph", {"id": "govmap", "edgedefault": "directed"})

    def data(element: ET.Element, domain: str, attrs: Mapping[str, Any]) -> None:
        for name, value in attrs.items():
            ident, type_name = keys[(domain, name)]
            ET.SubElement(element, f"{{{NS}}}data", {"key": ident}).text = _text(value,
                                                                                  type_name)

    where = positions(landscape)
    for node, attrs in graph.nodes(data=True):
        element = ET.SubElement(body, f"{{{NS}}}node", {"id": node})
        data(element, "node", attrs)
        graphics = ET.SubElement(ET.SubElement(element, f"{{{NS}}}data", {"key": "ng"}),
                                 f"{{{NS_Y}}}ShapeNode")
        width = max(60, 7 * min(len(attrs["label"]), 40))
        x, y = where.get(node, (0.0, 0.0))
        ET.SubElement(graphics, f"{{{NS_Y}}}Geometry", {
            "width": str(width), "height": "30", "x": f"{x - width / 2:.1f}", "y": f"{y:.1f}"})
        ET.SubElement(graphics, f"{{{NS_Y}}}Fill",
                      {"color": attrs["colour"], "transparent": "false"})
        ET.SubElement(graphics, f"{{{NS_Y}}}BorderStyle",
                      {"color": style.BORDER, "type": "line", "width": "1.0"})
        ET.SubElement(graphics, f"{{{NS_Y}}}NodeLabel",
                      {"textColor": style.text_colour(attrs["colour"])}).text = attrs["label"]
        ET.SubElement(graphics, f"{{{NS_Y}}}Shape", {"type": _SHAPES[attrs["node_type"]]})

    for source, target, key, attrs in graph.edges(keys=True, data=True):
        element = ET.SubElement(body, f"{{{NS}}}edge", {
            "id": ids[(source, target, key)], "source": source, "target": target})
        data(element, "edge", attrs)
        look = edge_style(attrs["edge_type"], attrs.get("role"))
        graphics = ET.SubElement(ET.SubElement(element, f"{{{NS}}}data", {"key": "eg"}),
                                 f"{{{NS_Y}}}PolyLineEdge")
        ET.SubElement(graphics, f"{{{NS_Y}}}LineStyle", {
            "color": look.colour, "width": str(look.width),
            "type": "dashed" if look.dashes else "line"})
        ET.SubElement(graphics, f"{{{NS_Y}}}Arrows",
                      {"source": "none", "target": "standard" if look.arrow else "none"})
        ET.SubElement(graphics, f"{{{NS_Y}}}EdgeLabel").text = attrs["label"]

    ET.indent(root)
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue().decode("utf-8") + "\n"
