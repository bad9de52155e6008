"""An S3-compatible service for the tests: moto's server on loopback (no S3 service can be
installed here), one bucket per test."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from aiobotocore.session import get_session
from moto.server import ThreadedMotoServer

from lasuite.storage.s3 import MIN_PART_BYTES, S3FileStore

CREDENTIALS = {"s3_access_key": "testing", "s3_secret_key": "testing", "s3_region": "us-east-1"}
"""The settings of an app whose files are in the bucket (with ``storage_url`` and
``s3_endpoint_url``)."""


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()  # returns once the server is listening
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_client(endpoint: str) -> Any:
    return get_session().create_client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )


@pytest.fixture
async def bucket(moto_endpoint: str) -> str:
    name = f"lasuite-{uuid.uuid4().hex[:12]}"
    async with s3_client(moto_endpoint) as s3:
        await s3.create_bucket(Bucket=name)
    return name


@pytest.fixture
async def s3_store(moto_endpoint: str, bucket: str) -> AsyncIterator[S3FileStore]:
    """The core's store of the bucket, with S3's smallest multipart parts."""
    store = S3FileStore(
        bucket=bucket,
        endpoint_url=moto_endpoint,
        access_key="testing",
        secret_key="testing",
        region="us-east-1",
        part_bytes=MIN_PART_BYTES,
    )
    yield store
    await store.close()
