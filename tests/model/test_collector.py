"""Loading runs with the cyclic garbage collector paused, and turns it back on."""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest

from govmap.model import load
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
    import weakref

    from govmap.cli import main

    try:
        assert main(command) == 0
        assert json.loads(capsys.readouterr().out)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # the result was settled

        class Node:
            other: Any = None

        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
