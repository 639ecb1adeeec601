"""Hypothesis strategies: small random landscapes that keep every reference valid."""

from __future__ import annotations

from hypothesis import strategies as st

from govmap.model.entities import Body, Footprint, Organisation
from govmap.model.landscape import Landscape

from .build import area, body, duty, fp, line, org, seat

AREAS = ["A", "B", "C", "D", "E", "F"]
FAMILIES = ["police_force_area", "health_board_area", "fire_area", "region"]
THEMES = ["community_safety", "substance_misuse", "vawdasv", "well_being"]
LEVELS = ["national", "regional", "local", "sub_local"]
ROLES = ["responsible_authority", "statutory_member", "member", "invited_participant",
         "observer"]
ORG_KINDS = ["local_authority", "police_force", "health_board", "third_sector"]
LINES = ["accountable_to", "reports_to", "sub_group_of", "scrutinised_by", "funded_by"]

area_sets = st.sets(st.sampled_from(AREAS), min_size=1).map(sorted)


@st.composite
def footprints(draw: st.DrawFn) -> list[Footprint]:
    chosen = draw(st.lists(st.tuples(st.sampled_from(FAMILIES), area_sets),
                           min_size=1, max_size=6))
    found = [fp(f"fp-{i}", family, *areas) for i, (family, areas) in enumerate(chosen)]
    # one council area per area, so duties have units
    found += [fp(f"la-{a.lower()}", "local_authority", a) for a in AREAS]
    return found


@st.composite
def landscapes(draw: st.DrawFn, max_bodies: int = 7) -> Landscape:
    """Areas A-F (with populations), a few footprints, organisations and bodies with random
    themes, seats, lines and duties."""
    prints = draw(footprints())
    fp_ids = [f.id for f in prints]
    n_orgs = draw(st.integers(1, 5))
    orgs: list[Organisation] = []
    for i in range(n_orgs):
        orgs.append(org(f"org-{i}", draw(st.sampled_from(ORG_KINDS)),
                        footprint=draw(st.none() | st.sampled_from(fp_ids)),
                        devolved=draw(st.booleans()), elected=draw(st.booleans())))
    n_bodies = draw(st.integers(0, max_bodies))
    actors = [o.id for o in orgs] + [f"body-{i}" for i in range(n_bodies)]
    bodies: list[Body] = []
    for i in range(n_bodies):
        me = f"body-{i}"
        members = draw(st.lists(st.tuples(st.sampled_from([o.id for o in orgs]),
                                          st.sampled_from(ROLES)),
                                max_size=4, unique_by=lambda m: m[0]))
        targets = [a for a in actors if a != me]
        lines = draw(st.lists(st.tuples(st.sampled_from(targets), st.sampled_from(LINES)),
                              max_size=3, unique_by=lambda x: x)) if targets else []
        bodies.append(body(
            me, draw(st.sampled_from(fp_ids)), level=draw(st.sampled_from(LEVELS)),
            themes=draw(st.lists(st.sampled_from(THEMES), max_size=3, unique=True)),
            members=[seat(o, r) for o, r in members],
            lines=[line(t, kind) for t, kind in lines],
            duties=draw(st.lists(st.sampled_from(["plan"]), max_size=1)),
            statutory=draw(st.booleans()),
        ))
    return Landscape.build(
        [area(a, 100 * (i + 1)) for i, a in enumerate(AREAS)], prints, orgs, bodies,
        [duty("plan", required=["local_authority", "police_force"])],
    )
