"""The Edit page's fields come from the entity models, so new fields appear by themselves."""

from __future__ import annotations

from pydantic import Field

from govmap.edit.fields import EDITABLE, fields_of, ordered, part_model, section_model
from govmap.model import vocab
from govmap.model.entities import Body, Membership


def by_name(model: type, section: str | None = None, part: str | None = None) -> dict:
    return {f.name: f for f in fields_of(model, section, part)}


def test_vocabularies_references_dates_and_parts_are_recognised() -> None:
    body = by_name(Body, "bodies")
    assert body["kind"].kind == "choice"
    assert body["kind"].vocabulary == tuple(vocab.BODY_KINDS)
    assert body["themes"].kind == "choices"
    assert body["footprint"].kind == "ref" and body["footprint"].targets == ("footprints",)
    assert body["chair"].targets == ("organisations",)
    assert body["predecessors"].kind == "refs"
    assert body["start_date"].kind == "date"
    assert body["sources"].kind == "sources"
    assert body["confidence"].vocabulary == tuple(vocab.CONFIDENCE)
    assert body["statutory_basis"].kind == "nested"
    assert {"members", "reporting_lines", "discharges"} <= set(EDITABLE["bodies"])
    assert {body[p].kind for p in EDITABLE["bodies"]} == {"parts"}
    member = by_name(part_model("bodies", "members"), "bodies", "members")
    assert member["organisation"].targets == ("organisations",)
    assert member["role"].vocabulary == tuple(vocab.ROLES)
    line = by_name(part_model("organisations", "reporting_lines"), "organisations",
                   "reporting_lines")
    assert line["target"].targets == ("bodies", "organisations")
    assert section_model("organisations").__name__ == "Organisation"


def test_a_field_added_to_a_model_appears() -> None:
    class DatedBody(Body):
        dates_confidence: str | None = Field(default=None, description="how sure the dates are",
                                             json_schema_extra={"enum": ["stated", "inferred"]})
        seats_reserved: int | None = None
        chairs: tuple[Membership, ...] = ()

    fields = by_name(DatedBody, "bodies")
    assert fields["chairs"].kind == "parts" and fields["chairs"].model is Membership
    assert fields["dates_confidence"].kind == "choice"
    assert fields["dates_confidence"].vocabulary == ("stated", "inferred")
    assert fields["seats_reserved"].kind == "int"


def test_keys_are_written_in_the_files_order() -> None:
    data = {"sources": ["public:x"], "members": [{"role": "member", "organisation": "a"}],
            "kind": "community_safety_partnership", "id": "b", "name": "B", "x-extra": 1}
    assert list(ordered(Body, data)) == ["id", "name", "kind", "members", "sources", "x-extra"]
    assert list(ordered(Body, data)["members"][0]) == ["organisation", "role"]
    assert list(ordered(Membership, {"confidence": "stated", "organisation": "a"})) == [
        "organisation", "confidence"]
