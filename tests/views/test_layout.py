"""layered_positions: bands in level order, deterministic, no two nodes in one place."""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from govmap.model.graph import to_graph
from govmap.synth import generate
from govmap.views.layout import COLUMN_GAP, ROW_GAP, layered_positions, organisation_level
from tests.views.build import tiny


def _tiny_graph() -> nx.MultiDiGraph:
    land = tiny()
    graph = to_graph(land, duties=False)
    for org in land.organisations:
        graph.nodes[org]["level"] = organisation_level(land, org)
    return graph


def test_organisation_levels_follow_their_footprints() -> None:
    land = tiny()
    assert organisation_level(land, "wg") == "national"          # nation footprint
    assert organisation_level(land, "police") == "regional"      # two areas
    assert organisation_level(land, "council-1") == "local"      # one area
    assert organisation_level(land, "charity") is None           # no footprint


def test_bands_run_national_to_sub_local_with_organisations_under_their_level() -> None:
    y = {node: xy[1] for node, xy in layered_positions(_tiny_graph()).items()}
    order = [
        ["board-wales"], ["wg"], ["rcsb"], ["police"], ["csp-1", "csp-2", "psb-3"],
        ["council-1", "council-2", "council-3"], ["group-1"], ["charity"],
    ]
    for band in order:
        assert len({y[n] for n in band}) == 1, band
    tops = [y[band[0]] for band in order]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)


def test_the_graph_is_not_changed() -> None:
    graph = _tiny_graph()
    before = (sorted(graph.nodes(data=True), key=str), sorted(graph.edges(keys=True), key=str))
    layered_positions(graph)
    assert (sorted(graph.nodes(data=True), key=str),
            sorted(graph.edges(keys=True), key=str)) == before


def test_crossing_is_removed() -> None:
    # Name order would put 'a-low' under 'A' and 'z-low' under 'B', but A links to z-low and
    # B to a-low: the lower band must swap so the two edges do not cross.
    graph = nx.Graph()
    graph.add_node("A", node_type="body", level="regional", name="A")
    graph.add_node("B", node_type="body", level="regional", name="B")
    graph.add_node("a-low", node_type="body", level="local", name="a-low")
    graph.add_node("z-low", node_type="body", level="local", name="z-low")
    graph.add_edges_from([("A", "z-low"), ("B", "a-low")])
    pos = layered_positions(graph)
    assert (pos["A"][0] < pos["B"][0]) == (pos["z-low"][0] < pos["a-low"][0])


def test_a_wide_band_wraps_and_keeps_everyone_apart() -> None:
    graph = nx.Graph()
    for i in range(30):
        graph.add_node(f"csp-{i:02d}", node_type="body", level="local", name=f"CSP {i:02d}")
    pos = layered_positions(graph, columns=8)
    xs = sorted({x for x, _ in pos.values()})
    ys = sorted({y for _, y in pos.values()})
    assert len(ys) == 4          # 30 nodes, 8 columns at most: 4 rows
    assert len(xs) == 8
    assert len(set(pos.values())) == 30


def test_empty_graph() -> None:
    assert layered_positions(nx.Graph()) == {}


def _far_apart(pos: dict[object, tuple[float, float]]) -> bool:
    for (_, a), (_, b) in itertools.combinations(pos.items(), 2):
        if abs(a[0] - b[0]) < COLUMN_GAP - 1e-6 and abs(a[1] - b[1]) < ROW_GAP - 1e-6:
            return False
    return True


levels = st.sampled_from(["national", "regional", "local", "sub_local", None])


@st.composite
def graphs(draw: st.DrawFn) -> nx.Graph:
    count = draw(st.integers(1, 40))
    graph = nx.Graph()
    for i in range(count):
        graph.add_node(f"n{i}", node_type=draw(st.sampled_from(["body", "organisation"])),
                       level=draw(levels), name=draw(st.sampled_from(["A", "B", "C"])))
    pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)),
                          max_size=80))
    graph.add_edges_from((f"n{a}", f"n{b}") for a, b in pairs)
    return graph


@settings(max_examples=60, deadline=None)
@given(graphs(), st.randoms(use_true_random=False))
def test_positions_do_not_depend_on_insertion_order_and_never_overlap(
        graph: nx.Graph, rnd: object) -> None:
    nodes = list(graph.nodes(data=True))
    edges = list(graph.edges())
    rnd.shuffle(nodes)  # type: ignore[attr-defined]
    rnd.shuffle(edges)  # type: ignore[attr-defined]
    shuffled = nx.Graph()
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(edges)
    pos = layered_positions(graph)
    assert layered_positions(shuffled) == pos
    assert set(pos) == set(graph.nodes)
    assert _far_apart(pos)


def test_two_thousand_nodes_all_placed_apart() -> None:
    land = generate(1500, seed=3)
    graph = to_graph(land, duties=False)
    pos = layered_positions(graph)
    assert set(pos) == set(graph.nodes)
    assert len(set(pos.values())) == len(pos)
