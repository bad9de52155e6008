"""An aiohttp app served on a loopback port, in a thread of its own: the fakes of the
services the app calls (LiveKit, a speech-to-text service) answer it while the test's
event loop waits for the app's answer."""

from __future__ import annotations

import asyncio
import threading

from aiohttp import web

START_WITHIN = 10.0


class LoopbackServer:
    def __init__(self, app: web.Application, name: str) -> None:
        self.app = app
        self.name = name
        self.url = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        """Serve; the base URL (``http://127.0.0.1:<port>``)."""
        ready = threading.Event()
        loop = self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, args=(loop, ready), daemon=True)
        self._thread.start()
        if not ready.wait(START_WITHIN):
            raise RuntimeError(f"{self.name} did not start")
        return self.url

    def stop(self) -> None:
        """Stop serving (a call after this finds the port closed, like a server down)."""
        if self._loop is not None and self._thread is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(START_WITHIN)

    def _serve(self, loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
        asyncio.set_event_loop(loop)
        runner = web.AppRunner(self.app, access_log=None)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        loop.run_until_complete(site.start())
        self.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            loop.close()
