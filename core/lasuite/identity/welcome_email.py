"""The core job ``core.send_welcome``: e-mails someone an administrator made an account
for the link to choose their password (valid a week; in French, then English: their
language is not known before they sign in). The link is a password-reset link
(:mod:`lasuite.identity.password_reset`) with a longer validity."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from lasuite.identity.locales import Locale, chosen_locale, worded
from lasuite.identity.models import User
from lasuite.identity.password_reset_email import link_job, mail_link, password_link
from lasuite.jobs.run import JobRun
from lasuite.jobs.spec import JobSpec
from lasuite.settings import Settings
from lasuite.tenancy.models import Membership, Organization

WELCOME_JOB = "core.send_welcome"
VALID_FOR = timedelta(days=7)


def welcome_job(settings: Settings) -> JobSpec:
    """The job e-mailing welcome links with ``settings``' SMTP server."""

    async def send_welcome(job: JobRun, *, user_id: str) -> None:
        async with job.transaction() as db:
            user = await db.get(User, uuid.UUID(user_id))
            organization = await db.get(Organization, job.organization_id)
            member = await db.scalar(
                select(Membership.id).where(
                    Membership.user_id == uuid.UUID(user_id),
                    Membership.organization_id == job.organization_id,
                )
            )
            if user is None or organization is None or member is None or not user.is_active:
                return
            email, name, epoch = user.email, user.display_name, user.session_epoch
            organization_name = organization.name
            locale = chosen_locale(user.locale)
        link = password_link(
            settings, uuid.UUID(user_id), epoch, VALID_FOR, welcome=True, locale=locale
        )
        subject, text = worded(welcome_versions(name, organization_name, link), locale)
        await mail_link(settings, email, f"{subject} — {organization_name}", text, about="welcome")

    return link_job(send_welcome)


def welcome_versions(name: str, organization: str, link: str) -> dict[Locale, tuple[str, str]]:
    return {
        "fr": (
            "Bienvenue",
            f"Bonjour {name},\n\nUn compte a été créé pour vous dans l'espace de travail de "
            f"{organization}. Pour choisir votre mot de passe, ouvrez ce lien (valable une "
            f"semaine, une seule fois) :\n\n{link}\n\nPassé ce délai, « Mot de passe oublié "
            "? » sur la page de connexion vous en envoie un autre.\n",
        ),
        "en": (
            "Welcome",
            f"Hello {name},\n\nAn account was made for you in the workspace of "
            f"{organization}. To choose your password, open this link (valid for a week, "
            f'once):\n\n{link}\n\nAfter that, "Forgotten password?" on the sign-in page '
            "sends you another.\n",
        ),
    }
