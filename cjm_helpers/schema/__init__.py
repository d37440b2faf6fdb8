"""The JSON Schema of the map format, generated from the model and shipped as a file."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

SCHEMA_FILE = "cjm-map.schema.json"


def generate_schema() -> dict[str, Any]:
    """The schema as the model defines it now."""
    from ..model import FORMAT, JourneyMap

    from ..limits import LIMITS

    schema = JourneyMap.model_json_schema()
    schema["description"] = (schema.get("description", "") + " Limits of a map file (also checked "
                             "before parsing): " + "; ".join(f"{what}: at most {value}" for what, value in LIMITS.items())
                             + ".").strip()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"urn:cjm-workbook:{FORMAT}"
    return schema


def map_schema() -> dict[str, Any]:
    """The shipped schema file."""
    return json.loads(resources.files(__name__).joinpath(SCHEMA_FILE).read_text("utf-8"))


def schema_text() -> str:
    return json.dumps(generate_schema(), indent=2, ensure_ascii=False) + "\n"
