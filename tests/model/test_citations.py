"""Citations are shown as people read them, with the cited lines when the text is at hand."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from govmap.citations import DEFAULT_SEEDS, describe, evidence, resolve, seed_dir
from govmap.model.entities import Document
from govmap.model.load import load

from ..conftest import ROOT

Registry = Mapping[str, Document]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


@pytest.fixture
def registry() -> Registry:
    return load([ROOT / "data"]).documents


def test_a_seed_citation_reads_as_publisher_year_title_and_lines(registry: Registry) -> None:
    cited = describe("004_1052c6d804dc056a.txt:L3088-3091", registry, quote=False)
    assert cited.markdown == ("Welsh Government (2017), *Working Together for Safer "
                              "Communities*, lines 3088-3091")
    assert cited.plain == ("Welsh Government (2017), Working Together for Safer Communities, "
                           "lines 3088-3091")
    assert describe("004_1052c6d804dc056a.txt:L12", registry, quote=False).plain.endswith(
        ", line 12")


def test_a_public_citation_keeps_the_place_after_the_document(registry: Registry) -> None:
    cited = describe("public:Crime and Disorder Act 1998 ss5-7 (as amended)", registry)
    assert cited.plain == "UK Parliament (1998), Crime and Disorder Act 1998, ss5-7 (as amended)"
    ref = resolve("public:NHS Reform and Health Care Professions Act 2002; Local Health Boards "
                  "(Establishment) (Wales) Order 2003", registry)
    assert ref.key == "public:NHS Reform and Health Care Professions Act 2002"


def test_an_unregistered_citation_is_shown_as_written(registry: Registry) -> None:
    cited = describe("public:Police main grant", registry)
    assert (cited.plain, cited.registered) == ("public:Police main grant", False)


def test_the_cited_lines_are_quoted_when_the_text_is_at_hand(tmp_path: Path) -> None:
    docs = {"tiny.txt": Document(key="tiny.txt", title="Tiny", publisher="P", year=2020)}
    cited = describe("tiny.txt:L2-3", docs, seeds=SEEDS)
    assert cited.lines == ("Line two: the Gwent VAWDASV team sits on six boards.",
                           "Line three.")
    assert describe("tiny.txt:L2-3", docs, seeds=tmp_path).lines == ()  # not at hand


def test_the_seed_folder_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVMAP_SEEDS", str(SEEDS))
    assert seed_dir() == SEEDS
    assert seed_dir("elsewhere") == Path("elsewhere")


def test_every_document_the_embedded_data_cites_by_line_is_registered(registry: Registry) -> None:
    for key in ("000_1f25f7e8d8b8c0d6.txt", "001_3c8194f91326f886.txt",
                "002_738c132f14a763ef.txt", "003_f4e173a7d082958a.txt",
                "004_1052c6d804dc056a.txt"):
        assert key in registry


def test_the_evidence_of_some_entities_quotes_their_lines_when_the_seeds_are_at_hand(
        tmp_path: Path) -> None:
    wales = load([ROOT / "data"])
    seeds = DEFAULT_SEEDS
    if not (seeds / "001_3c8194f91326f886.txt").is_file():
        pytest.skip("the seed documents are not on this machine")
    found = evidence(wales, ["csp-cardiff", "no-such-id"], seeds=seeds)
    assert list(found) == ["csp-cardiff"]
    seeded = [c for c in found["csp-cardiff"] if c.plain.startswith(("Rogers", "Welsh",
                                                                       "Edwards"))]
    assert seeded and all(c.lines for c in seeded)
    assert all(c.lines == () for c in evidence(wales, ["csp-cardiff"], seeds=tmp_path)[
        "csp-cardiff"])  # no text at hand: nothing quoted
