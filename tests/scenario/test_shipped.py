"""The scenarios shipped in data/scenarios/ against the embedded Wales data.

These depend on the embedded data (data/*.yaml): a scenario names real ids, so a change to
the data can break one; the message says which operation and why.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from govmap.citations import DEFAULT_SEEDS
from govmap.model.landscape import Landscape
from govmap.model.load import DATA_DIR, load
from govmap.scenario.apply import dangling_references, run
from govmap.scenario.briefing import briefing
from govmap.scenario.diff import diff
from govmap.scenario.format import read_scenario

SHIPPED = sorted((DATA_DIR / "scenarios").glob("*.yaml"))
SEEDS = DEFAULT_SEEDS


@pytest.fixture(scope="module")
def wales() -> Landscape:
    return load()


def test_there_are_shipped_scenarios() -> None:
    assert len(SHIPPED) >= 6


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_applies_and_briefs_in_names(path: Path, wales: Landscape) -> None:
    scenario, problems = read_scenario(path)
    assert scenario is not None, problems
    started = time.perf_counter()
    after, problems = run(wales, scenario)
    assert after is not None, "\n".join(map(str, problems))
    before = wales.as_at(scenario.date)
    text = briefing(diff(before, after), scenario)
    elapsed = time.perf_counter() - started  # reported, not asserted (see docs/scenarios.md)
    print(f"{path.stem}: applied, diffed and briefed in {elapsed:.2f}s")
    assert dangling_references(after) == []
    ids = {e.id for land in (before, after) for e in land.entities()}
    found = {i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)}
    assert found == set(), f"raw ids in the briefing: {sorted(found)}"
    assert "## What the scenario does" in text and "In short:" in text


def test_a_shipped_scenario_warns_that_a_duty_loses_its_home(wales: Landscape) -> None:
    scenario, _ = read_scenario(DATA_DIR / "scenarios" / "drop-csps-without-handover.yaml")
    assert scenario is not None
    after, _ = run(wales, scenario)
    assert after is not None
    text = briefing(diff(wales.as_at(scenario.date), after), scenario)
    warnings = text.split("## Warnings", 1)[1].split("\n## ", 1)[0]
    # 18 CSPs go; two of them cover two council areas each (Conwy and Denbighshire,
    # Gwynedd and Anglesey): 20 areas
    assert "loses its home** in 20 areas" in warnings


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed documents are not on this machine")
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_sources_point_at_real_lines(path: Path) -> None:
    scenario, _ = read_scenario(path)
    assert scenario is not None
    for source in scenario.sources:
        match = re.fullmatch(r"(\S+\.txt):L(\d+)(?:-(\d+))?", source)
        if not match:
            continue
        lines = (SEEDS / match[1]).read_text(encoding="utf-8").splitlines()
        first, last = int(match[2]), int(match[3] or match[2])
        assert 1 <= first <= last <= len(lines), source
        assert "".join(lines[first - 1:last]).strip(), f"{source} is a blank line"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_no_finding_reads_as_both_closed_and_opened(path: Path, wales: Landscape) -> None:
    # findings are matched by identity: one whose numbers moved is changed, not both
    scenario, _ = read_scenario(path)
    assert scenario is not None
    after, _ = run(wales, scenario)
    assert after is not None
    change = diff(wales.as_at(scenario.date), after).metrics
    assert change is not None
    closed = {f.message for f in change.findings_resolved}
    opened = {f.message for f in change.findings_introduced}
    assert closed.isdisjoint(opened)
    lists = [{f.identity for f in change.findings_resolved},
             {f.identity for f in change.findings_introduced},
             {f.identity for f in change.findings_changed}]
    assert sum(map(len, lists)) == len(set().union(*lists))


def test_merging_csps_changes_the_police_seat_finding(wales: Landscape) -> None:
    # South Wales Police keeps sitting on local boards across its area after the mergers:
    # the same finding, on fewer boards, not one closed and another opened
    scenario, _ = read_scenario(DATA_DIR / "scenarios" / "csp-mergers-22-to-19.yaml")
    assert scenario is not None
    after, _ = run(wales, scenario)
    assert after is not None
    change = diff(wales.as_at(scenario.date), after).metrics
    assert change is not None
    [item] = [c for c in change.findings_changed
              if c.identity == "parallel-seats/police-south-wales/local"]
    fields = {f: (a, b) for f, a, b in item.changes}
    before, after_bodies = fields["bodies"]
    assert set(after_bodies) < set(before)  # the merged-away CSPs are gone, nothing added
    assert {"csp-merthyr-tydfil", "csp-rhondda-cynon-taf"} <= set(before) - set(after_bodies)
    text = briefing(diff(wales.as_at(scenario.date), after), scenario)
    assert "- Changed (" in text
