"""Community-safety arrangements: how each council area organised community safety.

The 2017 review found three patterns where Public Services Boards took on community safety
(004 L3413-3421): stand-alone CSPs retained; the CSP transitioned into a 'safer' themed board
within the PSB's structure (here *PSB absorbed the CSP*); or a hybrid, a separate CSP with a
reporting mechanism linked to the PSB; before
PSBs, CSPs sat under Local Service Boards "in many areas" (004 L3383-3387).

Measures
--------
- :func:`area_arrangements`: every council area's arrangement on a date, stated where an
  ``arrangements`` fact covers it, otherwise derived from that day's bodies, lines and
  duty assignments (and the row says which).
- :func:`arrangement_counts`: how many areas had each arrangement, on each of some dates.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from govmap.metrics.common import Row, body_areas, footprint_areas, names, sorted_by_name
from govmap.model import vocab
from govmap.model.entities import Arrangement, Body
from govmap.model.landscape import Landscape

#: How each arrangement reads in a table.
LABELS = {
    "psb_absorbed_csp": "PSB absorbed the CSP (a themed board within the PSB)",
    "csp_separate": "Stand-alone CSP beside the PSB",
    "hybrid": "Hybrid: a separate CSP reporting to the PSB",
    "csp_under_lsb": "CSP under the LSB",
    "csp_only": "CSP only",
    "not_known": "Not known (the sources do not say)",
    "other": "Other",
    None: "Not known",
}

CSP_KINDS = frozenset({"community_safety_partnership"})
PSB_KINDS = frozenset({"public_services_board"})
LSB_KINDS = frozenset({"local_service_board"})


class _Covering:
    """The bodies of some kinds covering each area, the most local first (a council's own
    PSB before a joint one); indexed once per view instead of scanning every body per area."""

    def __init__(self, landscape: Landscape) -> None:
        self.by_area: dict[tuple[str, str], list[Body]] = {}
        wanted = CSP_KINDS | PSB_KINDS | LSB_KINDS
        for body in landscape.bodies.values():
            if body.kind in wanted:
                for area in body_areas(landscape, body.id):
                    self.by_area.setdefault((body.kind, area), []).append(body)
        self.sizes = {b.id: len(body_areas(landscape, b.id))
                      for found in self.by_area.values() for b in found}

    def __call__(self, area: str, kinds: frozenset[str]) -> list[Body]:
        found = [b for kind in sorted(kinds) for b in self.by_area.get((kind, area), ())]
        return sorted(found, key=lambda b: (self.sizes[b.id], b.name.lower(), b.id))


def _community_safety_duties(landscape: Landscape) -> set[str]:
    """Duties that CSPs discharge somewhere in the view (the Crime and Disorder Act ones)."""
    return {d.duty for b in landscape.bodies.values() if b.kind in CSP_KINDS
            for d in b.discharges}


def _derive(landscape: Landscape, area: str, cs_duties: set[str], covering: _Covering) -> Row:
    csps = covering(area, CSP_KINDS)
    psbs = covering(area, PSB_KINDS)
    board = psbs[0] if psbs else None
    lsbs = covering(area, LSB_KINDS) if board is None else []
    if board is None and lsbs:
        board = lsbs[0]
    term: str | None
    if not csps:
        takes_on = board is not None and (
            "community_safety" in board.themes
            or any(d.duty in cs_duties for d in board.discharges))
        if board is not None and board.kind in PSB_KINDS and takes_on:
            term = "psb_absorbed_csp"
            reason = f"no CSP covers the area and {board.name} takes on community safety"
        else:
            term = None
            reason = "no CSP covers the area and no board takes on community safety"
    else:
        csp = csps[0]
        to_board = {line.type for line in csp.reporting_lines
                    if board is not None and line.target == board.id}
        if board is None:
            term = "csp_only"
            reason = f"{csp.name} with no PSB or LSB"
        elif "sub_group_of" in to_board and board.kind in PSB_KINDS:
            term = "psb_absorbed_csp"
            reason = f"{csp.name} is a sub-group of {board.name}, within its structure"
        elif "sub_group_of" in to_board:
            term = "csp_under_lsb"
            reason = f"{csp.name} is a sub-group of {board.name}"
        elif to_board and board.kind in PSB_KINDS:
            term = "hybrid"
            kind = "answers" if "accountable_to" in to_board else "reports"
            reason = f"{csp.name} is a separate partnership that {kind} to {board.name}"
        elif board.kind in PSB_KINDS:
            term = "csp_separate"
            reason = f"{csp.name} has no reporting line to {board.name}"
        else:
            term = "csp_only"
            reason = f"{csp.name} has no sub-group line to {board.name}"
    csp_ids = sorted_by_name(landscape, [c.id for c in csps])
    # a pattern read from a line that is there is derived; one read from a line that is
    # missing (or a board that is absent) only inferred: the data may simply lack it
    confidence = None if term is None else (
        "derived" if term in ("hybrid", "csp_under_lsb", "psb_absorbed_csp") else "inferred")
    return {
        "arrangement": term, "basis": "derived", "reason": reason,
        "board": board.id if board else None,
        "board_name": board.name if board else None,
        "csps": csp_ids, "csp_names": names(landscape, csp_ids),
        "confidence": confidence, "sources": [],
    }


def _stated(landscape: Landscape, item: Arrangement) -> Row:
    board = item.psb if item.psb in landscape.bodies else None
    csps = [item.csp] if item.csp is not None and item.csp in landscape.bodies else []
    return {
        "arrangement": item.arrangement, "basis": "stated",
        "reason": item.notes or f"stated by {item.id}",
        "board": board, "board_name": landscape.name_of(board) if board else None,
        "csps": csps, "csp_names": names(landscape, csps),
        "confidence": item.confidence, "sources": list(item.sources),
    }


def area_arrangements(landscape: Landscape, on: dt.date | None = None) -> list[Row]:
    """Every council area's community-safety arrangement on a day.

    Parameters
    ----------
    landscape : Landscape
        A dated view, or the whole history with ``on`` given.
    on : date, optional
        The day; defaults to the view's date (or today for an undated landscape).

    Returns
    -------
    list of dict
        One row per council area active that day, by name: ``area``, ``area_name``,
        ``arrangement`` (a term of the arrangements vocabulary, or None when it cannot be
        told), ``arrangement_label``, ``basis`` (``stated`` when an ``arrangements`` fact
        covers the area that day, else ``derived``), ``reason`` (the fact's notes, or how
        it was derived), ``board`` and ``board_name`` (the PSB, or LSB, concerned),
        ``csps`` and ``csp_names``, ``confidence`` and ``sources``.

    Notes
    -----
    A stated arrangement covers every area of its footprint; where several cover an area,
    the one with the smallest footprint wins. Otherwise the arrangement is derived from
    the bodies covering the area that day: the most local PSB (or, before PSBs, LSB) and
    the CSPs. No CSP and a PSB that takes on community safety (the theme, or a duty CSPs
    discharge), or a CSP that is a ``sub_group_of`` the PSB (the review's themed board within
    the PSB's structure): *PSB absorbed the CSP*; a CSP that is a sub-group of the LSB:
    *CSP under the LSB*. A CSP that ``reports_to`` or is ``accountable_to`` the PSB without
    being its sub-group: *hybrid* (the review's separate CSP with a reporting mechanism
    linked to the PSB). A CSP beside a PSB with no line to it: *CSP separate*. A CSP with
    no board: *CSP only*. A pattern read from a line that is there or a duty the PSB holds
    has confidence ``derived``; one read from a line or board that is missing (separate,
    CSP only) only ``inferred``.

    Examples
    --------
    In 2017 a Cardiff CSP with no line to the Cardiff PSB: ``csp_separate``, inferred,
    "Cardiff CSP has no reporting line to Cardiff PSB".
    """
    day = on or landscape.as_at_date or dt.date.today()
    view = landscape if landscape.as_at_date == day else landscape.as_at(day)
    councils = {a: fid for fid, f in view.footprints.items() if f.family == "local_authority"
                and len(f.areas) == 1 for a in f.areas}
    stated: dict[str, Arrangement] = {}
    for item in sorted(view.arrangements.values(),
                       key=lambda a: -len(footprint_areas(view, a.footprint))):
        for area in footprint_areas(view, item.footprint):
            stated[area] = item  # smaller footprints overwrite larger ones
    cs_duties = _community_safety_duties(view)
    covering = _Covering(view)
    rows: list[Row] = []
    for area_id in sorted_by_name(view, [a for a in view.areas if a in councils]):
        row = (_stated(view, stated[area_id]) if area_id in stated
               else _derive(view, area_id, cs_duties, covering))
        rows.append({"area": area_id, "area_name": view.name_of(area_id),
                     "arrangement_label": LABELS.get(row["arrangement"], "Other"), **row})
    return rows


def arrangement_counts(landscape: Landscape, days: Iterable[dt.date]) -> list[Row]:
    """How many council areas had each arrangement, on each day.

    Returns
    -------
    list of dict
        One row per day: ``date`` (ISO), ``areas`` (how many council areas), ``stated``
        (how many rows are stated rather than derived), and one count per arrangement
        term (``psb_absorbed_csp``, ..., ``other``) plus ``unknown``.
    """
    out: list[Row] = []
    for day in days:
        rows = area_arrangements(landscape, day)
        counts: Counter[str | None] = Counter(r["arrangement"] for r in rows)
        row: Row = {"date": day.isoformat(), "areas": len(rows),
                    "stated": sum(r["basis"] == "stated" for r in rows)}
        for term in vocab.ARRANGEMENTS:
            row[term] = counts.get(term, 0)
        row["unknown"] = counts.get(None, 0)
        out.append(row)
    return out


def summary(rows: Sequence[Row]) -> list[tuple[str, int]]:
    """``(label, count)`` for the arrangements in some rows, most common first."""
    counts = Counter(r["arrangement_label"] for r in rows)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
