"""Fixtures every chat test module shares."""

from __future__ import annotations

import pytest

from lasuite.testing import Member


@pytest.fixture
async def alice(lasuite_client, make_member) -> Member:
    """A member of the organization, signed in on ``lasuite_client``."""
    member = await make_member()
    await member.sign_in(lasuite_client)
    return member
