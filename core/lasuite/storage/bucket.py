"""Files that a service outside lasuite writes straight into the installation's bucket
(LiveKit's egress records a meeting there): where to write, and how the file is then
taken in as a plugin's stored file (API 1.7)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class BucketUpload:
    """Where another service writes one file for a plugin: the S3-compatible bucket of the
    installation and the key reserved for the file (the service may add an extension).
    Once written, a job takes it in with ``job.adopt_file``. It carries the bucket's
    credentials: give it only to the service that writes, never to a client."""

    file_id: uuid.UUID
    key: str
    bucket: str
    region: str
    endpoint_url: str
    """Empty for AWS itself."""
    access_key: str
    secret_key: str
    force_path_style: bool
    """Buckets as paths (``endpoint/bucket/key``), as MinIO, Garage… serve them."""
