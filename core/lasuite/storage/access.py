"""Who may download a stored file through the core's route: its owning plugin says."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lasuite.permissions.actor import Actor
from lasuite.permissions.policy import PolicySet
from lasuite.storage.models import StoredFile

if TYPE_CHECKING:
    from lasuite.plugin_host.registry import Registry

FILE_READ = "core.file.read"
"""The action the owning plugin's :class:`StoredFile` policy is asked about."""


def owner_allows_read(registry: Registry, actor: Actor, file: StoredFile) -> bool:
    """Deny by default: only a policy of the plugin that owns ``file`` can allow it.

    Policies of other plugins are not asked, so that no plugin opens another's files.
    """
    record = registry.get(file.plugin_id)
    if record is None or record.status != "ok":
        return False
    policies = PolicySet()
    for resource_type, policy in record.contributions.policies:
        policies.add(resource_type, policy)
    return policies.decide(actor, FILE_READ, file) is True
