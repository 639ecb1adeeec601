"""Duplication: bodies that cover the same themes in the same places.

Measures
--------
- :func:`theme_coverage`: for each area and theme, the bodies covering it, by level.
- :func:`duplicate_pairs`: pairs of bodies that share a theme and an area, scored by how
  much of their themes, areas and members they share.
- :func:`findings`: ``theme-duplication``, ``theme-gap`` and ``likely-duplicate``.

A body and its own sub-group (directly or through other sub-groups) are never counted as
duplicating each other: a sub-group is how a board divides its work, not a second board.
Nor is a scrutiny committee a duplicate of what it scrutinises: its themes are what it
oversees (:data:`OVERSIGHT_KINDS`). Nor are teams, networks and associations of
practitioners duplicates of the boards they serve or connect (:data:`SUPPORT_KINDS`): a
safeguarding hub working for a safeguarding board, or an association of community safety
officers, shares the board's themes because it works on them for or beside the board.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from govmap.metrics.common import (
    Namer,
    Row,
    and_list,
    area_sets,
    body_areas,
    footprint_areas,
    label,
    namer,
    names,
    paused_gc,
    per_landscape,
    plural,
    sorted_by_name,
)
from govmap.metrics.findings import Finding
from govmap.model import vocab
from govmap.model.entities import Body
from govmap.model.landscape import Landscape

#: Body kinds whose themes are what they oversee, not work they do: never duplicates.
OVERSIGHT_KINDS: frozenset[str] = frozenset({"scrutiny_committee"})

#: Body kinds that serve or connect boards rather than govern (a team or unit working for
#: boards, a practitioners' network or association): never duplicates of a board, though
#: two of them (two networks of the same practitioners) can duplicate each other.
SUPPORT_KINDS: frozenset[str] = frozenset({"team", "network", "professional_association"})

#: Score from which a pair of bodies is reported as a ``likely-duplicate`` finding.
LIKELY_DUPLICATE = 0.5

GAP = "gap"
COVERED = "covered"
DUPLICATED = "duplicated"
OUT_OF_SCOPE = "none"


def _groups(landscape: Landscape, bodies: Sequence[str],
            ancestors: Mapping[str, frozenset[str]]) -> list[list[str]]:
    """The groups of bodies that duplicate each other: boards, and separately teams,
    networks and associations (:data:`SUPPORT_KINDS`), each group with more than one body.
    Scrutiny committees are left out, and so is a body that is a sub-group of another in
    the list."""
    doers = [b for b in bodies if landscape.bodies[b].kind not in OVERSIGHT_KINDS]
    within = set(doers)
    doers = [b for b in doers if b not in ancestors or ancestors[b].isdisjoint(within)]
    boards = [b for b in doers if landscape.bodies[b].kind not in SUPPORT_KINDS]
    support = [b for b in doers if landscape.bodies[b].kind in SUPPORT_KINDS]
    return [group for group in (boards, support) if len(group) > 1]


@per_landscape
def sub_group_ancestors(landscape: Landscape) -> dict[str, frozenset[str]]:
    """For each body, every body it is a sub-group of, directly or through other sub-groups.

    Follows ``sub_group_of`` lines between bodies; a cycle of sub-groups stops the walk.
    Worked out once per landscape (theme coverage, the pairs and the findings all ask);
    callers must not change it.
    """
    parents: dict[str, list[str]] = {
        body.id: [line.target for line in body.reporting_lines
                  if line.type == "sub_group_of" and line.target in landscape.bodies]
        for body in landscape.bodies.values()
    }
    result: dict[str, frozenset[str]] = {}
    for body_id in parents:
        seen: set[str] = set()
        stack = list(parents[body_id])
        while stack:
            current = stack.pop()
            if current in seen or current == body_id:
                continue
            seen.add(current)
            stack.extend(parents.get(current, ()))
        result[body_id] = frozenset(seen)
    return result


_NONE: frozenset[str] = frozenset()


def themes_in_use(landscape: Landscape) -> list[str]:
    """The themes at least one body has, in vocabulary order (unknown themes last)."""
    used = {theme for body in landscape.bodies.values() for theme in body.themes}
    order = {theme: i for i, theme in enumerate(vocab.THEMES)}
    return sorted(used, key=lambda t: (order.get(t, len(order)), t))


def theme_coverage(landscape: Landscape, themes: Sequence[str] | None = None) -> list[Row]:
    """For each area and theme, the bodies that cover the theme there, by level.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view.
    themes : list of str, optional
        The themes to show; by default every theme at least one body has.

    Returns
    -------
    list of dict
        One row per (area, theme), by area name then theme: ``area``, ``area_name``,
        ``theme``, one list of body ids per level (``national``, ``regional``, ``local``,
        ``sub_local``) with the matching ``<level>_names``, ``bodies`` (how many in all),
        ``status`` and ``duplicated_levels``.

    Notes
    -----
    A body *covers* a theme in an area when the theme is one of its themes and the area is
    in its footprint. ``status`` is ``gap`` when no body covers the theme in the area,
    though some regional or local board covers it somewhere else (not a team, network,
    association or scrutiny committee: a hub in one town does not show that every council
    area needs a body for its theme), and some regional or local body works in the area;
    ``none`` when no body covers it and either only national bodies work in the area (an
    English area in a Welsh map) or no regional or local board covers it anywhere;
    ``duplicated`` when more than one body covers it at the
    same level (those levels are listed in ``duplicated_levels``), and ``covered``
    otherwise. A body's sub-groups are not counted against it (a sub-group at the same
    level as its parent is not a second body doing the same work), nor are scrutiny
    committees (they oversee the theme rather than do it).

    Examples
    --------
    In Conwy in 2017 both the Conwy and Denbighshire Community Safety Partnership and the
    North Wales Area Planning Board listed substance misuse, both at regional level:
    ``duplicated`` at ``regional``.
    """
    shown = list(themes) if themes is not None else themes_in_use(landscape)
    wanted = set(shown)
    ancestors = sub_group_ancestors(landscape)
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for body in sorted(landscape.bodies.values(), key=lambda b: b.id):
        areas = body_areas(landscape, body.id)
        for theme in body.themes:
            if theme in wanted:
                for area in areas:
                    index[(area, theme)].append(body.id)
    rows: list[Row] = []
    expected = {theme for body in landscape.bodies.values()
                if body.level in ("regional", "local")
                and body.kind not in OVERSIGHT_KINDS | SUPPORT_KINDS for theme in body.themes}
    in_scope = {area for body in landscape.bodies.values() if body.level != "national"
                for area in body_areas(landscape, body.id)}
    level_of = {body_id: body.level for body_id, body in landscape.bodies.items()}
    # neighbouring areas often hold the same bodies at a level (every area of a region its
    # regional boards): each such set is ordered, named and grouped once
    cells: dict[tuple[str, ...], tuple[list[str], list[str], bool]] = {}
    for area_id in sorted_by_name(landscape, landscape.areas):
        area_name = landscape.name_of(area_id)
        for theme in shown:
            found = index.get((area_id, theme), [])
            row: Row = {"area": area_id, "area_name": area_name, "theme": theme}
            duplicated: list[str] = []
            by_level: dict[str, list[str]] = defaultdict(list)
            for body_id in found:
                by_level[level_of[body_id]].append(body_id)
            for level in vocab.LEVELS:
                at_level = by_level.get(level)
                if not at_level:  # most (area, theme, level) cells: nothing to sort
                    row[level], row[f"{level}_names"] = [], []
                    continue
                key = tuple(at_level)
                cell = cells.get(key)
                if cell is None:
                    many = len(at_level) > 1
                    ordered = sorted_by_name(landscape, at_level) if many else at_level
                    cell = cells[key] = (ordered, names(landscape, ordered),
                                         many and bool(_groups(landscape, at_level,
                                                               ancestors)))
                # copies: each row owns its lists
                row[level], row[f"{level}_names"] = cell[0][:], cell[1][:]
                if cell[2]:
                    duplicated.append(level)
            row["bodies"] = len(found)
            if not found:
                row["status"] = GAP if area_id in in_scope and theme in expected \
                    else OUT_OF_SCOPE
            else:
                row["status"] = DUPLICATED if duplicated else COVERED
            row["duplicated_levels"] = duplicated
            rows.append(row)
    return rows


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    shared = len(a & b)
    union = len(a) + len(b) - shared
    return shared / union if union else 0.0


def candidate_pairs(themes: Sequence[frozenset[str]], areas: Sequence[frozenset[str]], *,
                    search: str = "index") -> Iterator[tuple[int, int]]:
    """Every pair ``(i, j)``, ``i < j``, of bodies that share a theme and an area.

    Parameters
    ----------
    themes, areas : sequences of frozenset
        Body ``i``'s themes and areas (GSS codes).
    search : {"index", "all-pairs"}
        ``index``: an inverted index (theme, area) -> bodies gives each body the bodies it
        meets, so bodies that share nothing are never compared and the cost grows with
        the number of pairs found. ``all-pairs``: compare every pair, the baseline.

    Yields
    ------
    (int, int)
        Grouped by ``i`` in increasing order (``j`` in no particular order within a group).
    """
    for i, met in _meetings(themes, areas, search=search):
        for j in met:
            yield i, j


def _meetings(themes: Sequence[frozenset[str]], areas: Sequence[frozenset[str]], *,
              search: str = "index") -> Iterator[tuple[int, Collection[int]]]:
    """:func:`candidate_pairs` grouped by ``i``: each ``i`` with the ``j > i`` it meets."""
    n = len(themes)
    if search == "all-pairs":
        for i in range(n):
            ti, ai = themes[i], areas[i]
            yield i, [j for j in range(i + 1, n) if ti & themes[j] and ai & areas[j]]
        return
    if search != "index":
        raise ValueError(f"search must be 'index' or 'all-pairs', not {search!r}")
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in range(n):
        for theme in themes[i]:
            for area in areas[i]:
                index[(theme, area)].append(i)
    for i in range(n):
        met: set[int] = set()
        for theme in themes[i]:
            for area in areas[i]:
                bucket = index[(theme, area)]
                # buckets are in increasing index order: keep the part after i
                met.update(bucket[bisect_right(bucket, i):])
        yield i, met


def _meetings_touching(themes: Sequence[frozenset[str]], areas: Sequence[frozenset[str]],
                       chosen: Sequence[int]) -> Iterator[tuple[int, Collection[int]]]:
    """Each body ``i`` of ``chosen`` with every body ``j`` it shares a theme and an area
    with (each pair once over all of ``chosen``; ``j`` may be less than ``i``), found
    through the (theme, area) index."""
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in range(len(themes)):
        for theme in themes[i]:
            for area in areas[i]:
                index[(theme, area)].append(i)
    done: set[int] = set()
    for i in chosen:
        met: set[int] = set()
        for theme in themes[i]:
            for area in areas[i]:
                met.update(index[(theme, area)])
        met.discard(i)
        yield i, sorted(met - done)
        done.add(i)


@paused_gc()
def duplicate_pairs(landscape: Landscape, *, min_score: float = 0.0,
                    positive_only: bool = False, search: str = "index",
                    touching: Collection[str] | None = None) -> list[Row]:
    """Every pair of bodies that share at least one theme and one area, scored.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view.
    min_score : float
        Leave out pairs scoring below this (0 keeps every pair).
    positive_only : bool
        Leave out pairs scoring 0, that is pairs with no member organisation in common
        (the report does: at scale they are most pairs, and none is a duplicate).
    search : {"index", "all-pairs"}
        How candidate pairs are found (see :func:`candidate_pairs`). Both give the same
        rows; "all-pairs" is the baseline the benchmark and the tests compare against.

    Returns
    -------
    list of dict
        Highest score first: ``a``, ``a_name``, ``a_level``, ``b``, ``b_name``,
        ``b_level`` (``a`` the smaller id), ``score``, ``theme_jaccard``,
        ``area_jaccard``, ``member_jaccard``, ``shared_themes``, ``shared_areas`` and
        ``shared_area_names``, ``shared_members`` and ``shared_member_names``,
        ``sub_group`` (true when one is a sub-group of the other), ``oversight`` (true
        when either is a scrutiny committee) and ``support`` (true when one is a team, a
        network or an association, :data:`SUPPORT_KINDS`, and the other is a board): such
        pairs are listed but never reported as likely duplicates.
    touching : collection of body ids, optional
        Only the pairs that hold at least one of these bodies (a scenario's report after
        works out only the pairs of the bodies it touched; see :func:`update_pairs`).

    Notes
    -----
    ``score = theme_jaccard × area_jaccard × member_jaccard``, each the Jaccard index
    (shared over either) of the two bodies' themes, areas and member organisations. It is
    1 for two bodies with the same themes, footprint and members, and 0 when they share no
    member (two bodies with no recorded members share none). Candidate pairs come from an
    inverted index (theme, area) -> bodies, so bodies that share no theme or no area are
    never compared: the cost grows with the number of pairs found, not with the square of
    the number of bodies.

    Examples
    --------
    Body A {community safety, ASB} on {Cardiff} with members {council, police} and body
    B {community safety} on {Cardiff, Vale} with members {council, police, health}:
    theme 1/2, area 1/2, member 2/3, score 1/6.
    """
    found = _score(landscape, min_score=min_score, positive_only=positive_only,
                   search=search, touching=touching)
    about = _bodies(landscape)
    ids, index_of, bodies, ancestors, tmask = (about.ids, about.index_of, about.bodies,
                                               about.ancestors, about.tmask)
    area_bits, member_bits, theme_bits = about.area_bits, about.member_bits, about.theme_bits
    overseer, supporter = about.overseer, about.supporter
    # what every row of a body repeats, looked up once per body rather than once per row
    names_of = [b.name for b in bodies]
    levels = [b.level for b in bodies]
    above = [ancestors.get(b, _NONE) for b in ids]
    name_of = index_of.names.get
    # at scale many pairs share the same set of areas (every area of a body under a
    # national one) or of members: each set's ids and names are listed once
    area_lists: dict[int, tuple[list[str], list[str]]] = {}
    member_lists: dict[int, tuple[list[str], list[str]]] = {}
    theme_lists: dict[int, list[str]] = {}
    rows: list[Row] = []
    append = rows.append
    for minus_score, i, j, t_index, a_index, m_index, shared_m, shared_a in found:
        a, b = ids[i], ids[j]
        area_ids, area_names = area_lists.get(shared_a) or _listed(
            area_lists, shared_a, area_bits, name_of)
        org_ids, org_names = member_lists.get(shared_m) or _listed(
            member_lists, shared_m, member_bits, name_of)
        both = tmask[i] & tmask[j]
        shared_themes = theme_lists.get(both)
        if shared_themes is None:
            shared_themes = theme_lists[both] = theme_bits.ids(both)
        append({
            "a": a, "a_name": names_of[i], "a_level": levels[i],
            "b": b, "b_name": names_of[j], "b_level": levels[j],
            "score": -minus_score, "theme_jaccard": t_index, "area_jaccard": a_index,
            "member_jaccard": m_index,
            # copies: each row owns its lists, as when they were built per row
            "shared_themes": shared_themes[:],
            "shared_areas": area_ids[:],
            "shared_area_names": area_names[:],
            "shared_members": org_ids[:],
            "shared_member_names": org_names[:],
            "sub_group": b in above[i] or a in above[j],
            "oversight": overseer[i] or overseer[j],
            "support": supporter[i] != supporter[j],
        })
    return rows


@dataclass
class _Bodies:
    """Each body of a landscape (in id order) as :func:`_score` compares them: its themes,
    areas and members as bit masks (see :func:`_bodies`) and their sizes."""

    bodies: list[Body]
    ids: list[str]
    themes: list[frozenset[str]]
    areas: list[frozenset[str]]
    ancestors: dict[str, frozenset[str]]
    index_of: Namer
    theme_bits: _Bits
    area_bits: _Bits
    member_bits: _Bits
    tmask: list[int]
    amask: list[int]
    mmask: list[int]
    tsize: list[int]
    asize: list[int]
    msize: list[int]
    overseer: list[bool]
    supporter: list[bool]


@per_landscape
def _bodies(landscape: Landscape) -> _Bodies:
    """The :class:`_Bodies` of a landscape, once per landscape (a scenario's report before
    asks for its pairs and for the totals of the others)."""
    bodies = sorted(landscape.bodies.values(), key=lambda b: b.id)
    themes = [frozenset(b.themes) for b in bodies]
    areas = [body_areas(landscape, b.id) for b in bodies]
    members = [frozenset(m.member for m in b.members) for b in bodies]
    index_of = namer(landscape)
    # Each body's themes, areas and members as bits of an int, each set's bits in the
    # order its rows list it (themes alphabetically, areas and members by name): shared
    # sets are one ``&``, their sizes ``int.bit_count``, and a shared set's ids come out
    # in order without a sort. The Jaccard indices are the same quotients of the same
    # counts as with sets, so every value is the same.
    theme_bits = _Bits(sorted({t for ts in themes for t in ts}))
    area_bits = _Bits(sorted({a for s in areas for a in s}, key=index_of.key))
    member_bits = _Bits(sorted({m for s in members for m in s}, key=index_of.key))
    return _Bodies(
        bodies=bodies, ids=[b.id for b in bodies], themes=themes, areas=areas,
        ancestors=sub_group_ancestors(landscape), index_of=index_of,
        theme_bits=theme_bits, area_bits=area_bits, member_bits=member_bits,
        tmask=[theme_bits.mask(s) for s in themes], amask=[area_bits.mask(s) for s in areas],
        mmask=[member_bits.mask(s) for s in members], tsize=[len(s) for s in themes],
        asize=[len(s) for s in areas], msize=[len(s) for s in members],
        overseer=[b.kind in OVERSIGHT_KINDS for b in bodies],
        supporter=[b.kind in SUPPORT_KINDS for b in bodies])


#: A scored pair: ``(-score, i, j, theme, area and member Jaccard, shared members, shared
#: areas)``, ``i < j`` indices into :attr:`_Bodies.ids`, the shared sets as bit masks.
_Pair = tuple[float, int, int, float, float, float, int, int]


def _score(landscape: Landscape, *, min_score: float = 0.0, positive_only: bool = False,
           search: str = "index", touching: Collection[str] | None = None,
           excluding: Collection[str] | None = None) -> list[_Pair]:
    """The pairs :func:`duplicate_pairs` lists, scored and sorted (highest score first)
    but not yet made into rows; ``excluding`` leaves out every pair that holds one of
    those bodies."""
    about = _bodies(landscape)
    ids, tmask, amask, mmask = about.ids, about.tmask, about.amask, about.mmask
    tsize, asize, msize = about.tsize, about.asize, about.msize
    skip_unshared = min_score > 0 or positive_only
    found: list[_Pair] = []
    append_found = found.append
    if touching is None:
        meetings = _meetings(about.themes, about.areas, search=search)
    else:
        chosen = [i for i, b in enumerate(ids) if b in touching]
        meetings = _meetings_touching(about.themes, about.areas, chosen)
    left_out = [b in excluding for b in ids] if excluding else None
    for i, met in meetings:
        if left_out is not None:
            if left_out[i]:
                continue
            met = [j for j in met if not left_out[j]]
        ti, ai, mi = tmask[i], amask[i], mmask[i]
        ti_n, ai_n, mi_n = tsize[i], asize[i], msize[i]
        for j in met:
            shared_m = mi & mmask[j]
            if skip_unshared and not shared_m:  # most candidates: no member in common
                continue
            shared_a = ai & amask[j]
            # the three Jaccard indices, as _jaccard works them out (inlined: 100,000s
            # of pairs)
            shared = (ti & tmask[j]).bit_count()
            union = ti_n + tsize[j] - shared
            tj = shared / union if union else 0.0
            shared = shared_a.bit_count()
            union = ai_n + asize[j] - shared
            aj = shared / union if union else 0.0
            shared = shared_m.bit_count()
            union = mi_n + msize[j] - shared
            mj = shared / union if union else 0.0
            score = tj * aj * mj
            if score >= min_score:
                # a pair's first body is the one with the smaller id (and index)
                lo, hi = (i, j) if i < j else (j, i)
                append_found((-score, lo, hi, tj, aj, mj, shared_m, shared_a))
    # ids are in increasing order, so (score, i, j) orders as (score, a, b); (i, j) is
    # unique, so the tuples never compare further
    found.sort()
    return found


@paused_gc()
def pair_counts(landscape: Landscape, excluding: Collection[str]) -> tuple[int, int]:
    """How many pairs :func:`duplicate_pairs` with ``positive_only`` lists that hold none
    of the bodies ``excluding``: those :func:`counted` (the report's candidates for
    ``likely-duplicate``), and those that are likely duplicates (counted, and scoring at
    least :data:`LIKELY_DUPLICATE`). A scenario's diff works out the pairs of the bodies
    it touched and needs only these totals of the others, which are the same before and
    after (see :func:`govmap.report.reports_to_compare`)."""
    found = _score(landscape, positive_only=True, excluding=excluding)
    about = _bodies(landscape)
    ids, overseer, supporter = about.ids, about.overseer, about.supporter
    above = [about.ancestors.get(b, _NONE) for b in ids]
    counted_pairs = likely = 0
    for minus_score, i, j, *_ in found:
        if (ids[j] in above[i] or ids[i] in above[j] or overseer[i] or overseer[j]
                or supporter[i] != supporter[j]):
            continue
        counted_pairs += 1
        if -minus_score >= LIKELY_DUPLICATE:
            likely += 1
    return counted_pairs, likely


class _Bits:
    """Ids numbered in a given order, so that a set of them is an int with one bit each."""

    def __init__(self, ordered: Sequence[str]) -> None:
        self.ordered = list(ordered)
        self.bit = {x: 1 << n for n, x in enumerate(self.ordered)}

    def mask(self, ids: Collection[str]) -> int:
        bit = self.bit
        mask = 0
        for x in ids:
            mask |= bit[x]
        return mask

    def ids(self, mask: int) -> list[str]:
        """The ids of ``mask``, in the order they were numbered."""
        ordered, out = self.ordered, []
        while mask:
            low = mask & -mask
            out.append(ordered[low.bit_length() - 1])
            mask ^= low
        return out


def _listed(known: dict[int, tuple[list[str], list[str]]], mask: int, bits: _Bits,
            name_of: Callable[[str, str], str]) -> tuple[list[str], list[str]]:
    """The ids of ``mask`` in order and their names, remembered in ``known``."""
    ordered = bits.ids(mask)
    known[mask] = (ordered, [name_of(x, x) for x in ordered])
    return known[mask]


def _changed_names(before: Landscape, after: Landscape) -> set[str]:
    """Ids of organisations and bodies whose name differs between two landscapes."""
    old, new = namer(before).names, namer(after).names
    return {k for k, v in new.items() if old.get(k, v) != v}


def pairs_to_redo(before: Landscape, after: Landscape) -> set[str] | None:
    """The bodies of ``after`` whose duplicate-pair rows may differ from ``before``'s: every
    body added, changed, or whose areas, sub-group ancestors or members' names differ. None
    when the areas themselves differ (every row must be redone)."""
    if before.areas is not after.areas and before.areas != after.areas:
        return None
    was, now = area_sets(before), area_sets(after)
    up, down = sub_group_ancestors(before), sub_group_ancestors(after)
    renamed = _changed_names(before, after)
    redo: set[str] = set()
    for body_id, body in after.bodies.items():
        old = before.bodies.get(body_id)
        if (old is None or (old is not body and old != body)
                or was.get(old.footprint) != now.get(body.footprint)
                or up.get(body_id) != down.get(body_id)
                or (renamed and any(m.member in renamed for m in body.members))):
            redo.add(body_id)
    return redo


def update_pairs(before: Landscape, rows: Sequence[Row], after: Landscape, *,
                 min_score: float = 0.0, positive_only: bool = False) -> list[Row]:
    """:func:`duplicate_pairs` of ``after``, given its ``rows`` on ``before``.

    The rows of two bodies :func:`pairs_to_redo` leaves alone (and both still there) are
    kept as they are; the pairs holding a body to redo are worked out afresh; the whole
    is ranked as :func:`duplicate_pairs` ranks it, so the result is the same list. A
    scenario touches a few bodies of thousands: this is how its report after costs what
    the operations touched rather than a second report.
    """
    redo = pairs_to_redo(before, after)
    if redo is None:
        return duplicate_pairs(after, min_score=min_score, positive_only=positive_only)
    gone = redo | (before.bodies.keys() - after.bodies.keys())
    kept = [r for r in rows if r["a"] not in gone and r["b"] not in gone]
    fresh = duplicate_pairs(after, min_score=min_score, positive_only=positive_only,
                            touching=redo) if redo else []
    merged = kept + fresh
    merged.sort(key=lambda r: (-r["score"], r["a"], r["b"]))
    return merged


def counted(pair: Row) -> bool:
    """Whether a row of :func:`duplicate_pairs` can be a likely duplicate at all: not a body
    and its sub-group, not a scrutiny committee, not a board and a team, network or
    association."""
    return not pair["sub_group"] and not pair["oversight"] and not pair.get("support", False)


def findings(landscape: Landscape, coverage: Sequence[Row] | None = None,
             pairs: Sequence[Row] | None = None) -> list[Finding]:
    """``theme-duplication``, ``theme-gap`` and ``likely-duplicate`` findings.

    Duplications are grouped: one finding per theme, level and set of bodies, listing
    the areas where those bodies overlap. Gaps are grouped per theme. A pair of bodies is
    a likely duplicate when its score (see :func:`duplicate_pairs`) is at least
    :data:`LIKELY_DUPLICATE` and neither is a sub-group of the other.
    """
    rows = theme_coverage(landscape) if coverage is None else coverage
    ancestors = sub_group_ancestors(landscape)
    duplicated: dict[tuple[str, str, tuple[str, ...]], list[str]] = defaultdict(list)
    gaps: dict[str, list[str]] = defaultdict(list)
    # the same bodies duplicate each other in many areas: group each set of bodies once
    grouped: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for row in rows:
        if row["status"] == GAP:
            gaps[row["theme"]].append(row["area"])
        for level in row["duplicated_levels"]:
            cell = tuple(row[level])
            groups = grouped.get(cell)
            if groups is None:
                groups = grouped[cell] = [
                    tuple(sorted(members)) for members in _groups(landscape, row[level],
                                                                  ancestors)]
            for group in groups:
                duplicated[(row["theme"], level, group)].append(row["area"])
    found: list[Finding] = []
    member_sets: dict[str, set[str]] = {}  # a body is in many groups: its members once
    for (theme, level, group), areas in duplicated.items():
        body_names = names(landscape, sorted_by_name(landscape, group))
        area_ids = sorted_by_name(landscape, areas)
        area_names = names(landscape, area_ids)
        where = _place(landscape, group, frozenset(areas)) or and_list(area_names)
        found.append(Finding(
            code="theme-duplication", severity="medium", subjects=group,
            key=(theme, level, *group),
            message=(
                f"{and_list(body_names)} {'both' if len(group) == 2 else 'all'} cover "
                f"{label(theme)} at {label(level)} level in "
                f"{where}."
            ),
            evidence={"theme": theme, "level": level, "bodies": list(group),
                      "body_names": body_names, "areas": area_ids, "area_names": area_names,
                      "where": where, **_shared_members(landscape, group, member_sets)},
        ))
    for theme, areas in gaps.items():
        area_ids = sorted_by_name(landscape, areas)
        area_names = names(landscape, area_ids)
        found.append(Finding(
            code="theme-gap", severity="low", subjects=tuple(area_ids), key=(theme,),
            message=(
                f"No body covers {label(theme)} in {and_list(area_names)} "
                f"({plural(len(area_ids), 'area')}), though bodies cover it elsewhere."
            ),
            evidence={"theme": theme, "areas": area_ids, "area_names": area_names},
        ))
    all_pairs = duplicate_pairs(landscape, min_score=LIKELY_DUPLICATE) if pairs is None \
        else pairs
    for pair in all_pairs:
        if pair["score"] < LIKELY_DUPLICATE or not counted(pair):
            continue
        found.append(Finding(
            code="likely-duplicate", severity="medium", subjects=(pair["a"], pair["b"]),
            message=(
                f"{pair['a_name']} and {pair['b_name']} look like duplicates (score "
                f"{pair['score']:.2f}): they share {pair['theme_jaccard']:.0%} of their "
                f"themes, {pair['area_jaccard']:.0%} of their areas and "
                f"{pair['member_jaccard']:.0%} of their members."
            ),
            evidence={k: pair[k] for k in (
                "score", "theme_jaccard", "area_jaccard", "member_jaccard", "shared_themes",
                "shared_areas", "shared_area_names", "shared_members", "shared_member_names")},
        ))
    return found


def _shared_members(landscape: Landscape, group: Sequence[str],
                    known: dict[str, set[str]] | None = None) -> dict[str, list[str]]:
    """The members (organisations, or bodies that sit on bodies) that sit on every body of
    ``group``, by id and name (``known`` remembers each body's members across calls)."""
    known = {} if known is None else known
    sets = []
    for body_id in group:
        members = known.get(body_id)
        if members is None:
            members = known[body_id] = {m.member for m in landscape.bodies[body_id].members}
        sets.append(members)
    shared = sorted_by_name(landscape, set.intersection(*sets) if sets else set())
    return {"shared_members": shared, "shared_member_names": names(landscape, shared)}


def _place(landscape: Landscape, bodies: Sequence[str], areas: frozenset[str]) -> str | None:
    """The name of the footprint of one of ``bodies`` that is exactly ``areas``, if any."""
    for body_id in bodies:
        footprint = landscape.bodies[body_id].footprint
        if footprint_areas(landscape, footprint) == areas:
            return landscape.name_of(footprint)
    return None
