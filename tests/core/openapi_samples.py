"""Valid sample request bodies made from the app's own OpenAPI schema."""

from __future__ import annotations

import itertools
from typing import Any

_counter = itertools.count(1)


def sample(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """The smallest valid value of ``schema``: required properties only, bounds respected."""
    if "$ref" in schema:
        return sample(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return sample(options[0], components)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: sample(props[name], components) for name in schema.get("required", [])}
    if kind == "array":
        return [sample(schema["items"], components)] * schema.get("minItems", 0)
    if kind == "integer":
        return schema.get("minimum", 1)
    if kind == "number":
        return schema.get("minimum", 1.0)
    if kind == "boolean":
        return True
    return _string(schema)


def _string(schema: dict[str, Any]) -> str:
    fmt = schema.get("format")
    n = next(_counter)
    if fmt == "email":
        return f"sample{n}@example.org"
    if fmt == "uuid":
        return "00000000-0000-4000-8000-000000000000"
    text = f"iso{n}"
    low, high = schema.get("minLength", 1), schema.get("maxLength", 80)
    return text.ljust(low, "x")[:high]
