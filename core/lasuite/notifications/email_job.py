"""The core job ``core.send_notification_email``: e-mails a notification to users."""

from __future__ import annotations

import asyncio
import logging
import uuid

from sqlalchemy import select

from lasuite.identity.models import User
from lasuite.jobs.run import JobRun
from lasuite.jobs.spec import JobSpec, job_spec
from lasuite.notifications.mail import message, send_mail
from lasuite.settings import Settings

logger = logging.getLogger("lasuite.notifications")

EMAIL_JOB = "core.send_notification_email"


def email_job(settings: Settings) -> JobSpec:
    """The job sending notification e-mails with ``settings``' SMTP server."""

    async def send_notification_email(
        job: JobRun, *, user_ids: list[str], title: str, body: str, link: str
    ) -> None:
        async with job.transaction() as db:
            found = await db.scalars(
                select(User.email).where(
                    User.id.in_([uuid.UUID(u) for u in user_ids]), User.is_active
                )
            )
            recipients = sorted(found)
        if link.startswith("/"):
            link = f"{settings.base_url}{link}"
        text = "\n\n".join(part for part in (body, link) if part)
        if not settings.smtp_url:
            logger.info(
                "e-mail off (LASUITE_SMTP_URL is empty): %r not sent to %d users",
                title,
                len(recipients),
            )
            return
        mails = [
            message(sender=settings.mail_from, to=to, subject=title, text=text) for to in recipients
        ]
        await asyncio.to_thread(send_mail, settings.smtp_url, mails)

    return job_spec(
        "core",
        send_notification_email,
        name=None,
        max_retries=5,
        min_backoff=30.0,
        max_backoff=3600.0,
        time_limit=120.0,
    )
