"""Thumbnails of the images attached in chat: made by a job after the upload, shown with
the message, served to the channel's readers only; files that are no image (or too large
to decode) get none."""

from __future__ import annotations

import io

from PIL import Image

from lasuite.plugins import StoredFile
from lasuite.testing import eventually
from lasuite_chat.thumbnails import EDGE, MAX_BYTES, thumbnail_of, wants_thumbnail
from tests.plugins.chat.chat_api import (
    add_member,
    browser_of,
    create_channel,
    history,
    post_ok,
    upload_ok,
)


def picture(width: int, height: int, *, mode: str = "RGB", fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), color=(20, 90, 200) if mode == "RGB" else 1).save(
        out, format=fmt
    )
    return out.getvalue()


async def test_an_image_gets_a_thumbnail_the_channels_readers_see(
    lasuite_client, alice, make_member
):
    bob, outsider = await make_member(), await make_member()
    channel = await create_channel(lasuite_client, "photos", kind="private")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    uploaded = await upload_ok(lasuite_client, channel["id"], picture(1200, 800), "plan.png")
    await post_ok(lasuite_client, channel["id"], "Le plan", attachment_ids=[uploaded["id"]])
    bob_browser = await browser_of(lasuite_client, bob)

    async def thumbnail_url() -> str | None:
        [message] = await history(bob_browser, channel["id"])
        url: str | None = message["attachments"][0]["thumbnail_url"]
        return url

    async def made() -> bool:
        return await thumbnail_url() is not None

    await eventually(made, message="the thumbnail made")
    url = await thumbnail_url()
    assert url is not None
    served = await bob_browser.get(url)
    outsiders = await (await browser_of(lasuite_client, outsider)).get(url)

    assert served.status_code == 200
    assert served.headers["content-type"].startswith("image/webp")
    with Image.open(io.BytesIO(served.content)) as small:
        assert (small.format, small.size) == ("WEBP", (EDGE, EDGE * 800 // 1200))
    assert outsiders.status_code in (403, 404)


async def test_a_file_without_a_thumbnail_answers_404(lasuite_client, alice):
    channel = await create_channel(lasuite_client, "notes")
    uploaded = await upload_ok(lasuite_client, channel["id"], b"%PDF-1.4 rien", "note.pdf")
    await post_ok(lasuite_client, channel["id"], "", attachment_ids=[uploaded["id"]])

    answer = await lasuite_client.get(f"{uploaded['url']}/thumbnail")

    assert answer.status_code == 404


def test_what_is_no_image_or_too_large_to_decode_gets_no_thumbnail():
    assert thumbnail_of(b"\x89PNG\r\n\x1a\n" + bytes(100)) is None
    assert thumbnail_of(b"not an image at all") is None
    assert thumbnail_of(picture(8000, 7000, mode="1")) is None  # 56 million pixels


def test_a_thumbnail_keeps_the_proportions_and_small_images_stay_small():
    with Image.open(io.BytesIO(thumbnail_of(picture(300, 900, fmt="JPEG")) or b"")) as tall:
        tall_size = tall.size
    with Image.open(io.BytesIO(thumbnail_of(picture(40, 30, fmt="GIF", mode="P")) or b"")) as tiny:
        tiny_size = tiny.size

    assert tall_size == (EDGE // 3, EDGE)
    assert tiny_size == (40, 30)


def test_only_images_up_to_the_size_limit_get_a_thumbnail():
    def upload(content_type: str, size: int) -> StoredFile:
        return StoredFile(content_type=content_type, size=size)

    assert wants_thumbnail(upload("image/jpeg", MAX_BYTES)) is True
    assert wants_thumbnail(upload("image/jpeg", MAX_BYTES + 1)) is False
    assert wants_thumbnail(upload("application/pdf", 1000)) is False
