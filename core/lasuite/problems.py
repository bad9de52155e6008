"""Domain errors: what a service refuses, with a stable code a client can word itself.

A service raises a :class:`Problem`; the app renders every one the same way
(:mod:`lasuite.errors`), and the OpenAPI document lists every code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

CODE = re.compile(r"^[a-z][a-z0-9]*(\.[a-z][a-z0-9_]*)?$")


class Problem(Exception):
    """A request a service refuses, answered ``{"error": code, "detail": …}`` with the
    HTTP ``status`` (API 1.0).

    Declare each problem once, as a subclass with its own ``code`` (``<plugin id>.<name>``),
    ``status`` and English ``message``; register a plugin's with ``ctx.add_problems`` so
    that the OpenAPI document lists them and the workspace can word them in the reader's
    language. Example::

        class ChannelArchived(Problem):
            code = "chat.channel_archived"
            status = 409
            message = "This channel is archived."

        raise ChannelArchived()

    ``detail`` is the message, or ``{"message": …, "fields": …, <facts>}`` when the
    problem names the invalid ``fields`` or carries facts a client words itself
    (``raise MessageTooLong(max_length=4000)``).
    """

    code: ClassVar[str] = "bad_request"
    status: ClassVar[int] = 400
    message: ClassVar[str] = "This request cannot be done."

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__ or not CODE.match(cls.code):
            raise TypeError(
                f"problem {cls.__qualname__} needs its own code, such as 'chat.channel_archived'"
            )
        if not (400 <= cls.status < 500 or cls.status == 503):
            raise TypeError(f"problem {cls.__qualname__} has status {cls.status}: use a 4xx or 503")

    def __init__(
        self,
        message: str | None = None,
        /,
        *,
        fields: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        **facts: Any,
    ) -> None:
        self.text = message or type(self).message
        self.fields = dict(fields or {})
        self.headers = dict(headers or {})
        """Sent with the answer (a 429's ``Retry-After``)."""
        self.facts = facts
        super().__init__(self.text)

    @property
    def detail(self) -> str | dict[str, Any]:
        """What the answer's ``detail`` says."""
        extra: dict[str, Any] = {"fields": self.fields} if self.fields else {}
        extra.update(self.facts)
        return {"message": self.text, **extra} if extra else self.text
