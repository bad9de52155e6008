"""The speech-to-text service transcripts come from: any service with an OpenAI-compatible
``POST <url>/audio/transcriptions`` (a Whisper server the ministry runs, or a provider),
named by ``LASUITE_VISIO_TRANSCRIPTION_URL`` (``https://stt.example/v1``), with
``LASUITE_VISIO_TRANSCRIPTION_API_KEY`` and ``LASUITE_VISIO_TRANSCRIPTION_MODEL``
(``whisper-1`` by default). Without the URL, meetings are not transcribed."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import msgspec

CALL_TIMEOUT = 600.0
"""Seconds one track's transcription may take (an hour of speech, on a slow service)."""


class Segment(msgspec.Struct):
    start: float
    """Seconds from the start of the audio."""
    text: str


class Transcription(msgspec.Struct):
    text: str = ""
    segments: list[Segment] = []


class SpeechUnavailable(Exception):
    """The service could not be reached, refused the audio, or answered nonsense."""


@dataclass(frozen=True, slots=True)
class SpeechToText:
    url: str
    api_key: str = ""
    model: str = "whisper-1"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> SpeechToText | None:
        url = env.get("LASUITE_VISIO_TRANSCRIPTION_URL", "").rstrip("/")
        if not url:
            return None
        return cls(
            url=url,
            api_key=env.get("LASUITE_VISIO_TRANSCRIPTION_API_KEY", ""),
            model=env.get("LASUITE_VISIO_TRANSCRIPTION_MODEL", "") or "whisper-1",
        )

    async def segments(self, audio: bytes, *, filename: str) -> list[Segment]:
        """What was said in ``audio``, in timed segments (one for a service that gives
        only the text)."""
        import aiohttp  # a transcription job's only: not on every process's start

        form = aiohttp.FormData()
        form.add_field("model", self.model)
        form.add_field("response_format", "verbose_json")
        form.add_field("file", audio, filename=filename, content_type="application/octet-stream")
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        try:
            async with (
                aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=CALL_TIMEOUT)) as http,
                http.post(f"{self.url}/audio/transcriptions", data=form, headers=headers) as answer,
            ):
                body = await answer.read()
                if answer.status != 200:
                    raise SpeechUnavailable(f"the service answered {answer.status}")
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise SpeechUnavailable(f"the service cannot be reached: {exc!r}") from exc
        try:
            found = msgspec.json.decode(body, type=Transcription)
        except msgspec.DecodeError as exc:
            raise SpeechUnavailable("the service's answer is not a transcription") from exc
        if found.segments:
            return [s for s in found.segments if s.text.strip()]
        return [Segment(start=0.0, text=found.text)] if found.text.strip() else []
