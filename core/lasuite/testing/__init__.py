"""The plugin test kit: what first-party plugin tests use, offered to third parties.

It is a pytest plugin (entry point ``pytest11``), so installing ``lasuite-core``
makes its fixtures available:

- ``lasuite_database_url``: a fresh database per test, SQLite by default and
  PostgreSQL too when ``LASUITE_TEST_DATABASE_URL`` is set (tests run on both);
- ``lasuite_settings``, ``lasuite_registry`` (every installed plugin),
  ``lasuite_app`` (migrated) and ``lasuite_client`` (an HTTP test client).
  ``lasuite_app`` has a runtime of its own (database, realtime, jobs, stores)
  on a route tree built once per session and lent to one test at a time
  (``lasuite_route_trees``): read it, never change it; a test that registers
  routes builds its own app with ``lasuite.app.create_app``;
- ``lasuite_registry`` loads only the plugins the ``lasuite_plugins`` ini option names
  (with those they depend on) when it is set: a plugin's own tests, alone;
- ``PluginContract``: the checks every plugin should pass, a test class to inherit
  (routes 404 where the plugin is switched off, migrations, organization-owned tables);
- ``make_member``: an organization member with a role, ready to sign in;
- ``wait_for_job(client, job_id, until="succeeded")``: poll a background job's status;
- ``open_socket(client)``: the app websocket as an :class:`AppSocket` (JSON frames,
  bounded waits), ``another_client(client)`` a second browser on the same app, and
  ``eventually(condition)`` to wait for something to hold;
- ``check_catalogs(catalogs_dir, sources_dir, namespace="hello")``: fail with every
  missing, empty, unused or misplaced message of a web UI's translation catalogs, and
  ``check_error_sentences(catalogs_dir, codes)`` unless every error code has its
  sentence (``<id>.error.<name>``) in each language;
- ``check_plugin_texts(record)``: fail unless the plugin gives its name, description,
  permissions and settings in French too;
- ``oidc_provider``: a local OIDC provider (:class:`LocalOIDCProvider`, signing in
  :class:`OIDCUser`), and ``lasuite_oidc_app`` an app signing in through it.

``lasuite_client`` and ``Member.sign_in`` make their client send the CSRF
token on unsafe requests; ``send_csrf_token(client)`` does it for a client of
your own.

Example::

    async def test_member_lists_rooms(lasuite_client, make_member):
        alice = await make_member(role="member")
        await alice.sign_in(lasuite_client)
        response = await lasuite_client.get("/api/v1/visio/rooms")
        assert response.status_code == 200
"""

from lasuite.testing.catalogs import check_catalogs, check_error_sentences
from lasuite.testing.contract import PluginContract
from lasuite.testing.csrf import send_csrf_token
from lasuite.testing.jobs import run_periodic_job, wait_for_job
from lasuite.testing.members import Member, MemberFactory
from lasuite.testing.oidc_provider import LocalOIDCProvider, OIDCUser
from lasuite.testing.plugin_texts import check_plugin_texts
from lasuite.testing.realtime import AppSocket, another_client, eventually, open_socket
from lasuite.testing.services import database_backends, require_service

__all__ = [
    "AppSocket",
    "LocalOIDCProvider",
    "Member",
    "MemberFactory",
    "OIDCUser",
    "PluginContract",
    "another_client",
    "check_catalogs",
    "check_error_sentences",
    "check_plugin_texts",
    "database_backends",
    "eventually",
    "open_socket",
    "require_service",
    "run_periodic_job",
    "send_csrf_token",
    "wait_for_job",
]
