"""The core job ``core.send_invitation_email``: e-mails an invitation's link to the invitee.

The link holds the invitation's secret, which the database keeps only hashed: it waits in
the job's arguments until the e-mail is sent, then is erased from them. The invitee's
language is not known yet, so the e-mail is in French, then in English.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from sqlalchemy import select, update

from lasuite.db.base import utcnow
from lasuite.identity.models import User
from lasuite.jobs.models import Job
from lasuite.jobs.run import JobRun
from lasuite.jobs.spec import JobSpec, job_spec
from lasuite.notifications.mail import message, send_mail
from lasuite.settings import Settings
from lasuite.tenancy.models import Invitation, Organization

logger = logging.getLogger("lasuite.invitations")

INVITATION_JOB = "core.send_invitation_email"

ROLES = {
    "owner": ("propriétaire", "owner"),
    "admin": ("administrateur ou administratrice", "administrator"),
    "member": ("membre", "member"),
    "guest": ("invité ou invitée", "guest"),
}


def invitation_email_job(settings: Settings) -> JobSpec:
    """The job e-mailing invitations with ``settings``' SMTP server."""

    async def send_invitation_email(job: JobRun, *, invitation_id: str, link: str = "") -> None:
        pending = await _pending(job, uuid.UUID(invitation_id))
        if pending is None or not link:  # revoked, accepted, expired, or sent already
            return
        email, role, organization, inviter, note = pending
        if not settings.smtp_url:
            logger.info("e-mail off (LASUITE_SMTP_URL is empty): invitation of %s: %s", email, link)
        else:
            mail = message(
                sender=settings.mail_from,
                to=email,
                subject=f"Invitation : {organization} / Invitation: {organization}",
                text=invitation_text(organization, inviter, role, link, note=note),
            )
            await asyncio.to_thread(send_mail, settings.smtp_url, [mail], lambda _mail: None)
        await _forget_link(job, invitation_id)

    return job_spec(
        "core",
        send_invitation_email,
        name=None,
        max_retries=5,
        min_backoff=30.0,
        max_backoff=3600.0,
        time_limit=120.0,
    )


def invitation_text(
    organization: str, inviter: str, role: str, link: str, *, note: str | None = None
) -> str:
    role_fr, role_en = ROLES.get(role, (role, role))
    about_fr = f"Objet : {note}\n\n" if note else ""
    about_en = f"About: {note}\n\n" if note else ""
    return (
        f"{inviter} vous invite à rejoindre {organization} dans l'espace de travail, "
        f"comme {role_fr}.\n\n{about_fr}Pour accepter, ouvrez ce lien (valable quelques "
        f"jours, une seule fois) :\n\n{link}\n\n"
        "Si vous n'attendiez pas cette invitation, ignorez ce message.\n\n---\n\n"
        f"{inviter} invites you to join {organization} in the workspace, as {role_en}.\n\n"
        f"{about_en}To accept, open this link (valid for a few days, once):\n\n{link}\n\n"
        "If you did not expect this invitation, ignore this message.\n"
    )


async def _pending(
    job: JobRun, invitation_id: uuid.UUID
) -> tuple[str, str, str, str, str | None] | None:
    async with job.transaction() as db:
        row = (
            await db.execute(
                select(
                    Invitation.email,
                    Invitation.role,
                    Organization.name,
                    User.display_name,
                    Invitation.note,
                )
                .join(Organization, Organization.id == Invitation.organization_id)
                .outerjoin(User, User.id == Invitation.invited_by)
                .where(
                    Invitation.id == invitation_id,
                    Invitation.organization_id == job.organization_id,
                    Invitation.accepted_at.is_(None),
                    Invitation.expires_at > utcnow(),
                )
            )
        ).one_or_none()
    if row is None:
        return None
    email, role, organization, inviter, note = row
    return email, role, organization, inviter or organization, note


async def _forget_link(job: JobRun, invitation_id: str) -> None:
    """The link leaves the job's record once sent: only its hash stays anywhere."""
    async with job.transaction() as db:
        await db.execute(
            update(Job)
            .where(Job.id == job.id)
            .values(arguments={"invitation_id": invitation_id})
            .execution_options(synchronize_session=False)
        )
