"""The typed entities of a governance landscape.

Every entity, membership, reporting line and duty assignment can carry ``start_date``,
``end_date``, ``sources`` and a ``confidence``. Field docstrings become the descriptions of
the published JSON Schema (``govmap/schema/landscape.schema.json``), so an editor shows them
while someone writes YAML by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from govmap.model import vocab
from govmap.model.dates import PartialDate, is_active

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_SOURCE = re.compile(r"^(?:[^\s:]+\.txt:L\d+(?:-L?\d+)?|public:.+|[^\s:]+:.+)$")

#: The source entry that says "this fact rests on its owner's sources", explicitly.
INHERIT = "inherit"

Scalar = str | int | float | bool | None

#: Longest id, name and note accepted (a real one is far shorter; longer is a mistake).
MAX_ID = 200
MAX_NAME = 300
MAX_NOTES = 20_000


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(
            f"'{value}' is not a valid id; use letters, digits, '-', '_' or '.' "
            "(for example 'csp-cardiff')"
        )
    return value


def _check_source(value: str) -> str:
    if value == INHERIT:
        return value
    if not value.strip():
        raise ValueError("a source may not be empty")
    if not _SOURCE.match(value):
        raise ValueError(
            f"source '{value}' is not in a known form; write '<seed file>:L<line>' "
            "(004_1052c6d804dc056a.txt:L3088), 'public:<document name>' or 'inherit'"
        )
    return value


Source = Annotated[str, Field(max_length=2000)]

#: Lists of sources already found valid (validity depends on nothing else).
_CHECKED_SOURCES: set[tuple[str, ...]] = set()
_CHECKED_MAX = 10_000


def _sources_list(value: Any) -> Any:
    """``sources: inherit`` is short for ``sources: [inherit]``."""
    return [value] if value == INHERIT else value


def _sources_schema(schema: dict[str, Any]) -> None:
    schema["anyOf"] = [{"type": "array", "items": {"type": "string"}}, {"const": INHERIT}]
    schema.pop("type", None)
    schema.pop("items", None)


def _enum(vocabulary: Mapping[str, str]) -> dict[str, Any]:
    """JSON Schema hint so that editors offer the vocabulary's terms."""
    return {"enum": list(vocabulary)}


def _items_enum(vocabulary: Mapping[str, str]) -> dict[str, Any]:
    return {"items": {"type": "string", "enum": list(vocabulary)}}


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, validate_default=False
    )


class Provenance(_Strict):
    """Fields every dated, sourced fact shares."""

    start_date: PartialDate | None = Field(
        default=None, description="first day it was active (2016-04-01, 2016-04 or 2016)"
    )
    end_date: PartialDate | None = Field(
        default=None, description="the day it ended; missing means still active"
    )
    sources: Annotated[tuple[Source, ...], BeforeValidator(_sources_list)] = Field(
        default=(),
        description="where the fact comes from: '<seed file>:L<line>' or 'public:<document>'; "
                    "'inherit' says it rests on the sources of the entity it belongs to",
        json_schema_extra=_sources_schema,
    )
    confidence: str | None = Field(
        default=None, description="stated, derived, inferred or general-knowledge",
        json_schema_extra=_enum(vocab.CONFIDENCE),
    )
    dates_confidence: str | None = Field(
        default=None, description="how sure its start_date and end_date are (stated, derived, "
                                  "inferred or general-knowledge); missing means as sure as "
                                  "the fact itself (confidence)",
        json_schema_extra=_enum(vocab.CONFIDENCE),
    )
    notes: str | None = Field(default=None, max_length=MAX_NOTES,
                              description="free text for reviewers")

    @field_validator("sources")
    @classmethod
    def _sources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if value in _CHECKED_SOURCES:  # most facts cite one of a few lists of sources
            return value
        for source in value:
            _check_source(source)
        if INHERIT in value and len(value) > 1:
            raise ValueError("'inherit' stands alone: either cite sources or inherit the "
                             "owner's, not both")
        if len(_CHECKED_SOURCES) >= _CHECKED_MAX:
            _CHECKED_SOURCES.clear()
        _CHECKED_SOURCES.add(value)
        return value

    @field_validator("confidence", "dates_confidence")
    @classmethod
    def _confidence(cls, value: str | None) -> str | None:
        return None if value is None else vocab.check_term(value, vocab.CONFIDENCE, "confidence")

    @property
    def date_confidence(self) -> str | None:
        """How sure the dates are: ``dates_confidence``, or the fact's own confidence."""
        return self.dates_confidence or self.confidence

    @property
    def inherits_sources(self) -> bool:
        """True when the fact says it rests on its owner's sources (``sources: inherit``)."""
        return INHERIT in self.sources

    @model_validator(mode="after")
    def _dates_in_order(self) -> Provenance:
        if self.start_date and self.end_date and self.end_date.first < self.start_date.first:
            raise ValueError(
                f"end_date {self.end_date} is before start_date {self.start_date}; "
                "swap them or correct one"
            )
        return self


