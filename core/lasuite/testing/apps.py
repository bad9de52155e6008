"""App instances for tests: one route tree per shape, a fresh runtime bound for each test.

Building an app's route tree (Litestar registering every handler of the core and
the plugins) costs far more than a test of one route; the runtime (database,
realtime, jobs, stores) is cheap to build and is what a test must not share.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from litestar import Litestar

from lasuite.app import BrokenPlugins, serve_runtime
from lasuite.plugin_host.registry import Registry
from lasuite.runtime import app_shape, bind_runtime, build_runtime
from lasuite.settings import Settings

TEST_SECRET_KEY = "lasuite-test-kit-secret-key-not-for-production"
"""Signs the CSRF tokens of the test kit's apps whose settings name no secret."""


class RouteTrees:
    """Apps by shape (:func:`~lasuite.runtime.app_shape`), each lent to one test at a time.

    ``with trees.lent(settings, registry) as app:`` binds a new runtime to a free app of
    that shape (building one when none is free) and frees it again when the block ends.
    A free app keeps its registry alive, so the registry's ``id()`` in a shape is never
    another registry's.
    """

    def __init__(self) -> None:
        self._free: dict[tuple[object, ...], list[Litestar]] = {}

    @contextmanager
    def lent(self, settings: Settings, registry: Registry) -> Iterator[Litestar]:
        if registry.broken:
            raise BrokenPlugins(registry)
        if not settings.secret_key:
            settings = settings.model_copy(update={"secret_key": TEST_SECRET_KEY})
        shape = app_shape(settings, registry)
        runtime = build_runtime(settings, registry)
        free = self._free.setdefault(shape, [])
        app = bind_runtime(free.pop(), runtime) if free else serve_runtime(runtime)
        try:
            yield app
        finally:
            free.append(app)
