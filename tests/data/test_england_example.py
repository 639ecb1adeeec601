"""The English comparison landscape shipped in examples/ (from the 2009 OPM survey, 003)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest

from govmap.metrics.duties import duty_coverage
from govmap.model.landscape import Landscape
from govmap.model.load import check, load

from .test_embedded import SEEDS

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "england-2009"
JUNE_2009 = dt.date(2009, 6, 1)


@cache
def england() -> Landscape:
    return load([EXAMPLE], strict=True)


def test_it_loads_strictly_without_any_problem() -> None:
    result = check([EXAMPLE], strict=True)
    assert result.ok and not result.problems, "\n".join(map(str, result.problems))


def test_the_merged_cdrps_of_appendix_c_cover_their_districts() -> None:
    ls = england().as_at(JUNE_2009)
    names = {ls.bodies[k].name: {ls.areas[a].name for a in ls.body_areas(k)}
             for k, b in ls.bodies.items() if b.kind == "community_safety_partnership"}
    assert names == {
        "Mendip and South Somerset CDRP": {"Mendip", "South Somerset"},
        "Somerset West CDRP": {"Taunton Deane", "Sedgemoor", "West Somerset"},
        "Dartford and Gravesham CDRP": {"Dartford", "Gravesham"},
        "Daventry District and South Northamptonshire CDRP": {"Daventry",
                                                              "South Northamptonshire"},
    }


def test_district_cdrps_report_to_a_county_strategy_group() -> None:
    ls = england()
    for key, body in ls.bodies.items():
        if body.kind == "community_safety_partnership":
            targets = {line.target for line in body.reporting_lines}
            assert any(ls.bodies[t].kind == "regional_community_safety_board"
                       for t in targets if t in ls.bodies), key


def test_every_district_has_exactly_one_cdrp_holding_the_strategy_duty() -> None:
    rows = duty_coverage(england().as_at(JUNE_2009))
    assert len(rows) == 9
    assert {row["status"] for row in rows} == {"covered"}


def test_engagement_levels_from_appendix_d_are_recorded_on_each_seat() -> None:
    ls = england()
    probation = [m for b in ls.bodies.values() for m in b.members
                 if m.organisation.startswith("probation-")]
    assert len(probation) == 4
    for member in probation:
        assert member.role == "member"  # a co-operating body until April 2010
        assert "003_f4e173a7d082958a.txt:L2122" in member.sources
        assert "43% in all" in (member.notes or "")


def test_its_seed_citations_exist_and_say_what_they_are_cited_for() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"source documents not found at {SEEDS}")
    lines = (SEEDS / "003_f4e173a7d082958a.txt").read_text(encoding="utf-8").splitlines()
    assert "Mendip and South Somerset" in lines[2051 - 1]
    assert "informally merged" in lines[2053 - 1]
    assert lines[2122 - 1].startswith("Borough / District\t10\t10\t33\t33")
    text = EXAMPLE.joinpath("landscape.yaml").read_text(encoding="utf-8")
    for a, b in re.findall(r"003_f4e173a7d082958a\.txt:L(\d+)(?:-(\d+))?", text):
        assert 1 <= int(a) <= int(b or a) <= len(lines)
