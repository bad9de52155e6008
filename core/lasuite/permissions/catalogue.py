"""Every permission the core and the loaded plugins declare, and who holds it by default."""

from __future__ import annotations

from collections.abc import Iterable

from lasuite.plugins._contract import ADMIN_ROLES, NON_GUEST_ROLES, ORG_ROLES, Permission

ALL = ORG_ROLES
NON_GUESTS = NON_GUEST_ROLES
ADMINS = ADMIN_ROLES

CORE_PERMISSIONS = (
    Permission(
        name="core.profile.read",
        description="See one's own profile",
        descriptions={"fr": "Voir son propre profil"},
        default_roles=ALL,
    ),
    Permission(
        name="core.token.manage",
        description="Create, list and revoke one's own personal API tokens",
        descriptions={"fr": "Créer, lister et révoquer ses propres jetons d'API personnels"},
        default_roles=ALL,
    ),
    Permission(
        name="core.organization.read",
        description="See the organization",
        descriptions={"fr": "Voir l'organisation"},
        default_roles=ALL,
    ),
    Permission(
        name="core.organization.create",
        description="Create organizations; only installation staff (is_staff) ever may",
        descriptions={
            "fr": "Créer des organisations ; seul le personnel de l'installation (is_staff) le peut"
        },
        default_roles=ALL,
    ),
    Permission(
        name="core.organization.update",
        description="Rename the organization",
        descriptions={"fr": "Renommer l'organisation"},
        default_roles=ADMINS,
    ),
    Permission(
        name="core.members.read",
        description="See the organization's members",
        descriptions={"fr": "Voir les membres de l'organisation"},
        default_roles=NON_GUESTS,
    ),
    Permission(
        name="core.members.manage",
        description="Change members' roles and remove members",
        descriptions={"fr": "Changer le rôle des membres et retirer des membres"},
        default_roles=ADMINS,
    ),
    Permission(
        name="core.invitations.manage",
        description="Invite people to the organization and revoke invitations",
        descriptions={
            "fr": "Inviter des personnes dans l'organisation et révoquer des invitations"
        },
        default_roles=ADMINS,
    ),
    Permission(
        name="core.guests.invite",
        description=(
            "Invite someone from outside the organization as a guest, to share a plugin's "
            "resource with them (a page)"
        ),
        descriptions={
            "fr": (
                "Inviter une personne extérieure à l'organisation comme invitée, pour partager "
                "avec elle une ressource d'un module (une page)"
            )
        },
        default_roles=NON_GUESTS,
    ),
    Permission(
        name="core.teams.read",
        description="See the teams",
        descriptions={"fr": "Voir les équipes"},
        default_roles=NON_GUESTS,
    ),
    Permission(
        name="core.teams.manage",
        description="Create, rename and delete teams and choose their members",
        descriptions={"fr": "Créer, renommer et supprimer des équipes et choisir leurs membres"},
        default_roles=ADMINS,
    ),
    Permission(
        name="core.plugins.read",
        description="See the installed plugins",
        descriptions={"fr": "Voir les modules installés"},
        default_roles=ADMINS,
    ),
    Permission(
        name="core.plugins.manage",
        description="Enable, disable and configure plugins for the organization",
        descriptions={"fr": "Activer, désactiver et configurer les modules de l'organisation"},
        default_roles=ADMINS,
    ),
    Permission(
        name="core.workspace.read",
        description="Open the workspace",
        descriptions={"fr": "Ouvrir l'espace de travail"},
        default_roles=ALL,
    ),
    Permission(
        name="core.realtime.connect",
        description="Open the app websocket and see who is online or present in a topic",
        descriptions={"fr": "Ouvrir la connexion temps réel et voir qui est en ligne ou présent"},
        default_roles=ALL,
    ),
    Permission(
        name="core.grants.manage",
        description="Change what each role of the organization may do",
        descriptions={"fr": "Changer ce que peut faire chaque rôle de l'organisation"},
        default_roles=ADMINS,
    ),
    Permission(
        name="core.audit.read",
        description="Read the audit log",
        descriptions={"fr": "Lire le journal d'audit"},
        default_roles=ADMINS,
    ),
    Permission(
        name="core.notifications.read",
        description="Read one's own notifications and choose how to get them",
        descriptions={"fr": "Lire ses propres notifications et choisir comment les recevoir"},
        default_roles=ALL,
    ),
    Permission(
        name="core.jobs.read",
        description="Follow a background job of the organization (export, transcription…)",
        descriptions={"fr": "Suivre une tâche de fond de l'organisation (export, transcription…)"},
        default_roles=ALL,
    ),
    Permission(
        name="core.jobs.manage",
        description="See the organization's failed background jobs and retry them",
        descriptions={"fr": "Voir les tâches de fond en échec de l'organisation et les relancer"},
        default_roles=ADMINS,
    ),
    Permission(
        name="core.search.use",
        description="Search the organization's content, each plugin showing what one may read",
        descriptions={
            "fr": (
                "Chercher dans les contenus de l'organisation, chaque module montrant ce qu'on "
                "peut lire"
            )
        },
        default_roles=ALL,
    ),
    Permission(
        name="core.file.read",
        description="Download files, where the plugin owning each one allows it",
        descriptions={"fr": "Télécharger des fichiers, là où le module qui les détient le permet"},
        default_roles=ALL,
    ),
)


class PermissionCatalogue:
    """The declared permissions and the default grants of each organization role."""

    def __init__(self, permissions: Iterable[Permission]) -> None:
        self.permissions = {p.name: p for p in permissions}
        self._grants = {
            role: frozenset(p.name for p in self.permissions.values() if role in p.default_roles)
            for role in ORG_ROLES
        }

    def __contains__(self, name: object) -> bool:
        return name in self.permissions

    def granted_to(self, role: str) -> frozenset[str]:
        return self._grants.get(role, frozenset())
