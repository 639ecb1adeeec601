"""One picture of two landscapes: everything either side has, marked by what changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from govmap.views.compare import combined, marks
from govmap.views.network import network_data
from tests.views.build import tiny


def test_both_sides_on_one_picture_keep_what_was_removed_and_what_was_added() -> None:
    before = tiny()
    after = replace(before, bodies={k: v for k, v in before.bodies.items() if k != "csp-1"})
    union = combined(before, after)
    assert set(union.bodies) == set(before.bodies)
    data = network_data(union, highlight=marks([], ["csp-1"], [], "both"))
    drawn = {n["id"]: n for n in data["nodes"]}
    assert drawn["csp-1"]["mark"] == "removed" and drawn["csp-1"]["opacity"] < 1
    assert [m["status"] for m in data["legend"]["highlights"]] == ["removed"]


def test_each_side_marks_only_what_it_can_show() -> None:
    assert marks(["new"], ["old"], ["moved"], "before") == {"moved": "changed",
                                                             "old": "removed"}
    assert marks(["new"], ["old"], ["moved"], "after") == {"moved": "changed", "new": "added"}
    assert marks(["new"], ["old"], ["moved"], "both") == {
        "moved": "changed", "new": "added", "old": "removed"}
    with pytest.raises(ValueError, match="both, before, after"):
        marks([], [], [], "during")


def test_the_combined_landscape_is_dated_as_the_after_side() -> None:
    after = replace(tiny(), as_at_date=dt.date(2020, 1, 1))
    assert combined(tiny(), after).as_at_date == dt.date(2020, 1, 1)