class DatedName(Provenance):
    """A name an entity had (or has) for a period: a rename, a change of status."""

    name: str = Field(min_length=1, max_length=MAX_NAME, description="English name then")
    name_cy: str | None = Field(default=None, max_length=MAX_NAME, description="Welsh name then")


class Entity(Provenance):
    """A named thing with an id."""

    id: str = Field(max_length=MAX_ID, description="unique id, a slug such as 'csp-cardiff'")
    name: str = Field(min_length=1, max_length=MAX_NAME, description="English name")
    name_cy: str | None = Field(default=None, max_length=MAX_NAME, description="Welsh name")
    names: tuple[DatedName, ...] = Field(
        default=(),
        description="dated names (earlier names, and the current one if its date matters); "
                    "'name' is used on any day none of them covers",
    )
    attributes: dict[str, Scalar] = Field(
        default_factory=dict,
        description="anything else worth keeping (columns imported from a spreadsheet)",
    )

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _check_id(value)

    def name_on(self, day: dt.date) -> DatedName | None:
        """The dated name in use on ``day``, or None when none covers it (use ``name``)."""
        for dated in self.names:
            if is_active(dated.start_date, dated.end_date, day):
                return dated
        return None

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every name it has had, English and Welsh, current first (for search)."""
        found: list[str] = []
        for text in (self.name, self.name_cy,
                     *(n for d in self.names for n in (d.name, d.name_cy))):
            if text and text not in found:
                found.append(text)
        return tuple(found)


class Area(Provenance):
    """An indivisible geography: one council area, by its ONS GSS code."""

    id: str = Field(max_length=MAX_ID, description="ONS GSS code, e.g. W06000015")
    name: str = Field(min_length=1, max_length=MAX_NAME, description="English name")
    name_cy: str | None = Field(default=None, max_length=MAX_NAME, description="Welsh name")
    population: int | None = Field(default=None, ge=0, le=10**10, description="usual residents")
    attributes: dict[str, Scalar] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _check_id(value)


class Footprint(Entity):
    """A named set of areas of one family, given directly or as a union of footprints."""

    family: str = Field(description="footprint family, e.g. police_force_area",
                        json_schema_extra=_enum(vocab.FOOTPRINT_FAMILIES))
    areas: tuple[str, ...] = Field(default=(), description="GSS codes of its areas")
    union: tuple[str, ...] = Field(default=(), description="ids of footprints it is the union of")
    predecessors: tuple[str, ...] = Field(default=(), description="footprints it replaced")

    @field_validator("family")
    @classmethod
    def _family(cls, value: str) -> str:
        return vocab.check_term(value, vocab.FOOTPRINT_FAMILIES, "footprint family")


class ReportingLine(Provenance):
    """A typed line from a body or organisation to another."""

    target: str = Field(description="id of the body or organisation it points to")
    type: str = Field(description="accountable_to, reports_to, sub_group_of, scrutinised_by "
                      "or funded_by", json_schema_extra=_enum(vocab.LINE_TYPES))

    @field_validator("type")
    @classmethod
    def _type(cls, value: str) -> str:
        return vocab.check_term(value, vocab.LINE_TYPES, "reporting line type")


def _duty_ref(value: Any) -> Any:
    return {"duty": value} if isinstance(value, str) else value


def _chair_ref(value: Any) -> Any:
    return {"organisation": value} if isinstance(value, str) else value


def _items_also_id(schema: dict[str, Any]) -> None:
    schema["items"] = {"anyOf": [{"type": "string"}, schema["items"]]}


class DutyAssignment(Provenance):
    """A duty a body or organisation discharges (the duty's id, or a mapping with dates)."""

    duty: str = Field(description="id of the duty")


Discharges = tuple[Annotated[DutyAssignment, BeforeValidator(_duty_ref)], ...]


class Organisation(Entity):
    """An agency that takes seats on bodies."""

    kind: str = Field(description="organisation kind, e.g. local_authority",
                      json_schema_extra=_enum(vocab.ORGANISATION_KINDS))
    devolved: bool = Field(description="true for a devolved (Welsh) public service")
    elected: bool = Field(description="true when elected (council, PCC, legislature)")
    footprint: str | None = Field(default=None, description="id of its home footprint")
    parent: str | None = Field(default=None, description="id of the organisation it is part of")
    reporting_lines: tuple[ReportingLine, ...] = Field(default=())
    discharges: Discharges = Field(
        default=(), description="duties the law puts on it: ids, or mappings with dates",
        json_schema_extra=_items_also_id,
    )
    predecessors: tuple[str, ...] = Field(default=(), description="organisations it replaced")

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        return vocab.check_term(value, vocab.ORGANISATION_KINDS, "organisation kind")


def _one_member(schema: dict[str, Any]) -> None:
    """Exactly one of organisation and body (the other missing or null)."""
    schema["oneOf"] = [
        {"required": [given], "properties": {given: {"type": "string"}, other: {"type": "null"}}}
        for given, other in (("organisation", "body"), ("body", "organisation"))
    ]


class Membership(Provenance):
    """A seat on a body, held by an organisation or by another body."""

    model_config = ConfigDict(json_schema_extra=_one_member)

    organisation: str | None = Field(default=None, description="id of the member organisation")
    body: str | None = Field(default=None,
                             description="id of the member body (a team or board that sits "
                                         "on this one); give organisation or body, not both")
    role: str = Field(description="responsible_authority, statutory_member, member, co_opted, "
                      "invited_participant or observer", json_schema_extra=_enum(vocab.ROLES))

    @field_validator("role")
    @classmethod
    def _role(cls, value: str) -> str:
        return vocab.check_term(value, vocab.ROLES, "membership role")

    @model_validator(mode="after")
    def _exactly_one(self) -> Membership:
        if (self.organisation is None) == (self.body is None):
            raise ValueError("a membership names its member once: give 'organisation' (an "
                             "organisation's id) or 'body' (a body's id), not both or neither")
        return self

    @property
    def member(self) -> str:
        """The id of the member, organisation or body."""
        return self.organisation if self.organisation is not None else str(self.body)

    @property
    def member_is_body(self) -> bool:
        return self.body is not None


class Chair(Provenance):
    """Who chaired a body, for a period (a plain id means: for the whole of its life)."""

    organisation: str = Field(description="id of the organisation that chairs it")


class StatutoryBasis(_Strict):
    """The law a body rests on."""

    act: str = Field(min_length=1, description="the Act, e.g. 'Crime and Disorder Act 1998'")
    section: str | None = Field(default=None, description="section(s), e.g. 's5-7'")


def _statutory_basis(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() == "none":
        return None
    return value


def _also_none(schema: dict[str, Any]) -> None:
    schema["anyOf"] = [*schema.get("anyOf", []), {"const": "none"}]


class Body(Entity):
    """A board, partnership, committee or group."""

    kind: str = Field(description="body kind, e.g. community_safety_partnership",
                      json_schema_extra=_enum(vocab.BODY_KINDS))
    level: str = Field(description="national, regional, local or sub_local",
                       json_schema_extra=_enum(vocab.LEVELS))
    footprint: str = Field(description="id of the footprint it covers")
    themes: tuple[str, ...] = Field(default=(), description="themes from the vocabulary",
                                    json_schema_extra=_items_enum(vocab.THEMES))
    statutory_basis: Annotated[StatutoryBasis | None, BeforeValidator(_statutory_basis)] = Field(
        default=None, description="act and section, or 'none' for a non-statutory body",
        json_schema_extra=_also_none,
    )
    chair: str | None = Field(default=None, description="id of the organisation that chairs it "
                              "(undated; use 'chairs' when the chair changed)")
    chairs: tuple[Annotated[Chair, BeforeValidator(_chair_ref)], ...] = Field(
        default=(), description="dated chairs: mappings with organisation, start_date, end_date",
        json_schema_extra=_items_also_id,
    )
    members: tuple[Membership, ...] = Field(default=())
    reporting_lines: tuple[ReportingLine, ...] = Field(default=())
    discharges: Discharges = Field(
        default=(), description="duties it discharges: ids, or mappings with dates",
        json_schema_extra=_items_also_id,
    )
    predecessors: tuple[str, ...] = Field(default=(), description="bodies it replaced")

    @model_validator(mode="after")
    def _one_way_to_chair(self) -> Body:
        if self.chair is not None and self.chairs:
            raise ValueError("give 'chair' (one undated chair) or 'chairs' (a dated list), "
                             "not both; move the chair into 'chairs'")
        return self

    @property
    def chair_ids(self) -> tuple[str, ...]:
        """Every organisation that chairs (or chaired) it, in the order written."""
        if self.chair is not None:
            return (self.chair,)
        return tuple(dict.fromkeys(c.organisation for c in self.chairs))

    @property
    def current_chair(self) -> str | None:
        """The chair when there is only one (as in a dated view), else None."""
        ids = self.chair_ids
        return ids[0] if len(ids) == 1 else None

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        return vocab.check_term(value, vocab.BODY_KINDS, "body kind")

    @field_validator("level")
    @classmethod
    def _level(cls, value: str) -> str:
        return vocab.check_term(value, vocab.LEVELS, "level")

    @field_validator("themes")
    @classmethod
    def _themes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for theme in value:
            vocab.check_term(theme, vocab.THEMES, "theme")
        return value

    @property
    def is_statutory(self) -> bool:
        return self.statutory_basis is not None


def _kind_ref(value: Any) -> Any:
    return {"kind": value} if isinstance(value, str) else value


class RequiredMember(Provenance):
    """An organisation kind the law requires, for a period (a plain kind means: always)."""

    kind: str = Field(description="organisation kind, e.g. police_and_crime_commissioner",
                      json_schema_extra=_enum(vocab.ORGANISATION_KINDS))

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        return vocab.check_term(value, vocab.ORGANISATION_KINDS, "organisation kind")


def _required_schema(schema: dict[str, Any]) -> None:
    schema["items"] = {"anyOf": [{"type": "string", "enum": list(vocab.ORGANISATION_KINDS)},
                                 schema["items"]]}


class Duty(Entity):
    """What a law requires, per unit of a footprint family."""

    law: str = Field(min_length=1, description="the Act, e.g. 'Crime and Disorder Act 1998'")
    section: str | None = Field(default=None, description="section(s), e.g. 's6'")
    applies_per: str = Field(description="footprint family whose units each need the duty done",
                             json_schema_extra=_enum(vocab.FOOTPRINT_FAMILIES))
    required_members: tuple[Annotated[RequiredMember, BeforeValidator(_kind_ref)], ...] = Field(
        default=(),
        description="organisation kinds that must be statutory members of whoever discharges "
                    "it: kinds, or mappings with kind and dates when the rule changed",
        json_schema_extra=_required_schema,
    )

    @field_validator("applies_per")
    @classmethod
    def _family(cls, value: str) -> str:
        return vocab.check_term(value, vocab.FOOTPRINT_FAMILIES, "footprint family")

    def required_kinds(self, on: dt.date | None = None) -> tuple[str, ...]:
        """The kinds required on day ``on`` (every kind ever required when ``on`` is None)."""
        kinds = (r.kind for r in self.required_members
                 if on is None or is_active(r.start_date, r.end_date, on))
        return tuple(dict.fromkeys(kinds))


class Arrangement(Provenance):
    """How one area arranged community safety for a period (the 2017 review's typology)."""

    id: str = Field(max_length=MAX_ID, description="unique id, e.g. 'arrangement-cardiff-2016'")
    footprint: str = Field(description="id of the footprint it describes: a council area, or "
                           "the area of a joint PSB")
    arrangement: str = Field(description="psb_absorbed_csp, csp_separate, hybrid, "
                             "csp_under_lsb, csp_only or other",
                             json_schema_extra=_enum(vocab.ARRANGEMENTS))
    psb: str | None = Field(default=None, description="id of the PSB (or LSB) concerned")
    csp: str | None = Field(default=None, description="id of the CSP concerned, if one remains")

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _check_id(value)

    @field_validator("arrangement")
    @classmethod
    def _arrangement(cls, value: str) -> str:
        return vocab.check_term(value, vocab.ARRANGEMENTS, "arrangement")


class Document(_Strict):
    """A document cited by the landscape: the source registry (data/sources.yaml)."""

    key: str = Field(min_length=1, max_length=MAX_NAME,
                     description="the name citations use: a seed file name "
                                 "('004_1052c6d804dc056a.txt') or 'public:<document>'")
    title: str = Field(min_length=1, max_length=2000, description="the document's title")
    publisher: str | None = Field(default=None, max_length=MAX_NAME,
                                  description="who published it (author or organisation)")
    year: int | None = Field(default=None, ge=1000, le=9999, description="year published")
    url: str | None = Field(default=None, max_length=2000, description="where to find it")
    licence: str | None = Field(default=None, max_length=MAX_NAME,
                                description="its licence, e.g. Open Government Licence v3.0")
    file: str | None = Field(default=None, max_length=MAX_NAME,
                             description="the plain-text copy in the seed folder, if any "
                                         "(defaults to the key when it ends in .txt)")
    notes: str | None = Field(default=None, max_length=MAX_NOTES)

    @property
    def text_file(self) -> str | None:
        """The name of its plain-text copy, if it has one."""
        return self.file or (self.key if self.key.endswith(".txt") else None)


class LandscapeDocument(_Strict):
    """One YAML (or JSON) file of a landscape. A landscape may be split over many files."""

    schema_version: int | None = Field(default=None, description="the schema version (1)")
    as_at: str | None = Field(default=None, description="set by 'govmap export'; ignored on load")
    areas: tuple[Area, ...] = Field(default=())
    footprints: tuple[Footprint, ...] = Field(default=())
    organisations: tuple[Organisation, ...] = Field(default=())
    bodies: tuple[Body, ...] = Field(default=())
    duties: tuple[Duty, ...] = Field(default=())
    arrangements: tuple[Arrangement, ...] = Field(
        default=(), description="each area's community-safety arrangement, dated")
    documents: tuple[Document, ...] = Field(
        default=(), description="the source registry: every document the citations name")


SCHEMA_VERSION = 1
