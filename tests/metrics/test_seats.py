"""Seat load, parallel seats and brokers."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from govmap.metrics import seats
from govmap.metrics.seats import betweenness, brokers, parallel_seats, seat_load
from govmap.model.entities import Membership
from govmap.model.landscape import Landscape

from .build import body, fp, org, seat, world

CS, WB = "community_safety", "well_being"


@pytest.fixture
def three_councils() -> Landscape:
    """A health board on the CSPs of three council areas and on a regional board."""
    return world(
        footprints=[fp("la-a", "local_authority", "A"), fp("la-b", "local_authority", "B"),
                    fp("la-c", "local_authority", "C"), fp("region", "region", "A", "B", "C")],
        orgs=[org("health", "health_board"), org("police", "police_force"), org("idle")],
        bodies=[
            body("csp-a", "la-a", themes=[CS, "anti_social_behaviour"],
                 members=[seat("health", "responsible_authority"),
                          seat("police", "responsible_authority")]),
            body("csp-b", "la-b", themes=[CS], members=[seat("health", "responsible_authority")]),
            body("csp-c", "la-c", themes=[CS], members=[seat("health", "invited_participant")]),
            body("board", "region", level="regional", themes=[CS, WB],
                 members=["health", seat("police", "observer")]),
        ],
    )


def test_seat_load_by_level_role_and_theme(three_councils: Landscape) -> None:
    rows = {r["organisation"]: r for r in seat_load(three_councils)}
    health = rows["health"]
    assert health["seats"] == 4
    assert (health["local"], health["regional"], health["national"]) == (3, 1, 0)
    assert health["responsible_authority"] == 2 and health["invited_participant"] == 1
    assert health["member"] == 1 and health["statutory_seats"] == 2
    assert health["themes"] == ["community_safety: 4", "anti_social_behaviour: 1",
                                "well_being: 1"]
    assert health["parallel"] == 3
    assert rows["police"]["seats"] == 2 and rows["police"]["observer"] == 1
    assert rows["idle"]["seats"] == 0
    # most seats first
    assert next(r["organisation"] for r in seat_load(three_councils)) == "health"


def test_a_double_listing_counts_once_under_the_strongest_role() -> None:
    land = world(footprints=[fp("x", "region", "A")], orgs=[org("o")],
                 bodies=[body("b", "x", members=[seat("o", "observer"),
                                                 seat("o", "statutory_member")])])
    [row] = seat_load(land)
    assert row["seats"] == 1 and row["statutory_member"] == 1 and row["observer"] == 0


def test_parallel_seats(three_councils: Landscape) -> None:
    rows = parallel_seats(three_councils)
    [health] = [r for r in rows if r["organisation"] == "health" and r["theme"] == CS]
    assert health["level"] == "local" and health["footprints"] == 3
    assert health["bodies"] == ["csp-a", "csp-b", "csp-c"]
    # the police sit on one local board only: nothing parallel
    assert not [r for r in rows if r["organisation"] == "police"]
    [finding] = seats.findings(three_councils)
    assert finding.code == "parallel-seats" and finding.subjects[0] == "health"
    assert finding.message == ("Health sits on 3 local boards (other) that cover the same "
                               "themes in up to 3 different footprints.")


def test_brokers_on_a_path() -> None:
    # council-x sits on p and q; y only on p; z only on q: the network is the path
    # y - p - x - q - z, and x is on 4 of the 6 shortest paths between the other four
    land = world(footprints=[fp("f", "region", "A")],
                 orgs=[org("x"), org("y"), org("z")],
                 bodies=[body("p", "f", members=["x", "y"]), body("q", "f", members=["x", "z"])])
    rows = {r["organisation"]: r for r in brokers(land)}
    assert rows["x"]["betweenness"] == pytest.approx(4 / 6)
    assert rows["y"]["betweenness"] == 0.0 and rows["x"]["seats"] == 2
    assert rows["x"]["method"] == "exact"
    sampled = brokers(land, exact_limit=2, samples=3)
    assert sampled[0]["method"] == "sampled (k=3 of 5 nodes)"


def test_betweenness_matches_networkx() -> None:
    for seed in range(3):
        graph = nx.gnm_random_graph(40, 80, seed=seed)
        adjacency = [sorted(graph[v]) for v in range(40)]
        exact = nx.betweenness_centrality(graph, normalized=True)
        assert betweenness(adjacency) == pytest.approx([exact[v] for v in range(40)])
        # the same sample as networkx draws with seed 0
        chosen = random.Random(0).sample(range(40), 10)
        estimate = nx.betweenness_centrality(graph, k=10, normalized=True, seed=0)
        assert betweenness(adjacency, chosen) == pytest.approx([estimate[v] for v in range(40)])


def test_membership_graph_has_every_node(three_councils: Landscape) -> None:
    graph = seats.membership_graph(three_councils)
    # 3 organisations + 4 bodies; seats: csp-a 2, csp-b 1, csp-c 1, board 2
    assert graph.number_of_nodes() == 3 + 4 and graph.number_of_edges() == 6
    assert graph.nodes["idle"]["node_type"] == "organisation"


def test_a_body_that_sits_on_bodies_has_a_seat_load_and_can_broker() -> None:
    """The Gwent VAWDASV team sits on Safer Gwent and the CSPs (001 L666): it is the only
    link between the two CSPs, so it is the broker, and its seats are counted like an
    organisation's."""
    team = Membership(body="team", role="member")
    landscape = world(
        footprints=[fp("la-a", "local_authority", "A"), fp("la-b", "local_authority", "B"),
                    fp("region", "region", "A", "B")],
        orgs=[org("council-a", "local_authority"), org("council-b", "local_authority")],
        bodies=[
            body("team", "region", level="regional", kind="team", themes=["vawdasv"]),
            body("csp-a", "la-a", themes=[CS], members=["council-a", team]),
            body("csp-b", "la-b", themes=[CS], members=["council-b", team]),
        ],
    )
    rows = {r["organisation"]: r for r in seat_load(landscape)}
    assert rows["team"]["seats"] == 2 and rows["team"]["member_type"] == "body"
    assert rows["team"]["organisation_name"] == "Team"
    assert rows["council-a"]["member_type"] == "organisation"
    assert "csp-a" not in rows  # a body that holds no seat is not a row
    ranked = brokers(landscape)
    assert ranked[0]["organisation"] == "team" and ranked[0]["betweenness"] > 0
    assert ranked[0]["seats"] == 2
    assert seats.membership_graph(landscape).has_edge("team", "csp-b")


def test_a_body_listed_among_its_own_members_is_no_link_and_no_seat_for_brokers() -> None:
    """Loading refuses a body that lists itself as a member, but a landscape built in code
    (a scenario, a test) may have one: the brokers then rank it as if the listing were not
    there, rather than linking the body to itself or counting the seat."""
    def landscape(*, listed_on_itself: bool) -> Landscape:
        team = Membership(body="team", role="member")
        return world(
            footprints=[fp("la-a", "local_authority", "A"), fp("la-b", "local_authority", "B"),
                        fp("region", "region", "A", "B")],
            orgs=[org("council-a"), org("council-b")],
            bodies=[
                body("team", "region", level="regional", kind="team", themes=["vawdasv"],
                     members=[team] if listed_on_itself else []),
                body("csp-a", "la-a", themes=[CS], members=["council-a", team]),
                body("csp-b", "la-b", themes=[CS], members=["council-b", team]),
            ],
        )

    ranked = brokers(landscape(listed_on_itself=True))
    assert ranked == brokers(landscape(listed_on_itself=False))
    assert ranked[0]["organisation"] == "team" and ranked[0]["seats"] == 2
