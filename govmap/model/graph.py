"""The landscape as a networkx graph.

Nodes are organisations, bodies and duties; edges are memberships (organisation or body ->
body),
reporting lines (from -> target, keyed by line type) and duty assignments (body -> duty).
The graph is built fresh from the landscape and never shares mutable state with it, so a
caller (or pyvis) may change the graph freely.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from govmap.model.entities import Body, Organisation, Provenance
from govmap.model.landscape import Landscape

ORGANISATION = "organisation"
BODY = "body"
DUTY = "duty"

MEMBER = "member_of"
DISCHARGES = "discharges"


def _dates(item: Provenance) -> dict[str, Any]:
    return {
        "start_date": str(item.start_date) if item.start_date else None,
        "end_date": str(item.end_date) if item.end_date else None,
        "sources": list(item.sources),
        "confidence": item.confidence,
        "dates_confidence": item.dates_confidence,
    }


def node_attributes(landscape: Landscape, node_id: str) -> dict[str, Any]:
    """The attributes ``to_graph`` gives a body, organisation or duty node."""
    if node_id in landscape.bodies:
        body: Body = landscape.bodies[node_id]
        return {
            "node_type": BODY, "name": body.name, "kind": body.kind, "level": body.level,
            "footprint": body.footprint, "themes": list(body.themes),
            "statutory": body.is_statutory,
            "statutory_basis": (
                f"{body.statutory_basis.act} {body.statutory_basis.section or ''}".strip()
                if body.statutory_basis else None
            ),
            "chair": body.current_chair, "chairs": list(body.chair_ids),
            "areas": sorted(landscape.body_areas(node_id)),
            **_dates(body),
        }
    if node_id in landscape.organisations:
        org: Organisation = landscape.organisations[node_id]
        return {
            "node_type": ORGANISATION, "name": org.name, "kind": org.kind,
            "devolved": org.devolved, "elected": org.elected, "footprint": org.footprint,
            "parent": org.parent, **_dates(org),
        }
    duty = landscape.duties[node_id]
    return {
        "node_type": DUTY, "name": duty.name, "kind": "duty", "law": duty.law,
        "section": duty.section, "applies_per": duty.applies_per, **_dates(duty),
    }


def to_graph(landscape: Landscape, *, duties: bool = True) -> nx.MultiDiGraph:
    """Build a MultiDiGraph of the landscape.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view (``landscape.as_at(day)``); the graph includes everything in it.
    duties : bool
        Include duty nodes and ``discharges`` edges.

    Returns
    -------
    networkx.MultiDiGraph
        Node attribute ``node_type`` is ``organisation``, ``body`` or ``duty``. Edge key and
        attribute ``edge_type`` is ``member_of`` (with ``role``), a reporting line type
        (``accountable_to``, ``reports_to``, ``sub_group_of``, ``scrutinised_by``,
        ``funded_by``) or ``discharges``.
    """
    graph = nx.MultiDiGraph(as_at=str(landscape.as_at_date) if landscape.as_at_date else None)
    for org_id in landscape.organisations:
        graph.add_node(org_id, **node_attributes(landscape, org_id))
    for body_id in landscape.bodies:
        graph.add_node(body_id, **node_attributes(landscape, body_id))
    if duties:
        for duty_id in landscape.duties:
            graph.add_node(duty_id, **node_attributes(landscape, duty_id))

    actors: list[Body | Organisation] = [*landscape.organisations.values(),
                                         *landscape.bodies.values()]
    for actor in actors:
        for index, line in enumerate(actor.reporting_lines):
            graph.add_edge(actor.id, line.target, key=f"{line.type}:{index}",
                           edge_type=line.type, **_dates(line))
    for body in landscape.bodies.values():
        for index, member in enumerate(body.members):
            graph.add_edge(member.member, body.id, key=f"{MEMBER}:{index}",
                           edge_type=MEMBER, role=member.role, **_dates(member))
    if duties:
        for actor in actors:
            for index, assignment in enumerate(actor.discharges):
                graph.add_edge(actor.id, assignment.duty, key=f"{DISCHARGES}:{index}",
                               edge_type=DISCHARGES, **_dates(assignment))
    return graph
