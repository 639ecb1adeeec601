"""govmap export --format graphml: every node, edge and attribute, and yEd's graphics."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import networkx as nx

from govmap.cli import main
from govmap.export.graphml import NS, NS_Y, flat_graph, to_graphml
from govmap.model.landscape import Landscape
from govmap.views import style

from ..conftest import MINI
from .landscapes import full


def edge_multiset(graph: nx.MultiDiGraph, drop: frozenset[str] = frozenset()) -> Counter[Any]:
    return Counter(
        (u, v, frozenset((k, val) for k, val in d.items() if k not in drop))
        for u, v, d in graph.edges(data=True)
    )


def test_networkx_reads_back_every_node_edge_and_attribute() -> None:
    landscape = full()
    written = flat_graph(landscape)
    read = nx.read_graphml(io.StringIO(to_graphml(landscape)), force_multigraph=True)
    assert set(read.nodes) == set(written.nodes) == {
        *landscape.organisations, *landscape.bodies, *landscape.duties}
    for node, attrs in written.nodes(data=True):
        back = read.nodes[node]
        for key, value in attrs.items():
            assert back[key] == value, (node, key)
    assert edge_multiset(read) == edge_multiset(written)


def test_attributes_a_reviewer_filters_on(mini: Landscape) -> None:
    graph = flat_graph(mini)
    csp = graph.nodes["csp-cardiff"]
    assert csp["label"] == "Cardiff Community Safety Partnership"
    assert (csp["node_type"], csp["kind"], csp["level"]) == (
        "body", "community_safety_partnership", "local")
    assert csp["themes"] == "community_safety | anti_social_behaviour"
    assert (csp["footprint"], csp["footprint_name"], csp["footprint_family"]) == (
        "la-cardiff", "Cardiff", "local_authority")
    assert csp["end_date"] == "2014" and "start_date" not in csp   # unknown: left out
    assert csp["statutory"] is True and csp["members"] == 3
    # South Wales Police area (part) is the union of Cardiff and the Vale
    police = graph.nodes["police-south-wales"]
    assert police["footprint_name"] == "South Wales Police area (part)"
    assert graph.nodes["safer-gwent"]["statutory"] is False
    assert graph.nodes["safer-gwent"]["area_names"] == "Newport"
    seats = {(u, d["role"]) for u, v, d in graph.edges(data=True) if v == "psb-cardiff"
             and d["edge_type"] == "member_of"}
    assert seats == {("council-cardiff", "statutory_member"),
                     ("lhb-cardiff-vale", "statutory_member"),
                     ("police-south-wales", "invited_participant")}
    lines = Counter(d["edge_type"] for _, _, d in graph.edges(data=True))
    assert lines == {"member_of": 10, "discharges": 4, "accountable_to": 2, "reports_to": 1}


def test_yed_sees_a_coloured_labelled_shape_for_each_node(mini: Landscape) -> None:
    root = ET.fromstring(to_graphml(mini))
    nodes = {n.get("id"): n for n in root.iter(f"{{{NS}}}node")}
    csp = nodes["csp-cardiff"].find(f".//{{{NS_Y}}}ShapeNode")
    assert csp is not None
    fill = csp.find(f"{{{NS_Y}}}Fill")
    label = csp.find(f"{{{NS_Y}}}NodeLabel")
    shape = csp.find(f"{{{NS_Y}}}Shape")
    assert fill is not None and label is not None and shape is not None
    assert fill.get("color") == style.BODY_COLOURS["community_safety_partnership"]
    assert label.text == "Cardiff Community Safety Partnership"
    assert shape.get("type") == "ellipse"
    council = nodes["council-cardiff"].find(f".//{{{NS_Y}}}Shape")
    assert council is not None and council.get("type") == "rectangle"
    # national / regional bodies are drawn above local ones
    def top(node: str) -> float:
        geometry = nodes[node].find(f".//{{{NS_Y}}}Geometry")
        assert geometry is not None
        return float(geometry.get("y", "nan"))
    assert top("safer-gwent") < top("csp-cardiff")


def test_attribute_types_are_declared_once() -> None:
    landscape = full()
    root = ET.fromstring(to_graphml(landscape))
    keys = [(k.get("for"), k.get("attr.name")) for k in root.iter(f"{{{NS}}}key")
            if k.get("attr.name")]
    assert len(keys) == len(set(keys))
    types = {k.get("attr.name"): k.get("attr.type") for k in root.iter(f"{{{NS}}}key")
             if k.get("for") == "node"}
    assert types["devolved"] == "boolean" and types["members"] == "long"
    assert types["staff"] == "long" and types["share"] == "double"
    # an attribute named like one of govmap's is kept under its own name
    assert types["attr:level"] == "string"


def test_command_line_writes_graphml(tmp_path: Any) -> None:
    out = tmp_path / "mini.graphml"
    assert main(["export", str(MINI), "--format", "graphml", "-o", str(out)]) == 0
    assert nx.read_graphml(out, force_multigraph=True).number_of_edges() == 17
