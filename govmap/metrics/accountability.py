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

import bisect
import datetime as dt
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import cached_property
from typing import NamedTuple

import networkx as nx

from govmap.metrics.common import (
    Row,
    and_list,
    cited,
    label,
    namer,
    names,
    per_landscape,
    plural,
    sorted_by_name,
)
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


class _Lines:
    """The upward lines of a landscape, as :func:`upward_graph` holds them, in plain dicts.

    The findings follow upward lines tens of thousands of times at 10,000 bodies, and a
    dict look-up costs a fraction of a networkx view. ``ups[x]`` maps each actor that x
    has an upward line to (in the graph's order) to the line types; ``downs[y]`` holds
    every actor with an upward line to y, in the graph's order, so that searches
    backwards visit actors as they would on the graph. Only when some lines go round in
    a circle (:attr:`circular`) is the networkx graph built (:attr:`graph`), to find the
    circles as before.
    """

    def __init__(self, landscape: Landscape) -> None:
        self.landscape = landscape
        self.ups: dict[str, dict[str, set[str]]] = {}
        self.downs: dict[str, dict[str, None]] = {}
        ups, downs, upward = self.ups, self.downs, vocab.UPWARD_LINE_TYPES
        bodies, orgs = landscape.bodies, landscape.organisations
        for actor in _actors(landscape):
            downs.setdefault(actor.id, {})
            mine = ups.setdefault(actor.id, {})
            for line in actor.reporting_lines:
                target = line.target
                if line.type not in upward or (target not in bodies and target not in orgs):
                    continue
                if target in mine:
                    mine[target].add(line.type)
                else:
                    mine[target] = {line.type}
                    downs.setdefault(target, {})[actor.id] = None
                    ups.setdefault(target, {})

    @cached_property
    def circular(self) -> bool:
        """Whether some chain of upward lines comes back to where it started."""
        return not _acyclic(self.ups)

    @cached_property
    def graph(self) -> nx.DiGraph:
        """:func:`upward_graph` of the landscape."""
        return upward_graph(self.landscape)


@per_landscape
def _lines_of(landscape: Landscape) -> _Lines:
    """The :class:`_Lines` of a landscape, built once and kept for the last few landscapes
    (a landscape is immutable; the report asks :func:`line_of_sight` and then
    :func:`findings` about the same one)."""
    return _Lines(landscape)


def _acyclic(ups: Mapping[str, Iterable[str]]) -> bool:
    """Whether no chain of ``ups`` comes back to where it started (Kahn's algorithm: every
    node is taken once nothing left points at it)."""
    pointed: dict[str, int] = dict.fromkeys(ups, 0)
    for targets in ups.values():
        for target in targets:
            pointed[target] += 1
    ready = [node for node, count in pointed.items() if not count]
    taken = 0
    while ready:
        taken += 1
        for target in ups[ready.pop()]:
            pointed[target] -= 1
            if not pointed[target]:
                ready.append(target)
    return taken == len(pointed)


