"""What each participant may publish, by the room's settings and their role, and the
LiveKit token that grants exactly that in exactly one room."""

from __future__ import annotations

from lasuite.plugins import colour_of
from lasuite_visio.config import TOKEN_TTL, LiveKit
from lasuite_visio.models import Participant, Room
from lasuite_visio.roles import HOSTS

BREAKOUT = ".breakout-"
"""Between a room's slug and a breakout room's number, in its LiveKit room's name (a slug
never holds a dot)."""


def livekit_room(room: Room, group: int | None = None) -> str:
    """The LiveKit room of the meeting's main room (``group`` None) or of one of its
    breakout rooms: ``<slug>.breakout-<n>``, n from 1."""
    return room.slug if group is None else f"{room.slug}{BREAKOUT}{group + 1}"


def meeting_of(livekit_room_name: str) -> tuple[str, int | None]:
    """The room's slug and breakout group a LiveKit room's name says (group None: the
    main room)."""
    slug, found, number = livekit_room_name.partition(BREAKOUT)
    if found and number.isdigit() and int(number) >= 1:
        return slug, int(number) - 1
    return livekit_room_name, None


def colour_in_meeting(participant: Participant) -> str:
    """A participant's colour: theirs when they came in, the same in every meeting."""
    return colour_of(participant.identity, participant.colour)


def may_publish(rule: str, role: str) -> bool:
    if rule == "everyone":
        return True
    if rule == "members":
        return role != "guest"
    return role in HOSTS


def publish_sources(room: Room, role: str) -> list[str]:
    """LiveKit's source names this role may publish in this room (screen with its audio)."""
    sources: list[str] = []
    if may_publish(room.camera, role):
        sources.append("camera")
    if may_publish(room.microphone, role):
        sources.append("microphone")
    if may_publish(room.screen, role):
        sources += ["screen_share", "screen_share_audio"]
    return sources


def livekit_token(livekit: LiveKit, room: Room, participant: Participant) -> str:
    """A short-lived token to join the room's LiveKit room as this participant: scoped to
    that room (their breakout room's while they are in one), publishing only what the
    role allows, admin only for hosts, and no changing one's own name or metadata (hands
    and renames go through lasuite)."""
    from livekit.api import AccessToken, VideoGrants  # only where LiveKit is configured

    sources = publish_sources(room, participant.role)
    grants = VideoGrants(
        room_join=True,
        room=livekit_room(room, participant.breakout_group),
        can_subscribe=True,
        can_publish=bool(sources),
        can_publish_sources=sources,
        can_publish_data=True,
        room_admin=participant.role in HOSTS,
        can_update_own_metadata=False,
    )
    token = (
        AccessToken(livekit.api_key, livekit.api_secret)
        .with_identity(participant.identity)
        .with_name(participant.name)
        .with_grants(grants)
        .with_attributes(
            {
                "colour": colour_in_meeting(participant),
                "role": participant.role,
                "participant": str(participant.id),
            }
        )
        .with_ttl(TOKEN_TTL)
    )
    return token.to_jwt()
