"""End to end: editing the map in the real explorer (`streamlit run app.py`), in Chromium.

On the embedded Wales data: add a body, give it two members (the second first without a
source, which is refused with the command line's words beside its row, then fixed) and a
reporting line; see it on the Network page; download the zip and check it with
`govmap validate`; and check that a second browser session does not see the edit.
Screenshots go to ``artifacts/explorer-edit-*.png``.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govmap.model.load import DATA_DIR, check
from govmap.scenario.diff import structural_diff

from ..conftest import ROOT
from .conftest import ARTIFACTS, BROWSER_TEST, streamlit_app

TIMEOUT = 90_000  # ms: each edit re-checks the whole Wales landscape
#: A citation the embedded data accepts (a seed document's lines on CSP membership); the
#: board itself is made up for the test.
SOURCE = "004_1052c6d804dc056a.txt:L518-526"

pytestmark = BROWSER_TEST

playwright_sync = pytest.importorskip("playwright.sync_api",
                                      reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`streamlit run app.py` on a free port, until the module's tests are done."""
    with streamlit_app("explorer-edit-server.log") as base:
        yield base


def new_page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1500, "height": 1100},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    return page


def settle(page: Any) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT)
    page.wait_for_timeout(300)


def open_view(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1")
    settle(page)


def go_to(page: Any, title: str) -> None:
    """Follow the navigation to another page (the same session, unlike a new address)."""
    page.locator("[data-testid='stTopNavLink']").filter(
        has_text=re.compile(f"{title}$")).first.click()
    try:
        page.wait_for_function(
            "t => [...document.querySelectorAll('[data-testid=\"stMainBlockContainer\"] h1')]"
            ".some(h => h.innerText.trim() === t)", arg=title)
    except Exception:
        shoot(page, "go-to-failed")
        raise
    settle(page)


def metric(page: Any, label: str) -> str:
    block = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=label))
    return str(block.locator("[data-testid='stMetricValue']").first.inner_text()).strip()


def form(page: Any, index: int) -> Any:
    return page.locator("[data-testid='stForm']").nth(index)


def pick(page: Any, scope: Any, label: str, option: str) -> None:
    """Choose an option of a selectbox by its label: type to filter, then move to the
    option with the arrow keys and press Enter (a click can miss a list that redraws)."""
    # "Kind *" marks a required field; match the label with or without it.
    box = scope.get_by_role("combobox", name=re.compile(
        "^" + re.escape(label.removesuffix(" *")) + r"( \*)?$"))
    try:
        box.click()
        page.keyboard.type(option)  # filters the list (the box has the focus)
    except Exception:
        shoot(page, "pick-failed")
        raise
    focused = page.locator("[role='option'][data-focused='true']")
    for _ in range(30):
        page.wait_for_timeout(100)
        if focused.count() and focused.first.inner_text().strip() == option:
            break
        page.keyboard.press("ArrowDown")
    else:
        raise AssertionError(f"no option {option!r} for {label!r}")
    page.keyboard.press("Enter")
    page.wait_for_timeout(150)


def fill(scope: Any, label: str, text: str) -> None:
    scope.get_by_label(re.compile("^" + re.escape(label.removesuffix(" *")) + r"( \*)?$")
                       ).fill(text)


def row_form(page: Any, singular: str) -> Any:
    """The form that adds a member (a reporting line, ...) to the body on screen."""
    return page.locator("[data-testid='stForm']").filter(
        has=page.get_by_role("button", name=f"Check and add this {singular}"))


def day(page: Any, scope: Any, label: str, value: str) -> None:
    """Type a date into a date input (year, month and day fields, in turn)."""
    scope.get_by_role("spinbutton", name=f"year, {label}").click()
    page.keyboard.type(value.replace("-", ""))
    page.keyboard.press("Escape")
    page.wait_for_timeout(150)


def submit(page: Any, scope: Any, label: str) -> None:
    scope.get_by_role("button", name=label).click()
    settle(page)


