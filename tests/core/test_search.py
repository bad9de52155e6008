"""Unified search: the plugins' providers asked at once, merged, isolated, fault-tolerant."""

from __future__ import annotations

import pytest

from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.plugins import PluginError, SearchResult
from lasuite.plugins._context import PluginContext, ServiceDirectory, close_registration
from lasuite.settings import Settings
from tests.core import search_plugin

SEARCH = "/api/v1/search"
DOCUMENTS = "/api/v1/docs/documents"
ROOMS = "/api/v1/visio/rooms"


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), search_plugin.ENTRY_POINT])


@pytest.fixture
def search_timeout() -> float:
    return 2.0


@pytest.fixture
def lasuite_settings(tmp_path, lasuite_database_url, search_timeout) -> Settings:
    return Settings(
        var_dir=tmp_path / "var",
        database_url=lasuite_database_url,
        search_timeout_seconds=search_timeout,
    )


@pytest.fixture(autouse=True)
def probe():
    """The probe plugin's provider, answering until a test tells it otherwise."""
    search_plugin.MODE[:] = ["answer"]
    search_plugin.CALLS.clear()
    yield search_plugin
    search_plugin.MODE[:] = ["answer"]
    search_plugin.CALLS.clear()


@pytest.fixture
async def alice(lasuite_client, make_member):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    return member


async def create_document(client, title: str) -> dict:
    response = await client.post(DOCUMENTS, json={"title": title})
    assert response.status_code == 201, response.text
    return response.json()


async def create_room(client, name: str) -> dict:
    response = await client.post(ROOMS, json={"name": name})
    assert response.status_code == 201, response.text
    return response.json()


async def search(client, q: str, **params) -> dict:
    response = await client.get(SEARCH, params={"q": q, **params})
    assert response.status_code == 200, response.text
    return response.json()


def found(answer: dict) -> list[tuple[str, str]]:
    return [(r["plugin"], r["title"]) for r in answer["results"]]


async def test_results_of_two_plugins_are_merged_by_score(lasuite_client, alice):
    await create_document(lasuite_client, "Le budget annuel")
    await create_room(lasuite_client, "Budget review")
    document = await create_document(lasuite_client, "Budget")
    await create_document(lasuite_client, "Ordre du jour")

    answer = await search(lasuite_client, "budget", plugins="docs,visio")

    # the exact title, then a name starting with the words, then one containing them
    assert found(answer) == [
        ("docs", "Budget"),
        ("visio", "Budget review"),
        ("docs", "Le budget annuel"),
    ]
    first = answer["results"][0]
    assert first["kind"] == "document"
    assert first["url"] == f"/docs/{document['id']}"
    assert first["id"] == document["id"]
    assert answer["searched"] == ["docs", "visio"]
    assert answer["failed"] == []
    assert answer["partial"] is False


async def test_equal_scores_show_the_most_recent_first(lasuite_client, alice):
    await create_document(lasuite_client, "Compte rendu de réunion")
    room = await create_room(lasuite_client, "Salle de réunion")

    answer = await search(lasuite_client, "réunion", plugins="docs,visio")

    assert found(answer) == [("visio", "Salle de réunion"), ("docs", "Compte rendu de réunion")]
    assert answer["results"][0]["url"] == f"/visio/{room['slug']}"


async def test_limit_keeps_the_best_results_of_all_plugins(lasuite_client, alice):
    for title in ("Plan", "Plan A", "Un plan", "Autre plan"):
        await create_document(lasuite_client, title)
    await create_room(lasuite_client, "Plan B")

    answer = await search(lasuite_client, "plan", limit=3, plugins="docs,visio")

    assert found(answer) == [("docs", "Plan"), ("visio", "Plan B"), ("docs", "Plan A")]


async def test_another_organizations_documents_are_never_found(lasuite_client, make_member):
    bob = await make_member(organization="org-b")
    await bob.sign_in(lasuite_client)
    await create_document(lasuite_client, "Plan secret")
    await create_room(lasuite_client, "Salle secrète")
    assert len((await search(lasuite_client, "secr", plugins="docs,visio"))["results"]) == 2

    alice = await make_member(organization="org-a")
    await alice.sign_in(lasuite_client)
    answer = await search(lasuite_client, "secr", plugins="docs,visio")

    assert answer["results"] == []


