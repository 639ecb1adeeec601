"""Grouping the network by kind or by footprint, and opening groups again.

Every expected count is worked out by hand on the landscape of ``tests/views/build.py``:
12 nodes and 14 links; two community safety partnerships (csp-1, csp-2) and three local
authorities (council-1, -2, -3) are the only kinds with more than one node, and Town 1
(la-1) the only footprint with more than one body (csp-1 and its sub-group group-1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govmap.cli import main
from govmap.views.grouping import choices, groups
from govmap.views.network import network_data, network_html
from tests.conftest import MINI
from tests.views.build import tiny

CSPS = "group:kind:body:community_safety_partnership"
COUNCILS = "group:kind:organisation:local_authority"


def _nodes(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in data["nodes"]}


def _links(data: dict[str, Any]) -> dict[tuple[str, str], int]:
    """(from, to) -> how many links of the data the drawn line (or lines) stand for."""
    found: dict[tuple[str, str], int] = {}
    for edge in data["edges"]:
        text = edge["info"]["rows"][0][1]
        count = int(text.split(" × ")[0]) if " × " in text else 1
        found[(edge["from"], edge["to"])] = found.get((edge["from"], edge["to"]), 0) + count
    return found


def _inside(data: dict[str, Any], node: str) -> int:
    rows = dict(map(tuple, _nodes(data)[node]["info"]["rows"]))
    return int(rows["Links inside"])


def test_grouped_by_kind_each_kind_of_several_nodes_is_one_node_with_its_count() -> None:
    data = network_data(tiny(), group_by="kind")
    nodes = _nodes(data)
    assert set(nodes) == {CSPS, COUNCILS, "board-wales", "rcsb", "psb-3", "group-1",
                          "police", "wg", "charity"}  # a kind of one is drawn as its node
    assert nodes[CSPS]["label"] == "Community safety partnership (2 bodies)"
    assert nodes[COUNCILS]["label"] == "Local authority (3 organisations)"
    assert nodes[COUNCILS]["size"] > nodes[CSPS]["size"]  # size: how many it holds
    assert nodes[CSPS]["color"]["background"] == "#cc6677"  # the kind's own colour
    assert data["counts"]["groups"] == 2 and data["counts"]["grouped"] == 5
    assert data["counts"]["drawn"] == 9 and data["counts"]["matched"] == 12


def test_links_between_groups_are_counted_and_none_is_lost() -> None:
    data = network_data(tiny(), group_by="kind")
    links = _links(data)
    assert links[(COUNCILS, CSPS)] == 2     # council-1 -> csp-1, council-2 -> csp-2
    assert links[("police", CSPS)] == 2     # the police sits on both CSPs
    assert links[(COUNCILS, "rcsb")] == 2   # council-1 and council-2 on the regional board
    assert links[(CSPS, "rcsb")] == 1       # csp-1 reports to it
    assert links[("group-1", CSPS)] == 1    # a sub-group of csp-1
    assert links[("police", "rcsb")] == 1   # two single nodes: the link itself, kept
    inside = _inside(data, CSPS) + _inside(data, COUNCILS)
    assert sum(links.values()) + inside == 14  # every link of the view, once


def test_an_opened_group_is_drawn_as_its_members_linked_to_the_closed_groups() -> None:
    data = network_data(tiny(), group_by="kind", expanded=["community_safety_partnership"])
    nodes = _nodes(data)
    assert CSPS not in nodes and {"csp-1", "csp-2", COUNCILS} <= set(nodes)
    links = _links(data)
    assert links[(COUNCILS, "csp-1")] == 1 and links[(COUNCILS, "csp-2")] == 1
    assert links[("csp-1", "rcsb")] == 1
    assert sum(links.values()) + _inside(data, COUNCILS) == 14
    assert data["counts"]["groups"] == 1 and data["counts"]["drawn"] == 10
    # opening both shows the view as it is without grouping
    both = network_data(tiny(), group_by="kind",
                        expanded=["community_safety_partnership", "local_authority"])
    assert set(_nodes(both)) == set(_nodes(network_data(tiny())))
    assert both["counts"]["groups"] == 0


def test_grouped_by_footprint() -> None:
    data = network_data(tiny(), group_by="footprint")
    nodes = _nodes(data)
    town = "group:footprint:body:la-1"
    assert nodes[town]["label"] == "Town 1 (2 bodies)"
    assert {"csp-1", "group-1"}.isdisjoint(nodes)
    assert _inside(data, town) == 1  # group-1 is a sub-group of csp-1: inside the group
    assert _links(data)[("council-1", town)] == 2  # its seats on csp-1 and on group-1
    assert data["counts"]["groups"] == 1
    opened = network_data(tiny(), group_by="footprint", expanded=["la-1"])
    assert opened["counts"]["groups"] == 0 and {"csp-1", "group-1"} <= set(_nodes(opened))


def test_a_spotlit_node_in_a_closed_group_spotlights_the_group() -> None:
    data = network_data(tiny(), group_by="kind", spotlight=["csp-1"])
    assert data["spotlight"] == [CSPS]
    assert _nodes(data)["police"].get("opacity", 1) < 1
    opened = network_data(tiny(), group_by="kind", spotlight=["csp-1"],
                          expanded=["community_safety_partnership"])
    assert opened["spotlight"] == ["csp-1"]


def test_the_choices_name_what_can_be_opened() -> None:
    ids = [*tiny().bodies, *tiny().organisations]
    assert choices(tiny(), ids, "kind") == {
        "community_safety_partnership": "Community safety partnership (2)",
        "local_authority": "Local authority (3)"}
    assert choices(tiny(), ids, "footprint") == {"la-1": "Town 1 (3)"}
    assert [g.open for g in groups(tiny(), ids, "kind", ["local_authority"])
            if g.value == "local_authority"] == [True]


def test_the_page_says_what_is_grouped() -> None:
    html = network_html(tiny(), title="T", group_by="kind")
    assert "12 bodies and organisations (5 nodes in 2 groups)" in html
    assert "a group: its name and how many it holds" in html
    assert "Grouped by kind: 5 of the 12 bodies and organisations" in html


def test_an_unknown_grouping_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown group_by 'colour'"):
        network_data(tiny(), group_by="colour")


def test_group_by_and_open_from_the_command_line(tmp_path: Path, in_root: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "grouped.html"
    assert main(["render", str(MINI), "-o", str(out), "--as-at", "2017-06-01",
                 "--group-by", "kind", "--open", "public_services_board"]) == 0
    html = out.read_text(encoding="utf-8")
    assert '"id":"group:kind:organisation:local_authority"' in html
    assert '"id":"psb-cardiff"' in html  # opened: drawn as itself
    assert main(["render", str(MINI), "--group-by", "kind", "--open", "public_service_board"]
                ) == 2
    assert ("--open: no kind 'public_service_board' (did you mean 'public_services_board'?)"
            in capsys.readouterr().err)
    assert main(["render", str(MINI), "--open", "public_services_board"]) == 2
    assert "--open needs --group-by" in capsys.readouterr().err


def test_groups_are_named_first_the_largest_first() -> None:
    data = network_data(tiny(), group_by="kind", spotlight=["wg"])
    ranks = {n["id"]: n["rank"] for n in data["nodes"]}
    assert ranks["wg"] == 0  # picked out: still first
    assert (ranks[COUNCILS], ranks[CSPS]) == (1, 2)  # then groups, 3 before 2
    assert max(ranks[COUNCILS], ranks[CSPS]) < min(r for n, r in ranks.items()
                                                    if not n.startswith("group:") and n != "wg")
