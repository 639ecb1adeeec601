"""Hostile files too large to commit, made on demand (issue 21): each small to send, large or
slow to read without limits. Used by the hostile tests and by the explorer's load test.
"""

from __future__ import annotations

import io
import zipfile

from bench.steps import chain_files, misspelt_files


def big_yaml(megabytes: int = 30) -> bytes:
    """A YAML file over the 20 MB per-file limit (valid YAML: areas with long notes)."""
    line = b"  - {id: W00000000, name: Area, notes: " + b"x" * 200 + b"}\n"
    return b"areas:\n" + line * (megabytes * 1024 * 1024 // len(line) + 1)


def empty_areas(megabytes: float = 4) -> bytes:
    """``areas: [{},{},...]``: a few MB listing over a million entities."""
    return b"areas: [" + b"{}," * int(megabytes * 1024 * 1024 / 3) + b"{}]\n"


def zip_bomb(megabytes: int = 49) -> bytes:
    """A zip of about 50 KB holding ``megabytes`` of ``areas: [{},...]`` in one member."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("landscape/areas.yaml", empty_areas(megabytes))
    return buffer.getvalue()


def zip_bomb_split(members: int = 3, megabytes: int = 16) -> bytes:
    """A zip bomb whose members each stay under the per-file limit (refused on ratio)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for i in range(members):
            archive.writestr(f"landscape/areas-{i}.yaml", empty_areas(megabytes))
    return buffer.getvalue()


_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
        '.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml'
        '/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Elements" sheetId="1" r:id="rId1"/></sheets>'
        '</workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>'),
}
_SHEET_HEAD = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = b"</sheetData></worksheet>"


def workbook(rows: list[bytes]) -> bytes:
    """An .xlsx with one sheet, Elements, whose ``<sheetData>`` holds ``rows`` (XML) as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD)
            for row in rows:
                sheet.write(row)
            sheet.write(_SHEET_TAIL)
    return buffer.getvalue()


def cell_row(cells: int, text: bytes = b"x") -> bytes:
    """One sheet row of ``cells`` inline-text cells."""
    return b"<row>" + (b'<c t="inlineStr"><is><t>' + text + b"</t></is></c>") * cells + b"</row>"


def xlsx_bomb(megabytes: int = 1400) -> bytes:
    """A workbook of a few MB holding ``megabytes`` of sheet XML (rows of ten cells)."""
    block = cell_row(10) * 1000
    return workbook([block] * (megabytes * 1024 * 1024 // len(block) + 1))


def wide_csv(cells: int = 9_000_000) -> bytes:
    """A CSV whose only row holds ``cells`` cells."""
    return b"a" + b",a" * (cells - 1) + b"\n"


def misspelt(n: int = 10_000) -> bytes:
    """A landscape of ``n`` bodies each naming its footprint misspelt."""
    return misspelt_files(n)[0][1]


def reporting_chain(n: int = 5_000) -> bytes:
    """A valid landscape of ``n`` bodies, each reporting to the one before."""
    return chain_files(n, "lines")[0][1]
