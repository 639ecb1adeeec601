"""A finding's evidence as people read it: one labelled row per item, in names and words.

A finding's ``evidence`` is data for programs (ids beside names, vocabulary terms, exact
floats). :func:`evidence_rows` turns it into rows for a person: an id list is shown by the
names beside it (never both), vocabulary terms by their labels, scores to two places and
shares as whole percentages, and each step of an accountability chain on its own row with
its source. The Markdown report, the HTML report and the explorer all show these rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from govmap.metrics.common import and_list, label
from govmap.model import vocab

#: Headings of evidence fields whose words are not just the field name.
FIELD_LABELS: Mapping[str, str] = {
    "steps": "Step", "stops": "Where it stops", "reaches": "Its upward lines reach",
    "chain": "Above it", "score": "Score", "theme_jaccard": "Themes in common",
    "area_jaccard": "Areas in common", "member_jaccard": "Members in common",
    "shared_themes": "Shared themes", "shared_areas": "Shared areas",
    "shared_members": "Shared members", "required_members": "Members the law requires",
    "missing": "Missing", "units": "Units", "unit": "Unit", "duty": "Duty", "law": "Law",
    "body": "Body", "bodies": "Bodies", "partial": "Covering only part of it",
    "from_side": "From", "to_side": "To", "type": "Line", "kind": "Kind", "level": "Level",
    "theme": "Theme", "themes": "Themes", "families": "Families", "where": "Where",
    "areas": "Areas", "depth": "Steps to national level", "route": "Route",
    "cycle": "Circle", "only_a": "Areas only in the first",
    "only_b": "Areas only in the second", "jaccard": "Areas in common",
    "source": "Source", "parent": "Parent", "parent_ended": "Parent ended",
    "accountable_to": "Accountable to", "footprints": "Footprints",
    "cuts_across": "Member footprints it cuts across", "members": "Members whose area it splits",
    "footprint": "Its footprint",
}

#: Fields whose values are vocabulary terms (shown by their labels).
VOCABULARY_FIELDS = frozenset({"theme", "themes", "shared_themes", "level", "kind", "type",
                               "families", "from_side", "to_side"})
#: Fields that are shares (0 to 1), shown as whole percentages.
SHARE_FIELDS = frozenset({"theme_jaccard", "area_jaccard", "member_jaccard", "jaccard",
                          "population_jaccard", "share", "betweenness"})
#: Fields for programs only: the readable form is in another field.
HIDDEN_FIELDS = frozenset({"path", "reaches_count"})
#: Fields whose list is a sequence (a route), shown with arrows.
ROUTE_FIELDS = frozenset({"route", "cycle"})



def _twins(field: str) -> list[str]:
    """Names fields that may stand beside an id field: ``bodies`` -> ``body_names``."""
    stems = {field, field.removesuffix("s")}
    if field.endswith("ies"):
        stems.add(field[:-3] + "y")
    return [f"{stem}_{suffix}" for stem in stems for suffix in ("names", "name")]


def heading(field: str) -> str:
    """The heading of an evidence field: ``shared_members`` -> ``Shared members``."""
    if field in FIELD_LABELS:
        return FIELD_LABELS[field]
    words = field.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def display_value(value: Any, field: str = "", names: Mapping[str, str] | None = None) -> str:
    """One value as a person reads it: a name for an id, a label for a vocabulary term
    (also inside text such as ``"community_safety: 5"``), a share as a whole percentage,
    any other float to two places, a list joined in words.

    Examples
    --------
    >>> display_value(0.9565217391304348, "score")
    '0.96'
    >>> display_value(0.013, "betweenness")
    '1%'
    >>> display_value(["well_being: 3", "sub_local"], "themes")
    'well-being: 3 and sub-local'
    """
    if value is None:
        return "–"
    if isinstance(value, list | tuple):
        return _words(value, field, names or {}) if value else "–"
    return _word(value, field, names or {})


_TERM_IN_TEXT = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
_VOCABULARY: frozenset[str] = frozenset(
    term for table in (vocab.FOOTPRINT_FAMILIES, vocab.ORGANISATION_KINDS, vocab.BODY_KINDS,
                       vocab.LEVELS, vocab.ROLES, vocab.LINE_TYPES, vocab.THEMES)
    for term in table if "_" in term)


def _word(value: Any, field: str, names: Mapping[str, str]) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if field in SHARE_FIELDS:
            return f"{value:.0%}"
        return f"{value:.2f}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text in names:
        return names[text]
    if field in VOCABULARY_FIELDS and text.isidentifier():
        return label(text)
    if text in _VOCABULARY:
        return label(text)
    if field.endswith(("_name", "_names")):
        return text
    # a term inside text ("community_safety: 5"): only known vocabulary terms, so a name
    # that happens to contain an underscore is left as written
    return _TERM_IN_TEXT.sub(
        lambda m: label(m.group(0)) if m.group(0) in _VOCABULARY else m.group(0), text)


def _words(values: Sequence[Any], field: str, names: Mapping[str, str]) -> str:
    shown = [_word(v, field, names) for v in values]
    if field in ROUTE_FIELDS:
        return " → ".join(shown)
    return and_list(shown, limit=12)


def evidence_rows(evidence: Mapping[str, Any], names: Mapping[str, str] | None = None,
                  only: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """A finding's evidence as ``(heading, text)`` rows for people.

    Parameters
    ----------
    evidence : mapping
        ``Finding.evidence``.
    names : mapping, optional
        Names of ids the evidence does not name itself (``Report.names``).
    only : fields, optional
        Show only these fields (in this order); all by default.

    Notes
    -----
    One row per item: an id field and its ``*_name``/``*_names`` twin make one row (the
    names); ``steps`` and ``stops`` give one row per step; empty lists and program-only
    fields (``path``, ``reaches_count``) give none.

    Examples
    --------
    >>> evidence_rows({"bodies": ["a"], "body_names": ["A board"], "score": 0.5652,
    ...                "member_jaccard": 0.75, "theme": "well_being"},
    ...               )  # doctest: +NORMALIZE_WHITESPACE
    [('Bodies', 'A board'), ('Score', '0.57'), ('Members in common', '75%'),
     ('Theme', 'well-being')]
    """
    known = names or {}
    consumed: set[str] = set()
    fields = list(only) if only is not None else list(evidence)
    rows: list[tuple[str, str]] = []
    for field in fields:
        if field in consumed or field in HIDDEN_FIELDS or field not in evidence:
            continue
        twin = next((t for t in _twins(field) if t in evidence), None)
        value = evidence[twin] if twin is not None else evidence[field]
        if twin is not None:
            consumed.add(twin)
        elif field.endswith(("_names", "_name")) and only is None:
            base = field.removesuffix("_names").removesuffix("_name")
            if any(f in evidence for f in (base, base + "s", base + "es")):
                continue  # shown with its id field
            field = base
        if field in ("steps", "stops") and isinstance(value, list | tuple):
            rows += [(heading(field) if field == "stops" else f"Step {i}", str(v))
                     for i, v in enumerate(value, start=1)]
            continue
        if isinstance(value, list | tuple):
            if not value:
                continue
            rows.append((heading(field), _words(value, field, known)))
        elif isinstance(value, Mapping):
            continue
        elif value is not None and value != "":
            rows.append((heading(field), _word(value, field, known)))
    return rows


def _listed(values: Sequence[Any], field: str, names: Mapping[str, str], limit: int) -> str:
    return and_list([_word(v, field, names) for v in values], limit=limit)


@dataclass(frozen=True)
class ChangedValue:
    """One item of a finding's evidence that a change altered, in words.

    ``before`` and ``after`` are the values as people read them (names, labels, rounded
    numbers; a list by its length, with ``detail`` naming what came and went).
    """

    heading: str
    before: str
    after: str
    detail: str = ""
    counted: bool = True

    def phrase(self) -> str:
        """``"Bodies: 2 → 1 (gone: B)"``: the change as one phrase."""
        what = f"{self.heading}: {self.before} → {self.after}" if self.counted \
            else f"{self.heading}s"
        return f"{what} ({self.detail})" if self.detail else what


def change_values(changes: Iterable[tuple[str, Any, Any]], before: Mapping[str, Any],
                  after: Mapping[str, Any], names: Mapping[str, str] | None = None,
                  limit: int = 4) -> list[ChangedValue]:
    """What changed in a finding's evidence, item by item, with its value before and after.

    Parameters
    ----------
    changes : (field, before, after) triples
        ``FindingChange.changes`` of :mod:`govmap.scenario.deltas`.
    before, after : mappings
        The finding's evidence on each side (names are taken from the ``*_names`` twins).
    names : mapping, optional
        Names of ids the evidence does not name itself.
    limit : int
        Names listed in ``detail`` before "and N others".

    Returns
    -------
    list of ChangedValue
        One per item people can see: an id field and its names twin make one item;
        fields for programs only (``path``) are left out.

    Examples
    --------
    >>> [v.phrase() for v in change_values(
    ...     [("bodies", ("a", "b"), ("a",)), ("body_names", ("A", "B"), ("A",)),
    ...      ("score", 0.61234, 0.5), ("severity", "medium", "low")],
    ...     {"body_names": ["A", "B"]}, {"body_names": ["A"]})]
    ['Bodies: 2 → 1 (gone: B)', 'Score: 0.61 → 0.50', 'Severity: medium → low']
    """
    known = names or {}
    triples = list(changes)
    fields = {f for f, _, _ in triples}
    out: list[ChangedValue] = []
    for field, was, now in triples:
        if field in HIDDEN_FIELDS or field == "path":
            continue
        if field.endswith(("_names", "_name")):
            base = field.removesuffix("_names").removesuffix("_name")
            if any(f in fields for f in (base, base + "s", base + "es")) or \
                    (base.endswith("y") and base[:-1] + "ies" in fields):
                continue
            field = base
        twin = next((t for t in _twins(field) if t in before or t in after), None)
        if twin is not None:
            was, now = before.get(twin, was), after.get(twin, now)
        head = heading(field)
        if isinstance(was, list | tuple) or isinstance(now, list | tuple):
            old, new = list(was or ()), list(now or ())
            gone = [v for v in old if v not in new]
            came = [v for v in new if v not in old]
            detail = [f"new: {_listed(came, field, known, limit)}"] if came else []
            detail += [f"gone: {_listed(gone, field, known, limit)}"] if gone else []
            out.append(ChangedValue(head, str(len(old)), str(len(new)), "; ".join(detail),
                                    counted=field not in ("steps", "stops")))
        else:
            shown = [_word(v, field, known) if v is not None else "none" for v in (was, now)]
            out.append(ChangedValue(head, shown[0], shown[1]))
    return out


def change_rows(changes: Iterable[tuple[str, Any, Any]], before: Mapping[str, Any],
                after: Mapping[str, Any], names: Mapping[str, str] | None = None,
                limit: int = 4) -> list[str]:
    """What changed in a finding's evidence, in words: one phrase per item
    (:meth:`ChangedValue.phrase` of :func:`change_values`).

    Examples
    --------
    >>> change_rows([("bodies", ("a", "b"), ("a",)), ("body_names", ("A", "B"), ("A",)),
    ...              ("footprints", 2, 1)],
    ...             {"body_names": ["A", "B"]}, {"body_names": ["A"]})
    ['Bodies: 2 → 1 (gone: B)', 'Footprints: 2 → 1']
    """
    return [value.phrase() for value in change_values(changes, before, after, names, limit)]
