"""The palette: every kind of node can be told from every other, also by colour-blind readers."""

from __future__ import annotations

from itertools import combinations

import pytest

from govmap.views import style
from tests.views.colour_vision import SIMULATIONS, difference

#: Smallest CIE76 difference between two fills that share a shape and a border. About 2.3
#: is "just noticeable"; 10 is a clear difference between two small swatches.
CLEAR = 10.0


@pytest.mark.parametrize("table", [style.BODY_STYLES, style.ORGANISATION_STYLES],
                         ids=["bodies", "organisations"])
def test_no_two_kinds_look_alike(table: dict[str, style.KindStyle]) -> None:
    looks = [(s.colour, s.dashed) for s in table.values()]
    assert len(set(looks)) == len(looks), "two kinds share both fill and border"
    for dashed in (False, True):
        fills = sorted({s.colour for s in table.values() if s.dashed == dashed})
        for vision in SIMULATIONS:
            for a, b in combinations(fills, 2):
                assert difference(a, b, vision) >= CLEAR, (
                    f"{a} and {b} (border {'dashed' if dashed else 'solid'}) look alike "
                    f"with {vision}")


def test_the_two_community_safety_kinds_are_told_apart() -> None:
    # the complaint that started this: two reds nobody could tell apart
    local = style.body_style("community_safety_partnership")
    regional = style.body_style("regional_community_safety_board")
    assert local != regional
    for vision in SIMULATIONS:
        assert difference(local.colour, regional.colour, vision) >= CLEAR
