"""A diff as a Markdown briefing: what changes, who gains and loses seats, what gaps open.

The briefing is written for the people who will read it out in a meeting: everything is in
names, never ids; warnings (a statutory duty left with no body to discharge it, a new
finding) come first; each section says what changed and leaves out what did not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from govmap.markup import markdown_text
from govmap.metrics.common import label as _label
from govmap.metrics.duplication import LIKELY_DUPLICATE
from govmap.metrics.evidence import change_rows
from govmap.metrics.findings import CODES
from govmap.metrics.seats import PARALLEL_SEATS
from govmap.scenario.deltas import FindingChange, FindingRow, MetricsDiff, Pair, RowDelta
from govmap.scenario.diff import Change, Diff
from govmap.scenario.format import (
    AddBody,
    AddLine,
    AddMember,
    Dissolve,
    Merge,
    MoveLine,
    Operation,
    Regionalise,
    RemoveBody,
    RemoveLine,
    RemoveMember,
    Scenario,
    SetFootprint,
    SetRole,
    TransferDuty,
)

#: Fields whose values are ids of other entities.
_ID_FIELDS = frozenset({"footprint", "chair", "parent", "target", "organisation", "duty"})
_ID_LIST_FIELDS = frozenset({"predecessors", "union", "areas"})
#: Fields too long or too technical to print; the briefing says only that they changed.
_QUIET_FIELDS = frozenset({"notes", "sources", "attributes", "confidence"})


def _date(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "any date"


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _term(term: str) -> str:
    """A vocabulary term in words: ``responsible_authority`` -> ``responsible authority``."""
    return _label(term)


_LINES = {
    "accountable_to": "is accountable to",
    "reports_to": "reports to",
    "sub_group_of": "is a sub-group of",
    "scrutinised_by": "is scrutinised by",
    "funded_by": "is funded by",
}


def _line(kind: str) -> str:
    """A reporting line type as a verb phrase."""
    return _LINES.get(kind, _term(kind))


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


class _Writer:
    """Accumulates the briefing's lines, naming everything through the diff."""

    def __init__(self, diff: Diff) -> None:
        self.diff = diff
        self.lines: list[str] = []

    def n(self, ident: str) -> str:
        """The name of ``ident``, escaped for Markdown (names are text a user wrote)."""
        return markdown_text(self.diff.name(ident))

    def names(self, ids: Iterable[str]) -> str:
        return _and(sorted(self.n(i) for i in ids))

    def some(self, ids: Iterable[str], limit: int = 4) -> str:
        """Names, or for a long list the count and the first few (a table cell stays short)."""
        shown = sorted(self.n(i) for i in ids)
        if len(shown) <= limit:
            return _and(shown)
        return f"{len(shown)}: {', '.join(shown[:limit - 1])} and {len(shown) - limit + 1} more"

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def section(self, title: str, body: Sequence[str]) -> None:
        if body:
            self.add("", f"## {title}", "", *body)

    def value(self, field: str, value: Any) -> str:
        if value is None or value == [] or value == ():
            return "none"
        if field in _ID_FIELDS and isinstance(value, str):
            return self.n(value)
        if field in _ID_LIST_FIELDS and isinstance(value, list | tuple):
            return self.names(str(v) for v in value)
        if field == "statutory_basis" and isinstance(value, dict):
            return markdown_text(f"{value.get('act')} {value.get('section') or ''}".strip())
        if field in {"themes", "kind", "level", "role", "type", "family", "required_members",
                     "applies_per"}:
            if isinstance(value, list | tuple):
                return _and([_term(str(v)) for v in value])
            return _term(str(value))
        if isinstance(value, list | tuple):
            return _and([self.n(str(v)) for v in value])
        if isinstance(value, bool):
            return "yes" if value else "no"
        return self.n(str(value)) if isinstance(value, str) else str(value)

    def change(self, change: Change) -> str:
        label = _term(change.field)
        if change.field in _QUIET_FIELDS:
            return f"{label} updated"
        return (f"{label}: {self.value(change.field, change.before)} → "
                f"{self.value(change.field, change.after)}")


