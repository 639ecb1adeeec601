"""Evidence is the reasoning: the chain followed, the shares behind a score, who is missing.

On the embedded Wales data in 2017 and today, each finding's evidence lets a reviewer check
it: every step of an accountability path is a real upward line with its source, a score is
the product of its three shares, a duty finding names the unit, the required members and
who is missing. And people read it one row per item.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache

import pytest

from govmap.metrics.common import cited
from govmap.metrics.evidence import evidence_rows
from govmap.model import vocab
from govmap.model.landscape import Landscape
from govmap.model.load import load
from govmap.report import Report, build_report

DAYS = (dt.date(2017, 6, 30), dt.date.today())
CHAINS = ("no-democratic-route", "no-scrutiny", "too-many-masters", "long-line-of-sight",
          "reporting-cycle")


@cache
def report(on: dt.date) -> Report:
    return build_report(load(), on)


@cache
def view(on: dt.date) -> Landscape:
    return load().as_at(on)


@pytest.mark.parametrize("on", DAYS, ids=str)
def test_each_step_of_a_chain_is_a_real_upward_line_with_its_source(on: dt.date) -> None:
    land = view(on)
    checked = 0
    for finding in report(on).findings:
        if finding.code not in CHAINS:
            continue
        path = finding.evidence["path"]
        assert len(finding.evidence["steps"]) == len(path)
        for step, text in zip(path, finding.evidence["steps"], strict=True):
            actor = land.actor(step["from"])
            assert actor is not None
            lines = [ln for ln in actor.reporting_lines
                     if ln.target == step["to"] and ln.type == step["type"]]
            assert lines and step["type"] in vocab.UPWARD_LINE_TYPES
            upward = [ln for ln in actor.reporting_lines if ln.target == step["to"]
                      and ln.type in vocab.UPWARD_LINE_TYPES]
            assert step["source"] == cited(s for ln in upward for s in ln.sources)
            assert text.startswith(f"{step['from_name']} {step['line']} {step['to_name']} (")
            checked += 1
        if finding.code == "no-democratic-route":
            # the walk starts at the body and says where and why it stops
            assert not path or path[0]["from"] == finding.subjects[0]
            assert finding.evidence["stops"]
    assert checked > 0


@pytest.mark.parametrize("on", DAYS, ids=str)
def test_a_body_with_no_upward_line_says_so_in_its_stop(on: dt.date) -> None:
    for finding in report(on).findings:
        if finding.code == "no-upward-line":
            [stop] = finding.evidence["stops"]
            assert "is accountable to, reports to and is a sub-group of nobody" in stop


def test_a_likely_duplicate_carries_its_three_shares_and_what_is_shared() -> None:
    found = [f for on in DAYS for f in report(on).findings if f.code == "likely-duplicate"]
    assert found
    for finding in found:
        e = finding.evidence
        assert e["score"] == pytest.approx(
            e["theme_jaccard"] * e["area_jaccard"] * e["member_jaccard"])
        assert e["shared_themes"] and e["shared_area_names"] and e["shared_member_names"]
        rows = dict(evidence_rows(e))
        assert rows["Members in common"].endswith("%")
        assert rows["Score"] == f"{e['score']:.2f}"


@pytest.mark.parametrize("on", DAYS, ids=str)
def test_duty_findings_name_the_unit_the_required_members_and_who_is_missing(
        on: dt.date) -> None:
    land = view(on)
    for finding in report(on).findings:
        e = finding.evidence
        if finding.code in ("duty-gap", "weaker-footing"):
            duty = land.duties[e["duty"]]
            assert len(e["required_members"]) == len(duty.required_members)
        if finding.code == "weaker-footing":
            assert e["unit_names"] and e["missing"]
            kinds = {k.split(" (")[0] for k in e["missing"]}
            assert kinds <= set(e["required_members"])
        if finding.code in ("duty-gap", "duty-duplication"):
            assert e["unit_name"] == land.name_of(e["unit"])


@pytest.mark.parametrize("on", DAYS, ids=str)
def test_evidence_is_one_row_per_item(on: dt.date) -> None:
    # 'Shared members' and 'Shared member', 'Bodies' and 'Body' were shown side by side
    for finding in report(on).findings:
        rows = evidence_rows(finding.evidence, report(on).names)
        heads = Counter(h for h, _ in rows if h != "Where it stops")
        assert max(heads.values(), default=1) == 1, (finding.code, heads)
        folded = {h.lower().rstrip("s") for h in heads}
        assert len(folded) == len(heads), (finding.code, sorted(heads))


def test_a_name_with_an_underscore_is_shown_as_written() -> None:
    from govmap.metrics.evidence import display_value

    names = {"org-x": "my_org Ltd"}
    assert display_value(["org-x"], "members", names) == "my_org Ltd"
    assert display_value("unit_of_work and community_safety", "notes") == \
        "unit_of_work and community safety"
