"""What the report shows on the embedded Wales data: the facts the source documents describe.

These pin the evidence a review team relies on; if the data changes so that one fails,
check the change against the cited source before changing the test.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from govmap.model.load import load
from govmap.report import Report, build_report

MID_2017 = dt.date(2017, 6, 30)
MID_2020 = dt.date(2020, 6, 30)


@cache
def report(on: dt.date) -> Report:
    return build_report(load(), on)


def _codes(on: dt.date, code: str) -> list[tuple[str, ...]]:
    return [f.subjects for f in report(on).findings if f.code == code]


def test_mid_and_west_wales_fire_straddles_south_wales_police() -> None:
    # 004 L2999-3001: regional footprints "do not always map comfortably"; the reference
    # sheet: Mid and West Wales fire covers Swansea and Neath Port Talbot, in South Wales Police
    assert ("fire-mid-and-west-wales", "pfa-south-wales") in _codes(MID_2017, "straddle")
    [row] = [r for r in report(MID_2017).straddles
             if (r["a"], r["b"]) == ("fire-mid-and-west-wales", "pfa-south-wales")]
    assert row["shared_area_names"] == ["Neath Port Talbot", "Swansea"]


def test_2017_health_boards_nest_in_police_areas_but_not_fire_areas() -> None:
    # 001 L530 "Different Health Board and BCU Footprints"
    cells = {(c["x"], c["y"]): c for c in report(MID_2017).family_coterminosity}
    assert cells[("health_board_area", "police_force_area")]["share"] == 1.0
    fire = cells[("health_board_area", "fire_area")]
    assert fire["share"] < 1.0
    assert fire["straddling"] == ["hb-abertawe-bro-morgannwg"]


def test_councils_asked_to_work_in_the_most_groupings() -> None:
    # after Bridgend moved to Cwm Taf Morgannwg (2019-04-01), Rhondda Cynon Taf and Merthyr
    # Tydfil kept a two-council PSB and CSP inside a three-council health board area
    rows = report(MID_2020).area_complexity
    top = max(r["partner_sets"] for r in rows)
    assert {r["area_name"] for r in rows if r["partner_sets"] == top} == {
        "Merthyr Tydfil", "Rhondda Cynon Taf"}
    # in 2017 the councils where police, fire and health boundaries differ came first,
    # the North Wales councils, whose boundaries align, last
    rows_2017 = {r["area_name"]: r["partner_sets"] for r in report(MID_2017).area_complexity}
    assert rows_2017["Bridgend"] > rows_2017["Flintshire"]
    assert rows_2017["Swansea"] > rows_2017["Wrexham"]


def test_bodies_with_no_democratic_route() -> None:
    # 004 L3088-3091: Safer Gwent, a non-statutory regional arrangement; area planning
    # boards, set up by Welsh Government but not statutory bodies (reference sheet)
    no_route = {s[0] for s in _codes(MID_2017, "no-democratic-route")}
    assert "safer-gwent" in no_route
    assert {b for b in no_route if b.startswith("apb-")} == {
        "apb-cardiff-and-vale", "apb-cwm-taf", "apb-dyfed", "apb-gwent", "apb-north-wales",
        "apb-powys", "apb-western-bay"}
    # the community safety partnerships do have one
    assert not {b for b in no_route if b.startswith("csp-")}


def test_community_safety_duty_discharged_by_a_psb_with_police_only_invited() -> None:
    # 004 L3083-3085: non-devolved partners are only "invited participants" of PSBs;
    # 004 L3415-3420: Cwm Taf's PSB took on the CSP's functions
    [finding] = [f for f in report(MID_2017).findings
                 if f.code == "weaker-footing" and f.subjects[0] == "psb-cwm-taf"]
    assert finding.subjects[1] == "duty-cda-strategy"
    assert "police force (South Wales Police attends only as invited participant)" in \
        finding.message


def test_markdown_names_things() -> None:
    from govmap.report_format import to_markdown

    text = to_markdown(report(MID_2017), load().as_at(MID_2017))
    assert "Mid and West Wales fire and rescue area" in text
    # no raw ids where a name belongs
    for raw in ("psb-cwm-taf", "fire-mid-and-west-wales", "apb-gwent", "hb-abertawe"):
        assert raw not in text
