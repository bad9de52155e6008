"""The single authorization entry point: ``authorize(actor, action, resource)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from litestar.exceptions import NotFoundException, PermissionDeniedException

if TYPE_CHECKING:
    from lasuite.permissions.actor import Actor

ResourcePolicy = Callable[["Actor", str, Any], bool | None]
"""Decides ``action`` on a resource: True allows, False denies, None defers to the role."""


class PolicySet:
    """Resource policies registered by plugins, by resource type."""

    def __init__(self) -> None:
        self._by_type: dict[type[Any], list[ResourcePolicy]] = {}

    def add(self, resource_type: type[Any], policy: ResourcePolicy) -> None:
        self._by_type.setdefault(resource_type, []).append(policy)

    def decide(self, actor: Actor, action: str, resource: Any) -> bool | None:
        """The first definite answer of the policies for this resource's type."""
        for kind in type(resource).__mro__:
            for policy in self._by_type.get(kind, ()):
                decision = policy(actor, action, resource)
                if decision is not None:
                    return decision
        return None


def authorize(actor: Actor, action: str, resource: Any = None, *, hide: bool = False) -> None:
    """Raise unless ``actor`` may do ``action`` (on ``resource``). Deny by default.

    A resource of another organization is reported as absent (404). Otherwise
    the resource's policies decide, then the actor's role grants; a refusal is
    a 403, or a 404 with ``hide=True`` (for resources whose existence is private).
    """
    owner = getattr(resource, "organization_id", None)
    if owner is not None and owner != actor.organization_id:
        raise NotFoundException("No such resource.")
    policies = actor.policies
    decision = (
        policies.decide(actor, action, resource) if policies and resource is not None else None
    )
    if decision is None:
        decision = actor.can(action)
    if not decision:
        if hide:
            raise NotFoundException("No such resource.")
        raise PermissionDeniedException(f"You may not {action} here.")
