"""apply(): pure, checks every operation against the state the previous ones leave, and
applies nothing when any fails."""

from __future__ import annotations

import datetime as dt

from govmap.model.load import load
from govmap.scenario.apply import apply, check, run
from govmap.scenario.format import Merge, RemoveBody, scenario_from_text

from ..conftest import MINI
from .toy import scenario, toy

TEXT = """name: Test
description: A test
date: 2020-01-01
sources: [public:test]
operations:
  - op: merge
    bodies: [csp-a, csp-b]
  - op: add_member
    body: csp-a
    organisation: health
  - op: remove_body
    body: csp-a-b
  - op: remove_body
    body: national
"""


def test_errors_are_located_in_the_scenario_file_and_nothing_is_applied() -> None:
    scenario_, problems = scenario_from_text(TEXT)
    assert scenario_ is not None and problems == []
    landscape = toy()
    result, problems = run(landscape, scenario_)
    assert result is None
    # operation 2 is checked against the landscape after operation 1: csp-a has gone;
    # operation 3 refers to what operation 1 made, so it is fine
    assert [str(p) for p in problems] == [
        "scenario.yaml:9:11: error: operation 2 (add_member): there is no body 'csp-a' any "
        "more: it was merged into 'csp-a-b' by operation 1"]
    assert landscape == toy()  # the input is untouched


def test_a_later_operation_using_what_an_earlier_one_made() -> None:
    after = apply(toy(), scenario(Merge(bodies=("csp-a", "csp-b"), into="ab"),
                                  RemoveBody(body="ab")))
    assert "ab" not in after.bodies and "csp-a" not in after.bodies


def test_follow_on_errors_from_a_failed_operation_are_not_repeated() -> None:
    problems = check(toy(), scenario(Merge(bodies=("csp-a", "nope"), into="ab"),
                                     RemoveBody(body="ab"), RemoveBody(body="nope2")))
    # 'ab' would have been made by operation 1, which failed: only 1 and 3 are reported
    assert [p.message.split(":")[0] for p in problems] == ["operation 1 (merge)",
                                                           "operation 3 (remove_body)"]


def test_the_scenario_applies_at_its_date(mini: object) -> None:
    landscape = load([MINI])
    # csp-cardiff ended in 2014: at 2017 it does not exist, at 2010 it does
    problems = check(landscape, scenario(RemoveBody(body="csp-cardiff"),
                                         date=dt.date(2017, 6, 1)))
    assert "there is no body 'csp-cardiff' on 2017-06-01" in problems[0].message
    after = apply(landscape, scenario(RemoveBody(body="csp-cardiff"), date=dt.date(2010, 1, 1)))
    assert after.as_at_date == dt.date(2010, 1, 1)
    assert "psb-cardiff" not in after.bodies  # it starts in 2016
