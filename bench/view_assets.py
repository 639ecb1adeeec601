"""Inlined vs served vis-network: page size and time to draw the Wales view in Chromium.

Not a test (timings depend on the machine): a measurement to quote. The explorer links
vis-network from ``static/`` (:func:`govmap.views.assets.write_assets`) so redraws do not
resend it; this compares that page with the self-contained one a download gives, each
served over HTTP from this machine and drawn in Debian's headless Chromium.

Run: ``python bench/view_assets.py [--runs 7]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from govmap.model.load import load  # noqa: E402
from govmap.views.assets import write_assets  # noqa: E402
from govmap.views.network import network_html  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--as-at", default="2024-06-01")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    root = Path(tempfile.mkdtemp(prefix="govmap-assets-"))
    write_assets(root / "static")
    landscape = load().as_at(dt.date.fromisoformat(args.as_at))
    pages = {"inline.html": network_html(landscape, title="Wales"),
             "served.html": network_html(landscape, title="Wales", asset_url="static")}
    for name, text in pages.items():
        (root / name).write_text(text, encoding="utf-8")
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    drawn = "() => window.govmapView && window.govmapView.drawn"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            for name in pages:
                url = f"http://127.0.0.1:{port}/{name}"
                page.goto(url)  # the first load fills the browser's cache
                page.wait_for_function(drawn)
                times = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    page.goto(url)
                    page.wait_for_function(drawn)
                    times.append(1000 * (time.perf_counter() - start))
                size = (root / name).stat().st_size / 1024
                print(f"{name:<12} {size:>6.0f} KB page, load to drawn median "
                      f"{statistics.median(times):.0f} ms (runs: "
                      f"{', '.join(f'{t:.0f}' for t in times)})")
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
