"""Accountability: who answers to whom, and whether the chain ends with someone elected.

Reporting lines are typed (see :data:`govmap.model.vocab.LINE_TYPES`). The *upward* lines
are ``accountable_to``, ``reports_to`` and ``sub_group_of``: following them from a body
climbs its chain of command. ``scrutinised_by`` and ``funded_by`` lines are not steps up a
chain, but scrutiny is looked for along it.

Measures
--------
- :func:`upward_graph`: the directed graph of upward lines.
- :func:`line_of_sight`: for each body, the shortest chain of upward lines to national
  level.
- :func:`findings`: ``no-upward-line``, ``no-democratic-route``, ``too-many-masters``,
  ``reporting-cycle``, ``no-scrutiny``, ``devolution-crossing``, ``long-line-of-sight``
  and, given the undated landscape, ``orphaned-sub-group``.

The subjects of these findings are bodies: boards, partnerships and groups. Organisations
are where chains end (a council answers to its electorate, a commissioner to the voters of
a police area), so they are followed but not themselves judged.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import deque
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from govmap.metrics.common import Row, and_list, cited, label, names, plural, sorted_by_name
from govmap.metrics.findings import Finding
from govmap.model import vocab
from govmap.model.dates import is_active
from govmap.model.entities import Body, Organisation, Provenance
from govmap.model.landscape import Landscape

#: Organisation kinds that stand at national level for :func:`line_of_sight`.
NATIONAL_KINDS: frozenset[str] = frozenset({
    "devolved_government", "government_department", "government_division", "legislature",
})

#: A local or sub-local body this many upward steps (or more) from national level is a
#: ``long-line-of-sight`` finding.
LONG_LINE_OF_SIGHT = 4

#: Body kinds that are voluntary forums of practitioners (a network, an association of
#: officers): they decide nothing for anyone else, so their accountability is not judged.
FORUM_KINDS: frozenset[str] = frozenset({"network", "professional_association"})

#: Each line type as a verb phrase: "X <phrase> Y".
LINE_PHRASES: Mapping[str, str] = {
    "accountable_to": "is accountable to",
    "reports_to": "reports to",
    "sub_group_of": "is a sub-group of",
    "scrutinised_by": "is scrutinised by",
    "funded_by": "is funded by",
}

#: How many names a finding's evidence lists before stopping.
_EVIDENCE_LIMIT = 12
#: A route longer than this many steps is shown by its first and last ROUTE_SHOWN // 2
#: steps (``line_of_sight`` rows and ``long-line-of-sight`` findings; ``depth`` stays
#: exact): a chain of n reporting lines would otherwise hold n²/2 steps.
ROUTE_SHOWN = 50


def _shown(route: list[str]) -> tuple[list[str], int]:
    """The ids of a route as shown, and how many were left out of its middle."""
    if len(route) <= ROUTE_SHOWN + 1:
        return route, 0
    half = ROUTE_SHOWN // 2
    return route[:half] + route[-half:], len(route) - 2 * half


def _actors(landscape: Landscape) -> Iterable[Body | Organisation]:
    yield from landscape.organisations.values()
    yield from landscape.bodies.values()


def _is_sovereign(actor: Body | Organisation) -> bool:
    return actor.kind in vocab.SOVEREIGN_KINDS


def upward_graph(landscape: Landscape) -> nx.DiGraph:
    """A directed graph with an edge ``x -> y`` for each upward line from x to y.

    Nodes are every body and organisation; each edge keeps the set of line ``types``
    between the two.
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(landscape.organisations)
    graph.add_nodes_from(landscape.bodies)
    for actor in _actors(landscape):
        for line in actor.reporting_lines:
            if line.type not in vocab.UPWARD_LINE_TYPES or landscape.actor(line.target) is None:
                continue
            if graph.has_edge(actor.id, line.target):
                graph.edges[actor.id, line.target]["types"].add(line.type)
            else:
                graph.add_edge(actor.id, line.target, types={line.type})
    return graph


