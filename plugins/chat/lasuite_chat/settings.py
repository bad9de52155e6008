"""The chat's per-organization settings, edited by the organization's admins."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ChatSettings(BaseModel):
    retention_days: int | None = Field(
        default=None,
        ge=1,
        le=36500,
        description=(
            "Delete messages older than this many days (empty: keep them); the purge "
            "runs every hour."
        ),
    )
    webhook_posts_per_minute: int = Field(
        default=30,
        ge=1,
        le=600,
        description="Messages one incoming webhook may post per minute.",
    )
    attachment_max_mb: int | None = Field(
        default=None,
        ge=1,
        le=10240,
        description=(
            "Largest file members may attach to a message, in MiB (empty: the "
            "server's upload limit, which also caps this one)."
        ),
    )
