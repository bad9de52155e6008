"""Fixtures the core's tests share."""

from tests.buckets import bucket, moto_endpoint  # noqa: F401 (fixtures)
