"""The spreadsheet layout shared by ``govmap import-sheet`` and ``govmap export --format xlsx``.

Stakeholder-mapping users keep their maps in Kumu's layout: an **Elements** sheet (one row
per thing, with ``Label``, ``Type`` and any other columns) and a **Connections** sheet (one
row per link, with ``From``, ``To``, ``Type`` and any other columns). govmap reads and writes
that layout, adds its own optional columns (level, footprint, dates, sources, ...) and two
extra sheets, **Areas** and **Footprints**, whose names end in ``(ignore)`` so that Kumu
skips them (Kumu imports every sheet whose name does not contain ``(ignore)``). The column
names, the list separators and the way vocabulary terms are written live here, so that
what the export writes is exactly what the import reads. ``docs/exchange.md`` documents
the layout.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from govmap.model import vocab

ELEMENTS = "Elements"
CONNECTIONS = "Connections"
AREAS = "Areas"
FOOTPRINTS = "Footprints"
#: Dated (former) names of elements, one row per name.
NAMES = "Names"
#: Required members of duties, one row per kind, when a duty's rule changed over time.
REQUIRED = "Required members"
#: Each area's community-safety arrangement, dated.
ARRANGEMENTS = "Arrangements"
#: The source registry: one row per cited document.
SOURCES = "Sources"
#: Sheets that hold facts about elements rather than elements, in the order they are read.
EXTRA_SHEETS = (NAMES, REQUIRED, ARRANGEMENTS, SOURCES)
#: A sheet the export writes for people (what the workbook is); the import skips it.
ABOUT = "About"
#: Kumu skips a sheet whose name contains this; govmap still reads Areas and Footprints.
IGNORE_MARK = "(ignore)"
#: A sheet whose name says "(ignore)" and that is not one of govmap's: skipped, as Kumu does.
IGNORED = "ignored"

#: Separator of the values of a list held in one cell (Kumu's own, for Tags): no spaces
#: around it, as Kumu writes it (``a|b``); the import also accepts ``a | b``.
LIST_SEPARATOR = "|"
#: Kumu's connection directions; every govmap link (seat, reporting line, duty) is directed.
DIRECTIONS = ("directed", "undirected", "mutual")
DIRECTED = "directed"
#: Sources are written one per line of their cell (a source may contain '|', never a newline).
SOURCE_SEPARATOR = "\n"
#: Prefix of a column holding an attribute whose name is also a govmap column's name.
ATTRIBUTE_PREFIX = "attr:"

#: Value of the 'statutory basis' column for a body with no statutory basis.
NON_STATUTORY = "none"


@dataclass(frozen=True)
class Column:
    """A column of the layout: its header as written, the govmap field it holds, aliases."""

    header: str
    field: str
    aliases: tuple[str, ...] = ()
    #: False for a column the import reads but the export leaves out (it writes the value
    #: in another column: ``kind`` in Type, ``themes`` in Tags, ``role`` in Type).
    written: bool = True


_PROVENANCE = (
    Column("start date", "start_date", ("start", "from date", "started", "start_date")),
    Column("end date", "end_date", ("end", "to date", "ended", "end_date")),
    Column("sources", "sources", ("source",)),
    Column("confidence", "confidence"),
    Column("dates confidence", "dates_confidence", ("date confidence",)),
)

#: Columns of each sheet, in the order the export writes them.
COLUMNS: Mapping[str, tuple[Column, ...]] = {
    ELEMENTS: (
        Column("ID", "id", ("identifier",)),
        Column("Label", "name", ("name",)),
        Column("Type", "type", ("element type",)),
        Column("Description", "notes", ("notes", "note")),
        Column("Tags", "tags"),
        Column("entity", "entity", ("govmap entity",)),
        Column("kind", "kind", written=False),
        Column("Welsh name", "name_cy", ("name cy", "enw")),
        Column("level", "level"),
        Column("footprint", "footprint"),
        Column("themes", "themes", ("theme",), written=False),
        Column("statutory basis", "statutory_act", ("statutory act", "act", "statutory_basis")),
        Column("statutory section", "statutory_section"),
        Column("chair", "chair", ("chaired by",)),
        Column("devolved", "devolved"),
        Column("elected", "elected"),
        Column("parent", "parent", ("part of",)),
        Column("predecessors", "predecessors", ("replaced", "predecessor")),
        Column("law", "law"),
        Column("section", "section"),
        Column("applies per", "applies_per"),
        Column("required members", "required_members"),
        *_PROVENANCE,
    ),
    CONNECTIONS: (
        Column("ID", "id", ("identifier",)),
        Column("From", "from"),
        Column("To", "to"),
        Column("Type", "type", ("connection type",)),
        Column("Direction", "direction"),
        Column("Description", "notes", ("notes", "note")),
        Column("From name", "from_label", ("from label",)),
        Column("To name", "to_label", ("to label",)),
        Column("From ID", "from_id", written=False),
        Column("To ID", "to_id", written=False),
        Column("role", "role", written=False),
        *_PROVENANCE,
    ),
    AREAS: (
        Column("ID", "id", ("gss code", "code")),
        Column("Name", "name", ("label",)),
        Column("Welsh name", "name_cy", ("name cy", "enw")),
        Column("population", "population"),
        Column("Description", "notes", ("notes", "note")),
        *_PROVENANCE,
    ),
    FOOTPRINTS: (
        Column("ID", "id"),
        Column("Name", "name", ("label",)),
        Column("Welsh name", "name_cy", ("name cy", "enw")),
        Column("family", "family"),
        Column("areas", "areas", ("area",)),
        Column("union", "union", ("union of",)),
        Column("predecessors", "predecessors", ("replaced", "predecessor")),
        Column("Description", "notes", ("notes", "note")),
        *_PROVENANCE,
    ),
    NAMES: (
        Column("ID", "id", ("element", "element id")),
        Column("Name", "name", ("label",)),
        Column("Welsh name", "name_cy", ("name cy", "enw")),
        Column("Description", "notes", ("notes", "note")),
        *_PROVENANCE,
    ),
    REQUIRED: (
        Column("Duty ID", "id", ("duty", "id")),
        Column("kind", "kind", ("type", "required member")),
        Column("Description", "notes", ("notes", "note")),
        *_PROVENANCE,
    ),
    ARRANGEMENTS: (
        Column("ID", "id"),
        Column("footprint", "footprint", ("area",)),
        Column("arrangement", "arrangement", ("type",)),
        Column("PSB", "psb", ("board",)),
        Column("CSP", "csp"),
        Column("Description", "notes", ("notes", "note")),
        *_PROVENANCE,
    ),
    SOURCES: (
        Column("Key", "key", ("citation", "id")),
        Column("Title", "title", ("name", "label")),
        Column("Publisher", "publisher", ("author",)),
        Column("Year", "year"),
        Column("URL", "url", ("link",)),
        Column("Licence", "licence", ("license",)),
        Column("File", "file"),
        Column("Description", "notes", ("notes", "note")),
    ),
}



def sheet_title(sheet: str) -> str:
    """The name the export gives a sheet: ``Areas (ignore)`` for those Kumu must skip."""
    return sheet if sheet in (ELEMENTS, CONNECTIONS) else f"{sheet} {IGNORE_MARK}"


def join_list(values: Iterable[str]) -> str | None:
    """A list as one cell, Kumu's way (``a|b``); None for an empty list."""
    return LIST_SEPARATOR.join(values) or None


