"""govmap.synth: deterministic, realistic, valid landscapes of any size."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govmap.model.load import check
from govmap.synth import generate, write_yaml


def test_same_seed_same_landscape_and_exact_size() -> None:
    first = generate(300, seed=7)
    assert first == generate(300, seed=7)
    assert first != generate(300, seed=8)
    assert len(first.bodies) == 300


def test_about_ten_memberships_per_body() -> None:
    landscape = generate(1000, seed=1)
    memberships = sum(len(b.members) for b in landscape.bodies.values())
    assert 7_000 <= memberships <= 13_000


def test_every_level_and_dated_changes_are_present() -> None:
    landscape = generate(1000, seed=1)
    assert {b.level for b in landscape.bodies.values()} == {
        "national", "regional", "local", "sub_local"}
    ended = [b for b in landscape.bodies.values() if b.end_date is not None]
    assert 50 <= len(ended) <= 150
    assert len(landscape.as_at(dt.date(2030, 1, 1)).bodies) == 1000 - len(ended)


def test_families_both_nest_and_straddle() -> None:
    landscape = generate(1000, seed=1)
    by_family: dict[str, list[frozenset[str]]] = {}
    for footprint in landscape.footprints.values():
        by_family.setdefault(footprint.family, []).append(frozenset(footprint.areas))
    police, health = by_family["police_force_area"], by_family["health_board_area"]
    straddles = [h for h in health for p in police if h & p and not (h <= p or p <= h)]
    nested = [h for h in health for p in police if h <= p]
    assert straddles and nested


def test_written_yaml_loads_back_to_the_same_landscape(tmp_path: Path) -> None:
    landscape = generate(200, seed=2)
    files = write_yaml(landscape, tmp_path, files=3)
    assert len(files) == 4
    result = check([tmp_path], strict=True)
    assert result.ok, result.problems[:5]
    assert result.landscape == landscape
