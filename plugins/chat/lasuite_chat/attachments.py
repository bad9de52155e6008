"""Files shared in a channel, kept by the core's storage.

A member uploads a file to a channel, then attaches it to one message they post
there. Who may download it is chat's decision (the core's generic download route
asks a synchronous policy that cannot look at channels, so chat serves its files on
its own route): its uploader until it is posted, then whoever may read the channel,
as long as the message is not deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterable, AsyncIterator, Sequence

from litestar.exceptions import NotFoundException
from litestar.response import Stream
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, Jobs, PluginFiles, StoredFile, organization_settings
from lasuite_chat.access import TAKE_PART, channel_access
from lasuite_chat.models import Attachment, Message
from lasuite_chat.problems import AlreadyAttached, AttachmentTooLarge
from lasuite_chat.settings import ChatSettings
from lasuite_chat.thumbnails import queue_thumbnail

MIB = 1024 * 1024

ALLOWED_TYPES = frozenset(
    {
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "application/pdf",
        "text/plain",
        "text/csv",
        "application/zip",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "audio/*",
        "video/*",
    }
)
"""What the first bytes of an upload may be (SVG and HTML are not: a browser would run
their scripts)."""


async def upload(
    db: AsyncSession,
    actor: Actor,
    files: PluginFiles,
    jobs: Jobs,
    channel_id: uuid.UUID,
    stream: AsyncIterable[bytes],
    *,
    filename: str,
) -> tuple[Attachment, StoredFile]:
    """Store a file for the actor to attach to their next message in the channel (an
    image's thumbnail queued)."""
    access = await channel_access(db, actor, channel_id, TAKE_PART)
    access.require_writable()
    settings = await organization_settings(
        db, ChatSettings, plugin_id="chat", organization_id=actor.organization_id
    )
    if settings.attachment_max_mb is not None:
        stream = _at_most(stream, settings.attachment_max_mb * MIB)
    stored = await files.save(stream, filename=filename, allowed_types=ALLOWED_TYPES, actor=actor)
    attachment = Attachment(channel_id=channel_id, file_id=stored.id, uploaded_by=actor.user_id)
    db.add(attachment)
    await db.flush()
    await queue_thumbnail(db, jobs, attachment, stored, actor.organization_id)
    return attachment, stored


async def _at_most(stream: AsyncIterable[bytes], max_bytes: int) -> AsyncIterator[bytes]:
    """``stream``, refused (413) once past ``max_bytes``: the store keeps nothing of it."""
    size = 0
    async for chunk in stream:
        size += len(chunk)
        if size > max_bytes:
            raise AttachmentTooLarge(
                f"Files attached in this organization are limited to {max_bytes // MIB} MiB.",
                max_bytes=max_bytes,
            )
        yield chunk


async def unposted(
    db: AsyncSession, actor: Actor, channel_id: uuid.UUID, file_ids: Sequence[uuid.UUID]
) -> list[Attachment]:
    """The actor's uploads to the channel named by ``file_ids``, none posted yet (409
    for one already attached, 404 for one that is not theirs or not this channel's)."""
    wanted = list(dict.fromkeys(file_ids))
    if not wanted:
        return []
    found = {
        a.file_id: a
        for a in await db.scalars(
            select(Attachment).where(
                Attachment.file_id.in_(wanted),
                Attachment.channel_id == channel_id,
                Attachment.uploaded_by == actor.user_id,
            )
        )
    }
    if len(found) != len(wanted):
        raise NotFoundException("No such file uploaded to this channel.")
    if any(a.message_id is not None for a in found.values()):
        raise AlreadyAttached()
    return [found[file_id] for file_id in wanted]


async def download(
    db: AsyncSession, actor: Actor, files: PluginFiles, channel_id: uuid.UUID, file_id: uuid.UUID
) -> Stream:
    """The file, for a reader of the channel (its uploader only, before it is posted)."""
    await _readable(db, actor, channel_id, file_id)
    return await files.open(file_id, actor)


async def thumbnail(
    db: AsyncSession, actor: Actor, files: PluginFiles, channel_id: uuid.UUID, file_id: uuid.UUID
) -> Stream:
    """The thumbnail of an image, for whoever may download the image."""
    attachment = await _readable(db, actor, channel_id, file_id)
    if attachment.thumbnail_id is None:
        raise NotFoundException("No thumbnail of this file (yet).")
    return await files.serve(
        attachment.thumbnail_id, organization_id=actor.organization_id, inline=True
    )


async def _readable(
    db: AsyncSession, actor: Actor, channel_id: uuid.UUID, file_id: uuid.UUID
) -> Attachment:
    """The attachment of ``file_id`` in the channel, if the actor may download it: a reader
    of the channel (its uploader only, before it is posted); 404 otherwise."""
    await channel_access(db, actor, channel_id)
    attachment = await db.scalar(
        select(Attachment).where(Attachment.file_id == file_id, Attachment.channel_id == channel_id)
    )
    if attachment is None:
        raise NotFoundException("No such file.")
    if attachment.message_id is None:
        if attachment.uploaded_by != actor.user_id:
            raise NotFoundException("No such file.")
    else:
        message = await db.get(Message, attachment.message_id)
        if message is None or message.deleted_at is not None:
            raise NotFoundException("No such file.")
    return attachment
