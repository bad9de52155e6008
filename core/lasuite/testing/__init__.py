"""The plugin test kit: what first-party plugin tests use, offered to third parties.

It is a pytest plugin (entry point ``pytest11``), so installing ``lasuite-core``
makes its fixtures available:

- ``lasuite_database_url``: a fresh database per test, SQLite by default and
  PostgreSQL too when ``LASUITE_TEST_DATABASE_URL`` is set (tests run on both);
- ``lasuite_settings``, ``lasuite_registry`` (every installed plugin),
  ``lasuite_app`` (migrated) and ``lasuite_client`` (an HTTP test client);
- ``make_member``: an organization member with a role, ready to sign in.

Example::

    async def test_member_lists_rooms(lasuite_client, make_member):
        alice = await make_member(role="member")
        await alice.sign_in(lasuite_client)
        response = await lasuite_client.get("/api/v1/visio/rooms")
        assert response.status_code == 200
"""

from lasuite.testing.members import Member, MemberFactory
from lasuite.testing.services import database_backends, require_service

__all__ = ["Member", "MemberFactory", "database_backends", "require_service"]
