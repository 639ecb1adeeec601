"""Grouping a network view: bodies and organisations collapsed into one node per kind or
per footprint, and groups opened again one by one.

A view grouped ``by="kind"`` draws one node for the bodies of each kind (every community
safety partnership in the view) and one for the organisations of each kind (every local
authority); ``by="footprint"`` one node for the bodies on each footprint (everything that
covers Gwent) and one for the organisations on it. A group named in ``expanded`` (by its
kind or footprint id, the value the explorer's ``open=`` parameter holds) is drawn as its
members again, and stays linked to the groups that are still closed. A group of one
node is drawn as that node.

Links between groups are aggregated: one line per pair of nodes and type of link, whose
width grows with the number of links it stands for; links between two members of one
group are counted on the group (``links_inside``). Links between two nodes that are not
grouped are kept as they are, with their own details.

Only the choice (``by`` and ``expanded``) comes from the caller; every count here is
computed from the landscape, so the same choice always gives the same picture.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from govmap.model import vocab
from govmap.model.landscape import Landscape
from govmap.views import style

#: How a view can be grouped (``govmap render --group-by``, the explorer's ``group=``).
GROUP_BY: tuple[str, ...] = ("kind", "footprint")
#: The group of nodes with no footprint recorded, when grouping by footprint.
NO_FOOTPRINT = "no-footprint"
#: The prefix of a group's node id in a view (never an id of the data: ids have no colon).
PREFIX = "group:"


@dataclass(frozen=True)
class Group:
    """One group of a view: the bodies (or the organisations) sharing a kind or a footprint.

    ``value`` is the kind or footprint id that opens the group (``expanded``); ``id`` is the
    group's node id in the view; ``members`` are sorted ids.
    """

    id: str
    by: str
    value: str
    of: str  # "body" or "organisation"
    name: str
    members: tuple[str, ...]
    open: bool = False

    @property
    def label(self) -> str:
        """What the node says: its name and how many it holds."""
        what = ("body" if len(self.members) == 1 else "bodies") if self.of == "body" else (
            "organisation" if len(self.members) == 1 else "organisations")
        return f"{self.name} ({len(self.members):,} {what})"


def _check(by: str) -> None:
    if by not in GROUP_BY:
        raise ValueError(f"unknown grouping '{by}'; use one of: {', '.join(GROUP_BY)}")


def group_value(landscape: Landscape, node: str, by: str) -> str:
    """The kind or footprint id a body or organisation is grouped under.

    Examples
    --------
    >>> from govmap.model.entities import Body, Organisation
    >>> land = Landscape.build(
    ...     bodies=[Body(id="csp-a", name="A", kind="community_safety_partnership",
    ...                  level="local", footprint="la-a")],
    ...     organisations=[Organisation(id="charity", name="C", kind="third_sector",
    ...                                 devolved=True, elected=False)])
    >>> group_value(land, "csp-a", "kind"), group_value(land, "csp-a", "footprint")
    ('community_safety_partnership', 'la-a')
    >>> group_value(land, "charity", "footprint")
    'no-footprint'
    """
    _check(by)
    actor = landscape.actor(node)
    if actor is None:
        raise KeyError(f"no body or organisation '{node}'")
    if by == "kind":
        return actor.kind
    return actor.footprint or NO_FOOTPRINT


def value_name(landscape: Landscape, value: str, by: str) -> str:
    """A group's value in words: a kind's label, or a footprint's name."""
    if by == "kind":
        label = style.kind_label(value)
        return label[:1].upper() + label[1:]
    if value == NO_FOOTPRINT:
        return "No footprint recorded"
    return landscape.name_of(value)


def groups(landscape: Landscape, nodes: Iterable[str], by: str,
           expanded: Collection[str] = ()) -> list[Group]:
    """The groups that the given bodies and organisations fall into, sorted by name.

    Parameters
    ----------
    landscape : Landscape
    nodes : iterable of str
        Ids of bodies and organisations (the nodes a view shows).
    by : str
        ``kind`` or ``footprint``.
    expanded : collection of str
        Kinds or footprint ids whose groups are open (values that name no group are
        ignored).

    Returns
    -------
    list of Group
        One per (value, bodies or organisations), sorted by name, bodies first. A group
        of one is always open: it is drawn as its member, by name.
    """
    _check(by)
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node in nodes:
        of = "body" if node in landscape.bodies else "organisation"
        members[(group_value(landscape, node, by), of)].append(node)
    opened = set(expanded)
    found = [
        Group(id=f"{PREFIX}{by}:{of}:{value}", by=by, value=value, of=of,
              name=value_name(landscape, value, by), members=tuple(sorted(ids)),
              open=value in opened or len(ids) == 1)
        for (value, of), ids in members.items()
    ]
    return sorted(found, key=lambda g: (g.of != "body", g.name.casefold(), g.id))


