"""The change in every measure of the report between two landscapes.

Works on the plain data of two reports (``Report.to_dict()`` of :mod:`govmap.report`), so
the comparison does not depend on how each measure is computed, only on its table:

seats
    For each organisation, its seat load before and after (``seat_load``): who gains and
    who loses meetings. Only organisations whose load changed are listed.
duplicate pairs
    A pair of bodies scored as duplicating each other (``duplicate_pairs``) is *resolved*
    when it is listed before and not after (one of them merged or gone, or they no longer
    overlap), and *introduced* in the reverse case. Pairs are unordered.
findings
    A finding (``findings``) is matched by its identity: its code and what it is about
    (its ``key``; see :class:`govmap.metrics.findings.Finding`), not by its sentence nor
    by every id it mentions. It is *closed* (``findings_resolved``) when no finding with
    that identity remains, *opened* (``findings_introduced``) when it is new, and
    *changed* (``findings_changed``) when it is on both sides with different evidence,
    severity or sentence: each changed evidence field is listed with its value before and
    after. One identity is in at most one of the three lists.
duty coverage gaps
    A unit of a duty's footprint family with no body to discharge the duty
    (``duty_coverage`` rows whose ``bodies`` list is empty) is a gap; a gap is *opened*
    when that unit had a body before and has none after, and *closed* in the reverse case.
every other table
    (``area_complexity``, ``family_coterminosity``, ``footprint_relations``,
    ``theme_coverage``, ``brokers``, and any table added later): rows are matched by their
    text fields and each number that changed is listed, with rows added and removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from itertools import chain
from operator import itemgetter
from typing import Any, TypeGuard

#: Report keys that are not measures.
_IGNORED = frozenset({"as_at", "schema_version", "generated", "title", "meta"})
#: Report keys handled specially.
_SPECIAL = frozenset({"seat_load", "duplicate_pairs", "findings", "duty_coverage"})


@dataclass(frozen=True)
class SeatLoad:
    """An organisation's seat load on each side (0 when it holds no seat)."""

    organisation: str
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class Pair:
    """Two bodies scored as duplicating each other."""

    a: str
    b: str
    score: float | None


@dataclass(frozen=True)
class FindingRow:
    """A finding as the report gives it."""

    code: str
    severity: str
    subjects: tuple[str, ...]
    message: str
    key: tuple[str, ...] = ()
    evidence: Mapping[str, Any] | None = None

    @property
    def identity(self) -> str:
        """The finding's identity (``code/key...``), as :attr:`Finding.identity`."""
        return "/".join((self.code, *(self.key or self.subjects)))


@dataclass(frozen=True)
class FindingChange:
    """A finding on both sides whose evidence, severity or sentence differs.

    ``changes`` holds ``(field, before, after)`` for the severity and each evidence field
    that differs (numbers rounded to :data:`DIGITS` places).
    """

    before: FindingRow
    after: FindingRow
    changes: tuple[tuple[str, Any, Any], ...]

    @property
    def identity(self) -> str:
        return self.after.identity

    @property
    def code(self) -> str:
        return self.after.code


@dataclass(frozen=True)
class Gap:
    """A unit (of the duty's footprint family) with no body discharging the duty."""

    duty: str
    unit: str


@dataclass(frozen=True)
class RowDelta:
    """A row of a table that was added, removed or changed."""

    status: str  # added, removed or changed
    key: tuple[tuple[str, Any], ...]
    changes: tuple[tuple[str, Any, Any], ...] = ()


@dataclass(frozen=True)
class TableDelta:
    """The rows of one report table that differ."""

    table: str
    rows: tuple[RowDelta, ...]


