"""Property-based fuzzing of the loader: any document gives a landscape or located errors.

Documents are built from the real keys and vocabularies mixed with junk, so that the
generator reaches deep into validation instead of failing at the first key.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govmap.model import vocab
from govmap.model.load import SECTIONS, check_bytes
from govmap.model.problems import Problem

KEYS = sorted({key for model in SECTIONS.values() for key in model.model_fields}
              | {"organisation", "role", "target", "type", "duty", "act", "section"})
TERMS = sorted({*vocab.BODY_KINDS, *vocab.ORGANISATION_KINDS, *vocab.FOOTPRINT_FAMILIES,
                *vocab.LEVELS, *vocab.ROLES, *vocab.LINE_TYPES, *vocab.THEMES,
                *vocab.CONFIDENCE})
IDS = ["a", "b", "c", "W1", "W2", "la-a", "fp-b"]

scalars = st.one_of(
    st.sampled_from(IDS), st.sampled_from(TERMS), st.integers(-5, 3000), st.booleans(),
    st.none(), st.text(max_size=12), st.sampled_from(["2016", "2016-04-01", "2016-13-45"]),
    st.dates().map(str),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
    ),
    max_leaves=25,
)
entities = st.dictionaries(st.sampled_from(KEYS), values, max_size=10)
documents = st.dictionaries(
    st.sampled_from([*SECTIONS, "schema_version", "junk"]),
    st.one_of(st.lists(entities, max_size=5), values),
    max_size=6,
)


def _check(document: Any) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    result = check_bytes([("fuzz.yaml", text.encode("utf-8"))])
    if result.landscape is None:
        assert result.errors, "an invalid landscape must come with at least one error"
    for problem in result.problems:
        assert isinstance(problem, Problem)
        assert problem.location.file == "fuzz.yaml"
        assert problem.message and "Traceback" not in problem.message
    if result.landscape is not None:  # a valid landscape must be self-consistent
        landscape = result.landscape
        for body in landscape.bodies.values():
            assert body.footprint in landscape.footprints
            for member in body.members:
                assert member.organisation in landscape.organisations


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_documents_load_or_fail_with_located_errors(document: Any) -> None:
    _check(document)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(raw: bytes) -> None:
    result = check_bytes([("fuzz.yaml", raw)])
    assert result.landscape is not None or result.errors
