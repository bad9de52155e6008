"""Fixtures the core's tests share."""

from tests.buckets import bucket, moto_endpoint, s3_store  # noqa: F401 (fixtures)
