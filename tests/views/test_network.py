"""network_data / network_html: what a user sees in the network view and its saved file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from govmap.metrics.seats import brokers
from govmap.model.entities import Document
from govmap.model.landscape import Landscape
from govmap.model.load import load
from govmap.views.assets import CSS_NAME, JS_NAME, write_assets
from govmap.views.filters import ViewFilter
from govmap.views.network import betweenness_values, network_data, network_html
from tests.conftest import MINI
from tests.views.build import ALL_BODIES, ALL_ORGS, HOSTILE, HOSTILE_IMG, tiny

EXTERNAL = re.compile(r"""(?:src|href|action|srcset)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def _page_data(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="govmap-data">(.*?)</script>', html,
                      re.S)
    assert match, "the page carries its data"
    loaded: dict[str, object] = json.loads(match.group(1))
    return loaded


def _by_id(data: dict[str, object]) -> dict[str, dict[str, object]]:
    return {n["id"]: n for n in data["nodes"]}  # type: ignore[index, attr-defined]


def test_every_body_and_organisation_is_drawn_with_its_own_shape() -> None:
    data = network_data(tiny())
    nodes = _by_id(data)
    assert set(nodes) == ALL_BODIES | ALL_ORGS
    assert {nodes[b]["shape"] for b in ALL_BODIES} == {"dot"}
    assert {nodes[o]["shape"] for o in ALL_ORGS} == {"square"}
    assert data["counts"] == {"matched": 12, "drawn": 12, "edges": 14, "not_drawn": 0,
                              "aggregated": False, "groups": 0, "grouped": 0}


def test_edges_are_styled_by_type() -> None:
    edges = {(e["from"], e["to"]): e for e in network_data(tiny())["edges"]}
    accountable = edges[("rcsb", "board-wales")]
    reports = edges[("csp-1", "rcsb")]
    sub_group = edges[("group-1", "csp-1")]
    seat = edges[("council-1", "csp-1")]
    invited = edges[("charity", "psb-3")]
    assert accountable["arrows"]["to"]["enabled"] and accountable["dashes"] is False
    assert reports["arrows"]["to"]["enabled"] and reports["dashes"]
    assert sub_group["dashes"] and sub_group["dashes"] != reports["dashes"]
    assert not seat["arrows"]["to"]["enabled"]
    assert invited["dashes"] and not seat["dashes"]


def test_nodes_are_sized_by_seats() -> None:
    nodes = _by_id(network_data(tiny()))
    # rcsb has 3 members, csp-1 has 2, group-1 has 1; council-1 sits on 3 bodies, wg on 1
    assert nodes["rcsb"]["size"] > nodes["csp-1"]["size"] > nodes["group-1"]["size"]
    assert nodes["council-1"]["size"] > nodes["wg"]["size"]


def test_nodes_can_be_sized_by_population_or_not_at_all() -> None:
    nodes = _by_id(network_data(tiny(), size_by="population"))
    # Wales (600 people) > police area (300) > Town 3 (300)? equal; Town 2 (200) > Town 1 (100)
    assert nodes["board-wales"]["size"] > nodes["rcsb"]["size"] == nodes["psb-3"]["size"]
    assert nodes["psb-3"]["size"] > nodes["csp-2"]["size"] > nodes["csp-1"]["size"]
    flat = _by_id(network_data(tiny(), size_by="none"))
    assert len({flat[b]["size"] for b in ALL_BODIES}) == 1
    with pytest.raises(ValueError, match="seats, betweenness, findings, population, none"):
        network_data(tiny(), size_by="votes")


def test_nodes_can_be_sized_by_betweenness_or_findings() -> None:
    landscape = tiny()
    central = betweenness_values(landscape)
    # the report's brokers table gives the same numbers for organisations
    for row in brokers(landscape):
        assert central[row["organisation"]] == pytest.approx(row["betweenness"])
    nodes = _by_id(network_data(landscape, size_by="betweenness"))
    top = max(central, key=lambda n: (central[n], n))
    assert nodes[top]["size"] == max(n["size"] for n in nodes.values())
    counted = _by_id(network_data(landscape, size_by="findings",
                                  finding_counts={"csp-2": 3, "wg": 1}))
    assert counted["csp-2"]["size"] > counted["wg"]["size"] > counted["csp-1"]["size"]
    with pytest.raises(ValueError, match="finding_counts"):
        network_data(landscape, size_by="findings")


def test_names_are_ranked_marked_then_national_and_regional_then_largest() -> None:
    nodes = _by_id(network_data(tiny(), highlight={"group-1": "changed"}))
    ranks = {n: item["rank"] for n, item in nodes.items()}
    assert sorted(ranks.values()) == list(range(len(nodes)))
    assert ranks["group-1"] == 0  # marked by a scenario: named first
    upper = [n for n, item in nodes.items() if item["level"] in {"national", "regional"}]
    lower = [n for n, item in nodes.items()
             if item["level"] not in {"national", "regional"} and n != "group-1"]
    assert max(ranks[n] for n in upper) < min(ranks[n] for n in lower)


