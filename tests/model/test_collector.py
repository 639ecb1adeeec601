"""Loading runs with the cyclic garbage collector paused, and turns it back on."""

from __future__ import annotations

import gc
import json
import weakref
from typing import Any

import pytest

from govmap.model import collector, load
from govmap.model.collector import paused
from govmap.model.load import check, check_bytes

from ..conftest import MINI, ROOT


def test_reading_and_checking_run_with_the_collector_off(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    states: dict[str, bool] = {}
    for name in ("read_file", "read_bytes", "_cross_check"):
        original = getattr(load, name)

        def spy(*args: Any, _name: str = name, _original: Any = original, **kwargs: Any
                ) -> Any:
            states[_name] = gc.isenabled()
            return _original(*args, **kwargs)

        monkeypatch.setattr(load, name, spy)
    assert check([MINI]).ok
    assert check_bytes([("a.yaml", (MINI / "footprints.yaml").read_bytes())]).ok
    assert states == {"read_file": False, "read_bytes": False, "_cross_check": False}
    assert gc.isenabled()


def test_the_collector_is_back_on_after_bad_input() -> None:
    result = check_bytes([("bad.yaml", b"bodies: [\n")])
    assert not result.ok
    assert gc.isenabled()


def test_the_collector_is_back_on_after_an_exception() -> None:
    with pytest.raises(RuntimeError), paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_nested_pauses_end_with_the_outer_one() -> None:
    with paused():
        with paused():
            pass
        assert not gc.isenabled()
        check([MINI])
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_leaves_a_collector_that_was_off_off() -> None:
    gc.disable()
    try:
        check([MINI])
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("command", [
    ["report", str(MINI), "--as-at", "2017-06-01", "--format", "json"],
    ["scenario", str(ROOT / "data" / "scenarios" / "regional-csps.yaml"), "--format", "json"],
])
def test_a_command_that_settles_its_result_leaves_the_collector_working(
        command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """`govmap report` and `govmap scenario` freeze what they built (so the collector
    does not walk it again); afterwards the collector is on and still frees new cycles."""
    from govmap.cli import main

    try:
        assert main(command) == 0
        assert json.loads(capsys.readouterr().out)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # the result was settled
        gone = _dropped_cycle()
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()


class _Node:
    """A container that can sit in a reference cycle (and be weakly referenced)."""

    other: Any = None


def _dropped_cycle() -> weakref.ref[_Node]:
    """Make two nodes that point at each other, drop them, and return a weak reference to
    one: it dies only when the collector frees the cycle."""
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_cycles_made_during_a_pause_are_still_freed_after_it() -> None:
    # what outlives a pause moves to the collector's oldest generation (no walk of the
    # youngest when the pause ends); a cycle that becomes garbage must still be freed
    with paused():
        gone = _dropped_cycle()
    gc.collect()
    assert gone() is None


def test_what_a_pause_built_goes_straight_to_the_oldest_generation(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the first allocation after a pause would otherwise walk everything it built
    # (0.4 s after a report at 10,000 bodies)
    gc.unfreeze()  # an earlier test's in-process command may have settled (frozen) objects
    monkeypatch.setattr(collector, "_settled", False)
    with paused():
        kept = [[i] for i in range(1_000)]
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(row) in oldest for row in kept)
    assert gc.isenabled()


def test_a_pause_after_a_command_settled_leaves_what_it_froze_frozen(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # govmap report settles (freezes) its report so the collector never walks it; a later
    # pause (writing the output) must not hand it back to the collector
    monkeypatch.setattr(collector, "_settled", False)
    try:
        with paused():
            kept = [[i] for i in range(1_000)]
            collector.settle()
        frozen = gc.get_freeze_count()
        with paused():
            pass
        assert gc.get_freeze_count() == frozen >= len(kept)
    finally:
        gc.unfreeze()
