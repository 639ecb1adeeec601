"""The published JSON Schema stays in step with the model and accepts real files."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import yaml

from govmap.schema import SCHEMA_FILE, json_schema

from ..conftest import MINI


def test_the_published_schema_matches_the_model() -> None:
    published = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    hint = "run: govmap schema -o govmap/schema/landscape.schema.json --force"
    assert published == json_schema(), hint


def _plain(value: object) -> object:
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()
                                 if isinstance(v, dt.date) else str(v)))


def test_valid_files_pass_and_typos_fail_the_schema() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in sorted(MINI.glob("*.yaml")):
        jsonschema.validate(_plain(yaml.safe_load(path.read_text(encoding="utf-8"))), schema)
    typo = {"bodies": [{"id": "x", "name": "X", "kind": "comunity_safety_partnership",
                        "level": "local", "footprint": "la-x"}]}
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(typo))
    assert errors and "comunity_safety_partnership" in errors[0].message


def test_the_schema_lists_the_vocabulary_for_autocompletion() -> None:
    body = json_schema()["$defs"]["Body"]["properties"]
    assert "public_services_board" in body["kind"]["enum"]
    assert "community_safety" in body["themes"]["items"]["enum"]


def test_a_membership_names_an_organisation_or_a_body_and_not_both() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())

    def ok(member: dict[str, object]) -> bool:
        body = {"id": "b", "name": "B", "kind": "other", "level": "local", "footprint": "f",
                "members": [{"role": "member", **member}]}
        return not list(validator.iter_errors({"bodies": [body]}))

    assert ok({"organisation": "council"}) and ok({"body": "team"})
    assert ok({"body": "team", "organisation": None})  # as the canonical JSON writes it
    assert not ok({"body": "team", "organisation": "council"})
    assert not ok({})
