"""How sure the landscape is: facts counted by their confidence and by their dates'.

A fact can be stated by a source while its start date is only inferred (a board the review
names, whose start month nobody gives): ``dates_confidence`` says so, and defaults to the
fact's own ``confidence``. :func:`fact_confidence` cross-tabulates the two.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from govmap.metrics.common import Row
from govmap.model import vocab
from govmap.model.entities import Provenance
from govmap.model.landscape import Landscape

#: What a fact with no confidence is counted as.
UNSTATED = "none given"

#: The parts of an entity that are facts of their own (dated required members only).
_PARTS = ("members", "reporting_lines", "discharges", "chairs", "names", "required_members")


def facts(landscape: Landscape) -> Iterator[Provenance]:
    """Every sourced fact: entities, memberships, reporting lines, duty assignments,
    chairs, dated names, dated required members and arrangements."""
    # which of _PARTS each kind of entity has, found once per kind (asking an entity for a
    # field it lacks costs pydantic an exception)
    parts: dict[type, tuple[str, ...]] = {}
    for entity in landscape.entities():
        yield entity
        kind = type(entity)
        if kind not in parts:
            parts[kind] = tuple(name for name in _PARTS if hasattr(entity, name))
        for name in parts[kind]:
            if name == "required_members":
                for rule in entity.required_members:  # type: ignore[union-attr]
                    if rule.start_date or rule.end_date:
                        yield rule
            else:
                yield from getattr(entity, name)
    yield from landscape.arrangements.values()


def fact_confidence(landscape: Landscape) -> list[Row]:
    """Facts by confidence, and how sure their dates are.

    Returns
    -------
    list of dict
        One row per confidence (``stated``, ``derived``, ``inferred``,
        ``general-knowledge``, then ``none given``), rows with no facts left out:
        ``confidence``, ``facts``, ``undated`` (facts with neither date), and for the
        dated ones ``dates_stated``, ``dates_derived``, ``dates_inferred``,
        ``dates_general_knowledge`` and ``dates_none_given`` (by ``dates_confidence``,
        which defaults to the fact's own confidence).

    Examples
    --------
    A board stated by the review, whose start month is inferred, counts under
    ``stated`` in ``dates_inferred``.
    """
    terms = [*vocab.CONFIDENCE, UNSTATED]
    # (confidence, column) counted in one pass, then spread over the table
    counted = Counter(
        (fact.confidence or UNSTATED,
         "undated" if fact.start_date is None and fact.end_date is None
         else "dates_" + (fact.date_confidence or UNSTATED))
        for fact in facts(landscape))
    table: dict[str, Counter[str]] = {t: Counter() for t in terms}
    for (confidence, column), count in counted.items():
        counter = table[confidence]
        counter["facts"] += count
        counter[column] += count
    out: list[Row] = []
    for term in terms:
        counts = table[term]
        if not counts["facts"]:
            continue
        row: Row = {"confidence": term, "facts": counts["facts"], "undated": counts["undated"]}
        for other in terms:
            row[_column(other)] = counts["dates_" + other]
        out.append(row)
    return out


def _column(term: str) -> str:
    return "dates_" + term.replace("-", "_").replace(" ", "_")
