"""How each kind of node and link is drawn: one palette for every view and every format.

Bodies are round (dots), organisations are square boxes, groups of many nodes (drawn
when a view is too large) are hexagons. Colour says the kind; a thick coloured ring marks
a node a scenario added, removed or changed. Links are styled by type: a seat is a thin
grey line (solid for a statutory seat, paler for a seat by agreement, palest and dotted for
an invited or observing one), reporting lines are arrows (black: accountable to; slate,
dashed: reports to; blue, dotted: sub-group of; purple: scrutinised by; green: funded by).
Colour alone tells the types apart, because large views draw every line solid.
"""

from __future__ import annotations

from dataclasses import dataclass

from govmap.model import vocab

#: What a network node's size can show (``govmap render --size-by``).
SIZE_BY = ("seats", "population", "none")

BODY_COLOURS: dict[str, str] = {
    "community_safety_partnership": "#c0392b",
    "regional_community_safety_board": "#e74c3c",
    "local_service_board": "#76d7c4",
    "public_services_board": "#138d75",
    "area_planning_board": "#d35400",
    "regional_safeguarding_board": "#8e44ad",
    "safeguarding_children_board": "#bb8fce",
    "children_young_peoples_partnership": "#f7dc6f",
    "health_social_care_wellbeing_partnership": "#82e0aa",
    "mappa_board": "#34495e",
    "regional_partnership_board": "#27ae60",
    "vawdasv_board": "#c2185b",
    "criminal_justice_board": "#1f3a93",
    "contest_board": "#6e4b2a",
    "channel_panel": "#a1887f",
    "youth_offending_team": "#b7950b",
    "scrutiny_committee": "#2e86c1",
    "advisory_board": "#5d6d7e",
    "network": "#48c9b0",
    "professional_association": "#7fb3d5",
    "delivery_group": "#f0b27a",
    "team": "#aab7b8",
    "other": "#bdc3c7",
}

ORGANISATION_COLOURS: dict[str, str] = {
    "local_authority": "#aed6f1",
    "police_force": "#85929e",
    "police_authority": "#abb2b9",
    "police_and_crime_commissioner": "#bb8fce",
    "police_and_crime_panel": "#d7bde2",
    "health_board": "#a9dfbf",
    "nhs_trust": "#d5f5e3",
    "fire_and_rescue_authority": "#f5b7b1",
    "probation": "#edbb99",
    "prison_and_probation_service": "#e59866",
    "youth_justice": "#f9e79f",
    "third_sector": "#f8c471",
    "devolved_government": "#f7dc6f",
    "government_division": "#fcf3cf",
    "government_department": "#d5d8dc",
    "legislature": "#fad7a0",
    "audit_body": "#a3e4d7",
    "commissioner": "#d2b4de",
    "local_government_association": "#d6eaf8",
    "public_body": "#d0ece7",
    "criminal_justice_agency": "#b2babb",
    "other": "#e5e8e8",
}

FALLBACK_COLOUR = "#bdc3c7"
AGGREGATE_COLOUR = "#f4f6f6"
BORDER = "#34495e"

BODY_SHAPE = "dot"
ORGANISATION_SHAPE = "box"
AGGREGATE_SHAPE = "hexagon"

HIGHLIGHT_COLOURS: dict[str, str] = {
    "added": "#1e8449",
    "removed": "#c0392b",
    "changed": "#d68910",
}
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


def kind_label(kind: str) -> str:
    """A kind as words: ``community_safety_partnership`` -> ``community safety partnership``."""
    return kind.replace("_", " ")


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (a ``#rrggbb`` colour)."""
    red, green, blue = (int(background[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#17202a" if luminance > 140 else "#ffffff"
