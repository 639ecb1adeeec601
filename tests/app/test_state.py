"""The view state in the URL: a copied link must reopen the same view."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from govmap.state import (
    DEFAULT,
    GROUP_BY,
    MEASURES,
    SIZE_BY,
    ViewState,
    cli_command,
    decode,
    encode,
    from_query,
    pack_scenario,
    restrict,
    share_path,
    to_query,
    unpack_scenario,
)

ids = st.from_regex(r"[a-z0-9][a-z0-9_.\-]{0,15}", fullmatch=True)
id_lists = st.lists(ids, max_size=4).map(tuple)

states = st.builds(
    ViewState,
    dataset=st.one_of(st.just("embedded"), st.from_regex(r"upload-[0-9a-f]{12}", fullmatch=True)),
    as_at=st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))),
    levels=id_lists, kinds=id_lists, themes=id_lists, areas=id_lists, organisations=id_lists,
    focus=st.one_of(st.none(), ids),
    depth=st.integers(1, 5),
    search=st.text(max_size=40).map(str.strip),
    size_by=st.sampled_from(SIZE_BY),
    physics=st.booleans(), presenter=st.booleans(),
    measure=st.sampled_from(MEASURES),
    family=id_lists,
    scenario=st.one_of(st.none(), ids),
    mark=id_lists,
    group=st.sampled_from(("", *GROUP_BY)),
    expand=id_lists,
    compare=st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))),
    built=st.one_of(st.just(""), st.builds(
        lambda name, ops: pack_scenario({"name": name, "operations": ops}),
        st.text(max_size=30), st.lists(st.fixed_dictionaries({"op": ids, "body": ids}),
                                       max_size=3))),
)


@given(states)
def test_any_view_survives_a_round_trip_through_the_url(state: ViewState) -> None:
    again, notices = from_query(to_query(state))
    assert notices == []
    assert again == state


@given(states)
def test_one_view_has_one_url(state: ViewState) -> None:
    shuffled = state.with_(levels=tuple(reversed(state.levels)),
                           themes=state.themes + state.themes)
    assert to_query(shuffled) == to_query(state)


def test_the_default_view_has_an_empty_query() -> None:
    assert encode(DEFAULT) == {}
    assert share_path("network", DEFAULT) == "/"  # the home page
    assert share_path("data", DEFAULT) == "/data"


def test_a_typical_link_reads_as_a_person_would_write_it() -> None:
    state = ViewState(as_at=dt.date(2016, 4, 1), levels=("regional", "local"),
                      themes=("community_safety",), focus="csp-cardiff", depth=2)
    assert share_path("network", state) == (
        "/?date=2016-04-01&level=local,regional&theme=community_safety"
        "&focus=csp-cardiff&depth=2"
    )


def test_a_hand_written_link_opens_the_view_it_names() -> None:
    state, notices = from_query("?date=2012-11-22&org=pcc-gwent&presenter=1&measure=duty-gaps"
                                "&embed=true")
    assert notices == []
    assert state == ViewState(as_at=dt.date(2012, 11, 22), organisations=("pcc-gwent",),
                              presenter=True, measure="duty-gaps")


def test_repeated_keys_are_merged() -> None:
    state, _ = decode({"level": ["local", "regional"]})
    assert state.levels == ("local", "regional")


def test_a_damaged_link_still_opens_with_a_notice_for_each_bad_value() -> None:
    state, notices = decode({
        "date": "last tuesday", "depth": "two", "measure": "vibes", "physics": "maybe",
        "level": "local,<script>", "data": "../../etc/passwd", "focus": "a b",
    })
    assert state.as_at is None and state.depth == 1 and state.measure == "bodies"
    assert state.physics is False and state.levels == ("local",)
    assert state.dataset == "embedded" and state.focus is None
    assert len(notices) == 7
    assert "the link's date 'last tuesday' is not a date (YYYY-MM-DD); showing today" in notices
    assert any("'<script>'" in n for n in notices)


def test_a_comparison_date_that_is_not_a_date_is_dropped_with_a_notice() -> None:
    state, notices = decode({"vs": "yesterday"})
    assert state.compare is None
    assert notices == ["the link's comparison date 'yesterday' is not a date (YYYY-MM-DD); "
                       "ignored"]


def test_depth_is_kept_within_range() -> None:
    assert decode({"depth": "40"})[0].depth == 5
    assert decode({"depth": "0"})[0].depth == 1


def test_restrict_drops_what_the_data_does_not_have() -> None:
    state = ViewState(organisations=("pcc-gwent", "pcc-gwnet"), focus="csp-nowhere",
                      themes=("community_safety",))
    kept, notices = restrict(state, {
        "organisations": ["pcc-gwent", "council-cardiff"],
        "focus": ["csp-cardiff"],
        "themes": ["community_safety"],
    })
    assert kept == ViewState(organisations=("pcc-gwent",), themes=("community_safety",))
    assert notices == ["org filter: pcc-gwnet not in this data; dropped",
                       "focus 'csp-nowhere' is not in this data; dropped"]


def test_restrict_leaves_a_valid_view_alone() -> None:
    state = ViewState(focus="csp-cardiff")
    assert restrict(state, {"focus": ["csp-cardiff"]}) == (state, [])


def test_the_command_line_for_each_page() -> None:
    day = dt.date(2017, 6, 1)
    state = ViewState(levels=("local",), themes=("community_safety",), search="Gwent's",
                      focus="csp-cardiff", depth=2, measure="complexity",
                      family=("police_force_area", "fire_area"), scenario="regional-csps")
    assert cli_command("network", state, day) == (
        "govmap render --as-at 2017-06-01 --level local --theme community_safety "
        "--focus csp-cardiff --depth 2 --search 'Gwent'\"'\"'s' -o view.html")
    assert cli_command("map", state, day) == (
        "govmap render --view tiles --as-at 2017-06-01 --measure complexity "
        "--outline-family fire_area,police_force_area -o map.svg")
    assert cli_command("scenarios", state, day) == (
        "govmap scenario data/scenarios/regional-csps.yaml")
    # a finding shown on the network: the same picture, offline (filters are cleared)
    assert cli_command("network", ViewState(mark=("safer-gwent", "csp-newport")), day) == (
        "govmap render --as-at 2017-06-01 --mark csp-newport,safer-gwent -o view.html")
    assert cli_command("accountability", state, day, data="my-data/") == (
        "govmap report my-data/ --as-at 2017-06-01 -o report.md")


def test_a_grouped_network_is_in_the_link_and_in_the_command() -> None:
    state = ViewState(group="kind", expand=("local_authority", "community_safety_partnership"))
    assert to_query(state) == "group=kind&open=community_safety_partnership,local_authority"
    assert from_query(to_query(state)) == (state, [])
    assert cli_command("network", state, dt.date(2024, 1, 1)) == (
        "govmap render --as-at 2024-01-01 --group-by kind "
        "--open community_safety_partnership,local_authority -o view.html")
    dropped, notices = from_query("group=colour&open=x")
    assert dropped.group == "" and notices == [
        "the link's group 'colour' is not one of kind, footprint; ignored"]


def test_a_built_scenario_travels_in_the_link_and_a_damaged_one_is_dropped() -> None:
    document = {"name": "Merge the Gwent CSPs", "date": "2017-06-01",
                "operations": [{"op": "merge", "bodies": ["csp-a", "csp-b", "csp-c"],
                                "name": "One Gwent partnership"}]}
    token = pack_scenario(document)
    assert len(token) < 200 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    state, notices = from_query(to_query(ViewState(built=token)))
    assert notices == [] and unpack_scenario(state.built) == document
    for damaged in (token[:-10], token + "!", "x" * 7000, pack_scenario({"name": "no ops"})):
        state, notices = decode({"build": damaged})
        assert state.built == ""
        assert notices == ["the link's built scenario could not be read (the link may have "
                           "been cut short); it was ignored"]


def test_a_packed_scenario_cannot_unpack_to_a_huge_document() -> None:
    import base64
    import zlib
    bomb = base64.urlsafe_b64encode(zlib.compress(b"[" * 2_000_000, 9)).decode().rstrip("=")
    assert len(bomb) < 6000
    assert unpack_scenario(bomb) is None
