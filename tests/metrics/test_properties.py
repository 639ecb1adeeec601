"""Invariants of the metrics on random landscapes (hypothesis)."""

from __future__ import annotations

import dataclasses
import itertools
import json

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govmap.metrics import accountability, duplication, duties, footprints, seats
from govmap.metrics.footprints import INVERSE, relate
from govmap.model.landscape import Landscape
from govmap.report import TABLES, build_report
from govmap.synth import generate

from .build import body, line, seat
from .strategies import AREAS, landscapes

FAST = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

area_sets = st.frozensets(st.sampled_from(AREAS))


@given(area_sets, area_sets)
def test_relate_is_symmetric_up_to_inversion(a: frozenset[str], b: frozenset[str]) -> None:
    forward, backward = relate(a, b), relate(b, a)
    if forward is None:
        assert backward is None
        assert not (a & b)
    else:
        assert backward == INVERSE[forward]


@FAST
@given(landscapes())
def test_relations_cover_exactly_the_sharing_pairs(land: Landscape) -> None:
    rows = footprints.footprint_relations(land)
    found = {(r["a"], r["b"]) for r in rows}
    expected = {(a, b) for a, b in itertools.combinations(sorted(land.footprints), 2)
                if land.footprint_areas(a) & land.footprint_areas(b)
                # one family's footprints nested in each other are not listed
                and not (land.footprints[a].family == land.footprints[b].family
                         and relate(land.footprint_areas(a), land.footprint_areas(b))
                         in ("contains", "within"))}
    assert found == expected
    for row in rows:
        # Jaccard is 1 exactly for equal footprints, and so is the population Jaccard
        assert (row["jaccard"] == 1.0) == (row["relation"] == "equal")
        assert (row["population_jaccard"] == 1.0) == (row["relation"] == "equal")
        assert 0 < row["jaccard"] <= 1
        assert row["shared"] + row["only_a"] + row["only_b"] == round(
            row["shared"] / row["jaccard"])


@FAST
@given(landscapes())
def test_coterminosity_shares_are_counts(land: Landscape) -> None:
    for row in footprints.family_coterminosity(land):
        assert 0.0 <= row["share"] <= 1.0
        assert row["clean"] + len(row["straddling"]) == row["footprints"]
        # a family never straddles itself when its footprints partition the areas
        if row["x"] == row["y"] == "local_authority":
            assert row["share"] == 1.0


@FAST
@given(landscapes())
def test_partner_sets_never_exceed_regional_footprints(land: Landscape) -> None:
    for row in footprints.area_complexity(land):
        assert row["partner_sets"] <= row["regional_footprints"]
        assert len(row["partner_set_names"]) == row["partner_sets"]


@FAST
@given(landscapes())
def test_duplicate_pairs_match_brute_force(land: Landscape) -> None:
    rows = {(r["a"], r["b"]): r for r in duplication.duplicate_pairs(land)}
    expected = set()
    for a, b in itertools.combinations(sorted(land.bodies), 2):
        x, y = land.bodies[a], land.bodies[b]
        if set(x.themes) & set(y.themes) and land.body_areas(a) & land.body_areas(b):
            expected.add((a, b))
    assert set(rows) == expected
    for row in rows.values():
        assert 0.0 <= row["score"] <= 1.0
        assert row["score"] == pytest.approx(
            row["theme_jaccard"] * row["area_jaccard"] * row["member_jaccard"])
    positive = {(r["a"], r["b"]) for r in duplication.duplicate_pairs(land, positive_only=True)}
    assert positive == {k for k, r in rows.items() if r["score"] > 0}


@FAST
@given(landscapes())
def test_theme_coverage_counts_every_covering_body(land: Landscape) -> None:
    for row in duplication.theme_coverage(land):
        covering = [b for b in land.bodies.values()
                    if row["theme"] in b.themes and row["area"] in land.body_areas(b.id)]
        assert row["bodies"] == len(covering)
        assert (row["status"] in ("gap", "none")) == (not covering)


