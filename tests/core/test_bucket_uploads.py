"""Files another service writes straight into the installation's bucket (a LiveKit egress
recording a meeting): a plugin reserves a key of its own for one file, the service writes
there (adding an extension if it likes), and a job takes the file in as the plugin's."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest

from lasuite.jobs.run import JobRun
from lasuite.storage.files import PluginFiles
from lasuite.storage.local import LocalFileStore
from tests.buckets import s3_client

ORG = uuid.UUID("00000000-0000-4000-8000-0000000000aa")
# An MP4's first bytes (an ftyp box), then what a recording holds.
RECORDING = bytes.fromhex("0000001c6674797069736f6d0000020069736f6d69736f326d703431") + b"\0" * 5000


def files_of(store, plugin_id: str = "visio") -> PluginFiles:
    return PluginFiles(db=None, store=store, plugin_id=plugin_id, max_bytes=1 << 20)  # type: ignore[arg-type]


def job_of(database, store, organization_id=ORG, plugin_id: str = "visio") -> JobRun:
    return JobRun(
        id=uuid.uuid4(),
        organization_id=organization_id,
        name=f"{plugin_id}.save_recording",
        attempt=1,
        database=database,
        run_on_loop=lambda coroutine: None,
        file_store=store,
    )


async def written_by_another_service(endpoint: str, bucket_name: str, key: str) -> None:
    async with s3_client(endpoint) as client:
        await client.put_object(Bucket=bucket_name, Key=key, Body=RECORDING)


async def test_a_reserved_key_names_the_bucket_and_a_file_of_the_plugin(
    s3_store, moto_endpoint, bucket
):
    upload = files_of(s3_store).bucket_upload(ORG)

    assert upload is not None
    assert upload.key == f"{ORG}/visio/{upload.file_id}"
    assert (upload.bucket, upload.endpoint_url, upload.region) == (
        bucket,
        moto_endpoint,
        "us-east-1",
    )
    assert (upload.access_key, upload.secret_key, upload.force_path_style) == (
        "testing",
        "testing",
        True,
    )
    assert files_of(s3_store).bucket_upload(ORG).file_id != upload.file_id


def test_files_kept_on_the_local_disk_take_no_writer_from_outside(tmp_path: Path) -> None:
    assert files_of(LocalFileStore(tmp_path)).bucket_upload(ORG) is None


async def test_what_the_service_wrote_is_taken_in_once_as_the_plugins_file(
    s3_store,
    moto_endpoint,
    bucket,
    make_member,
    lasuite_database,
):
    member = await make_member()
    upload = files_of(s3_store).bucket_upload(member.organization_id)
    written = f"{upload.key}.mp4"
    await written_by_another_service(moto_endpoint, bucket, written)
    job = job_of(lasuite_database, s3_store, member.organization_id)

    async with lasuite_database.transaction() as db:
        stored = await job.adopt_file(
            db, upload.file_id, key=written, filename="Comité.mp4", owner_id=member.user_id
        )
    async with lasuite_database.transaction() as db:
        again = await job.adopt_file(
            db, upload.file_id, key=written, filename="Comité.mp4", owner_id=member.user_id
        )

    assert (stored.id, stored.storage_key, stored.plugin_id) == (upload.file_id, written, "visio")
    assert (stored.size, stored.sha256) == (len(RECORDING), hashlib.sha256(RECORDING).hexdigest())
    assert stored.content_type == "video/mp4"
    assert again.id == stored.id
    assert await job.read_file(stored.id) == RECORDING


async def test_only_the_key_reserved_for_the_file_is_taken_in(
    s3_store,
    moto_endpoint,
    bucket,
    make_member,
    lasuite_database,
):
    member = await make_member()
    upload = files_of(s3_store).bucket_upload(member.organization_id)
    other_plugins = files_of(s3_store, "chat").bucket_upload(member.organization_id)
    await written_by_another_service(moto_endpoint, bucket, other_plugins.key)
    job = job_of(lasuite_database, s3_store, member.organization_id)

    async with lasuite_database.transaction() as db:
        with pytest.raises(LookupError, match="not the key reserved"):
            await job.adopt_file(
                db, upload.file_id, key=other_plugins.key, filename="x", owner_id=None
            )
        with pytest.raises(LookupError, match="nothing was written"):
            await job.adopt_file(db, upload.file_id, key=upload.key, filename="x", owner_id=None)
