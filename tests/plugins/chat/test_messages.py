"""Chat messages: rendering, numbering, idempotent sending, edits and deletions."""

from __future__ import annotations

import asyncio
import uuid

from lasuite.testing import another_client
from lasuite_chat import messages
from tests.plugins.chat.chat_api import BASE, add_member, create_channel, history, post, post_ok


async def test_messages_are_numbered_in_order_without_gaps(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    other = await create_channel(lasuite_client, "autre")

    posted = [await post_ok(lasuite_client, channel["id"], f"m{i}") for i in range(5)]
    elsewhere = await post_ok(lasuite_client, other["id"], "ailleurs")

    assert [m["seq"] for m in posted] == [1, 2, 3, 4, 5]
    assert elsewhere["seq"] == 1
    assert [m["text"] for m in await history(lasuite_client, channel["id"])] == [
        f"m{i}" for i in range(5)
    ]


async def test_concurrent_posts_get_distinct_consecutive_numbers(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")

    responses = await asyncio.gather(
        *(post(lasuite_client, channel["id"], f"m{i}") for i in range(8))
    )

    assert [r.status_code for r in responses] == [201] * 8
    assert sorted(r.json()["seq"] for r in responses) == list(range(1, 9))


async def test_markdown_is_rendered_to_sanitized_html(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    text = (
        "**gras** <script>alert(1)</script> [site](https://exemple.gouv.fr) "
        "[piège](javascript:alert(1)) ![image](https://ailleurs.example/x.png)"
    )

    message = await post_ok(lasuite_client, channel["id"], text)

    html = message["html"]
    assert message["text"] == text
    assert "<strong>gras</strong>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="https://exemple.gouv.fr" rel="noopener nofollow">site</a>' in html
    assert "javascript:" not in html.replace("(javascript:alert(1))", "")
    assert 'href="javascript' not in html
    assert "<img" not in html


async def test_a_retried_send_returns_the_first_message(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    client_id = str(uuid.uuid4())

    first = await post(lasuite_client, channel["id"], "une fois", client_id=client_id)
    retry = await post(lasuite_client, channel["id"], "une fois", client_id=client_id)
    following = await post_ok(lasuite_client, channel["id"], "ensuite")

    assert first.status_code == 201
    assert retry.status_code == 200
    assert retry.json() == first.json()
    assert following["seq"] == 2
    assert len(await history(lasuite_client, channel["id"])) == 2


async def test_racing_retries_create_one_message_and_skip_no_number(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    client_id = str(uuid.uuid4())

    responses = await asyncio.gather(
        *(post(lasuite_client, channel["id"], "une fois", client_id=client_id) for _ in range(6))
    )
    following = await post_ok(lasuite_client, channel["id"], "ensuite")

    assert sorted(r.status_code for r in responses) == [200] * 5 + [201]
    assert {r.json()["id"] for r in responses} == {responses[0].json()["id"]}
    assert following["seq"] == 2
    assert [m["seq"] for m in await history(lasuite_client, channel["id"])] == [1, 2]


async def test_a_retry_that_raced_past_the_check_finds_the_first_message(
    lasuite_client, make_member, monkeypatch
):
    """Two sends with one client id both saw no message yet: the unique constraint
    stops the second, which answers with the first and gives its number back."""
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    client_id = str(uuid.uuid4())
    first = await post(lasuite_client, channel["id"], "une fois", client_id=client_id)
    checks: list[object] = []
    sent_before = messages._sent_before

    async def missed_once(*args):
        found = await sent_before(*args)
        checks.append(found)
        return None if len(checks) == 1 else found

    monkeypatch.setattr(messages, "_sent_before", missed_once)
    retry = await post(lasuite_client, channel["id"], "une fois", client_id=client_id)
    following = await post_ok(lasuite_client, channel["id"], "ensuite")

    assert len(checks) == 2, "the race path did not run"
    assert retry.status_code == 200, retry.text
    assert retry.json() == first.json()
    assert following["seq"] == 2
    assert [m["seq"] for m in await history(lasuite_client, channel["id"])] == [1, 2]


async def test_the_same_client_id_from_another_author_is_another_message(
    lasuite_client, make_member
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    bob_client = another_client(lasuite_client)
    await bob.sign_in(bob_client)
    client_id = str(uuid.uuid4())

    from_alice = await post(lasuite_client, channel["id"], "a", client_id=client_id)
    from_bob = await post(bob_client, channel["id"], "b", client_id=client_id)

    assert (from_alice.status_code, from_bob.status_code) == (201, 201)
    assert from_bob.json()["seq"] == 2


async def test_authors_edit_their_messages_and_the_history_is_kept(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    message = await post_ok(lasuite_client, channel["id"], "premier *jet*")
    url = f"{BASE}/channels/{channel['id']}/messages/{message['id']}"
    bob_client = another_client(lasuite_client)
    await bob.sign_in(bob_client)

    edited = await lasuite_client.patch(url, json={"text": "version **finale**"})
    by_bob = await bob_client.patch(url, json={"text": "vandalisme"})
    edits = await lasuite_client.get(f"{url}/edits")

    assert edited.status_code == 200
    assert edited.json()["html"] == "<p>version <strong>finale</strong></p>"
    assert edited.json()["edited_at"] is not None
    assert edited.json()["seq"] == message["seq"]
    assert by_bob.status_code == 403
    assert [(e["text"], e["html"]) for e in edits.json()] == [
        ("premier *jet*", "<p>premier <em>jet</em></p>")
    ]


async def test_a_deleted_message_stays_as_a_tombstone(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    await post_ok(lasuite_client, channel["id"], "un")
    doomed = await post_ok(lasuite_client, channel["id"], "deux")
    await lasuite_client.patch(
        f"{BASE}/channels/{channel['id']}/messages/{doomed['id']}", json={"text": "deux bis"}
    )

    deleted = await lasuite_client.delete(
        f"{BASE}/channels/{channel['id']}/messages/{doomed['id']}"
    )
    listed = await history(lasuite_client, channel["id"])
    edit_again = await lasuite_client.patch(
        f"{BASE}/channels/{channel['id']}/messages/{doomed['id']}", json={"text": "trois"}
    )

    assert deleted.status_code == 200
    assert [(m["seq"], m["text"], m["html"], m["deleted"]) for m in listed] == [
        (1, "un", "<p>un</p>", False),
        (2, "", "", True),
    ]
    assert edit_again.status_code == 409


async def test_moderators_delete_others_messages_and_members_cannot(lasuite_client, make_member):
    alice, bob, mod = await make_member(), await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    for member in (bob, mod):
        await add_member(lasuite_client, channel["id"], member.user_id)
    await lasuite_client.patch(
        f"{BASE}/channels/{channel['id']}/members/{mod.user_id}", json={"role": "moderator"}
    )
    message = await post_ok(lasuite_client, channel["id"], "à modérer")
    url = f"{BASE}/channels/{channel['id']}/messages/{message['id']}"
    bob_client, mod_client = another_client(lasuite_client), another_client(lasuite_client)
    await bob.sign_in(bob_client)
    await mod.sign_in(mod_client)

    by_member = await bob_client.delete(url)
    by_moderator = await mod_client.delete(url)

    assert by_member.status_code == 403
    assert by_moderator.status_code == 200
    assert by_moderator.json()["deleted"] is True


async def test_a_message_of_another_channel_is_not_found_through_this_one(
    lasuite_client, make_member
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    one = await create_channel(lasuite_client, "un")
    two = await create_channel(lasuite_client, "deux")
    message = await post_ok(lasuite_client, one["id"], "ici")

    response = await lasuite_client.delete(f"{BASE}/channels/{two['id']}/messages/{message['id']}")

    assert response.status_code == 404


async def test_too_long_or_empty_messages_are_refused(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")

    empty = await post(lasuite_client, channel["id"], "")
    long = await post(lasuite_client, channel["id"], "x" * 8001)

    assert (empty.status_code, long.status_code) == (400, 400)
    assert await history(lasuite_client, channel["id"]) == []
