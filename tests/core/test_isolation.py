"""Organization isolation, generated from the route table: every route that names a
resource answers 404 to a member of another organization, whatever their role."""

from __future__ import annotations

import re
from typing import Any

from lasuite.testing import another_client
from tests.core.openapi_samples import sample
from tests.core.saved_jobs import save_job
from tests.core.saved_notifications import save_notification
from tests.core.stored_files import store_file
from tests.plugins.visio.fake_egress import MP4
from tests.plugins.visio.saved_meetings import save_meeting, save_recording

PARAM = re.compile(r"\{(\w+)\}")

# Posting to these changes who is signed in; they create no resource.
SESSION_ROUTES = ("/api/v1/auth/", "/api/v1/invitations/")

# Path parameters that name no organization's resource, with the reason.
NOT_RESOURCES = {
    "plugin_id": "installed plugins are the same for every organization",
    "role": "roles are the same for every organization",
    "permission": "permissions are the same for every organization",
    "path": "the API documentation is public",
}

# Routes naming a resource that answer to whoever holds its secret, by design.
SECRET_ROUTES = {
    "/api/v1/chat/hooks/{hook_id}/{secret}": "an incoming webhook posts with its secret URL",
    "/api/v1/visio/rooms/{slug}/join": "a meeting link lets whoever holds it knock at the lobby",
}


# Collections whose smallest valid body by the schema is refused by the route itself.
BODIES = {"/api/v1/chat/channels/{channel_id}/messages": {"text": "bonjour"}}


def _body_for(operation: dict[str, Any], components: dict[str, Any]) -> Any:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    return sample(content["schema"], components) if content else None


