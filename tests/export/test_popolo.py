"""govmap export --format popolo: valid against the Popolo JSON Schemas, and what it says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft3Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from govmap.cli import main
from govmap.export.popolo import to_document
from govmap.model.landscape import Landscape
from govmap.model.load import load

from ..conftest import MINI
from .landscapes import full

SCHEMAS = Path(__file__).parent / "popolo_schemas"


def _validators() -> dict[str, Draft3Validator]:
    schemas = {p.stem: json.loads(p.read_text(encoding="utf-8"))
               for p in SCHEMAS.glob("*.json")}
    registry: Registry = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT3))
        for schema in schemas.values())
    return {name: Draft3Validator(schemas[name], registry=registry,
                                  format_checker=FormatChecker())
            for name in ("organization", "membership", "area")}


VALIDATORS = _validators()
LISTS = {"organizations": "organization", "memberships": "membership", "areas": "area"}


def problems(document: dict[str, Any]) -> list[str]:
    """Every schema violation in a Popolo document, as 'list[index]: message'."""
    found = []
    for key, schema in LISTS.items():
        for index, item in enumerate(document[key]):
            for error in VALIDATORS[schema].iter_errors(item):
                found.append(f"{key}[{index}] {list(error.path)}: {error.message}")
    return found


def test_the_validator_does_catch_a_bad_document(mini: Landscape) -> None:
    document = to_document(mini)
    document["organizations"][0]["founding_date"] = "April 2016"
    document["memberships"][0]["role"] = 7
    document["organizations"][1]["identifiers"] = [{"scheme": "govmap"}]   # no identifier
    assert len(problems(document)) == 3


@pytest.mark.parametrize("name", ["mini", "full"])
def test_the_export_validates_against_the_popolo_schemas(name: str, mini: Landscape) -> None:
    landscape = mini if name == "mini" else full()
    document = to_document(landscape)
    assert problems(document) == []
    assert len(document["organizations"]) == len(landscape.organisations) + len(
        landscape.bodies)
    assert len(document["memberships"]) == sum(len(b.members) for b in landscape.bodies.values())
    assert len(document["areas"]) == len(landscape.areas) + len(landscape.footprints)


def test_the_embedded_wales_data_validates() -> None:
    assert problems(to_document(load())) == []


def test_what_each_item_says() -> None:
    document = to_document(full())
    orgs = {o["id"]: o for o in document["organizations"]}
    csp = orgs["csp-cardiff"]
    assert csp["classification"] == "community_safety_partnership"
    assert csp["area_id"] == "la-cardiff"
    assert csp["dissolution_date"] == "2016-04-01" and "founding_date" not in csp
    assert csp["identifiers"] == [{"identifier": "csp-cardiff", "scheme": "govmap"}]
    assert csp["extras"]["statutory_basis"] == {"act": "Crime and Disorder Act 1998",
                                                "section": "s5-7"}
    assert csp["extras"]["chair"] == "council-cardiff"
    assert csp["extras"]["sources"] == ["000_1f25f7e8d8b8c0d6.txt:L181"]
    # a sub-group's parent is the body it is a sub-group of; an organisation's, its parent
    assert orgs["asb-group"]["parent_id"] == "psb-cardiff"
    assert orgs["asb-group"]["extras"]["statutory"] is False
    assert orgs["yos-cardiff"]["parent_id"] == "council-cardiff"
    assert orgs["psb-cardiff"]["other_names"] == [
        {"name": "Bwrdd Gwasanaethau Cyhoeddus Caerdydd", "note": "Welsh"}]
    assert orgs["pcc-sw"]["founding_date"] == "2012-11-22"
    assert orgs["police-sw"]["extras"]["reporting_lines"] == [{
        "target": "pcc-sw", "type": "accountable_to", "start_date": "2012-11-22",
        "sources": ["public:Police Reform and Social Responsibility Act 2011"],
        "confidence": "general-knowledge"}]
    seats = [m for m in document["memberships"] if m["organization_id"] == "csp-cardiff"]
    assert [(m["member"]["id"], m["role"], m.get("start_date"), m.get("end_date"))
            for m in seats] == [
        ("council-cardiff", "responsible_authority", None, None),
        ("police-sw", "responsible_authority", "1998-09", None),
        ("pcc-sw", "invited_participant", "2013", "2014-04-01"),
    ]
    assert seats[1]["member"]["@type"] == "Organization"
    areas = {a["id"]: a for a in document["areas"]}
    assert [c["id"] for c in areas["pfa-sw"]["children"]] == ["W06000014", "W06000015"]
    assert areas["pfa-sw"]["classification"] == "police_force_area"
    assert areas["W06000015"]["extras"]["population"] == 362400
    assert [d["id"] for d in document["extras"]["duties"]] == ["cda-strategy"]


def test_command_line_writes_popolo(tmp_path: Path) -> None:
    out = tmp_path / "mini.json"
    assert main(["export", str(MINI), "--format", "popolo", "-o", str(out)]) == 0
    assert problems(json.loads(out.read_text(encoding="utf-8"))) == []
