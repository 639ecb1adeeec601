"""The Markdown briefing: warnings first, everything in names, never ids."""

from __future__ import annotations

import re

from govmap.model.landscape import Landscape
from govmap.scenario.apply import apply
from govmap.scenario.briefing import briefing
from govmap.scenario.diff import diff
from govmap.scenario.format import Merge, RemoveBody, Scenario

from .toy import scenario, toy


def raw_ids(text: str, *landscapes: Landscape) -> set[str]:
    """Slug ids (with a hyphen) of the landscapes that appear in the text as whole words.

    (The toy's one-word ids, such as 'national', are also ordinary words.)
    """
    ids = {e.id for land in landscapes for e in land.entities() if "-" in e.id}
    return {i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)}


def brief(*ops: object) -> tuple[str, Landscape, Landscape]:
    before = toy()
    chosen: Scenario = scenario(*ops)  # type: ignore[arg-type]
    after = apply(before, chosen)
    return briefing(diff(before, after), chosen), before, after


def test_a_lost_duty_is_the_first_warning() -> None:
    text, before, after = brief(RemoveBody(body="csp-c"))
    warnings = text.split("## Warnings", 1)[1].split("##", 1)[0]
    assert "**The duty 'The Strategy' loses its home** in 1 area: Area C." in warnings
    assert text.index("## Warnings") < text.index("## What the scenario does")
    assert "1. Remove C Community Safety Partnership, with no successor" in text
    assert raw_ids(text, before, after) == set()


def test_seats_table_names_who_gains_and_loses() -> None:
    text, before, after = brief(Merge(bodies=("csp-a", "csp-b"), into="ab", name="AB CSP"))
    assert "| East Police | 4 | 3 | -1 | AB CSP | A Community Safety Partnership and B " \
           "Community Safety Partnership |" in text
    assert "**New: AB CSP**" in text and "**Gone: A Community Safety Partnership**" in text
    assert "In short: bodies: 7 → 6" in text
    assert raw_ids(text, before, after) == set()


def test_nothing_changes() -> None:
    landscape = toy()
    text = briefing(diff(landscape, landscape), title="Same")
    assert text.startswith("# Same\n")
    assert "Nothing changes: the two landscapes are the same." in text
