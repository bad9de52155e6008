"""A document's versions: taken automatically once editing has paused (at most every
:data:`EVERY`), or named by someone; compared as text; restored as a new edit that every
open copy of the document follows — so a restore loses nothing either."""

from __future__ import annotations

import difflib
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pycrdt
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, JobRun, Problem, Relay
from lasuite_docs import store
from lasuite_docs.content import replace_content
from lasuite_docs.models import Document, DocumentVersion
from lasuite_docs.protocol import relayed_edits
from lasuite_docs.rooms import channel

QUIET = timedelta(minutes=2)
"""How long editing must have paused before an automatic version is taken."""
EVERY = timedelta(minutes=10)
"""The shortest time between two automatic versions of a document."""


class NoSuchVersion(Problem):
    code = "docs.no_such_version"
    status = 404
    message = "This document has no such version."


PROBLEMS: tuple[type[Problem], ...] = (NoSuchVersion,)


async def take(
    db: AsyncSession, document: Document, *, name: str | None = None, actor: Actor | None = None
) -> DocumentVersion:
    """The document as it is now, kept as a version."""
    doc, seq = await store.load(db, document.id)
    version = DocumentVersion(
        document_id=document.id,
        seq=seq,
        snapshot=doc.get_update(),
        name=name,
        created_by=actor.user_id if actor else None,
    )
    db.add(version)
    await db.flush()
    return version


async def listed(db: AsyncSession, document: Document) -> list[DocumentVersion]:
    """The document's versions, the latest first."""
    rows = await db.scalars(
        select(DocumentVersion)
        .where(DocumentVersion.document_id == document.id)
        .order_by(DocumentVersion.created_at.desc(), DocumentVersion.seq.desc())
    )
    return list(rows)


async def one(db: AsyncSession, document: Document, version_id: uuid.UUID) -> DocumentVersion:
    version = await db.scalar(
        select(DocumentVersion).where(
            DocumentVersion.document_id == document.id, DocumentVersion.id == version_id
        )
    )
    if version is None:
        raise NoSuchVersion()
    return version


def doc_of(version: DocumentVersion) -> pycrdt.Doc[Any]:
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    doc.apply_update(version.snapshot)
    return doc


def difference(before: str, after: str) -> list[tuple[str, str]]:
    """Line by line, what changed from ``before`` to ``after``: ``("equal" | "delete" |
    "insert", line)`` in order."""
    old, new = before.splitlines(), after.splitlines()
    changes: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes += [("equal", line) for line in old[i1:i2]]
            continue
        changes += [("delete", line) for line in old[i1:i2]]
        changes += [("insert", line) for line in new[j1:j2]]
    return changes


async def restore(
    db: AsyncSession, document: Document, version: DocumentVersion
) -> tuple[int, bytes]:
    """Make the document's content the version's, as one new logged edit; its number and
    update (to relay once committed)."""
    current, _ = await store.load(db, document.id)
    update = replace_content(current, doc_of(version))
    seq = await store.append(db, document.id, [update])
    return seq, update


async def announce(relay: Relay, document_id: uuid.UUID, seq: int, update: bytes) -> None:
    """Every open copy of the document (on every instance) applies a committed edit the
    server made itself."""
    await relay.publish(channel(document_id), relayed_edits(uuid.uuid4().bytes, seq, [update]))


async def take_automatic_versions(job: JobRun) -> int:
    """Version the organization's documents whose editing paused for :data:`QUIET`, if
    edited since their last version and that one is :data:`EVERY` old; returns how many."""
    now = datetime.now(UTC)
    latest = (
        select(
            DocumentVersion.document_id,
            func.max(DocumentVersion.seq).label("seq"),
            func.max(DocumentVersion.created_at).label("at"),
        )
        .group_by(DocumentVersion.document_id)
        .subquery()
    )
    async with job.transaction() as db:
        due = list(
            await db.scalars(
                select(Document)
                .outerjoin(latest, latest.c.document_id == Document.id)
                .where(
                    Document.organization_id == job.organization_id,
                    Document.deleted_at.is_(None),
                    Document.edited_at < now - QUIET,
                    Document.last_seq > func.coalesce(latest.c.seq, 0),
                    or_(latest.c.at.is_(None), latest.c.at < now - EVERY),
                )
            )
        )
        for document in due:
            await take(db, document)
    return len(due)