class _Steps:
    """Upward lines as evidence (:meth:`make`) and as sentences (:func:`_step_text`), each
    made once; the words of each set of line types and of each list of sources are worked
    out once too (thousands of lines share the same few)."""

    def __init__(self, landscape: Landscape) -> None:
        self.landscape = landscape
        self.name = namer(landscape).name
        self.rows: dict[tuple[str, str], Row] = {}
        self.texts: dict[tuple[str, str], str] = {}
        self.phrases: dict[tuple[str, ...], str] = {}
        self.citations: dict[tuple[str, ...], str] = {}

    def make(self, source: str, target: str, types: AbstractSet[str]) -> Row:
        """One upward line (or several between the same two, of ``types``) as evidence: its
        two ends by id and name, its type and its sources."""
        kinds = tuple(sorted(types))
        actor = self.landscape.actor(source)
        sources = [s for line in (actor.reporting_lines if actor else ())
                   if line.target == target and line.type in types for s in line.sources]
        phrase = self.phrases.get(kinds)
        if phrase is None:
            phrase = self.phrases[kinds] = " and ".join(
                LINE_PHRASES.get(k, label(k)) for k in kinds)
        cite = self.citations.get(key := tuple(sources))
        if cite is None:
            cite = self.citations[key] = cited(key)
        row = self.rows[source, target] = {
            "from": source, "from_name": self.name(source), "type": kinds[0], "line": phrase,
            "to": target, "to_name": self.name(target), "sources": sources, "source": cite}
        self.texts[source, target] = _step_text(row)
        return row


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
        ``steps``: one row per upward line followed (see :meth:`_Steps.make`: ``from``,
        ``from_name``, ``type``, ``line``, ``to``, ``to_name``, ``sources`` and
        ``source``, the citation), at most ``limit``. ``stops``: a sentence for each place
        a chain ends: an actor with no upward line (saying what other lines it has), or a
        line back to an actor already on the chain.
    """
    made = _Steps(landscape)
    steps, stops, _ = _trace(
        start, limit, lambda actor: sorted_by_name(landscape, graph.successors(actor)),
        lambda source, target: made.make(source, target, graph.edges[source, target]["types"]),
        lambda actor: _why_stops(landscape, actor), namer(landscape).name)
    return steps, stops


def _trace(start: str, limit: int, ups: Callable[[str], list[str]],
           step: Callable[[str, str], Row], why_stops: Callable[[str], str],
           name: Callable[[str], str]) -> tuple[list[Row], list[str], set[str]]:
    """:func:`trace`, given an actor's upward lines by name (``ups``), the step of one
    line, why a chain stops at an actor, and names; with everything it reached (``start``
    too)."""
    steps: list[Row] = []
    stops: list[str] = []
    seen = {start}
    queue: deque[str] = deque([start])
    while queue:
        current = queue.popleft()
        above = ups(current)
        if not above:
            stops.append(why_stops(current))
        for up in above:
            if len(steps) < limit:
                steps.append(step(current, up))
            if up in seen:
                stops.append(f"{name(current)} leads back to {name(up)}, already on the chain")
            else:
                seen.add(up)
                queue.append(up)
    return steps, stops, seen


class _Reach(NamedTuple):
    """What lies above an actor, as the findings show it (shared: copy before handing out)."""

    steps: list[Row]
    """The upward lines traced (at most the evidence limit)."""
    texts: list[str]
    """Those lines as sentences (:func:`_step_text`)."""
    stops: list[str]
    """Where and why each chain stops."""
    reached: int
    """How many actors it reaches."""
    first: list[str]
    """The first of them by name (at most the evidence limit)."""
    first_names: list[str]
    """Their names."""


class _Above:
    """What lies above each actor (the upward lines traced, and the actors reached), worked
    out once per actor and shared down a chain.

    An actor with one upward line and on no cycle sees exactly what the actor above it
    sees, plus that one line: its trace is that line then the trace above (cut at the
    evidence limit), and what it reaches is the actor above and everything that reaches.
    So a chain of 5,000 reporting lines is walked once, not once per body (which took
    71 s); other actors are traced in full, as before. Each line's evidence row and
    sentence, each actor's upward lines by name and why a chain stops there are worked
    out once too: the traces of thousands of bodies cross the same few boards.
    """

    def __init__(self, landscape: Landscape, lines: _Lines, limit: int) -> None:
        self.landscape, self.lines, self.limit = landscape, lines, limit
        self.index = namer(landscape)
        graph = lines.graph if lines.circular else None
        self.cyclic: set[str] = set() if graph is None else (
            {n for c in nx.strongly_connected_components(graph) if len(c) > 1 for n in c}
            | {n for n in graph if graph.has_edge(n, n)})
        self.known: dict[str, _Reach] = {}
        self.made = _Steps(landscape)
        self.ordered: dict[str, list[str]] = {}
        self.stops: dict[str, str] = {}

    def step(self, source: str, target: str) -> Row:
        """The evidence row of the upward line(s) from ``source`` to ``target``."""
        row = self.made.rows.get((source, target))
        if row is None:
            row = self.made.make(source, target, self.lines.ups[source][target])
        return row

    def text(self, source: str, target: str) -> str:
        """:meth:`step` as a sentence."""
        text = self.made.texts.get((source, target))
        if text is None:
            self.step(source, target)
            text = self.made.texts[source, target]
        return text

    def why_stops(self, actor: str) -> str:
        """:func:`_why_stops`."""
        why = self.stops.get(actor)
        if why is None:
            why = self.stops[actor] = _why_stops(self.landscape, actor)
        return why

    def _ups(self, actor: str) -> list[str]:
        if actor not in self.ordered:
            self.ordered[actor] = sorted(self.lines.ups[actor], key=self.index.key)
        return self.ordered[actor]

    def _single(self, actor: str) -> str | None:
        ups = self.lines.ups[actor]
        return next(iter(ups)) if len(ups) == 1 and actor not in self.cyclic else None

    def of(self, actor: str) -> _Reach:
        chain: list[str] = []
        current = actor
        while current not in self.known:
            up = self._single(current)
            if up is None:
                steps, stops, seen = _trace(current, self.limit, self._ups, self.step,
                                            self.why_stops, self.index.name)
                seen.discard(current)  # as networkx's descendants: not the actor itself
                first = sorted(seen, key=self.index.key)[:self.limit]
                self.known[current] = _Reach(
                    steps, [self.text(s["from"], s["to"]) for s in steps], stops, len(seen),
                    first, [self.index.name(a) for a in first])
                break
            chain.append(current)
            current = up
        key = self.index.key
        for below in reversed(chain):
            up = next(iter(self.lines.ups[below]))
            above = self.known[up]
            # the first by name of {up} and everything above it: up put in its place
            first, first_names = above.first, above.first_names
            if up not in first:
                place = bisect.bisect_left(first, key(up), key=key)
                first = [*first[:place], up, *first[place:]][:self.limit]
                first_names = [*first_names[:place], self.index.name(up),
                               *first_names[place:]][:self.limit]
            self.known[below] = _Reach(
                [self.step(below, up), *above.steps][:self.limit],
                [self.text(below, up), *above.texts][:self.limit], above.stops,
                above.reached + 1,  # an actor is not among what it reaches
                first, first_names)
        return self.known[actor]


def _some(first: Sequence[str], count: int, limit: int = 4) -> str:
    """:func:`and_list` of ``count`` names of which only the ``first`` are known."""
    if count > limit:
        rest = count - limit
        return f"{', '.join(first[:limit])} and {rest} other{'s' if rest > 1 else ''}"
    return and_list(first)


def _climbers(downs: Mapping[str, Iterable[str]], tops: Iterable[str]
              ) -> dict[str, str | None]:
    """Everything that reaches one of ``tops`` by upward lines, with its next step there.

    ``downs`` gives, for each actor, the actors with an upward line to it (``_Lines.downs``
    or a graph's ``pred``).

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
        for below in downs[current]:
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
    bodies, orgs = landscape.bodies, landscape.organisations
    found: list[str] = []
    for actor in _actors(landscape):
        if actor.kind in vocab.SOVEREIGN_KINDS:
            found.append(actor.id)
            continue
        for line in actor.reporting_lines:
            if line.type == "scrutinised_by" and (line.target in bodies or line.target in orgs):
                found.append(actor.id)
                break
    return found


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
    return _line_of_sight(landscape, _lines_of(landscape).downs if graph is None
                          else graph.pred)


def _line_of_sight(landscape: Landscape, downs: Mapping[str, Iterable[str]]) -> list[Row]:
    """:func:`line_of_sight`, given who has an upward line to each actor."""
    step = _climbers(downs, _national(landscape))
    name = namer(landscape).name
    rows: list[Row] = []
    order: list[tuple[bool, int, str]] = []
    for body in landscape.bodies.values():
        route = _route(step, body.id) if body.id in step else []
        shown, _ = _shown(route)
        depth = len(route) - 1 if route else None
        rows.append({
            "body": body.id, "body_name": body.name, "level": body.level,
            "depth": depth, "route": shown, "route_names": [name(i) for i in shown],
        })
        order.append((depth is None, -(depth or 0), body.name.lower()))
    return [rows[i] for i in sorted(range(len(rows)), key=order.__getitem__)]


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
    orgs = landscape.organisations
    sides = set()
    for membership in body.members:
        # membership.member, inline: this runs for every seat of every body
        member = membership.organisation
        org = orgs.get(member if member is not None else str(membership.body))
        if org is not None:
            sides.add(org.devolved)
            if len(sides) > 1:
                return None  # members on both sides: no need to look further
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
        live: bool | None = None  # whether the body is active on the day, when asked
        for line in body.reporting_lines:
            if line.type != "sub_group_of":
                continue
            parent = history.bodies.get(line.target)
            if parent is None or parent.end_date is None:
                continue
            if on is not None:
                live = _active(body, on) if live is None else live
                if not live:
                    break
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
    lines = _lines_of(landscape)
    democratic = _climbers(lines.downs, _democratic_tops(landscape))
    scrutinised = _climbers(lines.downs, _scrutinised(landscape))
    found: list[Finding] = []
    above_of = _Above(landscape, lines, _EVIDENCE_LIMIT)
    index = above_of.index
    bodies, orgs = landscape.bodies, landscape.organisations
    for body in bodies.values():
        if _is_sovereign(body) or body.kind in FORUM_KINDS:
            continue
        if not lines.ups[body.id]:
            why = above_of.why_stops(body.id)
            found.append(Finding(
                code="no-upward-line", severity="medium", subjects=(body.id,),
                message=f"{why}.",
                evidence={"kind": body.kind, "level": body.level, "stops": [why]},
            ))
        if body.id not in democratic:
            reach = above_of.of(body.id)
            steps, stops = list(reach.steps), list(reach.stops)
            found.append(Finding(
                code="no-democratic-route", severity="high", subjects=(body.id,),
                message=(f"No chain of upward lines from {body.name} reaches anyone "
                         f"elected: {_chain(steps, stops)}."),
                evidence={"path": steps, "steps": list(reach.texts),
                          "stops": stops,
                          "reaches": list(reach.first),
                          "reaches_names": list(reach.first_names),
                          "reaches_count": reach.reached},
            ))
        answers_to = {
            line.target for line in body.reporting_lines
            if line.type == "accountable_to" and (line.target in bodies or line.target in orgs)
        } if body.reporting_lines else ()
        if len(answers_to) > 1:
            masters = sorted(answers_to, key=index.key)
            path = [above_of.step(body.id, m) for m in masters]
            found.append(Finding(
                code="too-many-masters", severity="medium", subjects=(body.id, *masters),
                key=(body.id,),
                message=(f"{body.name} is accountable to {len(masters)} bodies: "
                         f"{and_list(names(landscape, masters))}."),
                evidence={"accountable_to": masters,
                          "accountable_to_names": names(landscape, masters),
                          "path": path, "steps": [above_of.text(body.id, m) for m in masters]},
            ))
        if body.id not in scrutinised:
            reach = above_of.of(body.id)
            count = reach.reached
            tail = (f", nor {_above_words(count)} "
                    f"({_some(reach.first_names, count)})"
                    if count else ", and it has no upward line")
            found.append(Finding(
                code="no-scrutiny", severity="medium", subjects=(body.id,),
                message=f"Nothing scrutinises {body.name}{tail}.",
                evidence={"path": list(reach.steps), "steps": list(reach.texts),
                          "chain": list(reach.first),
                          "chain_names": list(reach.first_names),
                          "stops": [_unscrutinised(body.name, count)]},
            ))
    graph = lines.graph if lines.circular else None
    for component in nx.strongly_connected_components(graph) if graph is not None else ():
        if len(component) < 2:
            continue
        cycle = _cycle(graph, component)
        members = sorted(component)
        steps = [above_of.step(a, b) for a, b in itertools.pairwise(cycle)]
        found.append(Finding(
            code="reporting-cycle", severity="high", subjects=tuple(members),
            message=("Upward lines go round in a circle: "
                     f"{' → '.join(names(landscape, cycle))}."),
            evidence={"cycle": cycle, "cycle_names": names(landscape, cycle),
                      "path": steps, "steps": [_step_text(s) for s in steps]},
        ))
    sides: dict[int, str | None] = {}  # each actor's side, by object: told once

    def side(actor: Body | Organisation) -> str | None:
        if id(actor) not in sides:
            sides[id(actor)] = _side(landscape, actor)
        return sides[id(actor)]

    for actor in _actors(landscape):
        for line in actor.reporting_lines:
            target = landscape.actor(line.target)
            theirs = side(target) if target is not None else None
            if target is None or theirs is None:
                continue
            mine = side(actor)  # told only now: most bodies' targets have no side
            if mine is None:
                break
            if theirs == mine:
                continue
            found.append(Finding(
                code="devolution-crossing", severity="info", subjects=(actor.id, target.id),
                key=(actor.id, target.id, line.type),
                message=(f"{actor.name} ({mine}) {LINE_PHRASES[line.type]} {target.name} "
                         f"({theirs}): the line crosses the devolution boundary."),
                evidence={"type": line.type, "from_side": mine, "to_side": theirs,
                          "source": cited(line.sources)},
            ))
    rows = _line_of_sight(landscape, lines.downs) if sight is None else sight
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
