"""Twirp's errors, as LiveKit's server answers them (for the fake LiveKit)."""

from __future__ import annotations

from aiohttp import web


class TwirpError(Exception):
    STATUS = {"unauthenticated": 401, "not_found": 404, "malformed": 400, "internal": 500}

    def __init__(self, code: str, msg: str) -> None:
        super().__init__(msg)
        self.code = code
        self.msg = msg

    def response(self) -> web.Response:
        return web.json_response(
            {"code": self.code, "msg": self.msg}, status=self.STATUS.get(self.code, 400)
        )
