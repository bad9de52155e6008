"""The core job ``core.send_notification_email``: e-mails a notification to users.

Each e-mail the SMTP server takes is recorded at once (``core_notification_email``),
so that a retry, after the server refused or the worker stopped half-way, sends only
those not sent yet.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from email.message import EmailMessage

from sqlalchemy import select

from lasuite.identity.models import User
from lasuite.jobs.run import JobRun
from lasuite.jobs.spec import JobSpec, job_spec
from lasuite.notifications.mail import message, send_mail
from lasuite.notifications.models import NotificationEmail
from lasuite.settings import Settings

logger = logging.getLogger("lasuite.notifications")

EMAIL_JOB = "core.send_notification_email"


def email_job(settings: Settings) -> JobSpec:
    """The job sending notification e-mails with ``settings``' SMTP server."""

    async def send_notification_email(
        job: JobRun, *, user_ids: list[str], title: str, body: str, link: str
    ) -> None:
        recipients = await _recipients_left(job, [uuid.UUID(u) for u in user_ids])
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
        recipient_of: dict[int, uuid.UUID] = {}
        mails = []
        for to, user_id in recipients:
            mail = message(sender=settings.mail_from, to=to, subject=title, text=text)
            recipient_of[id(mail)] = user_id
            mails.append(mail)
        loop = asyncio.get_running_loop()

        def record(mail: EmailMessage) -> None:  # in the SMTP thread
            sent = _record_sent(job, recipient_of[id(mail)])
            asyncio.run_coroutine_threadsafe(sent, loop).result()

        await asyncio.to_thread(send_mail, settings.smtp_url, mails, record)

    return job_spec(
        "core",
        send_notification_email,
        name=None,
        max_retries=5,
        min_backoff=30.0,
        max_backoff=3600.0,
        time_limit=120.0,
    )


async def _recipients_left(job: JobRun, user_ids: list[uuid.UUID]) -> list[tuple[str, uuid.UUID]]:
    """(e-mail, user id) of the active users this job has not e-mailed yet."""
    async with job.transaction() as db:
        sent = set(
            await db.scalars(
                select(NotificationEmail.user_id).where(NotificationEmail.job_id == job.id)
            )
        )
        found = await db.execute(
            select(User.email, User.id).where(User.id.in_(user_ids), User.is_active)
        )
        return sorted((email, user_id) for email, user_id in found if user_id not in sent)


async def _record_sent(job: JobRun, user_id: uuid.UUID) -> None:
    async with job.transaction() as db:
        db.add(NotificationEmail(job_id=job.id, user_id=user_id))
