"""The JSON govmap writes with orjson holds the same values json.dumps wrote, laid out alike."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from govmap import jsontext
from govmap.cli import main
from govmap.export import canonical, popolo
from govmap.model.landscape import Landscape
from govmap.model.load import load
from govmap.report import build_report, to_json
from govmap.synth import generate


def _as_before(data: Any) -> str:
    """What govmap wrote before orjson."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _strict(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def embedded() -> Landscape:
    return load()


@pytest.fixture(scope="module")
def synthetic() -> Landscape:
    return generate(300, seed=20171).as_at(dt.date(2024, 6, 1))


def test_the_embedded_report_holds_the_same_values(embedded: Landscape) -> None:
    report = build_report(embedded, dt.date(2017, 6, 1))
    text = to_json(report)
    assert _strict(text) == json.loads(_as_before(report.to_dict()))
    # Welsh names kept as they are, two-space indent, a trailing newline
    assert "Ynys Môn" in text and "\\u" not in text
    assert text.startswith('{\n  "as_at": "2017-06-01",\n  "summary": {\n    "areas": ')
    assert text.endswith("\n}\n")


def test_a_synthetic_report_holds_the_same_values(synthetic: Landscape) -> None:
    report = build_report(synthetic)
    text = to_json(report)
    before = _as_before(report.to_dict())
    assert _strict(text) == json.loads(before)
    # the layout is json's: only some floats are spelled differently (0.000099, 9.9e-05)
    assert len(text.splitlines()) == len(before.splitlines())


@pytest.mark.parametrize("on", [None, dt.date(2012, 6, 1)])
def test_the_canonical_json_is_as_before(embedded: Landscape, on: dt.date | None) -> None:
    view = embedded if on is None else embedded.as_at(on)
    assert canonical.to_json(view) == _as_before(canonical.to_document(view))


def test_small_floats_are_written_in_full_and_read_back_equal() -> None:
    text = jsontext.dumps({"score": 9.9e-05, "tiny": 1e-7, "big": 1e16})
    assert '"score": 0.000099' in text
    assert json.loads(text) == {"score": 9.9e-05, "tiny": 1e-7, "big": 1e16}


def test_a_number_that_is_not_finite_is_null_not_nan() -> None:
    assert _strict(jsontext.dumps({"x": math.nan, "y": -math.inf})) == {"x": None, "y": None}


@pytest.mark.parametrize("data", [
    {"population": 10**30},  # attributes hold whole numbers of up to 100 digits
    {1: "a key that is not text"},
    {"name": "lone \ud800 surrogate"},
    [np.float64(0.25)],
    {"text": "\x00\x0b\n\t\u2028\u2029\x7f \"\\ </script>"},
])
def test_what_orjson_refuses_or_spells_differently_is_written_as_json_did(data: Any) -> None:
    assert jsontext.dumps(data) == _as_before(data)


def test_an_attribute_too_large_for_64_bits_survives_every_json_export(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    land = tmp_path / "land.yaml"
    land.write_text(
        "areas:\n  - id: W1\n    name: Cardiff\n    attributes: {rateable_value: "
        + "9" * 40 + "}\n", encoding="utf-8")
    landscape = load([land])
    for text in (canonical.to_json(landscape), popolo.to_popolo(landscape)):
        assert ": " + "9" * 40 in text
    out = tmp_path / "export.json"
    assert main(["export", str(land), "--format", "json", "-o", str(out)]) == 0
    assert load([out]).areas["W1"].attributes["rateable_value"] == int("9" * 40)
    capsys.readouterr()