async def test_a_disabled_plugins_provider_is_not_asked(lasuite_client, make_member, probe):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    switched = await lasuite_client.put(
        "/api/v1/orgs/current/plugins/probe", json={"enabled": False}
    )
    assert switched.status_code == 200, switched.text

    answer = await search(lasuite_client, "probe")

    assert probe.CALLS == []
    assert "probe" not in answer["searched"]
    assert "docs" in answer["searched"]


async def test_the_plugins_parameter_narrows_the_search(lasuite_client, alice, probe):
    await create_document(lasuite_client, "Probe notes")

    answer = await search(lasuite_client, "probe", plugins="docs")

    assert answer["searched"] == ["docs"]
    assert found(answer) == [("docs", "Probe notes")]
    assert probe.CALLS == []


async def test_the_provider_gets_the_words_and_the_limit(lasuite_client, alice, probe):
    answer = await search(lasuite_client, "  probe  ", limit=7, plugins="probe")

    assert [(q.text, q.limit) for q in probe.CALLS] == [("probe", 7)]
    assert answer["query"] == "probe"
    assert found(answer) == [("probe", "Probe one")]


async def test_a_failing_provider_gives_a_partial_answer(lasuite_client, alice, probe):
    await create_document(lasuite_client, "Probe report")
    probe.MODE[:] = ["fail"]

    answer = await search(lasuite_client, "probe")

    assert found(answer) == [("docs", "Probe report")]
    assert answer["failed"] == [{"plugin": "probe", "reason": "error"}]
    assert answer["partial"] is True


async def test_a_provider_that_does_not_answer_in_time_is_reported(lasuite_client, alice, probe):
    # The default 2 s: on a loaded machine the healthy providers too took over 0.5 s.
    await create_document(lasuite_client, "Probe report")
    probe.MODE[:] = ["hang"]

    answer = await search(lasuite_client, "probe")

    assert found(answer) == [("docs", "Probe report")]
    assert answer["failed"] == [{"plugin": "probe", "reason": "timeout"}]
    assert answer["partial"] is True


async def test_results_leading_outside_the_workspace_are_dropped(lasuite_client, alice, probe):
    probe.MODE[:] = ["cheat"]

    answer = await search(lasuite_client, "probe", plugins="probe")

    assert [r["url"] for r in answer["results"]] == ["/probe/inside"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "x" * 201},
        {"q": "x", "limit": 0},
        {"q": "x", "limit": 51},
        {"q": "x", "plugins": "docs," * 81},
    ],
)
async def test_a_missing_or_oversized_query_is_refused(lasuite_client, alice, params):
    response = await lasuite_client.get(SEARCH, params=params)

    assert response.status_code == 400
    assert response.json()["error"] in ("core.search_length", "invalid_input")


async def test_a_query_of_200_characters_is_accepted(lasuite_client, alice):
    response = await lasuite_client.get(SEARCH, params={"q": "é" * 200})

    assert response.status_code == 200, response.text


async def test_guests_may_search(lasuite_client, make_member):
    guest = await make_member(role="guest")
    await guest.sign_in(lasuite_client)

    response = await lasuite_client.get(SEARCH, params={"q": "x"})

    assert response.status_code == 200, response.text


async def test_anonymous_callers_cannot_search(lasuite_client):
    response = await lasuite_client.get(SEARCH, params={"q": "x"})

    assert response.status_code == 401


def context() -> PluginContext:
    return PluginContext("finder", frozenset(), ServiceDirectory())


def test_a_provider_must_be_an_async_function():
    def search(query, context) -> list[SearchResult]:
        return []

    with pytest.raises(PluginError, match="not an async function"):
        context().add_search_provider(search)  # type: ignore[arg-type]


def test_a_provider_must_take_the_query_and_the_context():
    async def search(query) -> list[SearchResult]:
        return []

    with pytest.raises(PluginError, match="cannot be called as search"):
        context().add_search_provider(search)  # type: ignore[arg-type]


def test_a_plugin_adds_one_provider_during_setup_only():
    async def search(query, context) -> list[SearchResult]:
        return []

    ctx = context()
    ctx.add_search_provider(search)
    with pytest.raises(PluginError, match="a search provider 'finder' is registered twice"):
        ctx.add_search_provider(search)
    close_registration(ctx)
    with pytest.raises(PluginError, match="after setup"):
        ctx.add_search_provider(search)
