"""rapidyaml against PyYAML's C loader: speed (as benchmark steps) and what each accepts.

rapidyaml (``pip install rapidyaml``, module ``ryml``) is not a govmap dependency; this
module is only for measuring it. Its Python binding builds a C++ tree and has no
constructor of Python objects, so the complete path to plain data measured here is
``parse_in_arena`` then ``emit_json`` (both in C++) then ``json.loads``; ``ryml_tree``
is the C++ parse alone, the least any reader built on it could cost.

``python -m bench.parsers`` prints how each parser reads the inputs the hostile corpus
pins (``tests/hostile``): the behaviour a replacement would have to keep.
Speed: ``python -m bench --steps yaml_parse,ryml_tree,ryml_parse``.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

CASES: tuple[tuple[str, bytes], ...] = (
    ("duplicate key", b"a: 1\na: 2\n"),
    ("alias", b"x: &A [1]\ny: *A\n"),
    ("merge key", b"base: &B {a: 1}\nthing: {<<: *B, b: 2}\n"),
    ("python tag", b"x: !!python/object/apply:os.system ['true']\n"),
    ("custom tag", b"x: !include other.yaml\n"),
    ("yes/no", b"elected: yes\n"),
    ("tilde null", b"notes: ~\n"),
    ("date", b"start_date: 2016-04-01\n"),
    ("hex number", b"population: 0x10\n"),
    ("unclosed bracket", b"areas: [W06000015\n"),
)


def ryml_tree(raw: bytes) -> Any:
    """rapidyaml's C++ parse into its own tree (no Python objects)."""
    import ryml  # type: ignore[import-not-found]

    return ryml.parse_in_arena(raw)


def ryml_load(raw: bytes) -> Any:
    """rapidyaml to plain Python data: its tree emitted as JSON in C++, read by ``json``."""
    import ryml

    return json.loads(ryml.emit_json(ryml.parse_in_arena(raw)))


def _outcome(read: Any, raw: bytes) -> str:
    try:
        return repr(read(raw))
    except Exception as exc:  # each parser has its own exceptions; show what it said
        return f"refused ({type(exc).__name__})"


def main() -> None:
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    print("| input | PyYAML C loader (safe) | rapidyaml, as JSON |")
    print("|---|---|---|")
    for name, raw in CASES:
        pyyaml = _outcome(lambda r: yaml.load(r, Loader=loader), raw)
        ryml = _outcome(ryml_load, raw)
        shown = raw.decode().strip().replace("\n", " ⏎ ")
        print(f"| {name}: `{shown}` | `{pyyaml}` | `{ryml}` |")


if __name__ == "__main__":
    main()
