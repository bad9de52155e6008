"""What the chat API and its events carry: msgspec Structs built from the tables."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from lasuite_chat.models import Channel, ChannelMember, ChannelRole, Message

ChannelName = Annotated[str, msgspec.Meta(min_length=1, max_length=80, pattern=r"^[\w][\w\- ]*$")]
Topic = Annotated[str, msgspec.Meta(max_length=2000)]
Description = Annotated[str, msgspec.Meta(max_length=4000)]
MessageText = Annotated[str, msgspec.Meta(min_length=1, max_length=8000)]
MessageBody = Annotated[str, msgspec.Meta(max_length=8000)]
"""A new message's text: may be empty when files are attached."""
TeamIds = Annotated[list[uuid.UUID], msgspec.Meta(max_length=50)]


class ChannelIn(msgspec.Struct, forbid_unknown_fields=True):
    name: ChannelName
    kind: Literal["public", "private"] = "public"
    topic: Topic = ""
    description: Description = ""
    member_ids: Annotated[list[uuid.UUID], msgspec.Meta(max_length=200)] = []
    team_ids: TeamIds = []


class ChannelChange(msgspec.Struct, forbid_unknown_fields=True):
    """Fields left out keep their value; ``team_ids`` replaces the teams shared with."""

    name: ChannelName | None = None
    topic: Topic | None = None
    description: Description | None = None
    team_ids: TeamIds | None = None


class ConversationIn(msgspec.Struct, forbid_unknown_fields=True):
    """The other people of a direct conversation (one) or a group one (two to seven)."""

    user_ids: Annotated[list[uuid.UUID], msgspec.Meta(min_length=1, max_length=7)]


class RoleIn(msgspec.Struct, forbid_unknown_fields=True):
    role: ChannelRole


class ChannelOut(msgspec.Struct):
    id: uuid.UUID
    kind: str
    name: str | None
    topic: str
    description: str
    created_by: uuid.UUID
    created_at: datetime
    archived: bool
    last_seq: int
    team_ids: list[uuid.UUID]
    role: str | None
    """The caller's role in the channel; None when they are not in it."""

    @classmethod
    def of(
        cls, channel: Channel, *, role: str | None = None, team_ids: list[uuid.UUID] | None = None
    ) -> ChannelOut:
        return cls(
            id=channel.id,
            kind=channel.kind,
            name=channel.name,
            topic=channel.topic,
            description=channel.description,
            created_by=channel.created_by,
            created_at=channel.created_at,
            archived=channel.archived_at is not None,
            last_seq=channel.last_seq,
            team_ids=sorted(team_ids or []),
            role=role,
        )


class MemberOut(msgspec.Struct):
    user_id: uuid.UUID
    display_name: str
    role: str

    @classmethod
    def of(cls, member: ChannelMember, display_name: str) -> MemberOut:
        return cls(user_id=member.user_id, display_name=display_name, role=member.role)


class ContactOut(msgspec.Struct):
    """Someone the caller shares a channel with."""

    user_id: uuid.UUID
    display_name: str


class MessageIn(msgspec.Struct, forbid_unknown_fields=True):
    text: MessageBody = ""
    client_id: uuid.UUID | None = None
    """Chosen by the client; sending again with the same one returns the first message."""
    thread_root_id: uuid.UUID | None = None
    """Reply in the thread of this message of the channel."""
    attachment_ids: Annotated[list[uuid.UUID], msgspec.Meta(max_length=10)] = []
    """Files the sender uploaded to the channel and has not attached yet."""


class MessageChange(msgspec.Struct, forbid_unknown_fields=True):
    text: MessageText


class ReadIn(msgspec.Struct, forbid_unknown_fields=True):
    seq: Annotated[int, msgspec.Meta(ge=0)]


CardTitle = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
CardText = Annotated[str, msgspec.Meta(max_length=2000)]
CardLink = Annotated[str, msgspec.Meta(max_length=2000, pattern=r"^(/[^/\\]|https://)")]
"""A path inside the workspace, or an https URL."""


class Card(msgspec.Struct, forbid_unknown_fields=True):
    """A structured message another plugin posts (``ChatCards``): a title, plain text
    and a link, shown in the ``chat.message.card`` slot."""

    title: CardTitle
    text: CardText = ""
    link: CardLink | None = None


class MessageOut(msgspec.Struct):
    id: uuid.UUID
    channel_id: uuid.UUID
    seq: int
    author_id: uuid.UUID | None
    client_id: uuid.UUID | None
    text: str
    html: str
    created_at: datetime
    edited_at: datetime | None
    deleted: bool
    thread_root_id: uuid.UUID | None
    sender_name: str | None = None
    """The name shown for a message without an author (a webhook's, a plugin's card)."""
    card: Card | None = None
    reply_count: int = 0
    last_reply_at: datetime | None = None
    reactions: list[ReactionOut] = []
    """Each emoji once, by first use; ``me`` is the caller's own (False in events)."""
    attachments: list[AttachmentOut] = []
    pinned: bool = False

    @classmethod
    def of(cls, message: Message) -> MessageOut:
        return cls(
            id=message.id,
            channel_id=message.channel_id,
            seq=message.seq,
            author_id=message.author_id,
            client_id=message.client_id,
            text=message.text,
            html=message.html,
            created_at=message.created_at,
            edited_at=message.edited_at,
            deleted=message.deleted_at is not None,
            thread_root_id=message.thread_root_id,
            sender_name=message.sender_name,
            card=msgspec.convert(message.card, Card) if message.card else None,
            reply_count=message.reply_count or 0,
            last_reply_at=message.last_reply_at,
        )


class ReactionOut(msgspec.Struct):
    emoji: str
    count: int
    me: bool


class AttachmentOut(msgspec.Struct):
    id: uuid.UUID
    """The stored file's id."""
    name: str
    size: int
    content_type: str
    url: str
    """Where readers of the channel download it."""
    thumbnail_url: str | None = None
    """A small picture of an image (WebP), once the job made it."""


class SidebarEntry(msgspec.Struct):
    """One of the caller's channels, with what they have not read yet."""

    id: uuid.UUID
    kind: str
    name: str | None
    topic: str
    archived: bool
    role: str
    last_seq: int
    last_read_seq: int
    unread_count: int
    """Messages of others after ``last_read_seq``, deleted ones and thread replies left out."""
    mention_count: int
