"""The plugin contract: what a plugin is, and what it declares."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lasuite.plugins._context import PluginContext

API_VERSION = "1.18.0"
"""Version of the plugin API this core provides (semver; additive within a major)."""

ORG_ROLES = ("owner", "admin", "member", "guest")
"""Organization roles, most powerful first."""

NON_GUEST_ROLES = ("owner", "admin", "member")
"""Organization roles but ``guest``: a permission's ``default_roles`` for what guests may not do."""

ADMIN_ROLES = ("owner", "admin")
"""Organization roles that administer it: ``default_roles`` for an admin permission."""

PLUGIN_ID = re.compile(r"^[a-z][a-z0-9]{1,30}$")
RESERVED_IDS = frozenset(
    {"core", "api", "auth", "admin", "ws", "workspace", "plugins", "static", "orgs", "me", "search"}
)


CORE_SLOTS = frozenset(
    {
        "app",
        "nav",
        "home.widget",
        "create.menu",
        "search.result",
        "settings.org",
        "notification",
        "public.page",
    }
)
"""UI slots of the workspace shell (v1); a breaking change makes a new slot name.
``public.page`` (API 1.4) is the page at ``/<plugin id>/…`` for visitors who are not
signed in (a meeting joined by link); its module is served to anyone."""

PUBLIC_PAGE = "public.page"


class PluginError(Exception):
    """A plugin broke a rule of the contract; ``fix`` tells its author what to do."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"{problem} (fix: {fix})")
        self.problem = problem
        self.fix = fix


@dataclass(frozen=True, slots=True, kw_only=True)
class Plugin:
    """A plugin's manifest and its ``setup`` function; the entry point names one.

    Example (``lasuite_hello/plugin.py``, entry point ``hello = "lasuite_hello.plugin:plugin"``
    in the group ``lasuite.plugins``)::

        from lasuite.plugins import Plugin, PluginContext

        def setup(ctx: PluginContext) -> None:
            ctx.add_routes(hello_router)

        plugin = Plugin(id="hello", name="Hello", requires_api=">=1.0,<2", setup=setup)

    The version is read from the distribution's metadata, never written here.
    """

    id: str
    name: str
    requires_api: str
    setup: Callable[[PluginContext], None]
    description: str = ""
    author: str = ""
    license: str = ""
    homepage: str = ""
    depends: Mapping[str, str] = field(default_factory=dict)
    uses: Mapping[str, str] = field(default_factory=dict)
    """Plugins this one works with when they are installed, without needing them (API
    1.7): set up before it, their services reached with ``ctx.optional(...)``. A plugin
    named here that is missing, broken or of another version is left out; nothing
    breaks."""
    names: Mapping[str, str] = field(default_factory=dict)
    """The name in other languages, by language code (API 1.18): the workspace shows the
    reader's in its navigation, home, search and administration (``{"fr": "Discussions"}``)."""
    descriptions: Mapping[str, str] = field(default_factory=dict)
    """The description in other languages, by language code (API 1.18)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Permission:
    """An action a plugin defines, ``<id>.<resource>.<action>``, and who gets it by default.

    Example::

        Permission(name="chat.channel.create", description="Create channels",
                   descriptions={"fr": "Créer des salons"},
                   default_roles=("owner", "admin", "member"))
    """

    name: str
    description: str
    """What it allows, in English: what the API and the workspace show when no
    translation in the reader's language is given."""
    default_roles: tuple[str, ...] = ()
    descriptions: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    """The description in other languages, by language code (API 1.8): the roles page
    shows the reader's (``{"fr": "Créer des salons"}``)."""

    def __post_init__(self) -> None:
        if len(self.name.split(".")) != 3 or not all(self.name.split(".")):
            raise PluginError(
                f"permission {self.name!r} is not named <id>.<resource>.<action>",
                "name it like 'chat.channel.create'",
            )
        unknown = set(self.default_roles) - set(ORG_ROLES)
        if unknown:
            raise PluginError(
                f"permission {self.name!r} grants unknown roles {sorted(unknown)}",
                f"use roles among {', '.join(ORG_ROLES)}",
            )

    @property
    def namespace(self) -> str:
        return self.name.split(".", 1)[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class Fragment:
    """A custom element the shell places in a named slot of the workspace.

    ``module`` is an ES module path inside the plugin's ``static`` directory that
    defines ``element``. Example::

        Fragment(slot="nav", element="chat-nav-entry", module="chat.js")
    """

    slot: str
    element: str
    module: str
