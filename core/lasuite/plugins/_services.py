"""The core's services as a plugin sees them: Protocols, so that what the core keeps
for itself (sending after a commit, draining, settling a request's files) is not part
of the API, and the classes behind them can change. They are runtime-checkable:
Litestar checks a dependency's value against its type.

Handlers get them as dependencies (``events: Events``, ``jobs: Jobs``…); event
handlers, websocket actions, search providers and jobs through their context.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterable, AsyncIterator, Collection, Iterable, Mapping
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from litestar.response import Stream
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.permissions.actor import Actor
from lasuite.realtime.events import Event
from lasuite.storage.bucket import BucketUpload
from lasuite.storage.models import StoredFile


@runtime_checkable
class Notifier(Protocol):
    """Sends the notification kinds a plugin declared (API 1.0); routes get it as
    ``notifier: Notifications``, event handlers as ``context.notifier``, jobs as
    ``job.notifier``. Example::

        await notifier.notify(db, [mentioned.id], kind="chat.mention",
                              title=f"{actor.display_name} mentioned you",
                              body=text, link=f"/chat/{channel_id}",
                              organization_id=actor.organization_id)

    With ``None`` for ``db`` the notification is saved in a transaction of its own.
    Each member of ``organization_id`` among ``user_ids`` gets a stored notification
    (unless they turned the kind off), sent live once ``db``'s transaction commits, and
    an e-mail when their preference (or the kind's default) says so. Nothing is sent
    when the kind's plugin is disabled for the organization, or when the transaction
    rolls back.
    """

    async def notify(
        self,
        db: AsyncSession | None,
        user_ids: Iterable[uuid.UUID],
        /,
        *,
        kind: str,
        title: str,
        organization_id: uuid.UUID,
        body: str = "",
        link: str = "",
        data: Mapping[str, Any] | None = None,
    ) -> list[uuid.UUID]:
        """Notify ``user_ids``; returns the ids of the notifications stored."""
        ...


@runtime_checkable
class AuditTrail(Protocol):
    """The organization's audit log, as a plugin's route writes to it (API 1.16).

    ``record(db, "docs.link.changed", target=str(document.id), data={"name": ...})``
    appends an entry in ``db``'s transaction (it is kept exactly when the change is),
    with the signed-in caller as its actor and their address. The action must be one
    the plugin declared with ``ctx.add_audit_actions``; admins read the entry on the
    audit page as the sentence ``<id>.audit.<noun>.<verb>`` of the plugin's catalogs,
    and filter by its category ``<id>.<noun>`` (worded ``<id>.audit.category.<noun>``).
    """

    def record(
        self,
        db: AsyncSession,
        action: str,
        *,
        target: str = "",
        data: Mapping[str, str | int | bool | None] | None = None,
    ) -> None: ...


@runtime_checkable
class EventBus(Protocol):
    """Publishes the events a plugin declared with ``ctx.add_events`` (API 1.0); routes
    get it as ``events: Events``.

    ``will`` handlers run in the caller's transaction, in plugin dependency order, and
    may raise :class:`~lasuite.plugins.Veto`. Once the transaction commits, the event
    goes to the subscribers of ``topics`` and to the ``after_commit`` handlers; if it
    rolls back (or the savepoint it was published in does), nothing happens. Only
    plugins enabled for ``organization_id`` get the event. Example::

        await events.publish(db, MessagePosted(channel_id=channel_id, text=data.text),
                             organization_id=actor.organization_id,
                             topics=[f"chat:channel:{channel_id}"])
    """

    async def publish(
        self,
        db: AsyncSession | None,
        event: Event,
        /,
        *,
        organization_id: uuid.UUID,
        topics: Iterable[str] = (),
    ) -> None:
        """Publish ``event`` in ``db``'s transaction (``None``: in one of its own)."""
        ...

    @property
    def notifier(self) -> Notifier:
        """Notify users in the same transaction as the events published."""
        ...


@runtime_checkable
class JobQueue(Protocol):
    """Enqueues the jobs plugins registered with ``ctx.add_job`` (API 1.0); routes get
    it as ``jobs: Jobs``. Example::

        job_id = await jobs.enqueue(db, "chat.export", organization_id=actor.organization_id,
                                    channel_id=str(channel_id))

    With a session the job exists exactly when its transaction commits, and its message
    is sent after the commit; with ``None`` it is saved and sent at once. Follow it at
    ``GET /api/v1/jobs/{job_id}``.
    """

    async def enqueue(
        self,
        db: AsyncSession | None,
        name: str,
        /,
        *,
        organization_id: uuid.UUID,
        after: timedelta | None = None,
        at: datetime | None = None,
        **arguments: Any,
    ) -> uuid.UUID:
        """Queue the job ``name`` (``<plugin id>.<function>``) for ``organization_id``,
        called with ``arguments`` (JSON values); returns the job's id. It runs at once, or
        ``after`` a delay, or ``at`` a time (timezone-aware) (API 1.2): a one-off job
        for later, such as a reminder or the version saved after a quiet spell."""
        ...


@runtime_checkable
class OnlineUsers(Protocol):
    """Who is online (connected and not away) in an organization or a topic (API 1.0);
    routes get it as ``presence: Presence``. Example::

        here = await presence.online(actor.organization_id, members)
    """

    async def online(
        self,
        organization_id: uuid.UUID,
        user_ids: Iterable[uuid.UUID] | None = None,
        *,
        topic: str | None = None,
    ) -> set[uuid.UUID]:
        """The users online in the organization (and, with ``topic``, in that topic),
        among ``user_ids`` when given."""
        ...


@runtime_checkable
class MemberDirectory(Protocol):
    """Other members of an organization as they would act there (API 1.6): their role,
    permissions and teams, for a plugin deciding what someone else may see before telling
    them (a mention notifies only who may read the page). Routes get it as
    ``members: Members``. Example::

        named = await members.actors(db, mentioned_ids, organization_id=actor.organization_id)
        readers = [a.user_id for a in named.values() if await may_read(db, a, document)]
    """

    async def actors(
        self, db: AsyncSession, user_ids: Iterable[uuid.UUID], /, *, organization_id: uuid.UUID
    ) -> dict[uuid.UUID, Actor]:
        """The actor of each of ``user_ids`` who is an active member of the organization
        (the others are left out), read fresh from ``db``; at most 100 at once."""
        ...

    async def find(
        self, db: AsyncSession, email: str, /, *, organization_id: uuid.UUID
    ) -> uuid.UUID | None:
        """The active member of the organization whose account has ``email`` (any case),
        else None (API 1.9)."""
        ...

    async def invite_guest(
        self, db: AsyncSession, actor: Actor, email: str, /, *, about: str, landing: str
    ) -> bool:
        """Invite ``email``, someone outside the organization, to join it as a guest, to
        share something with them (API 1.9): the core's invitation, e-mailed once ``db``
        commits, saying ``about`` (what is shared: a page's title), and landing the invitee
        on ``landing`` (a workspace path) once they joined. False when an invitation of
        that address is pending already (it stands; nothing is sent again).

        Refused with 403 ``core.guests_not_invited`` unless ``actor`` holds
        ``core.guests.invite`` (members do by default), 429 past their invitations per
        hour, 409 for a member (call ``find`` first). The plugin keeps what it shares and
        applies it when the invitee joins (``core.member.changed`` in the ``will``
        phase). Example::

            if (user_id := await members.find(db, email, organization_id=org)) is None:
                await members.invite_guest(db, actor, email, about=page.title,
                                           landing=f"/docs/{page.id}")
        """
        ...


@runtime_checkable
class PluginFiles(Protocol):
    """Save, read and delete the running plugin's files (API 1.0); routes get it as
    ``files: Files``.

    Uploads are the raw request body, streamed to the store; give the route
    ``request_max_body_size=None`` so that the upload limit applies. The plugin
    decides who reads a file: it checks its own resource, then calls ``open``.
    Example::

        stored = await files.save(request.stream(), filename=filename,
                                  allowed_types={"image/png", "application/pdf"}, actor=actor)
        ...
        return await files.open(file_id, actor)
    """

    async def save(
        self,
        stream: AsyncIterable[bytes],
        *,
        filename: str,
        allowed_types: Collection[str],
        actor: Actor,
    ) -> StoredFile:
        """Store ``stream`` as a new file of ``actor``'s organization, owned by ``actor``;
        a type outside ``allowed_types`` is a 415, a stream past the limit a 413."""
        ...

    async def get(self, file_id: uuid.UUID, actor: Actor) -> StoredFile:
        """This plugin's file in ``actor``'s organization, else a 404."""
        ...

    async def open(self, file_id: uuid.UUID, actor: Actor) -> Stream:
        """A download response for the file, once the plugin has checked the reader."""
        ...

    async def serve(
        self, file_id: uuid.UUID, *, organization_id: uuid.UUID, inline: bool = False
    ) -> Stream:
        """This plugin's file of ``organization_id`` as a response (API 1.7), else a 404:
        for a plugin that has checked the reader itself, who may be no member there (a
        visitor of a public page). ``inline`` shows a raster image (PNG, JPEG, GIF, WebP)
        in the browser; any other type stays a download. Example::

            document = await public_page(db, document_id)  # the plugin's own check
            return await files.serve(file_id, organization_id=document.organization_id,
                                     inline=True)
        """
        ...

    async def delete(self, file_id: uuid.UUID, actor: Actor) -> None:
        """Delete the file; its content goes once the request has succeeded."""
        ...

    def bucket_upload(self, organization_id: uuid.UUID) -> BucketUpload | None:
        """A key of the installation's S3-compatible bucket reserved for one new file of
        the plugin, for another service (a LiveKit egress) to write there; None when files
        are kept on the local disk (API 1.7). ``job.adopt_file`` takes the file in."""
        ...


@runtime_checkable
class JobRun(Protocol):
    """One run of a job, the job function's first argument (API 1.0).

    The function's keyword arguments are those given to ``enqueue``; an async function
    may return the URL of its result, kept as the job's ``result_url``. A job works
    for its organization only: every query it makes filters on ``job.organization_id``.
    Example::

        async def export(job: JobRun, *, channel_id: str) -> str:
            async with job.transaction() as db:
                messages = await load_messages(db, job.organization_id, channel_id)
            await job.report_progress(50)
            return f"/api/v1/chat/exports/{job.id}"
    """

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def organization_id(self) -> uuid.UUID: ...

    @property
    def name(self) -> str:
        """The job's name, ``<plugin id>.<function>``."""
        ...

    @property
    def attempt(self) -> int:
        """1 on the first run, then 2, 3… on each retry."""
        ...

    @property
    def events(self) -> EventBus:
        """Publish the plugin's events from an async job (API 1.8), in one of its
        transactions or with ``db=None`` in a transaction of its own: once it commits
        they reach the websockets subscribed to their topics (from a worker process,
        when the app's realtime runs on Redis) and the ``after_commit`` handlers."""
        ...

    @property
    def notifier(self) -> Notifier:
        """Notify users from an async job, in one of its transactions or with
        ``db=None`` in a transaction of its own."""
        ...

    def transaction(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A database session committed when the block ends without error."""
        ...

    async def delete_files(self, file_ids: Collection[uuid.UUID]) -> int:
        """Delete these stored files of the job's plugin in its organization; returns
        how many went."""
        ...

    async def save_file(
        self,
        db: AsyncSession,
        content: bytes,
        *,
        filename: str,
        owner_id: uuid.UUID | None,
        content_type: str | None = None,
    ) -> StoredFile:
        """Store ``content`` as a new file of the job's plugin, its row in ``db``'s
        transaction (API 1.5)."""
        ...

    async def read_file(self, file_id: uuid.UUID) -> bytes:
        """The content of a stored file of the job's plugin (API 1.5)."""
        ...

    async def adopt_file(
        self,
        db: AsyncSession,
        file_id: uuid.UUID,
        *,
        key: str,
        filename: str,
        owner_id: uuid.UUID | None,
    ) -> StoredFile:
        """Take in the file another service wrote at ``key`` (the key a
        ``files.bucket_upload`` reserved for ``file_id``, maybe with an extension) as the
        plugin's stored file, its row in ``db``'s transaction; a ``LookupError`` when
        nothing is there (API 1.7)."""
        ...

    async def report_progress(self, percent: int) -> None:
        """Record how far the job is, 0-100, for those polling its status."""
        ...

    def report_progress_sync(self, percent: int) -> None:
        """:meth:`report_progress` for a job written as a plain (sync) function."""
        ...


@runtime_checkable
class EventContext(Protocol):
    """What an event handler receives besides the event (API 1.0)."""

    @property
    def organization_id(self) -> uuid.UUID: ...

    @property
    def db(self) -> AsyncSession | None:
        """The publisher's transaction for ``will`` handlers; None for ``after_commit``."""
        ...

    @property
    def events(self) -> EventBus:
        """Publish further events (``events.publish(None, …)`` after the commit)."""
        ...

    @property
    def notifier(self) -> Notifier:
        """Notify users, in ``db``'s transaction or with ``db=None`` in one of its own."""
        ...


@runtime_checkable
class ActionContext(Protocol):
    """What a websocket action handler receives besides the data (API 1.0)."""

    @property
    def actor(self) -> Actor:
        """The connected user, in the organization of their session (or token)."""
        ...

    @property
    def db(self) -> AsyncSession:
        """A transaction of its own, committed when the handler returns."""
        ...

    @property
    def events(self) -> EventBus: ...


@runtime_checkable
class Database(Protocol):
    """The app instance's database, for work that outlives a request (a websocket's
    messages, a service started with ``ctx.add_lifespan``) (API 1.1)."""

    def transaction(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A session committed when the block ends without error, rolled back otherwise.
        On SQLite it is the one writer from its first statement to its end: keep it
        short, and do not write in a second transaction while it is open."""
        ...

    def reading(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A session that reads (API 1.15): on SQLite it waits for the writer only if
        it writes, from its first write on."""
        ...


@runtime_checkable
class Relay(Protocol):
    """Bytes between the app instances (API 1.1): what one instance publishes on a
    channel reaches the channel's listeners on every instance. The channels are the
    plugin's own. Nothing is kept: keep in the plugin's tables what must survive, and
    relay news of it. Example::

        async with instance.relay.listen(f"room:{room_id}") as messages:
            async for data in messages:
                ...

        await instance.relay.publish(f"room:{room_id}", data)
    """

    async def publish(self, channel: str, data: bytes) -> None:
        """Send ``data`` to the channel's listeners on every instance."""
        ...

    def listen(self, channel: str) -> AbstractAsyncContextManager[AsyncIterator[bytes]]:
        """Listen to the channel: once entered, nothing published on it is missed."""
        ...


@runtime_checkable
class InstanceContext(Protocol):
    """What a plugin's lifespan is started with: the app instance's services (API 1.1)."""

    @property
    def database(self) -> Database: ...

    @property
    def events(self) -> EventBus: ...

    @property
    def notifier(self) -> Notifier: ...

    @property
    def jobs(self) -> JobQueue: ...

    @property
    def relay(self) -> Relay: ...

    @property
    def members(self) -> MemberDirectory:
        """Members as they act now (API 1.8): a lifespan checks again what the people it
        serves may do when their role or teams change."""
        ...
