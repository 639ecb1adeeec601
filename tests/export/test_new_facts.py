"""Every export carries the facts issue 13 added, checked with each format's own reader."""

from __future__ import annotations

import io

import networkx as nx

from govmap.export.gexf import to_gexf
from govmap.export.graphml import to_graphml
from govmap.export.popolo import to_document
from govmap.model.entities import Membership

from .landscapes import worked_example
from .test_popolo import problems
from .test_xlsx import round_trip


def test_the_spreadsheet_round_trips_every_new_fact() -> None:
    example = worked_example()
    back = round_trip(example)
    assert back == example
    assert back.documents == example.documents
    assert back.arrangements == example.arrangements
    psb = back.bodies["psb-cardiff"]
    assert psb.chair_ids == ("council-cardiff", "lhb-cardiff-vale")
    assert Membership(body="cardiff-vawdasv-team", role="member", sources=("inherit",)) in \
        psb.members
    assert back.organisations["lhb-cardiff-vale"].names[0].name == "Cardiff and Vale NHS Trust"
    assert back.organisations["lhb-cardiff-vale"].dates_confidence == "inferred"
    assert [d.duty for d in back.organisations["police-south-wales"].discharges] == ["cda-s17"]


def test_graphml_carries_chairs_former_names_body_seats_and_organisation_duties() -> None:
    graph = nx.read_graphml(io.StringIO(to_graphml(worked_example())), force_multigraph=True)
    psb = graph.nodes["psb-cardiff"]
    assert psb["chairs"] == ("Cardiff Council (2016-04-01 to 2019-05) | Cardiff and Vale "
                             "University Health Board (from 2019-05)")
    lhb = graph.nodes["lhb-cardiff-vale"]
    assert lhb["former_names"] == "Cardiff and Vale NHS Trust (until 2009-10)"
    assert lhb["dates_confidence"] == "inferred"
    assert graph.has_edge("cardiff-vawdasv-team", "psb-cardiff")
    assert graph.has_edge("police-south-wales", "cda-s17")
    assert "police_and_crime_commissioner (from 2012-11-22)" in \
        graph.nodes["cda-strategy"]["required_members"]


def test_gexf_carries_the_same() -> None:
    graph = nx.read_gexf(io.StringIO(to_gexf(worked_example())))
    assert graph.has_edge("cardiff-vawdasv-team", "psb-cardiff")
    assert graph.has_edge("council-cardiff", "cda-s17")
    assert graph.nodes["lhb-cardiff-vale"]["former_names"].startswith("Cardiff and Vale NHS")


def test_popolo_carries_them_and_still_validates() -> None:
    document = to_document(worked_example())
    assert problems(document) == []
    orgs = {o["id"]: o for o in document["organizations"]}
    assert {"name": "Cardiff and Vale NHS Trust", "note": "English, dated",
            "end_date": "2009-10"} in orgs["lhb-cardiff-vale"]["other_names"]
    assert [c["organisation"] for c in orgs["psb-cardiff"]["extras"]["chairs"]] == [
        "council-cardiff", "lhb-cardiff-vale"]
    assert orgs["council-cardiff"]["extras"]["discharges"][0]["duty"] == "cda-s17"
    seats = [m for m in document["memberships"] if m["organization_id"] == "psb-cardiff"]
    assert {"@type": "Organization", "id": "cardiff-vawdasv-team"} in [s["member"]
                                                                       for s in seats]
    assert document["extras"]["documents"][0]["key"] == "004_1052c6d804dc056a.txt"
    assert document["extras"]["arrangements"][0]["arrangement"] == "csp_separate"
