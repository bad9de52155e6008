"""The registration context a plugin's ``setup(ctx)`` receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

import click
from litestar.types import ControllerRouterHandler

from lasuite.db.base import Model
from lasuite.plugins.contract import Permission, PluginError

T = TypeVar("T")


@dataclass(slots=True)
class Contributions:
    """Everything one plugin registered during its setup."""

    routes: list[ControllerRouterHandler] = field(default_factory=list)
    models: list[type[Model]] = field(default_factory=list)
    permissions: list[Permission] = field(default_factory=list)
    cli: click.Group | None = None
    services: dict[type[Any], object] = field(default_factory=dict)


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
