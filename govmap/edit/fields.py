"""The editable fields of each entity, read from the pydantic models of the landscape.

The Edit page draws its forms and tables from :func:`fields_of`, so a field added to a model
in :mod:`govmap.model.entities` appears there without a change to the page: a vocabulary
becomes a choice (from the field's JSON Schema ``enum``), a reference to other entities a
choice of them (from :data:`govmap.model.load.REFERENCES`), a date a date input, and
anything the page has no widget for is edited as YAML text.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from govmap.model.dates import PartialDate
from govmap.model.entities import Provenance
from govmap.model.load import REFERENCES, SECTIONS


@dataclass(frozen=True)
class FieldSpec:
    """How one field is edited.

    ``kind`` is one of ``text``, ``longtext``, ``bool``, ``int``, ``number``, ``date``,
    ``choice`` (one vocabulary term), ``choices`` (several), ``ref`` (the id of another
    entity, of the sections in ``targets``), ``refs``, ``sources`` (one per line),
    ``nested`` (a mapping with fields of its own, ``model``), ``parts`` (rows of ``model``,
    shown as a table), or ``yaml`` (anything else, edited as YAML text).
    """

    name: str
    kind: str
    required: bool
    description: str
    vocabulary: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    model: type[BaseModel] | None = None


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type inside ``X | None`` and ``Annotated[X, ...]``, and whether None is allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        args = typing.get_args(annotation)
        if args and type(None) in args and origin is not tuple:
            optional = True
            rest = [a for a in args if a is not type(None)]
            annotation = rest[0] if len(rest) == 1 else annotation
            if len(rest) == 1:
                continue
        return annotation, optional


def _model(annotation: Any) -> type[BaseModel] | None:
    inner, _ = _unwrap(annotation)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def _enum(info: FieldInfo, items: bool) -> tuple[str, ...]:
    extra = info.json_schema_extra
    if not isinstance(extra, dict):
        return ()
    found = extra.get("items") if items else extra
    terms = found.get("enum") if isinstance(found, dict) else None
    if isinstance(terms, list):
        return tuple(str(v) for v in terms)
    return ()


def _references(section: str | None, part: str | None) -> dict[str, tuple[str, ...]]:
    """Field name -> sections its ids must belong to, for an entity or one of its parts."""
    found: dict[str, tuple[str, ...]] = {}
    for path, wanted in REFERENCES.get(section or "", ()):
        if part is None and len(path) in (1, 2) and (len(path) == 1 or path[1] == "*"):
            found.setdefault(path[0], wanted)
        elif part is not None and len(path) == 3 and path[0] == part:
            found.setdefault(path[2], wanted)
        elif part is not None and len(path) == 2 and path[0] == part and path[1] == "*":
            found.setdefault("*", wanted)
    return found


def fields_of(model: type[BaseModel], section: str | None = None,
              part: str | None = None) -> list[FieldSpec]:
    """The fields of ``model`` (an entity of ``section``, or a row of one of its ``part``),
    in the order :func:`ordered` writes them."""
    references = _references(section, part)
    specs = []
    for name in _order(model):
        info = model.model_fields[name]
        inner, optional = _unwrap(info.annotation)
        required = info.is_required()
        description = info.description or ""
        origin = typing.get_origin(inner)
        targets = references.get(name, ())
        if inner is bool:
            kind = "bool"
        elif inner is int:
            kind = "int"
        elif inner is float:
            kind = "number"
        elif inner is PartialDate:
            kind = "date"
        elif inner is str:
            vocabulary = _enum(info, items=False)
            kind = ("choice" if vocabulary else "ref" if targets
                    else "longtext" if name in ("notes", "description") else "text")
            specs.append(FieldSpec(name, kind, required, description, vocabulary, targets))
            continue
        elif origin is tuple:
            args = [a for a in typing.get_args(inner) if a is not Ellipsis]
            item = _model(args[0]) if args else None
            if item is not None:
                specs.append(FieldSpec(name, "parts", required, description, model=item))
                continue
            vocabulary = _enum(info, items=True)
            kind = ("choices" if vocabulary else "refs" if targets
                    else "sources" if name == "sources" else "yaml")
            specs.append(FieldSpec(name, kind, required, description, vocabulary, targets))
            continue
        elif _model(inner) is not None:
            specs.append(FieldSpec(name, "nested", required and not optional, description,
                                   model=_model(inner)))
            continue
        else:
            kind = "yaml"
        specs.append(FieldSpec(name, kind, required, description))
    return specs


def _order(model: type[BaseModel]) -> list[str]:
    """Field names as a file writes them: what it is first, then dates, sources, notes."""
    provenance = [n for n in Provenance.model_fields if n in model.model_fields]
    own = [n for n in model.model_fields if n not in provenance]
    first = [n for n in ("id", "key", "name", "name_cy") if n in own]
    last = [n for n in ("attributes",) if n in own]
    return first + [n for n in own if n not in first + last] + last + provenance


def ordered(model: type[BaseModel], data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` with its keys in :func:`_order`'s order (parts ordered too, unknown keys last)."""
    out: dict[str, Any] = {}
    for name in [*_order(model), *(k for k in data if k not in model.model_fields)]:
        if name not in data:
            continue
        value = data[name]
        info = model.model_fields.get(name)
        inner = _unwrap(info.annotation)[0] if info is not None else None
        if isinstance(value, list) and typing.get_origin(inner) is tuple:
            args = typing.get_args(inner)
            item = _model(args[0]) if args else None
            if item is not None:
                value = [ordered(item, v) if isinstance(v, Mapping) else v for v in value]
        out[name] = value
    return out


def section_model(section: str) -> type[BaseModel]:
    """The pydantic model of an entity of ``section``."""
    return SECTIONS[section]


def part_model(section: str, part: str) -> type[BaseModel]:
    """The pydantic model of a row of ``part`` of an entity of ``section``."""
    spec = next(f for f in fields_of(section_model(section), section) if f.name == part)
    if spec.model is None:
        raise KeyError(part)
    return spec.model


#: The entity tables the Edit page offers, and the parts of each shown as tables of rows
#: (every field of the model that is a list of mappings: members, reporting lines, ...).
EDITABLE: Mapping[str, tuple[str, ...]] = {
    section: tuple(f.name for f in fields_of(SECTIONS[section], section) if f.kind == "parts")
    for section in ("bodies", "organisations", "documents") if section in SECTIONS
}
