"""What visio does with the plugins it works with: announce a room in a chat channel, and
keep a meeting's notes in a docs page (see :mod:`lasuite_visio.partners`)."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import CurrentActor, DbSession, Events, Members, authorize
from lasuite_visio import history
from lasuite_visio.models import Attendance, Meeting, Room
from lasuite_visio.partners import Partners
from lasuite_visio.problems import NoMeetingYet
from lasuite_visio.roles import MANAGE
from lasuite_visio.routes import READ, hosted, seat

CARD_SENDER = "Visio"
MAX_EDITORS = 100
"""Attendees let into a meeting's notes page (the first to arrive)."""

Line = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class AnnounceIn(msgspec.Struct, forbid_unknown_fields=True):
    channel_id: uuid.UUID


class AnnouncedOut(msgspec.Struct):
    message_id: uuid.UUID


class NotesIn(msgspec.Struct, forbid_unknown_fields=True):
    """The page's title and the label of its list of attendees, in the caller's language."""

    title: Line
    attendees_label: Line


class NotesOut(msgspec.Struct):
    page_id: uuid.UUID
    link: str
    created: bool


@post("/rooms/{slug:str}/announce", permission=READ, status_code=201)
async def announce(
    slug: FromPath[str],
    data: JSONBody[AnnounceIn],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
    partners: NamedDependency[Partners],
) -> AnnouncedOut:
    """Post the room's link as a card in a chat channel where the caller may post (hosts;
    409 ``visio.partner_unavailable`` without chat)."""
    found = await hosted(db, actor, slug)
    cards = await partners.chat(db, actor.organization_id)
    message_id = await cards.post_card(
        db,
        events,
        organization_id=actor.organization_id,
        channel_id=data.channel_id,
        sender_name=CARD_SENDER,
        title=found.room.name,
        link=f"/visio/{found.room.slug}",
        author=actor,
    )
    return AnnouncedOut(message_id=message_id)


@post("/rooms/{slug:str}/notes", permission=READ, status_code=200)
async def meeting_notes(
    slug: FromPath[str],
    data: JSONBody[NotesIn],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
    members: Members,
    partners: NamedDependency[Partners],
) -> NotesOut:
    """The notes page of the room's meeting going on (else its latest): made on the first
    call, owned by its caller, editable by the members who attended; a later caller who
    attended is let in too (hosts and attendees; without docs, 409
    ``visio.partner_unavailable``)."""
    found = await seat(db, actor, slug)
    meeting = await history.open_meeting(db, found.room.id) or await _latest(db, found.room)
    if meeting is None:
        raise NoMeetingYet()
    attended, names = await _attendance(db, meeting)
    if actor.user_id not in attended:
        authorize(actor, MANAGE, found)
    pages = await partners.docs(db, actor.organization_id)
    # Those still members of the organization (a guest from elsewhere gets no page).
    editors = list(
        await members.actors(db, attended[:MAX_EDITORS], organization_id=actor.organization_id)
    )
    if meeting.notes_page_id is not None and await pages.add_editors(
        db,
        organization_id=actor.organization_id,
        page_id=meeting.notes_page_id,
        editors=[actor.user_id, *editors],
    ):
        return NotesOut(meeting.notes_page_id, _link(meeting.notes_page_id), created=False)
    meeting.notes_page_id = await pages.create_page(
        db,
        events,
        organization_id=actor.organization_id,
        owner_id=actor.user_id,
        title=data.title,
        paragraphs=[f"{data.attendees_label} : {', '.join(names)}"] if names else [],
        editors=editors,
    )
    await db.flush()
    return NotesOut(meeting.notes_page_id, _link(meeting.notes_page_id), created=True)


def _link(page_id: uuid.UUID) -> str:
    return f"/docs/{page_id}"


async def _latest(db: AsyncSession, room: Room) -> Meeting | None:
    return await db.scalar(
        select(Meeting).where(Meeting.room_id == room.id).order_by(Meeting.started_at.desc())
    )


async def _attendance(db: AsyncSession, meeting: Meeting) -> tuple[list[uuid.UUID], list[str]]:
    """The signed-in people who attended and the names of all who did, in order of
    arrival (each once)."""
    stays = (
        await db.execute(
            select(Attendance.user_id, Attendance.name)
            .where(Attendance.meeting_id == meeting.id)
            .order_by(Attendance.joined_at)
        )
    ).all()
    users = dict.fromkeys(user_id for user_id, _ in stays if user_id is not None)
    return list(users), list(dict.fromkeys(name for _, name in stays))


PARTNER_ROUTES = (announce, meeting_notes)