def _line_sources(landscape: Landscape, source: str, target: str, kinds: Iterable[str]
                  ) -> list[str]:
    actor = landscape.actor(source)
    wanted = set(kinds)
    return [s for line in (actor.reporting_lines if actor else ())
            if line.target == target and line.type in wanted for s in line.sources]


def _step(landscape: Landscape, graph: nx.DiGraph, source: str, target: str) -> Row:
    """One upward line as evidence: its two ends by id and name, its type and its sources."""
    kinds = sorted(graph.edges[source, target]["types"])
    sources = _line_sources(landscape, source, target, kinds)
    return {"from": source, "from_name": landscape.name_of(source),
            "type": kinds[0], "line": " and ".join(LINE_PHRASES.get(k, label(k)) for k in kinds),
            "to": target, "to_name": landscape.name_of(target),
            "sources": sources, "source": cited(sources)}


def _step_text(step: Row) -> str:
    return f"{step['from_name']} {step['line']} {step['to_name']} ({step['source']})"


def _why_stops(landscape: Landscape, actor_id: str) -> str:
    """Why following upward lines stops at ``actor_id``: it has none (and what it has)."""
    actor = landscape.actor(actor_id)
    if actor is None:
        return f"{actor_id} is not in the map"
    others = sorted({f"{LINE_PHRASES.get(line.type, label(line.type))} "
                     f"{landscape.name_of(line.target)}"
                     for line in actor.reporting_lines
                     if line.type not in vocab.UPWARD_LINE_TYPES})
    what = (f"{actor.name} ({label(actor.kind)}, not elected)"
            if isinstance(actor, Organisation) else actor.name)
    which = "which is not a line upwards" if len(others) == 1 else "which are not lines upwards"
    notes = [f"it {and_list(others)}, {which}"] if others else []
    chair = actor.chair if isinstance(actor, Body) else None
    if chair and landscape.actor(chair) is not None:
        notes.append(f"it is chaired by {landscape.name_of(chair)}, but no line to "
                     f"{'it' if chair != actor.id else 'anyone'} is recorded")
    tail = f" ({'; '.join(notes)})" if notes else ""
    return f"{what} is accountable to, reports to and is a sub-group of nobody{tail}"


def _unscrutinised(name: str, above: int) -> str:
    if not above:
        return f"{name} has no 'scrutinised by' line and nothing above it"
    return (f"neither {name} nor {_above_words(above)} has a 'scrutinised by' line, "
            "and none is a legislature")


def _above_words(count: int) -> str:
    if count == 1:
        return "the body or organisation above it"
    return f"any of the {count} bodies and organisations above it"


def _chain(steps: list[Row], stops: list[str], shown: int = 4) -> str:
    """The chain followed, as one sentence's worth: the first lines, then where it stops."""
    parts = [f"{s['from_name']} {s['line']} {s['to_name']}" for s in steps[:shown]]
    if len(steps) > shown:
        parts.append(f"and {plural(len(steps) - shown, 'more line')} (see the evidence)")
    parts += stops[:2]
    if len(stops) > 2:
        parts.append(f"and {plural(len(stops) - 2, 'more stop')}")
    return "; ".join(parts)


def trace(landscape: Landscape, graph: nx.DiGraph, start: str,
          limit: int = 12) -> tuple[list[Row], list[str]]:
    """The upward lines followed from ``start``, breadth first, and where and why each
    chain stops.

    Returns
    -------
    (steps, stops)
        ``steps``: one row per upward line followed (see :func:`_step`: ``from``,
        ``from_name``, ``type``, ``line``, ``to``, ``to_name``, ``sources`` and
        ``source``, the citation), at most ``limit``. ``stops``: a sentence for each place
        a chain ends: an actor with no upward line (saying what other lines it has), or a
        line back to an actor already on the chain.
    """
    steps: list[Row] = []
    stops: list[str] = []
    seen = {start}
    queue: deque[str] = deque([start])
    while queue:
        current = queue.popleft()
        ups = sorted_by_name(landscape, graph.successors(current))
        if not ups:
            stops.append(_why_stops(landscape, current))
        for up in ups:
            if len(steps) < limit:
                steps.append(_step(landscape, graph, current, up))
            if up in seen:
                stops.append(f"{landscape.name_of(current)} leads back to "
                             f"{landscape.name_of(up)}, already on the chain")
            else:
                seen.add(up)
                queue.append(up)
    return steps, stops


