"""The core job ``core.send_password_reset``: e-mails the link to choose a new password
(in French, then English: the person's language is not known before they sign in)."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta

from lasuite.identity.locales import Locale, chosen_locale, worded
from lasuite.identity.models import User
from lasuite.identity.password_reset import VALID_FOR, reset_token, reset_url
from lasuite.jobs.run import JobRun
from lasuite.jobs.spec import JobSpec, job_spec
from lasuite.notifications.mail import message, send_mail
from lasuite.settings import Settings

logger = logging.getLogger("lasuite.passwords")


def password_reset_job(settings: Settings) -> JobSpec:
    """The job e-mailing password reset links with ``settings``' SMTP server."""

    async def send_password_reset(job: JobRun, *, user_id: str) -> None:
        async with job.transaction() as db:
            user = await db.get(User, uuid.UUID(user_id))
            if user is None or not user.is_active:
                return
            email, name, epoch = user.email, user.display_name, user.session_epoch
            locale = chosen_locale(user.locale)
        link = password_link(settings, uuid.UUID(user_id), epoch, VALID_FOR, locale=locale)
        subject, text = worded(reset_versions(name, link), locale)
        await mail_link(settings, email, subject, text, about="password reset")

    return link_job(send_password_reset)


def password_link(
    settings: Settings,
    user_id: uuid.UUID,
    epoch: int,
    valid_for: timedelta,
    *,
    welcome: bool = False,
    locale: Locale | None = None,
) -> str:
    """The link to choose the account's password, valid ``valid_for`` from now; a
    ``welcome`` link's page words it for a new account, in ``locale`` when the person
    chose one."""
    expires = int(time.time() + valid_for.total_seconds())
    link = reset_url(settings, reset_token(settings, user_id, epoch, expires))
    if welcome:
        link += "&welcome=1"
    return f"{link}&lang={locale}" if locale else link


async def mail_link(settings: Settings, to: str, subject: str, text: str, *, about: str) -> None:
    """Send ``text`` to ``to`` now (the job retries on failure); with e-mail off, log it."""
    if not settings.smtp_url:
        logger.info("e-mail off (LASUITE_SMTP_URL is empty): %s of %s", about, to)
        return
    mail = message(sender=settings.mail_from, to=to, subject=subject, text=text)
    await asyncio.to_thread(send_mail, settings.smtp_url, [mail], lambda _mail: None)


def link_job(send: Callable[..., Awaitable[None]]) -> JobSpec:
    """A core job e-mailing a link: retried 3 times, 10 s to 10 min apart."""
    return job_spec(
        "core",
        send,
        name=None,
        max_retries=3,
        min_backoff=10.0,
        max_backoff=600.0,
        time_limit=120.0,
    )


def reset_versions(name: str, link: str) -> dict[Locale, tuple[str, str]]:
    return {
        "fr": (
            "Nouveau mot de passe",
            f"Bonjour {name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien "
            f"(valable une heure, une seule fois) :\n\n{link}\n\nSi vous ne l'avez pas "
            "demandé, ignorez ce message : votre mot de passe ne change pas.\n",
        ),
        "en": (
            "New password",
            f"Hello {name},\n\nTo choose a new password, open this link (valid for an hour, "
            f"once):\n\n{link}\n\nIf you did not ask for it, ignore this message: your "
            "password stays as it is.\n",
        ),
    }