@dataclass(frozen=True)
class MetricsDiff:
    """The change in every measure of the report (see the module docstring)."""

    seats: tuple[SeatLoad, ...] = ()
    duplicates_resolved: tuple[Pair, ...] = ()
    duplicates_introduced: tuple[Pair, ...] = ()
    findings_resolved: tuple[FindingRow, ...] = ()
    findings_introduced: tuple[FindingRow, ...] = ()
    findings_changed: tuple[FindingChange, ...] = ()
    gaps_closed: tuple[Gap, ...] = ()
    gaps_opened: tuple[Gap, ...] = ()
    tables: tuple[TableDelta, ...] = ()

    def is_empty(self) -> bool:
        return not any(asdict(self).values())

    @property
    def findings_opened(self) -> tuple[FindingRow, ...]:
        """Findings present after and not before (another name for
        ``findings_introduced``)."""
        return self.findings_introduced

    @property
    def findings_closed(self) -> tuple[FindingRow, ...]:
        """Findings present before and not after (``findings_resolved``)."""
        return self.findings_resolved

    def table(self, name: str) -> TableDelta | None:
        return next((t for t in self.tables if t.table == name), None)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["seats"] = [{**asdict(s), "change": s.change} for s in self.seats]
        for name in ("findings_resolved", "findings_introduced"):
            data[name] = [{"id": f.identity, **asdict(f)} for f in getattr(self, name)]
        data["findings_changed"] = [
            {"id": c.identity, "before": asdict(c.before), "after": asdict(c.after),
             "changes": [list(change) for change in c.changes]}
            for c in self.findings_changed]
        return data


#: How the rows of each report table are matched (key fields) and what is compared.
TABLE_KEYS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "summary": (("measure",), ("value",)),
    "footprint_relations": (("a", "b"), ("relation", "jaccard")),
    "straddles": (("a", "b"), ("relation", "shared")),
    "family_coterminosity": (("x", "y"), ("share", "straddles")),
    "area_complexity": (("area",), ("bodies", "regional_footprints")),
    "body_alignment": (("body",), ("cuts_across", "outside")),
    "theme_coverage": (("area", "theme"), ("status", "bodies")),
    "parallel_seats": (("organisation", "theme", "level"), ("footprints",)),
    "brokers": (("organisation",), ("betweenness",)),
    "line_of_sight": (("body",), ("depth",)),
    "area_arrangements": (("area",), ("arrangement",)),
    "fact_confidence": (("confidence",), ("facts",)),
}


def _number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


#: Digits numbers are compared to (as ``Report.to_dict()`` rounds them).
DIGITS = 6


#: Types :func:`_frozen` gives back as they are.
_PLAIN = frozenset({str, int, bool, type(None)})


def _frozen(value: Any) -> Any:
    """A value as it is compared: numbers rounded to :data:`DIGITS`, lists as tuples and
    dicts as sorted items (so that it can be hashed), all the way down."""
    if type(value) is str:  # most values, and most keys: first, and as they are
        return value
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, list | tuple):
        if _PLAIN.issuperset(map(type, value)):  # a list of ids: one pass, not one call each
            return tuple(value)
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


def _flatten(data: Mapping[str, Any], prefix: str = "") -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            rows.extend(_flatten(value, f"{name}."))
        else:
            rows.append({"measure": name, "value": value})
    return rows


def _rows(table: Any) -> Sequence[dict[str, Any]]:
    """A table as rows: a list of mappings, or a mapping (flattened to measure/value rows).

    Rows are read, never changed: a table of dicts (as a report holds them) is given back
    as it is, found so in a pass of C (``isinstance(row, Mapping)`` costs more than the
    rest for a table of 100,000 rows).
    """
    if isinstance(table, Mapping):
        return _flatten(table)
    if isinstance(table, list | tuple):
        if {*map(type, table)} <= {dict}:
            return table
        return [dict(r) if isinstance(r, Mapping) else {"value": r} for r in table]
    return [{"value": table}]


def _shown(field: str) -> bool:
    return not field.endswith(("_name", "_names"))


def table_delta(name: str, before: Any, after: Any) -> TableDelta:
    """Rows that differ between two versions of a report table.

    Rows are matched by the key fields of :data:`TABLE_KEYS` (for a table not listed
    there: by its text fields) and compared on its value fields (by default: its numbers).
    Display-only fields (``..._name``, ``..._names``) are ignored.
    """
    if before is after:  # a table the report after kept as it was
        return TableDelta(name, ())
    left, right = _rows(before), _rows(after)
    if name in TABLE_KEYS:
        keys, values = (list(f) for f in TABLE_KEYS[name])
    else:
        fields: dict[str, None] = {}
        for row in (*left, *right):
            fields.update(dict.fromkeys(f for f in row if _shown(f)))
        values = [f for f in fields if all(_number(r.get(f)) or r.get(f) is None
                                           for r in (*left, *right))
                  and any(_number(r.get(f)) for r in (*left, *right))]
        keys = [f for f in fields if f not in values]
    a, b = _indexed(left, right, keys, values) or (
        _index(left, keys, values), _index(right, keys, values))
    deltas = []
    for key, found in a.items():
        other = b.get(key)
        if other is None:
            deltas.append(RowDelta("removed", (*zip(keys, key, strict=True),), tuple(
                (f, _frozen(v), None) for f, v in zip(values, found, strict=True))))
        elif other is not found and other != found:  # equal values round equal: most rows
            changes = _changed(values, found, other)
            if changes:
                deltas.append(RowDelta("changed", (*zip(keys, key, strict=True),), changes))
    for key, found in b.items():
        if key not in a:
            deltas.append(RowDelta("added", (*zip(keys, key, strict=True),), tuple(
                (f, None, _frozen(v)) for f, v in zip(values, found, strict=True))))
    # in the order of the keys' text (the rows listed are few, or as many as the
    # scenario changed: repr is fine)
    deltas.sort(key=lambda d: repr(d.key))
    return TableDelta(name, tuple(deltas))