class _Above:
    """What lies above each actor (the upward lines traced, and the actors reached), worked
    out once per actor and shared down a chain.

    An actor with one upward line and on no cycle sees exactly what the actor above it
    sees, plus that one line: its trace is that line then the trace above (cut at the
    evidence limit), and what it reaches is the actor above and everything that reaches.
    So a chain of 5,000 reporting lines is walked once, not once per body (which took
    71 s); other actors are traced in full, as before.
    """

    def __init__(self, landscape: Landscape, graph: nx.DiGraph, limit: int) -> None:
        self.landscape, self.graph, self.limit = landscape, graph, limit
        self.cyclic = {n for c in nx.strongly_connected_components(graph) if len(c) > 1
                       for n in c} | {n for n in graph if graph.has_edge(n, n)}
        #: actor -> (steps, stops, how many actors it reaches, the first of them by name)
        self.known: dict[str, tuple[list[Row], list[str], int, list[str]]] = {}
        self.steps: dict[tuple[str, str], Row] = {}

    def step(self, source: str, target: str) -> Row:
        if (source, target) not in self.steps:
            self.steps[source, target] = _step(self.landscape, self.graph, source, target)
        return self.steps[source, target]

    def _single(self, actor: str) -> str | None:
        ups = list(self.graph.successors(actor))
        return ups[0] if len(ups) == 1 and actor not in self.cyclic else None

    def of(self, actor: str) -> tuple[list[Row], list[str], int, list[str]]:
        chain: list[str] = []
        current = actor
        while current not in self.known:
            up = self._single(current)
            if up is None:
                steps, stops = trace(self.landscape, self.graph, current, self.limit)
                reached = sorted_by_name(self.landscape, nx.descendants(self.graph, current))
                self.known[current] = (steps, stops, len(reached), reached[:self.limit])
                break
            chain.append(current)
            current = up
        for below in reversed(chain):
            up = next(iter(self.graph.successors(below)))
            steps, stops, count, first = self.known[up]
            self.known[below] = (
                [self.step(below, up), *steps][:self.limit], stops,
                count + 1,  # networkx leaves an actor out of its own descendants
                sorted_by_name(self.landscape, {up, *first})[:self.limit])
        steps, stops, count, first = self.known[actor]
        return list(steps), list(stops), count, list(first)


def _some(first: Sequence[str], count: int, limit: int = 4) -> str:
    """:func:`and_list` of ``count`` names of which only the ``first`` are known."""
    if count > limit:
        rest = count - limit
        return f"{', '.join(first[:limit])} and {rest} other{'s' if rest > 1 else ''}"
    return and_list(first)


def _climbers(graph: nx.DiGraph, tops: Iterable[str]) -> dict[str, str | None]:
    """Everything that reaches one of ``tops`` by upward lines, with its next step there.

    A breadth-first search backwards from ``tops``: linear in the size of the graph, and
    the next steps trace a shortest route.
    """
    step: dict[str, str | None] = {}
    queue: deque[str] = deque()
    for top in tops:
        if top not in step:
            step[top] = None
            queue.append(top)
    while queue:
        current = queue.popleft()
        for below in graph.predecessors(current):
            if below not in step:
                step[below] = current
                queue.append(below)
    return step


def _route(step: Mapping[str, str | None], start: str) -> list[str]:
    route = [start]
    nxt = step.get(start)
    while nxt is not None:
        route.append(nxt)
        nxt = step.get(nxt)
    return route


def _democratic_tops(landscape: Landscape) -> list[str]:
    return [a.id for a in _actors(landscape)
            if (isinstance(a, Organisation) and a.elected) or _is_sovereign(a)]


