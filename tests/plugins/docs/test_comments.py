"""Comments on a document: threads on a passage, replies, resolving and reopening,
reactions, @mentions that notify only people who may read the page, and every change
shown live to the page's readers."""

from __future__ import annotations

from typing import Any

from lasuite.testing import Member, open_socket
from tests.plugins.docs.people import browser_of, notified

DOCUMENTS = "/api/v1/docs/documents"
ANCHOR = "AQHkv5qJDQAEAQ==|AQHkv5qJDQoEAQ=="
"""Two relative positions as the editor encodes them: opaque to the server."""


def handle(member: Member) -> str:
    return member.email.split("@")[0]


async def _document(client: Any, title: str = "Note de service") -> str:
    response = await client.post(DOCUMENTS, json={"title": title})
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _share(client: Any, document: str, member: Member, role: str) -> None:
    response = await client.put(
        f"{DOCUMENTS}/{document}/accesses", json={"role": role, "user_id": str(member.user_id)}
    )
    assert response.status_code == 200, response.text


async def _thread(client: Any, document: str, body: str, **fields: Any) -> dict[str, Any]:
    response = await client.post(f"{DOCUMENTS}/{document}/threads", json={"body": body, **fields})
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_thread_on_a_passage_is_answered_resolved_and_reopened(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client)
    await _share(lasuite_client, document, bob, "commenter")
    bobs = await browser_of(lasuite_client, bob)

    opened = await _thread(
        lasuite_client, document, "Faut-il citer le décret ?", anchor=ANCHOR, quote="le décret"
    )
    url = f"{DOCUMENTS}/{document}/threads/{opened['id']}"
    answered = await bobs.post(f"{url}/comments", json={"body": "Oui, en note."})
    resolved = await bobs.patch(url, json={"resolved": True})
    reopened_by_reply = await lasuite_client.post(f"{url}/comments", json={"body": "Et l'arrêté ?"})
    listed = (await bobs.get(f"{DOCUMENTS}/{document}/threads")).json()

    assert (opened["anchor"], opened["quote"]) == (ANCHOR, "le décret")
    assert answered.status_code == 201, answered.text
    assert (resolved.json()["resolved_at"] is not None, resolved.json()["resolved_by"]) == (
        True,
        str(bob.user_id),
    )
    assert reopened_by_reply.json()["resolved_at"] is None
    assert [[(c["author_name"], c["body"]) for c in thread["comments"]] for thread in listed] == [
        [
            (handle(alice), "Faut-il citer le décret ?"),
            (handle(bob), "Oui, en note."),
            (handle(alice), "Et l'arrêté ?"),
        ]
    ]


async def test_readers_see_comments_but_do_not_write_them(lasuite_client, make_member):
    alice, reader, stranger = await make_member(), await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client)
    await _share(lasuite_client, document, reader, "reader")
    thread = await _thread(lasuite_client, document, "Relire l'article 2")
    readers_browser = await browser_of(lasuite_client, reader)
    strangers = await browser_of(lasuite_client, stranger)
    url = f"{DOCUMENTS}/{document}/threads"

    seen = await readers_browser.get(url)
    opened = await readers_browser.post(url, json={"body": "Moi aussi"})
    answered = await readers_browser.post(f"{url}/{thread['id']}/comments", json={"body": "Ok"})
    resolved = await readers_browser.patch(f"{url}/{thread['id']}", json={"resolved": True})
    hidden = await strangers.get(url)
    after = (await lasuite_client.get(url)).json()

    assert [t["id"] for t in seen.json()] == [thread["id"]]
    assert [r.status_code for r in (opened, answered, resolved)] == [403, 403, 403]
    assert hidden.status_code == 404
    assert [len(t["comments"]) for t in after] == [1]
    assert after[0]["resolved_at"] is None


async def test_a_comment_is_changed_by_its_author_and_removed_by_them_or_an_administrator(
    lasuite_client, make_member
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client)
    await _share(lasuite_client, document, bob, "editor")
    bobs = await browser_of(lasuite_client, bob)
    thread = await _thread(lasuite_client, document, "Premier jet")
    url = f"{DOCUMENTS}/{document}/threads/{thread['id']}/comments"
    alices_comment = thread["comments"][0]["id"]
    bobs_comment = (await bobs.post(url, json={"body": "Second"})).json()["comments"][1]["id"]

    not_his = await bobs.patch(f"{url}/{alices_comment}", json={"body": "Réécrit"})
    not_his_to_delete = await bobs.delete(f"{url}/{alices_comment}")
    edited = await lasuite_client.patch(f"{url}/{alices_comment}", json={"body": "Second jet"})
    removed_by_owner = await lasuite_client.delete(f"{url}/{bobs_comment}")
    removed_last = await lasuite_client.delete(f"{url}/{alices_comment}")
    left = (await lasuite_client.get(f"{DOCUMENTS}/{document}/threads")).json()

    assert [not_his.status_code, not_his_to_delete.status_code] == [403, 403]
    assert not_his.json()["error"] == "docs.not_comment_author"
    comment = edited.json()["comments"][0]
    assert (comment["body"], comment["edited_at"] is not None) == ("Second jet", True)
    assert [removed_by_owner.status_code, removed_last.status_code] == [204, 204]
    assert left == []  # the thread went with its last comment


