"""Controlled vocabularies of the govmap schema.

Each vocabulary maps a term (what a YAML file writes) to a one-line definition (what
``docs/schema.md`` and the JSON Schema show). Declaring them as data keeps the schema,
its documentation and its validation in one place.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

FOOTPRINT_FAMILIES: Mapping[str, str] = {
    "local_authority": "the area of one principal council (the usual atomic unit)",
    "police_force_area": "the area of a territorial police force",
    "health_board_area": "the area of a local health board",
    "fire_area": "the area of a fire and rescue authority",
    "psb_area": "the area of a Public Services Board (or its predecessor Local Service Board)",
    "safeguarding_area": "the area of a regional safeguarding board",
    "regional_partnership_area": "the area of a regional partnership board (health, social care)",
    "area_planning_area": "the area of a substance-misuse area planning board",
    "vawdasv_region": "a violence against women, domestic abuse and sexual violence region",
    "youth_justice_area": "the area of a youth offending team",
    "region": "any other regional grouping of areas",
    "nation": "a nation (Wales) or a jurisdiction (England and Wales)",
    "custom": "anything else; say what in the footprint's notes",
}

ORGANISATION_KINDS: Mapping[str, str] = {
    "local_authority": "a principal council",
    "police_force": "a territorial police force (its chief constable)",
    "police_authority": "a police authority (before police and crime commissioners, 2012)",
    "police_and_crime_commissioner": "an elected police and crime commissioner",
    "police_and_crime_panel": "a police and crime panel, which scrutinises a commissioner",
    "health_board": "a local health board",
    "nhs_trust": "an NHS trust (ambulance, public health)",
    "fire_and_rescue_authority": "a fire and rescue authority",
    "probation": "a probation provider (probation board, trust, NPS, CRC or HMPPS region)",
    "prison_and_probation_service": "HM Prison and Probation Service or its Wales directorate",
    "youth_justice": "a youth justice body (Youth Justice Board, a youth offending service)",
    "third_sector": "a voluntary-sector or third-sector body",
    "devolved_government": "a devolved government (the Welsh Government)",
    "government_division": "a division or unit inside a government",
    "government_department": "a UK government department",
    "legislature": "a legislature (the Senedd, UK Parliament)",
    "audit_body": "an audit or inspection body",
    "commissioner": "a statutory commissioner (other than a police and crime commissioner)",
    "local_government_association": "an association of councils or their officers",
    "public_body": "any other public body (Natural Resources Wales, ...)",
    "criminal_justice_agency": "courts, the Crown Prosecution Service, other justice agencies",
    "other": "anything else",
}

BODY_KINDS: Mapping[str, str] = {
    "community_safety_partnership": "a community safety partnership (Crime and Disorder Act 1998)",
    "local_service_board": "a local service board (non-statutory predecessor of the PSBs)",
    "public_services_board": "a public services board (Well-being of Future Generations Act 2015)",
    "regional_community_safety_board": "a regional community safety board or partnership",
    "area_planning_board": "a substance-misuse area planning board",
    "regional_safeguarding_board": "a regional safeguarding children or adults board",
    "safeguarding_children_board": "a local safeguarding children board (Children Act 2004 s31, "
                                   "before the regional boards of 2016)",
    "children_young_peoples_partnership": "a children and young people's partnership (Children "
                                          "Act 2004 s25, before single integrated plans)",
    "health_social_care_wellbeing_partnership": "a health, social care and well-being partnership "
                                                "(before single integrated plans)",
    "mappa_board": "a MAPPA strategic management board (Criminal Justice Act 2003 s325)",
    "regional_partnership_board": "a regional partnership board for health and social care",
    "vawdasv_board": "a violence against women, domestic abuse and sexual violence board",
    "criminal_justice_board": "a local or national criminal justice board",
    "contest_board": "a CONTEST (counter-terrorism) board",
    "channel_panel": "a Channel panel (Prevent)",
    "youth_offending_team": "a youth offending team or service",
    "scrutiny_committee": "a council scrutiny committee (crime and disorder, PSB scrutiny)",
    "advisory_board": "a national advisory or steering board",
    "network": "a practitioners' network",
    "professional_association": "an association of practitioners",
    "delivery_group": "a thematic sub-group, task group or delivery group",
    "team": "a team or unit that serves one or more boards",
    "other": "anything else",
}

LEVELS: Mapping[str, str] = {
    "national": "covers a nation or a jurisdiction",
    "regional": "covers several council areas",
    "local": "covers one council area",
    "sub_local": "covers part of a council area or serves a local body",
}

LEVEL_ORDER: Mapping[str, int] = {"national": 0, "regional": 1, "local": 2, "sub_local": 3}

ROLES: Mapping[str, str] = {
    "responsible_authority": "a responsible authority under the Crime and Disorder Act 1998",
    "statutory_member": "a member that the law requires",
    "member": "a full member by agreement, not required by law",
    "co_opted": "co-opted by the body",
    "invited_participant": "invited to participate; not a member in law",
    "observer": "attends without a vote",
}

#: Roles that satisfy a duty's statutory-membership requirement.
STATUTORY_ROLES: frozenset[str] = frozenset({"responsible_authority", "statutory_member"})

#: Strength of a role, strongest first: a merge keeps the strongest.
ROLE_STRENGTH: Mapping[str, int] = {
    "responsible_authority": 5,
    "statutory_member": 4,
    "member": 3,
    "co_opted": 2,
    "invited_participant": 1,
    "observer": 0,
}

LINE_TYPES: Mapping[str, str] = {
    "accountable_to": "answers to the target for its performance",
    "reports_to": "sends reports to the target, without being answerable to it",
    "sub_group_of": "is a sub-group of the target",
    "scrutinised_by": "is scrutinised by the target",
    "funded_by": "is funded by the target",
}

#: Line types that point up a chain of command (used for accountability metrics).
UPWARD_LINE_TYPES: frozenset[str] = frozenset({"accountable_to", "reports_to", "sub_group_of"})

THEMES: Mapping[str, str] = {
    "community_safety": "community safety in general; crime and disorder reduction",
    "crime_prevention": "crime prevention",
    "anti_social_behaviour": "anti-social behaviour",
    "substance_misuse": "drug and alcohol misuse",
    "vawdasv": "violence against women, domestic abuse and sexual violence",
    "counter_terrorism": "counter-terrorism, Prevent and Channel",
    "serious_violence": "serious violence and violence prevention",
    "modern_slavery": "modern slavery and exploitation, county lines",
    "hate_crime": "hate crime",
    "community_cohesion": "community cohesion",
    "reducing_reoffending": "reducing reoffending, integrated offender management, resettlement",
    "youth_justice": "youth offending and youth justice",
    "criminal_justice": "the criminal justice system",
    "victim_support": "support for victims and vulnerable people",
    "safeguarding_children": "safeguarding children",
    "safeguarding_adults": "safeguarding adults at risk",
    "health_and_social_care": "health and social care integration",
    "well_being": "economic, social, environmental and cultural well-being",
    "fire_safety": "fire safety and fire prevention",
    "road_safety": "road safety",
    "early_intervention": "early intervention and prevention",
    "neighbourhood_watch": "neighbourhood, farm and rural watch schemes",
    "cctv": "public-space CCTV",
    "armed_forces": "the armed forces covenant",
    "policing": "policing and police accountability",
    "scrutiny": "democratic scrutiny of other bodies",
    "emergency_planning": "civil contingencies and emergency planning",
}

CONFIDENCE: Mapping[str, str] = {
    "stated": "a source document says so in terms",
    "derived": "follows directly from what a source says (a count, a union of stated parts)",
    "inferred": "the best-supported reading where the sources do not settle it",
    "general-knowledge": "a public fact that the sources assume; check before presenting",
}

#: How a council area arranged community safety once Public Services Boards took it on: the
#: typology of the 2017 review in its own words (004 L3413-3421), with the earlier
#: arrangement under the LSBs.
ARRANGEMENTS: Mapping[str, str] = {
    "psb_absorbed_csp": "the CSP became part of the PSB: a 'safer' themed board (sub-group) "
                        "within the PSB's structure, or the PSB does community safety itself",
    "csp_separate": "a stand-alone CSP, retained beside the PSB with no line to it",
    "hybrid": "a hybrid: a separate CSP with a reporting mechanism linked to the PSB",
    "csp_under_lsb": "before PSBs: the CSP was a sub-board of the Local Service Board",
    "csp_only": "a CSP with no PSB or LSB taking on community safety",
    "not_known": "not known: the sources give the patterns but not which one this area "
                 "followed (say in the notes what was checked)",
    "other": "anything else; say what in the arrangement's notes",
}

#: Kinds of body and organisation that are sovereign by nature: nothing is above them.
SOVEREIGN_KINDS: frozenset[str] = frozenset({"legislature"})


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """Return the closest of ``choices`` to ``word``, or None if nothing is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``" (did you mean 'x'?)"`` for the closest choice, or an empty string."""
    best = suggest(word, choices)
    return f" (did you mean '{best}'?)" if best else ""


class Suggestions:
    """:func:`did_you_mean` for many words against one fixed set of choices, in bounded work.

    A landscape with thousands of misspelt references used to compare each with every id
    (``difflib`` over all of them: 10,000 misspellings among 10,000 ids took over a
    minute). Here the choices are indexed once, each distinct word is answered once, and
    each answer costs at most :data:`SMALL` comparisons whatever the number of choices:

    - up to :data:`SMALL` choices: ``difflib`` over all of them (exactly :func:`suggest`);
    - otherwise the choices one edit away (a character deleted, inserted, replaced or two
      swapped; found by looking each variant up, not by comparing), the closest by
      ``difflib``; and failing those, ``difflib`` over at most :data:`SMALL` choices that
      begin or end like the word.

    Examples
    --------
    >>> hint = Suggestions([f"csp-{i}" for i in range(1000)] + ["safer-gwent"])
    >>> hint("safer-gwnet"), hint("nothing-like-it")
    (" (did you mean 'safer-gwent'?)", '')
    """

    #: Most choices compared with one word.
    SMALL = 200
    #: Characters an edit may insert or substitute: the most common in the choices.
    ALPHABET = 64

    def __init__(self, choices: Iterable[str]) -> None:
        self.choices = list(dict.fromkeys(choices))
        self._known = set(self.choices)
        self._answers: dict[str, str] = {}
        self._alphabet: str | None = None
        self._ends: dict[str, list[str]] | None = None

    def __call__(self, word: str) -> str:
        """``" (did you mean 'x'?)"`` for the closest choice, or an empty string."""
        if word not in self._answers:
            best = self._best(word)
            self._answers[word] = f" (did you mean '{best}'?)" if best else ""
        return self._answers[word]

    def _best(self, word: str) -> str | None:
        if len(self.choices) <= self.SMALL:
            return suggest(word, self.choices)
        near = [c for c in self._edits(word) if c in self._known]
        if near:
            return suggest(word, sorted(near)) or sorted(near)[0]
        return suggest(word, self._alike(word))

    def _edits(self, word: str) -> set[str]:
        if self._alphabet is None:
            counts: dict[str, int] = {}
            for choice in self.choices:
                for char in choice:
                    counts[char] = counts.get(char, 0) + 1
            common = sorted(counts, key=lambda c: -counts[c])[:self.ALPHABET]
            self._alphabet = "".join(common)
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        edits = {a + b[1:] for a, b in splits if b}
        edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        edits |= {a + c + b[1:] for a, b in splits if b for c in self._alphabet}
        edits |= {a + c + b for a, b in splits for c in self._alphabet}
        return edits

    def _alike(self, word: str) -> list[str]:
        if self._ends is None:
            self._ends = {}
            for choice in self.choices:
                for key in {"<" + choice[:3], ">" + choice[-3:]}:
                    self._ends.setdefault(key, []).append(choice)
        half = self.SMALL // 2
        found = self._ends.get("<" + word[:3], [])[:half] + \
            self._ends.get(">" + word[-3:], [])[:half]
        return list(dict.fromkeys(found))


def check_term(value: str, vocabulary: Mapping[str, str], what: str) -> str:
    """Raise ValueError with a suggestion when ``value`` is not a term of ``vocabulary``."""
    if value in vocabulary:
        return value
    hint = did_you_mean(value, vocabulary)
    if not hint:
        shown = ", ".join(vocabulary)
        hint = f"; use one of: {shown}"
    raise ValueError(f"unknown {what} '{value}'{hint}")
