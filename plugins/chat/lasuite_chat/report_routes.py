"""Chat HTTP routes for reporting messages and handling reports."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec
from litestar import get, post
from litestar.params import FromPath, FromQuery, JSONBody

from lasuite.plugins import CurrentActor, DbSession
from lasuite_chat import reports
from lasuite_chat.models import Channel, Message, Report
from lasuite_chat.shapes import MessageOut

READ = "chat.channel.read"


class ReportIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class ReportClose(msgspec.Struct, forbid_unknown_fields=True):
    status: Literal["resolved", "dismissed"]


class ReportOut(msgspec.Struct):
    id: uuid.UUID
    channel_id: uuid.UUID
    message_id: uuid.UUID
    reporter_id: uuid.UUID | None
    reason: str
    status: str
    created_at: datetime
    handled_by: uuid.UUID | None
    channel_name: str | None = None
    message: MessageOut | None = None

    @classmethod
    def of(
        cls, report: Report, message: Message | None = None, channel: Channel | None = None
    ) -> ReportOut:
        return cls(
            id=report.id,
            channel_id=report.channel_id,
            message_id=report.message_id,
            reporter_id=report.reporter_id,
            reason=report.reason,
            status=report.status,
            created_at=report.created_at,
            handled_by=report.handled_by,
            channel_name=channel.name if channel else None,
            message=MessageOut.of(message) if message else None,
        )


@post("/channels/{channel_id:uuid}/messages/{message_id:uuid}/reports", permission=READ)
async def report_message(
    channel_id: FromPath[uuid.UUID],
    message_id: FromPath[uuid.UUID],
    data: JSONBody[ReportIn],
    db: DbSession,
    actor: CurrentActor,
) -> ReportOut:
    """Report a message to the channel's moderators (409 while one's report is open)."""
    report = await reports.report_message(db, actor, channel_id, message_id, reason=data.reason)
    return ReportOut.of(report)


@get("/reports", permission=READ)
async def list_reports(
    db: DbSession, actor: CurrentActor, channel_id: FromQuery[uuid.UUID | None] = None
) -> list[ReportOut]:
    """Open reports the caller handles: of the channels they own or moderate, or all
    of the organization's with ``chat.report.review``; oldest first."""
    found = await reports.open_reports(db, actor, channel_id=channel_id)
    return [ReportOut.of(r, m, c) for r, m, c in found]


@post("/reports/{report_id:uuid}/close", permission=READ, status_code=200)
async def close_report(
    report_id: FromPath[uuid.UUID], data: JSONBody[ReportClose], db: DbSession, actor: CurrentActor
) -> ReportOut:
    """Mark an open report resolved or dismissed."""
    return ReportOut.of(await reports.close_report(db, actor, report_id, status=data.status))


REPORT_ROUTES = (report_message, list_reports, close_report)
