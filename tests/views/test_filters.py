"""select(): which bodies and organisations a view shows (answers worked out on paper)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from govmap.model.dates import PartialDate
from govmap.model.entities import DatedName
from govmap.model.landscape import Landscape
from govmap.views.filters import ViewFilter, select
from tests.views.build import ALL_BODIES, ALL_ORGS, tiny


@pytest.fixture
def land() -> Landscape:
    return tiny()


def f(**kwargs: object) -> ViewFilter:
    """A ViewFilter from plain sets."""
    fixed = {k: frozenset(v) if isinstance(v, set) else v for k, v in kwargs.items()}
    return ViewFilter(**fixed)  # type: ignore[arg-type]


def test_no_filter_keeps_everything(land: Landscape) -> None:
    assert select(land) == ALL_BODIES | ALL_ORGS
    assert select(land, ViewFilter()) == ALL_BODIES | ALL_ORGS


def test_level_keeps_those_bodies_and_the_organisations_sitting_on_them(land: Landscape) -> None:
    assert select(land, f(levels={"local"})) == {
        "csp-1", "csp-2", "psb-3", "council-1", "council-2", "council-3", "police", "charity",
    }
    # the Welsh Government sits only on the national board
    assert select(land, f(levels={"national"})) == {"board-wales", "wg"}


def test_theme(land: Landscape) -> None:
    assert select(land, f(themes={"substance_misuse"})) == {
        "rcsb", "police", "council-1", "council-2",
    }


def test_area_keeps_bodies_whose_footprint_covers_it(land: Landscape) -> None:
    # W3 is covered by the national board (Wales) and by Town 3's PSB
    assert select(land, f(areas={"W3"})) == {"board-wales", "psb-3", "wg", "council-3", "charity"}


def test_body_kind(land: Landscape) -> None:
    assert select(land, f(kinds={"community_safety_partnership"})) == {
        "csp-1", "csp-2", "council-1", "council-2", "police",
    }


def test_organisation_kind_keeps_its_organisations_and_the_bodies_they_are_linked_to(
        land: Landscape) -> None:
    assert select(land, f(kinds={"police_force"})) == {"police", "rcsb", "csp-1", "csp-2"}


def test_body_and_organisation_kinds_together(land: Landscape) -> None:
    # CSPs with a council on them, and only the councils
    assert select(land, f(kinds={"community_safety_partnership", "local_authority"})) == {
        "csp-1", "csp-2", "council-1", "council-2",
    }


def test_only_unknown_kinds_match_nothing(land: Landscape) -> None:
    assert select(land, f(kinds={"community_safety_partnrship"})) == set()


def test_organisation_filter_shows_where_it_sits(land: Landscape) -> None:
    assert select(land, f(organisations={"charity"})) == {"psb-3", "council-3", "charity"}
    assert select(land, f(organisations={"council-1"})) == {
        "rcsb", "csp-1", "group-1", "council-1", "council-2", "police",
    }


def test_a_reporting_line_is_a_link(land: Landscape) -> None:
    # the regional board answers to the Wales board: it is one link away
    assert select(land, f(focus="board-wales", depth=1)) == {"board-wales", "wg", "rcsb"}


def test_filters_combine_with_and(land: Landscape) -> None:
    assert select(land, f(levels={"local"}, areas={"W1"})) == {"csp-1", "council-1", "police"}


def test_focus_depth_one_is_the_direct_neighbourhood(land: Landscape) -> None:
    assert select(land, f(focus="csp-1", depth=1)) == {
        "csp-1", "council-1", "police", "rcsb", "group-1",
    }


def test_focus_depth_zero_is_the_node_alone(land: Landscape) -> None:
    assert select(land, f(focus="psb-3", depth=0)) == {"psb-3"}


def test_focus_moves_only_through_nodes_the_filters_kept(land: Landscape) -> None:
    # local bodies and their organisations; from csp-1, two links away: csp-2 via the police.
    # rcsb and group-1 are filtered out, so nothing is reached through them.
    assert select(land, f(levels={"local"}, focus="csp-1", depth=2)) == {
        "csp-1", "council-1", "police", "csp-2",
    }


def test_focus_on_an_unknown_id_shows_nothing(land: Landscape) -> None:
    assert select(land, f(focus="csp-99")) == set()


def test_search_matches_english_and_welsh_names_and_ids_in_any_case(land: Landscape) -> None:
    assert select(land, f(search="SAFER town")) == {"csp-1", "csp-2"}
    assert select(land, f(search="ddiogel")) == {"csp-1"}
    assert select(land, f(search="council-3")) == {"council-3"}
    assert select(land, f(search="   ")) == ALL_BODIES | ALL_ORGS


def test_search_applies_after_the_filters(land: Landscape) -> None:
    assert select(land, f(levels={"national"}, search="council")) == set()


def test_a_dated_view_drops_what_had_ended(land: Landscape) -> None:
    from govmap.model.dates import PartialDate

    ended = tiny()
    body = ended.bodies["group-1"].model_copy(update={"end_date": PartialDate.parse("2015")})
    dated = Landscape.build(ended.areas.values(), ended.footprints.values(),
                            ended.organisations.values(),
                            [*(b for b in ended.bodies.values() if b.id != "group-1"), body])
    assert "group-1" in select(dated)
    assert "group-1" not in select(dated.as_at(dt.date(2020, 1, 1)))


def test_search_finds_an_entity_by_a_former_name(land: Landscape) -> None:
    renamed = land.bodies["csp-1"].model_copy(update={"names": (
        DatedName(name="Town One Crime Reduction Partnership",
                  end_date=PartialDate.parse(2010)),)})
    changed = dataclasses.replace(land, bodies={**land.bodies, "csp-1": renamed})
    assert select(changed, f(search="crime reduction")) == {"csp-1"}