def _query_for(operation: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """Valid values of the required query parameters (a request failing validation
    would answer 400 before any organization check)."""
    return {
        p["name"]: sample(p["schema"], components)
        for p in operation.get("parameters", [])
        if p.get("in") == "query" and p.get("required")
    }


async def _create_resources_in(client, schema) -> dict[str, dict[str, Any]]:
    """Call every collection POST route once; its response is the resource it made."""
    created: dict[str, dict[str, Any]] = {}
    nested: list[tuple[str, dict[str, Any]]] = []
    for path, operations in schema["paths"].items():
        post = operations.get("post")
        if post is None or not path.startswith("/api/v1/") or path.startswith(SESSION_ROUTES):
            continue
        if PARAM.search(path):
            if "201" in post.get("responses", {}):
                nested.append((path, post))
            continue
        response = await client.post(path, json=_body_for(post, schema["components"]["schemas"]))
        if response.status_code == 201:
            created[path] = response.json()
    # Collections inside a resource made above (a channel's messages), once each.
    for path, post in nested:
        url = _fill(path, created, {})
        if url is None:
            continue
        body = BODIES.get(path) or _body_for(post, schema["components"]["schemas"])
        response = await client.post(url, json=body)
        if response.status_code == 201:
            created[path] = response.json()
    return created


def _fill(path: str, created: dict[str, dict[str, Any]], seeds: dict[str, str]) -> str | None:
    """``path`` with its parameters taken from resources of the collections it is under
    (the nearest first), or None."""
    collections = [c for c in sorted(created, key=len, reverse=True) if path.startswith(c + "/")]
    values: dict[str, str] = {}
    for name in PARAM.findall(path):
        if name in seeds:
            values[name] = seeds[name]
            continue
        for collection in collections:
            resource = created[collection]
            if path.startswith(f"{collection}/{{{name}}}"):
                values[name] = str(resource.get("slug", resource.get("id")))
            elif name in resource:
                values[name] = str(resource[name])
            else:
                continue
            break
        else:
            return None
    return PARAM.sub(lambda m: values[m.group(1)], path)


# Resources no collection POST makes, each with how organization B's owner makes or
# finds one: (path parameter, request, its body, field of its answer holding the id).
LISTED = (
    ("access_id", "GET", "/api/v1/docs/documents/{document_id}/accesses", None, "id"),
    ("grant_id", "GET", "/api/v1/visio/rooms/{slug}/grants", None, "id"),
    ("participant_id", "POST", "/api/v1/visio/rooms/{slug}/join", {}, "you"),
    (
        "export_id",
        "POST",
        "/api/v1/docs/documents/{document_id}/exports",
        {"format": "markdown"},
        "id",
    ),
)


async def _seed_listed(client, created, seeds) -> None:
    for name, method, path, body, field in LISTED:
        url = _fill(path, created, seeds)
        assert url is not None, f"no resource for {path}"
        response = await client.request(method, url, json=body)
        assert response.is_success, response.text
        found = response.json()
        item = found[0] if isinstance(found, list) else found[field]
        seeds[name] = str(item["id"] if isinstance(item, dict) else item)


async def _ask_for_access(client, make_member, created, owner) -> str:
    """An access request to organization B's document, by another member of B (its owner
    holds every role already)."""
    asking = await make_member(organization="org-b")
    await asking.sign_in(client)
    url = _fill("/api/v1/docs/documents/{document_id}/access-requests", created, {})
    response = await client.post(url, json={"role": "reader"})
    assert response.status_code == 201, response.text
    await owner.sign_in(client)
    return str(response.json()["id"])


async def _create_token(client) -> dict[str, Any]:
    """A personal API token: its route is under /api/v1/auth/, which the loop above skips."""
    response = await client.post("/api/v1/auth/tokens", json={"name": "b", "scopes": ["core.*"]})
    assert response.status_code == 201, response.text
    token: dict[str, Any] = response.json()
    return token


async def test_no_route_reveals_another_organizations_resources(
    lasuite_client, make_member, lasuite_settings
):
    owner_b = await make_member(role="owner", organization="org-b")
    owner_a = await make_member(role="owner", organization="org-a")
    await owner_b.sign_in(lasuite_client)
    schema = (await lasuite_client.get("/api/docs/openapi.json")).json()
    components = schema["components"]["schemas"]
    created = await _create_resources_in(lasuite_client, schema)
    seeds = {
        "user_id": str(owner_b.user_id),
        "file_id": str(await store_file(lasuite_settings, owner_b, plugin_id="docs")),
        "token_id": (await _create_token(lasuite_client))["id"],
        "job_id": str(await save_job(lasuite_settings, owner_b)),
        "notification_id": str(await save_notification(lasuite_settings, owner_b)),
        "emoji": "👍",
    }
    # A resource made in a nested collection (…/reports) is named at the top (/reports/{id}).
    for collection, resource in created.items():
        seeds.setdefault(f"{collection.rsplit('/', 1)[-1].removesuffix('s')}_id", resource["id"])
    await _seed_listed(lasuite_client, created, seeds)
    seeds["request_id"] = await _ask_for_access(lasuite_client, make_member, created, owner_b)
    seeds["meeting_id"] = str(
        await save_meeting(lasuite_settings, created["/api/v1/visio/rooms"]["slug"])
    )
    seeds["recording_id"] = str(
        await save_recording(lasuite_settings, created["/api/v1/visio/rooms"]["slug"], MP4)
    )
    b_elsewhere = another_client(lasuite_client)
    await owner_b.sign_in(b_elsewhere)
    seeds["session_id"] = next(
        s["id"] for s in (await b_elsewhere.get("/api/v1/auth/sessions")).json() if s["current"]
    )

    await owner_a.sign_in(lasuite_client)
    leaks, unchecked = [], []
    for path, operations in schema["paths"].items():
        names = PARAM.findall(path)
        if not names or all(n in NOT_RESOURCES for n in names) or path in SECRET_ROUTES:
            continue
        url = _fill(path, created, seeds)
        if url is None:
            unchecked.append(path)
            continue
        for method, operation in operations.items():
            response = await lasuite_client.request(
                method.upper(),
                url,
                json=_body_for(operation, components),
                params=_query_for(operation, components),
            )
            if response.status_code != 404:
                leaks.append(f"{method.upper()} {url} -> {response.status_code}")

    assert created, "no resource could be created in organization B"
    assert leaks == []
    assert (await b_elsewhere.get("/api/v1/auth/me")).status_code == 200
    assert unchecked == [], "routes whose resources the test cannot make: add them"
