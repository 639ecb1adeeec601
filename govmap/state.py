"""The explorer's view state, and how it is written into and read back from a URL.

A view of the explorer (which data, which day, which filters, what is in focus, which
scenario, which page) is a :class:`ViewState`. :func:`encode` turns it into query-string
parameters and :func:`decode` reads them back, so a link copied from the address bar opens
the same view on another machine. Both are pure functions: the explorer calls them, and the
tests check that ``decode(encode(state)) == state`` for any state.

The parameters are short and readable, because people paste these links into emails::

    /network?date=2016-04-01&level=local,regional&theme=community_safety&focus=csp-cardiff

Only values that differ from the defaults are written. Lists are comma-separated (ids never
contain a comma) and sorted, so one view has exactly one URL. :func:`decode` never raises:
a value it cannot read is dropped with a plain-English notice, and the rest of the link
still works. Parameters it does not know (Streamlit's own ``embed``, say) are ignored.

References
----------
The habit is datasette's: every view is reachable by URL so that it can be shared.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import shlex
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

#: The pages of the explorer, in navigation order (the URL path of each).
PAGES: tuple[str, ...] = (
    "network", "map", "duplication", "accountability", "duties", "scenarios", "data", "edit",
    "help",
)

#: What a tile on the map can be coloured by (``govmap.views.tiles.MEASURES``).
MEASURES: tuple[str, ...] = ("bodies", "duplicated-themes", "complexity", "duty-gaps")

#: How nodes of the network can be sized (``govmap.views.network.SIZE_BY``).
SIZE_BY: tuple[str, ...] = ("seats", "betweenness", "findings", "population", "none")

#: How the network can be grouped (``govmap.views.grouping.GROUP_BY``).
GROUP_BY: tuple[str, ...] = ("kind", "footprint")

#: The dataset a link means when it names none: the embedded Wales data.
EMBEDDED = "embedded"

MIN_DEPTH, MAX_DEPTH = 1, 5
MAX_SEARCH = 200
MAX_ITEMS = 500

_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_DATASET = re.compile(r"^(embedded|upload-[0-9a-f]{8,64})$")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})

# Query-string key of each field, in the order they are written.
KEYS: Mapping[str, str] = {
    "dataset": "data",
    "as_at": "date",
    "levels": "level",
    "kinds": "kind",
    "themes": "theme",
    "areas": "area",
    "organisations": "org",
    "focus": "focus",
    "depth": "depth",
    "search": "q",
    "size_by": "size",
    "physics": "physics",
    "presenter": "presenter",
    "measure": "measure",
    "family": "family",
    "scenario": "scenario",
    "mark": "mark",
    "built": "build",
    "compare": "vs",
    "group": "group",
    "expand": "open",
}
#: Fields that hold a list of values (comma-separated in the URL).
LIST_FIELDS = ("levels", "kinds", "themes", "areas", "organisations", "mark", "family", "expand")
_LISTS = LIST_FIELDS
_IDS = ("focus", "scenario")
_FLAGS = ("physics", "presenter")


def _tidy(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({item.strip() for item in items if item and item.strip()}))


@dataclass(frozen=True)
class ViewState:
    """Everything needed to reproduce one view of the explorer.

    Parameters
    ----------
    dataset : str
        ``"embedded"`` for the shipped Wales data, or ``"upload-<hash>"`` for data uploaded
        in this session (a link to uploaded data works only where that data is uploaded).
    as_at : datetime.date or None
        The day the landscape is shown as at; None means today.
    levels, kinds, themes, areas, organisations : tuple of str
        Network filters (empty means no filter). Lists are kept sorted and without repeats,
        so that two equal views are equal states with equal URLs.
    focus : str or None
        Id of the body or organisation whose neighbourhood is shown.
    depth : int
        How many steps from ``focus`` the neighbourhood reaches (1 to 5).
    search : str
        Text to look for in names.
    size_by : str
        What node size shows: ``seats``, ``population`` or ``none`` (see
        :mod:`govmap.views.network`).
    physics, presenter : bool
        Physics layout on; presenter mode (controls hidden, labels enlarged).
    measure : str
        What the map tiles are coloured by (one of :data:`MEASURES`).
    family : tuple of str
        Footprint families outlined on the map (each in its own line style).
    scenario : str or None
        Name of the shipped scenario chosen on the Scenarios page.
    mark : tuple of str
        Bodies and organisations picked out on the network, the rest dimmed (a finding's
        subjects, from "Show on network").
    built : str
        A scenario built on the Scenarios page, packed by :func:`pack_scenario` (empty
        when none is built).
    compare : datetime.date or None
        A second day: the network shows both days on one picture, with what started,
        ended or changed between them marked.
    group : str
        ``kind`` or ``footprint``: the network draws the bodies (and the organisations)
        of each kind or footprint as one node (empty: every node on its own).
    expand : tuple of str
        With ``group``, the kinds or footprint ids whose groups are drawn open.
    """

    dataset: str = EMBEDDED
    as_at: dt.date | None = None
    levels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    focus: str | None = None
    depth: int = 1
    search: str = ""
    size_by: str = "seats"
    physics: bool = False
    presenter: bool = False
    measure: str = "bodies"
    family: tuple[str, ...] = ()
    scenario: str | None = None
    mark: tuple[str, ...] = ()
    built: str = ""
    compare: dt.date | None = None
    group: str = ""
    expand: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in _LISTS:
            object.__setattr__(self, name, _tidy(getattr(self, name)))
        object.__setattr__(self, "search", self.search.strip()[:MAX_SEARCH])
        object.__setattr__(self, "depth", min(MAX_DEPTH, max(MIN_DEPTH, int(self.depth))))

    def with_(self, **changes: Any) -> ViewState:
        """A copy with some fields changed (lists are tidied again)."""
        return replace(self, **changes)


DEFAULT = ViewState()


def encode(state: ViewState) -> dict[str, str]:
    """Query-string parameters for a view: only the fields that differ from the defaults.

    Parameters
    ----------
    state : ViewState

    Returns
    -------
    dict of str to str
        Keys from :data:`KEYS`, in that order; lists comma-separated, flags ``1``, the date
        ISO. An empty dict means the default view.

    Examples
    --------
    >>> encode(ViewState(levels=("regional", "local"), focus="csp-cardiff"))
    {'level': 'local,regional', 'focus': 'csp-cardiff'}
    """
    params: dict[str, str] = {}
    for item in fields(ViewState):
        name = item.name
        if name not in KEYS:
            continue
        value = getattr(state, name)
        if value == getattr(DEFAULT, name):
            continue
        if name in _LISTS:
            text = ",".join(value)
        elif name in _FLAGS:
            text = "1"
        elif name in ("as_at", "compare"):
            text = value.isoformat()
        else:
            text = str(value)
        params[KEYS[name]] = text
    return params


def decode(params: Mapping[str, str | Sequence[str]]) -> tuple[ViewState, list[str]]:
    """Read a view from query-string parameters, never failing.

    Parameters
    ----------
    params : mapping
        Parameter name to value (or to every value, when a key is repeated, as
        ``parse_qs`` gives them). Unknown names are ignored.

    Returns
    -------
    (ViewState, list of str)
        The view, and one plain-English notice for each value that could not be read (and
        was left at its default).

    Examples
    --------
    >>> state, notices = decode({"date": "2016-04-01", "depth": "9"})
    >>> state.as_at, state.depth, notices
    (datetime.date(2016, 4, 1), 5, [])
    >>> decode({"date": "last tuesday"})[1]
    ["the link's date 'last tuesday' is not a date (YYYY-MM-DD); showing today"]
    """
    notices: list[str] = []
    values: dict[str, Any] = {}
    by_key = {key: name for name, key in KEYS.items()}
    for key, raw in params.items():
        name = by_key.get(key)
        if name is None:
            continue
        text = ",".join(raw) if not isinstance(raw, str) else raw
        text = text.strip()
        if name in _LISTS:
            items = [part.strip() for part in text.split(",") if part.strip()]
            good = [part for part in items if _TOKEN.match(part)]
            if len(good) < len(items):
                bad = ", ".join(f"'{part}'" for part in items if not _TOKEN.match(part))
                notices.append(f"the link's {key} filter has values that are not ids ({bad}); "
                               "they were ignored")
            values[name] = tuple(good[:MAX_ITEMS])
        elif name in _FLAGS:
            if text.lower() in _TRUE:
                values[name] = True
            elif text.lower() not in _FALSE:
                notices.append(f"the link's {key}={text!r} is not on or off (use 1 or 0); "
                               "ignored")
        elif name == "as_at":
            try:
                values[name] = dt.date.fromisoformat(text)
            except ValueError:
                notices.append(f"the link's date {text!r} is not a date (YYYY-MM-DD); "
                               "showing today")
        elif name == "compare":
            try:
                values[name] = dt.date.fromisoformat(text)
            except ValueError:
                notices.append(f"the link's comparison date {text!r} is not a date "
                               "(YYYY-MM-DD); ignored")
        elif name == "depth":
            if text.isdigit():
                values[name] = int(text)
            else:
                notices.append(f"the link's depth {text!r} is not a whole number; using 1")
        elif name == "dataset":
            if _DATASET.match(text):
                values[name] = text
            else:
                notices.append(f"the link names dataset {text!r}, which is not 'embedded' or an "
                               "upload; showing the embedded data")
        elif name == "search":
            values[name] = text
        elif name == "built":
            if unpack_scenario(text) is not None:
                values[name] = text
            elif text:
                notices.append("the link's built scenario could not be read (the link may "
                               "have been cut short); it was ignored")
        elif name == "size_by":
            _choose(values, notices, name, key, text, SIZE_BY)
        elif name == "measure":
            _choose(values, notices, name, key, text, MEASURES)
        elif name == "group":
            if text:
                _choose(values, notices, name, key, text, GROUP_BY)
        elif name in _IDS and text:
            if _TOKEN.match(text):
                values[name] = text
            else:
                notices.append(f"the link's {key} {text!r} is not an id; ignored")
    return ViewState(**values), notices


#: Longest packed scenario a link may carry, and most bytes it may unpack to.
MAX_PACKED = 6000
MAX_UNPACKED = 200_000


def pack_scenario(document: Mapping[str, Any]) -> str:
    """A scenario document (the YAML's mapping) as a short URL-safe token.

    JSON without spaces, compressed with zlib and written in URL-safe base64 without
    padding: a two-step merge takes about 200 characters.

    Examples
    --------
    >>> token = pack_scenario({"name": "N", "operations": [{"op": "dissolve", "body": "b"}]})
    >>> unpack_scenario(token)
    {'name': 'N', 'operations': [{'op': 'dissolve', 'body': 'b'}]}
    """
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False, default=str)
    packed = base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9))
    return packed.decode("ascii").rstrip("=")


def unpack_scenario(token: str) -> dict[str, Any] | None:
    """The document :func:`pack_scenario` packed, or None if ``token`` is not one.

    Never raises: a token that is too long, not base64, not zlib, unpacks to more than
    :data:`MAX_UNPACKED` bytes, or is not a JSON mapping with a list of ``operations``
    gives None.
    """
    if not token or len(token) > MAX_PACKED or not re.fullmatch(r"[A-Za-z0-9_\-]+", token):
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        inflater = zlib.decompressobj()
        data = inflater.decompress(raw, MAX_UNPACKED)
        if inflater.unconsumed_tail:
            return None
        document = json.loads(data.decode("utf-8"))
    except (binascii.Error, zlib.error, ValueError):
        return None
    if not isinstance(document, dict) or not isinstance(document.get("operations"), list):
        return None
    return document


def _choose(values: dict[str, Any], notices: list[str], name: str, key: str, text: str,
            allowed: Sequence[str]) -> None:
    if text in allowed:
        values[name] = text
    else:
        notices.append(f"the link's {key} {text!r} is not one of {', '.join(allowed)}; ignored")


def to_query(state: ViewState) -> str:
    """The query string of a view (without ``?``); empty for the default view."""
    return urlencode(encode(state), safe=",:")


def from_query(query: str) -> tuple[ViewState, list[str]]:
    """Read a view from a query string (with or without the leading ``?``)."""
    pairs = parse_qsl(query.removeprefix("?"), keep_blank_values=True)
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return decode(grouped)


def share_path(page: str, state: ViewState) -> str:
    """The path and query of a view, to append to the explorer's address.

    The first page (the network) is the explorer's home page, at ``/``.

    Examples
    --------
    >>> share_path("map", ViewState(measure="complexity"))
    '/map?measure=complexity'
    >>> share_path("network", ViewState(depth=2))
    '/?depth=2'
    """
    query = to_query(state)
    path = "/" if page == PAGES[0] else f"/{page}"
    return path + (f"?{query}" if query else "")


def restrict(state: ViewState, known: Mapping[str, Iterable[str]]) -> tuple[ViewState, list[str]]:
    """Drop ids the landscape does not have, saying which.

    Parameters
    ----------
    state : ViewState
    known : mapping
        Field name (``levels``, ``kinds``, ``themes``, ``areas``, ``organisations``,
        ``focus``, ``family``, ``scenario``, ``mark``) to the values that exist. Fields
        not given are left alone.

    Returns
    -------
    (ViewState, list of str)
        The view without unknown values, and a notice naming each one dropped.
    """
    changes: dict[str, Any] = {}
    notices: list[str] = []
    for name, allowed_values in known.items():
        allowed = set(allowed_values)
        value = getattr(state, name)
        if name in _LISTS:
            missing = [v for v in value if v not in allowed]
            if missing:
                changes[name] = tuple(v for v in value if v in allowed)
                notices.append(f"{KEYS[name]} filter: {', '.join(missing)} not in this data; "
                               "dropped")
        elif value is not None and value not in allowed:
            changes[name] = None
            notices.append(f"{KEYS[name]} '{value}' is not in this data; dropped")
    return (state.with_(**changes) if changes else state), notices


def cli_command(page: str, state: ViewState, day: dt.date, *,
                data: str | None = None) -> str:
    """The ``govmap`` command that gives the numbers (or picture) of a view.

    Parameters
    ----------
    page : str
        One of :data:`PAGES`.
    state : ViewState
    day : datetime.date
        The day the view shows (``state.as_at``, or today when that is None).
    data : str, optional
        Files or folder to name for uploaded data (the embedded data needs no path).

    Returns
    -------
    str
        A command line, with each value quoted for a POSIX shell where needed.

    Examples
    --------
    >>> import datetime as dt
    >>> cli_command("network", ViewState(levels=("local",), focus="csp-cardiff"),
    ...             dt.date(2016, 4, 1))
    'govmap render --as-at 2016-04-01 --level local --focus csp-cardiff -o view.html'
    >>> cli_command("duties", ViewState(), dt.date(2016, 4, 1))
    'govmap report --as-at 2016-04-01 -o report.md'
    """
    def q(value: str) -> str:
        return shlex.quote(value)

    where = f" {data}" if data else ""
    when = f"--as-at {day.isoformat()}"
    if page == "network" and state.compare and state.compare != day:
        first, last = sorted((state.compare, day))
        return (f"govmap diff{where} --as-at {first.isoformat()} --to {last.isoformat()}"
                " -o changes.md")
    if page == "network":
        parts = ["govmap render" + where, when]
        for name, flag in (("levels", "--level"), ("kinds", "--kind"), ("themes", "--theme"),
                           ("areas", "--area"), ("organisations", "--organisation")):
            values = getattr(state, name)
            if values:
                parts.append(f"{flag} {q(','.join(values))}")
        if state.focus:
            parts.append(f"--focus {q(state.focus)}")
            if state.depth != 1:
                parts.append(f"--depth {state.depth}")
        if state.search:
            parts.append(f"--search {q(state.search)}")
        if state.size_by != DEFAULT.size_by:
            parts.append(f"--size-by {state.size_by}")
        if state.mark:
            parts.append(f"--mark {q(','.join(state.mark))}")
        if state.group:
            parts.append(f"--group-by {state.group}")
            if state.expand:
                parts.append(f"--open {q(','.join(state.expand))}")
        if state.physics:
            parts.append("--physics")
        if state.presenter:
            parts.append("--presenter")
        return " ".join([*parts, "-o view.html"])
    if page == "map":
        parts = ["govmap render" + where, "--view tiles", when, f"--measure {state.measure}"]
        if state.family:
            parts.append(f"--outline-family {q(','.join(state.family))}")
        return " ".join([*parts, "-o map.svg"])
    if page == "scenarios":
        if state.built:
            return "govmap scenario scenario.yaml" + (f" --data {data}" if data else "") + \
                "  # scenario.yaml: the built scenario, from 'Download the scenario (YAML)'"
        stem = state.scenario or "SCENARIO"
        return f"govmap scenario data/scenarios/{q(stem)}.yaml" + (
            f" --data {data}" if data else "")
    if page == "data":
        return "govmap validate" + where
    if page == "edit":
        return "govmap validate --strict" + where
    if page == "help":
        return "govmap --help"
    return f"govmap report{where} {when} -o report.md"
