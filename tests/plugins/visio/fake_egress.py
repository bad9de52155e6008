"""The fake LiveKit's Egress service (``/twirp/livekit.Egress/<Method>``): it records
as LiveKit's egress would, into the S3 bucket each request names.

A started egress is active; stopping it writes its file into the request's bucket (with
the extension LiveKit adds: ``.mp4`` for a meeting, ``.ogg`` for a microphone) with the
request's credentials, so a wrong bucket or secret fails like it would. What LiveKit then
posts is :meth:`FakeEgress.egress_event` (``egress_ended`` with the file's key).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config
from livekit.protocol import egress as proto
from livekit.protocol import webhook

from tests.plugins.visio.twirp import TwirpError

if TYPE_CHECKING:
    from tests.plugins.visio.fake_livekit import FakeLiveKit

# An MP4's first box, and an Ogg page's mark: enough for a type to be recognised.
MP4 = bytes.fromhex("0000001c6674797069736f6d0000020069736f6d69736f326d703431") + b"\0" * 2048
OGG = b"OggS" + b"\0" * 2048
_ids = itertools.count(1)


@dataclass
class Recorded:
    """One egress: what was asked, and what it is now."""

    request: Any
    info: proto.EgressInfo
    extension: str
    content: bytes


class FakeEgress:
    def __init__(self, livekit: FakeLiveKit) -> None:
        self.livekit = livekit
        self.egresses: dict[str, Recorded] = {}

    def methods(self) -> dict[str, tuple[Any, type[Any], Any]]:
        return {
            "StartRoomCompositeEgress": (
                self._start_room,
                proto.RoomCompositeEgressRequest,
                _room_record,
            ),
            "StartTrackEgress": (self._start_track, proto.TrackEgressRequest, _room_record),
            "StopEgress": (self._stop, proto.StopEgressRequest, _room_record),
        }

    def egress_event(
        self, kind: str, egress_id: str, *, failed: bool = False
    ) -> webhook.WebhookEvent:
        """What LiveKit posts when the egress starts (``egress_started``) or ends
        (``egress_ended``: complete with its file, or failed)."""
        recorded = self.egresses[egress_id]
        info = proto.EgressInfo()
        info.CopyFrom(recorded.info)
        if kind == "egress_started":
            info.status = proto.EgressStatus.EGRESS_ACTIVE
        elif failed:
            info.status = proto.EgressStatus.EGRESS_FAILED
            info.error = "the fake failed to record"
        else:
            info.status = proto.EgressStatus.EGRESS_COMPLETE
            info.file_results.append(
                proto.FileInfo(filename=self._key(recorded), size=len(recorded.content))
            )
        return webhook.WebhookEvent(event=kind, id=f"EV_egress{next(_ids)}", egress_info=info)

    def _start_room(self, request: proto.RoomCompositeEgressRequest) -> proto.EgressInfo:
        if request.room_name not in self.livekit.rooms:
            raise TwirpError("not_found", "requested room does not exist")
        [output] = request.file_outputs
        if output.file_type != proto.EncodedFileType.MP4:
            raise TwirpError("invalid_argument", "the fake records MP4 only")
        return self._started(request, request.room_name, output, ".mp4", MP4)

    def _start_track(self, request: proto.TrackEgressRequest) -> proto.EgressInfo:
        people = self.livekit.participants.get(request.room_name, {})
        if not any(t.sid == request.track_id for p in people.values() for t in p.tracks):
            raise TwirpError("not_found", "track is not found")
        return self._started(request, request.room_name, request.file, ".ogg", OGG)

    def _started(
        self, request: Any, room: str, output: Any, extension: str, content: bytes
    ) -> proto.EgressInfo:
        if not (output.s3.bucket and output.s3.access_key and output.s3.secret and output.filepath):
            raise TwirpError("invalid_argument", "an egress to S3 needs a bucket, keys and a path")
        info = proto.EgressInfo(
            egress_id=f"EG_fake{next(_ids)}",
            room_name=room,
            status=proto.EgressStatus.EGRESS_STARTING,
        )
        self.egresses[info.egress_id] = Recorded(request, info, extension, content)
        return info

    def _stop(self, request: proto.StopEgressRequest) -> proto.EgressInfo:
        recorded = self.egresses.get(request.egress_id)
        if recorded is None or recorded.info.status != proto.EgressStatus.EGRESS_STARTING:
            raise TwirpError("not_found", "egress not found or already ended")
        recorded.info.status = proto.EgressStatus.EGRESS_ENDING
        self._write(recorded)
        return recorded.info

    def _key(self, recorded: Recorded) -> str:
        output = _output(recorded.request)
        return output.filepath + recorded.extension

    def _write(self, recorded: Recorded) -> None:
        s3 = _output(recorded.request).s3
        client = boto3.client(
            "s3",
            endpoint_url=s3.endpoint or None,
            aws_access_key_id=s3.access_key,
            aws_secret_access_key=s3.secret,
            region_name=s3.region or None,
            config=Config(s3={"addressing_style": "path" if s3.force_path_style else "auto"}),
        )
        client.put_object(Bucket=s3.bucket, Key=self._key(recorded), Body=recorded.content)

    def outputs(self) -> list[Any]:
        """Every egress's output (``EncodedFileOutput`` or ``DirectFileOutput``), in order."""
        return [_output(recorded.request) for recorded in self.egresses.values()]


def _output(request: Any) -> Any:
    return request.file_outputs[0] if hasattr(request, "file_outputs") else request.file


def _room_record(grants: Any, _request: Any) -> None:
    if not grants.room_record:
        raise TwirpError("unauthenticated", "permissions denied: roomRecord")
