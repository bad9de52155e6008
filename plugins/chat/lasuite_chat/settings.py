"""The chat's per-organization settings, edited by the organization's admins.

Each field's title and description are English; ``x-i18n`` gives them in the other
languages the settings form shows (docs/writing-plugins/web-ui.md).
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class ChatSettings(BaseModel):
    retention_days: int | None = Field(
        default=None,
        ge=1,
        le=36500,
        title="Message retention (days)",
        description=(
            "Delete messages older than this many days (empty: keep them); the purge "
            "runs every hour."
        ),
        json_schema_extra={
            "x-i18n": {
                "fr": {
                    "title": "Conservation des messages (jours)",
                    "description": (
                        "Supprimer les messages plus anciens que ce nombre de jours (vide : "
                        "les garder) ; la purge passe toutes les heures."
                    ),
                }
            }
        },
    )
    webhook_posts_per_minute: int = Field(
        default=30,
        ge=1,
        le=600,
        title="Webhook messages per minute",
        description="Messages one incoming webhook may post per minute.",
        json_schema_extra={
            "x-i18n": {
                "fr": {
                    "title": "Messages par minute d'un webhook",
                    "description": ("Messages qu'un webhook entrant peut publier par minute."),
                }
            }
        },
    )
    attachment_max_mb: int | None = Field(
        default=None,
        ge=1,
        le=10240,
        title="Largest attachment (MiB)",
        description=(
            "Largest file members may attach to a message, in MiB (empty: the "
            "server's upload limit, which also caps this one)."
        ),
        json_schema_extra={
            "x-i18n": {
                "fr": {
                    "title": "Pièce jointe la plus grande (Mio)",
                    "description": (
                        "Plus gros fichier que les membres peuvent joindre à un message, en "
                        "Mio (vide : la limite d'envoi du serveur, qui plafonne aussi "
                        "celle-ci)."
                    ),
                }
            }
        },
    )
