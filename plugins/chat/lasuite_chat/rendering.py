"""Messages' Markdown rendered to HTML on the server, so that every client shows the
same thing and none has to trust what another client sent."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# A chat subset: no raw HTML, no images (files come as attachments), no headings.
_RULES = [
    "emphasis",
    "strikethrough",
    "backticks",
    "link",
    "autolink",
    "escape",
    "entity",
    "newline",
    "code",
    "fence",
    "blockquote",
    "list",
    "paragraph",
]

_markdown = MarkdownIt("zero", {"html": False, "breaks": True}).enable(_RULES)

_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
}
_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Sanitized HTML of ``text``: links get ``rel="noopener nofollow"``, only http(s)
    and mailto links are kept, and any HTML written in the text shows as text."""
    html = _markdown.render(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener nofollow",
    ).strip()
