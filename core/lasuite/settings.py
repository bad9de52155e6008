"""One typed settings object, read from ``LASUITE_*`` environment variables.

Every field has an embedded default so that ``lasuite run`` works on a fresh
machine with nothing installed: a SQLite file and local files under ``./var``.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Environment = Literal["embedded", "production"]


class Settings(BaseSettings):
    """The whole configuration of one lasuite process (see the README's table)."""

    model_config = SettingsConfigDict(env_prefix="LASUITE_", extra="ignore", frozen=True)

    var_dir: Path = Field(
        default=Path("var"),
        description="Directory for the embedded database, session files and uploads.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy async URL; empty means a SQLite file `<var_dir>/lasuite.db`.",
    )
    migrate_on_start: bool | None = Field(
        default=None,
        description="Run migrations when `lasuite run` starts; default: only on SQLite.",
    )
    host: str = Field(default="127.0.0.1", description="Address `lasuite run` listens on.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port `lasuite run` listens on.")
    public_url: str = Field(
        default="", description="URL users reach the workspace at; default http://host:port."
    )
    secret_key: str = Field(
        default="",
        description="Signs sessions; empty means a key generated once in `<var_dir>/secret_key`.",
    )
    debug: bool = Field(
        default=False, description="Tracebacks in error responses; never in production."
    )
    demo: bool | None = Field(
        default=None,
        description="Create a demo organization and owner on first start; default: on SQLite.",
    )
    disabled_plugins: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(),
        description="Comma-separated plugin ids never loaded on this installation.",
    )
    default_plugins: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset({"*"}),
        description="Comma-separated plugin ids enabled for new organizations; `*` means all.",
    )
    max_body_bytes: int = Field(
        default=1_048_576, ge=1024, description="Largest JSON request body accepted, in bytes."
    )

    @field_validator("disabled_plugins", "default_plugins", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    def default_plugin_ids(self, loaded: frozenset[str]) -> frozenset[str]:
        """The plugins a new organization starts with, among those loaded."""
        return loaded if "*" in self.default_plugins else loaded & self.default_plugins

    @property
    def database(self) -> str:
        """The database URL, with the embedded SQLite default filled in."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.var_dir / 'lasuite.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.database.startswith("sqlite")

    @property
    def environment(self) -> Environment:
        return "embedded" if self.is_sqlite else "production"

    @property
    def should_migrate_on_start(self) -> bool:
        return self.is_sqlite if self.migrate_on_start is None else self.migrate_on_start

    @property
    def should_create_demo(self) -> bool:
        return self.is_sqlite if self.demo is None else self.demo

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"

    def session_secret(self) -> bytes:
        """The secret signing sessions; generated once and kept in ``var_dir`` when unset."""
        if self.secret_key:
            return self.secret_key.encode()
        key_file = self.var_dir / "secret_key"
        if not key_file.exists():
            self.var_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        return key_file.read_text().strip().encode()
