"""The dates that matter in a landscape: the days bodies and organisations start or end.

The explorer's date control stops at these days (and steps by whole months), so that
someone looking for "when the Public Services Boards replaced the Local Service Boards"
lands on the day it happened rather than dragging a slider across twenty years.

An entity is active on day ``d`` when ``start_date <= d < end_date``
(:func:`govmap.model.dates.is_active`), so the landscape changes exactly on a start date
and on an end date; those are the stops.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from govmap.model.landscape import Landscape
from govmap.views.style import kind_label


@dataclass(frozen=True)
class Stop:
    """A day on which the landscape changes.

    Attributes
    ----------
    day : datetime.date
    started, ended : tuple of str
        Ids of the bodies and organisations that start, or end, that day.
    text : str
        The change in a few words: "22 start (public services board); 22 end (local
        service board)".
    """

    day: dt.date
    started: tuple[str, ...]
    ended: tuple[str, ...]
    text: str

    @property
    def size(self) -> int:
        """How many bodies and organisations start or end that day."""
        return len(self.started) + len(self.ended)


def _kinds(landscape: Landscape, ids: Sequence[str]) -> str:
    kinds = Counter(kind_label(getattr(landscape.actor(i), "kind", "other")) for i in ids)
    named = [k for k, _ in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))]
    text = ", ".join(named[:2])
    return text + (f" and {len(named) - 2} more kinds" if len(named) > 2 else "")


def stops(landscape: Landscape, *, minimum: int = 1) -> list[Stop]:
    """The days on which bodies or organisations start or end, earliest first.

    Parameters
    ----------
    landscape : Landscape
        The whole landscape (not a dated view: that has lost what ended).
    minimum : int
        Keep only days on which at least this many start or end.

    Returns
    -------
    list of Stop

    Examples
    --------
    >>> stops(Landscape())
    []
    """
    started: dict[dt.date, list[str]] = defaultdict(list)
    ended: dict[dt.date, list[str]] = defaultdict(list)
    for table in (landscape.bodies, landscape.organisations):
        for ident, item in table.items():
            if item.start_date is not None:
                started[item.start_date.first].append(ident)
            if item.end_date is not None:
                ended[item.end_date.first].append(ident)
    found = []
    for day in sorted(set(started) | set(ended)):
        up, down = sorted(started.get(day, [])), sorted(ended.get(day, []))
        if len(up) + len(down) < minimum:
            continue
        parts = []
        if up:
            parts.append(f"{len(up)} start ({_kinds(landscape, up)})")
        if down:
            parts.append(f"{len(down)} end ({_kinds(landscape, down)})")
        found.append(Stop(day, tuple(up), tuple(down), "; ".join(parts)))
    return found


def next_stop(days: Sequence[dt.date], day: dt.date, direction: int) -> dt.date | None:
    """The first of ``days`` after ``day`` (``direction=1``) or before it (``-1``).

    Examples
    --------
    >>> days = [dt.date(2016, 4, 1), dt.date(2019, 1, 1)]
    >>> next_stop(days, dt.date(2017, 6, 1), -1), next_stop(days, dt.date(2019, 1, 1), 1)
    (datetime.date(2016, 4, 1), None)
    """
    if direction > 0:
        return min((d for d in days if d > day), default=None)
    return max((d for d in days if d < day), default=None)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (earlier if negative), kept within
    the month: 31 January plus one month is 28 or 29 February.

    Examples
    --------
    >>> add_months(dt.date(2017, 1, 31), 1), add_months(dt.date(2017, 6, 1), -6)
    (datetime.date(2017, 2, 28), datetime.date(2016, 12, 1))
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))
