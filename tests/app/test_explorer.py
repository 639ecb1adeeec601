"""The explorer, driven through Streamlit's AppTest on the mini landscape.

The mini fixture (tests/fixtures/mini) has three councils. Worked by hand:

- as at 2020-01-01: bodies Cardiff PSB (from 2016), Safer Vale and Safer Gwent (Cardiff CSP
  ended in 2014); all 7 organisations; seats 3 + 2 + 2 = 7; reporting lines: South Wales
  Police -> its PCC and Safer Gwent -> Gwent PCC = 2.
- as at 2010-01-01: bodies Cardiff CSP, Safer Vale, Safer Gwent; 5 organisations (the PCCs
  start in November 2012); seats 3 + 2 + 1 = 6 (Gwent PCC's seat on Safer Gwent has not
  started); reporting lines: only Cardiff CSP -> Cardiff Council = 1.
- the regional filter keeps Safer Gwent and what is linked to it: Gwent PCC and Newport
  City Council (3 nodes in 2020; 2 in 2010, before the PCC).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from govmap.app import cache, shell
from govmap.model.load import load
from govmap.state import unpack_scenario

from ..conftest import MINI, ROOT

DAY = dt.date(2020, 1, 1)

DISSOLVE = """\
name: Dissolve Safer Gwent
description: What if Safer Gwent went?
date: 2020-01-01
sources: [public:test]
operations:
  - op: dissolve
    body: safer-gwent
"""

BROKEN_SCENARIO = """\
name: Dissolve a body that is not there
description: A typo.
date: 2020-01-01
sources: [public:test]
operations:
  - op: dissolve
    body: safer-gwnet
"""


@pytest.fixture(autouse=True)
def mini_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point the explorer's embedded data at the mini fixture, and its scenarios at tmp."""
    monkeypatch.setattr(shell, "EMBEDDED_DIR", MINI)
    (tmp_path / "dissolve-safer-gwent.yaml").write_text(DISSOLVE)
    (tmp_path / "typo.yaml").write_text(BROKEN_SCENARIO)
    monkeypatch.setattr(cache, "SCENARIO_DIR", tmp_path)
    return tmp_path


