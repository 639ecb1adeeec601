"""The report: every metric table and every finding about a landscape, as at a date.

:func:`build_report` runs the metrics of :mod:`govmap.metrics` once and gathers their
tables and findings in a :class:`Report`. :meth:`Report.to_dict` is the JSON shape
documented in ``docs/metrics.md``; :mod:`govmap.report_format` turns a report into
Markdown, CSV files or an XLSX workbook.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from govmap import jsontext
from govmap.metrics import (
    accountability,
    arrangements,
    duplication,
    duties,
    footprints,
    provenance,
    seats,
)
from govmap.metrics.common import Row, paused_gc
from govmap.metrics.findings import CODES, SEVERITIES, Finding, sort_findings
from govmap.model import vocab
from govmap.model.landscape import Landscape
from govmap.report_tables import TABLES as TABLES

_DIGITS = 6


@dataclass(frozen=True)
class Listing:
    """The rows of a table that meet its finding's definition, for a list shown to people.

    ``rows`` meet the definition (ranked as the table is); ``checked`` is how many rows
    were examined, so ``passed`` (checked minus listed) did not meet it. Analysts' formats
    (JSON, CSV, XLSX) keep every row; Markdown, HTML and the explorer show a listing.
    """

    table: str
    code: str
    rows: list[Row]
    checked: int

    @property
    def passed(self) -> int:
        return self.checked - len(self.rows)

    def passed_line(self) -> str:
        """``"12 others checked and passed."`` (empty when none did)."""
        if not self.passed:
            return ""
        what = "other" if self.passed == 1 else "others"
        return f"{self.passed} {what} checked and passed."


def _is_likely_duplicate(row: Row) -> bool:
    return bool(row["score"] >= duplication.LIKELY_DUPLICATE and duplication.counted(row))


#: The tables shown to people as lists of findings: the finding code whose definition a
#: row must meet, which rows count as checked, and which meet the definition.
LISTINGS: Mapping[str, tuple[str, Any, Any]] = {
    "body_alignment": ("cuts-across", lambda r: True, lambda r: bool(r["cuts_across"])),
    "duplicate_pairs": ("likely-duplicate",
                        duplication.counted,
                        _is_likely_duplicate),
    "parallel_seats": ("parallel-seats", lambda r: True,
                       lambda r: r["footprints"] >= seats.PARALLEL_SEATS),
    "straddles": ("straddle", lambda r: r["a_family"] != r["b_family"], lambda r: True),
}


@dataclass(frozen=True)
class Report:
    """Every table and finding about a landscape as at a date.

    Each table attribute is a list of flat rows (dicts whose values are scalars or lists
    of strings) with names beside ids; see :data:`TABLES` and ``docs/metrics.md``.
    """

    as_at: str | None
    summary: Mapping[str, Any]
    footprint_relations: list[Row]
    straddles: list[Row]
    family_coterminosity: list[Row]
    area_complexity: list[Row]
    body_alignment: list[Row]
    theme_coverage: list[Row]
    duplicate_pairs: list[Row]
    seat_load: list[Row]
    parallel_seats: list[Row]
    brokers: list[Row]
    duty_coverage: list[Row]
    line_of_sight: list[Row]
    findings: tuple[Finding, ...] = field(default=())
    area_arrangements: list[Row] = field(default_factory=list)
    fact_confidence: list[Row] = field(default_factory=list)
    #: The name of every id a finding mentions (not part of the JSON: rows carry names).
    names: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def table(self, name: str) -> list[Row]:
        """One table by name (a key of :data:`TABLES`, or ``findings`` as rows)."""
        if name == "findings":
            return self.finding_rows()
        if name not in TABLES:
            raise KeyError(f"no table '{name}'; the tables are {', '.join(TABLES)}")
        rows: list[Row] = getattr(self, name)
        return rows

    def listing(self, name: str) -> Listing:
        """The rows of table ``name`` (a key of :data:`LISTINGS`) that meet its finding's
        definition and threshold, and how many were checked."""
        if name not in LISTINGS:
            raise KeyError(f"no listing for '{name}'; listed tables are {', '.join(LISTINGS)}")
        code, candidate, meets = LISTINGS[name]
        checked = [row for row in self.table(name) if candidate(row)]
        return Listing(name, code, [row for row in checked if meets(row)], len(checked))

    def passed(self, code: str) -> int:
        """How many candidates for finding ``code`` were checked and did not meet it (0
        when the report does not count its candidates; see ``CHECKED``)."""
        checked = self.summary.get("checked", {}).get(code)
        if checked is None:
            return 0
        listed = int(self.summary["findings_by_code"].get(code, 0))
        return max(0, int(checked) - listed)

    def finding_rows(self, names: Mapping[str, str] | None = None) -> list[Row]:
        """The findings as flat rows: ``id`` (the finding's identity, stable across dates
        and scenarios), ``code``, ``severity``, ``subjects`` (the ids it concerns, e.g. to
        show on a network), ``subject_names``, ``message`` and ``evidence`` (JSON text)."""
        known = self.names if names is None else names
        return [{
            "id": f.identity,
            "code": f.code, "severity": f.severity, "subjects": list(f.subjects),
            "subject_names": [known.get(s, s) for s in f.subjects],
            "message": f.message,
            "evidence": json.dumps(f.evidence, ensure_ascii=False, sort_keys=True),
        } for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data: ``as_at``, ``summary``, one key per table, and
        ``findings`` (each with ``code``, ``severity``, ``subjects``, ``message`` and
        ``evidence``). Floats are rounded to 6 decimal places so reports diff cleanly."""
        data: dict[str, Any] = {"as_at": self.as_at, "summary": _rounded(self.summary)}
        for name in TABLES:
            table = getattr(self, name)
            data[name] = ([_rounded_row(row) for row in table] if type(table) is list
                          else _rounded(table))
        data["findings"] = [_rounded(f.to_dict()) for f in self.findings]
        return data


