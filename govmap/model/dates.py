"""Dates that may be known only to the year or the month.

The sources often say "in 2012" and nothing more. Such a date is kept at the precision it
was given (``2012``, ``2012-04`` or ``2012-04-01``) and printed back the same way, so a
timeline is never shown as more precise than its source. For comparisons a partial date
stands for the **first day** of its period.

An entity is active on day ``d`` when ``start_date <= d < end_date`` (either bound may be
missing): ``end_date`` is the day it ended, so a body with ``end_date: 2016-04-01`` and its
successor with ``start_date: 2016-04-01`` hand over without overlapping.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

Precision = Literal["year", "month", "day"]

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


#: Dates already read from text (a PartialDate is immutable, so one may be shared).
_READ: dict[str, PartialDate] = {}
_READ_MAX = 10_000


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    first: dt.date
    precision: Precision = "day"

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Read a date from YAML or JSON: a ``date``, a year (int) or an ISO string."""
        if type(value) is str:  # the same few dates recur across a landscape: read each once
            known = _READ.get(value)
            if known is None:
                if len(_READ) >= _READ_MAX:
                    _READ.clear()
                known = _READ[value] = cls._parse(value)
            return known
        return cls._parse(value)

    @classmethod
    def _parse(cls, value: object) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            return cls(value.date())
        if isinstance(value, dt.date):
            return cls(value)
        if isinstance(value, bool):
            raise ValueError(f"expected a date such as 2016-04-01, 2016-04 or 2016, got {value}")
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(
                f"expected a date such as 2016-04-01, 2016-04 or 2016, got {value!r}"
            )
        match = _PATTERN.match(value.strip())
        if not match:
            raise ValueError(f"'{value}' is not a date; write 2016-04-01, 2016-04 or 2016")
        year, month, day = match.groups()
        try:
            if day is not None:
                return cls(dt.date(int(year), int(month), int(day)), "day")
            if month is not None:
                return cls(dt.date(int(year), int(month), 1), "month")
            return cls(dt.date(int(year), 1, 1), "year")
        except ValueError as exc:
            raise ValueError(f"'{value}' is not a real date ({exc})") from None

    @property
    def last(self) -> dt.date:
        """The last day of its period (the day itself when known to the day)."""
        if self.precision == "year":
            return dt.date(self.first.year, 12, 31)
        if self.precision == "month":
            following = dt.date(self.first.year + self.first.month // 12,
                                self.first.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return self.first

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.first.year:04d}"
        if self.precision == "month":
            return f"{self.first.year:04d}-{self.first.month:02d}"
        return self.first.isoformat()

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": "ISO date (2016-04-01), or year-month (2016-04), or year (2016)",
        }


def parse_day(value: str | dt.date) -> dt.date:
    """Parse a full ISO date given on the command line or in a scenario."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a date; write it as YYYY-MM-DD") from None


def is_active(start: PartialDate | None, end: PartialDate | None, on: dt.date) -> bool:
    """True when an interval ``[start, end)`` contains the day ``on``."""
    if start is not None and on < start.first:
        return False
    return not (end is not None and on >= end.first)


def describe_period(start: PartialDate | None, end: PartialDate | None) -> str:
    """A period in words, as messages give it.

    >>> describe_period(None, None), describe_period(PartialDate.parse("2015"), None)
    ('undated', 'from 2015')
    >>> describe_period(PartialDate.parse("2012-11"), PartialDate.parse("2016-04-01"))
    '2012-11 to 2016-04-01'
    """
    if start is None and end is None:
        return "undated"
    if start is None:
        return f"until {end}"
    if end is None:
        return f"from {start}"
    return f"{start} to {end}"
