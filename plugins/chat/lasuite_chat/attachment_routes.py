"""Chat HTTP routes for files: upload to a channel, download from it."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Stream

from lasuite.plugins import CurrentActor, DbSession, Files, Jobs
from lasuite_chat import attachments
from lasuite_chat.details import attachment_out
from lasuite_chat.shapes import AttachmentOut

READ = "chat.channel.read"
WRITE = "chat.message.create"

FileName = Annotated[str, QueryParameter(min_length=1, max_length=255)]


@post("/channels/{channel_id:uuid}/files", permission=WRITE, request_max_body_size=None)
async def upload_file(
    channel_id: FromPath[uuid.UUID],
    filename: FileName,
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
    files: Files,
    jobs: Jobs,
) -> AttachmentOut:
    """Upload the request body as a file to attach to one's next message here (its
    ``id`` goes in ``attachment_ids``). Images, PDF, text, office documents, archives,
    audio and video, up to ``LASUITE_MAX_UPLOAD_BYTES`` and the organization's
    ``attachment_max_mb``: 415 or 413 otherwise."""
    _, stored = await attachments.upload(
        db, actor, files, jobs, channel_id, request.stream(), filename=filename
    )
    return attachment_out(channel_id, stored)


@get("/channels/{channel_id:uuid}/files/{file_id:uuid}", permission=READ)
async def download_file(
    channel_id: FromPath[uuid.UUID],
    file_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    files: Files,
) -> Stream:
    """A file of a message of the channel, for its readers."""
    return await attachments.download(db, actor, files, channel_id, file_id)


@get("/channels/{channel_id:uuid}/files/{file_id:uuid}/thumbnail", permission=READ)
async def file_thumbnail(
    channel_id: FromPath[uuid.UUID],
    file_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    files: Files,
) -> Stream:
    """The small picture of an image of the channel (WebP), for its readers; 404 until the
    job made it, and for files that are no image."""
    return await attachments.thumbnail(db, actor, files, channel_id, file_id)


ATTACHMENT_ROUTES = (upload_file, download_file, file_thumbnail)