def choices(landscape: Landscape, nodes: Iterable[str], by: str) -> dict[str, str]:
    """What can be opened: value -> its name and how many nodes it holds, by name.

    A kind or footprint with both bodies and organisations is one choice (opening it
    opens both groups); one whose groups each hold a single node is not (it is drawn
    as that node already).

    Examples
    --------
    >>> from govmap.model.entities import Body
    >>> land = Landscape.build(bodies=[
    ...     Body(id=f"csp-{i}", name=f"CSP {i}", kind="community_safety_partnership",
    ...          level="local", footprint=f"la-{i}") for i in range(3)])
    >>> choices(land, ["csp-0", "csp-1", "csp-2"], "kind")
    {'community_safety_partnership': 'Community safety partnership (3)'}
    """
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    several: set[str] = set()
    for group in groups(landscape, nodes, by):
        counts[group.value] += len(group.members)
        names[group.value] = group.name
        if len(group.members) > 1:
            several.add(group.value)
    ordered = sorted(several, key=lambda v: (names[v].casefold(), v))
    return {value: f"{names[value]} ({counts[value]:,})" for value in ordered}


def grouped_graph(landscape: Landscape, graph: nx.MultiDiGraph, by: str,
                  expanded: Collection[str] = ()) -> tuple[nx.MultiDiGraph, dict[str, Group]]:
    """The view's graph with each closed group drawn as one node.

    Parameters
    ----------
    landscape : Landscape
    graph : networkx.MultiDiGraph
        The view's graph (bodies and organisations, with ``level`` on every node, as
        :func:`govmap.views.network.network_data` builds it).
    by : str
        ``kind`` or ``footprint``.
    expanded : collection of str
        Kinds or footprint ids whose groups are drawn as their members.

    Returns
    -------
    (networkx.MultiDiGraph, dict of str to Group)
        A new graph: members of open groups keep their node and attributes; each closed
        group is a node ``node_type="aggregate"`` with ``of``, ``level`` (its members'
        commonest, the higher on a tie), ``name``, ``kind``, ``footprint``, ``areas``,
        ``count`` (members) and ``links_inside``. A link between two kept nodes is kept
        with its attributes; every other link becomes part of one aggregated edge per
        pair of nodes and link style, with ``style`` and ``count``. And the closed
        groups by node id.
    """
    _check(by)
    every = groups(landscape, (str(n) for n in graph.nodes), by, expanded)
    closed = {g.id: g for g in every if not g.open}
    where: dict[str, str] = {}
    for group in closed.values():
        for member in group.members:
            where[member] = group.id

    result = nx.MultiDiGraph()
    for node, attributes in graph.nodes(data=True):
        if str(node) not in where:
            result.add_node(node, **attributes)
    inside: Counter[str] = Counter()
    for group_id, group in closed.items():
        levels = Counter(graph.nodes[n].get("level") for n in group.members)
        level = min(levels, key=lambda lv: (-levels[lv], vocab.LEVEL_ORDER.get(lv or "", 9)))
        kinds = Counter(str(graph.nodes[n].get("kind")) for n in group.members)
        footprint = group.value if by == "footprint" and group.value != NO_FOOTPRINT else ""
        result.add_node(group_id, node_type="aggregate", of=group.of, level=level,
                        name=group.label, kind=group.value if by == "kind"
                        else kinds.most_common(1)[0][0], footprint=footprint,
                        areas=sorted(landscape.footprint_areas(footprint)) if footprint
                        else [], count=len(group.members), links_inside=0)

    counted: Counter[tuple[str, str, str]] = Counter()
    for u, v, key, attributes in graph.edges(keys=True, data=True):
        gu, gv = where.get(str(u), str(u)), where.get(str(v), str(v))
        if gu == str(u) and gv == str(v):
            result.add_edge(u, v, key=key, **attributes)
            continue
        if gu == gv:
            inside[gu] += 1
            continue
        edge_style = style.edge_style_key(str(attributes["edge_type"]), attributes.get("role"))
        counted[(gu, gv, edge_style)] += 1
    for (gu, gv, edge_style), count in sorted(counted.items()):
        result.add_edge(gu, gv, key=f"group:{edge_style}", style=edge_style, count=count)
    for group_id, count in inside.items():
        result.nodes[group_id]["links_inside"] = count
    return result, closed


def group_info(landscape: Landscape, group: Group,
               attributes: Mapping[str, object]) -> dict[str, object]:
    """A closed group's tooltip: what it holds, and how to open it."""
    what = "Bodies" if group.of == "body" else "Organisations"
    kinds = Counter(str(landscape.actor(n).kind) for n in group.members  # type: ignore[union-attr]
                    if landscape.actor(n) is not None)
    listed = ", ".join(landscape.name_of(n) for n in group.members[:12])
    more = f" and {len(group.members) - 12:,} more" if len(group.members) > 12 else ""
    rows = [[what, f"{len(group.members):,}"]]
    if group.by == "footprint":
        rows += [[style.kind_label(k)[:1].upper() + style.kind_label(k)[1:], f"{c:,}"]
                 for k, c in sorted(kinds.items())]
    rows += [["Links inside", f"{int(str(attributes.get('links_inside') or 0)):,}"],
             ["Includes", listed + more],
             ["To open it", f"“Open groups” in the explorer, or govmap render --open "
              f"{group.value}"]]
    return {"title": group.label, "subtitle": "", "rows": rows, "sources": []}
