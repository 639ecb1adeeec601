"""Write examples/gwent-community-safety.xlsx: a small workbook in Kumu's layout.

The workbook is what a review team might keep before it has govmap: an Elements sheet and a
Connections sheet in Kumu's layout (everyday Types such as "Council", "PCC" and "CSP"),
plus the Areas and Footprints sheets govmap adds, so that it imports on its own:

    python examples/make_example_sheet.py            # (re)write the workbook
    govmap import-sheet examples/gwent-community-safety.xlsx -o my-landscape/
    govmap validate my-landscape/

Every fact is taken from the embedded Wales data (data/), with the sources and confidence it
has there. docs/exchange.md describes the layout.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
TARGET = HERE / "gwent-community-safety.xlsx"

ONS = "public:ONS local authority district codes (W06)"
CENSUS = "public:Census 2021 usual resident population"
REFERENCE = "public:govmap reference sheet wales-structures.md"
CDA = "public:Crime and Disorder Act 1998 ss5-7 (as amended)"

ABOUT: list[list[Any]] = [
    ["Community safety in Gwent: a small example in Kumu's layout"],
    ["Built by examples/make_example_sheet.py from govmap's embedded Wales data."],
    ["Import it with: govmap import-sheet examples/gwent-community-safety.xlsx -o my-landscape/"],
]

AREAS: list[list[Any]] = [
    ["ID", "Name", "Welsh name", "population", "sources", "confidence"],
    *([code, name, welsh, population, f"{ONS}\n{CENSUS}\n{REFERENCE}", "general knowledge"]
      for code, name, welsh, population in [
          ("W06000018", "Caerphilly", "Caerffili", 175900),
          ("W06000019", "Blaenau Gwent", "Blaenau Gwent", 67000),
          ("W06000020", "Torfaen", "Tor-faen", 92300),
          ("W06000021", "Monmouthshire", "Sir Fynwy", 93000),
          ("W06000022", "Newport", "Casnewydd", 159600),
      ]),
]

FOOTPRINTS: list[list[Any]] = [
    ["ID", "Name", "family", "areas", "sources", "confidence"],
    ["la-newport", "Newport council area", "local_authority", "Newport", ONS,
     "general knowledge"],
    ["pfa-gwent", "Gwent police force area", "police_force_area",
     "Caerphilly | Blaenau Gwent | Torfaen | Monmouthshire | Newport",
     f"{REFERENCE}\n004_1052c6d804dc056a.txt:L2617-2620", "general knowledge"],
]

ELEMENTS: list[list[Any]] = [
    ["Label", "Type", "ID", "Description", "Tags", "level", "footprint", "devolved", "elected",
     "statutory basis", "statutory section", "start date", "sources", "confidence"],
    ["Newport City Council", "Council", "council-newport", None, None, None, "la-newport",
     "yes", "yes", None, None, None,
     f"{ONS}\n{REFERENCE}\n004_1052c6d804dc056a.txt:L3165-3167", "general knowledge"],
    ["Gwent Police", "Police", "police-gwent", None, None, None, "pfa-gwent", "no", "no",
     None, None, None, f"004_1052c6d804dc056a.txt:L2617-2620\n{REFERENCE}", "stated"],
    ["Gwent Police and Crime Commissioner", "PCC", "pcc-gwent", None, None, None,
     "pfa-gwent", "no", "yes", None, None, "2012-11",
     "001_3c8194f91326f886.txt:L250\n004_1052c6d804dc056a.txt:L1254-1256\n"
     "004_1052c6d804dc056a.txt:L2793-2809", "stated"],
    ["Safer Newport Community Safety Partnership", "CSP", "csp-newport",
     "The community safety partnership for Newport.",
     "community safety | crime prevention | ASB | substance misuse | reducing reoffending",
     "local", "la-newport", None, None, "Crime and Disorder Act 1998", "s5-7", None,
     "000_1f25f7e8d8b8c0d6.txt:L181\n001_3c8194f91326f886.txt:L59\n"
     "001_3c8194f91326f886.txt:L288", "stated"],
    ["Safer Gwent", "Regional community safety board", "safer-gwent",
     "Non-statutory regional board for the Gwent police force area.",
     "community safety | crime prevention", "regional", "pfa-gwent", None, None, "none", None,
     "2013", "004_1052c6d804dc056a.txt:L2842-2848\n004_1052c6d804dc056a.txt:L3246-3252",
     "stated"],
]

CONNECTIONS: list[list[Any]] = [
    ["From", "To", "Type", "sources", "confidence", "start date"],
    ["Newport City Council", "Safer Newport Community Safety Partnership",
     "Responsible authority", f"{CDA}\n004_1052c6d804dc056a.txt:L518-526", "derived"],
    ["Gwent Police", "Safer Newport Community Safety Partnership", "Responsible authority",
     f"{CDA}\n004_1052c6d804dc056a.txt:L518-526", "derived"],
    ["Newport City Council", "Safer Gwent", "Member", "004_1052c6d804dc056a.txt:L2842-2848",
     "inferred"],
    ["Gwent Police", "Safer Gwent", "Member", "004_1052c6d804dc056a.txt:L3246-3252",
     "inferred"],
    ["Gwent Police and Crime Commissioner", "Safer Gwent", "Member",
     "004_1052c6d804dc056a.txt:L3246-3248", "stated"],
    ["Safer Newport Community Safety Partnership", "Gwent Police and Crime Commissioner",
     "Funded by", "004_1052c6d804dc056a.txt:L2838-2854\n002_738c132f14a763ef.txt:L136",
     "derived", "2012-11"],
    ["Safer Gwent", "Gwent Police and Crime Commissioner", "Funded by",
     "004_1052c6d804dc056a.txt:L2842-2854\n004_1052c6d804dc056a.txt:L3246-3248", "inferred"],
]

SHEETS: dict[str, Sequence[Sequence[Any]]] = {
    "About": ABOUT, "Elements": ELEMENTS, "Connections": CONNECTIONS, "Areas": AREAS,
    "Footprints": FOOTPRINTS,
}


def build(path: Path = TARGET) -> Path:
    """Write the workbook to ``path`` (the same cells every time) and return the path."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in SHEETS.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    fixed = dt.datetime(2017, 6, 1)  # no build time in the file: the same input, the same cells
    book.properties.created = book.properties.modified = fixed
    book.save(path)
    return path


if __name__ == "__main__":
    print(f"wrote {build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)}")
