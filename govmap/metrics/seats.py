"""Seats: how many boards each organisation sits on, and who holds the structure together.

A body can sit on another body (a VAWDASV team on a regional board and the CSPs): such a
body holds seats like an organisation, and the rows below carry ``member_type``
(``organisation`` or ``body``) to tell them apart; the ``organisation`` key holds the
member's id either way.

Measures
--------
- :func:`seat_load`: for each organisation, its seats by level, role and theme.
- :func:`parallel_seats`: the boards an organisation attends that cover the same theme
  at the same level in different footprints (a health board on six neighbouring
  partnerships).
- :func:`brokers`: betweenness centrality of organisations in the organisation-body
  network.
- :func:`findings`: ``parallel-seats``.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Sequence

import networkx as nx
import numpy as np

from govmap.metrics.common import Row, and_list, label, namer, per_landscape
from govmap.metrics.findings import Finding
from govmap.model import vocab
from govmap.model.entities import Body, Organisation
from govmap.model.landscape import Landscape

#: An organisation attending same-theme boards at one level in this many footprints or
#: more is a ``parallel-seats`` finding.
PARALLEL_SEATS = 3

#: Networks with more nodes than this get sampled betweenness (see :func:`brokers`).
EXACT_BETWEENNESS_LIMIT = 1500
#: Number of sampled source nodes above :data:`EXACT_BETWEENNESS_LIMIT`.
BETWEENNESS_SAMPLES = 64


@per_landscape
def _seats(landscape: Landscape) -> dict[str, dict[str, str]]:
    """Member (organisation or body) -> {body id: strongest role it holds there}.

    Worked out once per landscape and kept for the last few (a landscape is immutable;
    the report asks for it from seat load, parallel seats and brokers). Callers must not
    change it.
    """
    return _collect_seats(landscape, own=True)


def _collect_seats(landscape: Landscape, *, own: bool) -> dict[str, dict[str, str]]:
    """The seats of :func:`_seats`, members in the order they first hold one; without a
    body's seat on itself unless ``own`` (see :func:`brokers`)."""
    strength = vocab.ROLE_STRENGTH
    seats: dict[str, dict[str, str]] = defaultdict(dict)
    for body in landscape.bodies.values():
        body_id = body.id
        for member in body.members:
            member_id = member.member
            if not own and member_id == body_id:
                continue
            on = seats[member_id]
            held = on.get(body_id)
            if held is None or strength.get(member.role, -1) > strength.get(held, -1):
                on[body_id] = member.role
    return seats


class _Bodies:
    """What the seat measures look up about every body and footprint of a landscape, worked
    out once per landscape (see :func:`_bodies`) rather than once per seat or row."""

    def __init__(self, landscape: Landscape) -> None:
        index = namer(landscape)
        bodies = landscape.bodies
        self.name = {b: index.name(b) for b in bodies}
        self.kind = {b: body.kind for b, body in bodies.items()}
        self.level = {b: body.level for b, body in bodies.items()}
        self.themes = {b: body.themes for b, body in bodies.items()}
        # Arrays over the bodies in name order (the order ``sorted_by_name`` gives), for
        # :func:`parallel_seats`; a body's place in that order is its rank.
        ordered = sorted(bodies, key=index.key)
        self.rank = {b: i for i, b in enumerate(ordered)}
        self.ids = np.array(ordered, dtype=object)
        self.names = np.array([self.name[b] for b in ordered], dtype=object)
        #: each (theme, level) pair of a body (a topic), numbered in the order first met;
        #: a body's topics are ``topic_ids[topic_ptr[rank]:topic_ptr[rank + 1]]``
        self.topics: list[tuple[str, str]] = []
        numbers: dict[tuple[str, str], int] = {}
        ids: list[int] = []
        counts: list[int] = []
        for b in ordered:
            body = bodies[b]
            for theme in body.themes:
                topic = (theme, body.level)
                number = numbers.get(topic)
                if number is None:
                    number = numbers[topic] = len(self.topics)
                    self.topics.append(topic)
                ids.append(number)
            counts.append(len(body.themes))
        self.topic_ids = np.array(ids, dtype=np.int64)
        self.topic_ptr = np.zeros(len(ordered) + 1, dtype=np.int64)
        np.cumsum(counts, out=self.topic_ptr[1:])
        #: the footprints of the bodies in name order, and each body's footprint's place there
        used = sorted({bodies[b].footprint for b in ordered}, key=index.key)
        place = {f: i for i, f in enumerate(used)}
        self.footprint_names = np.array([index.name(f) for f in used], dtype=object)
        self.footprint = np.fromiter((place[bodies[b].footprint] for b in ordered),
                                     dtype=np.int64, count=len(ordered))


