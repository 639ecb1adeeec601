"""govmap export --format xlsx: Kumu's layout, and a lossless round trip through import-sheet."""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from govmap.cli import main
from govmap.export.xlsx import tables, to_xlsx
from govmap.importers.sheet import import_sheets, read_bytes_of, to_yaml
from govmap.model.dates import PartialDate
from govmap.model.entities import Area, Body, Footprint, Membership, Organisation
from govmap.model.landscape import Landscape
from govmap.model.load import check_bytes, load

from ..conftest import MINI
from .landscapes import full


def round_trip(landscape: Landscape) -> Landscape:
    """Landscape -> .xlsx bytes -> sheets -> YAML -> landscape, all in memory."""
    sheets, problems = read_bytes_of("book.xlsx", to_xlsx(landscape))
    assert not problems
    imported = import_sheets(sheets)
    assert not imported.errors, [str(p) for p in imported.errors]
    result = check_bytes([("book.yaml", to_yaml(imported, "book.xlsx").encode("utf-8"))])
    assert result.landscape is not None, [str(p) for p in result.problems]
    return result.landscape


def test_mini_round_trips_through_the_command_line(tmp_path: Path) -> None:
    book = tmp_path / "mini.xlsx"
    assert main(["export", str(MINI), "--format", "xlsx", "-o", str(book)]) == 0
    assert main(["import-sheet", str(book), "-o", str(tmp_path / "back")]) == 0
    assert load([tmp_path / "back"]) == load([MINI])


def test_every_field_round_trips() -> None:
    original = full()
    back = round_trip(original)
    assert back == original
    # the equality above covers these; spelled out because they are the easy ones to lose
    assert str(back.footprints["pfa-sw"].start_date) == "1996-04"
    assert str(back.footprints["old-area"].end_date) == "1996"
    assert back.organisations["council-cardiff"].attributes["formula"] == "=SUM(A1:A3)"
    assert back.organisations["council-cardiff"].attributes["level"] == "not a body"
    assert back.bodies["asb-group"].statutory_basis is None
    assert back.footprints["pfa-sw"].notes == ("Two of its seven council areas.\n"
                                              "The rest are left out of this test.")


def test_elements_and_connections_are_in_kumus_layout(mini: Landscape) -> None:
    sheets = tables(mini)
    elements, connections = sheets["Elements"], sheets["Connections"]
    assert elements[0][:4] == ["Label", "Type", "Description", "Tags"]
    assert connections[0][:3] == ["From", "To", "Type"]
    header = elements[0]
    csp = next(dict(zip(header, row, strict=True)) for row in elements
               if row[0] == "Cardiff Community Safety Partnership")
    assert csp["Type"] == "Community safety partnership"
    assert csp["Tags"] == "community safety | anti social behaviour"
    assert csp["end date"] == "2014"
    assert csp["statutory basis"] == "Crime and Disorder Act 1998"
    gwent = next(dict(zip(header, row, strict=True)) for row in elements
                 if row[0] == "Safer Gwent")
    assert gwent["statutory basis"] == "none"
    # a connection names its ends by Label (as Kumu does) and by ID
    assert ["Cardiff Council", "Cardiff Community Safety Partnership", "Responsible authority",
            None, "council-cardiff", "csp-cardiff"] in [row[:6] for row in connections]
    assert ["Cardiff Public Services Board", "Local well-being plan", "Discharges"] in [
        row[:3] for row in connections]
    # counted by hand from the fixture: 3 reporting lines, 10 seats, 4 duty assignments
    assert len(connections) - 1 == 3 + 10 + 4


def test_text_that_looks_like_a_formula_stays_text() -> None:
    workbook = load_workbook(io.BytesIO(to_xlsx(full())))
    sheet = workbook["Elements"]
    header = [c.value for c in sheet[1]]
    column = header.index("formula")
    cells = [row[column] for row in sheet.iter_rows(min_row=2) if row[column].value]
    assert [(c.value, c.data_type) for c in cells] == [("=SUM(A1:A3)", "s")]


def test_a_dated_view_is_exported_as_it_stood(mini: Landscape) -> None:
    names = [row[0] for row in tables(mini.as_at(dt.date(2010, 1, 1)))["Elements"][1:]]
    assert "Cardiff Community Safety Partnership" in names
    assert "Cardiff Public Services Board" not in names


def test_xlsx_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(MINI), "--format", "xlsx"]) == 2
    assert "give it a name with -o" in capsys.readouterr().err


def test_export_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "out.xlsx"
    book.write_bytes(b"keep me")
    assert main(["export", str(MINI), "--format", "xlsx", "-o", str(book)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert book.read_bytes() == b"keep me"


def test_the_embedded_wales_data_round_trips() -> None:
    wales = load()
    assert round_trip(wales) == wales


# -- property: any text, number, date or attribute survives the trip ----------------------

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                           blacklist_characters="\ufffe\uffff"),
    min_size=1, max_size=30,
).map(str.strip).filter(bool)
_NOTES = st.lists(_TEXT, min_size=1, max_size=3).map("\n".join)
_KEY = _TEXT.filter(lambda k: not k.lower().startswith("attr:"))
# A spreadsheet holds 15 significant digits of a number (Excel's own limit), no more.
_VALUE = st.one_of(_TEXT, st.integers(-10**12, 10**12), st.booleans(),
                   st.floats(allow_nan=False, allow_infinity=False).map(
                       lambda f: float(f"{f:.15g}")).filter(math.isfinite))
# (rounding the largest floats to 15 digits overflows them to infinity, which a cell
# cannot hold: those are not values a spreadsheet can give)


@st.composite
def _partial_dates(draw: st.DrawFn) -> tuple[PartialDate | None, PartialDate | None]:
    def one() -> PartialDate | None:
        if draw(st.booleans()):
            return None
        day = draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
        precision = draw(st.sampled_from(["year", "month", "day"]))
        text = {"year": f"{day.year:04d}", "month": f"{day.year:04d}-{day.month:02d}",
                "day": day.isoformat()}[precision]
        return PartialDate.parse(text)
    start, end = one(), one()
    if start and end and end.first < start.first:
        start, end = end, start
    return start, end


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_TEXT, notes=_NOTES, attributes=st.dictionaries(_KEY, _VALUE, max_size=4),
       dates=_partial_dates(), seat_dates=_partial_dates(),
       source=_TEXT.filter(lambda s: "\n" not in s))
def test_any_text_and_dates_round_trip(
    name: str, notes: str, attributes: dict[str, str | int | bool | float],
    dates: tuple[PartialDate | None, PartialDate | None],
    seat_dates: tuple[PartialDate | None, PartialDate | None], source: str,
) -> None:
    start, end = dates
    original = Landscape.build(
        areas=[Area(id="W1", name=name, notes=notes, attributes=attributes)],
        footprints=[Footprint(id="fp", name=name, family="region", areas=("W1",))],
        organisations=[Organisation(id="org", name=name, kind="other", devolved=True,
                                    elected=False, start_date=start, end_date=end,
                                    sources=(f"public:{source}",), attributes=attributes)],
        bodies=[Body(id="body", name=name + " board", kind="other", level="regional",
                     footprint="fp", notes=notes,
                     members=(Membership(organisation="org", role="member",
                                         start_date=seat_dates[0], end_date=seat_dates[1],
                                         notes=notes),))],
    )
    assert round_trip(original) == original
