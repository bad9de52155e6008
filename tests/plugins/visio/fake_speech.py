"""A fake of an OpenAI-compatible speech-to-text service (``POST /v1/audio/transcriptions``,
multipart: ``file``, ``model``, ``response_format``), for tests: it checks the key and the
form, and answers the segments a test gave for the file's name (a speaker's identity)."""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web

from tests.plugins.visio.loopback import LoopbackServer


@dataclass
class FakeSpeech:
    api_key: str
    said: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    """By file name (``<identity>.ogg``): each segment's start (seconds) and text."""
    heard: list[tuple[str, str, int]] = field(default_factory=list)
    """Each accepted call: the file's name, the model, the audio's size."""
    down: bool = False
    url: str = ""
    _server: LoopbackServer | None = None

    def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v1/audio/transcriptions", self._transcribe)
        self._server = LoopbackServer(app, "the fake speech service")
        self.url = f"{self._server.start()}/v1"
        return self.url

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()

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