def test_a_spotlight_picks_out_its_nodes_and_dims_the_rest() -> None:
    data = network_data(tiny(), spotlight=["csp-1", "council-1", "not-there"])
    nodes = _by_id(data)
    assert data["spotlight"] == ["council-1", "csp-1"]
    assert nodes["csp-1"]["spot"] and nodes["csp-1"]["borderWidth"] > 2
    assert "opacity" not in nodes["csp-1"]
    assert all(item["opacity"] < 0.5 for n, item in nodes.items()
               if n not in {"csp-1", "council-1"})
    assert {n["rank"] for n in nodes.values() if n.get("spot")} == {0, 1}
    for edge in data["edges"]:
        touches = {edge["from"], edge["to"]} & {"csp-1", "council-1"}
        assert bool(edge.get("dimmed")) != bool(touches)
    html = network_html(tiny(), spotlight=["csp-1"], spotlight_label="named in the finding",
                        title="t")
    assert "named in the finding (1)" in html
    assert _page_data(html)["spotlight"] == ["csp-1"]


def test_positions_put_national_above_local() -> None:
    nodes = _by_id(network_data(tiny()))
    assert nodes["board-wales"]["y"] < nodes["rcsb"]["y"] < nodes["csp-1"]["y"]
    assert nodes["csp-1"]["y"] < nodes["group-1"]["y"]


def test_filter_is_applied() -> None:
    nodes = _by_id(network_data(tiny(), ViewFilter(levels=frozenset({"national"}))))
    assert set(nodes) == {"board-wales", "wg"}


def test_tooltip_details_and_sources() -> None:
    info = _by_id(network_data(tiny()))["csp-1"]["info"]
    assert info["title"] == "Safer Town One"
    assert info["subtitle"] == "Tref Ddiogel Un"
    rows = dict(info["rows"])
    assert rows["Body"] == "community safety partnership"
    assert rows["Footprint"] == "Town 1 (1 area)"
    assert rows["Members"] == "2 (2 statutory)"
    assert info["sources"] == ["001_3c8194f91326f886.txt:L308", "public:CSP list"]


def test_registered_citations_read_as_documents_not_file_names() -> None:
    registry = {"001_3c8194f91326f886.txt": Document(
        key="001_3c8194f91326f886.txt", title="CSP Review 2017",
        publisher="Rogers and Thomas", year=2017)}
    landscape = dataclasses.replace(tiny(), documents=registry)
    info = _by_id(network_data(landscape))["csp-1"]["info"]
    assert info["sources"] == ["Rogers and Thomas (2017), CSP Review 2017, line 308",
                               "public:CSP list"]


def test_legend_lists_what_is_drawn_and_only_that() -> None:
    data = network_data(tiny(), ViewFilter(levels=frozenset({"national"})))
    labels = [entry["label"] for entry in data["legend"]["nodes"]]
    assert labels == ["advisory board", "devolved government"]
    assert [e["label"] for e in data["legend"]["edges"]] == ["seat by agreement or co-option"]


def test_highlight_marks_scenario_changes_and_rejects_unknown_statuses() -> None:
    data = network_data(tiny(), highlight={"csp-1": "added", "psb-3": "removed",
                                           "not-there": "changed"})
    nodes = _by_id(data)
    assert nodes["csp-1"]["color"]["border"] != nodes["csp-2"]["color"]["border"]
    assert nodes["csp-1"]["borderWidth"] > 1
    assert nodes["psb-3"]["shapeProperties"]["borderDashes"]
    assert "mark" not in nodes["csp-2"]
    # the legend explains only the marks that are drawn
    assert [m["status"] for m in data["legend"]["highlights"]] == ["added", "removed"]
    with pytest.raises(ValueError, match="added, removed, changed"):
        network_data(tiny(), highlight={"csp-1": "new"})


def test_over_max_nodes_draws_groups_and_says_how_many_are_hidden() -> None:
    # 12 nodes; groups: bodies by footprint (la-1: 2, la-2, la-3, pfa, nation: 1 each) and
    # organisations by kind (local_authority: 3; police, government, third sector: 1 each)
    data = network_data(tiny(), max_nodes=10)
    assert data["counts"] == {"matched": 12, "drawn": 9, "edges": data["counts"]["edges"],
                              "not_drawn": 0, "aggregated": True, "groups": 0,
                              "grouped": 0}
    nodes = _by_id(data)
    assert nodes["group:kind:local_authority"]["label"] == "local authority: 3 organisations"
    assert nodes["group:footprint:la-1"]["label"] == "Town 1: 2 bodies"
    assert "12 bodies and organisations match" in data["notice"]
    # only five groups fit: the largest two, then the rest in id order; four nodes hidden
    small = network_data(tiny(), max_nodes=5)
    assert set(_by_id(small)) == {"group:kind:local_authority", "group:footprint:la-1",
                                  "group:footprint:la-2", "group:footprint:la-3",
                                  "group:footprint:nation"}
    assert small["counts"]["not_drawn"] == 4
    assert "4 nodes in smaller groups are hidden" in small["notice"]


