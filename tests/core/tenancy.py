"""What the organization, member, invitation and team tests share."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager

from litestar import Litestar
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.engine import Database
from lasuite.identity.models import User
from lasuite.state import runtime_of
from lasuite.tenancy.organizations import add_member
from lasuite.testing import Member
from lasuite.testing.members import MemberFactory

ADMINS = ("owner", "admin")
STAFF = ("owner", "admin", "member")


@asynccontextmanager
async def app_database(app: Litestar) -> AsyncIterator[AsyncSession]:
    """A transaction on the app's database, outside any request."""
    # Its own engine: the test client runs the app on another event loop.
    database = Database(runtime_of(app.state).settings.database)
    try:
        async with database.transaction() as db:
            yield db
    finally:
        await database.dispose()


async def make_staff(app: Litestar, member: Member) -> None:
    async with app_database(app) as db:
        await db.execute(update(User).where(User.id == member.user_id).values(is_staff=True))


async def join(
    app: Litestar, make_member: MemberFactory, member: Member, organization: str, role: str
) -> None:
    """Make an existing member a member of ``organization`` too."""
    org = await make_member.organization(organization)
    async with app_database(app) as db:
        await add_member(db, organization_id=org.id, user_id=member.user_id, role=role)


def expected_statuses(role: str, rules: Mapping[str, tuple[Iterable[str], int]]) -> dict[str, int]:
    """For each action, its success status if ``role`` may do it, else 403."""
    return {action: ok if role in roles else 403 for action, (roles, ok) in rules.items()}
