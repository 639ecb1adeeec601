"""The explorer as a person meets it: first open to a drawn network, and page changes.

Not a test (timings depend on the machine): a measurement to quote in
``docs/performance.md``. Starts ``streamlit run app.py`` on a free port, then in Debian's
headless Chromium measures, ``--runs`` times each:

- **first open**: a new browser context (a new session, nothing cached in the browser)
  opens the explorer's address, until the network in its frame has drawn
  (``window.govmapView.drawn``). The first run also fills the server's caches (data,
  report, picture) and is reported apart, as "cold".
- **page change**: from the drawn network, click *Map* in the navigation until the map
  page has finished its run, then click *Network* until the network has drawn again.
- **filter change**: on the network, choose a level in the sidebar until the new network
  has drawn.

Run: ``python bench/explorer_speed.py [--runs 5]`` (with the machine otherwise idle).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from govmap.app.serve import wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
DRAWN = ("() => { const f = document.querySelector(\"iframe[data-testid='stIFrame']\");"
         " const w = f && f.contentWindow; return !!(w && w.govmapView && w.govmapView.drawn"
         " && w.govmapView.firstDraw && !document.querySelector("
         "\"[data-testid='stStatusWidget']\")); }")
IDLE = "() => !document.querySelector(\"[data-testid='stStatusWidget']\")"


@contextlib.contextmanager
def explorer() -> Iterator[str]:
    """``streamlit run app.py`` on a free port, until the block ends."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_until_serving(base, process, 90):
            raise SystemExit("the explorer did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _timed(action: Callable[[], None], done: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    done()
    return time.perf_counter() - start


def _wait_drawn(page: Any) -> None:
    # a redraw replaces the frame: wait for the old one to go before waiting for the new
    page.wait_for_timeout(50)
    page.wait_for_function(DRAWN, timeout=120_000, polling=50)


def _summary(name: str, times: list[float]) -> str:
    return (f"{name:<34} median {statistics.median(times):5.2f} s   "
            f"(runs: {', '.join(f'{t:.2f}' for t in times)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with explorer() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        first: list[float] = []
        cold = 0.0
        for run in range(args.runs + 1):
            context = browser.new_context(viewport={"width": 1600, "height": 1000})
            page = context.new_page()
            start = time.perf_counter()
            page.goto(base)
            _wait_drawn(page)
            took = time.perf_counter() - start
            if run == 0:
                cold = took
            else:
                first.append(took)
            context.close()

        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        page = context.new_page()
        page.goto(base)
        _wait_drawn(page)
        to_map: list[float] = []
        to_network: list[float] = []
        for _ in range(args.runs):
            def map_done() -> None:
                page.wait_for_selector("h1:has-text('Map')")
                page.wait_for_function(IDLE, polling=50)

            to_map.append(_timed(lambda: page.get_by_role("link", name="Map").click(),
                                 map_done))
            to_network.append(_timed(
                lambda: page.get_by_role("link", name="Network").click(),
                lambda: _wait_drawn(page)))
        filtered: list[float] = []
        box = page.locator("[data-testid='stSidebar']").get_by_role("combobox", name="Level")
        for _ in range(args.runs):
            def choose() -> None:
                box.click()
                box.fill("Regional")
                page.get_by_role("option", name="Regional", exact=True).first.click()

            filtered.append(_timed(choose, lambda: _wait_drawn(page)))
            page.keyboard.press("Escape")
            # back to no filter (not timed): the multiselect's own clear button
            page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first \
                .get_by_role("button", name="Clear all").click()
            _wait_drawn(page)
        context.close()
        browser.close()

    print(f"first open, cold server caches       {cold:5.2f} s")
    print(_summary("first open, new session (warm)", first))
    print(_summary("page change: network -> map", to_map))
    print(_summary("page change: map -> network drawn", to_network))
    print(_summary("filter change -> network drawn", filtered))


if __name__ == "__main__":
    main()
