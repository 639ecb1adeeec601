"""The typed entities of a governance landscape.

Every entity, membership, reporting line and duty assignment can carry ``start_date``,
``end_date``, ``sources`` and a ``confidence``. Field docstrings become the descriptions of
the published JSON Schema (``govmap/schema/landscape.schema.json``), so an editor shows them
while someone writes YAML by hand.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from govmap.model import vocab
from govmap.model.dates import PartialDate

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_SOURCE = re.compile(r"^(?:[^\s:]+\.txt:L\d+(?:-L?\d+)?|public:.+|[^\s:]+:.+)$")

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
    if not value.strip():
        raise ValueError("a source may not be empty")
    if not _SOURCE.match(value):
        raise ValueError(
            f"source '{value}' is not in a known form; write '<seed file>:L<line>' "
            "(004_1052c6d804dc056a.txt:L3088) or 'public:<document name>'"
        )
    return value


Source = Annotated[str, Field(max_length=2000)]


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
    sources: tuple[Source, ...] = Field(
        default=(),
        description="where the fact comes from: '<seed file>:L<line>' or 'public:<document>'",
    )
    confidence: str | None = Field(
        default=None, description="stated, derived, inferred or general-knowledge",
        json_schema_extra=_enum(vocab.CONFIDENCE),
    )
    notes: str | None = Field(default=None, max_length=MAX_NOTES,
                              description="free text for reviewers")

    @field_validator("sources")
    @classmethod
    def _sources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for source in value:
            _check_source(source)
        return value

    @field_validator("confidence")
    @classmethod
    def _confidence(cls, value: str | None) -> str | None:
        return None if value is None else vocab.check_term(value, vocab.CONFIDENCE, "confidence")

    @model_validator(mode="after")
    def _dates_in_order(self) -> Provenance:
        if self.start_date and self.end_date and self.end_date.first < self.start_date.first:
            raise ValueError(
                f"end_date {self.end_date} is before start_date {self.start_date}; "
                "swap them or correct one"
            )
        return self


class Entity(Provenance):
    """A named thing with an id."""

    id: str = Field(max_length=MAX_ID, description="unique id, a slug such as 'csp-cardiff'")
    name: str = Field(min_length=1, max_length=MAX_NAME, description="English name")
    name_cy: str | None = Field(default=None, max_length=MAX_NAME, description="Welsh name")
    attributes: dict[str, Scalar] = Field(
        default_factory=dict,
        description="anything else worth keeping (columns imported from a spreadsheet)",
    )

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return _check_id(value)


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


class Organisation(Entity):
    """An agency that takes seats on bodies."""

    kind: str = Field(description="organisation kind, e.g. local_authority",
                      json_schema_extra=_enum(vocab.ORGANISATION_KINDS))
    devolved: bool = Field(description="true for a devolved (Welsh) public service")
    elected: bool = Field(description="true when elected (council, PCC, legislature)")
    footprint: str | None = Field(default=None, description="id of its home footprint")
    parent: str | None = Field(default=None, description="id of the organisation it is part of")
    reporting_lines: tuple[ReportingLine, ...] = Field(default=())
    predecessors: tuple[str, ...] = Field(default=(), description="organisations it replaced")

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        return vocab.check_term(value, vocab.ORGANISATION_KINDS, "organisation kind")


class Membership(Provenance):
    """An organisation's seat on a body."""

    organisation: str = Field(description="id of the member organisation")
    role: str = Field(description="responsible_authority, statutory_member, member, co_opted, "
                      "invited_participant or observer", json_schema_extra=_enum(vocab.ROLES))

    @field_validator("role")
    @classmethod
    def _role(cls, value: str) -> str:
        return vocab.check_term(value, vocab.ROLES, "membership role")


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


def _items_also_id(schema: dict[str, Any]) -> None:
    schema["items"] = {"anyOf": [{"type": "string"}, schema["items"]]}


def _duty_ref(value: Any) -> Any:
    return {"duty": value} if isinstance(value, str) else value


class DutyAssignment(Provenance):
    """A duty a body discharges (written as the duty's id, or a mapping with dates)."""

    duty: str = Field(description="id of the duty")


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
    chair: str | None = Field(default=None, description="id of the organisation that chairs it")
    members: tuple[Membership, ...] = Field(default=())
    reporting_lines: tuple[ReportingLine, ...] = Field(default=())
    discharges: tuple[Annotated[DutyAssignment, BeforeValidator(_duty_ref)], ...] = Field(
        default=(), description="duties it discharges: ids, or mappings with dates",
        json_schema_extra=_items_also_id,
    )
    predecessors: tuple[str, ...] = Field(default=(), description="bodies it replaced")

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


class Duty(Entity):
    """What a law requires, per unit of a footprint family."""

    law: str = Field(min_length=1, description="the Act, e.g. 'Crime and Disorder Act 1998'")
    section: str | None = Field(default=None, description="section(s), e.g. 's6'")
    applies_per: str = Field(description="footprint family whose units each need the duty done",
                             json_schema_extra=_enum(vocab.FOOTPRINT_FAMILIES))
    required_members: tuple[str, ...] = Field(
        default=(),
        description="organisation kinds that must be statutory members of whoever discharges it",
        json_schema_extra=_items_enum(vocab.ORGANISATION_KINDS),
    )

    @field_validator("applies_per")
    @classmethod
    def _family(cls, value: str) -> str:
        return vocab.check_term(value, vocab.FOOTPRINT_FAMILIES, "footprint family")

    @field_validator("required_members")
    @classmethod
    def _kinds(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for kind in value:
            vocab.check_term(kind, vocab.ORGANISATION_KINDS, "organisation kind")
        return value


class LandscapeDocument(_Strict):
    """One YAML (or JSON) file of a landscape. A landscape may be split over many files."""

    schema_version: int | None = Field(default=None, description="the schema version (1)")
    as_at: str | None = Field(default=None, description="set by 'govmap export'; ignored on load")
    areas: tuple[Area, ...] = Field(default=())
    footprints: tuple[Footprint, ...] = Field(default=())
    organisations: tuple[Organisation, ...] = Field(default=())
    bodies: tuple[Body, ...] = Field(default=())
    duties: tuple[Duty, ...] = Field(default=())


SCHEMA_VERSION = 1