def _scrutinised(landscape: Landscape) -> list[str]:
    return [a.id for a in _actors(landscape)
            if _is_sovereign(a) or any(
                line.type == "scrutinised_by" and landscape.actor(line.target) is not None
                for line in a.reporting_lines)]


def _national(landscape: Landscape) -> list[str]:
    tops = [b.id for b in landscape.bodies.values() if b.level == "national"]
    tops += [o.id for o in landscape.organisations.values() if o.kind in NATIONAL_KINDS]
    return tops


def line_of_sight(landscape: Landscape, graph: nx.DiGraph | None = None) -> list[Row]:
    """For each body, the shortest chain of upward lines to national level.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view.
    graph : networkx.DiGraph, optional
        :func:`upward_graph` of the landscape, when already built.

    Returns
    -------
    list of dict
        One row per body, longest chain first: ``body``, ``body_name``, ``level``,
        ``depth`` (upward steps to national level: 0 for a national body, None when no
        chain reaches it) and ``route`` / ``route_names`` (the chain, from the body up).

    Notes
    -----
    *National level* means a body at national level, or a government or legislature
    (:data:`NATIONAL_KINDS`). The depth is the *line of sight* between national policy
    and local delivery: each step is a board that must pass a message on. Computed by
    one breadth-first search backwards from every national node.

    Examples
    --------
    A task group, sub-group of a community safety partnership, which reports to a
    regional board, which is accountable to the Welsh Government: depth 3.
    """
    upward = upward_graph(landscape) if graph is None else graph
    step = _climbers(upward, _national(landscape))
    rows: list[Row] = []
    for body in landscape.bodies.values():
        route = _route(step, body.id) if body.id in step else []
        shown, _ = _shown(route)
        rows.append({
            "body": body.id, "body_name": body.name, "level": body.level,
            "depth": len(route) - 1 if route else None,
            "route": shown, "route_names": names(landscape, shown),
        })
    rows.sort(key=lambda r: (r["depth"] is None, -(r["depth"] or 0), r["body_name"].lower()))
    return rows


def body_side(landscape: Landscape, body: Body) -> str | None:
    """``devolved`` or ``non-devolved`` for a body, when it can be told; else None.

    In order: the body's ``devolved`` attribute when it is a boolean; ``devolved`` when its
    statutory basis is a Welsh Act (the Act's name contains "(Wales)"); the side all its
    members share, when they all share one. A partnership of devolved and non-devolved
    members with no Welsh statute has no side.
    """
    given = body.attributes.get("devolved")
    if isinstance(given, bool):
        return "devolved" if given else "non-devolved"
    if body.statutory_basis is not None and "(Wales)" in body.statutory_basis.act:
        return "devolved"
    sides = {landscape.organisations[m.member].devolved for m in body.members
             if m.member in landscape.organisations}
    if len(sides) == 1:
        return "devolved" if sides.pop() else "non-devolved"
    return None


def _side(landscape: Landscape, actor: Body | Organisation) -> str | None:
    if isinstance(actor, Organisation):
        return "devolved" if actor.devolved else "non-devolved"
    return body_side(landscape, actor)


def _cycle(graph: nx.DiGraph, component: set[str]) -> list[str]:
    """One cycle through a strongly connected component, as ids, first id repeated last."""
    edges = nx.find_cycle(graph.subgraph(component), source=min(component))
    return [edges[0][0]] + [edge[1] for edge in edges]


