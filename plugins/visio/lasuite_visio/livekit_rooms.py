"""The rooms on the LiveKit server, driven through livekit-api's ``LiveKitAPI``: open
one before its first participant connects, see who is connected, remove someone, mute
what they publish, keep the room's metadata in step with its settings, and record it
(egress into the installation's bucket).

A LiveKit room is named by the room's slug, a breakout room's by the slug and its number
(:func:`lasuite_visio.media.livekit_room`). LiveKit that cannot be reached, or that
answers with an error, is :class:`VideoServerUnavailable` (503) for the caller."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Collection
from typing import TypeVar

from livekit.protocol.egress import (
    DirectFileOutput,
    EgressInfo,
    EncodedFileOutput,
    EncodedFileType,
    RoomCompositeEgressRequest,
    S3Upload,
    StopEgressRequest,
    TrackEgressRequest,
)
from livekit.protocol.models import ParticipantInfo, TrackSource
from livekit.protocol.room import (
    CreateRoomRequest,
    ListParticipantsRequest,
    ListRoomsRequest,
    MuteRoomTrackRequest,
    RoomParticipantIdentity,
    UpdateRoomMetadataRequest,
)

from lasuite.plugins import BucketUpload
from lasuite_visio.config import LiveKit
from lasuite_visio.media import livekit_room
from lasuite_visio.models import Room
from lasuite_visio.problems import VideoServerUnavailable

T = TypeVar("T")
logger = logging.getLogger("lasuite.visio")

CALL_TIMEOUT = 5.0
"""Seconds one call to LiveKit may take before the caller hears it is unavailable."""

OPEN_FOR = 5.0
"""Seconds a room this instance opened is taken as open without asking LiveKit again:
LiveKit keeps a room with nobody yet for its empty timeout (300 s) and one everybody left
for its departure timeout (20 s by default). A join every moment into a meeting no longer
costs a CreateRoom each (bench visio); should LiveKit have closed it meanwhile, the
participant's connection opens it again."""
MAX_REMEMBERED = 1000
"""Rooms remembered as opened before those past :data:`OPEN_FOR` are forgotten."""

SOURCES = {
    "camera": TrackSource.CAMERA,
    "microphone": TrackSource.MICROPHONE,
    "screen_share": TrackSource.SCREEN_SHARE,
    "screen_share_audio": TrackSource.SCREEN_SHARE_AUDIO,
}


class Absent(Exception):
    """LiveKit has no such room (it closed when empty) or no such participant."""