async def test_reactions_are_one_per_person_and_emoji(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client)
    thread = await _thread(lasuite_client, document, "D'accord ?")
    url = (
        f"{DOCUMENTS}/{document}/threads/{thread['id']}/comments/{thread['comments'][0]['id']}"
        "/reactions"
    )

    await lasuite_client.put(f"{url}/👍")
    twice = await lasuite_client.put(f"{url}/👍")
    other = await lasuite_client.put(f"{url}/🎉")
    removed = await lasuite_client.delete(f"{url}/🎉")
    unknown = await lasuite_client.put(f"{url}/🦄")

    assert twice.json()["comments"][0]["reactions"] == [
        {"emoji": "👍", "user_ids": [str(alice.user_id)]}
    ]
    assert [r["emoji"] for r in other.json()["comments"][0]["reactions"]] == ["👍", "🎉"]
    assert [r["emoji"] for r in removed.json()["comments"][0]["reactions"]] == ["👍"]
    assert (unknown.status_code, unknown.json()["error"]) == (400, "docs.unknown_reaction")


async def test_a_mention_notifies_only_people_who_may_read_the_page(lasuite_client, make_member):
    alice, bob, eve = await make_member(), await make_member(), await make_member()
    outsider = await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client)
    await _share(lasuite_client, document, bob, "reader")

    thread = await _thread(
        lasuite_client,
        document,
        f"@{handle(bob).upper()} et @{handle(eve)} et @{handle(outsider)}, relisez",
    )
    browsers = [await browser_of(lasuite_client, m) for m in (bob, eve, outsider)]
    told = [await notified(b, "docs.mention") for b in browsers]

    assert thread["comments"][0]["mentions"] == {handle(bob): str(bob.user_id)}
    assert [len(n) for n in told] == [1, 0, 0]
    assert told[0][0]["link"] == f"/docs/{document}?thread={thread['id']}"
    assert await notified(lasuite_client, "docs.mention") == []


async def test_the_people_of_a_thread_hear_of_its_replies(lasuite_client, make_member):
    alice, bob, carol = await make_member(), await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client)
    for member in (bob, carol):
        await _share(lasuite_client, document, member, "commenter")
    bobs, carols = await browser_of(lasuite_client, bob), await browser_of(lasuite_client, carol)
    thread = await _thread(lasuite_client, document, "Une question")
    url = f"{DOCUMENTS}/{document}/threads/{thread['id']}/comments"
    await bobs.post(url, json={"body": "Une réponse"})

    to_alice = await notified(lasuite_client, "docs.comment_reply")
    to_carol = await notified(carols, "docs.comment_reply")
    await _share(lasuite_client, document, carol, "commenter")
    revoked = await lasuite_client.get(f"{DOCUMENTS}/{document}/accesses")
    grant = next(a for a in revoked.json() if a["user_id"] == str(bob.user_id))
    await lasuite_client.delete(f"{DOCUMENTS}/{document}/accesses/{grant['id']}")
    await carols.post(url, json={"body": "Une autre"})
    to_bob = await notified(bobs, "docs.comment_reply")

    assert [n["body"] for n in to_alice] == ["Une réponse"]
    assert to_carol == []  # not in the thread
    assert to_bob == []  # in the thread, but no longer allowed to read the page


async def test_comments_reach_open_pages_live_and_stop_when_access_goes(
    lasuite_client, make_member
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client)
    await _share(lasuite_client, document, bob, "reader")
    bobs = await browser_of(lasuite_client, bob)
    topic = f"docs:document:{document}"

    async with open_socket(bobs) as socket:
        assert (await socket.subscribe(topic))["op"] == "ack"
        thread = await _thread(lasuite_client, document, "En direct")
        heard = await socket.next_event(topic, name="docs.comments.changed")
        grants = (await lasuite_client.get(f"{DOCUMENTS}/{document}/accesses")).json()
        bobs_grant = next(a for a in grants if a["user_id"] == str(bob.user_id))
        await lasuite_client.delete(f"{DOCUMENTS}/{document}/accesses/{bobs_grant['id']}")
        while (ended := await socket.next_frame())["op"] != "unsubscribed":
            pass

    assert heard["data"] == {"document_id": document, "thread_id": thread["id"]}
    assert ended["topic"] == topic


async def test_who_may_not_read_a_page_cannot_follow_it(lasuite_client, make_member):
    alice, eve = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client)
    eves = await browser_of(lasuite_client, eve)

    async with open_socket(eves) as socket:
        refused = await socket.subscribe(f"docs:document:{document}")
        malformed = await socket.subscribe("docs:document:not-an-id")

    assert (refused["op"], malformed["op"]) == ("error", "error")


async def test_bad_comments_are_refused_with_a_code(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client)
    url = f"{DOCUMENTS}/{document}/threads"

    blank = await lasuite_client.post(url, json={"body": "   "})
    too_long = await lasuite_client.post(url, json={"body": "x" * 5001})
    long_anchor = await lasuite_client.post(url, json={"body": "ok", "anchor": "a" * 2049})
    unknown_field = await lasuite_client.post(url, json={"body": "ok", "html": "<b>"})
    no_thread = await lasuite_client.post(
        f"{url}/00000000-0000-0000-0000-000000000000/comments", json={"body": "ok"}
    )

    assert [r.status_code for r in (blank, too_long, long_anchor, unknown_field)] == [400] * 4
    assert (no_thread.status_code, no_thread.json()["error"]) == (404, "docs.comment_not_found")
    assert (await lasuite_client.get(url)).json() == []
