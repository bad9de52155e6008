"""What an upload is, judged from its first bytes, and whether a caller accepts it."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

import puremagic

SNIFF_BYTES = 8192
"""How much of the start of a file is read before deciding its type."""

UNKNOWN = "application/octet-stream"
TEXT = "text/plain"


def sniff_content_type(head: bytes) -> str:
    """The media type of a file starting with ``head``; the client's claim is never used.

    Unrecognised bytes are ``text/plain`` when they read as UTF-8 text, else
    ``application/octet-stream``.
    """
    try:
        found = puremagic.from_string(head, mime=True)
    except (puremagic.PureError, ValueError):
        found = ""
    if found:
        return str(found).lower()
    return TEXT if _is_text(head) else UNKNOWN


def _is_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data":  # the sample may cut a character
            return False
        text = head[: exc.start].decode("utf-8")
    return bool(text) and not any(
        unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text
    )


def is_allowed(content_type: str, allowed: Collection[str]) -> bool:
    """Whether ``content_type`` matches one of ``allowed`` (``image/png``, ``image/*``, ``*/*``)."""
    kind = content_type.split("/", 1)[0]
    return any(
        pattern in ("*/*", content_type) or pattern == f"{kind}/*"
        for pattern in (p.lower() for p in allowed)
    )