def wait_text(page: Any, text: str) -> str:
    """Wait until the page shows ``text`` (an edit is checked on the server first)."""
    try:
        page.wait_for_function(
            "t => document.querySelector('[data-testid=\"stMainBlockContainer\"]')"
            ".innerText.includes(t)", arg=text)
    except Exception:
        shoot(page, "wait-failed")
        raise
    settle(page)
    return main_text(page)


def main_text(page: Any) -> str:
    return str(page.locator("[data-testid='stMainBlockContainer']").inner_text())


def shoot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"explorer-edit-{name}.png"), full_page=True)


def add_body(page: Any, ident: str, name: str) -> None:
    entity = form(page, 0)
    fill(entity, "Id *", ident)
    fill(entity, "Name *", name)
    pick(page, entity, "Kind *", "Community safety partnership")
    pick(page, entity, "Level *", "Local")
    pick(page, entity, "Footprint *", "Cardiff council area")
    pick(page, entity, "Themes", "Youth justice")
    page.keyboard.press("Escape")
    day(page, entity, "Start date", "2024-03-01")
    fill(entity, "Sources", SOURCE)
    pick(page, entity, "Confidence", "Stated")
    submit(page, entity, "Check and add this body")


def add_member(page: Any, organisation: str, source: str) -> None:
    rows = row_form(page, "member")
    pick(page, rows, "Organisation", organisation)
    pick(page, rows, "Role *", "Member")
    fill(rows, "Sources", source)
    pick(page, rows, "Confidence", "Stated")
    submit(page, rows, "Check and add this member")