@FAST
@given(landscapes(), st.data())
def test_adding_a_body_never_reduces_seat_load(land: Landscape, data: st.DataObject) -> None:
    before = {r["organisation"]: r for r in seats.seat_load(land)}
    members = data.draw(st.lists(st.sampled_from(sorted(land.organisations)), max_size=3))
    extra = body("extra-body", data.draw(st.sampled_from(sorted(land.footprints))),
                 themes=["community_safety"], members=[seat(m) for m in set(members)])
    grown = dataclasses.replace(land, bodies={**land.bodies, extra.id: extra})
    after = {r["organisation"]: r for r in seats.seat_load(grown)}
    for org_id, row in before.items():
        assert after[org_id]["seats"] >= row["seats"]
        assert after[org_id]["parallel"] >= row["parallel"]
    for org_id in set(members):
        assert after[org_id]["seats"] == before[org_id]["seats"] + 1


def _no_upward(land: Landscape) -> set[str]:
    return {f.subjects[0] for f in accountability.findings(land) if f.code == "no-upward-line"}


@FAST
@given(landscapes(), st.data())
def test_removing_a_line_never_removes_a_no_upward_line_finding(
        land: Landscape, data: st.DataObject) -> None:
    with_lines = [b for b in land.bodies.values() if b.reporting_lines]
    if not with_lines:
        return
    chosen = data.draw(st.sampled_from(with_lines))
    drop = data.draw(st.integers(0, len(chosen.reporting_lines) - 1))
    kept = tuple(x for i, x in enumerate(chosen.reporting_lines) if i != drop)
    smaller = dataclasses.replace(land, bodies={
        **land.bodies, chosen.id: chosen.model_copy(update={"reporting_lines": kept})})
    assert _no_upward(land) <= _no_upward(smaller)


@FAST
@given(landscapes(), st.data())
def test_a_line_to_someone_elected_never_adds_a_no_route_finding(
        land: Landscape, data: st.DataObject) -> None:
    elected = [o.id for o in land.organisations.values() if o.elected]
    if not elected or not land.bodies:
        return
    chosen = data.draw(st.sampled_from(sorted(land.bodies)))
    target = data.draw(st.sampled_from(elected))
    current = land.bodies[chosen]
    grown = dataclasses.replace(land, bodies={**land.bodies, chosen: current.model_copy(
        update={"reporting_lines": (*current.reporting_lines, line(target))})})

    def no_route(x: Landscape) -> set[str]:
        return {f.subjects[0] for f in accountability.findings(x)
                if f.code == "no-democratic-route"}

    assert no_route(grown) <= no_route(land) - {chosen}


@FAST
@given(landscapes(), st.data())
def test_adding_a_discharging_body_never_opens_a_gap(land: Landscape,
                                                     data: st.DataObject) -> None:
    def gaps(x: Landscape) -> set[str]:
        return {r["unit"] for r in duties.duty_coverage(x) if r["status"] == "gap"}

    extra = body("extra-body", data.draw(st.sampled_from(sorted(land.footprints))),
                 duties=["plan"])
    grown = dataclasses.replace(land, bodies={**land.bodies, extra.id: extra})
    assert gaps(grown) <= gaps(land)
    assert len(duties.duty_coverage(land)) == len(AREAS)  # one unit per council area


@FAST
@given(landscapes())
def test_brokers_equal_networkx_betweenness(land: Landscape) -> None:
    graph = seats.membership_graph(land)
    expected = nx.betweenness_centrality(graph, normalized=True)
    for row in seats.brokers(land):
        assert row["betweenness"] == pytest.approx(expected[row["organisation"]])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(landscapes())
def test_report_rows_are_flat_and_json_ready(land: Landscape) -> None:
    data = build_report(land).to_dict()
    json.dumps(data)
    for name in TABLES:
        for row in data[name]:
            for value in row.values():
                assert value is None or isinstance(value, str | int | float | bool) or (
                    isinstance(value, list) and all(isinstance(v, str) for v in value))
    for finding in data["findings"]:
        assert set(finding) == {"id", "code", "severity", "subjects", "key", "message",
                                "evidence"}
    # one identity per finding: a diff could not otherwise tell them apart
    ids = [f["id"] for f in data["findings"]]
    assert len(ids) == len(set(ids))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=10_000))
def test_the_index_finds_exactly_the_pairs_all_pairs_finds(seed: int) -> None:
    """The (theme, area) index is an optimisation, never a change of answer."""
    landscape = generate(60, seed=seed)
    for positive_only in (False, True):
        indexed = duplication.duplicate_pairs(landscape, positive_only=positive_only)
        assert indexed, "the synthetic landscape should have overlapping bodies"
        assert indexed == duplication.duplicate_pairs(landscape, positive_only=positive_only,
                                                      search="all-pairs")
