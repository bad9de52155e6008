"""The docs UI's sources (``plugins/docs/web/src``), checked without a browser: its
messages in French and English, and the Yjs field its editor writes the content to."""

from __future__ import annotations

import re
from pathlib import Path

from lasuite.testing import check_catalogs
from lasuite_docs.schema import CONTENT_FRAGMENT

WEB = Path(__file__).resolve().parents[3] / "plugins" / "docs" / "web" / "src"


def test_the_docs_catalogs_hold_every_message_the_ui_uses_and_no_other() -> None:
    check_catalogs(WEB / "i18n", WEB, namespace="docs")


def test_the_editor_keeps_the_content_in_the_field_the_server_reads() -> None:
    source = (WEB / "collaboration.ts").read_text(encoding="utf-8")

    declared = re.findall(r'export const CONTENT_FRAGMENT = "([^"]+)"', source)

    assert declared == [CONTENT_FRAGMENT]
