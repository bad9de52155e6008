"""`make run` on a fresh var dir serves the workspace and prints a demo login that works."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.processes


ROOT = Path(__file__).resolve().parents[2]
START_DEADLINE = 60.0
STOP_DEADLINE = 30.0
LOGIN_LINE = re.compile(r"^Log in as (\S+) with password (\S+)$", re.MULTILINE)
ORGANIZATION_LINE = re.compile(r"^Demo organization: (.+)$", re.MULTILINE)


@dataclass
class Server:
    """One `make run` process group and what it printed so far."""

    process: subprocess.Popen[str]
    base_url: str
    log: Path
    lines: list[str] = field(default_factory=list)

    @property
    def stdout(self) -> str:
        return "".join(self.lines)

    def report(self) -> str:
        return f"stdout:\n{self.stdout}\nstderr:\n{self.log.read_text(errors='replace')}"

    def wait_for(self, pattern: re.Pattern[str], deadline: float) -> re.Match[str]:
        while time.monotonic() < deadline:
            match = pattern.search(self.stdout)
            if match:
                return match
            assert self.process.poll() is None, f"make run exited early\n{self.report()}"
            time.sleep(0.1)
        raise AssertionError(f"`make run` never printed {pattern.pattern!r}\n{self.report()}")

    def wait_until_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"make run exited early\n{self.report()}"
            try:
                if httpx.get(f"{self.base_url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"/readyz did not answer 200 in {START_DEADLINE} s\n{self.report()}")


@dataclass(frozen=True)
class DemoLogin:
    organization: str
    email: str
    password: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def lasuite_environment(var_dir: Path, port: int) -> dict[str, str]:
    """The caller's environment on the embedded defaults: no inherited LASUITE_* setting."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LASUITE_")}
    env.update(LASUITE_VAR_DIR=str(var_dir), LASUITE_PORT=str(port), LASUITE_HOST="127.0.0.1")
    return env


def read_lines(server: Server) -> None:
    assert server.process.stdout is not None
    for line in server.process.stdout:
        server.lines.append(line)


def stop(process: subprocess.Popen[str]) -> None:
    """Terminate the whole process group (make, uv, the server) and wait until it is gone."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + STOP_DEADLINE
    try:
        process.wait(timeout=STOP_DEADLINE)
        while time.monotonic() < deadline:
            os.killpg(process.pid, 0)  # raises once no process of the group is left
            time.sleep(0.1)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        pass
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextmanager
def make_run(var_dir: Path, log: Path, **settings: str) -> Iterator[tuple[Server, DemoLogin]]:
    """Start `make run` from the repository root and yield it once /readyz answers 200.

    ``settings`` are extra environment variables (``LASUITE_…``).
    """
    port = free_port()
    with log.open("w") as stderr:
        process = subprocess.Popen(
            ["make", "run"],
            cwd=ROOT,
            env=lasuite_environment(var_dir, port) | settings,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    reader = threading.Thread(target=read_lines, args=(server,), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + START_DEADLINE
        server.wait_until_ready(deadline)
        login = server.wait_for(LOGIN_LINE, deadline)
        organization = server.wait_for(ORGANIZATION_LINE, deadline)
        yield server, DemoLogin(organization[1].strip(), login[1], login[2])
    finally:
        stop(process)
        reader.join(timeout=5)


PROXIED_CLIENT = "203.0.113.9"


def sign_in(server: Server, demo: DemoLogin) -> dict[str, object]:
    """Log in with the printed credentials; return ``/api/v1/auth/me``.

    Like the workspace, it fetches the CSRF cookie first and echoes it in a header.
    """
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        csrf_token = client.get("/healthz").cookies["csrftoken"]
        login = client.post(
            "/api/v1/auth/login",
            json={"email": demo.email, "password": demo.password},
            headers={"x-csrftoken": csrf_token},
        )
        assert login.status_code == 200, login.text
        names = [m["name"] for m in login.json()["memberships"]]
        assert demo.organization in names, login.text
        me = client.get("/api/v1/auth/me")
        assert me.status_code == 200, me.text
        body: dict[str, object] = me.json()
        return body


def signed_in_from(server: Server, demo: DemoLogin) -> str:
    """Sign in (through the proxy) and read the address the audit log recorded for it."""
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        csrf_token = client.get("/healthz").cookies["csrftoken"]
        client.post(
            "/api/v1/auth/login",
            json={"email": demo.email, "password": demo.password},
            headers={"x-csrftoken": csrf_token, "x-forwarded-for": PROXIED_CLIENT},
        ).raise_for_status()
        audit = client.get("/api/v1/orgs/current/audit", params={"action": "core.login.succeeded"})
        audit.raise_for_status()
        address: str = audit.json()[0]["ip"]
        return address


def test_make_run_serves_the_workspace_and_the_printed_demo_login_works(tmp_path: Path) -> None:
    with make_run(tmp_path / "var", tmp_path / "stderr.log") as (server, demo):
        me = sign_in(server, demo)
        address = signed_in_from(server, demo)

    assert me["email"] == demo.email
    assert address == PROXIED_CLIENT  # the local proxy is trusted by default


def test_forwarded_addresses_from_an_untrusted_proxy_are_ignored(tmp_path: Path) -> None:
    settings = {"LASUITE_FORWARDED_ALLOW_IPS": "192.0.2.1"}
    with make_run(tmp_path / "var", tmp_path / "stderr.log", **settings) as (server, demo):
        address = signed_in_from(server, demo)

    assert address == "127.0.0.1"


def test_json_logs_carry_the_id_of_the_request_each_line_was_written_for(
    tmp_path: Path,
) -> None:
    settings = {"LASUITE_LOG_FORMAT": "json"}
    with make_run(tmp_path / "var", tmp_path / "stderr.log", **settings) as (server, _demo):
        answer = httpx.get(f"{server.base_url}/healthz", headers={"X-Request-ID": "probe-0123456"})
        other = httpx.get(f"{server.base_url}/healthz")
        deadline = time.monotonic() + START_DEADLINE
        access = re.compile(r'^\{.*"request_id":"probe-0123456".*\}$', re.MULTILINE)
        line = json.loads(server.wait_for(access, deadline)[0])

    assert answer.headers["x-request-id"] == "probe-0123456"
    assert re.fullmatch(r"[0-9a-f]{32}", other.headers["x-request-id"])
    assert line["logger"] == "uvicorn.access"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert {"time", "level", "message"} <= line.keys()


def test_second_start_prints_the_same_login_and_creates_no_second_organization(
    tmp_path: Path,
) -> None:
    var_dir = tmp_path / "var"
    with make_run(var_dir, tmp_path / "first.log") as (server, first):
        sign_in(server, first)

    with make_run(var_dir, tmp_path / "second.log") as (server, second):
        me = sign_in(server, second)

    assert second == first
    assert len(me["memberships"]) == 1  # type: ignore[arg-type]
