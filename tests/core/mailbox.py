"""A local SMTP server (aiosmtpd) keeping the e-mails the app sends, for the tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from lasuite.settings import Settings

WITHIN = 10.0


class Mailbox:
    """An aiosmtpd handler keeping the messages it receives; it refuses once each
    recipient listed in ``refuse_once`` ("try again later")."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse_once: set[str] = set()
        self._arrived = threading.Condition()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse_once:
            self.refuse_once.discard(address)
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._arrived:
            self.messages.append(message_from_bytes(envelope.content))
            self._arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int, within: float = WITHIN) -> list[Message]:
        """The first ``count`` messages, waiting for them up to ``within`` seconds."""
        with self._arrived:
            arrived = self._arrived.wait_for(lambda: len(self.messages) >= count, within)
            assert arrived, f"{count} e-mails expected within {within}s, got {self.messages}"
            return list(self.messages)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


def mailing_settings(tmp_path: Path, database_url: str, port: int, **more: Any) -> Settings:
    """Settings of an app that sends its e-mails to the test's SMTP server on ``port``."""
    return Settings(
        var_dir=tmp_path / "var",
        database_url=database_url,
        smtp_url=f"smtp://127.0.0.1:{port}",
        mail_from="workspace@lasuite.test",
        **more,
    )
