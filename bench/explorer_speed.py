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
- **the floor**: the same, on a trivial Streamlit page served by a second ``streamlit run``
  in the same run (a title and a frame holding a few lines of HTML that say "drawn"): what
  Streamlit and the browser cost before the explorer does anything. Its first opens are
  interleaved with the explorer's, and each median is also given as a multiple of the
  floor's, which moves much less than the seconds when other work shares the machine.

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
import tempfile
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


#: The floor: a trivial Streamlit page whose frame says at once that it has drawn.
FLOOR_APP = '''import streamlit as st

st.title("Floor")
st.write("A trivial page: what Streamlit and the browser cost on their own.")
st.iframe("<!doctype html><html><body><p>drawn</p><script>"
          "window.govmapView = {drawn: true, firstDraw: performance.now()};"
          "</script></body></html>", height=200)
'''


@contextlib.contextmanager
def served(script: str = "app.py", cwd: Path = ROOT) -> Iterator[str]:
    """``streamlit run SCRIPT`` (by default the explorer) on a free port, until the block
    ends; yields its address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_until_serving(base, process, 90):
            raise SystemExit(f"streamlit run {script} did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def explorer() -> contextlib.AbstractContextManager[str]:
    """``streamlit run app.py`` on a free port, until the block ends."""
    return served()


@contextlib.contextmanager
def floor() -> Iterator[str]:
    """The trivial page (:data:`FLOOR_APP`) served the same way, from a scratch folder."""
    with tempfile.TemporaryDirectory(prefix="govmap-floor-") as folder:
        (Path(folder) / "floor.py").write_text(FLOOR_APP, encoding="utf-8")
        with served("floor.py", Path(folder)) as base:
            yield base


def _timed(action: Callable[[], None], done: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    done()
    return time.perf_counter() - start


def _wait_drawn(page: Any) -> None:
    # a redraw replaces the frame: wait for the old one to go before waiting for the new
    page.wait_for_timeout(50)
    page.wait_for_function(DRAWN, timeout=120_000, polling=50)


def _first_open(browser: Any, base: str) -> float:
    """Seconds from a new context's first request to the frame saying it has drawn."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(base)
    _wait_drawn(page)
    took = time.perf_counter() - start
    context.close()
    return took


def _summary(name: str, times: list[float], floor: float) -> str:
    middle = statistics.median(times)
    return (f"{name:<34} median {middle:5.2f} s  {middle / floor:4.1f}x floor   "
            f"(runs: {', '.join(f'{t:.2f}' for t in times)})")


def _load() -> str:
    try:
        return " / ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    load_before = _load()
    with explorer() as base, floor() as trivial, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        # the floor in a browser of its own, so that nothing it loaded can help the explorer
        other = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        cold = _first_open(browser, base)
        _first_open(other, trivial)  # the floor's first visitor, not counted either
        first: list[float] = []
        floors: list[float] = []
        for _ in range(args.runs):  # interleaved, so that both see the same load
            floors.append(_first_open(other, trivial))
            first.append(_first_open(browser, base))
        other.close()

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

    base_time = statistics.median(floors)
    print(f"load average (1, 5, 15 min): before {load_before}, after {_load()}")
    print(f"first open, cold server caches     {cold:13.2f} s")
    print(_summary("floor: first open, trivial page", floors, base_time))
    print(_summary("first open, new session (warm)", first, base_time))
    print(_summary("page change: network -> map", to_map, base_time))
    print(_summary("page change: map -> network drawn", to_network, base_time))
    print(_summary("filter change -> network drawn", filtered, base_time))


if __name__ == "__main__":
    main()
