"""File storage: uploads stream to a local directory or an S3 bucket, within a size limit
and an allow-list of sniffed types; a file is served only after an authorization check."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lasuite.db.engine import Database
from lasuite.jobs.run import JobRun
from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.settings import Settings
from lasuite.storage.downloads import download_headers
from lasuite.storage.local import LocalFileStore
from lasuite.storage.models import StoredFile
from lasuite.storage.s3 import MIN_PART_BYTES
from lasuite.storage.store import MissingContent, file_key, open_store
from lasuite.storage.uploads import FileTooLarge, Upload
from tests.buckets import CREDENTIALS, s3_client
from tests.core import files_plugin
from tests.core.stored_files import chunks_of, png, store_file

LIMIT = 100_000
ORG = uuid.UUID("00000000-0000-4000-8000-0000000000aa")


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), *files_plugin.ENTRY_POINTS])


@pytest.fixture
def storage_backend() -> str:
    return "local"


@pytest.fixture
def lasuite_settings(
    request: pytest.FixtureRequest, tmp_path: Path, lasuite_database_url: str, storage_backend: str
) -> Settings:
    s3: dict[str, str] = {}
    if storage_backend == "s3":
        endpoint, bucket = (
            request.getfixturevalue("moto_endpoint"),
            request.getfixturevalue("bucket"),
        )
        s3 = {"storage_url": f"s3://{bucket}", "s3_endpoint_url": endpoint, **CREDENTIALS}
    return Settings(
        var_dir=tmp_path / "var",
        database_url=lasuite_database_url,
        max_upload_bytes=LIMIT,
        **s3,
    )


@pytest.fixture
async def alice(lasuite_client, make_member):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    return member


async def add_photo(client, data: bytes, filename: str = "photo.png"):
    # The client's claimed type is a lie on purpose: the stored type is sniffed.
    return await client.post(
        "/api/v1/album/photos",
        params={"filename": filename},
        content=data,
        headers={"Content-Type": "text/plain"},
    )


def files_on_disk(settings: Settings) -> list[Path]:
    return [p for p in settings.var_dir.rglob("*") if p.is_file() and "files" in p.parts]


async def file_rows(settings: Settings) -> int:
    database = Database(settings.database)
    try:
        async with database.transaction() as db:
            return int(await db.scalar(select(func.count()).select_from(StoredFile)) or 0)
    finally:
        await database.dispose()


# --- the local store --------------------------------------------------------------------


def a_key(plugin_id: str = "album") -> str:
    return file_key(ORG, plugin_id, uuid.uuid4())


async def read_all(chunks: AsyncIterator[bytes]) -> bytes:
    return b"".join([chunk async for chunk in chunks])


async def test_local_store_round_trip(tmp_path):
    store = LocalFileStore(tmp_path / "files")
    key, data = a_key(), png(200_000)

    await store.write(key, chunks_of(data))

    assert await read_all(await store.read(key)) == data
    assert (tmp_path / "files" / key).is_file()


async def test_local_store_delete_removes_the_content(tmp_path):
    store = LocalFileStore(tmp_path / "files")
    key = a_key()
    await store.write(key, chunks_of(b"hello"))

    await store.delete(key)

    assert not await store.exists(key)
    with pytest.raises(MissingContent):
        await store.read(key)


async def test_local_store_keeps_nothing_of_a_failed_stream(tmp_path):
    store = LocalFileStore(tmp_path / "files")
    key = a_key()

    async def failing() -> AsyncIterator[bytes]:
        yield b"x" * 10_000
        raise ConnectionResetError("client gone")

    with pytest.raises(ConnectionResetError):
        await store.write(key, failing())

    assert not await store.exists(key)
    assert [p for p in (tmp_path / "files").rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("key", ["../escape", f"{ORG}/album/../../../escape", "/etc/passwd"])
async def test_a_key_not_made_of_ids_never_reaches_the_file_system(tmp_path, key):
    store = LocalFileStore(tmp_path / "files")

    with pytest.raises(ValueError, match="not a storage key"):
        await store.write(key, chunks_of(b"x"))

    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


async def test_an_upload_reaches_the_store_chunk_by_chunk():
    received: list[int] = []
    upload = Upload(chunks_of(png(100_000), size=4096), max_bytes=LIMIT)
    await upload.check_type({"image/png"})

    async for chunk in upload:
        received.append(len(chunk))

    assert sum(received) == 100_000
    assert max(received) <= 8192 + 4096  # the sniffed head, then each chunk as it came
    assert upload.sha256 == hashlib.sha256(png(100_000)).hexdigest()


async def test_an_endless_upload_stops_at_the_limit():
    pulled = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal pulled
        yield png(1000)
        while True:
            pulled += 1
            yield bytes(1000)

    upload = Upload(endless(), max_bytes=LIMIT)
    await upload.check_type({"image/png"})

    with pytest.raises(FileTooLarge):
        async for _ in upload:
            pass

    assert pulled == LIMIT // 1000


# --- uploads and downloads through a plugin ---------------------------------------------


async def test_upload_round_trip_through_the_plugin(lasuite_client, alice):
    data = png(50_000)

    saved = await add_photo(lasuite_client, data)
    read = await lasuite_client.get(f"/api/v1/album/photos/{saved.json()['id']}")

    assert saved.status_code == 201
    assert saved.json()["size"] == len(data)
    assert saved.json()["sha256"] == hashlib.sha256(data).hexdigest()
    assert read.status_code == 200
    assert read.content == data


async def test_download_is_an_attachment_of_the_sniffed_type(lasuite_client, alice):
    saved = await add_photo(lasuite_client, png(1000), filename='Été "2026".png')

    read = await lasuite_client.get(f"/api/v1/album/photos/{saved.json()['id']}")

    assert saved.json()["content_type"] == "image/png"
    assert read.headers["content-type"] == "image/png"
    assert read.headers["x-content-type-options"] == "nosniff"
    assert read.headers["content-disposition"] == (
        "attachment; filename=\"Ete _2026_.png\"; filename*=UTF-8''%C3%89t%C3%A9%20_2026_.png"
    )


async def test_upload_over_the_limit_is_413_and_nothing_is_stored(
    lasuite_client, alice, lasuite_settings
):
    response = await add_photo(lasuite_client, png(LIMIT + 1))

    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert response.json()["detail"]["max_bytes"] == LIMIT  # for the client to word itself
    assert files_on_disk(lasuite_settings) == []
    assert await file_rows(lasuite_settings) == 0


async def test_upload_of_exactly_the_limit_is_accepted(lasuite_client, alice):
    response = await add_photo(lasuite_client, png(LIMIT))

    assert response.status_code == 201


@pytest.mark.parametrize(
    "data",
    [b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), b"<svg xmlns='http://www.w3.org/2000/svg'/>"],
    ids=["executable", "svg"],
)
async def test_a_sniffed_type_outside_the_allow_list_is_415_and_nothing_is_stored(
    lasuite_client, alice, lasuite_settings, data
):
    response = await add_photo(lasuite_client, data, filename="photo.png")

    assert response.status_code == 415
    assert response.json()["error"] == "core.file_type_refused"
    assert response.json()["detail"]["accepted"] == "application/pdf, image/jpeg, image/png"
    assert files_on_disk(lasuite_settings) == []
    assert await file_rows(lasuite_settings) == 0


async def test_a_path_like_filename_cannot_escape(lasuite_client, alice, lasuite_settings):
    response = await add_photo(lasuite_client, png(1000), filename="../../../..\\..\\evil.png")

    stored = files_on_disk(lasuite_settings)
    assert response.json()["filename"] == "evil.png"
    assert [p.relative_to(lasuite_settings.var_dir / "files") for p in stored] == [
        Path(str(alice.organization_id), "album", response.json()["id"])
    ]
    assert list(lasuite_settings.var_dir.parent.rglob("evil.png")) == []


async def test_a_failed_request_keeps_no_file(lasuite_client, alice, lasuite_settings):
    response = await lasuite_client.post(
        "/api/v1/album/photos/refused", params={"filename": "a.png"}, content=png(1000)
    )

    assert response.status_code == 409
    assert files_on_disk(lasuite_settings) == []
    assert await file_rows(lasuite_settings) == 0


async def test_deleting_a_file_removes_its_content(lasuite_client, alice, lasuite_settings):
    file_id = (await add_photo(lasuite_client, png(1000))).json()["id"]

    deleted = await lasuite_client.delete(f"/api/v1/album/photos/{file_id}")
    read = await lasuite_client.get(f"/api/v1/album/photos/{file_id}")

    assert deleted.status_code == 204
    assert read.status_code == 404
    assert files_on_disk(lasuite_settings) == []


async def test_a_job_deletes_only_its_plugins_files_of_its_organization(
    lasuite_client, alice, make_member, lasuite_settings
):
    carol = await make_member(organization="org-b")
    ours = await store_file(lasuite_settings, alice, plugin_id="album")
    other_plugins = await store_file(lasuite_settings, alice, plugin_id="vault")
    other_organizations = await store_file(lasuite_settings, carol, plugin_id="album")
    database, store = Database(lasuite_settings.database), open_store(lasuite_settings)
    run = JobRun(
        id=uuid.uuid4(),
        organization_id=alice.organization_id,
        name="album.tidy",
        attempt=1,
        database=database,
        run_on_loop=lambda coroutine: None,
        file_store=store,
    )
    try:
        deleted = await run.delete_files([ours, other_plugins, other_organizations])
        async with database.sessions() as db:
            left = set(await db.scalars(select(StoredFile.id)))
    finally:
        await store.close()
        await database.dispose()

    assert deleted == 1
    assert left == {other_plugins, other_organizations}
    assert len(files_on_disk(lasuite_settings)) == 2


# --- the core's download route ----------------------------------------------------------


async def test_the_owning_plugins_policy_lets_the_owner_download(lasuite_client, alice):
    data = png(3000)
    file_id = (await add_photo(lasuite_client, data)).json()["id"]

    response = await lasuite_client.get(f"/api/v1/files/{file_id}")

    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-disposition"].startswith('attachment; filename="photo.png"')
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_a_colleague_the_policy_does_not_allow_is_denied(lasuite_client, alice, make_member):
    file_id = (await add_photo(lasuite_client, png(1000))).json()["id"]
    colleague = await make_member(role="admin")
    await colleague.sign_in(lasuite_client)

    response = await lasuite_client.get(f"/api/v1/files/{file_id}")

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


async def test_without_a_policy_of_its_own_plugin_a_file_is_never_served(lasuite_client, alice):
    saved = await lasuite_client.post(
        "/api/v1/vault/documents", params={"filename": "a.pdf"}, content=b"%PDF-1.7\n"
    )

    response = await lasuite_client.get(f"/api/v1/files/{saved.json()['id']}")

    # album's policy would allow the owner, but only vault may decide for vault's files
    assert saved.status_code == 201
    assert response.status_code == 403


async def test_another_organizations_file_is_404(lasuite_client, alice, make_member):
    file_id = (await add_photo(lasuite_client, png(1000))).json()["id"]
    stranger = await make_member(role="owner", organization="org-b")
    await stranger.sign_in(lasuite_client)

    through_core = await lasuite_client.get(f"/api/v1/files/{file_id}")
    through_plugin = await lasuite_client.get(f"/api/v1/album/photos/{file_id}")

    assert through_core.status_code == 404
    assert through_plugin.status_code == 404


async def test_a_file_of_a_disabled_plugin_is_404(lasuite_client, alice, make_member):
    file_id = (await add_photo(lasuite_client, png(1000))).json()["id"]
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    await lasuite_client.put("/api/v1/orgs/current/plugins/album", json={"enabled": False})
    await alice.sign_in(lasuite_client)

    response = await lasuite_client.get(f"/api/v1/files/{file_id}")

    assert response.status_code == 404


async def test_an_unknown_file_is_404(lasuite_client, alice):
    response = await lasuite_client.get(f"/api/v1/files/{uuid.uuid4()}")

    assert response.status_code == 404


async def test_anonymous_callers_cannot_download(lasuite_client):
    response = await lasuite_client.get(f"/api/v1/files/{uuid.uuid4()}")

    assert response.status_code == 401


# --- the S3 store, against moto's server on loopback --------------------------------------


@pytest.fixture
def bucket_contents(moto_endpoint, bucket):
    async def contents() -> tuple[list[str], list[str]]:
        """Keys of the objects, and of the unfinished multipart uploads, in the bucket."""
        async with s3_client(moto_endpoint) as s3:
            objects = await s3.list_objects_v2(Bucket=bucket)
            pending = await s3.list_multipart_uploads(Bucket=bucket)
        return (
            [o["Key"] for o in objects.get("Contents", [])],
            [u["Key"] for u in pending.get("Uploads", [])],
        )

    return contents


@pytest.mark.parametrize("size", [1000, MIN_PART_BYTES * 2 + 1], ids=["one-put", "multipart"])
async def test_s3_store_round_trip(s3_store, bucket_contents, size):
    key, data = a_key(), png(size)

    await s3_store.write(key, chunks_of(data, size=64 * 1024))

    assert await read_all(await s3_store.read(key)) == data
    assert await bucket_contents() == ([key], [])


async def test_s3_upload_over_the_limit_leaves_no_object_nor_pending_upload(
    s3_store, bucket_contents
):
    limit = MIN_PART_BYTES + 1000
    upload = Upload(chunks_of(png(limit + 1), size=64 * 1024), max_bytes=limit)
    await upload.check_type({"image/*"})

    with pytest.raises(FileTooLarge):
        await s3_store.write(a_key(), upload)

    assert await bucket_contents() == ([], [])


async def test_s3_delete_removes_the_object(s3_store, bucket_contents):
    key = a_key()
    await s3_store.write(key, chunks_of(b"hello"))

    await s3_store.delete(key)

    assert not await s3_store.exists(key)
    with pytest.raises(MissingContent):
        await s3_store.read(key)
    assert await bucket_contents() == ([], [])


@pytest.mark.parametrize("storage_backend", ["s3"])
async def test_the_app_keeps_uploads_in_the_configured_bucket(
    lasuite_client, alice, lasuite_settings, bucket_contents
):
    data = png(5000)

    saved = await add_photo(lasuite_client, data)
    read = await lasuite_client.get(f"/api/v1/files/{saved.json()['id']}")

    key = f"{alice.organization_id}/album/{saved.json()['id']}"
    assert read.content == data
    assert await bucket_contents() == ([key], [])
    assert files_on_disk(lasuite_settings) == []


@pytest.mark.parametrize(
    ("content_type", "inline", "disposition"),
    [
        ("image/png", True, "inline"),
        ("image/webp", True, "inline"),
        ("image/png", False, "attachment"),
        ("image/svg+xml", True, "attachment"),
        ("text/html", True, "attachment"),
        ("application/pdf", True, "attachment"),
    ],
)
def test_only_a_raster_image_asked_inline_shows_in_the_browser(
    content_type: str, inline: bool, disposition: str
) -> None:
    stored = StoredFile(filename="plan", content_type=content_type, size=3)

    headers = download_headers(stored, inline=inline)

    assert headers["Content-Disposition"].split(";")[0] == disposition
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
