"""What each scenario operation does to a landscape.

Each operation is a function ``(state, operation, label) -> None`` that first checks
everything it refers to against the working state (the landscape as the previous
operations left it), raising :class:`OperationError` with a message and the place inside
the operation to point at, and only then changes the state. So a failed operation leaves
the state as it was, and :func:`govmap.scenario.apply.apply` can report every failed
operation while applying none.

The rules a review team will want to quote:

merge
    The merged body covers the union of the merged bodies' areas. An existing footprint
    with exactly those areas is reused: preferably one a merged body already used, then one
    of the same family as theirs, then by family in the order of
    :data:`govmap.model.vocab.FOOTPRINT_FAMILIES` (``family:`` restricts the choice);
    otherwise a new footprint is made, of family ``family:`` or ``region``.
    Its members are the union of theirs, each organisation keeping its strongest role
    (:data:`govmap.model.vocab.ROLE_STRENGTH`). It
    keeps every reporting line and every duty any of them had; lines between the merged
    bodies disappear; every line that pointed at a merged body (its sub-groups, scrutiny)
    points at the merged body. It is statutory if any merged body was (the first basis
    found is kept); its level is the broadest of theirs, raised to ``regional`` when it
    covers more than one area.
dissolve
    The body goes. Every line that pointed at it points at the destination (``to``, or the
    body it is a sub-group of, accountable to or reports to, in that order), which also
    takes on its duties. Its members simply lose that seat.
regionalise
    Bodies of a kind are grouped by the footprint of the family that contains all their
    areas (the smallest such footprint), and each group of two or more is merged as above.
    A body inside no footprint of the family is an error; a body alone in its footprint is
    left as it is.
move_line, add_line, remove_line
    ``move_line`` replaces lines (the one to ``from``, or every upward line) by one line to
    ``to``; ``add_line`` and ``remove_line`` add or drop a single line.
remove_body
    The body goes with no successor: its duties are no longer discharged by it and lines
    that pointed at it are dropped. (Use ``dissolve`` to hand them on.)

Everything a scenario creates (a body, a footprint, a membership, a line, a duty
assignment) starts on the scenario's date and cites the scenario's sources.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from govmap.model import vocab
from govmap.model.dates import PartialDate, is_active
from govmap.model.entities import (
    Area,
    Body,
    Duty,
    DutyAssignment,
    Footprint,
    Membership,
    Organisation,
    ReportingLine,
)
from govmap.model.landscape import Landscape
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
    SetFootprint,
    SetRole,
    TransferDuty,
)

Loc = tuple[str | int, ...]


class OperationError(Exception):
    """An operation cannot be applied; ``loc`` is the place inside it to point at."""

    def __init__(self, message: str, loc: Sequence[str | int] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.loc: Loc = tuple(loc)


class Skipped(Exception):
    """The operation refers to something an earlier, failed operation would have made."""


# -- the working state ---------------------------------------------------------------------


@dataclass
class State:
    """The landscape while a scenario is applied: mutable tables, and what made them."""

    areas: Mapping[str, Area]
    footprints: dict[str, Footprint]
    organisations: dict[str, Organisation]
    bodies: dict[str, Body]
    duties: Mapping[str, Duty]
    date: dt.date
    scenario: str = ""
    sources: tuple[str, ...] = ()
    failed: set[str] = field(default_factory=set)
    lenient: bool = False
    #: What happened to ids earlier operations took away, and the operation now running.
    gone: dict[str, str] = field(default_factory=dict)
    current: str = ""
    _by_areas: dict[frozenset[str], list[str]] | None = None

    @classmethod
    def of(cls, landscape: Landscape, date: dt.date, scenario: str = "",
           sources: Sequence[str] = ()) -> State:
        return cls(landscape.areas, dict(landscape.footprints), dict(landscape.organisations),
                   dict(landscape.bodies), landscape.duties, date, scenario, tuple(sources))

    def landscape(self, base: Landscape) -> Landscape:
        """The state as a landscape (sharing areas, duties and locations with ``base``)."""
        return replace(base, footprints=dict(self.footprints),
                       organisations=dict(self.organisations), bodies=dict(self.bodies),
                       as_at_date=self.date)

    # -- lookups that raise helpful errors ------------------------------------------------

    def _unknown(self, ident: str, what: str, table: Iterable[str], loc: Loc) -> OperationError:
        if ident in self.failed or self.lenient:
            raise Skipped(ident)
        for other, name in ((self.bodies, "body"), (self.organisations, "organisation"),
                            (self.footprints, "footprint"), (self.duties, "duty"),
                            (self.areas, "area")):
            if ident in other and name not in what:
                article = "an" if name[0] in "aeiou" else "a"
                return OperationError(f"'{ident}' is {article} {name}, not {_a(what)} {what}",
                                      loc)
        if ident in self.gone:
            return OperationError(f"there is no {what} '{ident}' any more: it was "
                                  f"{self.gone[ident]}", loc)
        hint = vocab.did_you_mean(ident, table)
        when = f" on {self.date.isoformat()}"
        return OperationError(f"there is no {what} '{ident}'{when}{hint}", loc)

    def body(self, ident: str, loc: Loc) -> Body:
        found = self.bodies.get(ident)
        if found is None:
            raise self._unknown(ident, "body", self.bodies, loc)
        return found

    def organisation(self, ident: str, loc: Loc) -> Organisation:
        found = self.organisations.get(ident)
        if found is None:
            raise self._unknown(ident, "organisation", self.organisations, loc)
        return found

    def actor(self, ident: str, loc: Loc) -> Body | Organisation:
        found = self.bodies.get(ident) or self.organisations.get(ident)
        if found is None:
            raise self._unknown(ident, "body or organisation",
                                [*self.bodies, *self.organisations], loc)
        return found

    def footprint(self, ident: str, loc: Loc) -> Footprint:
        found = self.footprints.get(ident)
        if found is None:
            raise self._unknown(ident, "footprint", self.footprints, loc)
        return found

    def duty(self, ident: str, loc: Loc) -> Duty:
        found = self.duties.get(ident)
        if found is None:
            raise self._unknown(ident, "duty", self.duties, loc)
        return found

    def taken(self, ident: str) -> str | None:
        """What already uses an id, if anything."""
        for table, name in ((self.bodies, "body"), (self.organisations, "organisation"),
                            (self.footprints, "footprint"), (self.duties, "duty"),
                            (self.areas, "area")):
            if ident in table:
                return name
        return None

    def name(self, ident: str) -> str:
        for table in (self.bodies, self.organisations, self.footprints, self.duties,
                      self.areas):
            if ident in table:
                return str(table[ident].name)
        return ident

    def areas_of(self, body: Body) -> frozenset[str]:
        footprint = self.footprints.get(body.footprint)
        return frozenset(footprint.areas) if footprint else frozenset()

    # -- provenance of what a scenario makes ----------------------------------------------

    def provenance(self, operation: Operation) -> dict[str, Any]:
        return {
            "start_date": PartialDate(self.date),
            "sources": tuple(dict.fromkeys((*self.sources, *operation.sources))),
        }

    # -- footprints -----------------------------------------------------------------------

    def footprint_for(self, areas: frozenset[str], *, family: str | None, prefer: Sequence[str],
                      new_id: str, name: str, operation: Operation, note: str) -> Footprint:
        """An existing footprint with exactly ``areas``, or a new one (not yet stored)."""
        if self._by_areas is None:
            self._by_areas = {}
            for fid in sorted(self.footprints):
                self._by_areas.setdefault(frozenset(self.footprints[fid].areas), []).append(fid)
        candidates = [f for f in self._by_areas.get(areas, []) if f in self.footprints]
        if family is not None:
            candidates = [f for f in candidates if self.footprints[f].family == family]
        order = {name: i for i, name in enumerate(vocab.FOOTPRINT_FAMILIES)}
        used = [f for f in prefer if f in self.footprints]
        families = {self.footprints[f].family for f in used}
        if candidates:
            best = min(candidates, key=lambda f: (
                f not in used, self.footprints[f].family not in families,
                order[self.footprints[f].family], f))
            return self.footprints[best]
        fid = _unique(f"{new_id}-area", self.taken)
        return Footprint(
            id=fid, name=f"{name} area", family=family or "region", areas=tuple(sorted(areas)),
            notes=f"{note}: the combined area of {_and([self.name(p) for p in prefer])}.",
            **self.provenance(operation),
        )

    def add_footprint(self, footprint: Footprint) -> None:
        if footprint.id in self.footprints:
            return
        self.footprints[footprint.id] = footprint
        if self._by_areas is not None:
            self._by_areas.setdefault(frozenset(footprint.areas), []).append(footprint.id)


def _a(what: str) -> str:
    return "an" if what[0] in "aeiou" else "a"


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _unique(ident: str, taken: Callable[[str], str | None]) -> str:
    candidate, n = ident, 2
    while taken(candidate):
        candidate, n = f"{ident}-{n}", n + 1
    return candidate


def derive_id(ids: Sequence[str]) -> str:
    """An id for merged bodies: their shared leading words, then what differs.

    >>> derive_id(["csp-conwy", "csp-denbighshire"])
    'csp-conwy-denbighshire'
    """
    parts = [i.split("-") for i in ids]
    common: list[str] = []
    for words in zip(*parts, strict=False):
        if len(set(words)) != 1:
            break
        common.append(words[0])
    rests = ["-".join(p[len(common):]) for p in parts]
    return "-".join([*common, *(r for r in rests if r)])


def derive_name(names: Sequence[str]) -> str:
    """A name for merged bodies: the words their names end with in common, after the rest.

    >>> derive_name(["Conwy Community Safety Partnership",
    ...              "Denbighshire Community Safety Partnership"])
    'Conwy and Denbighshire Community Safety Partnership'
    """
    words = [n.split() for n in names]
    tail: list[str] = []
    for group in zip(*(reversed(w) for w in words), strict=False):
        if len(set(group)) != 1:
            break
        tail.insert(0, group[0])
    heads = [" ".join(w[: len(w) - len(tail)]) for w in words]
    if not tail or not all(heads):
        return _and(list(names))
    return f"{_and(heads)} {' '.join(tail)}"


# -- re-pointing --------------------------------------------------------------------------


def repoint(state: State, mapping: Mapping[str, str | None]) -> None:
    """Re-point every reporting line whose target is a key of ``mapping``.

    A line is re-targeted to ``mapping[target]``, or dropped when that is None, when it
    would point at its own source, or when the source already has a line of that type to
    the new target. Predecessor lists lose the ids that no longer exist.
    """
    if not mapping:
        return
    gone = {k for k in mapping if k not in state.bodies and k not in state.organisations}

    def lines_of(source: str, lines: tuple[ReportingLine, ...]) -> tuple[ReportingLine, ...]:
        kept = [line for line in lines if line.target not in mapping]
        keys = {(line.target, line.type) for line in kept}
        out: list[ReportingLine] = []
        for line in lines:
            if line.target not in mapping:
                out.append(line)
                continue
            target = mapping[line.target]
            if target is None or target == source or (target, line.type) in keys:
                continue
            keys.add((target, line.type))
            out.append(line.model_copy(update={"target": target}))
        return tuple(out)

    def members_of(source: str, members: tuple[Membership, ...]) -> tuple[Membership, ...]:
        held = {m.member for m in members if m.body not in mapping}
        out: list[Membership] = []
        for member in members:
            if member.body is None or member.body not in mapping:
                out.append(member)
                continue
            target = mapping[member.body]
            if target is None or target == source or target in held:
                continue
            held.add(target)
            out.append(member.model_copy(update={"body": target}))
        return tuple(out)

    for bid, body in list(state.bodies.items()):
        touched = any(line.target in mapping for line in body.reporting_lines)
        seated = any(m.body in mapping for m in body.members)
        stale = any(p in gone for p in body.predecessors)
        if touched or stale or seated:
            state.bodies[bid] = body.model_copy(update={
                "reporting_lines": lines_of(bid, body.reporting_lines),
                "members": members_of(bid, body.members),
                "predecessors": tuple(p for p in body.predecessors if p not in gone),
            })
    for oid, org in list(state.organisations.items()):
        if any(line.target in mapping for line in org.reporting_lines):
            state.organisations[oid] = org.model_copy(update={
                "reporting_lines": lines_of(oid, org.reporting_lines)})


# -- merging ------------------------------------------------------------------------------


def _broadest(levels: Iterable[str]) -> str:
    return min(levels, key=lambda level: vocab.LEVEL_ORDER[level])


def merged_level(levels: Iterable[str], areas: int) -> str:
    """The broadest level, raised to ``regional`` when the merged body covers several areas."""
    level = _broadest(levels)
    if areas > 1 and vocab.LEVEL_ORDER[level] > vocab.LEVEL_ORDER["regional"]:
        return "regional"
    return level


def build_merged(state: State, group: Sequence[str], new_id: str, *, survivor: str | None,
                 name: str | None, kind: str | None, level: str | None, family: str | None,
                 operation: Operation, note: str, loc: Loc = ()) -> tuple[Body, Footprint]:
    """The body that ``group`` becomes, and its footprint (see the module's rules)."""
    bodies = [state.bodies[b] for b in group]
    base = state.bodies[survivor] if survivor else None
    ordered = [base, *(b for b in bodies if b.id != survivor)] if base else bodies
    areas: frozenset[str] = frozenset().union(*(state.areas_of(b) for b in bodies))
    title = name or (base.name if base else derive_name([b.name for b in bodies]))
    prov = state.provenance(operation)
    footprint = state.footprint_for(
        areas, family=family, prefer=[b.footprint for b in ordered], new_id=new_id,
        name=title, operation=operation, note=note)

    def fresh(body: Body) -> bool:
        return base is None or body is not base

    members: dict[str, Membership] = {}
    for body in ordered:
        for member in body.members:
            if member.member in group:
                continue  # a merged body does not sit on what it merged into
            current = members.get(member.member)
            if current is None:
                members[member.member] = (
                    Membership(organisation=member.organisation, body=member.body,
                               role=member.role, **prov)
                    if fresh(body) else member)
            elif vocab.ROLE_STRENGTH[member.role] > vocab.ROLE_STRENGTH[current.role]:
                members[member.member] = current.model_copy(update={"role": member.role})

    lines: list[ReportingLine] = []
    seen_lines: set[tuple[str, str]] = set()
    duties: dict[str, DutyAssignment] = {}
    themes: dict[str, None] = {}
    for body in ordered:
        for line in body.reporting_lines:
            if (line.target, line.type) in seen_lines or line.target in group:
                continue
            seen_lines.add((line.target, line.type))
            lines.append(ReportingLine(target=line.target, type=line.type, **prov)
                         if fresh(body) else line)
        for assignment in body.discharges:
            if assignment.duty not in duties:
                duties[assignment.duty] = (DutyAssignment(duty=assignment.duty, **prov)
                                           if fresh(body) else assignment)
        themes.update(dict.fromkeys(body.themes))

    basis = next((b.statutory_basis for b in ordered if b.statutory_basis is not None), None)
    chairs = {b.current_chair for b in bodies}
    chair = base.current_chair if base else (chairs.pop() if len(chairs) == 1 else None)
    others = [b.name for b in ordered if b is not base]
    text = f"{note}: " + (f"absorbs {_and(others)}." if base else f"merges {_and(others)}.")
    update: dict[str, Any] = {
        "kind": kind or (base.kind if base else bodies[0].kind),
        "level": level or merged_level([b.level for b in bodies], len(areas)),
        "footprint": footprint.id,
        "themes": tuple(themes),
        "statutory_basis": basis,
        "chair": chair,
        "chairs": (),
        "members": tuple(members.values()),
        "reporting_lines": tuple(lines),
        "discharges": tuple(duties.values()),
    }
    if base is not None:
        update["name"] = title
        update["predecessors"] = tuple(p for p in base.predecessors if p not in group)
        update["notes"] = f"{base.notes}\n{text}" if base.notes else text
        return base.model_copy(update=update), footprint
    try:
        made = Body(id=new_id, name=title, notes=text, **update, **prov)
    except ValidationError as exc:
        raise OperationError(f"cannot make the merged body: {_first_error(exc)}", loc) from None
    return made, footprint


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def commit_merges(state: State, merges: Sequence[tuple[Sequence[str], Body, Footprint]]) -> None:
    """Replace each group by its merged body and re-point lines, in one pass."""
    mapping: dict[str, str | None] = {}
    for group, body, footprint in merges:
        state.add_footprint(footprint)
        for old in group:
            state.bodies.pop(old, None)
            if old != body.id:
                mapping[old] = body.id
                state.gone[old] = f"merged into '{body.id}' by {state.current}"
        state.bodies[body.id] = body
    repoint(state, mapping)


# -- the operations -----------------------------------------------------------------------


def merge(state: State, op: Merge, note: str) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(op.bodies):
        if ident in seen:
            raise OperationError(f"'{ident}' is listed twice: a body cannot be merged with "
                                 "itself", ("bodies", i))
        seen.add(ident)
        state.body(ident, ("bodies", i))
    survivor: str | None = None
    if op.into is not None and op.into in state.bodies:
        survivor = op.into
    elif op.into is not None and state.taken(op.into):
        raise OperationError(f"'{op.into}' is already the id of {_a(str(state.taken(op.into)))}"
                             f" {state.taken(op.into)}; choose another id for the merged body",
                             ("into",))
    group = list(op.bodies)
    if survivor and survivor not in group:
        group.append(survivor)
    new_id = op.into or derive_id(op.bodies)
    if survivor is None and state.taken(new_id):
        raise OperationError(f"the id '{new_id}' made from the merged ids is already used; "
                             "name the merged body with 'into:'", ("bodies",))
    body, footprint = build_merged(
        state, group, new_id, survivor=survivor, name=op.name, kind=op.kind, level=op.level,
        family=op.family, operation=op, note=note, loc=("into",))
    commit_merges(state, [(group, body, footprint)])


def _parent(state: State, body: Body) -> str | None:
    for kind in ("sub_group_of", "accountable_to", "reports_to"):
        for line in body.reporting_lines:
            if line.type == kind and line.target in state.bodies:
                return line.target
    return None


def _pointing_at(state: State, ident: str) -> list[str]:
    found = [b.id for b in state.bodies.values()
             if any(line.target == ident for line in b.reporting_lines)]
    found += [o.id for o in state.organisations.values()
              if any(line.target == ident for line in o.reporting_lines)]
    return found


def dissolve(state: State, op: Dissolve, note: str) -> None:
    body = state.body(op.body, ("body",))
    destination: str | None
    if op.to is not None:
        if op.to == op.body:
            raise OperationError("a body cannot be dissolved into itself; name another body "
                                 "in 'to:', or use remove_body", ("to",))
        destination = state.body(op.to, ("to",)).id
    else:
        destination = _parent(state, body)
    subgroups = [s for s in _pointing_at(state, body.id) if s != destination]
    if destination is None and (body.discharges or subgroups):
        what = []
        if body.discharges:
            what.append(f"{len(body.discharges)} dut{'y' if len(body.discharges) == 1 else 'ies'}")
        if subgroups:
            what.append(f"{len(subgroups)} sub-group{'s' if len(subgroups) != 1 else ''} or "
                        "line(s) pointing at it")
        raise OperationError(f"'{body.id}' has {' and '.join(what)} but no parent body to pass "
                             "them to; say where they go with 'to:' (or use remove_body to "
                             "drop them)", ("body",))
    if destination is not None and body.discharges:
        target = state.bodies[destination]
        have = {d.duty for d in target.discharges}
        added = tuple(DutyAssignment(duty=d.duty, **state.provenance(op))
                      for d in body.discharges if d.duty not in have)
        state.bodies[destination] = target.model_copy(
            update={"discharges": (*target.discharges, *added)})
    del state.bodies[body.id]
    state.gone[body.id] = f"dissolved by {state.current}"
    repoint(state, {body.id: destination})


def regionalise(state: State, op: Regionalise, note: str) -> None:
    bodies = sorted((b for b in state.bodies.values() if b.kind == op.kind), key=lambda b: b.id)
    if not bodies:
        kinds = sorted({b.kind for b in state.bodies.values()})
        raise OperationError(f"there is no body of kind '{op.kind}' on {state.date.isoformat()}"
                             + (vocab.did_you_mean(op.kind, kinds)), ("kind",))
    footprints = sorted(
        (f for f in state.footprints.values()
         if f.family == op.family and is_active(f.start_date, f.end_date, state.date)),
        key=lambda f: (len(f.areas), f.id))
    if not footprints:
        families = sorted({f.family for f in state.footprints.values()})
        raise OperationError(f"there is no footprint of family '{op.family}' on "
                             f"{state.date.isoformat()}; families in this landscape: "
                             f"{', '.join(families)}", ("family",))
    groups: dict[str, list[str]] = {}
    outside: list[str] = []
    for body in bodies:
        areas = state.areas_of(body)
        home = next((f for f in footprints if areas and areas <= frozenset(f.areas)), None)
        if home is None:
            outside.append(body.name)
        else:
            groups.setdefault(home.id, []).append(body.id)
    if outside:
        raise OperationError(
            f"{len(outside)} bod{'y lies' if len(outside) == 1 else 'ies lie'} in no single "
            f"'{op.family}' footprint: {_and(outside)}; merge or re-footprint "
            f"{'it' if len(outside) == 1 else 'them'} first, or choose another family",
            ("family",))
    label = vocab.BODY_KINDS[op.new_kind or op.kind].split(" (")[0].removeprefix("a ")
    label = label.removeprefix("an ")
    merges: list[tuple[Sequence[str], Body, Footprint]] = []
    made: set[str] = set()
    for fid, group in groups.items():
        if len(group) < 2:
            continue
        region = state.footprints[fid]
        prefix = derive_id(group).split("-")[0] if "-" in group[0] else op.kind
        new_id = (op.id or f"{prefix}-{{footprint}}").replace("{footprint}", fid)
        name = (op.name or f"{{footprint}} {label}").replace("{footprint}", region.name)
        if (state.taken(new_id) and new_id not in group) or new_id in made:
            raise OperationError(f"the id '{new_id}' for the {region.name} body is already "
                                 "used; give an 'id:' template such as "
                                 "'regional-csp-{footprint}'", ("id",) if op.id else ())
        made.add(new_id)
        body, footprint = build_merged(
            state, group, new_id, survivor=None, name=name, kind=op.new_kind or op.kind,
            level=op.level, family=None, operation=op, note=note, loc=("id",))
        merges.append((group, body, footprint))
    commit_merges(state, merges)


def transfer_duty(state: State, op: TransferDuty, note: str) -> None:
    duty = state.duty(op.duty, ("duty",))
    source = state.body(op.from_, ("from",))
    target = state.body(op.to, ("to",))
    if source.id == target.id:
        raise OperationError("'from' and 'to' are the same body; nothing would move", ("to",))
    if all(d.duty != duty.id for d in source.discharges):
        holders = [b.name for b in state.bodies.values()
                   if any(d.duty == duty.id for d in b.discharges)]
        held = f"; it is discharged by {_and(holders)}" if holders else \
            "; no body discharges it"
        raise OperationError(f"{source.name} does not discharge '{duty.id}'{held}", ("from",))
    state.bodies[source.id] = source.model_copy(update={
        "discharges": tuple(d for d in source.discharges if d.duty != duty.id)})
    if all(d.duty != duty.id for d in target.discharges):
        state.bodies[target.id] = target.model_copy(update={"discharges": (
            *target.discharges, DutyAssignment(duty=duty.id, **state.provenance(op)))})


def add_body(state: State, op: AddBody, note: str) -> None:
    body = op.body
    used = state.taken(body.id)
    if used:
        raise OperationError(f"'{body.id}' is already the id of {_a(used)} {used}; choose "
                             "another id", ("body", "id"))
    state.footprint(body.footprint, ("body", "footprint"))
    if body.chair is not None:
        state.organisation(body.chair, ("body", "chair"))
    for i, chair in enumerate(body.chairs):
        state.organisation(chair.organisation, ("body", "chairs", i, "organisation"))
    seen: set[str] = set()
    for i, member in enumerate(body.members):
        if member.body is not None:
            state.body(member.body, ("body", "members", i, "body"))
        else:
            state.organisation(member.member, ("body", "members", i, "organisation"))
        if member.member in seen:
            raise OperationError(f"'{member.member}' is listed twice as a member",
                                 ("body", "members", i, "organisation"))
        seen.add(member.member)
    for i, line in enumerate(body.reporting_lines):
        if line.target == body.id:
            raise OperationError("a body cannot report to itself",
                                 ("body", "reporting_lines", i, "target"))
        state.actor(line.target, ("body", "reporting_lines", i, "target"))
    for i, assignment in enumerate(body.discharges):
        state.duty(assignment.duty, ("body", "discharges", i))
    for i, predecessor in enumerate(body.predecessors):
        state.body(predecessor, ("body", "predecessors", i))
    if not is_active(body.start_date, body.end_date, state.date):
        raise OperationError(f"the new body is not active on the scenario's date "
                             f"({state.date.isoformat()}); change its start_date or end_date",
                             ("body", "start_date"))
    prov = state.provenance(op)
    state.bodies[body.id] = body.model_copy(update={
        "start_date": body.start_date or prov["start_date"],
        "sources": body.sources or prov["sources"],
    })


def remove_body(state: State, op: RemoveBody, note: str) -> None:
    body = state.body(op.body, ("body",))
    del state.bodies[body.id]
    state.gone[body.id] = f"removed by {state.current}"
    repoint(state, {body.id: None})


def _seat(state: State, body: Body, organisation: str, loc: Loc) -> int:
    for i, member in enumerate(body.members):
        if member.member == organisation:
            return i
    members = [m.member for m in body.members]
    raise OperationError(f"{state.name(organisation)} is not a member of {body.name}"
                         + vocab.did_you_mean(organisation, members), loc)


def add_member(state: State, op: AddMember, note: str) -> None:
    body = state.body(op.body, ("body",))
    org = state.organisation(op.organisation, ("organisation",))
    for member in body.members:
        if member.organisation == org.id:
            raise OperationError(f"{org.name} is already a member of {body.name} (as "
                                 f"{member.role}); use set_role to change its role",
                                 ("organisation",))
    seat = Membership(organisation=org.id, role=op.role, **state.provenance(op))
    state.bodies[body.id] = body.model_copy(update={"members": (*body.members, seat)})


def remove_member(state: State, op: RemoveMember, note: str) -> None:
    body = state.body(op.body, ("body",))
    state.organisation(op.organisation, ("organisation",))
    index = _seat(state, body, op.organisation, ("organisation",))
    state.bodies[body.id] = body.model_copy(update={
        "members": body.members[:index] + body.members[index + 1:],
        "chair": None if body.chair == op.organisation else body.chair,
        "chairs": tuple(c for c in body.chairs if c.organisation != op.organisation),
    })


def set_role(state: State, op: SetRole, note: str) -> None:
    body = state.body(op.body, ("body",))
    state.organisation(op.organisation, ("organisation",))
    index = _seat(state, body, op.organisation, ("organisation",))
    members = list(body.members)
    members[index] = members[index].model_copy(update={"role": op.role})
    state.bodies[body.id] = body.model_copy(update={"members": tuple(members)})


def move_line(state: State, op: MoveLine, note: str) -> None:
    body = state.body(op.body, ("body",))
    if op.to == body.id:
        raise OperationError("a body cannot report to itself", ("to",))
    state.actor(op.to, ("to",))
    if op.from_ is not None:
        state.actor(op.from_, ("from",))
        replaced = [line for line in body.reporting_lines if line.target == op.from_]
        if not replaced:
            targets = [state.name(line.target) for line in body.reporting_lines]
            now = f"; its lines go to {_and(targets)}" if targets else "; it has no lines"
            raise OperationError(f"{body.name} has no reporting line to "
                                 f"{state.name(op.from_)}{now}", ("from",))
    else:
        replaced = [line for line in body.reporting_lines
                    if line.type in vocab.UPWARD_LINE_TYPES]
    kind = op.type or (replaced[0].type if replaced else "reports_to")
    kept = [line for line in body.reporting_lines if line not in replaced]
    if all((line.target, line.type) != (op.to, kind) for line in kept):
        kept.append(ReportingLine(target=op.to, type=kind, **state.provenance(op)))
    state.bodies[body.id] = body.model_copy(update={"reporting_lines": tuple(kept)})


def add_line(state: State, op: AddLine, note: str) -> None:
    body = state.body(op.body, ("body",))
    if op.to == body.id:
        raise OperationError("a body cannot report to itself", ("to",))
    state.actor(op.to, ("to",))
    if any((line.target, line.type) == (op.to, op.type) for line in body.reporting_lines):
        raise OperationError(f"{body.name} already has this line to {state.name(op.to)}",
                             ("to",))
    line = ReportingLine(target=op.to, type=op.type, **state.provenance(op))
    state.bodies[body.id] = body.model_copy(
        update={"reporting_lines": (*body.reporting_lines, line)})


def remove_line(state: State, op: RemoveLine, note: str) -> None:
    body = state.body(op.body, ("body",))
    state.actor(op.to, ("to",))
    gone = [line for line in body.reporting_lines
            if line.target == op.to and op.type in (None, line.type)]
    if not gone:
        targets = [state.name(line.target) for line in body.reporting_lines]
        now = f"; its lines go to {_and(targets)}" if targets else "; it has no lines"
        kind = f" of type {op.type}" if op.type else ""
        raise OperationError(f"{body.name} has no reporting line{kind} to "
                             f"{state.name(op.to)}{now}", ("to",))
    state.bodies[body.id] = body.model_copy(update={"reporting_lines": tuple(
        line for line in body.reporting_lines if line not in gone)})


def set_footprint(state: State, op: SetFootprint, note: str) -> None:
    body = state.body(op.body, ("body",))
    footprint = state.footprint(op.footprint, ("footprint",))
    update: dict[str, Any] = {"footprint": footprint.id}
    if op.level is not None:
        update["level"] = op.level
    state.bodies[body.id] = body.model_copy(update=update)


Handler = Callable[[State, Any, str], None]

HANDLERS: Mapping[type[Operation], Handler] = {
    Merge: merge,
    Dissolve: dissolve,
    Regionalise: regionalise,
    TransferDuty: transfer_duty,
    AddBody: add_body,
    RemoveBody: remove_body,
    AddMember: add_member,
    RemoveMember: remove_member,
    SetRole: set_role,
    MoveLine: move_line,
    AddLine: add_line,
    RemoveLine: remove_line,
    SetFootprint: set_footprint,
}

def creates(operation: Operation) -> set[str]:
    """Ids an operation would have made (so later references to them are not re-reported)."""
    if isinstance(operation, Merge):
        return {operation.into or derive_id(operation.bodies)}
    if isinstance(operation, AddBody):
        return {operation.body.id}
    return set()