def test_add_a_body_see_a_problem_fix_it_see_it_on_the_network_and_download_it(
        server: str, browser: Any, tmp_path: Path) -> None:
    page = new_page(browser)
    other = new_page(browser)
    try:
        open_view(page, server + "/edit")
        assert page.locator("h1").first.inner_text() == "Edit"
        add_body(page, "youth-safety-cardiff", "Cardiff Youth Safety Board")
        wait_text(page, "Added body 'Cardiff Youth Safety Board'.")

        add_member(page, "Cardiff Council", SOURCE)
        wait_text(page, "Added member 1 of Cardiff Youth Safety Board.")
        add_member(page, "South Wales Police", "")
        text = wait_text(page, "Not applied: 1 problem(s)")
        assert "error: body 'youth-safety-cardiff': membership 2 has no sources; cite " \
               "'<seed file>:L<line>' or 'public:<document>'" in text
        assert "members row 2, field 'sources'" in text
        shoot(page, "problem")
        # fix it: the form still holds the draft; give it its source
        fill(row_form(page, "member"), "Sources", SOURCE)
        submit(page, row_form(page, "member"), "Check and add this member")
        text = wait_text(page, "Added member 2 of Cardiff Youth Safety Board.")
        assert "Not applied" not in text

        lines = row_form(page, "reporting line")
        pick(page, lines, "Target *", "Cardiff Public Services Board")
        pick(page, lines, "Type *", "Reports to")
        fill(lines, "Sources", SOURCE)
        pick(page, lines, "Confidence", "Stated")
        submit(page, lines, "Check and add this reporting line")
        wait_text(page, "Added reporting line 1 of Cardiff Youth Safety Board.")
        assert "Changes: 4 applied, 0 draft(s)" in main_text(page)
        shoot(page, "changes")
        page.get_by_text("Changes: 4 applied, 0 draft(s)").scroll_into_view_if_needed()
        shoot(page, "top")

        # the second session, meanwhile, sees the data as it was, and edits it its own way
        open_view(other, server + "/edit")
        add_body(other, "other-board", "Another Board")
        wait_text(other, "Added body 'Another Board'.")

        # every page of the first session shows its edit, and only its edit
        go_to(page, "Network")
        edited_bodies = int(metric(page, "Bodies"))
        page.locator("[data-testid='stSidebar']").get_by_label("Search names").fill(
            "Youth Safety")
        page.keyboard.press("Enter")
        settle(page)
        frame = page.frame_locator("iframe[data-testid='stIFrame']").first.locator("body")
        frame.wait_for()
        page.wait_for_function("() => true")
        deadline = time.monotonic() + TIMEOUT / 1000
        labels: list[str] = []
        while time.monotonic() < deadline and not labels:
            labels = frame.evaluate(
                "() => window.govmapView && window.govmapView.drawn ? "
                "window.govmapNetwork.body.data.nodes.get().map(n => n.id) : []")
            time.sleep(0.3)
        assert "youth-safety-cardiff" in labels
        assert "other-board" not in labels
        shoot(page, "network")

        go_to(other, "Network")
        assert int(metric(other, "Bodies")) == edited_bodies  # one body added each
        other.locator("[data-testid='stSidebar']").get_by_label("Search names").fill(
            "Youth Safety")
        other.keyboard.press("Enter")
        settle(other)
        assert "youth-safety-cardiff" not in main_text(other)

        # download the zip: valid for `govmap validate`, the original plus exactly the edit
        go_to(page, "Edit")
        with page.expect_download() as download:
            page.get_by_role("button", name="Download the edited data (zip)").click()
        raw = Path(download.value.path()).read_bytes()
        with page.expect_download() as download:
            page.get_by_role("button", name="Download as a scenario").click()
        scenario = tmp_path / "govmap-edits.yaml"
        download.value.save_as(str(scenario))
    finally:
        page.context.close()
        other.context.close()

    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        archive.extractall(folder)
        names = sorted(archive.namelist())
    originals = sorted(str(p.relative_to(DATA_DIR.parent)) for p in DATA_DIR.rglob("*.yaml")
                       if "scenarios" not in p.parts)
    assert names == sorted([*originals, "CHANGES.md"])
    changed = [n for n in originals if (folder / n).read_bytes() != (ROOT / n).read_bytes()]
    assert len(changed) == 1 and "id: youth-safety-cardiff" in (folder / changed[0]).read_text()
    for strict in ([], ["--strict"]):
        done = subprocess.run([sys.executable, "-m", "govmap", "validate", *strict,
                               str(folder / "data")], capture_output=True, text=True,
                              cwd=tmp_path, check=False)
        assert done.returncode == 0, done.stderr
    before, after = check([DATA_DIR]).landscape, check([folder / "data"]).landscape
    assert before is not None and after is not None
    change = structural_diff(before, after)
    assert change.bodies.added == ("youth-safety-cardiff",)
    assert not (change.bodies.removed or change.bodies.changed or change.organisations
                or change.footprints or change.duties)
    assert sorted((s.body, s.organisation, s.role) for s in change.seats_added) == [
        ("youth-safety-cardiff", "council-cardiff", "member"),
        ("youth-safety-cardiff", "police-south-wales", "member")]
    assert [(x.source, x.target, x.type) for x in change.lines_added] == [
        ("youth-safety-cardiff", "psb-cardiff", "reports_to")]
    assert not (change.seats_removed or change.seats_changed or change.lines_removed
                or change.lines_changed or change.assignments_added
                or change.assignments_removed)
    body = after.bodies["youth-safety-cardiff"]
    assert body.sources == (SOURCE,) and body.confidence == "stated"
    assert str(body.start_date) == "2024-03-01"
    # the scenario runs with `govmap scenario` on the data as it was, and adds the body
    saved = tmp_path / "after.json"
    done = subprocess.run([sys.executable, "-m", "govmap", "scenario", str(scenario),
                           "--save-landscape", str(saved)], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    scenario_after = check([saved]).landscape
    assert scenario_after is not None
    assert {m.organisation for m in scenario_after.bodies["youth-safety-cardiff"].members} == {
        "council-cardiff", "police-south-wales"}
    log = (folder / "CHANGES.md").read_text()
    assert "Added body 'Cardiff Youth Safety Board'" in log
    assert "Another Board" not in log
