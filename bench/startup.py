"""How long the command line takes to start: ``python bench/startup.py`` (or ``python -m
bench.startup``).

Each command runs ``--runs`` times in a fresh interpreter; the table shows the fastest and
the median wall time, and each as a multiple of ``python -c "import yaml"`` measured in the
same run, the floor below which no govmap command can start (Python itself and the YAML
library every command that reads a landscape needs). On a busy machine the seconds move,
the ratios much less. Targets (issue 12): ``govmap --help`` under 0.3 s and ``govmap
validate`` on the embedded Wales data under 1.5 s, on an idle machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: label -> command line (after the interpreter), and its target in seconds (None: none).
COMMANDS: dict[str, tuple[list[str], float | None]] = {
    'python -c "pass"': (["-c", "pass"], None),
    'python -c "import yaml"  (the floor)': (["-c", "import yaml"], None),
    "govmap --help": (["-m", "govmap", "--help"], 0.3),
    "govmap report --help": (["-m", "govmap", "report", "--help"], None),
    "govmap validate  (Wales data)": (["-m", "govmap", "validate"], 1.5),
    "govmap summary  (Wales data)": (["-m", "govmap", "summary"], None),
}
FLOOR = 'python -c "import yaml"  (the floor)'


def time_once(argv: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    subprocess.run([sys.executable, *argv], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (default 7)")
    args = parser.parse_args()
    times: dict[str, list[float]] = {label: [] for label in COMMANDS}
    for _ in range(args.runs):  # interleaved, so that a burst of load hits every command
        for label, (argv, _target) in COMMANDS.items():
            times[label].append(time_once(argv))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    floor_best, floor_median = min(times[FLOOR]), statistics.median(times[FLOOR])
    print(f"Start-up, {args.runs} runs each, {os.cpu_count()} cores, load average "
          f"{load:.2f} at the end (python {sys.version.split()[0]})\n")
    print("| command | fastest | median | fastest / floor | median / floor | target |")
    print("|---|---|---|---|---|---|")
    for label, (_argv, target) in COMMANDS.items():
        best, median = min(times[label]), statistics.median(times[label])
        verdict = "" if target is None else (
            f"< {target} s: {'met' if best < target else 'NOT met'} (fastest)")
        print(f"| `{label}` | {best:.3f} s | {median:.3f} s | {best / floor_best:.1f}x | "
              f"{median / floor_median:.1f}x | {verdict} |")


if __name__ == "__main__":
    main()
