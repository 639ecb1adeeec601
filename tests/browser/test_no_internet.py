"""The explorer as ``make run`` serves it needs no internet: every page, no request leaves.

Presenters run govmap on locked-down machines with no network. This starts the explorer
exactly as ``make run`` does (``python -m govmap.app.serve``), visits every page in headless
Chromium with a listener on every request the page makes, and fails on any request to a
host other than the local server. It also checks what ``make run`` promises: it serves this
machine only, prints no warning about a missing static folder and writes nothing into the
checkout, and that it stops on SIGTERM.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from govmap.app.serve import wait_until_serving
from govmap.app.shell import PAGES

from ..conftest import ROOT
from .conftest import ARTIFACTS, BROWSER_TEST, CHROMIUM, CHROMIUM_ARGS

pytestmark = BROWSER_TEST

playwright_sync = pytest.importorskip("playwright.sync_api",
                                      reason="the playwright package is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _checkout_files() -> set[str]:
    """Files in the checkout that git does not ignore, tracked or not."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return set(listed.stdout.splitlines())


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``python -m govmap.app.serve`` on a free port, with its own cache folder."""
    port = _free_port()
    cache = tmp_path_factory.mktemp("cache")
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "no-internet-server.log"
    before = _checkout_files()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "govmap.app.serve", "--server.port", str(port)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "XDG_CACHE_HOME": str(cache)},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            if not wait_until_serving(base, process, 60):
                pytest.fail(f"the explorer did not start; see {log}")
            yield base, log
        finally:
            process.terminate()  # SIGTERM, as a service manager or `kill` sends
            try:
                process.wait(timeout=15)
                stopped = True
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                stopped = False
    assert stopped, "the explorer did not stop within 15 s of SIGTERM"
    assert _checkout_files() == before, "serving the explorer wrote into the checkout"


def test_every_page_makes_no_request_off_this_machine(served: tuple[str, Path]) -> None:
    base, log = served
    local = urlparse(base).netloc
    outside: list[str] = []
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})

            def listen(request: playwright_sync.Request) -> None:
                parsed = urlparse(request.url)
                if parsed.scheme in ("http", "https", "ws", "wss") and parsed.netloc != local:
                    outside.append(f"{page.url} -> {request.url}")

            page.on("request", listen)
            for slug in PAGES:
                # The default page (the network) lives at the root.
                page.goto(f"{base}/" if slug == "network" else f"{base}/{slug}",
                          timeout=60_000)
                page.wait_for_selector("[data-testid='stMainBlockContainer'] h1",
                                       timeout=60_000)
                page.wait_for_timeout(300)
                page.wait_for_function(
                    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                    timeout=60_000)
                if slug == "network":  # wait for vis-network's first draw in its frame
                    frame = page.frame_locator("iframe[data-testid='stIFrame']").first
                    frame.locator("body").wait_for(timeout=60_000)
                    page.wait_for_function(
                        "() => [...document.querySelectorAll('iframe')].some(f => "
                        "f.contentWindow.govmapView && f.contentWindow.govmapView.drawn)",
                        timeout=60_000)
                page.wait_for_timeout(500)
                page.screenshot(path=str(ARTIFACTS / f"no-internet-{slug}.png"))
                assert not page.get_by_text("Page not found").count(), slug
        finally:
            browser.close()
    assert not outside, "requests left the machine:\n" + "\n".join(outside)
    printed = log.read_text(encoding="utf-8", errors="replace")
    assert "static folder" not in printed.lower(), printed
    assert "Network URL" not in printed, "the explorer should serve this machine only"
