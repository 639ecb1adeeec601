"""govmap export --format graphml (plain) and --format yed: the schema, networkx, igraph, yEd."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import igraph
import networkx as nx
import pytest
from lxml import etree

from govmap.cli import main
from govmap.export.graphml import (
    NS,
    NS_Y,
    YED_SCHEMA_LOCATION,
    flat_graph,
    plain_graph,
    to_graphml,
    to_yed,
)
from govmap.export.xlsx import tables
from govmap.model.landscape import Landscape
from govmap.model.load import load
from govmap.views import style

from ..conftest import MINI
from .landscapes import full

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "graphml_schema"
                                         / "graphml.xsd")))


def schema_errors(text: str | bytes) -> list[str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if SCHEMA.validate(etree.fromstring(raw)):
        return []
    return [f"{e.line}: {e.message}" for e in SCHEMA.error_log]


def without_yfiles(text: str) -> bytes:
    """The yEd file with its yFiles parts (graphics keys and their data) taken out."""
    root = etree.fromstring(text.encode("utf-8"))
    graphics = set()
    for key in root.findall(f"{{{NS}}}key"):
        if key.get("yfiles.type"):
            graphics.add(key.get("id"))
            root.remove(key)
    for data in root.iter(f"{{{NS}}}data"):
        if data.get("key") in graphics:
            parent = data.getparent()
            assert parent is not None
            parent.remove(data)
    return etree.tostring(root)


def edge_multiset(graph: nx.MultiDiGraph, drop: frozenset[str] = frozenset()) -> Counter[Any]:
    return Counter(
        (u, v, frozenset((k, val) for k, val in d.items() if k not in drop))
        for u, v, d in graph.edges(data=True)
    )


# -- plain GraphML --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["mini", "full", "wales"])
def test_plain_graphml_is_valid_against_the_graphml_schema(name: str, mini: Landscape) -> None:
    landscape = {"mini": lambda: mini, "full": full, "wales": load}[name]()
    text = to_graphml(landscape)
    assert schema_errors(text) == []
    root = ET.fromstring(text)
    # every key is named (Gephi Lite makes an attribute named "" of a key without a name)
    assert all(k.get("attr.name") and k.get("attr.type") for k in root.iter(f"{{{NS}}}key"))
    assert NS_Y not in text


def test_the_schema_check_fails_the_yfiles_parts(mini: Landscape) -> None:
    errors = schema_errors(to_yed(mini))
    assert errors and all("yfiles.type" in e or "yworks" in e for e in errors)


def test_networkx_reads_back_every_node_edge_and_attribute() -> None:
    landscape = full()
    written = plain_graph(landscape)
    read = nx.read_graphml(io.StringIO(to_graphml(landscape)), force_multigraph=True)
    assert set(read.nodes) == set(written.nodes) == {
        *landscape.organisations, *landscape.bodies, *landscape.duties}
    for node, attrs in written.nodes(data=True):
        for key, value in attrs.items():
            assert read.nodes[node][key] == value, (node, key)
    assert edge_multiset(read) == edge_multiset(written)
    # edge ids are the spreadsheet's connection ids
    sheet_ids = sorted(row[0] for row in tables(landscape)["Connections"][1:])
    assert sorted(k for _, _, k in read.edges(keys=True)) == sheet_ids


def test_igraph_reads_nodes_edges_positions_and_types(tmp_path: Path) -> None:
    wales = load()
    path = tmp_path / "wales.graphml"
    path.write_text(to_graphml(wales), encoding="utf-8")
    graph = igraph.Graph.Read_GraphML(str(path))
    assert graph.is_directed()
    assert graph.vcount() == len(wales.organisations) + len(wales.bodies) + len(wales.duties)
    assert graph.ecount() == flat_graph(wales).number_of_edges()
    nodes = {v["id"]: v for v in graph.vs}
    body = next(iter(wales.bodies.values()))
    assert nodes[body.id]["label"] == body.name
    assert nodes[body.id]["members"] == len(body.members)            # a number, not text
    assert isinstance(nodes[body.id]["x"], float) and isinstance(nodes[body.id]["y"], float)
    assert Counter(graph.es["edge_type"])["member_of"] == sum(
        len(b.members) for b in wales.bodies.values())
    # igraph reads true/false as booleans; an edge without the attribute reads as False
    statutory = [d.get("statutory") is True for _, _, d in flat_graph(wales).edges(data=True)]
    assert graph.es["statutory"].count(True) == statutory.count(True) > 0


def test_positions_are_plain_x_and_y(mini: Landscape) -> None:
    graph = plain_graph(mini)
    # y points up (as in Gephi): the regional board sits above the local partnership
    assert graph.nodes["safer-gwent"]["y"] > graph.nodes["csp-cardiff"]["y"]
    root = ET.fromstring(to_graphml(mini))
    names = {k.get("attr.name"): k.get("attr.type") for k in root.iter(f"{{{NS}}}key")
             if k.get("for") == "node"}
    assert names["x"] == names["y"] == "double"


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


def test_command_line_writes_graphml(tmp_path: Any) -> None:
    out = tmp_path / "mini.graphml"
    assert main(["export", str(MINI), "--format", "graphml", "-o", str(out)]) == 0
    assert schema_errors(out.read_bytes()) == []
    assert nx.read_graphml(out, force_multigraph=True).number_of_edges() == 17


# -- yEd ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["mini", "full", "wales"])
def test_yed_file_names_its_schema_and_is_graphml_under_the_yfiles_parts(
        name: str, mini: Landscape) -> None:
    landscape = {"mini": lambda: mini, "full": full, "wales": load}[name]()
    text = to_yed(landscape)
    root = ET.fromstring(text)
    location = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation")
    assert location == YED_SCHEMA_LOCATION
    assert location.endswith("ygraphml.xsd")
    assert schema_errors(without_yfiles(text)) == []


def test_yed_sees_a_coloured_labelled_shape_for_each_node(mini: Landscape) -> None:
    root = ET.fromstring(to_yed(mini))
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


def test_yed_attribute_types_are_declared_once_as_yed_reads_them() -> None:
    landscape = full()
    text = to_yed(landscape)
    root = ET.fromstring(text)
    keys = [(k.get("for"), k.get("attr.name")) for k in root.iter(f"{{{NS}}}key")
            if k.get("attr.name")]
    assert len(keys) == len(set(keys))
    types = {k.get("attr.name"): k.get("attr.type") for k in root.iter(f"{{{NS}}}key")
             if k.get("for") == "node"}
    # yEd reads int without converting; long is converted, with a warning
    assert types["devolved"] == "boolean" and types["members"] == "int"
    assert types["staff"] == "int" and types["share"] == "double"
    assert 'attr.type="long"' not in text
    # an attribute named like one of govmap's is kept under its own name
    assert types["attr:level"] == "string"
    read = nx.read_graphml(io.StringIO(text), force_multigraph=True)
    written = flat_graph(landscape)
    assert edge_multiset(read) == edge_multiset(written, frozenset({"id"}))


def test_command_line_writes_yed(tmp_path: Any) -> None:
    out = tmp_path / "mini.graphml"
    assert main(["export", str(MINI), "--format", "yed", "-o", str(out)]) == 0
    assert schema_errors(without_yfiles(out.read_text(encoding="utf-8"))) == []
