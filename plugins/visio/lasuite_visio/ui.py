"""The visio plugin's UI fragments: custom elements of ``static/visio.js``, built from
``plugins/visio/web`` (TypeScript) by ``make web``."""

from __future__ import annotations

from lasuite.plugins import Fragment

MODULE = "visio.js"

FRAGMENTS = (
    Fragment(slot="nav", element="visio-nav", module=MODULE),
    Fragment(slot="app", element="visio-app", module=MODULE),
    Fragment(slot="home.widget", element="visio-home", module=MODULE),
    # /visio/<slug> for someone not signed in: a name, then the meeting or its lobby.
    Fragment(slot="public.page", element="visio-guest", module=MODULE),
    # In a chat channel's header, when chat is on: start a meeting announced there.
    Fragment(slot="chat.channel.action", element="visio-channel-meeting", module=MODULE),
)
