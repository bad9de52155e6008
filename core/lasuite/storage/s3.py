"""The production file store: a bucket of an S3-compatible service (aiobotocore)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING

import anyio
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.exceptions import BotoCoreError, ClientError

from lasuite.storage.bucket import BucketUpload
from lasuite.storage.store import READ_CHUNK_BYTES, MissingContent, checked_key

if TYPE_CHECKING:
    from aiobotocore.response import StreamingBody
    from types_aiobotocore_s3 import S3Client
    from types_aiobotocore_s3.type_defs import CompletedPartTypeDef

logger = logging.getLogger("lasuite.storage")

MIN_PART_BYTES = 5 * 1024 * 1024
"""S3's smallest multipart part (all but the last)."""

MISSING_CODES = frozenset({"NoSuchKey", "NotFound", "404"})


class S3FileStore:
    """Files in one bucket; the bucket must exist.

    An upload smaller than ``part_bytes`` is one ``PutObject``; a larger one a
    multipart upload, aborted when the stream fails, so memory stays within one
    part. (A bucket lifecycle rule that aborts incomplete multipart uploads
    covers a process killed mid-upload.) The client is opened on first use and
    closed by :meth:`close`.
    """

    def __init__(
        self,
        *,
        bucket: str,
        endpoint_url: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        region: str | None = None,
        part_bytes: int = 8 * 1024 * 1024,
    ) -> None:
        if part_bytes < MIN_PART_BYTES:
            raise ValueError(f"part_bytes must be at least {MIN_PART_BYTES} (S3's minimum)")
        self.bucket = bucket
        self.part_bytes = part_bytes
        self._endpoint_url = endpoint_url
        self._access_key = access_key
        self._secret_key = secret_key
        self._region = region
        self._client: S3Client | None = None
        self._stack = AsyncExitStack()
        self._lock = asyncio.Lock()

    async def _s3(self) -> S3Client:
        async with self._lock:
            if self._client is None:
                config = AioConfig(
                    # A custom endpoint (MinIO, Ceph, Garage…) rarely has virtual-host buckets,
                    # nor the checksums newer botocore sends by default.
                    s3={"addressing_style": "path" if self._endpoint_url else "auto"},
                    request_checksum_calculation="when_required",
                    response_checksum_validation="when_required",
                )
                self._client = await self._stack.enter_async_context(
                    get_session().create_client(
                        "s3",
                        endpoint_url=self._endpoint_url,
                        aws_access_key_id=self._access_key,
                        aws_secret_access_key=self._secret_key,
                        region_name=self._region,
                        config=config,
                    )
                )
            return self._client

    async def write(self, key: str, chunks: AsyncIterable[bytes]) -> None:
        s3 = await self._s3()
        key = checked_key(key)
        buffer = bytearray()
        upload_id: str | None = None
        parts: list[CompletedPartTypeDef] = []
        try:
            async for chunk in chunks:
                buffer += chunk
                while len(buffer) >= self.part_bytes:
                    if upload_id is None:
                        created = await s3.create_multipart_upload(Bucket=self.bucket, Key=key)
                        upload_id = created["UploadId"]
                    part = bytes(buffer[: self.part_bytes])
                    del buffer[: self.part_bytes]
                    parts.append(await self._upload_part(s3, key, upload_id, len(parts) + 1, part))
            if upload_id is None:
                await s3.put_object(Bucket=self.bucket, Key=key, Body=bytes(buffer))
                return
            if buffer:
                parts.append(
                    await self._upload_part(s3, key, upload_id, len(parts) + 1, bytes(buffer))
                )
            await s3.complete_multipart_upload(
                Bucket=self.bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
        except BaseException:
            if upload_id is not None:
                with anyio.CancelScope(shield=True):
                    await self._abort(s3, key, upload_id)
            raise

    async def _upload_part(
        self, s3: S3Client, key: str, upload_id: str, number: int, body: bytes
    ) -> CompletedPartTypeDef:
        uploaded = await s3.upload_part(
            Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=body
        )
        return {"ETag": uploaded["ETag"], "PartNumber": number}

    async def _abort(self, s3: S3Client, key: str, upload_id: str) -> None:
        try:
            await s3.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
        except (BotoCoreError, ClientError):
            logger.warning("could not abort the multipart upload of %s", key, exc_info=True)

    async def read(self, key: str) -> AsyncIterator[bytes]:
        s3 = await self._s3()
        try:
            response = await s3.get_object(Bucket=self.bucket, Key=checked_key(key))
        except ClientError as exc:
            if _is_missing(exc):
                raise MissingContent(key) from exc
            raise
        return _chunks_of(response["Body"])

    async def delete(self, key: str) -> None:
        s3 = await self._s3()
        await s3.delete_object(Bucket=self.bucket, Key=checked_key(key))

    async def exists(self, key: str) -> bool:
        s3 = await self._s3()
        try:
            await s3.head_object(Bucket=self.bucket, Key=checked_key(key))
        except ClientError as exc:
            if _is_missing(exc):
                return False
            raise
        return True

    async def check_bucket(self) -> None:
        """Raise unless the bucket exists and the keys may use it (``lasuite check``)."""
        s3 = await self._s3()
        await s3.head_bucket(Bucket=self.bucket)

    def upload_target(self, file_id: uuid.UUID, key: str) -> BucketUpload:
        """Where another service writes the file ``key`` into this bucket itself."""
        return BucketUpload(
            file_id=file_id,
            key=checked_key(key),
            bucket=self.bucket,
            region=self._region or "",
            endpoint_url=self._endpoint_url or "",
            access_key=self._access_key or "",
            secret_key=self._secret_key or "",
            force_path_style=bool(self._endpoint_url),
        )

    async def close(self) -> None:
        async with self._lock:
            await self._stack.aclose()
            self._client = None


def _is_missing(exc: ClientError) -> bool:
    return str(exc.response.get("Error", {}).get("Code", "")) in MISSING_CODES


async def _chunks_of(body: StreamingBody) -> AsyncIterator[bytes]:
    async with body:
        async for chunk in body.iter_chunks(READ_CHUNK_BYTES):
            yield chunk
