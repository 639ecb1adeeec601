"""End to end: the real explorer (`streamlit run app.py`) in headless Chromium.

One server for the whole module, on the embedded Wales data. Each test saves a screenshot
to ``artifacts/explorer-*.png``. Skipped, with the reason, when /usr/bin/chromium or the
playwright package is missing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from .conftest import ARTIFACTS, BROWSER_TEST, streamlit_app

TIMEOUT = 60_000  # ms, for the first draw on a slow CI machine

pytestmark = BROWSER_TEST

playwright_sync = pytest.importorskip("playwright.sync_api",
                                      reason="the playwright package is not installed")

BROKEN = """\
bodies:
  - id: csp-x
    name: X
    kind: community_safety_partnrship
    level: local
    footprint: la-cardiff
"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`streamlit run app.py` on a free port, until the module's tests are done."""
    with streamlit_app("explorer-server.log") as base:
        yield base


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1500, "height": 1100},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    yield page
    context.close()


def settle(page: Any) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT)
    page.wait_for_timeout(200)


def open_view(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1, "
                           "[data-testid='stMetricValue']")
    settle(page)


def metric(page: Any, label: str) -> str:
    block = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=re.compile(f"^{label}$")))
    return str(block.locator("[data-testid='stMetricValue']").first.inner_text()).strip()


def network_frame(page: Any, index: int = 0) -> Any:
    return page.frame_locator("iframe[data-testid='stIFrame']").nth(index)


def drawn_nodes(page: Any, index: int = 0) -> int:
    """How many nodes the vis-network in the page's iframe has drawn (waits for the draw)."""
    frame = network_frame(page, index)
    body = frame.locator("body")
    body.wait_for()
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() < deadline:
        drawn = body.evaluate("() => window.govmapView && window.govmapView.drawn "
                              "? window.govmapNetwork.body.data.nodes.length : -1")
        if drawn >= 0:
            return int(drawn)
        time.sleep(0.2)
    raise AssertionError("the network was never drawn")


def shoot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"explorer-{name}.png"), full_page=True)


def choose(page: Any, label: str, option: str) -> None:
    """Pick an option of a sidebar multiselect or selectbox by its label."""
    box = page.locator("[data-testid='stSidebar']").get_by_role("combobox", name=label)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).first.click()
    page.keyboard.press("Escape")
    settle(page)


# -- the tests ----------------------------------------------------------------------------


def test_the_network_renders_with_nodes(server: str, page: Any) -> None:
    open_view(page, server)
    assert page.locator("h1").first.inner_text() == "Network"
    nodes = drawn_nodes(page)
    assert nodes > 50
    assert int(metric(page, "In this view")) == nodes
    frame = network_frame(page)
    assert frame.locator(".legend, #legend, [class*=legend]").first.is_visible()
    shoot(page, "network")


def test_a_filter_changes_what_is_drawn(server: str, page: Any) -> None:
    open_view(page, server)
    everything = drawn_nodes(page)
    choose(page, "Level", "Regional")
    regional = drawn_nodes(page)
    assert 0 < regional < everything
    assert int(metric(page, "In this view")) == regional
    assert "level=regional" in page.url
    shoot(page, "network-filtered")


def test_the_date_box_sets_an_exact_date(server: str, page: Any) -> None:
    open_view(page, server)
    today = int(metric(page, "Bodies"))
    # the box is day / month / year: type the digits, close the calendar to commit
    page.locator("[data-testid='stSidebar'] [role='spinbutton'][data-type='day']").first.click()
    page.wait_for_timeout(300)
    page.keyboard.type("01062017", delay=60)
    page.keyboard.press("Escape")
    # the rerun may start a moment after the box commits: wait for the address to change
    page.wait_for_function("() => location.href.includes('date=2017-06-01')", timeout=TIMEOUT)
    settle(page)
    assert "date=2017-06-01" in page.url
    assert int(metric(page, "Bodies")) != today
    assert "As at 2017-06-01" in network_frame(page).locator(".titleblock").inner_text()
    # a month later, by the button
    page.locator("[data-testid='stSidebar'] .st-key-_govmap_next_month button").first.click()
    page.wait_for_function("() => location.href.includes('date=2017-07-01')", timeout=TIMEOUT)
    settle(page)
    assert "date=2017-07-01" in page.url
    shoot(page, "network-2017")


def test_a_copied_url_reproduces_the_view(server: str, page: Any, browser: Any) -> None:
    open_view(page, server + "/?date=2017-06-01")
    choose(page, "Theme", "Community safety")
    choose(page, "Level", "Local")
    shown = (metric(page, "Bodies"), metric(page, "In this view"), drawn_nodes(page))
    copied = page.url
    assert "theme=community_safety" in copied and "date=2017-06-01" in copied
    other = browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
    try:
        open_view(other, copied)
        assert (metric(other, "Bodies"), metric(other, "In this view"),
                drawn_nodes(other)) == shown
        assert other.url == copied
    finally:
        other.context.close()


