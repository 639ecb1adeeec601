"""The saved network view opens offline in a real browser, draws, and never runs a name.

Drives Debian's Chromium through Playwright with every request to another host blocked:
the file must draw the network from what it carries, a hostile name must show as text,
and no dialog may open. A screenshot is saved under ``artifacts/`` for a person to look at.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from govmap.model.entities import Area, Body, Footprint, Membership, Organisation, ReportingLine
from govmap.model.landscape import Landscape
from govmap.views.network import network_html

from .conftest import ARTIFACTS, BROWSER_TEST

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "<script>alert(2)</script>"

pytestmark = BROWSER_TEST


def landscape() -> Landscape:
    """Two councils, a police force, a CSP with a hostile name and a regional board."""
    areas = [Area(id="W06000015", name="Cardiff"), Area(id="W06000014", name="Vale")]
    footprints = [
        Footprint(id="la-c", name="Cardiff", family="local_authority", areas=("W06000015",)),
        Footprint(id="la-v", name="Vale", family="local_authority", areas=("W06000014",)),
        Footprint(id="pfa", name="South Wales", family="police_force_area",
                  areas=("W06000015", "W06000014")),
    ]

    def org(oid: str, name: str, kind: str, fp: str) -> Organisation:
        return Organisation(id=oid, name=name, kind=kind, devolved=True, elected=False,
                            footprint=fp, sources=("public:test",))

    organisations = [org("c", "Cardiff Council", "local_authority", "la-c"),
                     org("v", HOSTILE_SCRIPT, "local_authority", "la-v"),
                     org("p", "South Wales Police", "police_force", "pfa")]
    bodies = [
        Body(id="evil", name=HOSTILE, kind="community_safety_partnership", level="local",
             footprint="la-c", themes=("community_safety",),
             members=(Membership(organisation="c", role="responsible_authority"),
                      Membership(organisation="p", role="responsible_authority")),
             reporting_lines=(ReportingLine(target="board", type="reports_to"),),
             sources=("001_3c8194f91326f886.txt:L308",)),
        Body(id="vale", name="Safer Vale", kind="community_safety_partnership", level="local",
             footprint="la-v", members=(Membership(organisation="v", role="member"),
                                        Membership(organisation="p", role="member"))),
        Body(id="board", name="Regional Board", kind="regional_community_safety_board",
             level="regional", footprint="pfa",
             members=(Membership(organisation="p", role="member"),)),
    ]
    return Landscape.build(areas, footprints, organisations, bodies).as_at(dt.date(2024, 1, 1))


def open_offline(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    """Open a file with every non-file request blocked; return the page, the blocked
    requests and the dialogs that opened."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    blocked: list[str] = []
    dialogs: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file://", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("window.govmapView && window.govmapView.drawn", timeout=15000)
    return page, blocked, dialogs


DRAWN_PIXELS = """() => {
  const canvas = document.querySelector('#network canvas');
  const ctx = canvas.getContext('2d');
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 230 || data[i + 1] < 230 || data[i + 2] < 230)) ink++;
  }
  return ink;
}"""


def test_offline_html_draws_with_other_hosts_blocked(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "view.html"
    path.write_text(network_html(landscape(), title="Offline test", subtitle=HOSTILE,
                                 source="test landscape"), encoding="utf-8")
    page, blocked, dialogs = open_offline(browser, path)
    try:
        assert blocked == []
        assert page.evaluate(DRAWN_PIXELS) > 500          # the network is on the canvas
        assert page.locator("aside.legend").is_visible()
        assert "As at 2024-01-01" in page.locator(".titleblock").inner_text()
        assert HOSTILE in page.locator(".titleblock .subtitle").inner_text()  # as text

        # hover the hostile node: its name shows as text in the tooltip, nothing runs
        point = page.evaluate("""() => {
            const net = window.govmapNetwork;
            const p = net.canvasToDOM(net.getPositions(['evil'])['evil']);
            const box = document.getElementById('network').getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }""")
        page.mouse.move(point["x"], point["y"])
        tip = page.locator("#network .tip")
        tip.wait_for(state="visible", timeout=5000)
        text = tip.inner_text()
        assert HOSTILE in text and "001_3c8194f91326f886.txt:L308" in text
        assert page.locator("#network img, #network .tip script").count() == 0

        # search by name finds the node
        page.fill("#search", "safer vale")
        assert page.locator("#found").inner_text() == "1 found"

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "offline_html.png"))

        # presenter mode: controls hidden, labels larger
        page.locator("#network canvas").click(position={"x": 5, "y": 5})
        page.keyboard.press("p")
        assert page.locator("body.presenter").count() == 1
        assert not page.locator(".controls").is_visible()
        assert page.evaluate(DRAWN_PIXELS) > 500
        page.screenshot(path=str(ARTIFACTS / "offline_html_presenter.png"))
        assert dialogs == []
        assert blocked == []
    finally:
        page.close()


def test_a_grouped_view_says_what_is_hidden(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "grouped.html"
    path.write_text(network_html(landscape(), title="Grouped", max_nodes=3), encoding="utf-8")
    page, blocked, dialogs = open_offline(browser, path)
    try:
        notice = page.locator(".notice").inner_text()
        assert "6 bodies and organisations match" in notice
        assert page.evaluate(DRAWN_PIXELS) > 200
        assert blocked == [] and dialogs == []
    finally:
        page.close()
