"""A fake of LiveKit's server, for tests: its Twirp room API on a loopback port, and the
webhooks it signs.

The fake speaks what livekit-api's ``LiveKitAPI`` sends (``POST
/twirp/livekit.RoomService/<Method>``, a protobuf body, ``Authorization: Bearer <jwt>``)
and checks the token like LiveKit does: signed with the API secret by the API key, with
the grant each method needs (``roomCreate``; ``roomList``; ``roomAdmin`` for the very
room named in the request). A refused token gets Twirp's ``unauthenticated`` (401). Each
accepted call is recorded, so a test asserts what was asked.

Rooms and participants live in memory; :meth:`FakeLiveKit.connect` puts a participant in
a room as if their browser had connected with its tracks.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from google.protobuf.json_format import MessageToJson, Parse
from google.protobuf.message import Message
from livekit.api import AccessToken, TokenVerifier
from livekit.protocol import models, webhook
from livekit.protocol import room as proto

from tests.plugins.visio.fake_egress import FakeEgress
from tests.plugins.visio.loopback import LoopbackServer
from tests.plugins.visio.twirp import TwirpError

TWIRP = "/twirp/livekit."
PROTOBUF = "application/protobuf"


@dataclass(frozen=True)
class Call:
    """One request the fake accepted: the method, its decoded request, the token's claims."""

    method: str
    request: Any
    grants: Any


