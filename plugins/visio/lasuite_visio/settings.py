"""Visio's per-organization settings, edited by the organization's admins."""

from __future__ import annotations

from pydantic import BaseModel, Field


class VisioSettings(BaseModel):
    allow_guests: bool = Field(
        default=True,
        description=(
            "Let people who are not signed in join public meetings, and ask to join "
            "trusted ones, under a name they give."
        ),
    )
