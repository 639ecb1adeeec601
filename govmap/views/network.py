"""The network view: bodies and organisations, their seats and reporting lines, as HTML.

:func:`network_data` turns a landscape and a :class:`~govmap.views.filters.ViewFilter`
into plain data (vis-network nodes and edges with precomputed positions, the legend, the
title block); :func:`network_html` puts that data into one self-contained HTML document
that needs nothing but a browser: the vis-network script and style are inlined, and the
page makes no request to any other host. The explorer shows the same document and offers
it for download; ``govmap render`` writes it to a file.

Measures shown
--------------
- **Seats** (node size with ``size_by="seats"``): for a body, the number of
  organisations with a seat on it (any role); for an organisation, the number of bodies
  it has a seat on. Counted in the whole (dated) landscape, not just the nodes in view,
  so a node keeps its size whatever the filters.
- **Betweenness** (``size_by="betweenness"``): the node's normalised betweenness
  centrality in the network of seats (each organisation linked to each body it sits on),
  computed by :func:`govmap.metrics.seats.betweenness`, the function behind the report's
  ``brokers`` table: a large node is one through which otherwise separate parts connect.
- **Findings** (``size_by="findings"``): how many of the report's findings concern the
  node (given by the caller, who has the report: ``finding_counts``).
- **Population** (``size_by="population"``): usual residents of the areas of the node's
  footprint, when every one of those areas has a population.

Labels
------
Each node carries a ``rank``: the order in which the page tries to write names. Nodes a
finding or a scenario marks come first, then groups (in a grouped view), then national and
regional nodes, then the rest; larger nodes first within each. The page writes a name only
where it overlaps no other name and no node, so at a distance the nodes that matter are
named and the rest are named as you zoom in.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from functools import cache
from pathlib import PurePath
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from govmap.citations import describe
from govmap.metrics.findings import Finding
from govmap.metrics.seats import betweenness
from govmap.model import vocab
from govmap.model.entities import Body, Organisation, Provenance
from govmap.model.graph import to_graph
from govmap.model.landscape import Landscape
from govmap.views import grouping, style
from govmap.views.assets import CSS_NAME, JS_NAME, vis_network_css, vis_network_js
from govmap.views.filters import EVERYTHING, ViewFilter, select
from govmap.views.layout import layered_positions, organisation_level

SIZE_BY = style.SIZE_BY
HIGHLIGHTS = tuple(style.HIGHLIGHT_COLOURS)
MAX_SOURCES_SHOWN = 8

FONT_SIZE = 14
DEFAULT_EDGE_STYLE = "member_of"
#: Above this many drawn nodes, links are drawn solid (see ``network_data``).
LARGE_VIEW = 400
PRESENTER_FONT_SIZE = 22


# -- small helpers -------------------------------------------------------------------------


def _when(item: Provenance) -> str:
    start = str(item.start_date) if item.start_date else None
    end = str(item.end_date) if item.end_date else None
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return "dates not recorded"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


def seat_counts(landscape: Landscape) -> Counter[str]:
    """Seats per body (organisations sitting on it) and per organisation (bodies it sits on).

    Examples
    --------
    >>> seat_counts(Landscape())
    Counter()
    """
    counts: Counter[str] = Counter()
    for body in landscape.bodies.values():
        members = {m.member for m in body.members}
        counts[body.id] += len(members)
        for org in members:
            counts[org] += 1
    return counts


def _footprint_text(landscape: Landscape, footprint_id: str | None) -> str:
    if not footprint_id:
        return "none recorded"
    areas = landscape.footprint_areas(footprint_id)
    return f"{landscape.name_of(footprint_id)} ({_plural(len(areas), 'area')})"


def _body_info(landscape: Landscape, body: Body, seats: int) -> list[list[str]]:
    statutory = sum(1 for m in body.members if m.role in vocab.STATUTORY_ROLES)
    basis = body.statutory_basis
    rows = [
        ["Body", style.kind_label(body.kind)],
        ["Level", style.kind_label(body.level)],
        ["Footprint", _footprint_text(landscape, body.footprint)],
        ["Themes", ", ".join(style.kind_label(t) for t in body.themes) or "none recorded"],
        ["Statutory basis",
         f"{basis.act} {basis.section or ''}".strip() if basis else "none (non-statutory)"],
        ["Members", f"{seats} ({statutory} statutory)"],
    ]
    if body.chair_ids:
        rows.append(["Chair", "; ".join(landscape.name_of(c) for c in body.chair_ids)])
    if body.discharges:
        rows.append(["Duties", "; ".join(landscape.name_of(d.duty) for d in body.discharges)])
    rows.append(["Active", _when(body)])
    rows.append(["Confidence", _confidence(body)])
    return rows


def _org_info(landscape: Landscape, org: Organisation, seats: int) -> list[list[str]]:
    rows = [
        ["Organisation", style.kind_label(org.kind)],
        ["Footprint", _footprint_text(landscape, org.footprint)],
        ["Devolved", "yes" if org.devolved else "no"],
        ["Elected", "yes" if org.elected else "no"],
        ["Seats held", str(seats)],
    ]
    if org.parent:
        rows.append(["Part of", landscape.name_of(org.parent)])
    rows.append(["Active", _when(org)])
    rows.append(["Confidence", _confidence(org)])
    return rows


def _confidence(item: Provenance) -> str:
    """The fact's confidence, and its dates' when they differ."""
    text = item.confidence or "not stated"
    if item.dates_confidence and item.dates_confidence != item.confidence:
        text += f" (dates {item.dates_confidence})"
    return text


def _sources(landscape: Landscape, item: Provenance) -> list[str]:
    return cited(landscape, item.sources)


def cited(landscape: Landscape, sources: Sequence[str]) -> list[str]:
    """Each citation as people read it ("Welsh Government (2017), Working Together for
    Safer Communities, lines 3088-3091"); as written when no registered document matches."""
    return [describe(s, landscape.documents, quote=False).plain for s in sources]


def default_source(landscape: Landscape) -> str:
    """Where a landscape was read from, in a few words (for a view's title block)."""
    files = sorted({loc.file for loc in landscape.locations.values() if loc.file})
    if not files:
        return "a landscape built in memory"
    if len(files) <= 3:
        return ", ".join(files)
    parents = sorted({str(PurePath(f).parent) for f in files})
    where = parents[0] if len(parents) == 1 else f"{len(parents)} folders"
    return f"{len(files)} files in {where}"


# -- the view graph ------------------------------------------------------------------------


def _view_graph(landscape: Landscape, nodes: set[str]) -> nx.MultiDiGraph:
    """The graph of the chosen nodes, with a ``level`` on organisations (a fresh copy)."""
    graph = to_graph(landscape, duties=False)  # a fresh graph: ours to change
    graph.remove_nodes_from([node for node in graph if node not in nodes])
    for node, attributes in graph.nodes(data=True):
        if attributes.get("node_type") == "organisation":
            attributes["level"] = organisation_level(landscape, str(node))
    return graph


def _node_size(count: float, largest: float) -> float:
    if largest <= 0:
        return 14.0
    return round(12.0 + 38.0 * math.sqrt(max(count, 0) / largest), 1)


def betweenness_values(landscape: Landscape) -> dict[str, float]:
    """Normalised betweenness of every body and organisation in the network of seats.

    The network links each organisation to each body it sits on, as for the report's
    ``brokers`` table (:func:`govmap.metrics.seats.brokers`), and the values are computed
    by the same function, exactly.

    Examples
    --------
    >>> betweenness_values(Landscape())
    {}
    """
    nodes = [*landscape.organisations, *landscape.bodies]
    position = {node: i for i, node in enumerate(nodes)}
    neighbours: list[set[int]] = [set() for _ in nodes]
    for body in landscape.bodies.values():
        b = position[body.id]
        for member in body.members:
            o = position.get(member.member)
            if o is not None:
                neighbours[o].add(b)
                neighbours[b].add(o)
    values = betweenness([sorted(ns) for ns in neighbours]) if nodes else []
    return {node: float(values[i]) for i, node in enumerate(nodes)}


def count_findings(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings concern each id (a finding counts once per subject).

    Examples
    --------
    >>> from govmap.metrics.findings import Finding
    >>> count_findings([Finding("no-scrutiny", "low", ("a", "b"), "…"),
    ...                 Finding("no-scrutiny", "low", ("a", "a"), "…")])
    {'a': 2, 'b': 1}
    """
    counts: Counter[str] = Counter()
    for finding in findings:
        counts.update(set(finding.subjects))
    return dict(sorted(counts.items()))


def _size_values(landscape: Landscape, nodes: list[str], size_by: str,
                 seats: Counter[str],
                 finding_counts: Mapping[str, int] | None = None) -> dict[str, float]:
    if size_by == "none":
        return {node: 0.0 for node in nodes}
    if size_by == "seats":
        return {node: float(seats[node]) for node in nodes}
    if size_by == "betweenness":
        central = betweenness_values(landscape)
        return {node: central.get(node, 0.0) for node in nodes}
    if size_by == "findings":
        counts = finding_counts or {}
        return {node: float(counts.get(node, 0)) for node in nodes}
    values: dict[str, float] = {}
    for node in nodes:
        actor = landscape.actor(node)
        footprint = getattr(actor, "footprint", None)
        people = landscape.population(landscape.footprint_areas(footprint)) if footprint else None
        values[node] = float(people or 0)
    return values


def _edge_info(landscape: Landscape, source: str, target: str,
               attributes: Mapping[str, Any]) -> dict[str, Any]:
    edge_type = str(attributes["edge_type"])
    if edge_type == "member_of":
        what = f"seat: {style.kind_label(str(attributes.get('role') or 'member'))}"
    else:
        what = style.kind_label(edge_type)
    rows = [["Link", what]]
    start, end = attributes.get("start_date"), attributes.get("end_date")
    if start or end:
        rows.append(["Active", f"{start or '…'} to {end or 'now'}"])
    if attributes.get("confidence"):
        rows.append(["Confidence", str(attributes["confidence"])])
    return {
        "title": f"{landscape.name_of(source)} → {landscape.name_of(target)}",
        "rows": rows,
        "sources": cited(landscape, list(attributes.get("sources") or [])),
    }


def _edge_dict(edge_id: str, source: str, target: str, key: str,
               info: dict[str, Any], width_extra: float = 0.0, *,
               plain: bool = False) -> dict[str, Any]:
    edge_style = style.EDGE_STYLES[key]
    edge: dict[str, Any] = {
        "id": edge_id, "from": source, "to": target, "style": key,
        "color": {"color": edge_style.colour, "highlight": "#e67e22", "hover": "#e67e22"},
        "width": round(edge_style.width + width_extra, 2),
        "dashes": list(edge_style.dashes) if edge_style.dashes and not plain else False,
        "arrows": {"to": {"enabled": edge_style.arrow, "scaleFactor": 0.6}},
        "info": info,
    }
    return edge


# -- aggregation ---------------------------------------------------------------------------


def _group_of(landscape: Landscape, node: str) -> str:
    if node in landscape.bodies:
        return f"group:footprint:{landscape.bodies[node].footprint}"
    return f"group:kind:{landscape.organisations[node].kind}"


def _aggregate(landscape: Landscape, graph: nx.MultiDiGraph, max_nodes: int,
               seats: Counter[str]) -> tuple[nx.MultiDiGraph, dict[str, Any], int]:
    """Bodies grouped by footprint, organisations by kind; the largest groups kept."""
    members: dict[str, list[str]] = defaultdict(list)
    for node in sorted(graph.nodes, key=str):
        members[_group_of(landscape, str(node))].append(str(node))
    ranked = sorted(members, key=lambda g: (-len(members[g]), g))
    kept = set(ranked[:max(1, max_nodes)])
    not_drawn = sum(len(members[g]) for g in ranked if g not in kept)

    grouped = nx.MultiDiGraph()
    infos: dict[str, Any] = {}
    for group in sorted(kept):
        nodes = members[group]
        is_body = group.startswith("group:footprint:")
        levels = Counter(graph.nodes[n].get("level") for n in nodes)
        level = min(levels, key=lambda lv: (-levels[lv], vocab.LEVEL_ORDER.get(lv or "", 9)))
        kinds = Counter(str(graph.nodes[n].get("kind")) for n in nodes)
        if is_body:
            footprint = group.removeprefix("group:footprint:")
            name = f"{landscape.name_of(footprint)}: {_plural(len(nodes), 'body', 'bodies')}"
            areas = sorted(landscape.footprint_areas(footprint))
        else:
            kind = group.removeprefix("group:kind:")
            name = f"{style.kind_label(kind)}: {_plural(len(nodes), 'organisation')}"
            areas = []
            footprint = ""
        grouped.add_node(group, node_type="aggregate", of="body" if is_body else "organisation",
                         level=level, name=name, kind=kinds.most_common(1)[0][0],
                         footprint=footprint, areas=areas, count=len(nodes),
                         seats=sum(seats[n] for n in nodes))
        rows = [[style.kind_label(k), str(c)] for k, c in sorted(kinds.items())]
        listed = ", ".join(landscape.name_of(n) for n in nodes[:12])
        more = f" and {len(nodes) - 12} more" if len(nodes) > 12 else ""
        rows.append(["Includes", listed + more])
        infos[group] = {"title": name, "subtitle": "", "rows": rows, "sources": []}

    counted: Counter[tuple[str, str, str]] = Counter()
    for u, v, attributes in graph.edges(data=True):
        gu, gv = _group_of(landscape, str(u)), _group_of(landscape, str(v))
        if gu == gv or gu not in kept or gv not in kept:
            continue
        key = style.edge_style_key(str(attributes["edge_type"]), attributes.get("role"))
        counted[(gu, gv, key)] += 1
    for (gu, gv, key), count in sorted(counted.items()):
        grouped.add_edge(gu, gv, key=key, style=key, count=count)
    return grouped, infos, not_drawn


# -- the data of a view --------------------------------------------------------------------


#: The shape a grouped view is spread to (width over height): about the frame's.
GROUPED_ASPECT = 3.0


def _widen(positions: dict[Any, tuple[float, float]]) -> dict[Any, tuple[float, float]]:
    """Positions of a grouped view, each row spread evenly across a wide picture.

    A grouped view has a few nodes per band, so the layered drawing is tall and narrow
    and its middle rows are crowded; fitted to a wide frame, it is drawn small and the
    names of neighbouring groups collide. The picture is made :data:`GROUPED_ASPECT`
    times as wide as it is high (or kept, if wider), and each row keeps its order but
    fills that width, so every name has room at the first zoom.
    """
    if len(positions) < 2:
        return positions
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    width = max(max(xs) - min(xs), GROUPED_ASPECT * (max(ys) - min(ys)))
    rows: dict[float, list[Any]] = defaultdict(list)
    for node, (_, y) in positions.items():
        rows[y].append(node)
    spread: dict[Any, tuple[float, float]] = {}
    for y, row in rows.items():
        row.sort(key=lambda n: (positions[n][0], str(n)))
        step = width / len(row)
        for index, node in enumerate(row):
            spread[node] = (round(-width / 2 + (index + 0.5) * step, 1), y)
    return spread


def vis_options(*, physics: bool, presenter: bool, large: bool) -> dict[str, Any]:
    """vis-network options: positions fixed by Python, physics off unless asked for.

    The default edge look is that of a statutory seat (the commonest link); the page
    gives other edges only what differs from it.
    """
    default_edge = style.EDGE_STYLES[DEFAULT_EDGE_STYLE]
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140,
                          "avoidOverlap": 0.2},
            "stabilization": {"enabled": False},
        },
        "interaction": {
            "hover": True, "tooltipDelay": 120, "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "hideEdgesOnDrag": large, "hideEdgesOnZoom": large, "multiselect": True,
        },
        "nodes": {
            "font": {"size": PRESENTER_FONT_SIZE if presenter else FONT_SIZE,
                     "face": "DejaVu Sans, Verdana, Arial, sans-serif", "color": "#17202a",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "widthConstraint": {"maximum": 170 if presenter else 140},
            "borderWidth": 1.5,
        },
        "edges": {
            "smooth": False, "selectionWidth": 2, "hoverWidth": 1,
            "color": {"color": default_edge.colour, "highlight": "#e67e22", "hover": "#e67e22",
                      "inherit": False},
            "width": default_edge.width,
            "dashes": False,
            "arrows": {"to": {"enabled": False, "scaleFactor": 0.6}},
        },
    }


def network_data(landscape: Landscape, view_filter: ViewFilter = EVERYTHING, *,
                 presenter: bool = False, physics: bool = False, size_by: str = "seats",
                 max_nodes: int = 2000,
                 highlight: Mapping[str, str] | None = None,
                 spotlight: Collection[str] | None = None,
                 finding_counts: Mapping[str, int] | None = None,
                 highlight_labels: Mapping[str, str] | None = None,
                 group_by: str = "", expanded: Collection[str] = ()) -> dict[str, Any]:
    """The nodes, edges, legend and counts of a network view, as plain data.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view (``landscape.as_at(day)``).
    view_filter : ViewFilter
        Which bodies and organisations to show (see :func:`govmap.views.filters.select`).
    presenter : bool
        Large labels for a projector.
    physics : bool
        Start with vis-network's physics simulation on (off by default: positions come
        from :func:`govmap.views.layout.layered_positions`).
    size_by : str
        ``seats`` (see the module docstring), ``population`` or ``none``.
    max_nodes : int
        Above this many matching nodes, bodies are drawn grouped by footprint and
        organisations by kind; ``counts`` and ``notice`` say so.
    highlight : mapping of str to str, optional
        Node id -> ``added``, ``removed`` or ``changed`` (a scenario's difference):
        drawn with a coloured ring and listed in the legend. Ids not in the view are
        ignored (to show a removed node, pass a landscape that still has it).
    spotlight : collection of str, optional
        Ids to pick out (a finding's subjects): drawn with a thick dark ring, named first,
        and every other node and every link not touching them dimmed. Ids not in the view
        are ignored; ``spotlight`` in the result lists those drawn.
    finding_counts : mapping of str to int, optional
        Findings per node, for ``size_by="findings"`` (required then).
    highlight_labels : mapping of str to str, optional
        What the legend calls each highlight status (by default, what a scenario does:
        "added by the scenario"...); two dates compared say "started" and "ended".
    group_by : str
        ``kind`` or ``footprint`` to draw the bodies (and the organisations) of each kind
        or footprint as one node, with the links between groups aggregated
        (:func:`govmap.views.grouping.grouped_graph`); empty (the default) draws every
        node. A spotlit node inside a closed group spotlights its group.
    expanded : collection of str
        With ``group_by``: kinds or footprint ids whose groups are drawn open.

    Returns
    -------
    dict
        ``nodes`` and ``edges`` (vis-network items with an extra ``info`` for the
        tooltip: ``title``, ``subtitle``, ``rows`` of [label, value], ``sources``),
        ``legend`` (``nodes``, ``edges``, ``highlights``, ``size``), ``counts``
        (``matched``, ``drawn``, ``edges``, ``not_drawn``, ``aggregated``, ``groups``:
        closed groups drawn, ``grouped``: nodes inside them), ``notice``
        (a sentence for the title block, or empty), ``options`` (vis-network options),
        ``plain_lines`` (True when the view is large enough that every link is drawn
        solid), ``presenter``, ``as_at`` (ISO date or None) and ``spotlight`` (the
        spotlit ids drawn, sorted). Each node has a ``rank`` (see the module docstring).

    Raises
    ------
    ValueError
        For an unknown ``size_by`` or highlight status.
    """
    if size_by not in SIZE_BY:
        raise ValueError(f"unknown size_by '{size_by}'; use one of: {', '.join(SIZE_BY)}")
    if size_by == "findings" and finding_counts is None:
        raise ValueError("size_by='findings' needs finding_counts: the number of the "
                         "report's findings that concern each node")
    marks = dict(highlight or {})
    for node, status in marks.items():
        if status not in style.HIGHLIGHT_COLOURS:
            raise ValueError(f"highlight for '{node}' is '{status}'; use one of: "
                             f"{', '.join(HIGHLIGHTS)}")
    if group_by and group_by not in grouping.GROUP_BY:
        raise ValueError(f"unknown group_by '{group_by}'; use one of: "
                         f"{', '.join(grouping.GROUP_BY)}")
    chosen = select(landscape, view_filter)
    seats = seat_counts(landscape)
    graph = _view_graph(landscape, chosen)
    matched = graph.number_of_nodes()
    aggregated = matched > max_nodes and not group_by
    not_drawn = 0
    infos: dict[str, Any] = {}
    closed: dict[str, grouping.Group] = {}
    if group_by:
        graph, closed = grouping.grouped_graph(landscape, graph, group_by, expanded)
        infos = {gid: grouping.group_info(landscape, group, graph.nodes[gid])
                 for gid, group in closed.items()}
    elif aggregated:
        graph, infos, not_drawn = _aggregate(landscape, graph, max_nodes, seats)

    # wider than the layout's default: the picture is shown in a wide, short frame
    count = graph.number_of_nodes()
    positions = layered_positions(graph, columns=max(8, math.ceil(2.4 * math.sqrt(count))))
    if closed:
        positions = _widen(positions)
    nodes_sorted = sorted(graph.nodes, key=lambda n: (positions[n][1], positions[n][0], str(n)))
    ids = [str(n) for n in nodes_sorted]

    if aggregated:
        values = {n: float(graph.nodes[n]["count"]) for n in ids}
    else:
        singles = [n for n in ids if n not in closed]
        values = _size_values(landscape, singles, size_by, seats, finding_counts)
        # a group's size is its number of members, on a scale of its own
        values.update({n: float(len(closed[n].members)) for n in ids if n in closed})
    largest = max((v for n, v in values.items() if n not in closed), default=0.0)
    largest_group = max((len(g.members) for g in closed.values()), default=0)

    inside = {member: gid for gid, group in closed.items() for member in group.members}
    spot = {inside.get(node, node) for node in (spotlight or ())
            if node in graph or node in inside}
    nodes: list[dict[str, Any]] = []
    body_kinds: set[str] = set()
    org_kinds: set[str] = set()
    marks_shown: set[str] = set()
    for node in ids:
        attributes = graph.nodes[node]
        x, y = positions[node]
        node_type = attributes["node_type"]
        dashed = False
        if node in closed:
            group = closed[node]
            shape, colour = style.AGGREGATE_SHAPE, style.AGGREGATE_COLOUR
            if group.by == "kind":  # the kind's own colour; a footprint's mix has none
                look = (style.body_style(group.value) if group.of == "body"
                        else style.organisation_style(group.value))
                colour, dashed = look.colour, look.dashed
                (body_kinds if group.of == "body" else org_kinds).add(group.value)
            info = infos[node]
            label = group.label
        elif node_type == "aggregate":
            shape, colour = style.AGGREGATE_SHAPE, style.AGGREGATE_COLOUR
            info = infos[node]
            label = str(attributes["name"])
        elif node_type == "body":
            body = landscape.bodies[node]
            look = style.body_style(body.kind)
            shape, colour, dashed = style.BODY_SHAPE, look.colour, look.dashed
            body_kinds.add(body.kind)
            info = {"title": body.name, "subtitle": body.name_cy or "",
                    "rows": _body_info(landscape, body, seats[node]),
                    "sources": _sources(landscape, body)}
            label = body.name
        else:
            org = landscape.organisations[node]
            look = style.organisation_style(org.kind)
            shape, colour, dashed = style.ORGANISATION_SHAPE, look.colour, look.dashed
            org_kinds.add(org.kind)
            info = {"title": org.name, "subtitle": org.name_cy or "",
                    "rows": _org_info(landscape, org, seats[node]),
                    "sources": _sources(landscape, org)}
            label = org.name
        if node in closed:
            size = _node_size(values[node], largest_group)
        else:
            size = (_node_size(values[node], largest) if size_by != "none" or aggregated
                    else 14.0)
        item: dict[str, Any] = {
            "id": node, "label": label, "x": round(x, 1), "y": round(y, 1),
            "shape": shape, "size": size,
            "color": {"background": colour, "border": style.BORDER,
                      "highlight": {"background": colour, "border": "#e67e22"},
                      "hover": {"background": colour, "border": "#e67e22"}},
            "node_type": node_type, "kind": attributes.get("kind"),
            "level": attributes.get("level"), "info": info,
        }
        if node in closed:
            item["opens"] = closed[node].value
            item["borderWidth"] = 3
        if dashed:
            item["borderWidth"] = 3 if node in closed else 2.5
            item["shapeProperties"] = {"borderDashes": list(style.BORDER_DASHES)}
        status = marks.get(node, "")
        if status:
            marks_shown.add(status)
            item["mark"] = status
            item["borderWidth"] = 5
            item["color"]["border"] = style.HIGHLIGHT_COLOURS[status]
            item["info"] = {**info, "rows": [["Scenario", status], *info["rows"]]}
            if status == "removed":
                item["shapeProperties"] = {"borderDashes": [5, 4]}
                item["opacity"] = 0.55
        if node in spot:
            item["spot"] = True
            item["borderWidth"] = 5
            item["color"]["border"] = style.SPOTLIGHT_COLOUR
            item["color"]["hover"]["border"] = style.SPOTLIGHT_COLOUR
        elif spot:
            item["opacity"] = style.DIMMED_OPACITY
        nodes.append(item)

    # the order in which the page tries to write names (see the module docstring)
    def label_priority(item: dict[str, Any]) -> tuple[int, float, str]:
        # a group's name is what a grouped view is for: groups come before single nodes,
        # the largest first
        tier = 0 if item.get("spot") or item.get("mark") else (
            1 if item["id"] in closed else
            2 if item.get("level") in {"national", "regional"} else 3)
        return (tier, -values[item["id"]], str(item["label"]).casefold())

    for rank, item in enumerate(sorted(nodes, key=label_priority)):
        item["rank"] = rank

    edges: list[dict[str, Any]] = []
    edge_styles: set[str] = set()
    # Dashed lines seen from afar are thousands of sub-pixel dashes each: a 2,000-node view
    # took a second per frame. Large views draw every link solid; colour tells them apart.
    plain = len(nodes) > LARGE_VIEW

    def edge_order(edge: tuple[Any, Any, dict[str, Any]]) -> tuple[str, str, str, str]:
        u, v, attributes = edge
        kind = attributes.get("edge_type") or attributes.get("style")
        return (str(u), str(v), str(kind), str(attributes.get("role")))

    for index, (u, v, attributes) in enumerate(sorted(graph.edges(data=True), key=edge_order)):
        if aggregated or "count" in attributes:
            key = str(attributes["style"])
            count = int(attributes["count"])
            ends = [closed[n].label if n in closed
                    else str(graph.nodes[n].get("name") or landscape.name_of(str(n)))
                    for n in (u, v)]
            info = {"title": f"{ends[0]} → {ends[1]}",
                    "rows": [["Links", f"{count} × {style.EDGE_STYLES[key].label}"]],
                    "sources": []}
            extra = min(6.0, math.log2(count)) if count > 1 else 0.0
        else:
            key = style.edge_style_key(str(attributes["edge_type"]), attributes.get("role"))
            info = _edge_info(landscape, str(u), str(v), attributes)
            extra = 0.0
        edge_styles.add(key)
        edge = _edge_dict(f"e{index}", str(u), str(v), key, info, extra, plain=plain)
        if spot and u not in spot and v not in spot:
            edge["dimmed"] = True
        edges.append(edge)

    legend_nodes = [
        {"label": style.kind_label(k), "shape": style.BODY_SHAPE, "colour": style.body_colour(k),
         "dashed": style.body_style(k).dashed, "group": "Bodies"} for k in sorted(body_kinds)
    ] + [
        {"label": style.kind_label(k), "shape": style.ORGANISATION_SHAPE,
         "colour": style.organisation_colour(k), "dashed": style.organisation_style(k).dashed,
         "group": "Organisations"}
        for k in sorted(org_kinds)
    ]
    if closed:
        legend_nodes.append({"label": "a group: its name and how many it holds (size by "
                             "that number)", "shape": style.AGGREGATE_SHAPE,
                             "colour": style.AGGREGATE_COLOUR if group_by == "footprint"
                             else "#ffffff", "dashed": False, "group": "Groups"})
    if aggregated:
        legend_nodes.append({"label": "a group of bodies or organisations",
                             "shape": style.AGGREGATE_SHAPE, "colour": style.AGGREGATE_COLOUR,
                             "dashed": False, "group": "Groups"})
    legend_edges = [
        {"label": s.label, "colour": s.colour, "dashes": [] if plain else list(s.dashes),
         "arrow": s.arrow}
        for key, s in style.EDGE_STYLES.items() if key in edge_styles
    ]
    legend_marks = [
        {"label": (highlight_labels or style.HIGHLIGHT_LABELS).get(k, style.HIGHLIGHT_LABELS[k]),
         "colour": style.HIGHLIGHT_COLOURS[k], "status": k}
        for k in HIGHLIGHTS if k in marks_shown
    ]
    if aggregated:
        size_text = "Size: number of bodies or organisations in the group"
    else:
        size_text = {
            "seats": "Size: seats (members of a body; bodies an organisation sits on)",
            "betweenness": "Size: betweenness (how much of the network of seats runs "
                           "through the node)",
            "findings": "Size: findings of the report that concern the node",
            "population": "Size: population of the footprint",
            "none": "",
        }[size_by]
        if closed:
            size_text = (size_text + "; " if size_text else "Size: ") + \
                "a group, by how many it holds"

    notice = ""
    if closed:
        grouped = sum(len(g.members) for g in closed.values())
        notice = (f"Grouped by {group_by}: {grouped:,} of the {matched:,} bodies and "
                  f"organisations are drawn as {len(closed):,} groups, with the links "
                  "between groups counted.")
    if aggregated:
        notice = (
            f"{matched:,} bodies and organisations match: more than the {max_nodes:,} this "
            f"view draws one by one, so they are drawn as {len(nodes):,} groups (bodies by "
            "footprint, organisations by kind). Narrow the filters, or focus on one body, "
            "to see them individually."
        )
        if not_drawn:
            notice += f" {not_drawn:,} nodes in smaller groups are hidden."
    elif matched == 0:
        notice = "Nothing matches these filters."

    return {
        "nodes": nodes,
        "edges": edges,
        "legend": {"nodes": legend_nodes, "edges": legend_edges, "highlights": legend_marks,
                   "size": size_text},
        "counts": {"matched": matched, "drawn": len(nodes), "edges": len(edges),
                   "not_drawn": not_drawn, "aggregated": aggregated,
                   "groups": len(closed),
                   "grouped": sum(len(g.members) for g in closed.values())},
        "notice": notice,
        "options": vis_options(physics=physics, presenter=presenter, large=plain),
        "plain_lines": plain,
        "as_at": landscape.as_at_date.isoformat() if landscape.as_at_date else None,
        "presenter": presenter,
        "spotlight": sorted(spot),
    }


# -- HTML ----------------------------------------------------------------------------------


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element (no ``<``, ``>`` or ``&``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("govmap.views", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
    )


def _shape_svg(shape: str, colour: str, dashed: bool = False) -> Markup:
    """A small legend swatch (drawn from our own palette; no user text)."""
    if dashed:
        dashes = ",".join(str(d) for d in style.BORDER_DASHES)
        paint = (f'fill="{colour}" stroke="{style.BORDER}" stroke-width="2" '
                 f'stroke-dasharray="{dashes}"')
    else:
        paint = f'fill="{colour}" stroke="{style.BORDER}" stroke-width="1"'
    if shape == style.BODY_SHAPE:
        figure = f'<circle cx="9" cy="9" r="7" {paint}/>'
    elif shape == style.ORGANISATION_SHAPE:
        figure = f'<rect x="2" y="2" width="14" height="14" {paint}/>'
    else:
        figure = f'<polygon points="9,1 16,5 16,13 9,17 2,13 2,5" {paint}/>'
    return Markup(f'<svg width="18" height="18" aria-hidden="true">{figure}</svg>')


def _line_svg(colour: str, dashes: list[int], arrow: bool) -> Markup:
    """A legend swatch for a type of link."""
    dash = f' stroke-dasharray="{",".join(str(d) for d in dashes)}"' if dashes else ""
    head = f'<polygon points="34,6 27,2.5 27,9.5" fill="{colour}"/>' if arrow else ""
    end = 28 if arrow else 35
    return Markup(
        f'<svg width="36" height="12" aria-hidden="true"><line x1="1" y1="6" x2="{end}" y2="6" '
        f'stroke="{colour}" stroke-width="2"{dash}/>{head}</svg>'
    )


def _ring_svg(colour: str, dashed: bool = False) -> Markup:
    dash = ' stroke-dasharray="3,2"' if dashed else ""
    return Markup(
        f'<svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" r="6" '
        f'fill="#ffffff" stroke="{colour}" stroke-width="3"{dash}/></svg>'
    )


def _edge_styles(plain: bool) -> dict[str, dict[str, Any]]:
    """The look of each link style, sent once rather than with every edge."""
    return {
        key: {"color": s.colour, "width": s.width,
              "dashes": list(s.dashes) if s.dashes and not plain else False, "arrow": s.arrow}
        for key, s in style.EDGE_STYLES.items()
    }


def _compact_edges(edges: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Any]]:
    """Edges as the page needs them (ends, style, extra width, details) and the distinct
    tables of details they point to, in few bytes.

    vis-network merges every option given on an edge with its defaults, which for tens of
    thousands of edges costs seconds; the page therefore sets only what differs from the
    default look (:func:`vis_options`), and builds each link's details from these fields
    only when it is hovered.
    """
    compact = []
    tables: dict[str, int] = {}  # most links share their details: send each table once
    for edge in edges:
        extra = round(edge["width"] - style.EDGE_STYLES[edge["style"]].width, 2)
        rows = json.dumps(edge["info"]["rows"], ensure_ascii=False)
        item: dict[str, Any] = {"f": edge["from"], "t": edge["to"], "s": edge["style"],
                                "r": tables.setdefault(rows, len(tables))}
        if edge["info"]["sources"]:
            item["src"] = edge["info"]["sources"]
        if edge.get("dimmed"):
            item["d"] = 1
        if extra:
            item["w"] = extra
        compact.append(item)
    return compact, [json.loads(rows) for rows in tables]


def network_html(landscape: Landscape, view_filter: ViewFilter = EVERYTHING, *, title: str,
                 subtitle: str = "", presenter: bool = False, physics: bool = False,
                 size_by: str = "seats", max_nodes: int = 2000,
                 highlight: Mapping[str, str] | None = None,
                 spotlight: Collection[str] | None = None,
                 spotlight_label: str = "named in the finding",
                 finding_counts: Mapping[str, int] | None = None,
                 highlight_labels: Mapping[str, str] | None = None,
                 source: str | None = None, generated: dt.date | None = None,
                 asset_url: str | None = None, group_by: str = "",
                 expanded: Collection[str] = ()) -> str:
    """One self-contained HTML document drawing the network view.

    Parameters
    ----------
    landscape, view_filter, presenter, physics, size_by, max_nodes, highlight, spotlight
    finding_counts, highlight_labels, group_by, expanded
        As for :func:`network_data`.
    spotlight_label : str
        What the legend says the spotlit nodes are.
    title : str
        The heading of the title block.
    subtitle : str
        A line under the heading (what the view shows, for whom).
    source : str, optional
        The data source named in the title block; by default the files the landscape
        was read from (:func:`default_source`).
    generated : datetime.date, optional
        A "made on" date for the title block (left out by default so that the same input
        always gives the same file).
    asset_url : str, optional
        Link the vis-network script and style sheet from this URL prefix (where
        :func:`govmap.views.assets.write_assets` put them) instead of inlining them. For a
        server that redraws often (the explorer); a file to keep or send always inlines.

    Returns
    -------
    str
        An HTML document with the vis-network script and style inlined. It makes no
        request to any other host; every name is escaped, and tooltips are built as DOM
        text, never parsed as HTML. The legend and title block (title, date of the view,
        data source, counts) are always visible. The page has a search box, a physics
        switch, a "fit" button and a presenter switch (key ``p``) that hides the
        controls and enlarges labels.
    """
    data = network_data(landscape, view_filter, presenter=presenter, physics=physics,
                        size_by=size_by, max_nodes=max_nodes, highlight=highlight,
                        spotlight=spotlight, finding_counts=finding_counts,
                        highlight_labels=highlight_labels, group_by=group_by,
                        expanded=expanded)
    legend = data["legend"]
    groups: dict[str, list[dict[str, Any]]] = {}
    for entry in legend["nodes"]:
        groups.setdefault(entry["group"], []).append(
            {"label": entry["label"],
             "swatch": _shape_svg(entry["shape"], entry["colour"], entry["dashed"])})
    edge_entries = [
        {"label": e["label"], "swatch": _line_svg(e["colour"], e["dashes"], e["arrow"])}
        for e in legend["edges"]
    ]
    mark_entries = [
        {"label": m["label"], "swatch": _ring_svg(m["colour"], m["status"] == "removed")}
        for m in legend["highlights"]
    ]
    if data["spotlight"]:
        mark_entries.append({"label": f"{spotlight_label} ({len(data['spotlight'])})",
                             "swatch": _ring_svg(style.SPOTLIGHT_COLOUR)})
    counts = data["counts"]
    if counts["groups"]:
        matched = _plural(counts["matched"], "body or organisation", "bodies and organisations")
        count_text = (f"{matched} ({_plural(counts['grouped'], 'node')} in "
                      f"{_plural(counts['groups'], 'group')}), {_plural(counts['edges'], 'link')}")
    elif counts["aggregated"]:
        count_text = (f"{_plural(counts['matched'], 'node')} in "
                      f"{_plural(counts['drawn'], 'group')}, {_plural(counts['edges'], 'link')}")
    else:
        drawn = _plural(counts["drawn"], "body or organisation", "bodies and organisations")
        count_text = f"{drawn}, {_plural(counts['edges'], 'link')}"
    as_at = data["as_at"]
    edges, edge_rows = _compact_edges(data["edges"])
    page = {"nodes": data["nodes"], "edges": edges, "edgeRows": edge_rows,
            "edgeStyles": _edge_styles(data["plain_lines"]), "defaultEdgeStyle": DEFAULT_EDGE_STYLE,
            "options": data["options"],
            "presenter": presenter, "fontSize": FONT_SIZE, "spotlight": data["spotlight"],
            "large": counts["drawn"] > LARGE_VIEW,
            "presenterFontSize": PRESENTER_FONT_SIZE, "maxSources": MAX_SOURCES_SHOWN}
    template = _environment().get_template("network.html.j2")
    return template.render(
        title=title, subtitle=subtitle,
        as_at=f"As at {as_at}" if as_at else "All dates (not a dated view: ended and current "
        "bodies together)",
        source=source if source is not None else default_source(landscape),
        generated=generated.isoformat() if generated else "",
        counts=count_text, notice=data["notice"], presenter=presenter,
        legend_groups=groups, legend_edges=edge_entries, legend_marks=mark_entries,
        size_text=legend["size"], physics=physics,
        asset_url=asset_url, js_name=JS_NAME, css_name=CSS_NAME,
        vis_css="" if asset_url else vis_network_css(),
        vis_js="" if asset_url else vis_network_js(),
        data_json=script_json(page), empty=counts["drawn"] == 0,
    )


def positions_of(data: Mapping[str, Any]) -> dict[Hashable, tuple[float, float]]:
    """Node id -> (x, y) from :func:`network_data` output (for static renderers and tests)."""
    return {node["id"]: (node["x"], node["y"]) for node in data["nodes"]}
