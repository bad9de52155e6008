"""Domain errors: a plugin's problems are declared once, with a stable code, rendered
in the API's one error shape, and listed in the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from lasuite.errors import EXCEPTION_HANDLERS
from lasuite.plugins import PluginContext, PluginError, Problem
from lasuite.plugins._context import ServiceDirectory


class RoomFull(Problem):
    code = "rooms.room_full"
    status = 409
    message = "This room is full."


def rendered(problem: Problem) -> tuple[int, Any]:
    handler = EXCEPTION_HANDLERS[Problem]
    response = handler(None, problem)  # type: ignore[arg-type, operator]
    return response.status_code, response.content


def test_a_problem_answers_with_its_status_code_and_message() -> None:
    assert rendered(RoomFull()) == (
        409,
        {"error": "rooms.room_full", "detail": "This room is full."},
    )


def test_a_problem_carries_its_fields_and_facts_beside_its_message() -> None:
    problem = RoomFull("Room 4 is full.", fields={"room": "full"}, capacity=12)

    assert rendered(problem) == (
        409,
        {
            "error": "rooms.room_full",
            "detail": {"message": "Room 4 is full.", "fields": {"room": "full"}, "capacity": 12},
        },
    )


def test_a_problem_sends_its_headers() -> None:
    problem = RoomFull(headers={"Retry-After": "30"})

    response = EXCEPTION_HANDLERS[Problem](None, problem)  # type: ignore[arg-type, operator]

    assert response.headers["Retry-After"] == "30"


def test_a_problem_needs_its_own_code() -> None:
    with pytest.raises(TypeError, match="needs its own code"):

        class Unnamed(RoomFull):
            message = "Inherited code."


@pytest.mark.parametrize("status", [200, 302, 500])
def test_a_problem_is_a_client_error_or_unavailable(status: int) -> None:
    with pytest.raises(TypeError, match=f"has status {status}"):
        type("Odd", (Problem,), {"code": "rooms.odd", "status": status})


def test_a_plugin_declares_only_problems_of_its_namespace() -> None:
    ctx = PluginContext("chat", frozenset(), ServiceDirectory())

    with pytest.raises(PluginError, match=r"'rooms\.room_full' is outside the plugin's namespace"):
        ctx.add_problems(RoomFull)
    with pytest.raises(PluginError, match="is not a Problem subclass"):
        ctx.add_problems(ValueError)  # type: ignore[arg-type]


async def test_the_openapi_document_lists_every_error_code(
    lasuite_client: AsyncTestClient[Litestar],
) -> None:
    schema = (await lasuite_client.get("/api/docs/openapi.json")).json()

    answer = schema["components"]["responses"]["Error"]["content"]["application/json"]
    codes = {c["const"]: c["description"] for c in answer["schema"]["properties"]["error"]["oneOf"]}
    assert codes["chat.channel_archived"] == "409: This channel is archived."
    assert codes["vetoed"].startswith("409")
    assert codes["not_found"] == "HTTP 404"
