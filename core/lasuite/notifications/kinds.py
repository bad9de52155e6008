"""Notification kinds, which plugins declare with ``ctx.add_notification_kind``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

KIND_NAME = re.compile(r"^[a-z][a-z0-9]{1,30}\.[a-z][a-z0-9_.]{0,80}$")


class InvalidKind(Exception):
    """A kind registration breaks a rule; ``ctx`` reports it as a PluginError."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"{problem} (fix: {fix})")
        self.problem = problem
        self.fix = fix


@dataclass(frozen=True, slots=True, kw_only=True)
class NotificationKind:
    """A kind of notification ``<plugin id>.<kind>``, and whether users get it by e-mail
    unless they chose otherwise."""

    name: str
    plugin_id: str
    description: str
    default_email: bool
    descriptions: Mapping[str, str] = field(default_factory=dict)
    """The description in other languages, by language code."""


def notification_kind(
    plugin_id: str,
    name: str,
    *,
    description: str,
    default_email: bool,
    descriptions: Mapping[str, str] | None = None,
) -> NotificationKind:
    if not KIND_NAME.match(name) or not name.startswith(f"{plugin_id}."):
        raise InvalidKind(
            f"notification kind {name!r} is not named '{plugin_id}.<kind>'",
            f"name it '{plugin_id}.<kind>' (lowercase letters, digits, '_' and '.')",
        )
    if not description.strip():
        raise InvalidKind(
            f"notification kind {name!r} has no description",
            "describe it: users read it when choosing their preferences",
        )
    return NotificationKind(
        name=name,
        plugin_id=plugin_id,
        description=description,
        default_email=default_email,
        descriptions=dict(descriptions or {}),
    )