def connection_ids(keys: Iterable[tuple[str, str, str]]) -> list[str]:
    """A stable, unique ID for each connection (source, govmap term, target).

    The same link exported twice gets the same ID, so that Kumu updates it on a second
    import instead of adding a copy; a second link of the same type between the same
    pair gets ``--2``. IDs use hyphens, not underscores (Kumu's search cannot select an
    item whose ID has an underscore).

    Examples
    --------
    >>> connection_ids([("a", "member", "b"), ("a", "statutory_member", "b"),
    ...                 ("a", "member", "b")])
    ['a--member--b', 'a--statutory-member--b', 'a--member--b--2']
    """
    seen: dict[str, int] = {}
    ids = []
    for source, term, target in keys:
        base = f"{source}--{term.replace('_', '-')}--{target}"
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}--{seen[base]}")
    return ids


def written_columns(sheet: str) -> tuple[Column, ...]:
    """The columns the export writes on a sheet, in order."""
    return tuple(c for c in COLUMNS[sheet] if c.written)


#: Which govmap field a (normalised) header names, per sheet.
HEADERS: Mapping[str, Mapping[str, str]] = {
    sheet: {
        header_name: column.field
        for column in columns
        for header_name in (column.header, *column.aliases)
    }
    for sheet, columns in COLUMNS.items()
}


