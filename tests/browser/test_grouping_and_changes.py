"""End to end, in headless Chromium: the network grouped by kind, a group opened and closed
again; the Scenarios page's changed findings. Expected numbers come from the library
(:mod:`govmap.views.grouping`, :func:`govmap.scenario.deltas.changed_finding_rows`) on the
embedded Wales data, so the test checks that the screen shows what govmap computes.
Screenshots go to ``artifacts/explorer-grouped*.png`` and ``explorer-changed-findings.png``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import ARTIFACTS, BROWSER_TEST, streamlit_app
from .test_explorer import drawn_nodes, metric, network_frame, open_view, settle, shoot

pytestmark = BROWSER_TEST

playwright_sync = pytest.importorskip("playwright.sync_api",
                                      reason="the playwright package is not installed")

DAY = dt.date(2024, 6, 1)
COUNCILS = "group:kind:organisation:local_authority"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_app("explorer-grouping-server.log") as base:
        yield base


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def _ids(page: Any) -> set[str]:
    drawn_nodes(page)
    return set(network_frame(page).locator("body").evaluate(
        "() => window.govmapNetwork.body.data.nodes.getIds()"))


def _expected(expanded: tuple[str, ...] = ()) -> set[str]:
    from govmap.model.load import load
    from govmap.views.network import network_data

    data = network_data(load().as_at(DAY), group_by="kind", expanded=expanded)
    return {n["id"] for n in data["nodes"]}


def test_a_group_opens_and_closes_again(server: str, page: Any) -> None:
    open_view(page, f"{server}/?date={DAY.isoformat()}&group=kind")
    grouped = _ids(page)
    assert grouped == _expected()  # the groups govmap computes, one node each
    assert COUNCILS in grouped and "council-cardiff" not in grouped
    shoot(page, "grouped")

    box = page.get_by_role("combobox", name=re.compile("Open groups"))
    box.click()
    box.fill("Local authority")
    page.get_by_role("option", name=re.compile(r"^Local authority \(\d+\)$")).click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r".*open=local_authority.*"))
    settle(page)
    opened = _ids(page)
    assert opened == _expected(("local_authority",))
    assert COUNCILS not in opened and "council-cardiff" in opened
    shoot(page, "grouped-open")

    page.get_by_role("button", name="Close all").click()
    settle(page)
    assert "open=" not in page.url and "group=kind" in page.url
    assert _ids(page) == grouped


def test_the_scenarios_page_lists_the_changed_findings(server: str, page: Any) -> None:
    from govmap.model.load import DATA_DIR, load
    from govmap.scenario.apply import run
    from govmap.scenario.deltas import changed_finding_rows
    from govmap.scenario.diff import diff
    from govmap.scenario.format import scenario_from_text

    path = DATA_DIR / "scenarios" / "single-gwent-psb.yaml"
    full = load()
    scenario, _ = scenario_from_text(path.read_text(encoding="utf-8"), str(path))
    assert scenario is not None
    after, _ = run(full, scenario)
    assert after is not None
    change = diff(full.as_at(scenario.date), after)
    assert change.metrics is not None
    rows = changed_finding_rows(change.metrics.findings_changed, change.names)
    findings = len({row["Finding"] for row in rows})
    assert findings > 0

    open_view(page, server + "/scenarios?scenario=single-gwent-psb")
    drawn_nodes(page)
    assert metric(page, "Findings changed") == str(findings)
    heading = page.get_by_role("heading", name=f"Findings changed ({findings})")
    heading.scroll_into_view_if_needed()
    assert heading.is_visible()
    table = page.locator("[data-testid='stDataFrame']").filter(has_text="What changed")
    table.scroll_into_view_if_needed()
    assert table.is_visible()
    text = str(table.text_content())  # the grid's cells, as its accessible table holds them
    for column in ("Severity", "Finding", "What changed", "Before", "After", "Details"):
        assert column in text
    first = rows[0]
    assert first["Finding"] in text and first["Details"] in text
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "explorer-changed-findings.png"))