def orphaned_sub_groups(history: Landscape, on: dt.date | None = None) -> list[Finding]:
    """``orphaned-sub-group`` findings: sub-groups whose parent body was dissolved.

    Parameters
    ----------
    history : Landscape
        The undated landscape (with ended bodies still in it).
    on : date, optional
        The day of the report. A body active that day with a ``sub_group_of`` line
        active that day to a body that had ended by then is orphaned. Without a day, a
        sub-group that outlives its parent (no end date, or a later one) is orphaned.
    """
    found: list[Finding] = []
    for body in history.bodies.values():
        if on is not None and not _active(body, on):
            continue
        for line in body.reporting_lines:
            parent = history.bodies.get(line.target)
            if line.type != "sub_group_of" or parent is None or parent.end_date is None:
                continue
            ended = parent.end_date.first
            if on is not None:
                orphaned = ended <= on and _active(line, on)
            else:
                orphaned = body.end_date is None or body.end_date.first > ended
                orphaned = orphaned and (line.end_date is None or line.end_date.first > ended)
            if orphaned:
                found.append(Finding(
                    code="orphaned-sub-group", severity="high", subjects=(body.id, parent.id),
                    message=(f"{body.name} is still recorded as a sub-group of {parent.name}, "
                             f"which ended on {parent.end_date}."),
                    evidence={"body": body.id, "parent": parent.id,
                              "parent_name": parent.name, "parent_ended": str(parent.end_date)},
                ))
    return found


def _active(item: Provenance, on: dt.date) -> bool:
    return is_active(item.start_date, item.end_date, on)


