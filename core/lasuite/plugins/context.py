"""The registration context a plugin's ``setup(ctx)`` receives."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click
from litestar.types import ControllerRouterHandler
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.base import Model
from lasuite.permissions.policy import ResourcePolicy
from lasuite.plugins.contract import CORE_SLOTS, Fragment, Permission, PluginError

T = TypeVar("T")

LifecycleHook = Callable[[AsyncSession, uuid.UUID], Awaitable[None]]
"""``async def hook(db, organization_id)``, run in the transaction that switches the plugin."""


@dataclass(slots=True)
class Contributions:
    """Everything one plugin registered during its setup."""

    routes: list[ControllerRouterHandler] = field(default_factory=list)
    models: list[type[Model]] = field(default_factory=list)
    permissions: list[Permission] = field(default_factory=list)
    cli: click.Group | None = None
    services: dict[type[Any], object] = field(default_factory=dict)
    policies: list[tuple[type[Any], ResourcePolicy]] = field(default_factory=list)
    fragments: list[Fragment] = field(default_factory=list)
    settings: type[BaseModel] | None = None
    on_enable: list[LifecycleHook] = field(default_factory=list)
    on_disable: list[LifecycleHook] = field(default_factory=list)


ELEMENT_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")
MODULE_PATH = re.compile(r"^[A-Za-z0-9_\-][A-Za-z0-9_\-./]*\.js$")


class PluginContext:
    """Registration API for one plugin; its calls are valid during ``setup`` only.

    Every call is keyword-only after its first arguments and notes the API
    version that introduced it, so a plugin can state ``requires_api``.
    """

    def __init__(self, plugin_id: str, depends: frozenset[str], services: ServiceDirectory) -> None:
        self.plugin_id = plugin_id
        self.contributions = Contributions()
        self._depends = depends
        self._services = services
        self._open = True

    def _check_open(self) -> None:
        if not self._open:
            raise PluginError(
                f"plugin {self.plugin_id!r} registered something after setup",
                "make every ctx.add_*/provide call inside setup(ctx)",
            )

    def close(self) -> None:
        self._open = False

    def add_routes(self, *handlers: ControllerRouterHandler) -> None:
        """Mount routers, controllers or handlers under ``/api/v1/<id>/`` (API 1.0).

        Each handler declares ``permission="<id>.<resource>.<action>"`` or ``public=True``.

        Example::

            @get("/channels", permission="chat.channel.read")
            async def list_channels(db: DbSession, actor: CurrentActor) -> list[ChannelOut]: ...

            ctx.add_routes(list_channels)
        """
        self._check_open()
        self.contributions.routes.extend(handlers)

    def add_models(self, *models: type[Model]) -> None:
        """Declare this plugin's tables, named ``<id>_…``; their migrations live in
        the plugin's ``migrations/versions`` Alembic branch labelled ``<id>`` (API 1.0)."""
        self._check_open()
        for model in models:
            table = str(getattr(model, "__tablename__", ""))
            if not table.startswith(f"{self.plugin_id}_"):
                raise PluginError(
                    f"table {table!r} is outside the plugin's namespace",
                    f"name it '{self.plugin_id}_…'",
                )
        self.contributions.models.extend(models)

    def add_permissions(self, *permissions: Permission) -> None:
        """Declare the actions this plugin defines and their default grants (API 1.0).

        Example::

            ctx.add_permissions(Permission(name="chat.channel.read", description="Read channels",
                                           default_roles=("owner", "admin", "member")))
        """
        self._check_open()
        for permission in permissions:
            if permission.namespace != self.plugin_id:
                raise PluginError(
                    f"permission {permission.name!r} is outside the plugin's namespace",
                    f"name it '{self.plugin_id}.<resource>.<action>'",
                )
        self.contributions.permissions.extend(permissions)

    def add_policy(self, resource_type: type[Any], policy: ResourcePolicy) -> None:
        """Decide actions on this plugin's resources for ``authorize`` (API 1.0).

        The policy returns True (allow), False (deny) or None (let the role's
        grants decide). Example::

            def channel_policy(actor, action, channel):
                if channel.is_private and actor.user_id not in channel.member_ids:
                    return False
                return None

            ctx.add_policy(Channel, channel_policy)
        """
        self._check_open()
        self.contributions.policies.append((resource_type, policy))

    def add_fragments(self, *fragments: Fragment) -> None:
        """Place custom elements in the workspace's UI slots (API 1.0).

        Slots are the shell's (``nav``, ``home.widget``…) or ``<id>.<name>`` slots
        a plugin offers others; elements are named ``<id>-…``.
        """
        self._check_open()
        for fragment in fragments:
            offered = fragment.slot.split(".", 1)[0] != fragment.slot
            if fragment.slot not in CORE_SLOTS and not offered:
                raise PluginError(
                    f"fragment slot {fragment.slot!r} does not exist",
                    f"use one of {', '.join(sorted(CORE_SLOTS))} or a '<plugin>.<slot>' slot",
                )
            if not ELEMENT_NAME.match(fragment.element) or not fragment.element.startswith(
                f"{self.plugin_id}-"
            ):
                raise PluginError(
                    f"fragment element {fragment.element!r} is not a custom element of the plugin",
                    f"name it '{self.plugin_id}-<name>' (lowercase, with a hyphen)",
                )
            if not MODULE_PATH.match(fragment.module) or ".." in fragment.module:
                raise PluginError(
                    f"fragment module {fragment.module!r} is not a path inside the static dir",
                    "give a relative path such as 'chat.js'",
                )
        self.contributions.fragments.extend(fragments)

    def add_settings(self, model: type[BaseModel]) -> None:
        """Declare the plugin's per-organization settings as a pydantic model (API 1.0).

        Every field needs a default; admins edit them through a form generated
        from the model's JSON Schema, and each write is validated.
        """
        self._check_open()
        try:
            model()
        except Exception as exc:
            raise PluginError(
                f"settings model {model.__name__} cannot be built from its defaults ({exc})",
                "give every settings field a default",
            ) from exc
        self.contributions.settings = model

    def on_enable(self, hook: LifecycleHook) -> None:
        """Run ``hook(db, organization_id)`` when an organization enables the plugin (API 1.0)."""
        self._check_open()
        self.contributions.on_enable.append(hook)

    def on_disable(self, hook: LifecycleHook) -> None:
        """Run ``hook(db, organization_id)`` when an organization disables the plugin; data is
        kept — disabling never deletes (API 1.0)."""
        self._check_open()
        self.contributions.on_disable.append(hook)

    def add_cli(self, group: click.Group) -> None:
        """Mount a click group as ``lasuite <id> …`` (API 1.0)."""
        self._check_open()
        self.contributions.cli = group

    def provide(self, protocol: type[T], service: T) -> None:
        """Offer ``service`` to plugins that depend on this one, keyed by the Protocol
        in this plugin's small ``api`` module (API 1.0)."""
        self._check_open()
        self._services.add(protocol, service, provider=self.plugin_id)
        self.contributions.services[protocol] = service

    def require(self, protocol: type[T]) -> T:
        """The service another plugin provides for ``protocol``; that plugin must be
        listed in this plugin's ``depends`` (API 1.0)."""
        self._check_open()
        return self._services.get(protocol, consumer=self.plugin_id, depends=self._depends)


class ServiceDirectory:
    """Services plugins provide to each other, with the id of each provider."""

    def __init__(self) -> None:
        self._entries: dict[type[Any], tuple[str, object]] = {}

    def add(self, protocol: type[Any], service: object, *, provider: str) -> None:
        if protocol in self._entries:
            other = self._entries[protocol][0]
            raise PluginError(
                f"service {protocol.__qualname__} is already provided by {other!r}",
                "provide each service from one plugin only",
            )
        self._entries[protocol] = (provider, service)

    def get(self, protocol: type[T], *, consumer: str, depends: frozenset[str]) -> T:
        entry = self._entries.get(protocol)
        if entry is None:
            raise PluginError(
                f"no plugin provides {protocol.__qualname__}",
                "add the providing plugin to 'depends' and install it",
            )
        provider, service = entry
        if provider not in depends:
            raise PluginError(
                f"plugin {consumer!r} requires {protocol.__qualname__} from {provider!r} "
                "without depending on it",
                f"add {provider!r} to the plugin's 'depends'",
            )
        return service  # type: ignore[return-value]
