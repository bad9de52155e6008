"""Organizations and members made directly in the database for tests."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher

from lasuite.db.engine import Database
from lasuite.identity.models import User
from lasuite.tenancy.models import Organization
from lasuite.tenancy.organizations import add_member, create_organization
from lasuite.testing.csrf import send_csrf_token

_TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def cheap_password_hash(password: str) -> str:
    """An argon2id hash made with the lowest costs, for test accounts.

    Verification reads the costs from the hash, so cheap hashes make every test
    sign-in fast while the app keeps its production parameters for real accounts.
    """
    return _TEST_HASHER.hash(password)


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
        """Sign ``client`` (an HTTP test client) in as this member.

        The client also starts sending the CSRF token on unsafe requests
        (see :func:`lasuite.testing.csrf.send_csrf_token`).
        """
        await send_csrf_token(client)
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
                email=email,
                display_name=email.split("@")[0],
                password_hash=cheap_password_hash(password),
            )
            db.add(user)
            await db.flush()
            await add_member(db, organization_id=org.id, user_id=user.id, role=role)
        return Member(user.id, email, password, org.id, org.slug, role)
