"""The diff's shortcuts give what the plain definitions give.

A scenario leaves most of a landscape (and most rows of its report) as they were, so the
diff compares only what is not the very same object on both sides, indexes the report's
tables in passes of C and freezes only the values it lists. These tests hold each shortcut
to the definition it stands for: a landscape that shares nothing (a deep copy) and plain
reference code written straight from :mod:`govmap.scenario.deltas`'s docstring.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from govmap.model.landscape import Landscape
from govmap.scenario.apply import run
from govmap.scenario.deltas import (
    DIGITS,
    TABLE_KEYS,
    FindingChange,
    FindingRow,
    Pair,
    RowDelta,
    TableDelta,
    metrics_diff,
)
from govmap.scenario.diff import diff, structural_diff

from .test_properties import DAY, SETTINGS, landscapes, ops_for, scenario

Keys = set[tuple[Any, ...]]


def _relation(before: Landscape, after: Landscape, part: str, key: Callable[[Any], Any]
              ) -> tuple[Keys, Keys, Keys]:
    """Keys added, removed and changed of a relation, from every body and organisation."""
    def index(land: Landscape) -> dict[tuple[Any, ...], Any]:
        actors = [*land.bodies.values(), *land.organisations.values()]
        return {(a.id, key(x)): x for a in actors for x in getattr(a, part, ())}

    a, b = index(before), index(after)
    return b.keys() - a.keys(), a.keys() - b.keys(), {k for k in a.keys() & b.keys()
                                                      if a[k] != b[k]}


def _ids(before: Mapping[str, Any], after: Mapping[str, Any]
         ) -> tuple[tuple[str, ...], tuple[str, ...], set[str]]:
    return (tuple(sorted(after.keys() - before.keys())),
            tuple(sorted(before.keys() - after.keys())),
            {k for k in before.keys() & after.keys() if before[k] != after[k]})


def _seat_counts(land: Landscape) -> Counter[str]:
    return Counter(m.member for b in land.bodies.values() for m in {m.member: m
                                                                     for m in b.members}.values())


@SETTINGS
@given(st.data())
def test_a_diff_that_skips_what_a_scenario_left_alone_finds_every_change(data: st.DataObject
                                                                         ) -> None:
    before = after = data.draw(landscapes()).as_at(DAY)
    for operation in ops_for(data.draw, before):  # those that apply, one after another
        after = run(after, scenario([operation]))[0] or after
    found = structural_diff(before, after)  # what the operations left alone is shared
    for name in ("bodies", "organisations", "footprints", "duties"):
        added, removed, changed = _ids(getattr(before, name), getattr(after, name))
        table = getattr(found, name)
        assert (table.added, table.removed) == (added, removed)
        assert {c.id for c in table.changed} <= changed  # relations are listed apart
    seats = _relation(before, after, "members", lambda m: m.member)
    assert {(s.body, s.organisation) for s in found.seats_added} == seats[0]
    assert {(s.body, s.organisation) for s in found.seats_removed} == seats[1]
    assert {(s.body, s.organisation) for s in found.seats_changed} == seats[2]
    lines = _relation(before, after, "reporting_lines", lambda ln: (ln.target, ln.type))
    assert {(ln.source, (ln.target, ln.type)) for ln in found.lines_added} == lines[0]
    assert {(ln.source, (ln.target, ln.type)) for ln in found.lines_removed} == lines[1]
    duties = _relation(before, after, "discharges", lambda d: d.duty)
    assert {(d.body, d.duty) for d in found.assignments_added} == duties[0]
    assert {(d.body, d.duty) for d in found.assignments_removed} == duties[1]
    a, b = _seat_counts(before), _seat_counts(after)
    moved = {o for _, o in seats[0] | seats[1] | seats[2]}
    assert {(c.organisation, c.before, c.after) for c in found.seat_counts} == {
        (o, a[o], b[o]) for o in a.keys() | b.keys() | moved if a[o] != b[o] or o in moved}
    # and a copy that shares nothing with the landscape before gives the same diff
    alone = copy.deepcopy(after)
    assert structural_diff(before, alone) == found
    assert structural_diff(alone, before) == structural_diff(after, before)
    whole = diff(before, alone)
    assert diff(before, after) == whole and diff(before, after).names == whole.names


# -- plain reference code for metrics_diff --------------------------------------------------


def _frozen(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


def _rows(table: list[Any]) -> list[dict[str, Any]]:
    return [dict(r) if isinstance(r, Mapping) else {"value": r} for r in table]


def _table(name: str, before: list[Any], after: list[Any]) -> TableDelta:
    left, right = _rows(before), _rows(after)
    if name in TABLE_KEYS:
        keys, values = (list(f) for f in TABLE_KEYS[name])
    else:
        fields = dict.fromkeys(f for r in (*left, *right) for f in r
                               if not f.endswith(("_name", "_names")))

        def number(v: Any) -> bool:
            return isinstance(v, int | float) and not isinstance(v, bool)

        values = [f for f in fields if all(number(r.get(f)) or r.get(f) is None
                                           for r in (*left, *right))
                  and any(number(r.get(f)) for r in (*left, *right))]
        keys = [f for f in fields if f not in values]

    def index(rows: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
        return {tuple((k, _frozen(r.get(k))) for k in keys): r for r in rows}

    a, b = index(left), index(right)
    deltas = []
    for key in sorted(a.keys() | b.keys(), key=repr):
        if key not in b:
            deltas.append(RowDelta("removed", key, tuple(
                (f, _frozen(a[key].get(f)), None) for f in values)))
        elif key not in a:
            deltas.append(RowDelta("added", key, tuple(
                (f, None, _frozen(b[key].get(f))) for f in values)))
        elif changes := tuple((f, _frozen(a[key].get(f)), _frozen(b[key].get(f)))
                              for f in values
                              if _frozen(a[key].get(f)) != _frozen(b[key].get(f))):
            deltas.append(RowDelta("changed", key, changes))
    return TableDelta(name, tuple(deltas))


def _pairs(table: list[Any]) -> dict[tuple[str, str], Pair]:
    out = {}
    for row in table:
        if isinstance(row, Mapping) and isinstance(row.get("a"), str) \
                and isinstance(row.get("b"), str):
            a, b, score = row["a"], row["b"], row.get("score", None)
            number = isinstance(score, int | float) and not isinstance(score, bool)
            out[(a, b) if a <= b else (b, a)] = Pair(
                a, b, round(float(score), DIGITS) if number else None)
    return out


def _findings(table: list[Any]) -> dict[str, FindingRow]:
    out = {}
    for row in _rows(table):
        evidence = row.get("evidence")
        found = FindingRow(str(row.get("code", "")), str(row.get("severity", "")),
                           tuple(str(s) for s in row.get("subjects") or ()),
                           str(row.get("message", "")),
                           tuple(str(s) for s in row.get("key") or ()),
                           dict(evidence) if isinstance(evidence, Mapping) else None)
        out[found.identity] = found
    return out


def _changed(before: dict[str, FindingRow], after: dict[str, FindingRow]
             ) -> list[FindingChange]:
    out = []
    for identity in sorted(before.keys() & after.keys()):
        a, b = before[identity], after[identity]
        changes = [("severity", a.severity, b.severity)] if a.severity != b.severity else []
        left, right = a.evidence or {}, b.evidence or {}
        changes += [(f, _frozen(left.get(f)), _frozen(right.get(f)))
                    for f in sorted(left.keys() | right.keys())
                    if _frozen(left.get(f)) != _frozen(right.get(f))]
        if changes or a.message != b.message:
            out.append(FindingChange(a, b, tuple(changes)))
    return out


def _only(items: dict[Any, Any], other: dict[Any, Any]) -> tuple[Any, ...]:
    return tuple(items[k] for k in sorted(items.keys() - other.keys(), key=repr))


# -- random report tables, the after side sharing some rows with the before side ---------

TEXT = st.text(alphabet="ab '\"\\", max_size=3)
PLAIN = TEXT | st.integers(-2, 2) | st.none() | st.booleans()
NUMBER = st.integers(0, 3) | st.floats(-2, 2, allow_nan=False) | st.none()
VALUE = NUMBER | st.lists(TEXT | NUMBER, max_size=3)


@st.composite
def rows(draw: st.DrawFn, fields: dict[str, st.SearchStrategy[Any]]) -> list[Any]:
    out: list[Any] = []
    for _ in range(draw(st.integers(0, 6))):
        row = {f: draw(s) for f, s in fields.items() if draw(st.integers(0, 9))}
        out.append(MappingProxyType(row) if draw(st.integers(0, 9)) == 0 else row)
    return out


@st.composite
def changed(draw: st.DrawFn, table: list[Any], fields: dict[str, st.SearchStrategy[Any]]
            ) -> list[Any]:
    """The table after: each row kept (the same object), copied, changed or dropped, and
    new rows added, in another order."""
    out = []
    for row in table:
        what = draw(st.sampled_from(["keep", "copy", "change", "drop"]))
        if what == "keep":
            out.append(row)
        elif what == "copy":
            out.append(copy.deepcopy(dict(row)))
        elif what == "change" and fields:
            field = draw(st.sampled_from(sorted(fields)))
            out.append({**row, field: draw(fields[field])})
    out += draw(rows(fields))
    return draw(st.permutations(out))


SEATS = {"organisation": TEXT | st.none(), "theme": PLAIN, "level": PLAIN, "footprints": VALUE}
BODIES = {"body": PLAIN | st.floats(0, 1, allow_nan=False), "cuts_across": VALUE,
          "outside": VALUE, "body_name": TEXT}
OTHER = {"unit": PLAIN, "kind": TEXT, "count": NUMBER, "share": NUMBER, "ids": VALUE}
PAIRS = {"a": TEXT | st.integers(0, 2), "b": TEXT, "score": NUMBER}
FINDINGS = {"code": st.sampled_from(["x", "y"]) | st.none(),
            "severity": st.sampled_from(["high", "low"]),
            "subjects": st.lists(TEXT | st.integers(0, 2), max_size=2),
            "key": st.lists(TEXT, max_size=2), "message": TEXT,
            "evidence": st.dictionaries(st.sampled_from(["n", "ids", "score"]), VALUE,
                                        max_size=3)}
TABLES: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "parallel_seats": SEATS, "body_alignment": BODIES, "other_table": OTHER,
    "duplicate_pairs": PAIRS, "findings": FINDINGS}


@SETTINGS
@given(st.data())
def test_metrics_diff_gives_what_the_plain_definitions_give(data: st.DataObject) -> None:
    before = {name: data.draw(rows(fields)) for name, fields in TABLES.items()}
    after = {name: data.draw(changed(before[name], fields)) for name, fields in TABLES.items()}
    found = metrics_diff(before, after)
    tables = [_table(n, before[n], after[n]) for n in ("parallel_seats", "body_alignment",
                                                       "other_table")]
    assert found.tables == tuple(t for t in tables if t.rows)
    pairs_a, pairs_b = _pairs(before["duplicate_pairs"]), _pairs(after["duplicate_pairs"])
    assert found.duplicates_resolved == _only(pairs_a, pairs_b)
    assert found.duplicates_introduced == _only(pairs_b, pairs_a)
    found_a, found_b = _findings(before["findings"]), _findings(after["findings"])
    assert found.findings_resolved == _only(found_a, found_b)
    assert found.findings_introduced == _only(found_b, found_a)
    assert found.findings_changed == tuple(_changed(found_a, found_b))
