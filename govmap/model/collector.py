"""Pause Python's cyclic garbage collector while a landscape is read, checked and built.

Loading a landscape of 10,000 bodies allocates millions of small objects (parsed values,
validated models, indexes) that form no reference cycles and all live on. With the
collector running, every few hundred allocations it walks the young objects, and every
so often all of them: measured on the synthetic landscapes, that was most of the time a
load took. Reference counting still frees everything that is dropped; the collector is
turned back on afterwards if it was on, and runs at its next threshold as usual.

The pause is counted, so nested or concurrent pauses (the explorer loads in threads)
turn the collector back on only when the last one ends, and only if a pause turned it off.

When the last pause ends, what it built is still in the collector's youngest generation:
the first allocation afterwards would start a collection that walks all of it (0.4 s after
a report at 10,000 bodies). What outlives a pause is what the pause was for (a landscape,
a report), so it is moved straight into the oldest generation instead (see
:func:`_promote`), where the collector looks only at its occasional full collections.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_lock = threading.Lock()
_depth = 0
_turned_off = False
_settled = False  # settle() froze objects on purpose: leave the generations alone


@contextmanager
def paused() -> Iterator[None]:
    """Run the body with the cyclic collector off; restore it when the last pause ends."""
    global _depth, _turned_off
    with _lock:
        if _depth == 0 and gc.isenabled():
            gc.disable()
            _turned_off = True
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _turned_off:
                _turned_off = False
                _promote()
                gc.enable()


def _promote() -> None:
    """Move every object the collector tracks into its oldest generation, without a walk.

    :func:`gc.freeze` moves them all out of the collector's reach (and empties the
    youngest generation's count); :func:`gc.unfreeze` puts them back, into the oldest
    generation. Nothing is lost: a reference cycle among them that becomes garbage is
    freed at the next full collection (or :func:`gc.collect`), as if it had aged there.
    Skipped once anything was frozen on purpose (:func:`settle`), which unfreezing
    would undo.
    """
    if not _settled:  # a flag: gc.get_freeze_count() walks everything frozen
        gc.freeze()
        gc.unfreeze()


def collector_paused(function: Callable[P, R]) -> Callable[P, R]:
    """Decorate a function so that it runs inside :func:`paused`."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return function(*args, **kwargs)

    return wrapper


def settle() -> None:
    """Tell the collector that everything alive now stays alive until the process ends.

    For a command that has built what it keeps until it exits (a loaded landscape, a
    report of millions of rows). Everything allocated while the collector was paused is
    in its youngest generation, so the first collection after the pause walks all of it,
    and later ones walk it again as it is promoted (together about a second at 10,000
    bodies, paid on the allocations that follow, e.g. while the report is formatted).
    Called inside :func:`paused`, before the collector is turned back on,
    :func:`gc.freeze` moves it out of the collector's reach; what is allocated afterwards
    is collected as usual. Only for short-lived commands: a long-running process (the
    explorer) would keep for ever any cyclic garbage alive at this moment, and any cycle
    through what was frozen, so the library never calls it.
    """
    global _settled
    _settled = True
    gc.freeze()
