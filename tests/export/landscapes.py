"""Small landscapes, written by hand, that use every field the exports must carry."""

from __future__ import annotations

from govmap.model.landscape import Landscape
from govmap.model.load import check_bytes

#: Every kind of field: partial dates at each precision, sources, confidence, notes, Welsh
#: names, attributes of each type (one named like a govmap column, one that looks like a
#: formula), a union footprint, a dated seat, reporting lines from an organisation and a
#: body, a sub-group, a chair, a parent, predecessors, a dated duty assignment.
FULL_YAML = """
schema_version: 1
areas:
  - id: W06000015
    name: Cardiff
    name_cy: Caerdydd
    population: 362400
    sources: [public:Census 2021, "004_1052c6d804dc056a.txt:L3088"]
    confidence: general-knowledge
    attributes: {region: South East}
  - id: W06000014
    name: Vale of Glamorgan
    name_cy: Bro Morgannwg
    population: 132500
footprints:
  - id: la-cardiff
    name: Cardiff
    family: local_authority
    areas: [W06000015]
  - id: la-vale
    name: Vale of Glamorgan
    family: local_authority
    areas: [W06000014]
  - id: pfa-sw
    name: South Wales Police area (part)
    name_cy: Ardal Heddlu De Cymru
    family: police_force_area
    union: [la-cardiff, la-vale]
    start_date: 1996-04
    notes: |-
      Two of its seven council areas.
      The rest are left out of this test.
  - id: old-area
    name: Old area
    family: region
    areas: [W06000015]
    end_date: 1996
  - id: new-area
    name: New area
    family: region
    areas: [W06000015]
    predecessors: [old-area]
    start_date: 1996
organisations:
  - id: council-cardiff
    name: Cardiff Council
    name_cy: Cyngor Caerdydd
    kind: local_authority
    devolved: true
    elected: true
    footprint: la-cardiff
    sources: ["001_3c8194f91326f886.txt:L260-262"]
    confidence: stated
    attributes:
      Website: https://www.cardiff.gov.uk
      staff: 12000
      share: 0.25
      unitary: true
      level: not a body
      formula: =SUM(A1:A3)
  - id: police-sw
    name: South Wales Police
    kind: police_force
    devolved: false
    elected: false
    footprint: pfa-sw
    reporting_lines:
      - {target: pcc-sw, type: accountable_to, start_date: 2012-11-22,
         sources: [public:Police Reform and Social Responsibility Act 2011],
         confidence: general-knowledge}
  - id: pcc-sw
    name: South Wales Police and Crime Commissioner
    kind: police_and_crime_commissioner
    devolved: false
    elected: true
    footprint: pfa-sw
    start_date: 2012-11-22
    predecessors: [police-authority-sw]
  - id: police-authority-sw
    name: South Wales Police Authority
    kind: police_authority
    devolved: false
    elected: false
    footprint: pfa-sw
    end_date: 2012-11-22
  - id: yos-cardiff
    name: Cardiff Youth Offending Service
    kind: youth_justice
    devolved: true
    elected: false
    parent: council-cardiff
bodies:
  - id: csp-cardiff
    name: Cardiff Community Safety Partnership
    kind: community_safety_partnership
    level: local
    footprint: la-cardiff
    themes: [community_safety, anti_social_behaviour]
    statutory_basis: {act: Crime and Disorder Act 1998, section: s5-7}
    chair: council-cardiff
    members:
      - {organisation: council-cardiff, role: responsible_authority}
      - {organisation: police-sw, role: responsible_authority, start_date: 1998-09,
         notes: "joined when the Act came in"}
      - {organisation: pcc-sw, role: invited_participant, start_date: 2013,
         end_date: 2014-04-01}
    reporting_lines:
      - {target: council-cardiff, type: scrutinised_by}
    discharges:
      - cda-strategy
    end_date: 2016-04-01
    sources: ["000_1f25f7e8d8b8c0d6.txt:L181"]
    confidence: stated
  - id: psb-cardiff
    name: Cardiff Public Services Board
    name_cy: Bwrdd Gwasanaethau Cyhoeddus Caerdydd
    kind: public_services_board
    level: local
    footprint: la-cardiff
    themes: [well_being]
    statutory_basis: {act: Well-being of Future Generations (Wales) Act 2015}
    members:
      - {organisation: council-cardiff, role: statutory_member}
    discharges:
      - {duty: cda-strategy, start_date: 2016-04-01, sources: [public:WFG Act 2015 s47]}
    predecessors: [csp-cardiff]
    start_date: 2016-04-01
  - id: asb-group
    name: Cardiff ASB Group
    kind: delivery_group
    level: sub_local
    footprint: la-cardiff
    statutory_basis: none
    reporting_lines:
      - {target: psb-cardiff, type: sub_group_of}
      - {target: council-cardiff, type: funded_by, confidence: inferred}
duties:
  - id: cda-strategy
    name: Crime and disorder reduction strategy
    law: Crime and Disorder Act 1998
    section: s6
    applies_per: local_authority
    required_members: [local_authority, police_force]
    sources: ["004_1052c6d804dc056a.txt:L3000"]
"""


def full() -> Landscape:
    """The landscape of :data:`FULL_YAML` (it must load: the tests depend on it)."""
    result = check_bytes([("full.yaml", FULL_YAML.encode("utf-8"))])
    assert result.landscape is not None, [str(p) for p in result.problems]
    return result.landscape


def worked_example() -> Landscape:
    """The worked example of docs/schema.md: every fact issue 13 added (dated names and
    chairs, a body as a member, duties on organisations, dated required members, dates
    confidence, 'sources: inherit', an arrangement and the source registry)."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "schema.md").read_text(
        encoding="utf-8")
    example = text.split("## A worked example", 1)[1].split("```yaml", 1)[1].split("```")[0]
    result = check_bytes([("example.yaml", example.encode("utf-8"))])
    assert result.landscape is not None, [str(p) for p in result.problems]
    return result.landscape
