"""govmap export --format gexf: valid GEXF 1.3, Gephi's timeline, years for Gephi Lite."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from lxml import etree

from govmap.cli import main
from govmap.export.gexf import gexf_graph, to_gexf
from govmap.export.xlsx import tables
from govmap.model.entities import Organisation
from govmap.model.landscape import Landscape
from govmap.model.load import load
from govmap.views.style import BODY_COLOURS

from ..conftest import MINI
from .landscapes import full

GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "gexf_schema" / "gexf.rng")))


def read(landscape: Landscape) -> nx.MultiDiGraph:
    graph = nx.read_gexf(io.StringIO(to_gexf(landscape)))
    return graph if graph.is_multigraph() else nx.MultiDiGraph(graph)


def test_networkx_reads_back_every_node_edge_and_attribute() -> None:
    landscape = full()
    written = gexf_graph(landscape)
    back = read(landscape)
    assert set(back.nodes) == set(written.nodes)
    for node, attrs in written.nodes(data=True):
        for key, value in attrs.items():
            assert back.nodes[node][key] == value, (node, key)

    def edges(graph: nx.MultiDiGraph) -> Counter[Any]:
        return Counter((u, v, d["id"], tuple(sorted(
            (k, str(x)) for k, x in d.items() if k not in ("viz", "id"))))
            for u, v, d in graph.edges(data=True))

    assert edges(back) == edges(written)


def schema_errors(text: str) -> list[str]:
    valid = SCHEMA.validate(etree.fromstring(text.encode("utf-8")))
    return [] if valid else [f"{e.line}: {e.message}" for e in SCHEMA.error_log]


def test_the_schema_rejects_what_networkx_writes_unaided(mini: Landscape) -> None:
    buffer = io.BytesIO()
    nx.write_gexf(gexf_graph(mini), buffer, version="1.3")
    assert any("name" in e for e in schema_errors(buffer.getvalue().decode("utf-8")))


@pytest.mark.parametrize("name", ["mini", "full", "wales"])
def test_valid_against_the_official_gexf_1_3_relaxng_schema(name: str, mini: Landscape) -> None:
    landscape = {"mini": lambda: mini, "full": full, "wales": load}[name]()
    text = to_gexf(landscape)
    assert schema_errors(text) == []
    assert "networkx_key" not in text
    root = ET.fromstring(text)
    assert root.get("version") == "1.3"


def test_parallel_relations_have_a_kind_and_the_spreadsheets_id() -> None:
    wales = load()
    root = ET.fromstring(to_gexf(wales))
    edges = list(root.iter(f"{GEXF}edge"))
    pairs = Counter((e.get("source"), e.get("target")) for e in edges)
    kinds: dict[tuple[str | None, str | None], set[str | None]] = {}
    for e in edges:
        kinds.setdefault((e.get("source"), e.get("target")), set()).add(e.get("kind"))
    # the 27 pairs linked more than once: 22 have two or more kinds that tell them apart
    parallel = [p for p, n in pairs.items() if n > 1]
    assert len(parallel) == 27
    assert sum(len(kinds[p]) > 1 for p in parallel) == 22
    assert {e.get("kind") for e in edges} <= {"member_of", "discharges", "accountable_to",
                                              "reports_to", "sub_group_of", "scrutinised_by",
                                              "funded_by"}
    sheet_ids = [row[0] for row in tables(wales)["Connections"][1:]]
    assert sorted(e.get("id") or "" for e in edges) == sorted(sheet_ids)


def test_years_and_active_for_viewers_without_a_timeline() -> None:
    graph = gexf_graph(full(), today=dt.date(2014, 6, 1))
    assert gexf_graph(full(), today=dt.date(2011, 6, 1)).nodes["pcc-sw"]["active"] is False
    # a PCC from 22 November 2012; its police authority's last year was 2012
    assert graph.nodes["pcc-sw"]["start_year"] == 2012
    assert graph.nodes["pcc-sw"]["active"] is True
    assert graph.nodes["police-authority-sw"]["end_year"] == 2012
    assert graph.nodes["police-authority-sw"]["active"] is False
    assert "start_year" not in graph.nodes["council-cardiff"]      # open: left out
    seat = next(d for u, v, d in graph.edges(data=True) if (u, v) == ("pcc-sw", "csp-cardiff"))
    # a seat from 2013 to 1 April 2014 (its last day 31 March 2014)
    assert (seat["start_year"], seat["end_year"], seat["active"]) == (2013, 2014, False)
    # a dated export is active as at its own day
    then = gexf_graph(full().as_at(dt.date(2013, 6, 1)))
    assert all(d["active"] for _, d in then.nodes(data=True))
    back = read(full())
    assert isinstance(back.nodes["pcc-sw"]["start_year"], int)


def test_dates_drive_gephis_timeline() -> None:
    root = ET.fromstring(to_gexf(full()))
    graph = root.find(f"{GEXF}graph")
    assert graph is not None
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    nodes = {n.get("id"): n for n in root.iter(f"{GEXF}node")}
    # a PCC from 22 November 2012; its police authority ended that day, so its last day
    # is the 21st (GEXF intervals include their end; govmap's end_date is the first day gone)
    assert nodes["pcc-sw"].get("start") == "2012-11-22"
    assert nodes["police-authority-sw"].get("end") == "2012-11-21"
    assert nodes["council-cardiff"].get("start") is None
    edges = [e for e in root.iter(f"{GEXF}edge")
             if (e.get("source"), e.get("target")) == ("pcc-sw", "csp-cardiff")]
    # a seat from 2013 (a year) to 1 April 2014
    assert [(e.get("start"), e.get("end")) for e in edges] == [("2013-01-01", "2014-03-31")]


def test_the_precise_dates_stay_as_attributes(mini: Landscape) -> None:
    back = read(mini)
    assert back.nodes["csp-cardiff"]["end_date"] == "2014"
    assert back.nodes["csp-cardiff"]["end"] == "2013-12-31"
    assert back.nodes["lhb-cardiff-vale"]["start"] == "2009-10-01"


def test_nodes_have_colours_sizes_and_positions(mini: Landscape) -> None:
    root = ET.fromstring(to_gexf(mini))
    nodes = {n.get("id"): n for n in root.iter(f"{GEXF}node")}
    colour = nodes["csp-cardiff"].find(f"{VIZ}color")
    assert colour is not None
    # the community safety partnership's colour in the shared palette, as r, g, b
    hex_colour = BODY_COLOURS["community_safety_partnership"].lstrip("#")
    assert (colour.get("r"), colour.get("g"), colour.get("b")) == tuple(
        str(int(hex_colour[i:i + 2], 16)) for i in (0, 2, 4))
    size = nodes["csp-cardiff"].find(f"{VIZ}size")
    assert size is not None and float(size.get("value", "0")) == 10 + 2 * 3  # three seats
    regional, local = (nodes[n].find(f"{VIZ}position") for n in ("safer-gwent", "csp-cardiff"))
    assert regional is not None and local is not None
    # Gephi's y axis points up: the regional board sits above the local partnership
    assert float(regional.get("y", "0")) > float(local.get("y", "0"))


def test_an_attribute_of_mixed_types_is_written_as_text() -> None:
    landscape = full()
    orgs = dict(landscape.organisations)
    pcc: Organisation = orgs["pcc-sw"]
    orgs["pcc-sw"] = pcc.model_copy(update={"attributes": {"staff": "about 300"}})
    landscape = Landscape.build(landscape.areas.values(), landscape.footprints.values(),
                                orgs.values(), landscape.bodies.values(),
                                landscape.duties.values())
    back = read(landscape)
    assert back.nodes["council-cardiff"]["staff"] == "12000"
    assert back.nodes["pcc-sw"]["staff"] == "about 300"


def test_command_line_writes_gexf(tmp_path: Any) -> None:
    out = tmp_path / "mini.gexf"
    assert main(["export", str(MINI), "--format", "gexf", "-o", str(out)]) == 0
    assert nx.read_gexf(out).number_of_nodes() == 7 + 4 + 2
