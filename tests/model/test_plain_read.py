"""Reading plainly first gives exactly what reading with positions gives.

``check`` reads each file plainly (no positions below each entity's own) and locates a
problem afterwards by reading that file again with positions; ``check(plain=False)``
reads every file with positions from the start, as govmap always did. Every outcome must
be the same: the problems (their places, words and order), the landscape, each entity's
place. The hostile corpus, the broken cases and generated documents are compared here;
their expected messages are pinned in ``tests/hostile`` and ``tests/model/broken``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govmap.model import load
from govmap.model.load import DATA_DIR, LoadResult, check, check_bytes
from govmap.model.reader import LocDict, LocList, read_bytes
from govmap.synth import generate, write_yaml

from ..conftest import MINI, ROOT
from ..hostile.test_fuzz_loader import documents

CORPUS = ROOT / "tests" / "hostile" / "corpus"
BROKEN = ROOT / "tests" / "model" / "broken"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


def assert_same(plain: LoadResult, located: LoadResult) -> None:
    assert plain.problems == located.problems  # places, words and order
    assert plain.files == located.files
    assert (plain.landscape is None) == (located.landscape is None)
    if plain.landscape is not None and located.landscape is not None:
        assert plain.landscape == located.landscape
        assert plain.landscape.locations == located.landscape.locations


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()))
def test_each_hostile_file_reads_the_same(name: str) -> None:
    paths = [MINI, CORPUS / name]
    assert_same(check(paths), check(paths, plain=False))


@pytest.mark.parametrize("name", sorted(p.name for p in BROKEN.glob("*.yaml")))
def test_each_broken_case_reads_the_same(name: str) -> None:
    paths = [MINI, BROKEN / name]
    for strict in (False, True):
        assert_same(check(paths, strict=strict, seeds=SEEDS),
                    check(paths, strict=strict, seeds=SEEDS, plain=False))


def test_the_embedded_data_reads_the_same() -> None:
    for strict in (False, True):
        assert_same(check(strict=strict), check(strict=strict, plain=False))


def test_a_valid_file_is_read_without_positions_below_its_entities() -> None:
    """What makes the plain read smaller: the entities are plain dicts."""
    read = read_bytes((MINI / "boards.yaml").read_bytes(), "boards.yaml", plain=True)
    assert read.plain and not read.problems
    assert isinstance(read.data, LocDict) and isinstance(read.data["bodies"], LocList)
    body = read.data["bodies"][0]
    assert type(body) is dict and not any(isinstance(v, LocDict | LocList)
                                          for v in body.values())
    located = read_bytes((MINI / "boards.yaml").read_bytes(), "boards.yaml")
    assert not located.plain and read.data == located.data


@pytest.mark.parametrize("text", [
    "areas:\n  - {id: W1, name: A}\n  - {id: W1, id: W2, name: B}\n",  # duplicate key
    "areas:\n  - {id: W1, name: A, ' name': B}\n",  # duplicate once trimmed
    "x: &a {id: W1}\nareas:\n  - {<<: *a, name: A}\n",  # merge key
    "areas:\n  - {id: W1, name: \"A\\x07\"}\n",  # a control character
    "areas:\n  - {id: W1, name: A, population: .nan}\n",  # not a finite number
    "areas:\n  - {id: W1, name: !!binary aGVsbG8=}\n",  # a tag the plain reader leaves
    "areas: [{id: W1, name: A}]\n---\nareas: []\n",  # two documents
])
def test_a_file_with_anything_to_report_is_read_with_positions(text: str) -> None:
    read = read_bytes(text.encode(), "a.yaml", plain=True)
    assert not read.plain
    assert read.problems == read_bytes(text.encode(), "a.yaml").problems
    assert_same(check_bytes([("a.yaml", text.encode())]),
                check_bytes([("a.yaml", text.encode())], plain=False))


@pytest.mark.parametrize("value", ["!!int foo", "!!int 0x", "!!float .x", "!!bool maybe",
                                   "!!timestamp 1", "!!map foo", "!!map [1]", "!!seq {a: 1}"])
def test_a_value_its_tag_cannot_hold_is_refused_at_its_place(value: str) -> None:
    """These raised inside PyYAML (a traceback) before; now a located message."""
    raw = f"areas:\n  - {{id: W1, name: {value}}}\n".encode()
    result = check_bytes([("a.yaml", raw)])
    [problem] = result.problems
    assert str(problem).startswith("a.yaml:2:20: error: not valid YAML: ")
    assert f"is tagged {value.split()[0]}, which it cannot be" in problem.message
    assert_same(result, check_bytes([("a.yaml", raw)], plain=False))


def test_only_a_file_with_a_problem_is_read_again(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    boards = folder / "boards.yaml"
    boards.write_text(boards.read_text().replace("footprint: la-cardiff", "footprint: la-nowher",
                                                 1))
    reads: list[tuple[str, bool]] = []
    real = load.read_file

    def counting(path: Path, display: str | None = None, *, plain: bool = False) -> Any:
        reads.append((Path(path).name, plain))
        return real(path, display, plain=plain)

    monkeypatch.setattr(load, "read_file", counting)
    result = check([folder])
    assert sorted(reads) == [("boards.yaml", False), ("boards.yaml", True),
                             ("footprints.yaml", True)]
    [problem] = result.errors
    assert "footprint 'la-nowher', which does not exist" in problem.message
    monkeypatch.undo()
    assert result.problems == check([folder], plain=False).problems
    assert problem.location.line > 1 and problem.location.column > 1


def test_two_uploads_of_one_name_are_placed_as_before() -> None:
    good = (MINI / "footprints.yaml").read_bytes()
    bad = b"areas:\n  - {id: W06000099, name: Nowhere, populaton: 3}\n"
    for files in ([("a.yaml", good), ("a.yaml", bad)], [("a.yaml", bad), ("a.yaml", good)]):
        result = check_bytes(files)
        assert any("populaton" in p.message for p in result.errors)
        assert_same(result, check_bytes(files, plain=False))


def test_a_file_changed_before_it_is_located_is_read_again_with_positions(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If a file changes between the plain read and the locating one, the places would
    belong to other content: everything is read again with positions instead."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    boards = folder / "boards.yaml"
    boards.write_text(boards.read_text().replace("footprint: la-cardiff", "footprint: la-nowhere"))
    real = load.read_file

    def changing(path: Path, display: str | None = None, *, plain: bool = False) -> Any:
        if not plain and Path(path).name == "boards.yaml" and "# moved" not in boards.read_text():
            boards.write_text("# moved\n\n\n" + boards.read_text())  # every line 3 further
        return real(path, display, plain=plain)

    monkeypatch.setattr(load, "read_file", changing)
    result = check([folder])
    monkeypatch.undo()
    assert result.problems == check([folder], plain=False).problems
    assert "# moved" in boards.read_text()


def test_an_exported_landscape_with_problems_reads_the_same(tmp_path: Path) -> None:
    """Files written by 'govmap export' carry derived keys the loader drops (bodies'
    areas); problems inside their entities are still placed as before."""
    write_yaml(generate(60, seed=3), tmp_path / "yaml", files=2)
    target = sorted((tmp_path / "yaml").glob("bodies*.yaml"))[-1]
    text = target.read_text()
    assert "\nas_at:" in "\n" + text and "  areas:\n" in text
    broken = (text.replace("role: responsible_authority", "role: responsible_autority", 3)
              .replace("  themes:\n", "  themes:\n  - not_a_theme\n", 2)
              .replace("organisation: council-1\n", "organisation: council-x\n", 2))
    target.write_text(broken)
    plain, located = check([tmp_path / "yaml"]), check([tmp_path / "yaml"], plain=False)
    assert len(plain.errors) >= 4
    assert_same(plain, located)


# -- generated documents ------------------------------------------------------------------

#: Pieces of YAML that the plain reader must treat exactly as the locating one does.
_PIECES = [
    "id: W1", "id: W2", "name: A", "name: ' A '", "name: \"Caf\\u0065\\u0301\"",
    "name: \"A\\x07\"", "name: \"\\u200b\"", "population: .nan", "population: 12",
    "population: 1" + "0" * 120, "start_date: 2016-02-30", "start_date: 2016-04-01",
    "start_date: !!timestamp 2016-04-01", "notes: !!str 12", "notes: ~", "notes: yes",
    "' name': B", "id: W1", "<<: *base", "sources: [inherit]", "family: *fam",
    "x: !!set {a, b}", "x: !!binary aGVsbG8=", "x: !custom 1", "? [a]\n    : 1",
    "attributes: {k: &v 1, j: *v}", "areas: [W1, W2]", "confidence: stated",
    "notes: !!int nope", "notes: !!map [1]", "x: !!omap [{a: 1}]", "name: \"A\\tB \"",
]


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    items = []
    for _ in range(draw(st.integers(1, 3))):
        pieces = draw(st.lists(st.sampled_from(_PIECES), max_size=6))
        body = "\n    ".join(pieces) or "{}"
        items.append(f"  - {body}")
    section = draw(st.sampled_from(["areas", "footprints", "bodies", "documents"]))
    head = "base: &base {id: W9, name: Base}\nfam: &fam local_authority\n"
    return head + f"{section}:\n" + "\n".join(items) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_texts())
def test_generated_yaml_reads_the_same(text: str) -> None:
    files = [("gen.yaml", text.encode("utf-8"))]
    assert_same(check_bytes(files), check_bytes(files, plain=False))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_generated_documents_read_the_same(document: Any) -> None:
    files = [("gen.yaml", yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))]
    assert_same(check_bytes(files), check_bytes(files, plain=False))


def test_the_embedded_data_is_read_plainly() -> None:
    """The fast path is the one taken on valid data (else the comparisons prove little)."""
    for path in sorted(DATA_DIR.glob("*.yaml")):
        assert read_bytes(path.read_bytes(), path.name, plain=True).plain, path.name
