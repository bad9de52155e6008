"""``python -m bench.serve``: the app from the environment's settings, as ``lasuite run``
serves it (uvicorn, uvloop, httptools, no permessage-deflate) minus the access log,
whose writes would be measured too."""

from __future__ import annotations

import uvicorn

from lasuite.app import create_app
from lasuite.plugin_host.loader import load_registry
from lasuite.settings import Settings


def main() -> None:
    settings = Settings()
    registry = load_registry(settings.disabled_plugins)
    app = create_app(settings, registry=registry)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        loop="uvloop",
        http="httptools",
        ws_per_message_deflate=False,
        ws_max_size=settings.ws_max_frame_bytes,
        access_log=False,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
