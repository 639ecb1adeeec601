"""Landscape.as_at: the landscape as it stood on a day."""

from __future__ import annotations

import datetime as dt

from govmap.model.landscape import Landscape


def test_bodies_are_filtered_by_their_dates(mini: Landscape) -> None:
    in_2010 = mini.as_at(dt.date(2010, 6, 1))
    in_2017 = mini.as_at(dt.date(2017, 6, 1))
    assert "csp-cardiff" in in_2010.bodies and "psb-cardiff" not in in_2010.bodies
    assert "csp-cardiff" not in in_2017.bodies and "psb-cardiff" in in_2017.bodies


def test_a_year_only_end_date_ends_on_the_first_day_of_that_year(mini: Landscape) -> None:
    assert "csp-cardiff" in mini.as_at(dt.date(2013, 12, 31)).bodies
    assert "csp-cardiff" not in mini.as_at(dt.date(2014, 1, 1)).bodies


def test_references_to_what_is_gone_are_dropped(mini: Landscape) -> None:
    before_pccs = mini.as_at(dt.date(2010, 6, 1))
    assert "pcc-south-wales" not in before_pccs.organisations
    police = before_pccs.organisations["police-south-wales"]
    assert police.reporting_lines == ()
    safer_gwent = before_pccs.bodies["safer-gwent"]
    assert [m.organisation for m in safer_gwent.members] == ["council-newport"]


def test_dated_duty_assignments(mini: Landscape) -> None:
    psb = mini.as_at(dt.date(2017, 6, 1)).bodies["psb-cardiff"]
    assert [d.duty for d in psb.discharges] == ["cda-strategy", "wfg-wellbeing-plan"]


def test_as_at_leaves_the_original_alone(mini: Landscape) -> None:
    copy = mini.as_at(dt.date(2030, 1, 1))
    assert copy is not mini and "csp-cardiff" in mini.bodies
    assert mini.as_at_date is None and copy.as_at_date == dt.date(2030, 1, 1)
