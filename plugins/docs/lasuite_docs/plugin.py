"""The docs plugin's manifest and registrations."""

from __future__ import annotations

from datetime import timedelta

from lasuite.plugins import (
    NON_GUEST_ROLES,
    MemberChanged,
    Permission,
    Plugin,
    PluginContext,
    TeamChanged,
)
from lasuite_docs import (
    access_requests,
    comments,
    document_files,
    exports,
    imports,
    invitations,
    people_changes,
    routes,
    templates,
    tree,
    versions,
)
from lasuite_docs.access import Access, access_policy
from lasuite_docs.access_request_routes import ACCESS_REQUEST_ROUTES
from lasuite_docs.access_routes import ACCESS_ROUTES
from lasuite_docs.access_routes import PROBLEMS as ACCESS_PROBLEMS
from lasuite_docs.api import DocsPages
from lasuite_docs.comment_routes import COMMENT_ROUTES
from lasuite_docs.comment_routes import PROBLEMS as COMMENT_PROBLEMS
from lasuite_docs.compaction import compact_documents
from lasuite_docs.events import EVENTS
from lasuite_docs.file_routes import FILE_ROUTES
from lasuite_docs.indexing import index_documents
from lasuite_docs.invitation_routes import INVITATION_ROUTES
from lasuite_docs.models import (
    AccessRequest,
    Comment,
    CommentReaction,
    CommentThread,
    Document,
    DocumentAccess,
    DocumentExport,
    DocumentFile,
    DocumentInvitation,
    DocumentUpdate,
    DocumentVersion,
    Favorite,
)
from lasuite_docs.pages import TextPages
from lasuite_docs.readable_copies import pages_as_markdown
from lasuite_docs.rooms import running_rooms
from lasuite_docs.search import search_documents
from lasuite_docs.sync_routes import sync_document
from lasuite_docs.template_routes import TEMPLATE_ROUTES
from lasuite_docs.transfer_routes import TRANSFER_ROUTES
from lasuite_docs.tree_routes import TREE_ROUTES
from lasuite_docs.ui import FRAGMENTS
from lasuite_docs.version_routes import VERSION_ROUTES
from lasuite_docs.visitor_routes import VISITOR_ROUTES

AUDIT_ACTIONS = ("docs.link.changed", "docs.document.trashed", "docs.document.restored")
"""What docs writes to the organization's audit log: who opened a document beyond its
grants, and what went to the trash and came back."""


def setup(ctx: PluginContext) -> None:
    ctx.add_models(
        Document,
        DocumentUpdate,
        Favorite,
        DocumentAccess,
        DocumentInvitation,
        DocumentVersion,
        DocumentExport,
        DocumentFile,
        CommentThread,
        Comment,
        CommentReaction,
        AccessRequest,
    )
    ctx.add_problems(
        *tree.PROBLEMS,
        *ACCESS_PROBLEMS,
        *versions.PROBLEMS,
        *exports.PROBLEMS,
        *imports.PROBLEMS,
        *COMMENT_PROBLEMS,
        *access_requests.PROBLEMS,
        *templates.PROBLEMS,
        *document_files.PROBLEMS,
    )
    ctx.add_policy(Access, policy=access_policy)
    ctx.add_audit_actions(*AUDIT_ACTIONS)
    ctx.add_events(*EVENTS, comments.CommentsChanged)
    ctx.add_topic(comments.TOPIC_PREFIX, can_subscribe=comments.can_subscribe)
    ctx.add_notification_kind(
        access_requests.REQUESTED,
        description="Someone asks for access to a page you administer",
        descriptions={"fr": "Quelqu'un demande l'accès à une page que vous administrez"},
        default_email=True,
    )
    ctx.add_notification_kind(
        access_requests.GRANTED,
        description="You were given access to a page",
        descriptions={"fr": "On vous donne accès à une page"},
        default_email=True,
    )
    ctx.add_notification_kind(
        comments.MENTION,
        description="Someone mentioned you in a comment",
        descriptions={"fr": "On vous mentionne dans un commentaire"},
        default_email=True,
    )
    ctx.add_notification_kind(
        comments.REPLY,
        description="Someone answered a comment thread you are in",
        descriptions={"fr": "Une réponse dans une discussion de commentaires où vous êtes"},
        default_email=False,
    )
    ctx.provide(DocsPages, service=TextPages())  # type: ignore[type-abstract]
    ctx.add_permissions(
        Permission(
            name="docs.document.read",
            description="Use documents: those they made and those shared with them",
            descriptions={
                "fr": "Utiliser les documents : ceux qu'on a créés et ceux partagés avec soi"
            },
            default_roles=("owner", "admin", "member", "guest"),
        ),
        Permission(
            name="docs.document.browse",
            description="Reach the documents open to the whole organization",
            descriptions={"fr": "Accéder aux documents ouverts à toute l'organisation"},
            default_roles=NON_GUEST_ROLES,
        ),
        Permission(
            name="docs.document.create",
            description="Create documents",
            descriptions={"fr": "Créer des documents"},
            default_roles=NON_GUEST_ROLES,
        ),
        Permission(
            name="docs.document.edit",
            description=(
                "Edit the documents open to the organization as editors "
                "(a role granted on a document decides for it)"
            ),
            descriptions={
                "fr": (
                    "Modifier comme éditeur les documents ouverts à l'organisation (un rôle "
                    "accordé sur un document prime)"
                )
            },
            default_roles=NON_GUEST_ROLES,
        ),
    )
    ctx.add_routes(
        routes.list_documents,
        routes.list_recent_documents,
        routes.create_document,
        routes.get_document,
        routes.rename_document,
        sync_document,
        *TREE_ROUTES,
        *ACCESS_ROUTES,
        *VERSION_ROUTES,
        *VISITOR_ROUTES,
        *TRANSFER_ROUTES,
        *COMMENT_ROUTES,
        *ACCESS_REQUEST_ROUTES,
        *INVITATION_ROUTES,
        *TEMPLATE_ROUTES,
        *FILE_ROUTES,
    )
    ctx.add_lifespan("rooms", start=running_rooms)
    ctx.on_event(MemberChanged.name, handler=invitations.member_joined, phase="will")
    ctx.on_event(MemberChanged.name, handler=people_changes.member_changed)
    ctx.on_event(TeamChanged.name, handler=people_changes.team_changed)
    ctx.add_job(compact_documents, every=timedelta(minutes=10))
    ctx.add_job(tree.purge_trash, every=timedelta(hours=1))
    ctx.add_job(versions.take_automatic_versions, every=timedelta(minutes=2))
    ctx.add_job(index_documents, every=timedelta(minutes=1))
    # A conversion that failed once fails again: no retry.
    ctx.add_job(exports.export_document, max_retries=0, time_limit=120.0)
    ctx.add_job(imports.import_document, max_retries=0, time_limit=120.0)
    ctx.add_job(exports.purge_exports, every=timedelta(hours=1))
    ctx.add_search_provider(search_documents)
    ctx.add_exporter(pages_as_markdown)
    ctx.add_fragments(*FRAGMENTS)


plugin = Plugin(
    id="docs",
    name="Documents",
    description="Collaborative documents, edited together in real time.",
    names={"fr": "Documents"},
    descriptions={"fr": "Documents collaboratifs, rédigés ensemble en temps réel."},
    author="lasuite",
    license="EUPL-1.2",
    requires_api=">=1.18,<2",
    setup=setup,
)
