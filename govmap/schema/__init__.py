"""The published JSON Schema of a landscape file, generated from the model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from govmap.model.entities import LandscapeDocument

SCHEMA_FILE = Path(__file__).with_name("landscape.schema.json")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one landscape file (YAML or JSON)."""
    schema = LandscapeDocument.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://govmap.invalid/schema/landscape-1.schema.json",
        "title": "govmap landscape file",
        **schema,
    }


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
