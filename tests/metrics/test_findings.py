"""The order of findings and the circle test of upward lines, against their definitions."""

from __future__ import annotations

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from govmap.metrics.accountability import _acyclic
from govmap.metrics.findings import CODES, SEVERITIES, Finding, sort_findings

_IDS = st.sampled_from(["a", "b", "c", "d"])
_FINDINGS = st.lists(st.builds(
    Finding, code=st.sampled_from(sorted(CODES)[:4]), severity=st.sampled_from(SEVERITIES),
    subjects=st.lists(_IDS, max_size=3).map(tuple), message=st.sampled_from(["x", "y"])),
    max_size=40)


@given(_FINDINGS)
def test_findings_are_sorted_most_severe_then_by_code_and_subjects(found: list[Finding]
                                                                   ) -> None:
    # equal keys keep their order (messages tell them apart): the report's order is stable
    assert sort_findings(found) == sorted(found, key=Finding.sort_key)


@given(st.lists(st.tuples(_IDS, _IDS), max_size=8))
def test_upward_lines_go_round_in_a_circle_as_networkx_finds(edges: list[tuple[str, str]]
                                                             ) -> None:
    graph = nx.DiGraph(edges)
    graph.add_nodes_from("abcd")
    ups = {node: dict.fromkeys(graph.successors(node)) for node in graph}
    assert _acyclic(ups) == nx.is_directed_acyclic_graph(graph)
