"""govmap import-sheet: Kumu-layout spreadsheets written by hand, with the usual mistakes."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from govmap.cli import main
from govmap.importers.sheet import NOT_XLSX, RawSheet, import_sheets, read_file, to_yaml
from govmap.model.landscape import Landscape
from govmap.model.load import load

from ..conftest import MINI

FOOTPRINTS = str(MINI / "footprints.yaml")


def workbook(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    """Write a workbook with these sheets (rows of cell values) and return its path."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import-sheet", *args])
    out, err = capsys.readouterr()
    return code, out, err


def entities(folder: Path, name: str) -> dict[str, dict[str, Any]]:
    """The written YAML as plain data: id -> entity, every section together."""
    data = yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))
    return {item["id"]: item for section in ("areas", "footprints", "organisations",
                                              "bodies", "duties")
            for item in data.get(section, [])}


def would_import(book: Path, *known: str) -> dict[str, dict[str, Any]]:
    """What the importer reads from a sheet with errors (the command writes none of it)."""
    sheets, _ = read_file(str(book))
    imported = import_sheets(sheets, load(list(known)) if known else Landscape())
    data = yaml.safe_load(to_yaml(imported, book.name))
    return {item["id"]: item for section in ("areas", "footprints", "organisations",
                                              "bodies", "duties")
            for item in data.get(section, [])}


# -- a spreadsheet with the mistakes people make -------------------------------------------

MESSY = {
    "Elements": [
        ["Cardiff stakeholder map, March 2017"],                           # 1: a title
        [],                                                                 # 2
        ["Label", "Type", "Description", "Tags", "level", "footprint", "Website"],  # 3
        ["Cardiff Council", "Council", None, None, None, "Cardiff", "https://cardiff.gov.uk"],
        ["South Wales Police", "Police", None, None, None, "pfa-south-wales", None],
        ["Cardiff CSP", "CSP", "The CSP", "Community safety | ASB | statutory", "local",
         "la-cardiff", None],                                               # 6
        ["Cardiff CSP", "CSP", "listed twice", None, "local", "la-cardiff", None],   # 7
        ["Safer Cardiff Board", "Board", None, None, "local", "la-cardif", None],    # 8
        ["Community Safety Forum", "Quango", None, None, None, None, None],         # 9
    ],
    "Connections": [
        ["From", "To", "Type", "Strength"],
        ["Cardiff Council", "Cardiff CSP", "Responsible authority", "high"],        # 2
        ["South Wales Police", "Cardiff CSP", "Member", None],                      # 3
        ["Cardiff Council", None, "Member", None],                                  # 4
        ["Cardif Council", "Safer Cardiff Board", "member", None],                  # 5
        ["Safer Cardiff Board", "Cardiff CSP", "Sub-group of", None],               # 6
        ["Cardiff CSP", "South Wales Police", "member", None],                      # 7
    ],
}


