"""The demo organization and administrator created on an embedded first start."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from lasuite.db.engine import Database
from lasuite.identity.models import User
from lasuite.identity.passwords import hash_password
from lasuite.settings import Settings
from lasuite.tenancy.models import Membership, Organization

DEMO_ORG_NAME = "Ministère de la Démo"
DEMO_ORG_SLUG = "demo"
DEMO_EMAIL = "admin@demo.lasuite.local"


@dataclass(frozen=True, slots=True)
class DemoLogin:
    organization: str
    email: str
    password: str | None
    """Known while ``<var_dir>/demo_password`` exists; the database keeps only a hash."""


async def _create_demo(database: Database, password: str) -> str:
    """Create the demo when no user exists; say whether it was created, kept or never made."""
    async with database.transaction() as db:
        if await db.scalar(select(func.count()).select_from(User)):
            demo_user = await db.scalar(select(User.id).where(User.email == DEMO_EMAIL))
            return "kept" if demo_user is not None else "absent"
        org = Organization(name=DEMO_ORG_NAME, slug=DEMO_ORG_SLUG)
        user = User(
            email=DEMO_EMAIL, display_name="Demo Admin", password_hash=hash_password(password)
        )
        db.add_all([org, user])
        await db.flush()
        db.add(Membership(organization_id=org.id, user_id=user.id, role="owner"))
    return "created"


async def _create_and_dispose(database: Database, password: str) -> str:
    try:
        return await _create_demo(database, password)
    finally:
        await database.dispose()


def ensure_demo(settings: Settings) -> DemoLogin | None:
    """Create the demo organization and its owner on a database without users.

    Returns how to log in as the demo owner, or None when the installation had
    users of its own before any demo was made.
    """
    password_file = settings.var_dir / "demo_password"
    password = secrets.token_urlsafe(12)
    outcome = asyncio.run(_create_and_dispose(Database(settings.database), password))
    if outcome == "absent":
        return None
    if outcome == "created":
        settings.var_dir.mkdir(parents=True, exist_ok=True)
        password_file.write_text(password)
        password_file.chmod(0o600)
    known = password_file.read_text().strip() if password_file.exists() else None
    return DemoLogin(DEMO_ORG_NAME, DEMO_EMAIL, known)