def normalise(text: str) -> str:
    """A term as govmap spells it: ``'Safer Communities'`` -> ``safer_communities``.

    Letters are lower-cased and stripped of accents; every run of other characters becomes
    one underscore.
    """
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")


def header_field(sheet: str, header: str) -> str | None:
    """The govmap field a column header names on a sheet, or None for any other column."""
    wanted = normalise(header)
    for name, field in HEADERS[sheet].items():
        if normalise(name) == wanted:
            return field
    return None


def attribute_header(sheet: str, key: str) -> str:
    """The header of the column holding attribute ``key`` (prefixed if it names a field)."""
    if header_field(sheet, key) is not None or key.lower().startswith(ATTRIBUTE_PREFIX):
        return ATTRIBUTE_PREFIX + key
    return key


def humanise(term: str) -> str:
    """A vocabulary term as a person writes it: ``community_safety`` -> ``Community safety``."""
    words = term.replace("_", " ")
    return words[:1].upper() + words[1:]


def tag(term: str) -> str:
    """A theme as a Kumu tag: ``anti_social_behaviour`` -> ``anti social behaviour``."""
    return term.replace("_", " ")


def slugify(text: str) -> str:
    """An id from a label: ``'Cardiff Community Safety Partnership'`` -> ``cardiff-community-...``.

    Accents are dropped (``Ynys Môn`` -> ``ynys-mon``); an empty result stays empty.
    """
    return normalise(text).replace("_", "-")


ORGANISATION = "organisation"
BODY = "body"
DUTY = "duty"

#: What an element's ``entity`` column may say.
ENTITIES: Mapping[str, str] = {
    ORGANISATION: "an agency that takes seats on bodies",
    BODY: "a board, partnership or group",
    DUTY: "a statutory duty that a body discharges",
}

#: Everyday words for an element's Type, and the (entity, kind) govmap reads them as.
TYPE_SYNONYMS: Mapping[str, tuple[str, str]] = {
    "council": (ORGANISATION, "local_authority"),
    "local_council": (ORGANISATION, "local_authority"),
    "county_council": (ORGANISATION, "local_authority"),
    "city_council": (ORGANISATION, "local_authority"),
    "county_borough_council": (ORGANISATION, "local_authority"),
    "police": (ORGANISATION, "police_force"),
    "pcc": (ORGANISATION, "police_and_crime_commissioner"),
    "opcc": (ORGANISATION, "police_and_crime_commissioner"),
    "lhb": (ORGANISATION, "health_board"),
    "fire": (ORGANISATION, "fire_and_rescue_authority"),
    "fire_and_rescue": (ORGANISATION, "fire_and_rescue_authority"),
    "fire_and_rescue_service": (ORGANISATION, "fire_and_rescue_authority"),
    "charity": (ORGANISATION, "third_sector"),
    "voluntary_sector": (ORGANISATION, "third_sector"),
    "organisation": (ORGANISATION, "other"),
    "organization": (ORGANISATION, "other"),
    "agency": (ORGANISATION, "other"),
    "csp": (BODY, "community_safety_partnership"),
    "psb": (BODY, "public_services_board"),
    "lsb": (BODY, "local_service_board"),
    "apb": (BODY, "area_planning_board"),
    "rpb": (BODY, "regional_partnership_board"),
    "yot": (BODY, "youth_offending_team"),
    "board": (BODY, "other"),
    "partnership": (BODY, "other"),
    "body": (BODY, "other"),
    "group": (BODY, "other"),
    "committee": (BODY, "other"),
    "forum": (BODY, "other"),
    "sub_group": (BODY, "delivery_group"),
    "subgroup": (BODY, "delivery_group"),
    "task_group": (BODY, "delivery_group"),
    "duty": (DUTY, DUTY),
    "statutory_duty": (DUTY, DUTY),
}

