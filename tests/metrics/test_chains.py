"""Long chains of reporting lines: the evidence is what a full trace of each body gives.

Issue 21: findings traced every body's chain to its top on its own (a chain of 5,000
lines took 71 s). Now what lies above a body with one upward line is shared down the
chain; these tests check that each finding's evidence is still exactly what tracing
that body alone gives (:func:`trace` and every actor it reaches), on chains with a
branch, a cycle and bodies below the cycle. The benchmark's ``line_chain`` row has the
long shape.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
import yaml

from govmap.metrics import accountability
from govmap.metrics.accountability import _EVIDENCE_LIMIT, trace, upward_graph
from govmap.metrics.common import and_list, names, sorted_by_name
from govmap.model.load import check_bytes


def body(i: int, *targets: int, level: str = "local") -> dict[str, Any]:
    item: dict[str, Any] = {"id": f"b{i:03d}", "name": f"Body {99 - i:03d}", "kind": "other",
                            "level": level, "footprint": "fp"}
    if targets:
        item["reporting_lines"] = [{"target": f"b{t:03d}", "type": "reports_to"}
                                   for t in targets]
    return item


def landscape(bodies: list[dict[str, Any]]) -> Any:
    text = yaml.safe_dump({"areas": [{"id": "W1", "name": "Somewhere"}],
                           "footprints": [{"id": "fp", "name": "Somewhere",
                                           "family": "local_authority", "areas": ["W1"]}],
                           "bodies": bodies}, sort_keys=False)
    result = check_bytes([("chain.yaml", text.encode())])
    assert result.landscape is not None, result.problems
    return result.landscape


SHAPES = {
    # a plain chain of 40 up to a national body
    "chain": [body(0, level="national"), *(body(i, i - 1) for i in range(1, 40))],
    # a chain that forks (b010 reports to two) and joins again, with a cycle b020 -> b022
    "fork and cycle": [
        body(0, level="national"), *(body(i, i - 1) for i in range(1, 10)),
        body(10, 9, 5), *(body(i, i - 1) for i in range(11, 20)),
        body(20, 19, 22), body(21, 20), body(22, 21),
        *(body(i, i - 1) for i in range(23, 36))],
}


@pytest.mark.parametrize("shape", SHAPES)
def test_each_bodys_evidence_is_its_own_full_trace(shape: str) -> None:
    land = landscape(SHAPES[shape])
    graph = upward_graph(land)
    found = accountability.findings(land)
    seen = set()
    for finding in found:
        if finding.code not in ("no-democratic-route", "no-scrutiny"):
            continue
        start = finding.subjects[0]
        steps, stops = trace(land, graph, start, _EVIDENCE_LIMIT)
        above = sorted_by_name(land, nx.descendants(graph, start))
        assert finding.evidence["path"] == steps, (finding.code, start)
        if finding.code == "no-democratic-route":
            assert finding.evidence["stops"] == stops
            assert finding.evidence["reaches"] == above[:_EVIDENCE_LIMIT]
            assert finding.evidence["reaches_count"] == len(above)
        else:
            assert finding.evidence["chain"] == above[:_EVIDENCE_LIMIT]
            if above:
                assert f"({and_list(names(land, above), limit=4)})" in finding.message
        seen.add((finding.code, start))
    # nobody is elected or scrutinised: every body has both findings, all checked
    assert len(seen) == 2 * len(SHAPES[shape])


def test_a_long_line_of_sight_names_every_step() -> None:
    land = landscape(SHAPES["chain"])
    rows = {f.subjects[0]: f for f in accountability.findings(land)
            if f.code == "long-line-of-sight"}
    deepest = rows["b039"]
    assert deepest.evidence["depth"] == 39
    assert [s["from"] for s in deepest.evidence["path"]] == [f"b{i:03d}" for i in
                                                              range(39, 0, -1)]
    assert deepest.evidence["steps"][0].startswith("Body 060 reports to Body 061")


# -- footprints: a chain of unions ---------------------------------------------------------


def union_chain(n: int) -> Any:
    from bench.steps import chain_files

    result = check_bytes(chain_files(n, "unions"))
    assert result.landscape is not None, result.problems
    return result.landscape


def reference_relations(land: Any) -> list[dict[str, Any]]:
    """footprint_relations as defined: every pair sharing an area, but two footprints of one
    family nested in each other, each worked out alone."""
    from govmap.metrics.footprints import relate

    sets = {f: frozenset(fp.areas) for f, fp in land.footprints.items() if fp.areas}
    rows = []
    for a in sorted(sets):
        for b in sorted(sets):
            rel = relate(sets[a], sets[b]) if b > a else None
            same_family = land.footprints[a].family == land.footprints[b].family
            if rel is None or (same_family and rel in ("contains", "within")):
                continue
            shared, union = sets[a] & sets[b], sets[a] | sets[b]
            ordered = sorted_by_name(land, shared)
            people, total = land.population(shared), land.population(union)
            rows.append({"a": a, "b": b, "relation": rel, "shared": len(shared),
                         "only_a": len(sets[a] - sets[b]), "only_b": len(sets[b] - sets[a]),
                         "jaccard": len(shared) / len(union),
                         "population_jaccard": (people / total if people is not None
                                                and total else None),
                         "shared_areas": ordered, "shared_area_names": names(land, ordered)})
    return rows


@pytest.mark.parametrize("which", ["chain", "mini"])
def test_footprint_relations_are_each_pairs_own(which: str, mini: Any) -> None:
    from govmap.metrics.footprints import footprint_relations

    land = union_chain(30) if which == "chain" else mini
    got = [{k: row[k] for k in ("a", "b", "relation", "shared", "only_a", "only_b", "jaccard",
                                "population_jaccard", "shared_areas", "shared_area_names")}
           for row in footprint_relations(land)]
    assert got == reference_relations(land)
    # the chain: its one council footprint with each of the 29 PSB areas (the PSB areas
    # nest in each other, one family: not listed); not the 435 pairs that share an area
    assert len(got) == 29 if which == "chain" else len(got) >= 5


def test_an_area_in_a_long_chain_counts_every_grouping_and_names_a_bounded_few() -> None:
    from govmap.metrics.footprints import LISTED, NAMED_PARTNERS, area_complexity

    land = union_chain(60)
    rows = {r["area"]: r for r in area_complexity(land)}
    # W00000001 lies in PSB areas 1..59, each a different partner set
    row = rows["W00000001"]
    assert row["regional_footprints"] == 59 and row["partner_sets"] == 59
    assert len(row["regional_footprint_ids"]) == LISTED == len(row["partner_set_names"])
    # the smallest partner sets are the ones named: Place 1 is {Area 0, Area 1}
    assert row["partner_set_names"][0] == "Area 0"
    for name in row["partner_set_names"]:
        shown, _, more = name.partition(" and ")
        assert len(shown.split(" + ")) <= NAMED_PARTNERS
        assert not more or more.endswith(" more")
    named = [n for n in row["partner_set_names"] if " and " in n]
    # the largest named, Place 20, is areas 0 to 20: 20 partners, 12 of them named
    assert any(n.endswith(f"and {20 - NAMED_PARTNERS} more") for n in named)


def test_a_line_of_sight_longer_than_shown_keeps_its_two_ends_and_its_depth() -> None:
    from bench.steps import chain_files
    from govmap.metrics.accountability import ROUTE_SHOWN

    result = check_bytes(chain_files(120, "lines"))
    assert result.landscape is not None, result.problems
    land = result.landscape
    rows = {r["body"]: r for r in accountability.line_of_sight(land)}
    deepest = rows["body-00119"]
    assert deepest["depth"] == 119  # exact, though the route is cut
    half = ROUTE_SHOWN // 2
    assert deepest["route"] == [f"body-{i:05d}" for i in
                                [*range(119, 119 - half, -1), *range(half - 1, -1, -1)]]
    [long] = [f for f in accountability.findings(land)
              if f.code == "long-line-of-sight" and f.subjects[0] == "body-00119"]
    assert long.evidence["route_skipped"] == 120 - ROUTE_SHOWN
    # no step across the cut: each shown step links two neighbours of the chain
    assert len(long.evidence["path"]) == ROUTE_SHOWN - 2
    assert f"… ({120 - ROUTE_SHOWN} more steps)" in long.message
    assert long.message.endswith("Body 1 → Body 0.")
