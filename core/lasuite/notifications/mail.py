"""Sending e-mail over SMTP with the standard library (called in a worker thread)."""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Iterable
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

SMTP_TIMEOUT = 30.0


class BadSmtpUrl(ValueError):
    """``LASUITE_SMTP_URL`` is not ``smtp://…`` or ``smtps://…``."""


def message(*, sender: str, to: str, subject: str, text: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = subject
    mail.set_content(text)
    return mail


def send_mail(
    smtp_url: str,
    messages: Iterable[EmailMessage],
    on_sent: Callable[[EmailMessage], None] | None = None,
) -> None:
    """Send ``messages`` through one connection to ``smtp_url`` (blocking), calling
    ``on_sent(message)`` as soon as the server has taken each one.

    ``smtp://`` upgrades with STARTTLS when the server offers it; ``smtps://`` is TLS
    from the start; a user and password in the URL log in.
    """
    url = urlsplit(smtp_url)
    if url.scheme not in ("smtp", "smtps") or not url.hostname:
        raise BadSmtpUrl(f"{url.scheme}://… is not an SMTP URL (smtp://host:port)")
    smtp_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    port = url.port or (465 if url.scheme == "smtps" else 25)
    with smtp_class(url.hostname, port, timeout=SMTP_TIMEOUT) as smtp:
        if url.scheme == "smtp":
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls()
                smtp.ehlo()
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        for mail in messages:
            smtp.send_message(mail)
            if on_sent is not None:
                on_sent(mail)
