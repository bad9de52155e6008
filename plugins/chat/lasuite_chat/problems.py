"""What chat refuses, each with its stable code: the workspace words them in the
reader's language, and the OpenAPI document lists them."""

from __future__ import annotations

from lasuite.plugins import Problem


class EmptyMessage(Problem):
    code = "chat.empty_message"
    message = "Write something or attach a file."


class MessageGone(Problem):
    code = "chat.message_deleted"
    status = 409
    message = "This message was deleted."


class NotTheAuthor(Problem):
    code = "chat.not_the_author"
    status = 403
    message = "Only its author may edit a message."


class NotAuthorNorModerator(Problem):
    code = "chat.not_author_nor_moderator"
    status = 403
    message = "Only its author or a moderator may delete a message."


class NoPageAnchor(Problem):
    code = "chat.no_page_anchor"
    message = "Give one of before, after and around."


class NotAMember(Problem):
    code = "chat.not_a_member"
    status = 403
    message = "Join the channel first."


class ChannelRoleNeeded(Problem):
    """``roles``: the channel roles that may."""

    code = "chat.channel_role_needed"
    status = 403
    message = "Only a channel owner or moderator may do this here."


class ChannelArchived(Problem):
    code = "chat.channel_archived"
    status = 409
    message = "This channel is archived."


class ConversationPeopleFixed(Problem):
    code = "chat.conversation_people_fixed"
    status = 409
    message = "The people of a direct conversation are fixed."


class ConversationCannotBeLeft(Problem):
    code = "chat.conversation_cannot_be_left"
    status = 409
    message = "A direct conversation cannot be left."


class ConversationNeedsSomeone(Problem):
    code = "chat.conversation_needs_someone"
    message = "Name at least one other person."


class NotSharingAChannel(Problem):
    code = "chat.not_sharing_a_channel"
    status = 403
    message = "You may only write to people you share a channel with."


class InvalidCard(Problem):
    code = "chat.invalid_card"
    message = "Invalid card."


class InvalidSenderName(Problem):
    code = "chat.invalid_sender_name"
    message = "A card's sender name has 1 to 80 characters."


class TeamsNeedPrivateChannel(Problem):
    code = "chat.teams_need_private_channel"
    status = 409
    message = "Only private channels are shared with teams."


class InvitationOnly(Problem):
    code = "chat.invitation_only"
    status = 403
    message = "Ask a member of this channel to add you."


class OwnerOnly(Problem):
    code = "chat.owner_only"
    status = 403
    message = "Only an owner may remove an owner."


class NotInChannel(Problem):
    code = "chat.not_in_channel"
    status = 404
    message = "This person is not in the channel."


class LastOwner(Problem):
    code = "chat.last_owner"
    status = 409
    message = "Make someone else an owner of the channel first."


class ChannelNameTaken(Problem):
    """``name``: the name taken."""

    code = "chat.channel_name_taken"
    status = 409
    message = "A channel with this name already exists."


class InvalidReaction(Problem):
    code = "chat.invalid_reaction"
    message = "A reaction is one emoji or a :shortcode: (letters, digits, _ + -)."


class AttachmentTooLarge(Problem):
    """``max_bytes``: the organization's limit."""

    code = "chat.attachment_too_large"
    status = 413
    message = "This file is over the organization's limit."


class AlreadyAttached(Problem):
    code = "chat.already_attached"
    status = 409
    message = "This file is already attached to a message."


class WebhookBusy(Problem):
    code = "chat.webhook_busy"
    status = 429
    message = "Too many posts through this webhook; try again in a minute."


class AlreadyReported(Problem):
    code = "chat.already_reported"
    status = 409
    message = "You already reported this message."


class ModeratorsOnly(Problem):
    code = "chat.moderators_only"
    status = 403
    message = "Only the channel's moderators handle reports."


class ReportClosed(Problem):
    """``status``: the report's status."""

    code = "chat.report_closed"
    status = 409
    message = "This report is already closed."


PROBLEMS: tuple[type[Problem], ...] = (
    EmptyMessage,
    MessageGone,
    NotTheAuthor,
    NotAuthorNorModerator,
    NoPageAnchor,
    NotAMember,
    ChannelRoleNeeded,
    ChannelArchived,
    ConversationPeopleFixed,
    ConversationCannotBeLeft,
    ConversationNeedsSomeone,
    NotSharingAChannel,
    InvalidCard,
    InvalidSenderName,
    TeamsNeedPrivateChannel,
    InvitationOnly,
    OwnerOnly,
    NotInChannel,
    LastOwner,
    ChannelNameTaken,
    InvalidReaction,
    AttachmentTooLarge,
    AlreadyAttached,
    WebhookBusy,
    AlreadyReported,
    ModeratorsOnly,
    ReportClosed,
)
