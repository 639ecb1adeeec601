"""How long a 2,000-node network view takes to open and become still in headless Chromium.

Not a test (timings depend on the machine): a measurement to quote. It renders a synthetic
landscape of about 2,000 bodies and organisations (:func:`govmap.synth.generate`) with
:func:`govmap.views.network.network_html`, opens the file in Debian's Chromium with every
request to another host blocked, and reports, from the start of navigation:

- ``first draw``: when vis-network first drew the network;
- ``still``: the last draw before the canvas stayed unchanged for 1 second and no node moved.

Run: ``python bench/views_stillness.py [--nodes 2000] [--runs 5] [--physics]``.
``--physics`` also measures the same page with vis-network's physics on (what pyvis does by
default), giving up after ``--give-up`` seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from govmap.model.landscape import Landscape  # noqa: E402
from govmap.synth import generate  # noqa: E402
from govmap.views.network import network_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

STILL = """async ([quiet, deadline]) => {
  const state = window.govmapView;
  const net = window.govmapNetwork;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let before = JSON.stringify(net.getPositions());
  for (;;) {
    const draws = state.draws;
    await sleep(quiet);
    if (performance.now() > deadline) { return {first: state.firstDraw, still: null}; }
    const now = JSON.stringify(net.getPositions());
    if (state.draws === draws && now === before) {
      return {first: state.firstDraw, still: state.lastDraw, draws: state.draws};
    }
    before = now;
  }
}"""


def landscape_of(nodes: int) -> Landscape:
    """A synthetic landscape with about ``nodes`` bodies and organisations."""
    bodies = nodes
    for _ in range(6):
        land = generate(bodies, seed=7)
        total = len(land.bodies) + len(land.organisations)
        if abs(total - nodes) <= nodes // 100:
            return land
        bodies = max(1, bodies + (nodes - total))
    return land


def measure(path: Path, runs: int, give_up: float) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            blocked: list[str] = []
            page.route("**/*", lambda r, b=blocked: r.continue_()
                       if r.request.url.startswith("file://")
                       else (b.append(r.request.url), r.abort()))
            started = time.monotonic()
            page.goto(path.as_uri())
            try:
                page.wait_for_function("window.govmapView && window.govmapView.drawn",
                                       timeout=give_up * 1000)
                page.set_default_timeout(give_up * 1000)
                found = page.evaluate(STILL, [1000, give_up * 1000])
                found["blocked"] = blocked
                if found["still"] is None:
                    found["gave_up_after_s"] = round(time.monotonic() - started, 1)
            except Exception:  # the page never became still in time
                found = {"first": None, "still": None, "gave_up_after_s":
                         round(time.monotonic() - started, 1), "blocked": blocked}
            results.append(found)
            page.close()
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--physics", action="store_true",
                        help="also measure with physics on (pyvis's default)")
    parser.add_argument("--give-up", type=float, default=60.0, metavar="SECONDS")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 1

    land = landscape_of(args.nodes)
    nodes = len(land.bodies) + len(land.organisations)
    links = sum(len(b.members) + len(b.reporting_lines) for b in land.bodies.values()) + sum(
        len(o.reporting_lines) for o in land.organisations.values())
    started = time.perf_counter()
    html = network_html(land, title=f"{nodes:,} nodes", max_nodes=max(args.nodes, nodes))
    built = time.perf_counter() - started
    print(f"{nodes:,} nodes, {links:,} links; HTML {len(html) / 1e6:.1f} MB built in "
          f"{built:.2f} s")
    modes = [("physics off (govmap default)", False)]
    if args.physics:
        modes.append(("physics on (pyvis default)", True))
    with tempfile.TemporaryDirectory() as folder:
        for label, physics in modes:
            path = Path(folder) / f"view-{physics}.html"
            path.write_text(html if not physics else network_html(
                land, title="physics", physics=True, max_nodes=max(args.nodes, nodes)),
                encoding="utf-8")
            results = measure(path, args.runs if not physics else 1, args.give_up)
            stills = [r["still"] for r in results if r["still"] is not None]
            firsts = [r["first"] for r in results if r["first"] is not None]
            blocked = sorted({u for r in results for u in r["blocked"]})
            if stills:
                print(f"{label}: first draw median {statistics.median(firsts):.0f} ms, "
                      f"still median {statistics.median(stills):.0f} ms "
                      f"(runs: {', '.join(f'{s:.0f}' for s in stills)}); "
                      f"requests to other hosts: {len(blocked)}")
            else:
                print(f"{label}: not still after {args.give_up:.0f} s "
                      f"({results[0].get('gave_up_after_s')} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
