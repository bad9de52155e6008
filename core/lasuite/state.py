"""Where an app keeps what it runs on: ``app.state.runtime``, read with :func:`runtime_of`.

Routes, guards, middleware and dependencies read their services there, typed,
and nothing else of ``app.state``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from litestar.datastructures import State

if TYPE_CHECKING:
    from lasuite.runtime import Runtime


def runtime_of(state: State) -> Runtime:
    """The runtime an app serves, from its ``state`` (``request.app.state``)."""
    runtime: Runtime = state.runtime
    return runtime
