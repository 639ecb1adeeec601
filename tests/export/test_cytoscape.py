"""govmap export --format cytoscape: Cytoscape.js JSON that Cytoscape desktop can import."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from govmap.cli import main
from govmap.export.cytoscape import to_cytoscape, to_document
from govmap.export.graphml import flat_graph
from govmap.export.xlsx import tables
from govmap.model.landscape import Landscape
from govmap.model.load import load

from ..conftest import MINI
from .landscapes import full

_SAFE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def cytoscape_breaches(document: Any) -> list[str]:
    """What Cytoscape.js (elements JSON) and Cytoscape desktop's import would trip on."""
    found: list[str] = []
    elements = document.get("elements") if isinstance(document, dict) else None
    if not isinstance(elements, dict) or set(elements) != {"nodes", "edges"}:
        return ["no elements: {nodes: [...], edges: [...]}"]
    ids: list[Any] = []
    node_ids = set()
    types: dict[str, set[str]] = {}
    for group in ("nodes", "edges"):
        for element in elements[group]:
            data = element.get("data")
            if not isinstance(data, dict) or not isinstance(data.get("id"), str):
                found.append(f"a {group[:-1]} without data.id")
                continue
            ids.append(data["id"])
            if group == "nodes":
                node_ids.add(data["id"])
                position = element.get("position", {})
                if not all(isinstance(position.get(a), int | float) for a in ("x", "y")):
                    found.append(f"{data['id']}: no numeric position")
            for key, value in data.items():
                if not _SAFE.match(key):
                    found.append(f"{data['id']}: column name {key!r} is not JavaScript-safe")
                if not isinstance(value, str | int | float | bool):
                    found.append(f"{data['id']}: {key} is {type(value).__name__}")
                types.setdefault(f"{group}.{key}", set()).add(type(value).__name__)
    if len(set(ids)) != len(ids):
        found.append("ids repeat (Cytoscape.js needs one id per element, nodes and edges)")
    for edge in elements["edges"]:
        data = edge.get("data", {})
        for end in ("source", "target"):
            if data.get(end) not in node_ids:
                found.append(f"{data.get('id')}: {end} {data.get(end)!r} is not a node")
    for column, kinds in types.items():
        if len(kinds) > 1:
            found.append(f"column {column} holds {sorted(kinds)} (a column has one type)")
    return found


def test_the_rule_check_catches_a_bad_document() -> None:
    bad = {"elements": {
        "nodes": [{"data": {"id": "a", "Web site": "x", "n": 1}, "position": {"x": 0, "y": 0}},
                  {"data": {"id": "a", "n": "one"}}],
        "edges": [{"data": {"id": "e", "source": "a", "target": "b"}}]}}
    # a bad column name, no position, a repeated id, a missing target, a mixed column
    assert len(cytoscape_breaches(bad)) == 5, cytoscape_breaches(bad)


@pytest.mark.parametrize("name", ["mini", "full", "wales"])
def test_the_document_follows_the_rules(name: str, mini: Landscape) -> None:
    landscape = {"mini": lambda: mini, "full": full, "wales": load}[name]()
    document = json.loads(to_cytoscape(landscape))
    assert cytoscape_breaches(document) == []
    graph = flat_graph(landscape)
    assert len(document["elements"]["nodes"]) == graph.number_of_nodes()
    assert len(document["elements"]["edges"]) == graph.number_of_edges()
    assert sorted(e["data"]["id"] for e in document["elements"]["edges"]) == sorted(
        row[0] for row in tables(landscape)["Connections"][1:])


def test_what_a_node_and_an_edge_say(mini: Landscape) -> None:
    document = to_document(full())
    nodes = {n["data"]["id"]: n for n in document["elements"]["nodes"]}
    council = nodes["council-cardiff"]["data"]
    assert council["name"] == council["label"] == "Cardiff Council"   # Cytoscape shows name
    assert council["attr_level"] == "not a body"        # attr:level, made JavaScript-safe
    assert council["staff"] == 12000 and council["devolved"] is True
    # positions as on a screen (y down): the regional board above the local partnership
    drawn = {n["data"]["id"]: n["position"] for n in to_document(mini)["elements"]["nodes"]}
    assert drawn["safer-gwent"]["y"] < drawn["csp-cardiff"]["y"]
    seat = next(e["data"] for e in document["elements"]["edges"]
                if (e["data"]["source"], e["data"]["target"]) == ("pcc-sw", "csp-cardiff"))
    assert seat["interaction"] == "member_of" and seat["role"] == "invited_participant"
    assert (seat["start_date"], seat["end_date"]) == ("2013", "2014-04-01")


def test_command_line_writes_cytoscape_json(tmp_path: Path) -> None:
    out = tmp_path / "mini.cyjs"
    assert main(["export", str(MINI), "--format", "cytoscape", "-o", str(out)]) == 0
    assert cytoscape_breaches(json.loads(out.read_text(encoding="utf-8"))) == []
