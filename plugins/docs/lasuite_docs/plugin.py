"""The docs plugin's manifest and registrations."""

from __future__ import annotations

from lasuite.plugins import NON_GUEST_ROLES, Permission, Plugin, PluginContext
from lasuite_docs import routes
from lasuite_docs.models import Document
from lasuite_docs.search import search_documents


def setup(ctx: PluginContext) -> None:
    ctx.add_models(Document)
    ctx.add_permissions(
        Permission(
            name="docs.document.read",
            description="See the organization's documents",
            default_roles=("owner", "admin", "member", "guest"),
        ),
        Permission(
            name="docs.document.create",
            description="Create documents",
            default_roles=NON_GUEST_ROLES,
        ),
    )
    ctx.add_routes(routes.list_documents, routes.create_document, routes.get_document)
    ctx.add_search_provider(search_documents)


plugin = Plugin(
    id="docs",
    name="Docs",
    description="Collaborative documents, edited together in real time.",
    author="lasuite",
    license="EUPL-1.2",
    requires_api=">=1.0,<2",
    setup=setup,
)
