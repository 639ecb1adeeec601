"""A file listing too many entities is refused on the event stream, before it is built.

Issue 21: ``areas: [{},{},...]`` in 19 MB was built in full (239 s, 7.7 GB) before the
landscape's 500,000-entity limit refused it. The reader now counts the items of the entity
sections as it parses and stops just past the limit. The limit is lowered here so the
files stay small; the check is the same.
"""

from __future__ import annotations

import pytest

from govmap.model import reader
from govmap.model.load import check_bytes
from govmap.model.reader import read_bytes

LIMIT = 1_000


@pytest.fixture(autouse=True)
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_ENTITIES", LIMIT)


def test_a_block_list_past_the_limit_is_refused_where_it_passes() -> None:
    raw = b"schema_version: 1\nareas:\n" + b"  - {}\n" * (LIMIT + 50)
    result = read_bytes(raw, "many.yaml")
    assert result.data is None
    [problem] = result.problems
    assert problem.location.file == "many.yaml"
    assert problem.location.line == 3 + LIMIT  # the first item past the limit
    assert f"more than {LIMIT:,} entities" in problem.message
    assert "split it into separate landscapes" in problem.message


def test_a_flow_list_past_the_limit_is_refused() -> None:
    raw = b"bodies: [" + b"{}," * (LIMIT * 2) + b"{}]\n"
    result = read_bytes(raw, "flow.yaml")
    assert result.data is None and "entities" in result.problems[0].message
    assert result.problems[0].location.line == 1


def test_items_are_counted_over_all_sections_and_only_there() -> None:
    half = LIMIT // 2 + 1
    raw = (b"areas:\n" + b"  - {id: x}\n" * half + b"duties:\n" + b"  - {id: y}\n" * half)
    assert "entities" in read_bytes(raw, "two.yaml").problems[0].message
    # lists elsewhere (inside an entity, or under another key) are not entities
    raw = b"areas:\n  - id: x\n    sources: [" + b"a," * (LIMIT * 2) + b"a]\n"
    assert not any("entities" in p.message for p in read_bytes(raw, "one.yaml").problems)


def test_up_to_the_limit_is_read() -> None:
    raw = b"areas:\n" + b"  - {}\n" * LIMIT
    result = read_bytes(raw, "full.yaml")
    assert not result.problems and len(result.data["areas"]) == LIMIT


def test_an_upload_gets_the_same_located_refusal() -> None:
    raw = b"areas:\n" + b"  - {}\n" * (LIMIT + 1)
    result = check_bytes([("upload.yaml", raw)])
    assert result.landscape is None
    assert [str(p) for p in result.errors] == [
        f"upload.yaml:{2 + LIMIT}:5: error: the file lists more than {LIMIT:,} entities; "
        f"govmap reads at most {LIMIT:,} in a landscape: split it into separate landscapes"]
