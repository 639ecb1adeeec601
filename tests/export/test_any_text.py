"""Every export stays valid whatever text and numbers a landscape holds.

A landscape may hold any text YAML can (control characters included) and any number
(NaN, infinity): each file must still be valid for its tool, never a traceback.
"""

from __future__ import annotations

import io
import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from govmap.export.cytoscape import to_cytoscape
from govmap.export.gexf import to_gexf
from govmap.export.graphml import to_graphml, to_yed
from govmap.export.kumu import to_kumu
from govmap.export.xlsx import to_xlsx
from govmap.model.entities import Area, Body, Footprint, Membership, Organisation
from govmap.model.landscape import Landscape

from .test_cytoscape import cytoscape_breaches
from .test_gexf import schema_errors as gexf_errors
from .test_graphml import schema_errors as graphml_errors
from .test_graphml import without_yfiles
from .test_kumu import blueprint_breaches

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1,
                max_size=20).filter(lambda t: t.strip() != "")
_VALUE = st.one_of(_TEXT, st.integers(-10**15, 10**15), st.booleans(), st.floats())


def _strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")
    return json.loads(text, parse_constant=refuse)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_TEXT, attributes=st.dictionaries(_TEXT, _VALUE, max_size=3), role=st.booleans())
def test_every_export_is_valid_for_any_text(name: str, attributes: dict[str, object],
                                            role: bool) -> None:
    landscape = Landscape.build(
        areas=[Area(id="W1", name=name)],
        footprints=[Footprint(id="fp", name=name, family="region", areas=("W1",))],
        organisations=[Organisation(id="org", name=name, kind="other", devolved=True,
                                    elected=False, notes=name, attributes=attributes)],
        bodies=[Body(id="body", name=name, kind="other", level="regional", footprint="fp",
                     members=(Membership(organisation="org",
                                         role="member" if role else "observer",
                                         notes=name),))],
    )
    assert gexf_errors(to_gexf(landscape)) == []
    assert graphml_errors(to_graphml(landscape)) == []
    assert graphml_errors(without_yfiles(to_yed(landscape))) == []
    assert cytoscape_breaches(_strict_json(to_cytoscape(landscape))) == []
    assert blueprint_breaches(_strict_json(to_kumu(landscape))) == []
    book = load_workbook(io.BytesIO(to_xlsx(landscape)))
    assert book["Elements"].max_row == 3


def test_a_control_character_is_written_as_the_replacement_character() -> None:
    landscape = Landscape.build(
        areas=[Area(id="W1", name="x")],
        footprints=[Footprint(id="fp", name="f", family="region", areas=("W1",))],
        organisations=[Organisation(id="org", name="Bwrdd\x0bCaerdydd", kind="other",
                                    devolved=True, elected=False,
                                    attributes={"budget": math.inf, "Web site": "x"})],
    )
    assert "Bwrdd\ufffdCaerdydd" in to_gexf(landscape)
    # GraphML names an attribute with an XML name token: the space becomes _
    assert 'attr.name="Web_site"' in to_graphml(landscape)
    document = _strict_json(to_cytoscape(landscape))
    assert isinstance(document, dict)
    data = document["elements"]["nodes"][0]["data"]
    assert (data["name"], data["budget"]) == ("Bwrdd\ufffdCaerdydd", "inf")
