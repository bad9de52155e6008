"""A plugin with a periodic job for the schedule tests: ``digest``.

Each run of ``digest.send_digest`` counts itself in :data:`RUNS`, by organization.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import timedelta
from importlib.metadata import EntryPoint

from lasuite.plugins import JobRun, Plugin, PluginContext

EVERY = timedelta(hours=1)
RUNS: Counter[uuid.UUID] = Counter()


async def send_digest(job: JobRun) -> None:
    RUNS[job.organization_id] += 1


def setup(ctx: PluginContext) -> None:
    ctx.add_job(send_digest, every=EVERY)


plugin = Plugin(id="digest", name="Digest", requires_api=">=1.0,<2", setup=setup)

ENTRY_POINT = EntryPoint(
    name="digest", value="tests.core.periodic_plugin:plugin", group="lasuite.plugins"
)
