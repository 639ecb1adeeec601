"""How each kind of node and link is drawn: one palette for every view and every format.

Bodies are round (dots), organisations are squares, groups of many nodes (drawn when a
view is too large) are hexagons. Colour and a solid or dashed border say the kind; a
thick coloured ring marks a node a scenario added, removed or changed, or a finding
names. Links are styled by type: a seat is a thin grey line (solid for a statutory seat,
paler for a seat by agreement, palest and dotted for an invited or observing one);
reporting lines are arrows (black: accountable to; slate, dashed: reports to; blue,
dotted: sub-group of; purple: scrutinised by; green: funded by). Colour alone tells the
link types apart, because large views draw every line solid.
"""

from __future__ import annotations

from dataclasses import dataclass

from govmap.model import vocab

# Paul Tol's "muted" (bodies) and "light" (organisations) schemes, designed to stay
# distinct for readers with any common colour-vision deficiency. Nine colours are not
# enough for the kinds, so a dashed border is a second channel: a kind and its
# predecessor or minor relation share a colour, one solid and one dashed (community
# safety partnership: rose, solid; delivery group: rose, dashed). No two kinds of one
# shape share both colour and border (a test checks it, and checks every pair of the
# same border under simulated protanopia, deuteranopia and tritanopia).
_ROSE, _INDIGO, _SAND, _GREEN, _CYAN = "#cc6677", "#332288", "#ddcc77", "#117733", "#88ccee"
_WINE, _TEAL, _OLIVE, _PURPLE = "#882255", "#44aa99", "#999933", "#aa4499"
_GREY, _MID_GREY, _DARK_GREY, _WHITE = "#dddddd", "#bbbbbb", "#777777", "#ffffff"
_L_BLUE, _L_ORANGE, _L_YELLOW, _L_PINK = "#77aadd", "#ee8866", "#eedd88", "#ffaabb"
_L_CYAN, _L_MINT, _L_PEAR, _L_OLIVE = "#99ddff", "#44bb99", "#bbcc33", "#aaaa00"


#: What a network node's size can show (``govmap render --size-by``): kept here, away from
#: the network view's imports, so the command line can list it without loading them.
SIZE_BY = ("seats", "betweenness", "findings", "population", "none")


@dataclass(frozen=True)
class KindStyle:
    """How the nodes of one kind are filled and bordered."""

    colour: str
    dashed: bool = False


BODY_STYLES: dict[str, KindStyle] = {
    "community_safety_partnership": KindStyle(_ROSE),
    "delivery_group": KindStyle(_ROSE, True),
    "regional_community_safety_board": KindStyle(_WINE),
    "public_services_board": KindStyle(_GREEN),
    "local_service_board": KindStyle(_GREEN, True),
    "regional_partnership_board": KindStyle(_CYAN),
    "channel_panel": KindStyle(_CYAN, True),
    "regional_safeguarding_board": KindStyle(_PURPLE),
    "team": KindStyle(_PURPLE, True),
    "vawdasv_board": KindStyle(_INDIGO),
    "contest_board": KindStyle(_INDIGO, True),
    "area_planning_board": KindStyle(_SAND),
    "network": KindStyle(_SAND, True),
    "youth_offending_team": KindStyle(_OLIVE),
    "professional_association": KindStyle(_OLIVE, True),
    "criminal_justice_board": KindStyle(_TEAL),
    "scrutiny_committee": KindStyle(_GREY),
    "advisory_board": KindStyle(_GREY, True),
    # the kinds of the 2006-2016 "four statutory plans" era and MAPPA (issue 14)
    "safeguarding_children_board": KindStyle(_TEAL, True),
    "children_young_peoples_partnership": KindStyle(_WINE, True),
    "health_social_care_wellbeing_partnership": KindStyle(_MID_GREY, True),
    "mappa_board": KindStyle(_WHITE),
    "other": KindStyle(_MID_GREY),
}

ORGANISATION_STYLES: dict[str, KindStyle] = {
    "local_authority": KindStyle(_L_BLUE),
    "devolved_government": KindStyle(_L_BLUE, True),
    "police_force": KindStyle(_L_ORANGE),
    "police_authority": KindStyle(_L_ORANGE, True),
    "police_and_crime_commissioner": KindStyle(_L_PINK),
    "police_and_crime_panel": KindStyle(_L_PINK, True),
    "health_board": KindStyle(_L_MINT),
    "nhs_trust": KindStyle(_L_MINT, True),
    "fire_and_rescue_authority": KindStyle(_L_YELLOW),
    "legislature": KindStyle(_L_YELLOW, True),
    "probation": KindStyle(_L_PEAR),
    "prison_and_probation_service": KindStyle(_L_PEAR, True),
    "youth_justice": KindStyle(_L_OLIVE),
    "criminal_justice_agency": KindStyle(_L_OLIVE, True),
    "third_sector": KindStyle(_L_CYAN),
    "audit_body": KindStyle(_L_CYAN, True),
    "government_division": KindStyle(_GREY),
    "government_department": KindStyle(_GREY, True),
    "commissioner": KindStyle(_WHITE),
    "local_government_association": KindStyle(_WHITE, True),
    "public_body": KindStyle(_DARK_GREY),
    "other": KindStyle(_DARK_GREY, True),
}

