"""What visio refuses, each with its stable code: the workspace words them in the
reader's language, and the OpenAPI document lists them."""

from __future__ import annotations

from lasuite.plugins import Problem


class RoomNotFound(Problem):
    code = "visio.room_not_found"
    status = 404
    message = "No meeting has this link."


class NoFreeSlug(Problem):
    code = "visio.no_free_link"
    status = 503
    message = "No free meeting link was found; try again."


class RoomRestricted(Problem):
    code = "visio.room_restricted"
    status = 403
    message = "Only the people invited to this meeting may join it."


class SignInToJoin(Problem):
    code = "visio.sign_in_to_join"
    status = 401
    message = "Sign in to join this meeting."


class NameNeeded(Problem):
    code = "visio.name_needed"
    message = "Give the name the others will see."


class EntryDenied(Problem):
    code = "visio.entry_denied"
    status = 403
    message = "A host of the meeting did not let you in."


class RoomFull(Problem):
    code = "visio.room_full"
    status = 409
    message = "This meeting is full: without a video server, a meeting holds 4 people."


class NotWaiting(Problem):
    code = "visio.not_waiting"
    status = 404
    message = "This person is no longer waiting to join."


class MeetingNotFound(Problem):
    code = "visio.meeting_not_found"
    status = 404
    message = "This room held no such meeting."


class BreakoutsRunning(Problem):
    code = "visio.breakouts_running"
    status = 409
    message = "Breakout rooms are already open: bring everyone back first."


class NoBreakouts(Problem):
    code = "visio.no_breakouts"
    status = 404
    message = "No breakout rooms are open in this meeting."


class NoSuchGroup(Problem):
    code = "visio.no_such_group"
    message = "There is no such breakout room."


class NotInMeeting(Problem):
    code = "visio.not_in_meeting"
    status = 404
    message = "This person is not in the meeting."


class OwnerStays(Problem):
    code = "visio.owner_stays"
    status = 409
    message = "A room keeps at least one owner."


class OneHolder(Problem):
    code = "visio.one_holder"
    message = "Give a room role to one user or one team: name either, not both."


class WebhookNotSigned(Problem):
    code = "visio.webhook_not_signed"
    status = 401
    message = "This webhook is not signed by the video server for this body."


class WebhookReplayed(Problem):
    code = "visio.webhook_replayed"
    status = 401
    message = "This webhook event was already received."


class VideoServerUnavailable(Problem):
    code = "visio.video_server_unavailable"
    status = 503
    message = "The video server cannot be reached; try again in a moment."


class PartnerUnavailable(Problem):
    code = "visio.partner_unavailable"
    status = 409
    message = "This needs a module the organization does not have on."


class NoMeetingYet(Problem):
    code = "visio.no_meeting_yet"
    status = 409
    message = "Nobody has met in this room yet: notes start with a meeting."


class RecordingNeedsVideoServer(Problem):
    code = "visio.recording_needs_video_server"
    status = 409
    message = "Meetings are recorded by the video server, which this installation has not."


class RecordingNeedsBucket(Problem):
    code = "visio.recording_needs_bucket"
    status = 409
    message = "Recordings are kept in an S3-compatible store, which this installation has not."


class TranscriptionUnavailable(Problem):
    code = "visio.transcription_unavailable"
    status = 409
    message = "No speech-to-text service is configured: record without a transcript."


class RecordingRunning(Problem):
    code = "visio.recording_running"
    status = 409
    message = "This meeting is already being recorded."


class RecordingNotFound(Problem):
    code = "visio.recording_not_found"
    status = 404
    message = "This room has no such recording."


class RecordingNotReady(Problem):
    code = "visio.recording_not_ready"
    status = 409
    message = "This recording is not saved yet."


PROBLEMS: tuple[type[Problem], ...] = (
    RoomNotFound,
    NoFreeSlug,
    RoomRestricted,
    SignInToJoin,
    NameNeeded,
    EntryDenied,
    RoomFull,
    NotWaiting,
    MeetingNotFound,
    BreakoutsRunning,
    NoBreakouts,
    NoSuchGroup,
    NotInMeeting,
    OwnerStays,
    OneHolder,
    WebhookNotSigned,
    WebhookReplayed,
    VideoServerUnavailable,
    PartnerUnavailable,
    NoMeetingYet,
    RecordingNeedsVideoServer,
    RecordingNeedsBucket,
    TranscriptionUnavailable,
    RecordingRunning,
    RecordingNotFound,
    RecordingNotReady,
)
