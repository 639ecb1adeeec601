"""govmap export --format kumu: a Kumu JSON blueprint, by Kumu's documented rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govmap.cli import main
from govmap.export.canonical import to_json
from govmap.export.kumu import to_blueprint, to_kumu
from govmap.export.xlsx import tables
from govmap.importers.sheet import import_sheets, read_bytes_of, to_yaml
from govmap.model.landscape import Landscape
from govmap.model.load import check_bytes, load

from ..conftest import MINI
from .landscapes import full

DIRECTIONS = ("directed", "undirected", "mutual")


def blueprint_breaches(document: Any) -> list[str]:
    """What Kumu's blueprint rules (docs.kumu.io, JSON / Blueprints) say is wrong."""
    found: list[str] = []
    if not isinstance(document, dict) or set(document) - {"elements", "connections", "loops"}:
        return ["a blueprint is an object with elements and connections (and loops)"]
    elements, connections = document.get("elements", []), document.get("connections", [])
    ids = [e.get("id") for e in elements]
    if any(not isinstance(e.get("label"), str) or not e["label"] for e in elements):
        found.append("an element without a label")
    if None in ids or len(set(ids)) != len(ids):
        found.append("element ids missing or repeated (Kumu merges elements with one id)")
    for item in [*elements, *connections]:
        if "_" in str(item.get("id", "")):
            found.append(f"id {item['id']!r} has an underscore (Kumu's search cannot select it)")
        for key, value in item.items():
            values = value if isinstance(value, list) else [value]
            if not values or any(not isinstance(v, str | int | float) or isinstance(v, bool)
                                 for v in values):
                found.append(f"{item.get('id')}: {key} = {value!r} is not text, a number "
                             "or a list of them")
        if "tags" in item and not isinstance(item["tags"], list):
            found.append(f"{item.get('id')}: tags are not a list")
    connection_ids = [c.get("id") for c in connections]
    if None in connection_ids or len(set(connection_ids)) != len(connection_ids):
        found.append("connections without one id each (Kumu duplicates them on re-import)")
    for connection in connections:
        for end in ("from", "to"):
            if connection.get(end) not in ids:
                found.append(f"{connection.get('id')}: {end} {connection.get(end)!r} is not "
                             "an element id (with ids, Kumu needs ids in from and to)")
        if connection.get("direction") not in DIRECTIONS:
            found.append(f"{connection.get('id')}: direction {connection.get('direction')!r}")
    return found


def test_the_rule_check_catches_a_bad_blueprint() -> None:
    bad = {
        "elements": [{"id": "a", "label": "A", "tags": "x|y"}, {"id": "a_2", "label": "B"},
                     {"id": "a", "label": "C", "devolved": True}],
        "connections": [{"from": "A", "to": "a_2"}],
    }
    breaches = blueprint_breaches(bad)
    # ids repeated, an underscore, tags as text, a true/false value, a connection with no
    # id, a label in from, no direction
    assert len(breaches) == 7, breaches


@pytest.mark.parametrize("name", ["mini", "wales"])
def test_the_blueprint_follows_kumus_rules(name: str, mini: Landscape) -> None:
    landscape = mini if name == "mini" else load()
    document = json.loads(to_kumu(landscape))
    assert blueprint_breaches(document) == []
    assert len(document["elements"]) == (len(landscape.organisations) + len(landscape.bodies)
                                         + len(landscape.duties))
    # the spreadsheet and the blueprint give Kumu the same ids, so either updates the other
    sheets = tables(landscape)
    assert [e["id"] for e in document["elements"]] == [r[0] for r in sheets["Elements"][1:]]
    assert [c["id"] for c in document["connections"]] == [
        r[0] for r in sheets["Connections"][1:]]


def test_what_an_element_and_a_connection_say(mini: Landscape) -> None:
    document = to_blueprint(mini)
    csp = next(e for e in document["elements"] if e["id"] == "csp-cardiff")
    assert csp["label"] == "Cardiff Community Safety Partnership"
    assert csp["type"] == "Community safety partnership"
    assert csp["tags"] == ["community safety", "anti social behaviour"]
    assert csp["end date"] == "2014" and "start date" not in csp   # unknown: left out
    council = next(e for e in document["elements"] if e["id"] == "council-cardiff")
    assert (council["devolved"], council["elected"]) == ("yes", "yes")
    seat = next(c for c in document["connections"]
                if (c["from"], c["to"]) == ("council-cardiff", "csp-cardiff"))
    assert seat == {"id": "council-cardiff--responsible-authority--csp-cardiff",
                    "from": "council-cardiff", "to": "csp-cardiff",
                    "type": "Responsible authority", "direction": "directed",
                    "From name": "Cardiff Council",
                    "To name": "Cardiff Community Safety Partnership"}