def _rounded_row(row: Any) -> Any:
    """A table row rounded: rows are flat (scalars and lists of strings), so lists of
    strings are copied whole and only nested values take the general path."""
    if type(row) is not dict:
        return _rounded(row)
    out = {}
    for key, value in row.items():
        kind = type(value)
        if kind is float:
            out[key] = round(value, _DIGITS)
        elif kind is list and (not value or type(value[0]) is str):
            out[key] = list(value) if all(type(v) is str for v in value) else _rounded(value)
        elif kind is dict or kind is list or kind is tuple:
            out[key] = _rounded(value)
        else:
            out[key] = value
    return out


def _rounded(value: Any) -> Any:
    """Round every float inside ``value``; concrete type checks first (this runs per cell)."""
    kind = type(value)
    if kind is float:
        return round(value, _DIGITS)
    if kind is dict:
        return {k: v if type(v) is str else _rounded(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [v if type(v) is str else _rounded(v) for v in value]
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if isinstance(value, float):
        return round(value, _DIGITS)
    if isinstance(value, Mapping):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def build_report(landscape: Landscape, on: dt.date | None = None) -> Report:
    """Compute every metric and finding on a landscape as at a date.

    Parameters
    ----------
    landscape : Landscape
        The landscape, usually undated (as loaded), so that history-based findings (a
        sub-group whose parent was dissolved) can look back.
    on : date, optional
        The day of the report: every metric uses ``landscape.as_at(on)``. Without it the
        landscape is used as given (already a dated view, or every date at once).

    Returns
    -------
    Report
        Every table of :data:`TABLES` and every finding, most severe first.
    """
    with paused_gc():
        return _build(landscape, on)


def update_report(before: Landscape, report: Report, after: Landscape) -> Report:
    """The report of ``after`` (a dated view, as :func:`build_report` without ``on``),
    given ``report``, the report of ``before``: what the two share is not worked out again.

    A scenario changes a few bodies of thousands. The duplicate pairs, the largest table,
    are kept for every pair of bodies the change left alone and worked out only for the
    bodies it touched (:func:`govmap.metrics.duplication.update_pairs`); the other
    measures are recomputed. The result equals ``build_report(after)``.
    """
    with paused_gc():
        pairs = duplication.update_pairs(before, report.duplicate_pairs, after,
                                         positive_only=True)
        return _build(after, None, pairs=pairs)


def reports_to_compare(before: Landscape, after: Landscape) -> tuple[Report, Report]:
    """The reports of a scenario's two sides (dated views, as :func:`update_report`), as
    far as comparing them needs: :func:`govmap.scenario.deltas.metrics_diff` finds
    between them exactly what it finds between ``build_report(before)`` and
    ``build_report(after)``. Not for showing: their duplicate-pair tables hold only the
    pairs that hold a body the change touched or removed
    (:func:`govmap.metrics.duplication.pairs_to_redo`), and their ``likely-duplicate``
    findings only those pairs'. Every other pair is the same row on both sides (113,000 of
    them at 10,000 bodies, most of a report's time); their totals are counted into both
    summaries (:func:`govmap.metrics.duplication.pair_counts`), so the summaries are whole.
    """
    with paused_gc():
        redo = duplication.pairs_to_redo(before, after)
        if redo is None:  # the areas changed: every pair is worked out again
            first = _build(before, None)
            return first, _build(after, None)
        touched = redo | (before.bodies.keys() - after.bodies.keys())
        others = duplication.pair_counts(before, touched)
        first = _build(before, None, others=others, pairs=duplication.duplicate_pairs(
            before, positive_only=True, touching=touched))
        second = _build(after, None, others=others, pairs=duplication.duplicate_pairs(
            after, positive_only=True, touching=redo))
        return first, second


def _build(landscape: Landscape, on: dt.date | None, *, pairs: list[Row] | None = None,
           others: tuple[int, int] = (0, 0)) -> Report:
    """The report; ``pairs`` when worked out already, and ``others``, the pairs left out
    of them (how many the report would count as candidates for ``likely-duplicate``, and
    how many it would list), when they are partial (:func:`reports_to_compare`)."""
    view = landscape.as_at(on) if on is not None else landscape
    day = on or landscape.as_at_date
    relations = footprints.footprint_relations(view)
    alignment = footprints.body_alignment(view)
    coverage = duplication.theme_coverage(view)
    if pairs is None:
        pairs = duplication.duplicate_pairs(view, positive_only=True)
    parallel = seats.parallel_seats(view)
    duty_rows = duties.duty_coverage(view)
    sight = accountability.line_of_sight(view)
    found = sort_findings([
        *footprints.findings(view, relations, alignment),
        *duplication.findings(view, coverage, pairs),
        *seats.findings(view, parallel),
        *duties.findings(view, duty_rows),
        *accountability.findings(view, history=landscape if on is not None else None,
                                 on=on, sight=sight),
    ])
    return Report(
        as_at=day.isoformat() if day else None,
        summary=_summary(view, found, _checked(view, relations, alignment, pairs, parallel,
                                              duty_rows, sight, others[0]), others[1]),
        footprint_relations=relations,
        straddles=footprints.straddles(relations),
        family_coterminosity=footprints.family_coterminosity(view, relations),
        area_complexity=footprints.area_complexity(view),
        body_alignment=alignment,
        theme_coverage=coverage,
        duplicate_pairs=pairs,
        seat_load=seats.seat_load(view, parallel),
        parallel_seats=parallel,
        brokers=seats.brokers(view),
        duty_coverage=duty_rows,
        line_of_sight=sight,
        area_arrangements=arrangements.area_arrangements(view, day) if day else [],
        fact_confidence=provenance.fact_confidence(view),
        findings=tuple(found),
        names={s: landscape.name_of(s) for s in sorted({s for f in found for s in f.subjects})},
    )


def _checked(view: Landscape, relations: list[Row], alignment: list[Row], pairs: list[Row],
             parallel: list[Row], duty_rows: list[Row], sight: list[Row],
             other_pairs: int = 0) -> dict[str, int]:
    """For each code of :data:`CHECKED`, how many candidates the report examined
    (``other_pairs``: candidate pairs examined beyond ``pairs``)."""
    bodies = sum(b.kind not in vocab.SOVEREIGN_KINDS and b.kind not in
                 accountability.FORUM_KINDS for b in view.bodies.values())
    assignments = sum(len({d.duty for d in b.discharges if d.duty in view.duties})
                      for b in view.bodies.values())
    counts = {
        "straddle": sum(r["a_family"] != r["b_family"] for r in relations),
        "cuts-across": len(alignment),
        "likely-duplicate": sum(duplication.counted(p) for p in pairs) + other_pairs,
        "parallel-seats": len({(r["organisation"], r["level"]) for r in parallel}),
        "duty-gap": len(duty_rows), "duty-duplication": len(duty_rows),
        "weaker-footing": len({(r["duty"], b) for r in duty_rows for b in r["bodies"]}),
        "non-statutory-discharge": assignments,
        "no-upward-line": bodies, "no-democratic-route": bodies,
        "too-many-masters": bodies, "no-scrutiny": bodies,
        "long-line-of-sight": sum(r["level"] in ("local", "sub_local") and r["depth"] is not None
                                  for r in sight),
    }
    return counts


def _summary(view: Landscape, found: list[Finding], checked: Mapping[str, int],
             other_duplicates: int = 0) -> dict[str, Any]:
    """The counts; ``other_duplicates``: likely-duplicate findings not in ``found``."""
    by_severity = Counter(f.severity for f in found)
    by_code = Counter(f.code for f in found)
    by_severity["medium"] += other_duplicates
    by_code["likely-duplicate"] += other_duplicates
    return {
        "areas": len(view.areas),
        "footprints": len(view.footprints),
        "organisations": len(view.organisations),
        "bodies": len(view.bodies),
        "duties": len(view.duties),
        "memberships": sum(len(b.members) for b in view.bodies.values()),
        "findings": len(found) + other_duplicates,
        "findings_by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
        "findings_by_code": {c: by_code[c] for c in CODES if by_code.get(c)},
        "checked": dict(checked),
    }


def to_json(report: Report) -> str:
    """The report as indented JSON text (see :meth:`Report.to_dict`), written by
    :func:`govmap.jsontext.dumps` (orjson: some floats are spelled differently from
    ``json.dumps``, the values are the same)."""
    with paused_gc():  # millions of new rows, no cycles: the collector would walk them again
        return jsontext.dumps(report.to_dict())
