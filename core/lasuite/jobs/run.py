"""What a job function receives: the run it is, and how to report on it."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator, Callable, Collection, Coroutine
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.engine import Database
from lasuite.jobs.status import record_progress
from lasuite.storage.content_types import SNIFF_BYTES, sniff_content_type
from lasuite.storage.filenames import sanitize_filename
from lasuite.storage.files import delete_contents, delete_file_rows
from lasuite.storage.models import StoredFile
from lasuite.storage.store import MissingContent, file_key, written_key

if TYPE_CHECKING:
    from lasuite.notifications.service import Notifier
    from lasuite.realtime.bus import EventBus
    from lasuite.storage.store import FileStore

RunOnLoop = Callable[[Coroutine[Any, Any, Any]], Any]


class JobRun:
    """One run of a job, passed to the job function as its first argument (API 1.0).

    The function's keyword arguments are those given to ``enqueue``; an async
    function may return the URL of its result (an export's file), kept as the
    job's ``result_url``. Example::

        async def export(job: JobRun, *, channel_id: str) -> str:
            async with job.transaction() as db:
                messages = await load_messages(db, job.organization_id, channel_id)
            await job.report_progress(50)
            path = await write_export(messages)
            return f"/api/v1/chat/exports/{job.id}"

        ctx.add_job(export, max_retries=3)

    A job works for its organization only: every query it makes filters on
    ``job.organization_id``.
    """

    __slots__ = (
        "_database",
        "_events",
        "_file_store",
        "_run_on_loop",
        "attempt",
        "id",
        "name",
        "organization_id",
    )

    def __init__(
        self,
        *,
        id: uuid.UUID,
        organization_id: uuid.UUID,
        name: str,
        attempt: int,
        database: Database,
        run_on_loop: RunOnLoop,
        events: EventBus | None = None,
        file_store: FileStore | None = None,
    ) -> None:
        self.id = id
        self.organization_id = organization_id
        self.name = name
        """The actor's name, ``<plugin id>.<function>``."""
        self.attempt = attempt
        """1 on the first run, then 2, 3… on each retry."""
        self._database = database
        self._run_on_loop = run_on_loop
        self._events = events.using(database) if events is not None else None
        self._file_store = file_store

    @property
    def events(self) -> EventBus:
        """Publish the plugin's events from an async job (API 1.8), in one of its
        transactions or with ``db=None`` in a transaction of its own; they reach the
        websockets subscribed to their topics and the ``after_commit`` handlers once
        it commits, as a route's do::

            async with job.transaction() as db:
                export.state = "ready"
                await job.events.publish(db, ExportReady(export_id=export.id),
                                         organization_id=job.organization_id,
                                         topics=[f"chat:user:{export.owner_id}"])

        From a worker process, events reach websockets when the app's realtime runs
        on Redis (``LASUITE_REDIS_URL`` set for both); without it only the handlers
        run, in the worker.
        """
        if self._events is None:
            raise RuntimeError("this job runs without an event bus")
        return self._events

    @property
    def notifier(self) -> Notifier:
        """Notify users from an async job (API 1.0), in one of its transactions or with
        ``db=None`` in a transaction of its own::

            async with job.transaction() as db:
                await job.notifier.notify(db, [owner_id], kind="chat.export_ready",
                                          title="Your export is ready", link=url,
                                          organization_id=job.organization_id)
        """
        return self.events.notifier

    def transaction(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A database session committed when the block ends without error (async jobs)."""
        return self._database.transaction()

    async def delete_files(self, file_ids: Collection[uuid.UUID]) -> int:
        """Delete these stored files of the job's plugin in its organization (API 1.0):
        their rows in a transaction of their own, then their contents; ids of other
        files are ignored. Returns how many went. Example::

            async with job.transaction() as db:
                unused = await files_no_message_refers_to(db, job.organization_id)
            await job.delete_files(unused)
        """
        store = self._files()
        async with self._database.transaction() as db:
            keys = await delete_file_rows(
                db,
                organization_id=self.organization_id,
                plugin_id=self._plugin_id,
                file_ids=file_ids,
            )
        await delete_contents(store, keys)
        return len(keys)

    @property
    def _plugin_id(self) -> str:
        return self.name.split(".", 1)[0]

    def _files(self) -> FileStore:
        if self._file_store is None:
            raise RuntimeError("this job runs without a file store")
        return self._file_store

    async def save_file(
        self,
        db: AsyncSession,
        content: bytes,
        *,
        filename: str,
        owner_id: uuid.UUID | None,
        content_type: str | None = None,
    ) -> StoredFile:
        """Store ``content`` as a new file of the job's plugin in its organization, owned
        by ``owner_id``, its row added to ``db``'s transaction (API 1.5): what a job makes
        for someone (an export) is served later by the plugin's own route. The type is
        sniffed from the content unless the job knows it. Example::

            async with job.transaction() as db:
                stored = await job.save_file(db, pdf, filename="Note.pdf", owner_id=user_id,
                                             content_type="application/pdf")
                export.file_id = stored.id
        """
        file_id = uuid.uuid4()
        key = file_key(self.organization_id, self._plugin_id, file_id)

        async def chunks() -> AsyncIterator[bytes]:
            yield content

        await self._files().write(key, chunks())
        stored = StoredFile(
            id=file_id,
            organization_id=self.organization_id,
            plugin_id=self._plugin_id,
            owner_id=owner_id,
            filename=sanitize_filename(filename),
            content_type=content_type or sniff_content_type(content[:SNIFF_BYTES]),
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            storage_key=key,
        )
        db.add(stored)
        await db.flush()
        return stored

    async def read_file(self, file_id: uuid.UUID) -> bytes:
        """The content of a stored file of the job's plugin in its organization (API 1.5),
        such as an upload a route saved for the job to convert; a ``LookupError`` for any
        other id."""
        async with self._database.transaction() as db:
            stored = await db.get(StoredFile, file_id)
            if (
                stored is None
                or stored.organization_id != self.organization_id
                or stored.plugin_id != self._plugin_id
            ):
                raise LookupError(f"no file {file_id} of this job's plugin")
            key = stored.storage_key
        return b"".join([chunk async for chunk in await self._files().read(key)])

    async def adopt_file(
        self,
        db: AsyncSession,
        file_id: uuid.UUID,
        *,
        key: str,
        filename: str,
        owner_id: uuid.UUID | None,
    ) -> StoredFile:
        """Take in as the plugin's file what another service wrote at ``key`` for a
        ``files.bucket_upload(…)`` reservation (API 1.7): its size, type and hash read from
        the store, its row added to ``db``'s transaction (the same row again on a retry).
        ``key`` must be the key reserved for ``file_id``, or it with an extension; a
        ``LookupError`` when nothing was written there."""
        reserved = file_key(self.organization_id, self._plugin_id, file_id)
        if not written_key(reserved, key):
            raise LookupError(f"{key!r} is not the key reserved for the file {file_id}")
        existing = await db.get(StoredFile, file_id)
        if existing is not None:
            return existing
        digest, size, head = hashlib.sha256(), 0, b""
        try:
            async for chunk in await self._files().read(key):
                digest.update(chunk)
                size += len(chunk)
                if len(head) < SNIFF_BYTES:
                    head += chunk[: SNIFF_BYTES - len(head)]
        except MissingContent as exc:
            raise LookupError(f"nothing was written at {key!r}") from exc
        stored = StoredFile(
            id=file_id,
            organization_id=self.organization_id,
            plugin_id=self._plugin_id,
            owner_id=owner_id,
            filename=sanitize_filename(filename),
            content_type=sniff_content_type(head),
            size=size,
            sha256=digest.hexdigest(),
            storage_key=key,
        )
        db.add(stored)
        await db.flush()
        return stored

    async def report_progress(self, percent: int) -> None:
        """Record how far the job is, 0-100, for those polling its status."""
        async with self._database.transaction() as db:
            await record_progress(db, self.id, max(0, min(100, int(percent))))

    def report_progress_sync(self, percent: int) -> None:
        """:meth:`report_progress` for a job written as a plain (sync) function."""
        self._run_on_loop(self.report_progress(percent))