#: Everyday words for a theme in Tags, and the govmap theme they stand for.
THEME_SYNONYMS: Mapping[str, str] = {
    "asb": "anti_social_behaviour",
    "antisocial_behaviour": "anti_social_behaviour",
    "drugs": "substance_misuse",
    "drugs_and_alcohol": "substance_misuse",
    "domestic_abuse": "vawdasv",
    "domestic_violence": "vawdasv",
    "prevent": "counter_terrorism",
    "contest": "counter_terrorism",
    "reoffending": "reducing_reoffending",
    "iom": "reducing_reoffending",
    "yjs": "youth_justice",
    "wellbeing": "well_being",
    "cohesion": "community_cohesion",
}

#: Devolved and elected, for the organisation kinds where the answer follows from the kind.
ORGANISATION_DEFAULTS: Mapping[str, tuple[bool, bool]] = {
    "local_authority": (True, True),
    "health_board": (True, False),
    "nhs_trust": (True, False),
    "fire_and_rescue_authority": (True, False),
    "police_force": (False, False),
    "police_authority": (False, False),
    "police_and_crime_commissioner": (False, True),
    "police_and_crime_panel": (False, False),
    "probation": (False, False),
    "prison_and_probation_service": (False, False),
    "government_department": (False, False),
}

#: Connection types that are membership roles, reporting lines, duties or the chair.
MEMBERSHIP = "membership"
LINE = "line"
DISCHARGES = "discharges"
CHAIR = "chair"

#: Everyday words for a connection's Type, and the govmap term they stand for.
CONNECTION_SYNONYMS: Mapping[str, str] = {
    "member_of": "member",
    "membership": "member",
    "full_member": "member",
    "invited": "invited_participant",
    "invitee": "invited_participant",
    "statutory": "statutory_member",
    "statutory_partner": "statutory_member",
    "co_opted_member": "co_opted",
    "coopted": "co_opted",
    "observes": "observer",
    "accountable": "accountable_to",
    "reports": "reports_to",
    "report_to": "reports_to",
    "sub_group": "sub_group_of",
    "subgroup_of": "sub_group_of",
    "scrutinized_by": "scrutinised_by",
    "discharge": DISCHARGES,
    "delivers": DISCHARGES,
    "chairs": CHAIR,
    "chaired_by": CHAIR,
}


def connection_kind(term: str) -> str | None:
    """Which kind of connection a govmap term is: membership, line, discharges or chair."""
    if term in vocab.ROLES:
        return MEMBERSHIP
    if term in vocab.LINE_TYPES:
        return LINE
    if term in (DISCHARGES, CHAIR):
        return term
    return None


def connection_terms() -> list[str]:
    """Every connection Type govmap understands (for suggestions)."""
    return [*vocab.ROLES, *vocab.LINE_TYPES, DISCHARGES, CHAIR, *CONNECTION_SYNONYMS]


def confidence_term(text: str) -> str:
    """A confidence as govmap spells it: ``'General knowledge'`` -> ``general-knowledge``."""
    return normalise(text).replace("_", "-")


def split_list(text: str) -> list[str]:
    """The values of a list cell (``a | b``), stripped, empty ones left out."""
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def split_sources(text: str) -> list[str]:
    """The sources of a sources cell: one per line, stripped, empty lines left out."""
    return [part.strip() for part in text.splitlines() if part.strip()]
