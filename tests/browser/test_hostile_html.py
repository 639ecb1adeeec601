"""Every HTML govmap emits, built from hostile names, runs no script in a real browser.

The landscape is ``tests/hostile/corpus/html-names.yaml``: bodies named
``<img src=x onerror=alert(1)>``, ``</script><script>alert(2)</script>`` and an attribute
breaker. Each page (the offline network view and the HTML report with its tile maps and
picture) is opened from ``file://`` in Chromium with every other request blocked; no
dialog may open, no request may leave, and the names must read as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govmap.model.load import load
from govmap.report import build_report
from govmap.report_html import to_html
from govmap.views.network import network_html

from .conftest import ARTIFACTS, BROWSER_TEST

CORPUS = Path(__file__).resolve().parents[1] / "hostile" / "corpus"

pytestmark = BROWSER_TEST


def pages(tmp: Path) -> dict[str, Path]:
    landscape = load([CORPUS / "html-names.yaml"])
    built = {
        "network.html": network_html(landscape, title="<b>Hostile</b> names",
                                     subtitle="<script>alert(3)</script>"),
        "report.html": to_html(build_report(landscape), landscape),
    }
    out = {}
    for name, text in built.items():
        (tmp / name).write_text(text, encoding="utf-8")
        out[name] = tmp / name
    return out


@pytest.mark.parametrize("name", ["network.html", "report.html"])
def test_no_script_runs_and_names_read_as_text(browser: Any, tmp_path: Path, name: str) -> None:
    path = pages(tmp_path)[name]
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    leaked: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            request_route.continue_()
        else:
            leaked.append(url)
            request_route.abort()

    context.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_timeout(800)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"hostile-{name}.png"))
    text = page.inner_text("body")
    # elements a name would have created: an <img src=x>, or a runnable script holding one
    # of the payloads (the network's data block is JSON, not runnable, and holds them
    # escaped; vis-network's own code has alert( calls of its own, so match the payloads)
    injected = page.evaluate("""() =>
        [...document.images].filter(i => i.getAttribute('src') === 'x').length +
        [...document.scripts].filter(s => (!s.type || s.type.includes('javascript'))
            && /alert\\([123]\\)/.test(s.textContent)).length""")
    context.close()
    assert dialogs == []
    assert leaked == []
    assert injected == 0
    if name == "report.html":
        assert "<img src=x onerror=alert(1)>" in text
        assert "</script><script>alert(2)</script>" in text
    else:
        assert "<b>Hostile</b> names" in text
