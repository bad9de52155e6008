"""Small pictures of the images attached in a channel, shown in the messages in place of
a bare link: made by the job ``chat.make_thumbnail``, queued when an image is uploaded,
so that the upload answers at once and a large image costs the worker, not the request.

The picture is at most :data:`EDGE` pixels on its longer side, in WebP; an image that
cannot be read (or too large to decode safely) gets none and stays a download link.
"""

from __future__ import annotations

import asyncio
import io
import uuid

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import JobRun, Jobs, StoredFile
from lasuite_chat.details import describe_one
from lasuite_chat.events import MessageEdited, channel_topic
from lasuite_chat.models import Attachment, Message

JOB = "chat.make_thumbnail"
EDGE = 480
"""Pixels of a thumbnail's longer side at most."""
MAX_PIXELS = 50_000_000
"""Images larger than this many pixels get no thumbnail (a decompression bomb)."""
MAX_BYTES = 40 * 1024 * 1024
"""Image files larger than this get no thumbnail: the job reads the whole file."""
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def wants_thumbnail(stored: StoredFile) -> bool:
    """Whether an uploaded file gets a thumbnail: an image of at most :data:`MAX_BYTES`."""
    return stored.content_type in IMAGE_TYPES and stored.size <= MAX_BYTES


async def queue_thumbnail(
    db: AsyncSession,
    jobs: Jobs,
    attachment: Attachment,
    stored: StoredFile,
    organization_id: uuid.UUID,
) -> None:
    """Queue the thumbnail of an uploaded image (nothing for other files)."""
    if wants_thumbnail(stored):
        await jobs.enqueue(
            db, JOB, organization_id=organization_id, attachment_id=str(attachment.id)
        )


async def make_thumbnail(job: JobRun, attachment_id: str) -> None:
    """The job ``chat.make_thumbnail``: the attachment's thumbnail, and the message it is
    posted with told again to its readers (their page shows the picture at once)."""
    async with job.transaction() as db:
        attachment = await db.get(Attachment, uuid.UUID(attachment_id))
        if attachment is None or attachment.thumbnail_id is not None:
            return
        file_id = attachment.file_id
    picture = await asyncio.to_thread(thumbnail_of, await job.read_file(file_id))
    if picture is None:
        return
    async with job.transaction() as db:
        attachment = await db.get(Attachment, uuid.UUID(attachment_id))
        if attachment is None:
            return
        stored = await job.save_file(
            db,
            picture,
            filename="thumbnail.webp",
            owner_id=attachment.uploaded_by,
            content_type="image/webp",
        )
        attachment.thumbnail_id = stored.id
        await db.flush()
        await _tell_readers(db, job, attachment)


async def _tell_readers(db: AsyncSession, job: JobRun, attachment: Attachment) -> None:
    if attachment.message_id is None:
        return  # not posted yet: the message will carry it
    message = await db.get(Message, attachment.message_id)
    if message is None or message.deleted_at is not None:
        return
    await job.events.publish(
        db,
        MessageEdited(message=await describe_one(db, None, message)),
        organization_id=job.organization_id,
        topics=[channel_topic(attachment.channel_id)],
    )


def thumbnail_of(content: bytes) -> bytes | None:
    """A WebP of ``content`` at most :data:`EDGE` pixels on a side, upright (EXIF); None
    when it is no image Pillow reads, or one too large to decode."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            image.seek(0)  # a GIF's first frame
            picture = ImageOps.exif_transpose(image)
            picture.thumbnail((EDGE, EDGE))
            if picture.mode not in ("RGB", "RGBA"):
                picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
            out = io.BytesIO()
            picture.save(out, format="WEBP", quality=80)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
