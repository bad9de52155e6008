"""A fake of an OpenAI-compatible speech-to-text service (``POST /v1/audio/transcriptions``,
multipart: ``file``, ``model``, ``response_format``), for tests: it checks the key and the
form, and answers the segments a test gave for the file's name (a speaker's identity)."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

from aiohttp import web

START_WITHIN = 10.0


@dataclass
class FakeSpeech:
    api_key: str
    said: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    """By file name (``<identity>.ogg``): each segment's start (seconds) and text."""
    heard: list[tuple[str, str, int]] = field(default_factory=list)
    """Each accepted call: the file's name, the model, the audio's size."""
    down: bool = False
    url: str = ""
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None

    def start(self) -> str:
        ready = threading.Event()
        loop = self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, args=(loop, ready), daemon=True)
        self._thread.start()
        if not ready.wait(START_WITHIN):
            raise RuntimeError("the fake speech service did not start")
        return self.url

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(START_WITHIN)

    def _serve(self, loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
        asyncio.set_event_loop(loop)
        app = web.Application()
        app.router.add_post("/v1/audio/transcriptions", self._transcribe)
        runner = web.AppRunner(app, access_log=None)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        loop.run_until_complete(site.start())
        self.url = f"http://127.0.0.1:{runner.addresses[0][1]}/v1"
        ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            loop.close()

    async def _transcribe(self, request: web.Request) -> web.Response:
        if self.down:
            return web.json_response({"error": {"message": "overloaded"}}, status=503)
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return web.json_response({"error": {"message": "bad key"}}, status=401)
        form = await request.post()
        audio = form.get("file")
        if not isinstance(audio, web.FileField) or form.get("response_format") != "verbose_json":
            return web.json_response({"error": {"message": "bad form"}}, status=400)
        content = audio.file.read()
        self.heard.append((audio.filename, str(form.get("model")), len(content)))
        segments = [
            {"id": i, "start": start, "end": start + 1.0, "text": f" {text}"}
            for i, (start, text) in enumerate(self.said.get(audio.filename, []))
        ]
        text = " ".join(s["text"].strip() for s in segments)
        return web.json_response({"task": "transcribe", "text": text, "segments": segments})
