"""govmap render: the files it writes, its messages and its exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from govmap.cli import main
from tests.conftest import MINI

PNG = b"\x89PNG\r\n\x1a\n"


def render(*args: str) -> int:
    return main(["render", str(MINI), *args])


def test_offline_html_with_date_and_focus(tmp_path: Path, in_root: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "map.html"
    assert render("-o", str(out), "--as-at", "2017-06-01", "--focus", "psb-cardiff",
                  "--depth", "1") == 0
    html = out.read_text(encoding="utf-8")
    assert "As at 2017-06-01" in html
    assert "Bodies and organisations around Cardiff Public Services Board" in html
    # the subtitle keeps the capitals of the name (not "Around cardiff public services...")
    assert "Around Cardiff Public Services Board (1 link)" in html
    assert '"id":"psb-cardiff"' in html and '"id":"council-newport"' not in html
    assert f"wrote {out}" in capsys.readouterr().err


def test_nodes_sized_by_findings(tmp_path: Path, in_root: Path) -> None:
    out = tmp_path / "map.html"
    assert render("-o", str(out), "--as-at", "2017-06-01", "--size-by", "findings") == 0
    assert "Size: findings of the report that concern the node" in out.read_text("utf-8")


def test_presenter_and_filters(tmp_path: Path, in_root: Path) -> None:
    out = tmp_path / "map.html"
    assert render("-o", str(out), "--presenter", "--level", "regional",
                  "--kind", "regional_community_safety_board,police_and_crime_commissioner") == 0
    html = out.read_text(encoding="utf-8")
    assert '<body class="presenter">' in html
    assert '"id":"safer-gwent"' in html and '"id":"csp-vale"' not in html
    assert "Level: regional" in html


def test_typos_get_a_suggestion(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert render("--level", "locl") == 2
    assert "unknown level 'locl' (did you mean 'local'?)" in capsys.readouterr().err
    assert render("--focus", "psb-cardif") == 1
    err = capsys.readouterr().err  # the view is dated (today by default): the message says so
    assert "no body or organisation 'psb-cardif' on " in err
    assert "(did you mean 'psb-cardiff'?)" in err
    assert render("--area", "Cardif") == 1
    assert "(did you mean 'Cardiff'?)" in capsys.readouterr().err


def test_areas_by_name_or_code(tmp_path: Path, in_root: Path) -> None:
    by_name, by_code = tmp_path / "a.html", tmp_path / "b.html"
    assert render("-o", str(by_name), "--area", "newport", "--subtitle", "") == 0
    assert render("-o", str(by_code), "--area", "W06000022", "--subtitle", "") == 0
    assert by_name.read_text(encoding="utf-8") == by_code.read_text(encoding="utf-8")


def test_never_overwrites_by_surprise(tmp_path: Path, in_root: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "map.html"
    out.write_text("keep me", encoding="utf-8")
    assert render("-o", str(out)) == 2
    assert "already exists; use --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert render("-o", str(out), "--force") == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_format_follows_the_file_name(tmp_path: Path, in_root: Path) -> None:
    png, svg = tmp_path / "net.png", tmp_path / "net.svg"
    assert render("-o", str(png), "--as-at", "2017-06-01") == 0
    assert png.read_bytes().startswith(PNG)
    assert render("-o", str(svg), "--as-at", "2017-06-01") == 0
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_tile_map(tmp_path: Path, in_root: Path) -> None:
    out = tmp_path / "tiles.svg"
    assert render("--view", "tiles", "--measure", "duty-gaps", "--as-at", "2017-06-01",
                  "--outline-family", "police_force_area", "-o", str(out)) == 0
    svg = out.read_text(encoding="utf-8")
    assert "Duty gaps in the area" in svg
    assert 'class="outline"' in svg
    # Newport had no body discharging either duty in 2017: two gaps; the Vale had Safer Vale
    # for the strategy but nothing for the well-being plan: one gap
    assert "Newport: 2" in svg and "Vale of Glamorgan: 1" in svg
    page = tmp_path / "tiles.html"
    assert render("--view", "tiles", "-o", str(page)) == 0
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_unknown_outline_family(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert render("--view", "tiles", "--outline-family", "police_area") == 2
    assert "did you mean 'police_force_area'?" in capsys.readouterr().err


def test_several_families_outlined_from_the_command_line(tmp_path: Path, in_root: Path) -> None:
    out = tmp_path / "map.svg"
    assert render("--view", "tiles", "-o", str(out), "--as-at", "2020-01-01",
                  "--outline-family", "police_force_area,health_board_area") == 0
    svg = out.read_text(encoding="utf-8")
    assert svg.count('class="outline family"') == 2
    assert "Police force area" in svg and "Health board area" in svg


def _spotlit(html: str) -> tuple[set[str], set[str]]:
    """The ids drawn with the spotlight ring, and the ids drawn faint, in a written view."""
    import json
    import re

    match = re.search(r'<script type="application/json" id="govmap-data">(.*?)</script>', html,
                      re.S)
    assert match, "the file carries its data"
    nodes = json.loads(match.group(1))["nodes"]
    return ({n["id"] for n in nodes if n.get("spot")},
            {n["id"] for n in nodes if n.get("opacity", 1) < 1})


def test_mark_picks_out_exactly_the_given_subjects(tmp_path: Path, in_root: Path) -> None:
    out, plain = tmp_path / "finding.html", tmp_path / "plain.html"
    assert render("-o", str(out), "--as-at", "2017-06-01",
                  "--mark", "psb-cardiff,council-cardiff", "--mark", "safer-gwent") == 0
    html = out.read_text(encoding="utf-8")
    spot, faint = _spotlit(html)
    assert spot == {"psb-cardiff", "council-cardiff", "safer-gwent"}
    assert faint and not faint & spot  # every other node is drawn faint
    assert "picked out (3)" in html  # the legend says what the rings mean
    # and the subtitle names them, as the explorer's does
    assert "Picked out: Cardiff Council, Cardiff Public Services Board and Safer Gwent" in html
    assert render("-o", str(plain), "--as-at", "2017-06-01") == 0
    assert _spotlit(plain.read_text(encoding="utf-8")) == (set(), set())


def test_mark_of_an_unknown_id_is_refused_with_a_suggestion(
        tmp_path: Path, in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "finding.html"
    assert render("-o", str(out), "--as-at", "2017-06-01", "--mark", "psb-cardif") == 1
    err = capsys.readouterr().err
    assert "--mark: no body or organisation 'psb-cardif' on 2017-06-01" in err
    assert "(did you mean 'psb-cardiff'?)" in err
    assert not out.exists()


def test_mark_in_a_png(tmp_path: Path, in_root: Path) -> None:
    marked, plain = tmp_path / "marked.png", tmp_path / "plain.png"
    assert render("-o", str(marked), "--as-at", "2017-06-01", "--mark", "psb-cardiff") == 0
    assert render("-o", str(plain), "--as-at", "2017-06-01") == 0
    assert marked.read_bytes().startswith(PNG)
    assert marked.read_bytes() != plain.read_bytes()
