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
from govmap.model.landscape import Landscape

#: The tables of a report, in the order they are shown, with what each row is.
TABLES: Mapping[str, str] = {
    "footprint_relations": "a pair of footprints that share at least one area",
    "straddles": "a pair of footprints that straddle each other",
    "family_coterminosity": "how cleanly one footprint family fits another",
    "area_complexity": "an area, with the groupings of neighbours its council works in",
    "body_alignment": "a body, with the member footprints it cuts across",
    "theme_coverage": "an area and a theme, with the bodies covering it by level",
    "duplicate_pairs": "a pair of bodies sharing a theme and an area, scored",
    "seat_load": "an organisation, with the bodies it sits on",
    "parallel_seats": "an organisation on same-theme boards in different footprints",
    "brokers": "an organisation, with its betweenness in the organisation-body network",
    "duty_coverage": "a duty and a unit it applies to, with the bodies discharging it",
    "line_of_sight": "a body, with its chain of upward lines to national level",
    "area_arrangements": "a council area, with its community-safety arrangement that day",
    "fact_confidence": "a confidence, with how many facts have it and how sure their dates are",
}

_DIGITS = 6


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

    def finding_rows(self, names: Mapping[str, str] | None = None) -> list[Row]:
        """The findings as flat rows: ``code``, ``severity``, ``subjects``,
        ``subject_names``, ``message`` and ``evidence`` (as JSON text)."""
        known = self.names if names is None else names
        return [{
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


def _build(landscape: Landscape, on: dt.date | None) -> Report:
    view = landscape.as_at(on) if on is not None else landscape
    day = on or landscape.as_at_date
    relations = footprints.footprint_relations(view)
    alignment = footprints.body_alignment(view)
    coverage = duplication.theme_coverage(view)
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
        summary=_summary(view, found),
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


def _summary(view: Landscape, found: list[Finding]) -> dict[str, Any]:
    by_severity = Counter(f.severity for f in found)
    by_code = Counter(f.code for f in found)
    return {
        "areas": len(view.areas),
        "footprints": len(view.footprints),
        "organisations": len(view.organisations),
        "bodies": len(view.bodies),
        "duties": len(view.duties),
        "memberships": sum(len(b.members) for b in view.bodies.values()),
        "findings": len(found),
        "findings_by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
        "findings_by_code": {c: by_code[c] for c in CODES if by_code.get(c)},
    }


def to_json(report: Report) -> str:
    """The report as indented JSON text (see :meth:`Report.to_dict`)."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
