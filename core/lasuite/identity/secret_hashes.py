"""How the secrets handed out once (API tokens, invitation links) are kept."""

from __future__ import annotations

import hashlib


def hash_secret(secret: str) -> str:
    """SHA-256 of a long random secret: enough to look it up, useless to whoever reads it.

    The secrets are random and long, so no slow password hash is needed.
    """
    return hashlib.sha256(secret.encode()).hexdigest()