def test_grouped_links_are_counted() -> None:
    data = network_data(tiny(), max_nodes=10)
    # councils -> Town 1's bodies: council-1 has a statutory seat on csp-1 and a seat by
    # agreement on group-1; both are inside the two groups
    edges = [e for e in data["edges"]
             if (e["from"], e["to"]) == ("group:kind:local_authority", "group:footprint:la-1")]
    assert sorted(dict(e["info"]["rows"])["Links"] for e in edges) == [
        "1 × seat by agreement or co-option", "1 × statutory seat (member of)"]


def test_html_is_self_contained() -> None:
    html = network_html(tiny(), title="Tiny")
    assert not EXTERNAL.search(html)
    assert "<link" not in html.lower()
    assert "sourceMappingURL" not in html
    assert "bootstrap" not in html.lower()
    assert "new vis.Network" in html  # the script is inlined, not fetched


def test_hostile_names_are_never_markup() -> None:
    land = tiny(csp1_name=HOSTILE, charity_name=HOSTILE_IMG)
    html = network_html(land, title=HOSTILE, subtitle=HOSTILE_IMG, source=HOSTILE)
    assert HOSTILE not in html
    assert HOSTILE_IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the title, as text
    # in the data the names survive intact, to be set as text by the page
    nodes = _by_id(_page_data(html))
    assert nodes["csp-1"]["label"] == HOSTILE
    assert nodes["charity"]["info"]["title"] == HOSTILE_IMG
    script = html[html.rindex("<script>"):]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script


def test_title_block_names_the_date_the_source_and_the_counts() -> None:
    html = network_html(tiny().as_at(dt.date(2020, 5, 1)), title="Town view",
                        subtitle="for the review", source="data/boards.yaml",
                        generated=dt.date(2024, 1, 2))
    assert "<h1>Town view</h1>" in html
    assert "As at 2020-05-01" in html
    assert "Data: data/boards.yaml" in html
    assert "12 bodies and organisations, 14 links" in html
    assert "Made 2024-01-02" in html
    undated = network_html(tiny(), title="x")
    assert "All dates" in undated


def test_the_default_source_is_where_the_landscape_was_read_from(mini: Landscape) -> None:
    html = network_html(mini, title="x")
    assert "tests/fixtures/mini/boards.yaml" in html


def test_legend_is_in_the_page() -> None:
    html = network_html(tiny(), title="x")
    legend = html[html.index('<aside class="legend"'):html.index("</aside>")]
    for words in ("community safety partnership", "local authority", "accountable to",
                  "reports to", "sub-group of", "invited participant or observer"):
        assert words in legend


def test_presenter_mode_enlarges_labels_and_hides_controls() -> None:
    normal = _page_data(network_html(tiny(), title="x"))
    html = network_html(tiny(), title="x", presenter=True)
    big = _page_data(html)
    assert big["options"]["nodes"]["font"]["size"] > normal["options"]["nodes"]["font"]["size"]
    assert '<body class="presenter">' in html
    assert "body.presenter .controls { display: none; }" in html


def test_physics_is_off_unless_asked_for() -> None:
    assert _page_data(network_html(tiny(), title="x"))["options"]["physics"]["enabled"] is False
    on = _page_data(network_html(tiny(), title="x", physics=True))
    assert on["options"]["physics"]["enabled"] is True


def test_an_empty_view_says_so() -> None:
    html = network_html(tiny(), ViewFilter(search="no such board"), title="x")
    assert "Nothing matches these filters." in html


def test_same_input_same_file() -> None:
    assert network_html(tiny(), title="x") == network_html(tiny(), title="x")


def test_the_landscape_is_not_changed() -> None:
    land = tiny()
    before = land.bodies["csp-1"].model_dump()
    network_html(land, title="x", highlight={"csp-1": "changed"})
    assert land.bodies["csp-1"].model_dump() == before


def test_a_large_view_draws_solid_lines_and_its_legend_says_so() -> None:
    from govmap.synth import generate

    data = network_data(generate(450, seed=2))
    assert data["counts"]["drawn"] > 400
    assert all(edge["dashes"] is False for edge in data["edges"])
    assert all(entry["dashes"] == [] for entry in data["legend"]["edges"])
    small = network_data(tiny())
    assert any(edge["dashes"] for edge in small["edges"])


def test_a_served_view_links_vis_network_instead_of_inlining_it(tmp_path: Path) -> None:
    landscape = load([MINI])
    inline = network_html(landscape, title="Mini")
    served = network_html(landscape, title="Mini", asset_url="app/static")
    assert f'<script src="app/static/{JS_NAME}"></script>' in served
    assert f'href="app/static/{CSS_NAME}"' in served
    assert len(served) < len(inline) / 3  # the library no longer travels with each view
    assert "<script src=" not in inline
    assert write_assets(tmp_path)
    js = (tmp_path / JS_NAME).read_text(encoding="utf-8")
    assert "vis-network" in js and "sourceMappingURL" not in js
    assert write_assets(tmp_path)  # idempotent
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([JS_NAME, CSS_NAME])


def test_an_unwritable_asset_folder_means_inline(tmp_path: Path) -> None:
    blocker = tmp_path / "static"
    blocker.write_text("a file where the folder should be")
    assert write_assets(blocker) is False
