"""schemathesis over every operation of the OpenAPI, signed in as an organization's
owner: requests generated from the schema, valid and not, never get a 5xx; each answer's
status is one the operation documents, its body matches the documented schema, and a
request the schema refuses is refused (4xx)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from lasuite.identity.csrf import CSRF_COOKIE, CSRF_HEADER
from lasuite.plugin_host.loader import discover, load_registry
from tests.e2e.server import Account, AccountSeed, LiveApp, OrganizationSeed, live_app

OWNER = Account("owner@fuzz.test", "a long password for the fuzzer", "Owner Fuzz")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = 6
"""Per operation and mode (valid, then invalid requests): enough to reach each body's fields and
parameters, bounded so that the whole walk takes about half a minute of CI's two cores."""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    registry = load_registry(found=discover())
    organization = OrganizationSeed("fuzz", "Ministère du fuzz", registry.loaded_ids)
    var_dir: Path = tmp_path_factory.mktemp("fuzz") / "var"
    with live_app(
        var_dir, registry, [organization], [AccountSeed(OWNER, (("fuzz", "owner"),))]
    ) as app:
        yield app


def _walk(operation: APIOperation, mode: GenerationMode, browser: requests.Session) -> int:
    """Call ``operation`` with cases of ``mode``, checking each answer; how many calls."""
    calls = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case: Case) -> None:
        nonlocal calls
        calls += 1
        case.call_and_validate(session=browser, checks=CHECKS)

    call()
    return calls


def _owner_browser(base_url: str) -> requests.Session:
    """A browser signed in as the owner, sending the CSRF token as the workspace does."""
    browser = requests.Session()
    browser.get(f"{base_url}/healthz").raise_for_status()
    browser.headers[CSRF_HEADER] = browser.cookies[CSRF_COOKIE]
    signed_in = browser.post(
        f"{base_url}/api/v1/auth/login", json={"email": OWNER.email, "password": OWNER.password}
    )
    signed_in.raise_for_status()
    return browser


def test_every_operation_answers_as_it_documents(served: LiveApp) -> None:
    schema = schemathesis.openapi.from_url(f"{served.base_url}/api/docs/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    failures: list[str] = []
    calls = 0
    for operation in operations:
        # A browser for each operation: one of them may sign itself out.
        browser = _owner_browser(served.base_url)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                calls += _walk(operation, mode, browser)
            except Unsatisfiable:
                # Nothing of the operation can be made invalid (no body, free strings).
                assert mode is GenerationMode.NEGATIVE, operation.label
            except (Exception, BaseExceptionGroup) as failure:  # schemathesis' FailureGroup
                failures.append(f"{operation.label} ({mode.value}): {failure}")

    assert len(operations) > 100
    assert calls > 3 * len(operations)
    assert failures == [], "\n\n".join(failures)
