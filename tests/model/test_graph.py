"""to_graph: typed nodes and edges, and a graph the caller may change freely."""

from __future__ import annotations

import datetime as dt

from govmap.model.graph import to_graph
from govmap.model.landscape import Landscape


def test_nodes_are_typed(mini: Landscape) -> None:
    graph = to_graph(mini.as_at(dt.date(2017, 6, 1)))
    assert graph.nodes["psb-cardiff"]["node_type"] == "body"
    assert graph.nodes["psb-cardiff"]["level"] == "local"
    assert graph.nodes["pcc-gwent"]["node_type"] == "organisation"
    assert graph.nodes["pcc-gwent"]["elected"] is True
    assert graph.nodes["cda-strategy"]["node_type"] == "duty"


def test_edges_are_typed(mini: Landscape) -> None:
    graph = to_graph(mini.as_at(dt.date(2017, 6, 1)))
    edges = {(u, v, d["edge_type"], d.get("role")) for u, v, d in graph.edges(data=True)}
    assert ("police-south-wales", "psb-cardiff", "member_of", "invited_participant") in edges
    assert ("safer-gwent", "pcc-gwent", "reports_to", None) in edges
    assert ("police-south-wales", "pcc-south-wales", "accountable_to", None) in edges
    assert ("psb-cardiff", "wfg-wellbeing-plan", "discharges", None) in edges


def test_changing_the_graph_does_not_change_the_landscape(mini: Landscape) -> None:
    before = to_graph(mini)
    graph = to_graph(mini)
    graph.nodes["psb-cardiff"]["themes"].append("hate_crime")
    graph.remove_node("csp-vale")
    assert "hate_crime" not in mini.bodies["psb-cardiff"].themes
    again = to_graph(mini)
    assert sorted(again.nodes) == sorted(before.nodes)
    assert again.nodes["psb-cardiff"] == before.nodes["psb-cardiff"]


def test_duties_can_be_left_out(mini: Landscape) -> None:
    graph = to_graph(mini, duties=False)
    assert "cda-strategy" not in graph
