"""Visio tables: rooms, the roles people and teams hold in them, the people who asked to
join (waiting in the lobby, admitted or denied), and the history of the meetings held:
when each started and ended, and who attended when."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal, get_args

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.plugins import Model

AccessLevel = Literal["public", "trusted", "restricted"]
"""Who may enter a room: anyone with the link, signed-in members of the organization
(others wait in the lobby), or only the people and teams holding a room role."""

RoomKind = Literal["permanent", "one_off"]
"""A permanent room stays; a one-off room is for one meeting and is listed no more once it
has ended."""

RoomRole = Literal["owner", "administrator", "member"]
"""A room role: owners and administrators run the meeting (lobby, removals, promotions)."""

PublishRule = Literal["everyone", "members", "administrators"]
"""Who may publish one kind of media: everyone admitted, holders of a room role or members
of the organization, or the room's owners and administrators only."""

ParticipantRole = Literal["owner", "administrator", "member", "guest"]
"""A participant's role in one meeting; ``guest`` for anyone without a room role."""

ParticipantState = Literal["waiting", "admitted", "denied"]

MeetingMode = Literal["livekit", "mesh"]
"""How a meeting was held: through the LiveKit server, or as a browser mesh."""

ACCESS_LEVELS: tuple[str, ...] = get_args(AccessLevel)
ROOM_KINDS: tuple[str, ...] = get_args(RoomKind)
ROOM_ROLES: tuple[str, ...] = get_args(RoomRole)
PUBLISH_RULES: tuple[str, ...] = get_args(PublishRule)
PARTICIPANT_STATES: tuple[str, ...] = get_args(ParticipantState)
MEETING_MODES: tuple[str, ...] = get_args(MeetingMode)


def _one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column)


class Room(Model):
    """A meeting room of one organization, reached by its slug (unique on the instance,
    so that a link alone finds it)."""

    __tablename__ = "visio_room"
    __table_args__ = (
        UniqueConstraint("slug"),
        _one_of("access_level", ACCESS_LEVELS),
        _one_of("kind", ROOM_KINDS),
        _one_of("camera", PUBLISH_RULES),
        _one_of("microphone", PUBLISH_RULES),
        _one_of("screen", PUBLISH_RULES),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    access_level: Mapped[str] = mapped_column(String(16), default="trusted")
    kind: Mapped[str] = mapped_column(String(16), default="permanent")
    camera: Mapped[str] = mapped_column(String(16), default="everyone")
    microphone: Mapped[str] = mapped_column(String(16), default="everyone")
    screen: Mapped[str] = mapped_column(String(16), default="everyone")
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    """When a one-off room's meeting ended (its last participant left)."""


class RoomGrant(Model):
    """A room role held by one user or one team of the room's organization."""

    __tablename__ = "visio_room_grant"
    __table_args__ = (
        UniqueConstraint("room_id", "user_id"),
        UniqueConstraint("room_id", "team_id"),
        CheckConstraint("(user_id IS NULL) <> (team_id IS NULL)", name="user_or_team"),
        _one_of("role", ROOM_ROLES),
    )

    room_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visio_room.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="CASCADE"), default=None
    )
    team_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_team.id", ondelete="CASCADE"), default=None
    )
    role: Mapped[str] = mapped_column(String(16))


