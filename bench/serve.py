"""``python -m bench.serve``: the app from the environment's settings, as ``lasuite run``
serves it (uvicorn, uvloop, httptools, no permessage-deflate) minus the access log,
whose writes would be measured too."""

from __future__ import annotations

import uvicorn

from lasuite.app import create_app
from lasuite.plugin_host.loader import load_registry
from lasuite.serving import freeze_what_was_built, server_config
from lasuite.settings import Settings


def main() -> None:
    settings = Settings()
    registry = load_registry(settings.disabled_plugins)
    app = create_app(settings, registry=registry)
    config = server_config(app, settings, loop="uvloop", access_log=False, log_level="warning")
    freeze_what_was_built()
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
