"""Print how govmap's cost grows with landscape size: ``python -m bench`` (or ``make bench``).

For each size (1,000, 3,000 and 10,000 bodies; ``--big`` adds 30,000), every step of
:mod:`bench.steps` runs in a fresh process (so that its peak memory is its own)
``--repeat`` times; the table shows the fastest run and the largest peak. Then the
scaling exponent between consecutive sizes (``log(t2/t1) / log(n2/n1)``: 1 is linear, 2
quadratic), loading against its floors (libyaml's C loader with the collector paused, and
``json.loads`` of the same landscape's canonical JSON), the cached load against the
first, and the speed-up of the indexed duplicate-pair search over the naive all-pairs
one. Targets: issue 8 (the whole report at 10,000 bodies under 5 s and 1 GB; indexed
pairs at least 10x faster than naive) and issue 18 (load within 1.5x of the C loader's
time and memory; a second, cached load under 10% of the first; every step at 30,000
bodies under 3 GB).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from pathlib import Path

from bench.steps import FILE_STEPS, STEPS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1_000, 3_000, 10_000)
#: Added by --big: England and Wales with every district partnership.
BIG_SIZE = 30_000
LABELS = {
    "yaml_parse": "floor: parse YAML (C loader, collector paused)",
    "json_parse": "floor: json.loads of the canonical JSON",
    "ryml_tree": "rapidyaml: parse into its C++ tree",
    "ryml_parse": "rapidyaml: parse, emit JSON, json.loads",
    "load": "load + validate YAML",
    "load_located": "load + validate YAML, every position kept (before)",
    "load_unpaused": "load + validate YAML, collector running",
    "load_miss": "first load with the cache (load + store)",
    "load_cached": "second load (from the cache)",
    "as_at": "dated view (as_at)",
    "graph": "build graph",
    "footprints": "metrics: footprints",
    "duplication": "metrics: duplication (pairs sharing a member, as the report)",
    "seats": "metrics: seats + brokers",
    "accountability": "metrics: duties + accountability",
    "report": "whole report (build_report)",
    "scenario": "regionalise CSPs: apply + diff",
    "scenario_whole": "regionalise CSPs: apply + two whole reports + diff",
    "report_cli": "whole report, then the collector's walk (as govmap report)",
    "scenario_cli": "regionalise CSPs, then the collector's walk (as govmap scenario)",
    "html": "offline HTML (network view)",
    "search_indexed": "pair search (candidates), indexed",
    "search_naive": "pair search (candidates), all-pairs",
    "pairs_indexed": "duplicate_pairs() with rows, indexed",
    "pairs_naive": "duplicate_pairs() with rows, all-pairs",
    "misspelt": "validate: every body's footprint misspelt",
    "union_chain": "whole report: n/20 footprints, a chain of unions",
    "line_chain": "whole report: n/4 bodies, a chain of reporting lines",
}


def prepare(n: int, timeout: float) -> None:
    """Write the files the loading steps read (once per size and govmap source)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "bench.steps", "--prepare", str(n)], cwd=ROOT,
                   env=env, capture_output=True, text=True, timeout=timeout, check=True)


