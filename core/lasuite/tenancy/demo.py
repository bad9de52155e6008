"""The demo organization and administrator created on an embedded first start."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from lasuite.db.engine import Database
from lasuite.identity.models import User
from lasuite.identity.passwords import hash_password
from lasuite.plugin_host.registry import Registry
from lasuite.settings import Settings
from lasuite.tenancy.organizations import add_member, create_organization

DEMO_ORG_NAME = "Ministère de la Démo"
DEMO_ORG_SLUG = "demo"
DEMO_EMAIL = "admin@demo.lasuite.local"


@dataclass(frozen=True, slots=True)
class DemoLogin:
    organization: str
    email: str
    password: str | None
    """Known while ``<var_dir>/demo_password`` exists; the database keeps only a hash."""


async def _create_demo(database: Database, password: str, plugins: frozenset[str]) -> str:
    """Create the demo when no user exists; say whether it was created, kept or never made."""
    async with database.transaction() as db:
        if await db.scalar(select(func.count()).select_from(User)):
            demo_user = await db.scalar(select(User.id).where(User.email == DEMO_EMAIL))
            return "kept" if demo_user is not None else "absent"
        org = await create_organization(db, name=DEMO_ORG_NAME, slug=DEMO_ORG_SLUG, plugins=plugins)
        user = User(
            email=DEMO_EMAIL,
            display_name="Demo Admin",
            password_hash=await hash_password(password),
            is_staff=True,
        )
        db.add(user)
        await db.flush()
        await add_member(db, organization_id=org.id, user_id=user.id, role="owner")
    return "created"


async def _create_and_dispose(database: Database, password: str, plugins: frozenset[str]) -> str:
    try:
        return await _create_demo(database, password, plugins)
    finally:
        await database.dispose()


def ensure_demo(settings: Settings, registry: Registry) -> DemoLogin | None:
    """Create the demo organization and its owner on a database without users.

    Returns how to log in as the demo owner, or None when the installation had
    users of its own before any demo was made.
    """
    password_file = settings.var_dir / "demo_password"
    password = secrets.token_urlsafe(12)
    plugins = settings.default_plugin_ids(registry.loaded_ids)
    outcome = asyncio.run(_create_and_dispose(Database(settings.database), password, plugins))
    if outcome == "absent":
        return None
    if outcome == "created":
        settings.var_dir.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password)
        password_file.chmod(0o600)
    known = password_file.read_text().strip() if password_file.exists() else None
    return DemoLogin(DEMO_ORG_NAME, DEMO_EMAIL, known)
