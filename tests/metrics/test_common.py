"""Shared helpers: the Jaccard index, name lists, sentences."""

from __future__ import annotations

import gc

from govmap.metrics.common import and_list, jaccard, label, paused_gc, plural


def test_jaccard() -> None:
    assert jaccard({"a", "b"}, {"b", "c"}) == 1 / 3
    assert jaccard({"a"}, {"a"}) == 1.0
    assert jaccard(set(), set()) == 0.0


def test_sentences() -> None:
    assert and_list(["Cardiff"]) == "Cardiff"
    assert and_list(["Cardiff", "Newport", "Vale"]) == "Cardiff, Newport and Vale"
    assert and_list(["a", "b", "c", "d"], limit=2) == "a, b and 2 others"
    assert and_list([]) == "none"
    assert plural(1, "body", "bodies") == "1 body" and plural(3, "body", "bodies") == "3 bodies"
    assert label("anti_social_behaviour") == "anti-social behaviour"
    assert label("community_safety") == "community safety"


def test_paused_gc_restores_the_collector() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
