"""Small helpers the metrics share: Jaccard indices, names, and the shape of a table row."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable
from typing import Any, Generic, TypeVar

from govmap.model.collector import paused
from govmap.model.landscape import Landscape

#: A table row: a flat dict whose values are scalars or lists of strings.
Row = dict[str, Any]

T = TypeVar("T")


#: Pause Python's cycle collector while building large tables: the metrics allocate
#: hundreds of thousands of small rows, none of which form reference cycles, and the
#: collector would otherwise rescan them over and over (at ten thousand bodies it took
#: three quarters of the time). The same counted pause as loading
#: (:func:`govmap.model.collector.paused`): the collector is turned back on when the last
#: pause ends, if a pause turned it off. Use as ``with paused_gc():`` or ``@paused_gc()``.
paused_gc = paused


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


class Namer:
    """Names and name order of every entity of a landscape, looked up in one dict.

    :meth:`Landscape.name_of` searches five tables; the metrics name millions of things
    at scale, so they share one index per landscape (see :func:`namer`).
    """

    def __init__(self, landscape: Landscape) -> None:
        self.names: dict[str, str] = {}
        for table in (landscape.duties, landscape.areas, landscape.footprints,
                      landscape.organisations, landscape.bodies):
            self.names.update((key, value.name) for key, value in table.items())
        self.keys: dict[str, tuple[str, str]] = {
            key: (name.lower(), key) for key, name in self.names.items()}

    def name(self, entity_id: str) -> str:
        return self.names.get(entity_id, entity_id)

    def key(self, entity_id: str) -> tuple[str, str]:
        return self.keys.get(entity_id) or (entity_id.lower(), entity_id)


class per_landscape(Generic[T]):
    """Decorate a function of a landscape alone so that its result is worked out once per
    landscape and kept for the last few (a landscape is immutable, so the result never
    goes stale). Callers share the result and must not change it. ``cache_clear()``
    forgets every kept result."""

    def __init__(self, function: Callable[[Landscape], T]) -> None:
        self.function = function
        self.kept: list[tuple[Landscape, T]] = []
        functools.update_wrapper(self, function)

    def __call__(self, landscape: Landscape) -> T:
        for known, value in self.kept:
            if known is landscape:
                return value
        value = self.function(landscape)
        self.kept.insert(0, (landscape, value))
        del self.kept[4:]
        return value

    def cache_clear(self) -> None:
        self.kept.clear()


@per_landscape
def namer(landscape: Landscape) -> Namer:
    """The :class:`Namer` of a landscape, built once and kept for the last few landscapes
    (a landscape is immutable, so its names never change)."""
    return Namer(landscape)


_EMPTY: frozenset[str] = frozenset()


@per_landscape
def area_sets(landscape: Landscape) -> dict[str, frozenset[str]]:
    """Footprint id -> the areas it covers, as one frozenset per footprint built once per
    landscape and kept for the last few (``Landscape.footprint_areas`` builds a new set on
    every call, and the metrics ask about a million times at 10,000 bodies)."""
    return {fid: frozenset(f.areas) for fid, f in landscape.footprints.items()}


def footprint_areas(landscape: Landscape, footprint_id: str | None) -> frozenset[str]:
    """The areas of a footprint (empty when unknown), as ``Landscape.footprint_areas``."""
    if footprint_id is None:
        return _EMPTY
    return area_sets(landscape).get(footprint_id, _EMPTY)


def body_areas(landscape: Landscape, body_id: str) -> frozenset[str]:
    """The areas a body covers through its footprint, as ``Landscape.body_areas``."""
    return area_sets(landscape).get(landscape.bodies[body_id].footprint, _EMPTY)


def names(landscape: Landscape, ids: Iterable[str]) -> list[str]:
    """The display names of some ids, in the same order."""
    index = namer(landscape)
    return [index.name(i) for i in ids]


def sorted_by_name(landscape: Landscape, ids: Iterable[str]) -> list[str]:
    """Ids sorted by their display name (then id), so lists read alphabetically."""
    return sorted(ids, key=namer(landscape).key)


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


#: Short titles of the seed documents (``shared/seeds/README.md`` beside the checkout), for
#: citations.
SEED_TITLES: dict[str, str] = {
    "000_1f25f7e8d8b8c0d6.txt": "Edwards & Hughes, The role of the Community Safety Officer "
    "within Wales (2007)",
    "001_3c8194f91326f886.txt": "Rogers & Thomas, Working Together for Safer Communities "
    "(CSP) Review (2017)",
    "002_738c132f14a763ef.txt": "Wales Safer Communities Network, workforce survey (2021)",
    "003_f4e173a7d082958a.txt": "OPM for IDeA, Community safety capacity (2009)",
    "004_1052c6d804dc056a.txt": "Welsh Government, Working Together for Safer Communities "
    "(2017)",
}


def citation(source: str) -> str:
    """A source reference as a reader would quote it.

    Examples
    --------
    >>> citation("004_1052c6d804dc056a.txt:L3083-3085")
    'Welsh Government, Working Together for Safer Communities (2017), lines 3083–3085'
    >>> citation("public:Crime and Disorder Act 1998 s39")
    'Crime and Disorder Act 1998 s39'
    >>> citation("public:govmap reference sheet wales-structures.md")
    'the govmap reference sheet on Welsh structures'
    """
    if source.startswith("public:"):
        text = source.removeprefix("public:").strip()
        if text.startswith("govmap reference sheet"):
            return "the govmap reference sheet on Welsh structures"
        return text
    document, _, lines = source.partition(":L")
    title = SEED_TITLES.get(document, document)
    if not lines:
        return title
    first, _, last = lines.partition("-")
    last = last.removeprefix("L")
    return f"{title}, line {first}" if not last else f"{title}, lines {first}–{last}"


def cited(sources: Iterable[str]) -> str:
    """Several sources as one citation: ``"A; B"`` (``"no source recorded"`` if none)."""
    shown = list(dict.fromkeys(citation(s) for s in sources))
    return "; ".join(shown) if shown else "no source recorded"
