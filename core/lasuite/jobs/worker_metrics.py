"""``lasuite worker``'s metrics: ``GET /metrics`` on ``LASUITE_WORKER_METRICS_PORT`` (plus
the process's index with ``--processes``), for the holder of ``LASUITE_METRICS_TOKEN`` as
on the app; the run times and outcomes of the jobs this process ran
(:mod:`lasuite.jobs.run_times`), and prometheus-client's process metrics."""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from lasuite.settings import Settings

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Scrapes are not logged, as the app's are not."""


def _guarded(token: str, metrics: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    expected = f"Bearer {token}".encode()

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/metrics":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"Not found: the metrics are at /metrics.\n"]
        given = str(environ.get("HTTP_AUTHORIZATION", "")).encode()
        if not hmac.compare_digest(given, expected):
            start_response(
                "401 Unauthorized",
                [("Content-Type", "text/plain"), ("WWW-Authenticate", 'Bearer realm="metrics"')],
            )
            return [b"Present the metrics token: Authorization: Bearer <LASUITE_METRICS_TOKEN>.\n"]
        return metrics(environ, start_response)

    return app


@contextmanager
def serving_metrics(settings: Settings, index: int = 0) -> Iterator[int | None]:
    """Serve the worker's metrics for the block's length; the port, or None when metrics
    are off (no token) or no port is set."""
    token = settings.metrics_token.get_secret_value()
    if not token or not settings.worker_metrics_port:
        yield None
        return
    from prometheus_client import make_wsgi_app

    server: WSGIServer = make_server(
        settings.host,
        settings.worker_metrics_port + index,
        _guarded(token, make_wsgi_app()),
        handler_class=_Quiet,
    )
    thread = threading.Thread(target=server.serve_forever, name="lasuite-worker-metrics")
    thread.daemon = True
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
