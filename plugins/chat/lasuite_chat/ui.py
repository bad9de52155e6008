"""The chat plugin's UI fragments: custom elements of ``static/chat.js``, built from
``plugins/chat/web`` (TypeScript) by ``make web``."""

from __future__ import annotations

from lasuite.plugins import Fragment

MODULE = "chat.js"

FRAGMENTS = (
    Fragment(slot="nav", element="chat-nav", module=MODULE),
    Fragment(slot="app", element="chat-app", module=MODULE),
    Fragment(slot="home.widget", element="chat-home", module=MODULE),
    # Chat's notifications in the reader's language (the server writes them in French).
    Fragment(slot="notification", element="chat-notification", module=MODULE),
)
