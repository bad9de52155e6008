"""A small HTTP/1.1 load generator: K keep-alive connections sending one request after
another, timing each. Bare asyncio streams, so that the client spends far less CPU
per request than the server it measures (httpx would spend about as much)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Load:
    latencies: list[float]
    """Seconds from sending each request to reading its whole response."""
    elapsed: float
    """Wall-clock seconds of the whole run."""
    statuses: dict[int, int]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed


async def get_load(url: str, *, headers: dict[str, str], requests: int, concurrency: int) -> Load:
    """Send ``requests`` GETs of ``url`` over ``concurrency`` connections."""
    return await request_load(url, headers=headers, requests=requests, concurrency=concurrency)


async def request_load(
    url: str,
    *,
    method: str = "GET",
    body: bytes | Callable[[], bytes] = b"",
    headers: dict[str, str],
    requests: int,
    concurrency: int,
) -> Load:
    """Send ``requests`` requests (``method``, ``body``) to ``url`` over ``concurrency``
    connections; a callable ``body`` makes each request's body when it is sent."""
    parts = urlsplit(url)
    head = [
        f"{method} {parts.path}{'?' + parts.query if parts.query else ''} HTTP/1.1",
        f"Host: {parts.netloc}",
    ]
    head += [f"{name}: {value}" for name, value in headers.items()]
    head_bytes = "\r\n".join(head).encode()

    def request() -> bytes:
        content = body() if callable(body) else body
        length = f"\r\nContent-Length: {len(content)}" if content or method != "GET" else ""
        return head_bytes + length.encode() + b"\r\n\r\n" + content

    remaining = [requests]
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        try:
            while remaining[0] > 0:
                remaining[0] -= 1
                start = time.perf_counter()
                writer.write(request())
                status = await _read_response(reader)
                latencies.append(time.perf_counter() - start)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()
            await writer.wait_closed()

    start = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return Load(latencies, time.perf_counter() - start, statuses)


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = None
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
        elif name.strip().lower() == b"transfer-encoding":
            raise RuntimeError("chunked responses are not supported by the load generator")
    if length is None:
        raise RuntimeError("a response without Content-Length")
    await reader.readexactly(length)
    return status
