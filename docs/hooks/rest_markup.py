"""MkDocs hook: the docstrings of ``lasuite`` are written for Sphinx. Markdown renders
a role (``:class:`Plugin```) as the role's name followed by the code, and keeps the
double colon that introduces a literal block (``Example::``); the site shows the code
alone, and one colon."""

from __future__ import annotations

import re
from typing import Any

ROLE_BEFORE_CODE = re.compile(r":(?:class|func|meth|mod|attr|data|exc|obj):(?=<code>)")
LITERAL_BLOCK_COLONS = re.compile(r"::</p>")


def on_page_content(html: str, **_: Any) -> str:
    html = ROLE_BEFORE_CODE.sub("", html)
    return LITERAL_BLOCK_COLONS.sub(":</p>", html)