#: Fill colour of each kind (exports that know only colours use these).
BODY_COLOURS: dict[str, str] = {k: s.colour for k, s in BODY_STYLES.items()}
ORGANISATION_COLOURS: dict[str, str] = {k: s.colour for k, s in ORGANISATION_STYLES.items()}
#: The dash pattern of a dashed border (vis-network and SVG units).
BORDER_DASHES = (4, 3)

FALLBACK_COLOUR = "#bdc3c7"
AGGREGATE_COLOUR = "#f4f6f6"
BORDER = "#34495e"

BODY_SHAPE = "dot"
ORGANISATION_SHAPE = "square"
AGGREGATE_SHAPE = "hexagon"

HIGHLIGHT_COLOURS: dict[str, str] = {
    # Tol's "vibrant" blue, red and orange: apart for colour-blind readers too, and a
    # removed node also has a dashed ring and is drawn faint (a second channel)
    "added": "#0077bb",
    "removed": "#cc3311",
    "changed": "#ee7733",
}
#: The ring of a spotlit node (a finding's subjects), and how faint the rest are drawn.
SPOTLIGHT_COLOUR = "#17202a"
DIMMED_OPACITY = 0.22

HIGHLIGHT_LABELS: dict[str, str] = {
    "added": "added by the scenario",
    "removed": "removed by the scenario",
    "changed": "changed by the scenario",
}


@dataclass(frozen=True)
class EdgeStyle:
    """How one type of link is drawn (vis-network terms; matplotlib follows them)."""

    label: str
    colour: str
    width: float
    dashes: tuple[int, ...] = ()
    arrow: bool = True


EDGE_STYLES: dict[str, EdgeStyle] = {
    "member_of": EdgeStyle("statutory seat (member of)", "#95a5a6", 1.5, (), False),
    "member_of:other": EdgeStyle("seat by agreement or co-option", "#b3bcc0", 1.0, (), False),
    "member_of:invited": EdgeStyle("invited participant or observer", "#d5dbdb", 1.0, (3, 4),
                                   False),
    "accountable_to": EdgeStyle("accountable to", "#1b2631", 2.0),
    "reports_to": EdgeStyle("reports to", "#5d6d7e", 1.5, (8, 5)),
    "sub_group_of": EdgeStyle("sub-group of", "#2471a3", 2.0, (2, 4)),
    "scrutinised_by": EdgeStyle("scrutinised by", "#8e44ad", 2.0, (10, 4, 2, 4)),
    "funded_by": EdgeStyle("funded by", "#1e8449", 1.5, (6, 3)),
}


def body_style(kind: str) -> KindStyle:
    """Fill and border of a body of this kind."""
    return BODY_STYLES.get(kind, KindStyle(FALLBACK_COLOUR))


def organisation_style(kind: str) -> KindStyle:
    """Fill and border of an organisation of this kind."""
    return ORGANISATION_STYLES.get(kind, KindStyle(FALLBACK_COLOUR, True))


def body_colour(kind: str) -> str:
    """Fill colour of a body of this kind."""
    return BODY_COLOURS.get(kind, FALLBACK_COLOUR)


def organisation_colour(kind: str) -> str:
    """Fill colour of an organisation of this kind."""
    return ORGANISATION_COLOURS.get(kind, FALLBACK_COLOUR)


def edge_style_key(edge_type: str, role: str | None = None) -> str:
    """The :data:`EDGE_STYLES` key of a link (seats split by the strength of the role)."""
    if edge_type != "member_of":
        return edge_type if edge_type in EDGE_STYLES else "reports_to"
    if role in vocab.STATUTORY_ROLES:
        return "member_of"
    if role in {"invited_participant", "observer"}:
        return "member_of:invited"
    return "member_of:other"


#: Words of vocabulary terms written in capitals (names of programmes and bodies).
ACRONYMS = {"nhs": "NHS", "vawdasv": "VAWDASV", "contest": "CONTEST", "mappa": "MAPPA",
            "psb": "PSB", "cctv": "CCTV", "hmpps": "HMPPS"}
#: Terms whose words are joined by a hyphen.
_HYPHENATED = {"well_being": "well-being", "sub_local": "sub-local", "co_opted": "co-opted",
               "anti_social": "anti-social"}


def kind_label(kind: str) -> str:
    """A kind as words: ``community_safety_partnership`` -> ``community safety partnership``.

    Examples
    --------
    >>> kind_label("nhs_trust"), kind_label("sub_local"), kind_label("vawdasv_board")
    ('NHS trust', 'sub-local', 'VAWDASV board')
    """
    for term, words in _HYPHENATED.items():
        kind = kind.replace(term, words)
    return " ".join(ACRONYMS.get(word, word) for word in kind.split("_"))


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (a ``#rrggbb`` colour)."""
    red, green, blue = (int(background[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#17202a" if luminance > 140 else "#ffffff"
