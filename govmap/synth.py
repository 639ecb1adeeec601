"""Deterministic synthetic landscapes of any size, for benchmarks and property tests.

A synthetic landscape looks like a real one at scale: a row of council areas grouped into
footprint families whose blocks have different sizes and offsets (so some nest and some
straddle), organisations with home footprints, bodies at every level with themes,
members, reporting lines and duties, and dated changes (about one body in ten has ended
and been replaced). The same ``(n_bodies, seed)`` always gives the same landscape.

Examples
--------
>>> from govmap.synth import generate
>>> landscape = generate(300, seed=1)
>>> len(landscape.bodies)
300
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from govmap.model import vocab
from govmap.model.dates import PartialDate
from govmap.model.entities import (
    Area,
    Body,
    Duty,
    DutyAssignment,
    Footprint,
    Membership,
    Organisation,
    ReportingLine,
    StatutoryBasis,
)
from govmap.model.landscape import Landscape

#: (family, block size, offset): contiguous blocks of areas, offset so families cut across.
FAMILIES: tuple[tuple[str, int, int], ...] = (
    ("police_force_area", 8, 0),
    ("health_board_area", 6, 2),
    ("fire_area", 11, 5),
    ("psb_area", 2, 1),
    ("safeguarding_area", 5, 3),
    ("region", 16, 0),
)

#: Body kinds by level, with the footprint family each is drawn on.
KINDS_BY_LEVEL: dict[str, tuple[tuple[str, str], ...]] = {
    "national": (("advisory_board", "nation"), ("criminal_justice_board", "nation"),
                 ("network", "nation")),
    "regional": (("regional_community_safety_board", "police_force_area"),
                 ("area_planning_board", "health_board_area"),
                 ("regional_safeguarding_board", "safeguarding_area"),
                 ("vawdasv_board", "region"), ("contest_board", "police_force_area"),
                 ("criminal_justice_board", "police_force_area")),
    "local": (("community_safety_partnership", "local_authority"),
              ("public_services_board", "psb_area"), ("youth_offending_team", "local_authority"),
              ("scrutiny_committee", "local_authority"), ("channel_panel", "local_authority")),
    "sub_local": (("delivery_group", "local_authority"), ("team", "local_authority")),
}
LEVEL_SHARE = {"national": 0.01, "regional": 0.19, "local": 0.55, "sub_local": 0.25}
ROLE_WEIGHTS = {"responsible_authority": 3, "statutory_member": 3, "member": 4, "co_opted": 1,
                "invited_participant": 2, "observer": 1}
THEMES = tuple(vocab.THEMES)
SOURCE = ("synthetic:govmap.synth",)
FACT: dict[str, Any] = {"sources": SOURCE, "confidence": "derived"}


@dataclass
class _Builder:
    rng: random.Random
    areas: list[Area] = field(default_factory=list)
    footprints: dict[str, Footprint] = field(default_factory=dict)
    by_family: dict[str, list[str]] = field(default_factory=dict)
    area_footprints: dict[str, dict[str, str]] = field(default_factory=dict)
    organisations: list[Organisation] = field(default_factory=list)
    orgs_by_area: dict[str, list[str]] = field(default_factory=dict)
    national_orgs: list[str] = field(default_factory=list)

    def footprint(self, fid: str, name: str, family: str, areas: Sequence[str]) -> None:
        self.footprints[fid] = Footprint(id=fid, name=name, family=family, areas=tuple(areas),
                                         sources=SOURCE, confidence="derived")
        self.by_family.setdefault(family, []).append(fid)
        for area in areas:
            self.area_footprints.setdefault(area, {}).setdefault(family, fid)

    def organisation(self, oid: str, name: str, kind: str, footprint: str | None, *,
                     devolved: bool = True, elected: bool = False,
                     lines: Sequence[ReportingLine] = ()) -> None:
        self.organisations.append(Organisation(
            id=oid, name=name, kind=kind, devolved=devolved, elected=elected,
            footprint=footprint, reporting_lines=tuple(lines), sources=SOURCE,
            confidence="derived"))
        if footprint is None or footprint == "nation":
            self.national_orgs.append(oid)
            return
        for area in self.footprints[footprint].areas:
            self.orgs_by_area.setdefault(area, []).append(oid)


def generate(n_bodies: int, seed: int = 0, *, n_areas: int | None = None) -> Landscape:
    """A synthetic landscape with exactly ``n_bodies`` bodies (about ten memberships each).

    Parameters
    ----------
    n_bodies : int
        Number of bodies, at least 1.
    seed : int
        Seed of the random choices; the same seed gives the same landscape.
    n_areas : int, optional
        Number of areas; by default one per 25 bodies, between 12 and 400.
    """
    if n_bodies < 1:
        raise ValueError("n_bodies must be at least 1")
    rng = random.Random(seed)
    count = n_areas or min(400, max(12, n_bodies // 25))
    b = _Builder(rng)
    for i in range(count):
        gss = f"X{i:08d}"
        b.areas.append(Area(id=gss, name=f"Area {i + 1}", population=rng.randrange(50, 400) * 1000,
                            sources=SOURCE, confidence="derived"))
        b.footprint(f"la-{i + 1}", f"Area {i + 1}", "local_authority", [gss])
    ids = [a.id for a in b.areas]
    for family, size, offset in FAMILIES:
        start, block = 0, 0
        while start < count:
            end = min(count, start + (size - offset if start == 0 and offset else size))
            block += 1
            b.footprint(f"{family.replace('_', '-')}-{block}",
                        f"{family.replace('_', ' ')} {block}", family, ids[start:end])
            start = end
    b.footprint("nation", "Nation", "nation", ids)

    b.organisation("legislature", "Legislature", "legislature", "nation", elected=True)
    b.organisation("government", "Government", "devolved_government", "nation",
                   lines=[ReportingLine(target="legislature", type="accountable_to", **FACT)])
    b.organisation("ministry", "Ministry", "government_department", "nation", devolved=False,
                   lines=[ReportingLine(target="legislature", type="accountable_to", **FACT)])
    for i in range(count):
        b.organisation(f"council-{i + 1}", f"Council {i + 1}", "local_authority", f"la-{i + 1}",
                       elected=True)
    for fid in b.by_family["police_force_area"]:
        n = fid.rsplit("-", 1)[1]
        b.organisation(f"pcc-{n}", f"Commissioner {n}", "police_and_crime_commissioner", fid,
                       devolved=False, elected=True)
        b.organisation(f"police-{n}", f"Police {n}", "police_force", fid, devolved=False,
                       lines=[ReportingLine(target=f"pcc-{n}", type="accountable_to", **FACT)])
        b.organisation(f"probation-{n}", f"Probation {n}", "probation", fid, devolved=False)
    for fid in b.by_family["health_board_area"]:
        n = fid.rsplit("-", 1)[1]
        b.organisation(f"health-{n}", f"Health board {n}", "health_board", fid)
    for fid in b.by_family["fire_area"]:
        n = fid.rsplit("-", 1)[1]
        b.organisation(f"fire-{n}", f"Fire authority {n}", "fire_and_rescue_authority", fid)
    for fid in b.by_family["region"]:
        n = fid.rsplit("-", 1)[1]
        b.organisation(f"voluntary-{n}", f"Voluntary council {n}", "third_sector", fid)

    duties = [
        Duty(id="duty-strategy", name="Community safety strategy", law="Synthetic Act",
             section="s1", applies_per="local_authority",
             required_members=("local_authority", "police_force", "health_board"),
             sources=SOURCE, confidence="derived"),
        Duty(id="duty-wellbeing", name="Well-being plan", law="Synthetic Act", section="s2",
             applies_per="psb_area", required_members=("local_authority", "health_board"),
             sources=SOURCE, confidence="derived"),
        Duty(id="duty-safeguarding", name="Safeguarding board", law="Synthetic Act",
             section="s3", applies_per="safeguarding_area",
             required_members=("local_authority", "police_force", "health_board"),
             sources=SOURCE, confidence="derived"),
    ]
    duty_for_kind = {"community_safety_partnership": "duty-strategy",
                     "public_services_board": "duty-wellbeing",
                     "regional_safeguarding_board": "duty-safeguarding"}
    bodies = _bodies(b, n_bodies, duty_for_kind)
    return Landscape.build(b.areas, b.footprints.values(), b.organisations, bodies, duties)


def _bodies(b: _Builder, n_bodies: int, duty_for_kind: dict[str, str]) -> list[Body]:
    rng = b.rng
    levels = list(LEVEL_SHARE)
    counts = {level: int(n_bodies * LEVEL_SHARE[level]) for level in levels}
    counts["local"] += n_bodies - sum(counts.values())
    bodies: list[Body] = []
    by_level_area: dict[tuple[str, str], list[str]] = {}
    made: dict[str, Body] = {}
    roles, weights = list(ROLE_WEIGHTS), list(ROLE_WEIGHTS.values())
    index = 0
    for level in levels:
        for _ in range(counts[level]):
            index += 1
            kind, family = rng.choice(KINDS_BY_LEVEL[level])
            footprint = rng.choice(b.by_family[family])
            areas = b.footprints[footprint].areas
            pool = sorted({o for a in areas for o in b.orgs_by_area.get(a, ())})
            if len(pool) < 16:  # small bodies also draw on their neighbours (same region)
                region = b.footprints[b.area_footprints[areas[0]]["region"]].areas
                pool = sorted({o for a in region for o in b.orgs_by_area.get(a, ())})
            size = min(len(pool), max(2, int(rng.gauss(11, 3))))
            chosen = rng.sample(pool, size) + ([rng.choice(b.national_orgs)]
                                               if rng.random() < 0.3 else [])
            members = tuple(Membership(organisation=o, role=rng.choices(roles, weights)[0], **FACT)
                            for o in chosen)
            lines: list[ReportingLine] = []
            parent_level = {"regional": "national", "local": "regional",
                            "sub_local": "local"}.get(level)
            parent: Body | None = None
            if parent_level and rng.random() < 0.85:
                parents = by_level_area.get((parent_level, areas[0]))
                if parents:
                    kind_of_line = "sub_group_of" if level == "sub_local" else "reports_to"
                    parent = made[rng.choice(parents)]
                    lines.append(ReportingLine(target=parent.id, type=kind_of_line, **FACT))
            if level == "local" and rng.random() < 0.5:
                council = next((o for o in pool if o.startswith("council-")), None)
                if council:
                    lines.append(ReportingLine(target=council, type="accountable_to", **FACT))
            duty = duty_for_kind.get(kind)
            ended = rng.random() < 0.1
            start_year = rng.randrange(2005, 2020)
            if parent is not None:
                # the line holds only while both exist (the loader checks every reference)
                lines[0] = lines[0].model_copy(update={
                    "start_date": parent.start_date if parent.start_date and
                    parent.start_date.first.year > start_year else None,
                    "end_date": parent.end_date})
            body = Body(
                id=f"body-{index}", name=f"{kind.replace('_', ' ').capitalize()} {index}",
                kind=kind, level=level, footprint=footprint,
                themes=tuple(rng.sample(THEMES, rng.randrange(1, 5))),
                statutory_basis=StatutoryBasis(act="Synthetic Act", section="s9")
                if duty or rng.random() < 0.3 else None,
                members=members, reporting_lines=tuple(lines),
                discharges=(DutyAssignment(duty=duty, **FACT),) if duty else (),
                start_date=PartialDate.parse(start_year),
                end_date=PartialDate.parse(rng.randrange(start_year + 1, 2025))
                if ended else None,
                sources=SOURCE, confidence="derived",
            )
            bodies.append(body)
            made[body.id] = body
            for area in areas:
                by_level_area.setdefault((level, area), []).append(body.id)
    return bodies


def write_yaml(landscape: Landscape, folder: Path, *, files: int = 4) -> list[Path]:
    """Write a landscape as YAML files (bodies split over ``files`` files) and return them.

    The files hold the canonical form (:mod:`govmap.export.canonical`), so loading the
    folder gives the landscape back.
    """
    from govmap.export.canonical import to_document
    from govmap.files import write_output

    document = to_document(landscape)
    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    folder.mkdir(parents=True, exist_ok=True)
    head = {k: v for k, v in document.items() if k != "bodies"}
    written = [write_output(folder / "landscape.yaml",
                            yaml.dump(head, Dumper=dumper, allow_unicode=True, sort_keys=False),
                            force=True)]
    bodies = document["bodies"]
    step = max(1, -(-len(bodies) // files))
    for n, start in enumerate(range(0, len(bodies), step), 1):
        part = {"as_at": None, "bodies": bodies[start:start + step]}
        written.append(write_output(folder / f"bodies-{n}.yaml",
                                    yaml.dump(part, Dumper=dumper, allow_unicode=True,
                                              sort_keys=False), force=True))
    return written
