"""Messages' Markdown rendered to HTML on the server, so that every client shows the
same thing and none has to trust what another client sent."""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import nh3

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

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

_HANDLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
_HANDLE_END = "._+-"
"""Characters a handle may hold but not end with: ``@marie.`` ends a sentence."""


def _mention(state: StateInline, silent: bool) -> bool:
    """``@handle`` not preceded by a word character (``a@b.fr`` is an address)."""
    start = state.pos
    if state.src[start] != "@" or (start > 0 and _is_handle_char(state.src[start - 1])):
        return False
    found = _HANDLE.match(state.src, start + 1)
    if found is None:
        return False
    handle = found.group().rstrip(_HANDLE_END)
    if not handle:
        return False
    if not silent:
        token = state.push("mention", "", 0)
        token.content = "@" + handle
        token.meta = {"handle": handle.lower()}
        state.env.setdefault("handles", set()).add(handle.lower())
    state.pos = start + 1 + len(handle)
    return True


def _is_handle_char(char: str) -> bool:
    return char.isalnum() or char in _HANDLE_END


def _render_mention(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: dict[str, Any]
) -> str:
    token = tokens[idx]
    target = env.get("mentions", {}).get(token.meta["handle"])
    shown = html_text.escape(token.content)
    if target is None:
        return shown
    return f'<span class="mention" data-mention="{html_text.escape(target)}">{shown}</span>'


@cache
def _markdown() -> MarkdownIt:
    """The parser, made at the first message: markdown-it takes a tenth of a second to
    import, which a start does without."""
    from markdown_it import MarkdownIt

    markdown = MarkdownIt("zero", {"html": False, "breaks": True}).enable(_RULES)
    markdown.inline.ruler.push("mention", _mention)
    markdown.add_render_rule("mention", _render_mention)
    return markdown


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
_TAGS.add("span")
_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "span": {"class", "data-mention"}}
_URL_SCHEMES = {"http", "https", "mailto"}


def mention_handles(text: str) -> set[str]:
    """The ``@handles`` written in ``text`` (lower-cased), outside code."""
    env: dict[str, Any] = {}
    _markdown().parse(text, env)
    handles: set[str] = env.get("handles", set())
    return handles


def render_markdown(text: str, mentions: Mapping[str, str] | None = None) -> str:
    """Sanitized HTML of ``text``: links get ``rel="noopener nofollow"``, only http(s)
    and mailto links are kept, and any HTML written in the text shows as text.

    ``mentions`` maps the handles that name someone (or ``channel``, ``here``) to what
    their ``<span class="mention" data-mention="…">`` carries; other ``@words`` stay text.
    """
    html = _markdown().render(text, {"mentions": dict(mentions or {})})
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener nofollow",
    ).strip()
