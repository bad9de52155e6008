"""The ``core_job`` table: one row per enqueued job, its state and progress."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.db.base import Model, utcnow

JobState = Literal["queued", "running", "succeeded", "failed", "dropped"]
JOB_STATES: tuple[JobState, ...] = get_args(JobState)


class Job(Model):
    """A job of one organization: what the worker is asked to run, and how it went.

    The row is written in the transaction that enqueues the job, so it is also
    the durable record the embedded worker recovers its queue from.
    """

    __tablename__ = "core_job"
    __table_args__ = (
        CheckConstraint(f"state IN {JOB_STATES}", name="state"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),
        Index("ix_core_job_org_state_time", "organization_id", "state", "created_at"),
        # The worker sweep's lookups: queued or running jobs untouched since a time.
        Index("ix_core_job_state_updated", "state", "updated_at"),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE")
    )
    actor: Mapped[str] = mapped_column(String(120))
    """The actor's name, ``<plugin id>.<function>``."""
    state: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    result_url: Mapped[str | None] = mapped_column(String(2000), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The keyword arguments the job function is called with (JSON)."""
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    run_after: Mapped[datetime | None] = mapped_column(default=None)
    """Not before this time (a job enqueued with ``after`` or ``at``); None: at once."""


class JobSchedule(Model):
    """When a periodic job (``ctx.add_job(fn, every=...)``) next runs for an organization.

    Worker sweeps move ``next_run_at`` forward with a conditional update before
    queueing the run, so that of several workers sweeping at once, one queues it.
    """

    __tablename__ = "core_job_schedule"
    __table_args__ = (UniqueConstraint("actor", "organization_id"),)

    actor: Mapped[str] = mapped_column(String(120))
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE")
    )
    next_run_at: Mapped[datetime] = mapped_column(index=True)