def test_the_sidebar_gives_the_views_link_and_its_command(server: str, page: Any) -> None:
    open_view(page, server + "/?date=2017-06-01&level=regional")
    assert drawn_nodes(page) > 0
    page.locator("[data-testid='stSidebar']").get_by_role(
        "button", name="Link and command line").click()
    codes = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode']")
    codes.first.wait_for()
    link, command = (str(codes.nth(i).inner_text()).strip() for i in range(2))
    assert link == server + "/?date=2017-06-01&level=regional"
    assert command == "govmap render --as-at 2017-06-01 --level regional -o view.html"


def _measures(page: Any) -> str:
    """The Scenarios page's table of key measures, as text."""
    return str(page.locator("[data-testid='stDataFrame']").first.inner_text())


def test_a_shipped_scenario_shows_its_diff(server: str, page: Any) -> None:
    open_view(page, server + "/scenarios?scenario=single-gwent-psb")
    assert page.get_by_role("heading", name="A single Gwent Public Services Board").is_visible()
    both = drawn_nodes(page)
    frame = network_frame(page).locator("body")
    removed = frame.evaluate("() => window.govmapNetwork.body.data.nodes.get()"
                             ".filter(n => n.shapeProperties && n.opacity < 1).length")
    # Five Gwent PSBs become one: on one picture, five marked removed and one added
    assert removed >= 5
    assert "removed by the scenario" in frame.inner_text()
    page.get_by_role("radio", name="After", exact=True).click()
    settle(page)
    assert drawn_nodes(page) < both
    assert page.get_by_text(re.compile(r"^Findings opened \(\d+\)$")).is_visible()
    page.get_by_role("radio", name="Before and after on one picture").click()
    settle(page)
    shoot(page, "scenarios")


def test_a_built_scenario_link_reproduces_it_in_a_fresh_context(server: str, page: Any,
                                                                browser: Any) -> None:
    open_view(page, server + "/scenarios?date=2020-01-01")
    page.get_by_role("radio", name="Build one").click()
    settle(page)
    operation = page.get_by_role("combobox", name="Operation")
    operation.click()
    page.get_by_role("option", name="Dissolve a body").click()
    settle(page)
    body = page.get_by_role("combobox", name="Body to dissolve")
    body.click()
    body.fill("Safer Gwent")
    page.get_by_role("option", name="Safer Gwent", exact=True).click()
    settle(page)
    page.get_by_role("button", name="Add this step").click()
    page.wait_for_url(re.compile(r".*build=.*"))
    settle(page)
    assert page.get_by_text("Dissolve Safer Gwent", exact=True).first.is_visible()
    assert "build=" in page.url and "scenario=" not in page.url
    shown = (_measures(page), drawn_nodes(page))
    link = page.url
    other = browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
    try:
        open_view(other, link)
        assert other.get_by_text("Dissolve Safer Gwent", exact=True).first.is_visible()
        assert (_measures(other), drawn_nodes(other)) == shown
        assert other.url == link
    finally:
        other.context.close()
    shoot(page, "scenario-built")


def test_a_broken_upload_shows_located_errors(server: str, page: Any, tmp_path: Path) -> None:
    open_view(page, server + "/data")
    broken = tmp_path / "boards.yaml"
    broken.write_text(BROKEN)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(broken))
    page.get_by_text("Your upload has").wait_for()
    settle(page)
    assert page.get_by_text("still showing the embedded Wales data").is_visible()
    text = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "boards.yaml" in text and "line 4, column 11" in text
    assert "did you mean 'community_safety_partnership'?" in text
    assert "Traceback" not in text
    shoot(page, "data-broken-upload")


def test_the_downloaded_view_works_offline(server: str, page: Any, browser: Any) -> None:
    open_view(page, server + "/?level=regional")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download this view").click()
    saved = ARTIFACTS / "explorer-download.html"
    download_info.value.save_as(str(saved))
    html = saved.read_text(encoding="utf-8")
    assert "<script src=" not in html and "bootstrap" not in html.lower()

    offline = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    requests: list[str] = []

    def block_other_hosts(route: Any) -> None:
        url = route.request.url
        if urlparse(url).scheme in {"file", "data", "blob", "about"}:
            route.continue_()
        else:
            requests.append(url)
            route.abort()

    offline.route("**/*", block_other_hosts)
    other = offline.new_page()
    try:
        other.goto(saved.as_uri())
        other.wait_for_function("() => window.govmapView && window.govmapView.drawn",
                                timeout=TIMEOUT)
        nodes = other.evaluate("() => window.govmapNetwork.body.data.nodes.length")
        assert nodes == drawn_nodes(page)
        assert requests == []
        assert "As at" in other.locator("body").inner_text()
        other.screenshot(path=str(ARTIFACTS / "explorer-download-offline.png"))
    finally:
        offline.close()


