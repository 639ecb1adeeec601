"""Facts counted by their confidence and by how sure their dates are."""

from __future__ import annotations

import datetime as dt

from govmap.metrics.provenance import fact_confidence
from govmap.model.dates import PartialDate
from govmap.model.entities import Membership
from govmap.report import build_report

from .build import body, fp, org, world


def test_a_stated_fact_with_inferred_dates_is_counted_apart() -> None:
    board = body("board", "la-a", members=[
        Membership(organisation="council", role="member", confidence="stated",
                   start_date=PartialDate.parse(2016), dates_confidence="inferred"),
        Membership(organisation="police", role="member", confidence="stated",
                   start_date=PartialDate.parse("2016-04-01")),
    ]).model_copy(update={"confidence": "derived"})
    landscape = world(footprints=[fp("la-a", "local_authority", "A")],
                      orgs=[org("council"), org("police", "police_force")], bodies=[board])
    rows = {r["confidence"]: r for r in fact_confidence(landscape)}
    assert rows["stated"]["facts"] == 2
    assert (rows["stated"]["dates_inferred"], rows["stated"]["dates_stated"]) == (1, 1)
    assert rows["derived"] == {**rows["derived"], "facts": 1, "undated": 1}
    # the area, the footprint and both organisations say nothing
    assert rows["none given"]["facts"] == 4
    assert list(rows) == ["stated", "derived", "none given"]


def test_the_report_carries_the_arrangements_and_the_confidence_table() -> None:
    from govmap.model.load import load

    report = build_report(load(), dt.date(2017, 6, 1))
    assert len(report.area_arrangements) == 22
    assert {r["confidence"] for r in report.fact_confidence} >= {"stated", "inferred"}
    assert "area_arrangements" in report.to_dict()
