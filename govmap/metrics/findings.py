"""Findings: the evidence a map yields, as data.

A finding is one thing a review team would put in front of a minister: a footprint that
cuts across another, a duty nobody discharges, a board answerable to nobody elected. It has
a stable ``code`` (a lowercase slug documented in ``docs/metrics.md``), a ``severity``, the
ids it concerns, a plain-English sentence that uses names rather than ids, and the evidence
behind it. The report, the explorer and the exports only format findings; they never
compute them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

#: Severities, most serious first.
SEVERITIES: tuple[str, ...] = ("high", "medium", "low", "info")

SEVERITY_ORDER: Mapping[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}

#: Every finding code, with the one-line meaning shown in reports and ``docs/metrics.md``.
CODES: Mapping[str, str] = {
    "straddle": "two footprints of different families share areas, and each has areas the "
    "other lacks",
    "cuts-across": "a body's footprint cuts across the footprint of one of its members",
    "theme-duplication": "more than one body covers the same theme at the same level in "
    "the same area",
    "theme-gap": "no body covers a theme in an area, though bodies cover it elsewhere",
    "likely-duplicate": "two bodies share most of their themes, areas and members",
    "parallel-seats": "an organisation sits on several boards with the same theme and level "
    "in different footprints",
    "duty-gap": "nobody discharges a statutory duty for a unit it applies to",
    "duty-duplication": "more than one body discharges a duty for the same unit",
    "weaker-footing": "a body discharges a duty without a member the law requires for it",
    "non-statutory-discharge": "a body with no statutory basis discharges a statutory duty",
    "no-upward-line": "a body reports, answers or belongs to nobody",
    "no-democratic-route": "following upward lines from a body never reaches anyone elected",
    "too-many-masters": "a body is accountable to more than one body or organisation",
    "reporting-cycle": "upward lines go round in a circle",
    "no-scrutiny": "nothing scrutinises a body, nor anything above it",
    "orphaned-sub-group": "a sub-group outlives the body it is a sub-group of",
    "devolution-crossing": "an upward line crosses between devolved and non-devolved bodies",
    "long-line-of-sight": "a body is many steps below national level",
}


#: The threshold of every finding code: the line a candidate must cross to be listed. The
#: numbers are the module constants named in brackets (a test keeps them in step).
THRESHOLDS: Mapping[str, str] = {
    "straddle": "the two footprints share at least 1 area and each has at least 1 area the "
    "other lacks; they are of different families",
    "cuts-across": "at least 1 member's home footprint is straddled by the body's footprint",
    "theme-duplication": "2 or more boards, or 2 or more teams, networks or associations "
    "(not counting sub-groups and scrutiny committees), cover the theme at the same level "
    "in at least 1 area",
    "theme-gap": "no body covers the theme in at least 1 area where regional or local "
    "bodies work, though a regional or local board covers it elsewhere",
    "likely-duplicate": "score (theme × area × member Jaccard) of 0.5 or more "
    "(LIKELY_DUPLICATE); neither body a sub-group of the other nor a scrutiny committee, "
    "and not a board with a team, network or association",
    "parallel-seats": "same-theme boards at one level in 3 or more footprints "
    "(PARALLEL_SEATS)",
    "duty-gap": "0 bodies discharge the duty for the whole unit",
    "duty-duplication": "2 or more bodies discharge the duty for the whole unit",
    "weaker-footing": "at least 1 required kind of member missing as a statutory member for "
    "a unit",
    "non-statutory-discharge": "the body has no statutory basis and lists at least 1 "
    "statutory duty",
    "no-upward-line": "0 accountable-to, reports-to or sub-group-of lines",
    "no-democratic-route": "0 elected organisations or legislatures reachable by upward lines",
    "too-many-masters": "accountable to 2 or more bodies or organisations",
    "reporting-cycle": "2 or more bodies or organisations whose upward lines form a circle",
    "no-scrutiny": "0 scrutinised-by lines on the body or anything above it, and no "
    "legislature above it",
    "orphaned-sub-group": "the parent body ended on or before the report's day",
    "devolution-crossing": "1 line whose two ends are on different sides of devolution",
    "long-line-of-sight": "a local or sub-local body 4 or more upward steps from national "
    "level (LONG_LINE_OF_SIGHT)",
}

#: What the report checks for each finding code, counted in ``summary["checked"]``: every
#: candidate that was checked and did not meet the threshold "passed".
CHECKED: Mapping[str, str] = {
    "straddle": "pairs of footprints of different families that share an area",
    "cuts-across": "bodies with members that have a home footprint",
    "likely-duplicate": "pairs of bodies that share a theme, an area and a member",
    "parallel-seats": "organisations at one level on same-theme boards in 2 or more "
    "footprints",
    "duty-gap": "duty units", "duty-duplication": "duty units",
    "weaker-footing": "bodies discharging a duty for a whole unit, per duty",
    "non-statutory-discharge": "duties listed by bodies, per body",
    "no-upward-line": "bodies (not networks and associations)",
    "no-democratic-route": "bodies (not networks and associations)",
    "too-many-masters": "bodies (not networks and associations)",
    "no-scrutiny": "bodies (not networks and associations)",
    "long-line-of-sight": "local and sub-local bodies with a route to national level",
}


@dataclass(frozen=True)
class Finding:
    """One piece of evidence.

    Attributes
    ----------
    code : str
        A stable lowercase slug from :data:`CODES`.
    severity : str
        ``high``, ``medium``, ``low`` or ``info``.
    subjects : tuple of str
        The ids the finding concerns (bodies, organisations, footprints, duties, areas).
    message : str
        A plain-English sentence that names things by name.
    evidence : mapping
        The facts behind the sentence: JSON-ready values (strings, numbers, lists of them).
    key : tuple of str
        What the finding is about, for matching it across dates and scenarios: for a
        seat-load finding the organisation and level, not the boards it sits on (which can
        change while the finding stays the same). Empty means the subjects. Its parts are
        ids, or vocabulary terms (a theme, a level) where those say what it is about.

    Identity
    --------
    Two findings with the same :attr:`identity` (the code and the key) are the same
    finding; a date or scenario diff reports it as *changed* when its evidence differs,
    never as one closed and another opened.
    """

    code: str
    severity: str
    subjects: tuple[str, ...]
    message: str
    evidence: Mapping[str, Any] = field(default_factory=dict)
    key: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_ORDER:
            raise ValueError(f"unknown severity '{self.severity}'; use one of {SEVERITIES}")
        if self.code not in CODES:
            raise ValueError(f"unknown finding code '{self.code}'; add it to CODES first")

    @property
    def identity(self) -> str:
        """The finding's stable identity as text: ``code/key part/key part``, e.g.
        ``parallel-seats/police-south-wales/local``. Ids and vocabulary terms never contain
        ``/``, so the parts can be recovered with ``identity.split("/")``."""
        return identity_of(self.code, self.key or self.subjects)

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data (``id``, ``code``, ``severity``, ``subjects``,
        ``key``, ``message``, ``evidence``)."""
        return {
            "id": self.identity,
            "code": self.code,
            "severity": self.severity,
            "subjects": list(self.subjects),
            "key": list(self.key or self.subjects),
            "message": self.message,
            "evidence": dict(self.evidence),
        }

    def sort_key(self) -> tuple[int, str, tuple[str, ...]]:
        """Most severe first, then by code and subjects, so output is stable."""
        return (SEVERITY_ORDER[self.severity], self.code, self.subjects)


def identity_of(code: str, key: Iterable[str]) -> str:
    """The identity text of a finding with this code and key (see :attr:`Finding.identity`)."""
    return "/".join((code, *key))


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in a stable order: most severe first, then by code, then by subjects.

    The order of :meth:`Finding.sort_key`, found by putting the findings of each severity
    and code together and sorting each group by subjects alone (a report sorts some
    30,000 findings, nearly all of a few codes: comparing subjects alone, with a key made
    in C, is several times faster than comparing whole keys made by a method call each).
    """
    groups: dict[tuple[int, str], list[Finding]] = {}
    for finding in findings:
        group = (SEVERITY_ORDER[finding.severity], finding.code)
        if group in groups:
            groups[group].append(finding)
        else:
            groups[group] = [finding]
    return [finding for group in sorted(groups)
            for finding in sorted(groups[group], key=_SUBJECTS)]


_SUBJECTS = attrgetter("subjects")