def run_step(step: str, n: int, timeout: float) -> dict[str, float | None]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bench.steps", step, str(n)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"{step} at {n}: {tail[0]}")
    result: dict[str, float | None] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def exponent(t1: float, t2: float, n1: int, n2: int) -> float | None:
    if t1 <= 0 or t2 <= 0:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated numbers of bodies")
    parser.add_argument("--big", action="store_true",
                        help=f"also {BIG_SIZE:,} bodies (long: several minutes per step)")
    parser.add_argument("--steps", default=",".join(STEPS), help="comma-separated steps")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (fastest kept)")
    parser.add_argument("--cpu", action="store_true",
                        help="show the CPU time of the step's process instead of the time on "
                        "the clock (for a machine other work is using)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run")
    parser.add_argument("--json", metavar="FILE", help="also write the raw results here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.big and BIG_SIZE not in sizes:
        sizes.append(BIG_SIZE)
    steps = [s for s in args.steps.split(",") if s]

    results: dict[str, dict[int, dict[str, float | None]]] = {s: {} for s in steps}
    for n in sizes:
        if any(step in FILE_STEPS for step in steps):
            try:
                prepare(n, args.timeout * 4)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
                print(f"# preparing {n} bodies failed: {exc}", file=sys.stderr)
                continue
        for step in steps:
            runs = []
            for _ in range(args.repeat):
                try:
                    runs.append(run_step(step, n, args.timeout))
                except (RuntimeError, subprocess.TimeoutExpired) as exc:
                    print(f"# {step} at {n} bodies failed: {exc}", file=sys.stderr)
                    break
            if runs:
                measure = "cpu_seconds" if args.cpu else "seconds"
                results[step][n] = {
                    "seconds": min(float(r[measure] or 0) for r in runs),
                    "peak_mb": max(float(r["peak_mb"] or 0) for r in runs),
                }
            print(f"# {n:>6} bodies  {step:<15} done", file=sys.stderr)

    print(f"govmap benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"fastest of {args.repeat} runs, "
          f"{'CPU time' if args.cpu else 'time on the clock'} and peak resident memory of "
          "the step's process\n")
    head = "| step | " + " | ".join(f"{n:,} bodies" for n in sizes) + " | exponent |"
    print(head)
    print("|---|" + "---|" * (len(sizes) + 1))
    for step in steps:
        cells = []
        for n in sizes:
            cell = results[step].get(n)
            cells.append(f"{cell['seconds']:.3f} s, {cell['peak_mb']:.0f} MB" if cell else "n/a")
        pairs = [(sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]
        exps = []
        for n1, n2 in pairs:
            a, b = results[step].get(n1), results[step].get(n2)
            e = exponent(float(a["seconds"] or 0), float(b["seconds"] or 0), n1, n2) \
                if a and b else None
            exps.append(f"{e:.2f}" if e is not None else "-")
        print(f"| {LABELS.get(step, step)} | " + " | ".join(cells) + " | " + " / ".join(exps)
              + " |")
    for naive, indexed, what in (("search_naive", "search_indexed", "the pair search"),
                                 ("pairs_naive", "pairs_indexed",
                                  "duplicate_pairs() including scoring and named rows")):
        if naive in results and indexed in results:
            print(f"\nSpeed-up of the index over all-pairs, {what}:")
            for n in sizes:
                a, b = results[naive].get(n), results[indexed].get(n)
                if a and b and b["seconds"]:
                    ratio = float(a["seconds"] or 0) / float(b["seconds"])
                    print(f"  {n:>6,} bodies: {ratio:.1f}x")
    for floor, what in (("yaml_parse", "the C loader's parse with the collector paused "
                                       "(target: 1.5x)"),
                        ("json_parse", "json.loads of the canonical JSON")):
        if "load" in results and floor in results:
            print(f"\nLoad + validate against {what}, time x and memory x:")
            for n in sizes:
                a, b = results[floor].get(n), results["load"].get(n)
                if a and b and a["seconds"] and a["peak_mb"]:
                    print(f"  {n:>6,} bodies: "
                          f"{float(b['seconds'] or 0) / float(a['seconds']):.2f}x time, "
                          f"{float(b['peak_mb'] or 0) / float(a['peak_mb']):.2f}x memory")
    if "load" in results and "load_cached" in results:
        print("\nSecond (cached) load as a share of the first load (target under 10%):")
        for n in sizes:
            a, b = results["load"].get(n), results["load_cached"].get(n)
            if a and b and a["seconds"]:
                share = 100 * float(b["seconds"] or 0) / float(a["seconds"])
                print(f"  {n:>6,} bodies: {share:.1f}%")
    if "yaml_parse" in results and "ryml_parse" in results:
        print("\nrapidyaml (parse and convert to Python) against the C loader:")
        for n in sizes:
            a, b = results["yaml_parse"].get(n), results["ryml_parse"].get(n)
            if a and b and a["seconds"]:
                print(f"  {n:>6,} bodies: "
                      f"{float(b['seconds'] or 0) / float(a['seconds']):.2f}x time, "
                      f"{float(b['peak_mb'] or 0) / float(a['peak_mb'] or 1):.2f}x memory")
    _targets(results)
    over = [(step, n, cell["peak_mb"]) for step, cells in results.items()
            for n, cell in cells.items() if float(cell["peak_mb"] or 0) > 3 * 1024]
    for step, n, mb in over:
        print(f"\nOver 3 GB: {LABELS.get(step, step)} at {n:,} bodies ({mb:.0f} MB)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


#: Issue 18's time targets at 10,000 bodies on an idle machine: step -> seconds.
TARGETS_10K = {"report": 3.0, "scenario": 5.0, "html": 3.0}


def _targets(results: dict[str, dict[int, dict[str, float | None]]]) -> None:
    """Each time target at 10,000 bodies, met or not, with the run's own floor beside it
    (``json.loads`` of the same landscape), so a run on a busy machine can be read as a
    ratio: on an idle machine the floor is about 0.5 s at 10,000 bodies."""
    n = 10_000
    rows = [(step, results[step][n]) for step in TARGETS_10K
            if step in results and n in results[step]]
    if not rows:
        return
    floor = results.get("json_parse", {}).get(n)
    floor_s = float(floor["seconds"] or 0) if floor else 0.0
    print("\nTime targets at 10,000 bodies (issue 18; for an idle machine):")
    for step, cell in rows:
        seconds, target = float(cell["seconds"] or 0), TARGETS_10K[step]
        ratio = f", {seconds / floor_s:.1f}x the json.loads floor ({floor_s:.2f} s)" \
            if floor_s else ""
        print(f"  {LABELS.get(step, step)}: {seconds:.2f} s against {target:.0f} s, "
              f"{'met' if seconds < target else 'NOT met'}{ratio}")


if __name__ == "__main__":
    main()
