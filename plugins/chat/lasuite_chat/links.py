"""The address of a message in the UI, the same in notifications and search results."""

from __future__ import annotations

import uuid


def message_link(channel_id: uuid.UUID, seq: int) -> str:
    """``/chat/<channel id>?message=<seq>``: the channel opened at that message."""
    return f"/chat/{channel_id}?message={seq}"