def test_a_messy_sheet_lists_every_row_it_could_not_use(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = workbook(tmp_path / "map.xlsx", MESSY)
    code, _, err = run(capsys, str(book), "-o", str(tmp_path / "out"), "--with", FOOTPRINTS)
    assert code == 1
    where = f"{book}:"
    expected = [
        # the header is found on row 3, and the title above it is reported as skipped
        f"{where}Elements:3:1: warning: the header is on row 3, not row 1; row 1 above it "
        "(a title?) was skipped",
        # the second 'Cardiff CSP' (row 7) is not imported, and says why
        f"{where}Elements:7:1: error: 'Cardiff CSP' is also the label of row 6",
        # an unknown Type, pointing at the Type column (B)
        f"{where}Elements:9:2: error: 'Quango' is not a govmap type govmap knows",
        # the loader's finding on the YAML is put back on the sheet, in the footprint column
        f"{where}Elements:8:6: error: body 'safer-cardiff-board' refers to footprint "
        "'la-cardif', which does not exist (did you mean 'la-cardiff'?)",
        # an empty To, pointing at the To column (B)
        f"{where}Connections:4:2: error: this connection has no 'To'",
        f"{where}Connections:5:1: error: 'Cardif Council' (From) is not the Label or ID of any "
        "element (did you mean 'Cardiff Council'?)",
        f"{where}Connections:7:3: error: 'member' cannot link body 'cardiff-csp' to "
        "organisation 'south-wales-police': a membership runs From an organisation or a body "
        "To a body",
        f"{where}Elements:6:4: warning: tag 'statutory' is not a govmap theme",
        f"{where}Connections:1:1: warning: govmap keeps no attributes on connections, so the "
        "column 'Strength' was added to each connection's notes",
    ]
    for line in expected:
        assert line in err, line
    assert "Traceback" not in err
    assert err.count(": error: ") == 6
    # on an error nothing is written, and the message says so
    assert "6 error(s), 4 warning(s): nothing was written; fix them in the spreadsheet" in err
    assert not (tmp_path / "out").exists()
    # what the importer could read, with the rows it came from
    found = would_import(book, FOOTPRINTS)
    assert sorted(found) == ["cardiff-council", "cardiff-csp", "safer-cardiff-board",
                             "south-wales-police"]
    csp = found["cardiff-csp"]
    assert csp["themes"] == ["community_safety", "anti_social_behaviour"]  # ASB is a synonym
    assert csp["attributes"] == {"Tags": "statutory"}
    assert csp["members"] == [
        {"organisation": "cardiff-council", "role": "responsible_authority",
         "notes": "Strength: high"},
        {"organisation": "south-wales-police", "role": "member"},
    ]
    assert found["cardiff-council"]["footprint"] == "la-cardiff"      # found by its name
    assert found["cardiff-council"]["attributes"] == {"Website": "https://cardiff.gov.uk"}
    assert (found["cardiff-council"]["devolved"], found["cardiff-council"]["elected"]) == (
        True, True)                                                     # assumed, and said so
    assert "'devolved' or 'elected' was not given for 2 organisations (rows 4-5)" in err
    assert found["safer-cardiff-board"]["reporting_lines"] == [
        {"target": "cardiff-csp", "type": "sub_group_of"}]
    sheets, _ = read_file(str(book))
    text = to_yaml(import_sheets(sheets, load([FOOTPRINTS])), book.name)
    assert f"# {book}:Elements row 6\n- id: cardiff-csp" in text


CLEAN = {
    "Elements": [
        ["Label", "Type", "ID", "footprint", "statutory basis", "start date", "sources",
         "devolved", "elected", "law", "applies per"],
        ["Cardiff Council", "Local authority", "council-cardiff", "la-cardiff", None, None,
         "public:Local Government (Wales) Act 1994", "yes", "yes", None, None],
        ["Police", "Police force", "police-sw", "pfa-south-wales", None, None, None, "no",
         "no", None, None],
        ["Cardiff PSB", "Public services board", "psb-cardiff", "Cardiff",
         "Well-being of Future Generations (Wales) Act 2015", "2016-04", None, None, None,
         None, None],
        ["Crime strategy", "Duty", "cda", None, None, None, None, None, None,
         "Crime and Disorder Act 1998", "Local authority"],
    ],
    "Connections": [
        ["From", "To", "Type", "start date"],
        ["Cardiff Council", "Cardiff PSB", "Statutory member", 2016],
        ["police-sw", "Cardiff PSB", "Invited participant", None],
        ["Cardiff Council", "Cardiff PSB", "Chairs", None],
        ["Cardiff PSB", "Cardiff Council", "Scrutinised by", None],
        ["Cardiff PSB", "Crime strategy", "Discharges", None],
    ],
}


def test_a_clean_sheet_imports_into_a_valid_landscape(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = workbook(tmp_path / "clean.xlsx", CLEAN)
    code, out, err = run(capsys, str(book), "-o", str(tmp_path / "out"), "--with", FOOTPRINTS)
    assert code == 0, err
    assert "wrote" in out and "2 organisations, 1 bodies, 1 duties" in out
    landscape = load([tmp_path / "out", FOOTPRINTS])
    psb = landscape.bodies["psb-cardiff"]
    assert psb.level == "local"                     # from the footprint's family, and said so
    assert f"{book}:Elements:4:1: warning: no level given; 'local' was assumed" in err
    assert psb.footprint == "la-cardiff"            # given by the footprint's name
    assert str(psb.start_date) == "2016-04"
    assert psb.statutory_basis is not None
    assert psb.statutory_basis.act == "Well-being of Future Generations (Wales) Act 2015"
    assert [(m.organisation, m.role, str(m.start_date) if m.start_date else None)
            for m in psb.members] == [("council-cardiff", "statutory_member", "2016"),
                                      ("police-sw", "invited_participant", None)]
    assert psb.chair == "council-cardiff"
    assert [(r.target, r.type) for r in psb.reporting_lines] == [
        ("council-cardiff", "scrutinised_by")]
    assert [d.duty for d in psb.discharges] == ["cda"]
    council = landscape.organisations["council-cardiff"]
    assert council.sources == ("public:Local Government (Wales) Act 1994",)
    assert landscape.duties["cda"].applies_per == "local_authority"


def test_a_duty_without_its_law_is_reported_at_the_law_column(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [list(r) for r in CLEAN["Elements"]]
    rows[4][9] = None
    book = workbook(tmp_path / "nolaw.xlsx", {"Elements": rows})
    code, _, err = run(capsys, str(book), "-o", str(tmp_path / "out"), "--with", FOOTPRINTS)
    assert code == 1
    assert f"{book}:Elements:5:10: error: duty 'cda' is missing required key 'law'" in err


def test_labels_that_make_the_same_id_are_told_apart(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = workbook(tmp_path / "ids.xlsx", {"Elements": [
        ["Label", "Type", "devolved", "elected"],
        ["Safer Vale", "Organisation", "no", "no"],
        ["Safer-Vale", "Organisation", "no", "no"],
    ]})
    code, _, err = run(capsys, str(book), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert sorted(entities(tmp_path / "out", "ids")) == ["safer-vale", "safer-vale-2"]
    assert (f"{book}:Elements:3:1: warning: 'Safer-Vale' makes the id 'safer-vale', already "
            "taken, so it was given the id 'safer-vale-2'") in err


def test_two_columns_with_one_meaning(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    book = workbook(tmp_path / "cols.xlsx", {"Elements": [
        ["Label", "Type", "devolved", "elected", "label"],
        ["Safer Vale", "Organisation", "no", "no", "other name"],
    ]})
    code, _, err = run(capsys, str(book), "-o", str(tmp_path / "out"))
    assert code == 1
    assert (f"{book}:Elements:1:5: error: two columns hold 'name' (A and E); only A was read"
            in err)
    assert not (tmp_path / "out").exists()
    assert would_import(book)["safer-vale"]["name"] == "Safer Vale"


# -- files that are not what they claim -----------------------------------------------------


def test_an_old_xls_saved_as_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "map.xlsx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)  # an OLE2 header
    code, _, err = run(capsys, str(fake), "-o", str(tmp_path / "out"))
    assert code == 1
    assert f"{fake}: error: {NOT_XLSX}" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_zip_that_is_not_a_workbook(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "map.xlsx"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    code, _, err = run(capsys, str(fake), "-o", str(tmp_path / "out"))
    assert code == 1
    assert f"{fake}: error: this is not an .xlsx file" in err
    assert "Traceback" not in err


def test_a_workbook_without_an_elements_sheet(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    book = workbook(tmp_path / "notes.xlsx", {"Notes": [["Who sits where"], ["to do"]]})
    code, _, err = run(capsys, str(book), "-o", str(tmp_path / "out"))
    assert code == 1
    assert (f"{book}:Notes:1:1: warning: no header row with 'Label' (elements) or 'From' and "
            "'To' (connections) in the first 20 rows, so this sheet was not read") in err
    assert f"{book}: error: no Elements sheet found" in err


def test_an_elements_sheet_with_only_a_header(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    book = workbook(tmp_path / "empty.xlsx", {"Elements": [["Label", "Type"], [], []]})
    code, _, err = run(capsys, str(book), "-o", str(tmp_path / "out"))
    assert code == 1
    assert f"{book}:Elements:1:1: warning: there are no rows below the header" in err
    assert "nothing could be imported" in err


# -- CSV -------------------------------------------------------------------------------------

ELEMENTS_CSV = ("Label,Type,Welsh name,devolved,elected\n"
                "Ynys Môn Council,Council,Cyngor Sir Ynys Môn,yes,yes\n")


def test_a_windows_1252_csv_is_read_with_a_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "elements.csv"
    path.write_bytes(ELEMENTS_CSV.replace("Cyngor Sir Ynys Môn", "Cyngor Sir Ynys Mon")
                     .encode("cp1252"))
    code, _, err = run(capsys, str(path), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert (f"{path}:2:1: warning: the file is not UTF-8, so it was read as Windows-1252"
            in err)
    assert entities(tmp_path / "out", "elements")["ynys-mon-council"]["name"] == \
        "Ynys Môn Council"


def test_a_utf8_csv_with_a_bom_and_semicolons(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "elements.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ELEMENTS_CSV.replace(",", ";").encode("utf-8"))
    code, _, err = run(capsys, str(path), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert "warning" not in err
    council = entities(tmp_path / "out", "elements")["ynys-mon-council"]
    assert council["name_cy"] == "Cyngor Sir Ynys Môn"


def test_a_csv_in_no_known_encoding_fails_with_its_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "elements.csv"
    path.write_bytes(b"Label,Type\nA\x81B,Council\n")  # 0x81 is in neither encoding
    code, _, err = run(capsys, str(path), "-o", str(tmp_path / "out"))
    assert code == 1
    assert (f"{path}:2:1: error: the file is neither UTF-8 nor Windows-1252 (byte 0x81 at "
            "byte 12)") in err


def test_elements_and_connections_as_two_csv_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "elements.csv").write_text(
        "Label,Type,level,footprint\nCardiff Council,Council,,la-cardiff\n"
        "Cardiff CSP,Community Safety Partnership,local,la-cardiff\n", encoding="utf-8")
    (tmp_path / "connections.csv").write_text(
        "From,To,Type\nCardiff Council,Cardiff CSP,Responsible Authority\n", encoding="utf-8")
    code, _, err = run(capsys, str(tmp_path / "elements.csv"), str(tmp_path / "connections.csv"),
                       "-o", str(tmp_path / "out"), "--with", FOOTPRINTS)
    assert code == 0, err
    csp = load([tmp_path / "out", FOOTPRINTS]).bodies["cardiff-csp"]
    assert [(m.organisation, m.role) for m in csp.members] == [
        ("cardiff-council", "responsible_authority")]


# -- the output folder ---------------------------------------------------------------------


def test_a_non_empty_folder_needs_force(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    book = workbook(tmp_path / "b.xlsx", {"Elements": [
        ["Label", "Type", "devolved", "elected"], ["A", "Organisation", "no", "no"]]})
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    code, _, err = run(capsys, str(book), "-o", str(out))
    assert code == 2
    assert "the folder is not empty; choose a new folder or use --force" in err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    code, _, err = run(capsys, str(book), "-o", str(out), "--force")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["b.yaml", "notes.txt"]
    assert (out / "notes.txt").read_text() == "mine"


# -- property: nothing is dropped silently ---------------------------------------------------

_TYPES = ["Council", "Police", "CSP", "Board", "Duty", "Organisation", "Quango", "", None]
_LABELS = ["Cardiff Council", "Cardiff CSP", "cardiff csp", "Board", "", None, "Ynys Môn"]
_CONNECTION_TYPES = ["Member", "Chairs", "Reports to", "Discharges", "Friends", "", None]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    elements=st.lists(st.tuples(st.sampled_from(_LABELS), st.sampled_from(_TYPES)),
                      max_size=8),
    connections=st.lists(st.tuples(st.sampled_from(_LABELS), st.sampled_from(_LABELS),
                                   st.sampled_from(_CONNECTION_TYPES)), max_size=8),
)
def test_every_row_is_imported_or_reported(
    elements: list[tuple[str | None, str | None]],
    connections: list[tuple[str | None, str | None, str | None]],
) -> None:
    element_rows = [(n, [label, kind]) for n, (label, kind) in enumerate(elements, start=2)]
    connection_rows = [(n, list(c)) for n, c in enumerate(connections, start=2)]
    imported = import_sheets([
        RawSheet("Elements", "m.xlsx:Elements", [(1, ["Label", "Type"]), *element_rows],
                 "Elements"),
        RawSheet("Connections", "m.xlsx:Connections",
                 [(1, ["From", "To", "Type"]), *connection_rows], "Connections"),
    ])
    errors = {(p.location.file, p.location.line) for p in imported.errors}
    for where, rows in (("m.xlsx:Elements", element_rows),
                        ("m.xlsx:Connections", connection_rows)):
        for number, cells in rows:
            if all(c in (None, "") for c in cells):
                continue  # a blank row holds nothing to drop
            assert (where, number) in imported.used or (where, number) in errors, (
                where, number, cells, [str(p) for p in imported.problems])


# -- Kumu's own conventions: IDs in From/To, connection IDs, Direction, (ignore) sheets ------

KUMU_STYLE = {
    "Elements": [
        ["ID", "Label", "Type", "Tags", "footprint", "devolved", "elected"],
        ["council-cardiff", "Cardiff Council", "Council", None, "la-cardiff", "yes", "yes"],
        ["csp-cardiff", "Cardiff CSP", "CSP", "Community safety|ASB", "la-cardiff", None, None],
        ["csp-2", "Cardiff CSP", "Board", None, "la-cardiff", None, None],  # same label, own ID
    ],
    "Connections": [
        ["ID", "From", "To", "Type", "Direction"],
        ["c1", "council-cardiff", "csp-cardiff", "Responsible authority", "directed"],
        ["c2", "council-cardiff", "csp-2", "Member", "mutual"],                   # 3
        ["c2", "council-cardiff", "csp-cardiff", "Member", "directed"],           # 4: ID again
        ["c3", "csp-2", "csp-cardiff", "Sub group of", "sideways"],              # 5
    ],
    "Notes (ignore)": [["anything at all"], ["From", "To"], ["x", "y"]],
    "Elements (ignore)": [["Label"], ["An old draft"]],
}


def test_a_workbook_in_kumus_own_form(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    book = workbook(tmp_path / "kumu.xlsx", KUMU_STYLE)
    code, _, err = run(capsys, str(book), "-o", str(tmp_path / "out"), "--with", FOOTPRINTS)
    assert code == 1, err
    where = f"{book}:"
    assert (f"{where}Connections:4:1: error: connection ID 'c2' is also the ID of row 3; Kumu "
            "would merge the two rows into one connection, so this row was not imported"
            ) in err
    assert (f"{where}Connections:3:5: warning: the Direction is 'mutual', but every govmap "
            "link has a direction; the connection was read as running From -> To") in err
    assert (f"{where}Connections:5:5: warning: 'sideways' is not a Kumu direction (directed, "
            "undirected, mutual)") in err
    # a sheet named (ignore) is skipped, as Kumu skips it; a draft of Elements says so
    assert "Notes (ignore)" not in err
    assert (f"{where}Elements (ignore): warning: the sheet 'Elements (ignore)' was not read"
            ) in err
    assert err.count(": error: ") == 1
    assert not (tmp_path / "out").exists()  # on an error nothing is written
    found = would_import(book, FOOTPRINTS)
    assert sorted(found) == ["council-cardiff", "csp-2", "csp-cardiff"]
    assert found["csp-cardiff"]["themes"] == ["community_safety", "anti_social_behaviour"]
    assert found["csp-cardiff"]["members"] == [
        {"organisation": "council-cardiff", "role": "responsible_authority"}]
    assert found["csp-2"]["members"] == [{"organisation": "council-cardiff", "role": "member"}]
    assert found["csp-2"]["reporting_lines"] == [{"target": "csp-cardiff",
                                                  "type": "sub_group_of"}]


def test_a_blueprint_written_by_hand_with_kumus_keys(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blueprint = tmp_path / "map.json"
    blueprint.write_text("""{
      "elements": [
        {"label": "Cardiff Council", "type": "Council", "footprint": "la-cardiff"},
        {"_id": "csp", "attributes": {"label": "Cardiff CSP", "element type": "CSP",
                                      "tags": ["community safety", "asb"],
                                      "footprint": "la-cardiff", "level": "local"}}
      ],
      "connections": [
        {"from": "Cardiff Council", "to": "csp", "type": "Member", "direction": "directed"},
        {"from": "Cardiff Council", "to": "nowhere", "type": "Member"}
      ]
    }""", encoding="utf-8")
    code, _, err = run(capsys, str(blueprint), "-o", str(tmp_path / "out"), "--with",
                       FOOTPRINTS)
    assert code == 1
    # a problem names the list and the item's position in it
    assert (f"{blueprint}:connections:2:2: error: 'nowhere' (To) is not the Label or ID of "
            "any element") in err
    assert not (tmp_path / "out").exists()  # on an error nothing is written
    found = would_import(blueprint, FOOTPRINTS)
    assert found["csp"]["name"] == "Cardiff CSP"
    assert found["csp"]["themes"] == ["community_safety", "anti_social_behaviour"]
    assert found["csp"]["members"] == [{"organisation": "cardiff-council", "role": "member"}]


def test_a_to_cell_listing_several_elements_makes_one_connection_each(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Kumu: several elements in To, separated by |, draw a connection to each
    book = workbook(tmp_path / "many.xlsx", {
        "Elements": [["Label", "Type", "footprint", "level"],
                     ["Cardiff Council", "Council", "la-cardiff", None],
                     ["Cardiff CSP", "CSP", "la-cardiff", "local"],
                     ["Cardiff PSB", "PSB", "la-cardiff", "local"]],
        "Connections": [["From", "To", "Type"],
                        ["Cardiff Council", "Cardiff CSP|Cardiff PSB", "Member"],
                        ["Cardiff Council", "Cardiff CSP | Nowhere", "Observer"]],
    })
    code, _, err = run(capsys, str(book), "-o", str(tmp_path / "out"), "--with", FOOTPRINTS)
    assert code == 1
    assert f"{book}:Connections:3:2: error: 'Nowhere' (To) is not the Label or ID" in err
    assert not (tmp_path / "out").exists()  # on an error nothing is written
    found = would_import(book, FOOTPRINTS)
    assert found["cardiff-csp"]["members"] == [
        {"organisation": "cardiff-council", "role": "member"},
        {"organisation": "cardiff-council", "role": "observer"}]
    assert found["cardiff-psb"]["members"] == [
        {"organisation": "cardiff-council", "role": "member"}]


def test_a_workbook_from_an_earlier_export_still_imports(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # earlier exports: an About sheet, labels in From/To with the ids in From ID / To ID
    book = workbook(tmp_path / "old.xlsx", {
        "About": [["This workbook was written by govmap"]],
        "Elements": [["Label", "Type", "ID", "footprint", "level"],
                     ["Cardiff CSP", "CSP", "csp-a", "la-cardiff", "local"],
                     ["Cardiff CSP", "Board", "csp-b", "la-cardiff", "local"],
                     ["Cardiff Council", "Council", "council", "la-cardiff", None]],
        "Connections": [["From", "To", "Type", "From ID", "To ID"],
                        ["Cardiff Council", "Cardiff CSP", "Member", "council", "csp-b"]],
    })
    code, _, err = run(capsys, str(book), "-o", str(tmp_path / "out"), "--with", FOOTPRINTS)
    assert code == 0, err
    found = entities(tmp_path / "out", "old")
    assert "members" not in found["csp-a"]
    assert found["csp-b"]["members"] == [{"organisation": "council", "role": "member"}]
