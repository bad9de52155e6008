"""Calls of the chat API the chat tests share."""

from __future__ import annotations

import uuid
from typing import Any

from lasuite.testing import Member, another_client

BASE = "/api/v1/chat"


async def create_channel(client: Any, name: str, **fields: Any) -> dict[str, Any]:
    response = await client.post(f"{BASE}/channels", json={"name": name, **fields})
    assert response.status_code == 201, response.text
    channel: dict[str, Any] = response.json()
    return channel


async def post(client: Any, channel_id: str, text: str, **fields: Any) -> Any:
    return await client.post(
        f"{BASE}/channels/{channel_id}/messages", json={"text": text, **fields}
    )


async def post_ok(client: Any, channel_id: str, text: str, **fields: Any) -> dict[str, Any]:
    response = await post(client, channel_id, text, **fields)
    assert response.status_code == 201, response.text
    message: dict[str, Any] = response.json()
    return message


async def history(client: Any, channel_id: str, **params: Any) -> list[dict[str, Any]]:
    response = await client.get(f"{BASE}/channels/{channel_id}/messages", params=params)
    assert response.status_code == 200, response.text
    messages: list[dict[str, Any]] = response.json()
    return messages


async def add_member(client: Any, channel_id: str, user_id: uuid.UUID) -> Any:
    return await client.put(f"{BASE}/channels/{channel_id}/members/{user_id}")


async def browser_of(lasuite_client: Any, member: Member) -> Any:
    """Another client (browser) of the same app, signed in as ``member``."""
    client = another_client(lasuite_client)
    await member.sign_in(client)
    return client


def channel_topic(channel_id: str) -> str:
    return f"chat:channel:{channel_id}"


async def upload(client: Any, channel_id: str, content: bytes, name: str = "photo.png") -> Any:
    return await client.post(
        f"{BASE}/channels/{channel_id}/files", params={"filename": name}, content=content
    )


async def upload_ok(
    client: Any, channel_id: str, content: bytes, name: str = "photo.png"
) -> dict[str, Any]:
    response = await upload(client, channel_id, content, name)
    assert response.status_code == 201, response.text
    uploaded: dict[str, Any] = response.json()
    return uploaded