def test_import_sheet_reads_the_blueprint_back() -> None:
    original = full()
    sheets, problems = read_bytes_of("map.json", to_kumu(original).encode("utf-8"))
    assert not problems
    geography = Landscape.build(original.areas.values(), original.footprints.values())
    imported = import_sheets(sheets, known=geography)
    assert not imported.errors, [str(p) for p in imported.errors]
    result = check_bytes([("geography.json", to_json(geography).encode("utf-8")),
                          ("map.yaml", to_yaml(imported, "map.json").encode("utf-8"))])
    assert result.landscape is not None, [str(p) for p in result.problems]
    back = result.landscape
    assert back.bodies == original.bodies and back.duties == original.duties
    for ident, organisation in original.organisations.items():
        # Kumu has no true/false field: a flag among the attributes comes back as yes/no
        flags = {k: ("yes" if v else "no") for k, v in organisation.attributes.items()
                 if isinstance(v, bool)}
        assert back.organisations[ident] == organisation.model_copy(
            update={"attributes": {**organisation.attributes, **flags}}), ident


def test_command_line_writes_a_blueprint(tmp_path: Path) -> None:
    out = tmp_path / "mini.json"
    assert main(["export", str(MINI), "--format", "kumu", "-o", str(out)]) == 0
    assert blueprint_breaches(json.loads(out.read_text(encoding="utf-8"))) == []
    back = tmp_path / "back"
    assert main(["import-sheet", str(out), "-o", str(back), "--with",
                 str(MINI / "footprints.yaml")]) == 0
    assert load([back, MINI / "footprints.yaml"]).bodies == load([MINI]).bodies


def test_a_file_that_is_not_a_blueprint(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    broken = tmp_path / "map.json"
    broken.write_text('{"elements": [{"label": "A"},\n  ]}', encoding="utf-8")
    assert main(["import-sheet", str(broken), "-o", str(tmp_path / "out")]) == 1
    assert f"{broken}:2:3: error: not valid JSON" in capsys.readouterr().err
    broken.write_text('{"nodes": []}', encoding="utf-8")
    assert main(["import-sheet", str(broken), "-o", str(tmp_path / "out")]) == 1
    assert "this is not a Kumu blueprint" in capsys.readouterr().err
    broken.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert main(["import-sheet", str(broken), "-o", str(tmp_path / "out")]) == 1
    assert "nesting deeper than 64 levels" in capsys.readouterr().err
    # govmap's own JSON needs no import, and the message says so
    assert main(["export", str(MINI), "-o", str(broken), "--force"]) == 0
    assert main(["import-sheet", str(broken), "-o", str(tmp_path / "out")]) == 1
    assert "this is govmap's own JSON" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_embedded_wales_data_comes_back_through_a_blueprint() -> None:
    wales = load()
    sheets, problems = read_bytes_of("wales.json", to_kumu(wales).encode("utf-8"))
    assert not problems
    geography = Landscape.build(wales.areas.values(), wales.footprints.values())
    imported = import_sheets(sheets, known=geography)
    assert not imported.errors, [str(p) for p in imported.errors][:5]
    result = check_bytes([("geography.json", to_json(geography).encode("utf-8")),
                          ("wales.yaml", to_yaml(imported, "wales.json").encode("utf-8"))])
    assert result.landscape is not None, [str(p) for p in result.problems][:5]
    back = result.landscape
    # a blueprint has elements and connections only: dated names and dated rules of duties
    # are govmap's own (the workbook keeps them); everything else comes back equal
    assert {k: o.model_copy(update={"names": ()}) for k, o in back.organisations.items()} == {
        k: o.model_copy(update={"names": ()}) for k, o in wales.organisations.items()}
    assert back.bodies == wales.bodies
    assert {k: d.model_copy(update={"required_members": ()}) for k, d in back.duties.items()} == {
        k: d.model_copy(update={"required_members": ()}) for k, d in wales.duties.items()}
    undated = {k for k, d in wales.duties.items()
               if not any(r.start_date or r.end_date for r in d.required_members)}
    assert {k: back.duties[k].required_kinds() for k in undated} == {
        k: wales.duties[k].required_kinds() for k in undated}
