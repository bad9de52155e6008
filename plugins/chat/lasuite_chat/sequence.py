"""A channel's message numbers: every posting path (members' messages, webhooks and
cards) takes the next one here, so numbers stay gapless and in commit order."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from lasuite_chat.models import Channel


async def allocate_seq(db: AsyncSession, channel: Channel) -> int:
    """Take the channel's next number; the row stays locked until the commit, so
    concurrent posts queue here and no number is skipped or repeated."""
    seq: int = (
        await db.execute(
            update(Channel)
            .where(Channel.id == channel.id)
            .values(last_seq=Channel.last_seq + 1)
            .returning(Channel.last_seq)
            .execution_options(synchronize_session=False)
        )
    ).scalar_one()
    set_committed_value(channel, "last_seq", seq)
    return seq


async def give_back_seq(db: AsyncSession, channel: Channel, seq: int) -> None:
    """Undo :func:`allocate_seq` when the message was not posted (the row is still locked)."""
    await db.execute(
        update(Channel)
        .where(Channel.id == channel.id, Channel.last_seq == seq)
        .values(last_seq=seq - 1)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(channel, "last_seq", seq - 1)
