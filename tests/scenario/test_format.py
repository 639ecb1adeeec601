"""Reading scenario files: structure errors are located and suggest a fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govmap.scenario.format import Merge, TransferDuty, read_scenario, scenario_from_text

HEADER = """name: Test
description: A test
date: 2020-01-01
sources: [public:test]
operations:
"""


def messages(text: str) -> list[str]:
    scenario, problems = scenario_from_text(text)
    assert scenario is None
    return [str(p) for p in problems]


def test_a_valid_scenario() -> None:
    scenario, problems = scenario_from_text(HEADER + """\
  - op: merge
    bodies: [csp-a, csp-b]
    into: csp-ab
  - {op: transfer_duty, duty: strategy, from: csp-c, to: csp-ab}
""")
    assert problems == []
    assert scenario is not None
    assert scenario.date == dt.date(2020, 1, 1) and scenario.sources == ("public:test",)
    assert scenario.operations == (Merge(bodies=("csp-a", "csp-b"), into="csp-ab"),
                                   TransferDuty(duty="strategy", from_="csp-c", to="csp-ab"))
    assert str(scenario.locate(1, ("from",))) == "scenario.yaml:9:47"


def test_misspelt_operation_and_keys_are_located_with_suggestions() -> None:
    assert messages(HEADER + """\
  - op: mrege
    bodies: [a, b]
  - op: merge
    bodys: [a, b]
  - op: add_member
    body: x
    organisation: y
    role: chair
""") == [
        "scenario.yaml:6:9: error: operation 1: unknown operation 'mrege' (did you mean "
        "'merge'?)",
        "scenario.yaml:9:5: error: operation 2 (merge): unknown key 'bodys' (did you mean "
        "'bodies'?)",
        "scenario.yaml:13:11: error: operation 3 (add_member): role: unknown membership role "
        "'chair'; use one of: responsible_authority, statutory_member, member, co_opted, "
        "invited_participant, observer",
    ]


def test_header_problems() -> None:
    assert messages("""name: Test
date: 2020-13-01
sources: [somewhere]
operations: []
""") == [
        "scenario.yaml:1:1: error: scenario: missing required key 'description'",
        "scenario.yaml:2:7: error: scenario: date: '2020-13-01' is not a date; write it as "
        "YYYY-MM-DD",
        "scenario.yaml:3:10: error: scenario: sources: source 'somewhere' is not in a known "
        "form; write '<seed file>:L<line>' (004_1052c6d804dc056a.txt:L3088), "
        "'public:<document name>' or 'inherit'",
        "scenario.yaml:4:13: error: scenario: 'operations' needs at least 1 operation",
    ]


def test_an_operation_that_is_not_a_mapping() -> None:
    assert messages(HEADER + "  - merge csp-a csp-b\n") == [
        "scenario.yaml:6:5: error: operation 1: should be a mapping starting with 'op:', such "
        "as '- op: merge'; got 'merge csp-a csp-b'"]


def test_merge_needs_two_bodies() -> None:
    assert messages(HEADER + "  - {op: merge, bodies: [csp-a]}\n") == [
        "scenario.yaml:6:25: error: operation 1 (merge): 'bodies' needs at least 2 items"]


def test_bad_yaml_and_missing_file(tmp_path: Path) -> None:
    assert messages("name: [unclosed\n")[0].startswith("scenario.yaml:2:1: error: not valid "
                                                       "YAML")
    scenario, problems = read_scenario(tmp_path / "nope.yaml")
    assert scenario is None and "no such file" in str(problems[0])