# -- operations in words ------------------------------------------------------------------


def describe(operation: Operation, w: _Writer) -> str:
    """One operation as a sentence, in names."""
    n = w.n
    if isinstance(operation, Merge):
        target = operation.into
        merged = [n(b) for b in operation.bodies if b != target]
        if target and target in operation.bodies:
            return f"{n(target)} absorbs {_and(merged)}."
        if target and target in w.diff.bodies.added:
            return f"Merge {_and(merged)} into a new body, **{n(target)}**."
        if target:
            return f"{n(target)} absorbs {_and(merged)}."
        return f"Merge {_and(merged)} into one body."
    if isinstance(operation, Dissolve):
        where = n(operation.to) if operation.to else "its parent body"
        return f"Dissolve {n(operation.body)}; its sub-groups and duties pass to {where}."
    if isinstance(operation, Regionalise):
        return (f"Merge the {_term(operation.kind)}s in each {_term(operation.family)} "
                "into one body per area.")
    if isinstance(operation, TransferDuty):
        return (f"Move the duty '{n(operation.duty)}' from {n(operation.from_)} to "
                f"{n(operation.to)}.")
    if isinstance(operation, AddBody):
        body = operation.body
        return (f"Create **{markdown_text(body.name)}** ({_term(body.kind)}, covering "
                f"{n(body.footprint)}).")
    if isinstance(operation, RemoveBody):
        return (f"Remove {n(operation.body)}, with no successor: its duties are not passed "
                "on.")
    if isinstance(operation, AddMember):
        return (f"{n(operation.organisation)} joins {n(operation.body)} as "
                f"{_term(operation.role)}.")
    if isinstance(operation, RemoveMember):
        return f"{n(operation.organisation)} leaves {n(operation.body)}."
    if isinstance(operation, SetRole):
        return (f"{n(operation.organisation)} becomes {_term(operation.role)} of "
                f"{n(operation.body)}.")
    if isinstance(operation, MoveLine):
        instead = f" instead of {n(operation.from_)}" if operation.from_ else ""
        kind = f" ({_term(operation.type)})" if operation.type else ""
        return f"{n(operation.body)} reports to {n(operation.to)}{instead}{kind}."
    if isinstance(operation, AddLine):
        return f"New line: {n(operation.body)} {_line(operation.type)} {n(operation.to)}."
    if isinstance(operation, RemoveLine):
        kind = f" ({_term(operation.type)})" if operation.type else ""
        return f"{n(operation.body)} no longer reports to {n(operation.to)}{kind}."
    if isinstance(operation, SetFootprint):
        level = f", at {_term(operation.level)} level" if operation.level else ""
        return f"{n(operation.body)} now covers {n(operation.footprint)}{level}."
    return operation.label


# -- sections -----------------------------------------------------------------------------


def _warnings(diff: Diff, w: _Writer) -> list[str]:
    out = []
    for home in diff.duty_homes:
        if home.lost:
            out.append(f"- **The duty '{w.n(home.duty)}' loses its home** in "
                       f"{_plural(len(home.lost), 'area')}: {w.names(home.lost)}. No body "
                       "discharges it there after this change.")
    metrics = diff.metrics
    if metrics is None:
        return out
    gaps: dict[str, list[str]] = {}
    for gap in metrics.gaps_opened:
        gaps.setdefault(gap.duty, []).append(gap.unit)
    for duty, units in gaps.items():
        out.append(f"- **Coverage gap opened** for '{w.n(duty)}' in "
                   f"{_plural(len(units), 'unit')}: {w.names(units)}.")
    serious: dict[str, list[FindingRow]] = {}
    for finding in metrics.findings_introduced:
        if finding.severity == "high":
            serious.setdefault(finding.code, []).append(finding)
    for code, found in serious.items():
        example = markdown_text(found[0].message)
        more = f" (and {len(found) - 1} more like it, under Findings)" if len(found) > 1 else ""
        out.append(f"- **New high-severity finding** ({code.replace('-', ' ')}): "
                   f"{example}{more}")
    return out