class Participant(Model):
    """Someone who asked to join a room: waiting in the lobby, admitted or denied.

    The caller keeps ``ticket`` (only its hash is stored): it opens the meeting's socket
    and resumes a wait. Once the socket is open, ``joined_at``/``seen_at``/``left_at``
    say when the person was in the meeting."""

    __tablename__ = "visio_participant"
    __table_args__ = (
        UniqueConstraint("ticket_hash"),
        Index("ix_visio_participant_room_state", "room_id", "state"),
        _one_of("state", PARTICIPANT_STATES),
    )

    room_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visio_room.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )
    identity: Mapped[str] = mapped_column(String(64))
    """The user's id, or ``guest-<id>`` for someone not signed in: stable while they resume."""
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    ticket_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column()
    """A waiting entry lapses then unless refreshed; an admitted ticket opens no socket after."""
    joined_at: Mapped[datetime | None] = mapped_column(default=None)
    seen_at: Mapped[datetime | None] = mapped_column(default=None)
    left_at: Mapped[datetime | None] = mapped_column(default=None)
    hand_raised_at: Mapped[datetime | None] = mapped_column(default=None)
    breakout_group: Mapped[int | None] = mapped_column(default=None)
    """The breakout room they are in (its index), while the room's breakouts go on."""
    colour: Mapped[str | None] = mapped_column(String(7), default=None)
    """Their colour when they came in (the one they chose in their account); None for
    entries made before colours were kept: derived from the identity."""


class Meeting(Model):
    """One meeting held in a room: from LiveKit's ``room_started`` to ``room_finished``,
    or in a mesh from the first participant's arrival to the last one's departure."""

    __tablename__ = "visio_meeting"
    __table_args__ = (
        UniqueConstraint("livekit_sid"),
        Index("ix_visio_meeting_room_started", "room_id", "started_at"),
        _one_of("mode", MEETING_MODES),
    )

    room_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visio_room.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(16))
    livekit_sid: Mapped[str | None] = mapped_column(String(64), default=None)
    """LiveKit's id of this session of the room (its name is the room's slug)."""
    started_at: Mapped[datetime] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    notes_page_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)
    """The docs page holding the meeting's notes, once someone asked for it (docs may be
    gone since: the page is not a foreign key of ours)."""


class Attendance(Model):
    """One stay of one person in a meeting (someone who leaves and comes back has two)."""

    __tablename__ = "visio_attendance"
    __table_args__ = (Index("ix_visio_attendance_meeting", "meeting_id", "joined_at"),)

    meeting_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visio_meeting.id", ondelete="CASCADE")
    )
    participant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("visio_participant.id", ondelete="SET NULL"), default=None
    )
    """The join this stay came from, when the identity names one."""
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), default=None
    )
    identity: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    session_sid: Mapped[str | None] = mapped_column(String(64), default=None)
    """LiveKit's id of this connection of the participant (None in a mesh)."""
    joined_at: Mapped[datetime] = mapped_column()
    left_at: Mapped[datetime | None] = mapped_column(default=None)


class MeetingMessage(Model):
    """A message written in a meeting's chat, kept with the room (and its meeting)."""

    __tablename__ = "visio_message"
    __table_args__ = (Index("ix_visio_message_room_created", "room_id", "created_at"),)

    room_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visio_room.id", ondelete="CASCADE"))
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("visio_meeting.id", ondelete="SET NULL"), default=None
    )
    """The meeting going on when it was written, if the room's history knows one."""
    participant_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("visio_participant.id", ondelete="SET NULL"), default=None
    )
    name: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(String(2000))


class Breakout(Model):
    """A room's meeting split into breakout rooms, from when a host starts them until
    they end (at ``ends_at``, or earlier when a host brings everyone back)."""

    __tablename__ = "visio_breakout"
    __table_args__ = (Index("ix_visio_breakout_room_ended", "room_id", "ended_at"),)

    room_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visio_room.id", ondelete="CASCADE"))
    groups: Mapped[list[str]] = mapped_column(JSON)
    """The breakout rooms' names; a participant's ``breakout_group`` is an index here."""
    started_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    """The participant (a host) who started them."""
    ends_at: Mapped[datetime] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column(default=None)


class ReceivedWebhook(Model):
    """A LiveKit webhook event already applied, kept a while so that a replay is refused."""

    __tablename__ = "visio_received_webhook"
    __table_args__ = (
        UniqueConstraint("event_id"),
        Index("ix_visio_received_webhook_created", "created_at"),
        # The video server's, not an organization's: checked once for the installation.
        {"info": {"installation_wide": True}},
    )

    event_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