class LiveKitRooms:
    """One app instance's client of the LiveKit server (one HTTP connection pool)."""

    def __init__(self, livekit: LiveKit) -> None:
        # livekit-api's client (and aiohttp under it) is imported by an instance that
        # holds meetings on LiveKit only: a quarter of a second off every other start.
        import aiohttp
        from livekit.api import LiveKitAPI

        self.livekit = livekit
        self._opened: dict[str, float] = {}
        """When this instance last opened each LiveKit room (by name), on the monotonic clock."""
        self._api = LiveKitAPI(
            livekit.url,
            livekit.api_key,
            livekit.api_secret,
            timeout=aiohttp.ClientTimeout(total=CALL_TIMEOUT),
            failover=False,
        )

    async def close(self) -> None:
        await self._api.aclose()

    async def open(self, room: Room, group: int | None = None) -> None:
        """Make sure the LiveKit room of the meeting (or of its breakout room ``group``)
        exists with our limits (LiveKit answers an existing room as it is, so this is safe
        before every admitted join); a room this instance opened less than
        :data:`OPEN_FOR` seconds ago is taken as open."""
        name = livekit_room(room, group)
        now = time.monotonic()
        if now - self._opened.get(name, -OPEN_FOR) < OPEN_FOR:
            return
        await _call(
            self._api.room.create_room(
                CreateRoomRequest(
                    name=name,
                    empty_timeout=self.livekit.empty_timeout,
                    max_participants=self.livekit.max_participants,
                    metadata=room_metadata(room),
                )
            )
        )
        if len(self._opened) >= MAX_REMEMBERED:
            self._opened = {k: t for k, t in self._opened.items() if now - t < OPEN_FOR}
        self._opened[name] = now

    async def open_rooms(self) -> int:
        """How many rooms the LiveKit server holds open (every organization's)."""
        answer = await _call(self._api.room.list_rooms(ListRoomsRequest()))
        return len(answer.rooms)

    async def connected(self, name: str) -> list[ParticipantInfo]:
        """Who is connected to the LiveKit room ``name`` now (nobody when it is closed)."""
        try:
            answer = await _call(
                self._api.room.list_participants(ListParticipantsRequest(room=name))
            )
        except Absent:
            return []
        return list(answer.participants)

    async def remove(self, name: str, identity: str) -> bool:
        """Disconnect ``identity`` from the LiveKit room ``name``; False when they were not
        connected."""
        try:
            await _call(
                self._api.room.remove_participant(
                    RoomParticipantIdentity(room=name, identity=identity)
                )
            )
        except Absent:
            return False
        return True

    async def mute(self, name: str, identity: str, sources: Collection[str]) -> int:
        """Mute what ``identity`` publishes from these sources in the LiveKit room
        ``name``; how many tracks."""
        people = [p for p in await self.connected(name) if p.identity == identity]
        return await self._mute(name, people, sources)

    async def mute_everyone(
        self, names: Collection[str], *, sparing: str, sources: Collection[str]
    ) -> int:
        """Mute everyone's tracks from these sources in the LiveKit rooms ``names`` (a
        meeting's main and breakout rooms) but ``sparing``'s; how many tracks."""
        muted = 0
        for name in names:
            people = [p for p in await self.connected(name) if p.identity != sparing]
            muted += await self._mute(name, people, sources)
        return muted

    async def _mute(
        self, name: str, people: list[ParticipantInfo], sources: Collection[str]
    ) -> int:
        wanted = {SOURCES[name] for name in sources}
        muted = 0
        for person in people:
            for track in person.tracks:
                if track.source not in wanted or track.muted:
                    continue
                request = MuteRoomTrackRequest(
                    room=name, identity=person.identity, track_sid=track.sid, muted=True
                )
                try:
                    await _call(self._api.room.mute_published_track(request))
                except Absent:
                    continue  # they left, or stopped publishing, meanwhile
                muted += 1
        return muted

    async def describe(self, room: Room) -> bool:
        """Give the open LiveKit room the room's current name and settings as metadata;
        False when no meeting is open there."""
        try:
            await _call(
                self._api.room.update_room_metadata(
                    UpdateRoomMetadataRequest(room=room.slug, metadata=room_metadata(room))
                )
            )
        except Absent:
            return False
        return True

    async def record(self, room: Room, upload: BucketUpload) -> EgressInfo:
        """Record the room's meeting (everyone, as a grid) into ``upload``'s key."""
        output = EncodedFileOutput(
            file_type=EncodedFileType.MP4, filepath=upload.key, s3=_s3(upload)
        )
        request = RoomCompositeEgressRequest(
            room_name=room.slug, layout="grid", file_outputs=[output]
        )
        return await _call(self._api.egress.start_room_composite_egress(request))

    async def record_track(self, room: Room, track_sid: str, upload: BucketUpload) -> EgressInfo:
        """Record one published track as it is (a microphone's Opus) into ``upload``'s key."""
        request = TrackEgressRequest(
            room_name=room.slug,
            track_id=track_sid,
            file=DirectFileOutput(filepath=upload.key, s3=_s3(upload)),
        )
        return await _call(self._api.egress.start_track_egress(request))

    async def stop_recording(self, egress_id: str) -> bool:
        """Stop an egress; False when LiveKit no longer has it (it ended by itself)."""
        try:
            await _call(self._api.egress.stop_egress(StopEgressRequest(egress_id=egress_id)))
        except Absent:
            return False
        return True


def _s3(upload: BucketUpload) -> S3Upload:
    return S3Upload(
        access_key=upload.access_key,
        secret=upload.secret_key,
        region=upload.region,
        endpoint=upload.endpoint_url,
        bucket=upload.bucket,
        force_path_style=upload.force_path_style,
    )


def room_metadata(room: Room) -> str:
    """What participants' LiveKit clients read about the room (JSON)."""
    return json.dumps(
        {
            "name": room.name,
            "access_level": room.access_level,
            "camera": room.camera,
            "microphone": room.microphone,
            "screen": room.screen,
        },
        ensure_ascii=False,
    )


async def _call(request: Awaitable[T]) -> T:
    import aiohttp
    from livekit.api import ServerError

    try:
        return await request
    except ServerError as error:
        if error.code == "not_found":
            raise Absent() from error
        logger.warning("visio: LiveKit refused a call: %s", error)
        raise VideoServerUnavailable() from error
    except (TimeoutError, aiohttp.ClientError) as error:
        logger.warning("visio: LiveKit cannot be reached: %r", error)
        raise VideoServerUnavailable() from error
