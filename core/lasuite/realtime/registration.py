"""The rules of what a plugin registers for realtime; ``PluginContext`` turns an
:class:`InvalidRegistration` into a ``PluginError`` naming the fix."""

from __future__ import annotations

import inspect
import re
from typing import Any, get_args

from lasuite.realtime.actions import ActionHandler, WsAction
from lasuite.realtime.events import Event, EventHandler, EventSubscription, Phase
from lasuite.realtime.topics import TopicCheck, TopicRule

EVENT_NAME = re.compile(r"^([a-z][a-z0-9]{1,30})\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
ACTION_NAME = re.compile(r"^([a-z][a-z0-9]{1,30})\.[a-z][a-z0-9_]*$")
TOPIC_PREFIX = re.compile(r"^([a-z][a-z0-9]{1,30})(:[A-Za-z0-9_.\-]+)*$")


class InvalidRegistration(Exception):
    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"{problem} (fix: {fix})")
        self.problem = problem
        self.fix = fix


def _is_async(fn: object) -> bool:
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(
        getattr(fn, "__call__", None)  # noqa: B004  (an object with an async __call__)
    )


def declared_event(plugin_id: str, cls: object) -> type[Event]:
    if not (isinstance(cls, type) and issubclass(cls, Event)):
        raise InvalidRegistration(
            f"{cls!r} is not an event class",
            "subclass lasuite.plugins.Event (a msgspec Struct) and pass the class",
        )
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not EVENT_NAME.match(name) or name.split(".")[0] != plugin_id:
        raise InvalidRegistration(
            f"event {cls.__qualname__} is named {name!r}",
            f"give it name: ClassVar[str] = '{plugin_id}.<noun>.<verb>'",
        )
    return cls


def event_subscription(
    plugin_id: str, name: str, handler: EventHandler, phase: str
) -> EventSubscription:
    if not EVENT_NAME.match(name):
        raise InvalidRegistration(
            f"on_event({name!r}) names no event", "name it '<plugin id>.<noun>.<verb>'"
        )
    if phase not in get_args(Phase):
        raise InvalidRegistration(
            f"on_event({name!r}) has phase {phase!r}", "use phase='will' or phase='after_commit'"
        )
    if not _is_async(handler):
        raise InvalidRegistration(
            f"the handler of {name!r} is not an async function",
            "define it as 'async def handler(event, context) -> None'",
        )
    return EventSubscription(event=name, handler=handler, phase=phase, plugin_id=plugin_id)  # type: ignore[arg-type]


def topic_rule(plugin_id: str, prefix: str, check: TopicCheck, *, presence: bool) -> TopicRule:
    match = TOPIC_PREFIX.match(prefix)
    if match is None or match.group(1) != plugin_id:
        raise InvalidRegistration(
            f"topic prefix {prefix!r} is outside the plugin's namespace",
            f"use '{plugin_id}' or '{plugin_id}:<name>' (letters, digits, _ . -)",
        )
    if not _is_async(check):
        raise InvalidRegistration(
            f"the subscribe check of {prefix!r} is not an async function",
            "define it as 'async def can_subscribe(actor, topic, db) -> bool'",
        )
    return TopicRule(prefix=prefix, plugin_id=plugin_id, can_subscribe=check, presence=presence)


def ws_action(
    plugin_id: str,
    name: str,
    handler: ActionHandler,
    *,
    permission: str | None,
    data_type: Any,
) -> WsAction:
    match = ACTION_NAME.match(name)
    if match is None or match.group(1) != plugin_id:
        raise InvalidRegistration(
            f"websocket action {name!r} is outside the plugin's namespace",
            f"name it '{plugin_id}.<verb>'",
        )
    if permission is not None and permission.split(".", 1)[0] not in (plugin_id, "core"):
        raise InvalidRegistration(
            f"websocket action {name!r} requires permission {permission!r} of another plugin",
            f"require one of '{plugin_id}.…' or 'core.…' permissions",
        )
    if not _is_async(handler):
        raise InvalidRegistration(
            f"the handler of websocket action {name!r} is not an async function",
            "define it as 'async def handler(data, context) -> result'",
        )
    return WsAction(
        name=name, plugin_id=plugin_id, handler=handler, permission=permission, data_type=data_type
    )
