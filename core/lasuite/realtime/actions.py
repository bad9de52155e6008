"""Websocket actions: ``{"op": "action", "name": "<id>.<verb>", "data": {…}}`` calls
to a handler a plugin registered, each in a transaction of its own."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec
from litestar.exceptions import HTTPException
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.engine import Database
from lasuite.errors import CODES
from lasuite.permissions.actor import Actor
from lasuite.problems import Problem
from lasuite.realtime.events import Veto

if TYPE_CHECKING:
    from lasuite.realtime.bus import EventBus

logger = logging.getLogger("lasuite.realtime")


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionContext:
    """What a websocket action handler receives besides the data (API 1.0)."""

    actor: Actor
    """The connected user, in the organization of their session (or token)."""
    db: AsyncSession
    """A transaction of its own, committed when the handler returns."""
    events: EventBus


ActionHandler = Callable[[Any, ActionContext], Awaitable[Any]]
"""``async def handler(data, context) -> result``; the result (JSON) is the ack's data."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WsAction:
    """An action a plugin registered with ``ctx.add_ws_action``."""

    name: str
    plugin_id: str
    handler: ActionHandler
    permission: str | None = None
    data_type: Any = None
    """Validate and convert ``data`` to this type (a msgspec Struct…) before the call."""


class ActionRefused(Exception):
    """The action did not run, or failed; ``code`` and ``detail`` go in the error frame."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class WsActions:
    """The actions of every loaded plugin, by name."""

    def __init__(self, actions: Iterable[WsAction], database: Database, bus: EventBus) -> None:
        self._actions = {action.name: action for action in actions}
        self._database = database
        self._bus = bus

    async def run(self, actor: Actor, name: str, data: dict[str, Any]) -> Any:
        """Run the action ``name`` for ``actor``; raises :class:`ActionRefused`."""
        action = self._actions.get(name)
        if action is None or action.plugin_id not in actor.enabled_plugins:
            raise ActionRefused("not_found", f"There is no action {name!r}.")
        if action.permission is not None and not actor.can(action.permission):
            raise ActionRefused("forbidden", f"You lack the permission {action.permission}.")
        try:
            payload = data if action.data_type is None else msgspec.convert(data, action.data_type)
        except msgspec.ValidationError as exc:
            raise ActionRefused("invalid_input", str(exc)) from exc
        try:
            async with self._database.transaction() as db:
                context = ActionContext(actor=actor, db=db, events=self._bus)
                return await action.handler(payload, context)
        except Veto as veto:
            raise ActionRefused("vetoed", veto.reason) from veto
        except Problem as problem:
            raise ActionRefused(problem.code, problem.text) from problem
        except HTTPException as exc:
            raise ActionRefused(CODES.get(exc.status_code, "error"), exc.detail) from exc
        except IntegrityError as exc:
            raise ActionRefused("conflict", "This conflicts with data saved meanwhile.") from exc
        except Exception as exc:
            logger.exception("websocket action %s failed", name)
            raise ActionRefused("internal_error", "The action failed; it has been logged.") from exc
