"""Small helpers the metrics share: Jaccard indices, names, and the shape of a table row."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from govmap.model.landscape import Landscape

#: A table row: a flat dict whose values are scalars or lists of strings.
Row = dict[str, Any]


def jaccard(a: Collection[Any], b: Collection[Any]) -> float:
    """The Jaccard index ``|a ∩ b| / |a ∪ b|`` of two sets; 0.0 when both are empty.

    Examples
    --------
    >>> jaccard({"x", "y"}, {"y", "z"})
    0.3333333333333333
    >>> jaccard(set(), set())
    0.0
    """
    sa, sb = set(a), set(b)
    union = len(sa | sb)
    return len(sa & sb) / union if union else 0.0


def names(landscape: Landscape, ids: Iterable[str]) -> list[str]:
    """The display names of some ids, in the same order."""
    return [landscape.name_of(i) for i in ids]


def sorted_by_name(landscape: Landscape, ids: Iterable[str]) -> list[str]:
    """Ids sorted by their display name (then id), so lists read alphabetically."""
    return sorted(ids, key=lambda i: (landscape.name_of(i).lower(), i))


def and_list(words: Iterable[str], limit: int = 6) -> str:
    """``"A, B and C"``; beyond ``limit`` items, ``"A, B, ... and 4 others"``.

    Examples
    --------
    >>> and_list(["Cardiff", "Newport", "Vale of Glamorgan"])
    'Cardiff, Newport and Vale of Glamorgan'
    >>> and_list(["a", "b", "c", "d"], limit=2)
    'a, b and 2 others'
    """
    items = list(words)
    if not items:
        return "none"
    if len(items) > limit:
        rest = len(items) - limit
        return f"{', '.join(items[:limit])} and {rest} other{'s' if rest > 1 else ''}"
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``"1 body"``, ``"3 bodies"``."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {many or word + 's'}"


#: Vocabulary terms whose plain-words form is not just the term with spaces.
_LABELS = {
    "well_being": "well-being", "vawdasv": "VAWDASV", "cctv": "CCTV",
    "anti_social_behaviour": "anti-social behaviour", "sub_local": "sub-local",
    "co_opted": "co-opted", "psb_area": "PSB area", "vawdasv_region": "VAWDASV region",
}


def label(term: str) -> str:
    """A vocabulary term as words: ``community_safety`` -> ``community safety``.

    Examples
    --------
    >>> label("anti_social_behaviour")
    'anti-social behaviour'
    """
    return _LABELS.get(term, term.replace("_", " "))
