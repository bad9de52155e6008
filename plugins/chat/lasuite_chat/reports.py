"""Reports of messages: any reader flags one, the channel's owners and moderators and
the organization's reviewers (``chat.report.review``) resolve or dismiss it.

Resolving does not delete: moderators delete the message with the usual route (a
tombstone stays) and mark the report resolved.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from litestar.exceptions import NotFoundException
from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor
from lasuite_chat.access import channel_access
from lasuite_chat.models import Channel, ChannelMember, Message, Report
from lasuite_chat.problems import AlreadyReported, MessageGone, ModeratorsOnly, ReportClosed

REVIEW = "chat.report.review"
MODERATORS = ("owner", "moderator")


async def report_message(
    db: AsyncSession, actor: Actor, channel_id: uuid.UUID, message_id: uuid.UUID, *, reason: str
) -> Report:
    """Flag a message the actor may read; one open report per person and message."""
    await channel_access(db, actor, channel_id)
    message = await db.scalar(
        select(Message).where(Message.id == message_id, Message.channel_id == channel_id)
    )
    if message is None:
        raise NotFoundException("No such message.")
    if message.deleted_at is not None:
        raise MessageGone()
    report = Report(
        organization_id=actor.organization_id,
        channel_id=channel_id,
        message_id=message_id,
        reporter_id=actor.user_id,
        reason=reason,
    )
    try:
        async with db.begin_nested():
            db.add(report)
    except IntegrityError:
        raise AlreadyReported() from None
    return report


def _moderated_by(actor: Actor) -> ColumnElement[bool]:
    """Reports the actor may handle: all of the organization's for reviewers, else
    those of the channels they own or moderate."""
    if actor.can(REVIEW):
        return Report.organization_id == actor.organization_id
    moderated = select(ChannelMember.channel_id).where(
        ChannelMember.user_id == actor.user_id, ChannelMember.role.in_(MODERATORS)
    )
    return (Report.organization_id == actor.organization_id) & Report.channel_id.in_(moderated)


async def open_reports(
    db: AsyncSession, actor: Actor, *, channel_id: uuid.UUID | None = None
) -> list[tuple[Report, Message, Channel]]:
    """Open reports the actor may handle, oldest first, with their message and channel."""
    query = (
        select(Report, Message, Channel)
        .join(Message, Message.id == Report.message_id)
        .join(Channel, Channel.id == Report.channel_id)
        .where(Report.status == "open", _moderated_by(actor))
        .order_by(Report.created_at, Report.id)
    )
    if channel_id is not None:
        query = query.where(Report.channel_id == channel_id)
    return [(r, m, c) for r, m, c in await db.execute(query)]


async def close_report(
    db: AsyncSession, actor: Actor, report_id: uuid.UUID, *, status: str
) -> Report:
    """Mark an open report ``resolved`` or ``dismissed``."""
    report = await db.scalar(select(Report).where(Report.id == report_id, _moderated_by(actor)))
    if report is None:
        mine = await db.scalar(
            select(Report.id).where(
                Report.id == report_id,
                Report.organization_id == actor.organization_id,
                Report.reporter_id == actor.user_id,
            )
        )
        if mine is not None:
            raise ModeratorsOnly()
        raise NotFoundException("No such report.")
    if report.status != "open":
        raise ReportClosed(f"This report is already {report.status}.", status=report.status)
    report.status = status
    report.handled_by = actor.user_id
    report.handled_at = datetime.now(UTC)
    await db.flush()
    return report
