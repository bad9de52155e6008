"""Organizations and members made directly in the database for tests."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from lasuite.db.engine import Database
from lasuite.identity.models import User
from lasuite.identity.passwords import hash_password
from lasuite.tenancy.models import Organization
from lasuite.tenancy.organizations import add_member, create_organization


@dataclass(frozen=True, slots=True)
class Member:
    """A user with a role in one organization, and the password to sign in with."""

    user_id: uuid.UUID
    email: str
    password: str
    organization_id: uuid.UUID
    organization_slug: str
    role: str

    async def sign_in(self, client: Any) -> None:
        """Sign ``client`` (an HTTP test client) in as this member."""
        response = await client.post(
            "/api/v1/auth/login",
            json={
                "email": self.email,
                "password": self.password,
                "organization": self.organization_slug,
            },
        )
        assert response.status_code == 200, response.text


class MemberFactory:
    """``await make_member(role=..., organization=...)`` creates a member."""

    def __init__(self, database: Database, plugins: frozenset[str]) -> None:
        self._database = database
        self._plugins = plugins
        self._orgs: dict[str, Organization] = {}

    async def organization(self, slug: str) -> Organization:
        """The organization ``slug``, created on first use with every loaded plugin enabled."""
        if slug not in self._orgs:
            async with self._database.transaction() as db:
                org = await create_organization(
                    db, name=f"Organization {slug}", slug=slug, plugins=self._plugins
                )
            self._orgs[slug] = org
        return self._orgs[slug]

    async def __call__(self, *, role: str = "member", organization: str = "org-a") -> Member:
        org = await self.organization(organization)
        password = secrets.token_urlsafe(8)
        email = f"{role}-{uuid.uuid4().hex[:8]}@{organization}.test"
        async with self._database.transaction() as db:
            user = User(
                email=email, display_name=email.split("@")[0], password_hash=hash_password(password)
            )
            db.add(user)
            await db.flush()
            await add_member(db, organization_id=org.id, user_id=user.id, role=role)
        return Member(user.id, email, password, org.id, org.slug, role)
