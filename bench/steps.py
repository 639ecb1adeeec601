"""The steps the benchmark times, each on a synthetic landscape of a given size.

Run one step in this process and print its time and peak memory as JSON:
``python -m bench.steps STEP N_BODIES``. Each step runs in its own process (see
``bench/__main__.py``) so that peak memory belongs to that step alone: the set-up
(generating the landscape) happens first, then the peak-memory mark is reset, then the
step is timed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from govmap.metrics import accountability, duplication, duties, footprints, seats
from govmap.model.graph import to_graph
from govmap.model.load import check
from govmap.report import build_report
from govmap.scenario.apply import apply
from govmap.scenario.diff import diff
from govmap.scenario.format import parse_scenario
from govmap.synth import generate, write_yaml
from govmap.views.network import network_html

SEED = 20171
DAY = dt.date(2024, 6, 1)


def _reset_peak() -> None:
    """Reset the process's peak resident memory (Linux), so the step's own peak is read."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _regionalise() -> Any:
    scenario, problems = parse_scenario({
        "name": "Regional CSPs", "description": "every CSP merged per police force area",
        "date": DAY.isoformat(), "sources": ["synthetic:bench"],
        "operations": [{"op": "regionalise", "kind": "community_safety_partnership",
                        "family": "police_force_area", "id": "csp-{footprint}",
                        "name": "{footprint} community safety partnership"}],
    }, "bench-scenario.yaml")
    assert scenario is not None, problems
    return scenario


def prepare(step: str, n: int) -> Callable[[], Any]:
    """Set up ``step`` for ``n`` bodies and return the callable to time."""
    landscape = generate(n, seed=SEED)
    view = landscape.as_at(DAY)
    if step == "load":
        folder = Path(tempfile.mkdtemp(prefix="govmap-bench-"))
        write_yaml(landscape, folder)
        return lambda: check([folder])
    if step == "yaml_parse":
        folder = Path(tempfile.mkdtemp(prefix="govmap-bench-"))
        files = write_yaml(landscape, folder)
        loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return lambda: [yaml.load(f.read_text(encoding="utf-8"), Loader=loader) for f in files]
    if step == "as_at":
        return lambda: landscape.as_at(DAY)
    if step == "graph":
        return lambda: to_graph(view)
    if step == "footprints":
        return lambda: (footprints.footprint_relations(view), footprints.area_complexity(view),
                        footprints.family_coterminosity(view), footprints.body_alignment(view))
    if step == "duplication":
        return lambda: (duplication.theme_coverage(view), duplication.duplicate_pairs(view))
    if step in ("search_indexed", "search_naive"):
        bodies = sorted(view.bodies)
        themes = [frozenset(view.bodies[b].themes) for b in bodies]
        areas = [view.body_areas(b) for b in bodies]
        mode = "index" if step == "search_indexed" else "all-pairs"
        return lambda: sum(1 for _ in duplication.candidate_pairs(themes, areas, search=mode))
    # the report's own call (pairs sharing a member), found through the index or all pairs
    if step == "pairs_indexed":
        return lambda: duplication.duplicate_pairs(view, positive_only=True)
    if step == "pairs_naive":
        return lambda: duplication.duplicate_pairs(view, positive_only=True,
                                                   search="all-pairs")
    if step == "seats":
        return lambda: (seats.seat_load(view), seats.parallel_seats(view), seats.brokers(view))
    if step == "accountability":
        return lambda: (duties.duty_coverage(view), accountability.findings(view))
    if step == "report":
        return lambda: build_report(landscape, DAY)
    if step == "scenario":
        scenario = _regionalise()

        def run() -> Any:
            after = apply(landscape, scenario)
            return diff(view, after)
        return run
    if step == "html":
        return lambda: network_html(view, title="Benchmark", max_nodes=2_000)
    raise SystemExit(f"unknown step {step!r}")


STEPS = ("yaml_parse", "load", "as_at", "graph", "footprints", "duplication", "seats",
         "accountability", "report", "scenario", "html", "search_indexed", "search_naive",
         "pairs_indexed", "pairs_naive")


def main(argv: list[str]) -> None:
    step, n = argv[0], int(argv[1])
    work = prepare(step, n)
    gc.collect()
    _reset_peak()
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    print(json.dumps({"step": step, "n": n, "seconds": seconds, "peak_mb": _peak_mb()}))


if __name__ == "__main__":
    main(sys.argv[1:])
