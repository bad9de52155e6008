"""``OPTIONS`` on every path of the API answers the methods the path serves (``Allow``)."""

from __future__ import annotations

import re
import uuid

from litestar import Litestar
from litestar.routes import HTTPRoute

PARAMETER = re.compile(r"\{(\w+):(\w+)\}")
SAMPLES = {"uuid": str(uuid.uuid4()), "int": "1", "str": "x", "path": "x"}


def concrete(path: str) -> str:
    return PARAMETER.sub(lambda match: SAMPLES.get(match.group(2), "x"), path)


async def test_options_names_every_method_of_each_path(lasuite_app: Litestar, lasuite_client):
    routes = [
        r for r in lasuite_app.routes if isinstance(r, HTTPRoute) and r.path.startswith("/api/")
    ]
    answers = {}
    for route in routes:
        response = await lasuite_client.options(concrete(route.path))
        answers[route.path] = (response.status_code, response.headers.get("allow", ""))

    expected = {r.path: (204, ", ".join(sorted(r.methods))) for r in routes}
    assert answers == expected
    assert answers["/api/v1/chat/channels"] == (204, "GET, OPTIONS, POST")
