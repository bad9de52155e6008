"""Each request gets an id, named in its answer and in the log lines written for it."""

from __future__ import annotations

import logging
import re

import msgspec

from lasuite.log_format import JsonLines, RequestIdFilter
from lasuite.request_ids import request_id_middleware


async def test_an_answer_names_its_request_id_the_proxys_when_plausible(lasuite_client):
    made = await lasuite_client.get("/healthz")
    kept = await lasuite_client.get("/healthz", headers={"X-Request-ID": "edge-7f3a9c21"})
    replaced = await lasuite_client.get("/healthz", headers={"X-Request-ID": "a b forged"})

    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
    assert kept.headers["x-request-id"] == "edge-7f3a9c21"
    assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["x-request-id"])


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict[str, object]] = []
        self.setFormatter(JsonLines())
        self.addFilter(RequestIdFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(msgspec.json.decode(self.format(record)))


async def test_what_is_logged_while_a_request_is_served_carries_its_id():
    logger = logging.getLogger("lasuite.test_request_ids")
    handler = Lines()
    logger.addHandler(handler)

    async def app(scope, receive, send):
        logger.warning("serving %s", scope["path"])
        try:
            raise ValueError("broken")
        except ValueError:
            logger.exception("it broke")
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    sent: list[dict[str, object]] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    headers = [(b"x-request-id", b"edge-7f3a9c21")]
    try:
        await request_id_middleware(app)(
            {"type": "http", "path": "/x", "headers": headers}, receive, send
        )
        logger.warning("after the request")
    finally:
        logger.removeHandler(handler)

    served, broke, after = handler.lines
    assert (served["message"], served["request_id"]) == ("serving /x", "edge-7f3a9c21")
    assert served["level"] == "warning"
    assert broke["request_id"] == "edge-7f3a9c21"
    assert "ValueError: broken" in str(broke["exception"])
    assert "request_id" not in after
    assert (b"x-request-id", b"edge-7f3a9c21") in sent[0]["headers"]
