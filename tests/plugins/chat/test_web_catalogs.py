"""The chat UI's messages (``plugins/chat/web/src/i18n``): French and English have the
same keys, all under ``chat.`` and none empty, every key the sources use is there, and
every key is used (no browser needed)."""

from __future__ import annotations

from pathlib import Path

from lasuite.testing import check_catalogs

WEB = Path(__file__).resolve().parents[3] / "plugins" / "chat" / "web" / "src"


def test_the_chat_catalogs_hold_every_message_the_ui_uses_and_no_other() -> None:
    check_catalogs(WEB / "i18n", WEB, namespace="chat")
