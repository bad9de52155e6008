"""The API documentation's "Try it out" works for a signed-in user in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser import Users
from tests.e2e.conftest import ALICE
from tests.e2e.test_workspace import sign_in

# Runs Swagger UI's own request interceptor, then sends the request it prepared.
TRY_IT_OUT = """async () => {
  const prepared = ui.getConfigs().requestInterceptor({
    url: "/api/v1/notifications/read-all", method: "POST", headers: {},
  });
  const answer = await fetch(prepared.url, { method: prepared.method, headers: prepared.headers });
  return { status: answer.status, header: Object.keys(prepared.headers) };
}"""


def test_swagger_requests_carry_the_csrf_header(users: Users) -> None:
    page = users.new().page
    sign_in(page, ALICE)

    page.goto("/api/docs/swagger")
    expect(page.get_by_role("heading", name="lasuite")).to_be_visible()
    answer = page.evaluate(TRY_IT_OUT)

    assert answer == {"status": 200, "header": ["x-csrftoken"]}
