"""JSON bodies nested too deep or too wide are refused with a 400 before anything decodes
them, on every route that takes one (a 2 KB body of 1,000 ``[`` was a 500)."""

from __future__ import annotations

import re
import uuid

import pytest

from lasuite.json_shape import MAX_DEPTH, MAX_ITEMS, shape_problem

PARAM = re.compile(r"\{[^}]+\}")
DEEP = b"[" * 1000
WIDE = b"[" + b",".join([b"1"] * (MAX_ITEMS + 1)) + b"]"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"[" * MAX_DEPTH + b"]" * MAX_DEPTH, None),
        (b"[" * (MAX_DEPTH + 1), "json_too_deep"),
        (b'{"a": {"b": ' * (MAX_DEPTH + 1), "json_too_deep"),
        # Brackets in strings, escaped quotes included, are text.
        (b'{"text": "' + b"[" * 1000 + b'"}', None),
        (b'{"text": "\\"' + b"[" * 1000 + b'"}', None),
        (b'["\\\\", ' + b"[" * (MAX_DEPTH + 1), "json_too_deep"),
        (WIDE, "json_too_wide"),
        (b"[" + b",".join([b"1"] * MAX_ITEMS) + b"]", None),
        (b'{"name": "Point hebdo", "access_level": "trusted"}', None),
    ],
)
def test_the_shape_of_a_body_is_read_from_its_brackets(body: bytes, code: str | None) -> None:
    problem = shape_problem(body)

    assert (problem[0] if problem else None) == code


async def test_every_route_taking_json_refuses_deep_and_wide_bodies_with_a_400(lasuite_client):
    schema = (await lasuite_client.get("/api/docs/openapi.json")).json()
    routes = [
        (method.upper(), PARAM.sub(str(uuid.uuid4()), path))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]
    answers = {}
    for method, url in routes:
        for name, body in (("deep", DEEP), ("wide", WIDE)):
            response = await lasuite_client.request(
                method, url, content=body, headers={"content-type": "application/json"}
            )
            answers[(method, url, name)] = (response.status_code, response.json()["error"])

    assert len(routes) > 50
    assert {answer for key, answer in answers.items() if key[2] == "deep"} == {
        (400, "json_too_deep")
    }
    assert {answer for key, answer in answers.items() if key[2] == "wide"} == {
        (400, "json_too_wide")
    }
