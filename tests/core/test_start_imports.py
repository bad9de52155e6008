"""What an app of the embedded default imports when it starts: none of the clients a
request of such an installation never uses (S3, LiveKit, OIDC, PDF), which cost a
start a good half second."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.processes

LEFT_FOR_LATER = (
    "aiohttp",
    "aiobotocore",
    "livekit.api",
    "authlib",
    "joserfc",
    "fpdf",
    "prometheus_client",
    "markdown_it",
)
"""S3's client, LiveKit's (both on aiohttp), the OIDC relying party's, and the PDF
writer of docs' exports."""

BUILD_AN_APP = """
import json, sys, tempfile
from lasuite.app import create_app
from lasuite.settings import Settings
app = create_app(Settings(var_dir=tempfile.mkdtemp()))
print(json.dumps({"plugins": sorted(app.state.runtime.registry.loaded_ids),
                  "imported": [m for m in sys.argv[1:] if m in sys.modules]}))
"""


def test_an_app_of_the_embedded_default_starts_without_the_clients_it_does_not_use(tmp_path):
    built = subprocess.run(
        [sys.executable, "-c", BUILD_AN_APP, *LEFT_FOR_LATER],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    answer = json.loads(built.stdout.splitlines()[-1])

    assert {"chat", "docs", "visio"} <= set(answer["plugins"])
    assert answer["imported"] == []
