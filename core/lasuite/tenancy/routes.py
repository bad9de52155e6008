"""Every route of organizations, members, invitations and teams, as the app mounts them."""

from __future__ import annotations

from lasuite.tenancy.account_routes import accounts_router
from lasuite.tenancy.invitation_routes import accept, invitations_router, preview, sign_up
from lasuite.tenancy.member_routes import members_router
from lasuite.tenancy.organization_routes import organizations_router, switch_router
from lasuite.tenancy.team_routes import teams_router

TENANCY_ROUTES = (
    organizations_router,
    switch_router,
    members_router,
    accounts_router,
    invitations_router,
    accept,
    sign_up,
    preview,
    teams_router,
)