@pytest.mark.parametrize("path, heading", [
    ("map", "Map"), ("duplication", "Duplication"), ("accountability", "Accountability"),
    ("duties", "Duties"), ("data", "Data"),
])
def test_every_page_looks_right(server: str, page: Any, path: str, heading: str) -> None:
    open_view(page, f"{server}/{path}")
    assert page.locator("h1").first.inner_text() == heading
    text = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "Traceback" not in text and "Error" not in text.split("\n")[0]
    shoot(page, path)


def test_presenter_mode_hides_the_controls(server: str, page: Any) -> None:
    open_view(page, server + "/?presenter=1&level=regional")
    drawn_nodes(page)
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert page.get_by_role("button", name="Exit presenter mode").is_visible()
    shoot(page, "presenter")


# -- reading the network -----------------------------------------------------------------


def _full_and_report() -> tuple[Any, Any]:
    import datetime as dt

    from govmap.model.load import load
    from govmap.report import build_report

    full = load()
    return full, build_report(full, dt.date.today())


def test_names_of_the_nodes_that_matter_are_written_and_more_on_zoom(server: str,
                                                                      page: Any) -> None:
    open_view(page, server)
    drawn_nodes(page)
    frame = network_frame(page).locator("body")
    page.wait_for_timeout(500)
    labelled = frame.evaluate("() => window.govmapView.labelled")
    full, _ = _full_and_report()
    upper = {n for n, b in full.bodies.items() if b.level in {"national", "regional"}}
    # at the default zoom, names are written and most of them are national or regional
    assert len(labelled) >= 15
    national = [n for n in labelled if n in upper or n in full.organisations]
    assert len(national) > len(labelled) / 2
    frame.evaluate("() => window.govmapNetwork.moveTo({scale: window.govmapView.scale * 3})")
    page.wait_for_timeout(500)
    closer = frame.evaluate("() => window.govmapView.labelled")
    # zoomed in on the middle, local bodies get their names too
    assert any(n in full.bodies and n not in upper for n in closer)
    shoot(page, "network-names")


def test_hovering_a_node_dims_all_but_its_neighbourhood(server: str, page: Any) -> None:
    open_view(page, server + "/?focus=safer-gwent&depth=2")
    drawn_nodes(page)
    frame = network_frame(page).locator("body")
    dimmed = frame.evaluate("""() => {
        const net = window.govmapNetwork;
        net.selectNodes([]);
        net.body.emitter.emit('hoverNode', {node: 'safer-gwent', pointer: {DOM: {x: 5, y: 5}}});
        const around = new Set(net.getConnectedNodes('safer-gwent').concat(['safer-gwent']));
        const nodes = net.body.data.nodes.get();
        return {around: around.size, faint: nodes.filter(n => n.opacity < 1).length,
                total: nodes.length,
                wrong: nodes.filter(n => around.has(n.id) === (n.opacity < 1)).length};
    }""")
    assert dimmed["wrong"] == 0
    assert dimmed["faint"] == dimmed["total"] - dimmed["around"] > 0


def test_show_on_network_highlights_exactly_the_findings_subjects(server: str,
                                                                  page: Any) -> None:
    from govmap.app.findings_page import PAGE_CODES

    full, report = _full_and_report()
    rows = [r for r in report.finding_rows() if r["code"] in PAGE_CODES["duplication"]]
    first = rows[0]  # the finding the page opens with in its evidence box
    expected = sorted({s for s in first["subjects"]
                       if s in full.bodies or s in full.organisations})
    assert expected, "the first duplication finding names bodies"
    open_view(page, server + "/duplication?level=local")
    page.get_by_role("button", name="Show on network").click()
    page.wait_for_url(re.compile(r".*mark=.*"))
    settle(page)
    assert page.locator("h1").first.inner_text() == "Network"
    assert "level=" not in page.url  # the filters are cleared: nothing hides the subjects
    nodes = drawn_nodes(page)
    frame = network_frame(page).locator("body")
    shown = frame.evaluate("""() => {
        const nodes = window.govmapNetwork.body.data.nodes.get();
        return {spot: window.govmapView.spotlight.slice().sort(),
                faint: nodes.filter(n => n.opacity < 1).map(n => n.id).sort()};
    }""")
    assert shown["spot"] == expected
    assert len(shown["faint"]) == nodes - len(expected)
    assert not set(shown["faint"]) & set(expected)
    page.wait_for_timeout(500)
    assert set(expected) <= set(frame.evaluate("() => window.govmapView.labelled"))
    # the address reproduces it in a fresh context
    other = page.context.browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
    try:
        open_view(other, page.url)
        drawn_nodes(other)
        again = network_frame(other).locator("body").evaluate(
            "() => window.govmapView.spotlight.slice().sort()")
        assert again == expected
    finally:
        other.context.close()
    shoot(page, "finding-on-network")