def _headline(diff: Diff, w: _Writer) -> list[str]:
    parts = []
    for key, (before, after) in diff.totals.items():
        if before != after:
            parts.append(f"{key}: {before} → {after}")
    lost = sum(len(h.lost) for h in diff.duty_homes)
    if lost:
        parts.append(f"duties left without a home in {_plural(lost, 'area')}")
    if not parts:
        return ["In short: no change to the number of bodies, organisations or seats."]
    return ["In short: " + "; ".join(parts) + "."]


def _bodies(diff: Diff, w: _Writer) -> list[str]:
    out = []
    for ident in diff.bodies.added:
        members = [s.organisation for s in diff.seats_added if s.body == ident]
        seat_text = f"; members: {w.some(members, 12)}" if members else "; no members"
        out.append(f"- **New: {w.n(ident)}**{seat_text}.")
    for ident in diff.bodies.removed:
        out.append(f"- **Gone: {w.n(ident)}**.")
    for change in diff.bodies.changed:
        details = "; ".join(w.change(c) for c in change.changes)
        out.append(f"- **{w.n(change.id)}** changes: {details}.")
    for label, table in (("organisation", diff.organisations), ("footprint", diff.footprints),
                         ("duty", diff.duties)):
        for ident in table.added:
            out.append(f"- New {label}: {w.n(ident)}.")
        for ident in table.removed:
            out.append(f"- Gone {label}: {w.n(ident)}.")
        for change in table.changed:
            details = "; ".join(w.change(c) for c in change.changes)
            out.append(f"- {label.capitalize()} {w.n(change.id)} changes: {details}.")
    return out


def _seats(diff: Diff, w: _Writer) -> list[str]:
    if not diff.seat_counts:
        return []
    load: dict[str, tuple[float, float]] = {}
    if diff.metrics is not None:
        load = {s.organisation: (s.before, s.after) for s in diff.metrics.seats}
    weighted = bool(load)
    head = "| Organisation | Seats before | Seats after | Change | Joins | Leaves |"
    rule = "|---|---:|---:|---:|---|---|"
    if weighted:
        head += " Seat load (report) |"
        rule += "---:|"
    rows = [head, rule]
    ordered = sorted(diff.seat_counts, key=lambda s: (s.after - s.before, w.n(s.organisation)))
    for count in ordered:
        org = count.organisation
        joins = [s.body for s in diff.seats_added if s.organisation == org]
        leaves = [s.body for s in diff.seats_removed if s.organisation == org]
        roles = [f"{_term(str(c.before))} → {_term(str(c.after))} on {w.n(s.body)}"
                 for s in diff.seats_changed if s.organisation == org
                 for c in s.changes if c.field == "role"]
        joined = w.some(joins) or "—"
        if roles:
            joined += f" (role: {'; '.join(roles)})"
        row = (f"| {w.n(org)} | {count.before} | {count.after} | "
               f"{count.after - count.before:+d} | {joined} | {w.some(leaves) or '—'} |")
        if weighted:
            pair = load.get(org)
            row += f" {pair[0]:g} → {pair[1]:g} |" if pair else " unchanged |"
        rows.append(row)
    fewer = sum(1 for c in diff.seat_counts if c.after < c.before)
    more = sum(1 for c in diff.seat_counts if c.after > c.before)
    summary = (f"{_plural(fewer, 'organisation')} sit on fewer bodies, "
               f"{_plural(more, 'organisation')} on more.")
    return [summary, "", *rows]