def findings(landscape: Landscape, *, history: Landscape | None = None,
             on: dt.date | None = None,
             sight: list[Row] | None = None) -> list[Finding]:
    """Accountability findings on the bodies of ``landscape``.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view.
    history : Landscape, optional
        The undated landscape, for ``orphaned-sub-group`` (skipped without it).
    on : date, optional
        The day of the report, for ``orphaned-sub-group``.
    sight : rows of :func:`line_of_sight`, optional
        When already computed.

    Notes
    -----
    - ``no-upward-line`` (medium): the body has no ``accountable_to``, ``reports_to`` or
      ``sub_group_of`` line. Bodies sovereign by nature (:data:`SOVEREIGN_KINDS`) are
      exempt from every finding here, and so are practitioners' networks and associations
      (:data:`FORUM_KINDS`): voluntary forums that decide nothing for anyone else.
    - ``no-democratic-route`` (high): no chain of upward lines from the body reaches an
      elected organisation (a council, a police and crime commissioner) or a legislature.
    - ``too-many-masters`` (medium): ``accountable_to`` lines to more than one body or
      organisation.
    - ``reporting-cycle`` (high): a chain of upward lines returns to where it started;
      one finding per strongly connected group.
    - ``no-scrutiny`` (medium): neither the body nor anything above it (by upward lines)
      has a ``scrutinised_by`` line, and no chain reaches a legislature.
    - ``devolution-crossing`` (info): a line between a devolved and a non-devolved body or
      organisation (see :func:`body_side` for how a body's side is told); lines from
      organisations count too, since they carry bodies' chains.
    - ``long-line-of-sight`` (info): a local or sub-local body
      :data:`LONG_LINE_OF_SIGHT` or more steps below national level.
    - ``orphaned-sub-group`` (high): see :func:`orphaned_sub_groups`.
    """
    graph = upward_graph(landscape)
    democratic = _climbers(graph, _democratic_tops(landscape))
    scrutinised = _climbers(graph, _scrutinised(landscape))
    found: list[Finding] = []
    above_of = _Above(landscape, graph, _EVIDENCE_LIMIT)
    for body in landscape.bodies.values():
        if _is_sovereign(body) or body.kind in FORUM_KINDS:
            continue
        ups = list(graph.successors(body.id))
        if not ups:
            why = _why_stops(landscape, body.id)
            found.append(Finding(
                code="no-upward-line", severity="medium", subjects=(body.id,),
                message=f"{why}.",
                evidence={"kind": body.kind, "level": body.level, "stops": [why]},
            ))
        if body.id not in democratic:
            steps, stops, count, reached = above_of.of(body.id)
            found.append(Finding(
                code="no-democratic-route", severity="high", subjects=(body.id,),
                message=(f"No chain of upward lines from {body.name} reaches anyone "
                         f"elected: {_chain(steps, stops)}."),
                evidence={"path": steps, "steps": [_step_text(s) for s in steps],
                          "stops": stops,
                          "reaches": reached,
                          "reaches_names": names(landscape, reached),
                          "reaches_count": count},
            ))
        masters = sorted_by_name(landscape, {
            line.target for line in body.reporting_lines
            if line.type == "accountable_to" and landscape.actor(line.target) is not None})
        if len(masters) > 1:
            lines = [_step(landscape, graph, body.id, m) for m in masters]
            found.append(Finding(
                code="too-many-masters", severity="medium", subjects=(body.id, *masters),
                key=(body.id,),
                message=(f"{body.name} is accountable to {len(masters)} bodies: "
                         f"{and_list(names(landscape, masters))}."),
                evidence={"accountable_to": masters,
                          "accountable_to_names": names(landscape, masters),
                          "path": lines, "steps": [_step_text(s) for s in lines]},
            ))
        if body.id not in scrutinised:
            steps, _, count, chain = above_of.of(body.id)
            tail = (f", nor {_above_words(count)} "
                    f"({_some(names(landscape, chain), count)})"
                    if count else ", and it has no upward line")
            found.append(Finding(
                code="no-scrutiny", severity="medium", subjects=(body.id,),
                message=f"Nothing scrutinises {body.name}{tail}.",
                evidence={"path": steps, "steps": [_step_text(s) for s in steps],
                          "chain": chain,
                          "chain_names": names(landscape, chain),
                          "stops": [_unscrutinised(body.name, count)]},
            ))
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        cycle = _cycle(graph, component)
        members = sorted(component)
        steps = [_step(landscape, graph, a, b) for a, b in itertools.pairwise(cycle)]
        found.append(Finding(
            code="reporting-cycle", severity="high", subjects=tuple(members),
            message=("Upward lines go round in a circle: "
                     f"{' → '.join(names(landscape, cycle))}."),
            evidence={"cycle": cycle, "cycle_names": names(landscape, cycle),
                      "path": steps, "steps": [_step_text(s) for s in steps]},
        ))
    for actor in _actors(landscape):
        mine = _side(landscape, actor)
        if mine is None:
            continue
        for line in actor.reporting_lines:
            target = landscape.actor(line.target)
            theirs = _side(landscape, target) if target is not None else None
            if target is None or theirs is None or theirs == mine:
                continue
            found.append(Finding(
                code="devolution-crossing", severity="info", subjects=(actor.id, target.id),
                key=(actor.id, target.id, line.type),
                message=(f"{actor.name} ({mine}) {LINE_PHRASES[line.type]} {target.name} "
                         f"({theirs}): the line crosses the devolution boundary."),
                evidence={"type": line.type, "from_side": mine, "to_side": theirs,
                          "source": cited(line.sources)},
            ))
    rows = line_of_sight(landscape, graph) if sight is None else sight
    for row in rows:
        if row["level"] in ("local", "sub_local") and row["depth"] is not None \
                and row["depth"] >= LONG_LINE_OF_SIGHT:
            route, labels = row["route"], row["route_names"]
            # a route cut to its two ends (ROUTE_SHOWN) has no step across the cut
            skipped = row["depth"] + 1 - len(route)
            half = len(route) // 2 if skipped else len(route)
            steps = [above_of.step(a, b) for i, (a, b) in
                     enumerate(itertools.pairwise(route)) if i != half - 1]
            shown = " → ".join(labels) if not skipped else (
                f"{' → '.join(labels[:half])} → … ({plural(skipped, 'more step')}) → "
                f"{' → '.join(labels[half:])}")
            found.append(Finding(
                code="long-line-of-sight", severity="info", subjects=tuple(route),
                key=(row["body"],),
                message=(f"{row['body_name']} is {plural(row['depth'], 'step')} below national "
                         f"level: {shown}."),
                evidence={"depth": row["depth"], "route": route,
                          "route_names": labels, "route_skipped": skipped, "path": steps,
                          "steps": [_step_text(s) for s in steps]},
            ))
    if history is not None:
        found.extend(orphaned_sub_groups(history, on))
    return found
