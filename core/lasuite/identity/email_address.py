"""The shape of an e-mail address in a request body, one rule for every route."""

from __future__ import annotations

from typing import Annotated

import msgspec

EmailAddress = Annotated[
    str,
    msgspec.Meta(
        min_length=3,
        max_length=320,
        pattern=r"^[^@\s]+@[^@\s]+$",
        extra_json_schema={"extra": {"format": "email"}},
    ),
]
"""Something before and after one ``@``, no spaces, 320 characters at most (RFC 5321's
bound); whether anyone reads it is for the mail it is sent to to find out."""
