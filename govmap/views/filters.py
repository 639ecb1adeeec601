"""Which bodies and organisations a view shows.

A view is chosen in three steps, each of which a user can name on the command line
(``govmap render --level ... --kind ... --theme ... --area ... --organisation ...
--focus ID --depth N --search TEXT``) or set with the explorer's widgets:

1. **Filters** pick bodies: by level, by body kind, by theme and by the areas their
   footprint covers. An organisation filter keeps only the bodies those organisations are
   linked to (a seat, or a reporting line either way); an organisation kind does the same
   for every organisation of that kind. The organisations shown are those linked to a kept
   body, plus the organisations the organisation filter names, narrowed to the
   organisation kinds asked for (if any).
2. **Focus** keeps the neighbourhood of one body or organisation: every node within
   ``depth`` links of it, moving only through nodes the filters kept.
3. **Search** keeps the nodes whose English name, Welsh name or id contains the text.

The date of the view is not a filter: pass a dated landscape (``landscape.as_at(day)``).
Duties are not drawn as nodes; a body's duties are listed in its details.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from govmap.model import vocab
from govmap.model.entities import Body, Organisation
from govmap.model.landscape import Landscape


@dataclass(frozen=True)
class ViewFilter:
    """What to show: every field left empty means "no restriction".

    Attributes
    ----------
    levels : frozenset of str
        Body levels to keep (``national``, ``regional``, ``local``, ``sub_local``).
    kinds : frozenset of str
        Body kinds and/or organisation kinds to keep. Body kinds narrow the bodies;
        organisation kinds narrow the organisations, and keep only the bodies an
        organisation of those kinds is linked to. A term of both vocabularies (``other``)
        counts as both.
    themes : frozenset of str
        Keep bodies with at least one of these themes.
    areas : frozenset of str
        GSS codes: keep bodies whose footprint covers at least one of these areas.
    organisations : frozenset of str
        Organisation ids: keep only the bodies these organisations are linked to (a seat
        or a reporting line), and the organisations themselves.
    focus : str or None
        A body or organisation id: keep only its neighbourhood.
    depth : int
        How many links from ``focus`` to go (1 = its direct neighbours).
    search : str
        Keep nodes whose name, Welsh name or id contains this text (any case).
    """

    levels: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    focus: str | None = None
    depth: int = 1
    search: str = ""

    def is_empty(self) -> bool:
        """True when the filter keeps everything."""
        return self == ViewFilter(depth=self.depth)


#: The filter that keeps everything.
EVERYTHING = ViewFilter()


def links(landscape: Landscape) -> dict[str, set[str]]:
    """Undirected adjacency of bodies and organisations: seats and reporting lines.

    Parameters
    ----------
    landscape : Landscape

    Returns
    -------
    dict
        Every body and organisation id mapped to the ids it is linked to (a membership
        or a reporting line in either direction). Duties are left out.

    Examples
    --------
    >>> from govmap.model.landscape import Landscape
    >>> links(Landscape())
    {}
    """
    adjacency: dict[str, set[str]] = {
        node: set() for node in [*landscape.organisations, *landscape.bodies]
    }

    def join(a: str, b: str) -> None:
        if a in adjacency and b in adjacency and a != b:
            adjacency[a].add(b)
            adjacency[b].add(a)

    for body in landscape.bodies.values():
        for member in body.members:
            join(member.member, body.id)
    actors: list[Body | Organisation] = [*landscape.organisations.values(),
                                         *landscape.bodies.values()]
    for actor in actors:
        for line in actor.reporting_lines:
            join(actor.id, line.target)
    return adjacency


def _matches(landscape: Landscape, node: str, text: str) -> bool:
    entity = landscape.actor(node)
    if entity is None:
        return False
    needle = text.casefold()
    return any(
        needle in value.casefold()
        for value in (*entity.all_names, entity.id)  # former names too
    )


def neighbourhood(adjacency: Mapping[str, set[str]], start: str, depth: int,
                  allowed: set[str] | None = None) -> set[str]:
    """Nodes within ``depth`` links of ``start``, moving only through ``allowed`` nodes.

    ``start`` itself is always included (when it exists); ``depth`` 0 gives just it.
    """
    if start not in adjacency:
        return set()
    seen = {start}
    queue: deque[tuple[str, int]] = deque([(start, 0)])
    while queue:
        node, distance = queue.popleft()
        if distance >= depth:
            continue
        for other in adjacency[node]:
            if other in seen or (allowed is not None and other not in allowed):
                continue
            seen.add(other)
            queue.append((other, distance + 1))
    return seen


def select(landscape: Landscape, view_filter: ViewFilter = EVERYTHING) -> set[str]:
    """The ids of the bodies and organisations a view shows.

    Parameters
    ----------
    landscape : Landscape
        Usually a dated view (``landscape.as_at(day)``).
    view_filter : ViewFilter
        Filters, focus and search (see the module docstring for the exact rules).

    Returns
    -------
    set of str
        Body and organisation ids to draw. Ids named in the filter that do not exist
        are ignored (the caller may warn about them).

    Examples
    --------
    >>> from govmap.model.landscape import Landscape
    >>> select(Landscape(), ViewFilter(levels=frozenset({"local"})))
    set()

    Notes
    -----
    With no filter at all every body and organisation is kept, including organisations
    without a seat anywhere. As soon as a body filter is set, only the organisations
    linked to a kept body remain.
    """
    f = view_filter
    adjacency = links(landscape)
    body_kinds = {k for k in f.kinds if k in vocab.BODY_KINDS}
    org_kinds = {k for k in f.kinds if k in vocab.ORGANISATION_KINDS}
    unknown_kinds = f.kinds - body_kinds - org_kinds
    if unknown_kinds and not (body_kinds or org_kinds):
        return set()  # only unknown kinds asked for: nothing can match
    body_filtered = bool(f.kinds or f.levels or f.themes or f.areas or f.organisations)

    bodies: set[str] = set()
    for body in landscape.bodies.values():
        if f.levels and body.level not in f.levels:
            continue
        if body_kinds and body.kind not in body_kinds:
            continue
        if f.themes and not f.themes.intersection(body.themes):
            continue
        if f.areas and not f.areas.intersection(landscape.body_areas(body.id)):
            continue
        linked = adjacency[body.id]
        if f.organisations and not f.organisations.intersection(linked):
            continue
        if org_kinds and not any(
            node in landscape.organisations and landscape.organisations[node].kind in org_kinds
            for node in linked
        ):
            continue
        bodies.add(body.id)

    if body_filtered:
        organisations = {
            node for body in bodies for node in adjacency[body] if node in landscape.organisations
        }
        organisations |= {o for o in f.organisations if o in landscape.organisations}
    else:
        organisations = set(landscape.organisations)
    if org_kinds:
        organisations = {
            o for o in organisations if landscape.organisations[o].kind in org_kinds
        }
    kept = bodies | organisations

    if f.focus is not None:
        kept = neighbourhood(adjacency, f.focus, max(f.depth, 0), kept | {f.focus})
    if f.search.strip():
        kept = {node for node in kept if _matches(landscape, node, f.search.strip())}
    return kept
