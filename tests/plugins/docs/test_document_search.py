"""Documents found by the workspace's unified search."""

from __future__ import annotations

import uuid

import pytest

from lasuite.testing import run_periodic_job
from lasuite_docs import store
from lasuite_docs.pages import paragraphs_update as paragraphs

DOCUMENTS = "/api/v1/docs/documents"


async def titles_found(client, q: str) -> list[str]:
    response = await client.get("/api/v1/search", params={"q": q, "plugins": "docs"})
    assert response.status_code == 200, response.text
    return [r["title"] for r in response.json()["results"]]


@pytest.fixture
async def alice(lasuite_client, make_member):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    return member


async def test_titles_match_whatever_their_case(lasuite_client, alice):
    for title in ("Compte rendu", "COMPTE final", "Ordre du jour"):
        await lasuite_client.post(DOCUMENTS, json={"title": title})

    assert sorted(await titles_found(lasuite_client, "compte")) == ["COMPTE final", "Compte rendu"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [("100%", ["100% fiable"]), ("a_b", ["note a_b"]), ("\\", ["chemin C:\\temp"])],
)
async def test_like_wildcards_in_the_query_are_literal(lasuite_client, alice, q, expected):
    for title in ("100% fiable", "1000 fiable", "note a_b", "note axb", "chemin C:\\temp"):
        await lasuite_client.post(DOCUMENTS, json={"title": title})

    assert await titles_found(lasuite_client, q) == expected


async def test_a_document_links_to_its_page(lasuite_client, alice):
    created = (await lasuite_client.post(DOCUMENTS, json={"title": "Charte"})).json()

    response = await lasuite_client.get("/api/v1/search", params={"q": "charte"})
    [hit] = [r for r in response.json()["results"] if r["plugin"] == "docs"]

    assert hit["url"] == f"/docs/{created['id']}"
    assert hit["kind"] == "document"
    assert hit["score"] == 3.0


async def test_the_text_of_a_document_is_found_once_indexed_with_an_excerpt(
    lasuite_app, lasuite_client, alice, lasuite_database
):
    created = (await lasuite_client.post(DOCUMENTS, json={"title": "Compte rendu"})).json()
    async with lasuite_database.transaction() as db:
        await store.append(
            db,
            uuid.UUID(created["id"]),
            [paragraphs(["Présents : la directrice.", "Décision : le budget est voté."])],
        )
    before = await titles_found(lasuite_client, "budget")

    await run_periodic_job(lasuite_app, lasuite_client, "docs.index_documents")
    response = await lasuite_client.get("/api/v1/search", params={"q": "budget", "plugins": "docs"})

    [hit] = response.json()["results"]
    assert before == []
    assert (hit["title"], hit["score"]) == ("Compte rendu", 0.5)
    assert "le budget est voté" in hit["excerpt"]
