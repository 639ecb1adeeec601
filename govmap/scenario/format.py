"""The scenario file: a named, dated, sourced, ordered list of operations on a landscape.

A scenario is YAML read with :func:`govmap.model.reader.read_file`, so every problem is
reported as ``SCENARIO.yaml:LINE:COL: error: operation 3 (merge): ...``. Its structure is
checked here (unknown keys, missing keys, vocabulary terms, with did-you-mean hints); whether
the ids it names exist is checked against a landscape by :mod:`govmap.scenario.apply`.

The format is documented, with an example of every operation, in ``docs/scenarios.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from govmap.model import vocab
from govmap.model.dates import parse_day
from govmap.model.entities import Body, Provenance
from govmap.model.problems import Location, Problem, show_value
from govmap.model.reader import position, read_bytes, read_file

# -- operations ----------------------------------------------------------------------------


def _term(vocabulary: Mapping[str, str], what: str) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, str):
            vocab.check_term(value, vocabulary, what)
        return value

    return BeforeValidator(check)


BodyKind = Annotated[str, _term(vocab.BODY_KINDS, "body kind")]
Family = Annotated[str, _term(vocab.FOOTPRINT_FAMILIES, "footprint family")]
Level = Annotated[str, _term(vocab.LEVELS, "level")]
Role = Annotated[str, _term(vocab.ROLES, "membership role")]
LineType = Annotated[str, _term(vocab.LINE_TYPES, "reporting line type")]
Ident = Annotated[str, Field(min_length=1)]


def _sources(value: tuple[str, ...]) -> tuple[str, ...]:
    """Sources in the forms a landscape accepts (checked by the landscape's own rule)."""
    try:
        Provenance(sources=value)
    except ValidationError as exc:
        raise ValueError(str(exc.errors()[0]["msg"]).removeprefix("Value error, ")) from None
    return value


class Operation(BaseModel):
    """Fields every operation shares: why it is there."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              populate_by_name=True)

    op: str
    sources: tuple[str, ...] = Field(
        default=(), description="sources for this step, in addition to the scenario's")
    notes: str | None = Field(default=None, description="free text kept on what it creates")

    @field_validator("sources")
    @classmethod
    def _check_sources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _sources(value)

    @property
    def label(self) -> str:
        return self.op


class Merge(Operation):
    """Several bodies become one.

    With ``into`` naming one of ``bodies`` (or another existing body), that body survives
    and absorbs the others; otherwise a new body is made, with id ``into`` or one derived
    from the merged ids (``csp-conwy`` + ``csp-denbighshire`` -> ``csp-conwy-denbighshire``).
    """

    op: Literal["merge"] = "merge"
    bodies: tuple[Ident, ...] = Field(min_length=2, description="ids of the bodies to merge")
    into: Ident | None = Field(default=None, description="id of the merged body")
    name: str | None = Field(default=None, description="name of the merged body")
    kind: BodyKind | None = None
    level: Level | None = None
    family: Family | None = Field(
        default=None, description="family of a new footprint, if one is needed (region)")


class Dissolve(Operation):
    """A body goes; its sub-groups and duties move to ``to``, or to its parent body."""

    op: Literal["dissolve"] = "dissolve"
    body: Ident
    to: Ident | None = None


class Regionalise(Operation):
    """Every body of ``kind`` is merged into one body per footprint of ``family``.

    ``id`` and ``name`` are templates: ``{footprint}`` is replaced by the footprint's id
    (in ``id``) or name (in ``name``).
    """

    op: Literal["regionalise"] = "regionalise"
    kind: BodyKind
    family: Family
    id: str | None = Field(default=None, description="id template, e.g. 'csp-{footprint}'")
    name: str | None = Field(default=None,
                             description="name template, e.g. '{footprint} Safer Communities'")
    level: Level | None = None
    new_kind: BodyKind | None = Field(default=None, description="kind of the merged bodies")


class TransferDuty(Operation):
    """A duty moves from one body to another."""

    op: Literal["transfer_duty"] = "transfer_duty"
    duty: Ident
    from_: Ident = Field(alias="from")
    to: Ident


class AddBody(Operation):
    """A new body, written as in a landscape file."""

    op: Literal["add_body"] = "add_body"
    body: Body


class RemoveBody(Operation):
    """A body goes, with no successor: its duties go with it and its sub-groups lose a line."""

    op: Literal["remove_body"] = "remove_body"
    body: Ident


class AddMember(Operation):
    """An organisation takes a seat on a body."""

    op: Literal["add_member"] = "add_member"
    body: Ident
    organisation: Ident
    role: Role = "member"


class RemoveMember(Operation):
    """An organisation gives up its seat on a body."""

    op: Literal["remove_member"] = "remove_member"
    body: Ident
    organisation: Ident


class SetRole(Operation):
    """An organisation's role on a body changes."""

    op: Literal["set_role"] = "set_role"
    body: Ident
    organisation: Ident
    role: Role


class MoveLine(Operation):
    """A body reports to someone else.

    With ``from``, the body's line to ``from`` is re-pointed; without it, every upward line
    (accountable_to, reports_to, sub_group_of) is replaced by one line to ``to``. ``type``
    sets the new line's type (default: the type of the line it replaces, or reports_to).
    """

    op: Literal["move_line"] = "move_line"
    body: Ident
    to: Ident
    from_: Ident | None = Field(default=None, alias="from")
    type: LineType | None = None


class AddLine(Operation):
    """A new reporting line from a body to a body or organisation."""

    op: Literal["add_line"] = "add_line"
    body: Ident
    to: Ident
    type: LineType


class RemoveLine(Operation):
    """A body's reporting line(s) to ``to`` go (only those of ``type``, if given)."""

    op: Literal["remove_line"] = "remove_line"
    body: Ident
    to: Ident
    type: LineType | None = None


class SetFootprint(Operation):
    """A body covers another footprint (and, optionally, sits at another level)."""

    op: Literal["set_footprint"] = "set_footprint"
    body: Ident
    footprint: Ident
    level: Level | None = None


OPERATIONS: Mapping[str, type[Operation]] = {
    "merge": Merge,
    "dissolve": Dissolve,
    "regionalise": Regionalise,
    "transfer_duty": TransferDuty,
    "add_body": AddBody,
    "remove_body": RemoveBody,
    "add_member": AddMember,
    "remove_member": RemoveMember,
    "set_role": SetRole,
    "move_line": MoveLine,
    "add_line": AddLine,
    "remove_line": RemoveLine,
    "set_footprint": SetFootprint,
}

#: Spellings people reach for, mapped to the operation they mean.
_ALIASES: Mapping[str, str] = {"regionalize": "regionalise", "move_reporting_line": "move_line"}


# -- the scenario -------------------------------------------------------------------------


def _day(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse_day(value)
    raise ValueError(f"expected a date such as 2017-06-01, got {value!r}")


class ScenarioDocument(BaseModel):
    """The top level of a scenario file (operations are checked one by one)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1, description="a short title")
    description: str = Field(min_length=1, description="what the scenario tests, and why")
    date: Annotated[dt.date, BeforeValidator(_day)] = Field(
        description="the day the landscape is taken at before the operations apply")
    sources: tuple[str, ...] = Field(
        min_length=1, description="the source lines that motivate it ('<seed>.txt:L<line>')")
    operations: list[Any] = Field(min_length=1, description="the operations, in order")
    outcome: str | None = Field(
        default=None, description="what happened in reality, where the sources say")

    @field_validator("sources")
    @classmethod
    def _check_sources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _sources(value)


@dataclass(frozen=True)
class Scenario:
    """A checked scenario: its header, its operations and where each was written."""

    name: str
    date: dt.date
    operations: tuple[Operation, ...]
    description: str = ""
    sources: tuple[str, ...] = ()
    outcome: str | None = None
    file: str = "<scenario>"
    raw: Any = field(default=None, compare=False, repr=False)

    def locate(self, index: int | None = None, loc: Sequence[str | int] = ()) -> Location:
        """Where operation ``index`` (0-based), or a value inside it, was written."""
        path: tuple[str | int, ...] = () if index is None else ("operations", index, *loc)
        if self.raw is None:
            return Location(self.file)
        line, column = position(self.raw, path)
        return Location(self.file, line, column)


def describe_operation(index: int, operation: Operation) -> str:
    """``operation 3 (merge)``: how messages name an operation (counting from 1)."""
    return f"operation {index + 1} ({operation.label})"


# -- reading ------------------------------------------------------------------------------


def read_scenario(path: str | Path, display: str | None = None
                  ) -> tuple[Scenario | None, list[Problem]]:
    """Read and check a scenario file; never raises for bad input.

    Returns the scenario (None if there was any error) and every problem found.
    """
    result = read_file(Path(path), display or str(path))
    if result.problems:
        return None, list(result.problems)
    return parse_scenario(result.data, display or str(path))


def scenario_from_text(text: str, name: str = "scenario.yaml"
                       ) -> tuple[Scenario | None, list[Problem]]:
    """Read a scenario from YAML text (handy in tests and in the explorer)."""
    result = read_bytes(text.encode("utf-8"), name)
    if result.problems:
        return None, list(result.problems)
    return parse_scenario(result.data, name)


def parse_scenario(data: Any, file: str = "<scenario>") -> tuple[Scenario | None, list[Problem]]:
    """Check the structure of scenario data read from ``file``."""
    problems: list[Problem] = []

    def at(loc: Sequence[str | int], key: bool = False) -> Location:
        return Location(file, *position(data, loc, key=key))

    if not isinstance(data, dict):
        return None, [Problem(at(()), "a scenario must be a mapping with keys name, "
                              "description, date, sources and operations")]
    header: ScenarioDocument | None = None
    try:
        header = ScenarioDocument.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc, message, key = _describe(error, ScenarioDocument, "scenario")
            problems.append(Problem(at(loc, key), message))

    raw_ops = data.get("operations")
    operations: list[Operation] = []
    if isinstance(raw_ops, list):
        for index, raw in enumerate(raw_ops):
            operation = _parse_operation(index, raw, problems,
                                         lambda loc, key=False, i=index:
                                         at(("operations", i, *loc), key))
            if operation is not None:
                operations.append(operation)
    if problems or header is None:
        return None, problems
    return Scenario(
        name=header.name, date=header.date, operations=tuple(operations),
        description=header.description, sources=header.sources, outcome=header.outcome,
        file=file, raw=data,
    ), []


def _parse_operation(index: int, raw: Any, problems: list[Problem], at: Any) -> Operation | None:
    label = f"operation {index + 1}"
    if not isinstance(raw, dict):
        problems.append(Problem(at(()), f"{label}: should be a mapping starting with 'op:', "
                                f"such as '- op: merge'; got {show_value(raw)}"))
        return None
    name = raw.get("op")
    if not isinstance(name, str):
        problems.append(Problem(at(()), f"{label}: say which operation it is with 'op:' (one "
                                f"of {', '.join(OPERATIONS)})"))
        return None
    name = name.strip()
    if name not in OPERATIONS:
        hint = vocab.did_you_mean(name, OPERATIONS)
        if name in _ALIASES:
            hint = f" (did you mean '{_ALIASES[name]}'?)"
        problems.append(Problem(at(("op",)), f"{label}: unknown operation '{name}'"
                                + (hint or f"; use one of: {', '.join(OPERATIONS)}")))
        return None
    model = OPERATIONS[name]
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        misspelt = set()
        for error in errors:
            if error["type"] == "extra_forbidden":
                loc = tuple(error["loc"])
                best = vocab.suggest(str(loc[-1]), _allowed_keys(model, loc[:-1]))
                misspelt.add((*loc[:-1], best))
        for error in errors:
            if error["type"] == "missing" and tuple(error["loc"]) in misspelt:
                continue  # reported as the misspelt key
            loc, message, key = _describe(error, model, f"{label} ({name})")
            problems.append(Problem(at(loc, key), message))
    return None


_EXPECTED = {
    "string_type": "text", "int_type": "a whole number", "bool_type": "true or false",
    "bool_parsing": "true or false", "tuple_type": "a list", "list_type": "a list",
    "dict_type": "a mapping (key: value)", "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)", "float_type": "a number",
    "string_too_short": "non-empty text", "literal_error": "the operation's name",
}


def _describe(error: Any, model: type[BaseModel], subject: str
              ) -> tuple[tuple[str | int, ...], str, bool]:
    """A plain-English message for one pydantic error: (location, message, points at key)."""
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind = error["type"]
    path = _path(loc)
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        hint = vocab.did_you_mean(str(loc[-1]), allowed) or f"; allowed keys: {', '.join(allowed)}"
        where = f" in {path.rsplit('.', 1)[0]}" if len(loc) > 1 else ""
        return loc, f"{subject}: unknown key '{loc[-1]}'{where}{hint}", True
    if kind == "missing":
        return loc, f"{subject}: missing required key '{path}'", False
    if kind == "too_short" and "min_length" in error.get("ctx", {}):
        least = error["ctx"]["min_length"]
        what = "operation" if loc[-1] == "operations" else "item"
        return loc, (f"{subject}: '{path}' needs at least {least} {what}"
                     f"{'s' if least != 1 else ''}"), False
    if kind == "value_error":
        message = str(error["msg"]).removeprefix("Value error, ")
        return loc, f"{subject}: {path}: {message}", False
    expected = _EXPECTED.get(kind)
    if expected:
        got = show_value(error.get("input"))
        return loc, f"{subject}: '{path}' should be {expected}, got {got}", False
    return loc, f"{subject}: {path}: {error['msg']}", False


def _allowed_keys(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        info = getattr(current, "model_fields", {}).get(step)
        annotation = getattr(info, "annotation", None)
        current = _inner_model(annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [info.alias or name for name, info in fields.items()]


def _inner_model(annotation: Any) -> Any:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _path(loc: Sequence[str | int]) -> str:
    text = ""
    for step in loc:
        name = "from" if step == "from_" else step
        text += f"[{name}]" if isinstance(name, int) else (f".{name}" if text else str(name))
    return text


