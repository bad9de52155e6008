"""Fixtures the core's tests share."""

from tests.buckets import bucket, moto_endpoint, s3_store  # noqa: F401 (fixtures)
from tests.core.mailbox import smtp_server  # noqa: F401 (a fixture)