#: A table indexed for :func:`table_delta`: the values of its key fields (as
#: :func:`_frozen` gives them) -> the values of its value fields, as they are.
_Index = dict[tuple[Any, ...], tuple[Any, ...]]


def _index(rows: Iterable[Mapping[str, Any]], keys: Sequence[str], values: Sequence[str]
           ) -> _Index:
    # a key kept is the first row's, with the values of the last row of that key
    return {tuple([_frozen(v) for v in map(r.get, keys)]): tuple(map(r.get, values))
            for r in rows}


def _indexed(left: Sequence[dict[str, Any]], right: Sequence[dict[str, Any]],
             keys: Sequence[str], values: Sequence[str]) -> tuple[_Index, _Index] | None:
    """:func:`_index` of each side in a pass of C, when every row holds every key and value
    field and the keys are text, whole numbers or None (what :func:`_frozen` leaves as it
    is); otherwise None."""
    if not keys:
        return None

    def index(rows: Sequence[dict[str, Any]]) -> _Index:
        by = zip(map(itemgetter(keys[0]), rows)) if len(keys) == 1 else map(
            itemgetter(*keys), rows)
        if not values:
            return dict.fromkeys(by, ())
        found = zip(map(itemgetter(values[0]), rows)) if len(values) == 1 else map(
            itemgetter(*values), rows)
        return dict(zip(by, found, strict=True))

    try:
        a, b = index(left), index(right)
    except (KeyError, TypeError):  # a field missing from a row, or a key that is a list
        return None
    # every key kept holding only what _frozen leaves as it is, two rows share a key here
    # exactly when their frozen keys are equal, and the key kept is the one _index keeps
    # (keys holding floats, which round, take the general path)
    if not _PLAIN.issuperset(map(type, chain.from_iterable(chain(a, b)))):
        return None
    return a, b


def _changed(values: Sequence[str], before: tuple[Any, ...], after: tuple[Any, ...]
             ) -> tuple[tuple[str, Any, Any], ...]:
    """``(field, before, after)`` for each value that differs, as :func:`_frozen` gives it."""
    changes = []
    for field, was, now in zip(values, before, after, strict=True):
        if was is now or was == now:
            continue  # equal values round equal (and a list of 1,000 ids costs)
        was, now = _frozen(was), _frozen(now)
        if was != now:
            changes.append((field, was, now))
    return tuple(changes)


def _seats(before: Any, after: Any) -> tuple[SeatLoad, ...]:
    def load(table: Any) -> dict[str, float]:
        out: dict[str, float] = {}
        for row in _rows(table):
            org, seats = row.get("organisation"), row.get("seats")
            if isinstance(org, str) and _number(seats):
                out[org] = round(float(seats), DIGITS)
        return out

    a, b = load(before), load(after)
    return tuple(SeatLoad(org, a.get(org, 0.0), b.get(org, 0.0))
                 for org in sorted(a.keys() | b.keys()) if a.get(org, 0.0) != b.get(org, 0.0))


def _pairs(table: Any) -> dict[tuple[str, str], Mapping[str, Any]]:
    """Pairs by their two ids in order (unordered pairs: (a, b) and (b, a) are one; a
    tuple, not a frozenset, so that the lists sort the same in every run), each with its
    row: a :class:`Pair` is made only for those listed (there are 100,000 pairs at 10,000
    bodies, and a scenario changes a few)."""
    rows = table if isinstance(table, list | tuple) else _rows(table)
    # every row a dict, as the report makes them: a pass of C, not 100,000 isinstance(row,
    # Mapping), which costs more than the rest of the loop
    dicts = {*map(type, rows)} <= {dict}
    out: dict[tuple[str, str], Mapping[str, Any]] = {}
    for row in rows:
        if not dicts and not isinstance(row, Mapping):
            continue  # a row that is not a mapping names no pair
        a, b = row.get("a"), row.get("b")
        if isinstance(a, str) and isinstance(b, str):
            out[(a, b) if a <= b else (b, a)] = row
    return out