def _duties(diff: Diff, w: _Writer) -> list[str]:
    out = []
    for home in diff.duty_homes:
        if home.gained:
            out.append(f"- '{w.n(home.duty)}' is now discharged in {w.names(home.gained)}, "
                       "where no body discharged it before.")
    moved: dict[str, tuple[list[str], list[str]]] = {}
    for a in diff.assignments_removed:
        moved.setdefault(a.duty, ([], []))[0].append(a.body)
    for a in diff.assignments_added:
        moved.setdefault(a.duty, ([], []))[1].append(a.body)
    for duty, (gone, came) in sorted(moved.items(), key=lambda kv: w.n(kv[0])):
        text = f"- '{w.n(duty)}'"
        if gone:
            text += f": no longer discharged by {w.names(gone)}"
        if came:
            text += ("; " if gone else ": ") + f"now discharged by {w.names(came)}"
        out.append(text + ".")
    metrics = diff.metrics
    if metrics is not None:
        for gap in metrics.gaps_closed:
            out.append(f"- Gap closed: '{w.n(gap.duty)}' now has a body for {w.n(gap.unit)}.")
        for gap in metrics.gaps_opened:
            out.append(f"- Gap opened: '{w.n(gap.duty)}' has no body for {w.n(gap.unit)}.")
    return out


def _pairs(pairs: Sequence[Pair], w: _Writer) -> list[str]:
    ordered = sorted(pairs, key=lambda p: -(p.score or 0))
    shown = [f"  - {w.n(p.a)} and {w.n(p.b)}"
             + (f" (score {p.score:.2f})" if p.score is not None else "")
             for p in ordered[:MAX_ROWS]]
    if len(ordered) > MAX_ROWS:
        shown.append(f"  - … and {len(ordered) - MAX_ROWS} more")
    return shown


_SEVERITY = {"high": 0, "medium": 1, "low": 2, "info": 3}


def _findings(rows: Sequence[FindingRow], w: _Writer) -> list[str]:
    ordered = sorted(rows, key=lambda f: (_SEVERITY.get(f.severity, 9), f.code))
    shown = [f"  - {markdown_text(f.message) if f.message else w.names(f.subjects)} "
             f"({f.severity})"
             for f in ordered[:MAX_ROWS * 2]]
    if len(ordered) > MAX_ROWS * 2:
        shown.append(f"  - … and {len(ordered) - MAX_ROWS * 2} more")
    return shown


def _changed_findings(rows: Sequence[FindingChange], w: _Writer) -> list[str]:
    ordered = sorted(rows, key=lambda c: (_SEVERITY.get(c.after.severity, 9), c.code,
                                          c.after.message))
    shown = []
    for change in ordered[:MAX_ROWS * 2]:
        values = change_rows(change.changes, change.before.evidence or {},
                             change.after.evidence or {}, w.diff.names)
        detail = ("; ".join(values) if values
                  else f"before: {markdown_text(change.before.message)}")
        shown.append(f"  - {markdown_text(change.after.message)} *Changed: {detail}.*")
    if len(ordered) > MAX_ROWS * 2:
        shown.append(f"  - … and {len(ordered) - MAX_ROWS * 2} more")
    return shown


#: Titles of the report's tables, as the briefing shows them.
TABLE_TITLES = {
    "summary": "Totals",
    "family_coterminosity": "Coterminosity (how cleanly one footprint family fits another)",
    "area_complexity": "Area complexity (bodies and regional groupings per council area)",
    "footprint_relations": "How footprints relate",
    "straddles": "Footprints that straddle each other",
    "body_alignment": "Bodies cutting across their members' footprints",
    "theme_coverage": "Theme coverage by area",
    "parallel_seats": "Parallel seats (same theme, same level, different footprints)",
    "brokers": "Brokers (organisations linking bodies)",
    "line_of_sight": "Line of sight (steps from a body up to national level)",
}
#: Rows shown per table before the rest are counted.
MAX_ROWS = 12


