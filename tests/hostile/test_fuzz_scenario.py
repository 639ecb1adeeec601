"""Property-based fuzzing of scenarios: random operation lists on a real landscape.

Operations are drawn from every operation type with ids that mostly exist (so operations
really apply) and sometimes do not (so errors are exercised), in random order. Whatever
comes out is either a valid landscape (no dangling reference, and it survives a canonical
JSON round trip through the loader) or a list of problems located in the scenario file,
with nothing applied.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govmap.export.canonical import to_json
from govmap.model import vocab
from govmap.model.landscape import Landscape
from govmap.model.load import check_bytes, load
from govmap.scenario.apply import dangling_references, run
from govmap.scenario.format import scenario_from_text

from ..conftest import MINI

LANDSCAPE: Landscape = load([MINI])
DATE = "2017-06-01"
VIEW = LANDSCAPE.as_at(dt.date(2017, 6, 1))
BODIES = [*VIEW.bodies, "no-such-body"]
ORGS = [*VIEW.organisations, "no-such-org"]
ACTORS = BODIES + ORGS
FOOTPRINTS = [*VIEW.footprints, "no-such-footprint"]
DUTIES = [*VIEW.duties, "no-such-duty"]

body_ids = st.sampled_from(BODIES)
operations = st.one_of(
    st.builds(lambda bs, into: {"op": "merge", "bodies": bs, **({"into": into} if into else {})},
              st.lists(body_ids, min_size=2, max_size=3),
              st.one_of(st.none(), st.sampled_from(["merged-1", *BODIES]))),
    st.builds(lambda b, to: {"op": "dissolve", "body": b, **({"to": to} if to else {})},
              body_ids, st.one_of(st.none(), body_ids)),
    st.builds(lambda k, f: {"op": "regionalise", "kind": k, "family": f},
              st.sampled_from(["community_safety_partnership", "public_services_board"]),
              st.sampled_from(["police_force_area", "health_board_area", "nation"])),
    st.builds(lambda d, a, b: {"op": "transfer_duty", "duty": d, "from": a, "to": b},
              st.sampled_from(DUTIES), body_ids, body_ids),
    st.builds(lambda b: {"op": "remove_body", "body": b}, body_ids),
    st.builds(lambda b, o, r: {"op": "add_member", "body": b, "organisation": o, "role": r},
              body_ids, st.sampled_from(ORGS), st.sampled_from(list(vocab.ROLES))),
    st.builds(lambda b, o: {"op": "remove_member", "body": b, "organisation": o},
              body_ids, st.sampled_from(ORGS)),
    st.builds(lambda b, o, r: {"op": "set_role", "body": b, "organisation": o, "role": r},
              body_ids, st.sampled_from(ORGS), st.sampled_from(list(vocab.ROLES))),
    st.builds(lambda b, t: {"op": "move_line", "body": b, "to": t},
              body_ids, st.sampled_from(ACTORS)),
    st.builds(lambda b, t, k: {"op": "add_line", "body": b, "to": t, "type": k},
              body_ids, st.sampled_from(ACTORS), st.sampled_from(list(vocab.LINE_TYPES))),
    st.builds(lambda b, t: {"op": "remove_line", "body": b, "to": t},
              body_ids, st.sampled_from(ACTORS)),
    st.builds(lambda b, f: {"op": "set_footprint", "body": b, "footprint": f},
              body_ids, st.sampled_from(FOOTPRINTS)),
    st.builds(lambda i: {"op": "add_body", "body": {
        "id": i, "name": "New board", "kind": "advisory_board", "level": "regional",
        "footprint": "wales"}}, st.sampled_from(["new-board", *BODIES])),
)


def _scenario_text(ops: list[dict[str, Any]]) -> str:
    return yaml.safe_dump({"name": "Fuzz", "description": "random operations", "date": DATE,
                           "sources": ["public:fuzz"], "operations": ops}, sort_keys=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, min_size=1, max_size=6))
def test_random_operations_give_a_valid_landscape_or_located_errors(
        ops: list[dict[str, Any]]) -> None:
    scenario, problems = scenario_from_text(_scenario_text(ops), "fuzz.yaml")
    if scenario is None:
        assert problems and all(p.location.file == "fuzz.yaml" for p in problems)
        return
    after, problems = run(LANDSCAPE, scenario)
    if after is None:
        assert problems
        for problem in problems:
            assert problem.location.file == "fuzz.yaml" and problem.location.line > 0
            assert problem.message.startswith("operation ")
        return
    assert dangling_references(after) == []
    reloaded = check_bytes([("after.json", to_json(after).encode("utf-8"))])
    assert reloaded.ok, [str(p) for p in reloaded.problems[:3]]
    assert reloaded.landscape == after