@dataclass
class FakeLiveKit:
    api_key: str
    api_secret: str
    calls: list[Call] = field(default_factory=list)
    rooms: dict[str, models.Room] = field(default_factory=dict)
    participants: dict[str, dict[str, models.ParticipantInfo]] = field(default_factory=dict)
    failing: bool = False
    """Answer every call with an internal error, like a server in trouble."""
    url: str = ""
    _server: LoopbackServer | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    egress: FakeEgress = field(init=False)
    """The Egress service: what was recorded, and the webhooks of its egresses."""

    def __post_init__(self) -> None:
        self.egress = FakeEgress(self)

    def start(self) -> str:
        """Serve on a loopback port (see :class:`LoopbackServer`); the base URL."""
        app = web.Application()
        app.router.add_post(TWIRP + "{service}/{method}", self._handle)
        self._server = LoopbackServer(app, "the fake LiveKit")
        self.url = self._server.start()
        return self.url

    def stop(self) -> None:
        """Stop serving (a call after this finds the port closed, like a server down)."""
        if self._server is not None:
            self._server.stop()

    def calls_to(self, method: str) -> list[Any]:
        """The requests of every accepted call to ``method``, in order."""
        return [call.request for call in self.calls if call.method == method]

    # -- what happens in the rooms -------------------------------------------------

    def connect(
        self, room: str, identity: str, *, name: str = "", sources: tuple[int, ...] = ()
    ) -> models.ParticipantInfo:
        """``identity`` connects to ``room`` publishing one track per source
        (``models.TrackSource.MICROPHONE``…)."""
        if room not in self.rooms:
            raise AssertionError(f"the fake has no room {room!r}: nobody created it")
        info = models.ParticipantInfo(
            sid=self._sid("PA"),
            identity=identity,
            name=name,
            state=models.ParticipantInfo.ACTIVE,
        )
        for source in sources:
            kind = models.TrackType.AUDIO if source in (2, 4) else models.TrackType.VIDEO
            info.tracks.append(models.TrackInfo(sid=self._sid("TR"), type=kind, source=source))
        self.participants[room][identity] = info
        return info

    def _sid(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self._ids)}"

    # -- the Twirp endpoint ----------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        service, method = request.match_info["service"], request.match_info["method"]
        methods = self.egress.methods() if service == "Egress" else self._methods()
        try:
            handler, request_type, grant_check = methods[method]
            if service not in ("RoomService", "Egress"):
                raise KeyError(service)
        except KeyError:
            return TwirpError("bad_route", f"no method {method}").response()
        try:
            if request.content_type != PROTOBUF:
                raise TwirpError("malformed", f"content type {request.content_type}")
            message = request_type.FromString(await request.read())
            grants = self._verified(request.headers.get("Authorization", ""))
            grant_check(grants, message)
            if self.failing:
                raise TwirpError("internal", "the fake is failing")
            self.calls.append(Call(method, message, grants))
            answer = handler(message)
        except TwirpError as error:
            return error.response()
        return web.Response(body=answer.SerializeToString(), content_type=PROTOBUF)

    def _verified(self, authorization: str) -> Any:
        if not authorization.startswith("Bearer "):
            raise TwirpError("unauthenticated", "no authorization header")
        try:
            claims = TokenVerifier(self.api_key, self.api_secret).verify(
                authorization.removeprefix("Bearer ")
            )
        except Exception as exc:
            raise TwirpError("unauthenticated", f"invalid token: {exc}") from exc
        if claims.video is None:
            raise TwirpError("unauthenticated", "no video grant")
        return claims.video

    def _methods(self) -> dict[str, tuple[Callable[[Any], Message], type[Message], Any]]:
        return {
            "CreateRoom": (self._create_room, proto.CreateRoomRequest, _room_create),
            "ListRooms": (self._list_rooms, proto.ListRoomsRequest, _room_list),
            "DeleteRoom": (self._delete_room, proto.DeleteRoomRequest, _room_create),
            "ListParticipants": (
                self._list_participants,
                proto.ListParticipantsRequest,
                _room_admin,
            ),
            "RemoveParticipant": (self._remove, proto.RoomParticipantIdentity, _room_admin),
            "MutePublishedTrack": (self._mute, proto.MuteRoomTrackRequest, _room_admin),
            "UpdateRoomMetadata": (
                self._update_metadata,
                proto.UpdateRoomMetadataRequest,
                _room_admin,
            ),
        }

    def _create_room(self, request: proto.CreateRoomRequest) -> models.Room:
        if not request.name:
            raise TwirpError("invalid_argument", "a room needs a name")
        if request.name not in self.rooms:
            self.rooms[request.name] = models.Room(
                sid=self._sid("RM"),
                name=request.name,
                empty_timeout=request.empty_timeout,
                max_participants=request.max_participants,
                metadata=request.metadata,
            )
            self.participants[request.name] = {}
        return self.rooms[request.name]

    def _list_rooms(self, request: proto.ListRoomsRequest) -> proto.ListRoomsResponse:
        names = set(request.names) or set(self.rooms)
        return proto.ListRoomsResponse(rooms=[r for n, r in self.rooms.items() if n in names])

    def _delete_room(self, request: proto.DeleteRoomRequest) -> proto.DeleteRoomResponse:
        self._room(request.room)
        del self.rooms[request.room], self.participants[request.room]
        return proto.DeleteRoomResponse()

    def _list_participants(
        self, request: proto.ListParticipantsRequest
    ) -> proto.ListParticipantsResponse:
        self._room(request.room)
        return proto.ListParticipantsResponse(
            participants=list(self.participants[request.room].values())
        )

    def _remove(self, request: proto.RoomParticipantIdentity) -> proto.RemoveParticipantResponse:
        self._participant(request.room, request.identity)
        del self.participants[request.room][request.identity]
        return proto.RemoveParticipantResponse()

    def _mute(self, request: proto.MuteRoomTrackRequest) -> proto.MuteRoomTrackResponse:
        info = self._participant(request.room, request.identity)
        for track in info.tracks:
            if track.sid == request.track_sid:
                track.muted = request.muted
                return proto.MuteRoomTrackResponse(track=track)
        raise TwirpError("not_found", "track is not found")

    def _update_metadata(self, request: proto.UpdateRoomMetadataRequest) -> models.Room:
        found = self._room(request.room)
        found.metadata = request.metadata
        return found

    def _room(self, name: str) -> models.Room:
        if name not in self.rooms:
            raise TwirpError("not_found", "requested room does not exist")
        return self.rooms[name]

    def _participant(self, room: str, identity: str) -> models.ParticipantInfo:
        self._room(room)
        if identity not in self.participants[room]:
            raise TwirpError("not_found", "participant is not found")
        return self.participants[room][identity]

    # -- webhooks --------------------------------------------------------------------

    def webhook(
        self, event: webhook.WebhookEvent, *, api_key: str | None = None, secret: str | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """The body and headers LiveKit posts for ``event``: protobuf JSON, and a token
        holding the body's sha256, signed by the API key with its secret (or others')."""
        body = MessageToJson(event).encode()
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        token = (
            AccessToken(api_key or self.api_key, secret or self.api_secret)
            .with_sha256(digest)
            .with_ttl(timedelta(minutes=5))
            .to_jwt()
        )
        return body, {"Authorization": token, "Content-Type": "application/webhook+json"}


_events = itertools.count(1)


def room_event(kind: str, room: str, *, sid: str, at: datetime) -> webhook.WebhookEvent:
    """A ``room_started`` or ``room_finished`` event of the LiveKit room ``room``."""
    return webhook.WebhookEvent(
        event=kind,
        id=f"EV_fake{next(_events)}",
        created_at=int(at.timestamp()),
        room=models.Room(sid=sid, name=room, creation_time=int(at.timestamp())),
    )


def participant_event(
    kind: str, room: str, *, sid: str, identity: str, session: str, at: datetime, name: str = ""
) -> webhook.WebhookEvent:
    """A ``participant_joined`` or ``participant_left`` event of one connection."""
    event = room_event(kind, room, sid=sid, at=at)
    event.participant.CopyFrom(
        models.ParticipantInfo(
            sid=session, identity=identity, name=name, joined_at=int(at.timestamp())
        )
    )
    return event


def event_from(body: bytes) -> webhook.WebhookEvent:
    return Parse(body.decode(), webhook.WebhookEvent())


def _room_create(grants: Any, _request: Message) -> None:
    if not grants.room_create:
        raise TwirpError("unauthenticated", "permissions denied: roomCreate")


def _room_list(grants: Any, _request: Message) -> None:
    if not grants.room_list:
        raise TwirpError("unauthenticated", "permissions denied: roomList")


def _room_admin(grants: Any, request: Any) -> None:
    if not grants.room_admin or grants.room != request.room:
        raise TwirpError("unauthenticated", f"permissions denied: roomAdmin on {request.room}")