#: Measures that are shares (0 to 1): shown as whole percentages.
_SHARES = frozenset({"share", "jaccard", "population_jaccard", "betweenness",
                     "theme_jaccard", "area_jaccard", "member_jaccard"})


def _text(value: Any, w: _Writer, field: str = "") -> str:
    if value is None:
        return "none"
    if isinstance(value, tuple | list):
        if not value:
            return "none"
        if len(value) > 4:
            return f"{len(value)} items"
        return _and([_text(v, w) for v in value])
    if isinstance(value, float):
        if field in _SHARES:
            return f"{value:.0%}"
        return f"{value:.2f}" if not value.is_integer() else str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return w.n(text) if text in w.diff.names else markdown_text(_term(text))


def _row(table: str, delta: RowDelta, w: _Writer) -> str:
    parts = [_text(v, w) for _, v in delta.key if v is not None]
    if table == "summary":
        parts = [": ".join(c.replace("-", " ") if c in CODES else _term(c)
                           for c in str(v).split(".")) for _, v in delta.key]
    joiner = " and " if table in {"footprint_relations", "straddles"} else (
        " in " if table == "family_coterminosity" else ", ")
    key = joiner.join(parts)
    if delta.status == "added":
        shown = "; ".join(f"{_term(f)} {_text(b, w, f)}" for f, _, b in delta.changes)
        return f"  - {key}: new" + (f" ({shown})" if shown else "")
    if delta.status == "removed":
        return f"  - {key}: no longer applies"
    changes = "; ".join(("" if f == "value" else f"{_term(f)} ")
                        + f"{_text(a, w, f)} → {_text(b, w, f)}"
                        for f, a, b in delta.changes
                        if _text(a, w, f) != _text(b, w, f))
    return f"  - {key}: {changes}"


def _visible(table: str, delta: RowDelta, w: _Writer) -> bool:
    """Whether a changed row is worth a line for people: it meets its list's definition
    on one side (a body that cuts across a member, an organisation on same-theme boards
    in enough footprints), it is not bookkeeping (candidates checked), and some number
    differs once rounded as shown."""
    values = {f: (a, b) for f, a, b in delta.changes}
    if table == "summary":
        measure = str(dict(delta.key).get("measure", ""))
        return not measure.startswith("checked.")
    if table == "body_alignment":
        return any(values.get("cuts_across", ((), ())))
    if table == "parallel_seats":
        return any((n or 0) >= PARALLEL_SEATS for n in values.get("footprints", (0, 0)))
    if delta.status == "changed":
        return any(_text(a, w, f) != _text(b, w, f) for f, (a, b) in values.items())
    return True


def _metrics(metrics: MetricsDiff, w: _Writer) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    dup = []
    # only pairs that look alike (the likely-duplicate threshold) on the side they are on
    resolved = [p for p in metrics.duplicates_resolved if (p.score or 0) >= LIKELY_DUPLICATE]
    introduced = [p for p in metrics.duplicates_introduced
                  if (p.score or 0) >= LIKELY_DUPLICATE]
    if resolved:
        dup += [f"- No longer alike ({len(resolved)}):", *_pairs(resolved, w)]
    if introduced:
        dup += [f"- Newly alike ({len(introduced)}):", *_pairs(introduced, w)]
    sections[f"Pairs of bodies that look alike (score {LIKELY_DUPLICATE:.2f} or more)"] = dup
    found = []
    if metrics.findings_resolved:
        found += [f"- Closed ({len(metrics.findings_resolved)}):",
                  *_findings(metrics.findings_resolved, w)]
    if metrics.findings_introduced:
        found += [f"- Opened ({len(metrics.findings_introduced)}):",
                  *_findings(metrics.findings_introduced, w)]
    if metrics.findings_changed:
        found += [f"- Changed ({len(metrics.findings_changed)}), the same finding with "
                  "different evidence:", *_changed_findings(metrics.findings_changed, w)]
    sections["Findings"] = found
    measures: list[str] = []
    for table in metrics.tables:
        title = TABLE_TITLES.get(table.table, _term(table.table).capitalize())
        rows = sorted((r for r in table.rows if _visible(table.table, r, w)),
                      key=lambda r: r.status != "changed")
        if not rows:
            continue
        shown = [_row(table.table, r, w) for r in rows[:MAX_ROWS]]
        if len(rows) > MAX_ROWS:
            shown.append(f"  - … and {len(rows) - MAX_ROWS} more")
        measures += [f"- **{title}** ({_plural(len(rows), 'row')} change):", *shown]
    sections["Measures"] = measures
    return sections


