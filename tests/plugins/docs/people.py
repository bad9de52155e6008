"""Other people of a docs test: their own browser (client) and what they were told."""

from __future__ import annotations

from typing import Any

from lasuite.testing import Member, another_client


async def browser_of(lasuite_client: Any, member: Member) -> Any:
    """Another client of the same app, signed in as ``member``."""
    client = another_client(lasuite_client)
    await member.sign_in(client)
    return client


async def notified(client: Any, kind: str) -> list[dict[str, Any]]:
    """The caller's notifications of ``kind``, newest first."""
    response = await client.get("/api/v1/notifications")
    assert response.status_code == 200, response.text
    return [n for n in response.json()["items"] if n["kind"] == kind]