@per_landscape
def _bodies(landscape: Landscape) -> _Bodies:
    """The :class:`_Bodies` of a landscape, kept for the last few (a landscape is
    immutable)."""
    return _Bodies(landscape)


def seat_load(landscape: Landscape, parallel: Sequence[Row] | None = None) -> list[Row]:
    """For each organisation, the number of bodies it sits on, by level, role and theme.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view: only active bodies and memberships count.
    parallel : rows of :func:`parallel_seats`, optional
        When already computed.

    Returns
    -------
    list of dict
        One row per organisation, and per body that sits on another body, most seats
        first: ``organisation`` (the member's id), ``organisation_name``, ``member_type``
        (``organisation`` or ``body``), ``kind``, ``seats`` (distinct bodies it is a member of, in
        any role), one count per level (``national``, ``regional``, ``local``,
        ``sub_local``), one count per role (``responsible_authority``, ...,
        ``observer``), ``statutory_seats`` (seats held as responsible authority or
        statutory member), ``themes`` (``"community_safety: 5"`` strings, most seats
        first) and ``parallel`` (the most footprints it covers with same-theme,
        same-level boards; see :func:`parallel_seats`).

    Notes
    -----
    An organisation listed twice on one body counts once, under its strongest role.
    Seats only grow when bodies or memberships are added.

    Examples
    --------
    A police force that is a responsible authority on three local community safety
    partnerships and an invited participant on one public services board has 4 seats:
    local 4, responsible_authority 3, invited_participant 1.
    """
    seats = _seats(landscape)
    about = _bodies(landscape)
    level_of, themes_of = about.level.__getitem__, about.themes.__getitem__
    spread: dict[str, int] = {}
    for group in parallel_seats(landscape) if parallel is None else parallel:
        org_id = group["organisation"]
        spread[org_id] = max(spread.get(org_id, 0), group["footprints"])
    rows: list[Row] = []
    seated_bodies = [landscape.bodies[b] for b in seats if b in landscape.bodies]
    members: list[Organisation | Body] = [*landscape.organisations.values(), *seated_bodies]
    for org in members:
        held = seats.get(org.id, {})
        levels = Counter(map(level_of, held))
        roles = Counter(held.values())
        themes = Counter(itertools.chain.from_iterable(map(themes_of, held)))
        row: Row = {"organisation": org.id, "organisation_name": org.name, "kind": org.kind,
                    "member_type": "organisation" if org.id in landscape.organisations
                    else "body", "seats": len(held)}
        for level in vocab.LEVELS:
            row[level] = levels.get(level, 0)
        for role in vocab.ROLES:
            row[role] = roles.get(role, 0)
        row["statutory_seats"] = sum(roles.get(r, 0) for r in vocab.STATUTORY_ROLES)
        row["themes"] = [f"{t}: {n}" for t, n in
                         sorted(themes.items(), key=lambda item: (-item[1], item[0]))]
        row["parallel"] = spread.get(org.id, 0)
        rows.append(row)
    rows.sort(key=lambda r: (-r["seats"], r["organisation_name"].lower(), r["organisation"]))
    return rows


