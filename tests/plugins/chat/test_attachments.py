"""Files in chat: uploaded to a channel, attached to a message, downloaded by the
channel's readers only, within the type and size limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from lasuite.settings import Settings
from tests.core.stored_files import png
from tests.plugins.chat.chat_api import (
    BASE,
    add_member,
    browser_of,
    create_channel,
    history,
    post,
    post_ok,
    upload,
    upload_ok,
)

MIB = 1024 * 1024
LIMIT = 3 * MIB
SETTINGS = "/api/v1/orgs/current/plugins/chat/settings"


@pytest.fixture
def lasuite_settings(tmp_path: Path, lasuite_database_url: str) -> Settings:
    return Settings(
        var_dir=tmp_path / "var", database_url=lasuite_database_url, max_upload_bytes=LIMIT
    )


async def test_an_attached_file_is_listed_and_readers_download_it(
    lasuite_client, alice, make_member
):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "projet", kind="private")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    bob_browser = await browser_of(lasuite_client, bob)
    content = png(1000)

    uploaded = await upload_ok(lasuite_client, channel["id"], content, "plan.png")
    message = await post_ok(lasuite_client, channel["id"], "", attachment_ids=[uploaded["id"]])
    listed = (await history(bob_browser, channel["id"]))[0]["attachments"]
    downloaded = await bob_browser.get(uploaded["url"])

    assert listed == [
        {
            "id": uploaded["id"],
            "name": "plan.png",
            "size": 1000,
            "content_type": "image/png",
            "url": f"{BASE}/channels/{channel['id']}/files/{uploaded['id']}",
            "thumbnail_url": None,  # a PNG header alone: no picture to make
        }
    ]
    assert message["attachments"] == listed
    assert downloaded.status_code == 200
    assert downloaded.content == content


async def test_outsiders_never_download_and_uploads_wait_for_their_message(
    lasuite_client, alice, make_member
):
    bob, eve = await make_member(), await make_member()
    channel = await create_channel(lasuite_client, "projet", kind="private")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    bob_browser, eve_browser = [await browser_of(lasuite_client, m) for m in (bob, eve)]
    posted = await upload_ok(lasuite_client, channel["id"], png(100))
    await post_ok(lasuite_client, channel["id"], "voilà", attachment_ids=[posted["id"]])
    pending = await upload_ok(lasuite_client, channel["id"], png(100))

    by_eve = await eve_browser.get(posted["url"])
    through_core = await bob_browser.get(f"/api/v1/files/{posted['id']}")
    pending_by_bob = await bob_browser.get(pending["url"])
    pending_by_alice = await lasuite_client.get(pending["url"])

    assert by_eve.status_code == 404
    assert through_core.status_code == 403
    assert pending_by_bob.status_code == 404
    assert pending_by_alice.status_code == 200


async def test_only_ones_own_unposted_upload_of_the_channel_is_attached(
    lasuite_client, alice, make_member
):
    bob = await make_member()
    channel = await create_channel(lasuite_client, "projet")
    other = await create_channel(lasuite_client, "autre")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    bob_browser = await browser_of(lasuite_client, bob)
    alices = await upload_ok(lasuite_client, channel["id"], png(100))
    elsewhere = await upload_ok(lasuite_client, other["id"], png(100))

    by_bob = await post(bob_browser, channel["id"], "à moi", attachment_ids=[alices["id"]])
    wrong_channel = await post(lasuite_client, channel["id"], "x", attachment_ids=[elsewhere["id"]])
    await post_ok(lasuite_client, channel["id"], "une fois", attachment_ids=[alices["id"]])
    twice = await post(lasuite_client, channel["id"], "deux fois", attachment_ids=[alices["id"]])
    nothing = await post(lasuite_client, channel["id"], "")

    assert (by_bob.status_code, wrong_channel.status_code) == (404, 404)
    assert twice.status_code == 409
    assert nothing.status_code == 400
    assert [m["text"] for m in await history(lasuite_client, channel["id"])] == ["une fois"]


async def test_uploads_are_limited_in_type_and_size(lasuite_client, alice, make_member):
    reader = await make_member()
    channel = await create_channel(lasuite_client, "projet")
    reader_browser = await browser_of(lasuite_client, reader)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    scripted = await upload(lasuite_client, channel["id"], svg, "logo.svg")
    too_big = await upload(lasuite_client, channel["id"], png(LIMIT + 1))
    not_a_member = await upload(reader_browser, channel["id"], png(100))

    assert scripted.status_code == 415
    assert too_big.status_code == 413
    assert not_a_member.status_code == 403


async def test_an_organization_may_lower_the_size_of_attachments(lasuite_client, make_member):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "projet")
    current = (await lasuite_client.get(SETTINGS)).json()
    saved = await lasuite_client.put(
        SETTINGS,
        json={
            "values": {**current["values"], "attachment_max_mb": 1},
            "version": current["version"],
        },
    )

    within = await upload(lasuite_client, channel["id"], png(MIB))
    past = await upload(lasuite_client, channel["id"], png(MIB + 1))

    assert saved.status_code == 200, saved.text
    assert within.status_code == 201
    assert past.status_code == 413
    assert "1 MiB" in past.json()["detail"]["message"]
    assert past.json()["detail"]["max_bytes"] == MIB
