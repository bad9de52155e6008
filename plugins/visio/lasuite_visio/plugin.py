"""The visio plugin's manifest and registrations."""

from __future__ import annotations

from lasuite.plugins import NON_GUEST_ROLES, Permission, Plugin, PluginContext
from lasuite_visio import checks
from lasuite_visio.breakout_routes import BREAKOUT_ROUTES
from lasuite_visio.config import MeetingConfig
from lasuite_visio.history_routes import HISTORY_ROUTES
from lasuite_visio.joining import ENTERED
from lasuite_visio.meeting_routes import MEETING_ROUTES
from lasuite_visio.meetings import running_meetings
from lasuite_visio.models import (
    Attendance,
    Breakout,
    Meeting,
    MeetingMessage,
    Participant,
    ReceivedWebhook,
    Room,
    RoomGrant,
)
from lasuite_visio.partner_routes import PARTNER_ROUTES
from lasuite_visio.partners import Partners
from lasuite_visio.problems import PROBLEMS
from lasuite_visio.recording_jobs import READY, RETRIES, TRANSCRIBED, process_recording_job
from lasuite_visio.recording_models import RecordedTrack, Recording
from lasuite_visio.recording_routes import RECORDING_ROUTES
from lasuite_visio.recordings import FAILED
from lasuite_visio.roles import Seat, seat_policy
from lasuite_visio.routes import ROOM_ROUTES
from lasuite_visio.search import search_rooms
from lasuite_visio.settings import VisioSettings
from lasuite_visio.socket_routes import meeting_socket
from lasuite_visio.ui import FRAGMENTS


def setup(ctx: PluginContext) -> None:
    ctx.add_models(
        Room,
        RoomGrant,
        Participant,
        Meeting,
        Attendance,
        ReceivedWebhook,
        MeetingMessage,
        Breakout,
        Recording,
        RecordedTrack,
    )
    ctx.add_permissions(
        Permission(
            name="visio.room.read",
            description="See the organization's meeting rooms",
            descriptions={"fr": "Voir les salles de réunion de l'organisation"},
            default_roles=("owner", "admin", "member", "guest"),
        ),
        Permission(
            name="visio.room.create",
            description="Create meeting rooms",
            descriptions={"fr": "Créer des salles de réunion"},
            default_roles=NON_GUEST_ROLES,
        ),
    )
    ctx.add_policy(Seat, policy=seat_policy)
    ctx.add_audit_actions("visio.recording.started", "visio.recording.stopped")
    ctx.add_problems(*PROBLEMS)
    ctx.add_settings(VisioSettings)
    ctx.add_routes(
        *ROOM_ROUTES,
        *MEETING_ROUTES,
        *HISTORY_ROUTES,
        *BREAKOUT_ROUTES,
        *PARTNER_ROUTES,
        *RECORDING_ROUTES,
        meeting_socket,
    )
    ctx.add_lifespan("meetings", start=running_meetings)
    livekit = MeetingConfig.from_env().livekit
    if livekit is not None:
        ctx.allow_connections(*livekit.origins())
    partners = Partners.of(ctx)
    ctx.add_lifespan("partners", start=partners.lifespan)
    ctx.add_job(process_recording_job(partners), max_retries=RETRIES, time_limit=3600.0)
    ctx.add_counters(ENTERED)
    ctx.add_notification_kind(
        READY,
        description="A meeting you recorded is ready to download",
        descriptions={"fr": "L'enregistrement d'une réunion est prêt à télécharger"},
        default_email=True,
    )
    ctx.add_notification_kind(
        FAILED,
        description="A meeting you recorded could not be saved",
        descriptions={"fr": "L'enregistrement d'une réunion n'a pas pu être sauvegardé"},
        default_email=True,
    )
    ctx.add_notification_kind(
        TRANSCRIBED,
        description="The transcript of a meeting you recorded is ready",
        descriptions={"fr": "La transcription d'une réunion enregistrée est prête"},
        default_email=False,
    )
    ctx.add_search_provider(search_rooms)
    ctx.add_check("video server", check=checks.video_server)
    ctx.add_check("transcription", check=checks.transcription)
    ctx.add_fragments(*FRAGMENTS)


plugin = Plugin(
    id="visio",
    name="Visio",
    description="Video meetings, reached by a short readable link.",
    names={"fr": "Visio"},
    descriptions={"fr": "Réunions vidéo, rejointes par un lien court et lisible."},
    author="lasuite",
    license="EUPL-1.2",
    requires_api=">=1.18,<2",
    uses={"chat": ">=0.1", "docs": ">=0.1"},
    setup=setup,
)
