"""The chat plugin's manifest and registrations."""

from __future__ import annotations

from datetime import timedelta

from lasuite.plugins import (
    ADMIN_ROLES,
    NON_GUEST_ROLES,
    ORG_ROLES,
    Permission,
    Plugin,
    PluginContext,
)
from lasuite_chat import events, retention, search, thumbnails, unused_files
from lasuite_chat.access import ChannelAccess, channel_policy
from lasuite_chat.api import ChatCards
from lasuite_chat.attachment_routes import ATTACHMENT_ROUTES
from lasuite_chat.cards import ChannelCards
from lasuite_chat.mentions import MENTION
from lasuite_chat.message_routes import MESSAGE_ROUTES
from lasuite_chat.messages import POSTED
from lasuite_chat.models import (
    Attachment,
    Channel,
    ChannelMember,
    ChannelTeam,
    Message,
    MessageEdit,
    Pin,
    Reaction,
    Report,
    ThreadFollower,
    Webhook,
)
from lasuite_chat.problems import PROBLEMS
from lasuite_chat.reaction_routes import REACTION_ROUTES
from lasuite_chat.report_routes import REPORT_ROUTES
from lasuite_chat.routes import CHANNEL_ROUTES
from lasuite_chat.search_routes import SEARCH_ROUTES
from lasuite_chat.settings import ChatSettings
from lasuite_chat.thread_routes import THREAD_ROUTES
from lasuite_chat.threads import THREAD_REPLY
from lasuite_chat.ui import FRAGMENTS
from lasuite_chat.webhook_routes import WEBHOOK_ROUTES

PERMISSIONS = (
    Permission(
        name="chat.channel.read",
        description="Read the channels one is in, or may join",
        descriptions={"fr": "Lire les salons dont on est membre, ou qu'on peut rejoindre"},
        default_roles=ORG_ROLES,
    ),
    Permission(
        name="chat.channel.browse",
        description="See and join the organization's public channels",
        descriptions={"fr": "Voir et rejoindre les salons publics de l'organisation"},
        default_roles=NON_GUEST_ROLES,
    ),
    Permission(
        name="chat.channel.create",
        description="Create public and private channels",
        descriptions={"fr": "Créer des salons publics et privés"},
        default_roles=NON_GUEST_ROLES,
    ),
    Permission(
        name="chat.channel.participate",
        description="Join and leave channels, invite people, and manage those one owns",
        descriptions={
            "fr": (
                "Rejoindre et quitter des salons, y inviter des personnes, et gérer ceux dont "
                "on est propriétaire"
            )
        },
        default_roles=ORG_ROLES,
    ),
    Permission(
        name="chat.conversation.open",
        description="Open direct and group conversations with the people of one's channels",
        descriptions={
            "fr": "Ouvrir des conversations directes et de groupe avec les personnes de ses salons"
        },
        default_roles=ORG_ROLES,
    ),
    Permission(
        name="chat.conversation.anyone",
        description="Open conversations with anyone of the organization",
        descriptions={"fr": "Ouvrir des conversations avec n'importe qui dans l'organisation"},
        default_roles=NON_GUEST_ROLES,
    ),
    Permission(
        name="chat.message.create",
        description="Post, edit and delete one's messages",
        descriptions={"fr": "Publier, modifier et supprimer ses messages"},
        default_roles=ORG_ROLES,
    ),
)

MODERATION_PERMISSIONS = (
    Permission(
        name="chat.report.review",
        description="Handle the reports of messages of every channel",
        descriptions={"fr": "Traiter les signalements de messages de tous les salons"},
        default_roles=ADMIN_ROLES,
    ),
)


def setup(ctx: PluginContext) -> None:
    ctx.add_models(Channel, ChannelMember, ChannelTeam, Message, MessageEdit)
    ctx.add_permissions(*PERMISSIONS)
    ctx.add_problems(*PROBLEMS)
    ctx.add_policy(ChannelAccess, policy=channel_policy)
    ctx.add_audit_actions(
        "chat.channel.archived",
        "chat.channel.unarchived",
        "chat.webhook.created",
        "chat.webhook.revoked",
    )
    ctx.add_routes(*CHANNEL_ROUTES, *MESSAGE_ROUTES)
    ctx.add_events(*events.EVENTS)
    ctx.add_topic(events.TOPIC_PREFIX, can_subscribe=events.can_subscribe, presence=True)
    ctx.add_topic(events.USER_TOPIC_PREFIX, can_subscribe=events.can_subscribe_user)
    ctx.add_ws_action(
        "chat.typing",
        handler=events.typing,
        permission="chat.message.create",
        data_type=events.TypingIn,
    )
    ctx.add_fragments(*FRAGMENTS)
    setup_moderation_and_integrations(ctx)
    setup_threads_reactions_and_files(ctx)


def setup_threads_reactions_and_files(ctx: PluginContext) -> None:
    """Threads, reactions, mentions, pins and attachments."""
    ctx.add_models(ThreadFollower, Reaction, Pin, Attachment)
    ctx.add_routes(*THREAD_ROUTES, *REACTION_ROUTES, *ATTACHMENT_ROUTES)
    ctx.add_counters(POSTED)
    ctx.add_notification_kind(
        MENTION,
        description="Someone mentioned you in a channel",
        descriptions={"fr": "On vous mentionne dans un salon"},
        default_email=True,
    )
    ctx.add_notification_kind(
        THREAD_REPLY,
        description="A new reply in a thread you follow",
        descriptions={"fr": "Une nouvelle réponse dans un fil que vous suivez"},
        default_email=False,
    )


def setup_moderation_and_integrations(ctx: PluginContext) -> None:
    """Search, reports, retention, cleanup of unused files, webhooks and the cards
    other plugins post."""
    ctx.add_models(Report, Webhook)
    ctx.add_permissions(*MODERATION_PERMISSIONS)
    ctx.add_routes(*SEARCH_ROUTES, *REPORT_ROUTES, *WEBHOOK_ROUTES)
    ctx.add_search_provider(search.unified_search)
    ctx.add_settings(ChatSettings)
    ctx.add_job(retention.purge_expired, max_retries=3, every=timedelta(hours=1))
    ctx.add_job(unused_files.delete_unused_files, max_retries=3, every=timedelta(hours=1))
    ctx.add_job(thumbnails.make_thumbnail, max_retries=2)
    ctx.provide(ChatCards, service=ChannelCards())  # type: ignore[type-abstract]


plugin = Plugin(
    id="chat",
    name="Chat",
    description="Channels, direct messages and threads, delivered in real time.",
    names={"fr": "Discussions"},
    descriptions={
        "fr": "Salons, messages directs et fils de discussion, distribués en temps réel."
    },
    author="lasuite",
    license="EUPL-1.2",
    requires_api=">=1.18,<2",
    setup=setup,
)
