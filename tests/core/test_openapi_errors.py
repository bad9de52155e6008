"""The OpenAPI document lists the error statuses each operation answers, all in the
API's one error shape; the answers a walk over every operation gets are among them."""

from __future__ import annotations

import re
import uuid
from typing import Any

PARAM = re.compile(r"\{[^}]+\}")
ERROR = {"$ref": "#/components/responses/Error"}
UNSAFE = {"post", "put", "patch", "delete"}


async def _operations(client) -> list[tuple[str, str, dict[str, Any]]]:
    schema = (await client.get("/api/docs/openapi.json")).json()
    return [
        (method, path, operation)
        for path, operations in schema["paths"].items()
        if path.startswith("/api/")
        for method, operation in operations.items()
        if method in {"get", *UNSAFE}
    ]


async def test_every_error_an_operation_documents_has_the_apis_error_shape(lasuite_client):
    operations = await _operations(lasuite_client)
    errors = {
        (method, path, status): answer
        for method, path, operation in operations
        for status, answer in operation["responses"].items()
        if status.startswith("4")
    }
    statuses = {(m, p): set(o["responses"]) for m, p, o in operations}

    assert len(operations) > 100
    assert set(map(str, errors.values())) == {str(ERROR)}
    assert all("404" in statuses[(m, p)] for m, p, _ in operations if "{" in p)
    assert all("409" in statuses[(m, p)] for m, p, _ in operations if m in UNSAFE)
    assert "429" in statuses[("post", "/api/v1/auth/login")]
    assert "401" not in statuses[("post", "/api/v1/auth/login")]


async def test_what_a_stranger_and_a_member_get_is_what_each_operation_documents(
    lasuite_client, make_member
):
    operations = await _operations(lasuite_client)
    undocumented = []
    for method, path, operation in operations:
        response = await lasuite_client.request(
            method.upper(), PARAM.sub(str(uuid.uuid4()), path), json={} if method != "get" else None
        )
        if str(response.status_code) not in operation["responses"]:
            undocumented.append((method, path, "stranger", response.status_code))
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    for method, path, operation in operations:
        if method == "get" and "{" in path:
            response = await lasuite_client.get(PARAM.sub(str(uuid.uuid4()), path))
            if str(response.status_code) not in operation["responses"]:
                undocumented.append((method, path, "member", response.status_code))

    assert undocumented == []
