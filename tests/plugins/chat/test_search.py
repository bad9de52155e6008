"""Chat search: words found on both databases, only in messages the searcher may read,
never deleted ones, and no query breaks the index's query syntax."""

from __future__ import annotations

from tests.plugins.chat.chat_api import BASE, add_member, create_channel, post_ok

SEARCH = f"{BASE}/search"
UNIFIED = "/api/v1/search"


async def search(client, q: str, **params) -> list[dict]:
    response = await client.get(SEARCH, params={"q": q, **params})
    assert response.status_code == 200, response.text
    hits: list[dict] = response.json()
    return hits


async def texts(client, q: str, **params) -> list[str]:
    return [hit["message"]["text"] for hit in await search(client, q, **params)]


async def unified(client, q: str) -> list[dict]:
    response = await client.get(UNIFIED, params={"q": q, "plugins": "chat"})
    assert response.status_code == 200, response.text
    assert response.json()["failed"] == []
    results: list[dict] = response.json()["results"]
    return results


async def test_every_word_is_found_as_a_word_prefix(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    budget = await post_ok(lasuite_client, channel["id"], "Réunion **budgétaire** demain matin")
    await post_ok(lasuite_client, channel["id"], "Le menu de la cantine demain")

    assert await texts(lasuite_client, "budg") == ["Réunion **budgétaire** demain matin"]
    assert await texts(lasuite_client, "MATIN réunion") == ["Réunion **budgétaire** demain matin"]
    assert len(await texts(lasuite_client, "demain")) == 2
    assert await texts(lasuite_client, "udget") == []
    assert await texts(lasuite_client, "budget cantine") == []

    [hit] = await search(lasuite_client, "budgétaire")
    assert hit["url"] == f"/chat/{channel['id']}?message={budget['seq']}"
    assert hit["channel_name"] == "général"
    assert "budgétaire" in hit["excerpt"]


async def test_unified_search_lists_messages_with_a_link_to_them(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "projets")
    await post_ok(lasuite_client, channel["id"], "premier message")
    message = await post_ok(lasuite_client, channel["id"], "La feuille de route du trimestre")

    [result] = await unified(lasuite_client, "feuille route")

    assert result["plugin"] == "chat"
    assert result["kind"] == "message"
    assert result["id"] == message["id"]
    assert result["title"] == "#projets"
    assert result["url"] == f"/chat/{channel['id']}?message=2"
    assert result["excerpt"] == "La feuille de route du trimestre"
    assert 0 < result["score"] < 1


async def test_a_private_channel_is_searched_by_its_members_only(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "direction", kind="private")
    await post_ok(lasuite_client, channel["id"], "le mot confidentiel")
    public = await create_channel(lasuite_client, "accueil")
    await post_ok(lasuite_client, public["id"], "un mot public")

    await bob.sign_in(lasuite_client)
    assert await texts(lasuite_client, "mot") == ["un mot public"]
    assert await texts(lasuite_client, "confidentiel", channel_id=channel["id"]) == []
    assert await unified(lasuite_client, "confidentiel") == []

    await alice.sign_in(lasuite_client)
    assert (await add_member(lasuite_client, channel["id"], bob.user_id)).status_code == 200
    await bob.sign_in(lasuite_client)
    assert await texts(lasuite_client, "confidentiel") == ["le mot confidentiel"]
    assert len(await unified(lasuite_client, "confidentiel")) == 1


async def test_another_organization_is_never_searched(lasuite_client, make_member):
    carol = await make_member(organization="org-b")
    await carol.sign_in(lasuite_client)
    theirs = await create_channel(lasuite_client, "général")
    await post_ok(lasuite_client, theirs["id"], "le plan de continuité")

    alice = await make_member(organization="org-a")
    await alice.sign_in(lasuite_client)
    ours = await create_channel(lasuite_client, "général")
    await post_ok(lasuite_client, ours["id"], "notre plan")

    assert await texts(lasuite_client, "plan") == ["notre plan"]
    assert await texts(lasuite_client, "continuité", channel_id=theirs["id"]) == []
    assert await unified(lasuite_client, "continuité") == []


async def test_deleted_and_replaced_text_is_not_found(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    gone = await post_ok(lasuite_client, channel["id"], "une phrase regrettable")
    edited = await post_ok(lasuite_client, channel["id"], "première version")
    url = f"{BASE}/channels/{channel['id']}/messages"

    assert (await lasuite_client.delete(f"{url}/{gone['id']}")).status_code == 200
    changed = await lasuite_client.patch(f"{url}/{edited['id']}", json={"text": "seconde version"})
    assert changed.status_code == 200, changed.text

    assert await texts(lasuite_client, "regrettable") == []
    assert await unified(lasuite_client, "regrettable") == []
    assert await texts(lasuite_client, "première") == []
    assert await texts(lasuite_client, "version") == ["seconde version"]


async def test_query_syntax_in_the_words_searched_is_plain_text(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    await post_ok(lasuite_client, channel["id"], 'le "budget" AND la NEAR réserve')

    for q in [
        '"',
        '"budget',
        "budget*",
        "*",
        "NEAR(budget réserve)",
        "AND",
        "a OR",
        "(",
        ")",
        "-budget",
        "budget:",
        "col:budget",
        "^budget",
        "&|!",
        "'",
        "''",
        "\\",
        "%",
        "_",
        "budget & réserve",
        "!budget",
        "<->",
        "budget:*",
        "{x}",
        "+",
        "NOT",
    ]:
        response = await lasuite_client.get(SEARCH, params={"q": q})
        assert response.status_code == 200, (q, response.text)
        assert (await lasuite_client.get(UNIFIED, params={"q": q})).status_code == 200

    assert len(await texts(lasuite_client, '"budget"')) == 1
    assert len(await texts(lasuite_client, "NEAR(budget réserve)")) == 1
    assert len(await texts(lasuite_client, "col:budget")) == 0


async def test_the_channel_filter_keeps_one_channel(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    first = await create_channel(lasuite_client, "un")
    second = await create_channel(lasuite_client, "deux")
    await post_ok(lasuite_client, first["id"], "rapport annuel")
    await post_ok(lasuite_client, second["id"], "rapport mensuel")

    assert await texts(lasuite_client, "rapport", channel_id=second["id"]) == ["rapport mensuel"]
