"""Footprints: how the geographies of a landscape fit together.

Every measure here is computed on the areas (council areas, by GSS code) that footprints
cover, on the landscape as given: pass ``landscape.as_at(day)`` for a dated picture.

Measures
--------
- :func:`relate` and :func:`footprint_relations`: how every pair of overlapping
  footprints relate (``equal``, ``contains``, ``within``, ``overlaps``) with Jaccard indices.
- :func:`family_coterminosity`: for two footprint families, the share of the first's
  footprints that straddle none of the second's.
- :func:`area_complexity`: how many regional footprints and partner sets each area's
  council is asked to work in.
- :func:`body_alignment`: which of its members' footprints a body cuts across.
- :func:`findings`: ``straddle`` and ``cuts-across`` findings.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence

from govmap.metrics.common import (
    Row,
    and_list,
    area_sets,
    footprint_areas,
    namer,
    names,
    plural,
    sorted_by_name,
)
from govmap.metrics.findings import Finding
from govmap.model.landscape import Landscape

EQUAL = "equal"
CONTAINS = "contains"
WITHIN = "within"
OVERLAPS = "overlaps"

#: What each relation means, read as "A <relation> B".
RELATIONS = {
    EQUAL: "A and B cover exactly the same areas",
    CONTAINS: "A covers every area of B and more",
    WITHIN: "B covers every area of A and more",
    OVERLAPS: "A and B share some areas and each has areas the other lacks (a straddle)",
}

#: At most this many regional footprints and partner sets are listed for an area in
#: :func:`area_complexity` (their counts are exact): a long chain of unions puts one area
#: in thousands of footprints, and listing each would make the table grow as the cube.
LISTED = 20
#: A partner set is named by at most this many of its areas ("A + B + ... and 30 more").
NAMED_PARTNERS = 12

#: The relation of B to A, given the relation of A to B.
INVERSE = {EQUAL: EQUAL, CONTAINS: WITHIN, WITHIN: CONTAINS, OVERLAPS: OVERLAPS}

_NO_AREAS: frozenset[str] = frozenset()


def relate(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> str | None:
    """The relation of area set ``a`` to area set ``b``.

    Parameters
    ----------
    a, b : set of str
        The areas (GSS codes) two footprints cover.

    Returns
    -------
    str or None
        ``equal`` when they cover the same areas, ``contains`` when ``a`` covers all of
        ``b`` and more, ``within`` when ``b`` covers all of ``a`` and more, ``overlaps``
        when they share at least one area and each has areas the other lacks, and None
        when they share no area (or either is empty).

    Examples
    --------
    >>> relate({"x", "y"}, {"y"})
    'contains'
    >>> relate({"x", "y"}, {"y", "z"})
    'overlaps'
    >>> relate({"x"}, {"z"}) is None
    True

    Notes
    -----
    ``relate(b, a)`` is always ``INVERSE[relate(a, b)]``: equal and overlaps are
    symmetric; contains and within mirror each other.
    """
    if not a or not b or a.isdisjoint(b):
        return None
    if a == b:
        return EQUAL
    if a >= b:
        return CONTAINS
    if a <= b:
        return WITHIN
    return OVERLAPS


def _area_sets(landscape: Landscape) -> dict[str, frozenset[str]]:
    return {fid: frozenset(f.areas) for fid, f in landscape.footprints.items() if f.areas}


class _Shared:
    """The areas two footprints share, sorted and named; and populations. When one
    footprint lies within the other (most pairs, and every pair of a chain of unions) the
    shared areas are all of it: its sorted list, names and population are worked out once
    per footprint and shared by its rows, not once per pair."""

    def __init__(self, landscape: Landscape) -> None:
        self.landscape = landscape
        self.lists: dict[str, tuple[list[str], list[str], int | None]] = {}
        self.people: dict[str, int | None] = {}

    def population(self, fid: str, areas: frozenset[str]) -> int | None:
        """A footprint's population alone (no sorting or naming: most footprints of a
        row are not its shared areas)."""
        if fid in self.lists:
            return self.lists[fid][2]
        if fid not in self.people:
            self.people[fid] = self.landscape.population(areas)
        return self.people[fid]

    def of(self, fid: str, areas: frozenset[str]) -> tuple[list[str], list[str], int | None]:
        if fid not in self.lists:
            self.lists[fid] = self.make(areas)
        return self.lists[fid]

    def make(self, areas: Iterable[str]) -> tuple[list[str], list[str], int | None]:
        ordered = sorted_by_name(self.landscape, areas)
        return ordered, names(self.landscape, ordered), self.landscape.population(ordered)


def _relation_row(landscape: Landscape, a: str, b: str, sa: frozenset[str],
                  sb: frozenset[str], rel: str, shared_of: _Shared | None = None) -> Row:
    shared_of = shared_of or _Shared(landscape)
    if rel in (EQUAL, WITHIN):
        shared_sorted, shared_names, people = shared_of.of(a, sa)
    elif rel == CONTAINS:
        shared_sorted, shared_names, people = shared_of.of(b, sb)
    else:
        shared_sorted, shared_names, people = shared_of.make(sa & sb)
    shared = len(shared_sorted)
    people_a = shared_of.population(a, sa)
    people_b = shared_of.population(b, sb)
    together = (None if people is None or people_a is None or people_b is None
                else people_a + people_b - people)
    fa, fb = landscape.footprints[a], landscape.footprints[b]
    return {
        "a": a, "a_name": fa.name, "a_family": fa.family,
        "b": b, "b_name": fb.name, "b_family": fb.family,
        "relation": rel,
        "shared": shared, "only_a": len(sa) - shared, "only_b": len(sb) - shared,
        "jaccard": shared / (len(sa) + len(sb) - shared),
        "population_jaccard": (people / together if people is not None and together
                               else None),
        "shared_areas": shared_sorted,
        "shared_area_names": shared_names,
    }


def footprint_relations(landscape: Landscape) -> list[Row]:
    """The relation of every pair of footprints that share at least one area, but two
    footprints of one family of which one lies within the other.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view; every footprint in it is compared.

    Returns
    -------
    list of dict
        One row per unordered pair, with ``a`` the smaller id: ``a``, ``a_name``,
        ``a_family``, ``b``, ``b_name``, ``b_family``, ``relation`` (of A to B, see
        :func:`relate`), ``shared``, ``only_a``, ``only_b`` (area counts), ``jaccard``
        (shared areas over all areas of either), ``population_jaccard`` (the same by
        population, or None when a population is unknown), ``shared_areas`` and
        ``shared_area_names``. Sorted by ``a`` then ``b``.

    Examples
    --------
    Police area {Cardiff, Vale} and health board area {Cardiff, Vale}: ``equal``,
    Jaccard 1. Fire area {Swansea, Neath Port Talbot, Powys} and police area {Swansea,
    Neath Port Talbot, Cardiff}: ``overlaps``, Jaccard 2/4 = 0.5.

    Notes
    -----
    Candidate pairs come from an index of area -> footprints, so footprints that share
    nothing are never compared. The Jaccard index is 1 exactly when the relation is
    ``equal``. Nesting within one family (a PSB area made of two older ones; a chain of
    unions) is a hierarchy each of whose steps the family implies, and listing it would
    make the table grow as the square of the family (and its shared areas as the cube):
    those pairs are left out, while every pair across families, and every equal or
    straddling pair within one, is listed. A family none of whose footprints straddles
    another is recognised in one pass over its areas (see :func:`_laminar`), so its
    nested pairs are never enumerated.

    References
    ----------
    P. Jaccard, "Étude comparative de la distribution florale dans une portion des Alpes
    et du Jura", Bulletin de la Société Vaudoise des Sciences Naturelles 37 (1901).
    """
    sets = _area_sets(landscape)
    family = {fid: landscape.footprints[fid].family for fid in sets}
    # area -> family -> footprints, each list in id order
    by_area: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    members: dict[str, list[str]] = defaultdict(list)
    for fid in sorted(sets):
        members[family[fid]].append(fid)
        for area in sets[fid]:
            by_area[area][family[fid]].append(fid)
    nested_only = {name: _laminar(fids, sets) for name, fids in members.items()}
    alike: dict[tuple[str, frozenset[str]], list[str]] = defaultdict(list)
    for fid in sorted(sets):
        alike[(family[fid], sets[fid])].append(fid)
    # candidate pairs: footprints of two families meeting in an area; within a family
    # whose footprints nest or keep apart (no straddle, and nesting within a family is
    # not listed) only its equal footprints, else every two meeting in an area
    met: dict[str, set[str]] = defaultdict(set)
    for families in by_area.values():
        if len(families) > 1:
            for name, fids in families.items():
                others = [fid for other, group in families.items() if other != name
                          for fid in group]
                for fid in fids:
                    met[fid].update(others)
        for name, fids in families.items():
            if not nested_only[name] and len(fids) > 1:
                for fid in fids:
                    met[fid].update(fids)
    for (name, _), fids in alike.items():
        if nested_only[name] and len(fids) > 1:
            for fid in fids:
                met[fid].update(fids)
    rows: list[Row] = []
    shared_of = _Shared(landscape)
    for a in sorted(sets):
        own = family[a]
        for b in sorted(fid for fid in met.get(a, ()) if fid > a):
            rel = relate(sets[a], sets[b])
            if rel is None or (rel in (CONTAINS, WITHIN) and family[b] == own):
                continue
            rows.append(_relation_row(landscape, a, b, sets[a], sets[b], rel, shared_of))
    return rows


def _laminar(fids: Sequence[str], sets: dict[str, frozenset[str]]) -> bool:
    """Whether every two of these footprints are nested, equal or apart (none straddles
    another), in one pass over their areas: taken largest first, each footprint's areas
    must all lie in the same smallest footprint taken before it (or in none)."""
    owner: dict[str, str] = {}
    seen: set[frozenset[str]] = set()
    for fid in sorted(fids, key=lambda f: -len(sets[f])):
        areas = sets[fid]
        if areas in seen:
            continue  # an equal footprint: same owners
        seen.add(areas)
        owners = {owner.get(area) for area in areas}
        if len(owners) > 1:
            return False
        for area in areas:
            owner[area] = fid
    return True


def straddles(relations: Sequence[Row]) -> list[Row]:
    """The pairs of footprints that straddle each other (relation ``overlaps``).

    A footprint *straddles* another when they share at least one area and neither
    contains the other: someone working to one of them must deal with part of the other.
    The rows are those of :func:`footprint_relations`.
    """
    return [row for row in relations if row["relation"] == OVERLAPS]


def family_coterminosity(landscape: Landscape,
                         relations: Sequence[Row] | None = None) -> list[Row]:
    """For each pair of footprint families X and Y, how cleanly X's footprints fit Y's.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view.
    relations : rows of :func:`footprint_relations`, optional
        Pass them when already computed.

    Returns
    -------
    list of dict
        The full family-by-family matrix, one row per ordered pair (X, Y) of families that
        have footprints (X = Y included): ``x``, ``y``, ``footprints`` (how many footprints
        X has), ``clean`` (how many straddle no Y footprint), ``share`` (clean /
        footprints: 1.0 means every X footprint is made of whole Y footprints or sits
        inside one), ``straddling`` (ids of X footprints that straddle some Y footprint)
        and ``straddling_names``, ``straddles`` (how many X-Y straddling pairs).

    Examples
    --------
    Health board areas {A, B}, {C} and police areas {A, B, C}: every health board area
    lies within the police area, so share(health, police) = 2/2 = 1.0. A fire area {B, C}
    straddles the health board area {A, B}: share(fire, health) = 0/1 = 0.0, and
    share(health, fire) = 1/2 = 0.5 ({C} lies within the fire area).

    Notes
    -----
    The measure is not symmetric: four small footprints inside one large one score 1.0
    one way round, and so does the large one the other way (it contains each of them),
    while a single straddle lowers the share of both families.
    """
    rels = footprint_relations(landscape) if relations is None else relations
    families: dict[str, list[str]] = defaultdict(list)
    for fid, footprint in landscape.footprints.items():
        if footprint.areas:
            families[footprint.family].append(fid)
    # straddled[x_id][y_family] = ids of y footprints that x straddles
    straddled: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in straddles(rels):
        straddled[row["a"]][row["b_family"]].add(row["b"])
        straddled[row["b"]][row["a_family"]].add(row["a"])
    rows: list[Row] = []
    for x in sorted(families):
        members = sorted(families[x])
        for y in sorted(families):
            bad = [fid for fid in members if straddled[fid].get(y)]
            bad = sorted_by_name(landscape, bad)
            pairs = sum(len(straddled[fid][y]) for fid in bad)
            if x == y:
                pairs //= 2
            rows.append({
                "x": x, "y": y, "footprints": len(members), "clean": len(members) - len(bad),
                "share": (len(members) - len(bad)) / len(members),
                "straddles": pairs,
                "straddling": bad, "straddling_names": names(landscape, bad),
            })
    return rows


def _council_of(landscape: Landscape) -> dict[str, str]:
    """Area -> the local authority organisation whose home footprint is exactly that area."""
    councils: dict[str, str] = {}
    for org in sorted(landscape.organisations.values(), key=lambda o: o.id):
        if org.kind != "local_authority" or not org.footprint:
            continue
        areas = footprint_areas(landscape, org.footprint)
        if len(areas) == 1:
            councils.setdefault(next(iter(areas)), org.id)
    return councils


def area_complexity(landscape: Landscape) -> list[Row]:
    """How many different regional groupings each area's council is asked to work in.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view: only the bodies in it count.

    Returns
    -------
    list of dict
        One row per area, most complex first: ``area``, ``area_name``, ``council`` and
        ``council_name`` (the local authority whose home footprint is that area, or None),
        ``bodies`` (how many bodies cover the area), ``regional_footprints`` (how many
        distinct *regional footprints* cover it) with their ids and names
        (``regional_footprint_ids``, ``regional_footprint_names``), ``partner_sets`` (how
        many distinct *partner sets*) with ``partner_set_names`` (each written
        ``"Cardiff + Vale of Glamorgan"``). At most :data:`LISTED` (20) footprints are
        listed, the first by name, and 20 partner sets named, the smallest; a partner set
        is named by its first :data:`NAMED_PARTNERS` (12) areas and ``"and N more"``. The
        counts are exact.

    Notes
    -----
    A *regional footprint* is a footprint that covers the area and at least one other
    area, is not a nation, and is either the footprint of a body below national level (a
    regional board) or the home footprint of an organisation (a police force, a health
    board, a fire and rescue authority): the council must work with each of them. Its
    *partner set* is those other areas: the neighbours the council must agree with there.
    Two regional footprints with the same areas (a police area and a safeguarding area
    drawn the same) are one partner set, so ``partner_sets <= regional_footprints``.
    National bodies and nations are left out: working with the whole nation is not a
    grouping of neighbours.

    Examples
    --------
    Bridgend in 2017 sat in the South Wales police area (with six other councils), the
    South Wales fire area (with nine others) and the Abertawe Bro Morgannwg health board
    area (with Swansea and Neath Port Talbot): three partner sets.
    """
    used: set[str] = {body.footprint for body in landscape.bodies.values()
                      if body.level != "national"}
    used |= {org.footprint for org in landscape.organisations.values() if org.footprint}
    used = {fid for fid in used
            if fid in landscape.footprints and landscape.footprints[fid].family != "nation"}
    sets = area_sets(landscape)
    by_area_bodies: dict[str, int] = defaultdict(int)
    for body in landscape.bodies.values():
        for area in sets.get(body.footprint, ()):
            by_area_bodies[area] += 1
    index = namer(landscape)
    regional_ids = [fid for fid in used if len(sets.get(fid, ())) > 1]
    # footprints with the same areas are one partner set: number each distinct set once
    set_of: dict[frozenset[str], int] = {}
    key_of = {fid: set_of.setdefault(sets[fid], len(set_of)) for fid in sorted(regional_ids)}
    # each area's regional footprints by name (the first LISTED are listed), and by size
    # (the smallest LISTED partner sets are named when there are more)
    by_name: dict[str, list[str]] = defaultdict(list)
    for fid in sorted(regional_ids, key=index.key):
        for area in sets[fid]:
            by_name[area].append(fid)
    by_size: dict[str, list[str]] = defaultdict(list)
    for fid in sorted(regional_ids, key=lambda f: (len(sets[f]), f)):
        for area in sets[fid]:
            by_size[area].append(fid)
    councils = _council_of(landscape)
    # each named footprint's first areas by name, worked out once (not once per area)
    rank = {a: r for r, a in enumerate(sorted(landscape.areas, key=lambda a: (index.name(a), a)))}
    first: dict[str, list[str]] = {}

    def partner_name(fid: str, area_id: str) -> str:
        if fid not in first:
            first[fid] = heapq.nsmallest(NAMED_PARTNERS + 1, sets[fid], key=rank.__getitem__)
        shown = [index.name(a) for a in first[fid] if a != area_id][:NAMED_PARTNERS]
        more = len(sets[fid]) - 1 - len(shown)
        return " + ".join(shown) + (f" and {more} more" if more > 0 else "")

    rows: list[Row] = []
    for area_id in landscape.areas:
        held = by_name.get(area_id, [])
        fps = held[:LISTED]
        count = len(set(map(key_of.__getitem__, held)))
        # every partner set when there are LISTED or fewer, else the LISTED smallest
        chosen: dict[int, str] = {}
        for fid in by_size.get(area_id, ()):
            chosen.setdefault(key_of[fid], fid)
            if len(chosen) == LISTED:
                break
        set_names = sorted(partner_name(f, area_id) for f in chosen.values())
        council = councils.get(area_id)
        rows.append({
            "area": area_id, "area_name": landscape.name_of(area_id),
            "council": council, "council_name": landscape.name_of(council) if council else None,
            "bodies": by_area_bodies.get(area_id, 0),
            "regional_footprints": len(held),
            "regional_footprint_ids": fps,
            "regional_footprint_names": names(landscape, fps),
            "partner_sets": count,
            "partner_set_names": set_names,
        })
    rows.sort(key=lambda r: (-r["partner_sets"], -r["regional_footprints"],
                             r["area_name"].lower()))
    return rows


def body_alignment(landscape: Landscape) -> list[Row]:
    """For each body, the home footprints of its members that the body's footprint cuts across.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view.

    Returns
    -------
    list of dict
        One row per body that has members with a home footprint, those cutting across
        most first: ``body``, ``body_name``, ``level``, ``footprint``, ``footprint_name``,
        ``members_checked`` (members with a home footprint), ``cuts_across`` (ids of member
        footprints the body's footprint straddles) with ``cuts_across_names``,
        ``cut_members`` and ``cut_member_names`` (the members whose area is split), and
        ``outside`` / ``outside_names`` (members whose home footprint shares no area with
        the body at all).

    Notes
    -----
    A body *cuts across* a member's footprint when the two footprints overlap without
    either containing the other (see :func:`relate`). A local partnership inside its
    health board's area does not cut across it; a regional board covering half of one
    health board's area and half of another's cuts across both: the health board must
    take part in two arrangements for one population.

    Examples
    --------
    A board on {Swansea, Neath Port Talbot, Bridgend} with the Cwm Taf Morgannwg health
    board (home footprint {Bridgend, Rhondda Cynon Taf, Merthyr Tydfil}) as a member cuts
    across that health board's area.
    """
    sets = area_sets(landscape)
    index = namer(landscape)
    # each organisation's home footprint, for those with one in the landscape
    homes = {org_id: org.footprint for org_id, org in landscape.organisations.items()
             if org.footprint and org.footprint in landscape.footprints}
    # body footprint -> member footprint -> relation, each pair related once
    relations: dict[str, dict[str, str | None]] = {}
    rows: list[Row] = []
    order: list[tuple[int, str, str]] = []
    for body in landscape.bodies.values():
        covered = sets.get(body.footprint, _NO_AREAS)
        related = relations.setdefault(body.footprint, {})
        checked = 0
        cut_fps: set[str] = set()
        cut_members: set[str] = set()
        outside: set[str] = set()
        # the distinct members (membership.member, inline: this runs for every seat)
        for member in {m.organisation if m.organisation is not None else str(m.body)
                       for m in body.members}:
            home = homes.get(member)
            if home is None:
                continue
            checked += 1
            if home in related:
                rel = related[home]
            else:
                rel = related[home] = relate(covered, sets.get(home, _NO_AREAS))
            if rel == OVERLAPS:
                cut_fps.add(home)
                cut_members.add(member)
            elif rel is None:
                outside.add(member)
        if not checked:
            continue
        fps = sorted(cut_fps, key=index.key) if cut_fps else []
        members = sorted(cut_members, key=index.key) if cut_members else []
        away = sorted(outside, key=index.key) if outside else []
        rows.append({
            "body": body.id, "body_name": body.name, "level": body.level,
            "footprint": body.footprint, "footprint_name": index.name(body.footprint),
            "members_checked": checked,
            "cuts_across": fps, "cuts_across_names": [index.name(f) for f in fps],
            "cut_members": members, "cut_member_names": [index.name(m) for m in members],
            "outside": away, "outside_names": [index.name(m) for m in away],
        })
        order.append((-len(fps), body.name.lower(), body.id))
    return [rows[i] for i in sorted(range(len(rows)), key=order.__getitem__)]


def findings(landscape: Landscape, relations: Sequence[Row] | None = None,
             alignment: Sequence[Row] | None = None) -> list[Finding]:
    """``straddle`` findings (footprints of different families that straddle each other)
    and ``cuts-across`` findings (bodies whose footprint splits a member's area).

    Straddles between footprints of the same family (a historical footprint and its
    successor, in an undated landscape) are left to the relations table.
    """
    rels = footprint_relations(landscape) if relations is None else relations
    aligned = body_alignment(landscape) if alignment is None else alignment
    found: list[Finding] = []
    for row in straddles(rels):
        if row["a_family"] == row["b_family"]:
            continue
        found.append(Finding(
            code="straddle", severity="medium", subjects=(row["a"], row["b"]),
            message=(
                f"{row['a_name']} straddles {row['b_name']}: they share "
                f"{and_list(row['shared_area_names'])}, but {row['a_name']} has "
                f"{plural(row['only_a'], 'area')} outside {row['b_name']} and "
                f"{row['b_name']} has {plural(row['only_b'], 'area')} outside it."
            ),
            evidence={
                "families": [row["a_family"], row["b_family"]],
                "shared_areas": row["shared_areas"],
                "shared_area_names": row["shared_area_names"],
                "only_a": row["only_a"], "only_b": row["only_b"],
                "jaccard": round(row["jaccard"], 4),
            },
        ))
    for row in aligned:
        if not row["cuts_across"]:
            continue
        found.append(Finding(
            code="cuts-across", severity="low",
            subjects=(row["body"], *row["cuts_across"]), key=(row["body"],),
            message=(
                f"{row['body_name']} ({row['footprint_name']}) cuts across the area of "
                f"{and_list(row['cut_member_names'])}, so "
                f"{'that member works' if len(row['cut_members']) == 1 else 'those members work'}"
                f" with it for only part of {'its' if len(row['cut_members']) == 1 else 'their'}"
                " area."
            ),
            evidence={
                "footprint": row["footprint"],
                "cuts_across": row["cuts_across"],
                "cuts_across_names": row["cuts_across_names"],
                "members": row["cut_members"],
                "member_names": row["cut_member_names"],
            },
        ))
    return found
