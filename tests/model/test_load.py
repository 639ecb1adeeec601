"""Loading valid landscapes: files, directories, the embedded data, JSON round trips."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from govmap.export.canonical import to_document, to_json
from govmap.model.landscape import Landscape
from govmap.model.load import DATA_DIR, check, check_bytes, load
from govmap.model.problems import LandscapeError

from ..conftest import MINI


def test_a_directory_loads_every_file_in_it(mini: Landscape) -> None:
    assert set(mini.areas) == {"W06000015", "W06000014", "W06000022"}
    assert "csp-cardiff" in mini.bodies and "cda-strategy" in mini.duties


def test_several_files_load_as_one_landscape() -> None:
    both = load([MINI / "footprints.yaml", MINI / "boards.yaml"])
    assert both == load([MINI])


def test_no_path_means_the_embedded_data() -> None:
    result = check()
    assert result.files and all(Path(f).is_relative_to(DATA_DIR) for f in result.files)


def test_scenario_folders_are_not_read_as_landscape(tmp_path: Path) -> None:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "merge.yaml").write_text("name: x\noperations: []\n")
    (tmp_path / "land.yaml").write_bytes((MINI / "footprints.yaml").read_bytes())
    result = check([tmp_path])
    assert result.ok and len(result.files) == 1


def test_unions_are_resolved_to_areas(mini: Landscape) -> None:
    assert mini.footprint_areas("wales") == {"W06000015", "W06000014", "W06000022"}
    assert mini.body_areas("safer-gwent") == {"W06000022"}


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    text = (MINI / "footprints.yaml").read_text(encoding="utf-8")
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert check([tmp_path]).ok


def test_welsh_names_survive(mini: Landscape) -> None:
    assert mini.areas["W06000022"].name_cy == "Casnewydd"
    assert "Casnewydd" in to_json(mini)


def test_load_raises_with_every_problem(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("areas:\n  - id: W1\n  - id: W2\n    name: x\n")
    with pytest.raises(LandscapeError) as info:
        load([tmp_path])
    assert [p.location.line for p in info.value.problems] == [2]


def test_strict_mode_requires_sources_and_confidence(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("areas:\n  - id: W1\n    name: Somewhere\n")
    assert check([tmp_path]).ok
    strict = check([tmp_path], strict=True)
    assert not strict.ok
    assert [p.message for p in strict.problems] == [
        "area 'W1' has no sources; cite '<seed file>:L<line>' or 'public:<document>'",
        "area 'W1' has no confidence; say stated, derived, inferred or general-knowledge",
    ]


def test_uploaded_bytes_are_validated_in_memory() -> None:
    files = [(p.name, p.read_bytes()) for p in sorted(MINI.glob("*.yaml"))]
    assert check_bytes(files).landscape == load([MINI])
    broken = check_bytes([("up.yaml", b"bodies: [")])
    assert not broken.ok and str(broken.problems[0]).startswith("up.yaml:")


def test_year_only_dates_keep_their_precision(mini: Landscape) -> None:
    csp = mini.bodies["csp-cardiff"]
    assert csp.end_date is not None and str(csp.end_date) == "2014"
    exported = to_document(mini)
    body = next(b for b in exported["bodies"] if b["id"] == "csp-cardiff")
    assert body["end_date"] == "2014"


def test_json_round_trip_gives_an_equal_model(mini: Landscape, tmp_path: Path) -> None:
    out = tmp_path / "landscape.json"
    out.write_text(to_json(mini), encoding="utf-8")
    assert load([out]) == mini


def test_dated_json_round_trip(mini: Landscape, tmp_path: Path) -> None:
    dated = mini.as_at(dt.date(2017, 6, 1))
    out = tmp_path / "landscape.json"
    out.write_text(to_json(dated), encoding="utf-8")
    again = load([out])
    assert again == dated and again.as_at_date == dt.date(2017, 6, 1)


def test_canonical_json_has_the_documented_keys(mini: Landscape) -> None:
    document = json.loads(to_json(mini))
    assert list(document) == ["schema_version", "as_at", "areas", "footprints",
                              "organisations", "bodies", "duties", "arrangements", "documents"]
    body = next(b for b in document["bodies"] if b["id"] == "psb-cardiff")
    for key in ("id", "name", "kind", "level", "footprint", "areas", "themes",
                "statutory_basis", "members", "reporting_lines", "discharges", "start_date",
                "end_date", "sources", "confidence"):
        assert key in body
    assert body["areas"] == ["W06000015"]
    assert body["members"][2] == {**body["members"][2], "organisation": "police-south-wales",
                                  "role": "invited_participant"}
    org = next(o for o in document["organisations"] if o["id"] == "pcc-gwent")
    assert {k: org[k] for k in ("kind", "devolved", "elected")} == {
        "kind": "police_and_crime_commissioner", "devolved": False, "elected": True}