def parallel_seats(landscape: Landscape) -> list[Row]:
    """Boards an organisation attends that cover the same theme at one level in different
    footprints.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view.

    Returns
    -------
    list of dict
        One row per organisation, theme and level where the organisation's boards with
        that theme at that level cover two or more distinct footprints, most footprints
        first: ``organisation``, ``organisation_name``, ``theme``, ``level``,
        ``footprints`` (how many distinct footprints), ``footprint_names``, ``bodies``
        and ``body_names``.

    Notes
    -----
    These are parallel arrangements: the same organisation doing the same kind of work
    with different neighbours. A local board inside a regional one is a different level
    and is not counted here.

    Examples
    --------
    A health board that sits on the community safety partnerships of five council areas
    has ``footprints = 5`` for (community safety, local).
    """
    seats = _seats(landscape)
    about = _bodies(landscape)
    name = namer(landscape).name
    holders = list(seats)
    n_bodies, n_topics = len(about.ids), len(about.topics)
    # one entry per seat and topic of its body: its holder (by place in ``holders``), the
    # topic and the body (by rank); sorted, each (holder, topic) group is one run, its
    # bodies in name order
    held = np.fromiter(map(len, seats.values()), dtype=np.int64, count=len(holders))
    seat_ranks = np.fromiter(
        map(about.rank.__getitem__, itertools.chain.from_iterable(seats.values())),
        dtype=np.int64, count=int(held.sum()))
    seat_holders = np.repeat(np.arange(len(holders)), held)
    ranks, topics = _edges(about.topic_ptr, about.topic_ids, seat_ranks)
    holder = np.repeat(seat_holders, np.diff(about.topic_ptr)[seat_ranks])
    codes = np.sort((holder * n_topics + topics) * n_bodies + ranks)
    groups = codes // n_bodies
    ranks = codes - groups * n_bodies
    starts = np.flatnonzero(_firsts(groups))
    bounds = np.append(starts, len(codes))
    groups = groups[starts]
    group_holder = groups // n_topics
    group_topic = groups - group_holder * n_topics
    # each group's distinct footprints, in name order
    n_footprints = len(about.footprint_names)
    pairs = np.sort(np.repeat(np.arange(len(starts)), np.diff(bounds)) * n_footprints
                    + about.footprint[ranks])
    pairs = pairs[_firsts(pairs)]
    pair_group = pairs // n_footprints
    spread = np.bincount(pair_group, minlength=len(starts))
    footprint_bounds = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(spread, out=footprint_bounds[1:])
    # the groups of two footprints or more in the order of the rows: most footprints, then
    # the holder's name (lower case), theme and level, as ``sorted`` would give (its
    # stability keeps holders in their order in ``seats``)
    kept = np.flatnonzero(spread >= 2)
    lower = [name(h).lower() for h in holders]
    lower_rank = _dense_rank(lower)
    theme_rank = _dense_rank([theme for theme, _ in about.topics])
    level_rank = _dense_rank([level for _, level in about.topics])
    order = kept[np.lexsort((level_rank[group_topic[kept]], theme_rank[group_topic[kept]],
                             lower_rank[group_holder[kept]], -spread[kept]))]
    body_ids = about.ids[ranks].tolist()
    body_names = about.names[ranks].tolist()
    footprint_names = about.footprint_names[pairs - pair_group * n_footprints].tolist()
    holder_names = [name(h) for h in holders]
    rows: list[Row] = []
    for h, t, count, start, end, fp_start, fp_end in zip(
            group_holder[order].tolist(), group_topic[order].tolist(), spread[order].tolist(),
            bounds[order].tolist(), bounds[order + 1].tolist(),
            footprint_bounds[order].tolist(), footprint_bounds[order + 1].tolist(), strict=True):
        theme, level = about.topics[t]
        rows.append({
            "organisation": holders[h], "organisation_name": holder_names[h],
            "theme": theme, "level": level, "footprints": count,
            "footprint_names": footprint_names[fp_start:fp_end],
            "bodies": body_ids[start:end], "body_names": body_names[start:end],
        })
    return rows


