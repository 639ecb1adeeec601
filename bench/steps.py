"""The steps the benchmark times, each on a synthetic landscape of a given size.

Run one step in this process and print its time and peak memory as JSON:
``python -m bench.steps STEP N_BODIES``. Each step runs in its own process (see
``bench/__main__.py``) so that peak memory belongs to that step alone: the set-up
(generating the landscape) happens first, then the peak-memory mark is reset, then the
step is timed.

The loading steps and their floors (:data:`FILE_STEPS`) work on files written once per
size by ``python -m bench.steps --prepare N_BODIES`` (the YAML files, the canonical JSON
and a warm cache of the checked landscape), so that their process holds no generated
landscape and their peak memory is the load's own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

import govmap
from govmap.export.canonical import to_json
from govmap.metrics import accountability, duplication, duties, footprints, seats
from govmap.model.cache import ENV as CACHE_ENV
from govmap.model.cache import cached_check
from govmap.model.collector import paused
from govmap.model.graph import to_graph
from govmap.model.load import check, check_bytes
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


def misspelt_files(n: int) -> list[tuple[str, bytes]]:
    """A landscape of ``n`` bodies each citing its footprint misspelt (two letters swapped).

    Validation must give each a located message with a suggestion (issue 21: 10,000 such
    references took 78 s when every one was compared with every footprint).
    """
    areas = [{"id": f"W{i:08d}", "name": f"Area {i}"} for i in range(n)]
    prints = [{"id": f"fp-place-{i:05d}", "name": f"Place {i}", "family": "local_authority",
               "areas": [f"W{i:08d}"]} for i in range(n)]
    bodies = [{"id": f"body-{i:05d}", "name": f"Body {i}", "kind": "other", "level": "local",
               "footprint": f"fp-plcae-{i:05d}"} for i in range(n)]
    text = yaml.safe_dump({"areas": areas, "footprints": prints, "bodies": bodies},
                          sort_keys=False)
    return [("misspelt.yaml", text.encode("utf-8"))]


def chain_files(n: int, what: str) -> list[tuple[str, bytes]]:
    """A landscape whose ``n`` footprints are a chain of unions (``what="unions"``: each
    the union of the one before and an area of its own), or whose ``n`` bodies are a chain
    of reporting lines (``what="lines"``: each reports to the one before; the first is
    national). Issue 21: 5,000 of either was 200 KB and took gigabytes or minutes.
    """
    chained = n if what == "unions" else 1
    areas = [{"id": f"W{i:08d}", "name": f"Area {i}"} for i in range(chained)]
    prints: list[dict[str, Any]] = [{"id": "fp-00000", "name": "Place 0",
                                     "family": "local_authority", "areas": ["W00000000"]}]
    prints += [{"id": f"fp-{i:05d}", "name": f"Place {i}", "family": "psb_area",
                "areas": [f"W{i:08d}"], "union": [f"fp-{i - 1:05d}"]}
               for i in range(1, chained)]
    bodies: list[dict[str, Any]] = []
    for i in range(n if what == "lines" else chained):
        item: dict[str, Any] = {"id": f"body-{i:05d}", "name": f"Body {i}", "kind": "other",
                                "level": "national" if i == 0 else "local",
                                "footprint": f"fp-{i if what == 'unions' else 0:05d}"}
        if i:
            item["reporting_lines"] = [{"target": f"body-{i - 1:05d}", "type": "reports_to"}]
        bodies.append(item)
    text = yaml.safe_dump({"areas": areas, "footprints": prints, "bodies": bodies},
                          sort_keys=False)
    return [(f"{what}.yaml", text.encode("utf-8"))]


#: The chain rows run on a chain of n / scale links, so that the default sizes stay within
#: minutes and a few GB (the union chain's report tables grow as the cube of its length).
CHAIN_SCALE = {"union_chain": 20, "line_chain": 4}


def files_for(n: int) -> Path:
    """Where the files of the ``n``-body landscape are kept between runs (per govmap source)."""
    source = hashlib.sha256()
    for path in sorted(Path(govmap.__file__).parent.rglob("*.py")):
        source.update(path.read_bytes())
    return Path(tempfile.gettempdir()) / f"govmap-bench-{n}-{SEED}-{source.hexdigest()[:12]}"


def prepare_files(n: int) -> Path:
    """Write the ``n``-body landscape's YAML, its canonical JSON and a warm cache, once."""
    folder = files_for(n)
    if (folder / "done").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    landscape = generate(n, seed=SEED)
    shutil.rmtree(folder / "yaml", ignore_errors=True)
    # 2,500 bodies a file (about 7 MB), under the reader's 20 MB limit at every size
    write_yaml(landscape, folder / "yaml", files=max(4, n // 2_500))
    (folder / "canonical.json").write_text(to_json(landscape), encoding="utf-8")
    del landscape
    os.environ[CACHE_ENV] = str(folder / "cache")
    result = cached_check([folder / "yaml"])
    assert result.ok, result.problems[:3]
    (folder / "done").write_text("ok")
    return folder


#: Steps that read the prepared files instead of a landscape generated in their process.
FILE_STEPS = ("yaml_parse", "json_parse", "load", "load_located", "load_unpaused", "load_cached",
              "load_miss", "ryml_tree", "ryml_parse")


def prepare_file_step(step: str, n: int) -> Callable[[], Any]:
    folder = files_for(n)
    if not (folder / "done").exists():
        raise SystemExit(f"run 'python -m bench.steps --prepare {n}' first")
    yaml_dir = folder / "yaml"
    files = sorted(yaml_dir.glob("*.yaml"))
    if step == "load":
        return lambda: check([yaml_dir])
    if step == "load_located":  # every value's position kept while parsing (issue 18's before)
        return lambda: check([yaml_dir], plain=False)
    if step == "load_unpaused":  # the same without the collector pause (issue 18's before)
        unpaused: Any = getattr(check, "__wrapped__", check)
        return lambda: unpaused([yaml_dir])
    if step == "load_cached":  # the cache prepare_files filled: a second run
        os.environ[CACHE_ENV] = str(folder / "cache")
        return lambda: cached_check([yaml_dir])
    if step == "load_miss":  # a first run: check, then write the entry
        os.environ[CACHE_ENV] = tempfile.mkdtemp(prefix="govmap-bench-cache-")
        return lambda: cached_check([yaml_dir])
    if step == "yaml_parse":  # the floor: libyaml's C loader, no positions, collector paused
        loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        def parse() -> Any:
            with paused():
                return [yaml.load(f.read_bytes(), Loader=loader) for f in files]
        return parse
    if step == "json_parse":  # the other floor: the same landscape as canonical JSON
        path = folder / "canonical.json"

        def parse_json() -> Any:
            with paused():
                return json.loads(path.read_bytes())
        return parse_json
    if step in ("ryml_tree", "ryml_parse"):  # rapidyaml, if installed (bench/parsers.py)
        from bench.parsers import ryml_load, ryml_tree

        read = ryml_tree if step == "ryml_tree" else ryml_load

        def parse_ryml() -> Any:
            with paused():
                return [read(f.read_bytes()) for f in files]
        return parse_ryml
    raise SystemExit(f"unknown step {step!r}")


def prepare(step: str, n: int) -> Callable[[], Any]:
    """Set up ``step`` for ``n`` bodies and return the callable to time."""
    if step in FILE_STEPS:
        return prepare_file_step(step, n)
    if step == "misspelt":
        files = misspelt_files(n)
        return lambda: check_bytes(files)
    if step in ("union_chain", "line_chain"):
        size = max(2, n // CHAIN_SCALE[step])
        result = check_bytes(chain_files(size, "unions" if step == "union_chain" else "lines"))
        assert result.landscape is not None, result.problems[:3]
        chain = result.landscape
        return lambda: build_report(chain, DAY)
    landscape = generate(n, seed=SEED)
    view = landscape.as_at(DAY)
    if step == "as_at":
        return lambda: landscape.as_at(DAY)
    if step == "graph":
        return lambda: to_graph(view)
    if step == "footprints":
        return lambda: (footprints.footprint_relations(view), footprints.area_complexity(view),
                        footprints.family_coterminosity(view), footprints.body_alignment(view))
    if step == "duplication":  # as the report calls them: pairs that share a member
        return lambda: (duplication.theme_coverage(view),
                        duplication.duplicate_pairs(view, positive_only=True))
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

        def run() -> Any:  # as `govmap scenario` does: one dated view, shared by both sides
            before = landscape.as_at(scenario.date)
            return diff(before, apply(before, scenario))
        return run
    if step == "scenario_whole":
        return _scenario_whole(landscape)
    if step in ("report_cli", "scenario_cli"):
        return _as_the_command(prepare(step.removesuffix("_cli"), n))
    if step == "html":
        return lambda: network_html(view, title="Benchmark", max_nodes=2_000)
    raise SystemExit(f"unknown step {step!r}")


def _as_the_command(work: Callable[[], Any]) -> Callable[[], Any]:
    """``work`` followed by what the command pays for it afterwards: ``govmap report`` and
    ``govmap scenario`` settle what they built before the collector is turned back on
    (:func:`govmap.model.collector.settle`), then the collector's next full walk of
    everything alive (here forced by ``gc.collect``; in the command it comes on the
    allocations that format the result). Before settling existed, only the walk."""
    try:
        from govmap.model.collector import paused, settle
    except ImportError:  # before issue 18's second pass: nothing settled
        def run_before() -> Any:
            result = work()
            gc.collect()
            return result
        return run_before

    def run() -> Any:
        with paused():
            result = work()
            settle()
        gc.collect()
        return result
    return run


def _scenario_whole(landscape: Any) -> Callable[[], Any]:
    """The scenario step as it was before issue 18: two whole reports, then the diff (the
    baseline the incremental report after is measured against, in the same run)."""
    from govmap.scenario.diff import report_data

    scenario = _regionalise()

    def run() -> Any:
        before = landscape.as_at(scenario.date)
        after = apply(before, scenario)
        reports = (report_data(build_report(before)), report_data(build_report(after)))
        return diff(before, after, reports=reports)
    return run


STEPS = ("yaml_parse", "json_parse", "load", "load_located", "load_miss", "load_cached", "as_at",
         "graph", "footprints", "duplication", "seats", "accountability", "report", "scenario",
         "scenario_whole", "report_cli", "scenario_cli", "html", "search_indexed",
         "search_naive", "pairs_indexed", "pairs_naive", "misspelt",
         "union_chain", "line_chain")


def main(argv: list[str]) -> None:
    if argv[0] == "--prepare":
        print(prepare_files(int(argv[1])))
        return
    step, n = argv[0], int(argv[1])
    work = prepare(step, n)
    gc.collect()
    _reset_peak()
    start, cpu = time.perf_counter(), time.process_time()
    work()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({"step": step, "n": n, "seconds": seconds, "cpu_seconds": cpu,
                      "peak_mb": _peak_mb()}))


if __name__ == "__main__":
    main(sys.argv[1:])
