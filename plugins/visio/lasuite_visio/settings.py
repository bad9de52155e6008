"""Visio's per-organization settings, edited by the organization's admins.

Each field's title and description are English; ``x-i18n`` gives them in the other
languages the settings form shows (docs/writing-plugins/web-ui.md).
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class VisioSettings(BaseModel):
    allow_guests: bool = Field(
        default=True,
        title="Guests without an account",
        description=(
            "Let people who are not signed in join public meetings, and ask to join "
            "trusted ones, under a name they give."
        ),
        json_schema_extra={
            "x-i18n": {
                "fr": {
                    "title": "Invités sans compte",
                    "description": (
                        "Laisser les personnes non connectées rejoindre les réunions "
                        "publiques, et demander à entrer dans les réunions de confiance, "
                        "sous le nom qu'elles donnent."
                    ),
                }
            }
        },
    )
