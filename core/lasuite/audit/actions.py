"""Every action the core writes to the audit log, by category: the workspace words each
one as a sentence (``audit.<action>`` in its catalogs) and filters by category."""

from __future__ import annotations

CATEGORIES: dict[str, tuple[str, ...]] = {
    "core.login": ("core.login.succeeded", "core.login.failed"),
    "core.logout": ("core.logout",),
    "core.member": ("core.member.added", "core.member.role_changed", "core.member.removed"),
    "core.account": ("core.account.created",),
    "core.invitation": (
        "core.invitation.created",
        "core.invitation.accepted",
        "core.invitation.revoked",
    ),
    "core.team": (
        "core.team.created",
        "core.team.deleted",
        "core.team.member_added",
        "core.team.member_removed",
    ),
    "core.grant": ("core.grant.changed",),
    "core.plugin": ("core.plugin.enabled", "core.plugin.disabled", "core.plugin.settings_changed"),
    "core.token": ("core.token.created", "core.token.revoked"),
    "core.password": ("core.password.changed", "core.password.reset"),
    "core.sessions": ("core.sessions.ended", "core.session.ended"),
    "core.organization": (
        "core.organization.created",
        "core.organization.updated",
        "core.organization.siret_changed",
    ),
    "core.org": ("core.org.switched",),
    "core.job": ("core.job.retried",),
}

ACTIONS = frozenset(action for actions in CATEGORIES.values() for action in actions)
