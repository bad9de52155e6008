"""The registration context a plugin's ``setup(ctx)`` receives."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, NoReturn, TypeVar

import click
from litestar.types import ControllerRouterHandler
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.checks.contract import Check
from lasuite.db.base import Model
from lasuite.jobs.spec import InvalidJob, JobSpec, job_spec
from lasuite.notifications.kinds import InvalidKind, NotificationKind, notification_kind
from lasuite.permissions.policy import ResourcePolicy
from lasuite.plugin_counters import MetricCounter
from lasuite.plugins._contract import CORE_SLOTS, Fragment, Permission, PluginError
from lasuite.plugins._dependencies import DEPENDENCIES
from lasuite.plugins._services import InstanceContext
from lasuite.portability.contract import Exporter
from lasuite.problems import Problem
from lasuite.realtime import registration
from lasuite.realtime.actions import ActionHandler, WsAction
from lasuite.realtime.events import Event, EventHandler, EventSubscription, Phase
from lasuite.realtime.topics import TopicCheck, TopicRule
from lasuite.search.contract import InvalidProvider, SearchProvider, search_provider

T = TypeVar("T")

Lifespan = Callable[[InstanceContext], AbstractAsyncContextManager[Any]]
"""``start(instance)``: an async context manager yielding what handlers get (see
:meth:`PluginContext.add_lifespan`)."""

AUDIT_ACTION = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
"""An audit action: ``<plugin>.<noun>.<verb>``."""

RESERVED_PARAMETERS = frozenset(
    {"request", "socket", "state", "scope", "headers", "cookies", "query", "data", "body"}
)
"""Parameter names Litestar gives handlers itself."""

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
    jobs: list[JobSpec] = field(default_factory=list)
    events: list[type[Event]] = field(default_factory=list)
    event_subscriptions: list[EventSubscription] = field(default_factory=list)
    topics: list[TopicRule] = field(default_factory=list)
    ws_actions: list[WsAction] = field(default_factory=list)
    notification_kinds: list[NotificationKind] = field(default_factory=list)
    audit_actions: list[str] = field(default_factory=list)
    search_provider: SearchProvider | None = None
    problems: list[type[Problem]] = field(default_factory=list)
    lifespans: dict[str, Lifespan] = field(default_factory=dict)
    connect_sources: list[str] = field(default_factory=list)
    checks: list[tuple[str, Check]] = field(default_factory=list)
    exporters: list[Exporter] = field(default_factory=list)
    counters: list[MetricCounter] = field(default_factory=list)


ELEMENT_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")
ORIGIN = re.compile(r"(https|wss|http|ws)://[A-Za-z0-9.\-]+(:[0-9]{1,5})?")
MODULE_PATH = re.compile(r"^[A-Za-z0-9_\-][A-Za-z0-9_\-./]*\.js$")


class PluginContext:
    """Registration API for one plugin; its calls are valid during ``setup`` only.

    Every call is keyword-only past its first argument, refuses what is registered
    twice, and notes the API version that introduced it, so a plugin can state
    ``requires_api``.
    """

    def __init__(
        self,
        plugin_id: str,
        depends: frozenset[str],
        services: ServiceDirectory,
        *,
        uses: frozenset[str] = frozenset(),
        named_uses: frozenset[str] = frozenset(),
    ) -> None:
        self.plugin_id = plugin_id
        self.contributions = Contributions()
        self._depends = depends
        self._uses = uses
        """The plugins of ``Plugin.uses`` that work and are of the version asked."""
        self._named_uses = named_uses
        self._services = services
        self._open = True

    def _check_open(self) -> None:
        if not self._open:
            raise PluginError(
                f"plugin {self.plugin_id!r} registered something after setup",
                "make every ctx.add_*/provide call inside setup(ctx)",
            )

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
            if model in self.contributions.models:
                _twice("the model", model.__qualname__)
            self.contributions.models.append(model)

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
            if any(p.name == permission.name for p in self.contributions.permissions):
                _twice("the permission", permission.name)
            self.contributions.permissions.append(permission)

    def add_policy(self, resource_type: type[Any], *, policy: ResourcePolicy) -> None:
        """Decide actions on this plugin's resources for ``authorize`` (API 1.0).

        The policy returns True (allow), False (deny) or None (let the role's
        grants decide); to refuse with a reason of its own, it raises a ``Problem``
        (chat's ``NotAMember``, say), which reaches the caller with its code. Example::

            def channel_policy(actor, action, channel):
                if channel.is_private and actor.user_id not in channel.member_ids:
                    return False
                return None

            ctx.add_policy(Channel, policy=channel_policy)
        """
        self._check_open()
        if any(known is resource_type for known, _ in self.contributions.policies):
            _twice("a policy for", resource_type.__qualname__)
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
            if fragment in self.contributions.fragments:
                _twice("the fragment", f"{fragment.element} in {fragment.slot}")
            self.contributions.fragments.append(fragment)

    def add_settings(self, model: type[BaseModel]) -> None:
        """Declare the plugin's per-organization settings as a pydantic model (API 1.0).

        Every field needs a default; admins edit them through a form generated
        from the model's JSON Schema, and each write is validated.
        """
        self._check_open()
        if self.contributions.settings is not None:
            _twice("a settings model", self.plugin_id)
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
        if self.contributions.cli is not None:
            _twice("a command group", self.plugin_id)
        self.contributions.cli = group

    def add_job(
        self,
        fn: Callable[..., Any],
        *,
        name: str | None = None,
        max_retries: int = 3,
        min_backoff: float = 15.0,
        max_backoff: float = 3600.0,
        time_limit: float = 600.0,
        every: timedelta | None = None,
    ) -> None:
        """Register ``fn`` as the background job ``<id>.<name or fn's name>`` (API 1.0).

        ``fn(job: JobRun, **arguments)``, async or sync, runs in a worker for one
        organization; when it raises it is retried ``max_retries`` times, waiting
        from ``min_backoff`` up to ``max_backoff`` seconds (doubling each time), and
        it is interrupted after ``time_limit`` seconds. Routes enqueue it with
        ``jobs.enqueue(db, "<id>.<name>", organization_id=..., **arguments)``.
        Example::

            async def purge(job: JobRun, *, channel_id: str) -> None:
                async with job.transaction() as db:
                    await delete_messages(db, job.organization_id, channel_id)

            ctx.add_job(purge, max_retries=5)  # the job "chat.purge"

        With ``every`` the job is periodic: the workers queue it by themselves, with
        no arguments, in each organization that has the plugin enabled, first soon
        after it is enabled, then once per ``every`` (a minute or more); one run per
        period whatever the number of workers::

            ctx.add_job(purge_expired, every=timedelta(hours=1))
        """
        self._check_open()
        try:
            spec = job_spec(
                self.plugin_id,
                fn,
                name=name,
                max_retries=max_retries,
                min_backoff=min_backoff,
                max_backoff=max_backoff,
                time_limit=time_limit,
                every=every,
            )
        except InvalidJob as exc:
            raise PluginError(exc.problem, exc.fix) from exc
        if any(job.name == spec.name for job in self.contributions.jobs):
            _twice("the job", spec.name)
        self.contributions.jobs.append(spec)

    def add_events(self, *events: type[Event]) -> None:
        """Declare the events this plugin publishes: :class:`~lasuite.plugins.Event`
        subclasses named ``<id>.<noun>.<verb>`` (API 1.0).

        Example::

            class MessagePosted(Event, frozen=True):
                name: ClassVar[str] = "chat.message.posted"
                channel_id: UUID
                text: str

            ctx.add_events(MessagePosted)
        """
        self._check_open()
        for event in events:
            with _registration_rules():
                declared = registration.declared_event(self.plugin_id, event)
            if any(e.name == declared.name for e in self.contributions.events):
                _twice("the event", declared.name)
            self.contributions.events.append(declared)

    def on_event(self, name: str, *, handler: EventHandler, phase: Phase = "after_commit") -> None:
        """Call ``handler(event, context)`` for each event ``name``, of any plugin (API 1.0).

        ``phase="will"`` runs it in the publisher's transaction (``context.db``), in
        plugin dependency order, before the change is committed; it may refuse it by
        raising :class:`~lasuite.plugins.Veto`. ``phase="after_commit"`` (the default)
        runs it once the transaction has committed, outside the request; what it
        raises is logged. Only plugins enabled for the event's organization get it.
        The core's own events can be handled too: ``core.plugin.switched``
        (:class:`~lasuite.plugins.PluginSwitched`), ``core.member.changed``
        (:class:`~lasuite.plugins.MemberChanged`, ``role`` None when the member left),
        ``core.grants.changed`` (:class:`~lasuite.plugins.GrantsChanged`) and
        ``core.team.changed`` (:class:`~lasuite.plugins.TeamChanged`, API 1.8).
        Example::

            async def refuse_in_archived(event: MessagePosted, context: EventContext) -> None:
                if await is_archived(context.db, event.channel_id):
                    raise Veto("This channel is archived.")

            ctx.on_event("chat.message.posted", handler=refuse_in_archived, phase="will")
        """
        self._check_open()
        with _registration_rules():
            subscription = registration.event_subscription(self.plugin_id, name, handler, phase)
        if subscription in self.contributions.event_subscriptions:
            _twice("the handler of", f"{name} ({phase})")
        self.contributions.event_subscriptions.append(subscription)

    def add_topic(self, prefix: str, *, can_subscribe: TopicCheck, presence: bool = False) -> None:
        """Open the app websocket's topics ``<prefix>:…`` to clients that
        ``await can_subscribe(actor, topic, db)`` allows (API 1.0).

        ``prefix`` is the plugin's id, or starts with ``<id>:``; topics nobody opened
        are refused. With ``presence=True`` subscribers are listed as present in the
        topic (``GET /api/v1/presence?topic=…``, ``core.presence.changed`` events).
        Example::

            async def can_read_channel(actor: Actor, topic: str, db: AsyncSession) -> bool:
                channel = await db.get(Channel, UUID(topic.rsplit(":", 1)[1]))
                return channel is not None and channel.organization_id == actor.organization_id

            ctx.add_topic("chat:channel", can_subscribe=can_read_channel, presence=True)
        """
        self._check_open()
        with _registration_rules():
            rule = registration.topic_rule(self.plugin_id, prefix, can_subscribe, presence=presence)
        if any(t.prefix == rule.prefix for t in self.contributions.topics):
            _twice("the topic prefix", prefix)
        self.contributions.topics.append(rule)

    def add_ws_action(
        self,
        name: str,
        *,
        handler: ActionHandler,
        permission: str | None = None,
        data_type: Any = None,
    ) -> None:
        """Answer the websocket frame ``{"op": "action", "name": name, "data": …}`` (API 1.0).

        ``await handler(data, context)`` runs in a transaction of its own
        (``context.db``, ``context.actor``, ``context.events``); its result is the
        ``data`` of the ack. With ``permission`` only holders may call it, otherwise
        the handler authorizes; with ``data_type`` (a msgspec Struct…) ``data`` is
        validated and converted first. Example::

            async def typing(data: TypingIn, context: ActionContext) -> None:
                await context.events.publish(context.db, Typing(channel_id=data.channel_id),
                                             organization_id=context.actor.organization_id,
                                             topics=[f"chat:channel:{data.channel_id}"])

            ctx.add_ws_action("chat.typing", handler=typing, permission="chat.message.create",
                              data_type=TypingIn)
        """
        self._check_open()
        with _registration_rules():
            action = registration.ws_action(
                self.plugin_id, name, handler, permission=permission, data_type=data_type
            )
        if any(a.name == action.name for a in self.contributions.ws_actions):
            _twice("the websocket action", name)
        self.contributions.ws_actions.append(action)

    def add_notification_kind(
        self,
        name: str,
        *,
        description: str,
        default_email: bool,
        descriptions: Mapping[str, str] | None = None,
    ) -> None:
        """Declare a kind of notification ``<id>.<kind>`` the plugin sends (API 1.0).

        Users choose per kind whether they get it in the workspace and by e-mail
        ("Mon compte"); ``default_email`` is what they get before choosing. Routes send
        them with the ``notifier: Notifications`` dependency. ``description`` is in
        English; ``descriptions`` gives it in other languages, by language code (API
        1.12). Example::

            ctx.add_notification_kind("chat.mention", description="Someone mentioned you",
                                      descriptions={"fr": "Quelqu'un vous a mentionné"},
                                      default_email=True)
        """
        self._check_open()
        try:
            kind = notification_kind(
                self.plugin_id,
                name,
                description=description,
                default_email=default_email,
                descriptions=descriptions,
            )
        except InvalidKind as exc:
            raise PluginError(exc.problem, exc.fix) from exc
        if any(k.name == kind.name for k in self.contributions.notification_kinds):
            _twice("the notification kind", name)
        self.contributions.notification_kinds.append(kind)

    def add_audit_actions(self, *actions: str) -> None:
        """Declare the actions the plugin writes to the audit log, ``<id>.<noun>.<verb>``
        (API 1.16): routes write them with the ``audit: Audit`` dependency. Admins filter
        the log by category, ``<id>.<noun>``; the plugin's catalogs word each action
        (``<id>.audit.<noun>.<verb>``, with ``{actor}`` and the entry's data by name) and
        each category (``<id>.audit.category.<noun>``). Example::

            ctx.add_audit_actions("docs.link.changed", "docs.document.trashed")
        """
        self._check_open()
        for action in actions:
            if (
                not AUDIT_ACTION.fullmatch(action)
                or len(action) > 80
                or action.split(".", 1)[0] != self.plugin_id
            ):
                raise PluginError(
                    f"audit action {action!r} is not '<plugin>.<noun>.<verb>' of this plugin",
                    f"name it '{self.plugin_id}.<noun>.<verb>' in lower case",
                )
            if action in self.contributions.audit_actions:
                _twice("the audit action", action)
            self.contributions.audit_actions.append(action)

    def add_counters(self, *counters: MetricCounter) -> None:
        """Count things the plugin does, scraped at ``GET /metrics`` as
        ``lasuite_<id>_<name>_total`` (API 1.13); see :class:`~lasuite.plugins.MetricCounter`.
        Example::

            POSTED = MetricCounter("messages_posted", description="Messages posted")
            ctx.add_counters(POSTED)
        """
        self._check_open()
        for counter in counters:
            if not isinstance(counter, MetricCounter):
                raise PluginError(f"{counter!r} is not a counter", "give MetricCounter(...)")
            if any(c.name == counter.name for c in self.contributions.counters):
                _twice("the counter", counter.name)
            if counter.metric and counter.metric != f"lasuite_{self.plugin_id}_{counter.name}":
                raise PluginError(
                    f"counter {counter.name!r} is another plugin's", "declare one of your own"
                )
            counter.bind(self.plugin_id)
            self.contributions.counters.append(counter)

    def add_check(self, name: str, *, check: Check) -> None:
        """Have ``lasuite check`` run ``await check()`` (API 1.9): it returns what it
        found (``"livekit at wss://…, 3 rooms"``, ``"not configured"``) or raises
        :class:`~lasuite.plugins.CheckFailed` with the problem and its fix. It runs
        outside any app, with the installation's environment, within a time limit.
        Example::

            async def livekit() -> str:
                if config.livekit is None:
                    return "not configured: meetings as a browser mesh"
                try:
                    rooms = await list_rooms(config.livekit)
                except TwirpError as exc:
                    raise CheckFailed(f"LiveKit refused: {exc}",
                                      fix="correct LASUITE_LIVEKIT_API_KEY/SECRET") from exc
                return f"{config.livekit.url}, {len(rooms)} rooms"

            ctx.add_check("livekit", check=livekit)
        """
        self._check_open()
        if any(known == name for known, _check in self.contributions.checks):
            _twice("a check", name)
        self.contributions.checks.append((name, check))

    def add_exporter(self, exporter: Exporter) -> None:
        """Add readable copies of the plugin's data to ``lasuite org export``'s archive
        (API 1.11). The core exports every row of the plugin's tables that belongs to the
        organization (by ``organization_id``, or a foreign key to a table that has one)
        and restores them with ``lasuite org import``; an exporter writes what a person
        can open without lasuite. ``await exporter(db, organization_id, copies)`` reads
        on ``db`` and calls ``copies.write(name, data)``. Example::

            async def pages_as_markdown(db, organization_id, copies):
                for page in await db.scalars(select(Page).where(
                        Page.organization_id == organization_id)):
                    copies.write(f"pages/{page.id}.md", page.markdown)

            ctx.add_exporter(pages_as_markdown)
        """
        self._check_open()
        if exporter in self.contributions.exporters:
            _twice("the exporter", getattr(exporter, "__qualname__", repr(exporter)))
        self.contributions.exporters.append(exporter)

    def add_search_provider(self, provider: SearchProvider) -> None:
        """Answer the workspace's unified search (``GET /api/v1/search``) for this plugin
        (API 1.0).

        ``await provider(query, context)`` returns at most ``query.limit`` results
        (:class:`~lasuite.plugins.SearchResult`) for ``query.text``, best first. It
        must return only what ``context.actor`` may read: filter by
        ``context.actor.organization_id`` and apply the plugin's own permission checks
        (the core only asks the plugins enabled for the actor's organization). It runs
        concurrently with the other plugins' providers, on its own read-only session
        ``context.db``, and within a time limit: one that is too slow or raises is
        reported to the user as missing, and the others still answer. Example::

            async def search(query: SearchQuery, context: SearchContext) -> list[SearchResult]:
                if not context.actor.can("docs.document.read"):
                    return []
                documents = await context.db.scalars(
                    select(Document)
                    .where(Document.organization_id == context.actor.organization_id,
                           Document.title.icontains(query.text, autoescape=True))
                    .limit(query.limit))
                return [SearchResult(kind="document", id=str(d.id), title=d.title, excerpt="",
                                     url=f"/docs/{d.id}", updated_at=d.created_at, score=1.0)
                        for d in documents]

            ctx.add_search_provider(search)
        """
        self._check_open()
        if self.contributions.search_provider is not None:
            _twice("a search provider", self.plugin_id)
        try:
            self.contributions.search_provider = search_provider(self.plugin_id, provider)
        except InvalidProvider as exc:
            raise PluginError(exc.problem, exc.fix) from exc

    def add_problems(self, *problems: type[Problem]) -> None:
        """Declare the :class:`~lasuite.plugins.Problem` subclasses this plugin's services
        raise, coded ``<id>.<name>``: the OpenAPI document lists them (API 1.0).

        Example::

            class ChannelArchived(Problem):
                code = "chat.channel_archived"
                status = 409
                message = "This channel is archived."

            ctx.add_problems(ChannelArchived)
        """
        self._check_open()
        for problem in problems:
            if not (isinstance(problem, type) and issubclass(problem, Problem)):
                raise PluginError(
                    f"{problem!r} is not a Problem subclass", "subclass lasuite.plugins.Problem"
                )
            if problem.code.split(".", 1)[0] != self.plugin_id or "." not in problem.code:
                raise PluginError(
                    f"problem code {problem.code!r} is outside the plugin's namespace",
                    f"code it '{self.plugin_id}.<name>'",
                )
            if any(p.code == problem.code for p in self.contributions.problems):
                _twice("the problem code", problem.code)
            self.contributions.problems.append(problem)

    def allow_connections(self, *origins: str) -> None:
        """Let the workspace's pages connect to these origins besides the app's own (the
        Content-Security-Policy's ``connect-src``), such as a media server the plugin's UI
        talks to (API 1.7). Example::

            ctx.allow_connections("wss://livekit.ministere.fr", "https://livekit.ministere.fr")
        """
        self._check_open()
        for origin in origins:
            if not ORIGIN.fullmatch(origin):
                raise PluginError(
                    f"{origin!r} is not an origin",
                    "give a scheme (https, wss, http, ws) and a host, with a port if any",
                )
            if origin not in self.contributions.connect_sources:
                self.contributions.connect_sources.append(origin)

    def add_lifespan(self, name: str, *, start: Lifespan) -> None:
        """Run something beside each app instance, such as the rooms of live documents
        (API 1.1).

        ``start(instance)`` is entered when the instance starts, after the core's
        services, and left when it stops, before them; what it yields reaches this
        plugin's route handlers as the dependency ``name`` (a parameter
        ``name: NamedDependency[T]``, Litestar's). ``instance`` holds the
        instance's database, events, notifier and jobs. Example::

            @asynccontextmanager
            async def rooms(instance: InstanceContext) -> AsyncIterator[Rooms]:
                rooms = Rooms(instance.database)
                try:
                    yield rooms
                finally:
                    await rooms.close()

            ctx.add_lifespan("rooms", start=rooms)

            @websocket("/sync/{document_id:uuid}", permission="docs.document.read")
            async def sync(socket: WebSocket, document_id: FromPath[UUID],
                           rooms: NamedDependency[Rooms]) -> None: ...
        """
        self._check_open()
        if not name.isidentifier() or name in DEPENDENCIES or name in RESERVED_PARAMETERS:
            raise PluginError(
                f"lifespan name {name!r} is not a free handler parameter name",
                "name it after what it yields, such as 'rooms'",
            )
        if name in self.contributions.lifespans:
            _twice("the lifespan", name)
        self.contributions.lifespans[name] = start

    def provide(self, protocol: type[T], *, service: T) -> None:
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

    def optional(self, protocol: type[T]) -> T | None:
        """The service a plugin named in this plugin's ``uses`` (or ``depends``) provides
        for ``protocol``; None when that plugin is not installed or does not work (API
        1.7). The service's plugin may still be off in an organization: check
        ``plugin_enabled`` before each call.

        Example (a meeting plugin that posts in chat when chat is there)::

            plugin = Plugin(id="visio", ..., uses={"chat": ">=0.1"}, setup=setup)

            def setup(ctx: PluginContext) -> None:
                cards = ctx.optional(ChatCards)  # None without chat
        """
        self._check_open()
        entry = self._services.provided(protocol)
        if entry is None:
            return None
        provider, service = entry
        if provider in self._depends or provider in self._uses:
            return service
        if provider in self._named_uses:
            return None  # named, but of a version other than the one asked
        raise PluginError(
            f"plugin {self.plugin_id!r} uses {protocol.__qualname__} from {provider!r} "
            "without naming it",
            f"add {provider!r} to the plugin's 'uses'",
        )


def close_registration(ctx: PluginContext) -> None:
    """End ``ctx``'s setup: what the plugin registers later is refused."""
    ctx._open = False


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

    def forget(self, provider: str) -> None:
        """Drop the services of a plugin that broke during its setup."""
        self._entries = {p: e for p, e in self._entries.items() if e[0] != provider}

    def provided(self, protocol: type[T]) -> tuple[str, T] | None:
        """Who provides ``protocol`` and the service, if anyone does."""
        return self._entries.get(protocol)  # type: ignore[return-value]

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


def _twice(what: str, name: str) -> NoReturn:
    raise PluginError(f"{what} {name!r} is registered twice", "register it once, in setup(ctx)")


@contextmanager
def _registration_rules() -> Iterator[None]:
    """Report a broken realtime registration rule as a :class:`PluginError`."""
    try:
        yield
    except registration.InvalidRegistration as exc:
        raise PluginError(exc.problem, exc.fix) from exc
