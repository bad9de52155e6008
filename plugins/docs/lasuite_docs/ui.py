"""The docs plugin's UI fragments: custom elements of ``static/docs.js``, built from
``plugins/docs/web`` (TypeScript) by ``make web``."""

from __future__ import annotations

from lasuite.plugins import Fragment

MODULE = "docs.js"

FRAGMENTS = (
    Fragment(slot="nav", element="docs-nav", module=MODULE),
    Fragment(slot="app", element="docs-app", module=MODULE),
    Fragment(slot="home.widget", element="docs-home", module=MODULE),
    Fragment(slot="public.page", element="docs-visitor", module=MODULE),
)