def _lines(diff: Diff, w: _Writer) -> list[str]:
    churn = set(diff.bodies.added) | set(diff.bodies.removed)
    out = []
    for line in diff.lines_added:
        if line.source not in churn:
            out.append(f"- New: {w.n(line.source)} {_line(line.type)} {w.n(line.target)}.")
    for line in diff.lines_removed:
        if line.source not in churn:
            out.append(f"- Gone: {w.n(line.source)} {_line(line.type)} {w.n(line.target)}.")
    hidden = sum(1 for line in (*diff.lines_added, *diff.lines_removed)
                 if line.source in churn)
    if hidden:
        out.append(f"- … and {_plural(hidden, 'line')} of the bodies that are new or gone.")
    return out


def _paragraphs(text: str) -> list[str]:
    """Text a user wrote as Markdown paragraphs, each escaped, each followed by a blank."""
    parts = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return [line for part in parts for line in (markdown_text(part), "")] or [""]


def briefing(diff: Diff, scenario: Scenario | None = None, *, title: str | None = None) -> str:
    """The diff as a Markdown briefing.

    Parameters
    ----------
    diff : Diff
        From :func:`govmap.scenario.diff.diff`.
    scenario : Scenario, optional
        The scenario that made the change: its description, sources, outcome and operations
        head the briefing.
    title : str, optional
        A heading for a plain comparison (``govmap diff``).

    Returns
    -------
    str
        Markdown, in names (never ids), warnings first.
    """
    w = _Writer(diff)
    if scenario is not None:
        w.add(f"# Scenario: {markdown_text(scenario.name)}, as at {_date(scenario.date)}", "",
              *_paragraphs(scenario.description),
              f"- **Applies at:** {_date(scenario.date)}")
        if scenario.sources:
            w.add(f"- **Motivated by:** {markdown_text(', '.join(scenario.sources))}")
        if scenario.outcome:
            w.add(f"- **What the sources say happened:** "
                  f"{markdown_text(scenario.outcome.strip())}")
    else:
        before, after = diff.before_date, diff.after_date
        when = ("" if before is None and after is None
                else f", as at {_date(before)}" if before == after
                else f", from {_date(before)} to {_date(after)}")
        w.add(f"# {title or 'Changes'}{when}")
    w.add("", *_headline(diff, w))
    w.section("Warnings", _warnings(diff, w))
    if scenario is not None:
        steps = []
        for i, operation in enumerate(scenario.operations, start=1):
            text = f"{i}. {describe(operation, w)}"
            if operation.notes:
                text += f" *{markdown_text(operation.notes.strip())}*"
            steps.append(text)
        w.section("What the scenario does", steps)
    w.section("Bodies", _bodies(diff, w))
    w.section("Who gains and loses seats", _seats(diff, w))
    w.section("Duties", _duties(diff, w))
    if diff.metrics is not None:
        for name, lines in _metrics(diff.metrics, w).items():
            w.section(name, lines)
    elif diff.metrics_note:
        w.section("Measures", [f"*Not shown: {diff.metrics_note}.*"])
    w.section("Reporting lines", _lines(diff, w))
    if diff.is_empty():
        w.add("", "Nothing changes: the two landscapes are the same.")
    return "\n".join(w.lines).rstrip() + "\n"