def open_app(page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    at.run()
    if page is not None:
        at.switch_page(f"govmap/app/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def deltas(at: AppTest) -> dict[str, Any]:
    return {m.label: m.delta for m in at.metric}


def measures(at: AppTest) -> dict[str, tuple[int, int, str]]:
    """The Scenarios page's key measures: name -> (before, after, change)."""
    frame = next(f.value for f in at.dataframe if list(f.value.columns) == [
        "Measure", "Before", "After", "Change"])
    return {r.Measure: (int(r.Before), int(r.After), r.Change) for r in frame.itertuples()}


def iframes(at: AppTest) -> list[str]:
    return [str(element.proto.srcdoc) for element in at.get("iframe")]


def text_of(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in [*at.error, *at.warning, *at.info, *at.success]]
    parts += [c.value for c in at.code]
    return "\n".join(str(p) for p in parts)


# -- network ------------------------------------------------------------------------------


def test_opens_on_the_network_of_the_chosen_day() -> None:
    at = open_app(date="2020-01-01")
    assert at.title[0].value == "Network"
    assert metrics(at) == {"Bodies": "3", "Organisations": "7", "Seats": "7",
                           "Reporting lines": "2", "In this view": "10"}
    [html] = iframes(at)
    assert "Safer Gwent" in html and "Cardiff Public Services Board" in html
    assert "Cardiff Community Safety Partnership" not in html  # ended in 2014


def test_the_date_box_changes_the_counts() -> None:
    at = open_app(date="2020-01-01")
    at.sidebar.date_input(key="v_as_at").set_value(dt.date(2010, 1, 1)).run()
    assert metrics(at) == {"Bodies": "3", "Organisations": "5", "Seats": "6",
                           "Reporting lines": "1", "In this view": "8"}
    assert at.query_params["date"] == "2010-01-01"
    assert "Cardiff Community Safety Partnership" in iframes(at)[0]


def test_the_date_steps_by_month_and_stops_at_changes_in_the_data() -> None:
    at = open_app(date="2013-06-15")
    at.sidebar.button(key="_govmap_next_month").click().run()
    assert at.query_params["date"] == "2013-07-15"
    at.sidebar.button(key="_govmap_prev_month").click().run()
    at.sidebar.button(key="_govmap_prev_month").click().run()
    assert at.query_params["date"] == "2013-05-15"
    # the next day on which a body or organisation of the mini data starts or ends
    at.sidebar.button(key="_govmap_next_stop").click().run()
    day = dt.date.fromisoformat(at.query_params["date"])
    full = load([MINI])
    changes = sorted({d.first for x in [*full.bodies.values(), *full.organisations.values()]
                      for d in (x.start_date, x.end_date) if d is not None})
    assert day == min(d for d in changes if d > dt.date(2013, 5, 15))
    jump = at.sidebar.selectbox(key="_govmap_stop")
    assert len(jump.options) == len(changes)
    jump.set_value(changes[0]).run()
    assert at.query_params["date"] == changes[0].isoformat()


def test_a_filter_changes_what_is_drawn_and_the_url() -> None:
    at = open_app(date="2020-01-01")
    at.sidebar.multiselect(key="v_levels").set_value(["regional"]).run()
    assert metrics(at)["In this view"] == "3"
    [html] = iframes(at)
    assert "Safer Gwent" in html and "Newport City Council" in html
    assert "Safer Vale" not in html
    assert at.query_params["level"] == "regional"


def test_a_copied_link_reopens_the_same_view() -> None:
    at = open_app(date="2010-01-01", level="regional", focus="safer-gwent", depth="2")
    assert at.sidebar.date_input(key="v_as_at").value == dt.date(2010, 1, 1)
    assert at.sidebar.multiselect(key="v_levels").value == ["regional"]
    assert at.sidebar.selectbox(key="v_focus").value == "safer-gwent"
    assert at.sidebar.slider(key="v_depth").value == 2
    assert metrics(at)["In this view"] == "2"
    assert at.query_params == {"date": "2010-01-01", "level": "regional",
                               "focus": "safer-gwent", "depth": "2"}
    link = at.sidebar.code[0].value
    assert link.endswith("/?date=2010-01-01&level=regional&focus=safer-gwent&depth=2")


def test_a_focus_title_keeps_the_capitals_of_the_name() -> None:
    at = open_app(date="2020-01-01", focus="safer-gwent")
    [html] = iframes(at)
    assert "Around Safer Gwent (1 step)" in html and "Around safer gwent" not in html


def test_a_link_with_marked_nodes_picks_them_out() -> None:
    at = open_app(date="2020-01-01", mark="safer-gwent,pcc-gwent,nowhere")
    assert any("Picked out: Gwent Police and Crime Commissioner and Safer Gwent" in i.value
               for i in at.info)
    assert "mark filter: nowhere not in this data; dropped" in [w.value for w in at.warning]
    [html] = iframes(at)
    assert '"spotlight":["pcc-gwent","safer-gwent"]' in html
    assert at.query_params["mark"] == "pcc-gwent,safer-gwent"
    next(b for b in at.button if b.label == "Clear").click().run()
    assert "mark" not in at.query_params
    assert '"spotlight":[]' in iframes(at)[0]


def test_nodes_can_be_sized_by_findings() -> None:
    at = open_app(date="2020-01-01", size="findings")
    assert "Size: findings of the report that concern the node" in iframes(at)[0]


def test_search_by_name_keeps_matching_nodes() -> None:
    at = open_app(date="2020-01-01")
    at.sidebar.text_input(key="v_search").input("Gwent").run()
    # Safer Gwent and Gwent Police and Crime Commissioner.
    assert metrics(at)["In this view"] == "2"
    assert at.query_params["q"] == "Gwent"


def test_a_damaged_link_opens_with_a_notice_for_each_bad_value() -> None:
    at = open_app(date="someday", org="pcc-gwnet,pcc-gwent")
    warnings = [w.value for w in at.warning]
    assert "the link's date 'someday' is not a date (YYYY-MM-DD); showing today" in warnings
    assert "org filter: pcc-gwnet not in this data; dropped" in warnings
    assert at.sidebar.multiselect(key="v_organisations").value == ["pcc-gwent"]


def test_presenter_mode_hides_the_controls_and_can_be_left() -> None:
    at = open_app(presenter="1", date="2020-01-01")
    assert [t.value for t in at.title] == []
    exit_button = next(b for b in at.button if b.label == "Exit presenter mode")
    exit_button.click().run()
    assert at.title[0].value == "Network"
    assert "presenter" not in at.query_params


def test_the_view_can_be_downloaded_as_one_html_file() -> None:
    # The browser test clicks it and opens the file offline; here: the button is there,
    # and the self-contained file is made when clicked (deferred), not on every redraw.
    at = open_app(date="2020-01-01")
    [button] = [b for b in at.get("download_button") if b.proto.label == "Download this view"]
    assert button.proto.deferred_file_id


def test_grouping_by_kind_collapses_and_a_group_opens_again() -> None:
    at = open_app(date="2017-06-01", group="kind")
    [html] = iframes(at)
    councils = '"id":"group:kind:organisation:local_authority"'
    assert councils in html and '"id":"council-cardiff"' not in html
    groups = at.multiselect(key="v_expand")  # each group that can open, with its count
    assert groups.options == ["Local authority (3)", "Police and crime commissioner (2)"]
    groups.set_value(["local_authority"]).run()
    [html] = iframes(at)
    assert councils not in html and '"id":"council-cardiff"' in html
    assert at.query_params["group"] == "kind" and at.query_params["open"] == "local_authority"
    # the link reproduces it, and the command line gives the same picture
    again = open_app(**{k: str(v) for k, v in at.query_params.items()})
    assert iframes(again) == iframes(at)
    assert "--group-by kind --open local_authority" in text_of(at)
    # another grouping starts with every group closed
    at.selectbox(key="v_group").set_value("footprint").run()
    assert "open" not in at.query_params
    assert '"id":"group:footprint:' in iframes(at)[0]


# -- data ---------------------------------------------------------------------------------


def test_the_data_page_says_the_data_is_valid_and_lists_sources() -> None:
    at = open_app("data", date="2020-01-01")
    assert at.success[0].value == ("The embedded Wales data is valid: 2 file(s), "
                                   "0 warning(s).")
    table = at.dataframe[0].value
    assert set(table["Name"]) == {
        "Cardiff Public Services Board", "Safer Vale", "Safer Gwent", "Cardiff Council",
        "Vale of Glamorgan Council", "Newport City Council", "South Wales Police",
        "South Wales Police and Crime Commissioner", "Gwent Police and Crime Commissioner",
        "Cardiff and Vale University Health Board"}


BROKEN = b"""\
bodies:
  - id: csp-x
    name: X
    kind: community_safety_partnrship
    level: local
    footprint: la-cardiff
"""


def test_a_broken_upload_shows_located_errors_and_keeps_the_data() -> None:
    at = open_app("data", date="2020-01-01")
    at.get("file_uploader")[0].set_value(("boards.yaml", BROKEN, "application/x-yaml")).run()
    assert not at.exception
    text = text_of(at)
    assert "Your upload has" in text and "still showing the embedded Wales data" in text
    assert "**boards.yaml**" in text
    assert ("boards.yaml:4:11: error: body 'csp-x': kind: unknown body kind "
            "'community_safety_partnrship' (did you mean 'community_safety_partnership'?)"
            ) in text
    assert "line 4, column 11" in text
    at.switch_page("govmap/app/network.py").run()
    assert metrics(at)["Bodies"] == "3"


def test_an_unsafe_zip_is_refused_with_the_reason() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../etc/boards.yaml", "bodies: []\n")
    at = open_app("data")
    at.get("file_uploader")[0].set_value(("land.zip", buffer.getvalue(), "application/zip")
                                         ).run()
    assert "points outside the zip ('..')" in text_of(at)


TINY = b"""\
areas:
  - {id: W06000015, name: Cardiff}
footprints:
  - {id: la-cardiff, name: Cardiff, family: local_authority, areas: [W06000015]}
organisations:
  - {id: council-cardiff, name: Cardiff Council, kind: local_authority, devolved: true,
     elected: true}
bodies:
  - id: board
    name: The Only Board
    kind: other
    level: local
    footprint: la-cardiff
    members: [{organisation: council-cardiff, role: member}]
"""


def test_a_valid_upload_becomes_the_data_shown_everywhere() -> None:
    at = open_app("data")
    at.get("file_uploader")[0].set_value(("tiny.yaml", TINY, "application/x-yaml")).run()
    assert at.success[0].value == "The uploaded data (tiny.yaml) is valid: 1 file(s), " \
        "0 warning(s)."
    assert at.sidebar.radio(key="v_dataset").value.startswith("upload-")
    at.switch_page("govmap/app/network.py").run()
    assert metrics(at) == {"Bodies": "1", "Organisations": "1", "Seats": "1",
                           "Reporting lines": "0", "In this view": "2"}
    assert at.query_params["data"].startswith("upload-")
    at.sidebar.radio(key="v_dataset").set_value("embedded").run()
    assert metrics(at)["Bodies"] != "1"


def test_a_link_to_someone_elses_upload_falls_back_to_the_embedded_data() -> None:
    at = open_app(data="upload-0123456789abcdef", date="2020-01-01")
    assert any("uploaded in another session" in w.value for w in at.warning)
    assert metrics(at)["Bodies"] == "3"


# -- report pages -------------------------------------------------------------------------


def test_the_duties_page_shows_each_gap_by_name() -> None:
    at = open_app("duties", date="2020-01-01")
    assert metrics(at)["Duty gap"] == "3"  # Newport: both duties; Vale: the well-being plan
    assert metrics(at)["Weaker footing"] == "2"
    findings = at.dataframe[0].value
    assert len(findings) == 5
    assert ("Nobody discharges the Local well-being plan (Well-being of Future Generations "
            "(Wales) Act 2015 s39) for Vale of Glamorgan.") in set(findings["Finding"])
    concerns = " ".join(findings["Concerns"])
    assert "Vale of Glamorgan" in concerns and "la-vale" not in concerns
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Findings shown (CSV)", "Whole report (XLSX)", "Whole report (Markdown)"} <= labels


def test_findings_can_be_filtered() -> None:
    at = open_app("duties", date="2020-01-01")
    at.multiselect(key="_govmap_duties_code").set_value(["weaker-footing"]).run()
    assert len(at.dataframe[0].value) == 2
    at.text_input(key="_govmap_duties_text").input("Cardiff").run()
    assert list(at.dataframe[0].value["Concerns"]) == [
        "Cardiff Public Services Board, Crime and disorder reduction strategy, Cardiff"]


def test_the_accountability_page() -> None:
    at = open_app("accountability", date="2020-01-01")
    # Safer Vale and Cardiff PSB answer to nobody; Safer Gwent reports to an elected PCC.
    assert metrics(at)["No democratic route"] == "2"
    assert metrics(at)["No upward line"] == "2"


def test_show_on_network_picks_out_exactly_the_findings_bodies() -> None:
    at = open_app("accountability", date="2020-01-01", level="local")
    first = at.dataframe[0].value.iloc[0]  # the finding shown in the evidence box
    next(b for b in at.button if b.label == "Show on network").click().run()
    assert not at.exception
    assert at.title[0].value == "Network"
    marked = at.query_params["mark"].split(",")
    [html] = iframes(at)
    assert f'"spotlight":{json.dumps(sorted(marked), separators=(",", ":"))}' in html
    # the names on the finding's row are the names picked out, and only those
    info = next(i.value for i in at.info if i.value.startswith("Picked out:"))
    concerns = first["Concerns"].split(", ")
    assert len(marked) == len(concerns)
    for name in concerns:
        assert name in info
    # the filters were cleared, so nothing hides what the finding names
    assert "level" not in at.query_params
    assert metrics(at)["In this view"] == "10"


def test_the_duplication_page_tables_use_names() -> None:
    at = open_app("duplication", date="2020-01-01")
    assert not at.exception
    for frame in at.dataframe:
        for column in frame.value.columns:
            values = " ".join(str(v) for v in frame.value[column])
            assert "csp-vale" not in values and "W06000014" not in values, column


# -- scenarios ----------------------------------------------------------------------------


def test_a_shipped_scenario_shows_its_diff() -> None:
    at = open_app("scenarios", scenario="dissolve-safer-gwent")
    assert at.selectbox(key="v_scenario").value == "dissolve-safer-gwent"
    assert measures(at)["Bodies"] == (3, 2, "-1")
    assert measures(at)["Seats"] == (7, 5, "-2")
    node = '"title":"Safer Gwent"'  # the node's tooltip data
    [both] = iframes(at)  # one picture, before and after together
    assert node in both and '"mark":"removed"' in both
    assert "removed by the scenario" in both  # and the legend says what the ring means
    at.segmented_control(key="_govmap_scn_side").set_value("after").run()
    assert node not in iframes(at)[0]
    at.segmented_control(key="_govmap_scn_side").set_value("before").run()
    assert node in iframes(at)[0]
    # the sidebar's date does not apply to a shipped scenario, and the page says so
    assert "the scenario's own date (the sidebar's date" in text_of(at)
    # findings are matched by identity, so the closed list is the only one with this one
    tables = [t.value for t in at.dataframe if "Finding" in t.value.columns]
    holding = [t for t in tables
               if any(m.startswith("Nothing scrutinises Safer Gwent") for m in t["Finding"])]
    assert len(holding) == 1
    assert at.query_params["scenario"] == "dissolve-safer-gwent"
    # the finding that stays but changes: its evidence before and after, in names
    assert metrics(at)["Findings changed"] == "1"
    [changed] = [t.value for t in at.dataframe if "What changed" in t.value.columns]
    assert changed.to_dict("records") == [{
        "Severity": "Low", "Finding": "No body covers well-being in Vale of Glamorgan "
        "(1 area), though bodies cover it elsewhere.", "What changed": "Areas",
        "Before": "2", "After": "1", "Details": "gone: Newport"}]


def test_a_scenario_that_cannot_apply_shows_where() -> None:
    at = open_app("scenarios", scenario="typo")
    text = text_of(at)
    assert "This scenario cannot be applied" in text
    assert "typo.yaml" in text and "line 7, column 11" in text
    assert "safer-gwnet" in text and at.get("iframe") == []


def test_a_scenario_built_with_widgets() -> None:
    at = open_app("scenarios", date="2020-01-01")
    at.segmented_control(key="_govmap_scn_source").set_value("Build").run()
    at.selectbox(key="_govmap_scn_op").set_value("dissolve").run()
    at.selectbox(key="_govmap_scn_dissolve").set_value("safer-gwent").run()
    next(b for b in at.button if b.label == "Add this step").click().run()
    assert not at.exception
    assert measures(at)["Bodies"] == (3, 2, "-1")
    assert len(iframes(at)) == 1
    assert "1. Dissolve Safer Gwent" in text_of(at)  # the steps added are listed
    # the address holds the built scenario, and no longer names a shipped one
    token = at.query_params["build"]
    assert "scenario" not in at.query_params
    assert unpack_scenario(token)["operations"] == [{"op": "dissolve", "body": "safer-gwent"}]
    again = open_app("scenarios", **dict(at.query_params))
    assert again.segmented_control(key="_govmap_scn_source").value == "Build"
    assert measures(again) == measures(at)
    assert "1. Dissolve Safer Gwent" in text_of(again)


def test_a_built_scenario_that_cannot_apply_says_why() -> None:
    at = open_app("scenarios", date="2020-01-01")
    at.segmented_control(key="_govmap_scn_source").set_value("Build").run()
    at.selectbox(key="_govmap_scn_op").set_value("dissolve").run()
    at.selectbox(key="_govmap_scn_dissolve").set_value("csp-vale").run()
    next(b for b in at.button if b.label == "Add this step").click().run()
    # Safer Vale discharges a duty and has no parent body to hand it to.
    assert "csp-vale' has 1 duty but no parent body" in text_of(at)
    assert iframes(at) == []


def test_an_uploaded_scenario() -> None:
    at = open_app("scenarios")
    at.segmented_control(key="_govmap_scn_source").set_value("Upload").run()
    at.get("file_uploader")[0].set_value(("mine.yaml", DISSOLVE.encode(), "application/x-yaml")
                                         ).run()
    assert measures(at)["Bodies"] == (3, 2, "-1")
    # an upload cannot travel in a link, and the address names no other scenario
    assert "scenario" not in at.query_params and "build" not in at.query_params


# -- every page on the embedded data --------------------------------------------------------


@pytest.mark.parametrize("page", [spec[3].removesuffix(".py") for spec in shell.PAGE_SPECS])
def test_every_page_opens_on_the_embedded_data(page: str, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    monkeypatch.setattr(shell, "EMBEDDED_DIR", ROOT / "data")
    monkeypatch.setattr(cache, "SCENARIO_DIR", ROOT / "data" / "scenarios")
    at = open_app(page)
    assert at.title, f"{page} has no title"
    assert not at.error, [e.value for e in at.error]


# -- map ----------------------------------------------------------------------------------


def test_the_map_colours_councils_by_the_chosen_measure() -> None:
    at = open_app("tilemap", date="2020-01-01", measure="duty-gaps")
    table = at.dataframe[-1].value
    values = dict(zip(table["Council area"], table["Value"], strict=True))
    # Newport: both duties undone; Vale of Glamorgan: the well-being plan; Cardiff: none.
    assert values == {"Newport": 2, "Vale of Glamorgan": 1, "Cardiff": 0}
    [svg] = iframes(at)
    assert "Councils by duty gaps in the area" in svg


def test_several_families_are_outlined_at_once_each_in_its_own_style() -> None:
    at = open_app("tilemap", date="2020-01-01")
    assert 'class="outline family"' not in iframes(at)[0]
    at.sidebar.multiselect(key="v_family").set_value(
        ["police_force_area", "health_board_area"]).run()
    svg = iframes(at)[0]
    # one line per family, each styled differently, and a key naming both families
    styles = re.findall(r'<path class="outline family"[^>]*stroke="([^"]+)"[^>]*?'
                        r'(?:stroke-dasharray="([^"]+)")?', svg)
    assert len(styles) == 2 and styles[0] != styles[1]
    assert "Police force area" in svg and "Health board area" in svg
    assert at.query_params["family"] == "health_board_area,police_force_area"


# -- the numbers on screen are the command line's ------------------------------------------


def run_cli(command: str) -> str:
    args = shlex.split(command)
    assert args[0] == "govmap"
    done = subprocess.run([sys.executable, "-m", "govmap", *args[1:]], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_network_count_is_what_govmap_render_draws(tmp_path: Path) -> None:
    at = open_app(date="2020-01-01", level="regional")
    command = at.sidebar.code[-1].value
    assert command == "govmap render --as-at 2020-01-01 --level regional -o view.html"
    out = tmp_path / "view.html"
    run_cli(command.replace("govmap render", f"govmap render {MINI}")
            .replace("-o view.html", f"-o {out}"))
    assert "3 bodies and organisations" in out.read_text(encoding="utf-8")
    assert metrics(at)["In this view"] == "3"


def test_the_duty_counts_are_what_govmap_report_finds() -> None:
    at = open_app("duties", date="2020-01-01")
    command = at.sidebar.code[-1].value
    assert command == "govmap report --as-at 2020-01-01 -o report.md"
    report = json.loads(run_cli(f"govmap report {MINI} --as-at 2020-01-01 --format json"))
    codes = [f["code"] for f in report["findings"]]
    assert metrics(at)["Duty gap"] == str(codes.count("duty-gap")) == "3"
    assert metrics(at)["Weaker footing"] == str(codes.count("weaker-footing")) == "2"


def test_the_data_page_lists_only_what_the_network_shows_when_filtered() -> None:
    at = open_app("data", date="2020-01-01", level="regional")
    assert set(at.dataframe[0].value["Name"]) == {"Safer Gwent", "Newport City Council",
                                                 "Gwent Police and Crime Commissioner"}


def test_broken_embedded_data_is_reported_on_every_page(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "boards.yaml").write_bytes(BROKEN)
    monkeypatch.setattr(shell, "EMBEDDED_DIR", broken)
    at = open_app()
    assert "cannot be shown" in at.error[0].value
    assert "broken/boards.yaml" in text_of(at) or "broken/boards\\.yaml" in text_of(at)
    assert at.get("iframe") == []
    at.switch_page("govmap/app/data.py").run()
    assert not at.exception and at.title[0].value == "Data"


# -- help ---------------------------------------------------------------------------------


def test_the_help_page_shows_the_docs_own_text(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    from govmap.app import docs

    at = open_app("help")
    text = text_of(at)
    metrics_md = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    brokers = docs.sections(metrics_md)["Duplication and load"]
    assert "### Brokers (`brokers`)" in brokers
    assert brokers.strip() in text  # the definitions, word for word
    assert "<kbd>p</kbd>" in text  # the keys, from docs/explorer.md
    # read from the docs, not copied: change the docs and the page changes
    (tmp_path / "explorer.md").write_text("## The pages\nPages here.\n## Keys\nKeys here.\n")
    (tmp_path / "metrics.md").write_text("# M\nIntro.\n## Findings\nA new definition.\n")
    monkeypatch.setattr(docs, "DOCS", tmp_path)
    again = text_of(open_app("help"))
    assert "A new definition." in again and "Keys here." in again


def test_two_days_on_one_network_mark_what_started_and_ended() -> None:
    # Cardiff CSP ended in 2014 and Cardiff PSB started in 2016 (see the module docstring)
    at = open_app(date="2020-01-01", vs="2010-01-01")
    [html] = iframes(at)
    data = json.loads(re.search(r'id="govmap-data">(.*?)</script>', html, re.S)
                      .group(1))  # type: ignore[union-attr]
    marks = {n["id"]: n.get("mark") for n in data["nodes"]}
    assert marks["csp-cardiff"] == "removed" and marks["psb-cardiff"] == "added"
    assert "ended by 1 Jan 2020" in html and "started after 1 Jan 2010" in html
    assert at.query_params["vs"] == "2010-01-01"
    assert at.sidebar.code[-1].value == (
        "govmap diff --as-at 2010-01-01 --to 2020-01-01 -o changes.md")