def _pair(row: Mapping[str, Any]) -> Pair:
    score = row.get("score")
    return Pair(row["a"], row["b"], round(float(score), DIGITS) if _number(score) else None)


def _finding(row: Mapping[str, Any]) -> FindingRow:
    subjects = tuple(map(str, row.get("subjects") or ()))
    key = tuple(map(str, row.get("key") or ()))
    evidence = row.get("evidence")
    return FindingRow(str(row.get("code", "")), str(row.get("severity", "")), subjects,
                      str(row.get("message", "")), key,
                      dict(evidence) if isinstance(evidence, Mapping) else None)


def _findings(table: Any) -> dict[str, Mapping[str, Any]]:
    """Findings by identity (:attr:`FindingRow.identity`), each with its row: a
    :class:`FindingRow` is made only for those listed. A report without keys (an older
    JSON) falls back on the subjects; should two rows share an identity, the later one
    wins."""
    out: dict[str, Mapping[str, Any]] = {}
    for row in _rows(table):
        parts = [row.get("code", ""), *(row.get("key") or row.get("subjects") or ())]
        try:
            identity = "/".join(parts)
        except TypeError:  # not all text: as FindingRow has it
            identity = "/".join(map(str, parts))
        out[identity] = row
    return out


def _finding_changes(before: Mapping[str, Mapping[str, Any]],
                     after: Mapping[str, Mapping[str, Any]]) -> list[FindingChange]:
    changed: list[tuple[str, FindingChange]] = []
    for identity, row in before.items():
        other = after.get(identity)
        if other is None or other is row or other == row:
            continue  # equal rows make equal findings: most findings, at scale
        a, b = _finding(row), _finding(other)
        if a.severity == b.severity and a.message == b.message and a.evidence == b.evidence:
            continue
        changes: list[tuple[str, Any, Any]] = []
        if a.severity != b.severity:
            changes.append(("severity", a.severity, b.severity))
        left, right = a.evidence or {}, b.evidence or {}
        for field in sorted(left.keys() | right.keys()):
            was, now = left.get(field), right.get(field)
            if was is now or was == now:
                continue  # equal values round equal (and a list of 1,000 ids costs)
            was, now = _frozen(was), _frozen(now)
            if was != now:
                changes.append((field, was, now))
        if changes or a.message != b.message:
            changed.append((identity, FindingChange(a, b, tuple(changes))))
    changed.sort(key=_first)
    return [change for _, change in changed]


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]


def _coverage(table: Any) -> dict[tuple[str, str], bool]:
    """(duty, unit) -> whether some body discharges the duty there."""
    out: dict[tuple[str, str], bool] = {}
    for row in _rows(table):
        duty, unit = row.get("duty"), row.get("unit")
        if duty is None or unit is None:
            continue
        out[(str(duty), str(unit))] = bool(row.get("bodies")) and row.get("status") != "gap"
    return out


def _only(items: Mapping[Any, Any], other: Mapping[Any, Any]) -> list[Any]:
    return [items[k] for k in sorted(items.keys() - other.keys(), key=repr)]


