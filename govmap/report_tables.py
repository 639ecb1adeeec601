"""The tables of a report, apart from the metrics that fill them, so that the command line
can list them (``govmap report --help``) without importing the metrics."""

from __future__ import annotations

from collections.abc import Mapping

#: The tables of a report, in the order they are shown, with what each row is.
TABLES: Mapping[str, str] = {
    "footprint_relations": "a pair of footprints that share at least one area",
    "straddles": "a pair of footprints that straddle each other",
    "family_coterminosity": "how cleanly one footprint family fits another",
    "area_complexity": "an area, with the groupings of neighbours its council works in",
    "body_alignment": "a body, with the member footprints it cuts across",
    "theme_coverage": "an area and a theme, with the bodies covering it by level",
    "duplicate_pairs": "a pair of bodies sharing a theme and an area, scored",
    "seat_load": "an organisation, with the bodies it sits on",
    "parallel_seats": "an organisation on same-theme boards in different footprints",
    "brokers": "an organisation, with its betweenness in the organisation-body network",
    "duty_coverage": "a duty and a unit it applies to, with the bodies discharging it",
    "line_of_sight": "a body, with its chain of upward lines to national level",
    "area_arrangements": "a council area, with its community-safety arrangement that day",
    "fact_confidence": "a confidence, with how many facts have it and how sure their dates are",
}