def _firsts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values in ``values`` starts (``True`` there)."""
    firsts = np.ones(len(values), dtype=bool)
    firsts[1:] = values[1:] != values[:-1]
    return firsts


def _dense_rank(words: Sequence[str]) -> np.ndarray:
    """Each word's place among the distinct words in ``sorted`` order (equal words share
    one)."""
    place = {word: i for i, word in enumerate(sorted(set(words)))}
    return np.fromiter(map(place.__getitem__, words), dtype=np.int64, count=len(words))


def membership_graph(landscape: Landscape) -> nx.Graph:
    """The undirected organisation-body network: an edge for each seat.

    Every organisation and body is a node (attribute ``node_type``), whether or not it has
    seats; a body that sits on another body is linked to it like an organisation.
    """
    graph = nx.Graph()
    graph.add_nodes_from(landscape.organisations, node_type="organisation")
    graph.add_nodes_from(landscape.bodies, node_type="body")
    for body in landscape.bodies.values():
        for member in body.members:
            if member.member in landscape.organisations or member.member in landscape.bodies:
                graph.add_edge(member.member, body.id)
    return graph


def brokers(landscape: Landscape, *, exact_limit: int = EXACT_BETWEENNESS_LIMIT,
            samples: int = BETWEENNESS_SAMPLES) -> list[Row]:
    """Betweenness centrality of each organisation in the organisation-body network.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view.
    exact_limit : int
        Compute betweenness exactly for networks of up to this many nodes.
    samples : int
        Above ``exact_limit``, estimate it from this many sampled source nodes (fixed
        seed, so the same landscape always gives the same answer).

    Returns
    -------
    list of dict
        One row per organisation, and per body that sits on another body, highest first:
        ``organisation`` (the member's id), ``organisation_name``, ``member_type``,
        ``kind``, ``seats`` (bodies it sits on), ``betweenness`` (0 to 1) and ``method``
        (``"exact"`` or ``"sampled (k=100 of 12345 nodes)"``).

    Notes
    -----
    The network links each organisation (and each body that is a member of another) to
    each body it sits on. The betweenness of an
    organisation is the share of shortest paths between all pairs of other nodes that
    pass through it, normalised by ``2 / ((n - 1)(n - 2))`` for ``n`` nodes, so 1 would
    mean every path runs through it. A high value marks a broker: the organisation
    through which otherwise separate boards are connected (the police force sitting on
    every partnership). Above ``exact_limit`` nodes the value is Brandes' estimate from
    ``samples`` sources (Brandes and Pich, 2007), which ranks the main brokers reliably
    but may move small values.

    References
    ----------
    U. Brandes, "A faster algorithm for betweenness centrality", Journal of Mathematical
    Sociology 25(2), 2001. U. Brandes and C. Pich, "Centrality estimation in large
    networks", International Journal of Bifurcation and Chaos 17(7), 2007.

    Examples
    --------
    A police force on two partnerships that share no other member is on every path
    between the two partnerships' other members.
    """
    nodes = [*landscape.organisations, *landscape.bodies]
    position = {node: i for i, node in enumerate(nodes)}
    n = len(nodes)
    seats = _seats(landscape)
    if any(member in held for member, held in seats.items()):
        # a body listed among its own members (loading refuses it; a landscape made in
        # code may have it) is no edge and no seat
        seats = _collect_seats(landscape, own=False)
    linked = [(position[member], held) for member, held in seats.items() if member in position]
    counts = np.fromiter((len(held) for _, held in linked), dtype=np.int64, count=len(linked))
    # one edge per seat: the member's node and the body's node
    holders = np.repeat(np.fromiter((o for o, _ in linked), dtype=np.int64, count=len(linked)),
                        counts)
    held_on = np.fromiter(map(position.__getitem__, itertools.chain.from_iterable(
        held for _, held in linked)), dtype=np.int64, count=int(counts.sum()))
    indptr, indices = _compressed(n, holders, held_on)
    if n <= exact_limit or samples >= n:
        centrality = _betweenness(indptr, indices)
        method = "exact"
    else:
        chosen = random.Random(0).sample(range(n), samples)
        centrality = _betweenness(indptr, indices, chosen)
        method = f"sampled (k={samples} of {n} nodes)"
    rows: list[Row] = []
    seated_bodies = [landscape.bodies[b] for b in seats if b in landscape.bodies]
    members: list[Organisation | Body] = [*landscape.organisations.values(), *seated_bodies]
    for org in members:
        i = position[org.id]
        rows.append({
            "organisation": org.id, "organisation_name": org.name, "kind": org.kind,
            "member_type": "organisation" if org.id in landscape.organisations else "body",
            "seats": len(seats.get(org.id, ())),
            "betweenness": centrality[i],
            "method": method,
        })
    rows.sort(key=lambda r: (-r["betweenness"], -r["seats"], r["organisation_name"].lower()))
    return rows


def betweenness(adjacency: Sequence[Sequence[int]],
                sources: Sequence[int] | None = None) -> list[float]:
    """Normalised betweenness centrality of every node of an unweighted undirected graph.

    Parameters
    ----------
    adjacency : list of lists of int
        ``adjacency[v]`` holds the neighbours of node ``v`` (nodes are ``0 .. n-1``); each
        edge appears in both nodes' lists.
    sources : list of int, optional
        Compute from these source nodes only (a sample: Brandes and Pich's estimate);
        every node by default (exact).

    Returns
    -------
    list of float
        For each node, the share of shortest paths between pairs of other nodes that pass
        through it: divided by ``(n - 1)(n - 2)`` when exact, and scaled up from the
        sample otherwise, as :func:`networkx.betweenness_centrality` does.

    Notes
    -----
    Brandes' algorithm with breadth-first search, one level at a time with numpy over a
    compressed adjacency: many times faster than the general networkx version, whose
    results (exact, or sampled with the same sources) it reproduces.
    """
    n = len(adjacency)
    lengths = np.fromiter((len(a) for a in adjacency), dtype=np.int64, count=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.fromiter(itertools.chain.from_iterable(adjacency), dtype=np.int64,
                          count=int(indptr[-1]))
    return _betweenness(indptr, indices, sources)


def _compressed(n: int, ends: np.ndarray, other_ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The compressed adjacency (``indptr``, ``indices``) of the undirected graph on nodes
    ``0 .. n-1`` with an edge between ``ends[i]`` and ``other_ends[i]`` for each ``i``:
    each node's neighbours once each, in increasing order (as sorted sets of neighbours
    would give), however often an edge is listed."""
    codes = np.sort(np.concatenate([ends * n + other_ends, other_ends * n + ends]))
    # drop repeats (a sort and a comparison: numpy.unique is several times slower here)
    codes = codes[_firsts(codes)]
    heads = codes // n
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(heads, minlength=n), out=indptr[1:])
    return indptr, codes - heads * n


def _betweenness(indptr: np.ndarray, indices: np.ndarray,
                 sources: Sequence[int] | None = None) -> list[float]:
    """:func:`betweenness` of the graph with compressed adjacency ``indptr``, ``indices``
    (each node's neighbours in increasing order)."""
    n = len(indptr) - 1
    if n < 3:
        return [0.0] * n
    chosen = list(range(n)) if sources is None else list(sources)
    scores = np.zeros(n)
    for source in chosen:
        scores += _dependencies(indptr, indices, source)
    if sources is None:
        scores *= 1.0 / ((n - 1) * (n - 2))
        return [float(x) for x in scores]
    k = len(chosen)
    in_sample = 1.0 / ((k - 1) * (n - 2)) if k > 1 else 0.0
    outside = 1.0 / (k * (n - 2))
    scale = np.full(n, outside)
    scale[chosen] = in_sample
    return [float(x) for x in scores * scale]


def _dependencies(indptr: np.ndarray, indices: np.ndarray, source: int) -> np.ndarray:
    """Brandes' dependency of ``source`` on every node, by breadth-first search one level
    at a time over a CSR adjacency (``indptr``, ``indices``).

    Each level finds the edges from the level above to the nodes not yet reached from
    whichever end has fewer edges: the level above (top-down) or, once most of the graph is
    reached, the unreached nodes (bottom-up, after Beamer, Asanovic and Patterson, 2012),
    and the search stops as soon as every node is reached. Sums over edges use
    :func:`numpy.bincount`, which adds in array order as ``numpy.add.at`` would. Top-down
    the edges come in order of (nearer node, farther node), bottom-up in order of
    (farther, nearer): either way each node's sum adds the same terms in the same order
    (its neighbours in increasing order), so the results are the same to the last bit."""
    n = len(indptr) - 1
    degree = np.diff(indptr)
    distance = np.full(n, -1, dtype=np.int64)
    sigma = np.zeros(n)
    distance[source] = 0
    sigma[source] = 1.0
    frontier = np.array([source], dtype=np.int64)
    reached = 1
    unreached_edges = int(indptr[-1] - degree[source])
    steps: list[tuple[np.ndarray, np.ndarray]] = []
    level = 0
    while frontier.size and reached < n:
        level += 1
        if int(degree[frontier].sum()) <= unreached_edges:
            near, far = _edges(indptr, indices, frontier)
            down = distance[far] < 0
        else:
            far, near = _edges(indptr, indices, np.flatnonzero(distance < 0))
            down = distance[near] == level - 1
        near, far = near[down], far[down]
        if not far.size:
            break
        distance[far] = level
        # the nodes of this level had no paths counted yet: add theirs from the level above
        sigma += np.bincount(far, weights=sigma[near], minlength=n)
        steps.append((near, far))
        frontier = np.flatnonzero(distance == level)
        reached += frontier.size
        unreached_edges -= int(degree[frontier].sum())
    delta = np.zeros(n)
    for near, far in reversed(steps):
        delta += np.bincount(near, weights=sigma[near] / sigma[far] * (1.0 + delta[far]),
                             minlength=n)
    delta[source] = 0.0
    return delta


def _edges(indptr: np.ndarray, indices: np.ndarray, nodes: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    """The neighbours of each of ``nodes`` in turn in a CSR adjacency (``indptr``,
    ``indices``), as two arrays (node, neighbour): in the order of ``nodes``, each node's
    neighbours in the order of ``indices``."""
    starts = indptr[nodes]
    counts = indptr[nodes + 1] - starts
    offsets = np.cumsum(counts) - counts
    return (np.repeat(nodes, counts),
            indices[np.repeat(starts - offsets, counts) + np.arange(int(counts.sum()))])


def findings(landscape: Landscape, parallel: Sequence[Row] | None = None) -> list[Finding]:
    """``parallel-seats`` findings (``low``): one per organisation and level where the
    organisation attends same-theme boards in :data:`PARALLEL_SEATS` or more different
    footprints, listing every such board at that level."""
    rows = parallel_seats(landscape) if parallel is None else parallel
    grouped: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        if row["footprints"] >= PARALLEL_SEATS:
            grouped[(row["organisation"], row["level"])].append(row)
    about = _bodies(landscape)
    rank, kind_of, body_name = about.rank.__getitem__, about.kind.__getitem__, about.name
    found: list[Finding] = []
    for (org_id, level), group in grouped.items():
        themes = sorted({r["theme"] for r in group})
        count = max(r["footprints"] for r in group)
        # in name order, as sorted_by_name gives (every body is one of the landscape's)
        bodies = sorted(set().union(*(r["bodies"] for r in group)), key=rank)
        kinds = sorted({label(kind) for kind in set(map(kind_of, bodies))})
        found.append(Finding(
            code="parallel-seats", severity="low", subjects=(org_id, *bodies),
            key=(org_id, level),
            message=(
                f"{landscape.name_of(org_id)} sits on {len(bodies)} {label(level)} boards "
                f"({and_list(kinds)}) that cover the same themes in up to {count} different "
                f"footprints."
            ),
            evidence={"level": level, "themes": themes, "footprints": count,
                      "bodies": bodies, "body_names": [body_name[b] for b in bodies]},
        ))
    return found