def metrics_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> MetricsDiff:
    """Compare two reports given as plain data (``Report.to_dict()``).

    Parameters
    ----------
    before, after : mapping
        The two reports.

    Returns
    -------
    MetricsDiff
        Seats gained and lost, duplicate pairs and findings resolved and introduced, duty
        coverage gaps opened and closed, and every other table's changed rows.

    Examples
    --------
    >>> d = metrics_diff({"seat_load": [{"organisation": "x", "seats": 3}]},
    ...                  {"seat_load": [{"organisation": "x", "seats": 1}]})
    >>> d.seats[0].change
    -2.0
    """
    pairs_a, pairs_b = _pairs(before.get("duplicate_pairs", ())), _pairs(
        after.get("duplicate_pairs", ()))
    found_a, found_b = _findings(before.get("findings", ())), _findings(
        after.get("findings", ()))
    cover_a, cover_b = _coverage(before.get("duty_coverage", ())), _coverage(
        after.get("duty_coverage", ()))
    opened = [Gap(*k) for k in sorted(cover_a.keys() & cover_b.keys())
              if cover_a[k] and not cover_b[k]]
    opened += [Gap(*k) for k in sorted(cover_b.keys() - cover_a.keys()) if not cover_b[k]]
    closed = [Gap(*k) for k in sorted(cover_a.keys() & cover_b.keys())
              if not cover_a[k] and cover_b[k]]
    tables = []
    for name in _table_names(before, after):
        delta = table_delta(name, before.get(name, ()), after.get(name, ()))
        if delta.rows:
            tables.append(delta)
    return MetricsDiff(
        seats=_seats(before.get("seat_load", ()), after.get("seat_load", ())),
        duplicates_resolved=tuple(_pair(p) for p in _only(pairs_a, pairs_b)),
        duplicates_introduced=tuple(_pair(p) for p in _only(pairs_b, pairs_a)),
        findings_resolved=tuple(_finding(f) for f in _only(found_a, found_b)),
        findings_introduced=tuple(_finding(f) for f in _only(found_b, found_a)),
        findings_changed=tuple(_finding_changes(found_a, found_b)),
        gaps_closed=tuple(closed),
        gaps_opened=tuple(opened),
        tables=tuple(tables),
    )


def _table_names(before: Mapping[str, Any], after: Mapping[str, Any]) -> Sequence[str]:
    names = dict.fromkeys([*before, *after])
    return [n for n in names if n not in _IGNORED and n not in _SPECIAL]


#: The order findings are listed in: the most severe first.
SEVERITY_ORDER: Mapping[str, int] = {"high": 0, "medium": 1, "low": 2, "info": 3}

#: Columns of :func:`changed_finding_rows`.
CHANGED_COLUMNS = ("Severity", "Finding", "What changed", "Before", "After", "Details")


def changed_finding_rows(changes: Sequence[FindingChange],
                         names: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """The changed findings as a table for people: one row per item of evidence changed.

    Parameters
    ----------
    changes : sequence of FindingChange
        ``MetricsDiff.findings_changed``.
    names : mapping, optional
        Names of ids the evidence does not name itself (``Diff.names``).

    Returns
    -------
    list of dict
        Keys :data:`CHANGED_COLUMNS`: the severity (after the change) and the finding's
        sentence (after), then what changed, its value before and after in words
        (names, labels, rounded numbers; a list by its length) and the names that came
        and went. Most severe first. A finding whose sentence changed while no item of
        its evidence people can see did gives one row comparing the sentences; a finding
        that changed only in fields for programs (``path``) is left out, as nothing
        shown changed.

    Examples
    --------
    >>> before = FindingRow("no-scrutiny", "medium", ("b",), "B has no scrutiny.",
    ...                     ("b",), {"score": 0.6667})
    >>> after = FindingRow("no-scrutiny", "low", ("b",), "B has no scrutiny.",
    ...                    ("b",), {"score": 0.25})
    >>> changed_finding_rows([FindingChange(before, after, (("severity", "medium", "low"),
    ...                                                     ("score", 0.6667, 0.25)))])[1]
    ... # doctest: +NORMALIZE_WHITESPACE
    {'Severity': 'Low', 'Finding': 'B has no scrutiny.', 'What changed': 'Score',
     'Before': '0.67', 'After': '0.25', 'Details': ''}
    """
    from govmap.metrics.evidence import change_values  # the words of the report's evidence

    ordered = sorted(changes, key=lambda c: (SEVERITY_ORDER.get(c.after.severity, 9),
                                             c.code, c.after.message))
    rows: list[dict[str, str]] = []
    for change in ordered:
        severity = change.after.severity[:1].upper() + change.after.severity[1:]
        values = change_values(change.changes, change.before.evidence or {},
                               change.after.evidence or {}, names)
        items = [(v.heading, v.before, v.after, v.detail) for v in values]
        if not items and change.before.message != change.after.message:
            items = [("Sentence", change.before.message, change.after.message, "")]
        for heading, was, now, detail in items:
            if heading == "Severity":
                was, now = was[:1].upper() + was[1:], now[:1].upper() + now[1:]
            rows.append(dict(zip(CHANGED_COLUMNS, (severity, change.after.message, heading,
                                                   was, now, detail), strict=True)))
    return rows
